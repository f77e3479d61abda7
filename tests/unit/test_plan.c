/*
 * test_plan.c - planner decisions that need no server: column order (the
 * warning by default, the rebuild with --reorder-columns and when it is
 * refused) and columns moving between an inheritance parent and a child.
 * Both catalogs come from the real parser, the live one standing in for
 * introspection (the two produce the same model, docs/architecture.md).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "diff/diff.h"
#include "parse/parse.h"
#include "plan/plan.h"

typedef struct Planned {
	Catalog *live, *want;
	Diff *diff;
	Plan *plan;
} Planned;

static Catalog *parse(const char *sql)
{
	Catalog *cat = NULL;
	PgsError err = {0};
	if (parse_schema_string(&cat, sql, "test.sql", &err))
		fail_msg("parse failed: %s:%d:%d: %s", err.file, err.line, err.col, err.message);
	return cat;
}

static Planned plan(const char *from, const char *to, bool reorder)
{
	Planned p = {.live = parse(from), .want = parse(to)};
	p.diff = diff_catalogs(p.live, p.want);
	PlanOptions opts = {.allow_drop = true, .reorder_columns = reorder};
	PgsError err = {0};
	assert_int_equal(plan_build(&p.plan, p.diff, p.live, p.want, &opts, &err), 0);
	return p;
}

static void planned_free(Planned *p)
{
	plan_free(p->plan);
	diff_free(p->diff);
	catalog_free(p->live);
	catalog_free(p->want);
}

/* All statements of the plan, one per line. */
static void plan_text(const Plan *plan, char *buf, size_t size)
{
	size_t n = 0;
	buf[0] = '\0';
	VEC_EACH(const Op *, op, &plan->ops)
		VEC_EACH(const char *, s, &op->sql)
			n += (size_t) snprintf(buf + n, n < size ? size - n : 0, "%s;\n", s);
}

static const Op *rebuild_op(const Plan *plan)
{
	VEC_EACH(const Op *, op, &plan->ops)
		if (op->change && op->change->type == CHG_COLUMN_ORDER)
			return op;
	return NULL;
}

static void test_same_order_says_nothing(void **state)
{
	(void) state;
	Planned p = plan("create table t (a int, b int);", "create table t (a int, b int, c text);", true);
	assert_int_equal(p.plan->warnings.len, 0);
	assert_null(rebuild_op(p.plan));
	planned_free(&p);
}

static void test_order_differs_warns_by_default(void **state)
{
	(void) state;
	Planned p = plan("create table \"T x\" (a int, b int);",
			 "create table \"T x\" (a int, \"Mid ü\" text, b int);", false);
	assert_null(rebuild_op(p.plan));
	assert_int_equal(p.plan->warnings.len, 1);
	assert_string_equal(p.plan->warnings.items[0],
			    "public.\"T x\": column order (a, b, \"Mid ü\") differs from the desired "
			    "(a, \"Mid ü\", b); PostgreSQL cannot move columns and pgstage does not "
			    "rebuild tables unless run with --reorder-columns");
	planned_free(&p);
}

static void test_reorder_rebuilds_last(void **state)
{
	(void) state;
	Planned p = plan("create table t (id int generated always as identity primary key, b text);\n"
			 "create table r (t_id int references t (id));\n"
			 "create index t_b on t (b);",
			 "create table t (b text, id int generated always as identity primary key);\n"
			 "create table r (t_id int references t (id));\n"
			 "create index t_b on t (b);",
			 true);
	assert_int_equal(p.plan->warnings.len, 0);
	const Op *op = rebuild_op(p.plan);
	assert_non_null(op);
	assert_ptr_equal(op, p.plan->ops.items[p.plan->ops.len - 1]);
	assert_int_equal(op->phase, PHASE_CONTRACT);
	assert_false(op->held);
	assert_true(op->hazards & HAZ_TABLE_REWRITE);
	assert_false(op->hazards & HAZ_DATA_LOSS);
	char sql[8192];
	plan_text(p.plan, sql, sizeof sql);
	const char *steps[] = {
		"ALTER TABLE public.r DROP CONSTRAINT r_t_id_fkey;",
		"ALTER TABLE public.t RENAME TO t__pgstage_old;",
		"CREATE TABLE public.t (\n    b text,\n    id integer NOT NULL\n);",
		"INSERT INTO public.t (b, id) OVERRIDING SYSTEM VALUE SELECT b, id FROM ONLY public.t__pgstage_old;",
		"ALTER TABLE public.t ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME public.t_id__pgstage_seq);",
		"pg_get_serial_sequence('public.t__pgstage_old', 'id')",
		"DROP TABLE public.t__pgstage_old;",
		"ALTER SEQUENCE public.t_id__pgstage_seq RENAME TO t_id_seq;",
		"ALTER TABLE public.t ADD CONSTRAINT t_pkey PRIMARY KEY (id);",
		"CREATE INDEX t_b ON public.t (b);",
		"ALTER TABLE public.r ADD CONSTRAINT r_t_id_fkey FOREIGN KEY (t_id) REFERENCES public.t (id);",
	};
	const char *at = sql;
	for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
		const char *hit = strstr(at, steps[i]);
		if (!hit)
			fail_msg("step %zu not found (in order): %s\nplan:\n%s", i, steps[i], sql);
		at = hit + strlen(steps[i]);
	}
	planned_free(&p);
}

