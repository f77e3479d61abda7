/*
 * keyword.h - SQL keyword classes, from libpg_query's scanner.
 *
 * Memory ownership: results are cached in a per-thread table (malloc);
 * keyword_cache_release() frees the calling thread's (at its end).
 */
#ifndef PGSTAGE_KEYWORD_H
#define PGSTAGE_KEYWORD_H

typedef enum KeywordKind {
	KEYWORD_NONE,
	KEYWORD_UNRESERVED,
	KEYWORD_COL_NAME,
	KEYWORD_TYPE_FUNC_NAME,
	KEYWORD_RESERVED,
} KeywordKind;

/* Class of a lower-case word as the PostgreSQL 15 grammar sees it. */
KeywordKind keyword_kind(const char *word);
void keyword_cache_release(void);

#endif
