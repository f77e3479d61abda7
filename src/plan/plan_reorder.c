/*
 * plan_reorder.c - column order of the tables that stay.
 *
 * PostgreSQL cannot move a column: ADD COLUMN appends, and a column
 * recreated to change its generation expression moves to the end.  When a
 * kept table's column order after this plan differs from the desired one,
 * the plan says so in a warning (the default: pgstage never rebuilds a
 * table on its own).  With --reorder-columns it rebuilds the table instead,
 * as the table's last operation, in one transaction under ACCESS EXCLUSIVE:
 *   drop the foreign keys of other tables that reference it (the views and
 *   policies over it are dropped and recreated around the op by
 *   plan_dependents.c); rename it to <name>__pgstage_old; CREATE TABLE in
 *   the desired order; copy the rows; give identity columns a helper-named
 *   sequence set from the old one's last value; re-own serial sequences;
 *   drop the old table; rename the identity sequences to the names
 *   PostgreSQL gives them; then constraints, indexes, triggers, policies,
 *   row level security, comments and grants as the desired schema states
 *   them, and the foreign keys of the other tables again.
 * Refused (a warning) for partitioned tables, partitions, tables with
 * inheritance children, and tables with a held drop or a column swap that
 * finishes later.
 *
 * Memory ownership: see plan.h.
 */
#include "plan/plan_online.h"
#include "emit/ddl.h"
#include "model/ident.h"
#include "parse/names.h"

#include <limits.h>
#include <string.h>

/* After the whole contract phase, so every other op on the table is done. */
#define RANK_REBUILD (INT_MAX / 2)

/* The desired column a live one becomes: same name, or renamed to. */
static const Column *desired_column(const Table *have, const Table *want, const Column *fc)
{
	const Column *tc = table_find_column(want, fc->name);
	if (tc)
		return tc;
	VEC_EACH(const Column *, c, &want->columns)
		if (c->renamed_from && strcmp(c->renamed_from, fc->name) == 0 &&
		    !table_find_column(have, c->name))
			return c;
	return NULL;
}

/* What planned_order() needs of one table, looked up once. */
typedef struct TableView {
	PlanCtx *ctx;
	const Table *have, *want;
	const PtrVec *changes; /* Change*: this table's column changes (may be NULL) */
	HashMap kept;          /* desired column name -> its live column */
} TableView;

static const Change *column_change_of(const TableView *v, ChangeType type, const Column *col)
{
	if (v->changes)
		VEC_EACH(const Change *, ch, v->changes)
			if (ch->type == type && (ch->to_col == col || ch->from_col == col))
				return ch;
	return NULL;
}

/* A generated column recreated by plan_table.c lands at the end. */
static bool moves_to_end(const TableView *v, const Column *tc)
{
	const Change *ch = column_change_of(v, CHG_COLUMN_GENERATED, tc);
	return ch && !(ch->from_col->generated && !tc->generated);
}

/* A live column the desired table does not list that stays anyway: the
 * desired parent has it, so the diff keeps it (diff_table.c), and it is
 * local as well as inherited until the table is rebuilt. */
static bool stays_local(const TableView *v, const Column *fc)
{
	return !column_change_of(v, CHG_DROP_COLUMN, fc);
}

static bool is_inherit_move(const TableView *v, const Column *tc)
{
	const Change *ch = column_change_of(v, CHG_ADD_COLUMN, tc);
	return ch && inherit_add_is_move(v->ctx, ch);
}

static bool is_kept(const TableView *v, const Column *tc)
{
	return hashmap_get(&v->kept, tc->name) != NULL;
}

/* The local columns of the table once this plan has run, in order:
 * columns a parent hands down first (they were inherited, so they come
 * before the child's own), then the kept ones, the added ones, and the
 * recreated generated ones. */
