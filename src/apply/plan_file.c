/*
 * plan_file.c - saved plans as JSON (json-c); see plan_file.h.
 * Memory ownership: json-c objects are released before returning; a read
 * plan's strings are copied into its own arena.
 */
#include "apply/plan_file.h"
#include "apply/op_id.h"
#include "emit/export.h"
#include "model/print.h"
#include "preflight/preflight.h"
#include "util/hashmap.h"
#include "util/strbuf.h"

#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- writing ---- */

static json_object *jstr(const char *s)
{
	return s ? json_object_new_string(s) : json_object_new_null();
}

static json_object *jstrvec(const PtrVec *v)
{
	json_object *a = json_object_new_array();
	VEC_EACH(const char *, s, v)
		json_object_array_add(a, json_object_new_string(s));
	return a;
}

static json_object *backfill_to_json(const Backfill *b)
{
	json_object *o = json_object_new_object();
	json_object_object_add(o, "schema", jstr(b->schema));
	json_object_object_add(o, "table", jstr(b->table));
	json_object_object_add(o, "key_columns", jstrvec(&b->key_columns));
	json_object_object_add(o, "set_sql", jstr(b->set_sql));
	json_object_object_add(o, "todo_sql", jstr(b->todo_sql));
	json_object_object_add(o, "batch_size", json_object_new_int64(b->batch_size));
	return o;
}

/* The pre-flight checks, so `apply --plan` runs them as `plan` did; a
 * check's fixer is the index of its backfill op in "ops". */
static json_object *checks_to_json(const Plan *plan, const Op *op)
{
	json_object *a = json_object_new_array();
	VEC_EACH(const Check *, c, &op->checks) {
		json_object *o = json_object_new_object();
		json_object_object_add(o, "what", jstr(c->what));
		json_object_object_add(o, "sql", jstr(c->sql));
		if (c->count_sql)
			json_object_object_add(o, "count_sql", jstr(c->count_sql));
		json_object_object_add(o, "fixed_by_backfill", json_object_new_boolean(c->fixed_by_backfill));
		const Op *fixer = preflight_fixer(plan, op, c);
		VEC_EACH(const Op *, o2, &plan->ops)
			if (o2 == fixer)
				json_object_object_add(o, "fixer", json_object_new_int64((int64_t) o2_i));
		json_object_array_add(a, o);
	}
	return a;
}

static json_object *op_to_json(const Plan *plan, const Op *op)
{
	json_object *o = json_object_new_object();
	char id[OP_ID_LEN], action[2] = {op->action ? op->action : '~', '\0'};
	op_id(op, id);
	json_object_object_add(o, "id", json_object_new_string(id));
	json_object_object_add(o, "phase", json_object_new_string(phase_name(op->phase)));
	json_object_object_add(o, "action", json_object_new_string(action));
	json_object_object_add(o, "summary", jstr(op->summary));
	json_object_object_add(o, "note", jstr(op->note));
	json_object_object_add(o, "sql", jstrvec(&op->sql));
	json_object_object_add(o, "no_transaction", json_object_new_boolean(op->no_transaction));
	json_object_object_add(o, "held", json_object_new_boolean(op->held));
	json_object_object_add(o, "hazards", json_object_new_int64(op->hazards));
	json_object_object_add(o, "lock", jstr(op->lock));
	json_object_object_add(o, "lock_schema", jstr(op->lock_schema));
	json_object_object_add(o, "lock_table", jstr(op->lock_table));
	json_object_object_add(o, "backfill",
			       op->backfill ? backfill_to_json(op->backfill) : json_object_new_null());
	if (op->checks.len)
		json_object_object_add(o, "checks", checks_to_json(plan, op));
	return o;
}

/* The catalog's canonical lines as self-standing facts: an indented line
 * (a column, a constraint) is prefixed with the object line above it, so
 * "+ table public.users: column nickname text" says where it belongs. */
