/*
 * q_columns.c - columns of the tables and composite types registered by
 * q_relations, in attnum order, with defaults, collations, identity and
 * generated expressions.  One query for all relations.
 *
 * Memory ownership: values are copied into the catalog arena; each row's
 * PGresult is cleared by the next (single-row mode).
 */
#include "introspect/introspect_int.h"

#include <stdlib.h>

static void read_identity(IntroCtx *ctx, Column *c, const PGresult *res, int i, const int *f)
{
	SeqOptions *o = c->identity_seq = ARENA_NEW(ctx->cat->arena, SeqOptions);
	o->type = intro_str(ctx, res, i, f[0]);
	o->start = intro_int(res, i, f[1]);
	o->increment = intro_int(res, i, f[2]);
	o->min = intro_int(res, i, f[3]);
	o->max = intro_int(res, i, f[4]);
	o->cache = intro_int(res, i, f[5]);
	o->cycle = intro_bool(res, i, f[6]);
}

/* Result column numbers, looked up once (on the first row). */
typedef struct ColumnFields {
	bool known;
	int rel, num, name, kind, part, type, notnull, ident, gen, local, def, collnsp, collname;
	int seq[7];
} ColumnFields;

static void column_fields(ColumnFields *f, const PGresult *res)
{
	*f = (ColumnFields){
		.known = true,
		.rel = intro_fnum(res, "attrelid"), .num = intro_fnum(res, "attnum"),
		.name = intro_fnum(res, "attname"), .kind = intro_fnum(res, "relkind"),
		.part = intro_fnum(res, "relispartition"), .type = intro_fnum(res, "type"),
		.notnull = intro_fnum(res, "attnotnull"), .ident = intro_fnum(res, "attidentity"),
		.gen = intro_fnum(res, "attgenerated"), .local = intro_fnum(res, "attislocal"),
		.def = intro_fnum(res, "def"), .collnsp = intro_fnum(res, "collnsp"),
		.collname = intro_fnum(res, "collname"),
		.seq = {intro_fnum(res, "seqtype"), intro_fnum(res, "seqstart"),
			intro_fnum(res, "seqincrement"), intro_fnum(res, "seqmin"),
			intro_fnum(res, "seqmax"), intro_fnum(res, "seqcache"),
			intro_fnum(res, "seqcycle")},
	};
}

/* Row 0 of `res`: one column of a registered relation. */
static void column_row(IntroCtx *ctx, const PGresult *res, const ColumnFields *f)
{
	const int i = 0;
	const char *relid = PQgetvalue(res, i, f->rel);
	Ref *r = intro_ref_get(ctx, CLS_PG_CLASS, relid, 0);
	if (!r) /* an extension's relation */
		return;
	int attnum = atoi(PQgetvalue(res, i, f->num));
	/* inherited-only columns belong to the parent's definition, as in
	 * pg_dump: an inheritance child declares only its own columns.  A
	 * partition has exactly its parent's columns, however it was made
	 * (PARTITION OF, or CREATE TABLE + ATTACH PARTITION, which leaves
	 * them local): it lists none, as src/parse models it.  Such columns
	 * are still registered by name, for q_constraints' key columns. */
	if (!intro_bool(res, i, f->local) || intro_bool(res, i, f->part)) {
		Column *skipped = ARENA_NEW(ctx->scratch, Column);
		skipped->name = intro_str(ctx, res, i, f->name);
		intro_ref_put(ctx, CLS_PG_CLASS, relid, attnum, r->obj, skipped, NULL);
		return;
	}
	Column *c = ARENA_NEW(ctx->cat->arena, Column);
	c->name = catalog_intern(ctx->cat, PQgetvalue(res, i, f->name));
	c->type = catalog_intern(ctx->cat, PQgetvalue(res, i, f->type));
	if (!PQgetisnull(res, i, f->collname))
		c->collation = intro_qualname(ctx, PQgetvalue(res, i, f->collnsp),
					      PQgetvalue(res, i, f->collname));
	if (intro_char(res, i, f->kind) == 'c') {
		vec_push(ctx->cat->arena, &((CompositeType *) r->obj)->attributes, c);
	} else {
		c->not_null = intro_bool(res, i, f->notnull);
		c->identity = intro_char(res, i, f->ident);
		if (c->identity)
			read_identity(ctx, c, res, i, f->seq);
		if (intro_char(res, i, f->gen) == 's')
			c->generated = intro_column_expr_field(ctx, res, i, f->def);
		else
			c->default_expr = intro_column_expr_field(ctx, res, i, f->def);
		vec_push(ctx->cat->arena, &((Table *) r->obj)->columns, c);
	}
	intro_ref_put(ctx, CLS_PG_CLASS, relid, attnum, r->obj, c, NULL);
}

