/*
 * build_type.c - CREATE DOMAIN and CREATE TYPE ... AS (composite).
 *
 * Memory ownership: everything goes into the catalog arena.
 */
#include "parse/parse_int.h"

#include <string.h>

#define T(x) PG_QUERY__CONSTR_TYPE__CONSTR_##x

int build_domain(ParseCtx *ctx, const PgQuery__CreateDomainStmt *s, int loc)
{
	Arena *a = ctx->cat->arena;
	const char *schema, *name;
	int rc = qualified_name(ctx, s->domainname, s->n_domainname, &schema, &name, loc);
	if (rc)
		return rc;
	Domain *d = object_new(ctx->cat, OBJ_DOMAIN, sizeof(Domain), schema, name);
	d->obj.loc = srctext_loc(ctx, loc);
	const char *dep;
	if ((rc = typename_canonical(ctx, s->type_name, &d->base_type, &dep)))
		return rc;
	if (dep)
		object_add_dep(ctx->cat, &d->obj, dep);
	if (s->coll_clause) {
		d->collation = collation_canonical(ctx, s->coll_clause->collname,
						   s->coll_clause->n_collname, &dep);
		if (dep)
			object_add_dep(ctx->cat, &d->obj, dep);
	}
	for (size_t i = 0; i < s->n_constraints; i++) {
		const PgQuery__Constraint *c = s->constraints[i]->constraint;
		switch (c->contype) {
		case T(NOTNULL):
			d->not_null = true;
			break;
		case T(NULL):
			d->not_null = false;
			break;
		case T(DEFAULT): {
			int end = ctx->stmt_end;
			for (size_t j = i + 1; j < s->n_constraints; j++)
				if (s->constraints[j]->constraint->location > c->location) {
					end = s->constraints[j]->constraint->location;
					break;
				}
			size_t kw = srctext_find(ctx, srctext_token_at(ctx, c->location),
						 PG_QUERY__TOKEN__DEFAULT, end);
			char *txt = srctext_until(ctx, kw + 1, end, NULL);
			if (!txt || !*txt)
				return parse_error(ctx, c->location, "cannot find the DEFAULT expression");
			d->default_expr = expr_from_text(ctx, txt);
			break;
		}
		case T(CHECK): {
			Constraint *con = ARENA_NEW(a, Constraint);
			con->type = CON_CHECK;
			con->loc = srctext_loc(ctx, c->location);
			char *txt = srctext_paren_after(ctx, c->location, PG_QUERY__TOKEN__CHECK, NULL);
			if (!txt)
				return parse_error(ctx, c->location, "cannot find the CHECK expression");
			con->check = expr_from_text(ctx, txt);
			con->not_valid = c->skip_validation;
			/* ChooseConstraintName(domain, NULL, "check") */
			con->name = c->conname && *c->conname
					    ? arena_strdup(a, c->conname)
					    : names_choose_constraint(ctx, schema, name, NULL, "check");
			if (c->conname && *c->conname)
				names_use_constraint(ctx, schema, con->name);
			vec_push(a, &d->checks, con);
			break;
		}
		default:
			return parse_error(ctx, c->location, "unsupported domain constraint");
		}
	}
	object_add_dep(ctx->cat, &d->obj, object_key(a, OBJ_SCHEMA, NULL, NULL, schema, NULL));
	return catalog_add(ctx->cat, &d->obj, ctx->err);
}

int build_composite(ParseCtx *ctx, const PgQuery__CompositeTypeStmt *s, int loc)
{
	Arena *a = ctx->cat->arena;
	const char *schema, *name;
	rangevar_name(ctx, s->typevar, &schema, &name);
	CompositeType *ct = object_new(ctx->cat, OBJ_COMPOSITE, sizeof(CompositeType), schema, name);
	ct->obj.loc = srctext_loc(ctx, loc);
	for (size_t i = 0; i < s->n_coldeflist; i++) {
		const PgQuery__ColumnDef *cd = s->coldeflist[i]->column_def;
		Column *col = ARENA_NEW(a, Column);
		col->name = arena_strdup(a, cd->colname);
		col->loc = srctext_loc(ctx, cd->location);
		const char *dep;
		int rc = typename_canonical(ctx, cd->type_name, &col->type, &dep);
		if (rc)
			return rc;
		if (dep)
			object_add_dep(ctx->cat, &ct->obj, dep);
		if (cd->coll_clause) {
			col->collation = collation_canonical(ctx, cd->coll_clause->collname,
							     cd->coll_clause->n_collname, &dep);
			if (dep)
				object_add_dep(ctx->cat, &ct->obj, dep);
		}
		vec_push(a, &ct->attributes, col);
	}
	names_use_relation(ctx, schema, name);
	object_add_dep(ctx->cat, &ct->obj, object_key(a, OBJ_SCHEMA, NULL, NULL, schema, NULL));
	return catalog_add(ctx->cat, &ct->obj, ctx->err);
}
