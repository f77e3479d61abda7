/*
 * test_diff.c - the model diff: which changes two catalogs produce.
 * Catalogs come from the real parser so the test reads like a schema edit.
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

typedef struct Expected {
	ChangeType type;
	const char *object; /* change_object_name() */
} Expected;

static Catalog *parse(const char *sql)
{
	Catalog *cat = NULL;
	PgsError err = {0};
	int rc = parse_schema_string(&cat, sql, "test.sql", &err);
	if (rc)
		fail_msg("parse failed: %s:%d:%d: %s", err.file, err.line, err.col, err.message);
	return cat;
}

/* Diffs `from` against `to` and checks the change list exactly, in order. */
static void check_diff(const char *from, const char *to, const Expected *want, size_t n)
{
	Catalog *a = parse(from), *b = parse(to);
	Diff *d = diff_catalogs(a, b);
	Arena *tmp = arena_new();
	if (d->changes.len != n) {
		for (size_t i = 0; i < d->changes.len; i++) {
			const Change *ch = d->changes.items[i];
			fprintf(stderr, "  got: %s %s\n", change_type_name(ch->type),
				change_object_name(tmp, ch));
		}
	}
	assert_int_equal(d->changes.len, n);
	for (size_t i = 0; i < n; i++) {
		const Change *ch = d->changes.items[i];
		assert_string_equal(change_type_name(ch->type), change_type_name(want[i].type));
		assert_string_equal(change_object_name(tmp, ch), want[i].object);
	}
	arena_free(tmp);
	diff_free(d);
	catalog_free(a);
	catalog_free(b);
}

static void test_identical_is_empty(void **state)
{
	(void) state;
	const char *sql = "create type mood as enum ('a', 'b');\n"
			  "create table t (id serial primary key, m mood default 'a', n numeric(10,2) not null);\n"
			  "comment on table t is 'x';";
	check_diff(sql, sql, NULL, 0);
}

static void test_tables_created_and_dropped(void **state)
{
	(void) state;
	const Expected want[] = {
		{CHG_CREATE, "public.b"},
		{CHG_DROP, "public.a"},
	};
	check_diff("create table a (x int);", "create table b (x int);", want, 2);
}

static void test_column_changes(void **state)
{
	(void) state;
	const Expected want[] = {
		{CHG_COLUMN_TYPE, "public.t.a"},
		{CHG_COLUMN_DEFAULT, "public.t.b"},
		{CHG_COLUMN_NOT_NULL, "public.t.b"},
		{CHG_DROP_COLUMN, "public.t.c"},
		{CHG_ADD_COLUMN, "public.t.d"},
	};
	check_diff("create table t (a int, b text, c text);",
		   "create table t (a bigint, b text not null default 'x', d text);", want, 5);
}

static void test_default_spelling_is_not_a_change(void **state)
{
	(void) state;
	check_diff("create table t (a text default 'x'::text, b int default (1), c varchar(3));",
		   "create table t (a text default 'x', b integer default 1, c character varying(3));",
		   NULL, 0);
}

static void test_primary_key_implies_not_null(void **state)
{
	(void) state;
	check_diff("create table t (id int not null primary key);",
		   "create table t (id int primary key);", NULL, 0);
}

static void test_identity_and_comment(void **state)
{
	(void) state;
	const Expected want[] = {
		{CHG_COLUMN_IDENTITY, "public.t.id"},
		{CHG_COLUMN_COMMENT, "public.t.id"},
		{CHG_COMMENT, "public.t"},
	};
	check_diff("create table t (id bigint not null);",
		   "create table t (id bigint generated always as identity);\n"
		   "comment on table t is 'it''s';\ncomment on column t.id is 'key';",
		   want, 3);
}

/* Collations: equal when pg_collation would hold the same row (a copy of
 * POSIX is libc 'POSIX'); any difference replaces; comments apart. */
