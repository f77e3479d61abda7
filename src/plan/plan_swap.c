/*
 * plan_swap.c - column type changes.
 *
 * A binary-compatible change (varchar(10) -> varchar(50), varchar -> text,
 * numeric(10,2) -> numeric(12,2), more timestamp precision) is one cheap
 * statement; so is a collation change (the rows stay, the column's indexes
 * are rebuilt under the lock).  Any other change rewrites the table under ACCESS EXCLUSIVE;
 * for a table big enough for that to matter (PlanOptions.online_min_rows)
 * it becomes the expand/contract form instead:
 *   expand    add "<col>__pgstage_new" of the new type, and a trigger that
 *             keeps it in step with every insert and update;  when the cast
 *             can fail ('n/a' to integer), it goes through a helper
 *             function that gives NULL instead of an error, so no write of
 *             the running application fails because of the swap;
 *   backfill  copy converted values over in primary-key batches;
 *   tighten   NOT NULL proof (validated apart from the ADD CONSTRAINT's
 *             lock) and the column's indexes, built concurrently on the
 *             new column;
 *   contract  a catch-up UPDATE outside any table lock, then one short
 *             transaction: (when the cast can fail) refuse, with the count,
 *             while a value of the old column did not convert; drop the
 *             trigger and the old column, rename the
 *             new one (it moves to the end of the table), re-attach
 *             indexes, key constraints, default and (with privileges)
 *             the column's grants.
 * Columns the swap cannot carry over safely (foreign keys, views, checks
 * and expression indexes over the column, identity, generated) fall back
 * to the single statement, with its hazard shown.
 *
 * Memory ownership: see plan.h.
 */
#include "plan/plan_online.h"
#include "emit/ddl.h"
#include "model/ident.h"

#include <stdio.h>
#include <string.h>

#define DEFAULT_ONLINE_MIN_ROWS 10000

/* Base type without typmod or array brackets: "character varying(5)[]" ->
 * "character varying"; "timestamp(3) with time zone" keeps its zone. */
static void base_type(const char *type, char *out, size_t size)
{
	size_t n = strcspn(type, "([");
	if (n >= size)
		n = size - 1;
	memcpy(out, type, n);
	out[n] = '\0';
	while (n && out[n - 1] == ' ')
		out[--n] = '\0';
	const char *zone = strstr(type, "without time zone") ? " without time zone"
			   : strstr(type, "with time zone")  ? " with time zone"
							     : NULL;
	if (zone && !strstr(out, "time zone"))
		snprintf(out + n, size - n, "%s", zone);
}

/* The typmod numbers of "numeric(10,2)": returns how many were read. */
static int typmods(const char *type, long *a, long *b)
{
	const char *p = strchr(type, '(');
	if (!p)
		return 0;
	return sscanf(p, "(%ld,%ld)", a, b);
}

static bool in_set(const char *s, const char *const *set)
{
	for (; *set; set++)
		if (strcmp(s, *set) == 0)
			return true;
	return false;
}

bool type_change_rewrites(const char *from, const char *to)
{
	static const char *const widenable[] = {
		"character varying", "bit varying", "numeric", "timestamp without time zone",
		"timestamp with time zone", "time without time zone", "interval", NULL};
	if (strcmp(from, to) == 0)
		return false; /* only the collation changes */
	char a[128], b[128];
	base_type(from, a, sizeof a);
	base_type(to, b, sizeof b);
	if ((strstr(from, "[]") != NULL) != (strstr(to, "[]") != NULL))
		return true;
	/* binary-coercible pairs */
	if ((strcmp(a, "character varying") == 0 && strcmp(to, "text") == 0) ||
	    (strcmp(from, "text") == 0 && strcmp(to, "character varying") == 0) ||
	    (strcmp(a, "cidr") == 0 && strcmp(b, "inet") == 0))
		return false;
	if (strcmp(a, b) != 0 || !in_set(a, widenable))
		return true;
	long fa = 0, fb = 0, ta = 0, tb = 0;
	int fn = typmods(from, &fa, &fb), tn = typmods(to, &ta, &tb);
	if (tn == 0)
		return false; /* typmod removed: no length or precision to enforce */
	if (fn == 0)
		return true;  /* a new limit: every value must be checked */
	if (strcmp(a, "numeric") == 0)
		return !(fn == tn && tb == (fn == 2 ? fb : 0) && ta >= fa);
	return ta < fa;
}

/* Does ALTER COLUMN TYPE need a USING clause?  Not when PostgreSQL has an
 * implicit or assignment cast (including I/O casts to string types) --
 * the cases listed here; anything else gets an explicit cast. */