static void planned_order(TableView *v, PtrVec *out)
{
	Arena *a = v->ctx->plan->arena;
	const Table *have = v->have, *want = v->want;
	VEC_EACH(const Column *, fc, &have->columns) {
		const Column *tc = strstr(fc->name, "__pgstage") ? NULL : desired_column(have, want, fc);
		if (tc)
			hashmap_put(&v->kept, tc->name, (void *) fc);
	}
	const Table *parent = have->parent_table && v->changes
				      ? catalog_find_table(v->ctx->live, have->parent_schema, have->parent_table)
				      : NULL;
	if (parent)
		VEC_EACH(const Column *, pc, &parent->columns) {
			const Column *tc = table_find_column(want, pc->name);
			if (tc && !is_kept(v, tc) && is_inherit_move(v, tc))
				vec_push(a, out, (void *) tc);
		}
	VEC_EACH(const Column *, fc, &have->columns) {
		if (strstr(fc->name, "__pgstage"))
			continue;
		const Column *tc = desired_column(have, want, fc);
		if (tc && !moves_to_end(v, tc))
			vec_push(a, out, (void *) tc);
		else if (!tc && stays_local(v, fc))
			vec_push(a, out, (void *) fc);
	}
	VEC_EACH(const Column *, tc, &want->columns)
		if (!is_kept(v, tc) && !is_inherit_move(v, tc))
			vec_push(a, out, (void *) tc);
	VEC_EACH(const Column *, tc, &want->columns)
		if (is_kept(v, tc) && moves_to_end(v, tc))
			vec_push(a, out, (void *) tc);
}

static bool same_order(const PtrVec *got, const Table *want)
{
	if (got->len != want->columns.len)
		return false;
	for (size_t i = 0; i < got->len; i++)
		if (got->items[i] != want->columns.items[i])
			return false;
	return true;
}

static const char *order_text(PlanCtx *ctx, const PtrVec *cols)
{
	StrBuf sb = STRBUF_INIT;
	VEC_EACH(const Column *, c, cols) {
		if (sb.len)
			strbuf_puts(&sb, ", ");
		strbuf_ident(&sb, c->name);
	}
	const char *s = arena_printf(ctx->plan->arena, "(%s)", sb.buf);
	strbuf_release(&sb);
	return s;
}

static bool same_table(const Table *t, const char *schema, const char *name)
{
	return str_equal(t->obj.schema, schema) && str_equal(t->obj.name, name);
}

/* Why the table cannot be rebuilt, or NULL. */
static const char *refusal(PlanCtx *ctx, const Table *have, const Table *want)
{
	if (have->partition_key || want->partition_key)
		return "it is partitioned";
	if (have->partition_bound || want->partition_bound)
		return "it is a partition";
	VEC_EACH(const Object *, o, &ctx->live->objects)
		if (o->kind == OBJ_TABLE && ((const Table *) o)->parent_table &&
		    same_table(have, ((const Table *) o)->parent_schema, ((const Table *) o)->parent_table))
			return "other tables inherit from it";
	VEC_EACH(const Op *, op, &ctx->plan->ops) {
		bool on_table = (op->change && (op->change->from == &have->obj || op->change->to == &want->obj)) ||
				(op->lock_table && same_table(have, op->lock_schema, op->lock_table));
		if (!on_table)
			continue;
		if (op->held && op->action == '-')
			return "this plan holds back a drop on it";
		if (op->phase == PHASE_BACKFILL)
			return "a column swap on it finishes later";
	}
	/* a held drop of a table whose foreign key references it: that key
	 * would block dropping the old table */
	VEC_EACH(const Op *, op, &ctx->plan->ops) {
		if (!op->held || !op->change || op->change->type != CHG_DROP || op->change->kind != OBJ_TABLE)
			continue;
		VEC_EACH(const Constraint *, k, &((const Table *) op->change->from)->constraints)
			if (k->type == CON_FOREIGN && same_table(have, k->ref_schema, k->ref_table))
				return "this plan holds back the drop of a table that references it";
	}
	return NULL;
}

/* 'schema.name' as a string literal (a regclass argument). */
static const char *regclass_literal(PlanCtx *ctx, const char *schema, const char *name)
{
	StrBuf sb = STRBUF_INIT;
	strbuf_qualified(&sb, schema, name);
	StrBuf lit = STRBUF_INIT;
	strbuf_literal(&lit, sb.buf);
	const char *s = arena_strndup(ctx->plan->arena, lit.buf, lit.len);
	strbuf_release(&sb);
	strbuf_release(&lit);
	return s;
}

/* Foreign keys of the other tables that reference `want`: they go before
 * the rename and come back at the end. */
static void referencing_fks(PlanCtx *ctx, const Table *want, PtrVec *tables, PtrVec *keys)
{
	Arena *a = ctx->plan->arena;
	VEC_EACH(const Object *, o, &ctx->desired->objects) {
		if (o->kind != OBJ_TABLE || o == &want->obj)
			continue;
		VEC_EACH(const Constraint *, k, &((const Table *) o)->constraints)
			if (k->type == CON_FOREIGN && same_table(want, k->ref_schema, k->ref_table)) {
				vec_push(a, tables, (void *) o);
				vec_push(a, keys, (void *) k);
			}
	}
}

