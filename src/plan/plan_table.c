/*
 * plan_table.c - operations for changes inside a table that stays:
 * columns, constraints, logging and row level security.
 * Memory ownership: see plan.h.
 */
#include "plan/plan_online.h"
#include "emit/ddl.h"
#include "model/ident.h"

#include <stdio.h>
#include <string.h>

static const Table *to_table(const Change *ch)
{
	return (const Table *) ch->to;
}

static const Table *from_table(const Change *ch)
{
	return (const Table *) ch->from;
}

static Op *table_op(PlanCtx *ctx, const Change *ch, Phase phase, char action, int step)
{
	Op *op = op_new(ctx, phase, action, ch, OBJ_TABLE * RANK_KIND + step);
	op_need(ctx, op, ch->to->key);
	/* over-approximate: whatever the table's new definition needs */
	VEC_EACH(const char *, k, &ch->to->deps)
		op_need(ctx, op, k);
	op_need_owned_sequences(ctx, op, ch->to);
	op->lock = "ACCESS EXCLUSIVE";
	op->lock_schema = ch->to->schema;
	op->lock_table = ch->to->name;
	return op;
}

static const char *col_display(PlanCtx *ctx, const Change *ch)
{
	const Column *c = ch->to_col ? ch->to_col : ch->from_col;
	return arena_printf(ctx->plan->arena, "%s.%s", display_name(ctx, ch->to),
			    ident_quote(ctx->plan->arena, c->name));
}

static void plan_column_default(PlanCtx *ctx, const Change *ch)
{
	if (sibling_change(ctx, ch, CHG_COLUMN_TYPE) || sibling_change(ctx, ch, CHG_COLUMN_IDENTITY))
		return; /* handled by the type or identity change */
	const Column *tc = ch->to_col;
	StrBuf sb = STRBUF_INIT;
	Op *op = table_op(ctx, ch, PHASE_EXPAND, '~', STEP_COLUMN);
	ddl_alter_column(&sb, to_table(ch), tc->name);
	if (tc->default_expr) {
		op_summary(ctx, op, "set default of %s to %s", col_display(ctx, ch), tc->default_expr->sql);
		strbuf_printf(&sb, " SET DEFAULT %s", tc->default_expr->sql);
	} else {
		op_summary(ctx, op, "drop default of %s", col_display(ctx, ch));
		strbuf_puts(&sb, " DROP DEFAULT");
	}
	op_sql(ctx, op, &sb);
	strbuf_release(&sb);
}

static void plan_not_null(PlanCtx *ctx, const Change *ch)
{
	const Change *ident = sibling_change(ctx, ch, CHG_COLUMN_IDENTITY);
	if (ident && ch->to_col->identity)
		return; /* adding the identity sets NOT NULL first */
	bool set = column_effective_not_null(to_table(ch), ch->to_col);
	if (set && online_enabled(ctx)) {
		plan_online_set_not_null(ctx, ch, false);
		return;
	}
	StrBuf sb = STRBUF_INIT;
	Op *op = table_op(ctx, ch, set ? PHASE_TIGHTEN : PHASE_EXPAND, '~', STEP_COLUMN + 1);
	op_summary(ctx, op, "%s not null on %s", set ? "set" : "drop", col_display(ctx, ch));
	ddl_alter_column(&sb, to_table(ch), ch->to_col->name);
	strbuf_puts(&sb, set ? " SET NOT NULL" : " DROP NOT NULL");
	op_sql(ctx, op, &sb);
	if (set)
		op->hazards = HAZ_TABLE_SCAN | HAZ_BLOCKS_READS | HAZ_BLOCKS_WRITES;
	strbuf_release(&sb);
}

static void identity_option_changes(StrBuf *sb, const SeqOptions *a, const SeqOptions *b)
{
	if (a->increment != b->increment)
		strbuf_printf(sb, " SET INCREMENT BY %lld", (long long) b->increment);
	if (a->min != b->min)
		strbuf_printf(sb, " SET MINVALUE %lld", (long long) b->min);
	if (a->max != b->max)
		strbuf_printf(sb, " SET MAXVALUE %lld", (long long) b->max);
	if (a->start != b->start)
		strbuf_printf(sb, " SET START WITH %lld", (long long) b->start);
	if (a->cache != b->cache)
		strbuf_printf(sb, " SET CACHE %lld", (long long) b->cache);
	if (a->cycle != b->cycle)
		strbuf_puts(sb, b->cycle ? " SET CYCLE" : " SET NO CYCLE");
}

