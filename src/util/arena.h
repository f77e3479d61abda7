/*
 * arena.h - bump allocator, one per lifetime (a catalog, a plan).
 *
 * Memory ownership: everything allocated from an arena lives until
 * arena_free(); nothing allocated from it is freed on its own.  Allocation
 * failure aborts (like pg_malloc): callers never check for NULL.
 * The 64 KB chunks of freed arenas go to a small pool shared by all threads
 * (at most 4 MB) for the next arena to take, until arena_pool_release().
 * Built with -Ddebug_arena=true every allocation is its own malloc block,
 * tracked and freed by arena_free(), so ASan and valgrind see each block.
 */
#ifndef PGSTAGE_ARENA_H
#define PGSTAGE_ARENA_H

#include <stddef.h>
#include <stdarg.h>

typedef struct Arena Arena;

Arena *arena_new(void);
void arena_free(Arena *arena);

/* Unmaps the chunks that freed arenas left for reuse (a bounded pool, see
 * arena.c): for the end of a phase that frees many short-lived arenas. */
void arena_pool_release(void);

/* Zeroed, suitably aligned memory of `size` bytes. */
void *arena_alloc(Arena *arena, size_t size);
/* Frees every block but keeps one chunk for reuse: a scratch arena for
 * one statement after another without a map/unmap each time. */
void arena_reset(Arena *arena);
/* Grow a block previously returned by arena_alloc or arena_realloc (old
 * contents kept, the rest zeroed).  The old block is dead afterwards: a
 * later arena_realloc may hand it out again. */
void *arena_realloc(Arena *arena, void *old, size_t old_size, size_t new_size);
/* Copies, not aligned (strings need none); NULL in gives NULL out. */
char *arena_strdup(Arena *arena, const char *s);
char *arena_strndup(Arena *arena, const char *s, size_t n);
char *arena_printf(Arena *arena, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
char *arena_vprintf(Arena *arena, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

#define ARENA_NEW(arena, type) ((type *) arena_alloc((arena), sizeof(type)))
#define ARENA_ARRAY(arena, type, n) ((type *) arena_alloc((arena), sizeof(type) * (n)))

/* malloc that aborts on failure, for the few non-arena allocations. */
void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);
/* The first `n` bytes of `s`, NUL-terminated (a slice of a larger text). */
char *xstrndup(const char *s, size_t n);

#endif
