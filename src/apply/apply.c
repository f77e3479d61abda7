/*
 * apply.c - the apply engine: session, op selection, transaction groups
 * with lock-timeout retries, history; see apply.h.
 * Memory ownership: the session is malloc'd and owns its connections;
 * per-run bookkeeping lives in a scratch arena freed by apply_run().
 */
#include "apply/apply_int.h"
#include "apply/db.h"
#include "apply/deferred.h"
#include "apply/history.h"
#include "introspect/conn.h"
#include "introspect/introspect.h"
#include "model/ident.h"
#include "preflight/preflight.h"
#include "util/strbuf.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* ---- stop requests (signal handlers) ---- */

static volatile sig_atomic_t stop_flag;
static PGcancel *volatile cancel_handle;

void apply_request_stop(void)
{
	stop_flag = 1;
	PGcancel *c = cancel_handle;
	if (c) {
		char buf[256];
		PQcancel(c, buf, sizeof buf); /* documented as safe in a signal handler */
	}
}

bool apply_stop_requested(void)
{
	return stop_flag != 0;
}

void apply_set_cancel_conn(PGconn *conn)
{
	/* block the signals while swapping, so a handler never sees a freed handle */
	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &old);
	PGcancel *prev = cancel_handle;
	cancel_handle = conn ? PQgetCancel(conn) : NULL;
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (prev)
		PQfreeCancel(prev);
}

/* ---- time, sleep, events ---- */

double apply_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

void apply_sleep_ms(int ms)
{
	double until = apply_now() + ms / 1000.0;
	while (!apply_stop_requested()) {
		double left = until - apply_now();
		if (left <= 0)
			break;
		if (left > 0.05)
			left = 0.05;
		struct timespec ts = {0, (long) (left * 1e9)};
		nanosleep(&ts, NULL);
	}
}

int apply_backoff_ms(const ApplySession *s, int attempt)
{
	long ms = s->opts.retry_base_ms ? s->opts.retry_base_ms : DEFAULT_RETRY_BASE_MS;
	for (int i = 1; i < attempt && ms < MAX_BACKOFF_MS; i++)
		ms *= 2;
	if (ms > MAX_BACKOFF_MS)
		ms = MAX_BACKOFF_MS;
	long jitter = ms / 4;
	return (int) (ms - jitter + (jitter ? random() % (2 * jitter + 1) : 0));
}

void apply_event_raw(ApplySession *s, const ApplyEvent *ev)
{
	if (s->opts.on_event)
		s->opts.on_event(s->opts.ctx, ev);
}

void apply_event(ApplySession *s, ApplyEventKind kind, const Op *op, const char *op_id,
		 const char *fmt, ...)
{
	if (!s->opts.on_event)
		return;
	StrBuf msg = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vprintf(&msg, fmt, ap);
	va_end(ap);
	ApplyEvent ev = {.kind = kind, .message = msg.buf, .op = op, .op_id = op_id, .rows_total = -1};
	s->opts.on_event(s->opts.ctx, &ev);
	strbuf_release(&msg);
}

int apply_set_timeouts(PGconn *conn, const Plan *plan, bool local, PgsError *err)
{
	StrBuf sql = STRBUF_INIT;
	/* integers: milliseconds, no literal quoting needed */
	strbuf_printf(&sql, "SET %slock_timeout = %d; SET %sstatement_timeout = %d",
		      local ? "LOCAL " : "", plan->lock_timeout_ms > 0 ? plan->lock_timeout_ms : 0,
		      local ? "LOCAL " : "",
		      plan->statement_timeout_ms > 0 ? plan->statement_timeout_ms : 0);
	int rc = adb_exec(conn, sql.buf, 0, NULL, NULL, err);
	strbuf_release(&sql);
	return rc;
}

int apply_parse_phases(const char *name, unsigned *phases)
{
	if (strcmp(name, "all") == 0) {
		*phases = APPLY_PHASES_ALL;
		return 0;
	}
	for (int p = 0; p < PHASE_COUNT; p++)
		if (strcmp(name, phase_name((Phase) p)) == 0) {
			*phases = PHASE_BIT(p);
			return 0;
		}
	return -1;
}

/* ---- session ---- */

/* The session's name, and standard_conforming_strings on: the statements
 * copy expressions from the schema file, which was read with it on (a
 * database or role may set it off). */
