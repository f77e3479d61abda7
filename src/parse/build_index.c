/*
 * build_index.c - CREATE [UNIQUE] INDEX [CONCURRENTLY] [IF NOT EXISTS].
 *
 * Index expressions are source slices: the element list is walked token by
 * token because IndexElem carries no location.
 *
 * Memory ownership: everything goes into the catalog arena.
 */
#include "parse/parse_int.h"
#include "parse/expr.h"
#include "model/ident.h"

#include <stdio.h>
#include <string.h>

/* FigureIndexColname: a function call names its column, anything else "expr". */
static const char *figure_colname(const Node *e)
{
	if (e->node_case == PG_QUERY__NODE__NODE_FUNC_CALL) {
		const PgQuery__FuncCall *f = e->func_call;
		return node_str(f->funcname[f->n_funcname - 1]);
	}
	if (e->node_case == PG_QUERY__NODE__NODE_TYPE_CAST) {
		const char *s = figure_colname(e->type_cast->arg);
		if (strcmp(s, "expr") != 0)
			return s;
		const PgQuery__TypeName *tn = e->type_cast->type_name;
		return node_str(tn->names[tn->n_names - 1]);
	}
	if (e->node_case == PG_QUERY__NODE__NODE_COLUMN_REF) {
		const PgQuery__ColumnRef *c = e->column_ref;
		const char *s = node_str(c->fields[c->n_fields - 1]);
		return s ? s : "expr";
	}
	return "expr";
}

/* ChooseIndexColumnNames: duplicates get 1, 2, ... */
static void add_colname(Arena *a, PtrVec *names, const char *orig)
{
	const char *name = orig;
	for (int i = 1;; i++) {
		bool dup = false;
		VEC_EACH(const char *, s, names)
			if (strcmp(s, name) == 0)
				dup = true;
		if (!dup)
			break;
		name = arena_printf(a, "%s%d", orig, i);
	}
	vec_push(a, names, (void *) name);
}

/* Token index of each element's first token inside the element list. */
static int element_starts(ParseCtx *ctx, int from, size_t *starts, size_t n, size_t *list_end)
{
	size_t open = srctext_find(ctx, srctext_token_at(ctx, from), '(', ctx->stmt_end);
	if (open >= ctx->n_tokens)
		return -1;
	size_t close = srctext_match_paren(ctx, open);
	size_t k = 0, i = open + 1;
	starts[k++] = i;
	int depth = 0;
	for (; i < close && k < n; i++) {
		int kind = ctx->tokens[i].kind;
		if (kind == '(' || kind == '[')
			depth++;
		else if (kind == ')' || kind == ']')
			depth--;
		else if (kind == ',' && depth == 0)
			starts[k++] = i + 1;
	}
	*list_end = close;
	return k == n ? 0 : -1;
}

static char *element_expr(ParseCtx *ctx, size_t start)
{
	const Token *t = &ctx->tokens[start];
	if (t->kind == '(') {
		size_t close = srctext_match_paren(ctx, start);
		if (close >= ctx->n_tokens)
			return NULL;
		return srctext_slice(ctx, t->end, ctx->tokens[close].start);
	}
	/* a function call: through its argument list */
	size_t open = start;
	while (open < ctx->n_tokens && ctx->tokens[open].kind != '(')
		open++;
	size_t close = srctext_match_paren(ctx, open);
	if (close >= ctx->n_tokens)
		return NULL;
	return srctext_slice(ctx, t->start, ctx->tokens[close].end);
}

/* The collation a column key gets by default: the column's own, else its
 * domain's (what pg_attribute.attcollation holds). */
static const char *column_collation(ParseCtx *ctx, const Table *t, const char *column)
{
	const Column *c = t ? table_find_column(t, column) : NULL;
	if (!c || c->collation)
		return c ? c->collation : NULL;
	VEC_EACH(const Object *, o, &ctx->cat->objects) {
		if (o->kind != OBJ_DOMAIN || !((const Domain *) o)->collation)
			continue;
		const char *q = ident_qualified(ctx->cat->arena, o->schema, o->name);
		if (strcmp(q, c->type) == 0)
			return ((const Domain *) o)->collation;
	}
	return NULL;
}

static const char *opclass_name(ParseCtx *ctx, Node **names, size_t n)
{
	if (n == 0)
		return NULL;
	const char *name = node_str(names[n - 1]);
	const char *schema = n >= 2 ? node_str(names[n - 2]) : NULL;
	if (!schema || strcmp(schema, "pg_catalog") == 0)
		return arena_strdup(ctx->cat->arena, name);
	return arena_printf(ctx->cat->arena, "%s.%s", schema, name);
}