static void catalog_facts(const Catalog *cat, Arena *arena, PtrVec *out)
{
	StrBuf sb = STRBUF_INIT;
	catalog_print(cat, &sb);
	const char *object = "";
	for (char *save = NULL, *line = strtok_r(sb.buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (*line != ' ') {
			object = arena_strdup(arena, line);
			vec_push(arena, out, (void *) object);
			continue;
		}
		while (*line == ' ')
			line++;
		vec_push(arena, out, arena_printf(arena, "%s: %s", object, line));
	}
	strbuf_release(&sb);
}

static json_object *facts_to_json(const Catalog *live)
{
	Arena *a = arena_new();
	PtrVec facts = {0};
	catalog_facts(live, a, &facts);
	json_object *arr = json_object_new_array();
	VEC_EACH(const char *, f, &facts)
		json_object_array_add(arr, json_object_new_string(f));
	arena_free(a);
	return arr;
}

static int write_all(const char *path, const char *text, PgsError *err)
{
	StrBuf tmp = STRBUF_INIT;
	strbuf_printf(&tmp, "%s.tmp", path);
	FILE *f = fopen(tmp.buf, "w");
	int rc = 0;
	if (!f) {
		rc = pgs_error_set(err, PGSTAGE_EIO, "%s: cannot write: %s", tmp.buf, strerror(errno));
	} else {
		size_t n = strlen(text);
		bool ok = fwrite(text, 1, n, f) == n && fputc('\n', f) != EOF;
		ok = (fclose(f) == 0) && ok;
		/* rename so a reader never sees half a plan */
		if (!ok || rename(tmp.buf, path) != 0) {
			rc = pgs_error_set(err, PGSTAGE_EIO, "%s: cannot write: %s", path, strerror(errno));
			remove(tmp.buf);
		}
	}
	strbuf_release(&tmp);
	return rc;
}

int plan_file_write_meta(const Plan *plan, const PlanFileMeta *meta, const char *path,
			 PgsError *err)
{
	char pid[OP_ID_LEN];
	plan_id(plan, pid);
	json_object *root = json_object_new_object();
	json_object_object_add(root, "format", json_object_new_string(PLAN_FILE_FORMAT));
	json_object_object_add(root, "format_version", json_object_new_int(PLAN_FILE_VERSION));
	json_object_object_add(root, "pgstage_version", json_object_new_string(PGSTAGE_VERSION));
	json_object_object_add(root, "plan_id", json_object_new_string(pid));
	json_object_object_add(root, "schema_path", jstr(meta ? meta->schema_path : NULL));
	json_object_object_add(root, "fingerprint", jstr(plan->fingerprint));
	json_object_object_add(root, "lock_timeout_ms", json_object_new_int(plan->lock_timeout_ms));
	json_object_object_add(root, "statement_timeout_ms",
			       json_object_new_int(plan->statement_timeout_ms));
	json_object *ops = json_object_new_array();
	VEC_EACH(const Op *, op, &plan->ops)
		json_object_array_add(ops, op_to_json(plan, op));
	json_object_object_add(root, "ops", ops);
	if (meta && meta->live)
		json_object_object_add(root, "live_facts", facts_to_json(meta->live));
	int rc = write_all(path,
			   json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
								JSON_C_TO_STRING_NOSLASHESCAPE),
			   err);
	json_object_put(root);
	return rc;
}

int plan_file_write(const Plan *plan, const char *path, PgsError *err)
{
	return plan_file_write_meta(plan, NULL, path, err);
}

/* ---- reading ---- */

typedef struct Reader {
	const char *path;
	Arena *arena;
	PgsError *err;
} Reader;

static int bad(Reader *r, const char *what)
{
	return pgs_error_set(r->err, PGSTAGE_EINPUT, "%s: not a valid pgstage plan: %s", r->path, what);
}

/* Optional string member: NULL when absent or null; fails on other types. */
static int get_str(Reader *r, json_object *o, const char *key, const char **out)
{
	json_object *v;
	*out = NULL;
	if (!json_object_object_get_ex(o, key, &v) || json_object_is_type(v, json_type_null))
		return 0;
	if (!json_object_is_type(v, json_type_string))
		return pgs_error_set(r->err, PGSTAGE_EINPUT, "%s: not a valid pgstage plan: "
				     "\"%s\" must be a string", r->path, key);
	*out = arena_strdup(r->arena, json_object_get_string(v));
	return 0;
}

