/*
 * catalog.c - object store: allocation, identity keys, lookup, ordering.
 *
 * Memory ownership: see model.h; the hash index's slot array is the only
 * malloc'd part and is released by catalog_free().
 */
#include "model/model.h"
#include "util/strbuf.h"
#include "util/like.h"

#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name, *sql;
} kind_names[OBJ_KIND_COUNT] = {
	[OBJ_SCHEMA] = {"schema", "SCHEMA"},
	[OBJ_EXTENSION] = {"extension", "EXTENSION"},
	[OBJ_COLLATION] = {"collation", "COLLATION"},
	[OBJ_ENUM] = {"enum type", "TYPE"},
	[OBJ_DOMAIN] = {"domain", "DOMAIN"},
	[OBJ_COMPOSITE] = {"composite type", "TYPE"},
	[OBJ_SEQUENCE] = {"sequence", "SEQUENCE"},
	[OBJ_FUNCTION] = {"function", "FUNCTION"},
	[OBJ_TABLE] = {"table", "TABLE"},
	[OBJ_VIEW] = {"view", "VIEW"},
	[OBJ_MATVIEW] = {"materialized view", "MATERIALIZED VIEW"},
	[OBJ_INDEX] = {"index", "INDEX"},
	[OBJ_TRIGGER] = {"trigger", "TRIGGER"},
	[OBJ_POLICY] = {"policy", "POLICY"},
	[OBJ_DEFAULT_ACL] = {"default privileges", "DEFAULT PRIVILEGES"},
};

const char *obj_kind_name(ObjKind kind)
{
	return kind < OBJ_KIND_COUNT ? kind_names[kind].name : "object";
}

const char *obj_kind_sql(ObjKind kind)
{
	return kind < OBJ_KIND_COUNT ? kind_names[kind].sql : "";
}

Catalog *catalog_new(void)
{
	Catalog *cat = xcalloc(1, sizeof(Catalog));
	cat->arena = arena_new();
	return cat;
}

void catalog_free(Catalog *cat)
{
	if (!cat)
		return;
	hashmap_release(&cat->by_key);
	hashmap_release(&cat->strings);
	arena_free(cat->arena);
	free(cat);
}

void *object_new(Catalog *cat, ObjKind kind, size_t size, const char *schema, const char *name)
{
	Object *obj = arena_alloc(cat->arena, size);
	obj->kind = kind;
	obj->schema = arena_strdup(cat->arena, schema);
	obj->name = arena_strdup(cat->arena, name);
	return obj;
}

/* Kinds sharing one namespace in pg_type share a key prefix, so that an
 * enum and a domain of the same name collide as they do in PostgreSQL. */
static const char *key_prefix(ObjKind kind)
{
	switch (kind) {
	case OBJ_ENUM:
	case OBJ_DOMAIN:
	case OBJ_COMPOSITE:
		return "type";
	case OBJ_TABLE:
	case OBJ_VIEW:
	case OBJ_MATVIEW:
	case OBJ_SEQUENCE:
	case OBJ_INDEX:
		return "rel";
	default:
		return obj_kind_name(kind);
	}
}

static void build_key(StrBuf *sb, ObjKind kind, const char *schema, const char *parent,
		      const char *name, const char *signature)
{
	/* \x1f cannot appear in a valid identifier, so keys never collide;
	 * appended piece by piece (a printf per key was a tenth of the parse) */
	const char *parts[] = {key_prefix(kind), schema, parent, name, signature};
	strbuf_grow(sb, 64);
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		if (i)
			strbuf_putc(sb, '\x1f');
		if (parts[i])
			strbuf_puts(sb, parts[i]);
	}
}

const char *object_key(Arena *arena, ObjKind kind, const char *schema, const char *parent,
		       const char *name, const char *signature)
{
	StrBuf sb = STRBUF_INIT;
	build_key(&sb, kind, schema, parent, name, signature);
	const char *key = arena_strndup(arena, sb.buf, sb.len);
	strbuf_release(&sb);
	return key;
}

