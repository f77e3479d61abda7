/*
 * test_grants.c - privileges: GRANT/REVOKE parsed into canonical
 * Object.grants (ALL PRIVILEGES per kind, defaults, grant options),
 * statements on objects not in the file as located issues, and the diff
 * and plan of grants with and without the privileges option.
 * Privilege lists were checked against PostgreSQL 15.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff/diff.h"
#include "parse/grant.h"
#include "parse/parse.h"
#include "plan/plan.h"
#include "parse_ok.h"

/* "grantee:PRIV[*]" joined by spaces, * = with grant option. */
static const char *grants_text(const Object *o)
{
	static char buf[2048];
	size_t n = 0;
	buf[0] = '\0';
	VEC_EACH(const Grant *, g, &o->grants)
		n += (size_t) snprintf(buf + n, sizeof buf - n, "%s%s:%s%s", n ? " " : "", g->grantee,
				       g->privilege, g->with_grant_option ? "*" : "");
	return buf;
}

static const Object *obj(const Catalog *cat, ObjKind kind, const char *schema, const char *name,
			 const char *sig)
{
	const Object *o = catalog_find(cat, kind, schema, NULL, name, sig);
	if (!o)
		fail_msg("no %s %s", obj_kind_name(kind), name);
	return o;
}

static void test_table_grants_sorted_and_merged(void **state)
{
	(void) state;
	Catalog *cat = parse_ok("CREATE TABLE t (a int);\n"
				"GRANT UPDATE, select ON t TO writer, \"Reader\";\n"
				"GRANT SELECT ON TABLE public.t TO writer WITH GRANT OPTION;\n"
				"GRANT SELECT ON t TO PUBLIC;\n");
	const Object *t = obj(cat, OBJ_TABLE, "public", "t", NULL);
	assert_true(t->grants_set);
	assert_string_equal(grants_text(t),
			    "PUBLIC:SELECT Reader:SELECT Reader:UPDATE writer:SELECT* writer:UPDATE");
	assert_int_equal(cat->grant_issues.len, 0);
	catalog_free(cat);
}

static void test_all_privileges_per_kind(void **state)
{
	(void) state;
	Catalog *cat = parse_ok("CREATE SCHEMA s;\n"
				"CREATE TABLE s.t (a int);\n"
				"CREATE VIEW s.v AS SELECT 1 AS x;\n"
				"CREATE SEQUENCE s.q;\n"
				"CREATE FUNCTION s.f(a integer) RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\n"
				"CREATE TYPE s.e AS ENUM ('a');\n"
				"CREATE DOMAIN s.d AS int;\n"
				"GRANT ALL ON SCHEMA s TO r;\n"
				"GRANT ALL PRIVILEGES ON s.t, s.v TO r;\n"
				"GRANT ALL ON SEQUENCE s.q TO r;\n"
				"GRANT ALL ON FUNCTION s.f(integer) TO r;\n"
				"GRANT ALL ON TYPE s.e TO r;\n"
				"GRANT ALL ON DOMAIN s.d TO r;\n");
	assert_string_equal(grants_text(obj(cat, OBJ_SCHEMA, NULL, "s", NULL)), "r:CREATE r:USAGE");
	const char *rel = "r:DELETE r:INSERT r:REFERENCES r:SELECT r:TRIGGER r:TRUNCATE r:UPDATE";
	assert_string_equal(grants_text(obj(cat, OBJ_TABLE, "s", "t", NULL)), rel);
	assert_string_equal(grants_text(obj(cat, OBJ_VIEW, "s", "v", NULL)), rel);
	assert_string_equal(grants_text(obj(cat, OBJ_SEQUENCE, "s", "q", NULL)),
			    "r:SELECT r:UPDATE r:USAGE");
	/* the kind's defaults stay: PUBLIC keeps EXECUTE and USAGE */
	assert_string_equal(grants_text(obj(cat, OBJ_FUNCTION, "s", "f", "integer")),
			    "PUBLIC:EXECUTE r:EXECUTE");
	assert_string_equal(grants_text(obj(cat, OBJ_ENUM, "s", "e", NULL)), "PUBLIC:USAGE r:USAGE");
	assert_string_equal(grants_text(obj(cat, OBJ_DOMAIN, "s", "d", NULL)), "PUBLIC:USAGE r:USAGE");
	assert_int_equal(cat->grant_issues.len, 0);
	catalog_free(cat);
}

