/*
 * names.h - makeObjectName: the name PostgreSQL gives an unnamed object
 * before it checks for collisions (names.c); public because the planner
 * names what PostgreSQL would name too (the identity sequence of a rebuilt
 * table, plan_reorder.c).
 *
 * Memory ownership: the result lives in `a`.
 */
#ifndef PGSTAGE_NAMES_H
#define PGSTAGE_NAMES_H

#include "util/arena.h"

/* name1_name2_label, name1 and name2 shortened (longer first) to fit 63
 * bytes without splitting a UTF-8 character; name2 and label may be NULL. */
const char *names_make(Arena *a, const char *name1, const char *name2, const char *label);

#endif
