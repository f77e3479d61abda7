/*
 * test_expr.c - expr_canonical(): what users write and what PostgreSQL 15
 * prints (pg_get_expr / pg_get_constraintdef, search_path = pg_catalog)
 * must canonicalize equal; genuinely different expressions must not.
 * The server texts below were collected from a real server.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "model/model.h"
#include "parse/expr.h"
#include "parse/parse.h"

static const struct { const char *user, *server; } same[] = {
	/* column defaults */
	{"-1", "'-1'::integer"},
	{"10", "10"},
	{"'x'", "'x'::text"},
	{"'active'", "'active'::character varying"},
	{"'active'::varchar", "'active'::character varying"},
	{"current_timestamp", "CURRENT_TIMESTAMP"},
	{"now()", "now()"},
	{"pg_catalog.now()", "now()"},
	{"'happy'", "'happy'::public.mood"},
	{"nextval('myseq')", "nextval('public.myseq'::regclass)"},
	{"nextval('public.myseq'::regclass)", "nextval('public.myseq'::regclass)"},
	{"TRUE", "true"},
	{"'{}'", "'{}'::text[]"},
	{"-1.5", "'-1.5'::numeric"},
	{"current_date", "CURRENT_DATE"},
	{"(1+2)*3", "((1 + 2) * 3)"},
	{"'1 day'", "'1 day'::interval"},
	{"'{}'::jsonb", "'{}'::jsonb"},
	{"lower('X')", "lower('X'::text)"},
	{"0", "0"},
	{"100", "100"},
	/* CHECK expressions */
	{"a in (1, 2, 3)", "((a = ANY (ARRAY[1, 2, 3])))"},
	{"a not in (5,6)", "((a <> ALL (ARRAY[5, 6])))"},
	{"b > 0 and b < 100", "(((b > (0)::numeric) AND (b < (100)::numeric)))"},
	{"t is not null or s is null", "(((t IS NOT NULL) OR (s IS NULL)))"},
	{"d in ('active', 'inactive')",
	 "(((d)::text = ANY ((ARRAY['active'::character varying, 'inactive'::character varying])::text[])))"},
	{"length(d) > 2", "((length((d)::text) > 2))"},
	{"d = 'x' or d = 'y'", "((((d)::text = 'x'::text) OR ((d)::text = 'y'::text)))"},
	{"r::text <> ''", "(((r)::text <> ''::text))"},
	{"char_length(r) < 3", "((char_length((r)::text) < 3))"},
	{"s between 1 and 10", "(((s >= 1) AND (s <= 10)))"},
	{"s not between 1 and 10", "(((s < 1) OR (s > 10)))"},
	{"coalesce(s, 0) >= 0", "((COALESCE(s, 0) >= 0))"},
	{"case when s > 0 then true else false end",
	 "(\nCASE\n    WHEN (s > 0) THEN true\n    ELSE false\nEND)"},
	{"t like 'a%'", "((t ~~ 'a%'::text))"},
	{"t ilike 'a%'", "((t ~~* 'a%'::text))"},
	{"price > 10", "(price > (10)::numeric)"},
	{"product_no * 2", "(product_no * 2)"},
	{"price + 1", "(price + 1::numeric)"},
	{"x != 1", "(x <> 1)"},
	/* more defaults, from a table loaded into PostgreSQL 15 */
	{"1.5e3", "'1500'::double precision"},
	{"1 + 2", "(1 + 2)"},
	{"current_user", "CURRENT_USER"},
	{"now()::date", "(now())::date"},
	{"now() + interval '1 day'", "(now() + '1 day'::interval)"},
	{"timezone('utc', now())", "timezone('utc'::text, now())"},
	{"array['a', 'b']", "ARRAY['a'::text, 'b'::text]"},
	{"'{1,2}'", "'{1,2}'::integer[]"},
	{"0.00", "0.00"},
	{"false", "false"},
	{"'new'::status", "'new'::public.status"},
	{"'{\"a\": 1}'", "'{\"a\": 1}'::jsonb"},
	{"m ~ '^[a-z]+$'", "((m ~ '^[a-z]+$'::text))"},
	{"n is null or n > 0", "(((n IS NULL) OR (n > 0)))"},
	{"-9999999999", "'-9999999999'::bigint"},
	{"'00:05:00'", "'00:05:00'::interval"},
	{"char_length(s) between 1 and 10", "(((char_length(s) >= 1) AND (char_length(s) <= 10)))"},
	{"t = any (array[1,2])", "((t = ANY (ARRAY[1, 2])))"},
	{"not u", "((NOT u))"},
	{"v in ('a','b')", "((v = ANY (ARRAY['a'::text, 'b'::text])))"},
	{"concat('a', 'b')", "concat('a', 'b')"},
	{"lower(j)", "lower((j)::text)"},
	{"b is not null and i", "((b IS NOT NULL) AND i)"},
	{"j::text", "((j)::text)"},
	{"coalesce(b, '')", "COALESCE(b, ''::text)"},
	{"k = 'new'", "(k = 'new'::public.status)"},
	/* rule 12: a user collation is printed qualified, a built-in one not */
	{"tag COLLATE \"natural Sort\"", "(tag COLLATE public.\"natural Sort\")"},
	{"lower(t) COLLATE \"C\"", "(lower(t) COLLATE pg_catalog.\"C\")"},
};

