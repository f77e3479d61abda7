/*
 * ddl_grants.c - GRANT / REVOKE statement text, object, column and
 * ALTER DEFAULT PRIVILEGES forms (see ddl_grants.h).
 *
 * Memory ownership: text goes into the caller's StrBuf; the delta lists
 * are allocated in the caller's arena and point at the caller's Grants.
 */
#include "emit/ddl_grants.h"
#include "model/ident.h"
#include "parse/grant.h"

#include <string.h>

/* "TABLE public.t", "FUNCTION public.f(integer)", "SCHEMA s" */
static void grant_target(StrBuf *sb, const Object *o)
{
	switch (o->kind) {
	case OBJ_SEQUENCE:
		strbuf_puts(sb, "SEQUENCE ");
		break;
	case OBJ_FUNCTION:
		strbuf_puts(sb, ((const Function *) o)->is_procedure ? "PROCEDURE " : "FUNCTION ");
		break;
	case OBJ_SCHEMA:
		strbuf_puts(sb, "SCHEMA ");
		strbuf_ident(sb, o->name);
		return;
	case OBJ_DOMAIN:
		strbuf_puts(sb, "DOMAIN ");
		break;
	case OBJ_ENUM:
	case OBJ_COMPOSITE:
		strbuf_puts(sb, "TYPE ");
		break;
	default: /* tables, views and materialized views */
		strbuf_puts(sb, "TABLE ");
		break;
	}
	strbuf_qualified(sb, o->schema, o->name);
	if (o->kind == OBJ_FUNCTION)
		strbuf_printf(sb, "(%s)", o->signature ? o->signature : "");
}

/* "ALTER DEFAULT PRIVILEGES FOR ROLE r IN SCHEMA s " before the verb. */
static void default_acl_prefix(StrBuf *sb, const DefaultAcl *d)
{
	strbuf_puts(sb, "ALTER DEFAULT PRIVILEGES ");
	if (d->role && d->role_named) {
		strbuf_puts(sb, "FOR ROLE ");
		strbuf_ident(sb, d->role);
		strbuf_putc(sb, ' ');
	}
	if (d->obj.schema) {
		strbuf_puts(sb, "IN SCHEMA ");
		strbuf_ident(sb, d->obj.schema);
		strbuf_putc(sb, ' ');
	}
}

static void put_grantee(StrBuf *sb, const char *grantee)
{
	if (strcmp(grantee, "PUBLIC") == 0)
		strbuf_puts(sb, "PUBLIC");
	else if (!*grantee)
		strbuf_puts(sb, "CURRENT_USER"); /* the running role (grant.h) */
	else
		strbuf_ident(sb, grantee);
}

/* Column privileges of list[i, j): "INSERT (a), SELECT (a, "B")", each
 * privilege once with its columns in list order. */
static void put_column_privileges(StrBuf *sb, const PtrVec *list, size_t i, size_t j)
{
	bool first = true;
	for (size_t k = i; k < j; k++) {
		const Grant *g = list->items[k];
		bool seen = false;
		for (size_t m = i; m < k && !seen; m++)
			seen = strcmp(((const Grant *) list->items[m])->privilege, g->privilege) == 0;
		if (seen)
			continue;
		strbuf_printf(sb, "%s%s (", first ? "" : ", ", g->privilege);
		first = false;
		bool first_col = true;
		for (size_t m = k; m < j; m++) {
			const Grant *c = list->items[m];
			if (strcmp(c->privilege, g->privilege) != 0)
				continue;
			if (!first_col)
				strbuf_puts(sb, ", ");
			strbuf_ident(sb, c->column);
			first_col = false;
		}
		strbuf_putc(sb, ')');
	}
}

