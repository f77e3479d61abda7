/*
 * q_columns.c - columns of the tables and composite types registered by
 * q_relations, with collations, then their defaults and generated
 * expressions, then the sequence options of identity columns: three
 * queries for all relations, the last two attached through the registry.
 *
 * Memory ownership: values are copied into the catalog arena; the columns'
 * PGresult rows are cleared by the next (single-row mode), the others
 * before returning; the arrival-order array is malloc'd and freed here.
 */
#include "introspect/introspect_int.h"

#include <stdint.h>
#include <stdlib.h>

/* A column as it arrived: rows come in the plan's order, not attnum order
 * (an ORDER BY sorted 100 000 wide rows on the server), so each owner's
 * list is put in attnum order once every row is in. */
typedef struct ColumnPos {
	PtrVec *list; /* the owner's columns or attributes */
	Column *col;
	int attnum;
} ColumnPos;

typedef struct ColumnPositions {
	ColumnPos *items;
	size_t len, cap;
} ColumnPositions;

static void remember_position(ColumnPositions *p, PtrVec *list, Column *col, int attnum)
{
	if (p->len == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 1024;
		p->items = xrealloc(p->items, p->cap * sizeof *p->items);
	}
	p->items[p->len++] = (ColumnPos){list, col, attnum};
}

static int cmp_position(const void *a, const void *b)
{
	const ColumnPos *x = a, *y = b;
	/* any order of the owners will do, as long as each is one run */
	uintptr_t xl = (uintptr_t) x->list, yl = (uintptr_t) y->list;
	if (xl != yl)
		return xl < yl ? -1 : 1;
	return (x->attnum > y->attnum) - (x->attnum < y->attnum);
}

/* Every column of an owner went through remember_position(), so its
 * group, once sorted, is exactly its list in attnum order. */
static void order_by_attnum(ColumnPositions *p)
{
	if (!p->len) /* no items: qsort must not be given NULL */
		return;
	qsort(p->items, p->len, sizeof *p->items, cmp_position);
	for (size_t i = 0; i < p->len;) {
		PtrVec *list = p->items[i].list;
		for (size_t k = 0; k < list->len; k++)
			list->items[k] = p->items[i + k].col;
		i += list->len;
	}
}

/* Result column numbers, looked up once (on the first row). */
typedef struct ColumnFields {
	bool known;
	int rel, num, name, kind, part, type, notnull, ident, gen, local, collnsp, collname;
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
		.collnsp = intro_fnum(res, "collnsp"), .collname = intro_fnum(res, "collname"),
	};
}

/* Row 0 of `res`: one column of a registered relation. */
static void column_row(IntroCtx *ctx, const PGresult *res, const ColumnFields *f,
		       ColumnPositions *positions)
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
	PtrVec *list;
	if (intro_char(res, i, f->kind) == 'c') {
		list = &((CompositeType *) r->obj)->attributes;
	} else {
		c->not_null = intro_bool(res, i, f->notnull);
		c->identity = intro_char(res, i, f->ident);
		list = &((Table *) r->obj)->columns;
	}
	vec_push(ctx->cat->arena, list, c);
	remember_position(positions, list, c, attnum);
	Ref *cr = intro_ref_put(ctx, CLS_PG_CLASS, relid, attnum, r->obj, c, NULL);
	cr->own_column = true;
	cr->generated = intro_char(res, i, f->gen) == 's';
}

/* The registered column of a row's (table oid, attnum) fields, when it is
 * one its relation lists (not an inherited or a partition's column, not
 * an extension's relation's). */
static Ref *own_column(IntroCtx *ctx, const PGresult *res, int row, int f_rel, int f_num)
{
	Ref *r = intro_ref_get(ctx, CLS_PG_CLASS, PQgetvalue(res, row, f_rel),
			       atoi(PQgetvalue(res, row, f_num)));
	return r && r->own_column ? r : NULL;
}

/* Defaults and generation expressions, attached to the columns registered
 * above.  A default cannot refer to columns, so it deparses without its
 * table (relid 0): before 16 a relid makes pg_get_expr open and lock the
 * table, 0.3 ms a call.  A generation expression that refers to columns
 * needs its table; its stored tree then holds a Var node, "{VAR ", which
 * no other node's text contains (constants print as bytes). */
