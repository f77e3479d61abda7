/*
 * cmd_status.c - `pgstage status`: applied, pending and deferred operations
 * of a database, from the pgstage schema and (with --schema) a fresh plan.
 * Memory ownership: one arena for the report, freed here with the plan.
 */
#include "cli/cli.h"
#include "apply/apply.h"
#include "apply/status.h"
#include "apply/op_id.h"
#include "diff/diff.h"
#include "introspect/conn.h"
#include "plan/plan.h"
#include "util/escape.h"

#include <getopt.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"Usage: pgstage status [--db CONNINFO] [--schema PATH] [options]\n"
	"\n"
	"Show what pgstage apply did to a database and what is left: the run lock,\n"
	"recent runs and steps (with errors), unfinished backfills, contract\n"
	"operations held back, and, given the desired schema, the pending plan.\n"
	"Nothing in the database is changed.\n"
	"\n"
	"Options:\n"
	"  --db CONNINFO         libpq connection string or URI (default: DATABASE_URL,\n"
	"                        then the PG* environment variables)\n"
	"  --schema PATH         desired schema: also list pending operations\n"
	"  --limit N             runs and steps to show (default 10)\n"
	"  --format FORMAT       text (default) or json\n"
	"  --allow-unsupported   plan even if the database holds objects pgstage does\n"
	"                        not manage\n"
	LOAD_OPTIONS_HELP
	"  -h, --help            show this help\n"
	"\n"
	"Exit status: 0 shown, 2 error, 3 bad usage, 4 bad desired schema,\n"
	"5 unsupported objects in the database.\n";

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

/* History rows, names and summaries hold whatever the schema and the
 * database held: every line with one goes through fprint_line(). */
static void print_text(const char *target, const StatusReport *st, const Plan *plan)
{
	fprint_line(stdout, "database: %s", target);
	fprint_line(stdout, "run lock: %s", st->lock_holder ? st->lock_holder : "free");
	if (!st->has_history)
		printf("\nno apply history: pgstage apply has not run on this database\n");
	if (st->invalid_indexes.len) {
		printf("\ninvalid indexes (a concurrent build failed or is running; they enforce "
		       "nothing, and a plan rebuilds them):\n");
		VEC_EACH(const char *, ix, &st->invalid_indexes)
			printf("  %s\n", ix);
	}
	if (st->runs.len) {
		printf("\nruns (newest first):\n");
		VEC_EACH(const StatusRun *, r, &st->runs) {
			fprint_line(stdout,
				    "  #%s %-11s %s  phases %s, %s statements, %s rows backfilled, by %s (%s)",
				    r->run_id, r->status, r->started_at, r->phases, r->statements,
				    r->rows_backfilled, r->run_by, or_dash(r->source));
			if (r->error)
				fprint_line(stdout, "      error: %s", r->error);
		}
	}
	if (st->steps.len) {
		printf("\nsteps (newest first):\n");
		VEC_EACH(const StatusStep *, s, &st->steps) {
			fprint_line(stdout, "  #%s %-11s %-8s %s  (%s ms, run #%s, %s)", s->step_id,
				    s->status, s->phase, or_dash(s->summary), or_dash(s->duration_ms),
				    s->run_id, s->started_at);
			if (s->error)
				fprint_line(stdout, "      error: %s", s->error);
		}
	}
	if (st->backfills.len) {
		printf("\nunfinished backfills (an apply continues them):\n");
		VEC_EACH(const StatusBackfill *, b, &st->backfills)
			fprint_line(stdout, "  %s: %s rows in %s batches, last batch %s (op %s)", b->table,
				    b->rows_done, b->batches, b->updated_at, b->op_id);
	}
	if (plan) {
		size_t pending = 0;
		printf("\npending:\n");
		VEC_EACH(const Op *, op, &plan->ops) {
			if (op->held)
				continue;
			char id[OP_ID_LEN];
			op_id(op, id);
			fprint_line(stdout, "  %-8s %c %s  (op %s)", phase_name(op->phase), op->action,
				    op->summary, id);
			pending++;
		}
		if (!pending)
			printf("  nothing: the database matches the desired schema (apart from held operations)\n");
	} else {
		printf("\npending: pass --schema PATH to list the operations still to apply\n");
	}
	size_t held = 0;
	VEC_EACH(const Op *, op, plan ? &plan->ops : &(PtrVec){0})
		held += op->held;
	if (st->deferred.len || held) {
		printf("\ndeferred (held back; run 'pgstage apply --phase contract' to release):\n");
		VEC_EACH(const DeferredOp *, d, &st->deferred)
			fprint_line(stdout, "  %-8s %s  (op %s, first seen %s)", d->phase,
				    or_dash(d->summary), d->op_id, d->first_seen);
		VEC_EACH(const Op *, op, plan ? &plan->ops : &(PtrVec){0}) {
			if (!op->held)
				continue;
			char id[OP_ID_LEN];
			op_id(op, id);
			bool recorded = false;
			VEC_EACH(const DeferredOp *, d, &st->deferred)
				recorded |= strcmp(d->op_id, id) == 0;
			if (!recorded)
				fprint_line(stdout, "  %-8s %s  (op %s, not yet seen by apply)",
					    phase_name(op->phase), op->summary, id);
		}
	}
}

