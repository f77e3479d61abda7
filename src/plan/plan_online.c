/*
 * plan_online.c - the online forms of changes to tables that already hold
 * data, so no statement holds a strong lock while it reads or rewrites the
 * table (docs/safety.md lists every form):
 *   - indexes: CREATE/DROP INDEX CONCURRENTLY, after cleaning a leftover;
 *   - UNIQUE / PRIMARY KEY: a concurrent unique index, then
 *     ADD CONSTRAINT ... USING INDEX;
 *   - CHECK / FOREIGN KEY: ADD ... NOT VALID, then VALIDATE CONSTRAINT;
 *   - SET NOT NULL: a validated CHECK (col IS NOT NULL) first, so SET NOT
 *     NULL needs no scan, then the helper check is dropped;
 *   - new columns with a volatile default (or a backfill directive): added
 *     bare, default set, existing rows backfilled in batches.
 * Helper objects carry "__pgstage" in their names; the diff ignores them
 * and the planner resumes from whatever of them already exists.
 *
 * Memory ownership: see plan.h.
 */
#include "plan/plan_online.h"
#include "emit/ddl.h"
#include "model/ident.h"

#include <stdio.h>
#include <string.h>

bool online_enabled(PlanCtx *ctx)
{
	return !ctx->opts->no_online;
}

const Table *live_table(PlanCtx *ctx, const Object *obj)
{
	const char *table = obj->kind == OBJ_INDEX ? ((const Index *) obj)->table
			    : obj->kind == OBJ_TABLE ? obj->name
						     : obj->parent;
	return table ? catalog_find_table(ctx->live, obj->schema, table) : NULL;
}

/* "<base><suffix>" within PostgreSQL's 63-byte names, cut at a character
 * boundary of the base. */
const char *helper_name(PlanCtx *ctx, const char *base, const char *suffix)
{
	size_t room = 63 - strlen(suffix), n = strlen(base);
	if (n > room) {
		n = room;
		while (n > 0 && ((unsigned char) base[n] & 0xC0) == 0x80)
			n--;
	}
	return arena_printf(ctx->plan->arena, "%.*s%s", (int) n, base, suffix);
}

const char *not_null_check_name(PlanCtx *ctx, const Table *t, const Column *c)
{
	char base[128];
	snprintf(base, sizeof base, "%s_%s", t->obj.name, c->name);
	return helper_name(ctx, base, "__pgstage_nn");
}

void table_cost(PlanCtx *ctx, Op *op, const Table *live)
{
	if (!live || (live->est_rows <= 0 && live->size_bytes <= 0))
		return;
	char rows[32] = "unknown rows", size[32] = "";
	if (live->est_rows >= 1e6)
		snprintf(rows, sizeof rows, "~%.1fM rows", live->est_rows / 1e6);
	else if (live->est_rows >= 1e3)
		snprintf(rows, sizeof rows, "~%.1fk rows", live->est_rows / 1e3);
	else if (live->est_rows >= 0)
		snprintf(rows, sizeof rows, "~%.0f rows", live->est_rows);
	if (live->size_bytes >= 1 << 30)
		snprintf(size, sizeof size, ", %.1f GB", live->size_bytes / 1073741824.0);
	else if (live->size_bytes >= 1 << 20)
		snprintf(size, sizeof size, ", %.1f MB", live->size_bytes / 1048576.0);
	else if (live->size_bytes > 0)
		snprintf(size, sizeof size, ", %.0f kB", live->size_bytes / 1024.0);
	op->cost = arena_printf(ctx->plan->arena, "%s%s", rows, size);
}

static void lock_on(Op *op, const char *lock, const Object *table)
{
	op->lock = lock;
	op->lock_schema = table->schema;
	op->lock_table = table->name;
}

/* Does SQL text mention the identifier `name` (bare or quoted)? */
bool sql_mentions(const char *sql, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = strstr(sql, name); p; p = strstr(p + 1, name)) {
		char before = p == sql ? ' ' : p[-1], after = p[n];
		bool word_before = before == '_' || before == '$' || (before >= 'a' && before <= 'z') ||
				   (before >= 'A' && before <= 'Z') || (before >= '0' && before <= '9');
		bool word_after = after == '_' || after == '$' || (after >= 'a' && after <= 'z') ||
				  (after >= 'A' && after <= 'Z') || (after >= '0' && after <= '9');
		if (!word_before && !word_after)
			return true;
	}
	return false;
}

/* A check reading a column this plan adds cannot run against the live
 * table: such columns hold NULL or their default for every row. */
static bool reads_new_column(const Table *live, const Table *want, const char *sql,
			     const PtrVec *columns)
{
	VEC_EACH(const Column *, c, &want->columns) {
		if (live && table_find_column(live, c->name))
			continue;
		if (sql && sql_mentions(sql, c->name))
			return true;
		if (columns)
			VEC_EACH(const char *, k, columns)
				if (strcmp(k, c->name) == 0)
					return true;
	}
	return false;
}

