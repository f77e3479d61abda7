/*
 * ref_map.c - see ref_map.h.  Open addressing with linear probing on a
 * 64-bit key; key 0 (classid 0) marks an empty slot.  A registry of some
 * 140 000 oids at 5000 tables: printed keys and a string map took twice
 * the memory and a snprintf per lookup.
 */
#include "introspect/ref_map.h"
#include "util/arena.h"

#include <stdlib.h>

typedef struct RefSlot {
	uint64_t key;
	struct Ref *ref;
} RefSlot;

static uint64_t ref_key(unsigned classid, uint32_t oid, int subid)
{
	return (uint64_t) (classid & 0xFFFF) << 48 | (uint64_t) (uint16_t) subid << 32 | oid;
}

static size_t slot_of(const RefMap *map, uint64_t key)
{
	/* Fibonacci hashing: the high bits of key * 2^64/phi */
	return (size_t) ((key * UINT64_C(0x9E3779B97F4A7C15)) >> 32) & (map->cap - 1);
}

static void grow(RefMap *map)
{
	RefMap bigger = {.cap = map->cap ? map->cap * 2 : 1024};
	bigger.slots = xcalloc(bigger.cap, sizeof(RefSlot));
	for (size_t i = 0; i < map->cap; i++) {
		RefSlot *s = &map->slots[i];
		if (!s->key)
			continue;
		size_t j = slot_of(&bigger, s->key);
		while (bigger.slots[j].key)
			j = (j + 1) & (bigger.cap - 1);
		bigger.slots[j] = *s;
		bigger.len++;
	}
	free(map->slots);
	*map = bigger;
}

void ref_map_put(RefMap *map, unsigned classid, uint32_t oid, int subid, struct Ref *ref)
{
	if ((map->len + 1) * 4 > map->cap * 3)
		grow(map);
	uint64_t key = ref_key(classid, oid, subid);
	size_t i = slot_of(map, key);
	while (map->slots[i].key && map->slots[i].key != key)
		i = (i + 1) & (map->cap - 1);
	if (!map->slots[i].key)
		map->len++;
	map->slots[i] = (RefSlot){key, ref};
}

struct Ref *ref_map_get(const RefMap *map, unsigned classid, uint32_t oid, int subid)
{
	if (!map->cap)
		return NULL;
	uint64_t key = ref_key(classid, oid, subid);
	for (size_t i = slot_of(map, key); map->slots[i].key; i = (i + 1) & (map->cap - 1))
		if (map->slots[i].key == key)
			return map->slots[i].ref;
	return NULL;
}

void ref_map_release(RefMap *map)
{
	free(map->slots);
	*map = (RefMap) REF_MAP_INIT;
}
