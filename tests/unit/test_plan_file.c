/*
 * test_plan_file.c - saved plans: a written plan reads back with every op
 * field apply needs, the same op and plan ids; bad files are refused with
 * clear errors; a changed schema is refused, naming what changed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "apply/op_id.h"
#include "apply/plan_file.h"
#include "parse/parse.h"

static char tmpdir[] = "/tmp/pgstage-test-plan-file.XXXXXX";

static const char *tmp_path(const char *name)
{
	static char buf[4][256];
	static int next;
	char *p = buf[next++ % 4];
	snprintf(p, 256, "%s/%s", tmpdir, name);
	return p;
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static Op *add_op(Plan *p, Phase phase, char action, const char *summary, const char *sql1,
		  const char *sql2)
{
	Op *op = ARENA_NEW(p->arena, Op);
	op->phase = phase;
	op->action = action;
	op->summary = summary;
	if (sql1)
		vec_push(p->arena, &op->sql, (void *) sql1);
	if (sql2)
		vec_push(p->arena, &op->sql, (void *) sql2);
	vec_push(p->arena, &p->ops, op);
	return op;
}

static Plan *sample_plan(void)
{
	Plan *p = xcalloc(1, sizeof *p);
	p->arena = arena_new();
	p->fingerprint = "0123456789abcdef0123456789abcdef";
	p->lock_timeout_ms = 1234;
	p->statement_timeout_ms = 5678;
	Op *a = add_op(p, PHASE_EXPAND, '+', "add column public.t.b integer",
		       "ALTER TABLE public.t ADD COLUMN b integer", NULL);
	a->lock = "ACCESS EXCLUSIVE";
	a->lock_schema = "public";
	a->lock_table = "t";
	a->note = "a \"quoted\" note\nover two lines";
	Op *i = add_op(p, PHASE_EXPAND, '+', "create index public.t_b concurrently",
		       "DROP INDEX CONCURRENTLY IF EXISTS public.t_b",
		       "CREATE INDEX CONCURRENTLY t_b ON public.t (b)");
	i->no_transaction = true;
	i->hazards = HAZ_TABLE_SCAN;
	Op *b = add_op(p, PHASE_BACKFILL, '~', "backfill public.t.b", NULL, NULL);
	b->backfill = ARENA_NEW(p->arena, Backfill);
	b->backfill->schema = "public";
	b->backfill->table = "t";
	vec_push(p->arena, &b->backfill->key_columns, "tenant");
	vec_push(p->arena, &b->backfill->key_columns, "id");
	b->backfill->set_sql = "b = a * 2";
	b->backfill->todo_sql = "b IS DISTINCT FROM a * 2";
	b->backfill->batch_size = 500;
	Op *d = add_op(p, PHASE_CONTRACT, '-', "drop column public.t.old",
		       "ALTER TABLE public.t DROP COLUMN old", NULL);
	d->held = true;
	d->hazards = HAZ_DATA_LOSS | HAZ_IRREVERSIBLE;
	return p;
}

static void assert_same_op(const Op *x, const Op *y)
{
	assert_int_equal(x->phase, y->phase);
	assert_int_equal(x->action, y->action);
	assert_string_equal(x->summary, y->summary);
	assert_true(str_equal(x->note, y->note));
	assert_true(strvec_equal(&x->sql, &y->sql));
	assert_int_equal(x->no_transaction, y->no_transaction);
	assert_int_equal(x->held, y->held);
	assert_int_equal(x->hazards, y->hazards);
	assert_true(str_equal(x->lock, y->lock));
	assert_true(str_equal(x->lock_schema, y->lock_schema));
	assert_true(str_equal(x->lock_table, y->lock_table));
	assert_int_equal(!x->backfill, !y->backfill);
	if (x->backfill) {
		assert_string_equal(x->backfill->schema, y->backfill->schema);
		assert_string_equal(x->backfill->table, y->backfill->table);
		assert_true(strvec_equal(&x->backfill->key_columns, &y->backfill->key_columns));
		assert_string_equal(x->backfill->set_sql, y->backfill->set_sql);
		assert_string_equal(x->backfill->todo_sql, y->backfill->todo_sql);
		assert_int_equal(x->backfill->batch_size, y->backfill->batch_size);
	}
	char a[OP_ID_LEN], b[OP_ID_LEN];
	op_id(x, a);
	op_id(y, b);
	assert_string_equal(a, b);
}

static void test_round_trip(void **state)
{
	(void) state;
	Plan *p = sample_plan();
	PgsError err = {0};
	PlanFileMeta meta = {.schema_path = "schema/app.sql"};
	assert_int_equal(plan_file_write_meta(p, &meta, tmp_path("p.json"), &err), 0);
	Plan *r = NULL;
	PlanFileMeta rm;
	assert_int_equal(plan_file_read_meta(&r, &rm, tmp_path("p.json"), &err), 0);
	assert_string_equal(r->fingerprint, p->fingerprint);
	assert_int_equal(r->lock_timeout_ms, 1234);
	assert_int_equal(r->statement_timeout_ms, 5678);
	assert_string_equal(rm.schema_path, "schema/app.sql");
	assert_string_equal(rm.pgstage_version, PGSTAGE_VERSION);
	assert_int_equal(r->ops.len, p->ops.len);
	for (size_t i = 0; i < p->ops.len; i++)
		assert_same_op(vec_get(&p->ops, i), vec_get(&r->ops, i));
	assert_int_equal(r->n_held, 1);
	assert_int_equal(r->n_add, 2);
	char a[OP_ID_LEN], b[OP_ID_LEN];
	plan_id(p, a);
	plan_id(r, b);
	assert_string_equal(a, b);
	assert_string_equal(rm.plan_id, a);
	/* the plain entry points agree */
	Plan *r2 = NULL;
	assert_int_equal(plan_file_write(r, tmp_path("p2.json"), &err), 0);
	assert_int_equal(plan_file_read(&r2, tmp_path("p2.json"), &err), 0);
	assert_int_equal(r2->ops.len, p->ops.len);
	plan_free(r2);
	plan_free(r);
	plan_free(p);
}

