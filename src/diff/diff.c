/*
 * diff.c - object-level merge of two catalogs; see diff.h.
 * Table internals are compared in diff_table.c, other kinds in diff_kinds.c.
 */
#include "diff/diff_internal.h"
#include "model/ident.h"

#include <stdlib.h>
#include <string.h>

static const char *const change_names[CHG_TYPE_COUNT] = {
	[CHG_CREATE] = "create",
	[CHG_RENAME] = "rename",
	[CHG_RENAME_COLUMN] = "rename column",
	[CHG_RENAME_CONSTRAINT] = "rename constraint",
	[CHG_DROP] = "drop",
	[CHG_REPLACE] = "replace",
	[CHG_COMMENT] = "comment",
	[CHG_ADD_COLUMN] = "add column",
	[CHG_DROP_COLUMN] = "drop column",
	[CHG_COLUMN_TYPE] = "column type",
	[CHG_COLUMN_DEFAULT] = "column default",
	[CHG_COLUMN_NOT_NULL] = "column not null",
	[CHG_COLUMN_IDENTITY] = "column identity",
	[CHG_COLUMN_GENERATED] = "column generated",
	[CHG_COLUMN_COMMENT] = "column comment",
	[CHG_ADD_CONSTRAINT] = "add constraint",
	[CHG_DROP_CONSTRAINT] = "drop constraint",
	[CHG_CONSTRAINT_COMMENT] = "constraint comment",
	[CHG_VALIDATE_CONSTRAINT] = "validate constraint",
	[CHG_TABLE_LOGGED] = "logged",
	[CHG_TABLE_RLS] = "row level security",
	[CHG_ENUM_ADD_VALUE] = "add enum value",
	[CHG_ENUM_REBUILD] = "rebuild enum",
	[CHG_SEQUENCE_OPTIONS] = "sequence options",
	[CHG_SEQUENCE_OWNER] = "sequence owner",
	[CHG_GRANTS] = "privileges",
	[CHG_COLUMN_ORDER] = "column order",
	[CHG_DEFAULT_PRIVILEGES] = "default privileges",
};

bool is_helper_name(const char *name)
{
	return strstr(name, "__pgstage") != NULL;
}

const char *change_type_name(ChangeType type)
{
	return type < CHG_TYPE_COUNT ? change_names[type] : "change";
}

Change *diff_add(Diff *d, ChangeType type, const Object *from, const Object *to)
{
	Change *ch = ARENA_NEW(d->arena, Change);
	ch->type = type;
	ch->from = from;
	ch->to = to;
	ch->kind = (to ? to : from)->kind;
	vec_push(d->arena, &d->changes, ch);
	return ch;
}

/* An extension's script sets the control file's comment itself, so
 * stating that comment in the desired file (as pg_dump does) is the same
 * as stating none: introspection leaves it out, and so does this. */
static const char *own_comment(const Object *o, const Object *other)
{
	if (o->kind != OBJ_EXTENSION || !o->comment)
		return o->comment;
	const char *stock = ((const Extension *) o)->stock_comment;
	if (!stock)
		stock = ((const Extension *) other)->stock_comment;
	return stock && strcmp(o->comment, stock) == 0 ? NULL : o->comment;
}

void diff_comment(Diff *d, const Object *from, const Object *to)
{
	if (!str_equal(own_comment(from, to), own_comment(to, from)))
		diff_add(d, CHG_COMMENT, from, to);
}

static int cmp_key(const void *a, const void *b)
{
	const Object *x = *(const Object *const *) a, *y = *(const Object *const *) b;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return strcmp(x->key, y->key);
}

/* A sorted copy of the catalog's object list, so output order is stable. */
static const Object **sorted_objects(const Catalog *cat)
{
	size_t n = cat->objects.len;
	const Object **v = xmalloc((n ? n : 1) * sizeof *v);
	if (n)
		memcpy(v, cat->objects.items, n * sizeof *v);
	qsort(v, n, sizeof *v, cmp_key);
	return v;
}

static void diff_pair(Diff *d, const Object *from, const Object *to)
{
	switch (to->kind) {
	case OBJ_TABLE:
		diff_table(d, (const Table *) from, (const Table *) to);
		break;
	case OBJ_ENUM:
		diff_enum(d, (const EnumType *) from, (const EnumType *) to);
		break;
	case OBJ_SEQUENCE:
		diff_sequence(d, (const Sequence *) from, (const Sequence *) to);
		break;
	case OBJ_COLLATION:
		diff_collation(d, (const Collation *) from, (const Collation *) to);
		break;
	default:
		if (to->kind == OBJ_INDEX && ((const Index *) from)->invalid)
			diff_add(d, CHG_REPLACE, from, to)->detail =
				"invalid: a concurrent build failed, the index enforces nothing";
		else if (!object_same_definition(d, from, to))
			diff_add(d, CHG_REPLACE, from, to)->detail = "definition changed";
		break;
	}
	diff_comment(d, from, to);
}

