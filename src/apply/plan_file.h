/*
 * plan_file.h - saved plans (`pgstage plan --out FILE`, `apply --plan FILE`).
 * A saved plan records the fingerprint of the schema it was computed from,
 * so applying it to a database that changed since is refused.
 *
 * Memory ownership: plan_file_read() returns a Plan the caller frees with
 * plan_free().
 */
#ifndef PGSTAGE_PLAN_FILE_H
#define PGSTAGE_PLAN_FILE_H

#include "plan/plan.h"

int plan_file_write(const Plan *plan, const char *path, PgsError *err);
int plan_file_read(Plan **out, const char *path, PgsError *err);

#endif
