/*
 * query.c - helpers shared by the q_<kind>.c families: running a query,
 * reading fields, the schema filter and the oid -> model registry.
 *
 * Memory ownership: field values are copied into the catalog arena (model
 * data) or the run's scratch arena (registry keys); PGresults are the
 * caller's to PQclear.
 */
#include "introspect/introspect_int.h"
#include "model/ident.h"
#include "parse/expr.h"
#include "parse/expr_cache.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int introspect__query_count;

static void set_db_error(IntroCtx *ctx, const char *what, const char *msg)
{
	pgs_error_set(ctx->err, PGSTAGE_EDB, "introspection query failed (%s): %s", what, msg);
	/* libpq messages end in a newline; ours are one line */
	char *nl = strchr(ctx->err->message, '\n');
	if (nl)
		*nl = '\0';
}

PGresult *intro_query(IntroCtx *ctx, const char *sql)
{
	introspect__query_count++;
	PGresult *res = PQexec(ctx->conn, sql);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		set_db_error(ctx, "select", res ? PQresultErrorMessage(res) : PQerrorMessage(ctx->conn));
		PQclear(res);
		return NULL;
	}
	return res;
}

int intro_rows_open(IntroCtx *ctx, IntroRows *rows, const char *sql)
{
	introspect__query_count++;
	*rows = (IntroRows){.ctx = ctx};
	if (!PQsendQuery(ctx->conn, sql) || !PQsetSingleRowMode(ctx->conn)) {
		set_db_error(ctx, "select", PQerrorMessage(ctx->conn));
		rows->failed = true;
		return intro_rows_close(rows);
	}
	return 0;
}

const PGresult *intro_rows_next(IntroRows *rows)
{
	PQclear(rows->row);
	rows->row = NULL;
	if (rows->failed || rows->done)
		return NULL;
	PGresult *res = PQgetResult(rows->ctx->conn);
	switch (PQresultStatus(res)) {
	case PGRES_SINGLE_TUPLE:
		return rows->row = res;
	case PGRES_TUPLES_OK: /* the zero-row result that ends the set */
		rows->done = true;
		break;
	default:
		set_db_error(rows->ctx, "select",
			     res ? PQresultErrorMessage(res) : PQerrorMessage(rows->ctx->conn));
		rows->failed = true;
		break;
	}
	PQclear(res);
	return NULL;
}

int intro_rows_close(IntroRows *rows)
{
	PQclear(rows->row);
	rows->row = NULL;
	/* read what is left, so the connection is ready for the next query */
	PGresult *res;
	while ((res = PQgetResult(rows->ctx->conn)) != NULL) {
		if (!rows->failed && PQresultStatus(res) != PGRES_SINGLE_TUPLE &&
		    PQresultStatus(res) != PGRES_TUPLES_OK) {
			set_db_error(rows->ctx, "select", PQresultErrorMessage(res));
			rows->failed = true;
		}
		PQclear(res);
	}
	return rows->failed ? PGSTAGE_EDB : 0;
}

int intro_exec(IntroCtx *ctx, const char *sql)
{
	introspect__query_count++;
	PGresult *res = PQexec(ctx->conn, sql);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		set_db_error(ctx, sql, res ? PQresultErrorMessage(res) : PQerrorMessage(ctx->conn));
		PQclear(res);
		return PGSTAGE_EDB;
	}
	PQclear(res);
	return 0;
}

void intro_nsp_cond(IntroCtx *ctx, StrBuf *sql, const char *col)
{
	/* pg_toast% also covers pg_toast_temp_N */
	strbuf_printf(sql,
		      "(%s NOT IN ('pg_catalog', 'information_schema', 'pgstage')"
		      " AND %s NOT LIKE 'pg\\_toast%%' AND %s NOT LIKE 'pg\\_temp\\_%%'",
		      col, col, col);
	const IntrospectOptions *o = ctx->opts;
	if (o && o->schema_include && o->schema_include[0]) {
		strbuf_puts(sql, " AND (false");
		for (const char *const *pat = o->schema_include; *pat; pat++) {
			strbuf_printf(sql, " OR %s LIKE ", col);
			strbuf_literal(sql, *pat);
		}
		strbuf_putc(sql, ')');
	}
	if (o && o->schema_exclude)
		for (const char *const *pat = o->schema_exclude; *pat; pat++) {
			strbuf_printf(sql, " AND %s NOT LIKE ", col);
			strbuf_literal(sql, *pat);
		}
	strbuf_putc(sql, ')');
}

void intro_not_ext(StrBuf *sql, int classid, const char *oidcol)
{
	strbuf_printf(sql,
		      "NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = %d AND x.objid = %s"
		      " AND x.deptype = 'e')",
		      classid, oidcol);
}

int intro_fnum(const PGresult *res, const char *name)
{
	int n = PQfnumber(res, name);
	assert(n >= 0 && "query does not select this column");
	return n;
}

const char *intro_str(IntroCtx *ctx, const PGresult *res, int row, int col)
{
	if (PQgetisnull(res, row, col))
		return NULL;
	return arena_strdup(ctx->cat->arena, PQgetvalue(res, row, col));
}

