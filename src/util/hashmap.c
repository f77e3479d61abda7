/*
 * hashmap.c - open addressing with linear probing; see hashmap.h.
 */
#include "util/hashmap.h"
#include "util/arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

typedef struct HashSlot {
	const char *key;
	void *value;
	uint64_t hash;
} HashSlot;

static uint64_t hash_key(const char *key)
{
	return XXH3_64bits(key, strlen(key));
}

void hashmap_release(HashMap *map)
{
	free(map->slots);
	map->slots = NULL;
	map->cap = map->len = 0;
}

static HashSlot *find_slot(HashSlot *slots, size_t cap, const char *key, uint64_t h)
{
	size_t i = h & (cap - 1);
	for (;;) {
		HashSlot *s = &slots[i];
		if (!s->key || (s->hash == h && strcmp(s->key, key) == 0))
			return s;
		i = (i + 1) & (cap - 1);
	}
}

static void grow(HashMap *map)
{
	size_t cap = map->cap ? map->cap * 2 : 64;
	HashSlot *slots = xcalloc(cap, sizeof(HashSlot));
	for (size_t i = 0; i < map->cap; i++) {
		HashSlot *old = &map->slots[i];
		if (old->key)
			*find_slot(slots, cap, old->key, old->hash) = *old;
	}
	free(map->slots);
	map->slots = slots;
	map->cap = cap;
}

void *hashmap_put(HashMap *map, const char *key, void *value)
{
	if ((map->len + 1) * 4 >= map->cap * 3)
		grow(map);
	uint64_t h = hash_key(key);
	HashSlot *s = find_slot(map->slots, map->cap, key, h);
	void *prev = s->key ? s->value : NULL;
	if (!s->key) {
		s->key = key;
		s->hash = h;
		map->len++;
	}
	s->value = value;
	return prev;
}

void *hashmap_get(const HashMap *map, const char *key)
{
	if (!map->cap)
		return NULL;
	uint64_t h = hash_key(key);
	HashSlot *s = find_slot(map->slots, map->cap, key, h);
	return s->key ? s->value : NULL;
}
