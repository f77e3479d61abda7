/*
 * test_exec.c - the execution model over real plans (plan.h, docs/safety.md
 * "Execution model"): every online form, planned at once for a table of a
 * million rows, keeps the locking rule; the blocking forms declare that
 * they block writes; and each operation says how it runs.
 * Both catalogs come from the real parser; the live table is given the
 * size introspection would report, so the planner picks the online forms.
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
#include "parse_ok.h"
#include "plan/plan.h"

static const char from_sql[] =
	"CREATE TABLE ref (id integer PRIMARY KEY);\n"
	"CREATE TABLE big (id bigint PRIMARY KEY, a integer, b integer, c integer, ref_id integer, k integer);\n";
static const char to_sql[] =
	"CREATE TABLE ref (id integer PRIMARY KEY);\n"
	"CREATE TABLE big (id bigint PRIMARY KEY, a integer NOT NULL, b integer UNIQUE,\n"
	"    c integer CHECK (c >= 0), ref_id integer REFERENCES ref (id), k bigint);\n"
	"CREATE INDEX big_c_idx ON big (c);\n";

typedef struct Planned {
	Catalog *live, *want;
	Diff *diff;
	Plan *plan;
} Planned;

static Planned plan_big(bool no_online)
{
	Planned p = {.live = parse_ok(from_sql), .want = parse_ok(to_sql)};
	Table *big = catalog_find_table(p.live, "public", "big");
	assert_non_null(big);
	big->est_rows = 1e6;
	big->size_bytes = 64 << 20;
	p.diff = diff_catalogs(p.live, p.want);
	PlanOptions opts = {.allow_drop = true, .no_online = no_online};
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

static bool reads_table(const Op *op)
{
	return op->hazards & (HAZ_TABLE_SCAN | HAZ_TABLE_REWRITE);
}

static bool any_sql(const Op *op, const char *needle)
{
	VEC_EACH(const char *, s, &op->sql)
		if (strstr(s, needle))
			return true;
	return false;
}

/* The online plan: no operation reads a table under a lock stronger than
 * SHARE UPDATE EXCLUSIVE, none taking ACCESS EXCLUSIVE reads a table, and
 * every scanning statement the online forms use sits in such an op. */
static void test_online_forms_keep_the_rule(void **state)
{
	(void) state;
	Planned p = plan_big(false);
	int strong = lock_strength("ACCESS EXCLUSIVE"), sue = lock_strength("SHARE UPDATE EXCLUSIVE");
	bool saw_validate = false, saw_concurrently = false, saw_batches = false, saw_swap = false;
	VEC_EACH(const Op *, op, &p.plan->ops) {
		if (op_lock_rule_violation(op))
			fail_msg("%s: %s", op->summary, op_lock_rule_violation(op));
		if (reads_table(op) && lock_strength(op->lock) > sue)
			fail_msg("%s: reads a table under %s", op->summary, op->lock);
		if (lock_strength(op->lock) == strong && reads_table(op))
			fail_msg("%s: ACCESS EXCLUSIVE and a scan", op->summary);
		if (any_sql(op, "VALIDATE CONSTRAINT")) {
			saw_validate = true;
			assert_int_equal(op->sql.len, 1);
			assert_int_equal(op_exec_mode(op), EXEC_TRANSACTION);
		}
		if (any_sql(op, "CONCURRENTLY")) {
			saw_concurrently = true;
			assert_int_equal(op_exec_mode(op), EXEC_ALONE);
		}
		if (op->backfill) {
			saw_batches = true;
			assert_int_equal(op_exec_mode(op), EXEC_BATCHES);
		}
		if (any_sql(op, "DROP COLUMN k")) {
			saw_swap = true;
			assert_false(reads_table(op));
		}
		/* an op blocking writes on the existing table takes its lock in
		 * short attempts first (exec.c), and only such an op */
		bool blocks = op_exec_mode(op) == EXEC_TRANSACTION && op->lock_table &&
			      lock_strength(op->lock) >= lock_strength("SHARE");
		const char *polite = NULL;
		size_t at = 0;
		for (size_t i = 0; i < op->sql.len && !polite; i++)
			if (strncmp(op->sql.items[i], "DO 'DECLARE rel regclass", 24) == 0)
				polite = op->sql.items[at = i];
		if (blocks != (polite != NULL))
			fail_msg("%s (%s): polite lock statement %s", op->summary, op->lock ? op->lock : "no lock",
				 polite ? "where none is needed" : "missing");
		if (polite) {
			assert_non_null(strstr(polite, op->lock));
			/* at the op's own LOCK TABLE, else first: nothing before it
			 * runs under the op's strong lock */
			bool own_lock = at + 1 < op->sql.len &&
					strncmp(op->sql.items[at + 1], "LOCK TABLE ", 11) == 0;
			if (at != 0 && !own_lock)
				fail_msg("%s: polite lock statement at %zu, not first", op->summary, at);
		}
		/* a statement that would scan under the op's own ACCESS EXCLUSIVE */
		if (lock_strength(op->lock) == strong)
			VEC_EACH(const char *, s, &op->sql)
				if (strstr(s, "VALIDATE CONSTRAINT") || strncmp(s, "UPDATE ", 7) == 0 ||
				    (strstr(s, "CREATE ") && strstr(s, "INDEX ")))
					fail_msg("%s: scanning statement under ACCESS EXCLUSIVE: %s", op->summary, s);
	}
	assert_true(saw_validate);
	assert_true(saw_concurrently);
	assert_true(saw_batches);
	assert_true(saw_swap);
	planned_free(&p);
}

