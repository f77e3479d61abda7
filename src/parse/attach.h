/*
 * attach.h - attaching pgstage directives to the parsed definitions.
 * Memory ownership: see attach.c.
 */
#ifndef PGSTAGE_ATTACH_H
#define PGSTAGE_ATTACH_H

#include "model/model.h"
#include "parse/directive.h"

/* Reads the directives among `comments` (the scanner's comments of `sql`,
 * the text of `file`) and records each on the
 * object, column or constraint of `file` it annotates.  A directive with
 * nothing to annotate, or one that does not fit its target, is an error at
 * the directive's file:line:col. */
int directives_attach(Catalog *cat, const char *sql, const SqlComment *comments,
		      size_t n_comments, const char *file, PgsError *err);

#endif
