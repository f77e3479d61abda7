/*
 * test_directive.c - the pgstage directive grammar (grammar/directives.ebnf):
 * every directive form, comments that are not directives, malformed
 * directives with their exact message and file:line:col, and
 * directive_scan_sql() on whole schema files (positions, `trailing`).
 *
 * Memory ownership: each test uses one arena, freed at its end.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <pg_query.h>
#include <stdio.h>
#include <string.h>

#include "parse/directive.h"

#define MAXD 4

/* Comment texts are parsed as if text[0] sat at BASE_LINE:BASE_COL. */
#define BASE_LINE 12
#define BASE_COL 3

typedef struct Want {
	DirectiveKind kind;
	const char *name;  /* RENAMED_FROM */
	const char *expr;  /* BACKFILL */
	long batch;
	int line, col;     /* of the directive keyword */
} Want;

static const struct {
	const char *text;
	int n;
	Want want[MAXD];
} valid[] = {
	/* renamed from: bare identifiers fold ASCII to lower case */
	{" pgstage: renamed from mail", 1, {{DIRECTIVE_RENAMED_FROM, "mail", NULL, 0, 12, 13}}},
	{" pgstage: renamed from Mail_Addr2", 1,
	 {{DIRECTIVE_RENAMED_FROM, "mail_addr2", NULL, 0, 12, 13}}},
	{"pgstage:renamed from x$1", 1, {{DIRECTIVE_RENAMED_FROM, "x$1", NULL, 0, 12, 11}}},
	{" pgstage: renamed from _old ", 1, {{DIRECTIVE_RENAMED_FROM, "_old", NULL, 0, 12, 13}}},
	{" \t pgstage:   renamed   from\told", 1,
	 {{DIRECTIVE_RENAMED_FROM, "old", NULL, 0, 12, 17}}},
	/* non-ASCII letters are kept, only A-Z fold */
	{" pgstage: renamed from ÉtéCafé", 1, {{DIRECTIVE_RENAMED_FROM, "Étécafé", NULL, 0, 12, 13}}},
	/* quoted identifiers are kept exactly, "" is one quote */
	{" pgstage: renamed from \"Mail\"", 1, {{DIRECTIVE_RENAMED_FROM, "Mail", NULL, 0, 12, 13}}},
	{" pgstage: renamed from \"my \"\"odd\"\" name; batch 5\"", 1,
	 {{DIRECTIVE_RENAMED_FROM, "my \"odd\" name; batch 5", NULL, 0, 12, 13}}},
	{" pgstage: renamed from \"日本語\"", 1, {{DIRECTIVE_RENAMED_FROM, "日本語", NULL, 0, 12, 13}}},
	{" pgstage: renamed from\"Q\"", 1, {{DIRECTIVE_RENAMED_FROM, "Q", NULL, 0, 12, 13}}},
	/* identifiers are cut to 63 bytes as PostgreSQL does */
	{" pgstage: renamed from a234567890123456789012345678901234567890123456789012345678901234567890",
	 1, {{DIRECTIVE_RENAMED_FROM, "a23456789012345678901234567890123456789012345678901234567890123",
	      NULL, 0, 12, 13}}},
	/* keep, allow-drop */
	{" pgstage: keep", 1, {{DIRECTIVE_KEEP, NULL, NULL, 0, 12, 13}}},
	{"pgstage: allow-drop ", 1, {{DIRECTIVE_ALLOW_DROP, NULL, NULL, 0, 12, 12}}},
	{" pgstage: keep;", 1, {{DIRECTIVE_KEEP, NULL, NULL, 0, 12, 13}}},
	/* backfill */
	{" pgstage: backfill lower(email)", 1,
	 {{DIRECTIVE_BACKFILL, NULL, "lower(email)", 0, 12, 13}}},
	{" pgstage: backfill lower(email) batch 5000", 1,
	 {{DIRECTIVE_BACKFILL, NULL, "lower(email)", 5000, 12, 13}}},
	{" pgstage: backfill 0 batch 1  ", 1, {{DIRECTIVE_BACKFILL, NULL, "0", 1, 12, 13}}},
	{" pgstage: backfill now()  batch\t2147483647", 1,
	 {{DIRECTIVE_BACKFILL, NULL, "now()", 2147483647, 12, 13}}},
	{" pgstage: backfill(a + b) * 2", 1, {{DIRECTIVE_BACKFILL, NULL, "(a + b) * 2", 0, 12, 13}}},
	/* strings hold ";", " batch " and parentheses */
	{" pgstage: backfill 'a; b' || x batch 10", 1,
	 {{DIRECTIVE_BACKFILL, NULL, "'a; b' || x", 10, 12, 13}}},
	{" pgstage: backfill concat('x batch 5', ')') batch 7", 1,
	 {{DIRECTIVE_BACKFILL, NULL, "concat('x batch 5', ')')", 7, 12, 13}}},
	{" pgstage: backfill 'it''s; (' batch 3", 1,
	 {{DIRECTIVE_BACKFILL, NULL, "'it''s; ('", 3, 12, 13}}},
	/* quoted identifiers and nested parentheses hold them too */
	{" pgstage: backfill \"batch\" + \"a;\"\"b\" * (c - (d + batch))", 1,
	 {{DIRECTIVE_BACKFILL, NULL, "\"batch\" + \"a;\"\"b\" * (c - (d + batch))", 0, 12, 13}}},
	{" pgstage: backfill coalesce(x, (SELECT max(n) FROM t WHERE t.k = 'é'))", 1,
	 {{DIRECTIVE_BACKFILL, NULL, "coalesce(x, (SELECT max(n) FROM t WHERE t.k = 'é'))", 0, 12,
	   13}}},
	/* words that merely contain "batch" are part of the expression */
	{" pgstage: backfill batch_no + rebatch batch 2", 1,
	 {{DIRECTIVE_BACKFILL, NULL, "batch_no + rebatch", 2, 12, 13}}},
	{" pgstage: backfill x+batch", 1, {{DIRECTIVE_BACKFILL, NULL, "x+batch", 0, 12, 13}}},
	{" pgstage: backfill CASE WHEN a > 0 THEN 'pos' ELSE 'neg' END", 1,
	 {{DIRECTIVE_BACKFILL, NULL, "CASE WHEN a > 0 THEN 'pos' ELSE 'neg' END", 0, 12, 13}}},
	{" pgstage: backfill a - -b / 2 || '-- /*'", 1,
	 {{DIRECTIVE_BACKFILL, NULL, "a - -b / 2 || '-- /*'", 0, 12, 13}}},
	{" pgstage: backfill '{}'::jsonb", 1, {{DIRECTIVE_BACKFILL, NULL, "'{}'::jsonb", 0, 12, 13}}},
	/* several directives in one comment */
	{" pgstage: renamed from mail; keep", 2,
	 {{DIRECTIVE_RENAMED_FROM, "mail", NULL, 0, 12, 13}, {DIRECTIVE_KEEP, NULL, NULL, 0, 12, 32}}},
	{" pgstage: renamed from old ; backfill 'a;b' batch 100;allow-drop ;", 3,
	 {{DIRECTIVE_RENAMED_FROM, "old", NULL, 0, 12, 13},
	  {DIRECTIVE_BACKFILL, NULL, "'a;b'", 100, 12, 32},
	  {DIRECTIVE_ALLOW_DROP, NULL, NULL, 0, 12, 57}}},
	{" pgstage: backfill upper(x); renamed from \"X\"", 2,
	 {{DIRECTIVE_BACKFILL, NULL, "upper(x)", 0, 12, 13},
	  {DIRECTIVE_RENAMED_FROM, "X", NULL, 0, 12, 32}}},
	/* block-comment text spanning lines; columns count characters */
	{" pgstage: renamed from é;\n   backfill\n     lower(ü)\n     batch 50 ", 2,
	 {{DIRECTIVE_RENAMED_FROM, "é", NULL, 0, 12, 13},
	  {DIRECTIVE_BACKFILL, NULL, "lower(ü)", 50, 13, 4}}},
	{"\n  pgstage: keep\n", 1, {{DIRECTIVE_KEEP, NULL, NULL, 0, 13, 12}}},
};

