/*
 * test_runners.c - migration files for runners (src/emit/runners): the SQL
 * splitter, version order and numbering, all-or-nothing file writing, and
 * whole emits between two parsed catalogs (no server needed; tests/emit
 * replays real files against one).
 * Memory ownership: each test frees what it builds and removes its
 * temporary directory.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "emit/runners/runner_int.h"
#include "model/ignore.h"
#include "parse/parse.h"

static char *tmpdir(void)
{
	char tmpl[] = "/tmp/pgstage-runners.XXXXXX";
	char *d = mkdtemp(tmpl);
	assert_non_null(d);
	return xstrdup(d);
}

static void rmtree(char *dir)
{
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(dir);
}

static void touch(const char *dir, const char *name, const char *text)
{
	char path[600];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static char *slurp(const char *dir, const char *name)
{
	char path[600];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	StrBuf sb = STRBUF_INIT;
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(f);
	return strbuf_detach(&sb);
}

static size_t count_entries(const char *dir)
{
	char cmd[600];
	snprintf(cmd, sizeof cmd, "find '%s' -type f | wc -l", dir);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	size_t n = 0;
	assert_int_equal(fscanf(p, "%zu", &n), 1);
	pclose(p);
	return n;
}

static void test_sql_split(void **state)
{
	(void) state;
	Arena *a = arena_new();
	PtrVec v = {0};
	sql_split(a, &v,
		  "-- only a comment;\n"
		  "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $body$ BEGIN RETURN 1; END $body$;\n"
		  "SELECT 'a;b', \"x;y\", E'it\\'s;';\n"
		  "/* outer /* inner; */ still; */ SELECT $$;$$ ;\n"
		  "SELECT $1::int;  ;\n"
		  "   \n");
	assert_int_equal(v.len, 4);
	assert_string_equal(vec_get(&v, 0),
			    "-- only a comment;\nCREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS "
			    "$body$ BEGIN RETURN 1; END $body$");
	assert_string_equal(vec_get(&v, 1), "SELECT 'a;b', \"x;y\", E'it\\'s;'");
	assert_string_equal(vec_get(&v, 2), "/* outer /* inner; */ still; */ SELECT $$;$$");
	assert_string_equal(vec_get(&v, 3), "SELECT $1::int");
	arena_free(a);
}

static void test_version_compare(void **state)
{
	(void) state;
	assert_true(version_compare(&runner_flyway, "1.10", "1.9") > 0);
	assert_true(version_compare(&runner_flyway, "2", "1.1") > 0);
	assert_true(version_compare(&runner_flyway, "1_1", "1.1") == 0);
	assert_true(version_compare(&runner_flyway, "1", "1.0.1") < 0);
	assert_true(version_compare(&runner_goose, "00010", "9") > 0);
	assert_true(version_compare(&runner_dbmate, "20230101000000", "20240101000000") < 0);
}

static void assign(const Runner *r, const char *dir, time_t now, size_t n, const char **want)
{
	Arena *a = arena_new();
	PtrVec units = {0};
	for (size_t i = 0; i < n; i++)
		vec_push(a, &units, ARENA_NEW(a, Unit));
	PgsError err = {0};
	assert_int_equal(versions_assign(&units, a, r, dir, now, &err), 0);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(((Unit *) units.items[i])->version, want[i]);
	arena_free(a);
}

