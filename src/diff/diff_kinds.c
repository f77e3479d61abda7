/*
 * diff_kinds.c - enums, sequences, collations, and whole-object equality
 * of the kinds that are replaced rather than altered.
 * Memory ownership: as diff.h.
 */
#include "diff/diff_internal.h"
#include "parse/expr.h"

#include <string.h>

static long label_index(const PtrVec *labels, const char *label)
{
	for (size_t i = 0; i < labels->len; i++)
		if (strcmp(labels->items[i], label) == 0)
			return (long) i;
	return -1;
}

/* New labels can be added in place when every live label is still there,
 * in the same relative order; anything else needs a rebuild. */
void diff_enum(Diff *d, const EnumType *from, const EnumType *to)
{
	long last = -1;
	VEC_EACH(const char *, l, &from->labels) {
		long at = label_index(&to->labels, l);
		if (at < 0 || at < last) {
			diff_add(d, CHG_ENUM_REBUILD, &from->obj, &to->obj)->detail =
				at < 0 ? arena_printf(d->arena, "label '%s' removed", l)
				       : "labels reordered";
			return;
		}
		last = at;
	}
	/* Simulate the label list as the ALTERs build it, so that each new
	 * label is placed next to one that exists by then. */
	PtrVec now = {0};
	VEC_EACH(const char *, l, &from->labels)
		vec_push(d->arena, &now, (void *) l);
	for (size_t i = 0; i < to->labels.len; i++) {
		const char *l = to->labels.items[i];
		if (label_index(&from->labels, l) >= 0)
			continue;
		Change *ch = diff_add(d, CHG_ENUM_ADD_VALUE, &from->obj, &to->obj);
		ch->label = l;
		ch->detail = arena_printf(d->arena, "add value '%s'", l);
		if (i > 0) {
			const char *prev = to->labels.items[i - 1];
			long at = label_index(&now, prev);
			if ((size_t) at + 1 < now.len) {
				ch->neighbor = prev; /* AFTER prev; else plain append */
				ch->before = false;
			}
			vec_push(d->arena, &now, NULL); /* grow, then shift the tail */
			memmove(&now.items[at + 2], &now.items[at + 1],
				(now.len - (size_t) at - 2) * sizeof(void *));
			now.items[at + 1] = (void *) l;
		} else if (now.len) {
			ch->neighbor = now.items[0];
			ch->before = true;
			vec_push(d->arena, &now, NULL);
			memmove(&now.items[1], &now.items[0], (now.len - 1) * sizeof(void *));
			now.items[0] = (void *) l;
		} else {
			vec_push(d->arena, &now, (void *) l);
		}
	}
}

void diff_sequence(Diff *d, const Sequence *from, const Sequence *to)
{
	if (!seqopts_equal(&from->opts, &to->opts))
		diff_add(d, CHG_SEQUENCE_OPTIONS, &from->obj, &to->obj);
	if (!str_equal(from->owned_table, to->owned_table) ||
	    !str_equal(from->owned_column, to->owned_column))
		diff_add(d, CHG_SEQUENCE_OWNER, &from->obj, &to->obj);
}

static const char *collation_text(Arena *a, const Collation *c)
{
	if (c->provider == 'i')
		return arena_printf(a, "icu '%s'%s", c->icu_locale ? c->icu_locale : "",
				    c->deterministic ? "" : " nondeterministic");
	return arena_printf(a, "libc '%s'/'%s'", c->lc_collate ? c->lc_collate : "",
			    c->lc_ctype ? c->lc_ctype : "");
}

/* Collations cannot be altered: any difference is a replacement. */
void diff_collation(Diff *d, const Collation *from, const Collation *to)
{
	if (object_same_definition(d, &from->obj, &to->obj))
		return;
	diff_add(d, CHG_REPLACE, &from->obj, &to->obj)->detail =
		arena_printf(d->arena, "%s -> %s", collation_text(d->arena, from),
			     collation_text(d->arena, to));
}

static bool columns_same(const Diff *d, const PtrVec *a, const PtrVec *b)
{
	if (a->len != b->len)
		return false;
	for (size_t i = 0; i < a->len; i++) {
		const Column *x = a->items[i], *y = b->items[i];
		if (!str_equal(x->name, y->name) || !str_equal(x->type, y->type) ||
		    !collation_equal(d, x->collation, y->collation))
			return false;
	}
	return true;
}

/* Operator classes compare by name: a file writes gin_trgm_ops where the
 * catalog prints public.gin_trgm_ops (their names are unique in practice). */
static bool opclass_equal(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	const char *da = strrchr(a, '.'), *db = strrchr(b, '.');
	return strcmp(da ? da + 1 : a, db ? db + 1 : b) == 0;
}

