/*
 * arena.c - bump allocator; see arena.h for the ownership rule.
 */
#include "util/arena.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* 8: nothing stored in an arena needs more (no long double, no SIMD
 * types), and 16 cost 8 bytes on every other 100-byte column struct */
#define ARENA_ALIGN 8
#define ARENA_CHUNK (64 * 1024)

typedef struct Chunk {
	struct Chunk *next;
	size_t used, size;
	_Alignas(ARENA_ALIGN) unsigned char data[];
} Chunk;

/* Blocks given back by arena_realloc, by size class: 2^(k + 4) bytes.  A
 * growing vector leaves its old array behind; the next vector to need that
 * size takes it (vectors were a tenth of a large catalog's arena). */
#define FREE_CLASSES 16

typedef struct FreeBlock {
	struct FreeBlock *next;
} FreeBlock;

struct Arena {
	Chunk *head;
	FreeBlock *free[FREE_CLASSES];
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

char *xstrndup(const char *s, size_t n)
{
	char *p = memcpy(xmalloc(n + 1), s, n);
	p[n] = '\0';
	return p;
}

Arena *arena_new(void)
{
	return xcalloc(1, sizeof(Arena));
}

/* Chunks are mapped straight from the kernel (in a debug_arena build they
 * are malloc'd, for ASan): a catalog's chunks then never sit among the
 * parser's and libpq's short-lived malloc blocks, whose freed holes kept
 * a large run's resident size well above what it used. */
static Chunk *chunk_map(size_t size)
{
#ifdef PGSTAGE_DEBUG_ARENA
	Chunk *c = xmalloc(sizeof(Chunk) + size);
#else
	void *m = mmap(NULL, sizeof(Chunk) + size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		out_of_memory(size);
	Chunk *c = m;
#endif
	c->size = size;
	return c;
}

static void chunk_unmap(Chunk *c)
{
#ifdef PGSTAGE_DEBUG_ARENA
	free(c);
#else
	munmap(c, sizeof(Chunk) + c->size);
#endif
}

/* Standard chunks freed by one arena wait here for the next: the parser
 * frees a chunk's arena of protobuf trees every 16 KB of SQL, and mapping
 * each chunk afresh cost a page fault per 4 KB plus an unmap that, with
 * the parse thread running, interrupts the other CPU to flush its TLB
 * (35 000 of a 5000-table plan's 54 000 page faults, and 5% of its CPU).
 * Bounded, so an arena freed late in a run does not keep its memory
 * resident, and emptied by arena_pool_release when the parse is done;
 * shared by the threads, hence the lock (taken once per 64 KB). */
#define POOL_MAX 64
#define STANDARD_SIZE (ARENA_CHUNK - sizeof(Chunk))

static struct {
	pthread_mutex_t lock;
	Chunk *head;
	int len;
} pool = {PTHREAD_MUTEX_INITIALIZER, NULL, 0};

static Chunk *chunk_new(size_t size)
{
	Chunk *c = NULL;
#ifndef PGSTAGE_DEBUG_ARENA
	if (size == STANDARD_SIZE) {
		pthread_mutex_lock(&pool.lock);
		c = pool.head;
		if (c) {
			pool.head = c->next;
			pool.len--;
		}
		pthread_mutex_unlock(&pool.lock);
	}
#endif
	if (!c)
		c = chunk_map(size);
	c->next = NULL;
	c->used = 0;
	return c;
}

static void chunk_free(Chunk *c)
{
#ifndef PGSTAGE_DEBUG_ARENA
	if (c->size == STANDARD_SIZE) {
		pthread_mutex_lock(&pool.lock);
		bool kept = pool.len < POOL_MAX;
		if (kept) {
			c->next = pool.head;
			pool.head = c;
			pool.len++;
		}
		pthread_mutex_unlock(&pool.lock);
		if (kept)
			return;
	}
#endif
	chunk_unmap(c);
}

void arena_pool_release(void)
{
	pthread_mutex_lock(&pool.lock);
	Chunk *c = pool.head;
	pool.head = NULL;
	pool.len = 0;
	pthread_mutex_unlock(&pool.lock);
	while (c) {
		Chunk *next = c->next;
		chunk_unmap(c);
		c = next;
	}
}

static void free_chunks(Chunk *c)
{
	while (c) {
		Chunk *next = c->next;
		chunk_free(c);
		c = next;
	}
}

void arena_free(Arena *arena)
{
	if (!arena)
		return;
	free_chunks(arena->head);
	free(arena);
}

void arena_reset(Arena *arena)
{
	/* keep the newest chunk, the one bump() allocates from */
	Chunk *keep = arena->head;
	if (!keep)
		return;
	free_chunks(keep->next);
	keep->next = NULL;
	keep->used = 0;
	memset(arena->free, 0, sizeof arena->free);
}

/* `size` bytes at the head chunk's next multiple of `align`, not zeroed. */
static void *bump(Arena *arena, size_t size, size_t align)
{
#ifdef PGSTAGE_DEBUG_ARENA
	(void) align;
	Chunk *c = chunk_new(size);
	c->next = arena->head;
	arena->head = c;
	c->used = size;
	return c->data;
#else
	Chunk *c = arena->head;
	size_t at = c ? (c->used + align - 1) & ~(align - 1) : 0;
	if (!c || at > c->size || c->size - at < size) {
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
			return big->data;
		}
		c = chunk_new(ARENA_CHUNK - sizeof(Chunk));
		c->next = arena->head;
		arena->head = c;
		at = 0;
	}
	c->used = at + size;
	return c->data + at;
#endif
}

void *arena_alloc(Arena *arena, size_t size)
{
	size = (size + ARENA_ALIGN - 1) & ~(size_t) (ARENA_ALIGN - 1);
	return memset(bump(arena, size, ARENA_ALIGN), 0, size);
}

#ifdef PGSTAGE_DEBUG_ARENA
void *arena_realloc(Arena *arena, void *old, size_t old_size, size_t new_size)
{
	/* every block stays its own until arena_free, so ASan still sees a
	 * use of the old array as a use of that block */
	void *p = arena_alloc(arena, new_size);
	if (old && old_size)
		memcpy(p, old, old_size < new_size ? old_size : new_size);
	return p;
}
#else
/* The size class of an exact power of two from 16 bytes, or -1. */
static int size_class(size_t size)
{
	if (size < 16 || (size & (size - 1)) != 0)
		return -1;
	int k = 0;
	while ((size_t) 16 << k < size)
		k++;
	return k < FREE_CLASSES ? k : -1;
}

void *arena_realloc(Arena *arena, void *old, size_t old_size, size_t new_size)
{
	void *p;
	int k = size_class(new_size);
	if (k >= 0 && arena->free[k]) {
		p = arena->free[k];
		arena->free[k] = arena->free[k]->next;
		memset(p, 0, new_size);
	} else {
		p = arena_alloc(arena, new_size);
	}
	if (old && old_size) {
		memcpy(p, old, old_size < new_size ? old_size : new_size);
		int j = size_class(old_size);
		if (j >= 0) {
			FreeBlock *f = old;
			f->next = arena->free[j];
			arena->free[j] = f;
		}
	}
	return p;
}
#endif

char *arena_strndup(Arena *arena, const char *s, size_t n)
{
	if (!s)
		return NULL;
	/* strings need no alignment: packed, where rounding each to 16 bytes
	 * wasted about a third of the string space */
	char *p = bump(arena, n + 1, 1);
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
	char *p = bump(arena, (size_t) n + 1, 1);
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