static void test_revoke(void **state)
{
	(void) state;
	Catalog *cat = parse_ok("CREATE TABLE t (a int);\n"
				"CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\n"
				"CREATE FUNCTION g() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\n"
				"GRANT ALL ON t TO r WITH GRANT OPTION;\n"
				"REVOKE TRUNCATE, TRIGGER, REFERENCES ON t FROM r;\n"
				"REVOKE GRANT OPTION FOR SELECT ON t FROM r;\n"
				"REVOKE ALL ON TABLE t FROM nobody;\n"
				"REVOKE EXECUTE ON FUNCTION f() FROM PUBLIC;\n");
	assert_string_equal(grants_text(obj(cat, OBJ_TABLE, "public", "t", NULL)),
			    "r:DELETE* r:INSERT* r:SELECT r:UPDATE*");
	const Object *f = obj(cat, OBJ_FUNCTION, "public", "f", "");
	assert_true(f->grants_set);
	assert_int_equal(f->grants.len, 0);
	/* never named: the kind's defaults, not an empty list */
	const Object *g = obj(cat, OBJ_FUNCTION, "public", "g", "");
	assert_false(g->grants_set);
	PtrVec eff = {0};
	grant_effective(cat->arena, g, &eff);
	assert_int_equal(eff.len, 1);
	catalog_free(cat);
}

static void test_all_tables_in_schema_and_procedures(void **state)
{
	(void) state;
	Catalog *cat = parse_ok("CREATE SCHEMA s;\n"
				"CREATE TABLE s.a (x int);\n"
				"CREATE MATERIALIZED VIEW s.m AS SELECT 1 AS y;\n"
				"CREATE SEQUENCE s.q;\n"
				"CREATE PROCEDURE s.p(n int) LANGUAGE sql AS $$ SELECT 1 $$;\n"
				"GRANT SELECT ON ALL TABLES IN SCHEMA s TO r;\n"
				"REVOKE ALL ON PROCEDURE s.p FROM PUBLIC;\n"
				"GRANT EXECUTE ON ALL PROCEDURES IN SCHEMA s TO r;\n");
	assert_string_equal(grants_text(obj(cat, OBJ_TABLE, "s", "a", NULL)), "r:SELECT");
	assert_string_equal(grants_text(obj(cat, OBJ_MATVIEW, "s", "m", NULL)), "r:SELECT");
	assert_false(obj(cat, OBJ_SEQUENCE, "s", "q", NULL)->grants_set);
	assert_string_equal(grants_text(obj(cat, OBJ_FUNCTION, "s", "p", "integer")), "r:EXECUTE");
	catalog_free(cat);
}

static void issue_is(const char *sql, int line, int col, const char *msg)
{
	Catalog *cat = parse_ok(sql); /* the model cannot say it: an issue, not a parse error */
	PgsError err;
	pgs_error_clear(&err);
	int rc = grant_check_issues(cat, &err);
	assert_int_equal(rc, PGSTAGE_EINPUT);
	assert_string_equal(err.file, "s.sql");
	if (strstr(err.message, msg) == NULL || err.line != line || err.col != col)
		fail_msg("got %d:%d: %s; want %d:%d: %s", err.line, err.col, err.message, line, col, msg);
	catalog_free(cat);
}

/* A statement PostgreSQL would reject fails the parse, privileges
 * compared or not. */
static void parse_error_is(const char *sql, int line, int col, const char *msg)
{
	Catalog *cat = NULL;
	PgsError err;
	pgs_error_clear(&err);
	int rc = parse_schema_string(&cat, sql, "s.sql", &err);
	assert_int_equal(rc, PGSTAGE_EINPUT);
	assert_null(cat);
	assert_string_equal(err.file, "s.sql");
	if (strstr(err.message, msg) == NULL || err.line != line || err.col != col)
		fail_msg("got %d:%d: %s; want %d:%d: %s", err.line, err.col, err.message, line, col, msg);
}

