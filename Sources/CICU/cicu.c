#include "cicu.h"

#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/uversion.h>

struct tmk_breaker {
    UBreakIterator *iterator;
    UText text; // reused for every paragraph: utext_openUTF8 re-initialises it in place
    // The paragraph in UTF-16, which ICU iterates natively: over a UTF-8 UText it converts
    // chunk by chunk itself, about a third of its time. Boundaries come back as UTF-16
    // indices, turned into UTF-8 offsets through `blocks` (the UTF-8 offset before every 64th
    // unit) and a walk of at most 63 units; an all-ASCII paragraph needs neither.
    UChar *units;
    int64_t unit_capacity;
    int32_t *blocks;
    int64_t block_capacity;
    // 0: the UTF-8 UText; 1: UTF-16, all ASCII; 2: UTF-16 with blocks; 3: tmkit's own rules, a
    // boundary at a time; 4: tmkit's own rules, every boundary found when the text was set
    int mode;
    // Whether the locale's sentence rules are ICU's root rules (those of UAX #29), which
    // `next_rule_boundary` implements: then text whose characters it covers never reaches ICU.
    int root_rules;
    const uint8_t *rule_text;
    int64_t rule_length;
    int64_t rule_position;
    int rule_before; // the class of the character before rule_position (SB_NONE at the start)
    int32_t *found; // mode 4: the boundaries of a paragraph of up to 1 MB, found at once
    int64_t found_count, found_capacity, found_next;
};

// MARK: - UAX #29 sentence boundaries over UTF-8, for text ICU's root rules would give the same

// Sentence_Break classes, ICU's own values (`USentenceBreak`), with two of tmkit's beside them:
// SB_NONE (before the start or past the end of the text) and SB_UNSUPPORTED, what the rules below
// do not cover (Extend and Format, which rule SB5 folds into the character before, any class a
// later Unicode adds, and every code point beyond the BMP): a text holding one goes to ICU.
enum {
    SB_OTHER = U_SB_OTHER, SB_ATERM = U_SB_ATERM, SB_STERM = U_SB_STERM, SB_CLOSE = U_SB_CLOSE,
    SB_LOWER = U_SB_LOWER, SB_UPPER = U_SB_UPPER, SB_OLETTER = U_SB_OLETTER, SB_NUMERIC = U_SB_NUMERIC,
    SB_SP = U_SB_SP, SB_SCONTINUE = U_SB_SCONTINUE, SB_SEP = U_SB_SEP, SB_CR = U_SB_CR, SB_LF = U_SB_LF,
    SB_NONE = 0x40, SB_UNSUPPORTED = 0x41
};

static uint8_t sb_classes[0x10000];
static pthread_once_t sb_classes_once = PTHREAD_ONCE_INIT;

static void sb_classes_fill(void) {
    for (UChar32 c = 0; c < 0x10000; c++) {
        int32_t value = u_getIntPropertyValue(c, UCHAR_SENTENCE_BREAK);
        int covered = value >= 0 && value <= U_SB_SCONTINUE && value != U_SB_EXTEND && value != U_SB_FORMAT;
        sb_classes[c] = covered ? (uint8_t)value : SB_UNSUPPORTED;
    }
    for (UChar32 c = 0xD800; c <= 0xDFFF; c++) sb_classes[c] = SB_UNSUPPORTED;
}

