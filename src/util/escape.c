/*
 * escape.c - untrusted text written visibly; see escape.h.
 */
#include "util/escape.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

/* Length of the valid UTF-8 sequence at p (at most n bytes) and its code
 * point, or 0 when the bytes are not one (overlong forms, surrogates and
 * code points past U+10FFFF are not). */
static size_t utf8_sequence(const unsigned char *p, size_t n, uint32_t *cp)
{
	unsigned char b = p[0];
	size_t len;
	uint32_t min;
	if (b >= 0xC2 && b <= 0xDF)
		len = 2, *cp = b & 0x1F, min = 0x80;
	else if (b >= 0xE0 && b <= 0xEF)
		len = 3, *cp = b & 0x0F, min = 0x800;
	else if (b >= 0xF0 && b <= 0xF4)
		len = 4, *cp = b & 0x07, min = 0x10000;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (p[i] & 0x3F);
	}
	if (*cp < min || *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF))
		return 0;
	return len;
}

/* Code points a terminal or an editor treats as control: C1, the line and
 * paragraph separators, bidirectional embeddings, overrides and isolates
 * (which reorder what a reviewer sees). */
static bool is_control_point(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
	       (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
	       cp == 0x200E || cp == 0x200F || cp == 0x061C;
}

void strbuf_escape_text(StrBuf *sb, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *) s, *end = p + n;
	while (p < end) {
		unsigned char c = *p;
		if (c >= 0x20 && c < 0x7F && c != '\\') {
			const unsigned char *run = p;
			while (p < end && *p >= 0x20 && *p < 0x7F && *p != '\\')
				p++;
			strbuf_add(sb, (const char *) run, (size_t) (p - run));
			continue;
		}
		if (c == '\\' || c == '\n' || c == '\r' || c == '\t') {
			strbuf_putc(sb, '\\');
			strbuf_putc(sb, c == '\\' ? '\\' : c == '\n' ? 'n' : c == '\r' ? 'r' : 't');
			p++;
			continue;
		}
		uint32_t cp = 0;
		size_t len = c >= 0x80 ? utf8_sequence(p, (size_t) (end - p), &cp) : 0;
		if (len == 0) {
			strbuf_printf(sb, "\\x%02x", c);
			p++;
		} else if (is_control_point(cp)) {
			strbuf_printf(sb, "\\u%04x", (unsigned) cp);
			p += len;
		} else {
			strbuf_add(sb, (const char *) p, len);
			p += len;
		}
	}
}

static void escaped_vprintf(StrBuf *sb, const char *fmt, va_list ap)
{
	StrBuf raw = STRBUF_INIT;
	strbuf_vprintf(&raw, fmt, ap);
	strbuf_escape_text(sb, raw.buf, raw.len);
	strbuf_release(&raw);
}

void strbuf_comment(StrBuf *sb, const char *fmt, ...)
{
	strbuf_puts(sb, "-- ");
	va_list ap;
	va_start(ap, fmt);
	escaped_vprintf(sb, fmt, ap);
	va_end(ap);
	strbuf_putc(sb, '\n');
}

void strbuf_display(StrBuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	escaped_vprintf(sb, fmt, ap);
	va_end(ap);
}

void fprint_line(FILE *f, const char *fmt, ...)
{
	StrBuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	escaped_vprintf(&sb, fmt, ap);
	va_end(ap);
	strbuf_putc(&sb, '\n');
	fputs(sb.buf, f);
	strbuf_release(&sb);
}
