/*
 * print.h - a line-per-fact text rendering of a catalog, every field of the
 * model in canonical form.  Two catalogs that print the same are equal for
 * the diff; tests and the `pgstage debug-catalog` command use it.
 * catalog_fingerprint() (model.h) hashes the same text without privileges.
 *
 * Memory ownership: appends to the caller's StrBuf.
 */
#ifndef PGSTAGE_PRINT_H
#define PGSTAGE_PRINT_H

#include "model/model.h"
#include "util/strbuf.h"

void catalog_print(const Catalog *cat, StrBuf *out);

#endif
