/*
 * apply_int.h - private pieces of the apply engine shared by its files:
 * events, interruptible sleeps and backoff, the run lock, the long
 * transaction report, the backfill executor.
 *
 * Memory ownership: as apply.h; nothing here returns allocated memory.
 */
#ifndef PGSTAGE_APPLY_INT_H
#define PGSTAGE_APPLY_INT_H

#include "apply/apply.h"
#include "apply/op_id.h"

enum {
	DEFAULT_LOCK_RETRIES = 5,
	DEFAULT_RETRY_BASE_MS = 500,
	DEFAULT_BATCH_SIZE = 1000,
	DEFAULT_LONG_XACT_S = 5,
	MAX_BACKOFF_MS = 30000,
};

void apply_event(ApplySession *s, ApplyEventKind kind, const Op *op, const char *op_id,
		 const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void apply_event_raw(ApplySession *s, const ApplyEvent *ev);

/* Sleeps `ms`, waking early when a stop was requested. */
void apply_sleep_ms(int ms);
/* Backoff before retry `attempt` (1-based): base * 2^(attempt-1), +/- 25 %. */
int apply_backoff_ms(const ApplySession *s, int attempt);
/* Monotonic seconds. */
double apply_now(void);

/* Makes `conn` the one apply_request_stop() cancels (NULL: none). */
void apply_set_cancel_conn(PGconn *conn);

/* Takes the session advisory lock on s->conn, waiting up to
 * s->opts.lock_wait_s; APPLY_ELOCKED naming the holder when it can't. */
int runlock_acquire(ApplySession *s, PgsError *err);
void runlock_release(ApplySession *s);

/* Warns (AEV_WARN) about transactions older than opts.long_xact_s holding
 * a lock on the table `op` locks, when that lock is strong (SHARE UPDATE
 * EXCLUSIVE and up): it would queue behind them and block everyone queued
 * after it.  Best effort: errors are ignored. */
void activity_report(ApplySession *s, const Op *op, const char *op_id);

/* SET [LOCAL] lock_timeout and statement_timeout for the plan. */
int apply_set_timeouts(PGconn *conn, const Plan *plan, bool local, PgsError *err);

/* Runs op->backfill in committed batches, resuming from the saved progress;
 * adds the rows changed to *rows. */
int backfill_run(ApplySession *s, const Plan *plan, const Op *op, const char *op_id,
		 long *rows, PgsError *err);

#endif