bool type_change_needs_using(const char *from, const char *to)
{
	static const char *const numeric[] = {"smallint", "integer", "bigint", "numeric", "real",
					      "double precision", NULL};
	static const char *const strings[] = {"text", "character varying", "character", "name",
					      "\"char\"", NULL};
	static const char *const datetime[] = {"date", "timestamp without time zone",
					       "timestamp with time zone", NULL};
	static const char *const times[] = {"time without time zone", "time with time zone",
					    "interval", NULL};
	static const char *const bits[] = {"bit", "bit varying", NULL};
	static const char *const json[] = {"json", "jsonb", NULL};
	static const char *const *families[] = {numeric, datetime, times, bits, json, NULL};
	if (strcmp(from, to) == 0)
		return false; /* only the collation changes */
	char a[128], b[128];
	base_type(from, a, sizeof a);
	base_type(to, b, sizeof b);
	if ((strstr(from, "[]") != NULL) != (strstr(to, "[]") != NULL))
		return true;
	if (strcmp(a, b) == 0 || in_set(b, strings))
		return false;
	for (const char *const *const *f = families; *f; f++)
		if (in_set(a, *f) && in_set(b, *f))
			return false;
	return true;
}

/* The conversion of `value` (an SQL expression of the old type). */
static void converted(StrBuf *sb, const char *value, const Column *fc, const Column *tc)
{
	if (!type_change_needs_using(fc->type, tc->type)) {
		strbuf_printf(sb, "%s::%s", value, tc->type);
		return;
	}
	/* user types (enums) convert through their text form */
	bool via_text = strchr(fc->type, '.') || strchr(tc->type, '.');
	strbuf_printf(sb, "%s%s::%s", value, via_text ? "::text" : "", tc->type);
}

/* Can the cast from `from` to `to` fail on some value?  Not to an
 * unbounded string type, nor from a smaller integer to a wider number;
 * anything else may ('n/a' to integer, a value too long or too large). */
static bool conversion_may_fail(const char *from, const char *to)
{
	static const char *const ints[] = {"smallint", "integer", "bigint", NULL};
	static const char *const wide[] = {"numeric", "real", "double precision", NULL};
	if (strcmp(to, "text") == 0 || strcmp(to, "character varying") == 0)
		return false;
	int rf = 0, rt = 0;
	for (int i = 0; ints[i]; i++) {
		rf = strcmp(from, ints[i]) == 0 ? i + 1 : rf;
		rt = strcmp(to, ints[i]) == 0 ? i + 1 : rt;
	}
	if (rf && (in_set(to, wide) || rt >= rf))
		return false;
	return true;
}

/* The enum of the desired schema named `type` when the live database does
 * not have it yet: the plan creates it, so a cast to it cannot run before
 * the plan does.  NULL otherwise. */
static const EnumType *enum_created_by_plan(PlanCtx *ctx, const char *type)
{
	Arena *a = ctx->plan->arena;
	VEC_EACH(const Object *, o, &ctx->desired->objects) {
		if (o->kind != OBJ_ENUM || strcmp(ident_qualified(a, o->schema, o->name), type) != 0)
			continue;
		return catalog_find_key(ctx->live, o->key) ? NULL : (const EnumType *) o;
	}
	return NULL;
}

/* Values that are not labels of an enum the plan creates, evaluated against
 * its desired definition (the type does not exist yet). */
static Check *label_check(PlanCtx *ctx, const Table *live, const Column *fc, const EnumType *e)
{
	Arena *a = ctx->plan->arena;
	StrBuf sb = STRBUF_INIT;
	strbuf_puts(&sb, "SELECT count(*) FROM (SELECT 1 FROM ");
	ddl_object_name(&sb, &live->obj);
	strbuf_puts(&sb, " WHERE ");
	strbuf_ident(&sb, fc->name);
	strbuf_puts(&sb, "::text <> ALL (ARRAY[");
	VEC_EACH(const char *, l, &e->labels) {
		strbuf_puts(&sb, l_i ? ", " : "");
		strbuf_literal(&sb, l);
	}
	strbuf_printf(&sb, "]::text[]) LIMIT %d) s", PREFLIGHT_CAP + 1);
	Check *c = ARENA_NEW(a, Check);
	c->what = arena_printf(a, "values of %s.%s that are not labels of %s", display_name(ctx, &live->obj),
			       ident_quote(a, fc->name), display_name(ctx, &e->obj));
	c->sql = arena_strndup(a, sb.buf, sb.len);
	strbuf_release(&sb);
	return c;
}

/* The base type of the domain of the desired schema named `type` when the
 * live database does not have it yet (its CHECKs are not evaluated), else
 * NULL. */
static const char *domain_base_created_by_plan(PlanCtx *ctx, const char *type)
{
	Arena *a = ctx->plan->arena;
	VEC_EACH(const Object *, o, &ctx->desired->objects) {
		if (o->kind != OBJ_DOMAIN || strcmp(ident_qualified(a, o->schema, o->name), type) != 0)
			continue;
		return catalog_find_key(ctx->live, o->key) ? NULL : ((const Domain *) o)->base_type;
	}
	return NULL;
}

/* Pre-flight: values of the column that do not convert.  The cast runs on
 * every row and stops at the first failure; a second query then counts
 * the failures (each cast in a block of its own, up to the cap) and names
 * the first.  A read-only transaction may not create a function, so the
 * count comes back through a transaction-local setting. */
