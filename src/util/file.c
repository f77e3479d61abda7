/*
 * file.c - see file.h.
 */
#include "util/file.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int file_read_all(const char *path, StrBuf *out, PgsError *err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return pgs_error_set(err, PGSTAGE_EIO, "cannot open \"%s\": %s", path, strerror(errno));
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		strbuf_add(out, buf, n);
	int bad = ferror(f);
	fclose(f);
	if (bad)
		return pgs_error_set(err, PGSTAGE_EIO, "cannot read \"%s\"", path);
	return 0;
}
