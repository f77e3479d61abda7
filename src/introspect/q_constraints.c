/*
 * q_constraints.c - PRIMARY KEY, UNIQUE, CHECK, FOREIGN KEY and EXCLUDE
 * constraints of tables, and CHECK constraints of domains: one query over
 * pg_constraint.  Constraints a partition or child inherits are skipped
 * (they belong to the parent's definition).
 *
 * Memory ownership: values are copied into the catalog arena; the PGresult
 * is cleared before returning.
 */
#include "introspect/introspect_int.h"

#include <stdlib.h>
#include <string.h>

/* Drops any of `tails` from the end of def[0..*n), repeatedly. */
static void strip_tails(const char *def, size_t *n, const char *const *tails, size_t ntails)
{
	for (bool again = true; again;) {
		again = false;
		for (size_t k = 0; k < ntails; k++) {
			size_t t = strlen(tails[k]);
			if (*n >= t && strncmp(def + *n - t, tails[k], t) == 0) {
				*n -= t;
				again = true;
			}
		}
	}
}

/* "CHECK ((a > 0)) NO INHERIT NOT VALID" -> "(a > 0)", the text
 * pg_get_expr(conbin) prints; the flags are kept apart. */
static const char *check_body(IntroCtx *ctx, const char *def)
{
	static const char *const tails[] = {" NOT VALID", " NO INHERIT"};
	if (strncmp(def, "CHECK (", 7) != 0)
		return def;
	def += 7;
	size_t n = strlen(def);
	strip_tails(def, &n, tails, sizeof tails / sizeof tails[0]);
	if (n && def[n - 1] == ')')
		n--;
	return arena_strndup(ctx->scratch, def, n);
}

/* "EXCLUDE USING gist (c WITH &&) WHERE (...) DEFERRABLE" -> the text after
 * EXCLUDE, without the deferrability the model keeps apart. */
static const char *exclude_body(IntroCtx *ctx, const char *def)
{
	static const char *const tails[] = {" INITIALLY DEFERRED", " INITIALLY IMMEDIATE",
					    " NOT DEFERRABLE", " DEFERRABLE"};
	if (strncmp(def, "EXCLUDE ", 8) == 0)
		def += 8;
	size_t n = strlen(def);
	strip_tails(def, &n, tails, sizeof tails / sizeof tails[0]);
	return arena_strndup(ctx->scratch, def, n);
}

/* The canonical text of an exclusion is its own text with the predicate
 * canonicalized: "USING gist (...) WHERE (<expr_canonical(pred)>)", as
 * src/parse builds it (pg_get_constraintdef prints "WHERE ((pred))"). */
static Expr *exclude_expr(IntroCtx *ctx, const char *body)
{
	Expr *e = intro_expr(ctx, body);
	const char *w = strstr(body, " WHERE (");
	size_t n = strlen(body);
	if (!w || body[n - 1] != ')')
		return e;
	size_t head = (size_t) (w - body) + 8;
	const char *pred = arena_strndup(ctx->scratch, body + head, n - head - 1);
	e->canon = arena_printf(ctx->cat->arena, "%.*s%s)", (int) head, body,
				expr_canon(intro_expr(ctx, pred)));
	return e;
}

/* Appends the names of columns `attnums` ("1 2 3", as int2vector and
 * array_to_string print) of relation `relid`, skipping the first `skip`. */
/* Appends the names of the columns `attnums` (space-separated, the first
 * `skip` left out) of relation `relid`, as the registry has them (q_columns
 * registered every column of every kept table).  Returns 0, or the first
 * attnum the registry lacks. */
static long name_columns(IntroCtx *ctx, PtrVec *out, const char *relid, const char *attnums,
			 long skip)
{
	char *end;
	for (const char *p = attnums; *p; p = end) {
		long n = strtol(p, &end, 10);
		if (end == p)
			break;
		if (skip-- > 0)
			continue;
		Ref *r = intro_ref_get(ctx, CLS_PG_CLASS, relid, (int) n);
		if (!r || !r->col)
			return n;
		vec_push(ctx->cat->arena, out, (void *) r->col->name);
	}
	return 0;
}

/* The same for a kept table's own columns, which must all be there. */
static int push_columns(IntroCtx *ctx, PtrVec *out, const char *relid, const char *attnums,
			long skip)
{
	long missing = name_columns(ctx, out, relid, attnums, skip);
	if (missing)
		return pgs_error_set(ctx->err, PGSTAGE_EDB,
				     "column %ld of relation %s is not in the catalog snapshot",
				     missing, relid);
	return 0;
}

