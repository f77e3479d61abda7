/*
 * test_apply.c - the apply engine against a real server (suite 'db'; PG*
 * from the environment): run lock, transaction groups and their history,
 * statements that must run alone, batched backfill with composite keys and
 * resumption from saved progress, the deferred-ops API.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply/apply.h"
#include "apply/deferred.h"
#include "apply/history.h"
#include "apply/op_id.h"
#include "introspect/conn.h"

#define DB "pgstage_test_apply"
#define CONNINFO "dbname=" DB

static PGconn *conn; /* the test's own view of the database */

static void sql(const char *q)
{
	PgsError err = {0};
	if (db_exec(conn, q, &err))
		fail_msg("%s: %s", q, err.message);
}

static long num(const char *q)
{
	PGresult *r = PQexec(conn, q);
	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		fail_msg("%s: %s", q, PQresultErrorMessage(r));
	long v = atol(PQgetvalue(r, 0, 0));
	PQclear(r);
	return v;
}

static Plan *new_plan(void)
{
	Plan *p = xcalloc(1, sizeof *p);
	p->arena = arena_new();
	p->fingerprint = "test";
	p->lock_timeout_ms = 2000;
	return p;
}

static Op *add_op(Plan *p, Phase phase, const char *summary, const char *stmt)
{
	Op *op = ARENA_NEW(p->arena, Op);
	op->phase = phase;
	op->action = '+';
	op->summary = summary;
	if (stmt)
		vec_push(p->arena, &op->sql, (void *) stmt);
	vec_push(p->arena, &p->ops, op);
	return op;
}

static int run_plan(Plan *p, const ApplyOptions *opts, ApplyResult *res, PgsError *err)
{
	ApplySession *s = NULL;
	int rc = apply_open(&s, CONNINFO, opts, err);
	if (!rc)
		rc = apply_run(s, p, res, err);
	apply_close(s);
	return rc;
}

static void test_run_lock(void **state)
{
	(void) state;
	ApplySession *first = NULL, *second = NULL;
	PgsError err = {0};
	ApplyOptions opts = {0};
	assert_int_equal(apply_open(&first, CONNINFO, &opts, &err), 0);
	assert_int_equal(apply_open(&second, CONNINFO, &opts, &err), APPLY_ELOCKED);
	assert_null(second);
	assert_non_null(strstr(err.message, "holds the run lock: pid"));
	assert_non_null(strstr(err.hint, "--lock-wait"));
	opts.lock_wait_s = 1;
	assert_int_equal(apply_open(&second, CONNINFO, &opts, &err), APPLY_ELOCKED);
	assert_non_null(strstr(err.message, "after 1 s"));
	apply_close(first);
	assert_int_equal(apply_open(&second, CONNINFO, &opts, &err), 0);
	apply_close(second);
	/* the history schema exists after the first open */
	assert_int_equal(num("SELECT count(*) FROM pg_tables WHERE schemaname = 'pgstage'"), 4);
}

/* Every operation runs in a transaction of its own (plan.h, "execution
 * model"): the statements of a failing operation are rolled back together,
 * the operations before it stay applied, the ones after it do not run. */
