/*
 * q_indexes.c - indexes that do not back a constraint, one row per key
 * column (unnest of indkey) in a single query: no round trip per index.
 * Partitions' copies of a partitioned index are skipped (the parent's
 * definition covers them).  An index left INVALID by a failed concurrent
 * build is read with that mark (Index.invalid): the diff rebuilds it.
 *
 * Memory ownership: values are copied into the catalog arena; the PGresult
 * is cleared before returning.
 */
#include "introspect/introspect_int.h"

#include <string.h>

/* Index option bits of pg_index.indoption (catalog/pg_index.h). */
#define INDOPTION_DESC 0x0001
#define INDOPTION_NULLS_FIRST 0x0002

/* Whether key k states a collation.  A column key does when the index's
 * collation differs from the column's.  An expression's own collation
 * (exprCollation) is not visible from SQL, so for an expression the full
 * definition is asked whether pg_get_indexdef printed COLLATE right after
 * that expression's text (see docs/introspection.md).  x.fulldef is the
 * full definition, computed once per index and only for an index with an
 * expression key; e.expr the key's text, computed once per expression key. */
#define COLL_STATED                                                                               \
	"(CASE WHEN k.n <> 0 THEN x.indcollation[k.o - 1] <> a.attcollation"                     \
	" ELSE x.indcollation[k.o - 1] <> 0 AND strpos(x.fulldef, e.expr || ' COLLATE ') > 0 END)"

