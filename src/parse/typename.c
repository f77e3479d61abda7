/*
 * typename.c - TypeName nodes -> canonical type names (src/model/types.c),
 * and qualified-name helpers.
 *
 * Resolution of an unqualified name: a pg_catalog built-in; else a type the
 * file defined in the current schema; else the schema of the file's CREATE
 * EXTENSION (extension types such as citext); else the current schema.
 *
 * Memory ownership: results are copied into the catalog arena.
 */
#include "parse/parse_int.h"
#include "model/ident.h"
#include "model/types.h"

#include <string.h>

const char *node_str(const Node *n)
{
	if (n && n->node_case == PG_QUERY__NODE__NODE_STRING)
		return n->string->sval;
	return NULL;
}

int qualified_name(ParseCtx *ctx, Node **names, size_t n, const char **schema,
		   const char **name, int loc)
{
	if (n == 1) {
		*schema = ctx->schema;
		*name = node_str(names[0]);
	} else if (n == 2) {
		*schema = node_str(names[0]);
		*name = node_str(names[1]);
	} else if (n == 3) {
		/* database.schema.name: the database part is the connected one */
		*schema = node_str(names[1]);
		*name = node_str(names[2]);
	} else
		return parse_error(ctx, loc, "improper qualified name (too many dotted names)");
	if (!*schema || !*name)
		return parse_error(ctx, loc, "improper qualified name");
	*schema = arena_strdup(ctx->cat->arena, *schema);
	*name = arena_strdup(ctx->cat->arena, *name);
	return 0;
}

void rangevar_name(ParseCtx *ctx, const PgQuery__RangeVar *rv, const char **schema,
		   const char **name)
{
	*schema = arena_strdup(ctx->cat->arena,
			       rv->schemaname && *rv->schemaname ? rv->schemaname : ctx->schema);
	*name = arena_strdup(ctx->cat->arena, rv->relname);
}

static bool user_type_exists(ParseCtx *ctx, const char *schema, const char *name)
{
	return catalog_find(ctx->cat, OBJ_ENUM, schema, NULL, name, NULL) ||
	       catalog_find(ctx->cat, OBJ_DOMAIN, schema, NULL, name, NULL) ||
	       catalog_find(ctx->cat, OBJ_COMPOSITE, schema, NULL, name, NULL) ||
	       catalog_find(ctx->cat, OBJ_TABLE, schema, NULL, name, NULL) ||
	       catalog_find(ctx->cat, OBJ_VIEW, schema, NULL, name, NULL);
}

/* Key of the object defining a user type, for dependencies. */
static const char *type_dep_key(ParseCtx *ctx, const char *schema, const char *name)
{
	static const ObjKind kinds[] = {OBJ_ENUM, OBJ_DOMAIN, OBJ_COMPOSITE, OBJ_TABLE, OBJ_VIEW};
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		Object *o = catalog_find(ctx->cat, kinds[i], schema, NULL, name, NULL);
		if (o)
			return o->key;
	}
	return NULL;
}

static int const_int(const Node *n, int *out)
{
	if (n && n->node_case == PG_QUERY__NODE__NODE_A_CONST && n->a_const->val_case ==
	    PG_QUERY__A__CONST__VAL_IVAL) {
		*out = n->a_const->ival ? n->a_const->ival->ival : 0;
		return 0;
	}
	return -1;
}

int typename_canonical(ParseCtx *ctx, const PgQuery__TypeName *tn, const char **out,
		       const char **dep_key)
{
	StrBuf sb = STRBUF_INIT;
	const char *schema = NULL, *name = NULL;
	if (dep_key)
		*dep_key = NULL;
	if (tn->pct_type)
		return parse_error(ctx, tn->location, "%%TYPE references are not supported");
	if (tn->n_names == 1)
		name = node_str(tn->names[0]);
	else if (tn->n_names >= 2) {
		schema = node_str(tn->names[tn->n_names - 2]);
		name = node_str(tn->names[tn->n_names - 1]);
	}
	if (!name)
		return parse_error(ctx, tn->location, "improper type name");

	int typmods[8], n_typmods = 0;
	for (size_t i = 0; i < tn->n_typmods && i < 8; i++) {
		if (const_int(tn->typmods[i], &typmods[n_typmods]) != 0) {
			/* user-defined typmod input (rare): keep the literal text */
			return parse_error(ctx, tn->location, "unsupported type modifier");
		}
		n_typmods++;
	}

	const char *builtin = NULL;
	if (!schema || strcmp(schema, "pg_catalog") == 0) {
		/* plain "char" means the one-byte type, pg_catalog.bpchar is character */
		if (schema && strcmp(name, "bpchar") == 0)
			builtin = "character";
		else if (!(schema == NULL && user_type_exists(ctx, ctx->schema, name)))
			builtin = types_builtin(name);
	}
	if (builtin)
		types_format(&sb, builtin, typmods, n_typmods);
	else {
		if (!schema) {
			if (user_type_exists(ctx, ctx->schema, name))
				schema = ctx->schema;
			else
				schema = ctx->ext_schema ? ctx->ext_schema : ctx->schema;
		}
		strbuf_qualified(&sb, schema, name);
		if (n_typmods) {
			strbuf_putc(&sb, '(');
			for (int i = 0; i < n_typmods; i++)
				strbuf_printf(&sb, "%s%d", i ? "," : "", typmods[i]);
			strbuf_putc(&sb, ')');
		}
		if (dep_key)
			*dep_key = type_dep_key(ctx, schema, name);
	}
	if (tn->n_array_bounds)
		strbuf_puts(&sb, "[]");
	*out = catalog_intern(ctx->cat, sb.buf);
	strbuf_release(&sb);
	return 0;
}

const char *collation_canonical(ParseCtx *ctx, Node **names, size_t n, const char **dep_key)
{
	StrBuf sb = STRBUF_INIT;
	const char *schema = n >= 2 ? node_str(names[n - 2]) : NULL;
	const char *name = n >= 1 ? node_str(names[n - 1]) : NULL;
	if (dep_key)
		*dep_key = NULL;
	if (!name) {
		strbuf_release(&sb);
		return NULL;
	}
	/* an unqualified name is looked up in pg_catalog first: the built-in
	 * ones live there ("default" means none); else a collation the file
	 * defined in the current schema; else names shaped like the built-in
	 * libc and ICU ones (en_US.utf8, de-x-icu) */
	if (!schema) {
		if (strcmp(name, "default") == 0) {
			strbuf_release(&sb);
			return NULL;
		}
		bool builtin = strcmp(name, "C") == 0 || strcmp(name, "POSIX") == 0 ||
			       strcmp(name, "ucs_basic") == 0;
		if (!builtin && !catalog_find(ctx->cat, OBJ_COLLATION, ctx->schema, NULL, name, NULL))
			builtin = strchr(name, '.') || strchr(name, '-') || strchr(name, '_');
		schema = builtin ? "pg_catalog" : ctx->schema;
	}
	if (dep_key && strcmp(schema, "pg_catalog") != 0)
		*dep_key = object_key(ctx->cat->arena, OBJ_COLLATION, schema, NULL, name, NULL);
	strbuf_qualified(&sb, schema, name);
	const char *r = arena_strndup(ctx->cat->arena, sb.buf, sb.len);
	strbuf_release(&sb);
	return r;
}