// The class of the character at `*i` (advanced past it), or SB_UNSUPPORTED for a character the
// rules do not cover or a byte sequence that is not well-formed UTF-8 of at most three bytes.
static inline int sb_class_at(const uint8_t *text, int64_t length, int64_t *i) {
    uint8_t lead = text[*i];
    if (lead < 0x80) {
        *i += 1;
        return sb_classes[lead];
    }
    if (lead >= 0xC2 && lead <= 0xDF) {
        if (*i + 1 >= length || (text[*i + 1] & 0xC0) != 0x80) return SB_UNSUPPORTED;
        uint32_t c = ((uint32_t)(lead & 0x1F) << 6) | (text[*i + 1] & 0x3F);
        *i += 2;
        return sb_classes[c];
    }
    if (lead >= 0xE0 && lead <= 0xEF) {
        if (*i + 2 >= length || (text[*i + 1] & 0xC0) != 0x80 || (text[*i + 2] & 0xC0) != 0x80) return SB_UNSUPPORTED;
        uint32_t c = ((uint32_t)(lead & 0x0F) << 12) | ((uint32_t)(text[*i + 1] & 0x3F) << 6) | (text[*i + 2] & 0x3F);
        if (c < 0x800) return SB_UNSUPPORTED; // overlong
        *i += 3;
        return sb_classes[c]; // surrogates are SB_UNSUPPORTED in the table
    }
    return SB_UNSUPPORTED;
}

// Whether every character of the text is one the rules cover (then ICU is not needed).
static int sb_covers(const uint8_t *text, int64_t length) {
    int64_t i = 0;
    while (i < length) {
        if (i + 8 <= length) {
            uint64_t chunk;
            memcpy(&chunk, text + i, 8);
            if ((chunk & 0x8080808080808080ULL) == 0) {
                i += 8;
                continue;
            }
        }
        if (sb_class_at(text, length, &i) == SB_UNSUPPORTED) return 0;
    }
    return 1;
}

#define SB_ONES 0x0101010101010101ULL
#define SB_HIGHS 0x8080808080808080ULL

// Whether an eight-byte chunk holds a byte that is not ASCII or is one of `.`, `!`, `?`, CR and
// LF (the classic any-zero-byte test on the chunk XOR each stop byte, exact for "any").
static inline int sb_has_stop(uint64_t chunk) {
#define SB_ZERO(v) (((v) - SB_ONES) & ~(v) & SB_HIGHS)
    uint64_t found = (chunk & SB_HIGHS) | SB_ZERO(chunk ^ (SB_ONES * '.')) | SB_ZERO(chunk ^ (SB_ONES * '!'))
        | SB_ZERO(chunk ^ (SB_ONES * '?')) | SB_ZERO(chunk ^ (SB_ONES * '\n')) | SB_ZERO(chunk ^ (SB_ONES * '\r'));
#undef SB_ZERO
    return found != 0;
}

static inline int sb_is_parasep(int c) { return c == SB_SEP || c == SB_CR || c == SB_LF; }
static inline int sb_is_saterm(int c) { return c == SB_ATERM || c == SB_STERM; }

// The class of the character at `i` without moving (SB_NONE at the end).
static inline int sb_peek(const uint8_t *text, int64_t length, int64_t i, int64_t *next) {
    *next = i;
    if (i >= length) return SB_NONE;
    return sb_class_at(text, length, next);
}

