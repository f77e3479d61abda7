/*
 * cmd_drift.c - `pgstage drift`: does the live database match the desired
 * schema?  For CI: exit 0 when it does, 1 when it drifts, 2 on any error.
 * Memory ownership: everything loaded here is freed here.
 */
#include "cli/cli.h"
#include "diff/diff.h"
#include "emit/export.h"
#include "introspect/conn.h"
#include "introspect/introspect.h"
#include "parse/parse.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static const char usage[] =
	"Usage: pgstage drift [--db CONNINFO] --schema PATH [options]\n"
	"\n"
	"Check whether a live database matches a desired schema, for CI: run it\n"
	"before a deploy, or on every pull request against a database built from\n"
	"the main branch.  Nothing in the database is changed.\n"
	"\n"
	"Options:\n"
	"  --db CONNINFO         libpq connection string or URI (default: DATABASE_URL,\n"
	"                        then the PG* environment variables)\n"
	"  --schema PATH         desired schema: a .sql file or a directory of them\n"
	"  --format FORMAT       text (default, for people), json (every difference with\n"
	"                        object kind, name and detail), or junit (JUnit XML: one\n"
	"                        test case per object, failures carry the differences)\n"
	"  --allow-unsupported   check even if the database holds objects pgstage does\n"
	"                        not manage (they are not compared)\n"
	LOAD_OPTIONS_HELP
	"  -h, --help            show this help\n"
	"\n"
	"The report goes to standard output, errors to standard error.  With json or\n"
	"junit, a check that fails after its arguments were read still writes a\n"
	"report that says why (an \"error\" member, or one test case in error), so\n"
	"CI has a file to publish.\n"
	"\n"
	"Exit status: 0 the database matches, 1 it drifts, 2 any error: bad usage,\n"
	"a bad desired schema, a database that cannot be reached or holds objects\n"
	"pgstage does not manage.  (Unlike the other commands, drift uses 2 for\n"
	"every kind of error, so CI can tell drift from a broken check.)\n";

typedef struct DriftArgs {
	const char *db, *schema_path, *format;
	bool allow_unsupported;
	LoadOptions load;       /* only its schema patterns and ignore options are used */
} DriftArgs;

/* Parses the arguments; returns -1 when they are fine, else an exit code. */
static int parse_args(DriftArgs *a, int argc, char **argv)
{
	enum { OPT_ALLOW_UNSUPPORTED = 256 };
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},
		{"schema", required_argument, NULL, 's'},
		{"format", required_argument, NULL, 'f'},
		{"allow-unsupported", no_argument, NULL, OPT_ALLOW_UNSUPPORTED},
		LOAD_LONGOPTS,
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:s:f:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			a->db = optarg;
			break;
		case 's':
			a->schema_path = optarg;
			break;
		case 'f':
			a->format = optarg;
			break;
		case OPT_ALLOW_UNSUPPORTED:
			a->allow_unsupported = true;
			break;
		case 'h':
			fputs(usage, stdout);
			return PGSTAGE_EXIT_OK;
		default: {
			int rc = cli_load_option(c, optarg, "drift", &a->load);
			if (rc < 0)
				cli_usage_error("drift", "unknown option");
			if (rc)
				return PGSTAGE_EXIT_ERROR;
		}
		}
	}
	if (optind < argc) {
		cli_usage_error("drift", "unexpected argument '%s'", argv[optind]);
		return PGSTAGE_EXIT_ERROR;
	}
	if (strcmp(a->format, "text") && strcmp(a->format, "json") && strcmp(a->format, "junit")) {
		cli_usage_error("drift", "--format must be text, json or junit, not '%s'", a->format);
		return PGSTAGE_EXIT_ERROR;
	}
	if (!a->schema_path) {
		cli_usage_error("drift", "--schema PATH is required");
		return PGSTAGE_EXIT_ERROR;
	}
	return -1;
}

/* An error value for unmanaged live objects, listing them in the detail. */
static int unsupported_error(const Catalog *live, PgsError *err)
{
	pgs_error_set(err, PGSTAGE_EUNSUPPORTED,
		      "the database holds %zu object(s) pgstage does not manage", live->unsupported.len);
	StrBuf list = STRBUF_INIT;
	VEC_EACH(const char *, u, &live->unsupported)
		strbuf_printf(&list, "%s%s", u_i ? ", " : "", u);
	pgs_error_detail(err, "%s", list.buf);
	strbuf_release(&list);
	pgs_error_hint(err, "exclude their schemas with --schema-exclude, or pass --allow-unsupported to check the rest");
	return err->code;
}