static int get_strvec(Reader *r, json_object *o, const char *key, PtrVec *out)
{
	json_object *v;
	if (!json_object_object_get_ex(o, key, &v) || json_object_is_type(v, json_type_null))
		return 0;
	if (!json_object_is_type(v, json_type_array))
		return bad(r, key);
	for (size_t i = 0; i < json_object_array_length(v); i++) {
		json_object *s = json_object_array_get_idx(v, i);
		if (!json_object_is_type(s, json_type_string))
			return bad(r, key);
		vec_push(r->arena, out, arena_strdup(r->arena, json_object_get_string(s)));
	}
	return 0;
}

static int64_t get_int(json_object *o, const char *key)
{
	json_object *v;
	return json_object_object_get_ex(o, key, &v) ? json_object_get_int64(v) : 0;
}

static bool get_bool(json_object *o, const char *key)
{
	json_object *v;
	return json_object_object_get_ex(o, key, &v) && json_object_get_boolean(v);
}

static int read_backfill(Reader *r, json_object *o, Backfill **out)
{
	Backfill *b = ARENA_NEW(r->arena, Backfill);
	int rc = get_str(r, o, "schema", &b->schema);
	if (!rc) rc = get_str(r, o, "table", &b->table);
	if (!rc) rc = get_strvec(r, o, "key_columns", &b->key_columns);
	if (!rc) rc = get_str(r, o, "set_sql", &b->set_sql);
	if (!rc) rc = get_str(r, o, "todo_sql", &b->todo_sql);
	if (rc)
		return rc;
	if (!b->schema || !b->table || !b->set_sql || !b->todo_sql || !b->key_columns.len)
		return bad(r, "backfill needs schema, table, key_columns, set_sql and todo_sql");
	b->batch_size = get_int(o, "batch_size");
	*out = b;
	return 0;
}

static int read_checks(Reader *r, json_object *o, Op *op)
{
	json_object *v;
	if (!json_object_object_get_ex(o, "checks", &v) || json_object_is_type(v, json_type_null))
		return 0;
	if (!json_object_is_type(v, json_type_array))
		return bad(r, "checks");
	for (size_t i = 0; i < json_object_array_length(v); i++) {
		json_object *jc = json_object_array_get_idx(v, i);
		if (!json_object_is_type(jc, json_type_object))
			return bad(r, "each check must be an object");
		Check *c = ARENA_NEW(r->arena, Check);
		int rc = get_str(r, jc, "what", &c->what);
		if (!rc)
			rc = get_str(r, jc, "sql", &c->sql);
		if (!rc)
			rc = get_str(r, jc, "count_sql", &c->count_sql);
		if (rc)
			return rc;
		if (!c->what || !c->sql)
			return bad(r, "a check needs what and sql");
		c->fixed_by_backfill = get_bool(jc, "fixed_by_backfill");
		vec_push(r->arena, &op->checks, c);
	}
	return 0;
}

static int read_op(Reader *r, json_object *o, Op **out)
{
	if (!json_object_is_type(o, json_type_object))
		return bad(r, "each op must be an object");
	Op *op = ARENA_NEW(r->arena, Op);
	const char *phase = NULL, *action = NULL;
	int rc = get_str(r, o, "phase", &phase);
	if (!rc) rc = get_str(r, o, "action", &action);
	if (!rc) rc = get_str(r, o, "summary", &op->summary);
	if (!rc) rc = get_str(r, o, "note", &op->note);
	if (!rc) rc = get_strvec(r, o, "sql", &op->sql);
	if (!rc) rc = get_str(r, o, "lock", &op->lock);
	if (!rc) rc = get_str(r, o, "lock_schema", &op->lock_schema);
	if (!rc) rc = get_str(r, o, "lock_table", &op->lock_table);
	if (rc)
		return rc;
	op->phase = PHASE_COUNT;
	for (int p = 0; phase && p < PHASE_COUNT; p++)
		if (strcmp(phase, phase_name((Phase) p)) == 0)
			op->phase = (Phase) p;
	if (op->phase == PHASE_COUNT)
		return bad(r, "op phase must be expand, backfill, tighten or contract");
	op->action = action && *action ? action[0] : '~';
	op->no_transaction = get_bool(o, "no_transaction");
	op->held = get_bool(o, "held");
	op->hazards = (unsigned) get_int(o, "hazards");
	if (!op->summary)
		op->summary = "(no summary)";
	json_object *bf;
	if (json_object_object_get_ex(o, "backfill", &bf) && !json_object_is_type(bf, json_type_null))
		if ((rc = read_backfill(r, bf, &op->backfill)))
			return rc;
	if ((rc = read_checks(r, o, op)))
		return rc;
	*out = op;
	return 0;
}

