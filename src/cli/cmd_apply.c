/*
 * cmd_apply.c - `pgstage apply`: take the run lock, plan on the live
 * database (or check a saved plan), run the selected phases, log progress,
 * end with one JSON metrics line.
 * Memory ownership: everything loaded here is freed here; log lines are
 * built in StrBufs or json-c objects released after printing.
 */
#include "cli/cli.h"
#include "apply/apply.h"
#include "apply/op_id.h"
#include "apply/plan_file.h"
#include "diff/diff.h"
#include "introspect/conn.h"
#include "introspect/introspect.h"
#include "parse/grant.h"
#include "parse/parse.h"
#include "plan/plan.h"
#include "preflight/preflight.h"
#include "preflight/resolve.h"
#include "util/escape.h"
#include "util/strbuf.h"

#include <getopt.h>
#include <json-c/json.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char usage[] =
	"Usage: pgstage apply [--db CONNINFO] (--schema PATH | --plan FILE) [options]\n"
	"\n"
	"Bring a database to the desired schema, one runner at a time.  Takes a\n"
	"session advisory lock, plans on the live database while holding it, runs\n"
	"the selected phases, and records every step in the schema 'pgstage'.\n"
	"\n"
	"Options:\n"
	"  --db CONNINFO         libpq connection string or URI (default: DATABASE_URL,\n"
	"                        then the PG* environment variables)\n"
	"  --schema PATH         desired schema: a .sql file or a directory of them\n"
	"  --plan FILE           a plan saved with 'pgstage plan --out FILE'; refused when\n"
	"                        the database changed since it was made\n"
	"  --phase PHASE         expand, backfill, tighten, contract or all (default:\n"
	"                        expand, backfill and tighten; contract only when asked,\n"
	"                        or with --allow-drop)\n"
	"  --dry-run             print what would run; change nothing, take no lock\n"
	"  --lock-wait SECONDS   wait up to SECONDS for another runner, then re-plan and\n"
	"                        apply what is left (default 0: fail at once, exit 7)\n"
	"  --lock-retries N      retries of an operation that timed out waiting for\n"
	"                        a table lock, with jittered backoff (default 5)\n"
	"  --retry-delay MS      first backoff, doubled each retry (default 500)\n"
	"  --batch-pause MS      pause between backfill batches (default 0)\n"
	"  --long-xact SECONDS   name transactions older than this that hold a lock on a\n"
	"                        table about to be locked (default 5)\n"
	"  --log-format FORMAT   text (default) or json (every log line a JSON object)\n"
	"  --allow-unsupported   apply even if the database holds objects pgstage does\n"
	"                        not manage (they are left alone)\n"
	"  --privileges          also apply GRANT/REVOKE, as 'pgstage plan --privileges'\n"
	"                        plans them\n"
	"Options that shape the plan, as for 'pgstage plan' (with --plan FILE only the\n"
	"timeouts, --batch-size, --fail-on and the pre-flight options apply):\n"
	PLAN_OPTIONS_HELP
	PREFLIGHT_OPTIONS_HELP
	LOAD_OPTIONS_HELP
	"  -h, --help            show this help\n"
	"\n"
	"Logs go to stderr; the final metrics line (JSON) goes to stdout.\n"
	"\n"
	"Exit status: 0 applied (or nothing to do), 2 a statement failed or the saved\n"
	"plan is stale (nothing after the failing operation ran), 3 bad usage, 4 bad\n"
	"desired schema, 5 unsupported objects, 6 a pre-flight check found data the\n"
	"plan cannot apply to or a --fail-on hazard matched (nothing of the refused\n"
	"operation ran), 7 another runner holds the lock,\n"
	"130/143 interrupted by SIGINT/SIGTERM (the running operation rolled back).\n";

typedef struct Logger {
	bool json, tty;
	double last_line;        /* when the last periodic backfill line was written */
	bool bar_shown;
	bool dry_run;            /* the plan goes to stdout */
} Logger;

static volatile sig_atomic_t caught_signal;

static void on_signal(int sig)
{
	caught_signal = sig;
	apply_request_stop();
}

