/*
 * parse_int.h - state shared by the desired-schema builders (src/parse only).
 *
 * One ParseCtx lives for one parse_schema_* call; per file it holds the
 * source text, its token list (pg_query_scan) and line starts so node
 * locations become file:line:col and expressions become source slices.
 * Protobuf types never leave src/parse.
 *
 * Memory ownership: strings handed to the model are copied into
 * ctx->cat->arena; the token list, comment list and line table are malloc'd
 * per file and freed by srctext_release(); the parse tree is freed by the driver.
 */
#ifndef PGSTAGE_PARSE_INT_H
#define PGSTAGE_PARSE_INT_H

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>
#include <stdbool.h>
#include <stddef.h>

#include "model/model.h"
#include "parse/directive.h"
#include "util/hashmap.h"
#include "util/strbuf.h"

typedef struct Token {
	int start, end;  /* byte offsets, end exclusive */
	int kind;        /* PgQuery__Token */
	int keyword;     /* PgQuery__KeywordKind */
} Token;

typedef struct ParseCtx {
	Catalog *cat;
	PgsError *err;
	const char *file;        /* arena copy, for SrcLoc */
	const char *src;         /* current file's text */
	size_t src_len;
	Token *tokens;           /* the current statement's, comments dropped */
	size_t n_tokens, tokens_cap;
	SqlComment *comments;    /* every comment of the file so far, for directives */
	size_t n_comments, comments_cap;
	int code_end;            /* end of the last non-comment token scanned (-1: none) */
	Arena *scan_scratch;     /* one scan result (a deferred scan runs while the chunk's tree lives) */
	const char *unscanned;   /* the current statement's text while its tokens are not read yet */
	int unscanned_base, unscanned_len;
	int *line_starts;        /* byte offset of each line */
	size_t n_lines;
	const char *schema;      /* first schema of search_path: unqualified names */
	const char *ext_schema;  /* schema of the first CREATE EXTENSION, for its types */
	HashMap rel_names;       /* "schema\x1fname" of pg_class names in use (incl. constraint indexes) */
	HashMap con_names;       /* "schema\x1fname" of constraint names in use */
	int stmt_start, stmt_end;/* current statement's byte range */
	PtrVec pending;          /* PendingName*: constraints still to be named */
	HashMap view_columns;    /* view key -> PtrVec* of its output column names */
} ParseCtx;

/* An unnamed table constraint waiting for its default name; the phase
 * follows PostgreSQL's order: CHECKs, then index constraints, then FKs. */
typedef struct PendingName {
	Table *table;
	Constraint *con;
	const char *name2;   /* column part of the name (NULL: none) */
	int phase;
} PendingName;

typedef PgQuery__Node Node;

/* srctext.c */
/* Starts a file: line table; no tokens or comments yet. */
void srctext_begin(ParseCtx *ctx, const char *src, size_t len);
/* Statements without comments are scanned only when a builder first needs
 * their tokens (most COMMENT ON and FOREIGN KEY statements never do):
 * srctext_defer() records the text, every token accessor below scans it
 * then.  Returns false, deferring nothing, when the text holds comment
 * markers: comments are read at once, for the directives. */
bool srctext_defer(ParseCtx *ctx, const char *text, int base, int len);
/* Scans `text` (NUL-terminated), which starts at byte `base` of the file,
 * and follows the last piece scanned: its comments are appended to
 * ctx->comments and, with keep_tokens, its other tokens replace
 * ctx->tokens.  A scanner error is left for the parser to report. */
void srctext_scan(ParseCtx *ctx, const char *text, int base, bool keep_tokens);
void srctext_release(ParseCtx *ctx);

/* A copy of `src` with pg_dump's leading `\restrict KEY` and trailing
 * `\unrestrict KEY` lines blanked, or NULL when it has none (psql_meta.c). */
char *psql_restrict_blanked(const char *src);
SrcLoc srctext_loc(const ParseCtx *ctx, int offset);
/* Index of the first token starting at or after `offset`, n_tokens if none. */
size_t srctext_token_at(const ParseCtx *ctx, int offset);
/* Index of the token matching the '(' at index i, or n_tokens. */
size_t srctext_match_paren(const ParseCtx *ctx, size_t i);
/* Trimmed arena copy of src[start, end). */
char *srctext_slice(const ParseCtx *ctx, int start, int end);
/* From token index `from`, the first token of `kind` (depth 0) before byte `limit`. */
size_t srctext_find(const ParseCtx *ctx, size_t from, int kind, int limit);
/* Text inside the parentheses that follow the first `kw` token at/after `offset`. */
char *srctext_paren_after(const ParseCtx *ctx, int offset, int kw, int *start_out);
/* Expression text from token `from` up to (excluding) byte `limit`, stopping early at a
 * ',' or unmatched ')' or ';' at depth 0. */
char *srctext_until(const ParseCtx *ctx, size_t from, int limit, int *start_out);
/* srctext_until() from the token after the first depth-0 `kw` token in
 * src[at, limit), NULL without one; srctext_paren_within(): the text in the
 * parentheses after the first `kw` there.  `at` and `limit` must be token
 * starts (or the statement's end): only that range is scanned when the
 * statement's tokens are not read yet. */