static int set_app_name(PGconn *conn, const char *name, PgsError *err)
{
	return adb_exec(conn,
			"SELECT set_config('application_name', $1, false),"
			" set_config('standard_conforming_strings', 'on', false)",
			1, (const char *[]){name}, NULL, err);
}

int apply_open(ApplySession **out, const char *conninfo, const ApplyOptions *opts,
	       PgsError *err)
{
	ApplySession *s = xcalloc(1, sizeof *s);
	s->opts = *opts;
	if (!s->opts.phases)
		s->opts.phases = APPLY_PHASES_DEFAULT;
	if (s->opts.lock_retries == 0)
		s->opts.lock_retries = DEFAULT_LOCK_RETRIES;
	else if (s->opts.lock_retries < 0)
		s->opts.lock_retries = 0;
	if (!s->opts.retry_base_ms)
		s->opts.retry_base_ms = DEFAULT_RETRY_BASE_MS;
	if (!s->opts.long_xact_s)
		s->opts.long_xact_s = DEFAULT_LONG_XACT_S;
	srandom((unsigned) getpid() ^ (unsigned) time(NULL));
	*out = NULL;

	int rc = db_connect(&s->conn, conninfo, err);
	if (!rc)
		rc = set_app_name(s->conn, "pgstage apply", err);
	if (!rc && !s->opts.dry_run) {
		rc = db_connect(&s->hist, conninfo, err);
		if (!rc)
			rc = set_app_name(s->hist, "pgstage apply (history)", err);
	}
	if (!rc) {
		char host[200] = "?";
		gethostname(host, sizeof host - 1);
		snprintf(s->run_by, sizeof s->run_by, "%s@%s", PQuser(s->conn), host);
	}
	if (!rc && !s->opts.dry_run) {
		apply_set_cancel_conn(s->conn);
		rc = runlock_acquire(s, err);
		if (!rc)
			rc = history_ensure(s->hist, err);
		if (!rc)
			rc = history_close_abandoned(s->hist, err);
	}
	if (rc) {
		apply_close(s);
		return rc;
	}
	*out = s;
	return 0;
}

void apply_close(ApplySession *s)
{
	if (!s)
		return;
	apply_set_cancel_conn(NULL);
	runlock_release(s);
	if (s->conn)
		PQfinish(s->conn);
	if (s->hist)
		PQfinish(s->hist);
	free(s);
}

/* ---- running ---- */

typedef struct Step {
	const Op *op;
	char id[OP_ID_LEN];
	long step_id;
} Step;

typedef struct Run {
	ApplySession *s;
	const Plan *plan;
	ApplyResult *result;
	Arena *arena;
} Run;

/* Records where the schema stands now, so a saved plan can continue from
 * here even if this run is killed later.  Best effort. */
static void note_fingerprint(Run *run)
{
	Catalog *cat = NULL;
	PgsError ignored = {0};
	IntrospectOptions iopts = {0};
	if (introspect_catalog(&cat, run->s->conn, &iopts, &ignored) == 0) {
		snprintf(run->result->fingerprint_after, sizeof run->result->fingerprint_after, "%s",
			 catalog_fingerprint(cat));
		history_run_fingerprint(run->s->hist, run->result->run_id, run->result->fingerprint_after,
					&ignored);
	}
	catalog_free(cat);
}

static const char *joined_sql(Arena *a, const Op *op)
{
	StrBuf sb = STRBUF_INIT;
	if (op->backfill) {
		const Backfill *b = op->backfill;
		strbuf_puts(&sb, "-- in batches by primary key\nUPDATE ");
		strbuf_qualified(&sb, b->schema, b->table);
		strbuf_printf(&sb, " SET %s WHERE %s", b->set_sql, b->todo_sql);
	}
	VEC_EACH(const char *, stmt, &op->sql)
		strbuf_printf(&sb, "%s%s;", sb.len ? "\n" : "", stmt);
	const char *out = arena_strdup(a, sb.buf);
	strbuf_release(&sb);
	return out;
}

static const char *exec_words(ExecMode mode)
{
	switch (mode) {
	case EXEC_TRANSACTION:
		return "in its own transaction";
	case EXEC_ALONE:
		return "outside a transaction";
	case EXEC_BATCHES:
		return "in batches";
	}
	return "";
}

