/*
 * conn.h - opening libpq connections the way every pgstage command does.
 *
 * Memory ownership: *out is a PGconn the caller closes with PQfinish().
 */
#ifndef PGSTAGE_CONN_H
#define PGSTAGE_CONN_H

#include <libpq-fe.h>
#include "pgstage/pgstage.h"

/* `conninfo` is anything libpq accepts (key=value string or URI) or, as
 * with psql -d, a plain database name.  When it
 * is NULL or empty, DATABASE_URL is used if set, else libpq's PG* variables
 * and defaults.  Error messages never contain the password. */
int db_connect(PGconn **out, const char *conninfo, PgsError *err);

/* "user@host:port/dbname" of an open connection, for messages (no password). */
const char *db_describe(PGconn *conn, char *buf, size_t size);

/* Runs a command that returns no rows; fails with PGSTAGE_EDB and the
 * server's message. */
int db_exec(PGconn *conn, const char *sql, PgsError *err);

#endif
