/*
 * expr_cache.c - expr_canonical() memoized by input text, per thread.
 *
 * Memory ownership: keys (input texts) and values (canonical texts) are
 * copied into this thread's cache arena, the slot array is the map's own
 * (malloc); both are freed by expr_cache_release().  Results handed out are
 * copies in the caller's arena.
 */
#include "parse/expr_cache.h"
#include "parse/expr.h"
#include "util/hashmap.h"

/* per thread: the desired schema may be parsed while the main thread
 * introspects (cli_load_both); no locking needed */
static _Thread_local HashMap cache = HASHMAP_INIT;
static _Thread_local Arena *cache_arena;

const char *expr_canonical_cached(Arena *arena, const char *sql)
{
	const char *canon = hashmap_get(&cache, sql);
	if (!canon) {
		if (!cache_arena)
			cache_arena = arena_new();
		canon = expr_canonical(cache_arena, sql);
		hashmap_put(&cache, arena_strdup(cache_arena, sql), (void *) canon);
	}
	return arena_strdup(arena, canon);
}

void expr_cache_release(void)
{
	hashmap_release(&cache);
	arena_free(cache_arena);
	cache_arena = NULL;
}