static void plan_identity(PlanCtx *ctx, const Change *ch)
{
	const Table *t = to_table(ch);
	const Column *fc = ch->from_col, *tc = ch->to_col;
	StrBuf sb = STRBUF_INIT;
	Op *op = table_op(ctx, ch, PHASE_EXPAND, '~', STEP_COLUMN);
	if (!fc->identity) {
		op_summary(ctx, op, "add identity to %s", col_display(ctx, ch));
		if (fc->default_expr) {
			ddl_alter_column(&sb, t, tc->name);
			strbuf_puts(&sb, " DROP DEFAULT");
			op_sql(ctx, op, &sb);
		}
		if (!column_effective_not_null(from_table(ch), fc)) {
			ddl_alter_column(&sb, t, tc->name);
			strbuf_puts(&sb, " SET NOT NULL");
			op_sql(ctx, op, &sb);
		}
		ddl_alter_column(&sb, t, tc->name);
		strbuf_printf(&sb, " ADD GENERATED %s AS IDENTITY",
			      tc->identity == 'a' ? "ALWAYS" : "BY DEFAULT");
		StrBuf opts = STRBUF_INIT;
		ddl_seq_options(&opts, tc->identity_seq, false);
		if (opts.len)
			strbuf_printf(&sb, " (%s)", opts.buf + 1);
		strbuf_release(&opts);
		op_sql(ctx, op, &sb);
		/* existing rows hold values the new sequence would hand out again */
		strbuf_puts(&sb, "SELECT setval(pg_get_serial_sequence(");
		StrBuf name = STRBUF_INIT;
		ddl_object_name(&name, &t->obj);
		strbuf_literal(&sb, name.buf);
		strbuf_puts(&sb, ", ");
		strbuf_literal(&sb, tc->name);
		strbuf_puts(&sb, "), max(");
		strbuf_ident(&sb, tc->name);
		strbuf_puts(&sb, ")) FROM ");
		strbuf_puts(&sb, name.buf);
		strbuf_puts(&sb, " HAVING max(");
		strbuf_ident(&sb, tc->name);
		strbuf_puts(&sb, ") IS NOT NULL");
		strbuf_release(&name);
		op_sql(ctx, op, &sb);
	} else if (!tc->identity) {
		op_summary(ctx, op, "drop identity of %s", col_display(ctx, ch));
		ddl_alter_column(&sb, t, tc->name);
		strbuf_puts(&sb, " DROP IDENTITY");
		op_sql(ctx, op, &sb);
		if (tc->default_expr) {
			ddl_alter_column(&sb, t, tc->name);
			strbuf_printf(&sb, " SET DEFAULT %s", tc->default_expr->sql);
			op_sql(ctx, op, &sb);
		}
	} else {
		op_summary(ctx, op, "alter identity of %s", col_display(ctx, ch));
		ddl_alter_column(&sb, t, tc->name);
		size_t base = sb.len;
		if (fc->identity != tc->identity)
			strbuf_printf(&sb, " SET GENERATED %s",
				      tc->identity == 'a' ? "ALWAYS" : "BY DEFAULT");
		identity_option_changes(&sb, fc->identity_seq, tc->identity_seq);
		if (sb.len > base)
			op_sql(ctx, op, &sb);
	}
	strbuf_release(&sb);
}

/* PostgreSQL 15 cannot change a generation expression in place: drop the
 * expression (column becomes plain) or recreate the column (values are
 * derived, so nothing is lost). */
