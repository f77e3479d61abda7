/*
 * cmd_emit.c - `pgstage emit`: the next versioned migration files for
 * pgstage or an existing runner (goose, golang-migrate, Flyway, dbmate,
 * Prisma), planned against a live database or against a migration
 * directory replayed into a scratch database.
 * Memory ownership: everything loaded here is freed here.
 */
#include "cli/cli.h"
#include "emit/runners/runners.h"
#include "util/escape.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char usage[] =
	"Usage: pgstage emit --schema PATH --dir DIR --format FORMAT [options]\n"
	"\n"
	"Write the next versioned migration files that bring the database to the\n"
	"desired schema, in a migration runner's own conventions.  Existing files\n"
	"are never overwritten; versions continue the directory's sequence.\n"
	"\n"
	"Options:\n"
	"  --db CONNINFO         the database to plan against (default: DATABASE_URL,\n"
	"                        then the PG* environment variables)\n"
	"  --schema PATH         desired schema: a .sql file or a directory of them\n"
	"  --dir DIR             migration directory to write into (created if missing)\n"
	"  --format FORMAT       pgstage, goose, golang-migrate, flyway, dbmate or prisma\n"
	"  --name SLUG           name part of the new files (default schema_change)\n"
	"  --phase contract      write only the contract phase, once the earlier phases\n"
	"                        have been released\n"
	"  --from-dir DIR        plan against DIR's up migrations replayed into a scratch\n"
	"                        database instead of a live one (DIR defaults --dir)\n"
	"  --dev-db CONNINFO     server for the scratch database (default: --db)\n"
	"  --allow-unsupported   plan even if the database holds objects pgstage does\n"
	"                        not manage (they are left alone)\n"
	"Options that shape the plan, as for 'pgstage plan' (--allow-drop writes the\n"
	"contract phase as a later migration; otherwise it is held and listed):\n"
	PLAN_OPTIONS_HELP
	LOAD_OPTIONS_HELP
	"                        (default for emit: the --format runner's own table,\n"
	"                        goose_db_version, schema_migrations, flyway_schema_history\n"
	"                        or _prisma_migrations, whatever its columns)\n"
	"  -h, --help            show this help\n"
	"\n"
	"Timestamp versions use the current UTC time, or SOURCE_DATE_EPOCH when set.\n"
	"\n"
	"Exit status: 0 files written (or nothing to do), 2 error, 3 bad usage,\n"
	"4 bad desired schema, 5 unsupported objects in the database, 6 a --fail-on\n"
	"hazard matched (nothing written).\n";

typedef struct EmitArgs {
	LoadOptions load;
	PlanArgs plan;           /* the options that shape the plan (cli.h) */
	EmitRequest req;
	const char *format, *from_dir, *dev_db, *phase;
} EmitArgs;

static int parse_args(EmitArgs *a, int argc, char **argv, bool *help)
{
	enum { OPT_PHASE = 256, OPT_FROM_DIR, OPT_DEV_DB,
	       OPT_ALLOW_UNSUPPORTED, OPT_NAME, OPT_DIR };
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},
		{"schema", required_argument, NULL, 's'},
		{"format", required_argument, NULL, 'f'},
		{"dir", required_argument, NULL, OPT_DIR},
		{"name", required_argument, NULL, OPT_NAME},
		{"phase", required_argument, NULL, OPT_PHASE},
		{"from-dir", required_argument, NULL, OPT_FROM_DIR},
		{"dev-db", required_argument, NULL, OPT_DEV_DB},
		{"allow-unsupported", no_argument, NULL, OPT_ALLOW_UNSUPPORTED},
		PLAN_LONGOPTS,
		LOAD_LONGOPTS,
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:s:f:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': a->load.db = optarg; break;
		case 's': a->load.schema_path = optarg; break;
		case 'f': a->format = optarg; break;
		case OPT_DIR: a->req.dir = optarg; break;
		case OPT_NAME: a->req.name = optarg; break;
		case OPT_PHASE: a->phase = optarg; break;
		case OPT_FROM_DIR: a->from_dir = optarg; break;
		case OPT_DEV_DB: a->dev_db = optarg; break;
		case OPT_ALLOW_UNSUPPORTED: a->load.allow_unsupported = true; break;
		case 'h': *help = true; return 0;
		default: {
			int rc = cli_load_option(c, optarg, "emit", &a->load);
			if (rc < 0)
				rc = cli_plan_option(c, optarg, "emit", &a->plan);
			if (rc < 0)
				return cli_usage_error("emit", "unknown option");
			if (rc)
				return rc;
		}
		}
	}
	if (optind < argc)
		return cli_usage_error("emit", "unexpected argument '%s'", argv[optind]);
	if (!a->format || !runner_find(a->format))
		return cli_usage_error("emit", "--format must be one of %s", runner_names());
	if (!a->load.schema_path)
		return cli_usage_error("emit", "--schema PATH is required");
	if (!a->req.dir)
		a->req.dir = a->from_dir;
	if (!a->req.dir)
		return cli_usage_error("emit", "--dir DIR is required");
	if (a->phase && strcmp(a->phase, "contract") != 0)
		return cli_usage_error("emit", "--phase takes only 'contract'");
	a->req.contract_only = a->phase != NULL;
	a->req.allow_drop = a->plan.plan.allow_drop;
	a->req.reorder_columns = a->plan.plan.reorder_columns;
	a->req.plan = &a->plan.plan;
	a->req.fail_on = a->plan.fail_on;
	/* the runner's own table, whatever its columns, unless named otherwise */
	const Runner *r = runner_find(a->format);
	if (!a->load.ignore.names[0] && r->history_table)
		ignore_list_add(a->load.ignore.names, r->history_table);
	return 0;
}