/* Loads both sides; fills `target` (no password) once connected. */
static int load_both(Catalog **desired, Catalog **live, char *target, size_t target_size,
		     const DriftArgs *a, PgsError *err)
{
	PGconn *conn = NULL;
	int rc = parse_schema_path(desired, a->schema_path, err);
	if (rc == 0) {
		cli_scope_desired(*desired, &a->load);
		rc = db_connect(&conn, a->db, err);
	}
	if (rc == 0) {
		db_describe(conn, target, target_size);
		IntrospectOptions iopts = {.schema_include = a->load.schema_include,
					   .schema_exclude = a->load.schema_exclude,
					   .ignore = &a->load.ignore};
		rc = introspect_catalog(live, conn, &iopts, err);
	}
	if (conn)
		PQfinish(conn);
	if (rc == 0 && (*live)->unsupported.len && !a->allow_unsupported)
		rc = unsupported_error(*live, err);
	if (rc == 0)
		cli_print_ignored("drift", *live, *desired);
	return rc;
}

static int render(StrBuf *out, const DriftArgs *a, const Diff *diff, const Catalog *live,
		  const Catalog *desired, const ExportOptions *eopts, bool *drifted, PgsError *err)
{
	DriftReport *report = NULL;
	int rc = drift_report_build(&report, diff, live, desired, err);
	if (rc)
		return rc;
	*drifted = report->n_changes > 0;
	if (strcmp(a->format, "json") == 0)
		rc = emit_drift_json(out, report, eopts, err);
	else if (strcmp(a->format, "junit") == 0)
		rc = emit_drift_junit(out, report, eopts, err);
	else
		emit_drift_text(out, report, eopts);
	drift_report_free(report);
	return rc;
}

/* Writes `out` to stdout; a failed write (full disk, closed pipe) is an error. */
static int write_stdout(const StrBuf *out)
{
	fputs(out->buf, stdout);
	if (fflush(stdout) == 0 && !ferror(stdout))
		return 0;
	fprintf(stderr, "pgstage: error: could not write the drift report to standard output\n");
	return PGSTAGE_EXIT_ERROR;
}

static double seconds_since(const struct timespec *start)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double) (now.tv_sec - start->tv_sec) + (double) (now.tv_nsec - start->tv_nsec) / 1e9;
}

int cmd_drift(int argc, char **argv)
{
	DriftArgs a = {.format = "text"};
	int rc = parse_args(&a, argc, argv);
	if (rc >= 0)
		return rc;

	struct timespec started;
	clock_gettime(CLOCK_MONOTONIC, &started);
	char timestamp[32] = "";
	time_t now = time(NULL);
	struct tm utc;
	if (gmtime_r(&now, &utc))
		strftime(timestamp, sizeof timestamp, "%Y-%m-%dT%H:%M:%S", &utc);
	char target[256] = "";

	Catalog *desired = NULL, *live = NULL;
	Diff *diff = NULL;
	StrBuf out = STRBUF_INIT;
	PgsError err = {0};
	bool drifted = false;
	rc = load_both(&desired, &live, target, sizeof target, &a, &err);
	ExportOptions eopts = {.target = target[0] ? target : NULL,
			       .source = a.schema_path,
			       .timestamp = timestamp[0] ? timestamp : NULL};
	if (rc == 0) {
		diff = diff_catalogs(live, desired);
		eopts.duration_s = seconds_since(&started);
		rc = render(&out, &a, diff, live, desired, &eopts, &drifted, &err);
	}
	if (rc) {
		/* CI publishes whatever file it was told to: make it say why. */
		PgsError ignored = {0};
		strbuf_reset(&out);
		eopts.duration_s = seconds_since(&started);
		if (strcmp(a.format, "json") == 0)
			emit_drift_error_json(&out, &err, &eopts, &ignored);
		else if (strcmp(a.format, "junit") == 0)
			emit_drift_error_junit(&out, &err, &eopts, &ignored);
		cli_report(&err);
		rc = PGSTAGE_EXIT_ERROR;
		if (out.len)
			write_stdout(&out);
	} else {
		rc = write_stdout(&out);
		if (rc == 0)
			rc = drifted ? PGSTAGE_EXIT_CHANGES : PGSTAGE_EXIT_OK;
	}
	strbuf_release(&out);
	diff_free(diff);
	catalog_free(live);
	catalog_free(desired);
	return rc;
}