/* Every non-generated column the rows carry: the inherited ones too. */
static void copy_columns(PlanCtx *ctx, const Table *t, StrBuf *sb, int depth)
{
	if (t->parent_table && depth < 32) {
		const Table *parent = catalog_find_table(ctx->desired, t->parent_schema, t->parent_table);
		if (parent)
			copy_columns(ctx, parent, sb, depth + 1);
	}
	VEC_EACH(const Column *, c, &t->columns) {
		if (c->generated)
			continue;
		if (sb->len)
			strbuf_puts(sb, ", ");
		strbuf_ident(sb, c->name);
	}
}

/* What the model does not keep but the old table had: its owner and,
 * unless privileges are managed (--privileges gives the file's grants),
 * its table and column grants.  Read from the catalog when the op runs,
 * before the old table is dropped; grants first, while the running role
 * still owns the new table. */
static void carry_over_sql(PlanCtx *ctx, const Table *want, const char *old, StrBuf *sb)
{
	StrBuf body = STRBUF_INIT;
	strbuf_puts(&body, "\nDECLARE\n    old_t regclass := ");
	strbuf_puts(&body, regclass_literal(ctx, want->obj.schema, old));
	strbuf_puts(&body, ";\n    new_t regclass := ");
	strbuf_puts(&body, regclass_literal(ctx, want->obj.schema, want->obj.name));
	strbuf_puts(&body, ";\n    g record;\nBEGIN\n");
	if (!ctx->diff->privileges)
		strbuf_puts(&body,
			    "    FOR g IN SELECT a.privilege_type AS priv, a.is_grantable AS opt, NULL::name AS col,\n"
			    "                    CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(r.rolname) END AS who\n"
			    "             FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a\n"
			    "             LEFT JOIN pg_roles r ON r.oid = a.grantee\n"
			    "             WHERE c.oid = old_t AND a.grantee <> c.relowner\n"
			    "             UNION ALL\n"
			    "             SELECT a.privilege_type, a.is_grantable, t.attname,\n"
			    "                    CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(r.rolname) END\n"
			    "             FROM pg_class c JOIN pg_attribute t ON t.attrelid = c.oid\n"
			    "             CROSS JOIN LATERAL aclexplode(t.attacl) a\n"
			    "             LEFT JOIN pg_roles r ON r.oid = a.grantee\n"
			    "             WHERE c.oid = old_t AND NOT t.attisdropped AND a.grantee <> c.relowner\n"
			    "    LOOP\n"
			    "        EXECUTE format('GRANT %s%s ON TABLE %s TO %s%s', g.priv,\n"
			    "                       CASE WHEN g.col IS NULL THEN '' ELSE format(' (%I)', g.col) END,\n"
			    "                       new_t, g.who, CASE WHEN g.opt THEN ' WITH GRANT OPTION' ELSE '' END);\n"
			    "    END LOOP;\n");
	strbuf_puts(&body,
		    "    IF (SELECT relowner FROM pg_class WHERE oid = old_t)\n"
		    "       <> (SELECT relowner FROM pg_class WHERE oid = new_t) THEN\n"
		    "        EXECUTE format('ALTER TABLE %s OWNER TO %I', new_t,\n"
		    "                       (SELECT r.rolname FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner\n"
		    "                        WHERE c.oid = old_t));\n"
		    "    END IF;\n"
		    "END\n");
	strbuf_puts(sb, "DO ");
	ddl_dollar_quote(sb, body.buf);
	strbuf_release(&body);
}