/* Comments that are not directives at all. */
static const char *const not_directives[] = {
	"",
	" ",
	" a plain comment",
	" pgstage keep",
	" PGSTAGE: keep",
	" Pgstage: keep",
	" pgstage : keep",
	"* pgstage: keep",
	" - pgstage: keep",
	" see pgstage: keep",
	" pgstag: keep",
};

typedef struct Bad {
	const char *text;
	const char *message;
	int line, col;
	const char *hint; /* NULL: not checked */
} Bad;

static const Bad malformed[] = {
	{" pgstage: rename from x", "unknown pgstage directive \"rename\"", 12, 13,
	 "valid directives: renamed from <name>, backfill <expression> [batch <n>], keep, allow-drop"},
	{" pgstage:", "expected a pgstage directive", 12, 12, NULL},
	{" pgstage:   ", "expected a pgstage directive", 12, 15, NULL},
	{" pgstage: ;keep", "expected a pgstage directive", 12, 13, NULL},
	{" pgstage: keep;;allow-drop", "expected a pgstage directive", 12, 18, NULL},
	{" pgstage: KEEP", "unknown pgstage directive \"KEEP\"", 12, 13, NULL},
	{" pgstage: allow_drop", "unknown pgstage directive \"allow_drop\"", 12, 13, NULL},
	{" pgstage: keeper", "unknown pgstage directive \"keeper\"", 12, 13, NULL},
	{" pgstage: (x)", "unknown pgstage directive \"(x)\"", 12, 13, NULL},
	{" pgstage: keep;  …", "unknown pgstage directive \"…\"", 12, 20, NULL},
	{" pgstage: keep allow-drop", "unexpected \"allow-drop\" after \"keep\"", 12, 18,
	 "separate directives with \";\""},
	{" pgstage: renamed from a keep", "unexpected \"keep\" after the name in \"renamed from\"",
	 12, 28, "separate directives with \";\""},
	{" pgstage: allow-drop now", "unexpected \"now\" after \"allow-drop\"", 12, 24, NULL},
	/* renamed from */
	{" pgstage: renamed mail", "expected \"from\" after \"renamed\"", 12, 21, NULL},
	{" pgstage: renamed", "expected \"from\" after \"renamed\"", 12, 20, NULL},
	{" pgstage: renamed;", "expected \"from\" after \"renamed\"", 12, 20, NULL},
	{" pgstage: renamed fromage", "expected \"from\" after \"renamed\"", 12, 21, NULL},
	{" pgstage: renamed from", "expected a name after \"renamed from\"", 12, 25, NULL},
	{" pgstage: renamed from ; keep", "expected a name after \"renamed from\"", 12, 26, NULL},
	{" pgstage: renamed from 1abc", "expected a name after \"renamed from\", found \"1abc\"",
	 12, 26, NULL},
	{" pgstage: renamed from \"unterminated", "unterminated quoted identifier", 12, 26, NULL},
	{" pgstage: renamed from \"a\"\"", "unterminated quoted identifier", 12, 26, NULL},
	{" pgstage: renamed from \"\"", "zero-length delimited identifier", 12, 26, NULL},
	{" pgstage: renamed from public.old", "\"renamed from\" takes an unqualified name", 12, 32,
	 "an object is renamed within its schema: write only the old name"},
	{" pgstage: renamed from old name", "unexpected \"name\" after the name in \"renamed from\"",
	 12, 30, NULL},
	{" pgstage: renamed from \"a\"b", "unexpected \"b\" after the name in \"renamed from\"",
	 12, 29, NULL},
	/* backfill */
	{" pgstage: backfill", "empty backfill expression", 12, 21, NULL},
	{" pgstage: backfill   ", "empty backfill expression", 12, 24, NULL},
	{" pgstage: backfill ; keep", "empty backfill expression", 12, 22, NULL},
	{" pgstage: backfill batch 10", "empty backfill expression", 12, 22, NULL},
	{" pgstage: backfill x batch", "expected a batch size after \"batch\"", 12, 29, NULL},
	{" pgstage: backfill x batch ;", "expected a batch size after \"batch\"", 12, 30, NULL},
	{" pgstage: backfill x batch(5)", "expected a batch size after \"batch\"", 12, 29, NULL},
	{" pgstage: backfill x batch 0", "batch size must be a positive integer", 12, 30,
	 "write the number of rows per batch, e.g. \"batch 1000\""},
	{" pgstage: backfill x batch -5", "batch size must be a positive integer", 12, 30, NULL},
	{" pgstage: backfill x batch 1e3", "batch size must be a positive integer", 12, 30, NULL},
	{" pgstage: backfill x batch many", "batch size must be a positive integer", 12, 30, NULL},
	{" pgstage: backfill x batch 2147483648", "batch size is too large", 12, 30,
	 "the largest batch size is 2147483647"},
	{" pgstage: backfill x batch 99999999999999999999999", "batch size is too large", 12, 30,
	 NULL},
	{" pgstage: backfill x batch 10 rows", "unexpected \"rows\" after the batch size", 12, 33,
	 NULL},
	{" pgstage: backfill x batch 10 batch 20", "unexpected \"batch\" after the batch size", 12,
	 33, NULL},
	{" pgstage: backfill lower(x", "unbalanced parentheses in backfill expression: \"(\" is not closed",
	 12, 27, NULL},
	{" pgstage: backfill f(g(x) batch 3",
	 "unbalanced parentheses in backfill expression: \"(\" is not closed", 12, 23, NULL},
	{" pgstage: backfill x)", "unbalanced parentheses in backfill expression: unexpected \")\"",
	 12, 23, NULL},
	{" pgstage: backfill (x))", "unbalanced parentheses in backfill expression: unexpected \")\"",
	 12, 25, NULL},
	{" pgstage: backfill 'abc", "unterminated quoted string in backfill expression", 12, 22, NULL},
	{" pgstage: backfill 'it''s", "unterminated quoted string in backfill expression", 12, 22,
	 NULL},
	{" pgstage: backfill \"col", "unterminated quoted identifier", 12, 22, NULL},
	/* libpg_query's verdict, at the character it points at */
	{" pgstage: backfill 1 +", "invalid backfill expression: syntax error at end of input", 12,
	 25, NULL},
	{" pgstage: backfill 'é' + + * 2 batch 4",
	 "invalid backfill expression: syntax error at or near \"*\"", 12, 30, NULL},
	{" pgstage: backfill lower(x,) ; keep",
	 "invalid backfill expression: syntax error at or near \")\"", 12, 30, NULL},
	{" pgstage: keep;\n backfill\n  ü + * 'x'",
	 "invalid backfill expression: syntax error at or near \"*\"", 14, 7, NULL},
	{" pgstage: backfill a -- b", "comments are not allowed in a backfill expression", 12, 24,
	 NULL},
	{" pgstage: backfill a/*b*/", "comments are not allowed in a backfill expression", 12, 23,
	 NULL},
	{" pgstage: backfill (a--b)", "comments are not allowed in a backfill expression", 12, 24,
	 NULL},
	{" pgstage: backfill a, b", "backfill expression must be a single expression", 12, 25,
	 "use a scalar subquery, e.g. (SELECT max(n) FROM t), to compute the value from other rows"},
	{" pgstage: backfill 1 AS x", "backfill expression must be a single expression", 12, 22,
	 NULL},
	{" pgstage: backfill n FROM t", "backfill expression must be a single expression", 12, 22,
	 NULL},
	{" pgstage: backfill *", "backfill expression must be a single expression", 12, 22, NULL},
	{" pgstage: backfill 1 UNION SELECT 2", "backfill expression must be a single expression",
	 12, 22, NULL},
	/* an error in a later directive of the comment */
	{" pgstage: keep; renamed from", "expected a name after \"renamed from\"", 12, 31, NULL},
	{" pgstage: keep;\n\tbogus", "unknown pgstage directive \"bogus\"", 13, 2, NULL},
};

