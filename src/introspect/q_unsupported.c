/*
 * q_unsupported.c - everything in a user schema that the model cannot
 * represent, as "kind schema.name" lines in Catalog.unsupported, from one
 * UNION ALL query, so the CLI can refuse instead of silently ignoring it.
 * Extension members and implicit objects (array types, multirange types
 * and casts, view rules: anything with an internal dependency) are not listed.
 *
 * Memory ownership: the lines are copied into the catalog arena; the
 * PGresult is cleared before returning.
 */
#include "introspect/introspect_int.h"

/* One branch per catalog: the kind label, the catalog, its schema column,
 * its name expression, its class oid (for the extension-member test) and an
 * extra condition. */
typedef struct Branch {
	const char *kind, *from, *nsp, *name;
	int classid;
	const char *where;
} Branch;

static const Branch branches[] = {
	{"rule", "pg_rewrite o JOIN pg_class c ON c.oid = o.ev_class", "c.relnamespace",
	 "o.rulename || ' on ' || c.relname", 2618, "o.rulename <> '_RETURN'"},
	{"foreign table", "pg_class o", "o.relnamespace", "o.relname", 1259, "o.relkind = 'f'"},
	{"aggregate", "pg_proc o", "o.pronamespace",
	 "o.proname || '(' || oidvectortypes(o.proargtypes) || ')'", 1255, "o.prokind = 'a'"},
	{"window function", "pg_proc o", "o.pronamespace",
	 "o.proname || '(' || oidvectortypes(o.proargtypes) || ')'", 1255, "o.prokind = 'w'"},
	{"operator", "pg_operator o", "o.oprnamespace",
	 "o.oprname || '(' || format_type(o.oprleft, NULL) || ', ' || format_type(o.oprright, NULL)"
	 " || ')'",
	 2617, "true"},
	{"operator class", "pg_opclass o", "o.opcnamespace", "o.opcname", 2616, "true"},
	{"operator family", "pg_opfamily o", "o.opfnamespace", "o.opfname", 2753, "true"},
	/* libc and ICU collations are modelled (q_collations.c) */
	{"collation", "pg_collation o", "o.collnamespace", "o.collname", 3456,
	 "o.collprovider NOT IN ('c', 'i')"},
	{"conversion", "pg_conversion o", "o.connamespace", "o.conname", 2607, "true"},
	{"text search configuration", "pg_ts_config o", "o.cfgnamespace", "o.cfgname", 3602, "true"},
	{"text search dictionary", "pg_ts_dict o", "o.dictnamespace", "o.dictname", 3600, "true"},
	{"text search parser", "pg_ts_parser o", "o.prsnamespace", "o.prsname", 3601, "true"},
	{"text search template", "pg_ts_template o", "o.tmplnamespace", "o.tmplname", 3764, "true"},
	{"statistics", "pg_statistic_ext o", "o.stxnamespace", "o.stxname", 3381, "true"},
	/* tables the model cannot describe fully */
	{"multiple inheritance", "pg_class o", "o.relnamespace", "o.relname", 1259,
	 "o.relkind IN ('r', 'p') AND o.oid IN (SELECT inhrelid FROM pg_inherits"
	 " GROUP BY inhrelid HAVING count(*) > 1)"},
	{"typed table", "pg_class o", "o.relnamespace", "o.relname", 1259,
	 "o.relkind IN ('r', 'p') AND o.reloftype <> 0"},
	{"range type", "pg_type o", "o.typnamespace", "o.typname", 1247, "o.typtype = 'r'"},
	/* base and shell types, but not the array types every type gets */
	{"base type", "pg_type o", "o.typnamespace", "o.typname", 1247,
	 "o.typtype IN ('b', 'p') AND NOT EXISTS (SELECT 1 FROM pg_type e WHERE e.typarray = o.oid)"},
};

