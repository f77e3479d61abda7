/*
 * forget.c - taking a runner's history table out of a live catalog: it
 * belongs to the runner, so a plan must neither drop nor recreate it.
 * Memory ownership: the catalog keeps its arena; removed objects stay in
 * it unreferenced until catalog_free().
 */
#include "emit/runners/runners.h"

#include <string.h>

static bool belongs_to(const Object *o, const char *table)
{
	switch (o->kind) {
	case OBJ_TABLE:
		return strcmp(o->name, table) == 0;
	case OBJ_INDEX:
		return strcmp(((const Index *) o)->table, table) == 0;
	case OBJ_SEQUENCE:
		return str_equal(((const Sequence *) o)->owned_table, table);
	case OBJ_TRIGGER:
	case OBJ_POLICY:
		return str_equal(o->parent, table);
	default:
		return false;
	}
}

void catalog_forget_table(Catalog *cat, const char *name)
{
	if (!name)
		return;
	size_t kept = 0;
	for (size_t i = 0; i < cat->objects.len; i++) {
		Object *o = cat->objects.items[i];
		if (belongs_to(o, name))
			hashmap_put(&cat->by_key, o->key, NULL);
		else
			cat->objects.items[kept++] = o;
	}
	cat->objects.len = kept;
}
