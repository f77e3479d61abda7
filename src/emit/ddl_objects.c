/*
 * ddl_objects.c - CREATE, DROP and COMMENT ON for every object kind.
 * Memory ownership: see ddl.h.
 */
#include "emit/ddl.h"
#include "model/ident.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void create_enum(StrBuf *sb, const EnumType *e)
{
	strbuf_puts(sb, "CREATE TYPE ");
	ddl_object_name(sb, &e->obj);
	strbuf_puts(sb, " AS ENUM (");
	for (size_t i = 0; i < e->labels.len; i++) {
		if (i)
			strbuf_puts(sb, ", ");
		strbuf_literal(sb, e->labels.items[i]);
	}
	strbuf_putc(sb, ')');
}

static void create_domain(StrBuf *sb, const Domain *d)
{
	strbuf_puts(sb, "CREATE DOMAIN ");
	ddl_object_name(sb, &d->obj);
	strbuf_printf(sb, " AS %s", d->base_type);
	if (d->collation)
		strbuf_printf(sb, " COLLATE %s", d->collation);
	if (d->default_expr)
		strbuf_printf(sb, " DEFAULT %s", d->default_expr->sql);
	if (d->not_null)
		strbuf_puts(sb, " NOT NULL");
	VEC_EACH(const Constraint *, k, &d->checks) {
		strbuf_puts(sb, " CONSTRAINT ");
		strbuf_ident(sb, k->name);
		strbuf_putc(sb, ' ');
		ddl_constraint_body(sb, k);
	}
}

static void create_composite(StrBuf *sb, const CompositeType *c)
{
	strbuf_puts(sb, "CREATE TYPE ");
	ddl_object_name(sb, &c->obj);
	strbuf_puts(sb, " AS (");
	for (size_t i = 0; i < c->attributes.len; i++) {
		const Column *a = c->attributes.items[i];
		if (i)
			strbuf_puts(sb, ", ");
		strbuf_ident(sb, a->name);
		strbuf_printf(sb, " %s", a->type);
		if (a->collation)
			strbuf_printf(sb, " COLLATE %s", a->collation);
	}
	strbuf_putc(sb, ')');
}

static void create_sequence(StrBuf *sb, const Sequence *s)
{
	strbuf_puts(sb, "CREATE SEQUENCE ");
	ddl_object_name(sb, &s->obj);
	ddl_seq_options(sb, &s->opts, true);
}

/* Function.config holds proconfig entries joined by ", ": "search_path=a,
 * b, work_mem=64MB" (list items carry no '=').  Each entry becomes
 * SET name TO 'item', 'item'. */
static void put_function_config(StrBuf *sb, const char *config)
{
	const char *p = config;
	bool in_entry = false;
	while (*p) {
		size_t n = strstr(p, ", ") ? (size_t) (strstr(p, ", ") - p) : strlen(p);
		const char *eq = memchr(p, '=', n);
		if (eq) {
			strbuf_puts(sb, " SET ");
			strbuf_add(sb, p, (size_t) (eq - p));
			strbuf_puts(sb, " TO ");
			char *item = xstrndup(eq + 1, n - (size_t) (eq - p) - 1);
			strbuf_literal(sb, item);
			free(item);
			in_entry = true;
		} else if (in_entry) {
			char *item = xstrndup(p, n);
			strbuf_puts(sb, ", ");
			strbuf_literal(sb, item);
			free(item);
		}
		p += n;
		if (*p)
			p += 2;
	}
}

/* Whether the closing `tag` after `body` is the first place the scanner
 * finds it: not inside the body, nor straddling the body's end
 * ("x$pgstage" + "$pgstage$" holds "$pgstage$" one byte early). */
static bool tag_closes(const char *body, const char *tag)
{
	size_t n = strlen(body), t = strlen(tag);
	if (strstr(body, tag))
		return false;
	for (size_t k = 1; k < t && k <= n; k++)
		if (memcmp(body + n - k, tag, k) == 0 && memcmp(tag + k, tag, t - k) == 0)
			return false;
	return true;
}

void ddl_dollar_quote(StrBuf *sb, const char *body)
{
	char tag[32] = "$pgstage$";
	for (int n = 1; !tag_closes(body, tag); n++)
		snprintf(tag, sizeof tag, "$pgstage%d$", n);
	strbuf_printf(sb, "%s%s%s", tag, body, tag);
}

