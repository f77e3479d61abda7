/*
 * refs.h - the names an SQL expression refers to: the columns it reads and
 * the functions it calls, from libpg_query's parse tree.  The static checks
 * (src/preflight/resolve.c) resolve them before a plan runs.
 *
 * Memory ownership: the names and the ExprRefs vectors live in the arena
 * passed in.
 */
#ifndef PGSTAGE_REFS_H
#define PGSTAGE_REFS_H

#include "util/arena.h"
#include "util/vec.h"

#include <stdbool.h>

/* A function called: `schema` is NULL when the name is not qualified. */
typedef struct FuncRef {
	const char *schema, *name;
	int offset;           /* byte offset of the call in the expression */
} FuncRef;

/* A column read without a table qualifier. */
typedef struct ColRef {
	const char *name;
	int offset;           /* byte offset in the expression */
} ColRef;

typedef struct ExprRefs {
	PtrVec columns;       /* ColRef*: unqualified column references */
	PtrVec functions;     /* FuncRef* */
	bool has_subquery;    /* a subquery reads other tables: its columns are not the row's */
	bool parsed;          /* false when the text is not one expression */
} ExprRefs;

/* Fills *out from `sql` (one expression). */
void expr_refs(ExprRefs *out, Arena *arena, const char *sql);

#endif
