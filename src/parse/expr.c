/*
 * expr.c - canonical text of an SQL expression, for comparison only.
 *
 * The same function is applied to what the user wrote and to what the
 * server prints (pg_get_expr / pg_get_constraintdef with search_path =
 * pg_catalog): parse "SELECT <expr>" with libpg_query, rewrite the tree,
 * deparse, strip "SELECT ".  Rules (each seen on a real PostgreSQL 15):
 *  1. casts on constants are dropped: 'x'::text -> 'x', (10)::numeric -> 10,
 *     'a'::public.mood -> 'a', 'seq'::regclass -> 'seq', and casts of an
 *     ARRAY[...] of constants (the server adds ::text[] to IN lists);
 *  2. a string constant that was cast and looks like a number becomes
 *     that number: '-1'::integer -> -1 (the server quotes negative
 *     constants that way); a float written with an exponent is written
 *     out: 1.5e3 -> 1500;
 *  3. casts of plain column references are dropped: (status)::text -> status
 *     (the server shows implicit coercions as casts);
 *  4. remaining casts name the type canonically (types.c), without a
 *     pg_catalog or public qualifier;
 *  5. x IN (a, b) -> x = ANY (ARRAY[a, b]), NOT IN -> <> ALL (...);
 *  6. a BETWEEN x AND y -> a >= x AND a <= y (NOT BETWEEN -> a < x OR a > y),
 *     as the server stores it;
 *  7. LIKE / ILIKE / NOT LIKE -> the operators ~~ ~~* !~~ the server prints;
 *  8. function names lose pg_catalog. and public. qualifiers;
 *  9. the sequence argument of nextval/currval/setval loses "public.";
 * 10. redundant parentheses disappear and keywords such as CURRENT_TIMESTAMP
 *     are spelled one way because the deparser prints from the tree.
 * 11. whole statements (a view's SELECT, a CREATE TRIGGER) are accepted
 *     too: the same rules apply, and in addition relation names lose a
 *     "public." qualifier, a column qualified by the only relation of its
 *     FROM list loses the qualifier, "AS x" on a column named x is dropped,
 *     and a trigger's function name loses pg_catalog./public.
 * 12. a COLLATE clause's collation name loses pg_catalog. and public.
 *     (the server qualifies a user collation: COLLATE public."x").
 * Known limits: the "public" rules assume public is the schema of
 * unqualified names; casts the server adds around other expressions
 * (function results) are kept, so such expressions may differ.
 *
 * Memory ownership: the result is in the caller's arena; the protobuf tree
 * (malloc, freed with free_unpacked) and libpg_query results are freed here.
 * New tree nodes are malloc'd so free_unpacked can release them.
 */
#include "parse/expr.h"
#include "parse/pb_walk.h"
#include "parse/parse_limits.h"
#include "model/types.h"
#include "util/strbuf.h"

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef PgQuery__Node Node;

/* Schema for unqualified relation names during one expr_canonical_in_schema()
 * call (NULL or "public": leave them alone), and the CTE names in scope,
 * which are never qualified.  Set and cleared within that call.  Per thread:
 * the desired schema is parsed while the main thread introspects, and both
 * canonicalise view bodies. */
static _Thread_local const char *default_schema;
/* Column names to put on the first SELECT list (expr_view_canonical). */
static _Thread_local const char *const *view_aliases;
static _Thread_local size_t n_view_aliases;

/* CTE names seen so far in the statement being rewritten (a WITH clause is
 * walked before the FROM lists that use it). */
#define MAX_CTES 64
static _Thread_local const char *ctes[MAX_CTES];
static _Thread_local size_t n_ctes;

static bool cte_in_scope(const char *name)
{
	for (size_t i = 0; i < n_ctes; i++)
		if (strcmp(ctes[i], name) == 0)
			return true;
	return false;
}

static Node *new_node(void)
{
	Node *n = xmalloc(sizeof *n);
	*n = (Node) PG_QUERY__NODE__INIT;
	return n;
}

