/*
 * portable.c - statements that mean the same under any
 * standard_conforming_strings and hold no runner marker line; see
 * portable.h.  The tokens come from PostgreSQL's own scanner
 * (pg_query_scan); the extent of each rewritten constant is read again
 * here, because the scanner's end offsets do not cover a string
 * continued on the next line after a comment.
 */
#include "parse/portable.h"
#include "util/arena.h"

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const runner_words[] = {"+goose", "migrate:", "flyway:", "pgstage:"};

/* Whether the line [p, end) reads as a runner's marker. */
static bool marker_line(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\f' || *p == '\v'))
		p++;
	if (end - p < 2 || p[0] != '-' || p[1] != '-')
		return false;
	for (const char *q = p + 2; q < end; q++)
		for (size_t i = 0; i < sizeof runner_words / sizeof *runner_words; i++) {
			size_t n = strlen(runner_words[i]);
			if ((size_t) (end - q) >= n && strncasecmp(q, runner_words[i], n) == 0)
				return true;
		}
	return false;
}

static bool marker_in(const char *s, size_t n)
{
	const char *p = s, *end = s + n;
	for (;;) {
		const char *nl = memchr(p, '\n', (size_t) (end - p));
		if (marker_line(p, nl ? nl : end))
			return true;
		if (!nl)
			return false;
		p = nl + 1;
	}
}

bool sql_has_marker_line(const char *sql)
{
	return marker_in(sql, strlen(sql));
}

/* A control byte that is not a tab or a line end: the escape sequences a
 * terminal or an editor acts on. */
static bool odd_control(unsigned char c)
{
	return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F;
}

static bool has_odd_control(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (odd_control((unsigned char) s[i]))
			return true;
	return false;
}

/* An escape for a control byte inside E'...'. */
static void put_control_escape(StrBuf *out, unsigned char c)
{
	if (c == '\n')
		strbuf_puts(out, "\\n");
	else if (c == '\r')
		strbuf_puts(out, "\\r");
	else
		strbuf_printf(out, "\\x%02x", c);
}

/* After a string segment: the quote that continues the constant (PG15's
 * quotecontinue: blanks and "--" comments holding a line break), or NULL. */
static const char *continuation(const char *p)
{
	bool newline = false;
	for (;;) {
		if (*p == '\n' || *p == '\r')
			newline = true, p++;
		else if (*p == ' ' || *p == '\t' || *p == '\f')
			p++;
		else if (p[0] == '-' && p[1] == '-')
			p += 2 + strcspn(p + 2, "\n\r");
		else
			break;
	}
	return newline && *p == '\'' ? p : NULL;
}

/* The standard string constant at p (its quote): value into val; returns
 * its end, NULL when unterminated. */
static const char *standard_string(const char *p, StrBuf *val)
{
	for (;;) {
		for (p++;; p++) {
			if (!*p)
				return NULL;
			if (*p == '\'' && p[1] == '\'')
				p++;
			else if (*p == '\'')
				break;
			strbuf_putc(val, *p);
		}
		const char *next = continuation(++p);
		if (!next)
			return p;
		p = next;
	}
}

/* The escape string constant at p (its quote, after the E) copied to out
 * with raw line breaks and other control bytes (not tabs) written as
 * escapes and the gaps between its segments as one line break; returns
 * its end, NULL when unterminated. */
static const char *escape_string(const char *p, StrBuf *out)
{
	for (;;) {
		strbuf_putc(out, '\'');
		for (p++;; p++) {
			char c = *p;
			if (!c)
				return NULL;
			bool raw = c == '\n' || c == '\r' || odd_control((unsigned char) c);
			if (c == '\\' && p[1]) {
				/* a backslash before a byte with no escape meaning
				 * stands for that byte */
				c = *++p;
				if (c == '\n' || c == '\r' || odd_control((unsigned char) c)) {
					put_control_escape(out, (unsigned char) c);
				} else {
					strbuf_putc(out, '\\');
					strbuf_putc(out, c);
				}
			} else if (raw) {
				put_control_escape(out, (unsigned char) c);
			} else if (c == '\'' && p[1] == '\'') {
				strbuf_puts(out, "''");
				p++;
			} else if (c == '\'') {
				break;
			} else {
				strbuf_putc(out, c);
			}
		}
		strbuf_putc(out, '\'');
		const char *next = continuation(++p);
		if (!next)
			return p;
		strbuf_putc(out, '\n'); /* a continuation needs one */
		p = next;
	}
}

/* The dollar-quoted constant at p: its body as a literal when a line of
 * it reads as a marker or it holds an odd control byte, else as it is;
 * returns its end. */
static const char *dollar_string(const char *p, StrBuf *out)
{
	size_t tag = (size_t) (strchr(p + 1, '$') - p) + 1;
	const char *body = p + tag, *close = body;
	while ((close = strchr(close, '$')) && strncmp(close, p, tag) != 0)
		close++;
	if (!close)
		return NULL;
	const char *end = close + tag;
	size_t n = (size_t) (close - body);
	if (marker_in(body, n) || has_odd_control(body, n)) {
		char *value = xstrndup(body, (size_t) (close - body));
		strbuf_literal(out, value);
		free(value);
	} else {
		strbuf_add(out, p, (size_t) (end - p));
	}
	return end;
}