static void test_versions(void **state)
{
	(void) state;
	char *d = tmpdir();
	/* an empty directory starts each runner's own way */
	assign(&runner_goose, d, 1700000000, 2, (const char *[]){"00001", "00002"});
	assign(&runner_migrate, d, 1700000000, 1, (const char *[]){"000001"});
	assign(&runner_flyway, d, 1700000000, 1, (const char *[]){"1"});
	assign(&runner_pgstage, d, 1700000000, 1, (const char *[]){"0001"});
	assign(&runner_dbmate, d, 1700000000, 2, (const char *[]){"20231114221320", "20231114221321"});
	/* a sequence continues, keeping its padding; other files are ignored */
	touch(d, "00007_b.sql", "-- +goose Up\n");
	touch(d, "00002_a.sql", "-- +goose Up\n");
	touch(d, "README.md", "");
	assign(&runner_goose, d, 0, 2, (const char *[]){"00008", "00009"});
	/* Flyway: the next major version after dotted ones */
	touch(d, "V1.1__x.sql", "");
	touch(d, "V1.10__y.sql", "");
	touch(d, "U5__undo_only.sql", "");
	assign(&runner_flyway, d, 0, 1, (const char *[]){"2"});
	/* a timestamp in the future: one second after it */
	touch(d, "20991231235959_z.sql", "-- migrate:up\n");
	assign(&runner_dbmate, d, 1700000000, 1, (const char *[]){"21000101000000"});
	rmtree(d);
}

static void test_files_all_or_nothing(void **state)
{
	(void) state;
	char *d = tmpdir();
	Arena *a = arena_new();
	PtrVec files = {0}, written = {0};
	StrBuf sb = STRBUF_INIT;
	strbuf_puts(&sb, "one");
	out_file(a, &files, "sub/1.sql", &sb);
	strbuf_puts(&sb, "two");
	out_file(a, &files, "2.sql", &sb);
	touch(d, "2.sql", "old");
	PgsError err = {0};
	assert_int_equal(files_write_all(&written, a, d, &files, &err), PGSTAGE_EIO);
	assert_non_null(strstr(err.message, "never overwrites"));
	assert_int_equal(written.len, 0);
	assert_int_equal(count_entries(d), 1);
	char *old = slurp(d, "2.sql");
	assert_string_equal(old, "old");
	free(old);
	unlink(arena_printf(a, "%s/2.sql", d));
	assert_int_equal(files_write_all(&written, a, d, &files, &err), 0);
	assert_int_equal(written.len, 2);
	char *one = slurp(d, "sub/1.sql");
	assert_string_equal(one, "one");
	free(one);
	strbuf_release(&sb);
	arena_free(a);
	rmtree(d);
}

static const char s1[] =
	"CREATE TYPE mood AS ENUM ('happy', 'sad');\n"
	"CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL);\n";
static const char s2[] =
	"CREATE TYPE mood AS ENUM ('happy', 'meh', 'sad');\n"
	"CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL, mood mood);\n"
	"CREATE TABLE posts (id bigint PRIMARY KEY, body text);\n";

static int emit_between(EmitResult *res, const Runner *r, const char *dir, const char *from,
			const char *to, EmitRequest req)
{
	Catalog *live = NULL, *desired = NULL;
	PgsError err = {0};
	assert_int_equal(parse_schema_string(&live, from, "live.sql", &err), 0);
	assert_int_equal(parse_schema_string(&desired, to, "desired.sql", &err), 0);
	req.dir = dir;
	req.now = 1700000000;
	int rc = runner_emit(res, r, &req, live, desired, &err);
	catalog_free(live);
	catalog_free(desired);
	return rc;
}

