/*
 * ignore.h - objects pgstage leaves alone on both sides of every command:
 * the history tables of migration runners (recognised by default) and the
 * relations named with --ignore / --history-table.
 *
 * The one filter: introspection applies it to the live catalog
 * (IntrospectOptions.ignore) and the CLI to the desired one, so plan,
 * apply, drift, emit, dump and status never plan, drop or report them.
 *
 * Memory ownership: IgnoreOptions holds borrowed strings (argv); removed
 * objects stay in the catalog's arena, unreferenced, until catalog_free();
 * the notes in Catalog.ignored live in that arena too.
 */
#ifndef PGSTAGE_IGNORE_H
#define PGSTAGE_IGNORE_H

#include <stdbool.h>

#include "model/model.h"

#define IGNORE_MAX 32

typedef struct IgnoreOptions {
	/* --ignore: NULL-terminated patterns on "schema.name" (a pattern
	 * without a dot: on the name, in any schema); LIKE (% _) or glob (* ?) */
	const char *patterns[IGNORE_MAX + 1];
	/* --history-table: NULL-terminated exact names, "name" (any schema)
	 * or "schema.name" */
	const char *names[IGNORE_MAX + 1];
	bool no_runner_tables; /* --no-ignore-runner-tables */
} IgnoreOptions;

/* Takes out of `cat` the runners' history tables (unless
 * opts->no_runner_tables) and the tables, views, materialized views and
 * sequences that opts names, with their indexes, triggers, policies and
 * owned sequences, and a runner's own schema (drizzle) left empty by it.
 * Appends one note per relation taken out to cat->ignored, e.g. "ignored
 * runner history table public.schema_migrations (dbmate/golang-migrate/rails)".
 * `opts` NULL: the defaults (runner tables only). */
void catalog_ignore(Catalog *cat, const IgnoreOptions *opts);

/* Adds `item` to a NULL-terminated list of IGNORE_MAX; false when full. */
bool ignore_list_add(const char **list, const char *item);

#endif
