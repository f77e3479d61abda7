/*
 * strbuf.h - growable string, after git's strbuf.
 *
 * Invariants: `buf` is never NULL and always NUL-terminated; `len` is the
 * length without the NUL.  A StrBuf owns its heap buffer (malloc, not an
 * arena): strbuf_release() frees it, strbuf_detach() hands it to the caller.
 * All SQL text is built here, and identifiers enter it only through
 * strbuf_ident() (ident.h), literals only through strbuf_literal().
 */
#ifndef PGSTAGE_STRBUF_H
#define PGSTAGE_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct StrBuf {
	char *buf;
	size_t len, cap;
} StrBuf;

extern char strbuf_empty[];
#define STRBUF_INIT { .buf = strbuf_empty, .len = 0, .cap = 0 }

void strbuf_init(StrBuf *sb);
void strbuf_release(StrBuf *sb);
/* Returns the malloc'd string and leaves `sb` empty and valid. */
char *strbuf_detach(StrBuf *sb);
void strbuf_reset(StrBuf *sb);
void strbuf_grow(StrBuf *sb, size_t extra);
void strbuf_add(StrBuf *sb, const char *data, size_t n);
void strbuf_puts(StrBuf *sb, const char *s);
void strbuf_putc(StrBuf *sb, char c);
void strbuf_printf(StrBuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_vprintf(StrBuf *sb, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Drop trailing whitespace. */
void strbuf_rtrim(StrBuf *sb);
/* Appends `s` as an SQL string literal that means the same under any
 * standard_conforming_strings and holds no raw line break: 'text', or
 * E'text' with backslashes doubled and control bytes as \n, \r, \t,
 * \xHH when it holds a backslash or a control byte. */
void strbuf_literal(StrBuf *sb, const char *s);
/* 's' with quotes doubled, as the server prints a literal in a catalog
 * expression (pg_get_expr, standard_conforming_strings on): for text that
 * is compared with such expressions.  Statements it ends up in are made
 * setting-independent when written (emit/portable.h). */
void strbuf_literal_as_server(StrBuf *sb, const char *s);

#endif