/* SOURCE_DATE_EPOCH makes timestamp versions reproducible (builds, tests). */
static time_t emit_now(void)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	char *end;
	if (e && *e) {
		long long v = strtoll(e, &end, 10);
		if (*end == '\0' && v > 0)
			return (time_t) v;
	}
	return time(NULL);
}

static int load_live(Catalog **live, const EmitArgs *a, const Runner *r)
{
	if (!a->from_dir) {
		PGconn *conn = NULL;
		int rc = cli_load_live(&conn, live, &a->load);
		PQfinish(conn);
		return rc;
	}
	PgsError err = {0};
	if (runner_replay_catalog(live, r, a->from_dir, a->dev_db ? a->dev_db : a->load.db, &err))
		return cli_report(&err);
	catalog_ignore(*live, &a->load.ignore); /* the replay left out the runner tables only */
	if ((*live)->unsupported.len && !a->load.allow_unsupported) {
		fprint_line(stderr, "pgstage: error: replaying '%s' made %zu object(s) pgstage does not manage:",
			    a->from_dir, (*live)->unsupported.len);
		VEC_EACH(const char *, u, &(*live)->unsupported)
			fprint_line(stderr, "  %s", u);
		fprintf(stderr, "hint: pass --allow-unsupported to plan around them\n");
		catalog_free(*live);
		*live = NULL;
		return PGSTAGE_EXIT_UNSUPPORTED;
	}
	return 0;
}

static void report(const EmitResult *res, const EmitArgs *a)
{
	if (res->n_units == 0)
		printf("No changes to write: %s matches the desired schema%s.\n",
		       a->from_dir ? "the migration directory" : "the database",
		       res->held.len ? " apart from held operations" : "");
	VEC_EACH(const char *, path, &res->written)
		fprint_line(stdout, "wrote %s/%s", a->req.dir, path);
	VEC_EACH(const char *, why, &res->irreversible)
		fprint_line(stdout, "irreversible %s (its down says so)", why);
	if (res->held.len && !a->req.allow_drop && !a->req.contract_only) {
		printf("held: %zu contract operation(s), not written:\n", res->held.len);
		VEC_EACH(const char *, s, &res->held)
			fprint_line(stdout, "  - %s", s);
		printf("write them as a later migration with --phase contract (or now with --allow-drop)\n");
	}
}

int cmd_emit(int argc, char **argv)
{
	EmitArgs a = {0};
	bool help = false;
	int rc = parse_args(&a, argc, argv, &help);
	if (help) {
		fputs(usage, stdout);
		return PGSTAGE_EXIT_OK;
	}
	if (rc)
		return rc;
	const Runner *r = runner_find(a.format);
	a.req.now = emit_now();
	a.req.source = a.load.schema_path;

	Catalog *desired = NULL, *live = NULL;
	rc = cli_load_desired(&desired, &a.load);
	if (rc == 0)
		rc = load_live(&live, &a, r);
	if (rc == 0)
		cli_print_ignored("emit", live, desired);
	if (rc == 0) {
		EmitResult res;
		PgsError err = {0};
		if (runner_emit(&res, r, &a.req, live, desired, &err))
			rc = cli_report(&err);
		else
			report(&res, &a);
		runner_emit_release(&res);
	}
	catalog_free(live);
	catalog_free(desired);
	return rc;
}