static void test_each_op_own_transaction(void **state)
{
	(void) state;
	Plan *p = new_plan();
	add_op(p, PHASE_EXPAND, "create table public.g1", "CREATE TABLE public.g1 (id int)");
	Op *broken = add_op(p, PHASE_EXPAND, "broken", "CREATE TABLE public.g2 (id int)");
	vec_push(p->arena, &broken->sql, (void *) "ALTER TABLE public.no_such_table ADD COLUMN x int");
	add_op(p, PHASE_EXPAND, "create table public.g3", "CREATE TABLE public.g3 (id int)");
	ApplyResult res;
	PgsError err = {0};
	assert_int_equal(run_plan(p, &(ApplyOptions){0}, &res, &err), PGSTAGE_EDB);
	assert_non_null(strstr(err.message, "broken: relation \"public.no_such_table\" does not exist"));
	assert_non_null(strstr(err.detail, "ALTER TABLE public.no_such_table"));
	assert_int_equal(num("SELECT count(*) FROM pg_tables WHERE tablename = 'g1'"), 1);
	assert_int_equal(num("SELECT count(*) FROM pg_tables WHERE tablename IN ('g2', 'g3')"), 0);
	assert_int_equal(res.ops_applied, 1);
	char q[256];
	snprintf(q, sizeof q, "SELECT count(*) FROM pgstage.steps WHERE run_id = %ld", res.run_id);
	assert_int_equal(num(q), 2);
	snprintf(q, sizeof q, "SELECT count(*) FROM pgstage.steps WHERE run_id = %ld AND status = 'applied'",
		 res.run_id);
	assert_int_equal(num(q), 1);
	snprintf(q, sizeof q, "SELECT count(*) FROM pgstage.steps WHERE run_id = %ld AND status = 'failed'"
		 " AND error LIKE '%%no_such_table%%' AND finished_at IS NOT NULL AND duration_ms >= 0",
		 res.run_id);
	assert_int_equal(num(q), 1);
	snprintf(q, sizeof q, "SELECT count(*) FROM pgstage.runs WHERE run_id = %ld AND status = 'failed'",
		 res.run_id);
	assert_int_equal(num(q), 1);
	sql("DROP TABLE public.g1");
	plan_free(p);
}

static void test_alone_and_phases(void **state)
{
	(void) state;
	Plan *p = new_plan();
	add_op(p, PHASE_EXPAND, "create table public.c1", "CREATE TABLE public.c1 (id int)");
	Op *idx = add_op(p, PHASE_EXPAND, "create index concurrently",
			 "CREATE INDEX CONCURRENTLY c1_id ON public.c1 (id)");
	idx->no_transaction = true;
	add_op(p, PHASE_TIGHTEN, "set not null", "ALTER TABLE public.c1 ALTER COLUMN id SET NOT NULL");
	Op *drop = add_op(p, PHASE_CONTRACT, "drop table public.c1_old", "DROP TABLE public.c1_old");
	drop->held = true;
	sql("CREATE TABLE public.c1_old (id int)");
	ApplyResult res;
	PgsError err = {0};
	/* expand only */
	assert_int_equal(run_plan(p, &(ApplyOptions){.phases = PHASE_BIT(PHASE_EXPAND)}, &res, &err), 0);
	assert_int_equal(res.statements, 2);
	assert_int_equal(num("SELECT count(*) FROM pg_indexes WHERE indexname = 'c1_id'"), 1);
	assert_int_equal(num("SELECT count(*) FROM pg_attribute WHERE attrelid = 'public.c1'::regclass"
			     " AND attname = 'id' AND attnotnull"), 0);
	/* default phases: tighten runs, the held drop is deferred */
	Plan *p2 = new_plan();
	add_op(p2, PHASE_TIGHTEN, "set not null", "ALTER TABLE public.c1 ALTER COLUMN id SET NOT NULL");
	vec_push(p2->arena, &p2->ops, drop);
	assert_int_equal(run_plan(p2, &(ApplyOptions){0}, &res, &err), 0);
	assert_int_equal(res.ops_applied, 1);
	assert_int_equal(res.ops_deferred, 1);
	assert_int_equal(num("SELECT count(*) FROM pg_tables WHERE tablename = 'c1_old'"), 1);
	char id[OP_ID_LEN], q[256];
	op_id(drop, id);
	snprintf(q, sizeof q, "SELECT count(*) FROM pgstage.deferred WHERE op_id = '%s' AND released_at IS NULL", id);
	assert_int_equal(num(q), 1);
	/* --phase contract releases it */
	Plan *p3 = new_plan();
	vec_push(p3->arena, &p3->ops, drop);
	assert_int_equal(run_plan(p3, &(ApplyOptions){.phases = PHASE_BIT(PHASE_CONTRACT)}, &res, &err), 0);
	assert_int_equal(num("SELECT count(*) FROM pg_tables WHERE tablename = 'c1_old'"), 0);
	assert_int_equal(num(q), 0);
	plan_free(p3);
	plan_free(p2);
	plan_free(p);
}

