#include "clibxml2.h"

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct tmk_xml_batch {
    tmk_xml_event *events;
    int32_t event_count, event_capacity;
    tmk_xml_attribute *attributes;
    int32_t attribute_count, attribute_capacity;
    uint8_t *arena;
    int32_t arena_length, arena_capacity;
};

struct tmk_xml_parser {
    xmlParserCtxtPtr context;
    tmk_xml_batch *batch;  // where callbacks record events
    int32_t error_code, error_line, error_column;
    char *error_message;
    int32_t out_of_memory;
    int32_t depth;  // open elements
};

// MARK: Buffers

static int grow(void **buffer, int32_t *capacity, int32_t needed, size_t element) {
    if (needed <= *capacity) return 1;
    int64_t next = *capacity > 0 ? (int64_t)*capacity * 2 : 256;
    while (next < needed) next *= 2;
    if (next > INT32_MAX) return 0;
    void *grown = realloc(*buffer, (size_t)next * element);
    if (grown == NULL) return 0;
    *buffer = grown;
    *capacity = (int32_t)next;
    return 1;
}

static int32_t append_bytes(tmk_xml_parser *p, const xmlChar *bytes, int32_t length) {
    if (!grow((void **)&p->batch->arena, &p->batch->arena_capacity, p->batch->arena_length + length, 1)) {
        p->out_of_memory = 1;
        return -1;
    }
    int32_t offset = p->batch->arena_length;
    if (length > 0) memcpy(p->batch->arena + offset, bytes, (size_t)length);
    p->batch->arena_length += length;
    return offset;
}

// Appends prefix:local to the arena; returns the offset and stores the length.
static int32_t append_name(tmk_xml_parser *p, const xmlChar *prefix, const xmlChar *local, int32_t *length) {
    int32_t offset = p->batch->arena_length;
    int32_t total = 0;
    if (prefix != NULL) {
        int32_t n = (int32_t)strlen((const char *)prefix);
        if (append_bytes(p, prefix, n) < 0) return -1;
        if (append_bytes(p, (const xmlChar *)":", 1) < 0) return -1;
        total += n + 1;
    }
    int32_t n = (int32_t)strlen((const char *)local);
    if (append_bytes(p, local, n) < 0) return -1;
    *length = total + n;
    return offset;
}

static tmk_xml_event *new_event(tmk_xml_parser *p, int32_t kind, xmlParserCtxtPtr context) {
    if (!grow((void **)&p->batch->events, &p->batch->event_capacity, p->batch->event_count + 1, sizeof(tmk_xml_event))) {
        p->out_of_memory = 1;
        return NULL;
    }
    tmk_xml_event *event = &p->batch->events[p->batch->event_count++];
    memset(event, 0, sizeof(*event));
    event->kind = kind;
    event->line = xmlSAX2GetLineNumber(context);
    event->column = xmlSAX2GetColumnNumber(context);
    return event;
}

static tmk_xml_parser *parser_of(void *ctx) {
    return (tmk_xml_parser *)((xmlParserCtxtPtr)ctx)->_private;
}

// MARK: SAX callbacks (ctx is the parser context: its _private holds our state)

static void fail(xmlParserCtxtPtr context, int32_t code, const char *message);

static void on_start(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
                     int namespace_count, const xmlChar **namespaces, int attribute_count,
                     int defaulted_count, const xmlChar **attributes) {
    (void)uri; (void)namespace_count; (void)namespaces; (void)defaulted_count;
    tmk_xml_parser *p = parser_of(ctx);
    // libxml2 limits depth only when it builds a tree; a SAX parser would nest without end.
    if (++p->depth > TMK_XML_MAX_DEPTH) {
        fail((xmlParserCtxtPtr)ctx, TMK_XML_TOO_DEEP, "elements nested deeper than " TMK_XML_STRING(TMK_XML_MAX_DEPTH) " levels");
        return;
    }
    tmk_xml_event *event = new_event(p, TMK_XML_START, (xmlParserCtxtPtr)ctx);
    if (event == NULL) return;
    int32_t length = 0;
    event->name = append_name(p, prefix, local, &length);
    event->name_length = length;
    event->first = p->batch->attribute_count;
    event->count = attribute_count;
    if (!grow((void **)&p->batch->attributes, &p->batch->attribute_capacity, p->batch->attribute_count + attribute_count,
              sizeof(tmk_xml_attribute))) {
        p->out_of_memory = 1;
        event->count = 0;
        return;
    }
    for (int i = 0; i < attribute_count; i++) {
        const xmlChar **a = attributes + 5 * i;  // local, prefix, URI, value, end
        tmk_xml_attribute *attribute = &p->batch->attributes[p->batch->attribute_count++];
        int32_t name_length = 0;
        attribute->name = append_name(p, a[1], a[0], &name_length);
        attribute->name_length = name_length;
        int32_t value_length = (int32_t)(a[4] - a[3]);
        attribute->value = append_bytes(p, a[3], value_length);
        attribute->value_length = value_length;
    }
}