static void test_issues_located(void **state)
{
	(void) state;
	parse_error_is("CREATE TABLE t (a int);\n  GRANT SELECT ON missing TO r;\n", 2, 3,
		       "object not defined in the schema: public.missing");
	parse_error_is("CREATE TABLE t (a int);\nGRANT EXECUTE ON t TO r;\n", 2, 1,
		       "invalid privilege type EXECUTE for table");
	parse_error_is("GRANT EXECUTE ON FUNCTION nope(int) TO r;\n", 1, 1, "object not defined");
	/* column privileges: unknown columns, wrong kinds and privileges */
	parse_error_is("CREATE TABLE t (a int, \"B\" int);\nGRANT SELECT (a, b) ON t TO r;\n", 2, 1,
		       "column \"b\" of relation \"t\" does not exist");
	parse_error_is("CREATE TABLE t (a int);\nCREATE VIEW v AS SELECT a AS x FROM t;\n"
		       "GRANT SELECT (a) ON v TO r;\n", 3, 1, "column \"a\" of relation \"v\" does not exist");
	parse_error_is("CREATE SEQUENCE q;\nGRANT SELECT (a) ON q TO r;\n", 2, 1,
		       "column privileges are only valid for relations");
	parse_error_is("CREATE TABLE t (a int);\nGRANT DELETE (a) ON t TO r;\n", 2, 1,
		       "invalid privilege type DELETE for column");
	parse_error_is("CREATE TABLE t (a int);\nGRANT SELECT ON t TO r, PUBLIC WITH GRANT OPTION;\n",
		       2, 1, "grant options can only be granted to roles");
	/* default privileges */
	parse_error_is("ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO PUBLIC WITH GRANT OPTION;\n",
		       1, 1, "grant options can only be granted to roles");
	parse_error_is("ALTER DEFAULT PRIVILEGES IN SCHEMA nope GRANT SELECT ON TABLES TO r;\n", 1, 1,
		       "schema \"nope\" is not defined");
	parse_error_is("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE ON SCHEMAS TO r;\n", 1, 1,
		       "cannot use IN SCHEMA clause");
	parse_error_is("ALTER DEFAULT PRIVILEGES GRANT EXECUTE ON TABLES TO r;\n", 1, 1,
		       "invalid privilege type EXECUTE for TABLES");
	/* what the model cannot say: an error only with --privileges */
	issue_is("CREATE TABLE t (a int);\nGRANT SELECT ON t TO CURRENT_USER;\n", 2, 1,
		 "only role names and PUBLIC");
	issue_is("ALTER DEFAULT PRIVILEGES FOR ROLE SESSION_USER GRANT SELECT ON TABLES TO r;\n", 1, 1,
		 "FOR ROLE takes role names");
	Catalog *cat = parse_ok("CREATE TABLE t (a int);\nGRANT SELECT (a) ON t TO r;\n"
				"ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO r;\n");
	PgsError err;
	assert_int_equal(grant_check_issues(cat, &err), 0);
	catalog_free(cat);
}

static void test_column_grants(void **state)
{
	(void) state;
	Catalog *cat = parse_ok("CREATE TABLE t (a int, \"B\" text, c int);\n"
				"CREATE VIEW v AS SELECT a, c AS \"Cé\" FROM t;\n"
				"GRANT SELECT (\"B\", a), UPDATE (c) ON t TO \"R 1\";\n"
				"GRANT ALL (a) ON t TO r2 WITH GRANT OPTION;\n"
				"GRANT SELECT ON t TO r2;\n"
				/* a table-level REVOKE takes the columns' privilege too */
				"REVOKE SELECT ON t FROM r2;\n"
				"REVOKE GRANT OPTION FOR INSERT (a) ON t FROM r2;\n"
				"GRANT SELECT (\"Cé\") ON v TO PUBLIC;\n");
	const Object *t = obj(cat, OBJ_TABLE, "public", "t", NULL);
	assert_true(t->grants_set);
	static char buf[2048];
	size_t n = 0;
	VEC_EACH(const Grant *, g, &t->grants)
		n += (size_t) snprintf(buf + n, sizeof buf - n, "%s%s:%s(%s)%s", n ? " " : "", g->grantee,
				       g->privilege, g->column ? g->column : "-",
				       g->with_grant_option ? "*" : "");
	assert_string_equal(buf, "R 1:SELECT(B) R 1:SELECT(a) R 1:UPDATE(c) "
				 "r2:INSERT(a) r2:REFERENCES(a)* r2:UPDATE(a)*");
	const Object *v = obj(cat, OBJ_VIEW, "public", "v", NULL);
	assert_int_equal(v->grants.len, 1);
	assert_string_equal(((const Grant *) v->grants.items[0])->column, "Cé");
	catalog_free(cat);
}

