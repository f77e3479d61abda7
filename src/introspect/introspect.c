/*
 * introspect.c - driver: one snapshot, a fixed list of set-based queries,
 * then sorting.  See introspect.h and docs/introspection.md.
 *
 * Memory ownership: the Catalog is built in its own arena and handed to the
 * caller only on success; the run's scratch arena and oid registry are
 * freed before returning, on every path.
 */
#include "introspect/introspect_int.h"

#include <string.h>

/* Oldest catalog layout the queries are written for (PostgreSQL 12). */
#define MIN_SERVER_VERSION 120000

typedef int (*QueryFn)(IntroCtx *ctx);
int q_privileges(IntroCtx *ctx);
int q_default_acls(IntroCtx *ctx);

/* Order matters: later families attach to objects registered by earlier
 * ones (columns to relations, comments and dependencies to everything). */
static const QueryFn families[] = {
	q_schemas,   q_extensions, q_collations, q_types,    q_relations, q_columns,  q_constraints,
	q_indexes,   q_sequences,  q_functions,  q_triggers, q_policies,  q_comments, q_depend,
	q_unsupported,
	q_privileges,   /* q_privileges.c: only with IntrospectOptions.privileges */
	q_default_acls, /* q_default_acls.c: likewise */
};

/* The session the queries run in, one statement each. */
static const char *const session[] = {
	/* one consistent snapshot for every query */
	"BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
	/* format_type() and the pg_get_* functions then qualify every user object */
	"SET LOCAL search_path = pg_catalog",
	"SET LOCAL standard_conforming_strings = on",
	/* the catalog-wide sorts and hashes stay in memory (the columns of
	 * 5000 tables spilled 20 MB to disk at the default 4 MB) */
	"SET LOCAL work_mem = '64MB'",
	/* the queries' costs grow with the catalog; past jit_above_cost a
	 * query would spend longer compiling than running */
	"SET LOCAL jit = off",
	/* a parallel worker takes the CPU the desired schema's parse runs on
	 * (cli_load_both), for scans that take tens of milliseconds */
	"SET LOCAL max_parallel_workers_per_gather = 0",
};

static int run(IntroCtx *ctx)
{
	int rc;
	for (size_t i = 0; i < sizeof session / sizeof session[0]; i++)
		if ((rc = intro_exec(ctx, session[i])))
			return rc;
	for (size_t i = 0; i < sizeof families / sizeof families[0]; i++)
		if ((rc = families[i](ctx)))
			return rc;
	return intro_exec(ctx, "COMMIT");
}

int introspect_catalog(Catalog **out, PGconn *conn, const IntrospectOptions *opts, PgsError *err)
{
	*out = NULL;
	introspect__query_count = 0;
	int version = PQserverVersion(conn);
	if (version == 0)
		return pgs_error_set(err, PGSTAGE_EDB, "not connected to a database");
	if (version < MIN_SERVER_VERSION)
		return pgs_error_set(err, PGSTAGE_EDB,
				     "server version %d.%d is not supported (PostgreSQL 12 or later needed)",
				     version / 10000, version % 10000);
	if (PQtransactionStatus(conn) != PQTRANS_IDLE)
		return pgs_error_set(err, PGSTAGE_EDB,
				     "introspection needs an idle connection (it opens its own snapshot)");
	IntroCtx ctx = {
		.conn = conn,
		.cat = catalog_new(),
		.scratch = arena_new(),
		.server_version = version,
		.opts = opts,
		.err = err,
	};
	int rc = run(&ctx);
	if (rc && PQtransactionStatus(conn) != PQTRANS_IDLE) {
		/* leave the connection usable; the original error stands */
		PGresult *res = PQexec(conn, "ROLLBACK");
		PQclear(res);
	}
	ref_map_release(&ctx.refs);
	hashmap_release(&ctx.schemas);
	arena_free(ctx.scratch);
	if (rc) {
		catalog_free(ctx.cat);
		return rc;
	}
	/* the one place the live side of every command leaves out the runners'
	 * history tables and the user's --ignore patterns */
	catalog_ignore(ctx.cat, opts ? opts->ignore : NULL);
	catalog_sort(ctx.cat);
	*out = ctx.cat;
	return 0;
}
