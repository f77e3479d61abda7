/*
 * build_view.c - CREATE [OR REPLACE] VIEW and CREATE MATERIALIZED VIEW.
 *
 * View.query.sql is the SELECT exactly as written; its canon goes through
 * expr_canonical() in statement mode, which removes most of what
 * pg_get_viewdef adds (relation qualifiers on columns, public.).
 *
 * Memory ownership: everything goes into the catalog arena.
 */
#include "parse/parse_int.h"
#include "parse/pb_walk.h"
#include "parse/expr.h"
#include "model/ident.h"

#include <string.h>

/* Relations a query reads (RangeVar nodes), CTE names excluded. */
static void collect_relations(ParseCtx *ctx, const ProtobufCMessage *m, Object *view,
			      const PtrVec *ctes);

typedef struct RelationWalk {
	ParseCtx *ctx;
	Object *view;
	const PtrVec *ctes;
} RelationWalk;

static void collect_relations_child(ProtobufCMessage **slot, const ProtobufCFieldDescriptor *fd,
				    void *arg)
{
	(void) fd;
	RelationWalk *w = arg;
	collect_relations(w->ctx, *slot, w->view, w->ctes);
}

static void collect_relations(ParseCtx *ctx, const ProtobufCMessage *m, Object *view,
			      const PtrVec *ctes)
{
	if (!m)
		return;
	const ProtobufCMessageDescriptor *d = m->descriptor;
	if (d == &pg_query__range_var__descriptor) {
		const PgQuery__RangeVar *rv = (const PgQuery__RangeVar *) m;
		bool is_cte = false;
		if (!(rv->schemaname && *rv->schemaname))
			VEC_EACH(const char *, c, ctes)
				if (strcmp(c, rv->relname) == 0)
					is_cte = true;
		if (!is_cte) {
			const char *schema, *name;
			rangevar_name(ctx, rv, &schema, &name);
			static const ObjKind kinds[] = {OBJ_TABLE, OBJ_VIEW, OBJ_MATVIEW};
			const char *key = NULL;
			for (size_t i = 0; i < 3 && !key; i++) {
				Object *o = catalog_find(ctx->cat, kinds[i], schema, NULL, name, NULL);
				key = o ? o->key : NULL;
			}
			object_add_dep(ctx->cat, view, key ? key : object_key(ctx->cat->arena, OBJ_TABLE,
									       schema, NULL, name, NULL));
		}
		return;
	}
	if (d == &pg_query__common_table_expr__descriptor)
		vec_push(ctx->cat->arena, (PtrVec *) ctes,
			 (void *) ((const PgQuery__CommonTableExpr *) m)->ctename);
	if (d == &pg_query__func_call__descriptor) {
		/* a function dependency when the name identifies one defined function */
		const PgQuery__FuncCall *f = (const PgQuery__FuncCall *) m;
		const char *name = node_str(f->funcname[f->n_funcname - 1]);
		const char *schema = f->n_funcname >= 2 ? node_str(f->funcname[f->n_funcname - 2])
							: ctx->schema;
		Object *hit = NULL;
		int n = 0;
		VEC_EACH(Object *, o, &ctx->cat->objects)
			if (o->kind == OBJ_FUNCTION && name && strcmp(o->name, name) == 0 &&
			    schema && strcmp(o->schema, schema) == 0)
				hit = o, n++;
		if (n == 1)
			object_add_dep(ctx->cat, view, hit->key);
	}
	RelationWalk w = {ctx, view, ctes};
	pb_each_child((ProtobufCMessage *) m, collect_relations_child, &w);
}

/* Output column names of the only relation in FROM (a table, or a view
 * parsed earlier), NULL when unknown. */
static const PtrVec *from_columns(ParseCtx *ctx, const PgQuery__SelectStmt *sel, Arena *a)
{
	if (sel->n_from_clause != 1 || sel->from_clause[0]->node_case != PG_QUERY__NODE__NODE_RANGE_VAR)
		return NULL;
	const char *schema, *name;
	rangevar_name(ctx, sel->from_clause[0]->range_var, &schema, &name);
	Table *t = catalog_find_table(ctx->cat, schema, name);
	if (t) {
		PtrVec *v = ARENA_NEW(a, PtrVec);
		VEC_EACH(const Column *, col, &t->columns)
			vec_push(a, v, (void *) col->name);
		return v;
	}
	Object *o = catalog_find(ctx->cat, OBJ_VIEW, schema, NULL, name, NULL);
	if (!o)
		o = catalog_find(ctx->cat, OBJ_MATVIEW, schema, NULL, name, NULL);
	return o ? hashmap_get(&ctx->view_columns, o->key) : NULL;
}

