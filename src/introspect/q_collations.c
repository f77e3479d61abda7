/*
 * q_collations.c - collations (pg_collation) in user schemas, in one query.
 * Where an ICU collation keeps its locale moved between releases: in
 * collcollate before PostgreSQL 15, colliculocale in 15 and 16, colllocale
 * from 17.  Providers other than libc and ICU are listed as unsupported by
 * q_unsupported.
 *
 * Memory ownership: values are copied into the catalog arena; the PGresult
 * is cleared before returning.
 */
#include "introspect/introspect_int.h"

static const char *icu_locale_column(const IntroCtx *ctx)
{
	if (ctx->server_version >= 170000)
		return "c.colllocale";
	if (ctx->server_version >= 150000)
		return "c.colliculocale";
	return "c.collcollate";
}

int q_collations(IntroCtx *ctx)
{
	StrBuf sql = STRBUF_INIT;
	strbuf_printf(&sql,
		      "SELECT c.oid, n.nspname, c.collname, c.collprovider, c.collisdeterministic,"
		      " c.collcollate, c.collctype, %s AS icu_locale"
		      " FROM pg_collation c JOIN pg_namespace n ON n.oid = c.collnamespace"
		      " WHERE c.collprovider IN ('c', 'i') AND ",
		      icu_locale_column(ctx));
	PGresult *res = intro_query_user_objects(ctx, &sql, "n.nspname", CLS_PG_COLLATION, "c.oid");
	if (!res)
		return PGSTAGE_EDB;
	int f_oid = intro_fnum(res, "oid"), f_nsp = intro_fnum(res, "nspname"),
	    f_name = intro_fnum(res, "collname"), f_prov = intro_fnum(res, "collprovider"),
	    f_det = intro_fnum(res, "collisdeterministic"), f_coll = intro_fnum(res, "collcollate"),
	    f_ctype = intro_fnum(res, "collctype"), f_icu = intro_fnum(res, "icu_locale");
	int rc = 0;
	for (int i = 0, n = PQntuples(res); i < n && !rc; i++) {
		Collation *c = object_new(ctx->cat, OBJ_COLLATION, sizeof(Collation),
					  PQgetvalue(res, i, f_nsp), PQgetvalue(res, i, f_name));
		c->provider = intro_char(res, i, f_prov);
		c->deterministic = intro_bool(res, i, f_det);
		if (c->provider == 'i') {
			c->icu_locale = intro_str(ctx, res, i, f_icu);
		} else {
			c->lc_collate = intro_str(ctx, res, i, f_coll);
			c->lc_ctype = intro_str(ctx, res, i, f_ctype);
		}
		object_add_dep(ctx->cat, &c->obj,
			       object_key(ctx->cat->arena, OBJ_SCHEMA, NULL, NULL, c->obj.schema, NULL));
		rc = intro_add(ctx, &c->obj, CLS_PG_COLLATION, PQgetvalue(res, i, f_oid));
	}
	PQclear(res);
	return rc;
}