static Check *add_check(PlanCtx *ctx, Op *op, const char *what, StrBuf *sql)
{
	Check *c = ARENA_NEW(ctx->plan->arena, Check);
	c->what = what;
	c->sql = arena_strndup(ctx->plan->arena, sql->buf, sql->len);
	strbuf_reset(sql);
	vec_push(ctx->plan->arena, &op->checks, c);
	return c;
}

/* SELECT count(*) FROM (SELECT 1 FROM t WHERE <cond> LIMIT cap+1) s */
static void capped_count(StrBuf *sb, const Table *t, const char *cond)
{
	strbuf_puts(sb, "SELECT count(*) FROM (SELECT 1 FROM ");
	ddl_object_name(sb, &t->obj);
	strbuf_printf(sb, " WHERE %s LIMIT %d) s", cond, PREFLIGHT_CAP + 1);
}

static void ident_list(StrBuf *sb, const PtrVec *names, const char *prefix)
{
	for (size_t i = 0; i < names->len; i++) {
		if (i)
			strbuf_puts(sb, ", ");
		strbuf_puts(sb, prefix);
		strbuf_ident(sb, names->items[i]);
	}
}

/* ---- indexes ---------------------------------------------------------- */

static void create_index_concurrently(PlanCtx *ctx, Op *op, const Index *ix, const char *name)
{
	StrBuf sb = STRBUF_INIT;
	/* a failed concurrent build leaves an invalid index behind */
	strbuf_puts(&sb, "DROP INDEX CONCURRENTLY IF EXISTS ");
	strbuf_qualified(&sb, ix->obj.schema, name);
	op_sql(ctx, op, &sb);
	ddl_create_index(&sb, ix, true, name);
	op_sql(ctx, op, &sb);
	strbuf_release(&sb);
	op->no_transaction = true;
	op->hazards |= HAZ_TABLE_SCAN;
}

void plan_online_create_index(PlanCtx *ctx, const Change *ch)
{
	const Index *ix = (const Index *) ch->to;
	Op *op = op_new(ctx, PHASE_EXPAND, '+', ch, OBJ_INDEX * RANK_KIND + STEP_CREATE);
	op_summary(ctx, op, "create index %s concurrently", display_name(ctx, &ix->obj));
	create_index_concurrently(ctx, op, ix, ix->obj.name);
	if (ix->obj.comment) {
		StrBuf sb = STRBUF_INIT;
		ddl_comment(&sb, &ix->obj, ix->obj.comment);
		op_sql(ctx, op, &sb);
		strbuf_release(&sb);
	}
	op->creates = ix->obj.key;
	op_need_object_deps(ctx, op, &ix->obj);
	const Table *t = live_table(ctx, &ix->obj);
	lock_on(op, "SHARE UPDATE EXCLUSIVE", &t->obj);
	table_cost(ctx, op, t);
	op->note = "builds without blocking reads or writes";
	index_duplicates_check(ctx, op, ix);
}

/* An index left INVALID by a failed concurrent build enforces and serves
 * nothing but is still updated by every write: dropped, then built again
 * concurrently (create_index_concurrently drops it first). */
void plan_online_rebuild_invalid_index(PlanCtx *ctx, const Change *ch)
{
	const Index *ix = (const Index *) ch->to;
	Op *op = op_new(ctx, PHASE_EXPAND, '~', ch, OBJ_INDEX * RANK_KIND + STEP_CREATE);
	op_summary(ctx, op, "rebuild invalid index %s concurrently", display_name(ctx, &ix->obj));
	create_index_concurrently(ctx, op, ix, ix->obj.name);
	if (ix->obj.comment) {
		StrBuf sb = STRBUF_INIT;
		ddl_comment(&sb, &ix->obj, ix->obj.comment);
		op_sql(ctx, op, &sb);
		strbuf_release(&sb);
	}
	op->creates = ix->obj.key;
	op_need_object_deps(ctx, op, &ix->obj);
	const Table *t = live_table(ctx, &ix->obj);
	lock_on(op, "SHARE UPDATE EXCLUSIVE", &t->obj);
	table_cost(ctx, op, t);
	op->note = "the index is INVALID (a concurrent build failed): it enforces nothing";
	index_duplicates_check(ctx, op, ix);
}

/* New definition under a temporary name, old one dropped, new one renamed:
 * the table always has one of the two. */
