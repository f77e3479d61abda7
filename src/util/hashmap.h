/*
 * hashmap.h - string-keyed open-addressing hash map (xxHash for hashing).
 *
 * Memory ownership: the map owns its slot array (malloc); keys and values
 * are borrowed and must outlive the map (normally they live in an arena).
 */
#ifndef PGSTAGE_HASHMAP_H
#define PGSTAGE_HASHMAP_H

#include <stddef.h>

typedef struct HashMap {
	struct HashSlot *slots;
	size_t cap, len;
} HashMap;

#define HASHMAP_INIT { 0 }

void hashmap_release(HashMap *map);
/* Inserts or replaces; returns the previous value or NULL. */
void *hashmap_put(HashMap *map, const char *key, void *value);
void *hashmap_get(const HashMap *map, const char *key);

#endif
