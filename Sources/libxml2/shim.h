// The system libxml2 (libxml2-dev), found through pkg-config (libxml-2.0). Only CLibXML2 uses it.
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