static int step_start(Run *run, Step *step, PgsError *err)
{
	StepInfo info = {.run_id = run->result->run_id, .plan_id = run->result->plan_id,
			 .op_id = step->id, .summary = step->op->summary,
			 .statement = joined_sql(run->arena, step->op),
			 .run_by = run->s->run_by, .phase = step->op->phase};
	return history_step_start(run->s->hist, &info, &step->step_id, err);
}

static int step_finish(Run *run, Step *step, const char *status, const char *error, PgsError *err)
{
	return history_step_finish(run->s->hist, step->step_id, status, error, err);
}

static void step_applied(Run *run, Step *step)
{
	PgsError ignored = {0};
	deferred_release(run->s->hist, step->id, &ignored);
	run->result->ops_applied++;
	apply_event(run->s, AEV_STEP_DONE, step->op, step->id, "applied: %s", step->op->summary);
}

/* Runs the statements of one operation: in one transaction, or each alone
 * when `alone`.  On failure returns non-zero with sqlstate/err set and
 * *failed_stmt the statement that failed (NULL when BEGIN/COMMIT did). */
static int exec_op(Run *run, const Op *op, bool alone, const char **failed_stmt,
		   long *statements, char sqlstate[6], PgsError *err)
{
	PGconn *c = run->s->conn;
	PgsError ignored = {0};
	int rc = alone ? apply_set_timeouts(c, run->plan, false, err)
		       : adb_exec(c, "BEGIN", 0, NULL, sqlstate, err);
	if (!rc && !alone)
		rc = apply_set_timeouts(c, run->plan, true, err);
	if (!rc)
		VEC_EACH(const char *, stmt, &op->sql) {
			rc = adb_exec(c, stmt, 0, NULL, sqlstate, err);
			if (rc) {
				*failed_stmt = stmt;
				break;
			}
			(*statements)++;
		}
	if (!alone) {
		if (!rc)
			rc = adb_exec(c, "COMMIT", 0, NULL, sqlstate, err);
		if (rc)
			adb_exec(c, "ROLLBACK", 0, NULL, NULL, &ignored);
	} else {
		adb_exec(c, "RESET lock_timeout; RESET statement_timeout", 0, NULL, NULL, &ignored);
	}
	return rc;
}

static int run_op(Run *run, Step *step, bool alone, PgsError *err)
{
	ApplySession *s = run->s;
	const Op *op = step->op;
	int rc = step_start(run, step, err);
	if (rc)
		return rc;
	activity_report(s, op, step->id);
	for (int attempt = 0;; attempt++) {
		long statements = 0;
		const char *failed_stmt = NULL;
		char sqlstate[6] = "";
		apply_event(s, AEV_GROUP, op, step->id, "%s: %s", phase_name(op->phase),
			    exec_words(alone ? EXEC_ALONE : EXEC_TRANSACTION));
		rc = exec_op(run, op, alone, &failed_stmt, &statements, sqlstate, err);
		if (!rc) {
			PgsError herr = {0};
			run->result->statements += statements;
			rc = step_finish(run, step, "applied", NULL, &herr);
			step_applied(run, step);
			note_fingerprint(run);
			if (rc)
				*err = herr;
			return rc;
		}
		PgsError herr = {0};
		if (apply_stop_requested()) {
			step_finish(run, step, "interrupted", "interrupted by a signal", &herr);
			return pgs_error_set(err, APPLY_EINTERRUPTED, "interrupted; the transaction was rolled back");
		}
		/* outside a transaction, earlier statements of the op stay applied */
		if (alone)
			run->result->statements += statements;
		if (strcmp(sqlstate, SQLSTATE_LOCK_NOT_AVAILABLE) == 0 && attempt < s->opts.lock_retries) {
			int ms = apply_backoff_ms(s, attempt + 1);
			apply_event(s, AEV_WARN, op, NULL,
				    "%s: timed out waiting for a lock (lock_timeout %d ms); retry %d of %d in %d ms",
				    op->summary, run->plan->lock_timeout_ms, attempt + 1, s->opts.lock_retries, ms);
			activity_report(s, op, NULL);
			apply_sleep_ms(ms);
			if (!apply_stop_requested())
				continue;
			step_finish(run, step, "interrupted", "interrupted by a signal", &herr);
			return pgs_error_set(err, APPLY_EINTERRUPTED, "interrupted while waiting to retry");
		}
		char server[sizeof err->message];
		adb_error_line(err, server, sizeof server); /* keeps the server's DETAIL */
		step_finish(run, step, "failed", server, &herr);
		apply_event(s, AEV_ERROR, op, NULL, "%s: %s", op->summary, server);
		pgs_error_set(err, PGSTAGE_EDB, "%s: %s", op->summary, server);
		if (failed_stmt)
			pgs_error_detail(err, "statement: %s", failed_stmt);
		if (!strcmp(sqlstate, SQLSTATE_LOCK_NOT_AVAILABLE))
			pgs_error_hint(err, "gave up after %d retries; see the warnings above for the "
					    "sessions holding locks", s->opts.lock_retries);
		else
			pgs_error_hint(err, "fix the cause and run apply again; it continues from here");
		return PGSTAGE_EDB;
	}
}