static void test_op_ids(void **state)
{
	(void) state;
	Plan *p = sample_plan();
	char ids[4][OP_ID_LEN];
	for (int i = 0; i < 4; i++) {
		op_id(vec_get(&p->ops, i), ids[i]);
		assert_int_equal(strlen(ids[i]), 16);
		for (int j = 0; j < i; j++)
			assert_string_not_equal(ids[i], ids[j]);
	}
	/* the id depends on the statements, not on where they are split */
	Op *x = add_op(p, PHASE_EXPAND, '+', "x", "ab", "c");
	Op *y = add_op(p, PHASE_EXPAND, '+', "x", "a", "bc");
	char ix[OP_ID_LEN], iy[OP_ID_LEN];
	op_id(x, ix);
	op_id(y, iy);
	assert_string_not_equal(ix, iy);
	plan_free(p);
}

static void expect_refused(const char *text, int code, const char *needle)
{
	write_text(tmp_path("bad.json"), text);
	Plan *r = (Plan *) 1;
	PgsError err = {0};
	assert_int_equal(plan_file_read(&r, tmp_path("bad.json"), &err), code);
	assert_null(r);
	if (!strstr(err.message, needle))
		fail_msg("message '%s' lacks '%s'", err.message, needle);
}

static void test_bad_files(void **state)
{
	(void) state;
	Plan *r = NULL;
	PgsError err = {0};
	assert_int_equal(plan_file_read(&r, tmp_path("missing.json"), &err), PGSTAGE_EIO);
	assert_non_null(strstr(err.message, "cannot read"));
	expect_refused("{ not json", PGSTAGE_EINPUT, "not a valid pgstage plan");
	expect_refused("[1, 2]", PGSTAGE_EINPUT, "must be an object");
	expect_refused("{\"format\": \"other\"}", PGSTAGE_EINPUT, "\"format\"");
	/* the review document of plan --format json, by its name or (older
	 * ones) its shape, is named for what it is */
	expect_refused("{\"format\": \"pgstage-plan-report\", \"format_version\": 1, \"phases\": []}",
		       PGSTAGE_EINPUT, "this is a plan report (plan --format json), not a saved plan");
	expect_refused("{\"format\": \"pgstage-plan\", \"format_version\": 1, \"phases\": []}",
		       PGSTAGE_EINPUT, "this is a plan report");
	expect_refused("{\"format\": \"pgstage-plan\", \"format_version\": 99}", PGSTAGE_EINPUT,
		       "version 99");
	expect_refused("{\"format\": \"pgstage-plan\", \"format_version\": 1, \"ops\": []}",
		       PGSTAGE_EINPUT, "fingerprint");
	expect_refused("{\"format\": \"pgstage-plan\", \"format_version\": 1, \"fingerprint\": \"x\","
		       " \"ops\": [{\"phase\": \"sideways\"}]}",
		       PGSTAGE_EINPUT, "phase");
	expect_refused("{\"format\": \"pgstage-plan\", \"format_version\": 1, \"fingerprint\": \"x\","
		       " \"ops\": [{\"phase\": \"backfill\", \"backfill\": {\"schema\": \"s\"}}]}",
		       PGSTAGE_EINPUT, "backfill needs");
	expect_refused("{\"format\": \"pgstage-plan\", \"format_version\": 1, \"fingerprint\": 7,"
		       " \"ops\": []}",
		       PGSTAGE_EINPUT, "must be a string");
	/* an unwritable destination */
	assert_int_equal(plan_file_write(&(Plan){.fingerprint = "x"}, "/nonexistent/dir/p.json", &err),
			 PGSTAGE_EIO);
}

