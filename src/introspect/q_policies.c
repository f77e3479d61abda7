/*
 * q_policies.c - row-level security policies (pg_policy).
 *
 * Memory ownership: values are copied into the catalog arena; the PGresult
 * is cleared before returning.
 */
#include "introspect/introspect_int.h"

int q_policies(IntroCtx *ctx)
{
	StrBuf sql = STRBUF_INIT;
	strbuf_puts(&sql,
		    "SELECT p.oid, n.nspname, c.relname, p.polname, p.polpermissive,"
		    " CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT'"
		    "   WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END AS command,"
		    /* role 0 is PUBLIC: the model's empty list */
		    " ARRAY(SELECT r.rolname FROM unnest(p.polroles) pr(oid)"
		    "   JOIN pg_roles r ON r.oid = pr.oid ORDER BY r.rolname) AS roles,"
		    " pg_get_expr(p.polqual, p.polrelid) AS using_expr,"
		    " pg_get_expr(p.polwithcheck, p.polrelid) AS check_expr"
		    " FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid"
		    " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ");
	PGresult *res = intro_query_user_objects(ctx, &sql, "n.nspname", CLS_PG_CLASS, "c.oid");
	if (!res)
		return PGSTAGE_EDB;
	int f_oid = intro_fnum(res, "oid"), f_nsp = intro_fnum(res, "nspname"),
	    f_tbl = intro_fnum(res, "relname"), f_name = intro_fnum(res, "polname"),
	    f_perm = intro_fnum(res, "polpermissive"), f_cmd = intro_fnum(res, "command"),
	    f_roles = intro_fnum(res, "roles"), f_using = intro_fnum(res, "using_expr"),
	    f_check = intro_fnum(res, "check_expr");
	int rc = 0;
	for (int i = 0, n = PQntuples(res); i < n && !rc; i++) {
		Policy *p = object_new(ctx->cat, OBJ_POLICY, sizeof(Policy), PQgetvalue(res, i, f_nsp),
				       PQgetvalue(res, i, f_name));
		p->obj.parent = intro_str(ctx, res, i, f_tbl);
		p->permissive = intro_bool(res, i, f_perm);
		p->command = intro_str(ctx, res, i, f_cmd);
		intro_text_array(ctx, &p->roles, res, i, f_roles);
		p->using_expr = intro_expr_field(ctx, res, i, f_using);
		p->check_expr = intro_expr_field(ctx, res, i, f_check);
		rc = intro_add(ctx, &p->obj, CLS_PG_POLICY, PQgetvalue(res, i, f_oid));
	}
	PQclear(res);
	return rc;
}
