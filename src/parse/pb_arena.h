/*
 * pb_arena.h - a protobuf-c allocator that bump-allocates from an Arena.
 *
 * A tree unpacked into it is released by arena_free() at once, where
 * protobuf_c_message_free_unpacked() walks the whole tree again and frees
 * every message on its own (that walk and malloc's bookkeeping were a fifth
 * of the parser's time on a large schema).
 *
 * Memory ownership: everything allocated through it belongs to the arena;
 * its free is a no-op.  Never pass a tree unpacked into it to
 * free_unpacked, and never hang malloc'd nodes into such a tree.
 */
#ifndef PGSTAGE_PB_ARENA_H
#define PGSTAGE_PB_ARENA_H

#include <protobuf-c/protobuf-c.h>

#include "util/arena.h"

ProtobufCAllocator pb_arena_allocator(Arena *arena);

#endif
