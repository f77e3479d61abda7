/*
 * preflight.c - runs the plan's data checks; see preflight.h.
 */
#include "preflight/preflight.h"
#include "introspect/conn.h"
#include "util/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool timed_out(const Check *c)
{
	return c->error && strstr(c->error, "statement timeout") != NULL;
}

bool preflight_found(const Check *c)
{
	if (!c->ran)
		return false;
	return c->error ? !timed_out(c) : c->count > 0;
}

bool preflight_refuses(const Check *c)
{
	return !c->fixed_by_backfill && preflight_found(c);
}

/* Runs `sql`: true with the count (and the second column, if any, as the
 * sample) when it returned its row; else false with c->error set. */
static bool count_rows(Arena *arena, PGconn *conn, Check *c, const char *sql)
{
	PGresult *res = PQexec(conn, sql);
	bool ok = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1;
	if (ok) {
		c->count = atol(PQgetvalue(res, 0, 0));
		if (PQnfields(res) > 1 && !PQgetisnull(res, 0, 1))
			c->sample = arena_strdup(arena, PQgetvalue(res, 0, 1));
		c->error = NULL;
	} else {
		const char *msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
		c->error = arena_strdup(arena, msg ? msg : PQresultErrorMessage(res));
	}
	PQclear(res);
	return ok;
}

/* One check inside its own savepoint, so a failing cast leaves the
 * transaction usable for the next check.  A check that fails and has a
 * counting form runs that next: the count and the first failure's message
 * replace the bare error (which is kept when the count fails too, e.g. on
 * the statement timeout).  Earlier results are cleared: apply runs a check
 * again right before its operation. */
static int run_check(Arena *arena, PGconn *conn, Check *c, PgsError *err)
{
	if (db_exec(conn, "SAVEPOINT pgstage_check", err))
		return PGSTAGE_EDB;
	c->ran = true;
	c->count = 0;
	c->error = c->sample = NULL;
	if (!count_rows(arena, conn, c, c->sql) && c->count_sql) {
		const char *first = c->error;
		if (db_exec(conn, "ROLLBACK TO SAVEPOINT pgstage_check", err))
			return PGSTAGE_EDB;
		if (!count_rows(arena, conn, c, c->count_sql) || c->count == 0)
			c->error = first;
	}
	return db_exec(conn, "ROLLBACK TO SAVEPOINT pgstage_check", err);
}

static int begin_read_only(PGconn *conn, int timeout_ms, PgsError *err)
{
	char set[160];
	/* the checks copy expressions from the schema file, read with
	 * standard_conforming_strings on; the database may default to off */
	snprintf(set, sizeof set,
		 "SET LOCAL statement_timeout = %d; SET LOCAL standard_conforming_strings = on",
		 timeout_ms);
	if (db_exec(conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", err) ||
	    db_exec(conn, set, err))
		return PGSTAGE_EDB;
	return 0;
}

int preflight_run_checks(PGconn *conn, Arena *arena, Check *const *checks, size_t n,
			 int timeout_ms, PgsError *err)
{
	if (!n)
		return 0;
	if (begin_read_only(conn, timeout_ms, err))
		return PGSTAGE_EDB;
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++)
		rc = run_check(arena, conn, checks[i], err);
	PgsError ignore = {0};
	db_exec(conn, "ROLLBACK", &ignore);
	return rc;
}

static bool not_held(const Op *op, void *ctx)
{
	(void) ctx;
	return !op->held;
}

int preflight_run_selected(Plan *plan, PGconn *conn, int timeout_ms,
			   bool (*selected)(const Op *op, void *ctx), void *ctx, size_t *refusals,
			   PgsError *err)
{
	*refusals = 0;
	bool any = false;
	VEC_EACH(Op *, op, &plan->ops)
		if (selected(op, ctx) && op->checks.len)
			any = true;
	if (!any)
		return 0;
	if (begin_read_only(conn, timeout_ms, err))
		return PGSTAGE_EDB;
	int rc = 0;
	VEC_EACH(Op *, op, &plan->ops) {
		if (!selected(op, ctx))
			continue;
		VEC_EACH(Check *, c, &op->checks) {
			if ((rc = run_check(plan->arena, conn, c, err)))
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

int preflight_run(Plan *plan, PGconn *conn, int timeout_ms, size_t *refusals, PgsError *err)
{
	return preflight_run_selected(plan, conn, timeout_ms, not_held, NULL, refusals, err);
}

const char *preflight_result_text(Arena *arena, const Check *c)
{
	if (c->error)
		return arena_strdup(arena, c->error);
	return arena_printf(arena, "%s%ld %s%s%s", c->count > PREFLIGHT_CAP ? "more than " : "",
			    c->count > PREFLIGHT_CAP ? (long) PREFLIGHT_CAP : c->count, c->what,
			    c->sample ? ", e.g. " : "", c->sample ? c->sample : "");
}

int preflight_refusal(const Plan *plan, size_t refusals, PgsError *err)
{
	pgs_error_set(err, PGSTAGE_EREFUSED,
		      "%zu pre-flight check(s) found data this plan cannot be applied to", refusals);
	StrBuf d = STRBUF_INIT;
	Arena *a = arena_new();
	VEC_EACH(const Op *, op, &plan->ops)
		VEC_EACH(const Check *, c, &op->checks)
			if (preflight_refuses(c))
				strbuf_printf(&d, "%s%s: %s", d.len ? "\n" : "", op->summary,
					      preflight_result_text(a, c));
	pgs_error_detail(err, "%s", d.buf);
	pgs_error_hint(err, "fix the data first, or give the column a backfill directive "
			    "(-- pgstage: backfill <expression>) so the plan fixes it");
	strbuf_release(&d);
	arena_free(a);
	return PGSTAGE_EREFUSED;
}

const Op *preflight_fixer(const Plan *plan, const Op *op, const Check *c)
{
	if (!c->fixed_by_backfill)
		return NULL;
	if (c->fixer)
		return c->fixer;
	/* the backfill planned for the same change */
	VEC_EACH(const Op *, o, &plan->ops)
		if (o->backfill && op->change && o->change == op->change)
			return o;
	return NULL;
}
