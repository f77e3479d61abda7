/*
 * diff_table.c - columns, constraints and table options of one table.
 * Memory ownership: as diff.h.
 */
#include "diff/diff_internal.h"

#include <string.h>

static bool in_list(const PtrVec *v, const char *s)
{
	VEC_EACH(const char *, x, v)
		if (strcmp(x, s) == 0)
			return true;
	return false;
}

bool column_effective_not_null(const Table *t, const Column *c)
{
	if (c->not_null || c->identity)
		return true;
	const Constraint *pk = table_primary_key(t);
	return pk && in_list(&pk->columns, c->name);
}

bool seqopts_equal(const SeqOptions *a, const SeqOptions *b)
{
	return str_equal(a->type ? a->type : "bigint", b->type ? b->type : "bigint") &&
	       a->start == b->start && a->increment == b->increment && a->min == b->min &&
	       a->max == b->max && a->cache == b->cache && a->cycle == b->cycle;
}

static Change *column_change(Diff *d, ChangeType type, const Table *from, const Table *to,
			     const Column *fc, const Column *tc)
{
	Change *ch = diff_add(d, type, &from->obj, &to->obj);
	ch->from_col = fc;
	ch->to_col = tc;
	return ch;
}

/* The live column a desired one pairs with through its "renamed from"
 * directive, while the rename has not run yet. */
static const Column *rename_source(const Table *from, const Table *to, const Column *tc)
{
	if (!tc->renamed_from || table_find_column(from, tc->name) ||
	    table_find_column(to, tc->renamed_from))
		return NULL;
	return table_find_column(from, tc->renamed_from);
}

/* The desired column a live column becomes by a "renamed from" directive. */
static const Column *renamed_column(const Table *from, const Table *to, const Column *fc)
{
	VEC_EACH(const Column *, tc, &to->columns)
		if (rename_source(from, to, tc) == fc)
			return tc;
	return NULL;
}

static void diff_column(Diff *d, const Table *from, const Table *to, const Column *fc,
			const Column *tc)
{
	if (!str_equal(fc->type, tc->type))
		column_change(d, CHG_COLUMN_TYPE, from, to, fc, tc)->detail =
			arena_printf(d->arena, "%s -> %s", fc->type, tc->type);
	else if (!collation_equal(d, fc->collation, tc->collation))
		column_change(d, CHG_COLUMN_TYPE, from, to, fc, tc)->detail =
			arena_printf(d->arena, "collation %s -> %s",
				     fc->collation ? fc->collation : "default",
				     tc->collation ? tc->collation : "default");
	if (!expr_equal(fc->generated, tc->generated)) {
		column_change(d, CHG_COLUMN_GENERATED, from, to, fc, tc);
	} else if (!tc->generated && !expr_equal(fc->default_expr, tc->default_expr)) {
		column_change(d, CHG_COLUMN_DEFAULT, from, to, fc, tc)->detail =
			tc->default_expr ? arena_printf(d->arena, "default %s", tc->default_expr->sql)
					 : "drop default";
	}
	if (fc->identity != tc->identity ||
	    (tc->identity && !seqopts_equal(fc->identity_seq, tc->identity_seq)))
		column_change(d, CHG_COLUMN_IDENTITY, from, to, fc, tc);
	bool was = column_effective_not_null(from, fc), now = column_effective_not_null(to, tc);
	if (was != now)
		column_change(d, CHG_COLUMN_NOT_NULL, from, to, fc, tc)->detail =
			now ? "set not null" : "drop not null";
	if (!str_equal(fc->comment, tc->comment))
		column_change(d, CHG_COLUMN_COMMENT, from, to, fc, tc);
}

bool constraint_same_definition(const Diff *d, const Constraint *a, const Constraint *b)
{
	if (a->type != b->type || !strvec_equal(&a->columns, &b->columns) ||
	    !strvec_equal(&a->include, &b->include) || a->nulls_not_distinct != b->nulls_not_distinct ||
	    !expr_equal(a->check, b->check) || a->no_inherit != b->no_inherit ||
	    a->deferrable != b->deferrable || a->deferred != b->deferred ||
	    !expr_equal(a->exclude, b->exclude))
		return false;
	if (a->type != CON_FOREIGN)
		return true;
	const char *ref = a->ref_table && a->ref_schema
				  ? diff_live_table_name(d, a->ref_schema, a->ref_table, d->arena)
				  : a->ref_table;
	return str_equal(a->ref_schema, b->ref_schema) && str_equal(ref, b->ref_table) &&
	       strvec_equal(&a->ref_columns, &b->ref_columns) && a->on_update == b->on_update &&
	       a->on_delete == b->on_delete && a->match == b->match;
}