static void test_goose_units(void **state)
{
	(void) state;
	char *d = tmpdir();
	EmitResult res;
	assert_int_equal(emit_between(&res, &runner_goose, d, s1, s2, (EmitRequest){.name = "Mood & Posts"}), 0);
	assert_int_equal(res.n_units, 3);
	assert_int_equal(res.written.len, 3);
	assert_int_equal(res.irreversible.len, 1);
	runner_emit_release(&res);
	/* the enum value alone, outside a transaction, with a failing down */
	char *enum_file = slurp(d, "00001_mood_posts_expand_1.sql");
	assert_non_null(enum_file);
	assert_non_null(strstr(enum_file, "-- +goose NO TRANSACTION\n-- +goose Up\n"));
	assert_non_null(strstr(enum_file, "ADD VALUE 'meh'"));
	assert_non_null(strstr(enum_file, "-- +goose Down\n-- IRREVERSIBLE"));
	assert_non_null(strstr(enum_file, "-- +goose StatementBegin\nDO $pgstage$"));
	free(enum_file);
	/* then one transactional file per operation, each down dropping what
	 * its up made: the new table and the new column */
	char *second = slurp(d, "00002_mood_posts_expand_2.sql");
	char *third = slurp(d, "00003_mood_posts_expand_3.sql");
	assert_non_null(second);
	assert_non_null(third);
	assert_null(strstr(second, "NO TRANSACTION"));
	assert_null(strstr(third, "NO TRANSACTION"));
	char *posts = strstr(second, "CREATE TABLE public.posts") ? second : third;
	char *mood = posts == second ? third : second;
	assert_non_null(strstr(posts, "CREATE TABLE public.posts"));
	assert_null(strstr(posts, "ADD COLUMN mood"));
	assert_non_null(strstr(mood, "ADD COLUMN mood"));
	char *down = strstr(posts, "-- +goose Down\n");
	assert_non_null(down);
	assert_non_null(strstr(down, "DROP TABLE public.posts;"));
	down = strstr(mood, "-- +goose Down\n");
	assert_non_null(down);
	assert_non_null(strstr(down, "DROP COLUMN mood;"));
	free(second);
	free(third);
	/* nothing to do: nothing written */
	assert_int_equal(emit_between(&res, &runner_goose, d, s2, s2, (EmitRequest){0}), 0);
	assert_int_equal(res.n_units, 0);
	assert_int_equal(count_entries(d), 3);
	runner_emit_release(&res);
	rmtree(d);
}

/* A type change on a big table is the expand/contract swap: the first
 * release's down drops the helpers it added, never ALTER ... TYPE back. */
static void test_swap_downs(void **state)
{
	(void) state;
	char *d = tmpdir();
	Catalog *live = NULL, *desired = NULL;
	PgsError err = {0};
	assert_int_equal(parse_schema_string(&live, "CREATE TABLE m (id bigint PRIMARY KEY, code text);",
					     "live.sql", &err), 0);
	assert_int_equal(parse_schema_string(&desired, "CREATE TABLE m (id bigint PRIMARY KEY, code integer);",
					     "desired.sql", &err), 0);
	catalog_find_table(live, "public", "m")->est_rows = 1e6;
	EmitResult res;
	EmitRequest req = {.dir = d, .now = 1700000000, .name = "swap"};
	assert_int_equal(runner_emit(&res, &runner_goose, &req, live, desired, &err), 0);
	assert_int_equal(res.irreversible.len, 0);
	runner_emit_release(&res);
	char *add = slurp(d, "00001_swap_expand.sql");
	assert_non_null(add);
	assert_non_null(strstr(add, "ADD COLUMN code__pgstage_new integer"));
	char *down = strstr(add, "-- +goose Down\n");
	assert_non_null(down);
	assert_non_null(strstr(down, "DROP TRIGGER IF EXISTS code__pgstage_sync ON public.m;"));
	assert_non_null(strstr(down, "DROP FUNCTION IF EXISTS public.m_code__pgstage_sync();"));
	assert_non_null(strstr(down, "DROP FUNCTION IF EXISTS public.m_code__pgstage_conv(text);"));
	assert_non_null(strstr(down, "DROP COLUMN IF EXISTS code__pgstage_new;"));
	assert_null(strstr(down, "TYPE"));
	free(add);
	rmtree(d);
	/* with the contract release: the swap's down is irreversible */
	d = tmpdir();
	req.dir = d;
	req.allow_drop = true;
	assert_int_equal(runner_emit(&res, &runner_goose, &req, live, desired, &err), 0);
	assert_int_equal(res.irreversible.len, 1);
	assert_non_null(strstr(res.irreversible.items[0], "swap public.m.code"));
	runner_emit_release(&res);
	rmtree(d);
	catalog_free(live);
	catalog_free(desired);
}

