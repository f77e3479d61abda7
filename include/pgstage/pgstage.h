/*
 * pgstage.h - public entry points: version, errors, exit codes.
 *
 * Errors are values: every fallible function returns 0 on success or a
 * negative PGSTAGE_E* code, and fills the caller's PgsError.  Nothing below
 * the CLI prints or exits.  A PgsError holds fixed buffers, so it owns no
 * heap memory and needs no release.
 */
#ifndef PGSTAGE_PGSTAGE_H
#define PGSTAGE_PGSTAGE_H

#include <stdarg.h>

#ifndef PGSTAGE_VERSION
#define PGSTAGE_VERSION "0.1.0"
#endif

/* Error codes returned by library functions (negative). */
enum {
	PGSTAGE_OK = 0,
	PGSTAGE_EGENERIC = -1,     /* anything else */
	PGSTAGE_EINPUT = -2,       /* bad desired-schema input (syntax, unsupported statement) */
	PGSTAGE_EDB = -3,          /* connection or query failure */
	PGSTAGE_EUNSUPPORTED = -4, /* live database holds objects pgstage does not manage */
	PGSTAGE_EUSAGE = -5,       /* bad command-line usage */
	PGSTAGE_EIO = -6,          /* file system */
	PGSTAGE_EREFUSED = -7,     /* a pre-flight check or --fail-on refuses the plan (exit 6) */
};

/* Process exit codes of the CLI (documented in README.md). */
enum {
	PGSTAGE_EXIT_OK = 0,
	PGSTAGE_EXIT_CHANGES = 1,     /* drift: differences found */
	PGSTAGE_EXIT_ERROR = 2,       /* runtime error (database, file) */
	PGSTAGE_EXIT_USAGE = 3,       /* bad arguments */
	PGSTAGE_EXIT_INPUT = 4,       /* bad desired-schema input */
	PGSTAGE_EXIT_UNSUPPORTED = 5, /* unsupported objects in the database */
	PGSTAGE_EXIT_HAZARD = 6,      /* --fail-on matched, or pre-flight refused */
	PGSTAGE_EXIT_LOCKED = 7,      /* another runner holds the lock */
};

typedef struct PgsError {
	int code;               /* PGSTAGE_E* */
	char message[1024];     /* one lower-case line, no final full stop */
	char detail[2048];      /* optional further lines */
	char hint[512];         /* optional */
	char file[512];         /* input file, when the error points into one */
	int line, col;          /* 1-based; 0 when unknown */
} PgsError;

/* Resets `err` to "no error". */
void pgs_error_clear(PgsError *err);
/* Sets code and message; returns `code` so callers can `return pgs_error_set(...)`. */
int pgs_error_set(PgsError *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Like pgs_error_set, with a file position. */
int pgs_error_at(PgsError *err, int code, const char *file, int line, int col,
		 const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
void pgs_error_detail(PgsError *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void pgs_error_hint(PgsError *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