const char *diff_live_table_name(const Diff *d, const char *schema, const char *name,
				 Arena *arena)
{
	const char *key = object_key(arena, OBJ_TABLE, schema, NULL, name, NULL);
	const char *renamed = hashmap_get(&d->renamed_tables, key);
	return renamed ? renamed : name;
}

/* Live name of the desired parent table (the parent may have been renamed). */
static const char *live_parent(const Catalog *desired, const Object *to)
{
	if (!to->parent)
		return NULL;
	const Table *t = catalog_find_table(desired, to->schema, to->parent);
	return t && t->obj.renamed_from ? t->obj.renamed_from : to->parent;
}

/* The live object a desired one corresponds to: same identity, or the one
 * its "renamed from" directive names (when the rename has not run yet). */
static const Object *counterpart(Diff *d, const Catalog *live, const Catalog *desired,
				 const Object *to, bool *renamed)
{
	*renamed = false;
	const char *parent = live_parent(desired, to);
	/* by namespace, not kind: a view that became a table is the same name */
	const Object *from = catalog_find_key(
		live, object_key(d->arena, to->kind, to->schema, parent, to->name, to->signature));
	if (from || !to->renamed_from)
		return from;
	from = catalog_find(live, to->kind, to->schema, parent, to->renamed_from, to->signature);
	if (from && !catalog_find(desired, to->kind, to->schema, to->parent, to->renamed_from,
				  to->signature))
		*renamed = true;
	return *renamed ? from : NULL;
}

/* Renamed tables and collations first: every other object's counterpart
 * may hang off one, and a column or index naming a renamed collation
 * follows the rename by itself. */
static void match_renamed_tables(Diff *d, const Catalog *live, const Catalog *desired)
{
	VEC_EACH(const Object *, to, &desired->objects) {
		bool renamed;
		if ((to->kind != OBJ_TABLE && to->kind != OBJ_COLLATION) || !to->renamed_from)
			continue;
		const Object *from = counterpart(d, live, desired, to, &renamed);
		if (renamed && to->kind == OBJ_TABLE)
			hashmap_put(&d->renamed_tables, from->key, (void *) to->name);
		else if (renamed)
			hashmap_put(&d->renamed_collations,
				    ident_qualified(d->arena, from->schema, from->name),
				    (void *) ident_qualified(d->arena, to->schema, to->name));
	}
}

bool collation_equal(const Diff *d, const char *live, const char *desired)
{
	if (str_equal(live, desired))
		return true;
	const char *renamed = live ? hashmap_get(&d->renamed_collations, live) : NULL;
	return renamed && str_equal(renamed, desired);
}

Diff *diff_catalogs(const Catalog *live, const Catalog *desired)
{
	Diff *d = xcalloc(1, sizeof(Diff));
	d->arena = arena_new();
	d->desired = desired;
	match_renamed_tables(d, live, desired);
	const Object **want = sorted_objects(desired);
	for (size_t i = 0; i < desired->objects.len; i++) {
		const Object *to = want[i];
		bool renamed;
		const Object *from = counterpart(d, live, desired, to, &renamed);
		if (from && (renamed || from->key != to->key))
			hashmap_put(&d->matched, from->key, (void *) to);
		if (renamed)
			diff_add(d, CHG_RENAME, from, to)->detail =
				arena_printf(d->arena, "renamed from %s", from->name);
		if (!from)
			diff_add(d, CHG_CREATE, NULL, to);
		else if (from->kind != to->kind)
			/* same name, other kind (a view became a table): drop, create */
			diff_add(d, CHG_REPLACE, from, to)->detail = "object kind changed";
		else
			diff_pair(d, from, to);
	}
	free(want);
	const Object **have = sorted_objects(live);
	for (size_t i = 0; i < live->objects.len; i++)
		if (!catalog_find_key(desired, have[i]->key) && !is_helper_name(have[i]->name) &&
		    !hashmap_get(&d->matched, have[i]->key))
			diff_add(d, CHG_DROP, have[i], NULL);
	free(have);
	return d;
}

void diff_free(Diff *d)
{
	if (!d)
		return;
	hashmap_release(&d->renamed_tables);
	hashmap_release(&d->renamed_collations);
	hashmap_release(&d->matched);
	arena_free(d->arena);
	free(d);
}

const char *change_object_name(Arena *arena, const Change *ch)
{
	const Object *o = ch->to ? ch->to : ch->from;
	StrBuf sb = STRBUF_INIT;
	strbuf_puts(&sb, object_display_name(arena, o));
	const Column *c = ch->to_col ? ch->to_col : ch->from_col;
	const Constraint *k = ch->to_con ? ch->to_con : ch->from_con;
	if (c)
		strbuf_printf(&sb, ".%s", c->name);
	else if (k)
		strbuf_printf(&sb, ".%s", k->name);
	const char *s = arena_strndup(arena, sb.buf, sb.len);
	strbuf_release(&sb);
	return s;
}
