/*
 * build_table.c - CREATE TABLE: columns (serial expansion, identity,
 * defaults, generated columns) and constraints with PostgreSQL's default
 * names.
 *
 * Memory ownership: everything goes into the catalog arena.
 */
#include "parse/parse_int.h"
#include "parse/pb_walk.h"
#include "model/ident.h"
#include "parse/expr.h"
#include "parse/expr_cache.h"

#include <string.h>

#define T(x) PG_QUERY__CONSTR_TYPE__CONSTR_##x

Expr *expr_from_text(ParseCtx *ctx, const char *sql)
{
	/* the same few texts (now(), 0, ''::text) recur thousands of times */
	return expr_new_canonical(ctx->cat->arena, sql, expr_canonical_cached);
}

Expr *column_expr_from_text(ParseCtx *ctx, const char *sql)
{
	return expr_new_lazy(ctx->cat->arena, sql, expr_canonical_cached);
}

/* serial types: the column type and sequence AS type they expand to */
static const char *serial_type(const PgQuery__TypeName *tn)
{
	static const struct { const char *name, *type; } serials[] = {
		{"serial", "integer"}, {"serial4", "integer"}, {"bigserial", "bigint"},
		{"serial8", "bigint"}, {"smallserial", "smallint"}, {"serial2", "smallint"},
	};
	if (tn->n_names != 1 || tn->n_array_bounds)
		return NULL;
	const char *name = node_str(tn->names[0]);
	for (size_t i = 0; name && i < sizeof serials / sizeof serials[0]; i++)
		if (strcmp(name, serials[i].name) == 0)
			return serials[i].type;
	return NULL;
}

static int add_serial_sequence(ParseCtx *ctx, Table *t, Column *col, const char *type, int loc)
{
	const char *schema = t->obj.schema;
	const char *seqname = names_choose_relation(ctx, schema, t->obj.name, col->name, "seq", false);
	Sequence *seq = object_new(ctx->cat, OBJ_SEQUENCE, sizeof(Sequence), schema, seqname);
	seq->opts.type = type;
	seqopts_fill_defaults(&seq->opts, false, false, false);
	seq->owned_table = t->obj.name;
	seq->owned_column = col->name;
	seq->obj.loc = srctext_loc(ctx, loc);
	object_add_dep(ctx->cat, &seq->obj, t->obj.key ? t->obj.key
				: object_key(ctx->cat->arena, OBJ_TABLE, schema, NULL, t->obj.name, NULL));
	int rc = catalog_add(ctx->cat, &seq->obj, ctx->err);
	if (rc)
		return rc;
	/* nextval('public.t_id_seq'::regclass), as PostgreSQL stores it */
	StrBuf sb = STRBUF_INIT;
	strbuf_puts(&sb, "nextval(");
	strbuf_literal(&sb, ident_qualified(ctx->cat->arena, schema, seqname));
	strbuf_puts(&sb, "::regclass)");
	col->default_expr = column_expr_from_text(ctx, sb.buf);
	strbuf_release(&sb);
	col->not_null = true;
	return 0;
}

static const char *str_or_null(const char *s)
{
	return s && *s ? s : NULL;
}

static void names_to_vec(ParseCtx *ctx, PtrVec *v, Node **names, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *s = node_str(names[i]);
		if (!s && names[i]->node_case == PG_QUERY__NODE__NODE_INDEX_ELEM)
			s = names[i]->index_elem->name;
		if (s)
			vec_push(ctx->cat->arena, v, arena_strdup(ctx->cat->arena, s));
	}
}

/* Collects the distinct column names a raw expression references. */
static void collect_columns(const ProtobufCMessage *m, PtrVec *names, Arena *a);

typedef struct ColumnWalk {
	PtrVec *names;
	Arena *arena;
} ColumnWalk;

static void collect_columns_child(ProtobufCMessage **slot, const ProtobufCFieldDescriptor *fd, void *arg)
{
	(void) fd;
	ColumnWalk *w = arg;
	collect_columns(*slot, w->names, w->arena);
}