static Node *new_string(const char *s)
{
	Node *n = new_node();
	n->node_case = PG_QUERY__NODE__NODE_STRING;
	n->string = xmalloc(sizeof *n->string);
	*n->string = (PgQuery__String) PG_QUERY__STRING__INIT;
	n->string->sval = xstrdup(s);
	return n;
}

static void free_node(Node *n)
{
	if (n)
		protobuf_c_message_free_unpacked(&n->base, NULL);
}

static const char *str_of(const Node *n)
{
	return n && n->node_case == PG_QUERY__NODE__NODE_STRING ? n->string->sval : NULL;
}

static bool is_const(const Node *n)
{
	if (!n)
		return false;
	if (n->node_case == PG_QUERY__NODE__NODE_A_CONST)
		return true;
	if (n->node_case == PG_QUERY__NODE__NODE_TYPE_CAST)
		return is_const(n->type_cast->arg);
	if (n->node_case == PG_QUERY__NODE__NODE_A_ARRAY_EXPR) {
		for (size_t i = 0; i < n->a_array_expr->n_elements; i++)
			if (!is_const(n->a_array_expr->elements[i]))
				return false;
		return n->a_array_expr->n_elements > 0;
	}
	return false;
}

static bool looks_numeric(const char *s)
{
	const char *p = s;
	if (*p == '-')
		p++;
	if (!*p)
		return false;
	bool dot = false, digit = false;
	for (; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digit = true;
		else if (*p == '.' && !dot)
			dot = true;
		else
			return false;
	}
	return digit;
}

/* Rule 2: '-1' -> -1 (Integer when it fits, else Float text). */
static void number_from_string(PgQuery__AConst *c)
{
	if (c->val_case != PG_QUERY__A__CONST__VAL_SVAL || !looks_numeric(c->sval->sval))
		return;
	char *text = xstrdup(c->sval->sval);
	protobuf_c_message_free_unpacked(&c->sval->base, NULL);
	char *end;
	long long v = strtoll(text, &end, 10);
	if (*end == '\0' && v >= INT32_MIN && v <= INT32_MAX) {
		c->val_case = PG_QUERY__A__CONST__VAL_IVAL;
		c->ival = xmalloc(sizeof *c->ival);
		*c->ival = (PgQuery__Integer) PG_QUERY__INTEGER__INIT;
		c->ival->ival = (int32_t) v;
		free(text);
	} else {
		c->val_case = PG_QUERY__A__CONST__VAL_FVAL;
		c->fval = xmalloc(sizeof *c->fval);
		*c->fval = (PgQuery__Float) PG_QUERY__FLOAT__INIT;
		c->fval->fval = text;
	}
}

/* Rule 2b: 1.5e3 -> 1500 (the server prints floats without exponent when it can). */
static void plain_float(PgQuery__AConst *c)
{
	if (c->val_case != PG_QUERY__A__CONST__VAL_FVAL || !strpbrk(c->fval->fval, "eE"))
		return;
	char *end;
	double v = strtod(c->fval->fval, &end);
	if (*end != '\0' || v != v)
		return;
	char buf[64];
	if (v == (double) (long long) v && v > -1e15 && v < 1e15)
		snprintf(buf, sizeof buf, "%lld", (long long) v);
	else
		snprintf(buf, sizeof buf, "%.17g", v);
	free(c->fval->fval);
	c->fval->fval = xstrdup(buf);
}

/* Replaces *slot by the cast's argument. */
static void drop_cast(Node **slot)
{
	Node *old = *slot;
	*slot = old->type_cast->arg;
	old->type_cast->arg = NULL;
	free_node(old);
}

static void strip_qualifier(Node ***names, size_t *n)
{
	if (*n != 2)
		return;
	const char *q = str_of((*names)[0]);
	if (!q || (strcmp(q, "pg_catalog") != 0 && strcmp(q, "public") != 0))
		return;
	free_node((*names)[0]);
	(*names)[0] = (*names)[1];
	*n = 1;
}