static void rebuild(PlanCtx *ctx, const Table *have, const Table *want, const char *from_text,
		    const char *to_text)
{
	Arena *a = ctx->plan->arena;
	const char *schema = want->obj.schema;
	Change *ch = ARENA_NEW(a, Change);
	ch->type = CHG_COLUMN_ORDER;
	ch->kind = OBJ_TABLE;
	ch->from = &have->obj;
	ch->to = &want->obj;
	ch->detail = arena_printf(a, "%s -> %s", from_text, to_text);
	Op *op = op_new(ctx, PHASE_CONTRACT, '~', ch, RANK_REBUILD); /* held like any contract op */
	op_summary(ctx, op, "rebuild table %s in the desired column order %s", display_name(ctx, &want->obj),
		   to_text);
	op->note = arena_printf(a, "columns now %s; rows copied into a new table", from_text);
	op->lock = "ACCESS EXCLUSIVE";
	op->lock_schema = schema;
	op->lock_table = want->obj.name;
	op->hazards = HAZ_TABLE_REWRITE | HAZ_BLOCKS_READS | HAZ_BLOCKS_WRITES;
	op->moves_dependents = true;
	table_cost(ctx, op, have);
	op_need(ctx, op, want->obj.key);
	VEC_EACH(const char *, k, &want->obj.deps)
		op_need(ctx, op, k);
	op_need_owned_sequences(ctx, op, &want->obj);

	const char *old = helper_name(ctx, want->obj.name, "__pgstage_old");
	StrBuf sb = STRBUF_INIT;
	PtrVec fk_tables = {0}, fks = {0};
	referencing_fks(ctx, want, &fk_tables, &fks);
	for (size_t i = 0; i < fks.len; i++) {
		ddl_drop_constraint(&sb, fk_tables.items[i], fks.items[i]);
		op_sql(ctx, op, &sb);
	}
	ddl_alter_table(&sb, want);
	strbuf_puts(&sb, " RENAME TO ");
	strbuf_ident(&sb, old);
	op_sql(ctx, op, &sb);

	/* the new table: desired columns, identity added after the copy */
	Table bare = *want;
	bare.constraints = (PtrVec){0};
	bare.columns = (PtrVec){0};
	VEC_EACH(const Column *, c, &want->columns) {
		Column *copy = ARENA_NEW(a, Column);
		*copy = *c;
		if (c->identity) {
			copy->identity = '\0';
			copy->not_null = true;
		}
		vec_push(a, &bare.columns, copy);
	}
	ddl_create_table(&sb, &bare);
	op_sql(ctx, op, &sb);

	StrBuf cols = STRBUF_INIT;
	copy_columns(ctx, want, &cols, 0);
	if (cols.len) {
		strbuf_puts(&sb, "INSERT INTO ");
		ddl_object_name(&sb, &want->obj);
		strbuf_printf(&sb, " (%s) OVERRIDING SYSTEM VALUE SELECT %s FROM ONLY ", cols.buf, cols.buf);
		strbuf_qualified(&sb, schema, old);
		op_sql(ctx, op, &sb);
	}
	strbuf_release(&cols);

	/* identity: a helper-named sequence carries the old one's last value */
	PtrVec seq_helpers = {0}, seq_cols = {0};
	VEC_EACH(const Column *, c, &want->columns) {
		if (!c->identity)
			continue;
		const char *seq = helper_name(ctx, arena_printf(a, "%s_%s", want->obj.name, c->name),
					      "__pgstage_seq");
		ddl_alter_column(&sb, want, c->name);
		strbuf_puts(&sb, " ADD");
		ddl_identity_clause(&sb, c, schema, seq);
		op_sql(ctx, op, &sb);
		strbuf_printf(&sb, "SELECT setval(%s, v) FROM (SELECT pg_sequence_last_value("
				   "pg_get_serial_sequence(",
			      regclass_literal(ctx, schema, seq));
		strbuf_literal(&sb, ident_qualified(a, schema, old));
		strbuf_puts(&sb, ", ");
		strbuf_literal(&sb, c->name);
		strbuf_puts(&sb, ")::regclass) AS v) AS last WHERE v IS NOT NULL");
		op_sql(ctx, op, &sb);
		vec_push(a, &seq_helpers, (void *) seq);
		vec_push(a, &seq_cols, (void *) c);
	}
	/* serial sequences would go with the old table */
	VEC_EACH(const Object *, o, &ctx->desired->objects) {
		const Sequence *s = (const Sequence *) o;
		if (o->kind == OBJ_SEQUENCE && s->owned_table && str_equal(o->schema, schema) &&
		    str_equal(s->owned_table, want->obj.name)) {
			ddl_sequence_owner(&sb, s);
			op_sql(ctx, op, &sb);
		}
	}
	carry_over_sql(ctx, want, old, &sb);
	op_sql(ctx, op, &sb);
	strbuf_puts(&sb, "DROP TABLE ");
	strbuf_qualified(&sb, schema, old);
	op_sql(ctx, op, &sb);
	for (size_t i = 0; i < seq_helpers.len; i++) {
		const Column *c = seq_cols.items[i];
		strbuf_puts(&sb, "ALTER SEQUENCE ");
		strbuf_qualified(&sb, schema, seq_helpers.items[i]);
		strbuf_puts(&sb, " RENAME TO ");
		strbuf_ident(&sb, names_make(a, want->obj.name, c->name, "seq"));
		op_sql(ctx, op, &sb);
	}

	/* everything the table had, as the desired schema states it */
	for (int fk = 0; fk < 2; fk++)
		VEC_EACH(const Constraint *, k, &want->constraints) {
			if ((k->type == CON_FOREIGN) != fk)
				continue;
			ddl_add_constraint(&sb, want, k);
			op_sql(ctx, op, &sb);
			if (fk && k->comment) {
				ddl_constraint_comment(&sb, want, k, k->comment);
				op_sql(ctx, op, &sb);
			}
		}
	static const ObjKind own[] = {OBJ_INDEX, OBJ_TRIGGER, OBJ_POLICY};
	for (size_t i = 0; i < sizeof own / sizeof *own; i++)
		VEC_EACH(const Object *, o, &ctx->desired->objects) {
			const char *table = o->kind == OBJ_INDEX ? ((const Index *) o)->table : o->parent;
			if (o->kind != own[i] || !str_equal(o->schema, schema) ||
			    !str_equal(table, want->obj.name))
				continue;
			ddl_create(&sb, o);
			op_sql(ctx, op, &sb);
			if (o->comment) {
				ddl_comment(&sb, o, o->comment);
				op_sql(ctx, op, &sb);
			}
			op_need_object_deps(ctx, op, o);
		}
	op_create_comments(ctx, op, &want->obj, &sb);
	plan_grants_recreated_table(ctx, op, &want->obj);
	for (size_t i = 0; i < fks.len; i++) {
		const Table *t = fk_tables.items[i];
		const Constraint *k = fks.items[i];
		ddl_add_constraint(&sb, t, k);
		op_sql(ctx, op, &sb);
		if (k->comment) {
			ddl_constraint_comment(&sb, t, k, k->comment);
			op_sql(ctx, op, &sb);
		}
	}
	strbuf_release(&sb);
}

