/*
 * emit_json.c - the plan as a JSON document (json-c does all escaping).
 *
 * Layout (format_version 1; new optional members may appear without a
 * version change):
 *   { format: "pgstage-plan-report", format_version, pgstage_version, target, source, fingerprint,
 *     lock_timeout_ms, statement_timeout_ms,
 *     phases: [ { name, operations: [ { position, action, symbol, summary,
 *       note, cost, object, object_kind, change, held, no_transaction,
 *       lock, lock_table, hazards: [name], statements: [sql], backfill?,
 *       preflight?: [ { check, query, ran, count, verdict,
 *       fixed_by_backfill, error, sample } ] } ] } ],
 *     summary: { operations, runnable, add, change, drop, held,
 *       preflight_refusals },
 *     warnings: [text] }
 * Phases are the runs of consecutive operations in execution order, so
 * reading them front to back is the order apply runs them in.
 *
 * Memory ownership: the json-c tree is built and released here; scratch
 * strings live in a local arena.
 */
#include "emit/export_int.h"

static void add(struct json_object *obj, const char *key, struct json_object *val)
{
	json_object_object_add(obj, key, val);
}

static struct json_object *string_array(const PtrVec *v)
{
	struct json_object *arr = json_object_new_array();
	VEC_EACH(const char *, s, v)
		json_object_array_add(arr, json_object_new_string(s));
	return arr;
}

static struct json_object *hazard_array(unsigned hazards)
{
	struct json_object *arr = json_object_new_array();
	for (unsigned bit = 1; bit < (1u << HAZ_COUNT); bit <<= 1)
		if (hazards & bit)
			json_object_array_add(arr, json_object_new_string(hazard_name(bit)));
	return arr;
}

static struct json_object *backfill_object(const Backfill *b)
{
	struct json_object *o = json_object_new_object();
	add(o, "schema", export_json_string(b->schema));
	add(o, "table", export_json_string(b->table));
	add(o, "key_columns", string_array(&b->key_columns));
	add(o, "set", export_json_string(b->set_sql));
	add(o, "todo", export_json_string(b->todo_sql));
	add(o, "batch_size", json_object_new_int64(b->batch_size));
	return o;
}

/* count is null when the check did not run or failed; a count above
 * PREFLIGHT_CAP means "more than PREFLIGHT_CAP" (the query stops there). */
static struct json_object *preflight_array(const PtrVec *checks)
{
	struct json_object *arr = json_object_new_array();
	VEC_EACH(const Check *, c, checks) {
		struct json_object *o = json_object_new_object();
		add(o, "check", export_json_string(c->what));
		add(o, "query", export_json_string(c->sql));
		add(o, "ran", json_object_new_boolean(c->ran));
		add(o, "count", c->ran && !c->error ? json_object_new_int64(c->count) : NULL);
		add(o, "verdict", json_object_new_string(export_check_verdict(c)));
		add(o, "fixed_by_backfill", json_object_new_boolean(c->fixed_by_backfill));
		add(o, "error", export_json_string(c->error));
		add(o, "sample", export_json_string(c->sample));
		json_object_array_add(arr, o);
	}
	return arr;
}

static struct json_object *op_object(Arena *scratch, const Op *op, size_t position)
{
	struct json_object *o = json_object_new_object();
	add(o, "position", json_object_new_int64((int64_t) position));
	add(o, "action", json_object_new_string(export_action_name(op->action)));
	add(o, "symbol", json_object_new_string_len(&op->action, 1));
	add(o, "summary", export_json_string(op->summary));
	add(o, "note", export_json_string(op->note));
	add(o, "cost", export_json_string(op->cost));
	const Change *ch = op->change;
	add(o, "object", ch ? json_object_new_string(change_object_name(scratch, ch)) : NULL);
	add(o, "object_kind", ch ? json_object_new_string(obj_kind_name(ch->kind)) : NULL);
	add(o, "change", ch ? json_object_new_string(change_type_name(ch->type)) : NULL);
	add(o, "held", json_object_new_boolean(op->held));
	add(o, "no_transaction", json_object_new_boolean(op->no_transaction));
	add(o, "lock", export_json_string(op->lock));
	add(o, "lock_table", export_json_string(export_lock_table(scratch, op)));
	add(o, "hazards", hazard_array(op->hazards));
	add(o, "statements", string_array(&op->sql));
	if (op->backfill)
		add(o, "backfill", backfill_object(op->backfill));
	if (op->checks.len)
		add(o, "preflight", preflight_array(&op->checks));
	return o;
}

static struct json_object *phases_array(Arena *scratch, const Plan *plan)
{
	struct json_object *phases = json_object_new_array(), *ops = NULL;
	int current = -1;
	VEC_EACH(const Op *, op, &plan->ops) {
		if ((int) op->phase != current) {
			current = (int) op->phase;
			struct json_object *phase = json_object_new_object();
			add(phase, "name", json_object_new_string(phase_name(op->phase)));
			ops = json_object_new_array();
			add(phase, "operations", ops);
			json_object_array_add(phases, phase);
		}
		json_object_array_add(ops, op_object(scratch, op, op_i + 1));
	}
	return phases;
}

static struct json_object *summary_object(const Plan *plan)
{
	struct json_object *s = json_object_new_object();
	add(s, "operations", json_object_new_int64((int64_t) plan->ops.len));
	add(s, "runnable", json_object_new_int64((int64_t) plan_runnable_count(plan)));
	add(s, "add", json_object_new_int64((int64_t) plan->n_add));
	add(s, "change", json_object_new_int64((int64_t) plan->n_change));
	add(s, "drop", json_object_new_int64((int64_t) plan->n_drop));
	add(s, "held", json_object_new_int64((int64_t) plan->n_held));
	add(s, "preflight_refusals", json_object_new_int64((int64_t) export_refusals(plan)));
	return s;
}

int emit_plan_json(StrBuf *out, const Plan *plan, const ExportOptions *opts, PgsError *err)
{
	Arena *scratch = arena_new();
	struct json_object *root = json_object_new_object();
	/* not "pgstage-plan": that is the saved plan apply --plan reads
	 * (src/apply/plan_file.h), a different document */
	add(root, "format", json_object_new_string(PLAN_REPORT_FORMAT));
	add(root, "format_version", json_object_new_int(PGSTAGE_EXPORT_FORMAT_VERSION));
	add(root, "pgstage_version", json_object_new_string(PGSTAGE_VERSION));
	add(root, "target", export_json_string(opts ? opts->target : NULL));
	add(root, "source", export_json_string(opts ? opts->source : NULL));
	add(root, "fingerprint", export_json_string(plan->fingerprint));
	add(root, "lock_timeout_ms", json_object_new_int(plan->lock_timeout_ms));
	add(root, "statement_timeout_ms", json_object_new_int(plan->statement_timeout_ms));
	add(root, "phases", phases_array(scratch, plan));
	add(root, "summary", summary_object(plan));
	struct json_object *warnings = json_object_new_array();
	if (plan->cycle_note)
		json_object_array_add(warnings, json_object_new_string(plan->cycle_note));
	VEC_EACH(const char *, w, &plan->warnings)
		json_object_array_add(warnings, json_object_new_string(w));
	add(root, "warnings", warnings);
	int rc = export_json_finish(root, out, err);
	arena_free(scratch);
	return rc;
}