// The next boundary after the breaker's position (UAX #29 rules SB3-SB11 and SB998 on
// characters without Extend or Format), -1 after the end, or -2 at a character the rules do not
// cover (the text then goes to ICU). Breaks happen only after a
// paragraph separator (SB4) and after `SATerm Close* Sp* ParaSep?` (SB11) unless SB6, SB7, SB8
// or SB8a hold there; SB9 and SB10 keep the Close and Sp run with its terminator.
static int32_t next_rule_boundary(tmk_breaker *breaker) {
    const uint8_t *text = breaker->rule_text;
    int64_t length = breaker->rule_length, i = breaker->rule_position;
    int before = breaker->rule_before;
    if (i >= length) return -1;
    while (i < length) {
        // Runs of ASCII that hold no terminator or separator (`.`, `!`, `?`, CR, LF) move on
        // eight bytes at a time: only the class of their last character matters.
        if (text[i] < 0x80 && i + 8 <= length) {
            int64_t start = i;
            while (i + 8 <= length) {
                uint64_t chunk;
                memcpy(&chunk, text + i, 8);
                if (sb_has_stop(chunk)) break;
                i += 8;
            }
            if (i > start) before = sb_classes[text[i - 1]];
            if (i >= length) break;
        }
        int64_t j = i;
        int c = sb_class_at(text, length, &j);
        if (c == SB_UNSUPPORTED) return -2;
        if (c == SB_CR) {
            if (j < length && text[j] == '\n') j++;
            breaker->rule_position = j;
            breaker->rule_before = SB_LF;
            return (int32_t)j;
        }
        if (c == SB_LF || c == SB_SEP) {
            breaker->rule_position = j;
            breaker->rule_before = c;
            return (int32_t)j;
        }
        if (!sb_is_saterm(c)) {
            before = c;
            i = j;
            continue;
        }
        // A terminator: SB6 and SB7 right after an ATerm.
        int64_t k = j, after;
        int d = sb_peek(text, length, k, &after);
        if (d == SB_UNSUPPORTED) return -2;
        if (c == SB_ATERM && (d == SB_NUMERIC || (d == SB_UPPER && (before == SB_UPPER || before == SB_LOWER)))) {
            before = c;
            i = j;
            continue;
        }
        // SB9, SB10: the Close run, then the Sp run, stay with it.
        int last = c;
        while (d == SB_CLOSE) { last = d; k = after; d = sb_peek(text, length, k, &after); }
        while (d == SB_SP) { last = d; k = after; d = sb_peek(text, length, k, &after); }
        if (d == SB_UNSUPPORTED) return -2;
        if (sb_is_parasep(d)) {
            // SB11 with its ParaSep (CR LF together, SB3).
            k = after;
            if (d == SB_CR && k < length && text[k] == '\n') k++;
            breaker->rule_position = k;
            breaker->rule_before = d == SB_CR ? SB_LF : d;
            return (int32_t)k;
        }
        if (d == SB_NONE) {
            // The end of the text (SB2).
            breaker->rule_position = length;
            breaker->rule_before = last;
            return (int32_t)length;
        }
        // SB8a: a continuation or another terminator follows.
        int holds = d == SB_SCONTINUE || sb_is_saterm(d);
        if (!holds && c == SB_ATERM) {
            // SB8: the next letter, terminator or separator is a lower-case letter.
            int64_t m = k;
            int e = SB_NONE;
            while (m < length) {
                e = sb_class_at(text, length, &m);
                if (e == SB_UNSUPPORTED) return -2;
                if (e == SB_OLETTER || e == SB_UPPER || e == SB_LOWER || sb_is_parasep(e) || sb_is_saterm(e)) break;
                e = SB_NONE;
            }
            holds = e == SB_LOWER;
        }
        before = last;
        i = k;
        if (!holds) {
            breaker->rule_position = k;
            breaker->rule_before = last;
            return (int32_t)k;
        }
    }
    breaker->rule_position = length;
    breaker->rule_before = before;
    return (int32_t)length;
}

// Paragraphs longer than this are iterated over UTF-8 directly: the copy stays bounded.
#define TMK_UTF16_LIMIT (1 << 20)

// Whether `iterator` runs ICU's root sentence rules, compiled: a locale with a tailoring of its
// own (Greek's question mark, `@ss=` suppressions) does not, and keeps ICU for every text.
static int same_rules_as_root(UBreakIterator *iterator) {
    UErrorCode error = U_ZERO_ERROR;
    UBreakIterator *root = ubrk_open(UBRK_SENTENCE, "", NULL, 0, &error);
    if (U_FAILURE(error)) return 0;
    int same = 0;
    int32_t length = ubrk_getBinaryRules(iterator, NULL, 0, &error);
    UErrorCode rootError = U_ZERO_ERROR;
    int32_t rootLength = ubrk_getBinaryRules(root, NULL, 0, &rootError);
    if (U_SUCCESS(error) && U_SUCCESS(rootError) && length > 0 && length == rootLength) {
        uint8_t *mine = malloc((size_t)length), *theirs = malloc((size_t)length);
        if (mine != NULL && theirs != NULL) {
            ubrk_getBinaryRules(iterator, mine, length, &error);
            ubrk_getBinaryRules(root, theirs, length, &rootError);
            same = U_SUCCESS(error) && U_SUCCESS(rootError) && memcmp(mine, theirs, (size_t)length) == 0;
        }
        free(mine);
        free(theirs);
    }
    ubrk_close(root);
    return same;
}

