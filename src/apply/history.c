/*
 * history.c - the pgstage schema and its run/step records; see history.h.
 * Memory ownership: a scratch arena per query, freed before returning.
 */
#include "apply/history.h"
#include "apply/db.h"

#include <stdio.h>
#include <stdlib.h>

/* One statement per element, run in one transaction. */
static const char *const schema_ddl[] = {
	"CREATE SCHEMA IF NOT EXISTS pgstage",
	"COMMENT ON SCHEMA pgstage IS 'pgstage: apply history, backfill progress, deferred operations'",
	"CREATE TABLE IF NOT EXISTS pgstage.runs ("
	" run_id bigserial PRIMARY KEY,"
	" plan_id text NOT NULL,"
	" fingerprint text,"
	" fingerprint_after text,"
	" phases text NOT NULL,"
	" source text,"
	" status text NOT NULL DEFAULT 'running',"
	" error text,"
	" statements bigint NOT NULL DEFAULT 0,"
	" rows_backfilled bigint NOT NULL DEFAULT 0,"
	" started_at timestamptz NOT NULL DEFAULT clock_timestamp(),"
	" finished_at timestamptz,"
	" pgstage_version text NOT NULL,"
	" run_by text NOT NULL)",
	"CREATE TABLE IF NOT EXISTS pgstage.steps ("
	" step_id bigserial PRIMARY KEY,"
	" run_id bigint NOT NULL REFERENCES pgstage.runs,"
	" plan_id text NOT NULL,"
	" op_id text NOT NULL,"
	" phase text NOT NULL,"
	" summary text,"
	" statement text NOT NULL,"
	" status text NOT NULL DEFAULT 'running',"
	" error text,"
	" started_at timestamptz NOT NULL DEFAULT clock_timestamp(),"
	" finished_at timestamptz,"
	" duration_ms double precision,"
	" pgstage_version text NOT NULL,"
	" run_by text NOT NULL)",
	"CREATE INDEX IF NOT EXISTS steps_op_id ON pgstage.steps (op_id)",
	"CREATE TABLE IF NOT EXISTS pgstage.backfill_progress ("
	" op_id text PRIMARY KEY,"
	" schema_name text NOT NULL,"
	" table_name text NOT NULL,"
	" key_columns text[] NOT NULL,"
	" last_key text[],"
	" rows_done bigint NOT NULL DEFAULT 0,"
	" batches bigint NOT NULL DEFAULT 0,"
	" started_at timestamptz NOT NULL DEFAULT clock_timestamp(),"
	" updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),"
	" finished_at timestamptz)",
	"CREATE TABLE IF NOT EXISTS pgstage.deferred ("
	" op_id text PRIMARY KEY,"
	" phase text NOT NULL,"
	" summary text,"
	" statements text[] NOT NULL,"
	" first_seen timestamptz NOT NULL DEFAULT clock_timestamp(),"
	" last_seen timestamptz NOT NULL DEFAULT clock_timestamp(),"
	" released_at timestamptz)",
};

int history_ensure(PGconn *conn, PgsError *err)
{
	bool exists = false;
	int rc = history_exists(conn, &exists, err);
	if (rc || exists)
		return rc;
	if ((rc = adb_exec(conn, "BEGIN", 0, NULL, NULL, err)))
		return rc;
	for (size_t i = 0; i < sizeof schema_ddl / sizeof *schema_ddl && !rc; i++)
		rc = adb_exec(conn, schema_ddl[i], 0, NULL, NULL, err);
	if (rc) {
		PgsError ignored = {0};
		adb_exec(conn, "ROLLBACK", 0, NULL, NULL, &ignored);
		pgs_error_hint(err, "pgstage keeps its history in the schema 'pgstage'; "
				    "the role needs CREATE on the database");
		return rc;
	}
	return adb_exec(conn, "COMMIT", 0, NULL, NULL, err);
}

int history_exists(PGconn *conn, bool *exists, PgsError *err)
{
	Arena *a = arena_new();
	DbRows rows;
	/* the last table created tells that the whole set exists */
	int rc = adb_query(conn, a, "SELECT to_regclass('pgstage.deferred') IS NOT NULL", 0, NULL,
			   &rows, NULL, err);
	*exists = rc == 0 && dbrows_get(&rows, 0, 0)[0] == 't';
	arena_free(a);
	return rc;
}

int history_close_abandoned(PGconn *conn, PgsError *err)
{
	int rc = adb_exec(conn,
			  "UPDATE pgstage.steps SET status = 'abandoned', finished_at = clock_timestamp(),"
			  " error = 'the runner stopped without recording an outcome (killed?)'"
			  " WHERE status = 'running'",
			  0, NULL, NULL, err);
	if (!rc)
		rc = adb_exec(conn,
			      "UPDATE pgstage.runs SET status = 'abandoned', finished_at = clock_timestamp(),"
			      " error = 'the runner stopped without recording an outcome (killed?)'"
			      " WHERE status = 'running'",
			      0, NULL, NULL, err);
	return rc;
}

