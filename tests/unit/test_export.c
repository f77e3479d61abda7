/*
 * test_export.c - plan and drift exports: JSON is parsed back with json-c
 * and compared with the Plan it came from; every XML document is parsed
 * with libxml2 and validated against schemas/plan.xsd or schemas/junit.xsd.
 * Catalogs are built from SQL with parse_schema_string(), so the plans and
 * diffs are the real ones, not hand-made structs.
 *
 * Memory ownership: each test frees what it builds (Fixture teardown).
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

#include <json-c/json.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>

#include "diff/diff.h"
#include "emit/export.h"
#include "parse/parse.h"
#include "plan/plan.h"
#include "parse_ok.h"

/* ---- fixtures ------------------------------------------------------- */

typedef struct Fixture {
	Catalog *live, *desired;
	Diff *diff;
	Plan *plan;
	DriftReport *report;
	StrBuf out;
} Fixture;

/* Live and desired schemas, their diff, plan and drift report. */
static Fixture *fixture_new(const char *live_sql, const char *desired_sql, bool allow_drop)
{
	Fixture *f = calloc(1, sizeof *f);
	strbuf_init(&f->out);
	f->live = parse_ok(live_sql);
	f->desired = parse_ok(desired_sql);
	f->diff = diff_catalogs(f->live, f->desired);
	PlanOptions popts = {.allow_drop = allow_drop};
	PgsError err;
	if (plan_build(&f->plan, f->diff, f->live, f->desired, &popts, &err))
		fail_msg("plan_build: %s", err.message);
	assert_int_equal(drift_report_build(&f->report, f->diff, f->live, f->desired, &err), 0);
	return f;
}

static void fixture_free(Fixture *f)
{
	strbuf_release(&f->out);
	drift_report_free(f->report);
	plan_free(f->plan);
	diff_free(f->diff);
	catalog_free(f->live);
	catalog_free(f->desired);
	free(f);
}

static const ExportOptions eopts = {
	.target = "app@db.example:5432/app",
	.source = "schema/",
	.duration_s = 0.25,
	.timestamp = "2026-11-22T05:00:00",
};

/* A schema change that touches every part of an op: create, column type
 * (hazards, lock), default with characters JSON and XML must escape, an
 * index built outside a transaction, and a drop held or released. */
static const char live_sql[] =
	"CREATE TABLE users (id integer PRIMARY KEY, email text);\n"
	"CREATE TABLE legacy (a integer PRIMARY KEY);\n";
static const char desired_sql[] =
	"CREATE TABLE users (id bigint PRIMARY KEY, email text,\n"
	"  note text DEFAULT 'say \"hi\" </x> & \\ back');\n"
	"CREATE INDEX users_email ON users (email);\n"
	"CREATE TABLE orders (id integer PRIMARY KEY, user_id bigint REFERENCES users (id));\n";

/* ---- helpers: files, json, xml -------------------------------------- */

/* schemas/NAME in the source tree: $PGSTAGE_SOURCE_ROOT when set, else
 * found from __FILE__ (meson compiles with paths relative to the build
 * root, where meson test runs tests) or from the current directory. */
static const char *schema_file(const char *name)
{
	static char path[2048];
	const char *root = getenv("PGSTAGE_SOURCE_ROOT");
	if (root && *root) {
		snprintf(path, sizeof path, "%s/schemas/%s", root, name);
		return path;
	}
	const char *slash = strrchr(__FILE__, '/');
	int dir = slash ? (int) (slash - __FILE__) : 1;
	const char *src_dir = slash ? __FILE__ : ".";
	snprintf(path, sizeof path, "%.*s/../../schemas/%s", dir, src_dir, name);
	if (access(path, R_OK) == 0)
		return path;
	static const char *const ups[] = {"", "../", "../../", "../../../"};
	for (size_t i = 0; i < sizeof ups / sizeof *ups; i++) {
		snprintf(path, sizeof path, "%sschemas/%s", ups[i], name);
		if (access(path, R_OK) == 0)
			return path;
	}
	fail_msg("schemas/%s not found (set PGSTAGE_SOURCE_ROOT)", name);
	return NULL;
}

static struct json_object *json_parse(const char *text)
{
	struct json_object *root = json_tokener_parse(text);
	if (!root)
		fail_msg("not valid JSON:\n%s", text);
	return root;
}

static struct json_object *jget(struct json_object *obj, const char *key)
{
	struct json_object *val = NULL;
	if (!json_object_object_get_ex(obj, key, &val))
		fail_msg("no member \"%s\" in %s", key, json_object_to_json_string(obj));
	return val;
}

