/*
 * ident.h - quoting identifiers and qualified names for SQL text.
 *
 * An identifier is left bare only when PostgreSQL would read it back
 * unchanged: [a-z_][a-z0-9_$]* and not a reserved or column-name keyword
 * (the rule pg_dump's fmtId and pgquarrel follow).  Keyword classes come from
 * libpg_query's scanner (src/parse/keyword.c).
 *
 * Memory ownership: strbuf_* append to the caller's buffer; ident_quote()
 * returns a string in the given arena.
 */
#ifndef PGSTAGE_IDENT_H
#define PGSTAGE_IDENT_H

#include <stdbool.h>
#include "util/arena.h"
#include "util/strbuf.h"

bool ident_needs_quotes(const char *name);
void strbuf_ident(StrBuf *sb, const char *name);
/* schema.name, each part quoted as needed; schema may be NULL. */
void strbuf_qualified(StrBuf *sb, const char *schema, const char *name);
const char *ident_quote(Arena *arena, const char *name);
const char *ident_qualified(Arena *arena, const char *schema, const char *name);

#endif