bool intro_bool(const PGresult *res, int row, int col)
{
	return !PQgetisnull(res, row, col) && PQgetvalue(res, row, col)[0] == 't';
}

long long intro_int(const PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? 0 : strtoll(PQgetvalue(res, row, col), NULL, 10);
}

char intro_char(const PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? '\0' : PQgetvalue(res, row, col)[0];
}

/* Array output format: {a,"b c","x\"y",NULL}; elements of text[] only. */
void intro_text_array(IntroCtx *ctx, PtrVec *out, const PGresult *res, int row, int col)
{
	if (PQgetisnull(res, row, col))
		return;
	const char *p = PQgetvalue(res, row, col);
	if (*p != '{')
		return;
	p++;
	StrBuf el = STRBUF_INIT;
	while (*p && *p != '}') {
		strbuf_reset(&el);
		bool quoted = false;
		if (*p == '"') {
			quoted = true;
			for (p++; *p && *p != '"'; p++) {
				if (*p == '\\' && p[1])
					p++;
				strbuf_putc(&el, *p);
			}
			if (*p == '"')
				p++;
		} else {
			while (*p && *p != ',' && *p != '}')
				strbuf_putc(&el, *p++);
		}
		if (!quoted && strcmp(el.buf, "NULL") == 0)
			vec_push(ctx->cat->arena, out, NULL);
		else
			vec_push(ctx->cat->arena, out, arena_strndup(ctx->cat->arena, el.buf, el.len));
		if (*p == ',')
			p++;
	}
	strbuf_release(&el);
}

Ref *intro_ref_put(IntroCtx *ctx, int classid, const char *oid, int subid, Object *obj, Column *col,
		   Constraint *con)
{
	Ref *r = ARENA_NEW(ctx->scratch, Ref);
	r->obj = obj;
	r->col = col;
	r->con = con;
	ref_map_put(&ctx->refs, (unsigned) classid, intro_oid(oid), subid, r);
	return r;
}

uint32_t intro_oid(const char *text)
{
	return (uint32_t) strtoul(text, NULL, 10);
}

SeqFields intro_seq_fields(const PGresult *res)
{
	return (SeqFields){
		.type = intro_fnum(res, "seqtype"), .start = intro_fnum(res, "seqstart"),
		.increment = intro_fnum(res, "seqincrement"), .min = intro_fnum(res, "seqmin"),
		.max = intro_fnum(res, "seqmax"), .cache = intro_fnum(res, "seqcache"),
		.cycle = intro_fnum(res, "seqcycle"),
	};
}

void intro_seq_options(IntroCtx *ctx, SeqOptions *o, const PGresult *res, int row,
		       const SeqFields *f)
{
	o->type = intro_str(ctx, res, row, f->type);
	o->start = intro_int(res, row, f->start);
	o->increment = intro_int(res, row, f->increment);
	o->min = intro_int(res, row, f->min);
	o->max = intro_int(res, row, f->max);
	o->cache = intro_int(res, row, f->cache);
	o->cycle = intro_bool(res, row, f->cycle);
}

Ref *intro_ref_get(IntroCtx *ctx, int classid, const char *oid, int subid)
{
	return ref_map_get(&ctx->refs, (unsigned) classid, intro_oid(oid), subid);
}

int intro_add(IntroCtx *ctx, Object *obj, int classid, const char *oid)
{
	int rc = catalog_add(ctx->cat, obj, ctx->err);
	if (rc)
		return rc;
	if (classid)
		intro_ref_put(ctx, classid, oid, 0, obj, NULL, NULL);
	return 0;
}

const char *intro_qualname(IntroCtx *ctx, const char *schema, const char *name)
{
	return ident_qualified(ctx->cat->arena, schema, name);
}

Expr *intro_expr(IntroCtx *ctx, const char *sql)
{
	if (!sql)
		return NULL;
	/* in this thread, beside the parse: the plan's own thread would
	 * otherwise make it after both loads, alone on its CPU */
	return expr_new_canonical(ctx->cat->arena, sql, expr_canonical_cached);
}

Expr *intro_column_expr_field(IntroCtx *ctx, const PGresult *res, int row, int col)
{
	/* canonical only when compared with a different text (expr_equal) */
	return PQgetisnull(res, row, col)
		       ? NULL
		       : expr_new_lazy(ctx->cat->arena, PQgetvalue(res, row, col), expr_canonical_cached);
}

Expr *intro_expr_field(IntroCtx *ctx, const PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? NULL : intro_expr(ctx, PQgetvalue(res, row, col));
}

PGresult *intro_query_user_objects(IntroCtx *ctx, StrBuf *sql, const char *nspcol, int classid,
				   const char *oidcol)
{
	intro_nsp_cond(ctx, sql, nspcol);
	strbuf_puts(sql, " AND ");
	intro_not_ext(sql, classid, oidcol);
	PGresult *res = intro_query(ctx, sql->buf);
	strbuf_release(sql);
	return res;
}