static void iso_now(char *buf, size_t size)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	struct tm tm;
	gmtime_r(&ts.tv_sec, &tm);
	size_t n = strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, size - n, ".%03ldZ", ts.tv_nsec / 1000000);
}

static double mono_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void clear_bar(Logger *log)
{
	if (log->bar_shown) {
		fputs("\r\033[K", stderr);
		log->bar_shown = false;
	}
}

static const char *level_of(ApplyEventKind k)
{
	return k == AEV_WARN ? "warning" : k == AEV_ERROR ? "error" : "info";
}

static const char *event_name(ApplyEventKind k)
{
	static const char *const names[] = {"info", "warning", "group", "step", "backfill", "error"};
	return names[k];
}

static void log_json(const ApplyEvent *ev)
{
	char ts[64];
	iso_now(ts, sizeof ts);
	json_object *o = json_object_new_object();
	json_object_object_add(o, "ts", json_object_new_string(ts));
	json_object_object_add(o, "level", json_object_new_string(level_of(ev->kind)));
	json_object_object_add(o, "event", json_object_new_string(event_name(ev->kind)));
	json_object_object_add(o, "message", json_object_new_string(ev->message ? ev->message : ""));
	if (ev->op) {
		json_object_object_add(o, "phase", json_object_new_string(phase_name(ev->op->phase)));
		json_object_object_add(o, "summary", json_object_new_string(ev->op->summary));
	}
	if (ev->op_id)
		json_object_object_add(o, "op_id", json_object_new_string(ev->op_id));
	if (ev->kind == AEV_BACKFILL) {
		json_object_object_add(o, "rows_done", json_object_new_int64(ev->rows_done));
		if (ev->rows_total >= 0)
			json_object_object_add(o, "rows_total", json_object_new_int64(ev->rows_total));
		json_object_object_add(o, "rows_per_s", json_object_new_double(ev->rate));
		json_object_object_add(o, "finished", json_object_new_boolean(ev->finished));
	}
	fprintf(stderr, "%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
								      JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
}

static void backfill_text(Logger *log, const ApplyEvent *ev)
{
	double pct = ev->rows_total > 0 ? 100.0 * ev->rows_done / ev->rows_total : 0;
	long left = ev->rows_total > ev->rows_done ? ev->rows_total - ev->rows_done : 0;
	double eta = ev->rate > 0 ? left / ev->rate : 0;
	if (log->tty) {
		int fill = (int) (pct / 5);
		char bar[21];
		for (int i = 0; i < 20; i++)
			bar[i] = i < fill ? '#' : '.';
		bar[20] = '\0';
		fprintf(stderr, "\r\033[K[%s] %3.0f%% %ld/%ld rows  %.0f rows/s  ETA %.0fs", bar, pct,
			ev->rows_done, ev->rows_total, ev->rate, eta);
		log->bar_shown = true;
		if (ev->finished)
			clear_bar(log);
		return;
	}
	fprint_line(stderr, "pgstage apply: %s of %ld (%.0f%%), %.0f rows/s, ETA %.0f s", ev->message,
		    ev->rows_total, pct, ev->rate, eta);
}

static void on_event(void *ctx, const ApplyEvent *ev)
{
	Logger *log = ctx;
	if (ev->kind == AEV_BACKFILL && !ev->finished && !log->tty) {
		/* periodic lines off a terminal */
		double now = mono_now();
		if (now - log->last_line < 5)
			return;
		log->last_line = now;
	}
	if (log->json) {
		log_json(ev);
		return;
	}
	if (ev->kind == AEV_BACKFILL) {
		backfill_text(log, ev);
		return;
	}
	clear_bar(log);
	if (ev->kind == AEV_ERROR)
		return; /* the final error report says it, with hint and detail */
	if (log->dry_run && ev->op && (ev->kind == AEV_GROUP || ev->kind == AEV_INFO)) {
		/* a script: the operation as a comment line, its statement as SQL */
		StrBuf line = STRBUF_INIT;
		if (ev->kind == AEV_GROUP) {
			strbuf_putc(&line, '\n');
			strbuf_comment(&line, "%s", ev->message);
		} else {
			strbuf_printf(&line, "%s\n", ev->message);
		}
		fputs(line.buf, stdout);
		strbuf_release(&line);
		return;
	}
	/* messages quote names and server text: escaped (util/escape.h) */
	if (ev->kind == AEV_WARN || ev->kind == AEV_ERROR)
		fprint_line(stderr, "pgstage apply: %s: %s", level_of(ev->kind), ev->message);
	else
		fprint_line(stderr, "pgstage apply: %s", ev->message);
}

/* The one metrics line, like the runbooks' Job logs. */
static void print_metrics(double duration_ms, bool success, const char *fingerprint,
			  const ApplyResult *res, const char *outcome)
{
	char ts[64];
	iso_now(ts, sizeof ts);
	json_object *o = json_object_new_object();
	json_object_object_add(o, "event", json_object_new_string("pgstage_apply"));
	json_object_object_add(o, "timestamp", json_object_new_string(ts));
	json_object_object_add(o, "duration_ms", json_object_new_int64((int64_t) duration_ms));
	json_object_object_add(o, "success", json_object_new_boolean(success));
	json_object_object_add(o, "outcome", json_object_new_string(outcome));
	json_object_object_add(o, "schema_fingerprint",
			       fingerprint ? json_object_new_string(fingerprint) : json_object_new_null());
	json_object_object_add(o, "plan_id", json_object_new_string(res->plan_id));
	json_object_object_add(o, "statements_applied", json_object_new_int64(res->statements));
	json_object_object_add(o, "operations_applied", json_object_new_int64(res->ops_applied));
	json_object_object_add(o, "operations_deferred", json_object_new_int64(res->ops_deferred));
	json_object_object_add(o, "rows_backfilled", json_object_new_int64(res->rows_backfilled));
	json_object_object_add(o, "run_id", json_object_new_int64(res->run_id));
	json_object_object_add(o, "pgstage_version", json_object_new_string(PGSTAGE_VERSION));
	printf("%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
							 JSON_C_TO_STRING_NOSLASHESCAPE));
	fflush(stdout);
	json_object_put(o);
}

