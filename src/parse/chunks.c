/*
 * chunks.c - see chunks.h.  The cutting: a chunk boundary is always right
 * after a semicolon, so the statement ranges of the chunks' parses and the
 * text between them (the semicolons) cover the file.
 */
#include "parse/chunks.h"
#include "parse/pb_arena.h"
#include "parse/pb_walk.h"
#include "parse/parse_limits.h"
#include "util/thread.h"

#include <pg_query.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Bytes of SQL parsed at a time: a chunk's raw tree, protobuf structs,
 * packed image and unpacked tree all exist at once (tens of bytes per byte
 * of SQL: 256 KB chunks raised the peak of a 5000-table plan by 10 MB, 64 KB
 * ones that of a 100-table file by 2.6 MB), and the instructions per file
 * are the same from 16 KB to 256 KB. */
#define CHUNK_BYTES (16 * 1024)

/* Below this a text is parsed in the caller's thread: a thread costs more
 * than it saves on a few chunks. */
#define THREAD_MIN_BYTES (8 * CHUNK_BYTES)

/* Chunks parsed ahead of the builders: each holds its tree (about 40 bytes
 * per byte of SQL), so few. */
#define QUEUE_LEN 3

#define STR_(x) #x
#define STR(x) STR_(x)

struct ChunkReader {
	/* the cutting, touched only by the thread that parses */
	const char *src;
	int len, from;
	bool failed;
	/* the queue, when a thread parses */
	bool threaded;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t changed;
	ParsedChunk queue[QUEUE_LEN];
	size_t head, count;
	bool stop, finished;
};

/* libpg_query's cursorpos is 1-based and counts characters. */
static int cursor_to_offset(const char *src, int cursorpos)
{
	int off = 0, chars = 0;
	while (src[off] && chars < cursorpos - 1) {
		off++;
		while (((unsigned char) src[off] & 0xC0) == 0x80)
			off++;
		chars++;
	}
	return off;
}

/* Adds `delta` to every known (non-negative) "location" field in `m` and
 * below: a chunk parsed on its own counts from its own start. */
static void shift_locations(ProtobufCMessage *m, int delta);

static void shift_child(ProtobufCMessage **slot, const ProtobufCFieldDescriptor *fd, void *delta)
{
	(void) fd;
	shift_locations(*slot, *(int *) delta);
}

static void shift_locations(ProtobufCMessage *m, int delta)
{
	if (!m)
		return;
	const ProtobufCFieldDescriptor *fd = pb_location_field(m->descriptor);
	if (fd && pb_field_active(m, fd)) {
		int32_t *v = (int32_t *) ((char *) m + fd->offset);
		if (*v >= 0)
			*v += delta;
	}
	pb_each_child(m, shift_child, &delta);
}

/* Where the chunk starting at `from` (a statement boundary) should end:
 * the last statement start the scanner's split finds in the next `want`
 * bytes (right after a semicolon at parenthesis depth 0), or the end of
 * the text.  The scanner splits only that window, never the whole file:
 * on a whole large file it kept every token's text (about 4 bytes per byte
 * of SQL).  A window that ends inside a string or a comment is doubled. */
static int chunk_end(const char *src, int len, int from, int want)
{
	while (len - from > want) {
		char *window = xstrndup(src + from, (size_t) want);
		PgQuerySplitResult sp = pg_query_split_with_scanner(window);
		int cut = !sp.error && sp.n_stmts >= 2 ? sp.stmts[sp.n_stmts - 1]->stmt_location : 0;
		pg_query_free_split_result(sp);
		free(window);
		if (cut > 0)
			return from + cut;
		want *= 2;
	}
	return len;
}

/* A guess at a chunk end for the chunk starting at `from`: right after the
 * last semicolon that ends a line within `want` bytes, the end of the text
 * if it is nearer, -1 if there is no such semicolon.  A guess costs nothing
 * and is checked by the parse itself: a cut inside a string, a comment, a
 * function body or any statement leaves an unterminated token or an
 * incomplete statement, which fails, and the chunk is then cut by
 * chunk_end(). */
static int guess_chunk_end(const char *src, int len, int from, int want)
{
	if (len - from <= want)
		return len;
	for (int p = from + want - 2; p > from; p--)
		if (src[p] == ';' && src[p + 1] == '\n')
			return p + 1;
	return -1;
}

/* The offset of the first token at or after `at` in `text` (past blanks
 * and comments), for an error about the statement starting there. */
static int first_token(const char *text, int at)
{
	PgQueryScanResult r = pg_query_scan(text + at);
	int off = at;
	if (!r.error) {
		PgQuery__ScanResult *sr =
			pg_query__scan_result__unpack(NULL, r.pbuf.len, (const uint8_t *) r.pbuf.data);
		for (size_t i = 0; sr && i < sr->n_tokens; i++)
			if (sr->tokens[i]->token != PG_QUERY__TOKEN__SQL_COMMENT &&
			    sr->tokens[i]->token != PG_QUERY__TOKEN__C_COMMENT) {
				off = at + sr->tokens[i]->start;
				break;
			}
		if (sr)
			pg_query__scan_result__free_unpacked(sr, NULL);
	}
	pg_query_free_scan_result(r);
	return off;
}

/* Parses src[from, to) into *out.  Sets *retry, filling nothing, when the
 * chunk must be cut again: on any error when its end was only guessed
 * (`exact` false), and when an exact end is inside a statement (a BEGIN
 * ATOMIC body holds semicolons) and more text follows. */