static const struct { const char *a, *b; } differ[] = {
	{"1", "2"},
	{"'x'", "'y'"},
	{"a > 0", "a >= 0"},
	{"a in (1, 2)", "a in (1, 3)"},
	{"a in (1, 2)", "a not in (1, 2)"},
	{"s between 1 and 10", "s between 1 and 11"},
	{"now()", "CURRENT_TIMESTAMP"},
	{"lower(a)", "upper(a)"},
	{"a + b * c", "(a + b) * c"},
	{"t like 'a%'", "t ilike 'a%'"},
	{"-1", "1"},
	{"'1'", "'01'"},
	{"a and b or c", "a and (b or c)"},
	{"x::bigint", "x::text + 1"},
	{"1.5e3", "1.5e4"},
	{"now()::date", "now()::time"},
	{"'{1,2}'", "'{1,3}'"},
	{"t COLLATE \"C\"", "t COLLATE \"POSIX\""},
	{"t COLLATE s.x", "t COLLATE x"},
};

static void test_same(void **state)
{
	(void) state;
	Arena *a = arena_new();
	for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
		const char *u = expr_canonical(a, same[i].user);
		const char *s = expr_canonical(a, same[i].server);
		if (strcmp(u, s) != 0)
			fail_msg("%s -> %s\n%s -> %s", same[i].user, u, same[i].server, s);
	}
	arena_free(a);
}

static void test_differ(void **state)
{
	(void) state;
	Arena *a = arena_new();
	for (size_t i = 0; i < sizeof differ / sizeof differ[0]; i++) {
		const char *x = expr_canonical(a, differ[i].a);
		const char *y = expr_canonical(a, differ[i].b);
		if (strcmp(x, y) == 0)
			fail_msg("%s and %s both -> %s", differ[i].a, differ[i].b, x);
	}
	arena_free(a);
}

static void test_unparsable_unchanged(void **state)
{
	(void) state;
	Arena *a = arena_new();
	assert_string_equal(expr_canonical(a, "1 +"), "1 +");
	assert_string_equal(expr_canonical(a, "now()"), "now()");
	assert_string_equal(expr_canonical(a, "a IN (1, 2)"), "a = ANY(ARRAY[1, 2])");
	arena_free(a);
}

