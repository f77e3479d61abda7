/*
 * ref_map.h - the introspection's oid registry: (classid, oid, subid) ->
 * Ref*, with integer keys.
 *
 * Memory ownership: the map owns its slot array (malloc, freed by
 * ref_map_release); the Refs are borrowed (they live in the run's scratch
 * arena).
 */
#ifndef PGSTAGE_REF_MAP_H
#define PGSTAGE_REF_MAP_H

#include <stddef.h>
#include <stdint.h>

struct Ref;

typedef struct RefMap {
	struct RefSlot *slots;
	size_t cap, len;
} RefMap;

#define REF_MAP_INIT { 0 }

/* Catalog oids (classid) are below 2^16, attnums (subid) in 0..1600. */
void ref_map_put(RefMap *map, unsigned classid, uint32_t oid, int subid, struct Ref *ref);
struct Ref *ref_map_get(const RefMap *map, unsigned classid, uint32_t oid, int subid);
void ref_map_release(RefMap *map);

#endif
