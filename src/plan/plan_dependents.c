/*
 * plan_dependents.c - objects dropped and recreated around a change they
 * depend on.  PostgreSQL refuses to change a column's type under a view
 * or a policy that reads it, and to drop a view or a function that other
 * views or triggers use.  The operation making such a change gets, in its
 * own transaction, DROPs of those dependents before its statements (the
 * deepest first) and their CREATEs from the desired schema after, so no
 * other session ever sees them missing.  The graph is the live side's
 * (pg_depend): what exists now is what blocks the change.
 *
 * Memory ownership: see plan.h; the reverse-dependency map is temporary.
 */
#include "plan/plan_online.h"
#include "emit/ddl.h"
#include "model/ident.h"

#include <string.h>

static bool recreatable(ObjKind kind)
{
	return kind == OBJ_VIEW || kind == OBJ_MATVIEW || kind == OBJ_TRIGGER || kind == OBJ_POLICY;
}

static void push_rev(Arena *a, HashMap *rev, const char *key, const Object *o)
{
	PtrVec *v = hashmap_get(rev, key);
	if (!v) {
		v = ARENA_NEW(a, PtrVec);
		hashmap_put(rev, key, v);
	}
	vec_push(a, v, (void *) o);
}

/* key -> PtrVec* of the objects of `cat` whose deps name it; with `skip`,
 * only those not in `skip` (the desired side's new objects) */
static void index_dependents(PlanCtx *ctx, HashMap *rev, const Catalog *cat, const Catalog *skip)
{
	VEC_EACH(const Object *, o, &cat->objects)
		if (!skip || !catalog_find_key(skip, o->key))
			VEC_EACH(const char *, dep, &o->deps)
				push_rev(ctx->plan->arena, rev, dep, o);
}

static bool expr_mentions(const Expr *e, const char *name)
{
	return e && e->sql && strstr(e->sql, name);
}

/* Policies on `t` whose expressions read `column`: they block its type change. */
static void column_policies(PlanCtx *ctx, const Object *t, const char *column, PtrVec *out)
{
	VEC_EACH(const Object *, o, &ctx->live->objects) {
		if (o->kind != OBJ_POLICY || !str_equal(o->schema, t->schema) ||
		    !str_equal(o->parent, t->name))
			continue;
		const Policy *p = (const Policy *) o;
		if (expr_mentions(p->using_expr, column) || expr_mentions(p->check_expr, column))
			vec_push(ctx->plan->arena, out, (void *) o);
	}
}

/* Policies reading a column that uses collation `coll`, on the tables in
 * `keys`: the rebuild alters those columns (plan_collation.c). */
static void collation_policies(PlanCtx *ctx, const Object *coll, const PtrVec *keys, PtrVec *out)
{
	const char *qualified = ident_qualified(ctx->plan->arena, coll->schema, coll->name);
	PtrVec found = {0};
	VEC_EACH(const char *, k, keys) {
		const Object *t = catalog_find_key(ctx->live, k);
		if (t && t->kind == OBJ_TABLE)
			VEC_EACH(const Column *, c, &((const Table *) t)->columns)
				if (str_equal(c->collation, qualified))
					column_policies(ctx, t, c->name, &found);
	}
	/* a policy reading two of the columns is found twice */
	VEC_EACH(const Object *, p, &found) {
		bool dup = false;
		VEC_EACH(const Object *, q, out)
			dup = dup || q == p;
		if (!dup)
			vec_push(ctx->plan->arena, out, (void *) p);
	}
}

/* A trigger or policy of the table whose key is `table_key`. */
static bool own_object(PlanCtx *ctx, const Object *o, const char *table_key)
{
	return o->parent && strcmp(object_key(ctx->plan->arena, OBJ_TABLE, o->schema, NULL, o->parent, NULL),
				   table_key) == 0;
}

/* Dependents of `root`, breadth first (each after what it depends on).
 * A table rebuilt in place (plan_reorder.c) runs last, so what this plan
 * creates over it already exists then and moves too (`rev_new`). */