/* The final error, as text (cli_report's format) or one JSON line. */
static int report(const Logger *log, const PgsError *err)
{
	int code = err->code == APPLY_ELOCKED ? PGSTAGE_EXIT_LOCKED
		   /* a signal also cancels planning queries: say "interrupted", not their error */
		   : err->code == APPLY_EINTERRUPTED || caught_signal ? 128 + (caught_signal ? caught_signal : SIGINT)
		   : -1;
	if (log->json) {
		char ts[64];
		iso_now(ts, sizeof ts);
		json_object *o = json_object_new_object();
		json_object_object_add(o, "ts", json_object_new_string(ts));
		json_object_object_add(o, "level", json_object_new_string("error"));
		json_object_object_add(o, "event", json_object_new_string("error"));
		json_object_object_add(o, "message", json_object_new_string(err->message));
		if (err->detail[0])
			json_object_object_add(o, "detail", json_object_new_string(err->detail));
		if (err->hint[0])
			json_object_object_add(o, "hint", json_object_new_string(err->hint));
		if (err->file[0])
			json_object_object_add(o, "file", json_object_new_string(err->file));
		if (err->line)
			json_object_object_add(o, "line", json_object_new_int(err->line));
		fprintf(stderr, "%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
									      JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(o);
		if (code >= 0)
			return code;
		switch (err->code) {
		case PGSTAGE_EINPUT: return PGSTAGE_EXIT_INPUT;
		case PGSTAGE_EUSAGE: return PGSTAGE_EXIT_USAGE;
		case PGSTAGE_EUNSUPPORTED: return PGSTAGE_EXIT_UNSUPPORTED;
		case PGSTAGE_EREFUSED: return PGSTAGE_EXIT_HAZARD;
		default: return PGSTAGE_EXIT_ERROR;
		}
	}
	if (code < 0)
		return cli_report(err);
	fprint_line(stderr, "pgstage: error: %s", err->message);
	if (err->hint[0] && err->code == APPLY_ELOCKED)
		fprint_line(stderr, "hint: %s", err->hint);
	return code;
}

/* Introspects on the session's connection, refusing unsupported objects
 * unless allowed (as cli_load_live does). */
static int load_live(PGconn *conn, Catalog **live, bool allow_unsupported,
		     const LoadOptions *load, PgsError *err)
{
	IntrospectOptions iopts = {.schema_include = load->schema_include,
				   .schema_exclude = load->schema_exclude,
				   .privileges = load->privileges,
				   .ignore = &load->ignore};
	int rc = introspect_catalog(live, conn, &iopts, err);
	if (rc)
		return rc;
	if ((*live)->unsupported.len && !allow_unsupported) {
		pgs_error_set(err, PGSTAGE_EUNSUPPORTED,
			      "the database holds %zu object(s) pgstage does not manage",
			      (*live)->unsupported.len);
		StrBuf d = STRBUF_INIT;
		VEC_EACH(const char *, u, &(*live)->unsupported)
			strbuf_printf(&d, "%s%s", u_i ? ", " : "", u);
		pgs_error_detail(err, "%s", d.buf);
		strbuf_release(&d);
		pgs_error_hint(err, "pass --allow-unsupported to apply around them");
		catalog_free(*live);
		*live = NULL;
		return PGSTAGE_EUNSUPPORTED;
	}
	return 0;
}

typedef struct ApplyArgs {
	const char *db, *schema_path, *plan_path;
	bool allow_unsupported;
	LoadOptions load;        /* its schema patterns, privileges and ignore options are used */
	PlanArgs plan;           /* the options that shape the plan (cli.h) */
	ApplyOptions opts;
} ApplyArgs;

static int parse_int(const char *s, long min, long max, long *out)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (!*s || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static int parse_args(ApplyArgs *a, Logger *log, int argc, char **argv)
{
	enum { OPT_PLAN = 256, OPT_PHASE, OPT_DRY, OPT_LOCK_WAIT, OPT_RETRIES, OPT_RETRY_DELAY,
	       OPT_PAUSE, OPT_LONG, OPT_LOGFMT, OPT_UNSUP, OPT_PRIVILEGES };
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},
		{"schema", required_argument, NULL, 's'},
		{"plan", required_argument, NULL, OPT_PLAN},
		{"phase", required_argument, NULL, OPT_PHASE},
		{"dry-run", no_argument, NULL, OPT_DRY},
		{"lock-wait", required_argument, NULL, OPT_LOCK_WAIT},
		{"lock-retries", required_argument, NULL, OPT_RETRIES},
		{"retry-delay", required_argument, NULL, OPT_RETRY_DELAY},
		{"batch-pause", required_argument, NULL, OPT_PAUSE},
		{"long-xact", required_argument, NULL, OPT_LONG},
		{"log-format", required_argument, NULL, OPT_LOGFMT},
		{"allow-unsupported", no_argument, NULL, OPT_UNSUP},
		{"privileges", no_argument, NULL, OPT_PRIVILEGES},
		PLAN_LONGOPTS,
		PREFLIGHT_LONGOPTS,
		LOAD_LONGOPTS,
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;
	long v;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:s:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': a->db = optarg; break;
		case 's': a->schema_path = optarg; break;
		case OPT_PLAN: a->plan_path = optarg; break;
		case OPT_DRY: a->opts.dry_run = true; break;
		case OPT_UNSUP: a->allow_unsupported = true; break;
		case OPT_PRIVILEGES: a->load.privileges = true; break;
		case OPT_PHASE:
			if (apply_parse_phases(optarg, &a->opts.phases))
				return cli_usage_error("apply", "--phase must be expand, backfill, tighten, "
						       "contract or all, not '%s'", optarg);
			break;
		case OPT_LOCK_WAIT:
			if (parse_int(optarg, 0, 86400, &v))
				return cli_usage_error("apply", "--lock-wait takes seconds (0-86400)");
			a->opts.lock_wait_s = (int) v;
			break;
		case OPT_RETRIES:
			if (parse_int(optarg, 0, 100, &v))
				return cli_usage_error("apply", "--lock-retries takes a count (0-100)");
			a->opts.lock_retries = v ? (int) v : -1;
			break;
		case OPT_RETRY_DELAY:
			if (parse_int(optarg, 1, 60000, &v))
				return cli_usage_error("apply", "--retry-delay takes milliseconds (1-60000)");
			a->opts.retry_base_ms = (int) v;
			break;
		case OPT_PAUSE:
			if (parse_int(optarg, 0, 600000, &v))
				return cli_usage_error("apply", "--batch-pause takes milliseconds (0-600000)");
			a->opts.batch_pause_ms = (int) v;
			break;
		case OPT_LONG:
			if (parse_int(optarg, 1, 86400, &v))
				return cli_usage_error("apply", "--long-xact takes seconds (1-86400)");
			a->opts.long_xact_s = (int) v;
			break;
		case OPT_LOGFMT:
			if (strcmp(optarg, "text") && strcmp(optarg, "json"))
				return cli_usage_error("apply", "--log-format must be text or json");
			log->json = strcmp(optarg, "json") == 0;
			break;
		case 'h':
			fputs(usage, stdout);
			return -1;
		default: {
			int rc = cli_load_option(c, optarg, "apply", &a->load);
			if (rc < 0)
				rc = cli_plan_option(c, optarg, "apply", &a->plan);
			if (rc < 0)
				return cli_usage_error("apply", "unknown option");
			if (rc)
				return rc;
		}
		}
	}
	if (optind < argc)
		return cli_usage_error("apply", "unexpected argument '%s'", argv[optind]);
	if (!a->schema_path == !a->plan_path)
		return cli_usage_error("apply", "give either --schema PATH or --plan FILE");
	/* --allow-drop releases the contract phase, as it does for plan */
	if (a->plan.plan.allow_drop)
		a->opts.phases = (a->opts.phases ? a->opts.phases : APPLY_PHASES_DEFAULT) |
				 PHASE_BIT(PHASE_CONTRACT);
	a->plan.plan.allow_drop = (a->opts.phases & PHASE_BIT(PHASE_CONTRACT)) != 0;
	a->opts.batch_size = a->plan.plan.batch_size;
	a->opts.no_preflight = a->plan.no_preflight;
	a->opts.preflight_timeout_ms = (int) a->plan.preflight_ms;
	return 0;
}

