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

/* One check inside its own savepoint, so a failing cast leaves the
 * transaction usable for the next check. */
static int run_check(Plan *plan, PGconn *conn, Check *c, PgsError *err)
{
	if (db_exec(conn, "SAVEPOINT pgstage_check", err))
		return PGSTAGE_EDB;
	PGresult *res = PQexec(conn, c->sql);
	c->ran = true;
	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1) {
		c->count = atol(PQgetvalue(res, 0, 0));
	} else {
		const char *msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
		c->error = arena_strdup(plan->arena, msg ? msg : PQresultErrorMessage(res));
	}
	PQclear(res);
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
