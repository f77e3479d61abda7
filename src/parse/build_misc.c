/*
 * build_misc.c - CREATE SCHEMA, CREATE TYPE ... AS ENUM, CREATE EXTENSION,
 * COMMENT ON (every modelled kind, collations included).
 *
 * Memory ownership: everything goes into the catalog arena.
 */
#include "parse/parse_int.h"

#include <string.h>

int build_schema(ParseCtx *ctx, const PgQuery__CreateSchemaStmt *s, int loc)
{
	if (s->n_schema_elts)
		return parse_error(ctx, loc, "unsupported statement: CREATE SCHEMA with elements");
	if (!s->schemaname || !*s->schemaname)
		return parse_error(ctx, loc, "unsupported statement: CREATE SCHEMA AUTHORIZATION");
	Object *prev = catalog_find(ctx->cat, OBJ_SCHEMA, NULL, NULL, s->schemaname, NULL);
	if (prev && !prev->loc.file) {
		prev->loc = srctext_loc(ctx, loc);   /* the implicit public schema */
		return 0;
	}
	if (prev && s->if_not_exists)
		return 0;
	Object *o = object_new(ctx->cat, OBJ_SCHEMA, sizeof(Object), NULL, s->schemaname);
	o->loc = srctext_loc(ctx, loc);
	return catalog_add(ctx->cat, o, ctx->err);
}

int build_enum(ParseCtx *ctx, const PgQuery__CreateEnumStmt *s, int loc)
{
	const char *schema, *name;
	int rc = qualified_name(ctx, s->type_name, s->n_type_name, &schema, &name, loc);
	if (rc)
		return rc;
	EnumType *e = object_new(ctx->cat, OBJ_ENUM, sizeof(EnumType), schema, name);
	e->obj.loc = srctext_loc(ctx, loc);
	for (size_t i = 0; i < s->n_vals; i++) {
		const char *label = node_str(s->vals[i]);
		VEC_EACH(const char *, l, &e->labels)
			if (strcmp(l, label) == 0)
				return parse_error(ctx, loc, "enum label \"%s\" used more than once", label);
		vec_push(ctx->cat->arena, &e->labels, arena_strdup(ctx->cat->arena, label));
	}
	object_add_dep(ctx->cat, &e->obj, object_key(ctx->cat->arena, OBJ_SCHEMA, NULL, NULL, schema, NULL));
	return catalog_add(ctx->cat, &e->obj, ctx->err);
}

static const char *defelem_string(const PgQuery__DefElem *d)
{
	if (!d->arg)
		return NULL;
	if (d->arg->node_case == PG_QUERY__NODE__NODE_STRING)
		return d->arg->string->sval;
	return NULL;
}

int build_extension(ParseCtx *ctx, const PgQuery__CreateExtensionStmt *s, int loc)
{
	if (s->if_not_exists && catalog_find(ctx->cat, OBJ_EXTENSION, NULL, NULL, s->extname, NULL))
		return 0;
	Extension *e = object_new(ctx->cat, OBJ_EXTENSION, sizeof(Extension), NULL, s->extname);
	e->obj.loc = srctext_loc(ctx, loc);
	e->ext_schema = ctx->schema;
	for (size_t i = 0; i < s->n_options; i++) {
		const PgQuery__DefElem *d = s->options[i]->def_elem;
		const char *v = defelem_string(d);
		if (strcmp(d->defname, "schema") == 0 && v)
			e->ext_schema = arena_strdup(ctx->cat->arena, v);
		else if (strcmp(d->defname, "new_version") == 0 && v)
			e->version = arena_strdup(ctx->cat->arena, v);
		else if (strcmp(d->defname, "cascade") != 0)
			return parse_error(ctx, d->location, "unsupported CREATE EXTENSION option \"%s\"",
					   d->defname);
	}
	if (!ctx->ext_schema)
		ctx->ext_schema = e->ext_schema;
	return catalog_add(ctx->cat, &e->obj, ctx->err);
}

