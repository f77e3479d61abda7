/*
 * sql_split.c - SQL text into statements, for replaying runners that run
 * a file statement by statement (no-transaction files).
 * Memory ownership: statements are copied into the caller's arena.
 */
#include "emit/runners/runner_int.h"

#include <ctype.h>
#include <string.h>

/* Length of a dollar-quote tag at p ("$$", "$body$"), 0 when p is not one. */
static size_t dollar_tag(const char *p)
{
	if (p[0] != '$')
		return 0;
	size_t n = 1;
	if (isdigit((unsigned char) p[1]))
		return 0; /* $1 is a parameter */
	while (isalnum((unsigned char) p[n]) || p[n] == '_')
		n++;
	return p[n] == '$' ? n + 1 : 0;
}

/* Whether a piece holds anything but whitespace and comments. */
static bool has_code(const char *p, size_t n)
{
	const char *end = p + n;
	while (p < end) {
		if (isspace((unsigned char) *p)) {
			p++;
		} else if (p + 1 < end && p[0] == '-' && p[1] == '-') {
			while (p < end && *p != '\n')
				p++;
		} else if (p + 1 < end && p[0] == '/' && p[1] == '*') {
			const char *c = strstr(p + 2, "*/");
			p = c && c < end ? c + 2 : end;
		} else {
			return true;
		}
	}
	return false;
}

static void push_piece(Arena *a, PtrVec *out, const char *start, const char *end)
{
	while (start < end && isspace((unsigned char) *start))
		start++;
	while (end > start && isspace((unsigned char) end[-1]))
		end--;
	if (has_code(start, (size_t) (end - start)))
		vec_push(a, out, arena_strndup(a, start, (size_t) (end - start)));
}

void sql_split(Arena *a, PtrVec *out, const char *sql)
{
	const char *start = sql, *p = sql;
	while (*p) {
		size_t tag;
		if (p[0] == '-' && p[1] == '-') {
			p += strcspn(p, "\n");
		} else if (p[0] == '/' && p[1] == '*') {
			int depth = 1; /* PostgreSQL block comments nest */
			p += 2;
			while (*p && depth) {
				if (p[0] == '/' && p[1] == '*')
					depth++, p += 2;
				else if (p[0] == '*' && p[1] == '/')
					depth--, p += 2;
				else
					p++;
			}
		} else if (*p == '\'' || *p == '"') {
			char q = *p;
			/* E'...' strings take backslash escapes */
			bool esc = q == '\'' && p > sql && (p[-1] == 'E' || p[-1] == 'e');
			for (p++; *p; p++) {
				if (esc && *p == '\\' && p[1]) {
					p++;
				} else if (*p == q) {
					if (p[1] == q) {
						p++;
						continue;
					}
					break;
				}
			}
			if (*p)
				p++;
		} else if ((tag = dollar_tag(p)) != 0 &&
			   !(p > sql && (isalnum((unsigned char) p[-1]) || p[-1] == '_'))) {
			const char *close = p + tag;
			for (;;) {
				close = strchr(close, '$');
				if (!close || strncmp(close, p, tag) == 0)
					break;
				close++;
			}
			p = close ? close + tag : p + strlen(p);
		} else if (*p == ';') {
			push_piece(a, out, start, p);
			start = ++p;
		} else {
			p++;
		}
	}
	push_piece(a, out, start, p);
}