typedef struct UnnamedKey {
	Constraint *con;
	const char *oid;
} UnnamedKey;

/* Foreign keys to tables outside the kept ones (another schema than the
 * filter keeps, an extension's table): their referenced columns named by
 * the server, in one more statement, only when there are any. */
static int ref_column_names(IntroCtx *ctx, const PtrVec *unnamed)
{
	StrBuf sql = STRBUF_INIT;
	strbuf_puts(&sql, "SELECT co.oid, ARRAY(SELECT a.attname FROM unnest(co.confkey)"
			  " WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = co.confrelid"
			  " AND a.attnum = k.n ORDER BY k.o) AS ref_cols"
			  " FROM pg_constraint co WHERE co.oid IN (");
	VEC_EACH(const UnnamedKey *, u, unnamed) {
		if (u_i)
			strbuf_putc(&sql, ',');
		strbuf_literal(&sql, u->oid); /* an oid the server printed; quoted all the same */
	}
	strbuf_puts(&sql, ")");
	PGresult *res = intro_query(ctx, sql.buf);
	strbuf_release(&sql);
	if (!res)
		return PGSTAGE_EDB;
	HashMap by_oid = HASHMAP_INIT;
	VEC_EACH(UnnamedKey *, u, unnamed)
		hashmap_put(&by_oid, u->oid, u);
	int f_oid = intro_fnum(res, "oid"), f_cols = intro_fnum(res, "ref_cols");
	for (int i = 0, n = PQntuples(res); i < n; i++) {
		UnnamedKey *u = hashmap_get(&by_oid, PQgetvalue(res, i, f_oid));
		if (u)
			intro_text_array(ctx, &u->con->ref_columns, res, i, f_cols);
	}
	hashmap_release(&by_oid);
	PQclear(res);
	return 0;
}

