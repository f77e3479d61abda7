/*
 * srctext.c - source positions and source slices of the current file.
 *
 * Expressions are stored as the exact text the user wrote, so we need the
 * token stream (pg_query_scan) to find where an expression ends: node
 * locations give only the start of some nodes.  The file is scanned piece
 * by piece as it is parsed (each statement, and the semicolons and trailing
 * comments between them), so only the current statement's tokens exist at
 * a time; the comments of the whole file are kept for the directives.
 *
 * Memory ownership: tokens, comments and line starts are malloc'd here and
 * freed by srctext_release(); slices are copied into the catalog arena.
 */
#include "parse/parse_int.h"
#include "parse/pb_arena.h"
#include "parse/pb_walk.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void srctext_begin(ParseCtx *ctx, const char *src, size_t len)
{
	ctx->src = src;
	ctx->src_len = len;
	size_t cap = 64;
	ctx->line_starts = xmalloc(cap * sizeof(int));
	ctx->n_lines = 0;
	ctx->line_starts[ctx->n_lines++] = 0;
	for (const char *p = src; (p = memchr(p, '\n', len - (size_t) (p - src))) != NULL; p++) {
		if (ctx->n_lines == cap)
			ctx->line_starts = xrealloc(ctx->line_starts, (cap *= 2) * sizeof(int));
		ctx->line_starts[ctx->n_lines++] = (int) (p - src) + 1;
	}
	ctx->tokens = NULL;
	ctx->n_tokens = ctx->tokens_cap = 0;
	ctx->comments = NULL;
	ctx->n_comments = ctx->comments_cap = 0;
	ctx->code_end = -1;
}

static void push_comment(ParseCtx *ctx, SqlComment c)
{
	if (ctx->n_comments == ctx->comments_cap) {
		ctx->comments_cap = ctx->comments_cap * 2 + 16;
		ctx->comments = xrealloc(ctx->comments, ctx->comments_cap * sizeof(SqlComment));
	}
	ctx->comments[ctx->n_comments++] = c;
}

static void push_token(ParseCtx *ctx, Token t)
{
	if (ctx->n_tokens == ctx->tokens_cap) {
		ctx->tokens_cap = ctx->tokens_cap * 2 + 256;
		ctx->tokens = xrealloc(ctx->tokens, ctx->tokens_cap * sizeof(Token));
	}
	ctx->tokens[ctx->n_tokens++] = t;
}

/* The tokens of `text`, unpacked into `scratch` (reset first); NULL on a
 * scanner error, which the parser reports with a better message. */
static const PgQuery__ScanResult *scan_text(Arena *scratch, const char *text)
{
	PgQueryScanResult r = pg_query_scan(text);
	PgQuery__ScanResult *sr = NULL;
	if (!r.error) {
		arena_reset(scratch);
		ProtobufCAllocator alloc = pb_arena_allocator(scratch);
		sr = pg_query__scan_result__unpack(&alloc, r.pbuf.len, (const uint8_t *) r.pbuf.data);
	}
	pg_query_free_scan_result(r);
	return sr;
}

static bool is_comment(const PgQuery__ScanToken *t)
{
	return t->token == PG_QUERY__TOKEN__C_COMMENT || t->token == PG_QUERY__TOKEN__SQL_COMMENT;
}

/* A scanned token of text that starts at file offset `base`. */
static Token file_token(const PgQuery__ScanToken *t, int base)
{
	return (Token){.start = base + t->start, .end = base + t->end, .kind = t->token,
		       .keyword = t->keyword_kind};
}

void srctext_scan(ParseCtx *ctx, const char *text, int base, bool keep_tokens)
{
	if (keep_tokens)
		ctx->n_tokens = 0;
	const PgQuery__ScanResult *sr = scan_text(ctx->scan_scratch, text);
	for (size_t i = 0; sr && i < sr->n_tokens; i++) {
		const PgQuery__ScanToken *t = sr->tokens[i];
		Token tok = file_token(t, base);
		if (is_comment(t)) {
			push_comment(ctx, (SqlComment){.start = tok.start, .end = tok.end,
						       .code_end = ctx->code_end,
						       .block = t->token == PG_QUERY__TOKEN__C_COMMENT});
			continue;
		}
		ctx->code_end = tok.end;
		if (keep_tokens)
			push_token(ctx, tok);
	}
}