static void assert_directive(const Directive *d, const Want *w, const char *text)
{
	if (d->kind != w->kind)
		fail_msg("%s: kind %d, want %d", text, (int) d->kind, (int) w->kind);
	if (w->name == NULL)
		assert_null(d->name);
	else
		assert_string_equal(d->name, w->name);
	if (w->expr == NULL)
		assert_null(d->expr);
	else
		assert_string_equal(d->expr, w->expr);
	assert_int_equal(d->batch, w->batch);
	assert_string_equal(d->loc.file, "schema.sql");
	if (d->loc.line != w->line || d->loc.col != w->col)
		fail_msg("%s: directive at %d:%d, want %d:%d", text, d->loc.line, d->loc.col, w->line,
			 w->col);
}

static void test_valid(void **state)
{
	(void) state;
	for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++) {
		Arena *a = arena_new();
		PgsError err = {0};
		PtrVec all = {0};
		int rc = directive_parse_all(&all, valid[i].text, "schema.sql", BASE_LINE, BASE_COL, a,
					     &err);
		if (rc != 0)
			fail_msg("%s: %d:%d: %s", valid[i].text, err.line, err.col, err.message);
		if ((int) all.len != valid[i].n)
			fail_msg("%s: %zu directives, want %d", valid[i].text, all.len, valid[i].n);
		for (int k = 0; k < valid[i].n; k++)
			assert_directive(all.items[k], &valid[i].want[k], valid[i].text);

		/* directive_parse gives the first */
		Directive d;
		bool found = false;
		assert_int_equal(directive_parse(&d, &found, valid[i].text, "schema.sql", BASE_LINE,
						 BASE_COL, a, &err), 0);
		assert_true(found);
		assert_directive(&d, &valid[i].want[0], valid[i].text);
		arena_free(a);
	}
}

