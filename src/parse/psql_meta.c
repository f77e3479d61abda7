/*
 * psql_meta.c - psql's \restrict and \unrestrict lines in pg_dump output.
 *
 * pg_dump --schema-only of PostgreSQL 17.6, 16.10, 15.14 and later (every
 * current release) starts its script with `\restrict KEY` and ends it with
 * `\unrestrict KEY`: psql meta-commands that no SQL grammar accepts.  A
 * desired schema is meant to be such a dump as it is (docs/adopting.md), so
 * the first such line before any statement and the last after every
 * statement are blanked (spaces, so line:col of everything else stays).
 * Anywhere else a backslash line is left for the grammar to reject.
 * Memory ownership: the copy returned is malloc'd; the caller frees it.
 */
#include "parse/parse_int.h"

#include <stdlib.h>
#include <string.h>

/* Start of the first line at or after `p` that is not blank and not a
 * `--` comment; NULL when none. */
static const char *first_content_line(const char *p)
{
	while (*p) {
		const char *q = p + strspn(p, " \t\r");
		if (*q != '\n' && *q && strncmp(q, "--", 2) != 0)
			return p;
		const char *nl = strchr(p, '\n');
		if (!nl)
			return NULL;
		p = nl + 1;
	}
	return NULL;
}

static bool is_meta(const char *line, const char *cmd)
{
	size_t n = strlen(cmd);
	return strncmp(line, cmd, n) == 0 && (line[n] == ' ' || line[n] == '\t');
}

static void blank_line(char *line)
{
	for (; *line && *line != '\n'; line++)
		*line = ' ';
}

char *psql_restrict_blanked(const char *src)
{
	const char *first = first_content_line(src);
	if (!first || !is_meta(first, "\\restrict"))
		return NULL;
	char *copy = xstrdup(src);
	blank_line(copy + (first - src));
	/* the last content line, when it is \unrestrict */
	const char *last = NULL;
	for (const char *p = first_content_line(copy); p; ) {
		last = p;
		const char *nl = strchr(p, '\n');
		p = nl ? first_content_line(nl + 1) : NULL;
	}
	if (last && is_meta(last, "\\unrestrict"))
		blank_line(copy + (last - copy));
	return copy;
}