tmk_breaker *tmk_sentence_breaker_open(const char *locale, int32_t *status) {
    UErrorCode error = U_ZERO_ERROR;
    tmk_breaker *breaker = calloc(1, sizeof(tmk_breaker));
    if (breaker == NULL) {
        *status = U_MEMORY_ALLOCATION_ERROR;
        return NULL;
    }
    UText initial = UTEXT_INITIALIZER;
    breaker->text = initial;
    breaker->iterator = ubrk_open(UBRK_SENTENCE, locale, NULL, 0, &error);
    if (U_FAILURE(error)) {
        *status = error;
        free(breaker);
        return NULL;
    }
    breaker->root_rules = same_rules_as_root(breaker->iterator);
    if (breaker->root_rules) pthread_once(&sb_classes_once, sb_classes_fill);
    *status = 0;
    return breaker;
}

int32_t tmk_breaker_uses_own_rules(const tmk_breaker *breaker) { return breaker->root_rules; }

int32_t tmk_breaker_mode(const tmk_breaker *breaker) { return breaker->mode; }

int32_t tmk_test_sentence_break(uint32_t scalar) { return u_getIntPropertyValue((UChar32)scalar, UCHAR_SENTENCE_BREAK); }

void tmk_breaker_close(tmk_breaker *breaker) {
    if (breaker == NULL) return;
    ubrk_close(breaker->iterator);
    utext_close(&breaker->text);
    free(breaker->units);
    free(breaker->blocks);
    free(breaker->found);
    free(breaker);
}

static int32_t set_utf8_text(tmk_breaker *breaker, const char *text, int64_t length) {
    UErrorCode error = U_ZERO_ERROR;
    utext_openUTF8(&breaker->text, text, length, &error);
    if (U_FAILURE(error)) return error;
    ubrk_setUText(breaker->iterator, &breaker->text, &error);
    breaker->mode = 0;
    return U_FAILURE(error) ? error : 0;
}

// The UTF-8 bytes a UTF-16 unit stands for, a pair's four counted at its first unit.
static inline int32_t utf8_length_of_unit(UChar unit) {
    if (unit < 0x80) return 1;
    if (unit < 0x800) return 2;
    if (unit >= 0xD800 && unit <= 0xDBFF) return 4;
    if (unit >= 0xDC00 && unit <= 0xDFFF) return 0;
    return 3;
}

int32_t tmk_breaker_set_utf8(tmk_breaker *breaker, const char *text, int64_t length) {
    if (!breaker->root_rules || length > INT32_MAX) return tmk_breaker_set_utf8_icu(breaker, text, length);
    breaker->rule_text = (const uint8_t *)text;
    breaker->rule_length = length;
    breaker->rule_position = 0;
    breaker->rule_before = SB_NONE;
    if (length > TMK_UTF16_LIMIT) {
        // A long paragraph: checked first, then its boundaries found as they are asked for.
        if (!sb_covers((const uint8_t *)text, length)) return tmk_breaker_set_utf8_icu(breaker, text, length);
        breaker->mode = 3;
        return 0;
    }
    // Up to 1 MB: every boundary found now, in one pass that gives up at the first character
    // the rules do not cover (at most one boundary a byte, a run of line feeds: 4 MB of offsets,
    // kept for the breaker's next paragraphs).
    breaker->found_count = 0;
    breaker->found_next = 0;
    while (1) {
        int32_t boundary = next_rule_boundary(breaker);
        if (boundary == -1) break;
        if (boundary == -2) return tmk_breaker_set_utf8_icu(breaker, text, length);
        if (breaker->found_count == breaker->found_capacity) {
            int64_t capacity = breaker->found_capacity < 64 ? 64 : breaker->found_capacity * 2;
            int32_t *found = realloc(breaker->found, sizeof(int32_t) * (size_t)capacity);
            if (found == NULL) return tmk_breaker_set_utf8_icu(breaker, text, length);
            breaker->found = found;
            breaker->found_capacity = capacity;
        }
        breaker->found[breaker->found_count++] = boundary;
    }
    breaker->mode = 4;
    return 0;
}

