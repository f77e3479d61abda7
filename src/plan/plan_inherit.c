/*
 * plan_inherit.c - a column moving from an inheritance parent down to its
 * children.  ALTER TABLE ADD COLUMN on a child that inherits the column
 * fails (it already exists), and a plain DROP COLUMN on the parent takes
 * the children's inherited copy and its data with it.  So the parent drops
 * it with ALTER TABLE ONLY, which leaves each child's column in place as
 * its own; children that do not keep it drop it themselves, and the ones
 * that do get the desired default, NOT NULL and comment, all in the same
 * operation.  (The other way, child to parent, the parent's ADD COLUMN
 * merges with the child's column: see diff_table.c.)
 *
 * Memory ownership: see plan.h.
 */
#include "plan/plan_online.h"
#include "emit/ddl.h"
#include "model/ident.h"

static bool inherits_from(const Table *child, const Table *parent)
{
	return child->parent_table && !child->partition_bound &&
	       str_equal(child->parent_schema, parent->obj.schema) &&
	       str_equal(child->parent_table, parent->obj.name);
}

bool inherit_add_is_move(PlanCtx *ctx, const Change *add)
{
	const Table *child = (const Table *) add->from;
	if (!child || !child->parent_table || child->partition_bound)
		return false;
	const Table *live_parent = catalog_find_table(ctx->live, child->parent_schema, child->parent_table);
	const Table *want_parent = catalog_find_table(ctx->desired, child->parent_schema, child->parent_table);
	return live_parent && want_parent && table_find_column(live_parent, add->to_col->name) &&
	       !table_find_column(want_parent, add->to_col->name);
}

/* The desired definition of a column the child had from `pc`, statement by statement. */
static void align_kept_column(PlanCtx *ctx, Op *op, const Table *child, const Column *pc,
			      const Column *want, StrBuf *sb)
{
	if (!str_equal(pc->type, want->type) || !str_equal(pc->collation, want->collation)) {
		ddl_alter_column(sb, child, want->name);
		strbuf_printf(sb, " TYPE %s", want->type);
		if (want->collation)
			strbuf_printf(sb, " COLLATE %s", want->collation);
		strbuf_puts(sb, " USING ");
		strbuf_ident(sb, want->name);
		strbuf_printf(sb, "::%s", want->type);
		op_sql(ctx, op, sb);
	}
	if (!expr_equal(pc->default_expr, want->default_expr) && !want->generated && !want->identity) {
		ddl_alter_column(sb, child, want->name);
		if (want->default_expr)
			strbuf_printf(sb, " SET DEFAULT %s", want->default_expr->sql);
		else
			strbuf_puts(sb, " DROP DEFAULT");
		op_sql(ctx, op, sb);
	}
	if (pc->not_null != column_effective_not_null(child, want)) {
		ddl_alter_column(sb, child, want->name);
		strbuf_puts(sb, pc->not_null ? " DROP NOT NULL" : " SET NOT NULL");
		op_sql(ctx, op, sb);
	}
	if (want->comment) {
		ddl_column_comment(sb, child, want, want->comment);
		op_sql(ctx, op, sb);
	}
}

bool plan_inherit_drop_column(PlanCtx *ctx, Op *op, const Change *drop)
{
	const Table *parent = (const Table *) drop->from;
	const Column *pc = drop->from_col;
	PtrVec keep = {0}, lose = {0};
	Arena *a = ctx->plan->arena;
	VEC_EACH(const Object *, o, &ctx->live->objects) {
		if (o->kind != OBJ_TABLE || !inherits_from((const Table *) o, parent))
			continue;
		const Table *want = catalog_find_table(ctx->desired, o->schema, o->name);
		if (!want || !inherits_from(want, parent))
			continue; /* dropped or replaced by this plan */
		if (table_find_column(want, pc->name))
			vec_push(a, &keep, (void *) want);
		else if (!table_find_column((const Table *) o, pc->name))
			vec_push(a, &lose, (void *) want);
	}
	if (!keep.len)
		return false;
	StrBuf sb = STRBUF_INIT, names = STRBUF_INIT;
	strbuf_puts(&sb, "ALTER TABLE ONLY ");
	ddl_object_name(&sb, &parent->obj);
	strbuf_puts(&sb, " DROP COLUMN ");
	strbuf_ident(&sb, pc->name);
	op_sql(ctx, op, &sb);
	VEC_EACH(const Table *, child, &keep) {
		align_kept_column(ctx, op, child, pc, table_find_column(child, pc->name), &sb);
		strbuf_printf(&names, "%s%s", names.len ? ", " : "", display_name(ctx, &child->obj));
	}
	VEC_EACH(const Table *, child, &lose) {
		ddl_alter_table(&sb, child);
		strbuf_puts(&sb, " DROP COLUMN ");
		strbuf_ident(&sb, pc->name);
		op_sql(ctx, op, &sb);
	}
	op->note = arena_printf(a, "ONLY the parent: %s keep%s the column and its data as %s own",
				names.buf, keep.len == 1 ? "s" : "", keep.len == 1 ? "its" : "their");
	strbuf_release(&sb);
	strbuf_release(&names);
	return true;
}
