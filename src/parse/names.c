/*
 * names.c - the names PostgreSQL gives unnamed objects.
 *
 * Follows makeObjectName / ChooseRelationName / ChooseConstraintName /
 * ChooseIndexNameAddition (src/backend/commands/indexcmds.c, catalog/
 * pg_constraint.c): name1_name2_label, name1 and name2 shortened (longer
 * first) so the result fits NAMEDATALEN-1 = 63 bytes without splitting a
 * UTF-8 character, then label1, label2, ... while the name is taken.
 *
 * Memory ownership: results and the used-name keys live in the catalog arena.
 */
#include "parse/parse_int.h"

#include <stdio.h>
#include <string.h>

#define NAMEDATALEN 64

/* pg_mbcliplen for UTF-8: longest prefix of at most `limit` bytes. */
static size_t mbcliplen(const char *s, size_t len, size_t limit)
{
	if (len <= limit)
		return len;
	size_t n = limit;
	while (n > 0 && ((unsigned char) s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

const char *names_make(Arena *a, const char *name1, const char *name2, const char *label)
{
	size_t n1 = strlen(name1), n2 = name2 ? strlen(name2) : 0;
	size_t overhead = (label ? strlen(label) + 1 : 0) + (name2 ? 1 : 0);
	size_t avail = NAMEDATALEN - 1 - overhead;
	while (n1 + n2 > avail) {
		if (n1 > n2)
			n1--;
		else
			n2--;
	}
	n1 = mbcliplen(name1, strlen(name1), n1);
	if (name2)
		n2 = mbcliplen(name2, strlen(name2), n2);
	StrBuf sb = STRBUF_INIT;
	strbuf_add(&sb, name1, n1);
	if (name2) {
		strbuf_putc(&sb, '_');
		strbuf_add(&sb, name2, n2);
	}
	if (label) {
		strbuf_putc(&sb, '_');
		strbuf_puts(&sb, label);
	}
	const char *r = arena_strndup(a, sb.buf, sb.len);
	strbuf_release(&sb);
	return r;
}

static const char *used_key(ParseCtx *ctx, const char *schema, const char *name)
{
	return arena_printf(ctx->cat->arena, "%s\x1f%s", schema, name);
}

void names_use_relation(ParseCtx *ctx, const char *schema, const char *name)
{
	const char *k = used_key(ctx, schema, name);
	hashmap_put(&ctx->rel_names, k, (void *) k);
}

void names_use_constraint(ParseCtx *ctx, const char *schema, const char *name)
{
	const char *k = used_key(ctx, schema, name);
	hashmap_put(&ctx->con_names, k, (void *) k);
}

static bool used(const HashMap *map, const char *schema, const char *name)
{
	char buf[NAMEDATALEN * 4 + 8];
	snprintf(buf, sizeof buf, "%s\x1f%s", schema, name);
	return hashmap_get(map, buf) != NULL;
}

static const char *choose(ParseCtx *ctx, const char *schema, const char *name1,
			  const char *name2, const char *label, bool rel, bool con)
{
	char modlabel[NAMEDATALEN];
	snprintf(modlabel, sizeof modlabel, "%s", label);
	for (int pass = 1;; pass++) {
		const char *name = names_make(ctx->cat->arena, name1, name2, modlabel);
		if (!(rel && used(&ctx->rel_names, schema, name)) &&
		    !(con && used(&ctx->con_names, schema, name))) {
			if (rel)
				names_use_relation(ctx, schema, name);
			if (con)
				names_use_constraint(ctx, schema, name);
			return name;
		}
		snprintf(modlabel, sizeof modlabel, "%s%d", label, pass);
	}
}

const char *names_choose_relation(ParseCtx *ctx, const char *schema, const char *name1,
				  const char *name2, const char *label, bool is_constraint)
{
	return choose(ctx, schema, name1, name2, label, true, is_constraint);
}

const char *names_choose_constraint(ParseCtx *ctx, const char *schema, const char *name1,
				    const char *name2, const char *label)
{
	return choose(ctx, schema, name1, name2, label, false, true);
}

const char *names_addition(Arena *a, const PtrVec *colnames)
{
	StrBuf sb = STRBUF_INIT;
	VEC_EACH(const char *, name, colnames) {
		if (sb.len)
			strbuf_putc(&sb, '_');
		size_t n = strlen(name);
		strbuf_add(&sb, name, n < NAMEDATALEN - 1 ? n : NAMEDATALEN - 1);
		if (sb.len >= NAMEDATALEN)
			break;
	}
	const char *r = arena_strndup(a, sb.buf, sb.len);
	strbuf_release(&sb);
	return r;
}