static const char *jstr(struct json_object *obj, const char *key)
{
	return json_object_get_string(jget(obj, key));
}

static int64_t jint(struct json_object *obj, const char *key)
{
	return json_object_get_int64(jget(obj, key));
}

static void xsd_error(void *ctx, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf((char *) ctx, 1024, fmt, ap);
	va_end(ap);
}

/* Parses `text` and validates it against schemas/xsd_name; returns 0 when
 * valid, else the validator's result, with its first message in `why`. */
static int xsd_check(const char *text, const char *xsd_name, xmlDocPtr *doc_out, char why[1024])
{
	why[0] = '\0';
	xmlDocPtr doc = xmlReadMemory(text, (int) strlen(text), "export.xml", NULL, XML_PARSE_NONET);
	if (!doc) {
		snprintf(why, 1024, "not well-formed XML");
		return -1;
	}
	xmlSchemaParserCtxtPtr pctx = xmlSchemaNewParserCtxt(schema_file(xsd_name));
	xmlSchemaPtr schema = xmlSchemaParse(pctx);
	xmlSchemaFreeParserCtxt(pctx);
	if (!schema)
		fail_msg("%s does not compile", xsd_name);
	xmlSchemaValidCtxtPtr vctx = xmlSchemaNewValidCtxt(schema);
	xmlSchemaSetValidErrors(vctx, xsd_error, xsd_error, why);
	int rc = xmlSchemaValidateDoc(vctx, doc);
	xmlSchemaFreeValidCtxt(vctx);
	xmlSchemaFree(schema);
	if (doc_out)
		*doc_out = doc;
	else
		xmlFreeDoc(doc);
	return rc;
}

static xmlDocPtr xml_valid(const char *text, const char *xsd_name)
{
	xmlDocPtr doc = NULL;
	char why[1024];
	if (xsd_check(text, xsd_name, &doc, why) != 0)
		fail_msg("does not validate against %s: %s\n%s", xsd_name, why, text);
	return doc;
}

static xmlXPathObjectPtr xpath(xmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr res = xmlXPathEvalExpression(BAD_CAST expr, ctx);
	xmlXPathFreeContext(ctx);
	if (!res)
		fail_msg("bad xpath %s", expr);
	return res;
}

static double xpath_number(xmlDocPtr doc, const char *expr)
{
	xmlXPathObjectPtr res = xpath(doc, expr);
	double n = xmlXPathCastToNumber(res);
	xmlXPathFreeObject(res);
	return n;
}

/* The string value of an XPath expression, copied into `buf`. */
static const char *xpath_string(xmlDocPtr doc, const char *expr, char *buf, size_t size)
{
	xmlXPathObjectPtr res = xpath(doc, expr);
	xmlChar *s = xmlXPathCastToString(res);
	snprintf(buf, size, "%s", (const char *) s);
	xmlFree(s);
	xmlXPathFreeObject(res);
	return buf;
}

/* ---- plan JSON ------------------------------------------------------ */

