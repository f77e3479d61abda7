/*
 * emit_drift.c - drift reports as text (for people) and JSON (json-c).
 *
 * JSON layout (format_version 1):
 *   { format: "pgstage-drift", format_version, pgstage_version, target,
 *     source, drifted,
 *     summary: { objects, drifted, differences },
 *     differences: [ { kind, object, name, type, detail } ],
 *     objects: [ { kind, name, status: "ok" | "drift" } ] }
 * `object` is the object checked; `name` is what differs in it (a column or
 * constraint name is appended).  A failed check gives { ..., error:
 * { message, detail, hint, file, line, col } } instead.
 *
 * Memory ownership: appends to the caller's StrBuf; scratch names live in
 * a local arena; the json-c tree is released here.
 */
#include "emit/export_int.h"
#include "util/escape.h"

void emit_drift_text(StrBuf *out, const DriftReport *r, const ExportOptions *o)
{
	/* names and details come from the schema and the catalog: escaped
	 * (util/escape.h), one line each */
	if (o && (o->target || o->source)) {
		strbuf_display(out, "Drift: %s -> %s", o->target ? o->target : "database",
			       o->source ? o->source : "schema");
		strbuf_puts(out, "\n\n");
	}
	if (r->n_changes == 0) {
		strbuf_printf(out, "No drift: the database matches the desired schema (%zu objects checked).\n",
			      r->items.len);
		return;
	}
	Arena *scratch = arena_new();
	VEC_EACH(const DriftItem *, it, &r->items) {
		if (it->changes.len == 0)
			continue;
		strbuf_display(out, "%s %s", obj_kind_name(it->kind), it->name);
		strbuf_putc(out, '\n');
		VEC_EACH(const Change *, ch, &it->changes) {
			strbuf_display(out, "  %s %s: %s", change_type_name(ch->type),
				       change_object_name(scratch, ch), drift_change_detail(ch));
			strbuf_putc(out, '\n');
		}
	}
	arena_free(scratch);
	strbuf_printf(out, "\n%zu objects checked, %zu drifted, %zu difference%s.\n", r->items.len,
		      r->n_drifted, r->n_changes, r->n_changes == 1 ? "" : "s");
}

static void add(struct json_object *obj, const char *key, struct json_object *val)
{
	json_object_object_add(obj, key, val);
}

static struct json_object *document(const char *format, const ExportOptions *o)
{
	struct json_object *root = json_object_new_object();
	add(root, "format", json_object_new_string(format));
	add(root, "format_version", json_object_new_int(PGSTAGE_EXPORT_FORMAT_VERSION));
	add(root, "pgstage_version", json_object_new_string(PGSTAGE_VERSION));
	add(root, "target", export_json_string(o ? o->target : NULL));
	add(root, "source", export_json_string(o ? o->source : NULL));
	return root;
}

int emit_drift_json(StrBuf *out, const DriftReport *r, const ExportOptions *o, PgsError *err)
{
	Arena *scratch = arena_new();
	struct json_object *root = document("pgstage-drift", o);
	add(root, "drifted", json_object_new_boolean(r->n_changes > 0));
	struct json_object *summary = json_object_new_object();
	add(summary, "objects", json_object_new_int64((int64_t) r->items.len));
	add(summary, "drifted", json_object_new_int64((int64_t) r->n_drifted));
	add(summary, "differences", json_object_new_int64((int64_t) r->n_changes));
	add(root, "summary", summary);
	struct json_object *diffs = json_object_new_array(), *objects = json_object_new_array();
	VEC_EACH(const DriftItem *, it, &r->items) {
		VEC_EACH(const Change *, ch, &it->changes) {
			struct json_object *d = json_object_new_object();
			add(d, "kind", json_object_new_string(obj_kind_name(it->kind)));
			add(d, "object", json_object_new_string(it->name));
			add(d, "name", json_object_new_string(change_object_name(scratch, ch)));
			add(d, "type", json_object_new_string(change_type_name(ch->type)));
			add(d, "detail", json_object_new_string(drift_change_detail(ch)));
			json_object_array_add(diffs, d);
		}
		struct json_object *obj = json_object_new_object();
		add(obj, "kind", json_object_new_string(obj_kind_name(it->kind)));
		add(obj, "name", json_object_new_string(it->name));
		add(obj, "status", json_object_new_string(it->changes.len ? "drift" : "ok"));
		json_object_array_add(objects, obj);
	}
	add(root, "differences", diffs);
	add(root, "objects", objects);
	int rc = export_json_finish(root, out, err);
	arena_free(scratch);
	return rc;
}

static struct json_object *nonempty(const char *s)
{
	return s && *s ? json_object_new_string(s) : NULL;
}

int emit_drift_error_json(StrBuf *out, const PgsError *failure, const ExportOptions *o,
			  PgsError *err)
{
	struct json_object *root = document("pgstage-drift", o);
	struct json_object *e = json_object_new_object();
	add(e, "message", json_object_new_string(failure->message));
	add(e, "detail", nonempty(failure->detail));
	add(e, "hint", nonempty(failure->hint));
	add(e, "file", nonempty(failure->file));
	add(e, "line", failure->line ? json_object_new_int(failure->line) : NULL);
	add(e, "col", failure->col ? json_object_new_int(failure->col) : NULL);
	add(root, "error", e);
	return export_json_finish(root, out, err);
}