int q_constraints(IntroCtx *ctx)
{
	StrBuf sql = STRBUF_INIT;
	strbuf_printf(&sql,
		      "SELECT co.oid, co.conname, co.contype, co.conrelid, co.contypid, co.conindid,"
		      " co.condeferrable, co.condeferred, co.convalidated, co.connoinherit,"
		      /* key and INCLUDE columns as attnums, named through the registry
		       * (q_columns registered every column of every kept table):
		       * per-row subqueries over pg_attribute cost seconds at 20k rows */
		      " array_to_string(co.conkey, ' ') AS conkey,"
		      " i.indnkeyatts, i.indkey::text AS indkey,"
		      " COALESCE(%s, false) AS nulls_not_distinct,"
		      " rn.nspname AS ref_nsp, rc.relname AS ref_name,"
		      /* referenced columns as attnums too, named through the
		       * registry; a subquery naming them cost 0.35-0.65 s for 6000
		       * foreign keys (see ref_column_names for the others) */
		      " co.confrelid, array_to_string(co.confkey, ' ') AS confkey,"
		      " co.confupdtype, co.confdeltype, co.confmatchtype,"
		      /* not pg_get_expr(conbin, conrelid): before 16 it opens (locks,
		       * builds the relcache entry of) every table, 0.3 ms a call */
		      " CASE WHEN co.contype IN ('c', 'x') THEN pg_get_constraintdef(co.oid) END AS def"
		      " FROM pg_constraint co JOIN pg_namespace n ON n.oid = co.connamespace"
		      " LEFT JOIN pg_index i ON i.indexrelid = co.conindid AND co.contype IN ('p', 'u')"
		      " LEFT JOIN pg_class rc ON rc.oid = co.confrelid"
		      " LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace"
		      " WHERE co.contype IN ('p', 'u', 'c', 'f', 'x')"
		      " AND co.conislocal AND co.conparentid = 0 AND ",
		      /* NULLS NOT DISTINCT exists from PostgreSQL 15 */
		      ctx->server_version >= 150000 ? "i.indnullsnotdistinct" : "false");
	intro_nsp_cond(ctx, &sql, "n.nspname");
	PGresult *res = intro_query(ctx, sql.buf);
	strbuf_release(&sql);
	if (!res)
		return PGSTAGE_EDB;
	int f_oid = intro_fnum(res, "oid"), f_name = intro_fnum(res, "conname"),
	    f_type = intro_fnum(res, "contype"), f_rel = intro_fnum(res, "conrelid"),
	    f_typ = intro_fnum(res, "contypid"), f_ind = intro_fnum(res, "conindid"),
	    f_defer = intro_fnum(res, "condeferrable"), f_deferred = intro_fnum(res, "condeferred"),
	    f_valid = intro_fnum(res, "convalidated"), f_noinh = intro_fnum(res, "connoinherit"),
	    f_conkey = intro_fnum(res, "conkey"), f_nkey = intro_fnum(res, "indnkeyatts"),
	    f_indkey = intro_fnum(res, "indkey"),
	    f_nnd = intro_fnum(res, "nulls_not_distinct"), f_rnsp = intro_fnum(res, "ref_nsp"),
	    f_rname = intro_fnum(res, "ref_name"), f_confrel = intro_fnum(res, "confrelid"),
	    f_confkey = intro_fnum(res, "confkey"),
	    f_upd = intro_fnum(res, "confupdtype"), f_del = intro_fnum(res, "confdeltype"),
	    f_match = intro_fnum(res, "confmatchtype"), f_def = intro_fnum(res, "def");
	int rc = 0;
	PtrVec unnamed = {0}; /* foreign keys whose referenced table is not registered */
	for (int i = 0, n = PQntuples(res); i < n && !rc; i++) {
		const char *relid = PQgetvalue(res, i, f_rel);
		bool on_domain = relid[0] == '0';
		Ref *r = on_domain ? intro_ref_get(ctx, CLS_PG_TYPE, PQgetvalue(res, i, f_typ), 0)
				   : intro_ref_get(ctx, CLS_PG_CLASS, relid, 0);
		if (!r || (on_domain ? r->obj->kind != OBJ_DOMAIN : r->obj->kind != OBJ_TABLE))
			continue; /* an extension's, or a view's/composite's row type */
		Constraint *c = ARENA_NEW(ctx->cat->arena, Constraint);
		c->type = (ConType) intro_char(res, i, f_type);
		c->name = intro_str(ctx, res, i, f_name);
		c->deferrable = intro_bool(res, i, f_defer);
		c->deferred = intro_bool(res, i, f_deferred);
		c->not_valid = !intro_bool(res, i, f_valid);
		switch (c->type) {
		case CON_PRIMARY:
		case CON_UNIQUE:
			rc = push_columns(ctx, &c->columns, relid, PQgetvalue(res, i, f_conkey), 0);
			/* INCLUDE columns: the index's columns past its key columns */
			if (!rc && !PQgetisnull(res, i, f_indkey))
				rc = push_columns(ctx, &c->include, relid, PQgetvalue(res, i, f_indkey),
						  intro_int(res, i, f_nkey));
			c->nulls_not_distinct = intro_bool(res, i, f_nnd);
			break;
		case CON_CHECK:
			if (!PQgetisnull(res, i, f_def))
				c->check = intro_expr(ctx, check_body(ctx, PQgetvalue(res, i, f_def)));
			c->no_inherit = intro_bool(res, i, f_noinh);
			break;
		case CON_FOREIGN:
			rc = push_columns(ctx, &c->columns, relid, PQgetvalue(res, i, f_conkey), 0);
			c->ref_schema = intro_str(ctx, res, i, f_rnsp);
			c->ref_table = intro_str(ctx, res, i, f_rname);
			if (name_columns(ctx, &c->ref_columns, PQgetvalue(res, i, f_confrel),
					 PQgetvalue(res, i, f_confkey), 0)) {
				c->ref_columns = (PtrVec){0};
				UnnamedKey *u = ARENA_NEW(ctx->scratch, UnnamedKey);
				u->con = c;
				u->oid = arena_strdup(ctx->scratch, PQgetvalue(res, i, f_oid));
				vec_push(ctx->scratch, &unnamed, u);
			}
			c->on_update = intro_char(res, i, f_upd);
			c->on_delete = intro_char(res, i, f_del);
			c->match = intro_char(res, i, f_match);
			break;
		case CON_EXCLUDE:
			if (!PQgetisnull(res, i, f_def))
				c->exclude = exclude_expr(ctx, exclude_body(ctx, PQgetvalue(res, i, f_def)));
			break;
		}
		if (on_domain)
			vec_push(ctx->cat->arena, &((Domain *) r->obj)->checks, c);
		else
			vec_push(ctx->cat->arena, &((Table *) r->obj)->constraints, c);
		intro_ref_put(ctx, CLS_PG_CONSTRAINT, PQgetvalue(res, i, f_oid), 0, r->obj, NULL, c);
		/* the index behind p/u/x stands for the table (FKs depend on it) */
		if (!on_domain && c->type != CON_CHECK && c->type != CON_FOREIGN)
			intro_ref_put(ctx, CLS_PG_CLASS, PQgetvalue(res, i, f_ind), 0, r->obj, NULL, c);
	}
	PQclear(res);
	if (!rc && unnamed.len)
		rc = ref_column_names(ctx, &unnamed);
	return rc;
}
