#include "cicu.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
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
    int mode; // 0: the UTF-8 UText; 1: UTF-16, all ASCII; 2: UTF-16 with blocks
};

// Paragraphs longer than this are iterated over UTF-8 directly: the copy stays bounded.
#define TMK_UTF16_LIMIT (1 << 20)

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
    *status = 0;
    return breaker;
}

void tmk_breaker_close(tmk_breaker *breaker) {
    if (breaker == NULL) return;
    ubrk_close(breaker->iterator);
    utext_close(&breaker->text);
    free(breaker->units);
    free(breaker->blocks);
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

int32_t tmk_regex_looking_at(tmk_regex *regex, int64_t start) {
    UErrorCode error = U_ZERO_ERROR;
    UBool found = uregex_lookingAt64(regex->regex, start, &error);
    return U_FAILURE(error) ? -(int32_t)error : (found ? 1 : 0);
}

int32_t tmk_regex_matches_range(tmk_regex *regex, int64_t start, int64_t end) {
    UErrorCode error = U_ZERO_ERROR;
    uregex_setRegion64(regex->regex, start, end, &error);
    uregex_useTransparentBounds(regex->regex, 1, &error);
    uregex_useAnchoringBounds(regex->regex, 0, &error);
    UBool found = uregex_matches64(regex->regex, -1, &error);
    return U_FAILURE(error) ? -(int32_t)error : (found ? 1 : 0);
}

int32_t tmk_regex_find_in_region(tmk_regex *regex, int64_t start, int64_t end) {
    UErrorCode error = U_ZERO_ERROR;
    uregex_setRegion64(regex->regex, start, end, &error);
    uregex_useTransparentBounds(regex->regex, 1, &error);
    uregex_useAnchoringBounds(regex->regex, 1, &error);
    UBool found = uregex_findNext(regex->regex, &error);
    uregex_useAnchoringBounds(regex->regex, 0, &error);
    return U_FAILURE(error) ? -(int32_t)error : (found ? 1 : 0);
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