void ddl_create_function(StrBuf *sb, const Function *f, bool or_replace)
{
	strbuf_printf(sb, "CREATE %s%s ", or_replace ? "OR REPLACE " : "",
		      f->is_procedure ? "PROCEDURE" : "FUNCTION");
	ddl_object_name(sb, &f->obj);
	strbuf_printf(sb, "(%s)", f->arguments ? f->arguments : "");
	if (f->returns && !f->is_procedure)
		strbuf_printf(sb, " RETURNS %s", f->returns);
	strbuf_puts(sb, " LANGUAGE ");
	strbuf_ident(sb, f->language ? f->language : "sql");
	if (!f->is_procedure) {
		if (f->volatility == 'i')
			strbuf_puts(sb, " IMMUTABLE");
		else if (f->volatility == 's')
			strbuf_puts(sb, " STABLE");
		if (f->strict)
			strbuf_puts(sb, " STRICT");
		if (f->leakproof)
			strbuf_puts(sb, " LEAKPROOF");
		if (f->parallel == 's')
			strbuf_puts(sb, " PARALLEL SAFE");
		else if (f->parallel == 'r')
			strbuf_puts(sb, " PARALLEL RESTRICTED");
	}
	if (f->security_definer)
		strbuf_puts(sb, " SECURITY DEFINER");
	if (f->config)
		put_function_config(sb, f->config);
	strbuf_puts(sb, " AS ");
	ddl_dollar_quote(sb, f->body ? f->body : "");
}

static void create_view(StrBuf *sb, const View *v)
{
	strbuf_printf(sb, "CREATE %s ", v->obj.kind == OBJ_MATVIEW ? "MATERIALIZED VIEW" : "VIEW");
	ddl_object_name(sb, &v->obj);
	if (v->options)
		strbuf_printf(sb, " WITH (%s)", v->options);
	strbuf_printf(sb, " AS %s", v->query ? v->query->sql : "SELECT");
	strbuf_rtrim(sb);
	while (sb->len && sb->buf[sb->len - 1] == ';') {
		sb->buf[--sb->len] = '\0';
		strbuf_rtrim(sb);
	}
	if (v->check_option)
		strbuf_printf(sb, " WITH %s CHECK OPTION",
			      strcmp(v->check_option, "local") == 0 ? "LOCAL" : "CASCADED");
}

void ddl_create_index(StrBuf *sb, const Index *ix, bool concurrently, const char *name)
{
	strbuf_printf(sb, "CREATE %sINDEX %s", ix->unique ? "UNIQUE " : "",
		      concurrently ? "CONCURRENTLY " : "");
	strbuf_ident(sb, name ? name : ix->obj.name);
	strbuf_puts(sb, " ON ");
	strbuf_qualified(sb, ix->obj.schema, ix->table);
	if (ix->method && strcmp(ix->method, "btree") != 0)
		strbuf_printf(sb, " USING %s", ix->method);
	strbuf_puts(sb, " (");
	for (size_t i = 0; i < ix->elems.len; i++) {
		const IndexElem *e = ix->elems.items[i];
		if (i)
			strbuf_puts(sb, ", ");
		if (e->column)
			strbuf_ident(sb, e->column);
		else
			strbuf_printf(sb, "(%s)", e->expr ? e->expr->sql : "");
		if (e->collation)
			strbuf_printf(sb, " COLLATE %s", e->collation);
		if (e->opclass)
			strbuf_printf(sb, " %s", e->opclass);
		if (e->desc)
			strbuf_puts(sb, " DESC");
		if (e->nulls)
			strbuf_puts(sb, e->nulls == 'f' ? " NULLS FIRST" : " NULLS LAST");
	}
	strbuf_putc(sb, ')');
	if (ix->include.len) {
		strbuf_puts(sb, " INCLUDE (");
		for (size_t i = 0; i < ix->include.len; i++) {
			if (i)
				strbuf_puts(sb, ", ");
			strbuf_ident(sb, ix->include.items[i]);
		}
		strbuf_putc(sb, ')');
	}
	if (ix->nulls_not_distinct)
		strbuf_puts(sb, " NULLS NOT DISTINCT");
	if (ix->where)
		strbuf_printf(sb, " WHERE (%s)", ix->where->sql);
}

static void create_policy(StrBuf *sb, const Policy *p)
{
	strbuf_puts(sb, "CREATE POLICY ");
	strbuf_ident(sb, p->obj.name);
	strbuf_puts(sb, " ON ");
	strbuf_qualified(sb, p->obj.schema, p->obj.parent);
	if (!p->permissive)
		strbuf_puts(sb, " AS RESTRICTIVE");
	if (p->command && strcmp(p->command, "ALL") != 0)
		strbuf_printf(sb, " FOR %s", p->command);
	if (p->roles.len) {
		strbuf_puts(sb, " TO ");
		for (size_t i = 0; i < p->roles.len; i++) {
			const char *r = p->roles.items[i];
			if (i)
				strbuf_puts(sb, ", ");
			if (strcmp(r, "public") == 0 || strcmp(r, "PUBLIC") == 0)
				strbuf_puts(sb, "PUBLIC");
			else
				strbuf_ident(sb, r);
		}
	}
	if (p->using_expr)
		strbuf_printf(sb, " USING (%s)", p->using_expr->sql);
	if (p->check_expr)
		strbuf_printf(sb, " WITH CHECK (%s)", p->check_expr->sql);
}

