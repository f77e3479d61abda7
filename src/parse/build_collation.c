/*
 * build_collation.c - CREATE COLLATION, with the options, or FROM a
 * collation of the file or a built-in one.  The model stores what
 * pg_collation would hold (PostgreSQL 15's DefineCollation): ICU keeps only
 * its locale, libc the lc_collate/lc_ctype pair, a copy the original's
 * values.  Anything PostgreSQL would refuse is an error here, at its
 * file:line:col, rather than at apply time.
 *
 * Memory ownership: everything goes into the catalog arena.
 */
#include "parse/parse_int.h"

#include <string.h>
#include <strings.h>

/* The text of an option's value as defGetString would give it: strings,
 * bare words (`provider = icu` parses as a type name), numbers. */
static const char *defelem_text(ParseCtx *ctx, const PgQuery__DefElem *d)
{
	const Node *a = d->arg;
	if (!a)
		return NULL;
	switch (a->node_case) {
	case PG_QUERY__NODE__NODE_STRING:
		return a->string->sval;
	case PG_QUERY__NODE__NODE_TYPE_NAME:
		if (a->type_name->n_names == 1)
			return node_str(a->type_name->names[0]);
		return NULL;
	case PG_QUERY__NODE__NODE_INTEGER:
		return arena_printf(ctx->cat->arena, "%d", a->integer->ival);
	case PG_QUERY__NODE__NODE_BOOLEAN:
		return a->boolean->boolval ? "true" : "false";
	default:
		return NULL;
	}
}

/* defGetBoolean: no value means true. */
static int defelem_bool(ParseCtx *ctx, const PgQuery__DefElem *d, bool *out)
{
	if (!d->arg) {
		*out = true;
		return 0;
	}
	static const char *const yes[] = {"true", "on", "1", "yes"};
	static const char *const no[] = {"false", "off", "0", "no"};
	const char *v = defelem_text(ctx, d);
	for (size_t i = 0; v && i < sizeof yes / sizeof yes[0]; i++) {
		if (strcasecmp(v, yes[i]) == 0 || strcasecmp(v, no[i]) == 0) {
			*out = strcasecmp(v, yes[i]) == 0;
			return 0;
		}
	}
	return parse_error(ctx, d->location, "%s requires a Boolean value", d->defname);
}

/* Built-in collations the copy can be resolved without a server: the ones
 * every cluster has (C, POSIX, ucs_basic), ICU's "<locale>-x-icu" and libc
 * locale names ("C.utf8", "en_US.utf8"), stored under their own name. */
static bool builtin_collation(ParseCtx *ctx, const char *name, Collation *c)
{
	Arena *a = ctx->cat->arena;
	size_t n = strlen(name);
	c->deterministic = true;
	if (strcmp(name, "C") == 0 || strcmp(name, "POSIX") == 0 || strchr(name, '.')) {
		c->provider = 'c';
		c->lc_collate = c->lc_ctype = arena_strdup(a, name);
		return true;
	}
	if (strcmp(name, "ucs_basic") == 0) {
		c->provider = 'c';
		c->lc_collate = c->lc_ctype = "C";
		return true;
	}
	if (n > 6 && strcmp(name + n - 6, "-x-icu") == 0) {
		c->provider = 'i';
		c->icu_locale = arena_strndup(a, name, n - 6);
		return true;
	}
	return false;
}

/* CREATE COLLATION x FROM y: PostgreSQL copies y's catalog row. */
static int copy_from(ParseCtx *ctx, const PgQuery__DefElem *d, Collation *c)
{
	if (!d->arg || d->arg->node_case != PG_QUERY__NODE__NODE_LIST || !d->arg->list->n_items)
		return parse_error(ctx, d->location, "FROM needs a collation name");
	Node **names = d->arg->list->items;
	size_t n = d->arg->list->n_items;
	const char *schema = n >= 2 ? node_str(names[n - 2]) : NULL;
	const char *name = node_str(names[n - 1]);
	if (n > 2 || !name)
		return parse_error(ctx, d->location, "improper collation name in FROM");
	if (strcmp(name, "default") == 0 && (!schema || strcmp(schema, "pg_catalog") == 0))
		return parse_error(ctx, d->location, "collation \"default\" cannot be copied");
	/* unqualified names are looked up in pg_catalog first, as the server does */
	if ((!schema || strcmp(schema, "pg_catalog") == 0) && builtin_collation(ctx, name, c))
		return 0;
	const Collation *src = (const Collation *) catalog_find(ctx->cat, OBJ_COLLATION,
								schema ? schema : ctx->schema, NULL,
								name, NULL);
	if (!src)
		return parse_error(ctx, d->location,
				   "cannot copy collation \"%s\": it is neither defined earlier in the "
				   "schema nor a built-in collation (C, POSIX, ucs_basic, <locale>-x-icu, "
				   "a libc locale name)",
				   name);
	c->provider = src->provider;
	c->lc_collate = src->lc_collate;
	c->lc_ctype = src->lc_ctype;
	c->icu_locale = src->icu_locale;
	c->deterministic = src->deterministic;
	return 0;
}