static void test_not_directives(void **state)
{
	(void) state;
	for (size_t i = 0; i < sizeof not_directives / sizeof not_directives[0]; i++) {
		Arena *a = arena_new();
		PgsError err = {0};
		PtrVec all = {0};
		Directive d;
		bool found = true;
		assert_int_equal(directive_parse(&d, &found, not_directives[i], "f.sql", 1, 1, a, &err), 0);
		assert_false(found);
		assert_int_equal(directive_parse_all(&all, not_directives[i], "f.sql", 1, 1, a, &err), 0);
		assert_int_equal(all.len, 0);
		arena_free(a);
	}
}

static void test_malformed(void **state)
{
	(void) state;
	for (size_t i = 0; i < sizeof malformed / sizeof malformed[0]; i++) {
		const Bad *b = &malformed[i];
		Arena *a = arena_new();
		PgsError err = {0};
		PtrVec all = {0};
		int rc = directive_parse_all(&all, b->text, "schema.sql", BASE_LINE, BASE_COL, a, &err);
		if (rc != PGSTAGE_EINPUT)
			fail_msg("%s: rc %d, want PGSTAGE_EINPUT", b->text, rc);
		assert_int_equal(err.code, PGSTAGE_EINPUT);
		if (strcmp(err.message, b->message) != 0)
			fail_msg("%s: message \"%s\", want \"%s\"", b->text, err.message, b->message);
		if (err.line != b->line || err.col != b->col)
			fail_msg("%s: error at %d:%d, want %d:%d", b->text, err.line, err.col, b->line,
				 b->col);
		assert_string_equal(err.file, "schema.sql");
		if (b->hint)
			assert_string_equal(err.hint, b->hint);
		assert_int_equal(all.len, 0); /* nothing appended on error */

		Directive d;
		bool found = false;
		assert_int_equal(directive_parse(&d, &found, b->text, "schema.sql", BASE_LINE,
						 BASE_COL, a, &err), PGSTAGE_EINPUT);
		assert_string_equal(err.message, b->message);
		arena_free(a);
	}
}

