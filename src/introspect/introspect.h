/*
 * introspect.h - live database -> Catalog, through libpq.
 *
 * A fixed number of set-based catalog queries per run (never one per table),
 * run in one REPEATABLE READ READ ONLY transaction with search_path set to
 * pg_catalog, so format_type()/pg_get_expr() qualify every user object.
 * System schemas, pgstage's own schema and extension-owned objects are
 * skipped, and so are migration runners' history tables and what
 * IntrospectOptions.ignore names (model/ignore.h); anything else not modelled is listed in Catalog.unsupported.
 *
 * Memory ownership: *out is a new Catalog owned by the caller; every
 * PGresult is cleared before returning.
 */
#ifndef PGSTAGE_INTROSPECT_H
#define PGSTAGE_INTROSPECT_H

#include <libpq-fe.h>
#include "model/ignore.h"
#include "model/model.h"

typedef struct IntrospectOptions {
	const char *const *schema_include; /* NULL-terminated LIKE-style patterns, NULL = all */
	const char *const *schema_exclude; /* NULL-terminated patterns */
	bool privileges;                   /* read GRANTs (off by default) */
	/* what to leave out (model/ignore.h); NULL: the runners' history
	 * tables, as every command does by default */
	const IgnoreOptions *ignore;
} IntrospectOptions;

int introspect_catalog(Catalog **out, PGconn *conn, const IntrospectOptions *opts, PgsError *err);

#endif
