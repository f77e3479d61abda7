/*
 * version.c - the versions of a runner's directory and the next ones.
 * Sequential directories continue their numbering and zero padding;
 * timestamp directories (YYYYMMDDHHMMSS) get the current UTC time, or one
 * second after the last version when that is later.
 * Memory ownership: strings in the caller's arena.
 */
#include "emit/runners/runner_int.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Compares digit strings as numbers, ignoring leading zeros. */
static int number_compare(const char *a, size_t na, const char *b, size_t nb)
{
	while (na > 1 && *a == '0')
		a++, na--;
	while (nb > 1 && *b == '0')
		b++, nb--;
	if (na != nb)
		return na < nb ? -1 : 1;
	int c = strncmp(a, b, na);
	return c < 0 ? -1 : c > 0;
}

int version_compare(const Runner *r, const char *a, const char *b)
{
	if (r->lexical_order) {
		int c = strcmp(a, b);
		return c < 0 ? -1 : c > 0;
	}
	/* dotted numbers, Flyway style: 1.10 > 1.9, "_" reads as "." */
	for (;;) {
		size_t na = strspn(a, "0123456789"), nb = strspn(b, "0123456789");
		int c = number_compare(a, na ? na : 1, b, nb ? nb : 1);
		if (!na || !nb)
			c = na ? 1 : nb ? -1 : 0;
		if (c)
			return c;
		a += na;
		b += nb;
		bool ma = *a == '.' || *a == '_', mb = *b == '.' || *b == '_';
		if (!ma || !mb)
			return ma ? 1 : mb ? -1 : 0;
		a++;
		b++;
	}
}

int versions_list(PtrVec *entries, PtrVec *versions, Arena *a, const Runner *r, const char *dir,
		  PgsError *err)
{
	DIR *d = opendir(dir);
	if (!d) {
		if (errno == ENOENT)
			return 0;
		return pgs_error_set(err, PGSTAGE_EIO, "cannot read directory '%s': %s", dir,
				     strerror(errno));
	}
	PtrVec own = {0}, *vers = versions ? versions : &own;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		char *path = arena_printf(a, "%s/%s", dir, de->d_name);
		struct stat st;
		if (stat(path, &st) != 0)
			continue;
		const char *v = r->entry_version(a, de->d_name, S_ISDIR(st.st_mode));
		if (!v)
			continue;
		/* insertion sort: directories hold tens of files, not millions */
		size_t i = entries->len;
		vec_push(a, entries, NULL);
		vec_push(a, vers, NULL);
		while (i > 0 && version_compare(r, vers->items[i - 1], v) > 0) {
			entries->items[i] = entries->items[i - 1];
			vers->items[i] = vers->items[i - 1];
			i--;
		}
		entries->items[i] = arena_strdup(a, de->d_name);
		vers->items[i] = (void *) v;
	}
	closedir(d);
	return 0;
}

static bool looks_like_timestamp(const char *v)
{
	return strspn(v, "0123456789") == 14 && (strncmp(v, "19", 2) == 0 || strncmp(v, "20", 2) == 0);
}

static time_t timestamp_parse(const char *v)
{
	struct tm tm = {0};
	if (sscanf(v, "%4d%2d%2d%2d%2d%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
		   &tm.tm_min, &tm.tm_sec) != 6)
		return 0;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return timegm(&tm);
}

int versions_assign(PtrVec *units, Arena *a, const Runner *r, const char *dir, time_t now,
		    PgsError *err)
{
	PtrVec entries = {0}, versions = {0};
	int rc = versions_list(&entries, &versions, a, r, dir, err);
	if (rc)
		return rc;
	const char *last = vec_last(&versions);
	VersionStyle style = last ? (looks_like_timestamp(last) ? VERSION_TIMESTAMP
								   : VERSION_SEQUENTIAL)
				  : r->default_style;
	if (style == VERSION_TIMESTAMP) {
		time_t t = now;
		if (last && timestamp_parse(last) >= t)
			t = timestamp_parse(last) + 1;
		VEC_EACH(Unit *, u, units) {
			struct tm tm;
			gmtime_r(&t, &tm);
			char buf[32];
			strftime(buf, sizeof buf, "%Y%m%d%H%M%S", &tm);
			u->version = arena_strdup(a, buf);
			t++;
		}
		return 0;
	}
	unsigned long long n = r->first_seq;
	int width = r->seq_width;
	if (last) {
		size_t digits = strspn(last, "0123456789");
		n = strtoull(last, NULL, 10) + 1;
		width = last[0] == '0' ? (int) digits : 0;
	}
	VEC_EACH(Unit *, u, units)
		u->version = arena_printf(a, "%0*llu", width, n++);
	return 0;
}