static int run_backfill(Run *run, Step *step, PgsError *err)
{
	int rc = step_start(run, step, err);
	if (rc)
		return rc;
	activity_report(run->s, step->op, step->id);
	apply_event(run->s, AEV_GROUP, step->op, step->id, "backfill: %s", step->op->summary);
	rc = backfill_run(run->s, run->plan, step->op, step->id, &run->result->rows_backfilled, err);
	PgsError herr = {0};
	if (rc == APPLY_EINTERRUPTED) {
		step_finish(run, step, "interrupted", err->message, &herr);
	} else if (rc) {
		step_finish(run, step, "failed", err->message, &herr);
		apply_event(run->s, AEV_ERROR, step->op, step->id, "%s: %s", step->op->summary,
			    err->message);
		pgs_error_hint(err, "committed batches are kept; run apply again to continue");
	} else {
		run->result->statements++;
		if ((rc = step_finish(run, step, "applied", NULL, err)) == 0)
			step_applied(run, step);
	}
	return rc;
}

static bool op_selected(const ApplySession *s, const Op *op)
{
	return (s->opts.phases & PHASE_BIT(op->phase)) &&
	       (!op->held || (s->opts.phases & PHASE_BIT(PHASE_CONTRACT))) &&
	       (op->sql.len || op->backfill);
}

static const char *phases_text(Arena *a, unsigned phases)
{
	StrBuf sb = STRBUF_INIT;
	for (int p = 0; p < PHASE_COUNT; p++)
		if (phases & PHASE_BIT(p))
			strbuf_printf(&sb, "%s%s", sb.len ? "," : "", phase_name((Phase) p));
	const char *out = arena_strdup(a, sb.buf);
	strbuf_release(&sb);
	return out;
}

static void dry_run(Run *run, Step *steps, size_t n)
{
	apply_event(run->s, AEV_INFO, NULL, NULL, "would run with lock_timeout %dms, statement_timeout %dms",
		    run->plan->lock_timeout_ms, run->plan->statement_timeout_ms);
	for (size_t i = 0; i < n; i++) {
		const Op *op = steps[i].op;
		apply_event(run->s, AEV_GROUP, op, steps[i].id, "%s: %s", phase_name(op->phase),
			    exec_words(op_exec_mode(op)));
		apply_event(run->s, AEV_INFO, op, steps[i].id, "would run: %s\n%s", op->summary,
			    joined_sql(run->arena, op));
	}
}

/* ---- pre-flight ---- */

/* The operations `plan` checks (every one not held), less those an earlier
 * run of a saved plan applied. */
static bool checked_at_start(const Op *op, void *ctx)
{
	const HashMap *done = ctx;
	if (op->held)
		return false;
	char id[OP_ID_LEN];
	op_id(op, id);
	return !done->len || !hashmap_get(done, id);
}

static int preflight_timeout(const ApplySession *s)
{
	return s->opts.preflight_timeout_ms ? s->opts.preflight_timeout_ms : PREFLIGHT_TIMEOUT_MS;
}