static void collect_columns(const ProtobufCMessage *m, PtrVec *names, Arena *a)
{
	if (!m)
		return;
	if (m->descriptor == &pg_query__column_ref__descriptor) {
		const PgQuery__ColumnRef *cr = (const PgQuery__ColumnRef *) m;
		const char *name = cr->n_fields ? node_str(cr->fields[cr->n_fields - 1]) : NULL;
		if (name) {
			VEC_EACH(const char *, s, names)
				if (strcmp(s, name) == 0)
					return;
			vec_push(a, names, (void *) name);
		}
		return;
	}
	ColumnWalk w = {names, a};
	pb_each_child((ProtobufCMessage *) m, collect_columns_child, &w);
}

static void add_pending(ParseCtx *ctx, Table *t, Constraint *c, const char *name2, int phase)
{
	PendingName *p = ARENA_NEW(ctx->cat->arena, PendingName);
	*p = (PendingName){.table = t, .con = c, .name2 = name2, .phase = phase};
	vec_push(ctx->cat->arena, &ctx->pending, p);
}

static char fk_action(const char *s)
{
	return s && *s ? s[0] : 'a';
}

/* Exclusion constraint text as pg_get_constraintdef prints it after
 * "EXCLUDE ": "USING gist (c WITH &&) WHERE (...)", elements and predicate
 * as written; canon through expr_exclusion_canonical(). */
static int exclusion_text(ParseCtx *ctx, Constraint *con, const PgQuery__Constraint *c,
			  PtrVec *colnames)
{
	/* the element list: the first '(' after USING method (or EXCLUDE) */
	size_t i = srctext_token_at(ctx, c->location);
	while (i < ctx->n_tokens && ctx->tokens[i].kind != PG_QUERY__TOKEN__EXCLUDE)
		i++;
	while (i < ctx->n_tokens && ctx->tokens[i].kind != '(')
		i++;
	size_t close = srctext_match_paren(ctx, i);
	if (close >= ctx->n_tokens)
		return parse_error(ctx, c->location, "cannot find the exclusion elements");
	StrBuf sb = STRBUF_INIT;
	const char *method = str_or_null(c->access_method) ? c->access_method : "btree";
	strbuf_printf(&sb, "USING %s (%s)", method,
		      srctext_slice(ctx, ctx->tokens[i].end, ctx->tokens[close].start));
	for (size_t k = 0; k < c->n_exclusions; k++) {
		const Node *pair = c->exclusions[k];
		if (pair->node_case != PG_QUERY__NODE__NODE_LIST || pair->list->n_items != 2)
			continue;
		const PgQuery__IndexElem *ie = pair->list->items[0]->index_elem;
		if (str_or_null(ie->name))
			vec_push(ctx->cat->arena, colnames, arena_strdup(ctx->cat->arena, ie->name));
		else if (ie->expr && ie->expr->node_case == PG_QUERY__NODE__NODE_FUNC_CALL) {
			const PgQuery__FuncCall *f = ie->expr->func_call;
			vec_push(ctx->cat->arena, colnames,
				 arena_strdup(ctx->cat->arena, node_str(f->funcname[f->n_funcname - 1])));
		} else
			vec_push(ctx->cat->arena, colnames, "expr");
	}
	if (c->where_clause) {
		char *pred = srctext_paren_after(ctx, ctx->tokens[close].end, PG_QUERY__TOKEN__WHERE, NULL);
		if (pred)
			strbuf_printf(&sb, " WHERE (%s)", pred);
	}
	con->exclude = expr_new_canonical(ctx->cat->arena, sb.buf, expr_exclusion_canonical);
	strbuf_release(&sb);
	return 0;
}

