/*
 * like.c - SQL LIKE matching; see like.h.  Bytes, as PostgreSQL's LIKE on
 * UTF-8 compares characters: '_' here matches one byte of a multibyte
 * character, the one documented difference.
 */
#include "util/like.h"

bool like_match(const char *p, const char *t)
{
	while (*p) {
		if (*p == '%') {
			while (*p == '%')
				p++;
			if (!*p)
				return true;
			for (; *t; t++)
				if (like_match(p, t))
					return true;
			return false;
		}
		if (!*t)
			return false;
		if (*p == '\\' && p[1]) {
			p++;
			if (*p != *t)
				return false;
		} else if (*p != '_' && *p != *t) {
			return false;
		}
		p++;
		t++;
	}
	return !*t;
}