static void on_end(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri) {
    (void)uri;
    tmk_xml_parser *p = parser_of(ctx);
    p->depth--;
    tmk_xml_event *event = new_event(p, TMK_XML_END, (xmlParserCtxtPtr)ctx);
    if (event == NULL) return;
    int32_t length = 0;
    event->name = append_name(p, prefix, local, &length);
    event->name_length = length;
}

static void on_characters(void *ctx, const xmlChar *text, int length) {
    tmk_xml_parser *p = parser_of(ctx);
    if (p->batch->event_count > 0) {
        tmk_xml_event *last = &p->batch->events[p->batch->event_count - 1];
        // Text runs are appended to the arena in order, so a run right after the previous
        // one's bytes extends it.
        if (last->kind == TMK_XML_TEXT && last->first + last->count == p->batch->arena_length) {
            if (append_bytes(p, text, length) >= 0) last->count += length;
            return;
        }
    }
    tmk_xml_event *event = new_event(p, TMK_XML_TEXT, (xmlParserCtxtPtr)ctx);
    if (event == NULL) return;
    event->first = append_bytes(p, text, length);
    event->count = length;
}

static void on_reference(void *ctx, const xmlChar *name) {
    tmk_xml_parser *p = parser_of(ctx);
    tmk_xml_event *event = new_event(p, TMK_XML_ENTITY, (xmlParserCtxtPtr)ctx);
    if (event == NULL) return;
    int32_t length = 0;
    event->name = append_name(p, NULL, name, &length);
    event->name_length = length;
}

// libxml2's message as one line: line breaks inside it (the invalid UTF-8 error lists the bytes
// on a second line) become "; ", trailing ones go, and at most 300 bytes are kept (a message may
// quote input). Returns a malloc'ed string, NULL if memory runs out.
static char *one_line(const char *message) {
    size_t length = strlen(message);
    while (length > 0 && (message[length - 1] == '\n' || message[length - 1] == ' ')) length--;
    int truncated = length > 300;
    if (truncated) length = 300;
    char *line = malloc(length * 2 + 4);
    if (line == NULL) return NULL;
    size_t out = 0;
    for (size_t i = 0; i < length; i++) {
        if (message[i] == '\n' || message[i] == '\r') {
            while (out > 0 && line[out - 1] == ' ') out--;
            line[out++] = ';';
            line[out++] = ' ';
            while (i + 1 < length && message[i + 1] == ' ') i++;
        } else {
            line[out++] = message[i];
        }
    }
    if (truncated) {
        // A cut in the middle of a UTF-8 sequence would leave a broken character.
        while (out > 0 && ((unsigned char)line[out - 1] & 0xC0) == 0x80) out--;
        if (out > 0 && ((unsigned char)line[out - 1] & 0x80)) out--;
        line[out++] = '.'; line[out++] = '.'; line[out++] = '.';
    }
    line[out] = 0;
    return line;
}