bool srctext_defer(ParseCtx *ctx, const char *text, int base, int len)
{
	if (strstr(text, "--") || strstr(text, "/*"))
		return false;
	/* the tokens end where the last non-blank byte does */
	int end = len;
	while (end > 0 && isspace((unsigned char) text[end - 1]))
		end--;
	if (end > 0)
		ctx->code_end = base + end;
	ctx->n_tokens = 0;
	ctx->unscanned = text;
	ctx->unscanned_base = base;
	ctx->unscanned_len = len;
	return true;
}

/* The token list is a cache of the statement's text: filling it on first
 * use changes no observable state, hence the cast. */
static void need_tokens(const ParseCtx *cctx)
{
	ParseCtx *ctx = (ParseCtx *) cctx;
	if (!ctx->unscanned)
		return;
	const char *text = ctx->unscanned;
	int code_end = ctx->code_end;
	ctx->unscanned = NULL;
	srctext_scan(ctx, text, ctx->unscanned_base, true);
	ctx->code_end = code_end;
}

void srctext_release(ParseCtx *ctx)
{
	free(ctx->tokens);
	free(ctx->comments);
	free(ctx->line_starts);
	ctx->tokens = NULL;
	ctx->comments = NULL;
	ctx->line_starts = NULL;
	ctx->n_tokens = ctx->tokens_cap = ctx->n_comments = ctx->comments_cap = ctx->n_lines = 0;
}

SrcLoc srctext_loc(const ParseCtx *ctx, int offset)
{
	SrcLoc loc = {.file = ctx->file, .line = 1, .col = 1};
	if (offset < 0 || !ctx->line_starts)
		return loc;
	size_t lo = 0, hi = ctx->n_lines;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (ctx->line_starts[mid] <= offset)
			lo = mid;
		else
			hi = mid;
	}
	loc.line = (int) lo + 1;
	/* columns count characters, not bytes */
	int col = 1;
	for (int i = ctx->line_starts[lo]; i < offset && (size_t) i < ctx->src_len; i++)
		if (((unsigned char) ctx->src[i] & 0xC0) != 0x80)
			col++;
	loc.col = col;
	return loc;
}

int parse_error(ParseCtx *ctx, int offset, const char *fmt, ...)
{
	char msg[900];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	SrcLoc loc = srctext_loc(ctx, offset);
	return pgs_error_at(ctx->err, PGSTAGE_EINPUT, ctx->file, loc.line, loc.col, "%s", msg);
}

/* A run of tokens: the statement's (ctx->tokens) or a slice's. */
typedef struct TokenSpan {
	const Token *v;
	size_t n;
} TokenSpan;

static TokenSpan statement_tokens(const ParseCtx *ctx)
{
	need_tokens(ctx);
	return (TokenSpan){ctx->tokens, ctx->n_tokens};
}

