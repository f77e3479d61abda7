/*
 * directive.h - pgstage directives written in SQL comments of the desired
 * schema, e.g. `-- pgstage: renamed from old_name`.  The grammar is
 * grammar/directives.ebnf; this parser follows it.
 *
 * Memory ownership: strings in a Directive live in the arena passed in.
 */
#ifndef PGSTAGE_DIRECTIVE_H
#define PGSTAGE_DIRECTIVE_H

#include "model/model.h"

typedef enum DirectiveKind {
	DIRECTIVE_RENAMED_FROM,  /* renamed from <identifier> */
	DIRECTIVE_BACKFILL,      /* backfill <expression> [batch <n>] */
	DIRECTIVE_KEEP,          /* keep: never drop this object */
	DIRECTIVE_ALLOW_DROP,    /* allow-drop: dropping it needs no --allow-drop */
} DirectiveKind;

typedef struct Directive {
	DirectiveKind kind;
	const char *name;        /* RENAMED_FROM: the old name, unquoted as stored */
	const char *expr;        /* BACKFILL: the SQL expression text */
	long batch;              /* BACKFILL: rows per batch, 0 = default */
	SrcLoc loc;              /* where the directive starts */
} Directive;

/* Parses one comment's text (without the leading "--" or the slash-star
 * delimiters).  Returns 0 and sets *found = false when the comment is not a
 * pgstage directive at all; returns PGSTAGE_EINPUT with file:line:col when
 * it starts with "pgstage:" but is malformed.  `line`/`col` locate the
 * comment text's first character, for error positions. */
int directive_parse(Directive *out, bool *found, const char *text, const char *file, int line,
		    int col, Arena *arena, PgsError *err);

#endif