/* The options, checked as DefineCollation checks them. */
static int from_options(ParseCtx *ctx, const PgQuery__DefineStmt *s, int loc, Collation *c)
{
	const PgQuery__DefElem *from = NULL, *locale = NULL, *collate = NULL, *ctype = NULL,
			       *provider = NULL, *determ = NULL;
	for (size_t i = 0; i < s->n_definition; i++) {
		const PgQuery__DefElem *d = s->definition[i]->def_elem;
		const PgQuery__DefElem **slot = NULL;
		if (strcmp(d->defname, "from") == 0)
			slot = &from;
		else if (strcmp(d->defname, "locale") == 0)
			slot = &locale;
		else if (strcmp(d->defname, "lc_collate") == 0)
			slot = &collate;
		else if (strcmp(d->defname, "lc_ctype") == 0)
			slot = &ctype;
		else if (strcmp(d->defname, "provider") == 0)
			slot = &provider;
		else if (strcmp(d->defname, "deterministic") == 0)
			slot = &determ;
		else if (strcmp(d->defname, "version") == 0)
			continue; /* the library's version: recorded by the server, never compared */
		else
			return parse_error(ctx, d->location, "unsupported CREATE COLLATION option \"%s\"",
					   d->defname);
		if (*slot)
			return parse_error(ctx, d->location, "conflicting or redundant options");
		*slot = d;
	}
	if (from) {
		if (s->n_definition > 1)
			return parse_error(ctx, from->location, "conflicting or redundant options");
		return copy_from(ctx, from, c);
	}
	if (locale && (collate || ctype))
		return parse_error(ctx, locale->location, "conflicting or redundant options");
	const char *prov = provider ? defelem_text(ctx, provider) : "libc";
	if (!prov || (strcasecmp(prov, "libc") != 0 && strcasecmp(prov, "icu") != 0))
		return parse_error(ctx, provider->location, "unrecognized collation provider: %s",
				   prov ? prov : "?");
	c->provider = strcasecmp(prov, "icu") == 0 ? 'i' : 'c';
	c->deterministic = true;
	if (determ && defelem_bool(ctx, determ, &c->deterministic))
		return PGSTAGE_EINPUT;
	const char *vl = locale ? defelem_text(ctx, locale) : NULL;
	const char *vc = collate ? defelem_text(ctx, collate) : vl;
	const char *vt = ctype ? defelem_text(ctx, ctype) : vl;
	if (c->provider == 'i') {
		if (!vl)
			return parse_error(ctx, loc, "parameter \"locale\" must be specified");
		c->icu_locale = arena_strdup(ctx->cat->arena, vl);
		return 0;
	}
	if (!vc)
		return parse_error(ctx, loc, "parameter \"lc_collate\" must be specified");
	if (!vt)
		return parse_error(ctx, loc, "parameter \"lc_ctype\" must be specified");
	if (!c->deterministic)
		return parse_error(ctx, determ->location,
				   "nondeterministic collations not supported with this provider");
	c->lc_collate = arena_strdup(ctx->cat->arena, vc);
	c->lc_ctype = arena_strdup(ctx->cat->arena, vt);
	return 0;
}

int build_collation(ParseCtx *ctx, const PgQuery__DefineStmt *s, int loc)
{
	const char *schema, *name;
	int rc = qualified_name(ctx, s->defnames, s->n_defnames, &schema, &name, loc);
	if (rc)
		return rc;
	if (s->if_not_exists && catalog_find(ctx->cat, OBJ_COLLATION, schema, NULL, name, NULL))
		return 0;
	Collation *c = object_new(ctx->cat, OBJ_COLLATION, sizeof(Collation), schema, name);
	c->obj.loc = srctext_loc(ctx, loc);
	if ((rc = from_options(ctx, s, loc, c)))
		return rc;
	object_add_dep(ctx->cat, &c->obj, object_key(ctx->cat->arena, OBJ_SCHEMA, NULL, NULL, schema, NULL));
	return catalog_add(ctx->cat, &c->obj, ctx->err);
}