static size_t span_token_at(TokenSpan s, int offset)
{
	size_t lo = 0, hi = s.n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (s.v[mid].start < offset)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static size_t span_match_paren(TokenSpan s, size_t i)
{
	int depth = 0;
	for (; i < s.n; i++) {
		if (s.v[i].kind == '(' || s.v[i].kind == '[')
			depth++;
		else if (s.v[i].kind == ')' || s.v[i].kind == ']')
			if (--depth == 0)
				return i;
	}
	return s.n;
}

static size_t span_find(TokenSpan s, size_t from, int kind, int limit)
{
	int depth = 0;
	for (size_t i = from; i < s.n && s.v[i].start < limit; i++) {
		int k = s.v[i].kind;
		if (depth == 0 && k == kind)
			return i;
		if (k == '(' || k == '[')
			depth++;
		else if (k == ')' || k == ']')
			depth--;
	}
	return s.n;
}

static char *span_paren_after(const ParseCtx *ctx, TokenSpan s, int offset, int kw, int *start_out)
{
	size_t i = span_token_at(s, offset);
	while (i < s.n && s.v[i].kind != kw)
		i++;
	while (i < s.n && s.v[i].kind != '(')
		i++;
	size_t close = span_match_paren(s, i);
	if (close >= s.n)
		return NULL;
	if (start_out)
		*start_out = s.v[i].end;
	return srctext_slice(ctx, s.v[i].end, s.v[close].start);
}

static char *span_until(const ParseCtx *ctx, TokenSpan s, size_t from, int limit, int *start_out)
{
	if (from >= s.n)
		return NULL;
	int depth = 0, end = s.v[from].start;
	for (size_t i = from; i < s.n && s.v[i].start < limit; i++) {
		int k = s.v[i].kind;
		if (depth == 0 && (k == ',' || k == ';' || k == ')'))
			break;
		if (k == '(' || k == '[')
			depth++;
		else if (k == ')' || k == ']')
			depth--;
		end = s.v[i].end;
	}
	if (start_out)
		*start_out = s.v[from].start;
	return srctext_slice(ctx, s.v[from].start, end);
}

size_t srctext_token_at(const ParseCtx *ctx, int offset)
{
	return span_token_at(statement_tokens(ctx), offset);
}

size_t srctext_match_paren(const ParseCtx *ctx, size_t i)
{
	return span_match_paren(statement_tokens(ctx), i);
}

char *srctext_slice(const ParseCtx *ctx, int start, int end)
{
	if (end > (int) ctx->src_len)
		end = (int) ctx->src_len;
	while (start < end && isspace((unsigned char) ctx->src[start]))
		start++;
	while (end > start && isspace((unsigned char) ctx->src[end - 1]))
		end--;
	return arena_strndup(ctx->cat->arena, ctx->src + start, (size_t) (end - start));
}

size_t srctext_find(const ParseCtx *ctx, size_t from, int kind, int limit)
{
	return span_find(statement_tokens(ctx), from, kind, limit);
}

char *srctext_paren_after(const ParseCtx *ctx, int offset, int kw, int *start_out)
{
	return span_paren_after(ctx, statement_tokens(ctx), offset, kw, start_out);
}

char *srctext_until(const ParseCtx *ctx, size_t from, int limit, int *start_out)
{
	return span_until(ctx, statement_tokens(ctx), from, limit, start_out);
}

/* The tokens of src[at, limit) when the statement has not been scanned
 * (both ends are token starts, or the statement's end): a column's DEFAULT
 * or CHECK then costs a scan of its own few tokens, not of its whole CREATE
 * TABLE (scanning was a seventh of the parse).  A statement already scanned
 * (it has comments, or a builder read its tokens) lends its own.  *owned is
 * the array to free. */
static TokenSpan range_tokens(const ParseCtx *ctx, int at, int limit, Token **owned)
{
	*owned = NULL;
	int base = ctx->unscanned_base;
	if (!ctx->unscanned || at < base || limit <= at ||
	    limit > base + ctx->unscanned_len)
		return statement_tokens(ctx);
	char *text = xstrndup(ctx->src + at, (size_t) (limit - at));
	const PgQuery__ScanResult *sr = scan_text(ctx->scan_scratch, text);
	free(text);
	if (!sr)
		return statement_tokens(ctx);
	size_t n = 0;
	Token *v = xmalloc((sr->n_tokens ? sr->n_tokens : 1) * sizeof(Token));
	for (size_t i = 0; i < sr->n_tokens; i++) {
		if (!is_comment(sr->tokens[i]))
			v[n++] = file_token(sr->tokens[i], at);
	}
	*owned = v;
	return (TokenSpan){v, n};
}

char *srctext_expr_after(const ParseCtx *ctx, int at, int limit, int kw, int *start_out)
{
	Token *owned;
	TokenSpan s = range_tokens(ctx, at, limit, &owned);
	size_t k = span_find(s, span_token_at(s, at), kw, limit);
	char *txt = k < s.n ? span_until(ctx, s, k + 1, limit, start_out) : NULL;
	free(owned);
	return txt;
}

char *srctext_paren_within(const ParseCtx *ctx, int at, int limit, int kw, int *start_out)
{
	Token *owned;
	TokenSpan s = range_tokens(ctx, at, limit, &owned);
	char *txt = span_paren_after(ctx, s, at, kw, start_out);
	free(owned);
	return txt;
}

/* Walks any protobuf message for int32 fields named "location". */
static void min_location_child(ProtobufCMessage **slot, const ProtobufCFieldDescriptor *fd,
			       void *best)
{
	(void) fd;
	int v = srctext_min_location(*slot);
	if (v < *(int *) best)
		*(int *) best = v;
}

int srctext_min_location(const ProtobufCMessage *m)
{
	if (!m)
		return INT32_MAX;
	int best = INT32_MAX;
	const ProtobufCFieldDescriptor *fd = pb_location_field(m->descriptor);
	if (fd && pb_field_active(m, fd)) {
		int v = *(const int32_t *) ((const char *) m + fd->offset);
		/* -1 means unknown; 0 is a real offset only when the node is first */
		if (v > 0)
			best = v;
	}
	pb_each_child((ProtobufCMessage *) m, min_location_child, &best);
	return best;
}