static void test_default_privileges_parsed(void **state)
{
	(void) state;
	Catalog *cat = parse_ok(
		"CREATE TABLE before_adp (a int);\n"
		"CREATE SCHEMA \"Sç\";\n"
		"ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO \"Rô le\";\n"
		"ALTER DEFAULT PRIVILEGES IN SCHEMA \"Sç\" GRANT INSERT ON TABLES TO r2 WITH GRANT OPTION;\n"
		"ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;\n"
		"ALTER DEFAULT PRIVILEGES FOR ROLE \"Own'er\" GRANT USAGE ON TYPES TO r2;\n"
		/* back to the built-in defaults: the row goes away */
		"ALTER DEFAULT PRIVILEGES FOR ROLE \"Own'er\" REVOKE USAGE ON TYPES FROM r2;\n"
		"ALTER DEFAULT PRIVILEGES GRANT USAGE ON SEQUENCES TO r3;\n"
		"ALTER DEFAULT PRIVILEGES REVOKE USAGE ON SEQUENCES FROM r3;\n"
		"CREATE TABLE \"Sç\".after (a int);\n"
		"CREATE TABLE after_public (a serial);\n"
		"CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\n");
	assert_int_equal(cat->default_acls.len, 3);
	const DefaultAcl *d = default_acl_find(&cat->default_acls, NULL, NULL, 'r');
	assert_non_null(d);
	assert_false(d->role_named);
	/* a row without a schema holds the running role's own privileges ("") */
	assert_string_equal(grants_text(&(Object){.grants = d->grants}),
			    ":DELETE :INSERT :REFERENCES :SELECT :TRIGGER :TRUNCATE :UPDATE Rô le:SELECT");
	d = default_acl_find(&cat->default_acls, NULL, "Sç", 'r');
	assert_string_equal(grants_text(&(Object){.grants = d->grants}), "r2:INSERT*");
	d = default_acl_find(&cat->default_acls, NULL, NULL, 'f');
	assert_string_equal(grants_text(&(Object){.grants = d->grants}), ":EXECUTE");
	assert_null(default_acl_find(&cat->default_acls, "Own'er", NULL, 'T'));
	assert_null(default_acl_find(&cat->default_acls, NULL, NULL, 'S'));
	/* objects created after get them, as PostgreSQL gives them */
	assert_false(obj(cat, OBJ_TABLE, "public", "before_adp", NULL)->grants_set);
	assert_string_equal(grants_text(obj(cat, OBJ_TABLE, "Sç", "after", NULL)),
			    "Rô le:SELECT r2:INSERT*");
	assert_string_equal(grants_text(obj(cat, OBJ_TABLE, "public", "after_public", NULL)),
			    "Rô le:SELECT");
	const Object *f = obj(cat, OBJ_FUNCTION, "public", "f", "");
	assert_true(f->grants_set);
	assert_int_equal(f->grants.len, 0);
	/* the serial's sequence: no sequence default privileges left */
	assert_false(obj(cat, OBJ_SEQUENCE, "public", "after_public_a_seq", NULL)->grants_set);
	/* a schema filter takes the rows IN SCHEMA along with the schema */
	const char *const include[] = {"public", NULL};
	catalog_keep_schemas(cat, include, NULL);
	assert_int_equal(cat->default_acls.len, 2);
	assert_null(default_acl_find(&cat->default_acls, NULL, "Sç", 'r'));
	catalog_free(cat);
}

/* The plan's SQL, one statement a line, "[phase] " before each op's. */
static char *plan_text(const Plan *p)
{
	static char buf[4096];
	size_t n = 0;
	buf[0] = '\0';
	VEC_EACH(const Op *, op, &p->ops)
		VEC_EACH(const char *, s, &op->sql)
			n += (size_t) snprintf(buf + n, sizeof buf - n, "[%s%s] %s\n",
					       phase_name(op->phase), op->held ? ",held" : "", s);
	return buf;
}

