/*
 * db.h - the few libpq calls the apply engine makes, with parameters
 * (never literals spliced into SQL), results copied out at once, and the
 * server's SQLSTATE kept so callers can tell a lock timeout from a failure.
 *
 * Memory ownership: DbRows values live in the arena the caller passes;
 * every PGresult is cleared before these functions return.
 */
#ifndef PGSTAGE_APPLY_DB_H
#define PGSTAGE_APPLY_DB_H

#include <libpq-fe.h>
#include <stdbool.h>

#include "pgstage/pgstage.h"
#include "util/arena.h"

#define SQLSTATE_LOCK_NOT_AVAILABLE "55P03"
#define SQLSTATE_QUERY_CANCELED "57014"

typedef struct DbRows {
	int nrows, ncols;
	char **values;          /* nrows * ncols, NULL for SQL NULL */
} DbRows;

static inline const char *dbrows_get(const DbRows *r, int row, int col)
{
	return r->values[row * r->ncols + col];
}

/* Runs `sql` with text parameters (NULL entries are SQL NULL).  On failure
 * fills err with the server's one-line message and `sqlstate` (may be NULL,
 * else 6 bytes) with its code. */
int adb_exec(PGconn *conn, const char *sql, int nparams, const char *const *params,
	     char *sqlstate, PgsError *err);
/* The server's error of `err` as one line for a report or the history: its
 * message, and its DETAIL when it has one ("could not create unique index
 * \"t_email\" (DETAIL: Key (email)=(u1) is duplicated.)"). */
void adb_error_line(const PgsError *err, char *buf, size_t size);
/* Like adb_exec, copying the rows into `arena`. */
int adb_query(PGconn *conn, Arena *arena, const char *sql, int nparams,
	      const char *const *params, DbRows *out, char *sqlstate, PgsError *err);

#endif
