/*
 * parse_ok.h - the unit tests' desired catalog from SQL text: fails the
 * running cmocka test with the parser's file:line:col message on an error.
 *
 * Memory ownership: the caller frees the catalog (catalog_free).
 */
#ifndef PGSTAGE_TEST_PARSE_OK_H
#define PGSTAGE_TEST_PARSE_OK_H

#include "model/model.h"

Catalog *parse_ok(const char *sql);

#endif