/* Plans (or checks the saved plan) on the locked session.  A saved plan
 * whose fingerprint no longer matches may still continue where an earlier
 * run of the same plan left the schema (e.g. `--phase contract` after the
 * default phases); ops it applied are then skipped. */
static int make_plan(ApplySession *sess, const ApplyArgs *a, Catalog *desired, Plan **plan,
		     Catalog **live, Diff **diff, PgsError *err)
{
	int rc = load_live(sess->conn, live, a->allow_unsupported, &a->load, err);
	if (rc)
		return rc;
	if (a->plan_path) {
		PlanFileMeta meta;
		if ((rc = plan_file_read_meta(plan, &meta, a->plan_path, err)))
			return rc;
		if (a->plan.plan.lock_timeout_ms)
			(*plan)->lock_timeout_ms = a->plan.plan.lock_timeout_ms;
		if (a->plan.plan.statement_timeout_ms)
			(*plan)->statement_timeout_ms = a->plan.plan.statement_timeout_ms;
		long run_id = 0;
		PgsError herr = {0};
		char msg[256];
		if ((rc = plan_file_check(*plan, &meta, *live, err)) == 0) {
			/* the schema the plan starts from: every operation runs, even
			 * those an earlier run applied (they were reverted since) */
			if (apply_saved_plan_last_success(sess, *plan, &run_id, &herr) == 0 && run_id) {
				snprintf(msg, sizeof msg, "run #%ld applied this plan, but the schema is back "
					 "where the plan starts (reverted since): applying it again", run_id);
				sess->opts.on_event(sess->opts.ctx,
						    &(ApplyEvent){.kind = AEV_WARN, .message = msg});
			}
			return 0;
		}
		/* the schema where an earlier run of this plan left it: what that
		 * run applied is present, the rest runs */
		if (apply_saved_plan_left_at(sess, *plan, catalog_fingerprint(*live), &run_id, &herr) ||
		    !run_id) {
			if (apply_saved_plan_last_success(sess, *plan, &run_id, &herr) == 0 && run_id)
				pgs_error_hint(err, "run #%ld applied this plan, and the schema has changed "
					       "since (the detail says how): make a new plan with "
					       "'pgstage plan --out FILE' and review it", run_id);
			return rc;
		}
		pgs_error_clear(err);
		sess->opts.resume_run = run_id;
		snprintf(msg, sizeof msg, "the schema is where run #%ld of this plan left it; continuing the plan",
			 run_id);
		sess->opts.on_event(sess->opts.ctx, &(ApplyEvent){.kind = AEV_INFO, .message = msg});
		return 0;
	}
	/* names that resolve nowhere: exit 4 before anything changes */
	if ((rc = resolve_names(desired, *live, sess->conn, err)) ||
	    (a->load.privileges && (rc = grant_check_issues(desired, err))))
		return rc;
	DiffOptions dopts = {.privileges = a->load.privileges};
	*diff = diff_catalogs_opts(*live, desired, &dopts);
	return plan_build(plan, *diff, *live, desired, &a->plan.plan, err);
}

