/*
 * ident.c - identifier quoting; see ident.h.
 */
#include "model/ident.h"
#include "parse/keyword.h"

#include <string.h>

bool ident_needs_quotes(const char *name)
{
	if (!name[0])
		return true;
	if (!((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_'))
		return true;
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '$'))
			return true;
	KeywordKind k = keyword_kind(name);
	return !(k == KEYWORD_NONE || k == KEYWORD_UNRESERVED);
}

void strbuf_ident(StrBuf *sb, const char *name)
{
	if (!ident_needs_quotes(name)) {
		strbuf_puts(sb, name);
		return;
	}
	strbuf_putc(sb, '"');
	for (const char *p = name; *p; p++) {
		if (*p == '"')
			strbuf_putc(sb, '"');
		strbuf_putc(sb, *p);
	}
	strbuf_putc(sb, '"');
}

void strbuf_qualified(StrBuf *sb, const char *schema, const char *name)
{
	if (schema) {
		strbuf_ident(sb, schema);
		strbuf_putc(sb, '.');
	}
	strbuf_ident(sb, name);
}

const char *ident_quote(Arena *arena, const char *name)
{
	StrBuf sb = STRBUF_INIT;
	strbuf_ident(&sb, name);
	const char *s = arena_strndup(arena, sb.buf, sb.len);
	strbuf_release(&sb);
	return s;
}

const char *ident_qualified(Arena *arena, const char *schema, const char *name)
{
	StrBuf sb = STRBUF_INIT;
	strbuf_qualified(&sb, schema, name);
	const char *s = arena_strndup(arena, sb.buf, sb.len);
	strbuf_release(&sb);
	return s;
}
