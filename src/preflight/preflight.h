/*
 * preflight.h - read-only data checks against the live database before a
 * plan runs: NULLs before SET NOT NULL, orphans before a foreign key,
 * duplicates before UNIQUE, rows failing a new CHECK, values that do not
 * convert to a new type.  The planner writes the checks (Op.checks); this
 * module runs them in one READ ONLY transaction, each bounded by a
 * statement_timeout, and records the results on the checks.  `plan` runs
 * them before printing, `apply` before changing anything and again right
 * before each tighten or contract operation that has checks (src/apply).
 *
 * Memory ownership: result strings go into the plan's arena (or the arena
 * given); a refusal is written into the caller's PgsError.
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
/* The same for the operations of `plan` for which `selected(op, ctx)` is
 * true (apply: the phases of this run). */
int preflight_run_selected(Plan *plan, PGconn *conn, int timeout_ms,
			   bool (*selected)(const Op *op, void *ctx), void *ctx, size_t *refusals,
			   PgsError *err);
/* Runs `n` checks now, in one READ ONLY transaction, filling their results
 * (strings in `arena`). */
int preflight_run_checks(PGconn *conn, Arena *arena, Check *const *checks, size_t n,
			 int timeout_ms, PgsError *err);

/* True when the check stops the plan. */
bool preflight_refuses(const Check *c);
/* True when the check found rows (or failed other than by a timeout),
 * whether or not a backfill fixes them. */
bool preflight_found(const Check *c);

/* "N rows with NULL in ..." / the check's error, for messages. */
const char *preflight_result_text(Arena *arena, const Check *c);

/* Fills `err` (PGSTAGE_EREFUSED, exit 6) with the refusal of the checks of
 * `plan` that refuse: the count, then one detail line per check
 * ("<operation>: <count> <what>"), and a hint.  The one wording `plan` and
 * `apply` use. */
int preflight_refusal(const Plan *plan, size_t refusals, PgsError *err);

/* The backfill operation of `plan` that fixes the rows `c` (a check of
 * `op`, fixed_by_backfill) counts, or NULL when there is none. */
const Op *preflight_fixer(const Plan *plan, const Op *op, const Check *c);

#endif
