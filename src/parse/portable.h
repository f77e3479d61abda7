/*
 * portable.h - statements written so that the way they are run cannot
 * change what they mean.
 *
 * A migration file is read twice before PostgreSQL executes it: by the
 * runner, which cuts it at marker lines ("-- +goose StatementEnd",
 * "-- migrate:down"), and by a server whose standard_conforming_strings
 * may be off (runners that send a whole file as one query cannot set it
 * first).  Names, literals and expressions copied from a schema file or a
 * catalog must survive both.  sql_portable() rewrites one statement, read
 * as PostgreSQL reads it with standard_conforming_strings on (as the
 * schema file was parsed and as introspection reads the catalog):
 *
 *   'text' holding a backslash or a line break  -> E'...' (strbuf_literal)
 *   E'...' holding a raw line break             -> the break as \n
 *   $tag$body$tag$ with a marker line            -> E'...'
 *   N'...' that needs either                     -> NCHAR E'...'
 *   "name" holding a control byte               -> U&"..." with \000a escapes
 *   a comment holding a marker line             -> a space
 *
 * Each form means the same thing under either setting; values are not
 * changed.  A marker line is a line that, after leading blanks, starts
 * with "--" and names a runner ("+goose", "migrate:", "flyway:",
 * "pgstage:", any case).
 *
 * Memory ownership: appends to the caller's StrBuf; nothing is kept.
 */
#ifndef PGSTAGE_PORTABLE_H
#define PGSTAGE_PORTABLE_H

#include <stdbool.h>

#include "pgstage/pgstage.h"
#include "util/strbuf.h"

/* Whether some line of `sql` reads as a runner's marker. */
bool sql_has_marker_line(const char *sql);

/* Appends `sql` rewritten as above.  Returns 0, or PGSTAGE_EINPUT when a
 * marker line is left that no rewrite removes (text the scanner cannot
 * read); the rewritten text is appended all the same. */
int sql_portable(StrBuf *out, const char *sql, PgsError *err);

#endif
