/*
 * text_util.c - reading migration files and finding runner markers in them.
 * Memory ownership: see runner_int.h.
 */
#include "emit/runners/runner_int.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

int file_slurp(Arena *a, const char *path, char **out, PgsError *err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return pgs_error_set(err, PGSTAGE_EIO, "cannot read '%s': %s", path, strerror(errno));
	StrBuf sb = STRBUF_INIT;
	char buf[8192];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		strbuf_add(&sb, buf, n);
	bool bad = ferror(f);
	fclose(f);
	if (bad) {
		strbuf_release(&sb);
		return pgs_error_set(err, PGSTAGE_EIO, "cannot read '%s'", path);
	}
	*out = arena_strndup(a, sb.buf, sb.len);
	strbuf_release(&sb);
	return 0;
}

bool path_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

/* Start of the line at or after p that begins with `marker`, or NULL. */
static const char *find_line(const char *p, const char *marker)
{
	size_t n = strlen(marker);
	while (p && *p) {
		if (strncasecmp(p, marker, n) == 0)
			return p;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return NULL;
}

const char *section_between(Arena *a, const char *text, const char *begin, const char *end,
			    const char **begin_line)
{
	const char *b = find_line(text, begin);
	if (!b)
		return NULL;
	if (begin_line)
		*begin_line = arena_strndup(a, b, strcspn(b, "\n"));
	const char *body = b + strcspn(b, "\n");
	if (*body)
		body++;
	const char *e = end ? find_line(body, end) : NULL;
	return e ? arena_strndup(a, body, (size_t) (e - body)) : arena_strdup(a, body);
}

const char *leading_digits(Arena *a, const char *s)
{
	size_t n = 0;
	while (isdigit((unsigned char) s[n]))
		n++;
	return n ? arena_strndup(a, s, n) : NULL;
}

bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}