int table_add_constraint(ParseCtx *ctx, Table *t, const PgQuery__Constraint *c,
			 const char *colname, int limit)
{
	Arena *a = ctx->cat->arena;
	Constraint *con = ARENA_NEW(a, Constraint);
	con->name = str_or_null(c->conname) ? arena_strdup(a, c->conname) : NULL;
	con->loc = srctext_loc(ctx, c->location);
	con->deferrable = c->deferrable;
	con->deferred = c->initdeferred;
	const char *name2 = NULL;
	int phase = 1;
	const char *label = NULL;
	switch (c->contype) {
	case T(PRIMARY):
	case T(UNIQUE):
		con->type = c->contype == T(PRIMARY) ? CON_PRIMARY : CON_UNIQUE;
		if (str_or_null(c->indexname)) {
			/* ADD CONSTRAINT ... USING INDEX: the index becomes the constraint */
			Object *ix = catalog_find(ctx->cat, OBJ_INDEX, t->obj.schema, NULL, c->indexname, NULL);
			if (!ix)
				return parse_error(ctx, c->location, "index \"%s\" does not exist", c->indexname);
			Index *idx = (Index *) ix;
			VEC_EACH(IndexElem *, e, &idx->elems)
				vec_push(a, &con->columns, (void *) (e->column ? e->column : "?"));
			VEC_EACH(const char *, s, &idx->include)
				vec_push(a, &con->include, (void *) s);
			con->nulls_not_distinct = idx->nulls_not_distinct;
			if (!con->name)
				con->name = idx->obj.name;
			/* drop the index object: it is now the constraint's index */
			hashmap_put(&ctx->cat->by_key, ix->key, NULL);
			for (size_t i = 0; i < ctx->cat->objects.len; i++)
				if (ctx->cat->objects.items[i] == ix) {
					memmove(&ctx->cat->objects.items[i], &ctx->cat->objects.items[i + 1],
						(ctx->cat->objects.len - i - 1) * sizeof(void *));
					ctx->cat->objects.len--;
					break;
				}
			names_use_constraint(ctx, t->obj.schema, con->name);
			names_use_relation(ctx, t->obj.schema, con->name);
		} else if (colname)
			vec_push(a, &con->columns, (void *) arena_strdup(a, colname));
		else
			names_to_vec(ctx, &con->columns, c->keys, c->n_keys);
		names_to_vec(ctx, &con->include, c->including, c->n_including);
		con->nulls_not_distinct = c->nulls_not_distinct;
		if (con->type == CON_PRIMARY)
			VEC_EACH(const char *, col, &con->columns) {
				Column *cd = table_find_column(t, col);
				if (cd)
					cd->not_null = true;
			}
		phase = 2;
		label = con->type == CON_PRIMARY ? "pkey" : "key";
		if (con->type == CON_UNIQUE) {
			PtrVec all = {0};
			VEC_EACH(const char *, s, &con->columns) vec_push(a, &all, (void *) s);
			VEC_EACH(const char *, s, &con->include) vec_push(a, &all, (void *) s);
			name2 = names_addition(a, &all);
		}
		break;
	case T(CHECK): {
		con->type = CON_CHECK;
		con->no_inherit = c->is_no_inherit;
		char *txt = srctext_paren_within(ctx, c->location, limit, PG_QUERY__TOKEN__CHECK, NULL);
		if (!txt)
			return parse_error(ctx, c->location, "cannot find the CHECK expression");
		con->check = expr_from_text(ctx, txt);
		con->not_valid = c->skip_validation;
		PtrVec cols = {0};
		collect_columns(&c->raw_expr->base, &cols, a);
		name2 = cols.len == 1 ? arena_strdup(a, cols.items[0]) : NULL;
		phase = 0;
		label = "check";
		break;
	}
	case T(FOREIGN):
		con->type = CON_FOREIGN;
		if (colname)
			vec_push(a, &con->columns, (void *) arena_strdup(a, colname));
		else
			names_to_vec(ctx, &con->columns, c->fk_attrs, c->n_fk_attrs);
		rangevar_name(ctx, c->pktable, &con->ref_schema, &con->ref_table);
		names_to_vec(ctx, &con->ref_columns, c->pk_attrs, c->n_pk_attrs);
		con->on_update = fk_action(c->fk_upd_action);
		con->on_delete = fk_action(c->fk_del_action);
		con->match = str_or_null(c->fk_matchtype) ? c->fk_matchtype[0] : 's';
		con->not_valid = c->skip_validation;
		object_add_dep(ctx->cat, &t->obj,
			       object_key(a, OBJ_TABLE, con->ref_schema, NULL, con->ref_table, NULL));
		name2 = names_addition(a, &con->columns);
		phase = 3;
		label = "fkey";
		break;
	case T(EXCLUSION): {
		con->type = CON_EXCLUDE;
		PtrVec cols = {0};  /* named only: columns are for p, u, f */
		int rc = exclusion_text(ctx, con, c, &cols);
		if (rc)
			return rc;
		name2 = names_addition(a, &cols);
		phase = 2;
		label = "excl";
		break;
	}
	default:
		return parse_error(ctx, c->location, "unsupported constraint");
	}
	vec_push(a, &t->constraints, con);
	if (con->name) {
		if (table_find_constraint(t, con->name) != con)
			return parse_error(ctx, c->location,
					   "constraint \"%s\" for relation \"%s\" already exists",
					   con->name, t->obj.name);
		names_use_constraint(ctx, t->obj.schema, con->name);
		if (phase == 2)
			names_use_relation(ctx, t->obj.schema, con->name);
	} else {
		con->name = label; /* placeholder until table_name_constraints() */
		add_pending(ctx, t, con, name2, phase);
	}
	return 0;
}