static void test_kind_names(void **state)
{
	(void) state;
	assert_string_equal(directive_kind_name(DIRECTIVE_RENAMED_FROM), "renamed from");
	assert_string_equal(directive_kind_name(DIRECTIVE_BACKFILL), "backfill");
	assert_string_equal(directive_kind_name(DIRECTIVE_KEEP), "keep");
	assert_string_equal(directive_kind_name(DIRECTIVE_ALLOW_DROP), "allow-drop");
}

/* ---- directive_scan_sql ------------------------------------------------ */

static const char schema[] =
	"-- the users table\n"                                          /* 1 */
	"-- pgstage: renamed from people\n"                             /* 2 */
	"CREATE TABLE users (\n"                                        /* 3 */
	"    id bigint PRIMARY KEY,\n"                                  /* 4 */
	"    email text NOT NULL, -- pgstage: renamed from mail\n"      /* 5 */
	"    /* pgstage: backfill lower(email) batch 500 */\n"          /* 6 */
	"    email_lc text,\n"                                          /* 7 */
	"    note text DEFAULT '-- pgstage: keep', \"/* x */\" int,\n"  /* 8 */
	"    -- pgstage: keep; allow-drop\n"                            /* 9 */
	"    CONSTRAINT users_email_key UNIQUE (email)\n"               /* 10 */
	");\n"                                                          /* 11 */
	"/* pgstage: renamed from \"People_Idx\" */ CREATE INDEX ix ON users (email);\n" /* 12 */
	"CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 -- pgstage: keep\n" /* 13 */
	"$$;\n"                                                         /* 14 */
	"CREATE TYPE mood AS ENUM ('a'); /* x */ /*\n"                  /* 15 */
	"  pgstage: keep\n"                                             /* 16 */
	"*/\n"                                                          /* 17 */
	"SELECT 'é', 'ü'; -- pgstage: allow-drop\r\n"                   /* 18 */
	"-- pgstage: backfill 'a'\n"                                    /* 19 */
	"/* only a comment before */ -- pgstage: keep\n";              /* 20 */

