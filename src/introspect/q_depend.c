/*
 * q_depend.c - dependencies between modelled objects from pg_depend.
 * PostgreSQL records dependencies of implementation objects that the model
 * does not have; they are mapped onto the ones it has: a view's rewrite
 * rule -> the view, a column default -> its table (the depending side); a
 * member of an extension -> the extension, an array type -> its element
 * type (the depended-on side).  Constraints and columns resolve to their
 * owner through the registry.
 *
 * Two queries, neither with a join: the aliases of those implementation
 * objects, then the dependencies.  The mapping is made here rather than by
 * joins in SQL because the planner's choice for four joins against the
 * whole of pg_depend (123 000 rows at 5000 tables) swung between 0.15 s
 * and 0.65 s with the catalog's statistics; a scan is a scan.
 *
 * Memory ownership: the alias maps are local, freed before returning
 * (their Refs are borrowed from the registry, or the static unmapped
 * sentinel); keys are copied into the catalog arena by object_add_dep();
 * PGresults are cleared before returning.
 */
#include "introspect/introspect_int.h"

#include <stdlib.h>

/* Which side of a pg_depend row an alias applies to. */
enum { ALIAS_DEPENDER = 0, ALIAS_EXT_MEMBER = 1, ALIAS_ARRAY = 2 };

/* An alias whose target is not modelled: the dependency is dropped, as the
 * old joins dropped it (an extension member never resolves to itself). */
static Ref unmapped;

typedef struct Aliases {
	RefMap depender;   /* rule, attrdef -> the Ref of their relation */
	RefMap ext_member; /* (classid, objid) of a member -> its extension */
	RefMap array;      /* array type -> its element type */
} Aliases;

static int load_aliases(IntroCtx *ctx, Aliases *al)
{
	/* user oids only: pg_depend rows below 16384 are never read */
	PGresult *res = intro_query(
		ctx, "SELECT 0 AS side, 2618 AS classid, r.oid AS objid, 1259 AS toclass,"
		     " r.ev_class AS tooid FROM pg_rewrite r WHERE r.oid >= 16384"
		     " UNION ALL SELECT 0, 2604, ad.oid, 1259, ad.adrelid FROM pg_attrdef ad"
		     " WHERE ad.oid >= 16384"
		     " UNION ALL SELECT 1, e.classid, e.objid, 3079, e.refobjid FROM pg_depend e"
		     " WHERE e.deptype = 'e' AND e.objid >= 16384"
		     " UNION ALL SELECT 2, 1247, t.typarray, 1247, t.oid FROM pg_type t"
		     " WHERE t.typarray >= 16384");
	if (!res)
		return PGSTAGE_EDB;
	int f_side = intro_fnum(res, "side"), f_class = intro_fnum(res, "classid"),
	    f_oid = intro_fnum(res, "objid"), f_toclass = intro_fnum(res, "toclass"),
	    f_tooid = intro_fnum(res, "tooid");
	for (int i = 0, n = PQntuples(res); i < n; i++) {
		Ref *to = intro_ref_get(ctx, atoi(PQgetvalue(res, i, f_toclass)),
					PQgetvalue(res, i, f_tooid), 0);
		int side = atoi(PQgetvalue(res, i, f_side));
		RefMap *map = side == ALIAS_DEPENDER	? &al->depender
			      : side == ALIAS_EXT_MEMBER ? &al->ext_member
							  : &al->array;
		ref_map_put(map, (unsigned) atoi(PQgetvalue(res, i, f_class)),
			    intro_oid(PQgetvalue(res, i, f_oid)), 0, to ? to : &unmapped);
	}
	PQclear(res);
	return 0;
}

static Ref *resolve(IntroCtx *ctx, const RefMap *first, const RefMap *second, unsigned classid,
		    const char *oid_text)
{
	uint32_t oid = intro_oid(oid_text);
	Ref *r = ref_map_get(first, classid, oid, 0);
	if (!r && second)
		r = ref_map_get(second, classid, oid, 0);
	if (!r)
		r = ref_map_get(&ctx->refs, classid, oid, 0);
	return r == &unmapped ? NULL : r;
}

int q_depend(IntroCtx *ctx)
{
	Aliases al = {REF_MAP_INIT, REF_MAP_INIT, REF_MAP_INIT};
	PGresult *res = NULL;
	int rc = load_aliases(ctx, &al);
	/* normal and auto dependencies between user objects; built-in objects
	 * (oid < 16384) are never created by a migration */
	if (!rc && !(res = intro_query(ctx, "SELECT d.classid, d.objid, d.refclassid, d.refobjid"
					    " FROM pg_depend d WHERE d.deptype IN ('n', 'a')"
					    " AND d.objid >= 16384 AND d.refobjid >= 16384")))
		rc = PGSTAGE_EDB;
	if (!rc) {
		int f_class = intro_fnum(res, "classid"), f_oid = intro_fnum(res, "objid"),
		    f_refclass = intro_fnum(res, "refclassid"), f_refoid = intro_fnum(res, "refobjid");
		for (int i = 0, n = PQntuples(res); i < n; i++) {
			Ref *from = resolve(ctx, &al.depender, NULL,
					    (unsigned) atoi(PQgetvalue(res, i, f_class)),
					    PQgetvalue(res, i, f_oid));
			Ref *to = resolve(ctx, &al.ext_member, &al.array,
					  (unsigned) atoi(PQgetvalue(res, i, f_refclass)),
					  PQgetvalue(res, i, f_refoid));
			if (!from || !to || from->obj == to->obj)
				continue;
			object_add_dep(ctx->cat, from->obj, to->obj->key);
		}
	}
	PQclear(res);
	ref_map_release(&al.depender);
	ref_map_release(&al.ext_member);
	ref_map_release(&al.array);
	return rc;
}
