/*
 * q_comments.c - COMMENT ON for every modelled kind: one query over
 * pg_description, resolved through the oid registry.
 *
 * Memory ownership: comment text is copied into the catalog arena; the
 * PGresult is cleared before returning.
 */
#include "introspect/introspect_int.h"

#include <stdlib.h>

int q_comments(IntroCtx *ctx)
{
	StrBuf sql = STRBUF_INIT;
	/* oids below FirstNormalObjectId (16384) are built in: skip their
	 * thousands of comments; the registry decides about the rest */
	strbuf_printf(&sql,
		      "SELECT d.classoid, d.objoid, d.objsubid, d.description FROM pg_description d"
		      " WHERE (d.objoid >= 16384 OR (d.classoid = %d AND d.objoid = 2200"
		      /* schema public is built in, its stock comment too */
		      "   AND d.description <> 'standard public schema'))"
		      " AND d.classoid IN (%d, %d, %d, %d, %d, %d, %d, %d, %d)",
		      CLS_PG_NAMESPACE,
		      CLS_PG_NAMESPACE, CLS_PG_CLASS, CLS_PG_TYPE, CLS_PG_PROC, CLS_PG_CONSTRAINT,
		      CLS_PG_TRIGGER, CLS_PG_POLICY, CLS_PG_EXTENSION, CLS_PG_COLLATION);
	/* an extension's script comments on the extension itself; that comment
	 * is the control file's and no schema file states it */
	strbuf_printf(&sql,
		      " AND NOT (d.classoid = %d AND d.description IS NOT DISTINCT FROM"
		      " (SELECT a.comment FROM pg_extension e JOIN pg_available_extensions a"
		      "  ON a.name = e.extname WHERE e.oid = d.objoid))",
		      CLS_PG_EXTENSION);
	PGresult *res = intro_query(ctx, sql.buf);
	strbuf_release(&sql);
	if (!res)
		return PGSTAGE_EDB;
	int f_class = intro_fnum(res, "classoid"), f_oid = intro_fnum(res, "objoid"),
	    f_sub = intro_fnum(res, "objsubid"), f_text = intro_fnum(res, "description");
	for (int i = 0, n = PQntuples(res); i < n; i++) {
		int classid = atoi(PQgetvalue(res, i, f_class));
		Ref *r = intro_ref_get(ctx, classid, PQgetvalue(res, i, f_oid),
				       atoi(PQgetvalue(res, i, f_sub)));
		if (!r)
			continue; /* filtered out, extension-owned or not modelled */
		const char *text = intro_str(ctx, res, i, f_text);
		if (r->col)
			r->col->comment = text; /* (a skipped inherited column's goes nowhere) */
		else if (r->con && classid == CLS_PG_CONSTRAINT)
			r->con->comment = text;
		else if (!r->con) /* not the index behind a constraint */
			r->obj->comment = text;
	}
	PQclear(res);
	return 0;
}