static PtrVec dependents_of(PlanCtx *ctx, HashMap *rev, HashMap *rev_new, const Change *ch)
{
	Arena *a = ctx->plan->arena;
	PtrVec found = {0};
	HashMap seen = HASHMAP_INIT;
	PtrVec keys = {0};
	bool collation = ch->type == CHG_REPLACE && ch->kind == OBJ_COLLATION;
	if (ch->type == CHG_ENUM_REBUILD || collation) {
		/* every table with a column of the type (or collation) is altered */
		VEC_EACH(const Object *, o, &ctx->live->objects)
			if (o->kind == OBJ_TABLE)
				VEC_EACH(const char *, d, &o->deps)
					if (strcmp(d, ch->from->key) == 0)
						vec_push(a, &keys, (void *) o->key);
	}
	if (ch->type != CHG_ENUM_REBUILD) /* a view may name the collation itself */
		vec_push(a, &keys, (void *) ch->from->key);
	if (ch->type == CHG_COLUMN_TYPE)
		column_policies(ctx, ch->from, ch->from_col->name, &found);
	if (collation)
		collation_policies(ctx, ch->from, &keys, &found);
	VEC_EACH(const Object *, o, &found)
		hashmap_put(&seen, o->key, (void *) o);
	size_t roots = keys.len;
	for (size_t i = 0; i < 2 * keys.len; i++) {
		HashMap *map = i % 2 ? rev_new : rev;
		if (map == rev_new && ch->type != CHG_COLUMN_ORDER)
			continue;
		PtrVec *deps = hashmap_get(map, keys.items[i / 2]);
		if (!deps)
			continue;
		VEC_EACH(const Object *, o, deps) {
			/* a table's own triggers and policies follow its columns
			 * only when they read the column (policies, above); those
			 * of a view dropped here go with it and come back too, as
			 * do other tables' policies that read the table */
			if (!recreatable(o->kind) || hashmap_get(&seen, o->key) ||
			    (i / 2 < roots && (ch->type != CHG_REPLACE || collation) &&
			     own_object(ctx, o, keys.items[i / 2])))
				continue;
			hashmap_put(&seen, o->key, (void *) o);
			vec_push(a, &found, (void *) o);
			vec_push(a, &keys, (void *) o->key);
		}
	}
	hashmap_release(&seen);
	return found;
}

static bool is_root(const Op *op)
{
	return op->moves_dependents && op->change && !op->no_transaction && op->sql.len;
}

static void wrap(PlanCtx *ctx, Op *op, const PtrVec *deps)
{
	Arena *a = ctx->plan->arena;
	StrBuf sb = STRBUF_INIT;
	PtrVec sql = {0};
	StrBuf names = STRBUF_INIT;
	for (size_t i = deps->len; i-- > 0;) {
		const Object *o = deps->items[i];
		ddl_drop(&sb, o);
		vec_push(a, &sql, arena_strndup(a, sb.buf, sb.len));
		strbuf_reset(&sb);
		strbuf_printf(&names, "%s%s %s", names.len ? ", " : "", obj_kind_name(o->kind),
			      display_name(ctx, o));
	}
	VEC_EACH(const char *, s, &op->sql)
		vec_push(a, &sql, (void *) s);
	VEC_EACH(const Object *, o, deps) {
		const Object *want = catalog_find_key(ctx->desired, o->key);
		if (!want)
			continue; /* going away in this plan: not recreated */
		ddl_create(&sb, want);
		vec_push(a, &sql, arena_strndup(a, sb.buf, sb.len));
		strbuf_reset(&sb);
		if (want->comment) {
			ddl_comment(&sb, want, want->comment);
			vec_push(a, &sql, arena_strndup(a, sb.buf, sb.len));
			strbuf_reset(&sb);
		}
		VEC_EACH(const char *, k, &want->deps)
			op_need(ctx, op, k);
	}
	op->sql = sql;
	op->note = arena_printf(a, "%s%sdropped and recreated in the same transaction: %s",
				op->note ? op->note : "", op->note ? "; " : "", names.buf);
	strbuf_release(&sb);
	strbuf_release(&names);
}

void plan_dependents(PlanCtx *ctx)
{
	HashMap rev = HASHMAP_INIT, rev_new = HASHMAP_INIT;
	index_dependents(ctx, &rev, ctx->live, NULL);
	index_dependents(ctx, &rev_new, ctx->desired, ctx->live);
	VEC_EACH(Op *, op, &ctx->plan->ops) {
		if (!is_root(op))
			continue;
		PtrVec deps = dependents_of(ctx, &rev, &rev_new, op->change);
		if (!deps.len)
			continue;
		wrap(ctx, op, &deps);
		VEC_EACH(const Object *, o, &deps)
			hashmap_put(&ctx->recreated, o->key, (void *) o);
	}
	hashmap_release(&rev);
	hashmap_release(&rev_new);
}

bool dependent_recreated(PlanCtx *ctx, const Object *o)
{
	return hashmap_get(&ctx->recreated, o->key) != NULL;
}
