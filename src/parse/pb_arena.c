/*
 * pb_arena.c - protobuf-c allocations from an Arena; see pb_arena.h.
 */
#include "parse/pb_arena.h"

static void *pb_arena_alloc(void *data, size_t size)
{
	return arena_alloc((Arena *) data, size);
}

static void pb_arena_free(void *data, void *ptr)
{
	(void) data;
	(void) ptr;
}

ProtobufCAllocator pb_arena_allocator(Arena *arena)
{
	return (ProtobufCAllocator){.alloc = pb_arena_alloc, .free = pb_arena_free,
				    .allocator_data = arena};
}
