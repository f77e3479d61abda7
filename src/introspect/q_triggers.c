/*
 * q_triggers.c - user triggers (pg_trigger, internal ones skipped: those
 * implement foreign keys and partition clones).
 *
 * Memory ownership: values are copied into the catalog arena; the PGresult
 * is cleared before returning.
 */
#include "introspect/introspect_int.h"

int q_triggers(IntroCtx *ctx)
{
	StrBuf sql = STRBUF_INIT;
	strbuf_puts(&sql,
		    "SELECT tg.oid, n.nspname, c.relname, tg.tgname,"
		    " pg_get_triggerdef(tg.oid, false) AS def"
		    " FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid"
		    " JOIN pg_namespace n ON n.oid = c.relnamespace"
		    /* tgparentid (13+) would also mark partition clones; they are
		     * tgisinternal before 15 and share the parent's definition */
		    " WHERE NOT tg.tgisinternal AND ");
	if (ctx->server_version >= 130000)
		strbuf_puts(&sql, "tg.tgparentid = 0 AND ");
	PGresult *res = intro_query_user_objects(ctx, &sql, "n.nspname", CLS_PG_CLASS, "c.oid");
	if (!res)
		return PGSTAGE_EDB;
	int f_oid = intro_fnum(res, "oid"), f_nsp = intro_fnum(res, "nspname"),
	    f_tbl = intro_fnum(res, "relname"), f_name = intro_fnum(res, "tgname"),
	    f_def = intro_fnum(res, "def");
	int rc = 0;
	for (int i = 0, n = PQntuples(res); i < n && !rc; i++) {
		Trigger *t = object_new(ctx->cat, OBJ_TRIGGER, sizeof(Trigger),
					PQgetvalue(res, i, f_nsp), PQgetvalue(res, i, f_name));
		t->obj.parent = intro_str(ctx, res, i, f_tbl);
		t->definition = intro_expr_field(ctx, res, i, f_def);
		rc = intro_add(ctx, &t->obj, CLS_PG_TRIGGER, PQgetvalue(res, i, f_oid));
	}
	PQclear(res);
	return rc;
}
