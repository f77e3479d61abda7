/*
 * activity.c - before a strong lock, name the long transactions touching
 * the table: the lock request queues behind them, and every later query on
 * the table queues behind the lock request.
 * Memory ownership: a scratch arena, freed before returning.
 */
#include "apply/apply_int.h"
#include "apply/db.h"
#include "model/ident.h"
#include "util/strbuf.h"

#include <stdio.h>
#include <string.h>

/* Locks that ordinary reads and writes do not queue behind: no warning. */
static bool weak_lock(const char *lock)
{
	return !lock || strcmp(lock, "ACCESS SHARE") == 0 || strcmp(lock, "ROW SHARE") == 0 ||
	       strcmp(lock, "ROW EXCLUSIVE") == 0;
}

void activity_report(ApplySession *s, const Op *op, const char *op_id)
{
	if (!op->lock_table || !s->hist || weak_lock(op->lock))
		return;
	StrBuf rel = STRBUF_INIT;
	strbuf_qualified(&rel, op->lock_schema, op->lock_table);
	char secs[32], mine[32];
	snprintf(secs, sizeof secs, "%d", s->opts.long_xact_s);
	snprintf(mine, sizeof mine, "%d", PQbackendPID(s->conn));
	Arena *a = arena_new();
	DbRows rows;
	PgsError ignored = {0};
	int rc = adb_query(
		s->hist, a,
		"SELECT a.pid, coalesce(a.usename, '?'), coalesce(nullif(a.application_name, ''), '?'),"
		" extract(epoch FROM clock_timestamp() - a.xact_start)::bigint, coalesce(a.state, '?'),"
		" left(regexp_replace(coalesce(a.query, ''), '\\s+', ' ', 'g'), 120)"
		" FROM pg_stat_activity a"
		" WHERE a.pid NOT IN (pg_backend_pid(), $3::int)"
		" AND a.xact_start < clock_timestamp() - make_interval(secs => $2::int)"
		" AND a.pid IN (SELECT l.pid FROM pg_locks l WHERE l.locktype = 'relation'"
		"   AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
		"   AND l.relation = to_regclass($1))"
		" ORDER BY a.xact_start",
		3, (const char *[]){rel.buf, secs, mine}, &rows, NULL, &ignored);
	for (int r = 0; rc == 0 && r < rows.nrows; r++)
		apply_event(s, AEV_WARN, op, op_id,
			    "pid %s (user %s, %s) has been in a transaction for %s s holding a lock on %s"
			    " (state %s, query: %s); the %s lock will queue behind it and block other"
			    " sessions meanwhile",
			    dbrows_get(&rows, r, 0), dbrows_get(&rows, r, 1), dbrows_get(&rows, r, 2),
			    dbrows_get(&rows, r, 3), rel.buf, dbrows_get(&rows, r, 4),
			    dbrows_get(&rows, r, 5), op->lock ? op->lock : "table");
	arena_free(a);
	strbuf_release(&rel);
}