static void test_plan_json_matches_plan(void **state)
{
	(void) state;
	Fixture *f = fixture_new(live_sql, desired_sql, false);
	PgsError err;
	assert_int_equal(emit_plan_json(&f->out, f->plan, &eopts, &err), 0);
	struct json_object *root = json_parse(f->out.buf);
	assert_string_equal(jstr(root, "format"), "pgstage-plan-report");
	assert_int_equal(jint(root, "format_version"), PGSTAGE_EXPORT_FORMAT_VERSION);
	assert_string_equal(jstr(root, "pgstage_version"), PGSTAGE_VERSION);
	assert_string_equal(jstr(root, "target"), eopts.target);
	assert_string_equal(jstr(root, "source"), eopts.source);
	assert_string_equal(jstr(root, "fingerprint"), f->plan->fingerprint);
	assert_int_equal(jint(root, "lock_timeout_ms"), f->plan->lock_timeout_ms);
	assert_int_equal(jint(root, "statement_timeout_ms"), f->plan->statement_timeout_ms);

	/* operations, front to back across phases, are the plan's ops in order */
	struct json_object *phases = jget(root, "phases");
	size_t n = 0;
	for (size_t p = 0; p < json_object_array_length(phases); p++) {
		struct json_object *phase = json_object_array_get_idx(phases, p);
		struct json_object *ops = jget(phase, "operations");
		assert_true(json_object_array_length(ops) > 0);
		for (size_t i = 0; i < json_object_array_length(ops); i++, n++) {
			struct json_object *jo = json_object_array_get_idx(ops, i);
			const Op *op = vec_get(&f->plan->ops, n);
			assert_string_equal(jstr(phase, "name"), phase_name(op->phase));
			assert_int_equal(jint(jo, "position"), (int64_t) n + 1);
			assert_int_equal(jstr(jo, "symbol")[0], op->action);
			assert_string_equal(jstr(jo, "summary"), op->summary);
			assert_int_equal(json_object_get_boolean(jget(jo, "held")), op->held);
			assert_int_equal(json_object_get_boolean(jget(jo, "no_transaction")),
					 op->no_transaction);
			if (op->lock)
				assert_string_equal(jstr(jo, "lock"), op->lock);
			else
				assert_null(jget(jo, "lock"));
			struct json_object *stmts = jget(jo, "statements");
			assert_int_equal(json_object_array_length(stmts), op->sql.len);
			for (size_t s = 0; s < op->sql.len; s++) /* escaping round-trips exactly */
				assert_string_equal(json_object_get_string(json_object_array_get_idx(stmts, s)),
						    (const char *) vec_get(&op->sql, s));
			struct json_object *hz = jget(jo, "hazards");
			size_t bits = 0;
			for (unsigned bit = 1; bit < (1u << HAZ_COUNT); bit <<= 1)
				if (op->hazards & bit)
					assert_string_equal(json_object_get_string(
								    json_object_array_get_idx(hz, bits++)),
							    hazard_name(bit));
			assert_int_equal(json_object_array_length(hz), bits);
		}
	}
	assert_int_equal(n, f->plan->ops.len);

	struct json_object *sum = jget(root, "summary");
	assert_int_equal(jint(sum, "operations"), f->plan->ops.len);
	assert_int_equal(jint(sum, "runnable"), plan_runnable_count(f->plan));
	assert_int_equal(jint(sum, "add"), f->plan->n_add);
	assert_int_equal(jint(sum, "change"), f->plan->n_change);
	assert_int_equal(jint(sum, "drop"), f->plan->n_drop);
	assert_int_equal(jint(sum, "held"), f->plan->n_held);
	assert_true(f->plan->n_held > 0); /* the drop of legacy, not released */
	json_object_put(root);
	fixture_free(f);
}

static void test_plan_json_lists_hazards_and_locks(void **state)
{
	(void) state;
	Fixture *f = fixture_new(live_sql, desired_sql, true);
	PgsError err;
	assert_int_equal(emit_plan_json(&f->out, f->plan, &eopts, &err), 0);
	assert_int_equal(f->plan->n_held, 0);
	/* the bigint change rewrites users under an ACCESS EXCLUSIVE lock */
	bool found = false;
	struct json_object *root = json_parse(f->out.buf);
	struct json_object *phases = jget(root, "phases");
	for (size_t p = 0; p < json_object_array_length(phases); p++) {
		struct json_object *ops = jget(json_object_array_get_idx(phases, p), "operations");
		for (size_t i = 0; i < json_object_array_length(ops); i++) {
			struct json_object *jo = json_object_array_get_idx(ops, i);
			if (strcmp(jstr(jo, "change"), "column type") != 0)
				continue;
			found = true;
			assert_string_equal(jstr(jo, "object"), "public.users.id");
			assert_string_equal(jstr(jo, "object_kind"), "table");
			assert_string_equal(jstr(jo, "lock_table"), "public.users");
			assert_string_equal(jstr(jo, "action"), "change");
			const char *hz = json_object_to_json_string(jget(jo, "hazards"));
			assert_non_null(strstr(hz, "table-rewrite"));
		}
	}
	assert_true(found);
	json_object_put(root);
	fixture_free(f);
}

static void test_plan_json_empty(void **state)
{
	(void) state;
	Fixture *f = fixture_new(live_sql, live_sql, false);
	PgsError err;
	assert_int_equal(f->plan->ops.len, 0);
	assert_int_equal(emit_plan_json(&f->out, f->plan, NULL, &err), 0);
	struct json_object *root = json_parse(f->out.buf);
	assert_int_equal(json_object_array_length(jget(root, "phases")), 0);
	assert_null(jget(root, "target"));
	assert_int_equal(jint(jget(root, "summary"), "operations"), 0);
	json_object_put(root);
	fixture_free(f);
}

/* ---- plan XML ------------------------------------------------------- */

