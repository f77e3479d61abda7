/*
 * preflight.c - runs the plan's data checks; see preflight.h.
 */
#include "preflight/preflight.h"
#include "introspect/conn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool preflight_refuses(const Check *c)
{
	if (!c->ran || c->fixed_by_backfill)
		return false;
	if (c->error)
		return strstr(c->error, "statement timeout") == NULL;
	return c->count > 0;
}

/* Runs `sql`: true with the count (and the second column, if any, as the
 * sample) when it returned its row; else false with c->error set. */
static bool count_rows(Plan *plan, PGconn *conn, Check *c, const char *sql)
{
	PGresult *res = PQexec(conn, sql);
	bool ok = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1;
	if (ok) {
		c->count = atol(PQgetvalue(res, 0, 0));
		if (PQnfields(res) > 1 && !PQgetisnull(res, 0, 1))
			c->sample = arena_strdup(plan->arena, PQgetvalue(res, 0, 1));
		c->error = NULL;
	} else {
		const char *msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
		c->error = arena_strdup(plan->arena, msg ? msg : PQresultErrorMessage(res));
	}
	PQclear(res);
	return ok;
}

/* One check inside its own savepoint, so a failing cast leaves the
 * transaction usable for the next check.  A check that fails and has a
 * counting form runs that next: the count and the first failure's message
 * replace the bare error (which is kept when the count fails too, e.g. on
 * the statement timeout). */
static int run_check(Plan *plan, PGconn *conn, Check *c, PgsError *err)
{
	if (db_exec(conn, "SAVEPOINT pgstage_check", err))
		return PGSTAGE_EDB;
	c->ran = true;
	if (!count_rows(plan, conn, c, c->sql) && c->count_sql) {
		const char *first = c->error;
		if (db_exec(conn, "ROLLBACK TO SAVEPOINT pgstage_check", err))
			return PGSTAGE_EDB;
		if (!count_rows(plan, conn, c, c->count_sql) || c->count == 0)
			c->error = first;
	}
	return db_exec(conn, "ROLLBACK TO SAVEPOINT pgstage_check", err);
}

int preflight_run(Plan *plan, PGconn *conn, int timeout_ms, size_t *refusals, PgsError *err)
{
	*refusals = 0;
	bool any = false;
	VEC_EACH(Op *, op, &plan->ops)
		if (!op->held && op->checks.len)
			any = true;
	if (!any)
		return 0;
	char set[96];
	snprintf(set, sizeof set, "SET LOCAL statement_timeout = %d", timeout_ms);
	if (db_exec(conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", err) ||
	    db_exec(conn, set, err))
		return PGSTAGE_EDB;
	int rc = 0;
	VEC_EACH(Op *, op, &plan->ops) {
		if (op->held)
			continue;
		VEC_EACH(Check *, c, &op->checks) {
			if ((rc = run_check(plan, conn, c, err)))
				break;
			if (preflight_refuses(c))
				(*refusals)++;
		}
		if (rc)
			break;
	}
	PgsError ignore = {0};
	db_exec(conn, "ROLLBACK", &ignore);
	return rc;
}
