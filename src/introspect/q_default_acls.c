/*
 * q_default_acls.c - pg_default_acl rows (ALTER DEFAULT PRIVILEGES) into
 * Catalog.default_acls, and current_user into Catalog.current_role (what
 * a desired row without FOR ROLE means).  One query; only with
 * IntrospectOptions.privileges.
 *
 * Rows are kept as stored: a row without a schema holds its role's own
 * privileges too (model.h).  A row in a schema the run leaves out (system
 * schemas, pgstage's, --schema/--exclude-schema) is left out with it.
 *
 * Memory ownership: rows and names are copied into the catalog arena; the
 * PGresult is cleared before returning.
 */
#include "introspect/introspect_int.h"
#include "parse/grant.h"

int q_default_acls(IntroCtx *ctx)
{
	if (!ctx->opts || !ctx->opts->privileges)
		return 0;
	StrBuf sql = STRBUF_INIT;
	/* the outer join keeps one row (current_user) when there is no default acl */
	strbuf_puts(&sql,
		    "SELECT current_user AS me, x.* FROM (SELECT 1) one LEFT JOIN ("
		    " SELECT pg_get_userbyid(d.defaclrole) AS role, n.nspname AS schema,"
		    "  d.defaclobjtype AS objtype, r.rolname AS grantee, a.grantee = 0 AS public,"
		    "  a.privilege_type, a.is_grantable"
		    " FROM pg_default_acl d LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace"
		    " LEFT JOIN LATERAL aclexplode(d.defaclacl) a ON true"
		    " LEFT JOIN pg_roles r ON r.oid = a.grantee"
		    " WHERE d.defaclnamespace = 0 OR ");
	intro_nsp_cond(ctx, &sql, "n.nspname");
	strbuf_puts(&sql, ") x ON true ORDER BY x.role, x.schema NULLS FIRST, x.objtype");
	PGresult *res = intro_query(ctx, sql.buf);
	strbuf_release(&sql);
	if (!res)
		return PGSTAGE_EDB;
	int f_me = intro_fnum(res, "me"), f_role = intro_fnum(res, "role"),
	    f_schema = intro_fnum(res, "schema"), f_type = intro_fnum(res, "objtype"),
	    f_grantee = intro_fnum(res, "grantee"), f_public = intro_fnum(res, "public"),
	    f_priv = intro_fnum(res, "privilege_type"), f_opt = intro_fnum(res, "is_grantable");
	Catalog *cat = ctx->cat;
	for (int i = 0, n = PQntuples(res); i < n; i++) {
		if (!cat->current_role)
			cat->current_role = intro_str(ctx, res, i, f_me);
		if (PQgetisnull(res, i, f_role))
			continue; /* no default acl at all */
		const char *role = PQgetvalue(res, i, f_role);
		const char *schema = PQgetisnull(res, i, f_schema) ? NULL : PQgetvalue(res, i, f_schema);
		char objtype = intro_char(res, i, f_type);
		DefaultAcl *d = default_acl_find(&cat->default_acls, role, schema, objtype);
		if (!d) {
			d = default_acl_new(cat->arena, role, true, schema, objtype);
			vec_push(cat->arena, &cat->default_acls, d);
		}
		if (PQgetisnull(res, i, f_priv))
			continue; /* an empty acl */
		const char *who = intro_bool(res, i, f_public) ? "PUBLIC" : PQgetvalue(res, i, f_grantee);
		grant_put(cat->arena, &d->grants, who, NULL, PQgetvalue(res, i, f_priv),
			  intro_bool(res, i, f_opt));
	}
	PQclear(res);
	return 0;
}