static void test_every_runner_names(void **state)
{
	(void) state;
	static const struct {
		const Runner *r;
		const char *files[8];
	} cases[] = {
		{&runner_pgstage, {"0001_x.up.sql", "0001_x.down.sql"}},
		{&runner_migrate, {"000001_x_expand_1.up.sql", "000001_x_expand_1.down.sql",
				   "000002_x_expand_2.up.sql", "000002_x_expand_2.down.sql",
				   "000003_x_expand_3.up.sql", "000003_x_expand_3.down.sql"}},
		{&runner_flyway, {"V1__x_expand_1.sql", "V1__x_expand_1.sql.conf", "U1__x_expand_1.sql",
				  "U1__x_expand_1.sql.conf", "V2__x_expand_2.sql", "U2__x_expand_2.sql",
				  "V3__x_expand_3.sql", "U3__x_expand_3.sql"}},
		{&runner_dbmate, {"20231114221320_x_expand_1.sql", "20231114221321_x_expand_2.sql",
				  "20231114221322_x_expand_3.sql"}},
		{&runner_prisma, {"20231114221320_x_expand_1/migration.sql",
				  "20231114221320_x_expand_1/down.sql", "migration_lock.toml",
				  "20231114221321_x_expand_2/migration.sql",
				  "20231114221321_x_expand_2/down.sql",
				  "20231114221322_x_expand_3/migration.sql",
				  "20231114221322_x_expand_3/down.sql"}},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *d = tmpdir();
		EmitResult res;
		assert_int_equal(emit_between(&res, cases[i].r, d, s1, s2, (EmitRequest){.name = "x"}), 0);
		size_t n = 0;
		for (; n < 8 && cases[i].files[n]; n++) {
			char *text = slurp(d, cases[i].files[n]);
			if (!text)
				fail_msg("%s: no %s", cases[i].r->name, cases[i].files[n]);
			free(text);
		}
		assert_int_equal(count_entries(d), n);
		runner_emit_release(&res);
		rmtree(d);
	}
	/* dbmate marks the block, Flyway the script config */
	char *d = tmpdir();
	EmitResult res;
	assert_int_equal(emit_between(&res, &runner_dbmate, d, s1, s2, (EmitRequest){.name = "x"}), 0);
	char *t = slurp(d, "20231114221320_x_expand_1.sql");
	assert_non_null(strstr(t, "-- migrate:up transaction:false\n"));
	assert_non_null(strstr(t, "-- migrate:down transaction:false\n"));
	free(t);
	runner_emit_release(&res);
	rmtree(d);
}

static void test_contract(void **state)
{
	(void) state;
	static const char wide[] = "CREATE TABLE t (id bigint PRIMARY KEY, old text);\n";
	static const char narrow[] = "CREATE TABLE t (id bigint PRIMARY KEY);\n";
	char *d = tmpdir();
	EmitResult res;
	/* held by default: listed, nothing written */
	assert_int_equal(emit_between(&res, &runner_migrate, d, wide, narrow, (EmitRequest){0}), 0);
	assert_int_equal(res.n_units, 0);
	assert_int_equal(res.held.len, 1);
	assert_int_equal(count_entries(d), 0);
	runner_emit_release(&res);
	/* --phase contract: a migration whose down says why it cannot be undone */
	assert_int_equal(emit_between(&res, &runner_migrate, d, wide, narrow,
				      (EmitRequest){.contract_only = true, .name = "drop old"}), 0);
	assert_int_equal(res.n_units, 1);
	runner_emit_release(&res);
	char *down = slurp(d, "000001_drop_old.down.sql");
	assert_non_null(down);
	assert_non_null(strstr(down, "IRREVERSIBLE"));
	assert_non_null(strstr(down, "loses data"));
	free(down);
	/* --phase contract refuses while earlier phases are pending */
	PgsError err = {0};
	Catalog *live = NULL, *desired = NULL;
	assert_int_equal(parse_schema_string(&live, wide, "live.sql", &err), 0);
	assert_int_equal(parse_schema_string(&desired, "CREATE TABLE t (id bigint PRIMARY KEY, n int);",
					     "desired.sql", &err), 0);
	EmitRequest req = {.dir = d, .contract_only = true};
	assert_int_equal(runner_emit(&res, &runner_migrate, &req, live, desired, &err), PGSTAGE_EUSAGE);
	runner_emit_release(&res);
	catalog_free(live);
	catalog_free(desired);
	rmtree(d);
}