/* live table key -> PtrVec* of the changes inside it */
static void index_table_changes(PlanCtx *ctx, HashMap *by_table)
{
	Arena *a = ctx->plan->arena;
	VEC_EACH(const Change *, ch, &ctx->diff->changes) {
		if (!ch->from || ch->kind != OBJ_TABLE || ch->from->kind != OBJ_TABLE)
			continue;
		PtrVec *v = hashmap_get(by_table, ch->from->key);
		if (!v) {
			v = ARENA_NEW(a, PtrVec);
			hashmap_put(by_table, ch->from->key, v);
		}
		vec_push(a, v, (void *) ch);
	}
}

void plan_column_order(PlanCtx *ctx)
{
	Arena *a = ctx->plan->arena;
	HashMap by_table = HASHMAP_INIT;
	index_table_changes(ctx, &by_table);
	VEC_EACH(const Object *, o, &ctx->live->objects) {
		if (o->kind != OBJ_TABLE || strstr(o->name, "__pgstage"))
			continue;
		const Object *w = hashmap_get(&ctx->diff->matched, o->key);
		if (!w)
			w = catalog_find_key(ctx->desired, o->key);
		if (!w || w->kind != OBJ_TABLE)
			continue;
		TableView v = {.ctx = ctx, .have = (const Table *) o, .want = (const Table *) w,
			       .changes = hashmap_get(&by_table, o->key), .kept = HASHMAP_INIT};
		bool replaced = false;
		if (v.changes)
			VEC_EACH(const Change *, ch, v.changes)
				replaced |= ch->type == CHG_REPLACE;
		PtrVec got = {0};
		if (!replaced)
			planned_order(&v, &got);
		hashmap_release(&v.kept);
		if (replaced || same_order(&got, v.want))
			continue;
		const Table *have = v.have, *want = v.want;
		const char *from_text = order_text(ctx, &got), *to_text = order_text(ctx, &want->columns);
		const char *why = ctx->opts->reorder_columns ? refusal(ctx, have, want) : NULL;
		if (ctx->opts->reorder_columns && !why) {
			rebuild(ctx, have, want, from_text, to_text);
			continue;
		}
		vec_push(a, &ctx->plan->warnings,
			 arena_printf(a, "%s: column order %s differs from the desired %s; %s",
				      display_name(ctx, w), from_text, to_text,
				      why ? arena_printf(a, "not rebuilt with --reorder-columns: %s", why)
					  : "PostgreSQL cannot move columns and pgstage does not rebuild "
					    "tables unless run with --reorder-columns"));
	}
	hashmap_release(&by_table);
}