/* The refused run stays in the history (nothing else does). */
static void record_refusal(ApplySession *s, Run *run, const PgsError *refusal)
{
	RunInfo info = {.plan_id = run->result->plan_id, .fingerprint = run->plan->fingerprint,
			.phases = phases_text(run->arena, s->opts.phases), .source = s->opts.source,
			.run_by = s->run_by};
	PgsError ignored = {0};
	if (history_run_start(s->hist, &info, &run->result->run_id, &ignored) == 0)
		history_run_finish(s->hist, run->result->run_id, "failed", refusal->message, 0, 0,
				   &ignored);
}

/* Fresh copies of the checks of `op`, so a re-check leaves the plan's
 * first results alone. */
static Check **check_copies(Run *run, const Op *op)
{
	Check **copies = ARENA_ARRAY(run->arena, Check *, op->checks.len + 1);
	VEC_EACH(const Check *, c, &op->checks) {
		copies[c_i] = ARENA_NEW(run->arena, Check);
		*copies[c_i] = *c;
		copies[c_i]->ran = false;
	}
	return copies;
}

static int run_backfill(Run *run, Step *step, PgsError *err);

/* Right before a tighten or contract op: its checks again, against the
 * rows as they are now.  Rows a backfill of the plan fixes are caught up
 * by running that backfill again (its todo condition picks only the rows
 * still to do); whatever is left refuses the op before any of it runs. */
static int recheck(Run *run, const Step *step, PgsError *err)
{
	ApplySession *s = run->s;
	const Op *op = step->op;
	Check **checks = check_copies(run, op);
	size_t n = op->checks.len;
	int rc = preflight_run_checks(s->conn, run->arena, checks, n, preflight_timeout(s), err);
	const Op *caught_up[8];
	size_t ncaught = 0;
	char failed_catch_up[sizeof err->message] = "";
	for (size_t i = 0; i < n && !rc; i++) {
		const Op *fixer = preflight_fixer(run->plan, op, op->checks.items[i]);
		if (!preflight_found(checks[i]) || !fixer)
			continue;
		bool seen = false;
		for (size_t j = 0; j < ncaught; j++)
			seen |= caught_up[j] == fixer;
		if (seen || ncaught == sizeof caught_up / sizeof *caught_up)
			continue;
		caught_up[ncaught++] = fixer;
		apply_event(s, AEV_INFO, op, step->id,
			    "%s: %s written since the backfill; catching up before %s",
			    phase_name(op->phase), preflight_result_text(run->arena, checks[i]),
			    op->summary);
		Step fix = {.op = fixer};
		op_id(fixer, fix.id);
		rc = run_backfill(run, &fix, err);
		/* a row the backfill's value leaves invalid fails the catch-up
		 * (the NOT VALID check already guards updates): counted below */
		if (rc == PGSTAGE_EDB && !apply_stop_requested()) {
			snprintf(failed_catch_up, sizeof failed_catch_up, "%s", err->message);
			pgs_error_clear(err);
			rc = 0;
		}
	}
	if (!rc && ncaught)
		rc = preflight_run_checks(s->conn, run->arena, checks, n, preflight_timeout(s), err);
	if (rc)
		return rc;
	StrBuf d = STRBUF_INIT;
	size_t found = 0;
	for (size_t i = 0; i < n; i++)
		if (preflight_found(checks[i])) {
			found++;
			strbuf_printf(&d, "%s%s: %s", d.len ? "\n" : "", op->summary,
				      preflight_result_text(run->arena, checks[i]));
		}
	if (found) {
		pgs_error_set(err, PGSTAGE_EREFUSED,
			      "%zu pre-flight check(s) found data this plan cannot be applied to, "
			      "checked again right before %s", found, op->summary);
		if (failed_catch_up[0])
			strbuf_printf(&d, "\nthe catch-up backfill failed: %s", failed_catch_up);
		pgs_error_detail(err, "%s", d.buf);
		pgs_error_hint(err, "fix the data and run apply again; nothing of this operation ran");
		rc = PGSTAGE_EREFUSED;
	}
	strbuf_release(&d);
	return rc;
}

static bool rechecked(const Op *op)
{
	return op->checks.len && (op->phase == PHASE_TIGHTEN || op->phase == PHASE_CONTRACT);
}

