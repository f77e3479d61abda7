/*
 * xml_out.h - a thin layer over libxml2's xmlTextWriter for the exporters
 * (private to src/emit).
 *
 * libxml2 does all escaping.  The first failing call makes the writer
 * sticky-failed, so renderers write a whole document and check once, in
 * xml_out_finish().  Text that XML 1.0 cannot carry (control characters,
 * invalid UTF-8) is written with U+FFFD in its place, so every document is
 * well-formed whatever the database holds.
 *
 * Memory ownership: an XmlOut owns its libxml2 writer, buffer and scratch
 * arena; xml_out_finish() releases them all (on success and on failure).
 */
#ifndef PGSTAGE_XML_OUT_H
#define PGSTAGE_XML_OUT_H

#include <stdbool.h>

#include "pgstage/pgstage.h"
#include "util/strbuf.h"

typedef struct XmlOut XmlOut;

/* Starts a document (XML declaration, UTF-8, indented). */
XmlOut *xml_out_new(void);
/* Ends the document; on success appends it to `out`.  Frees `x`. */
int xml_out_finish(XmlOut *x, StrBuf *out, PgsError *err);

void xml_start(XmlOut *x, const char *name);
void xml_end(XmlOut *x);
/* Attributes of the element just started; NULL values are left out. */
void xml_attr(XmlOut *x, const char *name, const char *value);
void xml_attr_bool(XmlOut *x, const char *name, bool value);
void xml_attr_long(XmlOut *x, const char *name, long long value);
void xml_attr_double(XmlOut *x, const char *name, double value);
/* Character content of the current element. */
void xml_text(XmlOut *x, const char *text);
/* <name>text</name>; nothing when text is NULL. */
void xml_elem(XmlOut *x, const char *name, const char *text);

#endif