void table_name_constraints(ParseCtx *ctx, Table *t)
{
	for (int phase = 0; phase <= 3; phase++)
		VEC_EACH(PendingName *, p, &ctx->pending) {
			if (p->table != t || p->phase != phase)
				continue;
			const char *label = p->con->name;
			if (phase == 2)
				p->con->name = names_choose_relation(ctx, t->obj.schema, t->obj.name,
								     p->name2, label, true);
			else
				p->con->name = names_choose_constraint(ctx, t->obj.schema, t->obj.name,
								       p->name2, label);
		}
	ctx->pending.len = 0;
}

/* Byte offset where the DEFAULT expression of column constraint i ends. */
/* Where a table element's text starts: a column's name, a constraint's
 * first keyword; -1 for other elements. */
static int element_location(const Node *e)
{
	if (e->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF)
		return e->column_def->location;
	if (e->node_case == PG_QUERY__NODE__NODE_CONSTRAINT)
		return e->constraint->location;
	return -1;
}

static int constraint_limit(const PgQuery__ColumnDef *cd, size_t i, int limit)
{
	for (size_t j = i + 1; j < cd->n_constraints; j++) {
		int l = cd->constraints[j]->constraint->location;
		if (l > 0 && l < limit)
			return l;
	}
	if (cd->coll_clause && cd->coll_clause->location > cd->constraints[i]->constraint->location &&
	    cd->coll_clause->location < limit)
		return cd->coll_clause->location;
	return limit;
}

static void apply_attr(Table *t, size_t first_con, PgQuery__ConstrType type)
{
	if (t->constraints.len <= first_con)
		return;
	Constraint *last = vec_last(&t->constraints);
	if (type == T(ATTR_DEFERRABLE))
		last->deferrable = true;
	else if (type == T(ATTR_NOT_DEFERRABLE))
		last->deferrable = false;
	else if (type == T(ATTR_DEFERRED))
		last->deferred = true, last->deferrable = true;
	else if (type == T(ATTR_IMMEDIATE))
		last->deferred = false;
}

