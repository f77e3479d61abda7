/*
 * text_util.c - reading migration files and finding runner markers in them.
 * Memory ownership: see runner_int.h.
 */
#include "emit/runners/runner_int.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include "util/file.h"

#include <string.h>
#include <strings.h>
#include <sys/stat.h>

int file_slurp(Arena *a, const char *path, char **out, PgsError *err)
{
	StrBuf sb = STRBUF_INIT;
	int rc = file_read_all(path, &sb, err);
	if (rc == 0)
		*out = arena_strndup(a, sb.buf, sb.len);
	strbuf_release(&sb);
	return rc;
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
