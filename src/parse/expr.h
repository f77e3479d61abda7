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

#endif