static void on_structured_error(void *ctx, xmlErrorPtr error) {
    if (error == NULL || error->level < XML_ERR_ERROR) return;
    xmlParserCtxtPtr context = (xmlParserCtxtPtr)ctx;
    if (context == NULL || context->_private == NULL) return;
    tmk_xml_parser *p = (tmk_xml_parser *)context->_private;
    if (error->level == XML_ERR_ERROR) {
        // Recoverable (not a well-formedness error): reported as an event, parsing goes on.
        // An undeclared entity is also reported through on_reference; once is enough.
        if (error->code == XML_WAR_UNDECLARED_ENTITY || error->message == NULL) return;
        tmk_xml_event *event = new_event(p, TMK_XML_PROBLEM, context);
        if (event == NULL) return;
        char *line = one_line(error->message);
        if (line == NULL) { p->out_of_memory = 1; return; }
        int32_t length = (int32_t)strlen(line);
        event->name = append_bytes(p, (const xmlChar *)line, length);
        event->name_length = length;
        free(line);
        if (error->line > 0) event->line = error->line;
        if (error->int2 > 0) event->column = error->int2;
        return;
    }
    if (p->error_code != 0) return;
    p->error_code = error->code != 0 ? error->code : -1;
    p->error_line = error->line;
    p->error_column = error->int2;
    p->error_message = one_line(error->message != NULL ? error->message : "malformed XML");
}

// Records a fatal error of our own (the first one wins) and stops the parser.
static void fail(xmlParserCtxtPtr context, int32_t code, const char *message) {
    tmk_xml_parser *p = (tmk_xml_parser *)context->_private;
    if (p == NULL) return;
    if (p->error_code == 0) {
        p->error_code = code;
        p->error_line = xmlSAX2GetLineNumber(context);
        p->error_column = xmlSAX2GetColumnNumber(context);
        size_t length = strlen(message);
        p->error_message = malloc(length + 1);
        if (p->error_message != NULL) memcpy(p->error_message, message, length + 1);
    }
    xmlStopParser(context);
}

// <!DOCTYPE name SYSTEM "…"> alone is read and ignored; an internal subset ([ … ]) is refused
// before any declaration in it is parsed: no format tmkit reads needs one, and its entity
// declarations are how entity-expansion bombs work (libxml2 declares them even for a SAX
// parser without an entityDecl handler, for expat compatibility).
static void on_internal_subset(void *ctx, const xmlChar *name, const xmlChar *external_id, const xmlChar *system_id) {
    (void)name; (void)external_id; (void)system_id;
    xmlParserCtxtPtr context = (xmlParserCtxtPtr)ctx;
    if (context->input != NULL && context->input->cur != NULL && context->input->cur < context->input->end &&
        *context->input->cur == '[') {
        fail(context, TMK_XML_REFUSED_DTD,
             "a DOCTYPE with an internal subset ([...]) is not read: entity and other declarations are refused");
    }
}

// Never reached while internal subsets are refused; kept so that no declaration can ever be
// used, should a future libxml2 parse one anyway.
static void on_entity_declaration(void *ctx, const xmlChar *name, int type, const xmlChar *public_id,
                                  const xmlChar *system_id, xmlChar *content) {
    (void)name; (void)type; (void)public_id; (void)system_id; (void)content;
    fail((xmlParserCtxtPtr)ctx, TMK_XML_REFUSED_DTD, "entity declarations are refused");
}

static void ignore_message(void *ctx, const char *message, ...) {
    (void)ctx; (void)message;
}

static xmlSAXHandler handler_template(void) {
    xmlSAXHandler handler;
    memset(&handler, 0, sizeof(handler));
    handler.initialized = XML_SAX2_MAGIC;
    handler.startElementNs = on_start;
    handler.endElementNs = on_end;
    handler.characters = handler.ignorableWhitespace = handler.cdataBlock = on_characters;
    handler.reference = on_reference;
    handler.internalSubset = on_internal_subset;
    handler.entityDecl = on_entity_declaration;
    handler.serror = on_structured_error;
    // libxml2's own messages go nowhere: serror reports each error once, with its position.
    handler.warning = handler.error = handler.fatalError = ignore_message;
    // No getEntity, resolveEntity, externalSubset: nothing is ever loaded or expanded.
    return handler;
}

// MARK: API