static void cast_check(PlanCtx *ctx, Op *op, const Table *t, const Table *live, const Column *fc,
		       const Column *to)
{
	Arena *a = ctx->plan->arena;
	/* a type the plan creates is not there yet: check against its
	 * desired definition (an enum's labels, a domain's base type) */
	const EnumType *new_enum = enum_created_by_plan(ctx, to->type);
	if (new_enum) {
		vec_push(a, &op->checks, label_check(ctx, live, fc, new_enum));
		return;
	}
	Column base = *to;
	const char *base_type = domain_base_created_by_plan(ctx, to->type);
	if (base_type)
		base.type = base_type;
	const Column *tc = &base;
	const char *col = ident_quote(a, fc->name);
	StrBuf sb = STRBUF_INIT, body = STRBUF_INIT;
	Check *c = ARENA_NEW(a, Check);
	c->what = arena_printf(a, "values of %s.%s that do not convert to %s",
			       display_name(ctx, &t->obj), col, tc->type);
	strbuf_puts(&sb, "SELECT count(");
	converted(&sb, col, fc, tc);
	strbuf_puts(&sb, ") * 0 FROM ");
	ddl_object_name(&sb, &live->obj);
	c->sql = arena_strndup(a, sb.buf, sb.len);
	strbuf_reset(&sb);
	strbuf_printf(&body, "DECLARE n bigint := 0; first text; r record; BEGIN FOR r IN SELECT %s AS v FROM ",
		      col);
	ddl_object_name(&body, &live->obj);
	strbuf_printf(&body, " WHERE %s IS NOT NULL LOOP BEGIN PERFORM ", col);
	converted(&body, "r.v", fc, tc);
	strbuf_printf(&body,
		      "; EXCEPTION WHEN OTHERS THEN n := n + 1; first := coalesce(first, SQLERRM);"
		      " EXIT WHEN n > %d; END; END LOOP;"
		      " PERFORM set_config('pgstage.check_count', n::text, true),"
		      " set_config('pgstage.check_first', coalesce(first, ''), true); END",
		      PREFLIGHT_CAP);
	strbuf_puts(&sb, "DO ");
	ddl_dollar_quote(&sb, body.buf);
	strbuf_puts(&sb, "; SELECT current_setting('pgstage.check_count')::bigint,"
			 " nullif(current_setting('pgstage.check_first'), '')");
	c->count_sql = arena_strndup(a, sb.buf, sb.len);
	vec_push(a, &op->checks, c);
	strbuf_release(&sb);
	strbuf_release(&body);
}

static bool table_is_large(PlanCtx *ctx, const Table *live)
{
	long min = ctx->opts->online_min_rows;
	if (min < 0)
		return true;
	if (min == 0)
		min = DEFAULT_ONLINE_MIN_ROWS;
	if (live->est_rows >= 0)
		return live->est_rows >= (double) min;
	/* never analyzed: judge by size, ~100 bytes a row */
	return live->size_bytes >= (int64_t) min * 100;
}

static bool list_has(const PtrVec *v, const char *s)
{
	VEC_EACH(const char *, x, v)
		if (strcmp(x, s) == 0)
			return true;
	return false;
}

/* Why the swap cannot carry this column over, or NULL when it can. */
static const char *swap_blocker(PlanCtx *ctx, const Table *live, const Column *fc, const Column *tc)
{
	if (!table_primary_key(live))
		return "the table has no primary key to batch by";
	if (fc->identity || fc->generated || tc->identity || tc->generated)
		return "identity and generated columns are not swapped";
	VEC_EACH(const Constraint *, k, &live->constraints) {
		if (strstr(k->name, "__pgstage"))
			continue;
		bool uses = list_has(&k->columns, fc->name) || list_has(&k->include, fc->name);
		if (k->type == CON_FOREIGN && uses)
			return "the column is part of a foreign key";
		if (k->type == CON_CHECK && k->check && sql_mentions(k->check->sql, fc->name))
			return "a check constraint uses the column";
		if (k->type == CON_EXCLUDE)
			return "the table has an exclusion constraint";
	}
	VEC_EACH(const Object *, o, &ctx->live->objects) {
		if (o->kind == OBJ_TABLE) {
			VEC_EACH(const Constraint *, k, &((const Table *) o)->constraints)
				if (k->type == CON_FOREIGN && str_equal(k->ref_schema, live->obj.schema) &&
				    str_equal(k->ref_table, live->obj.name) &&
				    (list_has(&k->ref_columns, fc->name) || !k->ref_columns.len))
					return "a foreign key references the column";
		} else if ((o->kind == OBJ_VIEW || o->kind == OBJ_MATVIEW) &&
			   list_has(&o->deps, live->obj.key)) {
			return "a view depends on the table";
		} else if (o->kind == OBJ_INDEX && str_equal(((const Index *) o)->table, live->obj.name) &&
			   str_equal(o->schema, live->obj.schema)) {
			const Index *ix = (const Index *) o;
			VEC_EACH(const IndexElem *, e, &ix->elems)
				if (e->expr && sql_mentions(e->expr->sql, fc->name))
					return "an expression index uses the column";
			if (ix->where && sql_mentions(ix->where->sql, fc->name))
				return "a partial index predicate uses the column";
		}
	}
	return NULL;
}

/* "text", or "text COLLATE public.x" when the collations of the two sides differ. */
static const char *type_display(PlanCtx *ctx, const Column *c, const Column *other)
{
	if (str_equal(c->collation, other->collation))
		return c->type;
	return arena_printf(ctx->plan->arena, "%s COLLATE %s", c->type,
			    c->collation ? c->collation : "default");
}

