/*
 * q_schemas.c - user schemas (pg_namespace), after the schema filter.
 *
 * Memory ownership: names are copied into the catalog arena; the PGresult
 * is cleared before returning.
 */
#include "introspect/introspect_int.h"

int q_schemas(IntroCtx *ctx)
{
	StrBuf sql = STRBUF_INIT;
	strbuf_puts(&sql, "SELECT n.oid, n.nspname FROM pg_namespace n WHERE ");
	PGresult *res = intro_query_user_objects(ctx, &sql, "n.nspname", CLS_PG_NAMESPACE, "n.oid");
	if (!res)
		return PGSTAGE_EDB;
	int f_oid = intro_fnum(res, "oid"), f_name = intro_fnum(res, "nspname");
	int rc = 0;
	for (int i = 0, n = PQntuples(res); i < n && !rc; i++) {
		Object *o = object_new(ctx->cat, OBJ_SCHEMA, sizeof(Object), NULL,
				       PQgetvalue(res, i, f_name));
		rc = intro_add(ctx, o, CLS_PG_NAMESPACE, PQgetvalue(res, i, f_oid));
		if (!rc)
			hashmap_put(&ctx->schemas, o->name, o);
	}
	PQclear(res);
	return rc;
}
