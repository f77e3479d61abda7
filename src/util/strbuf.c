/*
 * strbuf.c - growable string; see strbuf.h for invariants and ownership.
 */
#include "util/strbuf.h"
#include "util/arena.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char strbuf_empty[1];

void strbuf_init(StrBuf *sb)
{
	sb->buf = strbuf_empty;
	sb->len = sb->cap = 0;
}

void strbuf_release(StrBuf *sb)
{
	if (sb->cap)
		free(sb->buf);
	strbuf_init(sb);
}

char *strbuf_detach(StrBuf *sb)
{
	char *s = sb->cap ? sb->buf : xstrdup("");
	strbuf_init(sb);
	return s;
}

void strbuf_reset(StrBuf *sb)
{
	sb->len = 0;
	if (sb->cap)
		sb->buf[0] = '\0';
}

void strbuf_grow(StrBuf *sb, size_t extra)
{
	size_t need = sb->len + extra + 1;
	if (need <= sb->cap)
		return;
	size_t cap = sb->cap ? sb->cap : 64;
	while (cap < need)
		cap *= 2;
	if (sb->cap) {
		sb->buf = xrealloc(sb->buf, cap);
	} else {
		sb->buf = xmalloc(cap);
		sb->buf[0] = '\0';
	}
	sb->cap = cap;
}

void strbuf_add(StrBuf *sb, const char *data, size_t n)
{
	strbuf_grow(sb, n);
	memcpy(sb->buf + sb->len, data, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void strbuf_puts(StrBuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

void strbuf_putc(StrBuf *sb, char c)
{
	strbuf_add(sb, &c, 1);
}

void strbuf_vprintf(StrBuf *sb, const char *fmt, va_list ap)
{
	/* gcc 12 with -fsanitize=undefined warns of a null format otherwise */
	if (!fmt)
		fmt = "";
	va_list cp;
	va_copy(cp, ap);
	char probe[1];
	int n = vsnprintf(probe, sizeof probe, fmt, cp);
	va_end(cp);
	if (n <= 0)
		return;
	strbuf_grow(sb, (size_t) n);
	vsnprintf(sb->buf + sb->len, (size_t) n + 1, fmt, ap);
	sb->len += (size_t) n;
}

void strbuf_printf(StrBuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	strbuf_vprintf(sb, fmt, ap);
	va_end(ap);
}

void strbuf_rtrim(StrBuf *sb)
{
	while (sb->len && strchr(" \t\r\n", sb->buf[sb->len - 1]))
		sb->buf[--sb->len] = '\0';
}

/* Whether s needs the escape string form: a backslash means two things
 * under standard_conforming_strings on and off, and a control byte would
 * put a raw line break (or worse) inside a statement. */
static bool literal_needs_escapes(const char *s)
{
	for (; *s; s++)
		if (*s == '\\' || (unsigned char) *s < 0x20 || *s == 0x7F)
			return true;
	return false;
}

void strbuf_literal(StrBuf *sb, const char *s)
{
	bool esc = literal_needs_escapes(s);
	strbuf_puts(sb, esc ? "E'" : "'");
	for (; *s; s++) {
		unsigned char c = (unsigned char) *s;
		if (c == '\'')
			strbuf_puts(sb, "''");
		else if (!esc || (c >= 0x20 && c != 0x7F && c != '\\'))
			strbuf_putc(sb, *s);
		else if (c == '\\')
			strbuf_puts(sb, "\\\\");
		else if (c == '\n')
			strbuf_puts(sb, "\\n");
		else if (c == '\r')
			strbuf_puts(sb, "\\r");
		else if (c == '\t')
			strbuf_puts(sb, "\\t");
		else
			strbuf_printf(sb, "\\x%02x", c); /* always two digits: \x reads at most two */
	}
	strbuf_putc(sb, '\'');
}

void strbuf_literal_as_server(StrBuf *sb, const char *s)
{
	strbuf_putc(sb, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			strbuf_putc(sb, '\'');
		strbuf_putc(sb, *s);
	}
	strbuf_putc(sb, '\'');
}
