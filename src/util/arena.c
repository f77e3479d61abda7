/*
 * arena.c - bump allocator; see arena.h for the ownership rule.
 */
#include "util/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_ALIGN 16
#define ARENA_CHUNK (64 * 1024)

typedef struct Chunk {
	struct Chunk *next;
	size_t used, size;
	_Alignas(ARENA_ALIGN) unsigned char data[];
} Chunk;

struct Arena {
	Chunk *head;
};

static void out_of_memory(size_t size)
{
	fprintf(stderr, "pgstage: out of memory (requesting %zu bytes)\n", size);
	abort();
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p)
		out_of_memory(size);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		out_of_memory(n * size);
	return p;
}

void *xrealloc(void *p, size_t size)
{
	void *q = realloc(p, size ? size : 1);
	if (!q)
		out_of_memory(size);
	return q;
}

char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(xmalloc(n), s, n);
}

Arena *arena_new(void)
{
	return xcalloc(1, sizeof(Arena));
}

void arena_free(Arena *arena)
{
	if (!arena)
		return;
	Chunk *c = arena->head;
	while (c) {
		Chunk *next = c->next;
		free(c);
		c = next;
	}
	free(arena);
}

static Chunk *chunk_new(size_t size)
{
	Chunk *c = xmalloc(sizeof(Chunk) + size);
	c->next = NULL;
	c->used = 0;
	c->size = size;
	return c;
}

void *arena_alloc(Arena *arena, size_t size)
{
	size = (size + ARENA_ALIGN - 1) & ~(size_t) (ARENA_ALIGN - 1);
#ifdef PGSTAGE_DEBUG_ARENA
	Chunk *c = chunk_new(size);
	c->next = arena->head;
	arena->head = c;
	c->used = size;
	return memset(c->data, 0, size);
#else
	Chunk *c = arena->head;
	if (!c || c->size - c->used < size) {
		if (size > ARENA_CHUNK / 4) {
			/* big block: own chunk, linked behind the current one */
			Chunk *big = chunk_new(size);
			big->used = size;
			if (c) {
				big->next = c->next;
				c->next = big;
			} else {
				arena->head = big;
			}
			return memset(big->data, 0, size);
		}
		c = chunk_new(ARENA_CHUNK);
		c->next = arena->head;
		arena->head = c;
	}
	void *p = c->data + c->used;
	c->used += size;
	return memset(p, 0, size);
#endif
}

void *arena_realloc(Arena *arena, void *old, size_t old_size, size_t new_size)
{
	void *p = arena_alloc(arena, new_size);
	if (old && old_size)
		memcpy(p, old, old_size < new_size ? old_size : new_size);
	return p;
}

char *arena_strndup(Arena *arena, const char *s, size_t n)
{
	if (!s)
		return NULL;
	char *p = arena_alloc(arena, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(Arena *arena, const char *s)
{
	return s ? arena_strndup(arena, s, strlen(s)) : NULL;
}

char *arena_vprintf(Arena *arena, const char *fmt, va_list ap)
{
	/* gcc 12 with -fsanitize=undefined warns of a null format otherwise */
	if (!fmt)
		fmt = "";
	va_list cp;
	va_copy(cp, ap);
	char probe[1];
	int n = vsnprintf(probe, sizeof probe, fmt, cp);
	va_end(cp);
	if (n < 0)
		n = 0;
	char *p = arena_alloc(arena, (size_t) n + 1);
	vsnprintf(p, (size_t) n + 1, fmt, ap);
	return p;
}

char *arena_printf(Arena *arena, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = arena_vprintf(arena, fmt, ap);
	va_end(ap);
	return p;
}
