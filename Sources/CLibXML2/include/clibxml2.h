// clibxml2.h: tmkit's streaming XML parser over the system libxml2 (SAX2 push parser).
//
// The parser records SAX events into a flat buffer that Swift reads after each chunk, so no
// callback crosses into Swift and libxml2's types stay inside clibxml2.c. It never loads a
// DTD, never substitutes entities and never touches the network (XML_PARSE_NONET, no
// XML_PARSE_NOENT, no XML_PARSE_DTDLOAD); it prints nothing: errors come back as values.
#ifndef TMKIT_CLIBXML2_H
#define TMKIT_CLIBXML2_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tmk_xml_parser tmk_xml_parser;

enum {
    TMK_XML_START = 1,      // an element starts: name, attributes [first, first + count)
    TMK_XML_END = 2,        // an element ends: name
    TMK_XML_TEXT = 3,       // character data (CDATA included), adjacent runs merged
    TMK_XML_ENTITY = 4,     // a reference to an entity that was not expanded: name
    TMK_XML_PROBLEM = 5,    // a recoverable error (not a well-formedness one): name is the message
};

/// The error code of a document refused by tmkit itself (a DOCTYPE internal subset).
#define TMK_XML_REFUSED_DTD 20001
/// The error code of a document whose elements nest deeper than TMK_XML_MAX_DEPTH.
#define TMK_XML_TOO_DEEP 20002
/// Elements may nest this deep; no format tmkit reads comes near it.
#define TMK_XML_MAX_DEPTH 512
#define TMK_XML_STRING_(x) #x
#define TMK_XML_STRING(x) TMK_XML_STRING_(x)

/// One event. Offsets index the arena; `first`/`count` index the attributes.
typedef struct {
    int32_t kind;
    int32_t name;         // START, END, ENTITY: qualified name (prefix:local)
    int32_t name_length;
    int32_t first;        // START: first attribute; TEXT: text offset
    int32_t count;        // START: attribute count; TEXT: text length
    int32_t line;         // where the parser stood when the event was reported (1-based)
    int32_t column;
} tmk_xml_event;

typedef struct {
    int32_t name;         // qualified name (xml:lang)
    int32_t name_length;
    int32_t value;        // entity and character references resolved (predefined ones only)
    int32_t value_length;
} tmk_xml_attribute;

/// A new parser; `NULL` only when memory runs out.
tmk_xml_parser *_Nullable tmk_xml_parser_create(void);
void tmk_xml_parser_free(tmk_xml_parser *_Nullable parser);

/// Parses the next chunk of the document; `terminate` is 1 for the last (possibly empty).
/// Returns 0, or the libxml2 error code of the first fatal error (then see tmk_xml_error).
/// Events of this chunk are appended to those not yet cleared.
int32_t tmk_xml_parse(tmk_xml_parser *_Nonnull parser, const uint8_t *_Nullable bytes, int32_t length, int32_t terminate);

/// The events of one or more chunks, detached from the parser so that another thread can
/// read them while the parser goes on.
typedef struct tmk_xml_batch tmk_xml_batch;

/// The events recorded so far; the parser starts a new, empty batch. NULL if memory runs out.
tmk_xml_batch *_Nullable tmk_xml_take_batch(tmk_xml_parser *_Nonnull parser);
void tmk_xml_batch_free(tmk_xml_batch *_Nullable batch);

/// The batch the parser records into now (for reading events on the parser's own thread).
const tmk_xml_batch *_Nonnull tmk_xml_current_batch(const tmk_xml_parser *_Nonnull parser);

int32_t tmk_xml_event_count(const tmk_xml_batch *_Nonnull batch);
const tmk_xml_event *_Nullable tmk_xml_events(const tmk_xml_batch *_Nonnull batch);
const tmk_xml_attribute *_Nullable tmk_xml_attributes(const tmk_xml_batch *_Nonnull batch);
const uint8_t *_Nullable tmk_xml_arena(const tmk_xml_batch *_Nonnull batch);

/// Forgets the events of the current batch (call after consuming them).
void tmk_xml_clear_events(tmk_xml_parser *_Nonnull parser);

/// The first fatal error: its libxml2 code (0 if none), and through the pointers its line,
/// column and message (without a trailing newline; valid until the parser is freed).
int32_t tmk_xml_error(const tmk_xml_parser *_Nonnull parser, int32_t *_Nonnull line, int32_t *_Nonnull column,
                      const char *_Nullable *_Nonnull message);

/// The encoding libxml2 uses for the document (from a BOM or the declaration), or NULL.
const char *_Nullable tmk_xml_encoding(const tmk_xml_parser *_Nonnull parser);

/// The libxml2 version, e.g. "20914".
const char *_Nonnull tmk_xml_version(void);

#ifdef __cplusplus
}
#endif

#endif