static Catalog *parse_text(const char *name, const char *sql)
{
	write_text(tmp_path(name), sql);
	Catalog *c = NULL;
	PgsError err = {0};
	if (parse_schema_path(&c, tmp_path(name), &err))
		fail_msg("parse: %s", err.message);
	return c;
}

static void test_check_names_changes(void **state)
{
	(void) state;
	Catalog *then = parse_text("a.sql", "CREATE TABLE t (id int PRIMARY KEY, a text);");
	Catalog *now = parse_text("b.sql", "CREATE TABLE t (id int PRIMARY KEY, a text, extra int);");
	Plan *p = sample_plan();
	p->fingerprint = catalog_fingerprint(then);
	PgsError err = {0};
	PlanFileMeta meta = {.live = then};
	assert_int_equal(plan_file_write_meta(p, &meta, tmp_path("c.json"), &err), 0);
	Plan *r = NULL;
	PlanFileMeta rm;
	assert_int_equal(plan_file_read_meta(&r, &rm, tmp_path("c.json"), &err), 0);
	assert_true(rm.live_facts.len > 0);
	assert_int_equal(plan_file_check(r, &rm, then, &err), 0);
	assert_int_not_equal(plan_file_check(r, &rm, now, &err), 0);
	assert_non_null(strstr(err.message, "changed since the plan was made"));
	if (!strstr(err.detail, "+ table public.t: column extra integer"))
		fail_msg("detail does not name the new column: %s", err.detail);
	assert_non_null(strstr(err.hint, "pgstage plan --out"));
	/* without saved facts: refused all the same, with no detail */
	PgsError err2 = {0};
	assert_int_not_equal(plan_file_check(r, &(PlanFileMeta){0}, now, &err2), 0);
	assert_string_equal(err2.detail, "");
	plan_free(r);
	plan_free(p);
	catalog_free(then);
	catalog_free(now);
}

static int setup(void **state)
{
	(void) state;
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void) state;
	char cmd[512];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	parse_shutdown();
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_op_ids),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_check_names_changes),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
