/*
 * export_int.h - pieces the plan and drift exporters share (private to
 * src/emit).
 *
 * Memory ownership: returned strings are static, or allocated in the
 * arena passed in.
 */
#ifndef PGSTAGE_EXPORT_INT_H
#define PGSTAGE_EXPORT_INT_H

#include <json-c/json.h>

#include "emit/export.h"

/* "add", "change", "drop" for an Op's '+', '~', '-'. */
const char *export_action_name(char action);

/* "public.users" for the table an op locks; NULL when it locks none. */
const char *export_lock_table(Arena *arena, const Op *op);

/* Verdict of a pre-flight check, one word: "not-run" (held op, or checks
 * skipped), "refuse" (stops the plan), "timeout", "fixed-by-backfill"
 * (offending rows a backfill in the plan fixes first) or "pass". */
const char *export_check_verdict(const Check *c);

/* Checks among the plan's ops that stop it (preflight_refuses()). */
size_t export_refusals(const Plan *plan);

/* A json-c string, or JSON null for NULL. */
struct json_object *export_json_string(const char *s);

/* Serializes `root` (pretty, "/" unescaped, final newline), appends it to
 * `out` and releases `root`. */
int export_json_finish(struct json_object *root, StrBuf *out, PgsError *err);

#endif
