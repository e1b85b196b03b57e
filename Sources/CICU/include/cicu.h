// cicu.h: the only ICU surface tmkit sees.
//
// ICU's own headers are included only by cicu.c: their types clash with the copy of
// ICU that Foundation carries, and ICU renames every function with a version suffix
// (ubrk_open_72). This header therefore exposes opaque handles and plain C types.
#ifndef TMKIT_CICU_H
#define TMKIT_CICU_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// A sentence break iterator over UTF-8 text. Not thread-safe: one per thread.
typedef struct tmk_breaker tmk_breaker;

/// Opens a sentence break iterator for `locale` ("en", "ko", "" for root).
/// Returns NULL on failure and stores ICU's error code in `*status`.
tmk_breaker *_Nullable tmk_sentence_breaker_open(const char *_Nonnull locale, int32_t *_Nonnull status);

/// Closes an iterator opened by `tmk_sentence_breaker_open`.
void tmk_breaker_close(tmk_breaker *_Nullable breaker);

/// Points the iterator at `length` bytes of UTF-8, which must stay alive and unchanged while
/// boundaries are read. When the locale runs ICU's root rules and every character of the text
/// is one of the Basic Multilingual Plane other than Extend and Format (Sentence_Break), the
/// boundaries come from tmkit's implementation of those rules (UAX #29), with ICU's character
/// classes and without ICU's iterator; otherwise as `tmk_breaker_set_utf8_icu`. Returns 0 on
/// success, else ICU's error code.
int32_t tmk_breaker_set_utf8(tmk_breaker *_Nonnull breaker, const char *_Nonnull text, int64_t length);
/// Points ICU's iterator at `length` bytes of UTF-8. Well-formed text up to 1 MB is iterated as
/// a UTF-16 copy (ICU's native form; boundaries are still given as UTF-8 offsets); longer or
/// ill-formed text is read in place. Returns 0 on success, else ICU's error code.
int32_t tmk_breaker_set_utf8_icu(tmk_breaker *_Nonnull breaker, const char *_Nonnull text, int64_t length);
/// 1 when the breaker's locale runs ICU's root sentence rules, so that `tmk_breaker_set_utf8`
/// can find boundaries without ICU's iterator; 0 for a locale with rules of its own.
int32_t tmk_breaker_uses_own_rules(const tmk_breaker *_Nonnull breaker);
/// How the text last set is iterated (for tests): 0 ICU over UTF-8 in place, 1 ICU over an
/// all-ASCII UTF-16 copy, 2 ICU over a UTF-16 copy, 3 tmkit's rules a boundary at a time (over
/// 1 MB), 4 tmkit's rules with every boundary found when the text was set.
int32_t tmk_breaker_mode(const tmk_breaker *_Nonnull breaker);
/// ICU's Sentence_Break value of a code point (`USentenceBreak`), for tests.
int32_t tmk_test_sentence_break(uint32_t scalar);

/// The same over ICU's UTF-8 text, never converted to UTF-16 (what `tmk_breaker_set_utf8_icu`
/// does for paragraphs over 1 MB or ill-formed ones): tests hold the two paths to each other.
int32_t tmk_breaker_set_utf8_unconverted(tmk_breaker *_Nonnull breaker, const char *_Nonnull text, int64_t length);

/// The next boundary as a UTF-8 byte offset into the text, or -1 at the end.
int32_t tmk_breaker_next(tmk_breaker *_Nonnull breaker);

/// NFKC_Casefold of `length` bytes of UTF-8 into `output` (UTF-8, `capacity` bytes).
/// Returns the output length, or -1 on failure (invalid input, output too small).
int32_t tmk_nfkc_casefold(const char *_Nonnull text, int32_t length, char *_Nonnull output, int32_t capacity);

/// Writes ICU's version ("72.1") into `buffer` (at least 20 bytes).
void tmk_icu_version(char *_Nonnull buffer, int32_t capacity);

/// A compiled ICU regular expression with its own UTF-8 text. Not thread-safe: one per thread.
typedef struct tmk_regex tmk_regex;

/// Compiles `length` bytes of UTF-8 `pattern` in ICU syntax (no flags). Returns NULL on
/// failure, with ICU's error code in `*status`, and the 1-based line and 0-based offset in
/// that line of the error in `*error_line` and `*error_offset` (-1 when unknown).
tmk_regex *_Nullable tmk_regex_open(const char *_Nonnull pattern, int32_t length, int32_t *_Nonnull status,
                                    int32_t *_Nonnull error_line, int32_t *_Nonnull error_offset);

/// Closes a regular expression opened by `tmk_regex_open`.
void tmk_regex_close(tmk_regex *_Nullable regex);

/// Points the regex at `length` bytes of UTF-8 (not copied; keep it alive and unchanged).
/// Bounds are transparent and not anchoring: look-around sees the whole text, `^` matches
/// only at its start. Returns 0, or ICU's error code.
int32_t tmk_regex_set_utf8(tmk_regex *_Nonnull regex, const char *_Nonnull text, int64_t length);

/// Whether the regex matches text starting exactly at byte `start` (1 yes, 0 no, < 0 an ICU error).
int32_t tmk_regex_looking_at(tmk_regex *_Nonnull regex, int64_t start);

/// Whether the regex matches exactly the bytes `start..<end` (look-around still sees the
/// whole text). 1 yes, 0 no, < 0 an ICU error.
int32_t tmk_regex_matches_range(tmk_regex *_Nonnull regex, int64_t start, int64_t end);

/// Whether the regex finds a match inside the bytes `start..<end`, with anchoring bounds (`^`
/// and `$`, `\z` hold at the region's ends) and transparent ones (look-around sees past them).
/// 1 yes, 0 no, < 0 an ICU error.
int32_t tmk_regex_find_in_region(tmk_regex *_Nonnull regex, int64_t start, int64_t end);

/// The name of an ICU error code ("U_REGEX_RULE_SYNTAX").
const char *_Nonnull tmk_error_name(int32_t status);

/// Converts `length` bytes from `from_charset` to `to_charset` (ICU names), stopping at anything
/// that does not convert. Returns the bytes written, -1 for an unknown charset, -2 when
/// `capacity` is too small, -3 when a sequence does not convert (its offset in *error_offset).
int64_t tmk_convert(const char *_Nonnull from_charset, const char *_Nonnull to_charset, const char *_Nonnull input,
                    int64_t length, char *_Nonnull output, int64_t capacity, int64_t *_Nonnull error_offset);

#ifdef __cplusplus
}
#endif

#endif
