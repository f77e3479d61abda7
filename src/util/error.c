/*
 * error.c - PgsError setters; see include/pgstage/pgstage.h.
 */
#include "pgstage/pgstage.h"

#include <stdio.h>
#include <string.h>

void pgs_error_clear(PgsError *err)
{
	memset(err, 0, sizeof *err);
}

static void vset(char *dst, size_t size, const char *fmt, va_list ap)
{
	vsnprintf(dst, size, fmt, ap);
}

int pgs_error_set(PgsError *err, int code, const char *fmt, ...)
{
	pgs_error_clear(err);
	err->code = code;
	va_list ap;
	va_start(ap, fmt);
	vset(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
	return code;
}

int pgs_error_at(PgsError *err, int code, const char *file, int line, int col,
		 const char *fmt, ...)
{
	pgs_error_clear(err);
	err->code = code;
	snprintf(err->file, sizeof err->file, "%s", file ? file : "");
	err->line = line;
	err->col = col;
	va_list ap;
	va_start(ap, fmt);
	vset(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
	return code;
}

void pgs_error_detail(PgsError *err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vset(err->detail, sizeof err->detail, fmt, ap);
	va_end(ap);
}

void pgs_error_hint(PgsError *err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vset(err->hint, sizeof err->hint, fmt, ap);
	va_end(ap);
}
