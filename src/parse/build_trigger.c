/*
 * build_trigger.c - CREATE TRIGGER and CREATE POLICY, both owned by a table.
 *
 * A trigger is kept as its whole statement (Trigger.definition): sql is the
 * source text, canon the statement through expr_canonical(), comparable
 * with pg_get_triggerdef().
 *
 * Memory ownership: everything goes into the catalog arena.
 */
#include "parse/parse_int.h"
#include "parse/expr.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Key of the one function called `name` in `schema`, NULL when not exactly one. */
static const char *function_key(ParseCtx *ctx, Node **names, size_t n)
{
	const char *name = node_str(names[n - 1]);
	const char *schema = n >= 2 ? node_str(names[n - 2]) : ctx->schema;
	const char *key = NULL;
	int hits = 0;
	VEC_EACH(Object *, o, &ctx->cat->objects)
		if (o->kind == OBJ_FUNCTION && name && schema && strcmp(o->name, name) == 0 &&
		    strcmp(o->schema, schema) == 0)
			key = o->key, hits++;
	return hits == 1 ? key : NULL;
}

int build_trigger(ParseCtx *ctx, const PgQuery__CreateTrigStmt *s, int loc)
{
	if (s->isconstraint)
		return parse_error(ctx, loc, "unsupported statement: CREATE CONSTRAINT TRIGGER");
	const char *schema, *table;
	rangevar_name(ctx, s->relation, &schema, &table);
	Trigger *t = object_new(ctx->cat, OBJ_TRIGGER, sizeof(Trigger), schema, s->trigname);
	t->obj.parent = table;
	t->obj.loc = srctext_loc(ctx, loc);
	char *text = srctext_slice(ctx, ctx->stmt_start, ctx->stmt_end);
	size_t n = strlen(text);
	while (n && text[n - 1] == ';')
		text[--n] = '\0';
	t->definition = expr_new(ctx->cat->arena, text,
				 expr_canonical_in_schema(ctx->cat->arena, text, ctx->schema));
	object_add_dep(ctx->cat, &t->obj, object_key(ctx->cat->arena, OBJ_TABLE, schema, NULL, table, NULL));
	const char *fk = function_key(ctx, s->funcname, s->n_funcname);
	if (fk)
		object_add_dep(ctx->cat, &t->obj, fk);
	Object *prev = catalog_find(ctx->cat, OBJ_TRIGGER, schema, table, s->trigname, NULL);
	if (prev && s->replace) {
		((Trigger *) prev)->definition = t->definition;
		return 0;
	}
	return catalog_add(ctx->cat, &t->obj, ctx->err);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *) a, *(char *const *) b);
}

int build_policy(ParseCtx *ctx, const PgQuery__CreatePolicyStmt *s, int loc)
{
	Arena *a = ctx->cat->arena;
	const char *schema, *table;
	rangevar_name(ctx, s->table, &schema, &table);
	Policy *p = object_new(ctx->cat, OBJ_POLICY, sizeof(Policy), schema, s->policy_name);
	p->obj.parent = table;
	p->obj.loc = srctext_loc(ctx, loc);
	p->permissive = s->permissive;
	char *cmd = arena_strdup(a, s->cmd_name && *s->cmd_name ? s->cmd_name : "all");
	for (char *c = cmd; *c; c++)
		*c = (char) toupper((unsigned char) *c);
	p->command = cmd;
	for (size_t i = 0; i < s->n_roles; i++) {
		const PgQuery__RoleSpec *r = s->roles[i]->role_spec;
		switch (r->roletype) {
		case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CSTRING:
			vec_push(a, &p->roles, arena_strdup(a, r->rolename));
			break;
		case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_PUBLIC:
			break;  /* PUBLIC is the empty list */
		default:
			return parse_error(ctx, r->location,
					   "unsupported policy role (CURRENT_USER, SESSION_USER)");
		}
	}
	if (p->roles.len > 1)
		qsort(p->roles.items, p->roles.len, sizeof(void *), cmp_str);
	if (s->qual) {
		char *txt = srctext_paren_after(ctx, ctx->stmt_start, PG_QUERY__TOKEN__USING, NULL);
		if (!txt)
			return parse_error(ctx, loc, "cannot find the USING expression");
		p->using_expr = expr_from_text(ctx, txt);
	}
	if (s->with_check) {
		char *txt = srctext_paren_after(ctx, ctx->stmt_start, PG_QUERY__TOKEN__CHECK, NULL);
		if (!txt)
			return parse_error(ctx, loc, "cannot find the WITH CHECK expression");
		p->check_expr = expr_from_text(ctx, txt);
	}
	object_add_dep(ctx->cat, &p->obj, object_key(a, OBJ_TABLE, schema, NULL, table, NULL));
	return catalog_add(ctx->cat, &p->obj, ctx->err);
}
