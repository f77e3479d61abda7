/*
 * q_depend.c - dependencies between modelled objects from pg_depend, in
 * one query.  The SQL maps the implementation objects PostgreSQL records
 * onto the ones the model has: a view's rewrite rule -> the view, a column
 * default -> its table, an array type -> its element type, an extension's
 * member -> the extension.  Constraints and columns resolve to their owner.
 *
 * Memory ownership: keys are copied into the catalog arena by
 * object_add_dep(); the PGresult is cleared before returning.
 */
#include "introspect/introspect_int.h"

#include <stdlib.h>

int q_depend(IntroCtx *ctx)
{
	const char *sql =
		"SELECT CASE WHEN d.classid IN (2618, 2604) THEN 1259 ELSE d.classid END AS classid,"
		" CASE d.classid WHEN 2618 THEN r.ev_class WHEN 2604 THEN ad.adrelid"
		"   ELSE d.objid END AS objid,"
		" CASE WHEN e.objid IS NOT NULL THEN 3079 ELSE d.refclassid END AS refclassid,"
		" CASE WHEN e.objid IS NOT NULL THEN e.refobjid"
		"   ELSE COALESCE(et.oid, d.refobjid) END AS refobjid"
		" FROM pg_depend d"
		" LEFT JOIN pg_rewrite r ON d.classid = 2618 AND r.oid = d.objid"
		" LEFT JOIN pg_attrdef ad ON d.classid = 2604 AND ad.oid = d.objid"
		" LEFT JOIN pg_type et ON d.refclassid = 1247 AND et.typarray = d.refobjid"
		" LEFT JOIN pg_depend e ON e.classid = d.refclassid AND e.objid = d.refobjid"
		"   AND e.deptype = 'e'"
		/* normal and auto dependencies between user objects; built-in
		 * objects (oid < 16384) are never created by a migration */
		" WHERE d.deptype IN ('n', 'a') AND d.objid >= 16384 AND d.refobjid >= 16384";
	PGresult *res = intro_query(ctx, sql);
	if (!res)
		return PGSTAGE_EDB;
	int f_class = intro_fnum(res, "classid"), f_oid = intro_fnum(res, "objid"),
	    f_refclass = intro_fnum(res, "refclassid"), f_refoid = intro_fnum(res, "refobjid");
	for (int i = 0, n = PQntuples(res); i < n; i++) {
		Ref *from = intro_ref_get(ctx, atoi(PQgetvalue(res, i, f_class)),
					  PQgetvalue(res, i, f_oid), 0);
		Ref *to = intro_ref_get(ctx, atoi(PQgetvalue(res, i, f_refclass)),
					PQgetvalue(res, i, f_refoid), 0);
		if (!from || !to || from->obj == to->obj)
			continue;
		object_add_dep(ctx->cat, from->obj, to->obj->key);
	}
	PQclear(res);
	return 0;
}