int apply_run(ApplySession *s, Plan *plan, ApplyResult *result, PgsError *err)
{
	*result = (ApplyResult){0};
	plan_id(plan, result->plan_id);
	Run run = {.s = s, .plan = plan, .result = result, .arena = arena_new()};
	Step *steps = ARENA_ARRAY(run.arena, Step, plan->ops.len + 1);
	size_t n = 0;
	HashMap done = HASHMAP_INIT;
	int rc = s->opts.resume_run && !s->opts.dry_run
			 ? history_applied_ops(s->hist, run.arena, result->plan_id, s->opts.resume_run,
					       &done, err)
			 : 0;
	VEC_EACH(const Op *, op, &plan->ops) {
		char id[OP_ID_LEN];
		op_id(op, id);
		if (done.len && hashmap_get(&done, id)) {
			result->ops_skipped++;
			apply_event(s, AEV_INFO, op, NULL, "already applied by an earlier run of this plan: %s",
				    op->summary);
		} else if (op_selected(s, op)) {
			steps[n].op = op;
			op_id(op, steps[n].id);
			n++;
		} else if (op->held && (s->opts.phases & PHASE_BIT(op->phase) || op->phase == PHASE_CONTRACT)) {
			result->ops_deferred++;
			if (!s->opts.dry_run && !rc)
				rc = deferred_record(s->hist, op, err);
		} else {
			result->ops_skipped++;
		}
	}
	/* before anything changes: the checks `plan` runs */
	if (!rc && !s->opts.no_preflight) {
		size_t refusals = 0;
		rc = preflight_run_selected(plan, s->conn, preflight_timeout(s), checked_at_start, &done,
					    &refusals, err);
		if (!rc && refusals) {
			rc = preflight_refusal(plan, refusals, err);
			if (!s->opts.dry_run)
				record_refusal(s, &run, err);
		}
	}
	hashmap_release(&done);
	if (rc || s->opts.dry_run) {
		if (!rc)
			dry_run(&run, steps, n);
		arena_free(run.arena);
		return rc;
	}
	RunInfo info = {.plan_id = result->plan_id, .fingerprint = plan->fingerprint,
			.phases = phases_text(run.arena, s->opts.phases), .source = s->opts.source,
			.run_by = s->run_by};
	if ((rc = history_run_start(s->hist, &info, &result->run_id, err))) {
		arena_free(run.arena);
		return rc;
	}
	if (n == 0)
		apply_event(s, AEV_INFO, NULL, NULL, "nothing to do: the database matches the desired schema"
			    " for the selected phases");
	/* one operation at a time, as the psql script and the runner files run
	 * them (plan.h, "execution model") */
	for (size_t i = 0; i < n && !rc; i++) {
		if (!s->opts.no_preflight && rechecked(steps[i].op) &&
		    (rc = recheck(&run, &steps[i], err)))
			break;
		switch (op_exec_mode(steps[i].op)) {
		case EXEC_BATCHES:
			rc = run_backfill(&run, &steps[i], err);
			break;
		case EXEC_ALONE:
			rc = run_op(&run, &steps[i], true, err);
			break;
		case EXEC_TRANSACTION:
			rc = run_op(&run, &steps[i], false, err);
			break;
		}
	}
	if (!apply_stop_requested())
		note_fingerprint(&run);
	PgsError herr = {0};
	int hrc = history_run_finish(s->hist, result->run_id,
				     rc == 0 ? "succeeded" : rc == APPLY_EINTERRUPTED ? "interrupted" : "failed",
				     rc ? err->message : NULL, result->statements, result->rows_backfilled,
				     &herr);
	if (!rc && hrc) {
		*err = herr;
		rc = hrc;
	}
	arena_free(run.arena);
	return rc;
}

int apply_saved_plan_left_at(ApplySession *sess, const Plan *plan, const char *live_fingerprint,
			     long *run_id, PgsError *err)
{
	char pid[OP_ID_LEN];
	plan_id(plan, pid);
	*run_id = 0;
	if (!sess->hist)
		return 0;
	return history_plan_left_at(sess->hist, pid, live_fingerprint, run_id, err);
}

int apply_saved_plan_last_success(ApplySession *sess, const Plan *plan, long *run_id,
				  PgsError *err)
{
	char pid[OP_ID_LEN];
	plan_id(plan, pid);
	*run_id = 0;
	if (!sess->hist)
		return 0;
	return history_plan_last_success(sess->hist, pid, run_id, err);
}
