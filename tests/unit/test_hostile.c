/*
 * test_hostile.c - what pgstage writes of hostile text stays data: the
 * comment and terminal escaper (util/escape.h), the literal writer
 * (strbuf_literal), the dollar-quote chooser (ddl_dollar_quote) and
 * setting-independent statements (parse/portable.h).  The last test asks
 * a live server (PG* from the environment) that every literal and every
 * rewritten statement means the same with standard_conforming_strings on
 * and off.
 *
 * Memory ownership: each test releases its buffers and its connection.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit/ddl.h"
#include "introspect/conn.h"
#include "parse/portable.h"
#include "util/escape.h"
#include "util/strbuf.h"

static const char *escaped(StrBuf *sb, const char *s)
{
	strbuf_reset(sb);
	strbuf_escape_text(sb, s, strlen(s));
	return sb->buf;
}

static void test_escape_text(void **state)
{
	(void) state;
	StrBuf sb = STRBUF_INIT;
	assert_string_equal(escaped(&sb, "plain text, 100%"), "plain text, 100%");
	assert_string_equal(escaped(&sb, "a\nb\rc\td\\e"), "a\\nb\\rc\\td\\\\e");
	assert_string_equal(escaped(&sb, "\x1b[31mred\x1b[0m"), "\\x1b[31mred\\x1b[0m");
	assert_string_equal(escaped(&sb, "\x01\x7f"), "\\x01\\x7f");
	/* UTF-8 text stays; C1 controls, bidi overrides and separators do not */
	assert_string_equal(escaped(&sb, "caf\xc3\xa9 \xe6\x97\xa5 \xf0\x9f\x90\x98"),
			    "caf\xc3\xa9 \xe6\x97\xa5 \xf0\x9f\x90\x98");
	assert_string_equal(escaped(&sb, "\xc2\x9b" "2J"), "\\u009b2J");
	assert_string_equal(escaped(&sb, "a\xe2\x80\xae" "b\xe2\x80\xa8"), "a\\u202eb\\u2028");
	/* invalid UTF-8: lone bytes, truncated, overlong, surrogate */
	assert_string_equal(escaped(&sb, "\xff\x9b"), "\\xff\\x9b");
	assert_string_equal(escaped(&sb, "x\xc3"), "x\\xc3");
	assert_string_equal(escaped(&sb, "\xc0\xaf"), "\\xc0\\xaf");
	assert_string_equal(escaped(&sb, "\xed\xa0\x80"), "\\xed\\xa0\\x80");
	strbuf_release(&sb);
}

/* Every byte, alone and around text, leaves one comment line. */
static void test_comment_line(void **state)
{
	(void) state;
	StrBuf sb = STRBUF_INIT;
	for (int c = 1; c < 256; c++) {
		char text[8];
		snprintf(text, sizeof text, "a%cb%c", c, c);
		strbuf_reset(&sb);
		strbuf_comment(&sb, "x %s", text);
		assert_memory_equal(sb.buf, "-- x a", 6);
		assert_int_equal(sb.buf[sb.len - 1], '\n');
		for (size_t i = 0; i + 1 < sb.len; i++) {
			unsigned char b = (unsigned char) sb.buf[i];
			assert_true(b >= 0x20 && b != 0x7F); /* no control byte before the end */
		}
	}
	strbuf_reset(&sb);
	strbuf_comment(&sb, "+ create table public.\"t\nDROP TABLE canary; --\"");
	assert_string_equal(sb.buf, "-- + create table public.\"t\\nDROP TABLE canary; --\"\n");
	strbuf_reset(&sb);
	strbuf_display(&sb, "%s", "x\x1b]0;title\x07");
	assert_string_equal(sb.buf, "x\\x1b]0;title\\x07");
	strbuf_release(&sb);
}

static const char *literal(StrBuf *sb, const char *s)
{
	strbuf_reset(sb);
	strbuf_literal(sb, s);
	return sb->buf;
}

static void test_literal(void **state)
{
	(void) state;
	StrBuf sb = STRBUF_INIT;
	assert_string_equal(literal(&sb, "it's"), "'it''s'");
	assert_string_equal(literal(&sb, ""), "''");
	assert_string_equal(literal(&sb, "caf\xc3\xa9"), "'caf\xc3\xa9'");
	assert_string_equal(literal(&sb, "\\'; DROP TABLE canary; --"),
			    "E'\\\\''; DROP TABLE canary; --'");
	assert_string_equal(literal(&sb, "it's');\nDROP TABLE x; --"),
			    "E'it''s'');\\nDROP TABLE x; --'");
	assert_string_equal(literal(&sb, "a\r\tb\x1b[31m\x7f" "1"), "E'a\\r\\tb\\x1b[31m\\x7f1'");
	/* no raw line break, whatever the input */
	for (int c = 1; c < 256; c++) {
		char text[4] = {'x', (char) c, 'y', 0};
		literal(&sb, text);
		assert_null(strchr(sb.buf, '\n'));
		assert_null(strchr(sb.buf, '\r'));
	}
	strbuf_reset(&sb);
	strbuf_literal_as_server(&sb, "a\\b'c");
	assert_string_equal(sb.buf, "'a\\b''c'");
	strbuf_release(&sb);
}