/* pg_get_function_arguments output (PostgreSQL 15) against what users write */
static void test_function_arguments(void **state)
{
	(void) state;
	static const struct { const char *user, *server; } args[] = {
		{"a int = -1, b timestamptz = now()",
		 "a integer DEFAULT '-1'::integer, b timestamp with time zone DEFAULT now()"},
		{"a int default 5, b text default 'x'", "a integer DEFAULT 5, b text DEFAULT 'x'::text"},
		{"i integer, t text[], out o int, variadic v int[]",
		 "i integer, t text[], OUT o integer, VARIADIC v integer[]"},
		{"inout a int", "INOUT a integer"},
		{"", ""},
	};
	Arena *a = arena_new();
	for (size_t i = 0; i < sizeof args / sizeof args[0]; i++) {
		const char *u = expr_function_arguments_canonical(a, args[i].user);
		const char *s = expr_function_arguments_canonical(a, args[i].server);
		if (strcmp(u, s) != 0)
			fail_msg("%s -> %s\n%s -> %s", args[i].user, u, args[i].server, s);
	}
	assert_string_not_equal(expr_function_arguments_canonical(a, "a int default 1"),
				expr_function_arguments_canonical(a, "a int default 2"));
	assert_string_not_equal(expr_function_arguments_canonical(a, "a int"),
				expr_function_arguments_canonical(a, "a bigint"));
	arena_free(a);
}

/* pg_get_constraintdef(exclusion) after "EXCLUDE ", PostgreSQL 15 */
static void test_exclusion(void **state)
{
	(void) state;
	static const struct { const char *user, *server; } ex[] = {
		{"USING gist (c with &&)", "USING gist (c WITH &&)"},
		{"USING gist (d WITH =, r WITH &&) WHERE (d > 0)",
		 "USING gist (d WITH =, r WITH &&) WHERE ((d > 0))"},
		{"USING gist ((d + 1) WITH =)", "USING gist (((d + 1)) WITH =)"},
	};
	Arena *a = arena_new();
	for (size_t i = 0; i < sizeof ex / sizeof ex[0]; i++) {
		const char *u = expr_exclusion_canonical(a, ex[i].user);
		const char *s = expr_exclusion_canonical(a, ex[i].server);
		if (strcmp(u, s) != 0)
			fail_msg("%s -> %s\n%s -> %s", ex[i].user, u, ex[i].server, s);
	}
	assert_string_not_equal(expr_exclusion_canonical(a, "USING gist (c WITH &&)"),
				expr_exclusion_canonical(a, "USING gist (c WITH =)"));
	arena_free(a);
}

/* expr_equal() on Exprs canonicalized on demand: the same text is equal
 * without a canonical text being made; different texts make both. */
static int canon_calls;

static const char *counting_canonical(Arena *arena, const char *sql)
{
	canon_calls++;
	return expr_canonical(arena, sql);
}

static void test_lazy_canon(void **state)
{
	(void) state;
	Arena *a = arena_new();
	canon_calls = 0;
	Expr *x = expr_new_lazy(a, "now()", counting_canonical);
	Expr *y = expr_new_lazy(a, "now()", counting_canonical);
	assert_true(expr_equal(x, y));
	assert_int_equal(canon_calls, 0);
	assert_null(x->canon);
	Expr *user = expr_new_lazy(a, "'x'", counting_canonical);
	Expr *server = expr_new_lazy(a, "'x'::text", counting_canonical);
	assert_true(expr_equal(user, server));
	assert_int_equal(canon_calls, 2);
	assert_false(expr_equal(x, server));
	assert_int_equal(canon_calls, 3); /* server's was kept */
	/* an eager Expr compares on its canonical text, whatever the text */
	Expr *eager = expr_new(a, "now()", "NOW");
	assert_false(expr_equal(eager, x));
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same),
		cmocka_unit_test(test_differ),
		cmocka_unit_test(test_unparsable_unchanged),
		cmocka_unit_test(test_function_arguments),
		cmocka_unit_test(test_exclusion),
		cmocka_unit_test(test_lazy_canon),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	parse_shutdown();
	return rc;
}