static int read_defaults(IntroCtx *ctx)
{
	PGresult *res = intro_query(
		ctx, "SELECT ad.adrelid, ad.adnum, pg_get_expr(ad.adbin,"
		     " CASE WHEN ad.adbin::text LIKE '%{VAR %' THEN ad.adrelid ELSE 0 END) AS def"
		     " FROM pg_attrdef ad WHERE ad.adnum > 0");
	if (!res)
		return PGSTAGE_EDB;
	int f_rel = intro_fnum(res, "adrelid"), f_num = intro_fnum(res, "adnum"),
	    f_def = intro_fnum(res, "def");
	for (int i = 0, n = PQntuples(res); i < n; i++) {
		Ref *r = own_column(ctx, res, i, f_rel, f_num);
		if (!r || r->obj->kind != OBJ_TABLE)
			continue;
		Expr *e = intro_column_expr_field(ctx, res, i, f_def);
		if (r->generated)
			r->col->generated = e;
		else
			r->col->default_expr = e;
	}
	PQclear(res);
	return 0;
}

/* The sequence options of identity columns: their sequence depends on the
 * column internally (deptype 'i'). */
static int read_identities(IntroCtx *ctx)
{
	PGresult *res = intro_query(
		ctx, "SELECT d.refobjid, d.refobjsubid, format_type(q.seqtypid, NULL) AS seqtype,"
		     " q.seqstart, q.seqincrement, q.seqmin, q.seqmax, q.seqcache, q.seqcycle"
		     " FROM pg_depend d JOIN pg_sequence q ON q.seqrelid = d.objid"
		     " WHERE d.classid = 1259 AND d.refclassid = 1259 AND d.deptype = 'i'"
		     " AND d.refobjsubid > 0");
	if (!res)
		return PGSTAGE_EDB;
	int f_rel = intro_fnum(res, "refobjid"), f_num = intro_fnum(res, "refobjsubid");
	SeqFields f_seq = intro_seq_fields(res);
	for (int i = 0, n = PQntuples(res); i < n; i++) {
		Ref *r = own_column(ctx, res, i, f_rel, f_num);
		if (!r || !r->col->identity)
			continue;
		r->col->identity_seq = ARENA_NEW(ctx->cat->arena, SeqOptions);
		intro_seq_options(ctx, r->col->identity_seq, res, i, &f_seq);
	}
	PQclear(res);
	return 0;
}

/* The columns themselves, the largest result of a run: read a row at a
 * time.  No join beyond what filters the rows and names the type: each
 * join against 100 000 column rows cost more than its own query does. */
static int read_columns(IntroCtx *ctx)
{
	StrBuf sql = STRBUF_INIT;
	strbuf_puts(&sql,
		    "SELECT a.attrelid, a.attnum, a.attname, c.relkind, c.relispartition,"
		    " format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull,"
		    " a.attidentity, a.attgenerated, a.attislocal,"
		    /* a collation is stated only when it is not the type's default */
		    " CASE WHEN a.attcollation <> t.typcollation THEN (SELECT cn.nspname"
		    "   FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace"
		    "   WHERE co.oid = a.attcollation) END AS collnsp,"
		    " CASE WHEN a.attcollation <> t.typcollation THEN (SELECT co.collname"
		    "   FROM pg_collation co WHERE co.oid = a.attcollation) END AS collname"
		    " FROM pg_attribute a"
		    " JOIN pg_class c ON c.oid = a.attrelid"
		    " JOIN pg_namespace n ON n.oid = c.relnamespace"
		    " JOIN pg_type t ON t.oid = a.atttypid"
		    " WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'c') AND ");
	intro_nsp_cond(ctx, &sql, "n.nspname");
	IntroRows rows;
	int rc = intro_rows_open(ctx, &rows, sql.buf);
	strbuf_release(&sql);
	if (rc)
		return rc;
	ColumnFields f = {.known = false};
	ColumnPositions positions = {0};
	for (const PGresult *res; (res = intro_rows_next(&rows)) != NULL;) {
		if (!f.known)
			column_fields(&f, res);
		column_row(ctx, res, &f, &positions);
	}
	rc = intro_rows_close(&rows);
	if (!rc)
		order_by_attnum(&positions);
	free(positions.items);
	return rc;
}

int q_columns(IntroCtx *ctx)
{
	int rc;
	if ((rc = read_columns(ctx)) || (rc = read_defaults(ctx)))
		return rc;
	return read_identities(ctx);
}