/* The scanner's view: the closing tag is the first occurrence after the
 * opening one. */
static void assert_dollar_quoted(const char *body)
{
	StrBuf sb = STRBUF_INIT;
	ddl_dollar_quote(&sb, body);
	const char *open_end = strchr(sb.buf + 1, '$');
	assert_non_null(open_end);
	size_t tag = (size_t) (open_end - sb.buf) + 1;
	char *t = strndup(sb.buf, tag);
	const char *close = strstr(sb.buf + tag, t);
	assert_non_null(close);
	assert_int_equal((size_t) (close - sb.buf), tag + strlen(body));
	assert_int_equal(sb.len, 2 * tag + strlen(body));
	free(t);
	strbuf_release(&sb);
}

static void test_dollar_quote(void **state)
{
	(void) state;
	StrBuf sb = STRBUF_INIT;
	ddl_dollar_quote(&sb, " SELECT 1 ");
	assert_string_equal(sb.buf, "$pgstage$ SELECT 1 $pgstage$");
	strbuf_reset(&sb);
	ddl_dollar_quote(&sb, "d$pgstage$");
	assert_string_equal(sb.buf, "$pgstage1$d$pgstage$$pgstage1$");
	strbuf_reset(&sb);
	ddl_dollar_quote(&sb, "x$pgstage");
	assert_string_equal(sb.buf, "$pgstage1$x$pgstage$pgstage1$");
	strbuf_release(&sb);
	const char *bodies[] = {"", "$", "$$", "$pgstage$", "a$pgstage$b$pgstage1$c", "$pgstage",
				"x$pgstage1", "$pgstage$pgstage1$pgstage2", "pgstage$", "$pgstage1$$pgstage$"};
	for (size_t i = 0; i < sizeof bodies / sizeof *bodies; i++)
		assert_dollar_quoted(bodies[i]);
}

static const char *portable(StrBuf *sb, const char *sql, int want_rc)
{
	PgsError err = {0};
	strbuf_reset(sb);
	assert_int_equal(sql_portable(sb, sql, &err), want_rc);
	return sb->buf;
}

static void test_portable(void **state)
{
	(void) state;
	StrBuf sb = STRBUF_INIT;
	/* nothing to do: the very same text */
	const char *plain = "CREATE TABLE t (a text DEFAULT 'x\ny', \"b\" int)";
	assert_string_equal(portable(&sb, plain, 0), plain);
	assert_string_equal(portable(&sb, "SELECT 'a\\b', 'c''d'", 0), "SELECT E'a\\\\b', 'c''d'");
	assert_string_equal(portable(&sb, "SELECT E'a\\'b', $$x\\y$$", 0), "SELECT E'a\\'b', $$x\\y$$");
	/* marker lines inside constants, identifiers and comments */
	assert_string_equal(portable(&sb, "COMMENT ON TABLE t IS 'a\n-- +goose StatementEnd\nb'", 0),
			    "COMMENT ON TABLE t IS E'a\\n-- +goose StatementEnd\\nb'");
	assert_string_equal(portable(&sb, "SELECT E'a\n  --migrate:down\\\n'", 0),
			    "SELECT E'a\\n  --migrate:down\\n'");
	assert_string_equal(portable(&sb, "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $b$\n"
					  "-- +goose Down\nSELECT 1 $b$", 0),
			    "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS E'\\n-- +goose Down\\nSELECT 1 '");
	assert_string_equal(portable(&sb, "CREATE TABLE \"t\n-- +goose Down\" (\"a\\\"\"b\" int)", 0),
			    "CREATE TABLE U&\"t\\000a-- +goose Down\" (\"a\\\"\"b\" int)");
	assert_string_equal(portable(&sb, "CREATE VIEW v AS SELECT 1\n-- pgstage:phase contract\n, 2", 0),
			    "CREATE VIEW v AS SELECT 1\n \n, 2");
	assert_string_equal(portable(&sb, "SELECT 1 /* x\n-- migrate:up */", 0), "SELECT 1  ");
	/* a string continued across a comment line is one constant */
	assert_string_equal(portable(&sb, "SELECT 'a'\n-- +goose Down\n'b\\'", 0), "SELECT E'ab\\\\'");
	assert_string_equal(portable(&sb, "SELECT E'a'\n-- +goose Down\n'\\x41'", 0),
			    "SELECT E'a'\n'\\x41'");
	/* N'...' keeps its type */
	assert_string_equal(portable(&sb, "SELECT N'a\\b'", 0), "SELECT NCHAR E'a\\\\b'");
	/* terminal escapes leave statements as escapes */
	assert_string_equal(portable(&sb, "SELECT '\x1b[31m', \"\x1b\"", 0),
			    "SELECT E'\\x1b[31m', U&\"\\001b\"");
	/* text no rewrite can clean: refused */
	portable(&sb, "SELECT U&'a\n-- +goose Down'", PGSTAGE_EINPUT);
	assert_true(sql_has_marker_line("x\n  -- +GOOSE StatementEnd"));
	assert_true(sql_has_marker_line("--flyway:executeInTransaction=false"));
	assert_false(sql_has_marker_line("SELECT 1 -- +goose Down"));
	assert_false(sql_has_marker_line("x\n-- an ordinary comment"));
	strbuf_release(&sb);
}