/* Rule 4: one String naming the type canonically. */
static void canonical_typename(PgQuery__TypeName *tn)
{
	strip_qualifier(&tn->names, &tn->n_names);
	const char *name = tn->n_names == 1 ? str_of(tn->names[0]) : NULL;
	const char *b = name ? types_builtin(name) : NULL;
	if (!b || tn->n_typmods)
		return;
	free_node(tn->names[0]);
	tn->names[0] = new_string(b);
}

static Node *new_aexpr(PgQuery__AExprKind kind, const char *op, Node *l, Node *r)
{
	Node *n = new_node();
	n->node_case = PG_QUERY__NODE__NODE_A_EXPR;
	n->a_expr = xmalloc(sizeof *n->a_expr);
	*n->a_expr = (PgQuery__AExpr) PG_QUERY__A__EXPR__INIT;
	n->a_expr->kind = kind;
	n->a_expr->n_name = 1;
	n->a_expr->name = xmalloc(sizeof(Node *));
	n->a_expr->name[0] = new_string(op);
	n->a_expr->lexpr = l;
	n->a_expr->rexpr = r;
	n->a_expr->location = -1;
	return n;
}

static Node *copy_node(const Node *n)
{
	size_t len = protobuf_c_message_get_packed_size(&n->base);
	uint8_t *buf = xmalloc(len ? len : 1);
	protobuf_c_message_pack(&n->base, buf);
	Node *c = pg_query__node__unpack(NULL, len, buf);
	free(buf);
	return c;
}

/* Rules 5 and 6. */
static void rewrite_aexpr(Node **slot)
{
	PgQuery__AExpr *e = (*slot)->a_expr;
	const char *op = e->n_name ? str_of(e->name[e->n_name - 1]) : NULL;
	if (e->kind == PG_QUERY__A__EXPR__KIND__AEXPR_IN && e->rexpr &&
	    e->rexpr->node_case == PG_QUERY__NODE__NODE_LIST && op) {
		PgQuery__List *l = e->rexpr->list;
		Node *arr = new_node();
		arr->node_case = PG_QUERY__NODE__NODE_A_ARRAY_EXPR;
		arr->a_array_expr = xmalloc(sizeof *arr->a_array_expr);
		*arr->a_array_expr = (PgQuery__AArrayExpr) PG_QUERY__A__ARRAY_EXPR__INIT;
		arr->a_array_expr->n_elements = l->n_items;
		arr->a_array_expr->elements = l->items;
		l->items = NULL;
		l->n_items = 0;
		free_node(e->rexpr);
		e->rexpr = arr;
		e->kind = strcmp(op, "=") == 0 ? PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY
					       : PG_QUERY__A__EXPR__KIND__AEXPR_OP_ALL;
		return;
	}
	if ((e->kind == PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN ||
	     e->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN) && e->rexpr &&
	    e->rexpr->node_case == PG_QUERY__NODE__NODE_LIST && e->rexpr->list->n_items == 2) {
		bool neg = e->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN;
		PgQuery__List *l = e->rexpr->list;
		Node *lo = new_aexpr(PG_QUERY__A__EXPR__KIND__AEXPR_OP, neg ? "<" : ">=",
				     copy_node(e->lexpr), l->items[0]);
		Node *hi = new_aexpr(PG_QUERY__A__EXPR__KIND__AEXPR_OP, neg ? ">" : "<=", e->lexpr,
				     l->items[1]);
		l->n_items = 0;
		e->lexpr = NULL;
		Node *b = new_node();
		b->node_case = PG_QUERY__NODE__NODE_BOOL_EXPR;
		b->bool_expr = xmalloc(sizeof *b->bool_expr);
		*b->bool_expr = (PgQuery__BoolExpr) PG_QUERY__BOOL_EXPR__INIT;
		b->bool_expr->boolop = neg ? PG_QUERY__BOOL_EXPR_TYPE__OR_EXPR
					   : PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR;
		b->bool_expr->n_args = 2;
		b->bool_expr->args = xmalloc(2 * sizeof(Node *));
		b->bool_expr->args[0] = lo;
		b->bool_expr->args[1] = hi;
		b->bool_expr->location = -1;
		free_node(*slot);
		*slot = b;
		return;
	}
	if (e->kind == PG_QUERY__A__EXPR__KIND__AEXPR_LIKE ||
	    e->kind == PG_QUERY__A__EXPR__KIND__AEXPR_ILIKE)
		e->kind = PG_QUERY__A__EXPR__KIND__AEXPR_OP; /* its name is already ~~ etc. */
}

