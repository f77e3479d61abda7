/*
 * expr_cache.c - expr_canonical() memoized by input text, per thread.
 *
 * Memory ownership: each thread's cache is a malloc'd ExprCache holding a
 * map (its slot array malloc'd) and an arena for the keys (input texts) and
 * values (canonical texts).  It is freed by expr_cache_release() or, for a
 * thread that ends without calling it, by a thread-exit destructor.  Results
 * handed out are copies in the caller's arena.
 */
#include "parse/expr_cache.h"
#include "parse/expr.h"
#include "util/hashmap.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

typedef struct ExprCache {
	HashMap map;
	Arena *arena;
} ExprCache;

/* per thread: the desired schema may be parsed while the main thread
 * introspects (cli_load_both); no locking needed */
static _Thread_local ExprCache *cache;

static pthread_key_t cache_key;
static pthread_once_t cache_key_once = PTHREAD_ONCE_INIT;
static bool cache_key_ok;

static void cache_free(void *p)
{
	ExprCache *c = p;
	if (!c)
		return;
	hashmap_release(&c->map);
	arena_free(c->arena);
	free(c);
}

static void cache_key_create(void)
{
	cache_key_ok = pthread_key_create(&cache_key, cache_free) == 0;
}

static ExprCache *cache_get(void)
{
	if (cache)
		return cache;
	ExprCache *c = malloc(sizeof *c);
	if (!c)
		return NULL;
	*c = (ExprCache) {.map = HASHMAP_INIT, .arena = arena_new()};
	pthread_once(&cache_key_once, cache_key_create);
	/* a thread that ends without expr_cache_release() frees it then */
	if (cache_key_ok)
		pthread_setspecific(cache_key, c);
	return cache = c;
}

const char *expr_canonical_cached(Arena *arena, const char *sql)
{
	ExprCache *c = cache_get();
	if (!c)
		return expr_canonical(arena, sql);
	const char *canon = hashmap_get(&c->map, sql);
	if (!canon) {
		canon = expr_canonical(c->arena, sql);
		hashmap_put(&c->map, arena_strdup(c->arena, sql), (void *) canon);
	}
	return arena_strdup(arena, canon);
}

void expr_cache_release(void)
{
	if (!cache)
		return;
	if (cache_key_ok)
		pthread_setspecific(cache_key, NULL);
	cache_free(cache);
	cache = NULL;
}
