/*
 * cmd_plan.c - `pgstage plan`: what it takes to bring a database to the
 * desired schema.
 * Memory ownership: everything loaded here is freed here.
 */
#include "cli/cli.h"
#include "diff/diff.h"
#include "emit/emit.h"
#include "emit/export.h"
#include "apply/plan_file.h"
#include "apply/deferred.h"
#include "apply/op_id.h"
#include "introspect/conn.h"
#include "parse/grant.h"
#include "parse/parse.h"
#include "plan/plan.h"
#include "preflight/preflight.h"
#include "preflight/resolve.h"
#include "util/escape.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
	"Usage: pgstage plan [--db CONNINFO] --schema PATH [options]\n"
	"\n"
	"Compare a live database with a desired schema and print the plan that\n"
	"brings the database there.  Nothing in the database is changed.\n"
	"\n"
	"Options:\n"
	"  --db CONNINFO         libpq connection string or URI (default: DATABASE_URL,\n"
	"                        then the PG* environment variables)\n"
	"  --schema PATH         desired schema: a .sql file or a directory of them\n"
	"  --format FORMAT       text (default, for people), sql (a psql script),\n"
	"                        json or xml (documents for review tools)\n"
	"  --out FILE            also save the plan for `pgstage apply --plan FILE`\n"
	"  --allow-unsupported   plan even if the database holds objects pgstage does\n"
	"                        not manage (they are left alone)\n"
	"  --phase PHASES        show only these phases: expand, backfill, tighten,\n"
	"                        contract (comma-separated) or all; contract or all\n"
	"                        release the held drops like --allow-drop\n"
	"  --privileges          also plan GRANT/REVOKE: read the objects', columns' and\n"
	"                        default privileges and compare them with the GRANT,\n"
	"                        REVOKE and ALTER DEFAULT PRIVILEGES statements of the\n"
	"                        schema files (off by default: the statements are\n"
	"                        checked, not compared)\n"
	PLAN_OPTIONS_HELP
	PREFLIGHT_OPTIONS_HELP
	LOAD_OPTIONS_HELP
	"  --color auto|always|never  colours in text output (default auto; NO_COLOR honoured)\n"
	"  -h, --help            show this help\n"
	"\n"
	"Exit status: 0 plan printed, 2 error, 3 bad usage, 4 bad desired schema,\n"
	"5 unsupported objects in the database, 6 a --fail-on hazard matched or a\n"
	"pre-flight check found data the plan cannot apply to (the plan is printed).\n";

/* Held operations that an earlier apply already deferred say since when,
 * so a reviewer sees what has been waiting for its contract release. */
static void note_deferred_since(Plan *plan, PGconn *conn)
{
	PtrVec deferred = {0};
	PgsError ignore = {0};
	if (deferred_list(conn, plan->arena, &deferred, &ignore) || !deferred.len)
		return;
	VEC_EACH(Op *, op, &plan->ops) {
		if (!op->held)
			continue;
		char id[OP_ID_LEN];
		op_id(op, id);
		VEC_EACH(const DeferredOp *, d, &deferred)
			if (strcmp(d->op_id, id) == 0)
				op->note = arena_printf(plan->arena, "%s%sdeferred since %s",
							op->note ? op->note : "", op->note ? "; " : "",
							d->first_seen);
	}
}