/* From PostgreSQL 16: what the model has no field for. */
static const Branch branches_16[] = {
	{"collation", "pg_collation o", "o.collnamespace", "o.collname", 3456,
	 "o.collprovider = 'i' AND o.collicurules IS NOT NULL"},
};

/* Database-wide objects: listed only when no schema_include narrows the run. */
static const Branch global_branches[] = {
	{"event trigger", "pg_event_trigger o", NULL, "o.evtname", 3466, "true"},
	{"publication", "pg_publication o", NULL, "o.pubname", 6104, "true"},
	{"cast", "pg_cast o", NULL,
	 "'(' || format_type(o.castsource, NULL) || ' AS ' || format_type(o.casttarget, NULL) || ')'",
	 2605, "true"},
	{"language", "pg_language o", NULL, "o.lanname", 2612, "true"},
	{"foreign-data wrapper", "pg_foreign_data_wrapper o", NULL, "o.fdwname", 2328, "true"},
	{"server", "pg_foreign_server o", NULL, "o.srvname", 1417, "true"},
	{"access method", "pg_am o", NULL, "o.amname", 2601, "true"},
	{"transform", "pg_transform o", NULL,
	 "'FOR ' || format_type(o.trftype, NULL) || ' LANGUAGE ' || o.trflang::regclass::text", 3576,
	 "true"},
};

/* A branch yields (cls, oid, line); the extension-member and implicit-object
 * tests are made once, on the union of all branches (see q_unsupported). */
static void add_branch(IntroCtx *ctx, StrBuf *sql, const Branch *b, bool first)
{
	if (!first)
		strbuf_puts(sql, " UNION ALL ");
	if (b->nsp)
		strbuf_printf(sql, "SELECT %d::oid AS cls, o.oid, '%s ' || n.nspname || '.' || %s AS line"
				   " FROM %s JOIN pg_namespace n ON n.oid = %s WHERE %s AND ",
			      b->classid, b->kind, b->name, b->from, b->nsp, b->where);
	else
		strbuf_printf(sql, "SELECT %d::oid AS cls, o.oid, '%s ' || %s AS line FROM %s"
				   " WHERE o.oid >= 16384 AND %s",
			      b->classid, b->kind, b->name, b->from, b->where);
	if (b->nsp)
		intro_nsp_cond(ctx, sql, "n.nspname");
}

int q_unsupported(IntroCtx *ctx)
{
	StrBuf sql = STRBUF_INIT;
	strbuf_puts(&sql, "SELECT u.line FROM (");
	bool first = true;
	for (size_t i = 0; i < sizeof branches / sizeof branches[0]; i++, first = false)
		add_branch(ctx, &sql, &branches[i], first);
	if (ctx->server_version >= 160000)
		for (size_t i = 0; i < sizeof branches_16 / sizeof branches_16[0]; i++)
			add_branch(ctx, &sql, &branches_16[i], false);
	if (!ctx->opts || !ctx->opts->schema_include || !ctx->opts->schema_include[0])
		for (size_t i = 0; i < sizeof global_branches / sizeof global_branches[0]; i++)
			add_branch(ctx, &sql, &global_branches[i], false);
	/* extension members (deptype 'e') and implicit objects, such as a
	 * range's multirange cast, that depend internally ('i') on another:
	 * one anti-join for every branch rather than two probes in each */
	strbuf_puts(&sql, ") u WHERE NOT EXISTS (SELECT 1 FROM pg_depend y WHERE y.classid = u.cls"
			  " AND y.objid = u.oid AND y.deptype IN ('e', 'i')) ORDER BY 1");
	PGresult *res = intro_query(ctx, sql.buf);
	strbuf_release(&sql);
	if (!res)
		return PGSTAGE_EDB;
	int f_line = intro_fnum(res, "line");
	for (int i = 0, n = PQntuples(res); i < n; i++)
		vec_push(ctx->cat->arena, &ctx->cat->unsupported, (void *) intro_str(ctx, res, i, f_line));
	PQclear(res);
	return 0;
}
