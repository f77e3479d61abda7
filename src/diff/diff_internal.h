/*
 * diff_internal.h - shared between the diff's files; not public.
 * Memory ownership: as diff.h (everything in the Diff's arena).
 */
#ifndef PGSTAGE_DIFF_INTERNAL_H
#define PGSTAGE_DIFF_INTERNAL_H

#include "diff/diff.h"
#include "util/strbuf.h"

Change *diff_add(Diff *d, ChangeType type, const Object *from, const Object *to);
void diff_comment(Diff *d, const Object *from, const Object *to);
void diff_table(Diff *d, const Table *from, const Table *to);
void diff_enum(Diff *d, const EnumType *from, const EnumType *to);
void diff_sequence(Diff *d, const Sequence *from, const Sequence *to);
void diff_collation(Diff *d, const Collation *from, const Collation *to);
/* Equality of everything but the comment, for kinds replaced as a whole. */
bool object_same_definition(const Diff *d, const Object *live, const Object *desired);
/* `live` against `desired`, reading table names through the diff's renames. */
bool constraint_same_definition(const Diff *d, const Constraint *live, const Constraint *desired);
/* Objects pgstage creates while an online change is in flight carry
 * "__pgstage" in their names; the diff leaves them to the planner. */
bool is_helper_name(const char *name);
bool seqopts_equal(const SeqOptions *a, const SeqOptions *b);
/* Equal collation names, or the live one renamed by a directive to the desired one. */
bool collation_equal(const Diff *d, const char *live, const char *desired);

#endif
