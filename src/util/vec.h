/*
 * vec.h - growable array of pointers, storage taken from an arena.
 *
 * Memory ownership: the array lives in the arena given to vec_push(); the
 * pointed-to items belong to whoever allocated them (normally that arena).
 * A zeroed PtrVec is empty and valid.
 */
#ifndef PGSTAGE_VEC_H
#define PGSTAGE_VEC_H

#include <stddef.h>
#include "util/arena.h"

typedef struct PtrVec {
	void **items;
	size_t len, cap;
} PtrVec;

static inline void vec_push(Arena *arena, PtrVec *v, void *item)
{
	if (v->len == v->cap) {
		/* from 2: most vectors (dependencies, key columns) hold one or
		 * two items; the arrays they outgrow are reused (arena_realloc) */
		size_t cap = v->cap ? v->cap * 2 : 2;
		v->items = arena_realloc(arena, v->items, v->cap * sizeof(void *), cap * sizeof(void *));
		v->cap = cap;
	}
	v->items[v->len++] = item;
}

static inline void *vec_get(const PtrVec *v, size_t i)
{
	return v->items[i];
}

static inline void *vec_last(const PtrVec *v)
{
	return v->len ? v->items[v->len - 1] : NULL;
}

/* Iterates the non-NULL items of a PtrVec.  `break` leaves the whole
 * iteration and `continue` goes to the next item, as in a plain loop: the
 * inner loop (which binds `var`) runs once per item, and var##_brk stays
 * set only when its body was left by `break`, which stops the outer loop. */
#define VEC_EACH(type, var, vec) \
	for (size_t var##_i = 0, var##_brk = 0; !var##_brk && var##_i < (vec)->len; var##_i++) \
		for (type var = (var##_brk = 1, (type) (vec)->items[var##_i]); \
		     var##_brk && (var || (var##_brk = 0)); var##_brk = 0)

#endif