/* The comment's target: an object header, or a column or constraint comment slot. */
static int comment_target(ParseCtx *ctx, const PgQuery__CommentStmt *s, int loc,
			  const char ***slot)
{
	Arena *a = ctx->cat->arena;
	const Node *obj = s->object;
	const char *schema = NULL, *name = NULL;
	Node **items = NULL;
	size_t n = 0;
	if (obj->node_case == PG_QUERY__NODE__NODE_LIST) {
		items = obj->list->items;
		n = obj->list->n_items;
	} else if (obj->node_case == PG_QUERY__NODE__NODE_TYPE_NAME) {
		items = obj->type_name->names;
		n = obj->type_name->n_names;
	}
	ObjKind kind;
	switch (s->objtype) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA:
	case PG_QUERY__OBJECT_TYPE__OBJECT_EXTENSION: {
		kind = s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA ? OBJ_SCHEMA : OBJ_EXTENSION;
		Object *o = catalog_find(ctx->cat, kind, NULL, NULL, node_str(obj), NULL);
		if (!o)
			break;
		*slot = &o->comment;
		return 0;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
	case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
	case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
	case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN: {
		int rc = qualified_name(ctx, items, n, &schema, &name, loc);
		if (rc)
			return rc;
		static const ObjKind rels[] = {OBJ_TABLE, OBJ_INDEX, OBJ_SEQUENCE, OBJ_VIEW, OBJ_MATVIEW,
					       OBJ_ENUM, OBJ_DOMAIN, OBJ_COMPOSITE};
		for (size_t i = 0; i < sizeof rels / sizeof rels[0]; i++) {
			Object *o = catalog_find(ctx->cat, rels[i], schema, NULL, name, NULL);
			if (o) {
				*slot = &o->comment;
				return 0;
			}
		}
		break;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN: {
		if (n < 2)
			break;
		const char *col = node_str(items[n - 1]);
		int rc = qualified_name(ctx, items, n - 1, &schema, &name, loc);
		if (rc)
			return rc;
		Table *t = catalog_find_table(ctx->cat, schema, name);
		Column *c = t ? table_find_column(t, col) : NULL;
		if (!c)
			break;
		*slot = &c->comment;
		return 0;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT: {
		if (n < 2)
			break;
		const char *con = node_str(items[n - 1]);
		int rc = qualified_name(ctx, items, n - 1, &schema, &name, loc);
		if (rc)
			return rc;
		Table *t = catalog_find_table(ctx->cat, schema, name);
		Constraint *c = t ? table_find_constraint(t, con) : NULL;
		if (!c)
			break;
		*slot = &c->comment;
		return 0;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
	case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE: {
		const PgQuery__ObjectWithArgs *ow = obj->object_with_args;
		int rc = qualified_name(ctx, ow->objname, ow->n_objname, &schema, &name, loc);
		if (rc)
			return rc;
		Object *o = NULL;
		if (ow->args_unspecified) {
			/* the only function of that name */
			int hits = 0;
			VEC_EACH(Object *, f, &ctx->cat->objects)
				if (f->kind == OBJ_FUNCTION && strcmp(f->schema, schema) == 0 &&
				    strcmp(f->name, name) == 0)
					o = f, hits++;
			if (hits > 1)
				return parse_error(ctx, loc, "function name \"%s\" is not unique", name);
		} else {
			const char *sig = function_signature(ctx, ow->objargs, ow->n_objargs, false);
			o = sig ? catalog_find(ctx->cat, OBJ_FUNCTION, schema, NULL, name, sig) : NULL;
		}
		if (!o)
			break;
		*slot = &o->comment;
		return 0;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_COLLATION: {
		int rc = qualified_name(ctx, items, n, &schema, &name, loc);
		if (rc)
			return rc;
		Object *o = catalog_find(ctx->cat, OBJ_COLLATION, schema, NULL, name, NULL);
		if (!o)
			break;
		*slot = &o->comment;
		return 0;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER:
	case PG_QUERY__OBJECT_TYPE__OBJECT_POLICY: {
		/* (schema.)table.name */
		if (n < 2)
			break;
		const char *oname = node_str(items[n - 1]);
		int rc = qualified_name(ctx, items, n - 1, &schema, &name, loc);
		if (rc)
			return rc;
		kind = s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER ? OBJ_TRIGGER : OBJ_POLICY;
		Object *o = catalog_find(ctx->cat, kind, schema, name, oname, NULL);
		if (!o)
			break;
		*slot = &o->comment;
		return 0;
	}
	default:
		return parse_error(ctx, loc, "unsupported statement: COMMENT ON this kind of object");
	}
	(void) a;
	return parse_error(ctx, loc, "comment on an object not defined in the schema");
}

int build_comment(ParseCtx *ctx, const PgQuery__CommentStmt *s, int loc)
{
	const char **slot = NULL;
	int rc = comment_target(ctx, s, loc, &slot);
	if (rc)
		return rc;
	/* COMMENT ... IS NULL (or '') removes the comment */
	*slot = s->comment && *s->comment ? arena_strdup(ctx->cat->arena, s->comment) : NULL;
	return 0;
}