static void plan_generated(PlanCtx *ctx, const Change *ch)
{
	const Table *t = to_table(ch);
	const Column *fc = ch->from_col, *tc = ch->to_col;
	StrBuf sb = STRBUF_INIT;
	Op *op = table_op(ctx, ch, PHASE_EXPAND, '~', STEP_COLUMN);
	if (fc->generated && !tc->generated) {
		op_summary(ctx, op, "drop generation expression of %s", col_display(ctx, ch));
		ddl_alter_column(&sb, t, tc->name);
		strbuf_puts(&sb, " DROP EXPRESSION");
		op_sql(ctx, op, &sb);
		if (tc->default_expr) {
			ddl_alter_column(&sb, t, tc->name);
			strbuf_printf(&sb, " SET DEFAULT %s", tc->default_expr->sql);
			op_sql(ctx, op, &sb);
		}
		op->hazards = HAZ_BLOCKS_READS | HAZ_BLOCKS_WRITES;
	} else {
		op_summary(ctx, op, "recreate generated column %s", col_display(ctx, ch));
		op->note = fc->generated ? "the column moves to the end of the table"
					 : "existing values are replaced by the generated ones";
		ddl_alter_table(&sb, t);
		strbuf_puts(&sb, " DROP COLUMN ");
		strbuf_ident(&sb, fc->name);
		strbuf_puts(&sb, ", ADD COLUMN ");
		ddl_column_def(&sb, tc);
		op_sql(ctx, op, &sb);
		if (tc->comment) {
			ddl_column_comment(&sb, t, tc, tc->comment);
			op_sql(ctx, op, &sb);
		}
		plan_column_grants_back(ctx, op, ch, tc->name); /* a new column */
		op->hazards = HAZ_TABLE_REWRITE | HAZ_BLOCKS_READS | HAZ_BLOCKS_WRITES |
			      (fc->generated ? 0 : HAZ_DATA_LOSS);
	}
	strbuf_release(&sb);
}

static void plan_add_column(PlanCtx *ctx, const Change *ch)
{
	if (inherit_add_is_move(ctx, ch))
		return; /* the parent's ONLY drop leaves it to the child (plan_inherit.c) */
	if (plan_online_add_column(ctx, ch))
		return;
	const Table *t = to_table(ch);
	StrBuf sb = STRBUF_INIT;
	Op *op = table_op(ctx, ch, PHASE_EXPAND, '+', STEP_ADD_COLUMN);
	op_summary(ctx, op, "add column %s %s%s%s", col_display(ctx, ch), ch->to_col->type,
		   ch->to_col->collation ? " COLLATE " : "",
		   ch->to_col->collation ? ch->to_col->collation : "");
	ddl_alter_table(&sb, t);
	strbuf_puts(&sb, " ADD COLUMN ");
	ddl_column_def(&sb, ch->to_col);
	op_sql(ctx, op, &sb);
	if (ch->to_col->comment) {
		ddl_column_comment(&sb, t, ch->to_col, ch->to_col->comment);
		op_sql(ctx, op, &sb);
	}
	if (ch->to_col->generated || ch->to_col->identity)
		op->hazards = HAZ_TABLE_REWRITE | HAZ_BLOCKS_READS | HAZ_BLOCKS_WRITES;
	strbuf_release(&sb);
}

/* A column dropped while another of the same type is added to the same
 * table is most likely a rename that the desired schema does not say. */
static const Column *likely_rename_target(PlanCtx *ctx, const Change *drop)
{
	VEC_EACH(const Change *, other, &ctx->diff->changes)
		if (other->type == CHG_ADD_COLUMN && other->to == drop->to &&
		    str_equal(other->to_col->type, drop->from_col->type) && !other->to_col->renamed_from &&
		    !inherit_add_is_move(ctx, other))
			return other->to_col;
	return NULL;
}

static void plan_drop_column(PlanCtx *ctx, const Change *ch)
{
	StrBuf sb = STRBUF_INIT;
	Op *op = op_new(ctx, PHASE_CONTRACT, '-', ch, OBJ_TABLE * RANK_KIND + STEP_ADD_COLUMN);
	op_summary(ctx, op, "drop column %s", col_display(ctx, ch));
	apply_drop_policy(op, ch->to->drop_policy);
	VEC_EACH(const char *, k, &ch->from->deps)
		op_release(ctx, op, k);
	if (!plan_inherit_drop_column(ctx, op, ch)) {
		ddl_alter_table(&sb, to_table(ch));
		strbuf_puts(&sb, " DROP COLUMN ");
		strbuf_ident(&sb, ch->from_col->name);
		op_sql(ctx, op, &sb);
	}
	op->hazards = HAZ_DATA_LOSS | HAZ_IRREVERSIBLE;
	op->lock = "ACCESS EXCLUSIVE";
	op->lock_schema = ch->from->schema;
	op->lock_table = ch->from->name;
	const Column *target = likely_rename_target(ctx, ch);
	if (target) {
		Arena *a = ctx->plan->arena;
		op->note = arena_printf(a, "likely renamed to %s: its data is lost unless the desired "
					   "schema says so",
					ident_quote(a, target->name));
		vec_push(a, &ctx->plan->warnings,
			 arena_printf(a, "%s: column %s is dropped and %s (%s) added: if this is a "
					 "rename, mark it with `-- pgstage: renamed from %s` on column %s "
					 "to keep the data",
				      display_name(ctx, ch->from), ident_quote(a, ch->from_col->name),
				      ident_quote(a, target->name), target->type,
				      ident_quote(a, ch->from_col->name), ident_quote(a, target->name)));
	}
	strbuf_release(&sb);
}

