/*
 * cli_common.c - error reporting and loading both sides for the commands.
 * Memory ownership: see cli.h.
 */
#include "cli/cli.h"
#include "introspect/conn.h"
#include "introspect/introspect.h"
#include "parse/keyword.h"
#include "parse/parse.h"
#include "util/strbuf.h"
#include "util/escape.h"
#include "util/thread.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <malloc.h>
#include <pthread.h>
#include <unistd.h>

/* "label: " and the lines of text, each escaped (util/escape.h): messages
 * quote names and server text. */
static void report_lines(const char *label, const char *text)
{
	const char *p = text;
	for (;;) {
		int n = (int) strcspn(p, "\n");
		fprint_line(stderr, "%s%.*s", p == text ? label : "", n, p);
		if (!p[n])
			break;
		p += n + 1;
	}
}

int cli_report(const PgsError *err)
{
	if (err->file[0] && err->line)
		fprint_line(stderr, "%s:%d:%d: error: %s", err->file, err->line, err->col, err->message);
	else if (err->file[0])
		fprint_line(stderr, "%s: error: %s", err->file, err->message);
	else
		fprint_line(stderr, "pgstage: error: %s", err->message);
	if (err->detail[0])
		report_lines("detail: ", err->detail);
	if (err->hint[0])
		report_lines("hint: ", err->hint);
	switch (err->code) {
	case PGSTAGE_EINPUT:
		return PGSTAGE_EXIT_INPUT;
	case PGSTAGE_EUSAGE:
		return PGSTAGE_EXIT_USAGE;
	case PGSTAGE_EUNSUPPORTED:
		return PGSTAGE_EXIT_UNSUPPORTED;
	case PGSTAGE_EREFUSED:
		return PGSTAGE_EXIT_HAZARD;
	default:
		return PGSTAGE_EXIT_ERROR;
	}
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "pgstage %s: ", cmd);
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\nTry 'pgstage %s --help'.\n", cmd);
	va_end(ap);
	return PGSTAGE_EXIT_USAGE;
}

int cli_load_desired(Catalog **desired, const LoadOptions *opts)
{
	PgsError err = {0};
	if (!opts->schema_path)
		return cli_usage_error("plan", "--schema PATH is required");
	if (parse_schema_path(desired, opts->schema_path, &err))
		return cli_report(&err);
	cli_scope_desired(*desired, opts);
	return 0;
}

void cli_scope_desired(Catalog *desired, const LoadOptions *opts)
{
	catalog_keep_schemas(desired, opts->schema_include, opts->schema_exclude);
	catalog_ignore(desired, &opts->ignore);
}

void cli_print_ignored(const char *cmd, const Catalog *live, const Catalog *desired)
{
	VEC_EACH(const char *, note, live ? &live->ignored : &(PtrVec){0})
		fprintf(stderr, "pgstage %s: note: %s\n", cmd, note);
	/* the desired side's notes that the live side did not already give */
	VEC_EACH(const char *, note, desired ? &desired->ignored : &(PtrVec){0}) {
		bool seen = false;
		VEC_EACH(const char *, l, live ? &live->ignored : &(PtrVec){0})
			seen = seen || strcmp(l, note) == 0;
		if (!seen)
			fprintf(stderr, "pgstage %s: note: %s\n", cmd, note);
	}
}

typedef struct ParseJob {
	const LoadOptions *opts;
	Catalog *cat;
	PgsError err;
	int rc;
} ParseJob;

static void *parse_job(void *arg)
{
	ParseJob *job = arg;
	job->rc = parse_schema_path(&job->cat, job->opts->schema_path, &job->err);
	if (job->rc == 0)
		cli_scope_desired(job->cat, job->opts);
	/* libpg_query frees this thread's memory context by itself when the
	 * thread ends (a TSD destructor); pg_query_exit() here would free it
	 * twice.  Only our keyword cache is left to release. */
	keyword_cache_release();
	return NULL;
}

int cli_load_both(PGconn **conn, Catalog **live, Catalog **desired, const LoadOptions *opts)
{
	*live = *desired = NULL;
	*conn = NULL;
	if (!opts->schema_path)
		return cli_usage_error("plan", "--schema PATH is required");
	ParseJob job = {.opts = opts};
	/* one malloc arena for every thread (this one, the parse's, and the
	 * grammar's ahead of it, src/parse/chunks.c): a second one kept its
	 * freed parser scratch resident beside the main one (15 MB at 5000
	 * tables), and the threads allocate mostly from arenas of their own */
	mallopt(M_ARENA_MAX, 1);
	pthread_t thread;
	bool threaded = pgs_thread_create(&thread, parse_job, &job) == 0;
	if (!threaded)
		parse_job(&job);
	int live_rc = cli_load_live(conn, live, opts);
	if (threaded)
		pthread_join(thread, NULL);
	if (job.rc) {
		/* bad input is the user's to fix first: its exit code wins */
		catalog_free(*live);
		*live = NULL;
		if (*conn)
			PQfinish(*conn);
		*conn = NULL;
		return cli_report(&job.err);
	}
	if (live_rc) {
		catalog_free(job.cat);
		return live_rc;
	}
	*desired = job.cat;
	return 0;
}

