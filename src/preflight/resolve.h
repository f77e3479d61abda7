/*
 * resolve.h - static checks of the desired schema before a plan is printed
 * or applied: the names it uses must exist, in the live database or among
 * what the plan creates.  Column and domain types (`intger`), functions
 * called by column defaults and backfill expressions, and the columns a
 * backfill directive reads.  A name that resolves nowhere would otherwise
 * fail only when apply reaches its statement, after earlier phases were
 * committed.
 *
 * Types are resolved with to_regtype() on the live connection (built-in
 * and live types) or among the desired catalog's types; functions in
 * pg_proc (the connection's search_path for unqualified names) or among the
 * desired catalog's functions.  When the desired schema creates an
 * extension the database does not have yet, its types and functions
 * cannot be known before it is installed, and misses of types and
 * functions are not reported.
 *
 * Memory ownership: a scratch arena, freed before returning.
 */
#ifndef PGSTAGE_RESOLVE_H
#define PGSTAGE_RESOLVE_H

#include <libpq-fe.h>
#include "model/model.h"

/* 0, or PGSTAGE_EINPUT at the first miss's file:line:col (the detail
 * lists the others), or PGSTAGE_EDB when a query fails. */
int resolve_names(const Catalog *desired, const Catalog *live, PGconn *conn, PgsError *err);

#endif