/* The text of the plan of `d` (plan_text), the plan itself freed. */
static const char *plan_text_of(const Diff *d, const Catalog *live, const Catalog *want,
				const PlanOptions *opts)
{
	Plan *p = NULL;
	PgsError err;
	if (plan_build(&p, d, live, want, opts, &err))
		fail_msg("plan_build: %s", err.message);
	const char *text = plan_text(p);
	plan_free(p);
	return text;
}

/* Fails unless every line of `expect` is in the plan's text. */
static void assert_plan_has(const char *text, const char *const *expect, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strstr(text, expect[i]))
			fail_msg("plan lacks %swhole plan:\n%s", expect[i], text);
}

static void test_diff_and_plan(void **state)
{
	(void) state;
	Catalog *live = parse_ok("CREATE TABLE t (a int);\n"
				 "GRANT SELECT, UPDATE ON t TO old;\n"
				 "CREATE FUNCTION f(x text) RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\n");
	Catalog *want = parse_ok("CREATE TABLE t (a int);\n"
				 "GRANT SELECT ON t TO old;\n"
				 "GRANT SELECT, INSERT ON t TO \"New Role\";\n"
				 "CREATE FUNCTION f(x text) RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\n"
				 "REVOKE ALL ON FUNCTION f(text) FROM PUBLIC;\n"
				 "CREATE SEQUENCE s;\n"
				 "GRANT USAGE ON SEQUENCE s TO PUBLIC;\n");
	/* off (the default): no grant is compared */
	Diff *d = diff_catalogs(live, want);
	VEC_EACH(const Change *, ch, &d->changes)
		assert_int_not_equal(ch->type, CHG_GRANTS);
	diff_free(d);
	DiffOptions off = {0};
	d = diff_catalogs_opts(live, want, &off);
	VEC_EACH(const Change *, ch, &d->changes)
		assert_int_not_equal(ch->type, CHG_GRANTS);
	diff_free(d);

	DiffOptions on = {.privileges = true};
	d = diff_catalogs_opts(live, want, &on);
	int grants = 0;
	VEC_EACH(const Change *, ch, &d->changes)
		if (ch->type == CHG_GRANTS)
			grants++;
	assert_int_equal(grants, 3); /* t, f, and the new sequence s */
	Plan *p = NULL;
	PgsError err;
	assert_int_equal(plan_build(&p, d, live, want, NULL, &err), 0);
	const char *text = plan_text(p);
	const char *expect[] = {
		"[expand] GRANT INSERT, SELECT ON TABLE public.t TO \"New Role\"\n",
		"[expand] GRANT USAGE ON SEQUENCE public.s TO PUBLIC\n",
		"[contract,held] REVOKE UPDATE ON TABLE public.t FROM old\n",
		"[contract,held] REVOKE EXECUTE ON FUNCTION public.f(text) FROM PUBLIC\n",
	};
	assert_plan_has(text, expect, sizeof expect / sizeof expect[0]);
	/* the grant comes after the sequence exists */
	assert_true(strstr(text, "CREATE SEQUENCE") < strstr(text, "GRANT USAGE ON SEQUENCE"));
	VEC_EACH(const Op *, op, &p->ops)
		if (op->change && op->change->type == CHG_GRANTS)
			assert_int_equal(op->hazards, 0);
	plan_free(p);
	diff_free(d);

	/* converged: no change */
	d = diff_catalogs_opts(want, want, &on);
	assert_int_equal(d->changes.len, 0);
	diff_free(d);
	catalog_free(live);
	catalog_free(want);
}

static int count_grant_changes(const Diff *d, bool from_null)
{
	int n = 0;
	VEC_EACH(const Change *, ch, &d->changes)
		if (ch->type == CHG_GRANTS && (ch->from == NULL) == from_null)
			n++;
	return n;
}

/* A function replaced in place keeps its grants; a view dropped and
 * created gets the file's grants again from the defaults. */
