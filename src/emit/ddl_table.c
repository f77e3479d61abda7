/*
 * ddl_table.c - columns, constraints and CREATE TABLE.
 * Memory ownership: see ddl.h.
 */
#include "emit/ddl.h"
#include "model/ident.h"

#include <inttypes.h>
#include <string.h>

void ddl_object_name(StrBuf *sb, const Object *obj)
{
	strbuf_qualified(sb, obj->schema, obj->name);
}

void ddl_seq_options(StrBuf *sb, const SeqOptions *o, bool with_type)
{
	SeqOptions def = {.type = o->type, .increment = o->increment};
	seqopts_fill_defaults(&def, false, false, false);
	if (with_type && o->type && strcmp(o->type, "bigint") != 0)
		strbuf_printf(sb, " AS %s", o->type);
	if (o->increment != 1)
		strbuf_printf(sb, " INCREMENT BY %" PRId64, o->increment);
	if (o->min != def.min)
		strbuf_printf(sb, " MINVALUE %" PRId64, o->min);
	if (o->max != def.max)
		strbuf_printf(sb, " MAXVALUE %" PRId64, o->max);
	/* START defaults to the (possibly explicit) MINVALUE/MAXVALUE */
	if (o->start != (o->increment > 0 ? o->min : o->max))
		strbuf_printf(sb, " START WITH %" PRId64, o->start);
	if (o->cache != 1)
		strbuf_printf(sb, " CACHE %" PRId64, o->cache);
	if (o->cycle)
		strbuf_puts(sb, " CYCLE");
}

void ddl_identity_clause(StrBuf *sb, const Column *c, const char *seq_schema, const char *seq_name)
{
	strbuf_printf(sb, " GENERATED %s AS IDENTITY", c->identity == 'a' ? "ALWAYS" : "BY DEFAULT");
	StrBuf opts = STRBUF_INIT;
	if (seq_name) {
		strbuf_puts(&opts, " SEQUENCE NAME ");
		strbuf_qualified(&opts, seq_schema, seq_name);
	}
	ddl_seq_options(&opts, c->identity_seq, false);
	if (opts.len)
		strbuf_printf(sb, " (%s)", opts.buf + 1);
	strbuf_release(&opts);
}

void ddl_column_def(StrBuf *sb, const Column *c)
{
	strbuf_ident(sb, c->name);
	strbuf_printf(sb, " %s", c->type);
	if (c->collation)
		strbuf_printf(sb, " COLLATE %s", c->collation);
	if (c->generated)
		strbuf_printf(sb, " GENERATED ALWAYS AS (%s) STORED", c->generated->sql);
	if (c->identity)
		ddl_identity_clause(sb, c, NULL, NULL);
	if (c->default_expr && !c->generated)
		strbuf_printf(sb, " DEFAULT %s", c->default_expr->sql);
	if (c->not_null && !c->identity)
		strbuf_puts(sb, " NOT NULL");
}

static void ident_list(StrBuf *sb, const PtrVec *names)
{
	strbuf_putc(sb, '(');
	for (size_t i = 0; i < names->len; i++) {
		if (i)
			strbuf_puts(sb, ", ");
		strbuf_ident(sb, names->items[i]);
	}
	strbuf_putc(sb, ')');
}

static char fk_action_code(char c)
{
	return c ? c : 'a';
}

static const char *fk_action(char c)
{
	switch (c) {
	case 'r':
		return "RESTRICT";
	case 'c':
		return "CASCADE";
	case 'n':
		return "SET NULL";
	case 'd':
		return "SET DEFAULT";
	default:
		return "NO ACTION";
	}
}

void ddl_constraint_body(StrBuf *sb, const Constraint *k)
{
	switch (k->type) {
	case CON_PRIMARY:
	case CON_UNIQUE:
		strbuf_puts(sb, k->type == CON_PRIMARY ? "PRIMARY KEY " : "UNIQUE ");
		if (k->nulls_not_distinct)
			strbuf_puts(sb, "NULLS NOT DISTINCT ");
		ident_list(sb, &k->columns);
		if (k->include.len) {
			strbuf_puts(sb, " INCLUDE ");
			ident_list(sb, &k->include);
		}
		break;
	case CON_CHECK:
		strbuf_printf(sb, "CHECK (%s)", k->check ? k->check->sql : "true");
		if (k->no_inherit)
			strbuf_puts(sb, " NO INHERIT");
		break;
	case CON_FOREIGN:
		strbuf_puts(sb, "FOREIGN KEY ");
		ident_list(sb, &k->columns);
		strbuf_puts(sb, " REFERENCES ");
		strbuf_qualified(sb, k->ref_schema, k->ref_table);
		if (k->ref_columns.len) {
			strbuf_putc(sb, ' ');
			ident_list(sb, &k->ref_columns);
		}
		if (k->match == 'f')
			strbuf_puts(sb, " MATCH FULL");
		if (fk_action_code(k->on_update) != 'a')
			strbuf_printf(sb, " ON UPDATE %s", fk_action(k->on_update));
		if (fk_action_code(k->on_delete) != 'a')
			strbuf_printf(sb, " ON DELETE %s", fk_action(k->on_delete));
		break;
	case CON_EXCLUDE:
		strbuf_printf(sb, "EXCLUDE %s", k->exclude ? k->exclude->sql : "");
		break;
	}
	if (k->deferrable)
		strbuf_printf(sb, " DEFERRABLE INITIALLY %s", k->deferred ? "DEFERRED" : "IMMEDIATE");
}