static void rewrite_slot(Node **slot);

/* The name columns of a single-relation FROM list are qualified with. */
static const char *sole_relation(const PgQuery__SelectStmt *sel)
{
	if (sel->n_from_clause != 1 || sel->from_clause[0]->node_case != PG_QUERY__NODE__NODE_RANGE_VAR)
		return NULL;
	const PgQuery__RangeVar *rv = sel->from_clause[0]->range_var;
	if (rv->alias && rv->alias->aliasname && *rv->alias->aliasname)
		return rv->alias->aliasname;
	return rv->relname;
}

static void unqualify_columns(ProtobufCMessage *m, const char *rel);

static void unqualify_columns_child(ProtobufCMessage **slot, const ProtobufCFieldDescriptor *fd,
				    void *rel)
{
	(void) fd;
	unqualify_columns(*slot, rel);
}

static void unqualify_columns(ProtobufCMessage *m, const char *rel)
{
	if (!m)
		return;
	const ProtobufCMessageDescriptor *d = m->descriptor;
	if (d == &pg_query__select_stmt__descriptor)
		return;   /* a subquery has its own FROM list */
	if (d == &pg_query__column_ref__descriptor) {
		PgQuery__ColumnRef *c = (PgQuery__ColumnRef *) m;
		const char *q = c->n_fields == 2 ? str_of(c->fields[0]) : NULL;
		if (q && strcmp(q, rel) == 0 && str_of(c->fields[1])) {
			free_node(c->fields[0]);
			c->fields[0] = c->fields[1];
			c->n_fields = 1;
		}
		return;
	}
	pb_each_child(m, unqualify_columns_child, (void *) rel);
}

/* FigureColname: the column name the server gives an unnamed target. */
static const char *figure_colname(const Node *n)
{
	if (!n)
		return "?column?";
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_COLUMN_REF: {
		const PgQuery__ColumnRef *c = n->column_ref;
		const char *s = str_of(c->fields[c->n_fields - 1]);
		return s ? s : "?column?";
	}
	case PG_QUERY__NODE__NODE_FUNC_CALL:
		return str_of(n->func_call->funcname[n->func_call->n_funcname - 1]);
	case PG_QUERY__NODE__NODE_TYPE_CAST: {
		const char *s = figure_colname(n->type_cast->arg);
		if (strcmp(s, "?column?") != 0)
			return s;
		const PgQuery__TypeName *tn = n->type_cast->type_name;
		return str_of(tn->names[tn->n_names - 1]);
	}
	case PG_QUERY__NODE__NODE_CASE_EXPR:
		return "case";
	case PG_QUERY__NODE__NODE_COALESCE_EXPR:
		return "coalesce";
	case PG_QUERY__NODE__NODE_SQLVALUE_FUNCTION:
		return NULL;  /* depends on the keyword: keep any alias */
	default:
		return "?column?";
	}
}

static void rewrite_select(PgQuery__SelectStmt *sel)
{
	if (sel->with_clause)
		for (size_t i = 0; i < sel->with_clause->n_ctes && n_ctes < MAX_CTES; i++)
			ctes[n_ctes++] = sel->with_clause->ctes[i]->common_table_expr->ctename;
	const char *rel = sole_relation(sel);
	for (size_t i = 0; i < sel->n_target_list; i++) {
		PgQuery__ResTarget *rt = sel->target_list[i]->res_target;
		if (rel)
			unqualify_columns(&rt->base, rel);
		/* "a AS a" -> "a", "max(b) AS max" -> "max(b)": the alias the
		 * server would choose anyway */
		if (rt->name && *rt->name && rt->val) {
			const char *col = figure_colname(rt->val);
			if (col && strcmp(col, rt->name) == 0) {
				free(rt->name);
				rt->name = xstrdup("");
			}
		}
	}
	if (rel) {
		unqualify_columns((ProtobufCMessage *) sel->where_clause, rel);
		for (size_t i = 0; i < sel->n_group_clause; i++)
			unqualify_columns(&sel->group_clause[i]->base, rel);
		unqualify_columns((ProtobufCMessage *) sel->having_clause, rel);
		for (size_t i = 0; i < sel->n_sort_clause; i++)
			unqualify_columns(&sel->sort_clause[i]->base, rel);
	}
}