static void parse_range(const ChunkReader *r, int from, int to, bool exact, bool *retry,
			ParsedChunk *out)
{
	size_t n = (size_t) (to - from);
	char *chunk = xstrndup(r->src + from, n);
	*retry = false;
	*out = (ParsedChunk){.from = from, .to = to, .error_at = -1};
	int at;
	if (sql_too_many_tokens(chunk, n, &at)) {
		/* the grammar's own recursion is bounded only by the stack */
		out->error_at = from + at;
		out->error = xstrdup("statement too complex: more than " STR(PARSE_MAX_TOKENS)
				     " operators, keywords and brackets (pgstage's limit)");
		free(chunk);
		return;
	}
	PgQueryProtobufParseResult res = pg_query_parse_protobuf(chunk);
	if (res.error) {
		int cursor = cursor_to_offset(chunk, res.error->cursorpos);
		if (!exact || (cursor >= (int) n && to < r->len)) {
			*retry = true;
		} else {
			out->error_at = from + cursor;
			out->error = xstrdup(res.error->message);
		}
		pg_query_free_protobuf_parse_result(res);
		free(chunk);
		return;
	}
	if (pb_parse_result_too_deep((const uint8_t *) res.parse_tree.data, res.parse_tree.len,
				     PARSE_MAX_NESTING, &at)) {
		out->error_at = from + first_token(chunk, at);
		free(chunk);
		out->error = xstrdup("statement nested too deeply: more than " STR(PARSE_MAX_NESTING)
				     " levels of expressions (pgstage's limit)");
		pg_query_free_protobuf_parse_result(res);
		return;
	}
	free(chunk);
	/* the tree lives in its own arena: freeing it is one call, not a
	 * second walk of every message */
	out->arena = arena_new();
	ProtobufCAllocator alloc = pb_arena_allocator(out->arena);
	out->tree = pg_query__parse_result__unpack(&alloc, res.parse_tree.len,
						   (const uint8_t *) res.parse_tree.data);
	pg_query_free_protobuf_parse_result(res);
	if (!out->tree) {
		out->error = xstrdup("cannot decode the parse tree");
		return;
	}
	for (size_t i = 0; i < out->tree->n_stmts; i++)
		shift_locations(&out->tree->stmts[i]->stmt->base, from);
}

/* The next chunk of the text, cut and parsed; false at its end or after an
 * error. */
static bool cut_next(ChunkReader *r, ParsedChunk *out)
{
	if (r->failed || r->from >= r->len)
		return false;
	int want = CHUNK_BYTES;
	bool exact = false;
	for (;;) {
		int to = exact ? -1 : guess_chunk_end(r->src, r->len, r->from, want);
		if (to < 0) {
			exact = true;
			to = chunk_end(r->src, r->len, r->from, want);
		}
		bool retry;
		parse_range(r, r->from, to, exact || to == r->len, &retry, out);
		if (!retry) {
			r->from = to;
			r->failed = out->tree == NULL;
			return true;
		}
		if (exact || to == r->len)
			want = 2 * (to - r->from); /* the same chunk again, longer */
		exact = true;
	}
}

static void *parse_ahead(void *arg)
{
	ChunkReader *r = arg;
	for (;;) {
		pthread_mutex_lock(&r->lock);
		while (r->count == QUEUE_LEN && !r->stop)
			pthread_cond_wait(&r->changed, &r->lock);
		bool stop = r->stop;
		pthread_mutex_unlock(&r->lock);
		ParsedChunk c;
		bool more = !stop && cut_next(r, &c);
		pthread_mutex_lock(&r->lock);
		if (more)
			r->queue[(r->head + r->count++) % QUEUE_LEN] = c;
		else
			r->finished = true;
		pthread_cond_broadcast(&r->changed);
		pthread_mutex_unlock(&r->lock);
		if (!more)
			return NULL;
	}
}

ChunkReader *chunk_reader_start(const char *src, int len)
{
	ChunkReader *r = xcalloc(1, sizeof *r);
	r->src = src;
	r->len = len;
	if (len >= THREAD_MIN_BYTES) {
		pthread_mutex_init(&r->lock, NULL);
		pthread_cond_init(&r->changed, NULL);
		r->threaded = pgs_thread_create(&r->thread, parse_ahead, r) == 0;
		if (!r->threaded) {
			pthread_cond_destroy(&r->changed);
			pthread_mutex_destroy(&r->lock);
		}
	}
	return r;
}

bool chunk_reader_next(ChunkReader *r, ParsedChunk *out)
{
	if (!r->threaded)
		return cut_next(r, out);
	pthread_mutex_lock(&r->lock);
	while (r->count == 0 && !r->finished)
		pthread_cond_wait(&r->changed, &r->lock);
	bool got = r->count > 0;
	if (got) {
		*out = r->queue[r->head];
		r->head = (r->head + 1) % QUEUE_LEN;
		r->count--;
		pthread_cond_broadcast(&r->changed);
	}
	pthread_mutex_unlock(&r->lock);
	return got;
}

void chunk_release(ParsedChunk *c)
{
	arena_free(c->arena);
	free(c->error);
	*c = (ParsedChunk){.error_at = -1};
}

void chunk_reader_stop(ChunkReader *r)
{
	if (r->threaded) {
		pthread_mutex_lock(&r->lock);
		r->stop = true;
		pthread_cond_broadcast(&r->changed);
		pthread_mutex_unlock(&r->lock);
		pthread_join(r->thread, NULL);
		for (; r->count; r->count--, r->head = (r->head + 1) % QUEUE_LEN)
			chunk_release(&r->queue[r->head]);
		pthread_cond_destroy(&r->changed);
		pthread_mutex_destroy(&r->lock);
	}
	/* the chunks' arenas are gone: what they left for reuse is not needed */
	arena_pool_release();
	free(r);
}