int32_t tmk_breaker_set_utf8_icu(tmk_breaker *breaker, const char *text, int64_t length) {
    if (length > TMK_UTF16_LIMIT) return set_utf8_text(breaker, text, length);
    if (breaker->unit_capacity < length + 1) {
        UChar *units = realloc(breaker->units, sizeof(UChar) * (size_t)(length + 1));
        if (units == NULL) return set_utf8_text(breaker, text, length);
        breaker->units = units;
        breaker->unit_capacity = length + 1;
    }
    // ICU's own converter; ill-formed UTF-8 fails it and is then read in place, as before.
    UErrorCode converted = U_ZERO_ERROR;
    int32_t count = 0;
    u_strFromUTF8(breaker->units, (int32_t)breaker->unit_capacity, &count, text, (int32_t)length, &converted);
    if (U_FAILURE(converted)) return set_utf8_text(breaker, text, length);
    int ascii = count == length;  // as many UTF-16 units as bytes only when every byte is ASCII
    if (!ascii) {
        int64_t blocks = count / 64 + 1;
        if (breaker->block_capacity < blocks) {
            int32_t *table = realloc(breaker->blocks, sizeof(int32_t) * (size_t)blocks);
            if (table == NULL) return set_utf8_text(breaker, text, length);
            breaker->blocks = table;
            breaker->block_capacity = blocks;
        }
        int32_t offset = 0;
        for (int32_t k = 0; k < count; k++) {
            if ((k & 63) == 0) breaker->blocks[k >> 6] = offset;
            offset += utf8_length_of_unit(breaker->units[k]);
        }
        if ((count & 63) == 0) breaker->blocks[count >> 6] = offset;  // the end, when it starts a block
    }
    UErrorCode error = U_ZERO_ERROR;
    ubrk_setText(breaker->iterator, breaker->units, count, &error);
    if (U_FAILURE(error)) return set_utf8_text(breaker, text, length);
    breaker->mode = ascii ? 1 : 2;
    return 0;
}

int32_t tmk_breaker_set_utf8_unconverted(tmk_breaker *breaker, const char *text, int64_t length) {
    return set_utf8_text(breaker, text, length);
}

int32_t tmk_breaker_next(tmk_breaker *breaker) {
    if (breaker->mode == 4) return breaker->found_next < breaker->found_count ? breaker->found[breaker->found_next++] : -1;
    if (breaker->mode == 3) {
        int32_t boundary = next_rule_boundary(breaker);
        if (boundary != -2) return boundary;
        // Not reached (the text was checked whole first); should it be, the rest is one sentence.
        if (breaker->rule_position >= breaker->rule_length) return -1;
        breaker->rule_position = breaker->rule_length;
        return (int32_t)breaker->rule_length;
    }
    int32_t boundary = ubrk_next(breaker->iterator);
    if (boundary == UBRK_DONE || breaker->mode != 2) return boundary;
    int32_t offset = breaker->blocks[boundary >> 6];
    for (int32_t k = boundary & ~63; k < boundary; k++) offset += utf8_length_of_unit(breaker->units[k]);
    return offset;
}

