/*
 * attach.c - pgstage directives (grammar/directives.ebnf) attached to the
 * definitions they annotate, after a file's statements are built: a
 * trailing comment annotates the first definition starting on its line,
 * any other directive the next definition after the comment.  Definitions
 * are objects, table columns and table constraints, located by SrcLoc.
 *
 * Memory ownership: everything goes into the catalog's arena; the scan's
 * temporary arena is freed before returning.
 */
#include "parse/attach.h"
#include "parse/directive.h"
#include "parse/expr.h"

#include <stdlib.h>
#include <string.h>

typedef enum { TARGET_OBJECT, TARGET_COLUMN, TARGET_CONSTRAINT } TargetKind;

typedef struct Target {
	TargetKind kind;
	int line, col;
	void *ptr;
	const char *what; /* for messages */
} Target;

static int cmp_targets(const void *a, const void *b)
{
	const Target *x = a, *y = b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->col < y->col ? -1 : x->col > y->col;
}

static void add_target(Arena *a, PtrVec *v, TargetKind kind, const SrcLoc *loc, const char *file,
		       void *ptr, const char *what)
{
	if (!loc->file || strcmp(loc->file, file) != 0 || loc->line <= 0)
		return;
	Target *t = ARENA_NEW(a, Target);
	t->kind = kind;
	t->line = loc->line;
	t->col = loc->col;
	t->ptr = ptr;
	t->what = what;
	vec_push(a, v, t);
}

/* Every definition of `file`, in source order. */
static Target *collect(Catalog *cat, const char *file, Arena *a, size_t *n)
{
	PtrVec v = {0};
	VEC_EACH(Object *, o, &cat->objects) {
		add_target(a, &v, TARGET_OBJECT, &o->loc, file, o, obj_kind_name(o->kind));
		if (o->kind != OBJ_TABLE)
			continue;
		Table *t = (Table *) o;
		VEC_EACH(Column *, c, &t->columns)
			add_target(a, &v, TARGET_COLUMN, &c->loc, file, c, "column");
		VEC_EACH(Constraint *, k, &t->constraints)
			add_target(a, &v, TARGET_CONSTRAINT, &k->loc, file, k, "constraint");
	}
	Target *arr = arena_alloc(a, (v.len ? v.len : 1) * sizeof(Target));
	for (size_t i = 0; i < v.len; i++)
		arr[i] = *(Target *) v.items[i];
	qsort(arr, v.len, sizeof(Target), cmp_targets);
	*n = v.len;
	return arr;
}

static const Target *target_of(const PositionedDirective *pd, const Target *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (pd->trailing) {
			if (t[i].line == pd->line && t[i].col < pd->col)
				return &t[i];
		} else if (t[i].line > pd->end_line ||
			   (t[i].line == pd->end_line && pd->end_line == pd->line && t[i].col > pd->col)) {
			return &t[i];
		}
	}
	return NULL;
}

static char *policy_of(const Target *t)
{
	switch (t->kind) {
	case TARGET_OBJECT:
		return &((Object *) t->ptr)->drop_policy;
	case TARGET_COLUMN:
		return &((Column *) t->ptr)->drop_policy;
	default:
		return NULL;
	}
}

static int apply(Catalog *cat, const PositionedDirective *pd, const Target *t, PgsError *err)
{
	const Directive *d = &pd->d;
	const SrcLoc *at = &d->loc;
	switch (d->kind) {
	case DIRECTIVE_RENAMED_FROM: {
		const char *name = arena_strdup(cat->arena, d->name);
		if (t->kind == TARGET_OBJECT)
			((Object *) t->ptr)->renamed_from = name;
		else if (t->kind == TARGET_COLUMN)
			((Column *) t->ptr)->renamed_from = name;
		else
			((Constraint *) t->ptr)->renamed_from = name;
		return 0;
	}
	case DIRECTIVE_BACKFILL: {
		if (t->kind != TARGET_COLUMN)
			return pgs_error_at(err, PGSTAGE_EINPUT, at->file, at->line, at->col,
					    "a backfill directive applies to a column, not to a %s",
					    t->what);
		Column *c = t->ptr;
		c->backfill = expr_new_canonical(cat->arena, d->expr, expr_canonical);
		c->backfill_batch = d->batch;
		SrcLoc *loc = ARENA_NEW(cat->arena, SrcLoc);
		*loc = *at;
		loc->file = at->file ? arena_strdup(cat->arena, at->file) : NULL;
		c->backfill_loc = loc;
		return 0;
	}
	case DIRECTIVE_KEEP:
	case DIRECTIVE_ALLOW_DROP: {
		char *policy = policy_of(t);
		char want = d->kind == DIRECTIVE_KEEP ? 'k' : 'a';
		if (!policy)
			return pgs_error_at(err, PGSTAGE_EINPUT, at->file, at->line, at->col,
					    "\"%s\" applies to objects and columns, not to a %s",
					    directive_kind_name(d->kind), t->what);
		if (*policy && *policy != want)
			return pgs_error_at(err, PGSTAGE_EINPUT, at->file, at->line, at->col,
					    "\"keep\" and \"allow-drop\" on the same %s", t->what);
		*policy = want;
		return 0;
	}
	}
	return 0;
}

int directives_attach(Catalog *cat, const char *sql, const SqlComment *comments,
		      size_t n_comments, const char *file, PgsError *err)
{
	if (n_comments == 0)
		return 0;
	Arena *tmp = arena_new();
	PtrVec found = {0};
	int rc = directive_scan_comments(&found, sql, comments, n_comments, file, tmp, err);
	if (rc == 0 && found.len) {
		size_t n = 0;
		Target *targets = collect(cat, file, tmp, &n);
		VEC_EACH(const PositionedDirective *, pd, &found) {
			const Target *t = target_of(pd, targets, n);
			if (!t) {
				rc = pgs_error_at(err, PGSTAGE_EINPUT, pd->d.loc.file, pd->d.loc.line,
						  pd->d.loc.col,
						  pd->trailing ? "no definition on this line for the %s directive"
							       : "no definition follows the %s directive",
						  directive_kind_name(pd->d.kind));
				break;
			}
			if ((rc = apply(cat, pd, t, err)))
				break;
		}
	}
	arena_free(tmp);
	return rc;
}
