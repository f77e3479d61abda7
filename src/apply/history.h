/*
 * history.h - the pgstage-owned schema `pgstage`: runs, steps (the audit
 * log of every statement group applied), backfill progress and deferred
 * contract operations.  Introspection ignores this schema.
 *
 * History rows are written on their own autocommit connection, so a step
 * whose transaction rolls back still leaves its error behind.
 *
 * Memory ownership: nothing is allocated beyond the call; ids are returned
 * in caller-provided buffers.
 */
#ifndef PGSTAGE_HISTORY_H
#define PGSTAGE_HISTORY_H

#include <libpq-fe.h>
#include <stdbool.h>

#include "plan/plan.h"
#include "util/hashmap.h"

#define HISTORY_SCHEMA "pgstage"

/* Creates the schema and its tables when missing (idempotent). */
int history_ensure(PGconn *conn, PgsError *err);
/* Whether the schema's tables exist (status reads without creating). */
int history_exists(PGconn *conn, bool *exists, PgsError *err);

/* Marks runs and steps left 'running' by a runner that died as 'abandoned'.
 * Only call while holding the run lock: then no one else is running. */
int history_close_abandoned(PGconn *conn, PgsError *err);

typedef struct RunInfo {
	const char *plan_id, *fingerprint, *phases, *source, *run_by;
	bool dry_run;
} RunInfo;

int history_run_start(PGconn *conn, const RunInfo *info, long *run_id, PgsError *err);
/* status: "succeeded", "failed", "interrupted"; error may be NULL. */
int history_run_finish(PGconn *conn, long run_id, const char *status, const char *error,
		       long statements, long rows, PgsError *err);

/* Records the live schema's fingerprint as the run left it (updated after
 * every committed group, so even a killed run leaves its last position). */
int history_run_fingerprint(PGconn *conn, long run_id, const char *fingerprint, PgsError *err);
/* The latest run of plan `plan_id` that left the schema at `fingerprint`
 * (0 when none): a saved plan may then continue from there. */
int history_plan_left_at(PGconn *conn, const char *plan_id, const char *fingerprint, long *run_id,
			 PgsError *err);
/* The latest run of plan `plan_id` that succeeded and changed something
 * (0 when none). */
int history_plan_last_success(PGconn *conn, const char *plan_id, long *run_id, PgsError *err);
/* Op ids of plan `plan_id` with an applied step in a run up to `up_to_run`
 * (0: any run), as keys of `out` (strings in `arena`). */
int history_applied_ops(PGconn *conn, Arena *arena, const char *plan_id, long up_to_run,
			HashMap *out, PgsError *err);

typedef struct StepInfo {
	long run_id;
	const char *plan_id, *op_id, *summary, *statement, *run_by;
	Phase phase;
} StepInfo;

int history_step_start(PGconn *conn, const StepInfo *info, long *step_id, PgsError *err);
/* status: "applied", "failed", "rolled back", "interrupted"; error may be NULL. */
int history_step_finish(PGconn *conn, long step_id, const char *status, const char *error,
			PgsError *err);

#endif
