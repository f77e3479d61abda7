/*
 * q_extensions.c - installed extensions (pg_extension), except plpgsql,
 * which every database has and no schema file creates.
 *
 * Memory ownership: values are copied into the catalog arena; the PGresult
 * is cleared before returning.
 */
#include "introspect/introspect_int.h"

int q_extensions(IntroCtx *ctx)
{
	/* an extension is kept when the schema holding its objects passes the
	 * filter; extensions themselves have no schema */
	StrBuf sql = STRBUF_INIT;
	/* the model's NULL version means "the default version": state the
	 * installed version only when it is not the control file's default */
	strbuf_puts(&sql, "SELECT e.oid, e.extname, n.nspname,"
			  " NULLIF(e.extversion, (SELECT a.default_version FROM pg_available_extensions a"
			  "   WHERE a.name = e.extname)) AS extversion,"
			  " (SELECT a.comment FROM pg_available_extensions a WHERE a.name = e.extname)"
			  "   AS stock_comment"
			  " FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace"
			  " WHERE e.extname <> 'plpgsql' AND ");
	intro_nsp_cond(ctx, &sql, "n.nspname");
	PGresult *res = intro_query(ctx, sql.buf);
	strbuf_release(&sql);
	if (!res)
		return PGSTAGE_EDB;
	int f_oid = intro_fnum(res, "oid"), f_name = intro_fnum(res, "extname"),
	    f_nsp = intro_fnum(res, "nspname"), f_ver = intro_fnum(res, "extversion"),
	    f_stock = intro_fnum(res, "stock_comment");
	int rc = 0;
	for (int i = 0, n = PQntuples(res); i < n && !rc; i++) {
		Extension *e = object_new(ctx->cat, OBJ_EXTENSION, sizeof(Extension), NULL,
					  PQgetvalue(res, i, f_name));
		e->ext_schema = intro_str(ctx, res, i, f_nsp);
		e->version = intro_str(ctx, res, i, f_ver);
		e->stock_comment = intro_str(ctx, res, i, f_stock);
		rc = intro_add(ctx, &e->obj, CLS_PG_EXTENSION, PQgetvalue(res, i, f_oid));
	}
	PQclear(res);
	return rc;
}
