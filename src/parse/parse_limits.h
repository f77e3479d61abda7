/*
 * parse_limits.h - the bounds that keep a hostile schema text from
 * exhausting the stack.  libpg_query turns its parse tree into protobuf,
 * and protobuf-c unpacks it, by recursion: a DEFAULT of 5000 "+1" terms
 * (10 KB, which PostgreSQL accepts) nests 10000 messages, and an unchecked
 * tree of that depth took more than 8 MB of stack.  So:
 *   - every thread that parses runs on PGS_STACK_BYTES (util/thread.h);
 *   - a packed tree is measured without recursion before it is unpacked,
 *     and one nesting more than PARSE_MAX_NESTING nodes is refused;
 *   - a text too large for that stack to be safe even in the grammar's own
 *     recursion (libpg_query's conversion of its tree to protobuf) is
 *     counted token by token first, and refused above PARSE_MAX_TOKENS.
 * PostgreSQL itself (max_stack_depth 2 MB) refuses a chain of about 8000
 * "+1" terms and ARRAY[[[...]]] about 5000 deep; the limits are above both.
 *
 * Memory ownership: nothing is kept; the functions only read their input.
 */
#ifndef PGSTAGE_PARSE_LIMITS_H
#define PGSTAGE_PARSE_LIMITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Nodes nested in one statement's parse tree (PgQuery__Node levels). */
#define PARSE_MAX_NESTING 10000

/* A text at least this long is counted token by token before parsing. */
#define PARSE_COUNT_TOKENS_BYTES (256 * 1024)

/* Tokens that can nest (operators, keywords, brackets: not names,
 * constants or separators) allowed in such a text. */
#define PARSE_MAX_TOKENS 200000

/* Whether the packed PgQuery__ParseResult buf[0, len) nests more than
 * `limit` nodes; if so, *stmt_location is that statement's location (its
 * RawStmt's stmt_location, relative to the parsed text).  A malformed
 * buffer is "not too deep": unpacking it then fails on its own. */
bool pb_parse_result_too_deep(const uint8_t *buf, size_t len, int limit, int *stmt_location);

/* Whether `text` holds more than PARSE_MAX_TOKENS tokens that can nest; if
 * so, *at is the byte offset of the token past the limit.  Texts shorter
 * than PARSE_COUNT_TOKENS_BYTES are not counted (false). */
bool sql_too_many_tokens(const char *text, size_t len, int *at);

#endif