void tmk_icu_version(char *buffer, int32_t capacity) {
    UVersionInfo info;
    char text[U_MAX_VERSION_STRING_LENGTH];
    u_getVersion(info);
    u_versionToString(info, text);
    strncpy(buffer, text, (size_t)capacity - 1);
    buffer[capacity - 1] = 0;
}

int32_t tmk_nfkc_casefold(const char *text, int32_t length, char *output, int32_t capacity) {
    UErrorCode error = U_ZERO_ERROR;
    const UNormalizer2 *normalizer = unorm2_getNFKCCasefoldInstance(&error);
    if (U_FAILURE(error)) return -1;
    UChar stack_in[256], stack_out[512];
    UChar *in = stack_in, *out = stack_out;
    int32_t in_capacity = 256, out_capacity = 512, in_length = 0, result = -1;
    u_strFromUTF8(in, in_capacity, &in_length, text, length, &error);
    if (error == U_BUFFER_OVERFLOW_ERROR) {
        error = U_ZERO_ERROR;
        in_capacity = in_length + 1;
        in = malloc(sizeof(UChar) * (size_t)in_capacity);
        if (in == NULL) return -1;
        u_strFromUTF8(in, in_capacity, &in_length, text, length, &error);
    }
    if (U_FAILURE(error)) goto done;
    int32_t out_length = unorm2_normalize(normalizer, in, in_length, out, out_capacity, &error);
    if (error == U_BUFFER_OVERFLOW_ERROR) {
        error = U_ZERO_ERROR;
        out_capacity = out_length + 1;
        out = malloc(sizeof(UChar) * (size_t)out_capacity);
        if (out == NULL) goto done;
        out_length = unorm2_normalize(normalizer, in, in_length, out, out_capacity, &error);
    }
    if (U_FAILURE(error)) goto done;
    int32_t written = 0;
    u_strToUTF8(output, capacity, &written, out, out_length, &error);
    if (U_SUCCESS(error) && error != U_STRING_NOT_TERMINATED_WARNING && written <= capacity) result = written;
    else if (error == U_STRING_NOT_TERMINATED_WARNING) result = written;
done:
    if (in != stack_in) free(in);
    if (out != stack_out) free(out);
    return result;
}

// MARK: - Regular expressions

#include <unicode/uregex.h>

struct tmk_regex {
    URegularExpression *regex;
    UText text; // reused: utext_openUTF8 re-initialises it in place
};

tmk_regex *tmk_regex_open(const char *pattern, int32_t length, int32_t *status, int32_t *error_line,
                          int32_t *error_offset) {
    UErrorCode error = U_ZERO_ERROR;
    UParseError parse;
    memset(&parse, 0, sizeof parse);
    parse.line = -1;
    parse.offset = -1;
    *error_line = -1;
    *error_offset = -1;
    tmk_regex *regex = calloc(1, sizeof(tmk_regex));
    if (regex == NULL) {
        *status = U_MEMORY_ALLOCATION_ERROR;
        return NULL;
    }
    UText initial = UTEXT_INITIALIZER;
    regex->text = initial;
    UText source = UTEXT_INITIALIZER;
    utext_openUTF8(&source, pattern, length, &error);
    if (U_SUCCESS(error)) regex->regex = uregex_openUText(&source, 0, &parse, &error);
    utext_close(&source);
    if (U_FAILURE(error)) {
        *status = error;
        *error_line = parse.line;
        *error_offset = parse.offset;
        free(regex);
        return NULL;
    }
    *status = 0;
    return regex;
}

void tmk_regex_close(tmk_regex *regex) {
    if (regex == NULL) return;
    uregex_close(regex->regex);
    utext_close(&regex->text);
    free(regex);
}