static void test_reorder_held_without_allow_drop(void **state)
{
	(void) state;
	Planned p = {.live = parse("create table t (a int, b int);"),
		     .want = parse("create table t (a int, n int, b int);")};
	p.diff = diff_catalogs(p.live, p.want);
	PlanOptions opts = {.reorder_columns = true};
	PgsError err = {0};
	assert_int_equal(plan_build(&p.plan, p.diff, p.live, p.want, &opts, &err), 0);
	const Op *op = rebuild_op(p.plan);
	assert_non_null(op);
	assert_true(op->held);
	assert_int_equal(p.plan->n_held, 1);
	planned_free(&p);
}

static void test_reorder_refused_for_inheritance_parent(void **state)
{
	(void) state;
	Planned p = plan("create table p (a int, b int); create table c (x int) inherits (p);",
			 "create table p (a int, n int, b int); create table c (x int) inherits (p);", true);
	assert_null(rebuild_op(p.plan));
	assert_int_equal(p.plan->warnings.len, 1);
	assert_non_null(strstr(p.plan->warnings.items[0],
			       "not rebuilt with --reorder-columns: other tables inherit from it"));
	planned_free(&p);
}

static void test_reorder_refused_for_held_drop(void **state)
{
	(void) state;
	Planned p = {.live = parse("create table t (a int, gone int, b int);"),
		     .want = parse("create table t (a int, n int, b int);")};
	p.diff = diff_catalogs(p.live, p.want);
	PlanOptions opts = {.reorder_columns = true}; /* no allow_drop: the drop is held */
	PgsError err = {0};
	assert_int_equal(plan_build(&p.plan, p.diff, p.live, p.want, &opts, &err), 0);
	assert_null(rebuild_op(p.plan));
	bool found = false;
	VEC_EACH(const char *, w, &p.plan->warnings)
		found |= strstr(w, "this plan holds back a drop on it") != NULL;
	assert_true(found);
	planned_free(&p);
}

static void test_column_moves_down_to_child(void **state)
{
	(void) state;
	Planned p = plan("create table base (id int, e int);\n"
			 "create table a (a1 int, gone int) inherits (base);\n"
			 "create table b (b1 int) inherits (base);",
			 "create table base (id int);\n"
			 "create table a (e int default 1, a1 int) inherits (base);\n"
			 "create table b (b1 int) inherits (base);",
			 false);
	char sql[4096];
	plan_text(p.plan, sql, sizeof sql);
	assert_null(strstr(sql, "ADD COLUMN"));
	const char *at = strstr(sql, "ALTER TABLE ONLY public.base DROP COLUMN e;");
	assert_non_null(at);
	assert_non_null(strstr(at, "ALTER TABLE public.a ALTER COLUMN e SET DEFAULT 1;"));
	assert_non_null(strstr(at, "ALTER TABLE public.b DROP COLUMN e;"));
	assert_non_null(strstr(sql, "ALTER TABLE public.a DROP COLUMN gone;"));
	/* the moved column was inherited, so it comes first: the order holds;
	 * and e is no likely rename of gone (it is not added, it moves) */
	assert_int_equal(p.plan->warnings.len, 0);
	planned_free(&p);
}

static void test_column_moves_up_to_parent(void **state)
{
	(void) state;
	Planned p = plan("create table p (id int); create table c (e int, x int) inherits (p);",
			 "create table p (id int, e int); create table c (x int) inherits (p);", false);
	char sql[4096];
	plan_text(p.plan, sql, sizeof sql);
	assert_non_null(strstr(sql, "ALTER TABLE public.p ADD COLUMN e integer;"));
	assert_null(strstr(sql, "DROP COLUMN")); /* PostgreSQL refuses: the column is inherited now */
	/* still local in the child until a rebuild */
	assert_int_equal(p.plan->warnings.len, 1);
	assert_non_null(strstr(p.plan->warnings.items[0], "public.c: column order (e, x)"));
	planned_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_order_says_nothing),
		cmocka_unit_test(test_order_differs_warns_by_default),
		cmocka_unit_test(test_reorder_rebuilds_last),
		cmocka_unit_test(test_reorder_held_without_allow_drop),
		cmocka_unit_test(test_reorder_refused_for_inheritance_parent),
		cmocka_unit_test(test_reorder_refused_for_held_drop),
		cmocka_unit_test(test_column_moves_down_to_child),
		cmocka_unit_test(test_column_moves_up_to_parent),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