static json_object *jstr(const char *s)
{
	return s ? json_object_new_string(s) : json_object_new_null();
}

static void print_json(const char *target, const StatusReport *st, const Plan *plan)
{
	json_object *o = json_object_new_object();
	json_object_object_add(o, "database", jstr(target));
	json_object_object_add(o, "lock_holder", jstr(st->lock_holder));
	json_object_object_add(o, "has_history", json_object_new_boolean(st->has_history));
	json_object *runs = json_object_new_array(), *steps = json_object_new_array(),
		    *bfs = json_object_new_array(), *def = json_object_new_array();
	VEC_EACH(const StatusRun *, r, &st->runs) {
		json_object *x = json_object_new_object();
		json_object_object_add(x, "run_id", json_object_new_int64(atoll(r->run_id)));
		json_object_object_add(x, "status", jstr(r->status));
		json_object_object_add(x, "phases", jstr(r->phases));
		json_object_object_add(x, "source", jstr(r->source));
		json_object_object_add(x, "plan_id", jstr(r->plan_id));
		json_object_object_add(x, "started_at", jstr(r->started_at));
		json_object_object_add(x, "finished_at", jstr(r->finished_at));
		json_object_object_add(x, "statements", json_object_new_int64(atoll(r->statements)));
		json_object_object_add(x, "rows_backfilled", json_object_new_int64(atoll(r->rows_backfilled)));
		json_object_object_add(x, "run_by", jstr(r->run_by));
		json_object_object_add(x, "error", jstr(r->error));
		json_object_array_add(runs, x);
	}
	VEC_EACH(const StatusStep *, s, &st->steps) {
		json_object *x = json_object_new_object();
		json_object_object_add(x, "step_id", json_object_new_int64(atoll(s->step_id)));
		json_object_object_add(x, "run_id", json_object_new_int64(atoll(s->run_id)));
		json_object_object_add(x, "op_id", jstr(s->op_id));
		json_object_object_add(x, "phase", jstr(s->phase));
		json_object_object_add(x, "summary", jstr(s->summary));
		json_object_object_add(x, "status", jstr(s->status));
		json_object_object_add(x, "started_at", jstr(s->started_at));
		json_object_object_add(x, "duration_ms", s->duration_ms ? json_object_new_int64(atoll(s->duration_ms))
									 : json_object_new_null());
		json_object_object_add(x, "error", jstr(s->error));
		json_object_array_add(steps, x);
	}
	VEC_EACH(const StatusBackfill *, b, &st->backfills) {
		json_object *x = json_object_new_object();
		json_object_object_add(x, "op_id", jstr(b->op_id));
		json_object_object_add(x, "table", jstr(b->table));
		json_object_object_add(x, "rows_done", json_object_new_int64(atoll(b->rows_done)));
		json_object_object_add(x, "batches", json_object_new_int64(atoll(b->batches)));
		json_object_object_add(x, "updated_at", jstr(b->updated_at));
		json_object_array_add(bfs, x);
	}
	VEC_EACH(const DeferredOp *, d, &st->deferred) {
		json_object *x = json_object_new_object();
		json_object_object_add(x, "op_id", jstr(d->op_id));
		json_object_object_add(x, "phase", jstr(d->phase));
		json_object_object_add(x, "summary", jstr(d->summary));
		json_object_object_add(x, "first_seen", jstr(d->first_seen));
		json_object *sql = json_object_new_array();
		VEC_EACH(const char *, q, &d->statements)
			json_object_array_add(sql, json_object_new_string(q));
		json_object_object_add(x, "sql", sql);
		json_object_array_add(def, x);
	}
	json_object_object_add(o, "runs", runs);
	json_object_object_add(o, "steps", steps);
	json_object_object_add(o, "backfills", bfs);
	json_object_object_add(o, "deferred", def);
	json_object *inv = json_object_new_array();
	VEC_EACH(const char *, ix, &st->invalid_indexes)
		json_object_array_add(inv, json_object_new_string(ix));
	json_object_object_add(o, "invalid_indexes", inv);
	if (plan) {
		json_object *pend = json_object_new_array(), *held = json_object_new_array();
		VEC_EACH(const Op *, op, &plan->ops) {
			char id[OP_ID_LEN];
			op_id(op, id);
			json_object *x = json_object_new_object();
			json_object_object_add(x, "op_id", json_object_new_string(id));
			json_object_object_add(x, "phase", json_object_new_string(phase_name(op->phase)));
			json_object_object_add(x, "summary", jstr(op->summary));
			json_object_array_add(op->held ? held : pend, x);
		}
		json_object_object_add(o, "pending", pend);
		json_object_object_add(o, "held", held);
	}
	printf("%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
							 JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
}

int cmd_status(int argc, char **argv)
{
	enum { OPT_LIMIT = 256, OPT_UNSUP };
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},
		{"schema", required_argument, NULL, 's'},
		{"format", required_argument, NULL, 'f'},
		{"limit", required_argument, NULL, OPT_LIMIT},
		{"allow-unsupported", no_argument, NULL, OPT_UNSUP},
		LOAD_LONGOPTS,
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	LoadOptions load = {0};
	const char *format = "text";
	long limit = 10;
	int c;
	char *end;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:s:f:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': load.db = optarg; break;
		case 's': load.schema_path = optarg; break;
		case 'f': format = optarg; break;
		case OPT_UNSUP: load.allow_unsupported = true; break;
		case OPT_LIMIT:
			limit = strtol(optarg, &end, 10);
			if (!*optarg || *end || limit < 1 || limit > 10000)
				return cli_usage_error("status", "--limit takes a count (1-10000)");
			break;
		case 'h':
			fputs(usage, stdout);
			return PGSTAGE_EXIT_OK;
		default: {
			int rc = cli_load_option(c, optarg, "status", &load);
			if (rc < 0)
				return cli_usage_error("status", "unknown option");
			if (rc)
				return rc;
		}
		}
	}
	if (optind < argc)
		return cli_usage_error("status", "unexpected argument '%s'", argv[optind]);
	if (strcmp(format, "text") && strcmp(format, "json"))
		return cli_usage_error("status", "--format must be text or json");

	Catalog *desired = NULL, *live = NULL;
	Diff *diff = NULL;
	Plan *plan = NULL;
	PGconn *conn = NULL;
	PgsError err = {0};
	int rc = 0;
	if (load.schema_path) {
		rc = cli_load_desired(&desired, &load);
		if (!rc)
			rc = cli_load_live(&conn, &live, &load);
		if (rc) {
			catalog_free(desired);
			return rc;
		}
		diff = diff_catalogs(live, desired);
		PlanOptions popts = {0};
		if (plan_build(&plan, diff, live, desired, &popts, &err))
			rc = cli_report(&err);
	} else if (db_connect(&conn, load.db, &err)) {
		return cli_report(&err);
	}
	Arena *arena = arena_new();
	StatusReport st;
	if (!rc && status_load(conn, arena, (int) limit, &st, &err))
		rc = cli_report(&err);
	if (!rc) {
		char target[256];
		db_describe(conn, target, sizeof target);
		if (strcmp(format, "json") == 0)
			print_json(target, &st, plan);
		else
			print_text(target, &st, plan);
	}
	arena_free(arena);
	PQfinish(conn);
	plan_free(plan);
	diff_free(diff);
	catalog_free(live);
	catalog_free(desired);
	return rc;
}