static bool index_same(const Diff *d, const Index *a, const Index *b)
{
	if (a->invalid || b->invalid)
		return false; /* an invalid index equals nothing: it is rebuilt */
	if (!str_equal(a->table, b->table) || !str_equal(a->method, b->method) ||
	    a->unique != b->unique || a->nulls_not_distinct != b->nulls_not_distinct ||
	    !strvec_equal(&a->include, &b->include) || !expr_equal(a->where, b->where) ||
	    a->elems.len != b->elems.len)
		return false;
	for (size_t i = 0; i < a->elems.len; i++) {
		const IndexElem *x = a->elems.items[i], *y = b->elems.items[i];
		if (!str_equal(x->column, y->column) || !expr_equal(x->expr, y->expr) ||
		    !collation_equal(d, x->collation, y->collation) ||
		    !opclass_equal(x->opclass, y->opclass) ||
		    x->desc != y->desc || x->nulls != y->nulls)
			return false;
	}
	return true;
}

static bool checks_same(const Diff *d, const PtrVec *a, const PtrVec *b)
{
	if (a->len != b->len)
		return false;
	VEC_EACH(const Constraint *, x, a) {
		bool found = false;
		VEC_EACH(const Constraint *, y, b)
			if (str_equal(x->name, y->name) && constraint_same_definition(d, x, y))
				found = true;
		if (!found)
			return false;
	}
	return true;
}

bool object_same_definition(const Diff *d, const Object *a, const Object *b)
{
	switch (a->kind) {
	case OBJ_INDEX: {
		const Index *x = (const Index *) a;
		Index renamed = *x;
		renamed.table = diff_live_table_name(d, a->schema, x->table, d->arena);
		return index_same(d, &renamed, (const Index *) b);
	}
	case OBJ_DOMAIN: {
		const Domain *x = (const Domain *) a, *y = (const Domain *) b;
		return str_equal(x->base_type, y->base_type) &&
		       collation_equal(d, x->collation, y->collation) &&
		       x->not_null == y->not_null && expr_equal(x->default_expr, y->default_expr) &&
		       checks_same(d, &x->checks, &y->checks);
	}
	case OBJ_COMPOSITE:
		return columns_same(d, &((const CompositeType *) a)->attributes,
				    &((const CompositeType *) b)->attributes);
	case OBJ_FUNCTION: {
		const Function *x = (const Function *) a, *y = (const Function *) b;
		/* defaults in argument lists are expressions: 'x' vs 'x'::text */
		return x->is_procedure == y->is_procedure &&
		       str_equal(expr_function_arguments_canonical(d->arena, x->arguments ? x->arguments : ""),
				 expr_function_arguments_canonical(d->arena, y->arguments ? y->arguments : "")) &&
		       str_equal(x->returns, y->returns) && str_equal(x->language, y->language) &&
		       str_equal(x->body, y->body) && x->volatility == y->volatility &&
		       x->strict == y->strict && x->security_definer == y->security_definer &&
		       x->leakproof == y->leakproof && x->parallel == y->parallel &&
		       str_equal(x->config, y->config);
	}
	case OBJ_VIEW:
	case OBJ_MATVIEW: {
		const View *x = (const View *) a, *y = (const View *) b;
		return expr_equal(x->query, y->query) && str_equal(x->options, y->options) &&
		       str_equal(x->check_option, y->check_option);
	}
	case OBJ_TRIGGER:
		return expr_equal(((const Trigger *) a)->definition, ((const Trigger *) b)->definition);
	case OBJ_POLICY: {
		const Policy *x = (const Policy *) a, *y = (const Policy *) b;
		return x->permissive == y->permissive && str_equal(x->command, y->command) &&
		       strvec_equal(&x->roles, &y->roles) && expr_equal(x->using_expr, y->using_expr) &&
		       expr_equal(x->check_expr, y->check_expr);
	}
	case OBJ_COLLATION: {
		const Collation *x = (const Collation *) a, *y = (const Collation *) b;
		return x->provider == y->provider && x->deterministic == y->deterministic &&
		       str_equal(x->lc_collate, y->lc_collate) && str_equal(x->lc_ctype, y->lc_ctype) &&
		       str_equal(x->icu_locale, y->icu_locale);
	}
	case OBJ_EXTENSION: {
		const Extension *x = (const Extension *) a, *y = (const Extension *) b;
		/* an unpinned version in the file accepts whatever is installed */
		return str_equal(x->ext_schema, y->ext_schema) &&
		       (!y->version || str_equal(x->version, y->version));
	}
	default:
		return true;
	}
}
