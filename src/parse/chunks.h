/*
 * chunks.h - a schema text cut into chunks of statements and parsed by the
 * grammar (pg_query_parse_protobuf + unpack), ahead of the builders.  For a
 * large text this runs in a thread of its own, a few chunks ahead: the
 * grammar's protobuf round trip is half of a parse, the builders the other
 * half, and the two then run side by side.
 *
 * Memory ownership: each ParsedChunk owns its tree (in its own arena) and
 * error text until chunk_release(); chunk_reader_stop() joins the thread
 * and frees the chunks nobody took.  The source text is borrowed and must
 * outlive the reader.
 */
#ifndef PGSTAGE_CHUNKS_H
#define PGSTAGE_CHUNKS_H

#include <stdbool.h>
#include <pg_query/pg_query.pb-c.h>

#include "util/arena.h"

typedef struct ParsedChunk {
	int from, to;                /* src[from, to): whole statements */
	PgQuery__ParseResult *tree;  /* node locations absolute; NULL on error */
	int error_at;                /* src offset of the syntax error, -1 if none */
	char *error;                 /* the error's message (malloc), NULL if none */
	Arena *arena;                /* holds the tree */
} ParsedChunk;

typedef struct ChunkReader ChunkReader;

/* Starts reading src[0, len); never fails. */
ChunkReader *chunk_reader_start(const char *src, int len);
/* The next chunk in text order into *out; false at the end of the text.
 * After a chunk with an error there is none. */
bool chunk_reader_next(ChunkReader *r, ParsedChunk *out);
void chunk_release(ParsedChunk *c);
/* Stops the reader (whether or not every chunk was taken) and frees it. */
void chunk_reader_stop(ChunkReader *r);

#endif