char *srctext_expr_after(const ParseCtx *ctx, int at, int limit, int kw, int *start_out);
char *srctext_paren_within(const ParseCtx *ctx, int at, int limit, int kw, int *start_out);
/* Smallest `location` in a node subtree (generic walk), INT32_MAX if none. */
int srctext_min_location(const ProtobufCMessage *m);
int parse_error(ParseCtx *ctx, int offset, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* names.c: PostgreSQL's default names (ChooseRelationName / ChooseConstraintName) */
#include "parse/names.h"
/* A relation name not yet used in `schema`; marks it used. */
const char *names_choose_relation(ParseCtx *ctx, const char *schema, const char *name1,
				  const char *name2, const char *label, bool is_constraint);
const char *names_choose_constraint(ParseCtx *ctx, const char *schema, const char *name1,
				    const char *name2, const char *label);
/* Column names joined by '_' as ChooseIndexNameAddition does. */
const char *names_addition(Arena *a, const PtrVec *colnames);
void names_use_relation(ParseCtx *ctx, const char *schema, const char *name);
void names_use_constraint(ParseCtx *ctx, const char *schema, const char *name);

/* names of nodes */
const char *node_str(const Node *n);  /* String node value or NULL */
/* Splits a qualified name list into schema (default ctx->schema) and name. */
int qualified_name(ParseCtx *ctx, Node **names, size_t n, const char **schema,
		   const char **name, int loc);
void rangevar_name(ParseCtx *ctx, const PgQuery__RangeVar *rv, const char **schema, const char **name);

/* typename.c */
int typename_canonical(ParseCtx *ctx, const PgQuery__TypeName *tn, const char **out,
		       const char **dep_key);
/* Canonical collation name: pg_catalog."C", public.mycoll; *dep_key (may
 * be NULL) gets the collation's object key when it is not a built-in one. */
const char *collation_canonical(ParseCtx *ctx, Node **names, size_t n, const char **dep_key);

/* builders: one per statement kind */
int build_schema(ParseCtx *ctx, const PgQuery__CreateSchemaStmt *s, int loc);
int build_table(ParseCtx *ctx, const PgQuery__CreateStmt *s, int loc);
int build_alter_table(ParseCtx *ctx, const PgQuery__AlterTableStmt *s, int loc);
int build_index(ParseCtx *ctx, const PgQuery__IndexStmt *s, int loc);
int build_enum(ParseCtx *ctx, const PgQuery__CreateEnumStmt *s, int loc);
int build_sequence(ParseCtx *ctx, const PgQuery__CreateSeqStmt *s, int loc);
int build_alter_sequence(ParseCtx *ctx, const PgQuery__AlterSeqStmt *s, int loc);
int build_extension(ParseCtx *ctx, const PgQuery__CreateExtensionStmt *s, int loc);
int build_comment(ParseCtx *ctx, const PgQuery__CommentStmt *s, int loc);
int build_view(ParseCtx *ctx, const PgQuery__ViewStmt *s, int loc);
int build_matview(ParseCtx *ctx, const PgQuery__CreateTableAsStmt *s, int loc);
int build_function(ParseCtx *ctx, const PgQuery__CreateFunctionStmt *s, int loc);
int build_trigger(ParseCtx *ctx, const PgQuery__CreateTrigStmt *s, int loc);
int build_policy(ParseCtx *ctx, const PgQuery__CreatePolicyStmt *s, int loc);
int build_domain(ParseCtx *ctx, const PgQuery__CreateDomainStmt *s, int loc);
int build_composite(ParseCtx *ctx, const PgQuery__CompositeTypeStmt *s, int loc);
int build_collation(ParseCtx *ctx, const PgQuery__DefineStmt *s, int loc);
/* build_function.c: canonical signature of a function reference (COMMENT ON) */
const char *function_signature(ParseCtx *ctx, Node **params, size_t n, bool objfuncargs);

/* build_sequence.c: sequence options from DefElems; `type` is the default AS type */
int seqopts_from_defelems(ParseCtx *ctx, Node **opts, size_t n, SeqOptions *o, const char *type,
			  const char **owned_by_schema, const char **owned_by_table,
			  const char **owned_by_column);

/* build_table.c, shared with ALTER TABLE; `limit`: where the element's text
 * ends (the next element's start, or the statement's end) */
int table_add_column(ParseCtx *ctx, Table *t, const PgQuery__ColumnDef *cd, int limit);
int table_add_constraint(ParseCtx *ctx, Table *t, const PgQuery__Constraint *c,
			 const char *colname, int limit);
/* Gives every unnamed constraint of `t` PostgreSQL's default name. */
void table_name_constraints(ParseCtx *ctx, Table *t);
/* An Expr canonicalized now, in the parsing thread: CHECKs, index keys and
 * predicates, policies, whose server texts (parenthesized) seldom equal
 * what users write.  column_expr_from_text(): canonicalized on demand, for
 * defaults and generation expressions, which pg_dump-style files write as
 * the server prints them (expr_new_lazy). */
Expr *expr_from_text(ParseCtx *ctx, const char *sql);
Expr *column_expr_from_text(ParseCtx *ctx, const char *sql);
/* pg_get_expr(relpartbound) text of a bound; `parent` (may be NULL) gives key types */
const char *partition_bound(ParseCtx *ctx, const PgQuery__PartitionBoundSpec *b,
			    const Table *parent);

#endif
