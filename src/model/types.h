/*
 * types.h - canonical type names: what format_type(atttypid, atttypmod)
 * prints with search_path = pg_catalog.
 *
 * Memory ownership: returned names are static strings; types_format()
 * appends to the caller's StrBuf.
 */
#ifndef PGSTAGE_TYPES_H
#define PGSTAGE_TYPES_H

#include <stdbool.h>
#include "util/strbuf.h"

/* format_type's name of a pg_catalog type as a parser or user spells it
 * ("int4", "integer", "varchar", "timestamptz", "text"), NULL when `name` is
 * not a built-in type. */
const char *types_builtin(const char *name);

/* Appends `base` (a types_builtin() result) with its modifiers as
 * format_type prints them: "timestamp(3) with time zone", "numeric(10,2)",
 * "interval day to second(3)".  Interval modifiers are (fields mask,
 * precision) as the grammar produces them; -1 precision = none. */
void types_format(StrBuf *sb, const char *base, const int *typmods, int n_typmods);

#endif