void plan_online_replace_index(PlanCtx *ctx, const Change *ch)
{
	const Index *ix = (const Index *) ch->to;
	const char *tmp = helper_name(ctx, ix->obj.name, "__pgstage_new");
	helper_used(ctx, ix->obj.schema, NULL, tmp);
	StrBuf sb = STRBUF_INIT;
	Op *op = op_new(ctx, PHASE_EXPAND, '~', ch, OBJ_INDEX * RANK_KIND + STEP_CREATE);
	op_summary(ctx, op, "rebuild index %s concurrently (definition changed)",
		   display_name(ctx, &ix->obj));
	create_index_concurrently(ctx, op, ix, tmp);
	strbuf_puts(&sb, "DROP INDEX CONCURRENTLY ");
	ddl_object_name(&sb, &ix->obj);
	op_sql(ctx, op, &sb);
	strbuf_puts(&sb, "ALTER INDEX ");
	strbuf_qualified(&sb, ix->obj.schema, tmp);
	strbuf_puts(&sb, " RENAME TO ");
	strbuf_ident(&sb, ix->obj.name);
	op_sql(ctx, op, &sb);
	if (ix->obj.comment) {
		ddl_comment(&sb, &ix->obj, ix->obj.comment);
		op_sql(ctx, op, &sb);
	}
	op->creates = ix->obj.key;
	op_need_object_deps(ctx, op, &ix->obj);
	const Table *t = live_table(ctx, &ix->obj);
	lock_on(op, "SHARE UPDATE EXCLUSIVE", &t->obj);
	table_cost(ctx, op, t);
	index_duplicates_check(ctx, op, ix);
	strbuf_release(&sb);
}

void plan_online_drop_index(PlanCtx *ctx, Op *op, const Index *ix)
{
	StrBuf sb = STRBUF_INIT;
	strbuf_puts(&sb, "DROP INDEX CONCURRENTLY ");
	ddl_object_name(&sb, &ix->obj);
	op_sql(ctx, op, &sb);
	strbuf_release(&sb);
	op->no_transaction = true;
	op->lock = "SHARE UPDATE EXCLUSIVE";
}

/* ---- constraints -------------------------------------------------------- */

static const char *con_display(PlanCtx *ctx, const Change *ch, const Constraint *k)
{
	return arena_printf(ctx->plan->arena, "%s on %s", ident_quote(ctx->plan->arena, k->name),
			    display_name(ctx, ch->to));
}

/* SELECT count(*) of the key values that occur more than once among the
 * rows of `t` a unique key covers: `keys` are SQL expressions; rows with a
 * NULL key are left out unless NULLs count as equal; `where` is a partial
 * index's predicate (or NULL). */
static void duplicates_sql(StrBuf *sb, const Table *t, const PtrVec *keys, bool nulls_distinct,
			   const char *where)
{
	strbuf_puts(sb, "SELECT count(*) FROM (SELECT 1 FROM ");
	ddl_object_name(sb, &t->obj);
	const char *sep = " WHERE ";
	for (size_t i = 0; nulls_distinct && i < keys->len; i++) {
		strbuf_printf(sb, "%s(%s) IS NOT NULL", sep, (const char *) keys->items[i]);
		sep = " AND ";
	}
	if (where)
		strbuf_printf(sb, "%s(%s)", sep, where);
	strbuf_puts(sb, " GROUP BY ");
	for (size_t i = 0; i < keys->len; i++)
		strbuf_printf(sb, "%s(%s)", i ? ", " : "", (const char *) keys->items[i]);
	strbuf_printf(sb, " HAVING count(*) > 1 LIMIT %d) s", PREFLIGHT_CAP + 1);
}

static void duplicates_check(PlanCtx *ctx, Op *op, const Table *t, const Constraint *k)
{
	Arena *a = ctx->plan->arena;
	StrBuf sb = STRBUF_INIT;
	PtrVec keys = {0};
	VEC_EACH(const char *, col, &k->columns)
		vec_push(a, &keys, (void *) ident_quote(a, col));
	duplicates_sql(&sb, t, &keys, !k->nulls_not_distinct || k->type == CON_PRIMARY, NULL);
	add_check(ctx, op,
		  arena_printf(a, "duplicate keys for %s %s",
			       k->type == CON_PRIMARY ? "primary key" : "unique constraint",
			       ident_quote(a, k->name)),
		  &sb);
	strbuf_release(&sb);
}

