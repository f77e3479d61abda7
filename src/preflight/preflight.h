/*
 * preflight.h - read-only data checks against the live database before a
 * plan runs: NULLs before SET NOT NULL, orphans before a foreign key,
 * duplicates before UNIQUE, rows failing a new CHECK, values that do not
 * convert to a new type.  The planner writes the checks (Op.checks); this
 * module runs them in one READ ONLY transaction, each bounded by a
 * statement_timeout, and records the results on the checks.
 *
 * Memory ownership: result strings go into the plan's arena.
 */
#ifndef PGSTAGE_PREFLIGHT_H
#define PGSTAGE_PREFLIGHT_H

#include <libpq-fe.h>
#include "plan/plan.h"

/* Default bound of one check. */
#define PREFLIGHT_TIMEOUT_MS 10000

/* Runs the checks of every operation that will run.  *refusals counts the
 * checks that found offending rows (or could not convert values) and are
 * not fixed by a backfill in the plan: the plan must not be applied.
 * A check that times out is reported but not counted as a refusal. */
int preflight_run(Plan *plan, PGconn *conn, int timeout_ms, size_t *refusals, PgsError *err);

/* True when the check stops the plan. */
bool preflight_refuses(const Check *c);

#endif
