/*
 * deferred.h - contract operations held back from a run, recorded in
 * pgstage.deferred so that `pgstage status` (and the planner) can list what
 * still waits for `apply --phase contract`.
 *
 * Memory ownership: deferred_list() allocates the DeferredOp records and
 * their strings in the caller's arena.
 */
#ifndef PGSTAGE_DEFERRED_H
#define PGSTAGE_DEFERRED_H

#include <libpq-fe.h>

#include "plan/plan.h"

typedef struct DeferredOp {
	const char *op_id;      /* op_id.h: hash of the op's statements */
	const char *phase;      /* phase_name() */
	const char *summary;
	PtrVec statements;      /* char* */
	const char *first_seen, *last_seen; /* timestamptz text */
} DeferredOp;

/* Records (or refreshes last_seen of) a held op.  Needs history_ensure(). */
int deferred_record(PGconn *conn, const Op *op, PgsError *err);
/* Marks a deferred op as run; no-op when it was never recorded. */
int deferred_release(PGconn *conn, const char *op_id, PgsError *err);
/* Deferred ops not yet released, oldest first, as DeferredOp* into `out`.
 * An empty list (and 0) when the pgstage schema does not exist. */
int deferred_list(PGconn *conn, Arena *arena, PtrVec *out, PgsError *err);

#endif
