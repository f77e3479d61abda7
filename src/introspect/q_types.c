/*
 * q_types.c - enum types and domains (pg_type typtype 'e' and 'd'), in one
 * query.  Domain CHECK constraints come with q_constraints; composite types
 * come with q_relations (they have a pg_class row).
 *
 * Memory ownership: values are copied into the catalog arena; the PGresult
 * is cleared before returning.
 */
#include "introspect/introspect_int.h"

#include <string.h>

int q_types(IntroCtx *ctx)
{
	StrBuf sql = STRBUF_INIT;
	strbuf_puts(&sql,
		    "SELECT t.oid, t.typtype, n.nspname, t.typname,"
		    " CASE WHEN t.typtype = 'e' THEN ARRAY(SELECT e.enumlabel FROM pg_enum e"
		    "   WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) END AS labels,"
		    " format_type(t.typbasetype, t.typtypmod) AS base,"
		    " t.typnotnull, pg_get_expr(t.typdefaultbin, 0) AS def,"
		    " CASE WHEN t.typcollation <> bt.typcollation THEN cn.nspname END AS collnsp,"
		    " CASE WHEN t.typcollation <> bt.typcollation THEN co.collname END AS collname"
		    " FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
		    " LEFT JOIN pg_type bt ON bt.oid = t.typbasetype"
		    " LEFT JOIN pg_collation co ON co.oid = t.typcollation"
		    " LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace"
		    " WHERE t.typtype IN ('e', 'd') AND ");
	PGresult *res = intro_query_user_objects(ctx, &sql, "n.nspname", CLS_PG_TYPE, "t.oid");
	if (!res)
		return PGSTAGE_EDB;
	int f_oid = intro_fnum(res, "oid"), f_typtype = intro_fnum(res, "typtype"),
	    f_nsp = intro_fnum(res, "nspname"), f_name = intro_fnum(res, "typname"),
	    f_labels = intro_fnum(res, "labels"), f_base = intro_fnum(res, "base"),
	    f_notnull = intro_fnum(res, "typnotnull"), f_def = intro_fnum(res, "def"),
	    f_collnsp = intro_fnum(res, "collnsp"), f_collname = intro_fnum(res, "collname");
	int rc = 0;
	for (int i = 0, n = PQntuples(res); i < n && !rc; i++) {
		const char *nsp = PQgetvalue(res, i, f_nsp), *name = PQgetvalue(res, i, f_name);
		Object *obj;
		if (intro_char(res, i, f_typtype) == 'e') {
			EnumType *e = object_new(ctx->cat, OBJ_ENUM, sizeof(EnumType), nsp, name);
			intro_text_array(ctx, &e->labels, res, i, f_labels);
			obj = &e->obj;
		} else {
			Domain *d = object_new(ctx->cat, OBJ_DOMAIN, sizeof(Domain), nsp, name);
			d->base_type = intro_str(ctx, res, i, f_base);
			d->not_null = intro_bool(res, i, f_notnull);
			d->default_expr = intro_expr_field(ctx, res, i, f_def);
			if (!PQgetisnull(res, i, f_collname))
				d->collation = intro_qualname(ctx, PQgetvalue(res, i, f_collnsp),
							      PQgetvalue(res, i, f_collname));
			obj = &d->obj;
		}
		rc = intro_add(ctx, obj, CLS_PG_TYPE, PQgetvalue(res, i, f_oid));
	}
	PQclear(res);
	return rc;
}
