/*
 * export.c - helpers shared by the JSON, XML and JUnit exporters.
 * Memory ownership: see export_int.h.
 */
#include "emit/export_int.h"
#include "preflight/preflight.h"

#include <string.h>

const char *export_action_name(char action)
{
	return action == '+' ? "add" : action == '-' ? "drop" : "change";
}

const char *export_lock_table(Arena *arena, const Op *op)
{
	if (!op->lock_table)
		return NULL;
	if (!op->lock_schema)
		return arena_strdup(arena, op->lock_table);
	return arena_printf(arena, "%s.%s", op->lock_schema, op->lock_table);
}

const char *export_check_verdict(const Check *c)
{
	if (!c->ran)
		return "not-run";
	if (preflight_refuses(c))
		return "refuse";
	if (c->error && strstr(c->error, "statement timeout"))
		return "timeout";
	if ((c->count > 0 || c->error) && c->fixed_by_backfill)
		return "fixed-by-backfill";
	return "pass";
}

size_t export_refusals(const Plan *plan)
{
	size_t n = 0;
	VEC_EACH(const Op *, op, &plan->ops)
		VEC_EACH(const Check *, c, &op->checks)
			n += preflight_refuses(c);
	return n;
}

struct json_object *export_json_string(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

int export_json_finish(struct json_object *root, StrBuf *out, PgsError *err)
{
	const char *text = root ? json_object_to_json_string_ext(
					  root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
						  JSON_C_TO_STRING_NOSLASHESCAPE)
				: NULL;
	if (text) {
		strbuf_puts(out, text);
		strbuf_putc(out, '\n');
	}
	json_object_put(root); /* frees text too */
	return text ? 0 : pgs_error_set(err, PGSTAGE_EGENERIC, "json-c could not write the json document");
}
