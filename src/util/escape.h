/*
 * escape.h - untrusted text written so that it stays data.
 *
 * Names, labels, comments, defaults and messages come from a schema file
 * or from a database: any byte of them may be hostile.  Whatever pgstage
 * writes for a human (a terminal) or as an SQL comment line goes through
 * strbuf_escape_text(), which writes every byte that could end a line,
 * move a cursor or switch a terminal's mode visibly:
 *
 *   \n \r \t \\        newline, carriage return, tab, backslash
 *   \xHH               other C0 controls, DEL, bytes of invalid UTF-8
 *   \uHHHH             C1 controls (U+0080-U+009F), line and paragraph
 *                      separators, bidirectional overrides
 *
 * Valid UTF-8 text (accents, CJK, emoji) is copied as it is.  SQL string
 * literals are strbuf_literal() (strbuf.h), dollar quotes
 * ddl_dollar_quote() (emit/ddl.h), identifiers strbuf_ident() (ident.h).
 *
 * Memory ownership: everything is appended to the caller's StrBuf.
 */
#ifndef PGSTAGE_ESCAPE_H
#define PGSTAGE_ESCAPE_H

#include <stdio.h>

#include "util/strbuf.h"

/* Appends n bytes of s, escaped as above. */
void strbuf_escape_text(StrBuf *sb, const char *s, size_t n);

/* One SQL comment line: "-- " + the formatted text, escaped, + "\n".  No
 * byte of the arguments can end the line early, so what follows it is
 * never read as a statement by psql, the server or a runner. */
void strbuf_comment(StrBuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Text for a human: the formatted text, escaped (no newline added).  The
 * format is the caller's own and is escaped too: colour codes go around
 * it, never through it. */
void strbuf_display(StrBuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* One line for a human on a stream: strbuf_display() + "\n". */
void fprint_line(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
