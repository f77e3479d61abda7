/*
 * test_order.c - the plan's stable topological sort: dependencies first,
 * drops in reverse, phases never reordered, ties by rank then input order,
 * cycles broken deterministically.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "plan/plan_internal.h"

typedef struct Fixture {
	Plan *plan;
	PlanCtx ctx;
	PlanOptions opts;
} Fixture;

static int setup(void **state)
{
	Fixture *f = xcalloc(1, sizeof *f);
	f->plan = xcalloc(1, sizeof(Plan));
	f->plan->arena = arena_new();
	f->opts.allow_drop = true;
	f->ctx.plan = f->plan;
	f->ctx.opts = &f->opts;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	Fixture *f = *state;
	plan_free(f->plan);
	free(f);
	return 0;
}

static Op *op(Fixture *f, Phase phase, int rank, const char *name)
{
	Op *o = op_new(&f->ctx, phase, '+', NULL, rank);
	o->summary = name;
	return o;
}

static void assert_order(Fixture *f, const char *const *names, size_t n)
{
	assert_int_equal(f->plan->ops.len, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(((Op *) f->plan->ops.items[i])->summary, names[i]);
}

static void test_needs_come_first(void **state)
{
	Fixture *f = *state;
	Op *view = op(f, PHASE_EXPAND, 100, "view");
	Op *table = op(f, PHASE_EXPAND, 900, "table");
	Op *other = op(f, PHASE_EXPAND, 500, "other");
	(void) other;
	table->creates = "T";
	view->creates = "V";
	op_need(&f->ctx, view, "T");
	plan_order(f->plan);
	const char *want[] = {"other", "table", "view"};
	assert_order(f, want, 3);
	assert_null(f->plan->cycle_note);
}

static void test_drops_in_reverse(void **state)
{
	Fixture *f = *state;
	Op *drop_type = op(f, PHASE_CONTRACT, 100, "drop type");
	Op *drop_table = op(f, PHASE_CONTRACT, 200, "drop table");
	drop_type->drops = "E";
	drop_table->drops = "T";
	op_release(&f->ctx, drop_table, "E"); /* the table used the type */
	plan_order(f->plan);
	const char *want[] = {"drop table", "drop type"};
	assert_order(f, want, 2);
}

static void test_phases_are_never_reordered(void **state)
{
	Fixture *f = *state;
	Op *tighten = op(f, PHASE_TIGHTEN, 0, "tighten");
	Op *expand = op(f, PHASE_EXPAND, 999, "expand");
	Op *contract = op(f, PHASE_CONTRACT, 0, "contract");
	/* a backwards edge (expand needing a contract result) is ignored */
	contract->creates = "X";
	op_need(&f->ctx, expand, "X");
	(void) tighten;
	plan_order(f->plan);
	const char *want[] = {"expand", "tighten", "contract"};
	assert_order(f, want, 3);
}

static void test_cycle_is_broken_deterministically(void **state)
{
	Fixture *f = *state;
	Op *a = op(f, PHASE_EXPAND, 10, "a");
	Op *b = op(f, PHASE_EXPAND, 20, "b");
	Op *c = op(f, PHASE_EXPAND, 5, "c");
	a->creates = "A";
	b->creates = "B";
	op_need(&f->ctx, a, "B");
	op_need(&f->ctx, b, "A");
	(void) c;
	plan_order(f->plan);
	const char *want[] = {"c", "a", "b"};
	assert_order(f, want, 3);
	assert_non_null(f->plan->cycle_note);
	assert_non_null(strstr(f->plan->cycle_note, "a"));
}

static void test_ties_keep_input_order(void **state)
{
	Fixture *f = *state;
	const char *names[] = {"n0", "n1", "n2", "n3", "n4", "n5"};
	for (int i = 0; i < 6; i++)
		op(f, PHASE_EXPAND, 7, names[i]);
	plan_order(f->plan);
	assert_order(f, names, 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_needs_come_first, setup, teardown),
		cmocka_unit_test_setup_teardown(test_drops_in_reverse, setup, teardown),
		cmocka_unit_test_setup_teardown(test_phases_are_never_reordered, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cycle_is_broken_deterministically, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ties_keep_input_order, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