static void test_plan_xml_validates_and_matches(void **state)
{
	(void) state;
	for (int allow_drop = 0; allow_drop <= 1; allow_drop++) {
		Fixture *f = fixture_new(live_sql, desired_sql, allow_drop);
		PgsError err;
		assert_int_equal(emit_plan_xml(&f->out, f->plan, &eopts, &err), 0);
		xmlDocPtr doc = xml_valid(f->out.buf, "plan.xsd");
		char buf[4096], expr[256];
		assert_int_equal((int) xpath_number(doc, "count(/plan/phase/operation)"), f->plan->ops.len);
		assert_string_equal(xpath_string(doc, "string(/plan/fingerprint)", buf, sizeof buf),
				    f->plan->fingerprint);
		assert_string_equal(xpath_string(doc, "string(/plan/target)", buf, sizeof buf), eopts.target);
		assert_int_equal((int) xpath_number(doc, "number(/plan/timeouts/@lock-ms)"),
				 f->plan->lock_timeout_ms);
		assert_int_equal((int) xpath_number(doc, "number(/plan/summary/@held)"), f->plan->n_held);
		assert_int_equal((int) xpath_number(doc, "number(/plan/summary/@runnable)"),
				 plan_runnable_count(f->plan));
		VEC_EACH(const Op *, op, &f->plan->ops) {
			snprintf(expr, sizeof expr, "string(//operation[@position=%zu]/../@name)", op_i + 1);
			assert_string_equal(xpath_string(doc, expr, buf, sizeof buf), phase_name(op->phase));
			snprintf(expr, sizeof expr, "string(//operation[@position=%zu]/@held)", op_i + 1);
			assert_string_equal(xpath_string(doc, expr, buf, sizeof buf), op->held ? "true" : "false");
			VEC_EACH(const char *, stmt, &op->sql) {
				snprintf(expr, sizeof expr,
					 "string(//operation[@position=%zu]/statements/statement[%zu])", op_i + 1,
					 stmt_i + 1);
				assert_string_equal(xpath_string(doc, expr, buf, sizeof buf), stmt);
			}
		}
		xmlFreeDoc(doc);
		fixture_free(f);
	}
}

static void test_plan_xml_empty_plan(void **state)
{
	(void) state;
	Fixture *f = fixture_new(live_sql, live_sql, false);
	PgsError err;
	assert_int_equal(emit_plan_xml(&f->out, f->plan, NULL, &err), 0);
	xmlDocPtr doc = xml_valid(f->out.buf, "plan.xsd");
	assert_int_equal((int) xpath_number(doc, "count(//phase)"), 0);
	xmlFreeDoc(doc);
	fixture_free(f);
}

/* Plan warnings (here: a column order the plan cannot reach) are in the
 * JSON `warnings` array and the XML `warning` elements, as in the text. */
static void test_plan_warnings_in_json_and_xml(void **state)
{
	(void) state;
	Fixture *f = fixture_new("create table t (a int, b int);",
				 "create table t (a int, \"N é\" text, b int);", false);
	assert_int_equal(f->plan->warnings.len, 1);
	const char *w = f->plan->warnings.items[0];
	PgsError err;
	assert_int_equal(emit_plan_json(&f->out, f->plan, &eopts, &err), 0);
	struct json_object *root = json_tokener_parse(f->out.buf), *list;
	assert_non_null(root);
	assert_true(json_object_object_get_ex(root, "warnings", &list));
	assert_int_equal(json_object_array_length(list), 1);
	assert_string_equal(json_object_get_string(json_object_array_get_idx(list, 0)), w);
	json_object_put(root);
	strbuf_reset(&f->out);
	assert_int_equal(emit_plan_xml(&f->out, f->plan, &eopts, &err), 0);
	xmlDocPtr doc = xml_valid(f->out.buf, "plan.xsd");
	char buf[1024];
	assert_string_equal(xpath_string(doc, "string(/plan/warning)", buf, sizeof buf), w);
	xmlFreeDoc(doc);
	fixture_free(f);
}

/* Characters XML 1.0 cannot carry become U+FFFD instead of breaking the
 * document. */
static void test_plan_xml_control_characters(void **state)
{
	(void) state;
	Fixture *f = fixture_new("CREATE TABLE t (a integer PRIMARY KEY);",
				 "CREATE TABLE t (a integer PRIMARY KEY);\n"
				 "CREATE TABLE U&\"bell \\0007 here\" (a integer);",
				 false);
	PgsError err;
	assert_true(f->plan->ops.len > 0);
	assert_int_equal(emit_plan_xml(&f->out, f->plan, &eopts, &err), 0);
	assert_null(strchr(f->out.buf, '\a'));
	assert_non_null(strstr(f->out.buf, "\xEF\xBF\xBD"));
	xmlDocPtr doc = xml_valid(f->out.buf, "plan.xsd");
	xmlFreeDoc(doc);
	/* json-c escapes it instead, and it round-trips */
	strbuf_reset(&f->out);
	assert_int_equal(emit_plan_json(&f->out, f->plan, &eopts, &err), 0);
	struct json_object *root = json_parse(f->out.buf);
	assert_non_null(strstr(json_object_to_json_string(root), "\\u0007"));
	json_object_put(root);
	fixture_free(f);
}