/* Does an index or a key of the live table cover the column? */
static bool column_indexed(PlanCtx *ctx, const Table *live, const Column *fc)
{
	VEC_EACH(const Constraint *, k, &live->constraints)
		if ((k->type == CON_PRIMARY || k->type == CON_UNIQUE || k->type == CON_EXCLUDE) &&
		    (list_has(&k->columns, fc->name) || k->type == CON_EXCLUDE))
			return true;
	VEC_EACH(const Object *, o, &ctx->live->objects) {
		if (o->kind != OBJ_INDEX || !str_equal(o->schema, live->obj.schema) ||
		    !str_equal(((const Index *) o)->table, live->obj.name))
			continue;
		const Index *ix = (const Index *) o;
		VEC_EACH(const IndexElem *, e, &ix->elems)
			if (str_equal(e->column, fc->name) || (e->expr && sql_mentions(e->expr->sql, fc->name)))
				return true;
		if (list_has(&ix->include, fc->name) ||
		    (ix->where && sql_mentions(ix->where->sql, fc->name)))
			return true;
	}
	return false;
}

static void plain_type_change(PlanCtx *ctx, const Change *ch, bool rewrites, const char *why_not_online)
{
	const Table *t = (const Table *) ch->to;
	const Column *fc = ch->from_col, *tc = ch->to_col;
	StrBuf sb = STRBUF_INIT;
	Op *op = op_new(ctx, PHASE_EXPAND, '~', ch, OBJ_TABLE * RANK_KIND + STEP_COLUMN);
	op_summary(ctx, op, "alter column %s.%s type %s -> %s", display_name(ctx, &t->obj),
		   ident_quote(ctx->plan->arena, tc->name), type_display(ctx, fc, tc),
		   type_display(ctx, tc, fc));
	op_need(ctx, op, t->obj.key);
	VEC_EACH(const char *, k, &t->obj.deps)
		op_need(ctx, op, k);
	VEC_EACH(const char *, k, &ch->from->deps)
		op_release(ctx, op, k);
	/* the old default may not cast to the new type: drop it, set it after */
	if (fc->default_expr && !fc->identity && !fc->generated) {
		ddl_alter_column(&sb, t, tc->name);
		strbuf_puts(&sb, " DROP DEFAULT");
		op_sql(ctx, op, &sb);
	}
	ddl_alter_column(&sb, t, tc->name);
	strbuf_printf(&sb, " TYPE %s", tc->type);
	if (tc->collation)
		strbuf_printf(&sb, " COLLATE %s", tc->collation);
	if (type_change_needs_using(fc->type, tc->type)) {
		strbuf_puts(&sb, " USING ");
		converted(&sb, ident_quote(ctx->plan->arena, tc->name), fc, tc);
	}
	op_sql(ctx, op, &sb);
	if (tc->default_expr && !tc->generated && !tc->identity) {
		ddl_alter_column(&sb, t, tc->name);
		strbuf_printf(&sb, " SET DEFAULT %s", tc->default_expr->sql);
		op_sql(ctx, op, &sb);
	}
	op->lock = "ACCESS EXCLUSIVE";
	op->lock_schema = t->obj.schema;
	op->lock_table = t->obj.name;
	op->moves_dependents = true;
	const Table *live = (const Table *) ch->from;
	if (rewrites) {
		op->hazards = HAZ_TABLE_REWRITE | HAZ_BLOCKS_READS | HAZ_BLOCKS_WRITES;
		table_cost(ctx, op, live);
		op->note = why_not_online;
	} else if (!str_equal(fc->collation, tc->collation)) {
		/* the rows stay; what was sorted by the old collation is re-sorted */
		op->note = "collation changed: no table rewrite; indexes on the column are rebuilt "
			   "under the lock";
		if (column_indexed(ctx, live, fc)) {
			op->hazards = HAZ_BLOCKS_READS | HAZ_BLOCKS_WRITES;
			table_cost(ctx, op, live);
		}
	} else {
		op->note = "binary-compatible: no rewrite, no scan";
	}
	/* values that do not convert make the statement fail: count them */
	if (type_change_needs_using(fc->type, tc->type) || rewrites)
		cast_check(ctx, op, t, live, fc, tc);
	strbuf_release(&sb);
}

static Op *swap_op(PlanCtx *ctx, const Change *ch, Phase phase, char action, const char *fmt,
		   const char *lock)
{
	const Table *t = (const Table *) ch->to;
	Op *op = op_new(ctx, phase, action, ch, OBJ_TABLE * RANK_KIND + STEP_COLUMN);
	op_summary(ctx, op, fmt, display_name(ctx, &t->obj),
		   ident_quote(ctx->plan->arena, ch->to_col->name));
	op_need(ctx, op, t->obj.key);
	op->lock = lock;
	op->lock_schema = t->obj.schema;
	op->lock_table = t->obj.name;
	return op;
}

/* Indexes of the live table whose key includes the column, with the
 * constraint that owns each (NULL for a plain index). */
typedef struct ColumnIndex {
	const Index *index;           /* a plain index, or NULL */
	const Constraint *constraint; /* a PK/UNIQUE key, or NULL */
	const char *tmp_name;         /* its twin on the new column */
} ColumnIndex;