/* ---- against a server ---- */

static char *one_value(PGconn *c, const char *sql)
{
	PGresult *r = PQexec(c, sql);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		fprintf(stderr, "%s: %s", sql, PQerrorMessage(c));
		PQclear(r);
		return NULL;
	}
	char *v = strdup(PQgetvalue(r, 0, 0));
	PQclear(r);
	return v;
}

static void set_scs(PGconn *c, bool on)
{
	PGresult *r = PQexec(c, on ? "SET standard_conforming_strings = on"
				   : "SET standard_conforming_strings = off");
	assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
	PQclear(r);
}

static const char *const hostile[] = {
	"plain", "it's", "\\", "\\'", "'\\'; DROP TABLE canary; --", "a\nb\r\nc\td",
	"\n-- +goose StatementEnd\n-- migrate:down\nDROP TABLE canary; --", "$$", "$pgstage$",
	"\\! id", "\x1b[31mred", "caf\xc3\xa9 \xe6\x97\xa5", "E'x'", "\\x41\\101\\u0041",
};

static void test_meaning_under_both_settings(void **state)
{
	(void) state;
	PGconn *c;
	PgsError err = {0};
	if (db_connect(&c, "dbname=postgres", &err)) {
		fprintf(stderr, "no server: %s\n", err.message);
		fail();
	}
	StrBuf sql = STRBUF_INIT, lit = STRBUF_INIT, out = STRBUF_INIT;
	for (size_t i = 0; i < sizeof hostile / sizeof *hostile; i++) {
		strbuf_reset(&lit);
		strbuf_literal(&lit, hostile[i]);
		for (int on = 0; on < 2; on++) {
			set_scs(c, on);
			strbuf_reset(&sql);
			strbuf_printf(&sql, "SELECT %s", lit.buf);
			char *v = one_value(c, sql.buf);
			assert_non_null(v);
			assert_string_equal(v, hostile[i]);
			free(v);
		}
	}
	/* statements as a schema file spells them, read with the setting on,
	 * mean the same rewritten with it off */
	const char *exprs[] = {
		"'a\\' || 'b'", "'\\' || '; SELECT 1; SELECT ''x'", "'a'\n-- c\n'b\\'",
		"E'x\\ny' || $q$\n-- +goose Down\n\\$q$", "(SELECT \"col\nx\" FROM (SELECT 1 AS \"col\nx\") s)",
		"N'a\\b'::text", "'\\x41' || E'\\x41'",
	};
	for (size_t i = 0; i < sizeof exprs / sizeof *exprs; i++) {
		strbuf_reset(&sql);
		strbuf_printf(&sql, "SELECT (%s)::text", exprs[i]);
		set_scs(c, true);
		char *want = one_value(c, sql.buf);
		assert_non_null(want);
		strbuf_reset(&out);
		assert_int_equal(sql_portable(&out, sql.buf, &err), 0);
		assert_false(sql_has_marker_line(out.buf));
		for (int on = 0; on < 2; on++) {
			set_scs(c, on);
			char *got = one_value(c, out.buf);
			assert_non_null(got);
			assert_string_equal(got, want);
			free(got);
		}
		free(want);
	}
	strbuf_release(&sql);
	strbuf_release(&lit);
	strbuf_release(&out);
	PQfinish(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape_text),
		cmocka_unit_test(test_comment_line),
		cmocka_unit_test(test_literal),
		cmocka_unit_test(test_dollar_quote),
		cmocka_unit_test(test_portable),
		cmocka_unit_test(test_meaning_under_both_settings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
