/*
 * like.h - SQL LIKE matching (% any run, _ one character, \\ escapes), so
 * the desired side filters schemas exactly as introspection's SQL does.
 * Memory ownership: none.
 */
#ifndef PGSTAGE_LIKE_H
#define PGSTAGE_LIKE_H

#include <stdbool.h>

bool like_match(const char *pattern, const char *text);

#endif