int q_indexes(IntroCtx *ctx)
{
	StrBuf sql = STRBUF_INIT;
	/* x: one row per index, with what is per index (predicate, INCLUDE
	 * list, full definition) evaluated once; MATERIALIZED so that the
	 * planner does not inline it into the per-key rows */
	strbuf_printf(&sql,
		      "WITH x AS MATERIALIZED (SELECT i.indexrelid, i.indrelid, i.indkey, i.indnkeyatts,"
		      " i.indcollation, i.indclass, i.indoption, NOT i.indisvalid AS invalid, ic.relname, n.nspname,"
		      " tc.relname AS tbl, am.amname, i.indisunique, %s AS nulls_not_distinct,"
		      " pg_get_expr(i.indpred, i.indrelid) AS pred,"
		      /* the subquery only for an index that has INCLUDE columns:
		       * run for every index it cost 0.1 s at 16 000 indexes */
		      " CASE WHEN i.indnatts > i.indnkeyatts THEN"
		      "   ARRAY(SELECT a2.attname FROM unnest(i.indkey::int2[]) WITH ORDINALITY k2(n, o)"
		      "   JOIN pg_attribute a2 ON a2.attrelid = i.indrelid AND a2.attnum = k2.n"
		      "   WHERE k2.o > i.indnkeyatts ORDER BY k2.o) END AS incl,"
		      " CASE WHEN 0 = ANY (i.indkey::int2[]) THEN pg_get_indexdef(i.indexrelid, 0, true)"
		      "   END AS fulldef"
		      " FROM pg_index i"
		      " JOIN pg_class ic ON ic.oid = i.indexrelid"
		      " JOIN pg_class tc ON tc.oid = i.indrelid"
		      " JOIN pg_namespace n ON n.oid = ic.relnamespace"
		      " JOIN pg_am am ON am.oid = ic.relam"
		      " WHERE NOT ic.relispartition"
		      " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid"
		      "   AND c.contype IN ('p', 'u', 'x')) AND ",
		      ctx->server_version >= 150000 ? "i.indnullsnotdistinct" : "false");
	intro_nsp_cond(ctx, &sql, "n.nspname");
	strbuf_puts(&sql, " AND ");
	intro_not_ext(&sql, CLS_PG_CLASS, "ic.oid");
	/* an extension's table: its indexes are not members themselves */
	strbuf_puts(&sql, " AND ");
	intro_not_ext(&sql, CLS_PG_CLASS, "tc.oid");
	strbuf_printf(&sql,
		      ") SELECT x.indexrelid, x.invalid, x.relname, x.nspname, x.tbl, x.amname, x.indisunique,"
		      " x.nulls_not_distinct, x.pred, x.incl, k.o AS keyno, a.attname AS colname, e.expr,"
		      /* collation and opclass only when not the default for the key */
		      " CASE WHEN %s THEN cn.nspname END AS collnsp,"
		      " CASE WHEN %s THEN co.collname END AS collname,"
		      " CASE WHEN NOT opc.opcdefault THEN opn.nspname END AS opcnsp,"
		      " CASE WHEN NOT opc.opcdefault THEN opc.opcname END AS opcname,"
		      " x.indoption[k.o - 1] AS opt"
		      " FROM x CROSS JOIN LATERAL unnest(x.indkey::int2[]) WITH ORDINALITY k(n, o)"
		      /* OFFSET 0: evaluated once per key, not once per reference */
		      " CROSS JOIN LATERAL (SELECT CASE WHEN k.n = 0"
		      "   THEN pg_get_indexdef(x.indexrelid, k.o::int, true) END AS expr OFFSET 0) e"
		      /* a key column's name: one index probe per key (OFFSET 0 keeps
		       * it a probe), where a join hashed all of pg_attribute, 250 000
		       * rows at 5000 tables, for 14 000 keys */
		      " LEFT JOIN LATERAL (SELECT a.attname, a.attcollation FROM pg_attribute a"
		      "   WHERE k.n > 0 AND a.attrelid = x.indrelid AND a.attnum = k.n OFFSET 0) a ON true"
		      " LEFT JOIN pg_collation co ON co.oid = x.indcollation[k.o - 1]"
		      " LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace"
		      " LEFT JOIN pg_opclass opc ON opc.oid = x.indclass[k.o - 1]"
		      " LEFT JOIN pg_namespace opn ON opn.oid = opc.opcnamespace"
		      " WHERE k.o <= x.indnkeyatts",
		      COLL_STATED, COLL_STATED);
	strbuf_puts(&sql, " ORDER BY x.indexrelid, k.o");
	PGresult *res = intro_query(ctx, sql.buf);
	strbuf_release(&sql);
	if (!res)
		return PGSTAGE_EDB;
	int f_oid = intro_fnum(res, "indexrelid"), f_name = intro_fnum(res, "relname"),
	    f_nsp = intro_fnum(res, "nspname"), f_tbl = intro_fnum(res, "tbl"),
	    f_am = intro_fnum(res, "amname"), f_unique = intro_fnum(res, "indisunique"),
	    f_nnd = intro_fnum(res, "nulls_not_distinct"), f_pred = intro_fnum(res, "pred"),
	    f_incl = intro_fnum(res, "incl"), f_col = intro_fnum(res, "colname"),
	    f_expr = intro_fnum(res, "expr"), f_collnsp = intro_fnum(res, "collnsp"),
	    f_collname = intro_fnum(res, "collname"), f_opcnsp = intro_fnum(res, "opcnsp"),
	    f_opcname = intro_fnum(res, "opcname"), f_opt = intro_fnum(res, "opt"),
	    f_invalid = intro_fnum(res, "invalid");
	int rc = 0;
	Index *ix = NULL;
	const char *cur = NULL;
	for (int i = 0, n = PQntuples(res); i < n && !rc; i++) {
		const char *oid = PQgetvalue(res, i, f_oid);
		if (!cur || strcmp(cur, oid) != 0) {
			/* rows come grouped by index: the first row makes the index */
			cur = oid;
			ix = object_new(ctx->cat, OBJ_INDEX, sizeof(Index), PQgetvalue(res, i, f_nsp),
					PQgetvalue(res, i, f_name));
			ix->table = intro_str(ctx, res, i, f_tbl);
			ix->method = intro_str(ctx, res, i, f_am);
			ix->unique = intro_bool(res, i, f_unique);
			ix->nulls_not_distinct = intro_bool(res, i, f_nnd);
			ix->invalid = intro_bool(res, i, f_invalid);
			ix->where = intro_expr_field(ctx, res, i, f_pred);
			intro_text_array(ctx, &ix->include, res, i, f_incl);
			if ((rc = intro_add(ctx, &ix->obj, CLS_PG_CLASS, oid)))
				break;
		}
		IndexElem *e = ARENA_NEW(ctx->cat->arena, IndexElem);
		e->column = intro_str(ctx, res, i, f_col);
		if (!e->column)
			e->expr = intro_expr_field(ctx, res, i, f_expr);
		if (!PQgetisnull(res, i, f_collname))
			e->collation = intro_qualname(ctx, PQgetvalue(res, i, f_collnsp),
						      PQgetvalue(res, i, f_collname));
		if (!PQgetisnull(res, i, f_opcname)) {
			const char *nsp = PQgetvalue(res, i, f_opcnsp);
			/* like type names: pg_catalog's are left unqualified */
			e->opclass = intro_qualname(ctx, strcmp(nsp, "pg_catalog") ? nsp : NULL,
						    PQgetvalue(res, i, f_opcname));
		}
		long long opt = intro_int(res, i, f_opt);
		e->desc = opt & INDOPTION_DESC;
		bool nulls_first = opt & INDOPTION_NULLS_FIRST;
		/* NULLS LAST is ASC's default, NULLS FIRST is DESC's */
		if (nulls_first != e->desc)
			e->nulls = nulls_first ? 'f' : 'l';
		vec_push(ctx->cat->arena, &ix->elems, e);
	}
	PQclear(res);
	return rc;
}