/* FigureColname for the view's output names. */
static const char *target_name(const PgQuery__ResTarget *rt)
{
	if (rt->name && *rt->name)
		return rt->name;
	const Node *v = rt->val;
	while (v && v->node_case == PG_QUERY__NODE__NODE_TYPE_CAST)
		v = v->type_cast->arg;
	if (v && v->node_case == PG_QUERY__NODE__NODE_COLUMN_REF) {
		const PgQuery__ColumnRef *c = v->column_ref;
		return node_str(c->fields[c->n_fields - 1]);
	}
	if (v && v->node_case == PG_QUERY__NODE__NODE_FUNC_CALL)
		return node_str(v->func_call->funcname[v->func_call->n_funcname - 1]);
	return "?column?";
}

static bool is_star(const Node *v)
{
	return v && v->node_case == PG_QUERY__NODE__NODE_COLUMN_REF &&
	       v->column_ref->fields[v->column_ref->n_fields - 1]->node_case == PG_QUERY__NODE__NODE_A_STAR;
}

/* Remembers the view's output column names (for a later SELECT * on it). */
static void record_columns(ParseCtx *ctx, const Object *view, const Node *query,
			   const char *const *aliases, size_t n_aliases)
{
	Arena *a = ctx->cat->arena;
	if (query->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
		return;
	const PgQuery__SelectStmt *sel = query->select_stmt;
	PtrVec *cols = ARENA_NEW(a, PtrVec);
	for (size_t i = 0; i < sel->n_target_list; i++) {
		const PgQuery__ResTarget *rt = sel->target_list[i]->res_target;
		if (is_star(rt->val)) {
			const PtrVec *from = from_columns(ctx, sel, a);
			if (!from)
				return;
			VEC_EACH(const char *, c, from)
				vec_push(a, cols, (void *) c);
		} else {
			const char *n = target_name(rt);
			if (!n)
				return;
			vec_push(a, cols, arena_strdup(a, n));
		}
	}
	for (size_t i = 0; i < n_aliases && i < cols->len; i++)
		cols->items[i] = (void *) arena_strdup(a, aliases[i]);
	hashmap_put(&ctx->view_columns, view->key, cols);
}

/* The query with each top-level "*" replaced by the column list of the only
 * relation in FROM, as pg_get_viewdef shows it; NULL when there is nothing
 * to expand.  Used for the canonical form only. */
static char *expand_star(ParseCtx *ctx, const Node *query, int qstart, int qend)
{
	if (query->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
		return NULL;
	const PgQuery__SelectStmt *sel = query->select_stmt;
	const PtrVec *cols = from_columns(ctx, sel, ctx->cat->arena);
	if (!cols)
		return NULL;
	StrBuf sb = STRBUF_INIT;
	int pos = qstart;
	bool any = false;
	for (size_t i = 0; i < sel->n_target_list; i++) {
		const Node *v = sel->target_list[i]->res_target->val;
		if (!is_star(v) || v->column_ref->location < pos)
			continue;
		const PgQuery__ColumnRef *c = v->column_ref;
		size_t tok = srctext_token_at(ctx, c->location);
		while (tok < ctx->n_tokens && ctx->tokens[tok].kind != '*')
			tok++;
		if (tok >= ctx->n_tokens)
			break;
		strbuf_add(&sb, ctx->src + pos, (size_t) (c->location - pos));
		bool first = true;
		VEC_EACH(const char *, col, cols) {
			if (!first)
				strbuf_puts(&sb, ", ");
			strbuf_ident(&sb, col);
			first = false;
		}
		pos = ctx->tokens[tok].end;
		any = true;
	}
	if (!any) {
		strbuf_release(&sb);
		return NULL;
	}
	strbuf_add(&sb, ctx->src + pos, (size_t) (qend - pos));
	char *r = arena_strdup(ctx->cat->arena, sb.buf);
	strbuf_release(&sb);
	return r;
}

/* The query text: after the first AS at depth 0 following `from`, up to `end`. */
static char *query_text(ParseCtx *ctx, int from, int end, int *qstart)
{
	size_t as = srctext_find(ctx, srctext_token_at(ctx, from), PG_QUERY__TOKEN__AS, end);
	if (as + 1 >= ctx->n_tokens)
		return NULL;
	*qstart = ctx->tokens[as + 1].start;
	char *q = srctext_slice(ctx, ctx->tokens[as + 1].start, end);
	size_t n = strlen(q);
	while (n && (q[n - 1] == ';' || q[n - 1] == ' ' || q[n - 1] == '\n'))
		q[--n] = '\0';
	return q;
}

static int add_view(ParseCtx *ctx, ObjKind kind, const PgQuery__RangeVar *rv, const Node *query,
		    Node **aliases, size_t n_aliases, int query_end, bool replace, int loc, View **out)
{
	const char *schema, *name;
	rangevar_name(ctx, rv, &schema, &name);
	View *v = object_new(ctx->cat, kind, sizeof(View), schema, name);
	v->obj.loc = srctext_loc(ctx, loc);
	int qstart = 0;
	char *q = query_text(ctx, rv->location, query_end, &qstart);
	if (!q)
		return parse_error(ctx, loc, "cannot find the view query");
	char *expanded = expand_star(ctx, query, qstart, qstart + (int) strlen(q));
	const char *names[n_aliases ? n_aliases : 1];
	for (size_t i = 0; i < n_aliases; i++)
		names[i] = node_str(aliases[i]);
	v->query = expr_new(ctx->cat->arena, q,
			    expr_view_canonical(ctx->cat->arena, expanded ? expanded : q, ctx->schema,
						names, n_aliases));
	PtrVec ctes = {0};
	collect_relations(ctx, &query->base, &v->obj, &ctes);
	object_add_dep(ctx->cat, &v->obj, object_key(ctx->cat->arena, OBJ_SCHEMA, NULL, NULL, schema, NULL));
	Object *prev = catalog_find(ctx->cat, kind, schema, NULL, name, NULL);
	if (prev && replace) {
		/* OR REPLACE: the later definition wins */
		View *pv = (View *) prev;
		pv->query = v->query;
		pv->obj.deps = v->obj.deps;
		record_columns(ctx, &pv->obj, query, names, n_aliases);
		*out = pv;
		return 0;
	}
	names_use_relation(ctx, schema, name);
	*out = v;
	int rc = catalog_add(ctx->cat, &v->obj, ctx->err);
	if (rc == 0)
		record_columns(ctx, &v->obj, query, names, n_aliases);
	return rc;
}

/* Where the statement's last WITH starts (the end of its query before a
 * trailing WITH CHECK OPTION or WITH NO DATA), or its end without one. */
static int before_last_with(const ParseCtx *ctx)
{
	size_t i = srctext_token_at(ctx, ctx->stmt_end);
	while (i > 0 && ctx->tokens[i - 1].kind != PG_QUERY__TOKEN__WITH &&
	       ctx->tokens[i - 1].kind != PG_QUERY__TOKEN__WITH_LA)
		i--;
	return i > 0 ? ctx->tokens[i - 1].start : ctx->stmt_end;
}

int build_view(ParseCtx *ctx, const PgQuery__ViewStmt *s, int loc)
{
	if (s->view->relpersistence && s->view->relpersistence[0] == 't')
		return parse_error(ctx, loc, "unsupported statement: CREATE TEMPORARY VIEW");
	int end = ctx->stmt_end;
	/* the query ends before the last WITH: "WITH [LOCAL] CHECK OPTION" */
	if (s->with_check_option == PG_QUERY__VIEW_CHECK_OPTION__LOCAL_CHECK_OPTION ||
	    s->with_check_option == PG_QUERY__VIEW_CHECK_OPTION__CASCADED_CHECK_OPTION)
		end = before_last_with(ctx);
	View *v;
	int rc = add_view(ctx, OBJ_VIEW, s->view, s->query, s->aliases, s->n_aliases, end, s->replace,
			  loc, &v);
	if (rc)
		return rc;
	if (s->with_check_option == PG_QUERY__VIEW_CHECK_OPTION__LOCAL_CHECK_OPTION)
		v->check_option = "local";
	else if (s->with_check_option == PG_QUERY__VIEW_CHECK_OPTION__CASCADED_CHECK_OPTION)
		v->check_option = "cascaded";
	StrBuf sb = STRBUF_INIT;
	for (size_t i = 0; i < s->n_options; i++) {
		const PgQuery__DefElem *d = s->options[i]->def_elem;
		const char *val = "true";
		if (d->arg && d->arg->node_case == PG_QUERY__NODE__NODE_STRING)
			val = d->arg->string->sval;
		else if (d->arg && d->arg->node_case == PG_QUERY__NODE__NODE_BOOLEAN)
			val = d->arg->boolean->boolval ? "true" : "false";
		if (strcmp(d->defname, "check_option") == 0) {
			v->check_option = arena_strdup(ctx->cat->arena, val);
			continue;
		}
		if (sb.len)
			strbuf_puts(&sb, ", ");
		strbuf_printf(&sb, "%s=%s", d->defname, val);
	}
	if (sb.len)
		v->options = arena_strdup(ctx->cat->arena, sb.buf);
	strbuf_release(&sb);
	return 0;
}

int build_matview(ParseCtx *ctx, const PgQuery__CreateTableAsStmt *s, int loc)
{
	if (s->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW)
		return parse_error(ctx, loc, "unsupported statement: CREATE TABLE AS");
	/* drop the trailing "WITH NO DATA" */
	int end = s->into->skip_data ? before_last_with(ctx) : ctx->stmt_end;
	View *v;
	if (s->if_not_exists) {
		const char *schema, *name;
		rangevar_name(ctx, s->into->rel, &schema, &name);
		if (catalog_find(ctx->cat, OBJ_MATVIEW, schema, NULL, name, NULL))
			return 0;
	}
	return add_view(ctx, OBJ_MATVIEW, s->into->rel, s->query, s->into->col_names,
			s->into->n_col_names, end, false, loc, &v);
}
