/*
 * apply.h - the apply engine: one runner per database (session advisory
 * lock), history of every step, transaction groups, lock timeouts with
 * retries, resumable batched backfills, cancellation by signal.
 *
 * The CLI opens a session (connect + lock), plans on session->conn while
 * holding the lock, then runs the plan.  Nothing here prints: progress and
 * warnings reach the caller through ApplyOptions.on_event.
 *
 * Memory ownership: an ApplySession owns its two connections and is freed
 * by apply_close(); events point to memory valid only during the callback.
 */
#ifndef PGSTAGE_APPLY_H
#define PGSTAGE_APPLY_H

#include <libpq-fe.h>
#include <stdbool.h>

#include "plan/plan.h"

/* Error codes of this module, beyond PGSTAGE_E* (the CLI maps them). */
enum {
	APPLY_ELOCKED = -100,      /* another runner holds the lock */
	APPLY_EINTERRUPTED = -101, /* stopped by apply_request_stop() (a signal) */
};

/* The advisory lock key: one runner per database (advisory locks are
 * per database).  pg_locks shows it as classid 0x7067 ('pg'), objid 0x73746167 ('stag'). */
#define APPLY_LOCK_KEY 0x706773746167LL
#define APPLY_LOCK_KEY_TEXT "123589620949351"

#define PHASE_BIT(p) (1u << (p))
#define APPLY_PHASES_DEFAULT (PHASE_BIT(PHASE_EXPAND) | PHASE_BIT(PHASE_BACKFILL) | PHASE_BIT(PHASE_TIGHTEN))
#define APPLY_PHASES_ALL (APPLY_PHASES_DEFAULT | PHASE_BIT(PHASE_CONTRACT))

typedef enum ApplyEventKind {
	AEV_INFO,        /* a line of progress */
	AEV_WARN,        /* something the operator should know (long transactions, retries) */
	AEV_GROUP,       /* a group starts: ev.statements lists what runs */
	AEV_STEP_DONE,   /* an op finished (ev.op) */
	AEV_BACKFILL,    /* backfill progress: rows_done / rows_total, rate */
	AEV_ERROR,       /* a step failed: message is the server's */
} ApplyEventKind;

typedef struct ApplyEvent {
	ApplyEventKind kind;
	const char *message;
	const Op *op;             /* may be NULL */
	const char *op_id;
	long rows_done, rows_total;  /* AEV_BACKFILL; rows_total < 0 when unknown */
	double rate;              /* rows per second */
	double elapsed_s;
	bool finished;            /* AEV_BACKFILL: last event of that backfill */
} ApplyEvent;

typedef struct ApplyOptions {
	unsigned phases;          /* PHASE_BIT set; 0 = APPLY_PHASES_DEFAULT */
	bool dry_run;             /* report what would run; change nothing, take no lock */
	int lock_wait_s;          /* wait this long for the run lock; 0 = fail fast */
	int lock_retries;         /* retries of a group after a lock timeout; <0 = none, 0 = default */
	int retry_base_ms;        /* first backoff (doubles, +/- jitter); 0 = default */
	long batch_size;          /* backfill rows per batch; 0 = the op's, else 1000 */
	int batch_pause_ms;       /* sleep between batches */
	int long_xact_s;          /* name transactions older than this before strong locks; 0 = default */
	const char *source;       /* for the history: "schema PATH" or "plan FILE" */
	long resume_run;          /* a saved plan continued from where its run #N left the
				   * schema: skip the ops applied up to that run; 0 = none */
	bool no_preflight;        /* skip the data checks (at the start and before each
				   * tighten or contract operation) */
	int preflight_timeout_ms; /* bound of one check; 0 = PREFLIGHT_TIMEOUT_MS */
	void (*on_event)(void *ctx, const ApplyEvent *ev);
	void *ctx;
} ApplyOptions;

typedef struct ApplyResult {
	long statements;          /* statements applied */
	long ops_applied, ops_deferred, ops_skipped;
	long rows_backfilled;
	long run_id;              /* history row; 0 in dry runs */
	char plan_id[17];
	char fingerprint_after[64]; /* live schema when the run ended ("" when unknown) */
} ApplyResult;

typedef struct ApplySession {
	PGconn *conn;             /* runs the plan and holds the advisory lock */
	PGconn *hist;             /* autocommit: history survives rollbacks */
	ApplyOptions opts;
	bool locked;
	char run_by[256];         /* "user@host" */
} ApplySession;

/* Connects twice and takes the run lock (waiting up to opts->lock_wait_s).
 * Fails with APPLY_ELOCKED when another runner keeps it.  In a dry run no
 * lock is taken and no history schema created. */
int apply_open(ApplySession **out, const char *conninfo, const ApplyOptions *opts,
	       PgsError *err);
/* Runs the ops of the selected phases of `plan` (planned on sess->conn while
 * holding the lock).  Pre-flight first: the checks `plan` runs (of every op
 * not held, whatever the phases selected, less those an earlier run of a
 * saved plan applied) run before anything changes, and a refusal (PGSTAGE_EREFUSED) changes nothing
 * but the history.  Right before each tighten or contract op with checks
 * they run again (rows written since, e.g. by the old application during a
 * rolling deploy): rows a backfill of the plan fixes make that backfill run
 * again first, as a catch-up, whether or not its phase is selected; rows
 * left refuse the op (PGSTAGE_EREFUSED) before any of it runs.  The results
 * of the first pass are recorded on the plan's checks.  On failure the
 * failing group is rolled back and recorded, and the run stops; *result is
 * filled either way. */
int apply_run(ApplySession *sess, Plan *plan, ApplyResult *result, PgsError *err);
/* Whether a saved plan whose fingerprint no longer matches may continue:
 * an earlier run of the same plan left the schema at `live_fingerprint`.
 * Sets *run_id to that run (0 when not).  Then apply with opts.resume_run. */
int apply_saved_plan_left_at(ApplySession *sess, const Plan *plan, const char *live_fingerprint,
			     long *run_id, PgsError *err);
/* The latest run of the same plan that succeeded and changed something (0
 * when none): a saved
 * plan whose starting schema is live again was applied and then reverted. */
int apply_saved_plan_last_success(ApplySession *sess, const Plan *plan, long *run_id,
				  PgsError *err);
/* Releases the lock and closes both connections.  NULL is fine. */
void apply_close(ApplySession *sess);

/* Async-signal-safe: asks the running apply to stop, cancelling the
 * statement in flight.  The run records the interruption and returns
 * APPLY_EINTERRUPTED. */
void apply_request_stop(void);
bool apply_stop_requested(void);

/* Parses "expand", ..., "all"; returns 0 and the PHASE_BIT set, or -1. */
int apply_parse_phases(const char *name, unsigned *phases);

#endif