/* The schema carries pre-flight results before any op has them, and it
 * is not vacuous: a misplaced element fails. */
static void test_plan_xsd_preflight_and_rejects(void **state)
{
	(void) state;
	static const char with_preflight[] =
		"<?xml version=\"1.0\"?>\n"
		"<plan format-version=\"1\" pgstage-version=\"0.1.0\">\n"
		" <timeouts lock-ms=\"5000\" statement-ms=\"0\"/>\n"
		" <phase name=\"tighten\">\n"
		"  <operation position=\"1\" action=\"change\" symbol=\"~\" held=\"false\" no-transaction=\"false\">\n"
		"   <summary>set not null public.users.email</summary>\n"
		"   <statements><statement>ALTER TABLE users ALTER email SET NOT NULL</statement></statements>\n"
		"   <preflight><check name=\"nulls\" count=\"3\" verdict=\"refuse\"><query>rows where email is null</query></check></preflight>\n"
		"  </operation>\n"
		" </phase>\n"
		" <summary operations=\"1\" runnable=\"1\" add=\"0\" change=\"1\" drop=\"0\" held=\"0\"/>\n"
		"</plan>\n";
	char why[1024];
	assert_int_equal(xsd_check(with_preflight, "plan.xsd", NULL, why), 0);
	static const char misplaced[] =
		"<?xml version=\"1.0\"?>\n"
		"<plan format-version=\"1\" pgstage-version=\"0.1.0\">\n"
		" <summary operations=\"0\" runnable=\"0\" add=\"0\" change=\"0\" drop=\"0\" held=\"0\"/>\n"
		" <timeouts lock-ms=\"5000\" statement-ms=\"0\"/>\n"
		"</plan>\n";
	assert_int_not_equal(xsd_check(misplaced, "plan.xsd", NULL, why), 0);
	static const char bad_phase[] =
		"<?xml version=\"1.0\"?>\n"
		"<plan format-version=\"1\" pgstage-version=\"0.1.0\">\n"
		" <timeouts lock-ms=\"5000\" statement-ms=\"0\"/>\n"
		" <phase name=\"later\"><operation position=\"1\" action=\"add\" symbol=\"+\" held=\"false\""
		" no-transaction=\"false\"><summary/><statements/></operation></phase>\n"
		" <summary operations=\"1\" runnable=\"1\" add=\"1\" change=\"0\" drop=\"0\" held=\"0\"/>\n"
		"</plan>\n";
	assert_int_not_equal(xsd_check(bad_phase, "plan.xsd", NULL, why), 0);
}

/* Pre-flight results as preflight_run() records them on the plan's checks
 * (set by hand here: the live side is a parsed file, not a database). */