static int returning_id(PGconn *conn, const char *sql, int n, const char *const *params,
			long *id, PgsError *err)
{
	Arena *a = arena_new();
	DbRows rows;
	int rc = adb_query(conn, a, sql, n, params, &rows, NULL, err);
	if (!rc)
		*id = strtol(dbrows_get(&rows, 0, 0), NULL, 10);
	arena_free(a);
	return rc;
}

int history_run_start(PGconn *conn, const RunInfo *info, long *run_id, PgsError *err)
{
	const char *p[] = {info->plan_id, info->fingerprint, info->phases, info->source,
			   PGSTAGE_VERSION, info->run_by};
	return returning_id(conn,
			    "INSERT INTO pgstage.runs (plan_id, fingerprint, phases, source,"
			    " pgstage_version, run_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING run_id",
			    6, p, run_id, err);
}

int history_run_finish(PGconn *conn, long run_id, const char *status, const char *error,
		       long statements, long rows, PgsError *err)
{
	char id[32], n[32], r[32];
	snprintf(id, sizeof id, "%ld", run_id);
	snprintf(n, sizeof n, "%ld", statements);
	snprintf(r, sizeof r, "%ld", rows);
	const char *p[] = {id, status, error, n, r};
	return adb_exec(conn,
			"UPDATE pgstage.runs SET status = $2, error = $3, statements = $4,"
			" rows_backfilled = $5, finished_at = clock_timestamp() WHERE run_id = $1",
			5, p, NULL, err);
}

int history_step_start(PGconn *conn, const StepInfo *info, long *step_id, PgsError *err)
{
	char id[32];
	snprintf(id, sizeof id, "%ld", info->run_id);
	const char *p[] = {id, info->plan_id, info->op_id, phase_name(info->phase), info->summary,
			   info->statement, PGSTAGE_VERSION, info->run_by};
	return returning_id(conn,
			    "INSERT INTO pgstage.steps (run_id, plan_id, op_id, phase, summary,"
			    " statement, pgstage_version, run_by)"
			    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING step_id",
			    8, p, step_id, err);
}

int history_step_finish(PGconn *conn, long step_id, const char *status, const char *error,
			PgsError *err)
{
	char id[32];
	snprintf(id, sizeof id, "%ld", step_id);
	const char *p[] = {id, status, error};
	return adb_exec(conn,
			"UPDATE pgstage.steps SET status = $2, error = $3,"
			" finished_at = clock_timestamp(),"
			" duration_ms = extract(epoch FROM clock_timestamp() - started_at) * 1000"
			" WHERE step_id = $1",
			3, p, NULL, err);
}

int history_run_fingerprint(PGconn *conn, long run_id, const char *fingerprint, PgsError *err)
{
	char id[32];
	snprintf(id, sizeof id, "%ld", run_id);
	return adb_exec(conn, "UPDATE pgstage.runs SET fingerprint_after = $2 WHERE run_id = $1", 2,
			(const char *[]){id, fingerprint}, NULL, err);
}

int history_plan_left_at(PGconn *conn, const char *plan_id, const char *fingerprint, long *run_id,
			 PgsError *err)
{
	Arena *a = arena_new();
	DbRows rows;
	*run_id = 0;
	int rc = adb_query(conn, a,
			   "SELECT run_id FROM pgstage.runs WHERE plan_id = $1 AND fingerprint_after = $2"
			   " ORDER BY run_id DESC LIMIT 1",
			   2, (const char *[]){plan_id, fingerprint}, &rows, NULL, err);
	if (!rc && rows.nrows)
		*run_id = strtol(dbrows_get(&rows, 0, 0), NULL, 10);
	arena_free(a);
	return rc;
}

int history_plan_last_success(PGconn *conn, const char *plan_id, long *run_id, PgsError *err)
{
	Arena *a = arena_new();
	DbRows rows;
	*run_id = 0;
	int rc = adb_query(conn, a,
			   "SELECT run_id FROM pgstage.runs WHERE plan_id = $1 AND status = 'succeeded'"
			   " AND (statements > 0 OR rows_backfilled > 0) ORDER BY run_id DESC LIMIT 1",
			   1, (const char *[]){plan_id}, &rows, NULL, err);
	if (!rc && rows.nrows)
		*run_id = strtol(dbrows_get(&rows, 0, 0), NULL, 10);
	arena_free(a);
	return rc;
}

int history_applied_ops(PGconn *conn, Arena *arena, const char *plan_id, long up_to_run,
			HashMap *out, PgsError *err)
{
	DbRows rows;
	char upto[32];
	snprintf(upto, sizeof upto, "%ld", up_to_run);
	int rc = adb_query(conn, arena,
			   "SELECT DISTINCT op_id FROM pgstage.steps WHERE plan_id = $1 AND status = 'applied'"
			   " AND ($2::bigint = 0 OR run_id <= $2::bigint)",
			   2, (const char *[]){plan_id, upto}, &rows, NULL, err);
	for (int r = 0; !rc && r < rows.nrows; r++)
		hashmap_put(out, dbrows_get(&rows, r, 0), (void *) "applied");
	return rc;
}
