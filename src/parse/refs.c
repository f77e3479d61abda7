/*
 * refs.c - columns and functions an expression names; see refs.h.
 * Memory ownership: the parse tree is freed before returning; names are
 * copied into the caller's arena.
 */
#include "parse/refs.h"
#include "parse/pb_walk.h"

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>
#include <string.h>

typedef PgQuery__Node Node;

typedef struct Walk {
	ExprRefs *out;
	Arena *arena;
	int base;             /* length of the "SELECT " prefix */
} Walk;

static const char *string_of(const Node *n)
{
	return n && n->node_case == PG_QUERY__NODE__NODE_STRING ? n->string->sval : NULL;
}

static void visit(ProtobufCMessage **slot, const ProtobufCFieldDescriptor *fd, void *arg);

static void walk(ProtobufCMessage *m, Walk *w)
{
	if (!m)
		return;
	if (m->descriptor == &pg_query__sub_link__descriptor ||
	    m->descriptor == &pg_query__range_subselect__descriptor)
		w->out->has_subquery = true;
	if (m->descriptor == &pg_query__column_ref__descriptor) {
		const PgQuery__ColumnRef *c = (const PgQuery__ColumnRef *) m;
		const char *name = c->n_fields == 1 ? string_of(c->fields[0]) : NULL;
		if (name) {
			ColRef *r = ARENA_NEW(w->arena, ColRef);
			r->name = arena_strdup(w->arena, name);
			r->offset = c->location >= w->base ? c->location - w->base : 0;
			vec_push(w->arena, &w->out->columns, r);
		}
	} else if (m->descriptor == &pg_query__func_call__descriptor) {
		const PgQuery__FuncCall *f = (const PgQuery__FuncCall *) m;
		const char *last = f->n_funcname ? string_of(f->funcname[f->n_funcname - 1]) : NULL;
		const char *schema = f->n_funcname == 2 ? string_of(f->funcname[0]) : NULL;
		if (last && f->n_funcname <= 2) {
			FuncRef *r = ARENA_NEW(w->arena, FuncRef);
			r->schema = schema ? arena_strdup(w->arena, schema) : NULL;
			r->name = arena_strdup(w->arena, last);
			r->offset = f->location >= w->base ? f->location - w->base : 0;
			vec_push(w->arena, &w->out->functions, r);
		}
	}
	pb_each_child(m, visit, w);
}

static void visit(ProtobufCMessage **slot, const ProtobufCFieldDescriptor *fd, void *arg)
{
	(void) fd;
	walk(*slot, arg);
}

void expr_refs(ExprRefs *out, Arena *arena, const char *sql)
{
	*out = (ExprRefs){0};
	static const char prefix[] = "SELECT ";
	size_t n = strlen(sql);
	char *text = arena_alloc(arena, sizeof prefix + n);
	memcpy(text, prefix, sizeof prefix - 1);
	memcpy(text + sizeof prefix - 1, sql, n + 1);
	PgQueryProtobufParseResult r = pg_query_parse_protobuf(text);
	if (!r.error) {
		PgQuery__ParseResult *tree = pg_query__parse_result__unpack(
			NULL, r.parse_tree.len, (const uint8_t *) r.parse_tree.data);
		if (tree && tree->n_stmts == 1) {
			Walk w = {.out = out, .arena = arena, .base = (int) sizeof prefix - 1};
			out->parsed = true;
			walk((ProtobufCMessage *) tree->stmts[0]->stmt, &w);
		}
		if (tree)
			pg_query__parse_result__free_unpacked(tree, NULL);
	}
	pg_query_free_protobuf_parse_result(r);
}
