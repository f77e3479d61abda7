/*
 * resolve.c - the names the desired schema uses, resolved before anything
 * runs; see resolve.h.
 */
#include "preflight/resolve.h"
#include "model/ident.h"
#include "parse/refs.h"
#include "util/hashmap.h"
#include "util/strbuf.h"

#include <stdio.h>
#include <string.h>

enum { MAX_MISSES_LISTED = 10 };

typedef struct Resolver {
	const Catalog *desired, *live;
	PGconn *conn;
	Arena *arena;
	HashMap desired_types;    /* qualified name -> (void *) 1 */
	HashMap known;            /* "t:name" / "f:schema.name" -> "y" or "n" */
	bool pending_extension;   /* the plan creates an extension: its names are unknown */
	size_t misses;
	StrBuf detail;
	PgsError *err;
	int rc;
} Resolver;

static void miss(Resolver *r, const SrcLoc *loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void miss(Resolver *r, const SrcLoc *loc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	StrBuf msg = STRBUF_INIT;
	strbuf_vprintf(&msg, fmt, ap);
	va_end(ap);
	if (r->misses++ == 0)
		pgs_error_at(r->err, PGSTAGE_EINPUT, loc && loc->file ? loc->file : "",
			     loc ? loc->line : 0, loc ? loc->col : 0, "%s", msg.buf);
	else if (r->misses <= MAX_MISSES_LISTED + 1)
		strbuf_printf(&r->detail, "%s%s:%d:%d: %s", r->detail.len ? "\n" : "",
			      loc && loc->file ? loc->file : "?", loc ? loc->line : 0,
			      loc ? loc->col : 0, msg.buf);
	strbuf_release(&msg);
}

/* One boolean answer from the server for `sql` with parameters; the
 * answers are cached under `key`.  A query error (e.g. a type name that
 * does not even parse) counts as "does not exist". */
static bool server_says(Resolver *r, const char *key, const char *sql, int n,
			const char *const *params)
{
	const char *cached = hashmap_get(&r->known, key);
	if (cached)
		return *cached == 'y';
	PGresult *res = PQexecParams(r->conn, sql, n, NULL, params, NULL, NULL, 0);
	bool yes = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1 &&
		   strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	PQclear(res);
	hashmap_put(&r->known, arena_strdup(r->arena, key), yes ? "y" : "n");
	return yes;
}

/* "public.mood[]" -> "public.mood" */
static const char *element_type(Arena *a, const char *type)
{
	size_t n = strlen(type);
	while (n >= 2 && type[n - 2] == '[' && type[n - 1] == ']')
		n -= 2;
	return arena_strndup(a, type, n);
}

static bool type_exists(Resolver *r, const char *type)
{
	const char *elem = element_type(r->arena, type);
	if (hashmap_get(&r->desired_types, elem))
		return true;
	return server_says(r, arena_printf(r->arena, "t:%s", elem),
			   "SELECT to_regtype($1) IS NOT NULL", 1, (const char *[]){elem});
}

static void check_type(Resolver *r, const char *type, const SrcLoc *loc, const char *what)
{
	if (!type || r->pending_extension || type_exists(r, type))
		return;
	miss(r, loc, "%s: type %s does not exist", what, type);
}

static bool function_exists(Resolver *r, const FuncRef *f)
{
	VEC_EACH(const Object *, o, &r->desired->objects)
		if (o->kind == OBJ_FUNCTION && strcmp(o->name, f->name) == 0 &&
		    (!f->schema || (o->schema && strcmp(o->schema, f->schema) == 0)))
			return true;
	return server_says(r, arena_printf(r->arena, "f:%s.%s", f->schema ? f->schema : "", f->name),
			   "SELECT EXISTS (SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
			   " WHERE p.proname = $2 AND (n.nspname = $1 OR ($1 IS NULL AND"
			   " n.nspname = ANY (current_schemas(true)))))",
			   2, (const char *[]){f->schema, f->name});
}

/* Functions an expression calls; with `table`, also the columns it reads
 * (a backfill runs on the table's rows: desired or live columns). */
static void check_expr(Resolver *r, const Expr *e, const SrcLoc *loc, const char *what,
		       const Table *table, const Table *live_table)
{
	if (!e || !e->sql)
		return;
	ExprRefs refs;
	expr_refs(&refs, r->arena, e->sql);
	if (!refs.parsed)
		return;
	if (!r->pending_extension)
		VEC_EACH(const FuncRef *, f, &refs.functions)
			if (!function_exists(r, f))
				miss(r, loc, "%s calls %s%s%s(), which does not exist", what,
				     f->schema ? ident_quote(r->arena, f->schema) : "", f->schema ? "." : "",
				     ident_quote(r->arena, f->name));
	if (!table || refs.has_subquery)
		return;
	VEC_EACH(const ColRef *, c, &refs.columns)
		if (!table_find_column(table, c->name) &&
		    !(live_table && table_find_column(live_table, c->name)))
			miss(r, loc, "%s reads column %s, which table %s does not have", what,
			     ident_quote(r->arena, c->name),
			     ident_qualified(r->arena, table->obj.schema, table->obj.name));
}

static void check_table(Resolver *r, const Table *t)
{
	const Table *live = catalog_find_table(r->live, t->obj.schema, t->obj.name);
	VEC_EACH(const Column *, c, &t->columns) {
		const char *col = arena_printf(r->arena, "column %s.%s",
					       ident_qualified(r->arena, t->obj.schema, t->obj.name),
					       ident_quote(r->arena, c->name));
		check_type(r, c->type, &c->loc, col);
		check_expr(r, c->default_expr, &c->loc, arena_printf(r->arena, "the default of %s", col),
			   NULL, NULL);
		/* a directive the plan uses: a new column, or NOT NULL set on one
		 * (once done, the directive may name a column dropped since) */
		const Column *lc = live ? table_find_column(live, c->name) : NULL;
		if (!lc || (c->not_null && !lc->not_null))
			check_expr(r, c->backfill, c->backfill_loc ? c->backfill_loc : &c->loc,
				   arena_printf(r->arena, "the backfill directive of %s", col), t, live);
	}
}

int resolve_names(const Catalog *desired, const Catalog *live, PGconn *conn, PgsError *err)
{
	Resolver r = {.desired = desired, .live = live, .conn = conn, .arena = arena_new(),
		      .desired_types = HASHMAP_INIT, .known = HASHMAP_INIT, .detail = STRBUF_INIT,
		      .err = err};
	VEC_EACH(const Object *, o, &desired->objects) {
		switch (o->kind) {
		case OBJ_ENUM:
		case OBJ_DOMAIN:
		case OBJ_COMPOSITE:
		case OBJ_TABLE:
		case OBJ_VIEW:
		case OBJ_MATVIEW:
			hashmap_put(&r.desired_types, ident_qualified(r.arena, o->schema, o->name),
				    (void *) 1);
			break;
		case OBJ_EXTENSION:
			if (!catalog_find_key(live, o->key))
				r.pending_extension = true;
			break;
		default:
			break;
		}
	}
	VEC_EACH(const Object *, o, &desired->objects) {
		if (o->kind == OBJ_TABLE) {
			check_table(&r, (const Table *) o);
		} else if (o->kind == OBJ_DOMAIN) {
			const Domain *d = (const Domain *) o;
			const char *what = arena_printf(r.arena, "domain %s",
							ident_qualified(r.arena, o->schema, o->name));
			check_type(&r, d->base_type, &o->loc, what);
			check_expr(&r, d->default_expr, &o->loc,
				   arena_printf(r.arena, "the default of %s", what), NULL, NULL);
		} else if (o->kind == OBJ_COMPOSITE) {
			VEC_EACH(const Column *, a, &((const CompositeType *) o)->attributes)
				check_type(&r, a->type, a->loc.file ? &a->loc : &o->loc,
					   arena_printf(r.arena, "attribute %s of type %s",
							ident_quote(r.arena, a->name),
							ident_qualified(r.arena, o->schema, o->name)));
		}
	}
	int rc = 0;
	if (r.misses) {
		if (r.misses > MAX_MISSES_LISTED + 1)
			strbuf_printf(&r.detail, "\n... and %zu more", r.misses - MAX_MISSES_LISTED - 1);
		if (r.detail.len)
			pgs_error_detail(err, "also:\n%s", r.detail.buf);
		pgs_error_hint(err, "nothing was changed; names are resolved in the database and "
				    "among what the desired schema creates");
		rc = PGSTAGE_EINPUT;
	}
	strbuf_release(&r.detail);
	hashmap_release(&r.desired_types);
	hashmap_release(&r.known);
	arena_free(r.arena);
	return rc;
}