/* emit leaves the runner's table alone through catalog_ignore() (what
 * introspection and `pgstage emit --history-table` apply): by name for the
 * runner's own table, by name and columns for every runner's by default */
static void test_history_table_ignored(void **state)
{
	(void) state;
	static const char live_sql[] =
		"CREATE TABLE users (id bigint PRIMARY KEY);\n"
		"CREATE TABLE goose_db_version (id serial PRIMARY KEY, version_id bigint NOT NULL);\n"
		"CREATE INDEX goose_db_version_v ON goose_db_version (version_id);\n"
		"CREATE SCHEMA drizzle;\n"
		"CREATE TABLE drizzle.__drizzle_migrations (id serial PRIMARY KEY, hash text NOT NULL,\n"
		"  created_at bigint);\n"
		"CREATE TABLE schema_migrations (name text);\n";
	PgsError err = {0};
	Catalog *live = NULL, *desired = NULL;
	assert_int_equal(parse_schema_string(&live, live_sql, "live.sql", &err), 0);
	assert_int_equal(parse_schema_string(&desired, "CREATE TABLE users (id bigint PRIMARY KEY);\n"
							"CREATE TABLE schema_migrations (name text);",
					     "desired.sql", &err), 0);
	IgnoreOptions ig = {0};
	ignore_list_add(ig.names, "goose_db_version");
	catalog_ignore(live, &ig);
	catalog_ignore(desired, &ig);
	/* the drizzle table by its columns, with its schema and sequence; the
	 * goose one by name (its columns are not goose's); the user's own
	 * schema_migrations stays, with a note */
	assert_null(catalog_find_table(live, "public", "goose_db_version"));
	assert_null(catalog_find(live, OBJ_INDEX, "public", NULL, "goose_db_version_v", NULL));
	assert_null(catalog_find(live, OBJ_SCHEMA, NULL, NULL, "drizzle", NULL));
	assert_null(catalog_find(live, OBJ_SEQUENCE, "drizzle", NULL, "__drizzle_migrations_id_seq", NULL));
	assert_non_null(catalog_find_table(live, "public", "schema_migrations"));
	assert_int_equal(live->ignored.len, 3);
	assert_string_equal(live->ignored.items[0],
			    "ignored history table public.goose_db_version (--history-table goose_db_version)");
	char *d = tmpdir();
	EmitResult res;
	EmitRequest req = {.dir = d, .now = 1700000000, .allow_drop = true};
	assert_int_equal(runner_emit(&res, &runner_goose, &req, live, desired, &err), 0);
	assert_int_equal(res.n_units, 0);
	assert_int_equal(res.held.len, 0);
	runner_emit_release(&res);
	catalog_free(live);
	catalog_free(desired);
	rmtree(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sql_split),
		cmocka_unit_test(test_version_compare),
		cmocka_unit_test(test_versions),
		cmocka_unit_test(test_files_all_or_nothing),
		cmocka_unit_test(test_goose_units),
		cmocka_unit_test(test_every_runner_names),
		cmocka_unit_test(test_contract),
		cmocka_unit_test(test_swap_downs),
		cmocka_unit_test(test_history_table_ignored),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	parse_shutdown();
	return rc;
}