static void plan_add_constraint(PlanCtx *ctx, const Change *ch)
{
	if (plan_online_add_constraint(ctx, ch))
		return;
	const Constraint *k = ch->to_con;
	bool fk = k->type == CON_FOREIGN;
	StrBuf sb = STRBUF_INIT;
	Op *op = table_op(ctx, ch, PHASE_EXPAND, '+', fk ? STEP_ADD_FK : STEP_ADD_CONSTRAINT);
	op_summary(ctx, op, "add constraint %s on %s", ident_quote(ctx->plan->arena, k->name),
		   display_name(ctx, ch->to));
	ddl_add_constraint(&sb, to_table(ch), k);
	op_sql(ctx, op, &sb);
	if (k->comment) {
		ddl_constraint_comment(&sb, to_table(ch), k, k->comment);
		op_sql(ctx, op, &sb);
	}
	if (fk) {
		op_need(ctx, op, object_key(ctx->plan->arena, OBJ_TABLE, k->ref_schema, NULL,
					    k->ref_table, NULL));
		op->lock = "SHARE ROW EXCLUSIVE";
	}
	op->hazards = HAZ_TABLE_SCAN | HAZ_BLOCKS_WRITES | (fk ? 0 : HAZ_BLOCKS_READS);
	strbuf_release(&sb);
}

static void plan_drop_constraint(PlanCtx *ctx, const Change *ch)
{
	const Constraint *k = ch->from_con;
	bool fk = k->type == CON_FOREIGN;
	StrBuf sb = STRBUF_INIT;
	Op *op = table_op(ctx, ch, PHASE_EXPAND, '-', fk ? STEP_DROP_FK : STEP_DROP_CONSTRAINT);
	op_summary(ctx, op, "drop constraint %s on %s", ident_quote(ctx->plan->arena, k->name),
		   display_name(ctx, ch->from));
	ddl_drop_constraint(&sb, to_table(ch), k);
	op_sql(ctx, op, &sb);
	if (fk)
		op_release(ctx, op, object_key(ctx->plan->arena, OBJ_TABLE, k->ref_schema, NULL,
					       k->ref_table, NULL));
	strbuf_release(&sb);
}

static void plan_simple(PlanCtx *ctx, const Change *ch, int step, const char *summary,
			const char *stmt1, const char *stmt2)
{
	StrBuf sb = STRBUF_INIT;
	Op *op = table_op(ctx, ch, PHASE_EXPAND, '~', step);
	op_summary(ctx, op, "%s %s", summary, display_name(ctx, ch->to));
	const char *stmts[] = {stmt1, stmt2};
	for (int i = 0; i < 2; i++) {
		if (!stmts[i])
			continue;
		ddl_alter_table(&sb, to_table(ch));
		strbuf_printf(&sb, " %s", stmts[i]);
		op_sql(ctx, op, &sb);
	}
	strbuf_release(&sb);
}

static void plan_validate_constraint(PlanCtx *ctx, const Change *ch)
{
	StrBuf sb = STRBUF_INIT;
	Op *op = table_op(ctx, ch, PHASE_TIGHTEN, '~', STEP_ADD_CONSTRAINT);
	op_summary(ctx, op, "validate constraint %s on %s", ident_quote(ctx->plan->arena, ch->to_con->name),
		   display_name(ctx, ch->to));
	ddl_alter_table(&sb, to_table(ch));
	strbuf_puts(&sb, " VALIDATE CONSTRAINT ");
	strbuf_ident(&sb, ch->to_con->name);
	op_sql(ctx, op, &sb);
	op->lock = "SHARE UPDATE EXCLUSIVE";
	op->hazards = HAZ_TABLE_SCAN;
	op->note = "left NOT VALID by an earlier, interrupted run";
	strbuf_release(&sb);
}

