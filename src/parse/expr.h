/*
 * expr.h - canonical text of SQL expressions, for comparison only.
 *
 * The desired side writes `'x'`, `(a > 0)`, `varchar`; the catalog stores
 * `'x'::text`, `((a > 0))`, `character varying`.  expr_canonical() parses an
 * expression with libpg_query, rewrites the tree into one canonical shape
 * (documented in expr.c) and deparses it, so both sides compare as strings.
 * Its output is never emitted as DDL.
 *
 * Memory ownership: the result is allocated in `arena`.
 */
#ifndef PGSTAGE_EXPR_H
#define PGSTAGE_EXPR_H

#include "util/arena.h"

/* Returns the canonical text; when `sql` does not parse, returns it unchanged. */
const char *expr_canonical(Arena *arena, const char *sql);

/* The same for a whole statement written while `schema` was the first
 * schema of search_path: unqualified relation and trigger function names
 * are taken as `schema`'s (the server prints them qualified unless they
 * are in public). */
const char *expr_canonical_in_schema(Arena *arena, const char *sql, const char *schema);

/* expr_canonical_in_schema() for a view query with a column list
 * (CREATE VIEW v (x, y) AS ...): the server shows the names as aliases of
 * the first output columns. */
const char *expr_view_canonical(Arena *arena, const char *sql, const char *schema,
				const char *const *aliases, size_t n_aliases);

/* Canonical text of a function argument list as pg_get_function_arguments
 * prints it ("a integer DEFAULT '-1'::integer") or as the desired side
 * keeps it ("a integer DEFAULT -1"): types and DEFAULT expressions are put
 * through the same rules, so both sides compare equal.  Returns `args`
 * unchanged when it does not parse. */
const char *expr_function_arguments_canonical(Arena *arena, const char *args);

/* Canonical text of an exclusion constraint body as pg_get_constraintdef
 * prints it after "EXCLUDE " ("USING gist (((d + 1)) WITH =) WHERE ((d > 0))")
 * or as the parser builds it: element expressions and the predicate go
 * through the expression rules.  Returns `text` unchanged when it does not
 * parse. */
const char *expr_exclusion_canonical(Arena *arena, const char *text);

#endif