int table_add_column(ParseCtx *ctx, Table *t, const PgQuery__ColumnDef *cd, int limit)
{
	Arena *a = ctx->cat->arena;
	Column *col = ARENA_NEW(a, Column);
	col->name = catalog_intern(ctx->cat, cd->colname);
	col->loc = srctext_loc(ctx, cd->location);
	if (table_find_column(t, col->name))
		return parse_error(ctx, cd->location, "column \"%s\" specified more than once", col->name);
	if (!cd->type_name)
		/* PARTITION OF parent (col NOT NULL | DEFAULT ...): options of an
		 * inherited column, which the model does not hold yet */
		return parse_error(ctx, cd->location,
				   "unsupported: options for the partition's column \"%s\" (pgstage "
				   "models a partition's columns as its parent's)",
				   col->name);
	const char *serial = serial_type(cd->type_name);
	int rc;
	if (serial)
		col->type = serial;
	else {
		const char *dep = NULL;
		if ((rc = typename_canonical(ctx, cd->type_name, &col->type, &dep)))
			return rc;
		if (dep)
			object_add_dep(ctx->cat, &t->obj, dep);
	}
	if (cd->coll_clause) {
		const char *dep = NULL;
		col->collation = collation_canonical(ctx, cd->coll_clause->collname,
						     cd->coll_clause->n_collname, &dep);
		if (dep)
			object_add_dep(ctx->cat, &t->obj, dep);
	}
	vec_push(a, &t->columns, col);
	if (serial && (rc = add_serial_sequence(ctx, t, col, serial, cd->location)))
		return rc;

	size_t first_con = t->constraints.len;
	for (size_t i = 0; i < cd->n_constraints; i++) {
		const PgQuery__Constraint *c = cd->constraints[i]->constraint;
		switch (c->contype) {
		case T(NULL):
			col->not_null = false;
			break;
		case T(NOTNULL):
			col->not_null = true;
			break;
		case T(DEFAULT): {
			char *txt = srctext_expr_after(ctx, c->location, constraint_limit(cd, i, limit),
						       PG_QUERY__TOKEN__DEFAULT, NULL);
			if (!txt || !*txt)
				return parse_error(ctx, c->location, "cannot find the DEFAULT expression");
			if (serial)
				return parse_error(ctx, c->location,
						   "multiple default values specified for column \"%s\"",
						   col->name);
			col->default_expr = column_expr_from_text(ctx, txt);
			break;
		}
		case T(IDENTITY):
			col->identity = c->generated_when[0];
			col->not_null = true;
			col->identity_seq = ARENA_NEW(ctx->cat->arena, SeqOptions);
			rc = seqopts_from_defelems(ctx, c->options, c->n_options, col->identity_seq,
						   col->type, NULL, NULL, NULL);
			if (rc)
				return rc;
			names_choose_relation(ctx, t->obj.schema, t->obj.name, col->name, "seq", false);
			break;
		case T(GENERATED): {
			char *txt = srctext_paren_within(ctx, c->location, constraint_limit(cd, i, limit),
							 PG_QUERY__TOKEN__AS, NULL);
			if (!txt)
				return parse_error(ctx, c->location, "cannot find the generation expression");
			col->generated = column_expr_from_text(ctx, txt);
			break;
		}
		case T(ATTR_DEFERRABLE):
		case T(ATTR_NOT_DEFERRABLE):
		case T(ATTR_DEFERRED):
		case T(ATTR_IMMEDIATE):
			apply_attr(t, first_con, c->contype);
			break;
		default:
			if ((rc = table_add_constraint(ctx, t, c, col->name,
						       constraint_limit(cd, i, limit))))
				return rc;
		}
	}
	return 0;
}

static bool is_pending(ParseCtx *ctx, const Constraint *c, size_t *at)
{
	for (size_t i = 0; i < ctx->pending.len; i++)
		if (((PendingName *) ctx->pending.items[i])->con == c) {
			if (at)
				*at = i;
			return true;
		}
	return false;
}

static void remove_item(PtrVec *v, size_t i)
{
	memmove(&v->items[i], &v->items[i + 1], (v->len - i - 1) * sizeof(void *));
	v->len--;
}

/* transformIndexConstraints: a UNIQUE that repeats the primary key (or an
 * earlier UNIQUE) creates no second index; a name given to the dropped one
 * goes to the kept one when that one is unnamed. */
static void drop_redundant_unique(ParseCtx *ctx, Table *t)
{
	PtrVec kept = {0};
	Constraint *pk = table_primary_key(t);
	if (pk)
		vec_push(ctx->cat->arena, &kept, pk);
	for (size_t i = 0; i < t->constraints.len; i++) {
		Constraint *c = t->constraints.items[i];
		if (c->type != CON_UNIQUE)
			continue;
		Constraint *dup = NULL;
		VEC_EACH(Constraint *, k, &kept)
			if (strvec_equal(&k->columns, &c->columns) && strvec_equal(&k->include, &c->include) &&
			    k->nulls_not_distinct == c->nulls_not_distinct &&
			    k->deferrable == c->deferrable && k->deferred == c->deferred)
				dup = k;
		if (!dup) {
			vec_push(ctx->cat->arena, &kept, c);
			continue;
		}
		size_t at;
		bool c_unnamed = is_pending(ctx, c, &at);
		if (c_unnamed)
			remove_item(&ctx->pending, at);
		size_t dat;
		if (!c_unnamed && is_pending(ctx, dup, &dat)) {
			dup->name = c->name;
			remove_item(&ctx->pending, dat);
		}
		remove_item(&t->constraints, i--);
	}
}