static PtrVec column_indexes(PlanCtx *ctx, const Table *live, const Column *fc)
{
	Arena *a = ctx->plan->arena;
	PtrVec out = {0};
	VEC_EACH(const Constraint *, k, &live->constraints)
		if ((k->type == CON_PRIMARY || k->type == CON_UNIQUE) && list_has(&k->columns, fc->name)) {
			ColumnIndex *ci = ARENA_NEW(a, ColumnIndex);
			ci->constraint = k;
			ci->tmp_name = helper_name(ctx, k->name, "__pgstage_new");
			vec_push(a, &out, ci);
		}
	VEC_EACH(const Object *, o, &ctx->live->objects) {
		if (o->kind != OBJ_INDEX || !str_equal(o->schema, live->obj.schema) ||
		    !str_equal(((const Index *) o)->table, live->obj.name))
			continue;
		const Index *ix = (const Index *) o;
		bool uses = list_has(&ix->include, fc->name);
		VEC_EACH(const IndexElem *, e, &ix->elems)
			if (e->column && strcmp(e->column, fc->name) == 0)
				uses = true;
		if (!uses)
			continue;
		ColumnIndex *ci = ARENA_NEW(a, ColumnIndex);
		ci->index = ix;
		ci->tmp_name = helper_name(ctx, o->name, "__pgstage_new");
		vec_push(a, &out, ci);
	}
	return out;
}

/* The same index over the new column. */
static Index *twin_index(PlanCtx *ctx, const ColumnIndex *ci, const Table *live, const char *col,
			 const char *newcol)
{
	Arena *a = ctx->plan->arena;
	Index *ix = ARENA_NEW(a, Index);
	ix->obj.kind = OBJ_INDEX;
	ix->obj.schema = live->obj.schema;
	ix->obj.name = ci->tmp_name;
	ix->table = live->obj.name;
	if (ci->index) {
		*ix = *ci->index;
		ix->obj.name = ci->tmp_name;
		ix->elems = (PtrVec){0};
		ix->include = (PtrVec){0};
		VEC_EACH(const IndexElem *, e, &ci->index->elems) {
			IndexElem *ne = ARENA_NEW(a, IndexElem);
			*ne = *e;
			if (e->column && strcmp(e->column, col) == 0)
				ne->column = newcol;
			vec_push(a, &ix->elems, ne);
		}
		VEC_EACH(const char *, inc, &ci->index->include)
			vec_push(a, &ix->include, (void *) (strcmp(inc, col) == 0 ? newcol : inc));
		return ix;
	}
	ix->method = "btree";
	ix->unique = true;
	ix->nulls_not_distinct = ci->constraint->nulls_not_distinct;
	VEC_EACH(const char *, kc, &ci->constraint->columns) {
		IndexElem *e = ARENA_NEW(a, IndexElem);
		e->column = strcmp(kc, col) == 0 ? newcol : kc;
		vec_push(a, &ix->elems, e);
	}
	VEC_EACH(const char *, inc, &ci->constraint->include)
		vec_push(a, &ix->include, (void *) (strcmp(inc, col) == 0 ? newcol : inc));
	return ix;
}

/* The swap's conversion of `value`: through the helper function when the
 * cast can fail, else the cast itself. */
static void swap_converted(StrBuf *sb, const char *value, const char *conv_func, const Column *fc,
			   const Column *tc)
{
	if (conv_func)
		strbuf_printf(sb, "%s(%s)", conv_func, value);
	else
		converted(sb, value, fc, tc);
}

/* A statement that fails, naming the count, while a row holds a value of
 * the old column that did not convert (the helper function left the new
 * column NULL): the swap would lose those values. */
static void unconverted_guard(PlanCtx *ctx, Op *op, const Table *t, const Column *fc,
			      const Column *tc, const char *col, const char *newcol)
{
	Arena *a = ctx->plan->arena;
	StrBuf sb = STRBUF_INIT, body = STRBUF_INIT;
	strbuf_puts(&body, "DECLARE n bigint; BEGIN SELECT count(*) INTO n FROM ");
	ddl_object_name(&body, &t->obj);
	strbuf_printf(&body, " WHERE %s IS NOT NULL AND %s IS NULL; IF n > 0 THEN RAISE EXCEPTION "
			     "'%% row(s) of %% hold a value of column %% that does not convert to %%', n, ",
		      col, newcol);
	strbuf_literal(&body, display_name(ctx, &t->obj));
	strbuf_puts(&body, ", ");
	strbuf_literal(&body, ident_quote(a, fc->name));
	strbuf_puts(&body, ", ");
	strbuf_literal(&body, tc->type);
	strbuf_puts(&body, " USING ERRCODE = 'check_violation', HINT = 'the swap keeps the old values only "
			   "where they convert: fix those rows (an UPDATE of the old column converts "
			   "again), then run the swap again'; END IF; END");
	strbuf_puts(&sb, "DO ");
	ddl_dollar_quote(&sb, body.buf);
	op_sql(ctx, op, &sb);
	strbuf_release(&sb);
	strbuf_release(&body);
}