static Change *constraint_change(Diff *d, ChangeType type, const Table *from, const Table *to,
				 const Constraint *fk, const Constraint *tk)
{
	Change *ch = diff_add(d, type, &from->obj, &to->obj);
	ch->from_con = fk;
	ch->to_con = tk;
	return ch;
}


/* The desired constraint a live one is: same name, or renamed to. */
static const Constraint *desired_constraint(const Table *from, const Table *to, const Constraint *fk)
{
	const Constraint *tk = table_find_constraint(to, fk->name);
	if (tk)
		return tk;
	VEC_EACH(const Constraint *, k, &to->constraints)
		if (k->renamed_from && strcmp(k->renamed_from, fk->name) == 0 &&
		    !table_find_constraint(from, k->name))
			return k;
	return NULL;
}

static const Constraint *live_constraint(const Table *from, const Table *to, const Constraint *tk)
{
	const Constraint *fk = table_find_constraint(from, tk->name);
	if (fk || !tk->renamed_from || table_find_constraint(to, tk->renamed_from))
		return fk;
	return table_find_constraint(from, tk->renamed_from);
}

static void diff_constraints(Diff *d, const Table *from, const Table *to)
{
	VEC_EACH(const Constraint *, fk, &from->constraints) {
		if (is_helper_name(fk->name))
			continue;
		const Constraint *tk = desired_constraint(from, to, fk);
		if (!tk || !constraint_same_definition(d, fk, tk))
			constraint_change(d, CHG_DROP_CONSTRAINT, from, to, fk, NULL);
	}
	VEC_EACH(const Constraint *, tk, &to->constraints) {
		const Constraint *fk = live_constraint(from, to, tk);
		if (fk && strcmp(fk->name, tk->name) != 0 && constraint_same_definition(d, fk, tk))
			constraint_change(d, CHG_RENAME_CONSTRAINT, from, to, fk, tk)->detail =
				arena_printf(d->arena, "renamed from %s", fk->name);
		if (!fk || !constraint_same_definition(d, fk, tk)) {
			constraint_change(d, CHG_ADD_CONSTRAINT, from, to, fk, tk);
			continue;
		}
		if (fk->not_valid && !tk->not_valid)
			constraint_change(d, CHG_VALIDATE_CONSTRAINT, from, to, fk, tk);
		if (!str_equal(fk->comment, tk->comment))
			constraint_change(d, CHG_CONSTRAINT_COMMENT, from, to, fk, tk);
	}
}

/* A column the child keeps only through inheritance: the desired parent
 * has it, so the parent's ADD COLUMN merges with the child's own column
 * (PostgreSQL keeps it local, and refuses to drop an inherited column). */
static bool inherited_in_desired(const Diff *d, const Table *to, const Column *fc)
{
	if (!to->parent_table || to->partition_bound || !d->desired)
		return false;
	const Table *parent = catalog_find_table(d->desired, to->parent_schema, to->parent_table);
	const Column *pc = parent ? table_find_column(parent, fc->name) : NULL;
	return pc && str_equal(pc->type, fc->type);
}

void diff_table(Diff *d, const Table *from, const Table *to)
{
	if (from->unlogged != to->unlogged)
		diff_add(d, CHG_TABLE_LOGGED, &from->obj, &to->obj)->detail =
			to->unlogged ? "set unlogged" : "set logged";
	if (!str_equal(from->partition_key, to->partition_key) ||
	    !str_equal(from->parent_schema, to->parent_schema) ||
	    !str_equal(from->parent_table, to->parent_table) ||
	    !str_equal(from->partition_bound, to->partition_bound)) {
		diff_add(d, CHG_REPLACE, &from->obj, &to->obj)->detail = "partitioning changed";
		return;
	}
	VEC_EACH(const Column *, tc, &to->columns) {
		const Column *fc = rename_source(from, to, tc);
		if (fc)
			column_change(d, CHG_RENAME_COLUMN, from, to, fc, tc)->detail =
				arena_printf(d->arena, "renamed from %s", fc->name);
	}
	VEC_EACH(const Column *, fc, &from->columns) {
		if (is_helper_name(fc->name))
			continue;
		const Column *tc = table_find_column(to, fc->name);
		if (!tc)
			tc = renamed_column(from, to, fc);
		if (tc)
			diff_column(d, from, to, fc, tc);
		else if (!inherited_in_desired(d, to, fc))
			column_change(d, CHG_DROP_COLUMN, from, to, fc, NULL);
	}
	VEC_EACH(const Column *, tc, &to->columns)
		if (!table_find_column(from, tc->name) && !rename_source(from, to, tc))
			column_change(d, CHG_ADD_COLUMN, from, to, NULL, tc);
	diff_constraints(d, from, to);
	if (from->rls_enabled != to->rls_enabled || from->rls_forced != to->rls_forced)
		diff_add(d, CHG_TABLE_RLS, &from->obj, &to->obj);
}
