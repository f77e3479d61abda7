/*
 * build_alter.c - ALTER TABLE subcommands applied to the model being built
 * (schema files and pg_dump output state columns, defaults, constraints
 * and row level security this way).
 *
 * Memory ownership: everything goes into the catalog arena.
 */
#include "parse/parse_int.h"

#include <string.h>

#define AT(x) PG_QUERY__ALTER_TABLE_TYPE__AT_##x

static int alter_cmd(ParseCtx *ctx, Table *t, const PgQuery__AlterTableCmd *c, int loc)
{
	Column *col = c->name && *c->name ? table_find_column(t, c->name) : NULL;
	bool needs_col = c->subtype == AT(ColumnDefault) || c->subtype == AT(SetNotNull) ||
			 c->subtype == AT(DropNotNull) || c->subtype == AT(DropColumn);
	if (needs_col && !col && t->parent_table && c->subtype != AT(DropColumn))
		return 0; /* an inherited column: the model lists local columns only */
	if (needs_col && !col)
		return parse_error(ctx, loc, "column \"%s\" of relation \"%s\" does not exist", c->name,
				   t->obj.name);
	switch (c->subtype) {
	case AT(AddColumn):
		return table_add_column(ctx, t, c->def->column_def, ctx->stmt_end);
	case AT(DropColumn):
		for (size_t i = 0; i < t->columns.len; i++)
			if (t->columns.items[i] == col) {
				memmove(&t->columns.items[i], &t->columns.items[i + 1],
					(t->columns.len - i - 1) * sizeof(void *));
				t->columns.len--;
			}
		return 0;
	case AT(AddConstraint): {
		int rc = table_add_constraint(ctx, t, c->def->constraint, NULL, ctx->stmt_end);
		if (rc == 0)
			table_name_constraints(ctx, t);
		return rc;
	}
	case AT(DropConstraint):
		for (size_t i = 0; i < t->constraints.len; i++)
			if (strcmp(((Constraint *) t->constraints.items[i])->name, c->name) == 0) {
				memmove(&t->constraints.items[i], &t->constraints.items[i + 1],
					(t->constraints.len - i - 1) * sizeof(void *));
				t->constraints.len--;
				return 0;
			}
		return parse_error(ctx, loc, "constraint \"%s\" of relation \"%s\" does not exist",
				   c->name, t->obj.name);
	case AT(ColumnDefault):
		if (!c->def) {
			col->default_expr = NULL;
			return 0;
		} else {
			int start = srctext_min_location(&c->def->base);
			size_t kw = srctext_find(ctx, srctext_token_at(ctx, ctx->stmt_start),
						 PG_QUERY__TOKEN__DEFAULT, ctx->stmt_end);
			/* the DEFAULT keyword of this subcommand precedes the expression */
			while (kw < ctx->n_tokens) {
				size_t next = srctext_find(ctx, kw + 1, PG_QUERY__TOKEN__DEFAULT, ctx->stmt_end);
				if (next >= ctx->n_tokens || ctx->tokens[next].start >= start)
					break;
				kw = next;
			}
			char *txt = srctext_until(ctx, kw + 1, ctx->stmt_end, NULL);
			if (!txt || !*txt)
				return parse_error(ctx, loc, "cannot find the DEFAULT expression");
			col->default_expr = column_expr_from_text(ctx, txt);
			return 0;
		}
	case AT(SetNotNull):
		col->not_null = true;
		return 0;
	case AT(DropNotNull):
		col->not_null = false;
		return 0;
	case AT(EnableRowSecurity):
		t->rls_enabled = true;
		return 0;
	case AT(DisableRowSecurity):
		t->rls_enabled = false;
		return 0;
	case AT(ForceRowSecurity):
		t->rls_forced = true;
		return 0;
	case AT(NoForceRowSecurity):
		t->rls_forced = false;
		return 0;
	case AT(ChangeOwner):
		return 0; /* ownership is not modelled */
	case AT(AddIdentity): {
		const PgQuery__Constraint *ic = c->def->constraint;
		if (!col)
			return parse_error(ctx, loc, "column \"%s\" of relation \"%s\" does not exist",
					   c->name, t->obj.name);
		col->identity = ic->generated_when[0];
		col->not_null = true;
		col->identity_seq = ARENA_NEW(ctx->cat->arena, SeqOptions);
		return seqopts_from_defelems(ctx, ic->options, ic->n_options, col->identity_seq,
					     col->type, NULL, NULL, NULL);
	}
	case AT(AttachPartition): {
		/* pg_dump's way to state PARTITION OF: the child's columns become
		 * inherited ones, which the model does not list */
		const PgQuery__PartitionCmd *pc = c->def->partition_cmd;
		const char *cs, *cn;
		rangevar_name(ctx, pc->name, &cs, &cn);
		Table *child = catalog_find_table(ctx->cat, cs, cn);
		if (!child)
			return parse_error(ctx, loc, "table \"%s.%s\" is not defined in the schema", cs, cn);
		child->parent_schema = t->obj.schema;
		child->parent_table = t->obj.name;
		child->partition_bound = partition_bound(ctx, pc->bound, t);
		child->columns.len = 0;
		object_add_dep(ctx->cat, &child->obj, t->obj.key);
		return 0;
	}
	default:
		return parse_error(ctx, loc, "unsupported statement: this ALTER TABLE subcommand");
	}
}

int build_alter_table(ParseCtx *ctx, const PgQuery__AlterTableStmt *s, int loc)
{
	const char *schema, *name;
	rangevar_name(ctx, s->relation, &schema, &name);
	if (s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_INDEX && s->n_cmds == 1 &&
	    s->cmds[0]->alter_table_cmd->subtype == AT(AttachPartition))
		return 0; /* pg_dump's ALTER INDEX ... ATTACH PARTITION: each index is modelled on its own */
	if (s->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE)
		return parse_error(ctx, loc, "unsupported statement: ALTER of this relation kind");
	Table *t = catalog_find_table(ctx->cat, schema, name);
	if (!t)
		return parse_error(ctx, loc, "table \"%s.%s\" is not defined in the schema", schema, name);
	for (size_t i = 0; i < s->n_cmds; i++) {
		int rc = alter_cmd(ctx, t, s->cmds[i]->alter_table_cmd, loc);
		if (rc)
			return rc;
	}
	return 0;
}
