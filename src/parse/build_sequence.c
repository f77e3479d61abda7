/*
 * build_sequence.c - CREATE SEQUENCE, ALTER SEQUENCE ... OWNED BY, and the
 * sequence options shared with identity columns.
 *
 * Memory ownership: everything goes into the catalog arena.
 */
#include "parse/parse_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int defelem_int64(ParseCtx *ctx, const PgQuery__DefElem *d, int64_t *out)
{
	const Node *a = d->arg;
	if (a && a->node_case == PG_QUERY__NODE__NODE_INTEGER) {
		*out = a->integer->ival;
		return 0;
	}
	if (a && a->node_case == PG_QUERY__NODE__NODE_FLOAT) {
		/* integers beyond int32 arrive as Float text */
		errno = 0;
		char *end;
		long long v = strtoll(a->float_->fval, &end, 10);
		if (errno == 0 && *end == '\0') {
			*out = v;
			return 0;
		}
	}
	return parse_error(ctx, d->location, "%s requires an integer value", d->defname);
}

int seqopts_from_defelems(ParseCtx *ctx, Node **opts, size_t n, SeqOptions *o, const char *type,
			  const char **owned_schema, const char **owned_table,
			  const char **owned_column)
{
	bool has_start = false, has_min = false, has_max = false;
	o->type = type;
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		const PgQuery__DefElem *d = opts[i]->def_elem;
		const char *k = d->defname;
		if (strcmp(k, "as") == 0) {
			const char *t;
			rc = typename_canonical(ctx, d->arg->type_name, &t, NULL);
			if (rc == 0 && strcmp(t, "integer") && strcmp(t, "bigint") && strcmp(t, "smallint"))
				return parse_error(ctx, d->location,
						   "sequence type must be smallint, integer, or bigint");
			o->type = t;
		} else if (strcmp(k, "start") == 0) {
			rc = defelem_int64(ctx, d, &o->start);
			has_start = true;
		} else if (strcmp(k, "increment") == 0)
			rc = defelem_int64(ctx, d, &o->increment);
		else if (strcmp(k, "minvalue") == 0) {
			if (d->arg) {
				rc = defelem_int64(ctx, d, &o->min);
				has_min = true;
			}
		} else if (strcmp(k, "maxvalue") == 0) {
			if (d->arg) {
				rc = defelem_int64(ctx, d, &o->max);
				has_max = true;
			}
		} else if (strcmp(k, "cache") == 0)
			rc = defelem_int64(ctx, d, &o->cache);
		else if (strcmp(k, "cycle") == 0)
			o->cycle = d->arg && d->arg->node_case == PG_QUERY__NODE__NODE_BOOLEAN &&
				   d->arg->boolean->boolval;
		else if (strcmp(k, "owned_by") == 0 && owned_table) {
			const PgQuery__List *l = d->arg->list;
			if (l->n_items == 1 && strcmp(node_str(l->items[0]), "none") == 0) {
				*owned_table = *owned_column = NULL;
				continue;
			}
			if (l->n_items < 2)
				return parse_error(ctx, d->location, "invalid OWNED BY option");
			*owned_column = arena_strdup(ctx->cat->arena, node_str(l->items[l->n_items - 1]));
			rc = qualified_name(ctx, l->items, l->n_items - 1, owned_schema, owned_table,
					    d->location);
		} else if (strcmp(k, "sequence_name") == 0 || strcmp(k, "restart") == 0)
			continue; /* identity sequence name / restart point: not modelled */
		else
			return parse_error(ctx, d->location, "unsupported sequence option \"%s\"", k);
	}
	if (rc == 0)
		seqopts_fill_defaults(o, has_start, has_min, has_max);
	return rc;
}

static int set_owner(ParseCtx *ctx, Sequence *seq, const char *schema, const char *table, int loc)
{
	if (!table)
		return 0;
	if (strcmp(schema, seq->obj.schema) != 0)
		return parse_error(ctx, loc, "sequence must be in same schema as table it is linked to");
	object_add_dep(ctx->cat, &seq->obj,
		       object_key(ctx->cat->arena, OBJ_TABLE, schema, NULL, table, NULL));
	return 0;
}

int build_sequence(ParseCtx *ctx, const PgQuery__CreateSeqStmt *s, int loc)
{
	const char *schema, *name;
	rangevar_name(ctx, s->sequence, &schema, &name);
	if (s->sequence->relpersistence && s->sequence->relpersistence[0] == 't')
		return parse_error(ctx, loc, "unsupported statement: CREATE TEMPORARY SEQUENCE");
	if (s->if_not_exists && catalog_find(ctx->cat, OBJ_SEQUENCE, schema, NULL, name, NULL))
		return 0;
	Sequence *seq = object_new(ctx->cat, OBJ_SEQUENCE, sizeof(Sequence), schema, name);
	seq->obj.loc = srctext_loc(ctx, loc);
	const char *os = NULL, *ot = NULL;
	int rc = seqopts_from_defelems(ctx, s->options, s->n_options, &seq->opts, "bigint", &os, &ot,
				       &seq->owned_column);
	if (rc == 0 && ot) {
		seq->owned_table = ot;
		rc = set_owner(ctx, seq, os, ot, loc);
	}
	if (rc)
		return rc;
	names_use_relation(ctx, schema, name);
	object_add_dep(ctx->cat, &seq->obj, object_key(ctx->cat->arena, OBJ_SCHEMA, NULL, NULL, schema, NULL));
	return catalog_add(ctx->cat, &seq->obj, ctx->err);
}

/* Only OWNED BY is accepted: other ALTER SEQUENCE options would restate
 * what CREATE SEQUENCE says. */
int build_alter_sequence(ParseCtx *ctx, const PgQuery__AlterSeqStmt *s, int loc)
{
	const char *schema, *name;
	rangevar_name(ctx, s->sequence, &schema, &name);
	Sequence *seq = (Sequence *) catalog_find(ctx->cat, OBJ_SEQUENCE, schema, NULL, name, NULL);
	if (!seq)
		return parse_error(ctx, loc, "sequence \"%s.%s\" is not defined in the schema", schema, name);
	for (size_t i = 0; i < s->n_options; i++) {
		const PgQuery__DefElem *d = s->options[i]->def_elem;
		if (strcmp(d->defname, "owned_by") != 0)
			return parse_error(ctx, d->location,
					   "unsupported statement: ALTER SEQUENCE %s (only OWNED BY)",
					   d->defname);
		const char *os = NULL, *ot = NULL, *oc = NULL;
		int rc = seqopts_from_defelems(ctx, s->options + i, 1, &(SeqOptions){0}, "bigint",
					       &os, &ot, &oc);
		if (rc == 0)
			rc = set_owner(ctx, seq, os, ot, d->location);
		if (rc)
			return rc;
		seq->owned_table = ot;
		seq->owned_column = oc;
	}
	return 0;
}