/* A check's fixer index, resolved once every op is read. */
static int resolve_fixers(Reader *r, json_object *ops, Plan *plan)
{
	VEC_EACH(Op *, op, &plan->ops) {
		json_object *checks, *fixer;
		if (!json_object_object_get_ex(json_object_array_get_idx(ops, op_i), "checks", &checks))
			continue;
		VEC_EACH(Check *, c, &op->checks) {
			json_object *jc = json_object_array_get_idx(checks, c_i);
			if (!json_object_object_get_ex(jc, "fixer", &fixer))
				continue;
			int64_t i = json_object_get_int64(fixer);
			if (i < 0 || (size_t) i >= plan->ops.len || !((Op *) plan->ops.items[i])->backfill)
				return bad(r, "a check's fixer must be the index of a backfill op");
			c->fixer = plan->ops.items[i];
		}
	}
	return 0;
}

static char *slurp(const char *path, PgsError *err)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		pgs_error_set(err, PGSTAGE_EIO, "%s: cannot read: %s", path, strerror(errno));
		return NULL;
	}
	StrBuf sb = STRBUF_INIT;
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		strbuf_add(&sb, chunk, n);
	fclose(f);
	return strbuf_detach(&sb);
}

static int read_root(Reader *r, json_object *root, Plan *plan, PlanFileMeta *meta)
{
	const char *format = NULL;
	if (!json_object_is_type(root, json_type_object))
		return bad(r, "the document must be an object");
	int rc = get_str(r, root, "format", &format);
	if (rc)
		return rc;
	/* a report, or one from before it was named apart (phases, no ops) */
	if (str_equal(format, PLAN_REPORT_FORMAT) ||
	    (str_equal(format, PLAN_FILE_FORMAT) && json_object_object_get_ex(root, "phases", NULL) &&
	     !json_object_object_get_ex(root, "ops", NULL))) {
		pgs_error_set(r->err, PGSTAGE_EINPUT,
			      "%s: this is a plan report (plan --format json), not a saved plan", r->path);
		pgs_error_hint(r->err, "save a plan for apply with: pgstage plan --out FILE");
		return PGSTAGE_EINPUT;
	}
	if (!format || strcmp(format, PLAN_FILE_FORMAT) != 0)
		return bad(r, "\"format\" is not \"" PLAN_FILE_FORMAT "\"");
	if (get_int(root, "format_version") != PLAN_FILE_VERSION)
		return pgs_error_set(r->err, PGSTAGE_EINPUT,
				     "%s: plan format version %lld is not supported (this pgstage reads %d)",
				     r->path, (long long) get_int(root, "format_version"), PLAN_FILE_VERSION);
	if ((rc = get_str(r, root, "fingerprint", &plan->fingerprint)))
		return rc;
	if (!plan->fingerprint)
		return bad(r, "\"fingerprint\" is missing");
	plan->lock_timeout_ms = (int) get_int(root, "lock_timeout_ms");
	plan->statement_timeout_ms = (int) get_int(root, "statement_timeout_ms");
	PlanFileMeta m = {0};
	if ((rc = get_str(r, root, "schema_path", &m.schema_path)) ||
	    (rc = get_str(r, root, "pgstage_version", &m.pgstage_version)) ||
	    (rc = get_str(r, root, "plan_id", &m.plan_id)) ||
	    (rc = get_strvec(r, root, "live_facts", &m.live_facts)))
		return rc;
	json_object *ops;
	if (!json_object_object_get_ex(root, "ops", &ops) || !json_object_is_type(ops, json_type_array))
		return bad(r, "\"ops\" must be an array");
	for (size_t i = 0; i < json_object_array_length(ops); i++) {
		Op *op = NULL;
		if ((rc = read_op(r, json_object_array_get_idx(ops, i), &op)))
			return rc;
		op->seq = i;
		vec_push(plan->arena, &plan->ops, op);
		if (op->held)
			plan->n_held++;
		else if (op->action == '+')
			plan->n_add++;
		else if (op->action == '-')
			plan->n_drop++;
		else
			plan->n_change++;
	}
	if ((rc = resolve_fixers(r, ops, plan)))
		return rc;
	if (meta)
		*meta = m;
	return 0;
}