/* A partition bound datum as pg_get_expr(relpartbound) prints it. */
static void put_datum(StrBuf *sb, const Node *n, bool numeric_key)
{
	if (n->node_case == PG_QUERY__NODE__NODE_COLUMN_REF) {
		const char *w = node_str(n->column_ref->fields[0]);
		strbuf_puts(sb, w && strcmp(w, "minvalue") == 0 ? "MINVALUE" : "MAXVALUE");
		return;
	}
	if (n->node_case == PG_QUERY__NODE__NODE_TYPE_CAST) {
		put_datum(sb, n->type_cast->arg, numeric_key);
		return;
	}
	if (n->node_case != PG_QUERY__NODE__NODE_A_CONST) {
		strbuf_puts(sb, "?");
		return;
	}
	const PgQuery__AConst *c = n->a_const;
	if (c->isnull)
		strbuf_puts(sb, "NULL");
	else if (c->val_case == PG_QUERY__A__CONST__VAL_IVAL)
		strbuf_printf(sb, "%d", c->ival ? c->ival->ival : 0);
	else if (c->val_case == PG_QUERY__A__CONST__VAL_FVAL)
		strbuf_puts(sb, c->fval->fval);
	else if (c->val_case == PG_QUERY__A__CONST__VAL_BOOLVAL)
		strbuf_puts(sb, c->boolval->boolval ? "true" : "false");
	else if (c->val_case == PG_QUERY__A__CONST__VAL_SVAL) {
		if (numeric_key)
			strbuf_puts(sb, c->sval->sval);
		else
			strbuf_literal_as_server(sb, c->sval->sval);
	}
}

static void put_datums(StrBuf *sb, Node **d, size_t n, bool numeric_key)
{
	strbuf_putc(sb, '(');
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_puts(sb, ", ");
		put_datum(sb, d[i], numeric_key);
	}
	strbuf_putc(sb, ')');
}

static bool numeric_type(const char *t)
{
	return t && (strcmp(t, "integer") == 0 || strcmp(t, "bigint") == 0 ||
		     strcmp(t, "smallint") == 0 || strncmp(t, "numeric", 7) == 0 ||
		     strcmp(t, "real") == 0 || strcmp(t, "double precision") == 0);
}

/* "FOR VALUES FROM (...) TO (...)", "FOR VALUES IN (...)", "FOR VALUES WITH
 * (modulus m, remainder r)" or "DEFAULT". */
const char *partition_bound(ParseCtx *ctx, const PgQuery__PartitionBoundSpec *b,
			    const Table *parent)
{
	if (b->is_default)
		return "DEFAULT";
	/* the first key column's type decides how string datums print */
	bool numeric_key = false;
	if (parent && parent->partition_key) {
		const char *open = strchr(parent->partition_key, '(');
		if (open) {
			char col[128];
			size_t n = strcspn(open + 1, ",)");
			if (n < sizeof col) {
				memcpy(col, open + 1, n);
				col[n] = '\0';
				const Column *c = table_find_column(parent, col);
				numeric_key = c && numeric_type(c->type);
			}
		}
	}
	StrBuf sb = STRBUF_INIT;
	strbuf_puts(&sb, "FOR VALUES ");
	if (strcmp(b->strategy, "h") == 0)
		strbuf_printf(&sb, "WITH (modulus %d, remainder %d)", b->modulus, b->remainder);
	else if (strcmp(b->strategy, "l") == 0) {
		strbuf_puts(&sb, "IN ");
		put_datums(&sb, b->listdatums, b->n_listdatums, numeric_key);
	} else {
		strbuf_puts(&sb, "FROM ");
		put_datums(&sb, b->lowerdatums, b->n_lowerdatums, numeric_key);
		strbuf_puts(&sb, " TO ");
		put_datums(&sb, b->upperdatums, b->n_upperdatums, numeric_key);
	}
	const char *r = arena_strdup(ctx->cat->arena, sb.buf);
	strbuf_release(&sb);
	return r;
}