static void swap_type_change(PlanCtx *ctx, const Change *ch)
{
	Arena *a = ctx->plan->arena;
	const Table *t = (const Table *) ch->to, *live = (const Table *) ch->from;
	const Column *fc = ch->from_col, *tc = ch->to_col;
	const char *col = ident_quote(a, fc->name);
	const char *newname = helper_name(ctx, fc->name, "__pgstage_new");
	const char *newcol = ident_quote(a, newname);
	char base[160];
	snprintf(base, sizeof base, "%s_%s", t->obj.name, fc->name);
	const char *func = ident_qualified(a, t->obj.schema, helper_name(ctx, base, "__pgstage_sync"));
	const char *trigger = ident_quote(a, helper_name(ctx, fc->name, "__pgstage_sync"));
	const Column *in_flight = table_find_column(live, newname);
	helper_used(ctx, t->obj.schema, t->obj.name, newname);
	helper_used(ctx, t->obj.schema, t->obj.name, helper_name(ctx, fc->name, "__pgstage_sync"));
	helper_used(ctx, t->obj.schema, NULL, helper_name(ctx, base, "__pgstage_sync"));
	/* a cast that can fail goes through a function giving NULL instead */
	bool may_fail = conversion_may_fail(fc->type, tc->type);
	const char *conv_func = NULL;
	if (may_fail) {
		const char *name = helper_name(ctx, base, "__pgstage_conv");
		helper_used(ctx, t->obj.schema, NULL, name);
		conv_func = ident_qualified(a, t->obj.schema, name);
	}
	StrBuf sb = STRBUF_INIT, conv = STRBUF_INIT;
	swap_converted(&conv, col, conv_func, fc, tc);
	Op *first = NULL; /* the first op of the swap in this plan: pre-flight goes there */

	if (!in_flight || !str_equal(in_flight->type, tc->type)) {
		Op *add = swap_op(ctx, ch, PHASE_EXPAND, '+',
				  "add column %s.%s__pgstage_new of the new type, kept in step by a trigger",
				  "ACCESS EXCLUSIVE");
		if (in_flight) {
			ddl_alter_table(&sb, t);
			strbuf_printf(&sb, " DROP COLUMN %s", newcol);
			op_sql(ctx, add, &sb);
		}
		ddl_alter_table(&sb, t);
		strbuf_printf(&sb, " ADD COLUMN %s %s", newcol, tc->type);
		if (tc->collation)
			strbuf_printf(&sb, " COLLATE %s", tc->collation);
		op_sql(ctx, add, &sb);
		StrBuf body = STRBUF_INIT;
		if (conv_func) {
			strbuf_printf(&body, "BEGIN RETURN ");
			converted(&body, "$1", fc, tc);
			strbuf_puts(&body, "; EXCEPTION WHEN OTHERS THEN RETURN NULL; END");
			strbuf_printf(&sb, "CREATE OR REPLACE FUNCTION %s(%s) RETURNS %s LANGUAGE plpgsql AS ",
				      conv_func, fc->type, tc->type);
			ddl_dollar_quote(&sb, body.buf);
			op_sql(ctx, add, &sb);
			strbuf_reset(&body);
		}
		strbuf_printf(&body, "BEGIN NEW.%s := ", newcol);
		swap_converted(&body, arena_printf(a, "NEW.%s", col), conv_func, fc, tc);
		strbuf_puts(&body, "; RETURN NEW; END");
		strbuf_printf(&sb, "CREATE OR REPLACE FUNCTION %s() RETURNS trigger LANGUAGE plpgsql AS ",
			      func);
		ddl_dollar_quote(&sb, body.buf);
		strbuf_release(&body);
		op_sql(ctx, add, &sb);
		strbuf_printf(&sb, "DROP TRIGGER IF EXISTS %s ON ", trigger);
		ddl_object_name(&sb, &t->obj);
		op_sql(ctx, add, &sb);
		/* UPDATE OF the old column only: the backfill's own updates of
		 * the new column do not fire it */
		strbuf_printf(&sb, "CREATE TRIGGER %s BEFORE INSERT OR UPDATE OF %s ON ", trigger, col);
		ddl_object_name(&sb, &t->obj);
		strbuf_printf(&sb, " FOR EACH ROW EXECUTE FUNCTION %s()", func);
		op_sql(ctx, add, &sb);
		/* undone alone (a down after only the expand release ran): the
		 * helpers go, the old column never changed; the new column's
		 * indexes and NOT NULL check go with it */
		strbuf_printf(&sb, "DROP TRIGGER IF EXISTS %s ON ", trigger);
		ddl_object_name(&sb, &t->obj);
		vec_push(a, &add->undo, arena_strndup(a, sb.buf, sb.len));
		strbuf_reset(&sb);
		vec_push(a, &add->undo, arena_printf(a, "DROP FUNCTION IF EXISTS %s()", func));
		if (conv_func)
			vec_push(a, &add->undo,
				 arena_printf(a, "DROP FUNCTION IF EXISTS %s(%s)", conv_func, fc->type));
		ddl_alter_table(&sb, t);
		strbuf_printf(&sb, " DROP COLUMN IF EXISTS %s", newcol);
		vec_push(a, &add->undo, arena_strndup(a, sb.buf, sb.len));
		strbuf_reset(&sb);
		add->note = may_fail ? "writes from now on fill both columns; a value that does not "
				       "convert leaves the new column NULL (the write succeeds), and "
				       "the swap refuses while such rows exist"
				     : "writes from now on fill both columns";
		first = add;
	}

	Op *fill = swap_op(ctx, ch, PHASE_BACKFILL, '~', "backfill %s.%s__pgstage_new from the old column",
			   "ROW EXCLUSIVE");
	const Constraint *pk = table_primary_key(live);
	Backfill *b = ARENA_NEW(a, Backfill);
	b->schema = t->obj.schema;
	b->table = t->obj.name;
	b->key_columns = pk->columns;
	b->set_sql = arena_printf(a, "%s = %s", newcol, conv.buf);
	b->todo_sql = arena_printf(a, "%s IS DISTINCT FROM %s", newcol, conv.buf);
	b->batch_size = ctx->opts->batch_size ? ctx->opts->batch_size : 1000;
	fill->backfill = b;
	table_cost(ctx, fill, live);
	backfill_sql(ctx, fill, t, live);
	if (may_fail)
		cast_check(ctx, first ? first : fill, t, live, fc, tc);

	/* NOT NULL proof for the new column, so the swap's SET NOT NULL is instant */
	const char *nn = NULL;
	if (fc->not_null || tc->not_null || column_effective_not_null(t, tc)) {
		nn = helper_name(ctx, arena_printf(a, "%s_%s", t->obj.name, newname), "__pgstage_nn");
		helper_used(ctx, t->obj.schema, t->obj.name, nn);
		const Constraint *have = table_find_constraint(live, nn);
		/* When the cast can fail, the check would make the old
		 * application's write of such a value fail: it waits for the
		 * contract release, after the catch-up and its guard. */
		Phase nn_phase = may_fail ? PHASE_CONTRACT : PHASE_TIGHTEN;
		if (!have) {
			/* after the backfill (before it, an UPDATE of a row not yet
			 * copied would violate the check), and in its own transaction:
			 * the ACCESS EXCLUSIVE lock of ADD CONSTRAINT must not last
			 * through the validating scan */
			Op *add = swap_op(ctx, ch, nn_phase, '+',
					  "add check %s.%s__pgstage_new IS NOT NULL not valid",
					  "ACCESS EXCLUSIVE");
			add->rank -= may_fail ? 2 : 1;
			ddl_alter_table(&sb, t);
			strbuf_puts(&sb, " ADD CONSTRAINT ");
			strbuf_ident(&sb, nn);
			strbuf_printf(&sb, " CHECK (%s IS NOT NULL) NOT VALID", newcol);
			op_sql(ctx, add, &sb);
		}
		if (!have || have->not_valid) {
			Op *proof = swap_op(ctx, ch, nn_phase, '~',
					    "prove %s.%s__pgstage_new has no NULLs", "SHARE UPDATE EXCLUSIVE");
			proof->rank -= may_fail ? 1 : 0;
			ddl_alter_table(&sb, t);
			strbuf_puts(&sb, " VALIDATE CONSTRAINT ");
			strbuf_ident(&sb, nn);
			op_sql(ctx, proof, &sb);
			proof->hazards = HAZ_TABLE_SCAN;
		}
	}

	PtrVec indexes = column_indexes(ctx, live, fc);
	VEC_EACH(const ColumnIndex *, ci, &indexes) {
		helper_used(ctx, t->obj.schema, NULL, ci->tmp_name);
		bool built = false;
		VEC_EACH(const Object *, o, &ctx->live->objects)
			if (o->kind == OBJ_INDEX && str_equal(o->schema, t->obj.schema) &&
			    strcmp(o->name, ci->tmp_name) == 0 && !((const Index *) o)->invalid)
				built = true; /* an INVALID one (a failed build) is built again */
		if (built)
			continue;
		Op *build = swap_op(ctx, ch, PHASE_TIGHTEN, '+',
				    "build the indexes of %s.%s on the new column concurrently",
				    "SHARE UPDATE EXCLUSIVE");
		Index *twin = twin_index(ctx, ci, live, fc->name, newname);
		strbuf_puts(&sb, "DROP INDEX CONCURRENTLY IF EXISTS ");
		strbuf_qualified(&sb, t->obj.schema, ci->tmp_name);
		op_sql(ctx, build, &sb);
		ddl_create_index(&sb, twin, true, ci->tmp_name);
		op_sql(ctx, build, &sb);
		build->no_transaction = true;
		build->hazards = HAZ_TABLE_SCAN;
		table_cost(ctx, build, live);
	}

	/* A last check that every row is in step, before the lock: the trigger
	 * has kept new writes in step since expand, so this normally changes
	 * nothing, and scanning here blocks no one (only writes made with
	 * triggers disabled could have slipped past). */
	Op *catchup = swap_op(ctx, ch, PHASE_CONTRACT, '~', "catch up %s.%s__pgstage_new before the swap",
			      "ROW EXCLUSIVE");
	catchup->rank -= 3; /* before the NOT NULL proof when it is in contract too */
	strbuf_puts(&sb, "UPDATE ");
	ddl_object_name(&sb, &t->obj);
	strbuf_printf(&sb, " SET %s WHERE %s", b->set_sql, b->todo_sql);
	op_sql(ctx, catchup, &sb);
	catchup->hazards = HAZ_TABLE_SCAN;
	if (may_fail)
		unconverted_guard(ctx, catchup, t, fc, tc, col, newcol);

	Op *swap = swap_op(ctx, ch, PHASE_CONTRACT, '~', "swap %s.%s to the new type",
			   "ACCESS EXCLUSIVE");
	swap->hazards = HAZ_IRREVERSIBLE | HAZ_BLOCKS_READS | HAZ_BLOCKS_WRITES;
	swap->note = "metadata only, milliseconds under the lock; the column moves to the end "
		     "of the table";
	if (may_fail) {
		/* before the lock: the count scans the table, and under ACCESS
		 * EXCLUSIVE that would block every reader and writer */
		unconverted_guard(ctx, swap, t, fc, tc, col, newcol);
		cast_check(ctx, swap, t, live, fc, tc);
	}
	strbuf_puts(&sb, "LOCK TABLE ");
	ddl_object_name(&sb, &t->obj);
	strbuf_puts(&sb, " IN ACCESS EXCLUSIVE MODE");
	op_sql(ctx, swap, &sb);
	strbuf_printf(&sb, "DROP TRIGGER %s ON ", trigger);
	ddl_object_name(&sb, &t->obj);
	op_sql(ctx, swap, &sb);
	strbuf_printf(&sb, "DROP FUNCTION %s()", func);
	op_sql(ctx, swap, &sb);
	if (conv_func) {
		strbuf_printf(&sb, "DROP FUNCTION %s(%s)", conv_func, fc->type);
		op_sql(ctx, swap, &sb);
	}
	ddl_alter_table(&sb, t);
	strbuf_printf(&sb, " DROP COLUMN %s", col);
	op_sql(ctx, swap, &sb);
	ddl_alter_table(&sb, t);
	strbuf_printf(&sb, " RENAME COLUMN %s TO %s", newcol, col);
	op_sql(ctx, swap, &sb);
	VEC_EACH(const ColumnIndex *, ci, &indexes) {
		if (ci->constraint) {
			ddl_alter_table(&sb, t);
			strbuf_puts(&sb, " ADD CONSTRAINT ");
			strbuf_ident(&sb, ci->constraint->name);
			strbuf_printf(&sb, " %s USING INDEX ",
				      ci->constraint->type == CON_PRIMARY ? "PRIMARY KEY" : "UNIQUE");
			strbuf_ident(&sb, ci->tmp_name);
		} else {
			strbuf_puts(&sb, "ALTER INDEX ");
			strbuf_qualified(&sb, t->obj.schema, ci->tmp_name);
			strbuf_puts(&sb, " RENAME TO ");
			strbuf_ident(&sb, ci->index->obj.name);
		}
		op_sql(ctx, swap, &sb);
	}
	if (tc->default_expr) {
		ddl_alter_table(&sb, t);
		strbuf_printf(&sb, " ALTER COLUMN %s SET DEFAULT %s", col, tc->default_expr->sql);
		op_sql(ctx, swap, &sb);
	}
	if (nn) {
		ddl_alter_table(&sb, t);
		strbuf_printf(&sb, " ALTER COLUMN %s SET NOT NULL", col);
		op_sql(ctx, swap, &sb);
		ddl_alter_table(&sb, t);
		strbuf_puts(&sb, " DROP CONSTRAINT ");
		strbuf_ident(&sb, nn);
		op_sql(ctx, swap, &sb);
	}
	if (tc->comment) {
		ddl_column_comment(&sb, t, tc, tc->comment);
		op_sql(ctx, swap, &sb);
	}
	/* the new column has no privileges of its own yet */
	plan_column_grants_back(ctx, swap, ch, tc->name);
	strbuf_release(&sb);
	strbuf_release(&conv);
}

