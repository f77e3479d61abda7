/*
 * keyword.c - keyword classes via pg_query_scan, cached per word.
 */
#include "parse/keyword.h"
#include "util/arena.h"
#include "util/hashmap.h"

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* per thread: the desired schema may be parsed while the main thread
 * introspects (cli_load_both) */
static _Thread_local HashMap cache = HASHMAP_INIT;
static _Thread_local Arena *cache_arena;

static KeywordKind scan_word(const char *word)
{
	PgQueryScanResult r = pg_query_scan(word);
	KeywordKind kind = KEYWORD_NONE;
	if (!r.error) {
		PgQuery__ScanResult *sr =
			pg_query__scan_result__unpack(NULL, r.pbuf.len, (const uint8_t *) r.pbuf.data);
		if (sr && sr->n_tokens == 1) {
			switch (sr->tokens[0]->keyword_kind) {
			case PG_QUERY__KEYWORD_KIND__UNRESERVED_KEYWORD:
				kind = KEYWORD_UNRESERVED;
				break;
			case PG_QUERY__KEYWORD_KIND__COL_NAME_KEYWORD:
				kind = KEYWORD_COL_NAME;
				break;
			case PG_QUERY__KEYWORD_KIND__TYPE_FUNC_NAME_KEYWORD:
				kind = KEYWORD_TYPE_FUNC_NAME;
				break;
			case PG_QUERY__KEYWORD_KIND__RESERVED_KEYWORD:
				kind = KEYWORD_RESERVED;
				break;
			default:
				break;
			}
		}
		if (sr)
			pg_query__scan_result__free_unpacked(sr, NULL);
	}
	pg_query_free_scan_result(r);
	return kind;
}

KeywordKind keyword_kind(const char *word)
{
	void *hit = hashmap_get(&cache, word);
	if (hit)
		return (KeywordKind) ((intptr_t) hit - 1);
	KeywordKind kind = scan_word(word);
	if (!cache_arena)
		cache_arena = arena_new();
	hashmap_put(&cache, arena_strdup(cache_arena, word), (void *) (intptr_t) (kind + 1));
	return kind;
}

void keyword_cache_release(void)
{
	hashmap_release(&cache);
	arena_free(cache_arena);
	cache_arena = NULL;
}