static void test_plan_preflight_results(void **state)
{
	(void) state;
	Fixture *f = fixture_new("CREATE TABLE users (id integer PRIMARY KEY, email text, age integer);",
				 "CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL,\n"
				 "  age integer CHECK (age >= 0));",
				 false);
	size_t n_checks = 0;
	Check *first = NULL, *second = NULL;
	VEC_EACH(const Op *, op, &f->plan->ops)
		VEC_EACH(Check *, c, &op->checks) {
			n_checks++;
			if (!first)
				first = c;
			else if (!second)
				second = c;
		}
	if (n_checks < 2)
		fail_msg("expected pre-flight checks for SET NOT NULL and CHECK, got %zu", n_checks);
	first->ran = true;
	first->count = 3;
	first->sample = "NULL";
	second->ran = true;
	second->error = "canceling statement due to statement timeout";
	PgsError err;
	assert_int_equal(emit_plan_json(&f->out, f->plan, &eopts, &err), 0);
	struct json_object *root = json_parse(f->out.buf);
	assert_int_equal(jint(jget(root, "summary"), "preflight_refusals"), 1);
	size_t seen = 0;
	struct json_object *phases = jget(root, "phases");
	for (size_t p = 0; p < json_object_array_length(phases); p++) {
		struct json_object *ops = jget(json_object_array_get_idx(phases, p), "operations");
		for (size_t i = 0; i < json_object_array_length(ops); i++) {
			struct json_object *jo = json_object_array_get_idx(ops, i), *pf = NULL;
			if (!json_object_object_get_ex(jo, "preflight", &pf))
				continue;
			for (size_t k = 0; k < json_object_array_length(pf); k++, seen++) {
				struct json_object *jc = json_object_array_get_idx(pf, k);
				const char *name = jstr(jc, "check");
				if (strcmp(name, first->what) == 0 && strcmp(jstr(jc, "query"), first->sql) == 0) {
					assert_string_equal(jstr(jc, "verdict"), "refuse");
					assert_int_equal(jint(jc, "count"), 3);
					assert_string_equal(jstr(jc, "sample"), "NULL");
				} else if (strcmp(name, second->what) == 0 && strcmp(jstr(jc, "query"), second->sql) == 0) {
					assert_string_equal(jstr(jc, "verdict"), "timeout");
					assert_null(jget(jc, "count"));
				} else {
					assert_string_equal(jstr(jc, "verdict"), "not-run");
				}
			}
		}
	}
	assert_int_equal(seen, n_checks);
	json_object_put(root);

	strbuf_reset(&f->out);
	assert_int_equal(emit_plan_xml(&f->out, f->plan, &eopts, &err), 0);
	xmlDocPtr doc = xml_valid(f->out.buf, "plan.xsd");
	assert_int_equal((int) xpath_number(doc, "count(//preflight/check)"), n_checks);
	assert_int_equal((int) xpath_number(doc, "count(//check[@verdict='refuse' and @count=3])"), 1);
	assert_int_equal((int) xpath_number(doc, "count(//check[@verdict='timeout'][not(@count)][error])"), 1);
	assert_int_equal((int) xpath_number(doc, "number(/plan/summary/@preflight-refusals)"), 1);
	xmlFreeDoc(doc);
	fixture_free(f);
}

/* ---- drift report --------------------------------------------------- */

static void test_drift_report_groups_by_object(void **state)
{
	(void) state;
	Fixture *f = fixture_new(live_sql, desired_sql, false);
	const DriftReport *r = f->report;
	/* schema public, users, orders, users_email from the file; legacy live only */
	assert_int_equal(r->items.len, f->desired->objects.len + 1);
	assert_int_equal(r->n_changes, f->diff->changes.len);
	size_t drifted = 0, changes = 0;
	const DriftItem *users = NULL, *legacy = NULL;
	VEC_EACH(const DriftItem *, it, &r->items) {
		drifted += it->changes.len > 0;
		changes += it->changes.len;
		if (it_i > 0) { /* sorted by kind, then name */
			const DriftItem *prev = vec_get(&r->items, it_i - 1);
			assert_true(prev->kind < it->kind ||
				    (prev->kind == it->kind && strcmp(prev->name, it->name) < 0));
		}
		if (strcmp(it->name, "public.users") == 0)
			users = it;
		if (strcmp(it->name, "public.legacy") == 0)
			legacy = it;
	}
	assert_int_equal(drifted, r->n_drifted);
	assert_int_equal(changes, r->n_changes);
	assert_non_null(users);
	assert_int_equal(users->kind, OBJ_TABLE);
	assert_true(users->changes.len >= 2); /* id type, note column */
	assert_non_null(legacy);
	assert_int_equal(legacy->changes.len, 1);
	assert_int_equal(((const Change *) vec_get(&legacy->changes, 0))->type, CHG_DROP);
	fixture_free(f);
}

static void test_drift_no_changes(void **state)
{
	(void) state;
	Fixture *f = fixture_new(desired_sql, desired_sql, false);
	assert_int_equal(f->report->n_changes, 0);
	assert_int_equal(f->report->n_drifted, 0);
	assert_int_equal(f->report->items.len, f->desired->objects.len);
	emit_drift_text(&f->out, f->report, &eopts);
	assert_non_null(strstr(f->out.buf, "No drift"));
	PgsError err;
	strbuf_reset(&f->out);
	assert_int_equal(emit_drift_json(&f->out, f->report, &eopts, &err), 0);
	struct json_object *root = json_parse(f->out.buf);
	assert_false(json_object_get_boolean(jget(root, "drifted")));
	assert_int_equal(json_object_array_length(jget(root, "differences")), 0);
	assert_int_equal(json_object_array_length(jget(root, "objects")), f->report->items.len);
	json_object_put(root);
	strbuf_reset(&f->out);
	assert_int_equal(emit_drift_junit(&f->out, f->report, &eopts, &err), 0);
	xmlDocPtr doc = xml_valid(f->out.buf, "junit.xsd");
	assert_int_equal((int) xpath_number(doc, "number(/testsuites/@failures)"), 0);
	assert_int_equal((int) xpath_number(doc, "count(//testcase)"), f->report->items.len);
	assert_int_equal((int) xpath_number(doc, "count(//failure)"), 0);
	xmlFreeDoc(doc);
	fixture_free(f);
}