static void test_replaced_objects(void **state)
{
	(void) state;
	const char *common = "CREATE TABLE t (a int);\n"
			     "REVOKE ALL ON FUNCTION f() FROM PUBLIC;\n"
			     "GRANT EXECUTE ON FUNCTION f() TO r;\n"
			     "GRANT SELECT ON v TO r;\n";
	char live_sql[1024], want_sql[1024];
	snprintf(live_sql, sizeof live_sql,
		 "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\n"
		 "CREATE VIEW v AS SELECT 1 AS x;\n%s", common);
	snprintf(want_sql, sizeof want_sql,
		 "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 2 $$;\n"
		 "CREATE VIEW v AS SELECT 2 AS x;\n%s", common);
	Catalog *live = parse_ok(live_sql), *want = parse_ok(want_sql);
	DiffOptions on = {.privileges = true};
	Diff *d = diff_catalogs_opts(live, want, &on);
	assert_int_equal(count_grant_changes(d, false), 0);
	assert_int_equal(count_grant_changes(d, true), 1); /* the view only */
	const char *text = plan_text_of(d, live, want, NULL);
	if (!strstr(text, "[expand] GRANT SELECT ON TABLE public.v TO r\n") || strstr(text, "FUNCTION public.f() TO"))
		fail_msg("unexpected plan:\n%s", text);
	diff_free(d);
	catalog_free(live);
	catalog_free(want);
}

/* Column grants: per column and role, GRANT/REVOKE with column lists; a
 * table-level REVOKE gives the file's column grants back after it. */
static void test_column_diff_and_plan(void **state)
{
	(void) state;
	Catalog *live = parse_ok("CREATE TABLE t (a int, \"B\" int, c int);\n"
				 "GRANT SELECT ON t TO r;\n"
				 "GRANT SELECT (a), UPDATE (c) ON t TO r;\n"
				 "GRANT INSERT (a, \"B\") ON t TO \"'); DROP TABLE x; --\" WITH GRANT OPTION;\n");
	Catalog *want = parse_ok("CREATE TABLE t (a int, \"B\" int, c int);\n"
				 "GRANT SELECT (a, \"B\"), UPDATE (\"B\") ON t TO r;\n"
				 "GRANT INSERT (a, \"B\") ON t TO \"'); DROP TABLE x; --\";\n");
	DiffOptions on = {.privileges = true};
	Diff *d = diff_catalogs_opts(live, want, &on);
	assert_int_equal(d->changes.len, 1);
	const Change *ch = d->changes.items[0];
	assert_int_equal(ch->type, CHG_GRANTS);
	assert_string_equal(ch->detail, "-grant option for INSERT (B) from '); DROP TABLE x; --, "
					"-grant option for INSERT (a) from '); DROP TABLE x; --, "
					"+SELECT (B) to r, +UPDATE (B) to r, -SELECT from r, "
					"-UPDATE (c) from r");
	const char *text = plan_text_of(d, live, want, NULL);
	const char *expect =
		"[expand] GRANT SELECT (\"B\"), UPDATE (\"B\") ON TABLE public.t TO r\n"
		/* columns in name order (bytes) */
		"[contract,held] REVOKE GRANT OPTION FOR INSERT (\"B\", a) ON TABLE public.t "
		"FROM \"'); DROP TABLE x; --\"\n"
		"[contract,held] REVOKE SELECT ON TABLE public.t FROM r\n"
		"[contract,held] REVOKE UPDATE (c) ON TABLE public.t FROM r\n"
		/* the table-level REVOKE took SELECT (a) and (B) too */
		"[contract,held] GRANT SELECT (\"B\", a) ON TABLE public.t TO r\n";
	if (strcmp(text, expect) != 0)
		fail_msg("plan:\n%swant:\n%s", text, expect);
	diff_free(d);
	d = diff_catalogs_opts(want, want, &on);
	assert_int_equal(d->changes.len, 0);
	diff_free(d);
	catalog_free(live);
	catalog_free(want);
}

/* A column the plan drops takes its grants along; one renamed by a
 * directive keeps them under its new name: neither is revoked. */
static void test_column_grants_dropped_and_renamed(void **state)
{
	(void) state;
	Catalog *live = parse_ok("CREATE TABLE t (a int, gone int, \"old\" int);\n"
				 "GRANT SELECT (a, gone, \"old\") ON t TO r;\n");
	Catalog *want = parse_ok("CREATE TABLE t (a int,\n"
				 "  \"New\" int -- pgstage: renamed from \"old\"\n"
				 ");\nGRANT SELECT (a, \"New\") ON t TO r;\n");
	DiffOptions on = {.privileges = true};
	Diff *d = diff_catalogs_opts(live, want, &on);
	VEC_EACH(const Change *, ch, &d->changes)
		assert_int_not_equal(ch->type, CHG_GRANTS);
	diff_free(d);
	catalog_free(live);
	catalog_free(want);
}

