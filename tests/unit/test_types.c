/*
 * test_types.c - canonical type names.  Each row pairs a column type as a
 * user writes it with format_type(atttypid, atttypmod) from PostgreSQL 15
 * (search_path = pg_catalog) for a table created with that column.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "model/types.h"
#include "parse/parse.h"

static const struct { const char *sql, *server; } rows[] = {
	{"int", "integer"},
	{"bigint", "bigint"},
	{"smallint", "smallint"},
	{"real", "real"},
	{"float", "double precision"},
	{"float(10)", "real"},
	{"float(30)", "double precision"},
	{"double precision", "double precision"},
	{"boolean", "boolean"},
	{"bool", "boolean"},
	{"varchar(10)", "character varying(10)"},
	{"varchar", "character varying"},
	{"character varying(3)[]", "character varying(3)[]"},
	{"char", "character(1)"},
	{"char(5)", "character(5)"},
	{"bpchar", "bpchar"},
	{"numeric(10,2)", "numeric(10,2)"},
	{"numeric", "numeric"},
	{"decimal(5)", "numeric(5,0)"},
	{"dec", "numeric"},
	{"timestamp(3) with time zone", "timestamp(3) with time zone"},
	{"timestamp", "timestamp without time zone"},
	{"timestamp(0)", "timestamp(0) without time zone"},
	{"timestamptz", "timestamp with time zone"},
	{"time with time zone", "time with time zone"},
	{"time(2)", "time(2) without time zone"},
	{"timetz(3)", "time(3) with time zone"},
	{"interval", "interval"},
	{"interval day to second(3)", "interval day to second(3)"},
	{"interval year", "interval year"},
	{"interval(2)", "interval(2)"},
	{"interval minute to second", "interval minute to second"},
	{"interval hour to minute", "interval hour to minute"},
	{"bit", "bit(1)"},
	{"bit(5)", "bit(5)"},
	{"bit varying(5)", "bit varying(5)"},
	{"varbit", "bit varying"},
	{"\"char\"", "\"char\""},
	{"text[]", "text[]"},
	{"int[][]", "integer[]"},
	{"integer array[3]", "integer[]"},
	{"jsonb", "jsonb"},
	{"json", "json"},
	{"uuid", "uuid"},
	{"bytea", "bytea"},
	{"inet", "inet"},
	{"money", "money"},
	{"int4", "integer"},
	{"float4", "real"},
	{"name", "name"},
	{"mood", "public.mood"},
	{"\"My Enum\"[]", "public.\"My Enum\"[]"},
	{"citext", "public.citext"},
	{"s2.t2", "s2.t2"},
	{"pg_catalog.int8", "bigint"},
};

static void test_column_types(void **state)
{
	(void) state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char sql[512];
		snprintf(sql, sizeof sql,
			 "create type mood as enum ('a'); create type \"My Enum\" as enum ('x');\n"
			 "create table t (c %s);", rows[i].sql);
		Catalog *cat = NULL;
		PgsError err;
		if (parse_schema_string(&cat, sql, "t.sql", &err) != 0)
			fail_msg("%s: %s", rows[i].sql, err.message);
		Table *t = catalog_find_table(cat, "public", "t");
		assert_non_null(t);
		const Column *c = t->columns.items[0];
		if (strcmp(c->type, rows[i].server) != 0)
			fail_msg("%s -> %s, server says %s", rows[i].sql, c->type, rows[i].server);
		catalog_free(cat);
	}
}

static void test_builtin_lookup(void **state)
{
	(void) state;
	assert_string_equal(types_builtin("int8"), "bigint");
	assert_string_equal(types_builtin("timestamptz"), "timestamp with time zone");
	assert_string_equal(types_builtin("text"), "text");
	assert_null(types_builtin("citext"));
	assert_null(types_builtin("mood"));
	StrBuf sb = STRBUF_INIT;
	types_format(&sb, "numeric", (int[]){7}, 1);
	assert_string_equal(sb.buf, "numeric(7,0)");
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_column_types),
		cmocka_unit_test(test_builtin_lookup),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	parse_shutdown();
	return rc;
}