static void test_drift_text_lists_differences(void **state)
{
	(void) state;
	Fixture *f = fixture_new(live_sql, desired_sql, false);
	emit_drift_text(&f->out, f->report, &eopts);
	assert_non_null(strstr(f->out.buf, "Drift: app@db.example:5432/app -> schema/"));
	assert_non_null(strstr(f->out.buf, "table public.users\n"));
	assert_non_null(strstr(f->out.buf, "column type public.users.id: integer -> bigint"));
	assert_non_null(strstr(f->out.buf, "drop public.legacy: in the database, not in the desired schema"));
	char tail[128];
	snprintf(tail, sizeof tail, "%zu objects checked, %zu drifted, %zu differences.\n",
		 f->report->items.len, f->report->n_drifted, f->report->n_changes);
	assert_non_null(strstr(f->out.buf, tail));
	fixture_free(f);
}

static void test_drift_json_lists_each_difference(void **state)
{
	(void) state;
	Fixture *f = fixture_new(live_sql, desired_sql, false);
	PgsError err;
	assert_int_equal(emit_drift_json(&f->out, f->report, &eopts, &err), 0);
	struct json_object *root = json_parse(f->out.buf);
	assert_string_equal(jstr(root, "format"), "pgstage-drift");
	assert_true(json_object_get_boolean(jget(root, "drifted")));
	struct json_object *diffs = jget(root, "differences");
	assert_int_equal(json_object_array_length(diffs), f->report->n_changes);
	struct json_object *sum = jget(root, "summary");
	assert_int_equal(jint(sum, "differences"), f->report->n_changes);
	assert_int_equal(jint(sum, "drifted"), f->report->n_drifted);
	assert_int_equal(jint(sum, "objects"), f->report->items.len);
	bool saw_type = false, saw_drop = false;
	for (size_t i = 0; i < json_object_array_length(diffs); i++) {
		struct json_object *d = json_object_array_get_idx(diffs, i);
		assert_true(strlen(jstr(d, "kind")) > 0);
		assert_true(strlen(jstr(d, "object")) > 0);
		assert_true(strlen(jstr(d, "detail")) > 0);
		if (strcmp(jstr(d, "name"), "public.users.id") == 0) {
			saw_type = true;
			assert_string_equal(jstr(d, "kind"), "table");
			assert_string_equal(jstr(d, "object"), "public.users");
			assert_string_equal(jstr(d, "type"), "column type");
			assert_string_equal(jstr(d, "detail"), "integer -> bigint");
		}
		if (strcmp(jstr(d, "object"), "public.legacy") == 0) {
			saw_drop = true;
			assert_string_equal(jstr(d, "type"), "drop");
		}
	}
	assert_true(saw_type);
	assert_true(saw_drop);
	json_object_put(root);
	fixture_free(f);
}

static void test_drift_junit_one_case_per_object(void **state)
{
	(void) state;
	Fixture *f = fixture_new(live_sql, desired_sql, false);
	PgsError err;
	assert_int_equal(emit_drift_junit(&f->out, f->report, &eopts, &err), 0);
	xmlDocPtr doc = xml_valid(f->out.buf, "junit.xsd");
	char buf[4096];
	int items = (int) f->report->items.len, drifted = (int) f->report->n_drifted;
	assert_int_equal((int) xpath_number(doc, "number(/testsuites/@tests)"), items);
	assert_int_equal((int) xpath_number(doc, "number(/testsuites/@failures)"), drifted);
	assert_int_equal((int) xpath_number(doc, "number(/testsuites/@errors)"), 0);
	assert_int_equal((int) xpath_number(doc, "number(/testsuites/testsuite/@tests)"), items);
	assert_int_equal((int) xpath_number(doc, "number(/testsuites/testsuite/@failures)"), drifted);
	assert_int_equal((int) xpath_number(doc, "count(//testcase)"), items);
	assert_int_equal((int) xpath_number(doc, "count(//testcase[failure])"), drifted);
	assert_string_equal(xpath_string(doc, "string(/testsuites/@time)", buf, sizeof buf), "0.250");
	assert_string_equal(xpath_string(doc, "string(//testsuite/@timestamp)", buf, sizeof buf),
			    eopts.timestamp);
	assert_string_equal(
		xpath_string(doc, "string(//property[@name='target']/@value)", buf, sizeof buf),
		eopts.target);
	xpath_string(doc, "string(//testcase[@classname='table' and @name='public.users']/failure/@message)",
		     buf, sizeof buf);
	assert_non_null(strstr(buf, "column type public.users.id: integer -> bigint"));
	xpath_string(doc, "string(//testcase[@name='public.users']/failure)", buf, sizeof buf);
	assert_non_null(strstr(buf, "integer -> bigint\n"));
	assert_int_equal((int) xpath_number(doc, "count(//testcase[@classname='index' and "
						 "@name='public.users_email']/failure)"),
			 1);
	assert_int_equal((int) xpath_number(doc, "count(//testcase[@classname='schema' and "
						 "@name='public'][not(failure)])"),
			 1);
	xmlFreeDoc(doc);
	fixture_free(f);
}