/* The options pg_dump writes: LOCALE when the libc pair agrees, else both. */
static void create_collation(StrBuf *sb, const Collation *c)
{
	strbuf_puts(sb, "CREATE COLLATION ");
	ddl_object_name(sb, &c->obj);
	if (c->provider == 'i') {
		strbuf_puts(sb, " (provider = icu, locale = ");
		strbuf_literal(sb, c->icu_locale ? c->icu_locale : "");
	} else if (str_equal(c->lc_collate, c->lc_ctype)) {
		strbuf_puts(sb, " (provider = libc, locale = ");
		strbuf_literal(sb, c->lc_collate ? c->lc_collate : "");
	} else {
		strbuf_puts(sb, " (provider = libc, lc_collate = ");
		strbuf_literal(sb, c->lc_collate ? c->lc_collate : "");
		strbuf_puts(sb, ", lc_ctype = ");
		strbuf_literal(sb, c->lc_ctype ? c->lc_ctype : "");
	}
	if (!c->deterministic)
		strbuf_puts(sb, ", deterministic = false");
	strbuf_putc(sb, ')');
}

static void create_extension(StrBuf *sb, const Extension *e)
{
	strbuf_puts(sb, "CREATE EXTENSION ");
	strbuf_ident(sb, e->obj.name);
	if (e->ext_schema) {
		strbuf_puts(sb, " WITH SCHEMA ");
		strbuf_ident(sb, e->ext_schema);
	}
	if (e->version) {
		strbuf_puts(sb, " VERSION ");
		strbuf_literal(sb, e->version);
	}
}

void ddl_create(StrBuf *sb, const Object *obj)
{
	switch (obj->kind) {
	case OBJ_SCHEMA:
		/* every new database has public; a dump must load into one */
		strbuf_puts(sb, strcmp(obj->name, "public") == 0 ? "CREATE SCHEMA IF NOT EXISTS "
								 : "CREATE SCHEMA ");
		strbuf_ident(sb, obj->name);
		break;
	case OBJ_EXTENSION:
		create_extension(sb, (const Extension *) obj);
		break;
	case OBJ_COLLATION:
		create_collation(sb, (const Collation *) obj);
		break;
	case OBJ_ENUM:
		create_enum(sb, (const EnumType *) obj);
		break;
	case OBJ_DOMAIN:
		create_domain(sb, (const Domain *) obj);
		break;
	case OBJ_COMPOSITE:
		create_composite(sb, (const CompositeType *) obj);
		break;
	case OBJ_SEQUENCE:
		create_sequence(sb, (const Sequence *) obj);
		break;
	case OBJ_FUNCTION:
		ddl_create_function(sb, (const Function *) obj, false);
		break;
	case OBJ_TABLE:
		ddl_create_table(sb, (const Table *) obj);
		break;
	case OBJ_VIEW:
	case OBJ_MATVIEW:
		create_view(sb, (const View *) obj);
		break;
	case OBJ_INDEX:
		ddl_create_index(sb, (const Index *) obj, false, NULL);
		break;
	case OBJ_TRIGGER: {
		const Trigger *t = (const Trigger *) obj;
		strbuf_puts(sb, t->definition ? t->definition->sql : "");
		strbuf_rtrim(sb);
		break;
	}
	case OBJ_POLICY:
		create_policy(sb, (const Policy *) obj);
		break;
	case OBJ_DEFAULT_ACL: /* ALTER DEFAULT PRIVILEGES only: ddl_grants.c */
	case OBJ_KIND_COUNT:
		break;
	}
}

/* "TABLE public.t", "FUNCTION public.f(integer)", "TRIGGER t ON public.x" */
static void object_ref(StrBuf *sb, const Object *obj)
{
	strbuf_printf(sb, "%s ", obj_kind_sql(obj->kind));
	if (obj->kind == OBJ_FUNCTION && ((const Function *) obj)->is_procedure) {
		sb->len -= strlen("FUNCTION ");
		strbuf_puts(sb, "PROCEDURE ");
	}
	if (obj->parent) {
		strbuf_ident(sb, obj->name);
		strbuf_puts(sb, " ON ");
		strbuf_qualified(sb, obj->schema, obj->parent);
		return;
	}
	ddl_object_name(sb, obj);
	if (obj->kind == OBJ_FUNCTION)
		strbuf_printf(sb, "(%s)", obj->signature ? obj->signature : "");
}

void ddl_drop(StrBuf *sb, const Object *obj)
{
	strbuf_puts(sb, "DROP ");
	object_ref(sb, obj);
}

void ddl_comment(StrBuf *sb, const Object *obj, const char *comment)
{
	strbuf_puts(sb, "COMMENT ON ");
	object_ref(sb, obj);
	strbuf_puts(sb, " IS ");
	if (comment)
		strbuf_literal(sb, comment);
	else
		strbuf_puts(sb, "NULL");
}

void ddl_sequence_owner(StrBuf *sb, const Sequence *s)
{
	strbuf_puts(sb, "ALTER SEQUENCE ");
	ddl_object_name(sb, &s->obj);
	strbuf_puts(sb, " OWNED BY ");
	if (s->owned_table && s->owned_column) {
		strbuf_qualified(sb, s->obj.schema, s->owned_table);
		strbuf_putc(sb, '.');
		strbuf_ident(sb, s->owned_column);
	} else {
		strbuf_puts(sb, "NONE");
	}
}