static void rewrite_select(PgQuery__SelectStmt *sel);


static void walk_message(ProtobufCMessage *m);

/* Node slots are rewritten in place (a node may be replaced); other
 * messages are walked into. */
static void walk_child(ProtobufCMessage **slot, const ProtobufCFieldDescriptor *fd, void *arg)
{
	(void) arg;
	if (fd->descriptor == &pg_query__node__descriptor)
		rewrite_slot((Node **) slot);
	else
		walk_message(*slot);
}

static void walk_message(ProtobufCMessage *m)
{
	if (!m)
		return;
	const ProtobufCMessageDescriptor *d = m->descriptor;
	if (d == &pg_query__range_var__descriptor) {
		PgQuery__RangeVar *rv = (PgQuery__RangeVar *) m;
		if (rv->schemaname && strcmp(rv->schemaname, "public") == 0) {
			free(rv->schemaname);
			rv->schemaname = xstrdup("");
		} else if (default_schema && !(rv->schemaname && *rv->schemaname) &&
			   !cte_in_scope(rv->relname)) {
			/* unset strings point at protobuf-c's shared empty string */
			if (rv->schemaname != protobuf_c_empty_string)
				free(rv->schemaname);
			rv->schemaname = xstrdup(default_schema);
		}
	} else if (d == &pg_query__with_clause__descriptor) {
		const PgQuery__WithClause *w = (const PgQuery__WithClause *) m;
		for (size_t i = 0; i < w->n_ctes && n_ctes < MAX_CTES; i++)
			ctes[n_ctes++] = w->ctes[i]->common_table_expr->ctename;
	} else if (d == &pg_query__create_trig_stmt__descriptor) {
		PgQuery__CreateTrigStmt *t = (PgQuery__CreateTrigStmt *) m;
		if (default_schema && t->n_funcname == 1) {
			t->funcname = xrealloc(t->funcname, 2 * sizeof(Node *));
			t->funcname[1] = t->funcname[0];
			t->funcname[0] = new_string(default_schema);
			t->n_funcname = 2;
		}
		strip_qualifier(&t->funcname, &t->n_funcname);
		t->replace = 0;   /* CREATE OR REPLACE TRIGGER defines the same trigger */
	} else if (d == &pg_query__select_stmt__descriptor)
		rewrite_select((PgQuery__SelectStmt *) m);
	pb_each_child(m, walk_child, NULL);
}

static bool is_seq_function(const PgQuery__FuncCall *f)
{
	const char *name = str_of(f->funcname[f->n_funcname - 1]);
	return name && (strcmp(name, "nextval") == 0 || strcmp(name, "currval") == 0 ||
			strcmp(name, "setval") == 0);
}

static void rewrite_slot(Node **slot)
{
	Node *n = *slot;
	if (!n)
		return;
	walk_message(&n->base);   /* children first */
	n = *slot;
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_A_CONST:
		plain_float(n->a_const);
		break;
	case PG_QUERY__NODE__NODE_TYPE_CAST: {
		Node *arg = n->type_cast->arg;
		if (arg && (is_const(arg) || arg->node_case == PG_QUERY__NODE__NODE_COLUMN_REF)) {
			bool was_string = arg->node_case == PG_QUERY__NODE__NODE_A_CONST;
			drop_cast(slot);
			if (was_string)
				number_from_string((*slot)->a_const);
		} else if (n->type_cast->type_name)
			canonical_typename(n->type_cast->type_name);
		break;
	}
	case PG_QUERY__NODE__NODE_A_EXPR:
		rewrite_aexpr(slot);
		break;
	case PG_QUERY__NODE__NODE_COLLATE_CLAUSE: /* rule 12 */
		strip_qualifier(&n->collate_clause->collname, &n->collate_clause->n_collname);
		break;
	case PG_QUERY__NODE__NODE_FUNC_CALL: {
		PgQuery__FuncCall *f = n->func_call;
		strip_qualifier(&f->funcname, &f->n_funcname);
		if (is_seq_function(f) && f->n_args >= 1 &&
		    f->args[0]->node_case == PG_QUERY__NODE__NODE_A_CONST &&
		    f->args[0]->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL) {
			PgQuery__String *s = f->args[0]->a_const->sval;
			if (strncmp(s->sval, "public.", 7) == 0) {
				char *bare = xstrdup(s->sval + 7);
				free(s->sval);
				s->sval = bare;
			}
		}
		break;
	}
	default:
		break;
	}
}

