/*
 * emit_xml.c - the plan as an XML document, written with libxml2's
 * xmlTextWriter and described by schemas/plan.xsd (keep the two in step:
 * tests validate every document against it).
 *
 * Element order inside <plan>: target?, source?, fingerprint?, timeouts,
 * phase*, summary, warning*.  Phases are the runs of consecutive operations
 * in execution order, as in the JSON export.
 *
 * Memory ownership: the writer is released here; scratch strings live in
 * a local arena.
 */
#include "emit/export_int.h"
#include "emit/xml_out.h"

static void put_hazards(XmlOut *x, unsigned hazards)
{
	if (!hazards)
		return;
	xml_start(x, "hazards");
	for (unsigned bit = 1; bit < (1u << HAZ_COUNT); bit <<= 1)
		if (hazards & bit)
			xml_elem(x, "hazard", hazard_name(bit));
	xml_end(x);
}

static void put_backfill(XmlOut *x, const Backfill *b)
{
	xml_start(x, "backfill");
	xml_attr(x, "schema", b->schema);
	xml_attr(x, "table", b->table);
	xml_attr_long(x, "batch-size", b->batch_size);
	VEC_EACH(const char *, col, &b->key_columns)
		xml_elem(x, "key-column", col);
	xml_elem(x, "set", b->set_sql);
	xml_elem(x, "todo", b->todo_sql);
	xml_end(x);
}

static void put_preflight(XmlOut *x, const PtrVec *checks)
{
	if (!checks->len)
		return;
	xml_start(x, "preflight");
	VEC_EACH(const Check *, c, checks) {
		xml_start(x, "check");
		xml_attr(x, "name", c->what ? c->what : "");
		xml_attr(x, "verdict", export_check_verdict(c));
		if (c->ran && !c->error)
			xml_attr_long(x, "count", c->count);
		xml_attr_bool(x, "fixed-by-backfill", c->fixed_by_backfill);
		xml_elem(x, "query", c->sql);
		xml_elem(x, "error", c->error);
		xml_elem(x, "sample", c->sample);
		xml_end(x);
	}
	xml_end(x);
}

static void put_op(XmlOut *x, Arena *scratch, const Op *op, size_t position)
{
	char symbol[2] = {op->action, '\0'};
	xml_start(x, "operation");
	xml_attr_long(x, "position", (long long) position);
	xml_attr(x, "action", export_action_name(op->action));
	xml_attr(x, "symbol", symbol);
	xml_attr_bool(x, "held", op->held);
	xml_attr_bool(x, "no-transaction", op->no_transaction);
	xml_elem(x, "summary", op->summary ? op->summary : "");
	xml_elem(x, "note", op->note);
	xml_elem(x, "cost", op->cost);
	if (op->change) {
		xml_start(x, "object");
		xml_attr(x, "kind", obj_kind_name(op->change->kind));
		xml_attr(x, "change", change_type_name(op->change->type));
		xml_text(x, change_object_name(scratch, op->change));
		xml_end(x);
	}
	if (op->lock) {
		xml_start(x, "lock");
		xml_attr(x, "mode", op->lock);
		xml_attr(x, "table", export_lock_table(scratch, op));
		xml_end(x);
	}
	put_hazards(x, op->hazards);
	xml_start(x, "statements");
	VEC_EACH(const char *, stmt, &op->sql)
		xml_elem(x, "statement", stmt);
	xml_end(x);
	if (op->backfill)
		put_backfill(x, op->backfill);
	put_preflight(x, &op->checks);
	xml_end(x);
}

static void put_summary(XmlOut *x, const Plan *plan)
{
	xml_start(x, "summary");
	xml_attr_long(x, "operations", (long long) plan->ops.len);
	xml_attr_long(x, "runnable", (long long) plan_runnable_count(plan));
	xml_attr_long(x, "add", (long long) plan->n_add);
	xml_attr_long(x, "change", (long long) plan->n_change);
	xml_attr_long(x, "drop", (long long) plan->n_drop);
	xml_attr_long(x, "held", (long long) plan->n_held);
	xml_attr_long(x, "preflight-refusals", (long long) export_refusals(plan));
	xml_end(x);
}

int emit_plan_xml(StrBuf *out, const Plan *plan, const ExportOptions *opts, PgsError *err)
{
	Arena *scratch = arena_new();
	XmlOut *x = xml_out_new();
	xml_start(x, "plan");
	xml_attr_long(x, "format-version", PGSTAGE_EXPORT_FORMAT_VERSION);
	xml_attr(x, "pgstage-version", PGSTAGE_VERSION);
	xml_elem(x, "target", opts ? opts->target : NULL);
	xml_elem(x, "source", opts ? opts->source : NULL);
	xml_elem(x, "fingerprint", plan->fingerprint);
	xml_start(x, "timeouts");
	xml_attr_long(x, "lock-ms", plan->lock_timeout_ms);
	xml_attr_long(x, "statement-ms", plan->statement_timeout_ms);
	xml_end(x);
	int current = -1;
	VEC_EACH(const Op *, op, &plan->ops) {
		if ((int) op->phase != current) {
			if (current >= 0)
				xml_end(x);
			current = (int) op->phase;
			xml_start(x, "phase");
			xml_attr(x, "name", phase_name(op->phase));
		}
		put_op(x, scratch, op, op_i + 1);
	}
	if (current >= 0)
		xml_end(x);
	put_summary(x, plan);
	xml_elem(x, "warning", plan->cycle_note);
	VEC_EACH(const char *, w, &plan->warnings)
		xml_elem(x, "warning", w);
	xml_end(x);
	int rc = xml_out_finish(x, out, err);
	arena_free(scratch);
	return rc;
}
