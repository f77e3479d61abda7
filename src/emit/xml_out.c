/*
 * xml_out.c - sticky-error wrapper over xmlTextWriter; see xml_out.h.
 * Memory ownership: see xml_out.h; libxml2 objects never leave this file.
 */
#include "emit/xml_out.h"
#include "util/arena.h"

#include <libxml/xmlwriter.h>
#include <stdint.h>
#include <stdio.h>

struct XmlOut {
	xmlBufferPtr buf;
	xmlTextWriterPtr w;
	StrBuf scratch;         /* sanitized copy of the text being written */
	bool failed;
};

static void check(XmlOut *x, int rc)
{
	if (rc < 0)
		x->failed = true;
}

XmlOut *xml_out_new(void)
{
	XmlOut *x = xcalloc(1, sizeof *x);
	strbuf_init(&x->scratch);
	x->buf = xmlBufferCreate();
	x->w = x->buf ? xmlNewTextWriterMemory(x->buf, 0) : NULL;
	if (!x->w) {
		x->failed = true;
		return x;
	}
	check(x, xmlTextWriterSetIndent(x->w, 1));
	check(x, xmlTextWriterSetIndentString(x->w, BAD_CAST "  "));
	check(x, xmlTextWriterStartDocument(x->w, "1.0", "UTF-8", NULL));
	return x;
}

int xml_out_finish(XmlOut *x, StrBuf *out, PgsError *err)
{
	if (!x->failed)
		check(x, xmlTextWriterEndDocument(x->w));
	if (x->w)
		xmlFreeTextWriter(x->w); /* flushes into buf */
	bool ok = !x->failed && x->buf;
	if (ok)
		strbuf_add(out, (const char *) xmlBufferContent(x->buf), (size_t) xmlBufferLength(x->buf));
	if (x->buf)
		xmlBufferFree(x->buf);
	strbuf_release(&x->scratch);
	free(x);
	return ok ? 0 : pgs_error_set(err, PGSTAGE_EGENERIC, "libxml2 could not write the xml document");
}

/* Length of the UTF-8 sequence at s holding a character XML 1.0 allows,
 * or 0 when it is invalid UTF-8 or a character XML cannot carry. */
static size_t xml_char_len(const unsigned char *s)
{
	uint32_t cp;
	size_t n;
	if (s[0] < 0x80) {
		cp = s[0];
		n = 1;
	} else if ((s[0] & 0xE0) == 0xC0) {
		cp = s[0] & 0x1F;
		n = 2;
	} else if ((s[0] & 0xF0) == 0xE0) {
		cp = s[0] & 0x0F;
		n = 3;
	} else if ((s[0] & 0xF8) == 0xF0) {
		cp = s[0] & 0x07;
		n = 4;
	} else {
		return 0;
	}
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0; /* also stops at the terminating NUL */
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	static const uint32_t min_for_len[] = {0, 0, 0x80, 0x800, 0x10000};
	if (cp < min_for_len[n]) /* overlong encoding */
		return 0;
	bool allowed = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
		       (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
	return allowed ? n : 0;
}

/* `s` itself when XML can carry it as is, else a copy in x->scratch with
 * U+FFFD for each byte that it cannot. */
static const xmlChar *safe_text(XmlOut *x, const char *s)
{
	const unsigned char *p = (const unsigned char *) s;
	size_t n;
	while (*p && (n = xml_char_len(p)) != 0)
		p += n;
	if (!*p)
		return BAD_CAST s;
	strbuf_reset(&x->scratch);
	strbuf_add(&x->scratch, s, (size_t) ((const char *) p - s));
	while (*p) {
		n = xml_char_len(p);
		if (n) {
			strbuf_add(&x->scratch, (const char *) p, n);
			p += n;
		} else {
			strbuf_puts(&x->scratch, "\xEF\xBF\xBD");
			p++;
		}
	}
	return BAD_CAST x->scratch.buf;
}

void xml_start(XmlOut *x, const char *name)
{
	if (!x->failed)
		check(x, xmlTextWriterStartElement(x->w, BAD_CAST name));
}

void xml_end(XmlOut *x)
{
	if (!x->failed)
		check(x, xmlTextWriterEndElement(x->w));
}

void xml_attr(XmlOut *x, const char *name, const char *value)
{
	if (!x->failed && value)
		check(x, xmlTextWriterWriteAttribute(x->w, BAD_CAST name, safe_text(x, value)));
}

void xml_attr_bool(XmlOut *x, const char *name, bool value)
{
	xml_attr(x, name, value ? "true" : "false");
}

void xml_attr_long(XmlOut *x, const char *name, long long value)
{
	char num[32];
	snprintf(num, sizeof num, "%lld", value);
	xml_attr(x, name, num);
}

void xml_attr_double(XmlOut *x, const char *name, double value)
{
	char num[64];
	snprintf(num, sizeof num, "%.3f", value);
	xml_attr(x, name, num);
}

void xml_text(XmlOut *x, const char *text)
{
	if (!x->failed && text)
		check(x, xmlTextWriterWriteString(x->w, safe_text(x, text)));
}

void xml_elem(XmlOut *x, const char *name, const char *text)
{
	if (!text)
		return;
	xml_start(x, name);
	xml_text(x, text);
	xml_end(x);
}