int cmd_plan(int argc, char **argv)
{
	enum { OPT_ALLOW_UNSUPPORTED = 256, OPT_COLOR, OPT_OUT, OPT_PHASE, OPT_PRIVILEGES };
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},
		{"schema", required_argument, NULL, 's'},
		{"format", required_argument, NULL, 'f'},
		{"allow-unsupported", no_argument, NULL, OPT_ALLOW_UNSUPPORTED},
		{"color", required_argument, NULL, OPT_COLOR},
		{"out", required_argument, NULL, OPT_OUT},
		{"phase", required_argument, NULL, OPT_PHASE},
		{"privileges", no_argument, NULL, OPT_PRIVILEGES},
		PLAN_LONGOPTS,
		PREFLIGHT_LONGOPTS,
		LOAD_LONGOPTS,
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	LoadOptions load = {0};
	PlanArgs pargs = {0};
	PlanOptions *popts = &pargs.plan;
	const char *format = "text", *color = "auto", *out_path = NULL;
	unsigned phases = 0;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:s:f:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			load.db = optarg;
			break;
		case 's':
			load.schema_path = optarg;
			break;
		case 'f':
			format = optarg;
			break;
		case OPT_ALLOW_UNSUPPORTED:
			load.allow_unsupported = true;
			break;
		case OPT_COLOR:
			color = optarg;
			break;
		case OPT_OUT:
			out_path = optarg;
			break;
		case OPT_PHASE:
			if (plan_parse_phases(optarg, &phases))
				return cli_usage_error("plan", "--phase takes expand, backfill, tighten, "
							       "contract or all, not '%s'", optarg);
			if (phases & (1u << PHASE_CONTRACT))
				popts->allow_drop = true;
			break;
		case OPT_PRIVILEGES:
			load.privileges = true;
			break;
		case 'h':
			fputs(usage, stdout);
			return PGSTAGE_EXIT_OK;
		default: {
			int rc = cli_load_option(c, optarg, "plan", &load);
			if (rc >= 0) {
				if (rc)
					return rc;
				break;
			}
			rc = cli_plan_option(c, optarg, "plan", &pargs);
			if (rc)
				return rc < 0 ? cli_usage_error("plan", "unknown option") : rc;
		}
		}
	}
	if (optind < argc)
		return cli_usage_error("plan", "unexpected argument '%s'", argv[optind]);
	if (strcmp(format, "text") && strcmp(format, "sql") && strcmp(format, "json") &&
	    strcmp(format, "xml"))
		return cli_usage_error("plan", "--format must be text, sql, json or xml, not '%s'",
				       format);
	if (strcmp(color, "auto") && strcmp(color, "always") && strcmp(color, "never"))
		return cli_usage_error("plan", "--color must be auto, always or never");
	if (!load.schema_path)
		return cli_usage_error("plan", "--schema PATH is required");

	Catalog *desired = NULL, *live = NULL;
	PGconn *conn = NULL;
	int rc = cli_load_both(&conn, &live, &desired, &load);
	if (rc)
		return rc;
	char target[256];
	db_describe(conn, target, sizeof target);

	PgsError err = {0};
	/* names that resolve nowhere: exit 4 before anything is printed */
	if (resolve_names(desired, live, conn, &err) ||
	    (load.privileges && grant_check_issues(desired, &err))) {
		PQfinish(conn);
		catalog_free(live);
		catalog_free(desired);
		return cli_report(&err);
	}
	DiffOptions dopts = {.privileges = load.privileges};
	Diff *diff = diff_catalogs_opts(live, desired, &dopts);
	Plan *plan = NULL;
	/* only JSON, XML and a plan file carry the fingerprint */
	popts->no_fingerprint = !out_path && (strcmp(format, "text") == 0 || strcmp(format, "sql") == 0);
	rc = plan_build(&plan, diff, live, desired, popts, &err);
	if (rc == 0 && phases)
		plan_select_phases(plan, phases);
	if (rc == 0)
		note_deferred_since(plan, conn);
	size_t refusals = 0;
	if (rc == 0 && !pargs.no_preflight)
		rc = preflight_run(plan, conn, (int) (pargs.preflight_ms ? pargs.preflight_ms
								 : PREFLIGHT_TIMEOUT_MS),
				   &refusals, &err);
	PQfinish(conn);
	if (rc == 0 && out_path) {
		PlanFileMeta meta = {.schema_path = load.schema_path, .live = live};
		rc = plan_file_write_meta(plan, &meta, out_path, &err);
	}
	if (rc) {
		rc = cli_report(&err);
	} else {
		StrBuf out = STRBUF_INIT;
		ExportOptions eopts = {.target = target, .source = load.schema_path};
		if (strcmp(format, "sql") == 0) {
			emit_plan_sql(&out, plan);
		} else if (strcmp(format, "json") == 0) {
			rc = emit_plan_json(&out, plan, &eopts, &err);
		} else if (strcmp(format, "xml") == 0) {
			rc = emit_plan_xml(&out, plan, &eopts, &err);
		} else {
			TextOptions topts = {.color = cli_use_color(STDOUT_FILENO, color),
					     .target = target,
					     .source = load.schema_path};
			emit_plan_text(&out, plan, &topts);
		}
		if (rc)
			rc = cli_report(&err);
		else
			fputs(out.buf, stdout);
		strbuf_release(&out);
	}
	if (rc == 0 && refusals) {
		preflight_refusal(plan, refusals, &err);
		rc = cli_report(&err);
	}
	if (rc == 0 && plan_fail_on(plan, pargs.fail_on, 0, &err))
		rc = cli_report(&err);
	plan_free(plan);
	diff_free(diff);
	catalog_free(live);
	catalog_free(desired);
	return rc;
}