static char *deparse(PgQuery__ParseResult *tree)
{
	size_t len = pg_query__parse_result__get_packed_size(tree);
	PgQueryProtobuf pb = {.len = len, .data = xmalloc(len ? len : 1)};
	pg_query__parse_result__pack(tree, (uint8_t *) pb.data);
	PgQueryDeparseResult d = pg_query_deparse_protobuf(pb);
	free(pb.data);
	char *out = NULL;
	if (!d.error && d.query)
		out = xstrdup(d.query);
	pg_query_free_deparse_result(d);
	return out;
}

/* A view's column list names the output columns of every arm of its
 * top-level UNION / INTERSECT / EXCEPT, as the server prints it. */
static void apply_view_aliases(PgQuery__SelectStmt *sel)
{
	if (sel->op != PG_QUERY__SET_OPERATION__SETOP_NONE) {
		if (sel->larg)
			apply_view_aliases(sel->larg);
		if (sel->rarg)
			apply_view_aliases(sel->rarg);
		return;
	}
	for (size_t i = 0; i < sel->n_target_list && i < n_view_aliases; i++) {
		PgQuery__ResTarget *rt = sel->target_list[i]->res_target;
		if (rt->name != protobuf_c_empty_string)
			free(rt->name);
		rt->name = xstrdup(view_aliases[i]);
	}
}

static void rewrite_tree(PgQuery__ParseResult *tree)
{
	if (view_aliases && tree->n_stmts == 1 &&
	    tree->stmts[0]->stmt->node_case == PG_QUERY__NODE__NODE_SELECT_STMT)
		apply_view_aliases(tree->stmts[0]->stmt->select_stmt);
	for (size_t i = 0; i < tree->n_stmts; i++)
		rewrite_slot(&tree->stmts[i]->stmt);
}

/* Canonical text of `text` parsed as a whole: NULL when it does not parse
 * as exactly one statement accepted by `want_select_expr`'s mode. */
static char *canonical_of(const char *text, bool expression)
{
	n_ctes = 0;  /* names point into the tree of one call */
	PgQueryProtobufParseResult r = pg_query_parse_protobuf(text);
	char *result = NULL;
	int at;
	/* a tree nested too deeply is compared as written */
	if (!r.error && !pb_parse_result_too_deep((const uint8_t *) r.parse_tree.data,
						  r.parse_tree.len, PARSE_MAX_NESTING, &at)) {
		PgQuery__ParseResult *tree = pg_query__parse_result__unpack(
			NULL, r.parse_tree.len, (const uint8_t *) r.parse_tree.data);
		if (tree && tree->n_stmts == 1) {
			Node *st = tree->stmts[0]->stmt;
			if (expression && st->node_case == PG_QUERY__NODE__NODE_SELECT_STMT) {
				PgQuery__SelectStmt *sel = st->select_stmt;
				for (size_t i = 0; i < sel->n_target_list; i++)
					rewrite_slot(&sel->target_list[i]->res_target->val);
				char *text2 = deparse(tree);
				if (text2 && strncmp(text2, "SELECT ", 7) == 0)
					result = xstrdup(text2 + 7);
				free(text2);
			} else if (!expression) {
				/* location fields would otherwise be carried along harmlessly */
				tree->stmts[0]->stmt_location = 0;
				tree->stmts[0]->stmt_len = 0;
				rewrite_tree(tree);
				result = deparse(tree);
			}
		}
		if (tree)
			pg_query__parse_result__free_unpacked(tree, NULL);
	}
	pg_query_free_protobuf_parse_result(r);
	n_ctes = 0;
	return result;
}