/* --no-online: the plain statements scan under ACCESS EXCLUSIVE, and say so. */
static void test_blocking_forms_declare_it(void **state)
{
	(void) state;
	Planned p = plan_big(true);
	bool saw_blocking_scan = false;
	VEC_EACH(const Op *, op, &p.plan->ops) {
		assert_null(op_lock_rule_violation(op));
		if (reads_table(op) && lock_strength(op->lock) > lock_strength("SHARE UPDATE EXCLUSIVE")) {
			saw_blocking_scan = true;
			assert_true(op->hazards & HAZ_BLOCKS_WRITES);
		}
	}
	assert_true(saw_blocking_scan);
	planned_free(&p);
}

/* New tables (and `dump`, a plan from nothing) get plain DDL. */
static void test_new_tables_take_no_polite_lock(void **state)
{
	(void) state;
	Planned p = {.live = parse_ok(""), .want = parse_ok(to_sql)};
	p.diff = diff_catalogs(p.live, p.want);
	PgsError err = {0};
	assert_int_equal(plan_build(&p.plan, p.diff, p.live, p.want, &(PlanOptions){0}, &err), 0);
	VEC_EACH(const Op *, op, &p.plan->ops)
		VEC_EACH(const char *, s, &op->sql)
			assert_null(strstr(s, "DO 'DECLARE rel regclass"));
	planned_free(&p);
}

static void test_rule_flags_an_undeclared_scan(void **state)
{
	(void) state;
	Op op = {.lock = "ACCESS EXCLUSIVE", .hazards = HAZ_TABLE_SCAN};
	assert_non_null(op_lock_rule_violation(&op));
	op.hazards |= HAZ_BLOCKS_WRITES;
	assert_null(op_lock_rule_violation(&op));
	op = (Op){.lock = "SHARE UPDATE EXCLUSIVE", .hazards = HAZ_TABLE_SCAN};
	assert_null(op_lock_rule_violation(&op));
	op = (Op){.lock = "ACCESS EXCLUSIVE"};
	assert_null(op_lock_rule_violation(&op));
	assert_int_equal(lock_strength(NULL), 0);
	assert_true(lock_strength("ROW EXCLUSIVE") < lock_strength("SHARE UPDATE EXCLUSIVE"));
	assert_true(lock_strength("SHARE ROW EXCLUSIVE") < lock_strength("ACCESS EXCLUSIVE"));
	assert_int_equal(lock_strength("NO SUCH LOCK"), lock_strength("ACCESS EXCLUSIVE"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_online_forms_keep_the_rule),
		cmocka_unit_test(test_blocking_forms_declare_it),
		cmocka_unit_test(test_new_tables_take_no_polite_lock),
		cmocka_unit_test(test_rule_flags_an_undeclared_scan),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
