/*
 * parse.h - desired-schema files -> Catalog, through libpg_query.
 *
 * src/parse is the only part of pgstage that sees libpg_query's protobuf
 * structs; everything is copied into the catalog's arena at once and the
 * parse tree is freed before returning.
 *
 * Memory ownership: *out is a new Catalog owned by the caller
 * (catalog_free()); on error *out is NULL and nothing is leaked.
 */
#ifndef PGSTAGE_PARSE_H
#define PGSTAGE_PARSE_H

#include "model/model.h"

/* A .sql file, or a directory whose *.sql files are read in name order.
 * Unqualified names resolve to schema "public" (or a SET search_path in
 * the input).  Errors name file:line:col. */
int parse_schema_path(Catalog **out, const char *path, PgsError *err);

/* The same for SQL text in memory; `filename` is used in errors. */
int parse_schema_string(Catalog **out, const char *sql, const char *filename, PgsError *err);

/* Releases libpg_query's per-thread memory and the keyword cache (at exit). */
void parse_shutdown(void);

/* The same at the end of a thread other than main: libpg_query frees its
 * own memory when such a thread ends (a TSD destructor, which a
 * pg_query_exit() before would make free it twice). */
void parse_thread_release(void);

#endif