int build_index(ParseCtx *ctx, const PgQuery__IndexStmt *s, int loc)
{
	Arena *a = ctx->cat->arena;
	const char *schema, *tname;
	rangevar_name(ctx, s->relation, &schema, &tname);
	Index *ix = ARENA_NEW(a, Index);
	ix->obj.kind = OBJ_INDEX;
	ix->obj.schema = schema;
	ix->obj.loc = srctext_loc(ctx, loc);
	ix->table = tname;
	const Table *table = catalog_find_table(ctx->cat, schema, tname);
	ix->method = arena_strdup(a, s->access_method && *s->access_method ? s->access_method : "btree");
	ix->unique = s->unique;
	ix->nulls_not_distinct = s->nulls_not_distinct;

	size_t n = s->n_index_params;
	size_t starts[n ? n : 1], list_end = 0;
	bool have_starts = element_starts(ctx, s->relation->location, starts, n, &list_end) == 0;
	PtrVec colnames = {0};
	for (size_t i = 0; i < n; i++) {
		const PgQuery__IndexElem *ie = s->index_params[i]->index_elem;
		IndexElem *e = ARENA_NEW(a, IndexElem);
		Node **coll_names = ie->collation;
		size_t n_coll = ie->n_collation;
		if (ie->name && *ie->name) {
			e->column = arena_strdup(a, ie->name);
			add_colname(a, &colnames, e->column);
		} else {
			char *txt = have_starts ? element_expr(ctx, starts[i]) : NULL;
			if (!txt)
				return parse_error(ctx, loc, "cannot find index expression %zu", i + 1);
			const Node *ex = ie->expr;
			/* the server strips a top-level COLLATE: "((x COLLATE c))" is
			 * "(x) COLLATE c", as the catalog shows it */
			if (ex->node_case == PG_QUERY__NODE__NODE_COLLATE_CLAUSE && !ie->n_collation &&
			    ctx->tokens[starts[i]].kind == '(') {
				const PgQuery__CollateClause *cc = ex->collate_clause;
				txt = srctext_slice(ctx, ctx->tokens[starts[i]].end, cc->location);
				coll_names = cc->collname;
				n_coll = cc->n_collname;
				ex = cc->arg;
			}
			e->expr = expr_from_text(ctx, txt);
			add_colname(a, &colnames, figure_colname(ex));
		}
		if (n_coll) {
			const char *dep = NULL;
			e->collation = collation_canonical(ctx, coll_names, n_coll, &dep);
			if (dep)
				object_add_dep(ctx->cat, &ix->obj, dep);
			/* COLLATE of a column key that is the column's own says
			 * nothing: the catalog (and pg_dump) leave it out */
			if (e->column && str_equal(e->collation, column_collation(ctx, table, e->column)))
				e->collation = NULL;
		}
		e->opclass = opclass_name(ctx, ie->opclass, ie->n_opclass);
		e->desc = ie->ordering == PG_QUERY__SORT_BY_DIR__SORTBY_DESC;
		/* store NULLS only when it differs from the direction's default */
		if (ie->nulls_ordering == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST && !e->desc)
			e->nulls = 'f';
		else if (ie->nulls_ordering == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST && e->desc)
			e->nulls = 'l';
		vec_push(a, &ix->elems, e);
	}
	for (size_t i = 0; i < s->n_index_including_params; i++) {
		const PgQuery__IndexElem *ie = s->index_including_params[i]->index_elem;
		vec_push(a, &ix->include, arena_strdup(a, ie->name));
		add_colname(a, &colnames, ie->name);
	}
	if (s->where_clause) {
		size_t w = srctext_find(ctx, list_end + 1, PG_QUERY__TOKEN__WHERE, ctx->stmt_end);
		char *txt = srctext_until(ctx, w + 1, ctx->stmt_end, NULL);
		if (!txt)
			return parse_error(ctx, loc, "cannot find the index predicate");
		ix->where = expr_from_text(ctx, txt);
	}
	if (s->idxname && *s->idxname) {
		ix->obj.name = arena_strdup(a, s->idxname);
		if (s->if_not_exists && catalog_find(ctx->cat, OBJ_INDEX, schema, NULL, ix->obj.name, NULL))
			return 0;
		names_use_relation(ctx, schema, ix->obj.name);
	} else
		ix->obj.name = names_choose_relation(ctx, schema, tname, names_addition(a, &colnames),
						     "idx", false);
	object_add_dep(ctx->cat, &ix->obj, object_key(a, OBJ_TABLE, schema, NULL, tname, NULL));
	return catalog_add(ctx->cat, &ix->obj, ctx->err);
}
