/*
 * db.c - parameterised statements with copied results; see db.h.
 * Memory ownership: results are copied into the caller's arena and the
 * PGresult cleared at once.
 */
#include "apply/db.h"

#include <stdio.h>
#include <string.h>

/* Server messages span lines ("ERROR:  ...\nDETAIL: ..."); keep the first,
 * without the severity prefix. */
static void set_server_error(PgsError *err, const PGresult *res, PGconn *conn)
{
	const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *detail = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) : NULL;
	if (primary) {
		pgs_error_set(err, PGSTAGE_EDB, "%s", primary);
	} else {
		pgs_error_set(err, PGSTAGE_EDB, "%s", PQerrorMessage(conn));
		char *nl = strchr(err->message, '\n');
		if (nl)
			*nl = '\0';
	}
	if (detail)
		pgs_error_detail(err, "%s", detail);
}

void adb_error_line(const PgsError *err, char *buf, size_t size)
{
	if (err->detail[0])
		snprintf(buf, size, "%s (DETAIL: %s)", err->message, err->detail);
	else
		snprintf(buf, size, "%s", err->message);
}

static PGresult *run(PGconn *conn, const char *sql, int nparams, const char *const *params,
		     char *sqlstate, PgsError *err)
{
	if (sqlstate)
		sqlstate[0] = '\0';
	PGresult *res = nparams ? PQexecParams(conn, sql, nparams, NULL, params, NULL, NULL, 0)
				: PQexec(conn, sql);
	ExecStatusType st = PQresultStatus(res);
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
		return res;
	set_server_error(err, res, conn);
	const char *code = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	if (sqlstate && code) {
		strncpy(sqlstate, code, 5);
		sqlstate[5] = '\0';
	}
	PQclear(res);
	return NULL;
}

int adb_exec(PGconn *conn, const char *sql, int nparams, const char *const *params,
	     char *sqlstate, PgsError *err)
{
	PGresult *res = run(conn, sql, nparams, params, sqlstate, err);
	if (!res)
		return PGSTAGE_EDB;
	PQclear(res);
	return 0;
}

int adb_query(PGconn *conn, Arena *arena, const char *sql, int nparams,
	      const char *const *params, DbRows *out, char *sqlstate, PgsError *err)
{
	*out = (DbRows){0};
	PGresult *res = run(conn, sql, nparams, params, sqlstate, err);
	if (!res)
		return PGSTAGE_EDB;
	out->nrows = PQntuples(res);
	out->ncols = PQnfields(res);
	out->values = ARENA_ARRAY(arena, char *, (size_t) out->nrows * out->ncols + 1);
	for (int r = 0; r < out->nrows; r++)
		for (int c = 0; c < out->ncols; c++)
			out->values[r * out->ncols + c] =
				PQgetisnull(res, r, c) ? NULL : arena_strdup(arena, PQgetvalue(res, r, c));
	PQclear(res);
	return 0;
}
