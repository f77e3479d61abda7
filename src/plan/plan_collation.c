/*
 * plan_collation.c - a collation whose definition changed.  PostgreSQL
 * cannot alter a collation, and cannot drop one that a column or an index
 * uses.  Unused, it is dropped and created again.  Used, it is rebuilt the
 * way an enum is (plan_types.c), in one transaction: the old one renamed
 * aside, the new one created under the name, the indexes that use it
 * dropped, every column that uses it moved over (ALTER COLUMN ... TYPE
 * <same type> COLLATE: no table rewrite, the column's indexes are rebuilt),
 * the indexes created again from their live definitions, the old collation
 * dropped.  Views that read those columns or name the collation are dropped
 * and recreated around it (plan_dependents.c).
 *
 * Memory ownership: see plan.h.
 */
#include "plan/plan_online.h"
#include "emit/ddl.h"
#include "model/ident.h"

#include <string.h>

static bool depends_on(const Object *o, const char *key)
{
	VEC_EACH(const char *, k, &o->deps)
		if (strcmp(k, key) == 0)
			return true;
	return false;
}

/* A partition's or child's column follows its parent's ALTER (altering it
 * on its own is refused as an inherited column). */
static bool inherited_column(PlanCtx *ctx, const Table *t, const Column *c)
{
	if (!t->parent_table)
		return false;
	const Table *p = catalog_find_table(ctx->live, t->parent_schema, t->parent_table);
	const Column *pc = p ? table_find_column(p, c->name) : NULL;
	return pc && str_equal(pc->collation, c->collation);
}

static void drop_and_create(PlanCtx *ctx, Op *op, const Change *ch, StrBuf *sb)
{
	ddl_drop(sb, ch->from);
	op_sql(ctx, op, sb);
	ddl_create(sb, ch->to);
	op_sql(ctx, op, sb);
}

/* Domains and composite types cannot change their collation in place. */
static const char *type_blocker(PlanCtx *ctx, const Object *coll)
{
	VEC_EACH(const Object *, o, &ctx->live->objects)
		if ((o->kind == OBJ_DOMAIN || o->kind == OBJ_COMPOSITE) && depends_on(o, coll->key))
			return arena_printf(ctx->plan->arena,
					    "%s %s uses the collation and PostgreSQL cannot change it in "
					    "place: the DROP of the old definition fails; drop the %s first",
					    obj_kind_name(o->kind), display_name(ctx, o),
					    obj_kind_name(o->kind));
	return NULL;
}

void plan_collation_replace(PlanCtx *ctx, const Change *ch)
{
	Arena *a = ctx->plan->arena;
	const Object *from = ch->from, *to = ch->to;
	const char *qualified = ident_qualified(a, to->schema, to->name);
	StrBuf sb = STRBUF_INIT;
	Op *op = op_new(ctx, PHASE_EXPAND, '~', ch, OBJ_COLLATION * RANK_KIND + STEP_ALTER);
	op_summary(ctx, op, "replace collation %s (%s)", qualified, ch->detail ? ch->detail : "changed");
	op->creates = to->key;
	op_need_object_deps(ctx, op, to);
	op->moves_dependents = true;
	apply_drop_policy(op, to->drop_policy);

	PtrVec indexes = {0}, tables = {0};
	VEC_EACH(const Object *, o, &ctx->live->objects) {
		if (!depends_on(o, from->key))
			continue;
		if (o->kind == OBJ_INDEX)
			vec_push(a, &indexes, (void *) o);
		else if (o->kind == OBJ_TABLE)
			vec_push(a, &tables, (void *) o);
	}
	if (!indexes.len && !tables.len) {
		drop_and_create(ctx, op, ch, &sb);
		op->note = type_blocker(ctx, from);
		if (to->comment) {
			ddl_comment(&sb, to, to->comment);
			op_sql(ctx, op, &sb);
		}
		strbuf_release(&sb);
		return;
	}

	const char *old_name = helper_name(ctx, to->name, "__pgstage_old");
	helper_used(ctx, to->schema, NULL, old_name);
	strbuf_printf(&sb, "ALTER COLLATION %s RENAME TO ", qualified);
	strbuf_ident(&sb, old_name);
	op_sql(ctx, op, &sb);
	ddl_create(&sb, to);
	op_sql(ctx, op, &sb);
	if (to->comment) {
		ddl_comment(&sb, to, to->comment);
		op_sql(ctx, op, &sb);
	}
	/* an index naming the collation would be rebuilt by the ALTERs below
	 * from a definition that now names the renamed old one */
	VEC_EACH(const Index *, ix, &indexes) {
		ddl_drop(&sb, &ix->obj);
		op_sql(ctx, op, &sb);
	}
	VEC_EACH(const Table *, t, &tables)
		VEC_EACH(const Column *, c, &t->columns) {
			if (!str_equal(c->collation, qualified) || inherited_column(ctx, t, c))
				continue;
			ddl_alter_column(&sb, t, c->name);
			strbuf_printf(&sb, " TYPE %s COLLATE %s", c->type, qualified);
			op_sql(ctx, op, &sb);
		}
	/* as they were: a change the desired schema makes to one is its own op */
	VEC_EACH(const Index *, ix, &indexes) {
		ddl_create_index(&sb, ix, false, NULL);
		op_sql(ctx, op, &sb);
	}
	strbuf_puts(&sb, "DROP COLLATION ");
	strbuf_qualified(&sb, to->schema, old_name);
	op_sql(ctx, op, &sb);
	/* the table locks are taken one by one inside the transaction */
	op->lock = "ACCESS EXCLUSIVE";
	if (tables.len == 1) {
		op->lock_schema = ((const Table *) tables.items[0])->obj.schema;
		op->lock_table = ((const Table *) tables.items[0])->obj.name;
	}
	op->hazards = HAZ_BLOCKS_READS | HAZ_BLOCKS_WRITES;
	const char *blocker = type_blocker(ctx, from);
	op->note = blocker ? blocker
			   : "no table rewrite; the indexes on the columns that use it are rebuilt "
			     "under the lock";
	strbuf_release(&sb);
}
