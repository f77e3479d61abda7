/*
 * plan_cleanup.c - dropping leftover "__pgstage" helper objects: the sync
 * trigger, function and shadow column of a type change the desired schema
 * no longer asks for, a NOT NULL proof whose column is no longer wanted NOT
 * NULL, an index whose concurrent build failed.  They hold no user data.
 * Helpers the plan still uses are registered with helper_used().
 *
 * Memory ownership: see plan.h.
 */
#include "plan/plan_online.h"
#include "emit/ddl.h"
#include "model/ident.h"

#include <string.h>

static bool is_helper(const char *name)
{
	return strstr(name, "__pgstage") != NULL;
}

static bool used(PlanCtx *ctx, const char *schema, const char *table, const char *name)
{
	char *key = arena_printf(ctx->plan->arena, "%s\x1f%s\x1f%s", schema ? schema : "",
				 table ? table : "", name);
	return hashmap_get(&ctx->helpers_used, key) != NULL;
}

static Op *cleanup_op(PlanCtx *ctx, const Object *obj, int step)
{
	Op *op = op_new(ctx, PHASE_EXPAND, '-', NULL, (int) obj->kind * RANK_KIND + step);
	op->note = "a leftover of an interrupted or abandoned online change";
	return op;
}

/* Triggers go first (they call the functions), then columns and checks. */
static void cleanup_table(PlanCtx *ctx, const Table *t)
{
	StrBuf sb = STRBUF_INIT;
	VEC_EACH(const Column *, c, &t->columns) {
		if (!is_helper(c->name) || used(ctx, t->obj.schema, t->obj.name, c->name))
			continue;
		Op *op = cleanup_op(ctx, &t->obj, STEP_DROP_CONSTRAINT + 2);
		op_summary(ctx, op, "drop helper column %s.%s", display_name(ctx, &t->obj),
			   ident_quote(ctx->plan->arena, c->name));
		ddl_alter_table(&sb, t);
		strbuf_puts(&sb, " DROP COLUMN IF EXISTS ");
		strbuf_ident(&sb, c->name);
		op_sql(ctx, op, &sb);
		op->lock = "ACCESS EXCLUSIVE";
		op->lock_schema = t->obj.schema;
		op->lock_table = t->obj.name;
	}
	VEC_EACH(const Constraint *, k, &t->constraints) {
		if (!is_helper(k->name) || used(ctx, t->obj.schema, t->obj.name, k->name))
			continue;
		Op *op = cleanup_op(ctx, &t->obj, STEP_DROP_CONSTRAINT);
		op_summary(ctx, op, "drop helper constraint %s on %s",
			   ident_quote(ctx->plan->arena, k->name), display_name(ctx, &t->obj));
		ddl_alter_table(&sb, t);
		strbuf_puts(&sb, " DROP CONSTRAINT IF EXISTS ");
		strbuf_ident(&sb, k->name);
		op_sql(ctx, op, &sb);
		op->lock = "ACCESS EXCLUSIVE";
		op->lock_schema = t->obj.schema;
		op->lock_table = t->obj.name;
	}
	strbuf_release(&sb);
}

void plan_cleanup_helpers(PlanCtx *ctx)
{
	StrBuf sb = STRBUF_INIT;
	VEC_EACH(const Object *, o, &ctx->live->objects) {
		if (o->kind == OBJ_TABLE) {
			cleanup_table(ctx, (const Table *) o);
			continue;
		}
		if (!is_helper(o->name))
			continue;
		if (o->kind == OBJ_TRIGGER && !used(ctx, o->schema, o->parent, o->name)) {
			Op *op = cleanup_op(ctx, o, 0);
			op->rank = OBJ_FUNCTION * RANK_KIND - 1; /* before its function */
			op_summary(ctx, op, "drop helper trigger %s", display_name(ctx, o));
			ddl_drop(&sb, o);
			op_sql(ctx, op, &sb);
		} else if (o->kind == OBJ_FUNCTION && !used(ctx, o->schema, NULL, o->name)) {
			Op *op = cleanup_op(ctx, o, 0);
			op_summary(ctx, op, "drop helper function %s", display_name(ctx, o));
			ddl_drop(&sb, o);
			op_sql(ctx, op, &sb);
		} else if (o->kind == OBJ_INDEX && !used(ctx, o->schema, NULL, o->name)) {
			Op *op = cleanup_op(ctx, o, 0);
			op_summary(ctx, op, "drop helper index %s", display_name(ctx, o));
			plan_online_drop_index(ctx, op, (const Index *) o);
		}
	}
	strbuf_release(&sb);
}