int catalog_add(Catalog *cat, Object *obj, PgsError *err)
{
	obj->key = object_key(cat->arena, obj->kind, obj->schema, obj->parent, obj->name,
			      obj->signature);
	Object *prev = hashmap_get(&cat->by_key, obj->key);
	if (prev) {
		const char *qual = obj->schema ? obj->schema : "";
		if (obj->loc.file && prev->loc.file) {
			pgs_error_at(err, PGSTAGE_EINPUT, obj->loc.file, obj->loc.line, obj->loc.col,
				     "%s \"%s%s%s\" is already defined", obj_kind_name(obj->kind), qual,
				     *qual ? "." : "", obj->name);
			pgs_error_detail(err, "first defined as %s at %s:%d:%d",
					 obj_kind_name(prev->kind), prev->loc.file, prev->loc.line,
					 prev->loc.col);
			return PGSTAGE_EINPUT;
		}
		return pgs_error_set(err, PGSTAGE_EINPUT, "%s \"%s%s%s\" is already defined",
				     obj_kind_name(obj->kind), qual, *qual ? "." : "", obj->name);
	}
	hashmap_put(&cat->by_key, obj->key, obj);
	vec_push(cat->arena, &cat->objects, obj);
	return 0;
}

Object *catalog_find_key(const Catalog *cat, const char *key)
{
	return hashmap_get(&cat->by_key, key);
}

Object *catalog_find(const Catalog *cat, ObjKind kind, const char *schema, const char *parent,
		     const char *name, const char *signature)
{
	StrBuf sb = STRBUF_INIT;
	build_key(&sb, kind, schema, parent, name, signature);
	Object *obj = hashmap_get(&cat->by_key, sb.buf);
	strbuf_release(&sb);
	return obj && obj->kind == kind ? obj : NULL;
}

Table *catalog_find_table(const Catalog *cat, const char *schema, const char *name)
{
	return (Table *) catalog_find(cat, OBJ_TABLE, schema, NULL, name, NULL);
}

const char *catalog_intern(Catalog *cat, const char *s)
{
	if (!s)
		return NULL;
	const char *known = hashmap_get(&cat->strings, s);
	if (known)
		return known;
	char *copy = arena_strdup(cat->arena, s);
	hashmap_put(&cat->strings, copy, copy);
	return copy;
}

void object_add_dep(Catalog *cat, Object *obj, const char *needs_key)
{
	VEC_EACH(const char *, k, &obj->deps)
		if (strcmp(k, needs_key) == 0)
			return;
	vec_push(cat->arena, &obj->deps, (void *) catalog_intern(cat, needs_key));
}

static int cmp_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int cmp_objects(const void *pa, const void *pb)
{
	const Object *a = *(Object *const *) pa, *b = *(Object *const *) pb;
	int c;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if ((c = cmp_str(a->schema, b->schema)) || (c = cmp_str(a->parent, b->parent)) ||
	    (c = cmp_str(a->name, b->name)))
		return c;
	return cmp_str(a->signature, b->signature);
}

void catalog_sort(Catalog *cat)
{
	if (cat->objects.len > 1)
		qsort(cat->objects.items, cat->objects.len, sizeof(void *), cmp_objects);
}

