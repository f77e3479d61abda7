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

#include <stdbool.h>

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

/* The directive's keyword as written in the grammar: "renamed from",
 * "backfill", "keep", "allow-drop". */
const char *directive_kind_name(DirectiveKind kind);

/* Like directive_parse, for every directive of one comment (several are
 * separated by ";"): appends one arena-allocated Directive* per directive to
 * `out`, in comment order.  Appends nothing and returns 0 when the comment is
 * not a pgstage directive; on error appends nothing.  directive_parse()
 * returns the first of these. */
int directive_parse_all(PtrVec *out, const char *text, const char *file, int line, int col,
			Arena *arena, PgsError *err);

/* A directive found in SQL text, with the position of its comment, so that
 * the schema parser can attach it to the definition it applies to (see the
 * attachment rules in grammar/directives.ebnf). */
typedef struct PositionedDirective {
	Directive d;          /* d.loc: where this directive's keyword starts */
	int offset;           /* byte offset of the comment's first character ("--" or slash-star) */
	int end;              /* byte offset just past the comment */
	int line, col;        /* of the comment's first character; 1-based, col in UTF-8 characters */
	int end_line;         /* line of the comment's last character */
	bool trailing;        /* code precedes the comment on its line: the directive applies
			       * to the definition on that line, not to the next one */
	bool block;           /* a slash-star comment (else a "--" line comment) */
} PositionedDirective;

/* A comment found by libpg_query's scanner: bytes [start, end) of the text
 * (with its delimiters), the end of the last non-comment token before it
 * (-1: none) and whether it is a slash-star comment. */
typedef struct SqlComment {
	int start, end, code_end;
	bool block;
} SqlComment;

/* Parses the pgstage directives among `comments` (in source order, offsets
 * into `sql`) and appends one arena-allocated PositionedDirective* per
 * directive to `out`, in source order.  Returns PGSTAGE_EINPUT at
 * file:line:col for a malformed directive.  `file` is used for positions
 * only and may be NULL. */
int directive_scan_comments(PtrVec *out, const char *sql, const SqlComment *comments,
			    size_t n_comments, const char *file, Arena *arena, PgsError *err);

/* The same for a whole text whose comments are found here with libpg_query's
 * scanner (so comment-like text inside strings, quoted identifiers and
 * dollar quotes is ignored); also PGSTAGE_EINPUT for SQL the scanner rejects
 * (unterminated string or comment). */
int directive_scan_sql(PtrVec *out, const char *sql, const char *file, Arena *arena,
		       PgsError *err);

#endif
