/*
 * status.c - reads the pgstage schema for `pgstage status`; see status.h.
 * Memory ownership: rows are copied into the caller's arena.
 */
#include "apply/status.h"
#include "apply/apply.h"
#include "apply/db.h"
#include "apply/history.h"

#include <stdio.h>

static int load_runs(PGconn *conn, Arena *a, const char *limit, StatusReport *out, PgsError *err)
{
	DbRows r;
	int rc = adb_query(conn, a,
			   "SELECT run_id, status, phases, source, to_char(started_at, 'YYYY-MM-DD HH24:MI:SS TZ'),"
			   " to_char(finished_at, 'YYYY-MM-DD HH24:MI:SS TZ'), statements, rows_backfilled,"
			   " run_by, error, plan_id FROM pgstage.runs ORDER BY run_id DESC LIMIT $1::int",
			   1, (const char *[]){limit}, &r, NULL, err);
	for (int i = 0; !rc && i < r.nrows; i++) {
		StatusRun *x = ARENA_NEW(a, StatusRun);
		const char **f[] = {&x->run_id, &x->status, &x->phases, &x->source, &x->started_at,
				    &x->finished_at, &x->statements, &x->rows_backfilled, &x->run_by,
				    &x->error, &x->plan_id};
		for (int c = 0; c < 11; c++)
			*f[c] = dbrows_get(&r, i, c);
		vec_push(a, &out->runs, x);
	}
	return rc;
}

static int load_steps(PGconn *conn, Arena *a, const char *limit, StatusReport *out, PgsError *err)
{
	DbRows r;
	int rc = adb_query(conn, a,
			   "SELECT step_id, run_id, op_id, phase, summary, status,"
			   " to_char(started_at, 'YYYY-MM-DD HH24:MI:SS TZ'), round(duration_ms)::text,"
			   " error, run_by FROM pgstage.steps ORDER BY step_id DESC LIMIT $1::int",
			   1, (const char *[]){limit}, &r, NULL, err);
	for (int i = 0; !rc && i < r.nrows; i++) {
		StatusStep *x = ARENA_NEW(a, StatusStep);
		const char **f[] = {&x->step_id, &x->run_id, &x->op_id, &x->phase, &x->summary,
				    &x->status, &x->started_at, &x->duration_ms, &x->error, &x->run_by};
		for (int c = 0; c < 10; c++)
			*f[c] = dbrows_get(&r, i, c);
		vec_push(a, &out->steps, x);
	}
	return rc;
}

static int load_backfills(PGconn *conn, Arena *a, StatusReport *out, PgsError *err)
{
	DbRows r;
	int rc = adb_query(conn, a,
			   "SELECT op_id, quote_ident(schema_name) || '.' || quote_ident(table_name),"
			   " rows_done, batches, to_char(updated_at, 'YYYY-MM-DD HH24:MI:SS TZ'),"
			   " to_char(finished_at, 'YYYY-MM-DD HH24:MI:SS TZ')"
			   " FROM pgstage.backfill_progress WHERE finished_at IS NULL ORDER BY started_at",
			   0, NULL, &r, NULL, err);
	for (int i = 0; !rc && i < r.nrows; i++) {
		StatusBackfill *x = ARENA_NEW(a, StatusBackfill);
		const char **f[] = {&x->op_id, &x->table, &x->rows_done, &x->batches, &x->updated_at,
				    &x->finished_at};
		for (int c = 0; c < 6; c++)
			*f[c] = dbrows_get(&r, i, c);
		vec_push(a, &out->backfills, x);
	}
	return rc;
}

static int load_lock(PGconn *conn, Arena *a, StatusReport *out, PgsError *err)
{
	DbRows r;
	int rc = adb_query(conn, a,
			   "SELECT 'pid ' || l.pid || ' (' || coalesce(nullif(s.application_name, ''), '?') || ')'"
			   " FROM pg_locks l LEFT JOIN pg_stat_activity s ON s.pid = l.pid"
			   " WHERE l.locktype = 'advisory' AND l.granted"
			   " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
			   " AND l.classid = ($1::bigint >> 32)::oid"
			   " AND l.objid = ($1::bigint & 4294967295)::oid AND l.objsubid = 1 LIMIT 1",
			   1, (const char *[]){APPLY_LOCK_KEY_TEXT}, &r, NULL, err);
	if (!rc && r.nrows)
		out->lock_holder = dbrows_get(&r, 0, 0);
	return rc;
}

static int load_invalid_indexes(PGconn *conn, Arena *a, StatusReport *out, PgsError *err)
{
	DbRows r;
	int rc = adb_query(conn, a,
			   "SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname)"
			   " FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
			   " JOIN pg_namespace n ON n.oid = c.relnamespace"
			   " WHERE NOT i.indisvalid AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
			   " AND n.nspname NOT LIKE 'pg\\_%' ORDER BY 1",
			   0, NULL, &r, NULL, err);
	for (int i = 0; !rc && i < r.nrows; i++)
		vec_push(a, &out->invalid_indexes, (void *) dbrows_get(&r, i, 0));
	return rc;
}

int status_load(PGconn *conn, Arena *arena, int limit, StatusReport *out, PgsError *err)
{
	*out = (StatusReport){0};
	char lim[32];
	snprintf(lim, sizeof lim, "%d", limit > 0 ? limit : 20);
	int rc = load_lock(conn, arena, out, err);
	if (!rc)
		rc = load_invalid_indexes(conn, arena, out, err);
	if (!rc)
		rc = history_exists(conn, &out->has_history, err);
	if (rc || !out->has_history)
		return rc;
	if (!(rc = load_runs(conn, arena, lim, out, err)) &&
	    !(rc = load_steps(conn, arena, lim, out, err)) &&
	    !(rc = load_backfills(conn, arena, out, err)))
		rc = deferred_list(conn, arena, &out->deferred, err);
	return rc;
}