int cli_load_live(PGconn **conn, Catalog **live, const LoadOptions *opts)
{
	PgsError err = {0};
	*live = NULL;
	if (db_connect(conn, opts->db, &err))
		return cli_report(&err);
	IntrospectOptions iopts = {.schema_include = opts->schema_include,
				   .schema_exclude = opts->schema_exclude,
				   .privileges = opts->privileges,
				   .ignore = &opts->ignore};
	if (introspect_catalog(live, *conn, &iopts, &err)) {
		PQfinish(*conn);
		*conn = NULL;
		return cli_report(&err);
	}
	if ((*live)->unsupported.len && !opts->allow_unsupported) {
		fprintf(stderr, "pgstage: error: the database holds %zu object(s) pgstage does not manage:\n",
			(*live)->unsupported.len);
		VEC_EACH(const char *, u, &(*live)->unsupported)
			fprint_line(stderr, "  %s", u);
		fprintf(stderr, "hint: exclude their schemas with --schema-exclude, or pass "
				"--allow-unsupported to plan around them\n");
		catalog_free(*live);
		*live = NULL;
		PQfinish(*conn);
		*conn = NULL;
		return PGSTAGE_EXIT_UNSUPPORTED;
	}
	return 0;
}

bool cli_use_color(int fd, const char *mode)
{
	if (mode && strcmp(mode, "always") == 0)
		return true;
	if (mode && strcmp(mode, "never") == 0)
		return false;
	const char *no = getenv("NO_COLOR");
	if (no && *no)
		return false;
	const char *term = getenv("TERM");
	if (term && strcmp(term, "dumb") == 0)
		return false;
	return isatty(fd);
}

long cli_parse_duration_ms(const char *s)
{
	char *end;
	double v = strtod(s, &end);
	if (end == s || v < 0)
		return -1;
	double scale = 1;
	if (*end == '\0' || strcmp(end, "ms") == 0)
		scale = 1;
	else if (strcmp(end, "s") == 0)
		scale = 1000;
	else if (strcmp(end, "min") == 0)
		scale = 60000;
	else if (strcmp(end, "h") == 0)
		scale = 3600000;
	else
		return -1;
	return (long) (v * scale);
}

static int parse_count(const char *arg, long min, long *out)
{
	char *end;
	long v = strtol(arg, &end, 10);
	if (end == arg || *end || v < min)
		return -1;
	*out = v;
	return 0;
}

/* ---- the options that shape a plan (cli.h: PlanArgs) ----
 * The one parser of them for plan, apply and emit. */
int cli_plan_option(int opt, const char *arg, const char *cmd, PlanArgs *a)
{
	PlanOptions *o = &a->plan;
	long v;
	switch (opt) {
	case OPT_NO_ONLINE:
		o->no_online = true;
		return 0;
	case OPT_ONLINE_MIN_ROWS:
		if (parse_count(arg, -1, &v))
			return cli_usage_error(cmd, "--online-min-rows takes a row count or -1");
		o->online_min_rows = v == 0 ? -1 : v;
		return 0;
	case OPT_LOCK_TIMEOUT:
	case OPT_STATEMENT_TIMEOUT:
	case OPT_PREFLIGHT_TIMEOUT:
		v = cli_parse_duration_ms(arg);
		if (v < 0 || v > 24L * 3600 * 1000 || (v == 0 && opt == OPT_PREFLIGHT_TIMEOUT))
			return cli_usage_error(cmd, "bad duration '%s' (e.g. 500ms, 5s, 2min)", arg);
		if (opt == OPT_LOCK_TIMEOUT)
			o->lock_timeout_ms = (int) (v ? v : 1); /* 0 would mean "default" */
		else if (opt == OPT_STATEMENT_TIMEOUT)
			o->statement_timeout_ms = (int) v;
		else
			a->preflight_ms = v;
		return 0;
	case OPT_BATCH_SIZE:
		if (parse_count(arg, 1, &v) || v > 10000000)
			return cli_usage_error(cmd, "--batch-size takes a row count (1-10000000)");
		o->batch_size = v;
		return 0;
	case OPT_REORDER_COLUMNS:
		o->reorder_columns = true;
		return 0;
	case OPT_ALLOW_DROP:
		o->allow_drop = true;
		return 0;
	case OPT_FAIL_ON:
		if (plan_parse_hazards(arg, &a->fail_on))
			return cli_usage_error(cmd, "unknown hazard in '%s' (data-loss, table-rewrite, "
					       "table-scan, irreversible, blocks-writes, blocks-reads, "
					       "breaks-old-app)", arg);
		return 0;
	case OPT_NO_PREFLIGHT:
		a->no_preflight = true;
		return 0;
	default:
		return -1;
	}
}

int cli_load_option(int opt, const char *arg, const char *cmd, LoadOptions *o)
{
	switch (opt) {
	case OPT_NO_IGNORE_RUNNER_TABLES:
		o->ignore.no_runner_tables = true;
		return 0;
	case OPT_IGNORE:
	case OPT_HISTORY_TABLE:
		if (!*arg)
			return cli_usage_error(cmd, "--%s takes a non-empty name",
					       opt == OPT_IGNORE ? "ignore" : "history-table");
		if (!ignore_list_add(opt == OPT_IGNORE ? o->ignore.patterns : o->ignore.names, arg))
			return cli_usage_error(cmd, "at most %d --ignore and as many --history-table",
					       IGNORE_MAX);
		return 0;
	default:
		break;
	}
	const char **list = opt == OPT_SCHEMA_INCLUDE ? o->schema_include
			    : opt == OPT_SCHEMA_EXCLUDE ? o->schema_exclude
							: NULL;
	if (!list)
		return -1;
	size_t n = 0;
	while (list[n])
		n++;
	if (n == MAX_SCHEMA_PATTERNS)
		return cli_usage_error(cmd, "at most %d schema patterns", MAX_SCHEMA_PATTERNS);
	list[n] = arg;
	return 0;
}