int cmd_apply(int argc, char **argv)
{
	ApplyArgs a = {0};
	Logger log = {.tty = isatty(STDERR_FILENO)};
	int rc = parse_args(&a, &log, argc, argv);
	if (rc)
		return rc < 0 ? PGSTAGE_EXIT_OK : rc;
	log.dry_run = a.opts.dry_run;
	a.opts.on_event = on_event;
	a.opts.ctx = &log;
	StrBuf source = STRBUF_INIT;
	strbuf_printf(&source, "%s %s", a.plan_path ? "plan" : "schema",
		      a.plan_path ? a.plan_path : a.schema_path);
	a.opts.source = source.buf;

	struct sigaction sa = {.sa_handler = on_signal};
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	double start = mono_now();
	Catalog *desired = NULL, *live = NULL;
	Diff *diff = NULL;
	Plan *plan = NULL;
	ApplySession *sess = NULL;
	ApplyResult res = {0};
	PgsError err = {0};
	Arena *arena = arena_new();
	const char *fingerprint = NULL, *outcome = "failed";

	if (a.schema_path) {
		rc = parse_schema_path(&desired, a.schema_path, &err);
		if (rc == 0)
			cli_scope_desired(desired, &a.load);
	}
	if (!rc)
		rc = apply_open(&sess, a.db, &a.opts, &err);
	if (!rc) {
		char target[256];
		on_event(&log, &(ApplyEvent){.kind = AEV_INFO,
					     .message = arena_printf(arena, "%s %s (%s)",
								     a.opts.dry_run ? "dry run on" : "applying to",
								     db_describe(sess->conn, target, sizeof target),
								     a.opts.source)});
		rc = make_plan(sess, &a, desired, &plan, &live, &diff, &err);
	}
	/* what --fail-on refuses, it refuses before anything changes */
	if (!rc)
		rc = plan_fail_on(plan, a.plan.fail_on, sess->opts.phases, &err);
	if (!rc) {
		fingerprint = plan->fingerprint;
		rc = apply_run(sess, plan, &res, &err);
	}
	int exit_code = PGSTAGE_EXIT_OK;
	if (rc) {
		if (rc == APPLY_ELOCKED)
			outcome = "locked";
		else if (rc == APPLY_EINTERRUPTED || caught_signal)
			outcome = "interrupted";
		exit_code = report(&log, &err);
	} else {
		outcome = res.statements || res.rows_backfilled ? "applied" : "nothing to do";
		if (a.opts.dry_run)
			outcome = "dry run";
	}
	if (res.fingerprint_after[0])
		fingerprint = res.fingerprint_after;
	if (!res.plan_id[0] && plan)
		plan_id(plan, res.plan_id);
	if (!a.opts.dry_run)
		print_metrics((mono_now() - start) * 1000, rc == 0, fingerprint, &res, outcome);
	apply_close(sess);
	plan_free(plan);
	diff_free(diff);
	catalog_free(live);
	catalog_free(desired);
	arena_free(arena);
	strbuf_release(&source);
	return exit_code;
}
