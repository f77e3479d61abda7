/*
 * expr_cache.h - expr_canonical() memoized by input text, per thread.
 *
 * A schema repeats the same few expression texts thousands of times (column
 * defaults such as `now()`, `0`, `''::text`), and each expr_canonical() call
 * is a full libpg_query parse, rewrite and deparse.  expr_canonical_cached()
 * returns the same text as expr_canonical() and computes it once per
 * distinct input per thread.  Only for plain expr_canonical(): the
 * _in_schema / view / argument / exclusion forms depend on more than the text.
 *
 * Memory ownership: the cache lives in a per-thread table and arena of its
 * own (malloc); each result is copied into the caller's `arena`, so it
 * outlives the cache.  expr_cache_release() frees the calling thread's cache
 * (call it where keyword_cache_release() is called); a thread that ends
 * without calling it has its cache freed at its exit.  The cache is rebuilt
 * on the next call.
 */
#ifndef PGSTAGE_EXPR_CACHE_H
#define PGSTAGE_EXPR_CACHE_H

#include "util/arena.h"

/* expr_canonical(arena, sql), memoized; the result is allocated in `arena`. */
const char *expr_canonical_cached(Arena *arena, const char *sql);

/* Frees the calling thread's cache; harmless when it has none. */
void expr_cache_release(void);

#endif