void index_duplicates_check(PlanCtx *ctx, Op *op, const Index *ix)
{
	Arena *a = ctx->plan->arena;
	const Table *live = live_table(ctx, &ix->obj);
	const Table *want = catalog_find_table(ctx->desired, ix->obj.schema, ix->table);
	if (!ix->unique || !live || !want)
		return;
	PtrVec keys = {0}, columns = {0};
	VEC_EACH(const IndexElem *, e, &ix->elems) {
		if (e->column) {
			vec_push(a, &columns, (void *) e->column);
			vec_push(a, &keys, (void *) ident_quote(a, e->column));
		} else if (reads_new_column(live, want, e->expr->sql, NULL)) {
			return; /* nothing to check yet */
		} else {
			vec_push(a, &keys, (void *) e->expr->sql);
		}
	}
	if (reads_new_column(live, want, ix->where ? ix->where->sql : NULL, &columns))
		return;
	StrBuf sb = STRBUF_INIT;
	duplicates_sql(&sb, live, &keys, !ix->nulls_not_distinct, ix->where ? ix->where->sql : NULL);
	add_check(ctx, op,
		  arena_printf(a, "duplicate keys for unique index %s", display_name(ctx, &ix->obj)),
		  &sb);
	strbuf_release(&sb);
}

/* UNIQUE / PRIMARY KEY: the index is built concurrently (expand), the
 * constraint adopts it in tighten, after the key columns are NOT NULL. */
static void unique_via_index(PlanCtx *ctx, const Change *ch, const Table *t, const Constraint *k)
{
	Arena *a = ctx->plan->arena;
	Index ix = {.obj = {.kind = OBJ_INDEX, .schema = t->obj.schema, .name = k->name},
		    .table = t->obj.name,
		    .method = "btree",
		    .unique = true,
		    .nulls_not_distinct = k->nulls_not_distinct,
		    .include = k->include};
	VEC_EACH(const char *, col, &k->columns) {
		IndexElem *e = ARENA_NEW(a, IndexElem);
		e->column = col;
		vec_push(a, &ix.elems, e);
	}
	Op *build = op_new(ctx, PHASE_EXPAND, '+', ch, OBJ_INDEX * RANK_KIND + STEP_CREATE);
	op_summary(ctx, build, "build unique index %s concurrently for %s",
		   ident_quote(a, k->name), con_display(ctx, ch, k));
	create_index_concurrently(ctx, build, &ix, k->name);
	op_need(ctx, build, t->obj.key);
	lock_on(build, "SHARE UPDATE EXCLUSIVE", &t->obj);
	table_cost(ctx, build, live_table(ctx, &t->obj));
	if (!reads_new_column(live_table(ctx, &t->obj), t, NULL, &k->columns))
		duplicates_check(ctx, build, t, k);

	StrBuf sb = STRBUF_INIT;
	Op *adopt = op_new(ctx, PHASE_TIGHTEN, '+', ch, OBJ_TABLE * RANK_KIND + STEP_ADD_CONSTRAINT);
	op_summary(ctx, adopt, "add constraint %s using index", con_display(ctx, ch, k));
	ddl_alter_table(&sb, t);
	strbuf_puts(&sb, " ADD CONSTRAINT ");
	strbuf_ident(&sb, k->name);
	strbuf_printf(&sb, " %s USING INDEX ", k->type == CON_PRIMARY ? "PRIMARY KEY" : "UNIQUE");
	strbuf_ident(&sb, k->name);
	if (k->deferrable)
		strbuf_printf(&sb, " DEFERRABLE INITIALLY %s", k->deferred ? "DEFERRED" : "IMMEDIATE");
	op_sql(ctx, adopt, &sb);
	if (k->comment) {
		ddl_constraint_comment(&sb, t, k, k->comment);
		op_sql(ctx, adopt, &sb);
	}
	op_need(ctx, adopt, t->obj.key);
	lock_on(adopt, "ACCESS EXCLUSIVE", &t->obj);
	adopt->note = "metadata only: the index is already built and the key columns NOT NULL";
	strbuf_release(&sb);
}

/* CHECK / FOREIGN KEY: enforced for new rows at once (expand), existing
 * rows verified later under a lock that lets reads and writes go on. */