/* A live catalog as introspection leaves it: the running role named. */
static Catalog *live_as(const char *sql, const char *role)
{
	Catalog *cat = parse_ok(sql);
	cat->current_role = role;
	/* the file's rows of the running role, as pg_default_acl names them */
	VEC_EACH(DefaultAcl *, dacl, &cat->default_acls) {
		dacl->role = role;
		dacl->role_named = true;
		VEC_EACH(Grant *, g, &dacl->grants)
			if (!g->grantee[0])
				g->grantee = role;
	}
	return cat;
}

static void test_default_privileges_plan(void **state)
{
	(void) state;
	Catalog *live = live_as("CREATE SCHEMA s;\n"
				"ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO ro;\n"
				"ALTER DEFAULT PRIVILEGES IN SCHEMA s GRANT USAGE ON SEQUENCES TO ro;\n",
				"Me \"Admin\"");
	Catalog *want = parse_ok("CREATE SCHEMA s;\n"
				 "ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO ro;\n"
				 "ALTER DEFAULT PRIVILEGES FOR ROLE \"Öther\" IN SCHEMA s "
				 "GRANT EXECUTE ON FUNCTIONS TO ro WITH GRANT OPTION;\n"
				 "ALTER DEFAULT PRIVILEGES REVOKE ALL ON FUNCTIONS FROM PUBLIC;\n"
				 /* created after: gets SELECT to ro, as the live role
				  * would give it */
				 "CREATE TABLE s.t (a int);\n");
	/* off (the default): default privileges are not compared */
	DiffOptions off = {0};
	Diff *d = diff_catalogs_opts(live, want, &off);
	VEC_EACH(const Change *, ch, &d->changes)
		assert_int_not_equal(ch->type, CHG_DEFAULT_PRIVILEGES);
	diff_free(d);
	DiffOptions on = {.privileges = true};
	d = diff_catalogs_opts(live, want, &on);
	/* the running role's table row matches the live one: no change */
	int n = 0;
	VEC_EACH(const Change *, ch, &d->changes)
		if (ch->type == CHG_DEFAULT_PRIVILEGES)
			n++;
		else
			assert_true(ch->type == CHG_CREATE); /* s.t, with the grants it gets */
	assert_int_equal(n, 3);
	const char *text = plan_text_of(d, live, want, &(PlanOptions){.allow_drop = true});
	const char *expect[] = {
		"[contract] ALTER DEFAULT PRIVILEGES FOR ROLE \"Öther\" IN SCHEMA s GRANT EXECUTE ON "
		"FUNCTIONS TO ro WITH GRANT OPTION\n",
		/* the file left FOR ROLE out: the statement too */
		"[contract] ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC\n",
		/* a live row the file does not have: its role written out */
		"[contract] ALTER DEFAULT PRIVILEGES FOR ROLE \"Me \"\"Admin\"\"\" IN SCHEMA s REVOKE "
		"USAGE ON SEQUENCES FROM ro\n",
	};
	assert_plan_has(text, expect, sizeof expect / sizeof expect[0]);
	/* s.t gets SELECT to ro from the live defaults when created: no GRANT */
	assert_null(strstr(text, "GRANT SELECT ON TABLE s.t"));
	/* default privileges change after every create */
	assert_true(strstr(text, "CREATE TABLE") < strstr(text, "ALTER DEFAULT PRIVILEGES"));
	diff_free(d);
	catalog_free(live);
	catalog_free(want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_grants_sorted_and_merged),
		cmocka_unit_test(test_all_privileges_per_kind),
		cmocka_unit_test(test_revoke),
		cmocka_unit_test(test_all_tables_in_schema_and_procedures),
		cmocka_unit_test(test_issues_located),
		cmocka_unit_test(test_column_grants),
		cmocka_unit_test(test_default_privileges_parsed),
		cmocka_unit_test(test_diff_and_plan),
		cmocka_unit_test(test_replaced_objects),
		cmocka_unit_test(test_column_diff_and_plan),
		cmocka_unit_test(test_column_grants_dropped_and_renamed),
		cmocka_unit_test(test_default_privileges_plan),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	parse_shutdown();
	return rc;
}