/* The quoted identifier at p: as U&"..." when it holds a control byte
 * other than a tab, else as it is; returns its end. */
static const char *quoted_ident(const char *p, StrBuf *out)
{
	StrBuf name = STRBUF_INIT;
	const char *q = p + 1;
	for (;; q++) {
		if (!*q) {
			strbuf_release(&name);
			return NULL;
		}
		if (*q == '"' && q[1] == '"')
			q++;
		else if (*q == '"')
			break;
		strbuf_putc(&name, *q);
	}
	bool control = false;
	for (size_t i = 0; i < name.len; i++)
		if (name.buf[i] == '\n' || name.buf[i] == '\r' || odd_control((unsigned char) name.buf[i]))
			control = true;
	if (!control) {
		strbuf_add(out, p, (size_t) (q + 1 - p));
	} else {
		strbuf_puts(out, "U&\"");
		for (size_t i = 0; i < name.len; i++) {
			unsigned char c = (unsigned char) name.buf[i];
			if (c < 0x20 || c == 0x7F)
				strbuf_printf(out, "\\%04x", c);
			else if (c == '\\')
				strbuf_puts(out, "\\\\");
			else if (c == '"')
				strbuf_puts(out, "\"\"");
			else
				strbuf_putc(out, (char) c);
		}
		strbuf_putc(out, '"');
	}
	strbuf_release(&name);
	return q + 1;
}

/* A string constant at p, rewritten; returns its end or NULL. */
static const char *string_const(const char *p, StrBuf *out)
{
	if (*p == '$')
		return dollar_string(p, out);
	if ((*p == 'E' || *p == 'e') && p[1] == '\'') {
		strbuf_putc(out, 'E');
		return escape_string(p + 1, out);
	}
	if (*p != '\'')
		return NULL;
	StrBuf val = STRBUF_INIT;
	const char *end = standard_string(p, &val);
	if (end)
		strbuf_literal(out, val.buf);
	strbuf_release(&val);
	return end;
}

/* Whether the comment token [start, end) makes or holds a marker line
 * (read from the start of its line) or holds an odd control byte. */
static bool comment_marks(const char *sql, int start, int end)
{
	int from = start;
	while (from > 0 && sql[from - 1] != '\n')
		from--;
	return marker_in(sql + from, (size_t) (end - from)) ||
	       has_odd_control(sql + start, (size_t) (end - start));
}

static void rewrite(StrBuf *out, const char *sql, const PgQuery__ScanResult *sr)
{
	size_t pos = 0, n = strlen(sql);
	for (size_t i = 0; i < sr->n_tokens; i++) {
		const PgQuery__ScanToken *t = sr->tokens[i];
		if (t->start < 0 || (size_t) t->start < pos || (size_t) t->start >= n)
			continue; /* inside a constant already written */
		const char *at = sql + t->start, *end = NULL;
		StrBuf piece = STRBUF_INIT;
		switch (t->token) {
		case PG_QUERY__TOKEN__SCONST:
			end = string_const(at, &piece);
			break;
		case PG_QUERY__TOKEN__IDENT:
			if (*at == '"')
				end = quoted_ident(at, &piece);
			break;
		case PG_QUERY__TOKEN__NCHAR:
			/* N'...' is the keyword NCHAR and a constant: spelt out,
			 * the constant may take an E */
			if (t->end == t->start + 1 && (at[1] == '\'')) {
				strbuf_puts(&piece, "NCHAR ");
				end = at + 1;
			}
			break;
		case PG_QUERY__TOKEN__SQL_COMMENT:
		case PG_QUERY__TOKEN__C_COMMENT:
			if (t->end > t->start && (size_t) t->end <= n && comment_marks(sql, t->start, t->end)) {
				strbuf_putc(&piece, ' ');
				end = sql + t->end;
			}
			break;
		default:
			break;
		}
		if (end) {
			strbuf_add(out, sql + pos, (size_t) t->start - pos);
			strbuf_add(out, piece.buf, piece.len);
			pos = (size_t) (end - sql);
		}
		strbuf_release(&piece);
	}
	strbuf_add(out, sql + pos, n - pos);
}

int sql_portable(StrBuf *out, const char *sql, PgsError *err)
{
	size_t mark = out->len;
	if (!strchr(sql, '\\') && !sql_has_marker_line(sql) && !has_odd_control(sql, strlen(sql))) {
		strbuf_puts(out, sql);
		return 0;
	}
	PgQueryScanResult r = pg_query_scan(sql);
	PgQuery__ScanResult *sr = r.error ? NULL
					  : pg_query__scan_result__unpack(NULL, r.pbuf.len,
									  (const uint8_t *) r.pbuf.data);
	if (sr)
		rewrite(out, sql, sr);
	else
		strbuf_puts(out, sql);
	if (sr)
		pg_query__scan_result__free_unpacked(sr, NULL);
	pg_query_free_scan_result(r);
	if (marker_in(out->buf + mark, out->len - mark))
		return pgs_error_set(err, PGSTAGE_EINPUT,
				     "a statement holds a line that a migration runner would read as "
				     "its marker: %.60s",
				     sql);
	return 0;
}