int q_columns(IntroCtx *ctx)
{
	StrBuf sql = STRBUF_INIT;
	strbuf_puts(&sql,
		    /* the identity sequences and the defaults are joined as sets
		     * (hash joins), not probed once per column: MATERIALIZED keeps
		     * the planner from turning them back into an index probe per
		     * column row */
		    "WITH s AS MATERIALIZED (SELECT d.refobjid, d.refobjsubid, q.* FROM pg_depend d"
		    "   JOIN pg_sequence q ON q.seqrelid = d.objid WHERE d.classid = 1259"
		    "   AND d.refclassid = 1259 AND d.deptype = 'i'),"
		    " df AS MATERIALIZED (SELECT adrelid, adnum, adbin FROM pg_attrdef)"
		    " SELECT a.attrelid, a.attnum, a.attname, c.relkind, c.relispartition,"
		    " format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull,"
		    " a.attidentity, a.attgenerated, a.attislocal,"
		    /* a default cannot refer to columns, so it deparses without its
		     * table (relid 0): before 16 a relid makes pg_get_expr open and
		     * lock the table, 0.3 ms a call; generated expressions need it */
		    " CASE WHEN a.attgenerated = '' THEN pg_get_expr(ad.adbin, 0)"
		    "   ELSE pg_get_expr(ad.adbin, ad.adrelid) END AS def,"
		    /* a collation is stated only when it is not the type's default */
		    " CASE WHEN a.attcollation <> t.typcollation THEN cn.nspname END AS collnsp,"
		    " CASE WHEN a.attcollation <> t.typcollation THEN co.collname END AS collname,"
		    " format_type(s.seqtypid, NULL) AS seqtype, s.seqstart, s.seqincrement,"
		    " s.seqmin, s.seqmax, s.seqcache, s.seqcycle"
		    " FROM pg_attribute a"
		    " JOIN pg_class c ON c.oid = a.attrelid"
		    " JOIN pg_namespace n ON n.oid = c.relnamespace"
		    " JOIN pg_type t ON t.oid = a.atttypid"
		    " LEFT JOIN df ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum"
		    " LEFT JOIN pg_collation co ON co.oid = a.attcollation"
		    " LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace"
		    /* identity sequences: internal dependency on their column */
		    " LEFT JOIN s ON s.refobjid = a.attrelid AND s.refobjsubid = a.attnum"
		    " WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'c') AND ");
	intro_nsp_cond(ctx, &sql, "n.nspname");
	strbuf_puts(&sql, " ORDER BY a.attrelid, a.attnum");
	/* the largest result of a run: read a row at a time */
	IntroRows rows;
	int rc = intro_rows_open(ctx, &rows, sql.buf);
	strbuf_release(&sql);
	if (rc)
		return rc;
	ColumnFields f = {.known = false};
	for (const PGresult *res; (res = intro_rows_next(&rows)) != NULL;) {
		if (!f.known)
			column_fields(&f, res);
		column_row(ctx, res, &f);
	}
	return intro_rows_close(&rows);
}