tmk_xml_parser *tmk_xml_parser_create(void) {
    tmk_xml_parser *parser = calloc(1, sizeof(tmk_xml_parser));
    tmk_xml_batch *batch = calloc(1, sizeof(tmk_xml_batch));
    if (parser == NULL || batch == NULL) { // free(NULL) does nothing
        free(parser);
        free(batch);
        return NULL;
    }
    parser->batch = batch;
    return parser;
}

void tmk_xml_batch_free(tmk_xml_batch *batch) {
    if (batch == NULL) return;
    free(batch->events);
    free(batch->attributes);
    free(batch->arena);
    free(batch);
}

tmk_xml_batch *tmk_xml_take_batch(tmk_xml_parser *parser) {
    tmk_xml_batch *fresh = calloc(1, sizeof(tmk_xml_batch));
    if (fresh == NULL) return NULL;
    tmk_xml_batch *taken = parser->batch;
    parser->batch = fresh;
    return taken;
}

void tmk_xml_parser_free(tmk_xml_parser *parser) {
    if (parser == NULL) return;
    if (parser->context != NULL) {
        parser->context->_private = NULL;
        xmlFreeParserCtxt(parser->context);
    }
    tmk_xml_batch_free(parser->batch);
    free(parser->error_message);
    free(parser);
}

int32_t tmk_xml_parse(tmk_xml_parser *parser, const uint8_t *bytes, int32_t length, int32_t terminate) {
    if (parser->error_code != 0) return parser->error_code;
    // libxml2 reports some problems (I/O, encodings) through its global handlers: silence them.
    xmlSetGenericErrorFunc(NULL, ignore_message);
    xmlSetStructuredErrorFunc(NULL, NULL);
    if (parser->context == NULL) {
        xmlSAXHandler handler = handler_template();
        // The first bytes let libxml2 detect the encoding (BOM, UTF-16 without BOM, declaration).
        int32_t head = length < 4 ? length : 4;
        parser->context = xmlCreatePushParserCtxt(&handler, NULL, (const char *)bytes, head, NULL);
        if (parser->context == NULL) {
            parser->error_code = XML_ERR_NO_MEMORY;
            return parser->error_code;
        }
        parser->context->_private = parser;
        xmlCtxtUseOptions(parser->context, XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_COMPACT);
        bytes = bytes != NULL ? bytes + head : NULL;
        length -= head;
    }
    int result = xmlParseChunk(parser->context, (const char *)bytes, length, terminate);
    if (parser->out_of_memory && parser->error_code == 0) parser->error_code = XML_ERR_NO_MEMORY;
    if (result != 0 && parser->error_code == 0) {
        parser->error_code = result;
        parser->error_line = xmlSAX2GetLineNumber(parser->context);
        parser->error_column = xmlSAX2GetColumnNumber(parser->context);
    }
    if (parser->error_code == 0 && !parser->context->wellFormed) parser->error_code = -1;
    return parser->error_code;
}

int32_t tmk_xml_event_count(const tmk_xml_batch *batch) { return batch->event_count; }
const tmk_xml_event *tmk_xml_events(const tmk_xml_batch *batch) { return batch->events; }
const tmk_xml_attribute *tmk_xml_attributes(const tmk_xml_batch *batch) { return batch->attributes; }
const uint8_t *tmk_xml_arena(const tmk_xml_batch *batch) { return batch->arena; }

void tmk_xml_clear_events(tmk_xml_parser *parser) {
    parser->batch->event_count = 0;
    parser->batch->attribute_count = 0;
    parser->batch->arena_length = 0;
}

const tmk_xml_batch *tmk_xml_current_batch(const tmk_xml_parser *parser) { return parser->batch; }

int32_t tmk_xml_error(const tmk_xml_parser *parser, int32_t *line, int32_t *column, const char **message) {
    *line = parser->error_line;
    *column = parser->error_column;
    *message = parser->error_message;
    return parser->error_code;
}

const char *tmk_xml_encoding(const tmk_xml_parser *parser) {
    if (parser->context == NULL) return NULL;
    if (parser->context->encoding != NULL) return (const char *)parser->context->encoding;
    if (parser->context->input != NULL && parser->context->input->encoding != NULL)
        return (const char *)parser->context->input->encoding;
    return NULL;
}

const char *tmk_xml_version(void) { return xmlParserVersion; }
