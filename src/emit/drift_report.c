/*
 * drift_report.c - a Diff grouped by object, for the drift renderers.
 *
 * Each object of the desired schema is one item, and so is each object
 * only the database has: CI reports then list every object checked, not
 * only the ones that differ.
 *
 * Memory ownership: see export.h (the report's arena holds the items and
 * their names; the lookup map is released before returning).
 */
#include "emit/export.h"
#include "util/hashmap.h"

#include <stdlib.h>
#include <string.h>


static DriftItem *item_add(DriftReport *r, HashMap *by_key, const Object *o)
{
	DriftItem *it = ARENA_NEW(r->arena, DriftItem);
	it->kind = o->kind;
	it->name = object_display_name(r->arena, o);
	vec_push(r->arena, &r->items, it);
	hashmap_put(by_key, o->key, it);
	return it;
}

static int cmp_item(const void *a, const void *b)
{
	const DriftItem *x = *(const DriftItem *const *) a, *y = *(const DriftItem *const *) b;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return strcmp(x->name, y->name);
}

int drift_report_build(DriftReport **out, const Diff *diff, const Catalog *live,
		       const Catalog *desired, PgsError *err)
{
	(void) err; /* nothing here can fail; kept for the errors-as-values signature */
	DriftReport *r = xcalloc(1, sizeof *r);
	r->arena = arena_new();
	HashMap by_key = HASHMAP_INIT;
	VEC_EACH(const Object *, o, &desired->objects)
		item_add(r, &by_key, o);
	VEC_EACH(const Object *, o, &live->objects)
		if (!hashmap_get(&by_key, o->key))
			item_add(r, &by_key, o);
	VEC_EACH(const Change *, ch, &diff->changes) {
		const Object *o = ch->to ? ch->to : ch->from;
		DriftItem *it = hashmap_get(&by_key, o->key);
		if (!it && ch->from)
			it = hashmap_get(&by_key, ch->from->key);
		if (!it) /* a catalog the diff was not computed from: still report it */
			it = item_add(r, &by_key, o);
		if (it->changes.len == 0)
			r->n_drifted++;
		vec_push(r->arena, &it->changes, (void *) ch);
		r->n_changes++;
	}
	hashmap_release(&by_key);
	if (r->items.len > 1)
		qsort(r->items.items, r->items.len, sizeof(void *), cmp_item);
	*out = r;
	return 0;
}

void drift_report_free(DriftReport *report)
{
	if (!report)
		return;
	arena_free(report->arena);
	free(report);
}

const char *drift_change_detail(const Change *ch)
{
	if (ch->detail)
		return ch->detail;
	switch (ch->type) {
	case CHG_CREATE:
		return "in the desired schema, missing from the database";
	case CHG_DROP:
		return "in the database, not in the desired schema";
	case CHG_ADD_COLUMN:
		return "column missing from the database";
	case CHG_DROP_COLUMN:
		return "column in the database, not in the desired schema";
	case CHG_ADD_CONSTRAINT:
		return "constraint missing from the database";
	case CHG_DROP_CONSTRAINT:
		return "constraint in the database, not in the desired schema";
	case CHG_COMMENT:
	case CHG_COLUMN_COMMENT:
	case CHG_CONSTRAINT_COMMENT:
		return "comment differs";
	case CHG_REPLACE:
		return "definition differs";
	default:
		return "differs";
	}
}