static void not_valid_then_validate(PlanCtx *ctx, const Change *ch, const Table *t,
				    const Constraint *k)
{
	Arena *a = ctx->plan->arena;
	bool fk = k->type == CON_FOREIGN;
	StrBuf sb = STRBUF_INIT;
	Op *add = op_new(ctx, fk ? fk_phase(ctx, k) : PHASE_EXPAND, '+', ch,
			 OBJ_TABLE * RANK_KIND + (fk ? STEP_ADD_FK : STEP_ADD_CONSTRAINT));
	op_summary(ctx, add, "add constraint %s not valid", con_display(ctx, ch, k));
	ddl_add_constraint(&sb, t, k);
	strbuf_puts(&sb, " NOT VALID");
	op_sql(ctx, add, &sb);
	if (k->comment) {
		ddl_constraint_comment(&sb, t, k, k->comment);
		op_sql(ctx, add, &sb);
	}
	op_need(ctx, add, t->obj.key);
	VEC_EACH(const char *, dep, &t->obj.deps)
		op_need(ctx, add, dep);
	if (fk)
		op_need(ctx, add, object_key(a, OBJ_TABLE, k->ref_schema, NULL, k->ref_table, NULL));
	lock_on(add, fk ? "SHARE ROW EXCLUSIVE" : "ACCESS EXCLUSIVE", &t->obj);
	add->note = "no scan: checks new and updated rows only";

	Op *validate = op_new(ctx, PHASE_TIGHTEN, '~', ch,
			      OBJ_TABLE * RANK_KIND + (fk ? STEP_ADD_FK + 1 : STEP_ADD_CONSTRAINT));
	op_summary(ctx, validate, "validate constraint %s", con_display(ctx, ch, k));
	ddl_alter_table(&sb, t);
	strbuf_puts(&sb, " VALIDATE CONSTRAINT ");
	strbuf_ident(&sb, k->name);
	op_sql(ctx, validate, &sb);
	op_need(ctx, validate, t->obj.key);
	lock_on(validate, "SHARE UPDATE EXCLUSIVE", &t->obj);
	validate->hazards = HAZ_TABLE_SCAN;
	table_cost(ctx, validate, live_table(ctx, &t->obj));

	const Table *live = live_table(ctx, &t->obj);
	if (reads_new_column(live, t, k->check ? k->check->sql : NULL, &k->columns)) {
		/* nothing to check yet */
	} else if (fk) {
		/* rows whose key has no match in the referenced table */
		strbuf_puts(&sb, "SELECT count(*) FROM (SELECT 1 FROM ");
		ddl_object_name(&sb, &t->obj);
		strbuf_puts(&sb, " c WHERE ");
		for (size_t i = 0; i < k->columns.len; i++) {
			strbuf_puts(&sb, i ? " AND c." : "c.");
			strbuf_ident(&sb, k->columns.items[i]);
			strbuf_puts(&sb, " IS NOT NULL");
		}
		const Table *ref_live = catalog_find_table(ctx->live, k->ref_schema, k->ref_table);
		if (ref_live) {
			strbuf_puts(&sb, " AND NOT EXISTS (SELECT 1 FROM ");
			strbuf_qualified(&sb, k->ref_schema, k->ref_table);
			strbuf_puts(&sb, " p WHERE ");
			const PtrVec *refcols = &k->ref_columns;
			const Constraint *pk = table_primary_key(ref_live);
			if (!refcols->len && pk)
				refcols = &pk->columns;
			for (size_t i = 0; i < k->columns.len && i < refcols->len; i++) {
				strbuf_puts(&sb, i ? " AND p." : "p.");
				strbuf_ident(&sb, refcols->items[i]);
				strbuf_puts(&sb, " = c.");
				strbuf_ident(&sb, k->columns.items[i]);
			}
			strbuf_putc(&sb, ')');
		}
		strbuf_printf(&sb, " LIMIT %d) s", PREFLIGHT_CAP + 1);
		add_check(ctx, validate,
			  arena_printf(a, "rows of %s without a match in %s for %s",
				       display_name(ctx, &t->obj),
				       ident_qualified(a, k->ref_schema, k->ref_table),
				       ident_quote(a, k->name)),
			  &sb);
	} else if (k->check) {
		capped_count(&sb, t, arena_printf(a, "NOT (%s)", k->check->sql));
		add_check(ctx, validate,
			  arena_printf(a, "rows failing check %s", ident_quote(a, k->name)), &sb);
	}
	strbuf_release(&sb);
}

bool plan_online_add_constraint(PlanCtx *ctx, const Change *ch)
{
	const Constraint *k = ch->to_con;
	const Table *t = (const Table *) ch->to;
	if (!online_enabled(ctx) || k->type == CON_EXCLUDE)
		return false;
	if (k->type == CON_PRIMARY || k->type == CON_UNIQUE)
		unique_via_index(ctx, ch, t, k);
	else
		not_valid_then_validate(ctx, ch, t, k);
	return true;
}

/* ---- NOT NULL ------------------------------------------------------------ */

static Op *backfill_op(PlanCtx *ctx, const Change *ch, const Table *t, const char *column,
		       const char *value_sql, long batch);