void plan_type_change_column(PlanCtx *ctx, const Change *ch)
{
	const Column *fc = ch->from_col, *tc = ch->to_col;
	const Table *live = (const Table *) ch->from;
	/* a collation change alone keeps the rows as they are (the column's
	 * indexes are rebuilt): checked on PostgreSQL 15 by relfilenode */
	bool rewrites = type_change_rewrites(fc->type, tc->type);
	if (!rewrites) {
		plain_type_change(ctx, ch, false, NULL);
		return;
	}
	const char *why = NULL;
	/* a swap already under way is finished the same way, whatever the
	 * table's size now or the options of this run */
	const Column *in_flight =
		table_find_column(live, helper_name(ctx, fc->name, "__pgstage_new"));
	if (in_flight && !swap_blocker(ctx, live, fc, tc)) {
		swap_type_change(ctx, ch);
		return;
	}
	if (!online_enabled(ctx))
		why = "--no-online: the table is rewritten under an ACCESS EXCLUSIVE lock";
	else if (!table_is_large(ctx, live))
		why = "small table: rewritten in place (see --online-min-rows)";
	else
		why = swap_blocker(ctx, live, fc, tc);
	if (why)
		plain_type_change(ctx, ch, true, why);
	else
		swap_type_change(ctx, ch);
}