static void test_scan_sql(void **state)
{
	(void) state;
	Arena *a = arena_new();
	PgsError err = {0};
	PtrVec out = {0};
	int rc = directive_scan_sql(&out, schema, "schema.sql", a, &err);
	if (rc)
		fail_msg("%d:%d: %s", err.line, err.col, err.message);

	static const struct {
		DirectiveKind kind;
		const char *arg;
		int line, col;           /* of the comment */
		int dline, dcol;         /* of the directive */
		int end_line;
		bool trailing, block;
		long batch;
	} want[] = {
		{DIRECTIVE_RENAMED_FROM, "people", 2, 1, 2, 13, 2, false, false, 0},
		{DIRECTIVE_RENAMED_FROM, "mail", 5, 26, 5, 38, 5, true, false, 0},
		{DIRECTIVE_BACKFILL, "lower(email)", 6, 5, 6, 17, 6, false, true, 500},
		{DIRECTIVE_KEEP, NULL, 9, 5, 9, 17, 9, false, false, 0},
		{DIRECTIVE_ALLOW_DROP, NULL, 9, 5, 9, 23, 9, false, false, 0},
		{DIRECTIVE_RENAMED_FROM, "People_Idx", 12, 1, 12, 13, 12, false, true, 0},
		{DIRECTIVE_KEEP, NULL, 15, 41, 16, 12, 17, true, true, 0},
		{DIRECTIVE_ALLOW_DROP, NULL, 18, 18, 18, 30, 18, true, false, 0},
		{DIRECTIVE_BACKFILL, "'a'", 19, 1, 19, 13, 19, false, false, 0},
		{DIRECTIVE_KEEP, NULL, 20, 29, 20, 41, 20, false, false, 0},
	};
	size_t n = sizeof want / sizeof want[0];
	if (out.len != n)
		fail_msg("%zu directives, want %zu", out.len, n);
	for (size_t i = 0; i < n; i++) {
		const PositionedDirective *pd = out.items[i];
		if (pd->d.kind != want[i].kind || pd->line != want[i].line || pd->col != want[i].col ||
		    pd->d.loc.line != want[i].dline || pd->d.loc.col != want[i].dcol ||
		    pd->end_line != want[i].end_line || pd->trailing != want[i].trailing ||
		    pd->block != want[i].block || pd->d.batch != want[i].batch)
			fail_msg("directive %zu: kind %d comment %d:%d directive %d:%d end line %d "
				 "trailing %d block %d batch %ld",
				 i, (int) pd->d.kind, pd->line, pd->col, pd->d.loc.line, pd->d.loc.col,
				 pd->end_line, pd->trailing, pd->block, pd->d.batch);
		const char *arg = pd->d.kind == DIRECTIVE_BACKFILL ? pd->d.expr : pd->d.name;
		if (want[i].arg)
			assert_string_equal(arg, want[i].arg);
		assert_string_equal(pd->d.loc.file, "schema.sql");
		/* offsets delimit the comment itself */
		assert_true(pd->offset >= 0 && pd->end > pd->offset);
		assert_true(strncmp(schema + pd->offset, pd->block ? "/*" : "--", 2) == 0);
		if (pd->block)
			assert_true(strncmp(schema + pd->end - 2, "*/", 2) == 0);
		else
			assert_true(schema[pd->end] == '\r' || schema[pd->end] == '\n');
	}
	/* both directives of one comment share its offsets */
	const PositionedDirective *k = out.items[3], *ad = out.items[4];
	assert_int_equal(k->offset, ad->offset);
	assert_int_equal(k->end, ad->end);
	assert_int_equal(k->offset, (int) (strstr(schema, "-- pgstage: keep; allow") - schema));
	arena_free(a);
}