void plan_online_set_not_null(PlanCtx *ctx, const Change *ch, bool column_is_new)
{
	Arena *a = ctx->plan->arena;
	const Table *t = (const Table *) ch->to;
	const Table *live = (const Table *) ch->from;
	const Column *c = ch->to_col;
	const char *nn = not_null_check_name(ctx, t, c);
	helper_used(ctx, t->obj.schema, t->obj.name, nn);
	const Constraint *existing = table_find_constraint(live, nn);
	const char *col = ident_quote(a, c->name);
	StrBuf sb = STRBUF_INIT;

	Op *fill = NULL;
	if (c->backfill && !column_is_new) {
		fill = backfill_op(ctx, ch, t, c->name, c->backfill->sql, c->backfill_batch);
		op_summary(ctx, fill, "backfill NULLs of %s.%s with %s", display_name(ctx, &t->obj), col,
			   c->backfill->sql);
	}
	if (!existing) {
		/* Rows filled by a backfill are NULL until it reaches them: an
		 * UPDATE of one before that would violate the check, so it waits
		 * for the backfill (tighten, its own transaction before the
		 * VALIDATE).  Without a backfill, pre-flight has shown there are
		 * no NULLs and new writes are checked from expand on. */
		bool after_backfill = column_is_new || c->backfill;
		Op *add = op_new(ctx, after_backfill ? PHASE_TIGHTEN : PHASE_EXPAND, '+', ch,
				 OBJ_TABLE * RANK_KIND +
					 (after_backfill ? STEP_COLUMN - 1 : STEP_ADD_CONSTRAINT));
		op_summary(ctx, add, "add check %s IS NOT NULL on %s not valid", col,
			   display_name(ctx, &t->obj));
		ddl_alter_table(&sb, t);
		strbuf_puts(&sb, " ADD CONSTRAINT ");
		strbuf_ident(&sb, nn);
		strbuf_printf(&sb, " CHECK (%s IS NOT NULL) NOT VALID", col);
		op_sql(ctx, add, &sb);
		op_need(ctx, add, t->obj.key);
		lock_on(add, "ACCESS EXCLUSIVE", &t->obj);
		add->note = "no scan: new and updated rows must already be non-NULL";
	}
	if (!existing || existing->not_valid) {
		Op *validate = op_new(ctx, PHASE_TIGHTEN, '~', ch, OBJ_TABLE * RANK_KIND + STEP_COLUMN);
		op_summary(ctx, validate, "validate check %s IS NOT NULL on %s", col,
			   display_name(ctx, &t->obj));
		ddl_alter_table(&sb, t);
		strbuf_puts(&sb, " VALIDATE CONSTRAINT ");
		strbuf_ident(&sb, nn);
		op_sql(ctx, validate, &sb);
		op_need(ctx, validate, t->obj.key);
		lock_on(validate, "SHARE UPDATE EXCLUSIVE", &t->obj);
		validate->hazards = HAZ_TABLE_SCAN;
		table_cost(ctx, validate, live);
		if (!column_is_new) {
			capped_count(&sb, t, arena_printf(a, "%s IS NULL", col));
			Check *check = add_check(ctx, validate,
						 arena_printf(a, "rows with NULL in %s.%s",
							      display_name(ctx, &t->obj), col),
						 &sb);
			check->fixed_by_backfill = c->backfill != NULL;
			check->fixer = fill;
		}
	}
	Op *set = op_new(ctx, PHASE_TIGHTEN, '~', ch, OBJ_TABLE * RANK_KIND + STEP_COLUMN + 1);
	op_summary(ctx, set, "set not null on %s.%s", display_name(ctx, &t->obj), col);
	ddl_alter_table(&sb, t);
	strbuf_printf(&sb, " ALTER COLUMN %s SET NOT NULL", col);
	op_sql(ctx, set, &sb);
	ddl_alter_table(&sb, t);
	strbuf_puts(&sb, " DROP CONSTRAINT ");
	strbuf_ident(&sb, nn);
	op_sql(ctx, set, &sb);
	op_need(ctx, set, t->obj.key);
	lock_on(set, "ACCESS EXCLUSIVE", &t->obj);
	set->note = "no scan: the validated check proves there are no NULLs";
	strbuf_release(&sb);
}

/* ---- backfill --------------------------------------------------------- */

#define DEFAULT_BATCH 1000

/* The psql form of a backfill: a DO block walking the primary key in
 * batches and committing after each, so locks are held per batch only. */
/* "(k1, k2) > (last0, last1) AND " when `after`, else nothing. */
static void key_after(StrBuf *sb, const PtrVec *key, bool after)
{
	if (!after)
		return;
	strbuf_putc(sb, '(');
	ident_list(sb, key, "");
	strbuf_puts(sb, ") > (");
	for (size_t i = 0; i < key->len; i++)
		strbuf_printf(sb, "%slast%zu", i ? ", " : "", i);
	strbuf_puts(sb, ") AND ");
}