const char *expr_canonical_in_schema(Arena *arena, const char *sql, const char *schema)
{
	default_schema = schema && strcmp(schema, "public") != 0 ? schema : NULL;
	n_ctes = 0;
	const char *r = expr_canonical(arena, sql);
	default_schema = NULL;
	n_ctes = 0;
	return r;
}

const char *expr_view_canonical(Arena *arena, const char *sql, const char *schema,
				const char *const *aliases, size_t n_aliases)
{
	view_aliases = n_aliases ? aliases : NULL;
	n_view_aliases = n_aliases;
	const char *r = expr_canonical_in_schema(arena, sql, schema);
	view_aliases = NULL;
	n_view_aliases = 0;
	return r;
}

const char *expr_canonical(Arena *arena, const char *sql)
{
	StrBuf q = STRBUF_INIT;
	strbuf_printf(&q, "SELECT %s", sql);
	char *text = canonical_of(q.buf, true);
	strbuf_release(&q);
	if (!text)
		text = canonical_of(sql, false);  /* a whole statement: view query, trigger */
	const char *result = arena_strdup(arena, text ? text : sql);
	free(text);
	return result;
}

const char *expr_function_arguments_canonical(Arena *arena, const char *args)
{
	static const char head[] = "CREATE FUNCTION pgstage_f(";
	static const char tail[] = ") RETURNS void LANGUAGE sql AS ''";
	StrBuf q = STRBUF_INIT;
	strbuf_printf(&q, "%s%s%s", head, args, tail);
	PgQueryProtobufParseResult r = pg_query_parse_protobuf(q.buf);
	strbuf_release(&q);
	char *text = NULL;
	int at;
	if (!r.error && !pb_parse_result_too_deep((const uint8_t *) r.parse_tree.data,
						  r.parse_tree.len, PARSE_MAX_NESTING, &at)) {
		PgQuery__ParseResult *tree = pg_query__parse_result__unpack(
			NULL, r.parse_tree.len, (const uint8_t *) r.parse_tree.data);
		if (tree && tree->n_stmts == 1 &&
		    tree->stmts[0]->stmt->node_case == PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT) {
			PgQuery__CreateFunctionStmt *f = tree->stmts[0]->stmt->create_function_stmt;
			for (size_t i = 0; i < f->n_parameters; i++) {
				PgQuery__FunctionParameter *p = f->parameters[i]->function_parameter;
				canonical_typename(p->arg_type);
				rewrite_slot(&p->defexpr);
			}
			text = deparse(tree);
		}
		if (tree)
			pg_query__parse_result__free_unpacked(tree, NULL);
	}
	pg_query_free_protobuf_parse_result(r);
	const char *result = args;
	/* keep what is between "pgstage_f(" and the last ") RETURNS" */
	char *open = text ? strchr(text, '(') : NULL;
	char *close = text ? strstr(text, ") RETURNS") : NULL;
	if (open && close && close > open) {
		char *next;
		while ((next = strstr(close + 1, ") RETURNS")) != NULL)
			close = next;
		result = arena_strndup(arena, open + 1, (size_t) (close - open - 1));
	} else
		result = arena_strdup(arena, args);
	free(text);
	return result;
}

const char *expr_exclusion_canonical(Arena *arena, const char *text)
{
	static const char head[] = "ALTER TABLE pgstage_t ADD EXCLUDE ";
	StrBuf q = STRBUF_INIT;
	strbuf_printf(&q, "%s%s", head, text);
	char *out = canonical_of(q.buf, false);
	strbuf_release(&q);
	const char *result;
	if (out && strncmp(out, head, sizeof head - 1) == 0)
		result = arena_strdup(arena, out + sizeof head - 1);
	else
		result = arena_strdup(arena, text);
	free(out);
	return result;
}