static void test_scan_sql_more(void **state)
{
	(void) state;
	Arena *a = arena_new();
	PgsError err = {0};
	PtrVec out = {0};
	assert_int_equal(directive_scan_sql(&out, "", NULL, a, &err), 0);
	assert_int_equal(out.len, 0);
	assert_int_equal(directive_scan_sql(&out, "CREATE TABLE t (a int); -- no directive\n", NULL,
					    a, &err), 0);
	assert_int_equal(out.len, 0);
	/* appends to what is there */
	assert_int_equal(directive_scan_sql(&out, "-- pgstage: keep\nCREATE TABLE t ();", NULL, a,
					    &err), 0);
	assert_int_equal(directive_scan_sql(&out, "-- pgstage: allow-drop", NULL, a, &err), 0);
	assert_int_equal(out.len, 2);
	const PositionedDirective *pd = out.items[1];
	assert_int_equal(pd->d.kind, DIRECTIVE_ALLOW_DROP);
	assert_null(pd->d.loc.file);

	/* code that ends on the comment's line, though it began earlier */
	out = (PtrVec){0};
	static const char multi[] = "CREATE TABLE t (a text DEFAULT 'x\ny'  -- pgstage: keep\n);\n"
				    "CREATE TABLE u (a text DEFAULT 'x'\n  -- pgstage: keep\n);\n";
	assert_int_equal(directive_scan_sql(&out, multi, "m.sql", a, &err), 0);
	assert_int_equal(out.len, 2);
	pd = out.items[0];
	assert_true(pd->trailing);
	assert_int_equal(pd->line, 2);
	assert_int_equal(pd->col, 5);
	assert_int_equal(pd->d.loc.col, 17);
	pd = out.items[1];
	assert_false(pd->trailing);
	assert_int_equal(pd->line, 5);
	assert_int_equal(pd->col, 3);

	/* directive_parse_all without a file name */
	out = (PtrVec){0};
	assert_int_equal(directive_parse_all(&out, "pgstage: keep", NULL, 1, 3, a, &err), 0);
	assert_int_equal(out.len, 1);
	assert_null(((Directive *) out.items[0])->loc.file);
	assert_int_equal(directive_parse_all(&out, "pgstage: kep", NULL, 1, 3, a, &err),
			 PGSTAGE_EINPUT);
	assert_string_equal(err.file, "");
	assert_int_equal(err.col, 12);
	arena_free(a);
}

static void test_scan_sql_errors(void **state)
{
	(void) state;
	static const struct {
		const char *sql;
		const char *message;
		int line, col;
	} bad[] = {
		{"CREATE TABLE t (\n  a int -- pgstage: renamed b\n);\n",
		 "expected \"from\" after \"renamed\"", 2, 29},
		{"CREATE TABLE t (\n  /* pgstage: keep;\n     backfill é é é */ a int);\n",
		 "invalid backfill expression: syntax error at or near \"é\"", 3, 19},
		{"-- ok\n  -- pgstage: rename from x\n", "unknown pgstage directive \"rename\"", 2, 15},
		{"SELECT 'é\n  abc", "unterminated quoted string at or near \"'é\n  abc\"", 1, 8},
		{"SELECT 1;\n  /* never closed", "unterminated /* comment at or near \"/* never closed\"",
		 2, 3},
		/* directives after a bad one are not returned either */
		{"-- pgstage: keep\n-- pgstage: batch\n-- pgstage: keep\n",
		 "unknown pgstage directive \"batch\"", 2, 13},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		Arena *a = arena_new();
		PgsError err = {0};
		PtrVec out = {0};
		int rc = directive_scan_sql(&out, bad[i].sql, "s.sql", a, &err);
		if (rc != PGSTAGE_EINPUT)
			fail_msg("case %zu: rc %d", i, rc);
		if (strcmp(err.message, bad[i].message) != 0 || err.line != bad[i].line ||
		    err.col != bad[i].col)
			fail_msg("case %zu: %d:%d: %s", i, err.line, err.col, err.message);
		assert_string_equal(err.file, "s.sql");
		assert_int_equal(out.len, 0);
		arena_free(a);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_not_directives),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_kind_names),
		cmocka_unit_test(test_scan_sql),
		cmocka_unit_test(test_scan_sql_more),
		cmocka_unit_test(test_scan_sql_errors),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	pg_query_exit();
	return rc;
}