/* One batch: find the batch's last key, then update the batch. */
static void backfill_batch(StrBuf *sb, const Table *t, const PtrVec *key, const Backfill *b,
			   bool after, const char *indent)
{
	size_t n = key->len;
	strbuf_printf(sb, "%sSELECT ", indent);
	for (size_t i = 0; i < n; i++)
		strbuf_printf(sb, "%sk%zu", i ? ", " : "", i);
	strbuf_puts(sb, " INTO ");
	for (size_t i = 0; i < n; i++)
		strbuf_printf(sb, "%supto%zu", i ? ", " : "", i);
	strbuf_puts(sb, " FROM (SELECT ");
	for (size_t i = 0; i < n; i++) {
		strbuf_puts(sb, i ? ", " : "");
		strbuf_ident(sb, key->items[i]);
		strbuf_printf(sb, " AS k%zu", i);
	}
	strbuf_puts(sb, " FROM ");
	ddl_object_name(sb, &t->obj);
	strbuf_puts(sb, " WHERE ");
	key_after(sb, key, after);
	strbuf_puts(sb, "true ORDER BY ");
	ident_list(sb, key, "");
	strbuf_printf(sb, " LIMIT %ld) batch ORDER BY ", b->batch_size);
	for (size_t i = 0; i < n; i++)
		strbuf_printf(sb, "%sk%zu DESC", i ? ", " : "", i);
	strbuf_printf(sb, " LIMIT 1;\n%sEXIT WHEN NOT FOUND;\n%sUPDATE ", indent, indent);
	ddl_object_name(sb, &t->obj);
	strbuf_printf(sb, " SET %s WHERE ", b->set_sql);
	key_after(sb, key, after);
	strbuf_putc(sb, '(');
	ident_list(sb, key, "");
	strbuf_puts(sb, ") <= (");
	for (size_t i = 0; i < n; i++)
		strbuf_printf(sb, "%supto%zu", i ? ", " : "", i);
	strbuf_printf(sb, ") AND (%s);\n", b->todo_sql);
}

/* The psql form of a backfill: a DO block walking the primary key in
 * batches and committing after each, so locks are held per batch only.
 * The first batch and the others are separate statements: a single one
 * with "NOT started OR key > last" gets a generic cached plan after five
 * runs in which that test is a filter, not an index condition, and every
 * batch would walk the index from its start. */
static void backfill_do_block(StrBuf *sb, const Table *t, const PtrVec *key, const PtrVec *key_types,
			      const Backfill *b)
{
	size_t n = key->len;
	StrBuf body = STRBUF_INIT, *outer = sb;
	sb = &body;
	strbuf_puts(sb, "\nDECLARE\n");
	for (size_t i = 0; i < n; i++)
		strbuf_printf(sb, "    last%zu %s;\n    upto%zu %s;\n", i, (const char *) key_types->items[i],
			      i, (const char *) key_types->items[i]);
	strbuf_puts(sb, "    started boolean := false;\nBEGIN\n    LOOP\n        IF started THEN\n");
	backfill_batch(sb, t, key, b, true, "            ");
	strbuf_puts(sb, "        ELSE\n");
	backfill_batch(sb, t, key, b, false, "            ");
	strbuf_puts(sb, "        END IF;\n");
	for (size_t i = 0; i < n; i++)
		strbuf_printf(sb, "        last%zu := upto%zu;\n", i, i);
	strbuf_puts(sb, "        started := true;\n        COMMIT;\n    END LOOP;\nEND\n");
	/* names and the backfill expression are in the body: the tag is one
	 * they do not hold */
	strbuf_puts(outer, "DO ");
	ddl_dollar_quote(outer, body.buf);
	strbuf_release(&body);
}

void backfill_sql(PlanCtx *ctx, Op *op, const Table *t, const Table *live)
{
	Arena *a = ctx->plan->arena;
	const Backfill *b = op->backfill;
	const Constraint *pk = live ? table_primary_key(live) : NULL;
	StrBuf sb = STRBUF_INIT;
	op->lock = "ROW EXCLUSIVE";
	op->lock_schema = t->obj.schema;
	op->lock_table = t->obj.name;
	if (pk) {
		PtrVec types = {0};
		VEC_EACH(const char *, k, &pk->columns) {
			const Column *kc = table_find_column(live, k);
			vec_push(a, &types, (void *) (kc ? kc->type : "text"));
		}
		backfill_do_block(&sb, t, &pk->columns, &types, b);
		op->no_transaction = true; /* the DO block commits per batch */
	} else {
		/* without a key to walk, one statement; it locks the rows it updates */
		op->backfill = NULL;
		strbuf_puts(&sb, "UPDATE ");
		ddl_object_name(&sb, &t->obj);
		strbuf_printf(&sb, " SET %s WHERE %s", b->set_sql, b->todo_sql);
		op->note = "the table has no primary key: one UPDATE instead of batches";
	}
	op_sql(ctx, op, &sb);
	strbuf_release(&sb);
}