static void test_drift_error_documents(void **state)
{
	(void) state;
	PgsError failure, err;
	pgs_error_at(&failure, PGSTAGE_EINPUT, "schema/app.sql", 3, 7, "syntax error at or near \"<\"");
	pgs_error_hint(&failure, "check the & and < signs");
	StrBuf out = STRBUF_INIT;
	assert_int_equal(emit_drift_junit(&out, &(DriftReport){0}, NULL, &err), 0); /* empty report */
	xmlFreeDoc(xml_valid(out.buf, "junit.xsd"));
	strbuf_reset(&out);
	assert_int_equal(emit_drift_error_junit(&out, &failure, &eopts, &err), 0);
	xmlDocPtr doc = xml_valid(out.buf, "junit.xsd");
	char buf[1024];
	assert_int_equal((int) xpath_number(doc, "number(/testsuites/@errors)"), 1);
	assert_int_equal((int) xpath_number(doc, "number(/testsuites/@tests)"), 1);
	assert_string_equal(xpath_string(doc, "string(//error/@message)", buf, sizeof buf),
			    failure.message);
	xpath_string(doc, "string(//error)", buf, sizeof buf);
	assert_non_null(strstr(buf, "schema/app.sql:3:7: error: syntax error"));
	assert_non_null(strstr(buf, "hint: check the & and < signs"));
	xmlFreeDoc(doc);
	strbuf_reset(&out);
	assert_int_equal(emit_drift_error_json(&out, &failure, &eopts, &err), 0);
	struct json_object *root = json_parse(out.buf);
	struct json_object *e = jget(root, "error");
	assert_string_equal(jstr(e, "message"), failure.message);
	assert_string_equal(jstr(e, "file"), "schema/app.sql");
	assert_int_equal(jint(e, "line"), 3);
	assert_null(jget(e, "detail"));
	json_object_put(root);
	strbuf_release(&out);
}

static void test_junit_xsd_rejects(void **state)
{
	(void) state;
	char why[1024];
	static const char no_name[] = "<testsuites><testsuite tests=\"1\"><testcase name=\"x\"/>"
				      "</testsuite></testsuites>";
	assert_int_not_equal(xsd_check(no_name, "junit.xsd", NULL, why), 0);
	static const char bad_time[] = "<testsuites time=\"soon\"/>";
	assert_int_not_equal(xsd_check(bad_time, "junit.xsd", NULL, why), 0);
}

static int teardown_all(void **state)
{
	(void) state;
	parse_shutdown();
	xmlCleanupParser();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan_json_matches_plan),
		cmocka_unit_test(test_plan_json_lists_hazards_and_locks),
		cmocka_unit_test(test_plan_json_empty),
		cmocka_unit_test(test_plan_xml_validates_and_matches),
		cmocka_unit_test(test_plan_xml_empty_plan),
		cmocka_unit_test(test_plan_warnings_in_json_and_xml),
		cmocka_unit_test(test_plan_xml_control_characters),
		cmocka_unit_test(test_plan_xsd_preflight_and_rejects),
		cmocka_unit_test(test_plan_preflight_results),
		cmocka_unit_test(test_drift_report_groups_by_object),
		cmocka_unit_test(test_drift_no_changes),
		cmocka_unit_test(test_drift_text_lists_differences),
		cmocka_unit_test(test_drift_json_lists_each_difference),
		cmocka_unit_test(test_drift_junit_one_case_per_object),
		cmocka_unit_test(test_drift_error_documents),
		cmocka_unit_test(test_junit_xsd_rejects),
	};
	return cmocka_run_group_tests_name("export", tests, NULL, teardown_all);
}
