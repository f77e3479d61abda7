/*
 * test_resolve.c - the static checks (suite 'db': types and functions are
 * resolved on a live server, PG* from the environment): the names an
 * expression refers to, and resolve_names() over desired schemas.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "introspect/conn.h"
#include "parse/refs.h"
#include "preflight/resolve.h"
#include "parse_ok.h"

static PGconn *conn;

static void test_expr_refs(void **state)
{
	(void) state;
	Arena *a = arena_new();
	ExprRefs r;
	expr_refs(&r, a, "lower(nmae) || pg_catalog.upper(t.id::text) || \"Odd\"");
	assert_true(r.parsed);
	assert_false(r.has_subquery);
	assert_int_equal(r.columns.len, 2); /* t.id is qualified: not the row's for sure */
	assert_string_equal(((ColRef *) r.columns.items[0])->name, "nmae");
	assert_string_equal(((ColRef *) r.columns.items[1])->name, "Odd");
	assert_int_equal(r.functions.len, 2);
	const FuncRef *f0 = r.functions.items[0], *f1 = r.functions.items[1];
	assert_null(f0->schema);
	assert_string_equal(f0->name, "lower");
	assert_string_equal(f1->schema, "pg_catalog");
	assert_string_equal(f1->name, "upper");
	expr_refs(&r, a, "coalesce(a, (SELECT max(x) FROM other))");
	assert_true(r.has_subquery);
	expr_refs(&r, a, "1 +");
	assert_false(r.parsed);
	arena_free(a);
}

static int resolve(const char *sql, PgsError *err)
{
	Catalog *desired = parse_ok(sql), *live = catalog_new();
	*err = (PgsError){0};
	int rc = resolve_names(desired, live, conn, err);
	catalog_free(desired);
	catalog_free(live);
	return rc;
}

static void test_resolve_names(void **state)
{
	(void) state;
	PgsError err;
	assert_int_equal(resolve("CREATE TABLE t (id integer, a varchar(3)[], b timestamptz DEFAULT now(),\n"
				 "  c text DEFAULT pg_catalog.lower('X'), d uuid DEFAULT gen_random_uuid());",
				 &err), 0);
	/* what the plan creates resolves too */
	assert_int_equal(resolve("CREATE SCHEMA app; CREATE TYPE app.mood AS ENUM ('a');\n"
				 "CREATE DOMAIN app.code AS text;\n"
				 "CREATE FUNCTION app.mk() RETURNS text LANGUAGE sql AS $$ SELECT 'x' $$;\n"
				 "CREATE TABLE app.t (m app.mood[], c app.code DEFAULT app.mk(), r app.t2);\n"
				 "CREATE TABLE app.t2 (id int);", &err), 0);
	assert_int_equal(resolve("CREATE TABLE t (id integer,\n  qty intger);", &err), PGSTAGE_EINPUT);
	assert_int_equal(err.line, 2);
	assert_int_equal(err.col, 3);
	assert_non_null(strstr(err.message, "type public.intger does not exist"));
	assert_int_equal(resolve("CREATE TABLE t (id integer, c text DEFAULT no_such_fn(1));", &err),
			 PGSTAGE_EINPUT);
	assert_non_null(strstr(err.message, "calls no_such_fn(), which does not exist"));
	assert_int_equal(resolve("CREATE TABLE t (id integer, name text,\n"
				 "  -- pgstage: backfill lower(nmae)\n  login text NOT NULL);", &err),
			 PGSTAGE_EINPUT);
	assert_int_equal(err.line, 2);
	assert_non_null(strstr(err.message, "reads column nmae"));
	/* several misses: the first in the message, the others in the detail */
	assert_int_equal(resolve("CREATE TABLE t (a intger, b txet);", &err), PGSTAGE_EINPUT);
	assert_non_null(strstr(err.detail, "public.txet"));
	/* an extension the plan installs: its names cannot be known yet */
	assert_int_equal(resolve("CREATE EXTENSION citext; CREATE TABLE t (a citext);", &err), 0);
}

static int setup(void **state)
{
	(void) state;
	PgsError err = {0};
	return db_connect(&conn, "dbname=postgres", &err) ? -1 : 0;
}

static int teardown(void **state)
{
	(void) state;
	PQfinish(conn);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_expr_refs),
		cmocka_unit_test(test_resolve_names),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
