/*
 * parse_limits.c - see parse_limits.h.  The depth is measured on the
 * protobuf wire format with an explicit stack: the descriptors say which
 * length-delimited fields are messages, everything else is skipped.
 */
#include "parse/parse_limits.h"
#include "util/arena.h"

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>
#include <stdlib.h>

/* A varint at buf[*pos, len); false past the end or when too long. */
static bool read_varint(const uint8_t *buf, size_t len, size_t *pos, uint64_t *out)
{
	uint64_t v = 0;
	for (int shift = 0; shift < 64 && *pos < len; shift += 7) {
		uint8_t b = buf[(*pos)++];
		v |= (uint64_t) (b & 0x7f) << shift;
		if (!(b & 0x80)) {
			*out = v;
			return true;
		}
	}
	return false;
}

typedef struct Frame {
	const ProtobufCMessageDescriptor *d;
	size_t end;
} Frame;

bool pb_parse_result_too_deep(const uint8_t *buf, size_t len, int limit, int *stmt_location)
{
	size_t cap = 64, top = 0, pos = 0;
	Frame *stack = xmalloc(cap * sizeof *stack);
	stack[0] = (Frame){&pg_query__parse_result__descriptor, len};
	int nodes = 0;
	bool deep = false;
	for (;;) {
		while (pos >= stack[top].end) {
			if (stack[top].d == &pg_query__node__descriptor)
				nodes--;
			if (top == 0 || (deep && top == 1)) /* stmt_location 0 is not written */
				goto done;
			top--;
		}
		uint64_t tag, v;
		if (!read_varint(buf, stack[top].end, &pos, &tag))
			goto done;
		unsigned field = (unsigned) (tag >> 3);
		switch (tag & 7) {
		case 0:
			if (!read_varint(buf, stack[top].end, &pos, &v))
				goto done;
			/* RawStmt.stmt_location (field 2) of the deep statement */
			if (deep && top == 1 && field == 2) {
				*stmt_location = (int) (int32_t) v;
				goto done;
			}
			break;
		case 1:
			pos += 8;
			break;
		case 5:
			pos += 4;
			break;
		case 2: {
			if (!read_varint(buf, stack[top].end, &pos, &v) || v > stack[top].end - pos)
				goto done;
			const ProtobufCFieldDescriptor *fd =
				protobuf_c_message_descriptor_get_field(stack[top].d, field);
			if (!fd || fd->type != PROTOBUF_C_TYPE_MESSAGE || (deep && top >= 1)) {
				pos += v;
				break;
			}
			if (++top == cap)
				stack = xrealloc(stack, (cap *= 2) * sizeof *stack);
			stack[top] = (Frame){fd->descriptor, pos + v};
			if (fd->descriptor == &pg_query__node__descriptor && ++nodes > limit) {
				/* back to the RawStmt (level 1) for its location, which
				 * follows the statement's tree */
				deep = true;
				*stmt_location = 0;
				pos = stack[2].end;
				top = 1;
			}
			break;
		}
		default: /* groups: not in pg_query's messages */
			goto done;
		}
	}
done:
	free(stack);
	return deep;
}

static bool can_nest(PgQuery__Token t)
{
	switch (t) {
	case PG_QUERY__TOKEN__IDENT:
	case PG_QUERY__TOKEN__UIDENT:
	case PG_QUERY__TOKEN__FCONST:
	case PG_QUERY__TOKEN__SCONST:
	case PG_QUERY__TOKEN__USCONST:
	case PG_QUERY__TOKEN__BCONST:
	case PG_QUERY__TOKEN__XCONST:
	case PG_QUERY__TOKEN__ICONST:
	case PG_QUERY__TOKEN__SQL_COMMENT:
	case PG_QUERY__TOKEN__C_COMMENT:
	case PG_QUERY__TOKEN__ASCII_41: /* ) */
	case PG_QUERY__TOKEN__ASCII_44: /* , */
	case PG_QUERY__TOKEN__ASCII_46: /* . */
	case PG_QUERY__TOKEN__ASCII_59: /* ; */
	case PG_QUERY__TOKEN__ASCII_93: /* ] */
		return false;
	default:
		return true;
	}
}

bool sql_too_many_tokens(const char *text, size_t len, int *at)
{
	if (len < PARSE_COUNT_TOKENS_BYTES)
		return false;
	PgQueryScanResult r = pg_query_scan(text);
	bool many = false;
	if (!r.error) {
		PgQuery__ScanResult *sr =
			pg_query__scan_result__unpack(NULL, r.pbuf.len, (const uint8_t *) r.pbuf.data);
		size_t n = 0;
		for (size_t i = 0; sr && i < sr->n_tokens && !many; i++)
			if (can_nest(sr->tokens[i]->token) && ++n > PARSE_MAX_TOKENS) {
				many = true;
				*at = sr->tokens[i]->start;
			}
		if (sr)
			pg_query__scan_result__free_unpacked(sr, NULL);
	}
	pg_query_free_scan_result(r);
	return many;
}