static void plan_column_comment(PlanCtx *ctx, const Change *ch)
{
	StrBuf sb = STRBUF_INIT;
	Op *op = table_op(ctx, ch, PHASE_EXPAND, '~', STEP_COMMENT);
	op->lock = NULL;
	op_summary(ctx, op, "%s comment on column %s", ch->to_col->comment ? "set" : "remove",
		   col_display(ctx, ch));
	ddl_column_comment(&sb, to_table(ch), ch->to_col, ch->to_col->comment);
	op_sql(ctx, op, &sb);
	strbuf_release(&sb);
}

static void plan_constraint_comment(PlanCtx *ctx, const Change *ch)
{
	StrBuf sb = STRBUF_INIT;
	Op *op = table_op(ctx, ch, PHASE_EXPAND, '~', STEP_COMMENT);
	op->lock = NULL;
	op_summary(ctx, op, "%s comment on constraint %s on %s", ch->to_con->comment ? "set" : "remove",
		   ident_quote(ctx->plan->arena, ch->to_con->name), display_name(ctx, ch->to));
	ddl_constraint_comment(&sb, to_table(ch), ch->to_con, ch->to_con->comment);
	op_sql(ctx, op, &sb);
	strbuf_release(&sb);
}

static void plan_rename_part(PlanCtx *ctx, const Change *ch)
{
	bool column = ch->type == CHG_RENAME_COLUMN;
	const char *old = column ? ch->from_col->name : ch->from_con->name;
	const char *new = column ? ch->to_col->name : ch->to_con->name;
	StrBuf sb = STRBUF_INIT;
	Op *op = table_op(ctx, ch, PHASE_EXPAND, '~', STEP_ADD_COLUMN - 5);
	op_summary(ctx, op, "rename %s %s of %s to %s", column ? "column" : "constraint",
		   ident_quote(ctx->plan->arena, old), display_name(ctx, ch->to),
		   ident_quote(ctx->plan->arena, new));
	ddl_alter_table(&sb, to_table(ch));
	strbuf_printf(&sb, " RENAME %s ", column ? "COLUMN" : "CONSTRAINT");
	strbuf_ident(&sb, old);
	strbuf_puts(&sb, " TO ");
	strbuf_ident(&sb, new);
	op_sql(ctx, op, &sb);
	op->note = "from a `renamed from` directive: the data stays";
	if (column)
		rename_hazard(op, OBJ_TABLE);
	strbuf_release(&sb);
}

void plan_table_change(PlanCtx *ctx, const Change *ch)
{
	const Table *t = to_table(ch);
	switch (ch->type) {
	case CHG_RENAME_COLUMN:
	case CHG_RENAME_CONSTRAINT:
		plan_rename_part(ctx, ch);
		break;
	case CHG_ADD_COLUMN:
		plan_add_column(ctx, ch);
		break;
	case CHG_DROP_COLUMN:
		plan_drop_column(ctx, ch);
		break;
	case CHG_COLUMN_TYPE:
		plan_type_change_column(ctx, ch);
		break;
	case CHG_COLUMN_DEFAULT:
		plan_column_default(ctx, ch);
		break;
	case CHG_COLUMN_NOT_NULL:
		plan_not_null(ctx, ch);
		break;
	case CHG_COLUMN_IDENTITY:
		plan_identity(ctx, ch);
		break;
	case CHG_COLUMN_GENERATED:
		plan_generated(ctx, ch);
		break;
	case CHG_COLUMN_COMMENT:
		plan_column_comment(ctx, ch);
		break;
	case CHG_ADD_CONSTRAINT:
		plan_add_constraint(ctx, ch);
		break;
	case CHG_DROP_CONSTRAINT:
		plan_drop_constraint(ctx, ch);
		break;
	case CHG_CONSTRAINT_COMMENT:
		plan_constraint_comment(ctx, ch);
		break;
	case CHG_VALIDATE_CONSTRAINT:
		plan_validate_constraint(ctx, ch);
		break;
	case CHG_TABLE_LOGGED:
		plan_simple(ctx, ch, STEP_ALTER, t->unlogged ? "set unlogged" : "set logged",
			    t->unlogged ? "SET UNLOGGED" : "SET LOGGED", NULL);
		break;
	case CHG_TABLE_RLS:
		plan_simple(ctx, ch, STEP_COLUMN + 5, "set row level security on",
			    t->rls_enabled ? "ENABLE ROW LEVEL SECURITY" : "DISABLE ROW LEVEL SECURITY",
			    t->rls_forced ? "FORCE ROW LEVEL SECURITY" : "NO FORCE ROW LEVEL SECURITY");
		break;
	default:
		break;
	}
}
