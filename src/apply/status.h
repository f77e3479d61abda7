/*
 * status.h - what `pgstage status` shows from the pgstage schema: recent
 * runs and steps, unfinished backfills, deferred operations, INVALID
 * indexes, and whether a runner holds the lock right now.
 *
 * Memory ownership: every record and string lives in the arena passed to
 * status_load().
 */
#ifndef PGSTAGE_STATUS_H
#define PGSTAGE_STATUS_H

#include <libpq-fe.h>
#include <stdbool.h>

#include "apply/deferred.h"

typedef struct StatusRun {
	const char *run_id, *status, *phases, *source, *started_at, *finished_at, *statements,
		*rows_backfilled, *run_by, *error, *plan_id;
} StatusRun;

typedef struct StatusStep {
	const char *step_id, *run_id, *op_id, *phase, *summary, *status, *started_at, *duration_ms,
		*error, *run_by;
} StatusStep;

typedef struct StatusBackfill {
	const char *op_id, *table, *rows_done, *batches, *updated_at, *finished_at;
} StatusBackfill;

typedef struct StatusReport {
	bool has_history;
	const char *lock_holder;   /* "pid N (app)" when a runner holds the lock, else NULL */
	PtrVec runs;               /* StatusRun*, newest first */
	PtrVec steps;              /* StatusStep*, newest first */
	PtrVec backfills;          /* StatusBackfill*, unfinished */
	PtrVec deferred;           /* DeferredOp* */
	/* char*: qualified names of INVALID indexes (a failed or running
	 * CREATE INDEX CONCURRENTLY): they enforce nothing; read with or
	 * without a history */
	PtrVec invalid_indexes;
} StatusReport;

int status_load(PGconn *conn, Arena *arena, int limit, StatusReport *out, PgsError *err);

#endif
