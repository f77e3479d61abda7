/*
 * q_privileges.c - GRANTs on relations, sequences, functions, schemas and
 * types, and on the columns of relations (pg_attribute.attacl): one query
 * exploding every non-NULL acl, resolved through the oid registry.  Runs
 * only with IntrospectOptions.privileges.
 *
 * A NULL acl means the kind's default privileges: the object keeps
 * grants_set false.  In a non-NULL acl the owner's own (implicit) grants are
 * left out, so that schema files, which never name the owner, compare equal;
 * the owner's name is kept (Object.owner) so that a file's grants to it are
 * left out of the comparison too.  A column's acl has no defaults: a
 * relation with column grants has its grants_set (its own defaults are
 * empty, so that changes nothing else).
 *
 * Memory ownership: role and privilege names are copied into the catalog
 * arena; the PGresult is cleared before returning.
 */
#include "introspect/introspect_int.h"
#include "parse/grant.h"

#include <stdlib.h>

int q_privileges(IntroCtx *ctx)
{
	if (!ctx->opts || !ctx->opts->privileges)
		return 0;
	StrBuf sql = STRBUF_INIT;
	/* one row per object (its owner; acl_null for default privileges),
	 * or one per grant to anyone but the owner */
	strbuf_printf(&sql,
		      "SELECT o.classid, o.objid, o.attname, pg_get_userbyid(o.owner) AS owner,"
		      " o.acl IS NULL AS acl_null, r.rolname AS grantee, a.grantee = 0 AS public,"
		      " a.privilege_type, a.is_grantable"
		      " FROM ("
		      "  SELECT %d AS classid, c.oid AS objid, NULL::name AS attname, c.relacl AS acl,"
		      "   c.relowner AS owner"
		      "  FROM pg_class c WHERE c.oid >= 16384"
		      "  AND c.relkind IN ('r', 'p', 'v', 'm', 'S')"
		      /* column privileges: only the columns that have any */
		      "  UNION ALL SELECT %d, c.oid, t.attname, t.attacl, c.relowner"
		      "  FROM pg_attribute t JOIN pg_class c ON c.oid = t.attrelid"
		      "  WHERE c.oid >= 16384 AND c.relkind IN ('r', 'p', 'v', 'm')"
		      "  AND t.attnum > 0 AND NOT t.attisdropped AND t.attacl IS NOT NULL"
		      "  UNION ALL SELECT %d, p.oid, NULL, p.proacl, p.proowner FROM pg_proc p"
		      "  WHERE p.oid >= 16384"
		      "  UNION ALL SELECT %d, n.oid, NULL, n.nspacl, n.nspowner FROM pg_namespace n"
		      /* a composite type is registered by its pg_class row */
		      "  UNION ALL SELECT CASE WHEN t.typrelid <> 0 THEN %d ELSE %d END,"
		      "   CASE WHEN t.typrelid <> 0 THEN t.typrelid ELSE t.oid END, NULL, t.typacl,"
		      "   t.typowner"
		      "  FROM pg_type t WHERE t.oid >= 16384"
		      "  AND t.typtype IN ('e', 'd', 'c')"
		      "  AND (t.typrelid = 0 OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')"
		      " ) o"
		      " LEFT JOIN LATERAL (SELECT x.grantee, x.privilege_type, x.is_grantable"
		      "  FROM aclexplode(o.acl) x WHERE x.grantee <> o.owner) a ON true"
		      " LEFT JOIN pg_roles r ON r.oid = a.grantee",
		      CLS_PG_CLASS, CLS_PG_CLASS, CLS_PG_PROC, CLS_PG_NAMESPACE, CLS_PG_CLASS,
		      CLS_PG_TYPE);
	PGresult *res = intro_query(ctx, sql.buf);
	strbuf_release(&sql);
	if (!res)
		return PGSTAGE_EDB;
	int f_class = intro_fnum(res, "classid"), f_oid = intro_fnum(res, "objid"),
	    f_att = intro_fnum(res, "attname"),
	    f_owner = intro_fnum(res, "owner"), f_null = intro_fnum(res, "acl_null"),
	    f_grantee = intro_fnum(res, "grantee"), f_public = intro_fnum(res, "public"),
	    f_priv = intro_fnum(res, "privilege_type"), f_opt = intro_fnum(res, "is_grantable");
	Arena *a = ctx->cat->arena;
	for (int i = 0, n = PQntuples(res); i < n; i++) {
		Ref *r = intro_ref_get(ctx, atoi(PQgetvalue(res, i, f_class)), PQgetvalue(res, i, f_oid), 0);
		if (!r || r->col || r->con || !grant_kind_supported(r->obj->kind))
			continue; /* filtered out, extension-owned or not modelled */
		Object *o = r->obj;
		if (!o->owner)
			o->owner = intro_str(ctx, res, i, f_owner);
		bool column = !PQgetisnull(res, i, f_att);
		if (!column && intro_bool(res, i, f_null))
			continue; /* default privileges */
		o->grants_set = true;
		if (PQgetisnull(res, i, f_priv))
			continue; /* only the owner holds privileges */
		const char *who = intro_bool(res, i, f_public) ? "PUBLIC" : PQgetvalue(res, i, f_grantee);
		grant_put(a, &o->grants, who, column ? PQgetvalue(res, i, f_att) : NULL,
			  PQgetvalue(res, i, f_priv), intro_bool(res, i, f_opt));
	}
	PQclear(res);
	/* an acl that says no more than the defaults (schema public's, once
	 * its CREATE is revoked) prints and compares as the defaults */
	grant_normalize(ctx->cat);
	return 0;
}