static Op *backfill_op(Plan *p, long batch)
{
	Op *op = add_op(p, PHASE_BACKFILL, "backfill public.\"Mixed Keys\".v", NULL);
	Backfill *b = op->backfill = ARENA_NEW(p->arena, Backfill);
	b->schema = "public";
	b->table = "Mixed Keys";
	vec_push(p->arena, &b->key_columns, "tenant");
	vec_push(p->arena, &b->key_columns, "id");
	b->set_sql = "v = \"id\" * 10";
	b->todo_sql = "v IS DISTINCT FROM \"id\" * 10";
	b->batch_size = batch;
	op->lock_schema = "public";
	op->lock_table = "Mixed Keys";
	return op;
}

static void test_backfill_composite_key(void **state)
{
	(void) state;
	sql("CREATE TABLE public.\"Mixed Keys\" (tenant text, id int, v int, PRIMARY KEY (tenant, id));"
	    "INSERT INTO public.\"Mixed Keys\" SELECT t, g, NULL FROM unnest(ARRAY['a', 'b''s', 'c d']) t,"
	    " generate_series(1, 100) g");
	Plan *p = new_plan();
	Op *op = backfill_op(p, 7);
	ApplyResult res;
	PgsError err = {0};
	assert_int_equal(run_plan(p, &(ApplyOptions){0}, &res, &err), 0);
	assert_int_equal(res.rows_backfilled, 300);
	assert_int_equal(num("SELECT count(*) FROM public.\"Mixed Keys\" WHERE v = id * 10"), 300);
	char id[OP_ID_LEN], q[256];
	op_id(op, id);
	snprintf(q, sizeof q, "SELECT rows_done FROM pgstage.backfill_progress WHERE op_id = '%s'"
		 " AND finished_at IS NOT NULL AND batches = 43", id);
	assert_int_equal(num(q), 300);

	/* resume: progress says everything up to ('b''s', 50) is done; rows
	 * there are left alone (proof the key bound is used), the rest done */
	sql("UPDATE public.\"Mixed Keys\" SET v = NULL");
	snprintf(q, sizeof q, "UPDATE pgstage.backfill_progress SET finished_at = NULL,"
		 " last_key = ARRAY['b''s', '50'], rows_done = 150 WHERE op_id = '%s'", id);
	sql(q);
	assert_int_equal(run_plan(p, &(ApplyOptions){.batch_size = 16}, &res, &err), 0);
	assert_int_equal(res.rows_backfilled, 150);
	assert_int_equal(num("SELECT count(*) FROM public.\"Mixed Keys\" WHERE v IS NULL"), 150);
	assert_int_equal(num("SELECT count(*) FROM public.\"Mixed Keys\" WHERE v IS NULL"
			     " AND (tenant, id) <= ('b''s', 50)"), 150);
	/* a finished backfill planned again starts a new pass (the todo
	 * condition picks the rows left) */
	assert_int_equal(run_plan(p, &(ApplyOptions){0}, &res, &err), 0);
	assert_int_equal(res.rows_backfilled, 150);
	assert_int_equal(num("SELECT count(*) FROM public.\"Mixed Keys\" WHERE v IS NULL"), 0);
	plan_free(p);
}

static void test_lock_timeout_retries(void **state)
{
	(void) state;
	sql("CREATE TABLE public.locked (id int)");
	PGconn *holder = NULL;
	PgsError err = {0};
	assert_int_equal(db_connect(&holder, CONNINFO, &err), 0);
	assert_int_equal(db_exec(holder, "BEGIN; LOCK TABLE public.locked IN ACCESS SHARE MODE", &err), 0);
	Plan *p = new_plan();
	p->lock_timeout_ms = 50;
	add_op(p, PHASE_EXPAND, "add column public.locked.x", "ALTER TABLE public.locked ADD COLUMN x int");
	ApplyResult res;
	ApplyOptions opts = {.lock_retries = 2, .retry_base_ms = 10};
	assert_int_equal(run_plan(p, &opts, &res, &err), PGSTAGE_EDB);
	assert_non_null(strstr(err.message, "lock timeout"));
	assert_non_null(strstr(err.hint, "gave up after 2 retries"));
	assert_int_equal(db_exec(holder, "COMMIT", &err), 0);
	PQfinish(holder);
	assert_int_equal(run_plan(p, &opts, &res, &err), 0);
	assert_int_equal(res.statements, 1);
	plan_free(p);
}

