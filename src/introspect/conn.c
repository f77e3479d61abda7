/*
 * conn.c - libpq connection helpers; see conn.h.
 */
#include "introspect/conn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libpq messages span lines ("...\n\tIs the server running..."); errors
 * are one line. */
static void chomp(char *s)
{
	char *w = s;
	for (const char *r = s; *r; r++) {
		if (*r == '\n' || *r == '\t') {
			if (w > s && w[-1] != ' ')
				*w++ = ' ';
		} else {
			*w++ = *r;
		}
	}
	while (w > s && w[-1] == ' ')
		w--;
	*w = '\0';
}

static void ignore_notice(void *arg, const char *message)
{
	(void) arg;
	(void) message;
}

int db_connect(PGconn **out, const char *conninfo, PgsError *err)
{
	*out = NULL;
	if (!conninfo || !*conninfo)
		conninfo = getenv("DATABASE_URL");
	if (!conninfo)
		conninfo = "";
	/* as psql -d: a string with "=" or a URI is a connection string, any
	 * other a database name; PG* variables fill in the rest */
	const char *const keys[] = {"dbname", "fallback_application_name", NULL};
	const char *const values[] = {conninfo, "pgstage", NULL};
	PGconn *conn = PQconnectdbParams(keys, values, 1);
	if (!conn)
		return pgs_error_set(err, PGSTAGE_EDB, "could not allocate a connection");
	if (PQstatus(conn) != CONNECTION_OK) {
		pgs_error_set(err, PGSTAGE_EDB, "could not connect to the database: %s",
			      PQerrorMessage(conn));
		chomp(err->message);
		PQfinish(conn);
		return PGSTAGE_EDB;
	}
	/* keep server notices (e.g. "relation already exists, skipping") off stderr */
	PQsetNoticeProcessor(conn, ignore_notice, NULL);
	*out = conn;
	return 0;
}

const char *db_describe(PGconn *conn, char *buf, size_t size)
{
	const char *host = PQhost(conn);
	snprintf(buf, size, "%s@%s:%s/%s", PQuser(conn),
		 host && host[0] == '/' ? "[socket]" : (host ? host : ""), PQport(conn), PQdb(conn));
	return buf;
}

int db_exec(PGconn *conn, const char *sql, PgsError *err)
{
	PGresult *res = PQexec(conn, sql);
	ExecStatusType st = PQresultStatus(res);
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		pgs_error_set(err, PGSTAGE_EDB, "%s", PQresultErrorMessage(res));
		chomp(err->message);
		PQclear(res);
		return PGSTAGE_EDB;
	}
	PQclear(res);
	return 0;
}