Column *table_find_column(const Table *t, const char *name)
{
	VEC_EACH(Column *, c, &t->columns)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

Constraint *table_find_constraint(const Table *t, const char *name)
{
	VEC_EACH(Constraint *, c, &t->constraints)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

Constraint *table_primary_key(const Table *t)
{
	VEC_EACH(Constraint *, c, &t->constraints)
		if (c->type == CON_PRIMARY)
			return c;
	return NULL;
}

static int64_t type_min(const char *type)
{
	if (type && strcmp(type, "integer") == 0)
		return INT32_MIN;
	if (type && strcmp(type, "smallint") == 0)
		return INT16_MIN;
	return INT64_MIN;
}

static int64_t type_max(const char *type)
{
	if (type && strcmp(type, "integer") == 0)
		return INT32_MAX;
	if (type && strcmp(type, "smallint") == 0)
		return INT16_MAX;
	return INT64_MAX;
}

void seqopts_fill_defaults(SeqOptions *o, bool has_start, bool has_min, bool has_max)
{
	if (!o->type)
		o->type = "bigint";
	if (o->increment == 0)
		o->increment = 1;
	if (o->cache == 0)
		o->cache = 1;
	bool asc = o->increment > 0;
	if (!has_min)
		o->min = asc ? 1 : type_min(o->type);
	if (!has_max)
		o->max = asc ? type_max(o->type) : -1;
	if (!has_start)
		o->start = asc ? o->min : o->max;
}

Expr *expr_new(Arena *arena, const char *sql, const char *canon)
{
	Expr *e = ARENA_NEW(arena, Expr);
	e->sql = arena_strdup(arena, sql);
	e->canon = arena_strdup(arena, canon ? canon : sql);
	return e;
}

Expr *expr_new_lazy(Arena *arena, const char *sql, ExprCanonFn canonicalize)
{
	Expr *e = ARENA_NEW(arena, Expr);
	e->sql = arena_strdup(arena, sql);
	e->canonicalize = canonicalize;
	e->arena = arena;
	return e;
}

Expr *expr_new_canonical(Arena *arena, const char *sql, ExprCanonFn canonicalize)
{
	Expr *e = ARENA_NEW(arena, Expr);
	e->sql = arena_strdup(arena, sql);
	e->canon = canonicalize(arena, e->sql);
	if (!e->canon)
		e->canon = e->sql;
	return e;
}

const char *expr_canon(const Expr *e)
{
	if (!e->canon) {
		/* a cache filled on first use: no observable state changes */
		Expr *m = (Expr *) e;
		const char *c = m->canonicalize(m->arena, m->sql);
		m->canon = c ? c : m->sql;
	}
	return e->canon;
}

bool str_equal(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

bool expr_equal(const Expr *a, const Expr *b)
{
	if (!a || !b)
		return a == b;
	if (a->canonicalize && a->canonicalize == b->canonicalize && strcmp(a->sql, b->sql) == 0)
		return true;
	return str_equal(expr_canon(a), expr_canon(b));
}

bool strvec_equal(const PtrVec *a, const PtrVec *b)
{
	if (a->len != b->len)
		return false;
	for (size_t i = 0; i < a->len; i++)
		if (!str_equal(a->items[i], b->items[i]))
			return false;
	return true;
}

static void put_object_name(StrBuf *sb, const Object *o)
{
	if (o->kind == OBJ_DEFAULT_ACL) {
		/* "tables of postgres in app": name is the role, "" the running one */
		strbuf_printf(sb, "%s of %s", o->signature, o->name[0] ? o->name : "CURRENT_USER");
		if (o->schema)
			strbuf_printf(sb, " in %s", o->schema);
		return;
	}
	if (o->schema)
		strbuf_printf(sb, "%s.", o->schema);
	if (o->parent)
		strbuf_printf(sb, "%s.", o->parent);
	strbuf_puts(sb, o->name);
	if (o->signature)
		strbuf_printf(sb, "(%s)", o->signature);
}

const char *object_display_name(Arena *arena, const Object *obj)
{
	StrBuf sb = STRBUF_INIT;
	put_object_name(&sb, obj);
	const char *s = arena_strndup(arena, sb.buf, sb.len);
	strbuf_release(&sb);
	return s;
}

static bool schema_wanted(const char *schema, const char *const *include, const char *const *exclude)
{
	if (include && include[0]) {
		bool any = false;
		for (const char *const *p = include; *p; p++)
			any = any || like_match(*p, schema);
		if (!any)
			return false;
	}
	if (exclude)
		for (const char *const *p = exclude; *p; p++)
			if (like_match(*p, schema))
				return false;
	return true;
}

void catalog_keep_schemas(Catalog *cat, const char *const *include, const char *const *exclude)
{
	if (!(include && include[0]) && !(exclude && exclude[0]))
		return;
	size_t keep = 0;
	hashmap_release(&cat->by_key);
	for (size_t i = 0; i < cat->objects.len; i++) {
		Object *o = cat->objects.items[i];
		const char *schema = o->kind == OBJ_SCHEMA ? o->name : o->schema;
		if (schema && !schema_wanted(schema, include, exclude))
			continue;
		cat->objects.items[keep++] = o;
		hashmap_put(&cat->by_key, o->key, o);
	}
	cat->objects.len = keep;
	/* default privileges in a schema go with it, as introspection leaves
	 * them out; those of all schemas stay */
	keep = 0;
	for (size_t i = 0; i < cat->default_acls.len; i++) {
		const DefaultAcl *d = cat->default_acls.items[i];
		if (!d->obj.schema || schema_wanted(d->obj.schema, include, exclude))
			cat->default_acls.items[keep++] = (void *) d;
	}
	cat->default_acls.len = keep;
}