static Op *backfill_op(PlanCtx *ctx, const Change *ch, const Table *t, const char *column,
		       const char *value_sql, long batch)
{
	Arena *a = ctx->plan->arena;
	const Table *live = live_table(ctx, &t->obj);
	const Constraint *pk = live ? table_primary_key(live) : NULL;
	Op *op = op_new(ctx, PHASE_BACKFILL, '~', ch, OBJ_TABLE * RANK_KIND + STEP_COLUMN);
	op_need(ctx, op, t->obj.key);
	table_cost(ctx, op, live);
	const char *col = ident_quote(a, column);
	Backfill *b = ARENA_NEW(a, Backfill);
	b->schema = t->obj.schema;
	b->table = t->obj.name;
	if (pk)
		b->key_columns = pk->columns;
	b->set_sql = arena_printf(a, "%s = %s", col, value_sql);
	b->todo_sql = arena_printf(a, "%s IS NULL", col);
	b->batch_size = batch ? batch : ctx->opts->batch_size ? ctx->opts->batch_size : DEFAULT_BATCH;
	op->backfill = b;
	backfill_sql(ctx, op, t, live);
	return op;
}

/* ---- new columns ---------------------------------------------------------- */

/* Functions whose value differs per row: a default calling one makes
 * ADD COLUMN rewrite the table. */
static bool calls_function(const char *sql, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = strstr(sql, name); p; p = strstr(p + 1, name)) {
		bool starts = p == sql || !(p[-1] == '_' || (p[-1] >= 'a' && p[-1] <= 'z') ||
					    (p[-1] >= '0' && p[-1] <= '9') || p[-1] == '.');
		if (starts && p[n] == '(')
			return true;
	}
	return false;
}

bool expr_is_volatile(PlanCtx *ctx, const Expr *e)
{
	static const char *const volatile_builtins[] = {
		"random", "gen_random_uuid", "uuid_generate_v1", "uuid_generate_v1mc",
		"uuid_generate_v4", "clock_timestamp", "timeofday", "nextval", "setval",
		"txid_current", "pg_current_xact_id", "random_normal", NULL};
	if (!e)
		return false;
	const char *sql = expr_canon(e);
	for (const char *const *f = volatile_builtins; *f; f++)
		if (calls_function(sql, *f))
			return true;
	VEC_EACH(const Object *, o, &ctx->desired->objects)
		if (o->kind == OBJ_FUNCTION && ((const Function *) o)->volatility == 'v' &&
		    calls_function(sql, o->name))
			return true;
	return false;
}

bool plan_online_add_column(PlanCtx *ctx, const Change *ch)
{
	const Table *t = (const Table *) ch->to;
	const Column *c = ch->to_col;
	bool volatile_default = c->default_expr && expr_is_volatile(ctx, c->default_expr);
	bool needs_fill = volatile_default || (c->backfill && !c->generated && !c->identity);
	if (!online_enabled(ctx) || !needs_fill || c->generated || c->identity)
		return false;
	Arena *a = ctx->plan->arena;
	StrBuf sb = STRBUF_INIT;
	Op *add = op_new(ctx, PHASE_EXPAND, '+', ch, OBJ_TABLE * RANK_KIND + STEP_ADD_COLUMN);
	op_summary(ctx, add, "add column %s.%s %s%s%s", display_name(ctx, &t->obj),
		   ident_quote(a, c->name), c->type, c->collation ? " COLLATE " : "",
		   c->collation ? c->collation : "");
	Column bare = *c;
	bare.default_expr = NULL;
	bare.not_null = false;
	ddl_alter_table(&sb, t);
	strbuf_puts(&sb, " ADD COLUMN ");
	ddl_column_def(&sb, &bare);
	op_sql(ctx, add, &sb);
	if (c->default_expr) {
		ddl_alter_column(&sb, t, c->name);
		strbuf_printf(&sb, " SET DEFAULT %s", c->default_expr->sql);
		op_sql(ctx, add, &sb);
	}
	if (c->comment) {
		ddl_column_comment(&sb, t, c, c->comment);
		op_sql(ctx, add, &sb);
	}
	op_need(ctx, add, t->obj.key);
	VEC_EACH(const char *, dep, &t->obj.deps)
		op_need(ctx, add, dep);
	op_need_owned_sequences(ctx, add, &t->obj);
	lock_on(add, "ACCESS EXCLUSIVE", &t->obj);
	add->note = volatile_default ? "default is volatile: existing rows are filled in batches, "
				       "not by a table rewrite"
				     : "existing rows are filled in batches by the backfill directive";
	strbuf_release(&sb);

	const char *value = c->backfill ? c->backfill->sql : c->default_expr->sql;
	Op *fill = backfill_op(ctx, ch, t, c->name, value, c->backfill_batch);
	op_summary(ctx, fill, "backfill %s.%s with %s", display_name(ctx, &t->obj),
		   ident_quote(a, c->name), value);
	if (c->not_null)
		plan_online_set_not_null(ctx, ch, true);
	return true;
}
