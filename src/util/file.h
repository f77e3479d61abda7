/*
 * file.h - reading a whole file.
 * Memory ownership: appends to the caller's StrBuf.
 */
#ifndef PGSTAGE_FILE_H
#define PGSTAGE_FILE_H

#include "pgstage/pgstage.h"
#include "util/strbuf.h"

/* Appends the contents of `path` to `out`; PGSTAGE_EIO naming the file
 * and the system's reason when it cannot be read. */
int file_read_all(const char *path, StrBuf *out, PgsError *err);

#endif