int plan_file_read_meta(Plan **out, PlanFileMeta *meta, const char *path, PgsError *err)
{
	*out = NULL;
	if (meta)
		*meta = (PlanFileMeta){0};
	char *text = slurp(path, err);
	if (!text)
		return PGSTAGE_EIO;
	enum json_tokener_error jerr;
	json_object *root = json_tokener_parse_verbose(text, &jerr);
	free(text);
	if (!root)
		return pgs_error_set(err, PGSTAGE_EINPUT, "%s: not a valid pgstage plan: %s", path,
				     json_tokener_error_desc(jerr));
	Plan *plan = xcalloc(1, sizeof *plan);
	plan->arena = arena_new();
	Reader r = {.path = path, .arena = plan->arena, .err = err};
	int rc = read_root(&r, root, plan, meta);
	json_object_put(root);
	if (rc) {
		plan_free(plan);
		if (meta)
			*meta = (PlanFileMeta){0};
		return rc;
	}
	*out = plan;
	return 0;
}

int plan_file_read(Plan **out, const char *path, PgsError *err)
{
	return plan_file_read_meta(out, NULL, path, err);
}

/* ---- checking ---- */

enum { MAX_FACTS_SHOWN = 12 };

/* Appends "+ fact" for each fact of `a` missing from `b` (sign '+'), or
 * "- fact" (sign '-'); counts them all, shows the first few. */
static void fact_delta(StrBuf *out, const PtrVec *a, const HashMap *b, char sign, size_t *n)
{
	VEC_EACH(const char *, f, a) {
		if (hashmap_get(b, f))
			continue;
		if (++*n <= MAX_FACTS_SHOWN)
			strbuf_printf(out, "%s%c %s", out->len ? "\n" : "", sign, f);
	}
}

int plan_file_check(const Plan *plan, const PlanFileMeta *meta, const Catalog *live,
		    PgsError *err)
{
	const char *now = catalog_fingerprint(live);
	if (plan->fingerprint && strcmp(plan->fingerprint, now) == 0)
		return 0;
	pgs_error_set(err, PGSTAGE_EGENERIC,
		      "the database schema changed since the plan was made (planned from %.12s, now %.12s)",
		      plan->fingerprint ? plan->fingerprint : "?", now);
	pgs_error_hint(err, "make a new plan with 'pgstage plan --out FILE' and review it");
	if (!meta || !meta->live_facts.len)
		return PGSTAGE_EGENERIC;

	/* Say what changed: facts only in the saved schema ("-") or only live ("+"). */
	Arena *arena = arena_new();
	StrBuf out = STRBUF_INIT;
	PtrVec now_facts = {0};
	catalog_facts(live, arena, &now_facts);
	HashMap saved = HASHMAP_INIT, current = HASHMAP_INIT;
	VEC_EACH(char *, f, &meta->live_facts)
		hashmap_put(&saved, f, f);
	VEC_EACH(char *, f, &now_facts)
		hashmap_put(&current, f, f);
	size_t n = 0;
	fact_delta(&out, &meta->live_facts, &current, '-', &n);
	fact_delta(&out, &now_facts, &saved, '+', &n);
	if (n > MAX_FACTS_SHOWN)
		strbuf_printf(&out, "\n... and %zu more", n - MAX_FACTS_SHOWN);
	if (n)
		pgs_error_detail(err, "changed since the plan was made (- then, + now):\n%s", out.buf);
	hashmap_release(&saved);
	hashmap_release(&current);
	strbuf_release(&out);
	arena_free(arena);
	return PGSTAGE_EGENERIC;
}