size_t ddl_grant_statement(StrBuf *sb, const Object *obj, const PtrVec *list, size_t i,
			   GrantVerb verb)
{
	const Grant *first = list->items[i];
	bool grant = verb == GRANT_VERB_GRANT;
	if (obj->kind == OBJ_DEFAULT_ACL)
		default_acl_prefix(sb, (const DefaultAcl *) obj);
	strbuf_puts(sb, grant ? "GRANT " : verb == GRANT_VERB_REVOKE_OPTION ? "REVOKE GRANT OPTION FOR "
									    : "REVOKE ");
	/* a run: one grantee, the object's privileges or its columns' (and,
	 * for GRANT, one grant option) */
	size_t j = i;
	for (; j < list->len; j++) {
		const Grant *g = list->items[j];
		if (strcmp(g->grantee, first->grantee) != 0 || !g->column != !first->column ||
		    (grant && g->with_grant_option != first->with_grant_option))
			break;
	}
	if (first->column)
		put_column_privileges(sb, list, i, j);
	else
		for (size_t k = i; k < j; k++)
			strbuf_printf(sb, "%s%s", k > i ? ", " : "",
				      ((const Grant *) list->items[k])->privilege);
	strbuf_puts(sb, " ON ");
	if (obj->kind == OBJ_DEFAULT_ACL)
		strbuf_puts(sb, default_acl_objtype_sql(((const DefaultAcl *) obj)->objtype));
	else
		grant_target(sb, obj);
	strbuf_puts(sb, grant ? " TO " : " FROM ");
	put_grantee(sb, first->grantee);
	if (grant && first->with_grant_option)
		strbuf_puts(sb, " WITH GRANT OPTION");
	return j;
}

void ddl_grants_delta(Arena *arena, const PtrVec *have, const PtrVec *want, PtrVec *add,
		      PtrVec *revoke, PtrVec *revoke_opt)
{
	VEC_EACH(const Grant *, g, want) {
		const Grant *h = grant_find(have, g->grantee, g->column, g->privilege);
		if (!h || (g->with_grant_option && !h->with_grant_option))
			vec_push(arena, add, (void *) g);
		else if (h->with_grant_option && !g->with_grant_option)
			vec_push(arena, revoke_opt, (void *) g);
	}
	VEC_EACH(const Grant *, h, have)
		if (!grant_find(want, h->grantee, h->column, h->privilege))
			vec_push(arena, revoke, (void *) h);
}

static void script_list(StrBuf *sb, const Object *obj, const PtrVec *list, GrantVerb verb)
{
	for (size_t i = 0; i < list->len;) {
		i = ddl_grant_statement(sb, obj, list, i, verb);
		strbuf_puts(sb, ";\n");
	}
}

void ddl_grants_script(StrBuf *sb, Arena *arena, const Object *obj, const PtrVec *have,
		       const PtrVec *want)
{
	PtrVec add = {0}, revoke = {0}, revoke_opt = {0};
	ddl_grants_delta(arena, have, want, &add, &revoke, &revoke_opt);
	script_list(sb, obj, &revoke_opt, GRANT_VERB_REVOKE_OPTION);
	script_list(sb, obj, &revoke, GRANT_VERB_REVOKE);
	script_list(sb, obj, &add, GRANT_VERB_GRANT);
}

void ddl_catalog_grants(StrBuf *sb, const Catalog *cat)
{
	Arena *a = arena_new();
	StrBuf part = STRBUF_INIT;
	VEC_EACH(const Object *, o, &cat->objects) {
		if (!o->grants_set || !grant_kind_supported(o->kind))
			continue;
		PtrVec have = {0};
		grant_defaults(a, o, &have);
		ddl_grants_script(&part, a, o, &have, &o->grants);
	}
	/* last: objects created before them must not get them (as the plan) */
	VEC_EACH(const DefaultAcl *, d, &cat->default_acls) {
		PtrVec base = {0};
		default_acl_base(a, d, d->role ? d->role : "", &base);
		ddl_grants_script(&part, a, &d->obj, &base, &d->grants);
	}
	if (part.len) {
		strbuf_puts(sb, "\n-- privileges\n");
		strbuf_add(sb, part.buf, part.len);
	}
	strbuf_release(&part);
	arena_free(a);
}
