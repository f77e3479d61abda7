/*
 * introspect_int.h - private to src/introspect: the run context shared by
 * the q_<kind>.c query families, the query helper and the oid registry.
 *
 * Memory ownership: IntroCtx.scratch (an arena) holds registry keys and
 * refs and is freed at the end of the run; model data goes only into
 * cat->arena; PGresults never outlive the q_* function that ran them.
 */
#ifndef PGSTAGE_INTROSPECT_INT_H
#define PGSTAGE_INTROSPECT_INT_H

#include <libpq-fe.h>
#include "introspect/introspect.h"
#include "introspect/introspect_test.h"
#include "introspect/ref_map.h"
#include "util/strbuf.h"

/* Bootstrap catalog oids: fixed in every PostgreSQL release. */
enum {
	CLS_PG_TYPE = 1247,
	CLS_PG_PROC = 1255,
	CLS_PG_CLASS = 1259,
	CLS_PG_CONSTRAINT = 2606,
	CLS_PG_TRIGGER = 2620,
	CLS_PG_NAMESPACE = 2615,
	CLS_PG_EXTENSION = 3079,
	CLS_PG_POLICY = 3256,
	CLS_PG_COLLATION = 3456,
};

/* What an (classid, objid[, subid]) pair stands for in the model. */
typedef struct Ref {
	Object *obj;      /* the top-level object (owner of a column/constraint) */
	Column *col;      /* set for columns */
	Constraint *con;  /* set for constraints */
	/* columns: one of its relation's own (q_columns lists it; an inherited
	 * or a partition's column is registered by name only), and whether it
	 * is a stored generated column (its pg_attrdef row is the expression) */
	bool own_column, generated;
} Ref;

typedef struct IntroCtx {
	PGconn *conn;
	Catalog *cat;
	Arena *scratch;
	int server_version;     /* server_version_num, e.g. 150004 */
	RefMap refs;            /* (classid, objid, subid) -> Ref* */
	HashMap schemas;        /* schema name -> Object* (schemas kept) */
	const IntrospectOptions *opts;
	PgsError *err;
} IntroCtx;


/* Runs a set-returning query; on failure fills ctx->err and returns NULL. */
PGresult *intro_query(IntroCtx *ctx, const char *sql);
/* A query read a row at a time (libpq's single-row mode), for the
 * families whose results are large: only one row is held at once, where
 * the columns of 5000 tables made one 40 MB PGresult.  Still one query.
 *
 *     IntroRows rows;
 *     if (intro_rows_open(ctx, &rows, sql)) return PGSTAGE_EDB;
 *     for (const PGresult *r; (r = intro_rows_next(&rows)) != NULL;) ... row 0 of r ...
 *     if (intro_rows_close(&rows)) return PGSTAGE_EDB;
 *
 * next() returns NULL at the end or on an error; close() drains the
 * connection and says which (ctx->err filled).  Each row is cleared by the
 * following next() or close(). */
typedef struct IntroRows {
	IntroCtx *ctx;
	PGresult *row;
	bool done, failed;
} IntroRows;
int intro_rows_open(IntroCtx *ctx, IntroRows *rows, const char *sql);
const PGresult *intro_rows_next(IntroRows *rows);
int intro_rows_close(IntroRows *rows);
/* Runs a command; 0 or PGSTAGE_EDB. */
int intro_exec(IntroCtx *ctx, const char *sql);

/* Appends "(<alias>.nspname-filter)" for the schema column `col`: system
 * schemas, pgstage's own and the include/exclude patterns. */
void intro_nsp_cond(IntroCtx *ctx, StrBuf *sql, const char *col);
/* Appends "NOT EXISTS (...deptype 'e'...)" for object `oidcol` of class `classid`. */
void intro_not_ext(StrBuf *sql, int classid, const char *oidcol);
/* Finishes `sql` (ending in WHERE ... AND or WHERE) with the schema filter
 * on `nspcol` and the not-extension-owned filter on `oidcol`, runs it and
 * releases `sql`.  NULL (with ctx->err set) on failure. */
PGresult *intro_query_user_objects(IntroCtx *ctx, StrBuf *sql, const char *nspcol, int classid,
				   const char *oidcol);

/* Field access: NULL for SQL NULL; strings copied into the catalog arena. */
const char *intro_str(IntroCtx *ctx, const PGresult *res, int row, int col);
bool intro_bool(const PGresult *res, int row, int col);
long long intro_int(const PGresult *res, int row, int col);
char intro_char(const PGresult *res, int row, int col);
/* Column number by name; asserts that the query selects it. */
int intro_fnum(const PGresult *res, const char *name);
/* The columns of pg_sequence's options in a result, by their pg_sequence
 * names (seqstart, ...; the type as "seqtype", format_type'd): looked up
 * once, read per row into a SeqOptions. */
typedef struct SeqFields {
	int type, start, increment, min, max, cache, cycle;
} SeqFields;
SeqFields intro_seq_fields(const PGresult *res);
void intro_seq_options(IntroCtx *ctx, SeqOptions *o, const PGresult *res, int row,
		       const SeqFields *f);
/* An oid as the server prints it. */
uint32_t intro_oid(const char *text);
/* Parses a text[] value ({a,"b c",NULL}) into char* items in the catalog arena. */
void intro_text_array(IntroCtx *ctx, PtrVec *out, const PGresult *res, int row, int col);

/* The oid registry: fills and reads ctx->refs. */
Ref *intro_ref_put(IntroCtx *ctx, int classid, const char *oid, int subid, Object *obj, Column *col,
		   Constraint *con);
Ref *intro_ref_get(IntroCtx *ctx, int classid, const char *oid, int subid);
/* Adds an object to the catalog, registering it under (classid, oid). */
int intro_add(IntroCtx *ctx, Object *obj, int classid, const char *oid);
/* Canonical "schema.name" of a collation or opclass: unqualified parts
 * quoted per ident.h, pg_catalog kept (as the model's canonical form). */
const char *intro_qualname(IntroCtx *ctx, const char *schema, const char *name);
/* Expr with canon = expr_canonical(sql); NULL in, NULL out. */
Expr *intro_expr(IntroCtx *ctx, const char *sql);
/* A column's default or generation expression, canonicalized on demand
 * (column_expr_from_text in src/parse); NULL for SQL NULL. */
Expr *intro_column_expr_field(IntroCtx *ctx, const PGresult *res, int row, int col);
Expr *intro_expr_field(IntroCtx *ctx, const PGresult *res, int row, int col);

/* The query families, in the order the driver runs them. */
int q_schemas(IntroCtx *ctx);
int q_extensions(IntroCtx *ctx);
int q_collations(IntroCtx *ctx);
int q_types(IntroCtx *ctx);        /* enums, domains */
int q_relations(IntroCtx *ctx);    /* tables, views, matviews, composite types */
int q_columns(IntroCtx *ctx);
int q_constraints(IntroCtx *ctx);  /* table and domain constraints */
int q_indexes(IntroCtx *ctx);
int q_sequences(IntroCtx *ctx);
int q_functions(IntroCtx *ctx);
int q_triggers(IntroCtx *ctx);
int q_policies(IntroCtx *ctx);
int q_comments(IntroCtx *ctx);
int q_depend(IntroCtx *ctx);
int q_unsupported(IntroCtx *ctx);

#endif