/* pg_get_partkeydef: "RANGE (logdate)", "LIST (a, lower(b))". */
static int partition_key(ParseCtx *ctx, Table *t, const PgQuery__PartitionSpec *ps)
{
	StrBuf sb = STRBUF_INIT;
	for (const char *c = ps->strategy; *c; c++)
		strbuf_putc(&sb, (char) (*c >= 'a' && *c <= 'z' ? *c - 32 : *c));
	strbuf_puts(&sb, " (");
	for (size_t i = 0; i < ps->n_part_params; i++) {
		const PgQuery__PartitionElem *pe = ps->part_params[i]->partition_elem;
		if (i)
			strbuf_puts(&sb, ", ");
		if (pe->name && *pe->name)
			strbuf_ident(&sb, pe->name);
		else {
			size_t tok = srctext_token_at(ctx, pe->location);
			char *txt = srctext_until(ctx, tok, ctx->stmt_end, NULL);
			strbuf_puts(&sb, txt ? txt : "?");
		}
		if (pe->n_collation || pe->n_opclass) {
			strbuf_release(&sb);
			return parse_error(ctx, pe->location,
					   "unsupported partition key with a collation or operator class");
		}
	}
	strbuf_putc(&sb, ')');
	t->partition_key = arena_strdup(ctx->cat->arena, sb.buf);
	strbuf_release(&sb);
	return 0;
}

int build_table(ParseCtx *ctx, const PgQuery__CreateStmt *s, int loc)
{
	const char *schema, *name;
	rangevar_name(ctx, s->relation, &schema, &name);
	if (s->of_typename)
		return parse_error(ctx, loc, "unsupported statement: CREATE TABLE OF type");
	if (s->n_inh_relations > 1)
		return parse_error(ctx, loc, "unsupported statement: CREATE TABLE with several INHERITS parents");
	const char *pers = s->relation->relpersistence;
	if (pers && pers[0] == 't')
		return parse_error(ctx, loc, "unsupported statement: CREATE TEMPORARY TABLE");
	Table *t = object_new(ctx->cat, OBJ_TABLE, sizeof(Table), schema, name);
	t->obj.loc = srctext_loc(ctx, loc);
	t->unlogged = pers && pers[0] == 'u';
	t->obj.key = object_key(ctx->cat->arena, OBJ_TABLE, schema, NULL, name, NULL);
	if (catalog_find_key(ctx->cat, t->obj.key)) {
		if (s->if_not_exists)
			return 0;
		return catalog_add(ctx->cat, &t->obj, ctx->err);
	}
	object_add_dep(ctx->cat, &t->obj, object_key(ctx->cat->arena, OBJ_SCHEMA, NULL, NULL, schema, NULL));
	names_use_relation(ctx, schema, name);
	int rc = 0;
	if (s->n_inh_relations) {
		/* PARTITION OF / INHERITS: columns from the parent are not listed
		 * (the server reports only local ones) */
		const PgQuery__RangeVar *prv = s->inh_relations[0]->range_var;
		rangevar_name(ctx, prv, &t->parent_schema, &t->parent_table);
		object_add_dep(ctx->cat, &t->obj, object_key(ctx->cat->arena, OBJ_TABLE, t->parent_schema,
							     NULL, t->parent_table, NULL));
		if (s->partbound)
			t->partition_bound = partition_bound(
				ctx, s->partbound, catalog_find_table(ctx->cat, t->parent_schema, t->parent_table));
	}
	if (s->partspec)
		rc = partition_key(ctx, t, s->partspec);
	for (size_t i = 0; rc == 0 && i < s->n_table_elts; i++) {
		const Node *e = s->table_elts[i];
		/* an element's text ends where the next one starts */
		int limit = i + 1 < s->n_table_elts ? element_location(s->table_elts[i + 1]) : -1;
		if (limit <= element_location(e))
			limit = ctx->stmt_end;
		if (e->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF)
			rc = table_add_column(ctx, t, e->column_def, limit);
		else if (e->node_case == PG_QUERY__NODE__NODE_CONSTRAINT)
			rc = table_add_constraint(ctx, t, e->constraint, NULL, limit);
		else
			rc = parse_error(ctx, loc, "unsupported table element (LIKE)");
	}
	for (size_t i = 0; rc == 0 && i < s->n_constraints; i++)
		rc = table_add_constraint(ctx, t, s->constraints[i]->constraint, NULL, ctx->stmt_end);
	if (rc == 0) {
		drop_redundant_unique(ctx, t);
		table_name_constraints(ctx, t);
	}
	if (rc == 0)
		rc = catalog_add(ctx->cat, &t->obj, ctx->err);
	ctx->pending.len = 0;
	return rc;
}