int32_t tmk_regex_set_utf8(tmk_regex *regex, const char *text, int64_t length) {
    UErrorCode error = U_ZERO_ERROR;
    utext_openUTF8(&regex->text, text, length, &error);
    if (U_FAILURE(error)) return error;
    uregex_setUText(regex->regex, &regex->text, &error);
    if (U_FAILURE(error)) return error;
    uregex_useTransparentBounds(regex->regex, 1, &error);
    uregex_useAnchoringBounds(regex->regex, 0, &error);
    return U_FAILURE(error) ? error : 0;
}

// 1 when found, 0 when not, minus the ICU error code on failure.
static int32_t found_or_error(UBool found, UErrorCode error) {
    return U_FAILURE(error) ? -(int32_t)error : (found ? 1 : 0);
}

int32_t tmk_regex_looking_at(tmk_regex *regex, int64_t start) {
    UErrorCode error = U_ZERO_ERROR;
    UBool found = uregex_lookingAt64(regex->regex, start, &error);
    return found_or_error(found, error);
}

// Limits matching to [start, end): lookaround sees past the bounds (transparent); `anchoring`
// says whether ^ and $ match at them.
static void set_region(tmk_regex *regex, int64_t start, int64_t end, UBool anchoring, UErrorCode *error) {
    uregex_setRegion64(regex->regex, start, end, error);
    uregex_useTransparentBounds(regex->regex, 1, error);
    uregex_useAnchoringBounds(regex->regex, anchoring, error);
}

int32_t tmk_regex_matches_range(tmk_regex *regex, int64_t start, int64_t end) {
    UErrorCode error = U_ZERO_ERROR;
    set_region(regex, start, end, 0, &error);
    UBool found = uregex_matches64(regex->regex, -1, &error);
    return found_or_error(found, error);
}

int32_t tmk_regex_find_in_region(tmk_regex *regex, int64_t start, int64_t end) {
    UErrorCode error = U_ZERO_ERROR;
    set_region(regex, start, end, 1, &error);
    UBool found = uregex_findNext(regex->regex, &error);
    uregex_useAnchoringBounds(regex->regex, 0, &error);
    return found_or_error(found, error);
}

const char *tmk_error_name(int32_t status) {
    return u_errorName((UErrorCode)status);
}

// ---- Character set conversion (ucnv), for pages in legacy encodings ----

#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>

/// Converts between `from_charset` and `to_charset` (ICU converter names; "UTF-8" for UTF-8),
/// stopping at the first byte sequence that does not convert: returns the length written, or
/// -1 for an unknown charset, -2 when `capacity` is too small (the caller retries larger), -3
/// when something does not convert (its input offset in *error_offset).
int64_t tmk_convert(const char *from_charset, const char *to_charset, const char *input, int64_t length,
                    char *output, int64_t capacity, int64_t *error_offset) {
    UErrorCode status = U_ZERO_ERROR;
    *error_offset = -1;
    UConverter *from = ucnv_open(from_charset, &status);
    if (U_FAILURE(status)) return -1;
    UConverter *to = ucnv_open(to_charset, &status);
    if (U_FAILURE(status)) {
        ucnv_close(from);
        return -1;
    }
    ucnv_setToUCallBack(from, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &status);
    ucnv_setFromUCallBack(to, UCNV_FROM_U_CALLBACK_STOP, NULL, NULL, NULL, &status);
    const char *source = input;
    char *target = output;
    UChar pivot[1024];
    UChar *pivotSource = pivot, *pivotTarget = pivot;
    status = U_ZERO_ERROR;
    ucnv_convertEx(to, from, &target, output + capacity, &source, input + length, pivot, &pivotSource, &pivotTarget,
                   pivot + 1024, 1, 1, &status);
    int64_t written = (int64_t)(target - output);
    ucnv_close(from);
    ucnv_close(to);
    if (status == U_BUFFER_OVERFLOW_ERROR) return -2;
    if (U_FAILURE(status)) {
        *error_offset = (int64_t)(source - input);
        return -3;
    }
    return written;
}