void ddl_create_table(StrBuf *sb, const Table *t)
{
	strbuf_printf(sb, "CREATE %sTABLE ", t->unlogged ? "UNLOGGED " : "");
	ddl_object_name(sb, &t->obj);
	if (t->parent_table && t->partition_bound) {
		strbuf_puts(sb, " PARTITION OF ");
		strbuf_qualified(sb, t->parent_schema, t->parent_table);
	}
	bool partition = t->parent_table && t->partition_bound;
	size_t start = sb->len;
	strbuf_puts(sb, " (");
	bool first = true;
	VEC_EACH(const Column *, c, &t->columns) {
		strbuf_puts(sb, first ? "\n    " : ",\n    ");
		ddl_column_def(sb, c);
		first = false;
	}
	VEC_EACH(const Constraint *, k, &t->constraints) {
		if (k->type == CON_FOREIGN)
			continue;
		strbuf_puts(sb, first ? "\n    " : ",\n    ");
		strbuf_puts(sb, "CONSTRAINT ");
		strbuf_ident(sb, k->name);
		strbuf_putc(sb, ' ');
		ddl_constraint_body(sb, k);
		first = false;
	}
	if (first && partition) {
		/* a partition with nothing of its own takes its parent's columns */
		sb->len = start;
		sb->buf[sb->len] = '\0';
	} else {
		strbuf_puts(sb, first ? ")" : "\n)");
	}
	if (partition)
		strbuf_printf(sb, " %s", t->partition_bound);
	else if (t->parent_table) {
		strbuf_puts(sb, " INHERITS (");
		strbuf_qualified(sb, t->parent_schema, t->parent_table);
		strbuf_putc(sb, ')');
	}
	if (t->partition_key)
		strbuf_printf(sb, " PARTITION BY %s", t->partition_key);
}

void ddl_alter_table(StrBuf *sb, const Table *t)
{
	strbuf_puts(sb, "ALTER TABLE ");
	ddl_object_name(sb, &t->obj);
}

void ddl_alter_column(StrBuf *sb, const Table *t, const char *column)
{
	ddl_alter_table(sb, t);
	strbuf_puts(sb, " ALTER COLUMN ");
	strbuf_ident(sb, column);
}

void ddl_add_constraint(StrBuf *sb, const Table *t, const Constraint *k)
{
	ddl_alter_table(sb, t);
	strbuf_puts(sb, " ADD CONSTRAINT ");
	strbuf_ident(sb, k->name);
	strbuf_putc(sb, ' ');
	ddl_constraint_body(sb, k);
}

void ddl_drop_constraint(StrBuf *sb, const Table *t, const Constraint *k)
{
	ddl_alter_table(sb, t);
	strbuf_puts(sb, " DROP CONSTRAINT ");
	strbuf_ident(sb, k->name);
}

void ddl_column_comment(StrBuf *sb, const Table *t, const Column *c, const char *comment)
{
	strbuf_puts(sb, "COMMENT ON COLUMN ");
	ddl_object_name(sb, &t->obj);
	strbuf_putc(sb, '.');
	strbuf_ident(sb, c->name);
	strbuf_puts(sb, " IS ");
	if (comment)
		strbuf_literal(sb, comment);
	else
		strbuf_puts(sb, "NULL");
}

void ddl_constraint_comment(StrBuf *sb, const Table *t, const Constraint *k, const char *comment)
{
	strbuf_puts(sb, "COMMENT ON CONSTRAINT ");
	strbuf_ident(sb, k->name);
	strbuf_puts(sb, " ON ");
	ddl_object_name(sb, &t->obj);
	strbuf_puts(sb, " IS ");
	if (comment)
		strbuf_literal(sb, comment);
	else
		strbuf_puts(sb, "NULL");
}