static void test_collations(void **state)
{
	(void) state;
	check_diff("create collation p from \"POSIX\";",
		   "create collation p (provider = libc, lc_collate = 'POSIX', lc_ctype = 'POSIX');",
		   NULL, 0);
	const Expected want[] = {
		{CHG_REPLACE, "public.It's"},
		{CHG_COMMENT, "public.It's"},
		{CHG_CREATE, "public.new"},
		{CHG_COLUMN_TYPE, "public.t.a"},
		{CHG_DROP, "public.old"},
	};
	check_diff("create collation \"It's\" (provider = icu, locale = 'de');\n"
		   "create collation old (locale = 'C');\n"
		   "create table t (a text collate old);",
		   "create collation \"It's\" (provider = icu, locale = 'de', deterministic = false);\n"
		   "comment on collation \"It's\" is 'x';\n"
		   "create collation new (locale = 'C');\n"
		   "create table t (a text collate new);",
		   want, 5);
	/* a renamed collation: what names it follows by itself */
	const Expected renamed[] = {
		{CHG_RENAME, "public.New Name"},
	};
	check_diff("create collation old (provider = icu, locale = 'fi');\n"
		   "create domain d as text collate old;\n"
		   "create type c as (x text collate old);\n"
		   "create table t (a text collate old, b text);\n"
		   "create index t_b on t (b collate old);",
		   "-- pgstage: renamed from old\n"
		   "create collation \"New Name\" (provider = icu, locale = 'fi');\n"
		   "create domain d as text collate \"New Name\";\n"
		   "create type c as (x text collate \"New Name\");\n"
		   "create table t (a text collate \"New Name\", b text);\n"
		   "create index t_b on t (b collate \"New Name\");",
		   renamed, 1);
}

static void test_enum_values(void **state)
{
	(void) state;
	const Expected add[] = {
		{CHG_ENUM_ADD_VALUE, "public.e"},
		{CHG_ENUM_ADD_VALUE, "public.e"},
	};
	Catalog *a = parse("create type e as enum ('b', 'd');");
	Catalog *b = parse("create type e as enum ('a', 'b', 'c', 'd');");
	Diff *d = diff_catalogs(a, b);
	assert_int_equal(d->changes.len, 2);
	const Change *first = d->changes.items[0], *second = d->changes.items[1];
	assert_int_equal(first->type, add[0].type);
	assert_string_equal(first->label, "a");
	assert_string_equal(first->neighbor, "b");
	assert_true(first->before);
	assert_string_equal(second->label, "c");
	assert_string_equal(second->neighbor, "b");
	assert_false(second->before);
	diff_free(d);
	catalog_free(a);
	catalog_free(b);

	const Expected rebuild[] = {{CHG_ENUM_REBUILD, "public.e"}};
	check_diff("create type e as enum ('a', 'b');", "create type e as enum ('b', 'a');", rebuild, 1);
	check_diff("create type e as enum ('a', 'b');", "create type e as enum ('a');", rebuild, 1);
}

static void test_constraint_changes(void **state)
{
	(void) state;
	/* b joins the key, so the catalog makes it NOT NULL too */
	const Expected want[] = {
		{CHG_COLUMN_NOT_NULL, "public.t.b"},
		{CHG_DROP_CONSTRAINT, "public.t.t_pkey"},
		{CHG_ADD_CONSTRAINT, "public.t.t_pkey"},
	};
	check_diff("create table t (a int, b int, primary key (a));",
		   "create table t (a int, b int, primary key (a, b));", want, 3);
}

static void test_quoted_names(void **state)
{
	(void) state;
	const Expected want[] = {
		{CHG_ADD_COLUMN, "My Schema.Ta\"ble.'); DROP TABLE x; --"},
	};
	check_diff("create schema \"My Schema\"; create table \"My Schema\".\"Ta\"\"ble\" (\"Ünï\" int);",
		   "create schema \"My Schema\"; create table \"My Schema\".\"Ta\"\"ble\" (\"Ünï\" int, "
		   "\"'); DROP TABLE x; --\" text);",
		   want, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identical_is_empty),
		cmocka_unit_test(test_tables_created_and_dropped),
		cmocka_unit_test(test_column_changes),
		cmocka_unit_test(test_default_spelling_is_not_a_change),
		cmocka_unit_test(test_primary_key_implies_not_null),
		cmocka_unit_test(test_identity_and_comment),
		cmocka_unit_test(test_enum_values),
		cmocka_unit_test(test_collations),
		cmocka_unit_test(test_constraint_changes),
		cmocka_unit_test(test_quoted_names),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	parse_shutdown();
	return rc;
}