static void test_deferred_api(void **state)
{
	(void) state;
	Plan *p = new_plan();
	Op *op = add_op(p, PHASE_CONTRACT, "drop column public.t.\"odd\"\"name\"",
			"ALTER TABLE public.t DROP COLUMN \"odd\"\"name\"");
	vec_push(p->arena, &op->sql, "SELECT '{\"a\\b\"}'");
	PGconn *c = NULL;
	PgsError err = {0};
	assert_int_equal(db_connect(&c, CONNINFO, &err), 0);
	assert_int_equal(history_ensure(c, &err), 0);
	assert_int_equal(deferred_record(c, op, &err), 0);
	assert_int_equal(deferred_record(c, op, &err), 0); /* idempotent */
	Arena *a = arena_new();
	PtrVec list = {0};
	assert_int_equal(deferred_list(c, a, &list, &err), 0);
	char id[OP_ID_LEN];
	op_id(op, id);
	const DeferredOp *found = NULL;
	VEC_EACH(const DeferredOp *, d, &list)
		if (strcmp(d->op_id, id) == 0)
			found = d;
	assert_non_null(found);
	assert_string_equal(found->phase, "contract");
	assert_string_equal(found->summary, op->summary);
	assert_true(strvec_equal(&found->statements, &op->sql));
	assert_int_equal(deferred_release(c, id, &err), 0);
	PtrVec after = {0};
	assert_int_equal(deferred_list(c, a, &after, &err), 0);
	VEC_EACH(const DeferredOp *, d, &after)
		assert_string_not_equal(d->op_id, id);
	arena_free(a);
	PQfinish(c);
	plan_free(p);
}

static void test_dry_run_changes_nothing(void **state)
{
	(void) state;
	Plan *p = new_plan();
	add_op(p, PHASE_EXPAND, "create table public.dry", "CREATE TABLE public.dry (id int)");
	ApplyResult res;
	PgsError err = {0};
	long runs = num("SELECT count(*) FROM pgstage.runs");
	assert_int_equal(run_plan(p, &(ApplyOptions){.dry_run = true}, &res, &err), 0);
	assert_int_equal(num("SELECT count(*) FROM pg_tables WHERE tablename = 'dry'"), 0);
	assert_int_equal(num("SELECT count(*) FROM pgstage.runs"), runs);
	plan_free(p);
}

static int setup(void **state)
{
	(void) state;
	PGconn *admin = NULL;
	PgsError err = {0};
	if (db_connect(&admin, "dbname=postgres", &err)) {
		fprintf(stderr, "test_apply: %s\n", err.message);
		return -1;
	}
	int rc = db_exec(admin, "DROP DATABASE IF EXISTS " DB, &err) ||
		 db_exec(admin, "CREATE DATABASE " DB, &err);
	PQfinish(admin);
	if (rc || db_connect(&conn, CONNINFO, &err)) {
		fprintf(stderr, "test_apply: %s\n", err.message);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void) state;
	PQfinish(conn);
	PGconn *admin = NULL;
	PgsError err = {0};
	if (db_connect(&admin, "dbname=postgres", &err) == 0) {
		db_exec(admin, "DROP DATABASE IF EXISTS " DB, &err);
		PQfinish(admin);
	}
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_run_lock),
		cmocka_unit_test(test_each_op_own_transaction),
		cmocka_unit_test(test_alone_and_phases),
		cmocka_unit_test(test_backfill_composite_key),
		cmocka_unit_test(test_lock_timeout_retries),
		cmocka_unit_test(test_deferred_api),
		cmocka_unit_test(test_dry_run_changes_nothing),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
