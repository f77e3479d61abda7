/*
 * print.c - canonical text rendering of a catalog; see print.h.
 * Objects print sorted by key; deps and source locations are not printed
 * (they differ legitimately between the two sides).  Privileges (an
 * object's grants, its columns' included, and the default privileges)
 * print when set, but are not part of the fingerprint: apply reads the
 * live schema without them.
 */
#include "model/print.h"

#include <inttypes.h>
#include <xxhash.h>
#include <stdlib.h>
#include <string.h>

static const char *s(const char *v)
{
	return v ? v : "-";
}

static void put_list(StrBuf *out, const PtrVec *v)
{
	strbuf_putc(out, '[');
	for (size_t i = 0; i < v->len; i++)
		strbuf_printf(out, "%s%s", i ? ", " : "", (const char *) v->items[i]);
	strbuf_putc(out, ']');
}

/* An expression's canonical text; with `exact` (the fingerprint), the text
 * itself: a fingerprint only ever compares two reads of a live database,
 * whose texts the server prints the same way every time, and it would
 * otherwise canonicalize every expression (a parse and a deparse each). */
static const char *expr_text(const Expr *e, bool exact)
{
	return exact ? e->sql : expr_canon(e);
}

static void put_expr(StrBuf *out, const char *label, const Expr *e, bool exact)
{
	if (e)
		strbuf_printf(out, " %s={%s}", label, expr_text(e, exact));
}

static void put_seq(StrBuf *out, const SeqOptions *o)
{
	strbuf_printf(out, " seq(%s start=%" PRId64 " inc=%" PRId64 " min=%" PRId64 " max=%" PRId64
			   " cache=%" PRId64 "%s)",
		      s(o->type), o->start, o->increment, o->min, o->max, o->cache,
		      o->cycle ? " cycle" : "");
}

static void put_column(StrBuf *out, const Column *c, bool exact)
{
	strbuf_printf(out, "  column %s %s", c->name, c->type);
	if (c->collation)
		strbuf_printf(out, " collate=%s", c->collation);
	if (c->not_null)
		strbuf_puts(out, " not-null");
	put_expr(out, "default", c->default_expr, exact);
	if (c->identity) {
		strbuf_printf(out, " identity=%c", c->identity);
		put_seq(out, c->identity_seq);
	}
	put_expr(out, "generated", c->generated, exact);
	if (c->comment)
		strbuf_printf(out, " comment={%s}", c->comment);
	strbuf_putc(out, '\n');
}

static void put_constraint(StrBuf *out, const Constraint *c, bool exact)
{
	strbuf_printf(out, "  constraint %s %c ", c->name, (char) c->type);
	put_list(out, &c->columns);
	if (c->include.len) {
		strbuf_puts(out, " include=");
		put_list(out, &c->include);
	}
	if (c->nulls_not_distinct)
		strbuf_puts(out, " nulls-not-distinct");
	put_expr(out, "check", c->check, exact);
	if (c->no_inherit)
		strbuf_puts(out, " no-inherit");
	if (c->type == CON_FOREIGN) {
		strbuf_printf(out, " ref=%s.%s", s(c->ref_schema), s(c->ref_table));
		put_list(out, &c->ref_columns);
		strbuf_printf(out, " upd=%c del=%c match=%c", c->on_update, c->on_delete, c->match);
	}
	put_expr(out, "exclude", c->exclude, exact);
	if (c->deferrable)
		strbuf_printf(out, " deferrable%s", c->deferred ? " deferred" : "");
	if (c->not_valid)
		strbuf_puts(out, " not-valid");
	if (c->comment)
		strbuf_printf(out, " comment={%s}", c->comment);
	strbuf_putc(out, '\n');
}

static void put_table(StrBuf *out, const Table *t, bool exact)
{
	if (t->unlogged)
		strbuf_puts(out, "  unlogged\n");
	if (t->partition_key)
		strbuf_printf(out, "  partition-by %s\n", t->partition_key);
	if (t->parent_table)
		strbuf_printf(out, "  parent %s.%s %s\n", s(t->parent_schema), t->parent_table,
			      s(t->partition_bound));
	if (t->rls_enabled || t->rls_forced)
		strbuf_printf(out, "  rls%s%s\n", t->rls_enabled ? " enabled" : "",
			      t->rls_forced ? " forced" : "");
	VEC_EACH(const Column *, c, &t->columns)
		put_column(out, c, exact);
	/* constraints print sorted by name: their order carries no meaning */
	size_t n = t->constraints.len;
	const Constraint **cons = malloc((n ? n : 1) * sizeof *cons);
	if (n)
		memcpy(cons, t->constraints.items, n * sizeof *cons);
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && strcmp(cons[j - 1]->name, cons[j]->name) > 0; j--) {
			const Constraint *tmp = cons[j];
			cons[j] = cons[j - 1];
			cons[j - 1] = tmp;
		}
	for (size_t i = 0; i < n; i++)
		put_constraint(out, cons[i], exact);
	free(cons);
}

static void put_index(StrBuf *out, const Index *ix, bool exact)
{
	strbuf_printf(out, "  on %s using %s%s%s%s\n", ix->table, s(ix->method),
		      ix->unique ? " unique" : "", ix->nulls_not_distinct ? " nulls-not-distinct" : "",
		      ix->invalid ? " invalid" : "");
	VEC_EACH(const IndexElem *, e, &ix->elems) {
		strbuf_puts(out, "  elem");
		if (e->column)
			strbuf_printf(out, " %s", e->column);
		put_expr(out, "expr", e->expr, exact);
		if (e->collation)
			strbuf_printf(out, " collate=%s", e->collation);
		if (e->opclass)
			strbuf_printf(out, " opclass=%s", e->opclass);
		if (e->desc)
			strbuf_puts(out, " desc");
		if (e->nulls)
			strbuf_printf(out, " nulls=%c", e->nulls);
		strbuf_putc(out, '\n');
	}
	if (ix->include.len) {
		strbuf_puts(out, "  include ");
		put_list(out, &ix->include);
		strbuf_putc(out, '\n');
	}
	if (ix->where)
		strbuf_printf(out, "  where {%s}\n", expr_text(ix->where, exact));
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *) a, *(const char *const *) b);
}

/* "  grants [app:SELECT, app:UPDATE(a)*]": * = with grant option; the
 * running role (`me`: "" in a file's default privileges, the live side's
 * current_role) prints as CURRENT_USER, in its place in the sorted list */
static void put_grants(StrBuf *out, const char *label, const PtrVec *grants, const char *me)
{
	size_t n = grants->len;
	char **items = malloc((n ? n : 1) * sizeof *items);
	StrBuf sb = STRBUF_INIT;
	VEC_EACH(const Grant *, g, grants) {
		bool is_me = !g->grantee[0] || (me && strcmp(g->grantee, me) == 0);
		strbuf_printf(&sb, "%s:%s", is_me ? "CURRENT_USER" : g->grantee, g->privilege);
		if (g->column)
			strbuf_printf(&sb, "(%s)", g->column);
		if (g->with_grant_option)
			strbuf_putc(&sb, '*');
		items[g_i] = strbuf_detach(&sb);
	}
	qsort(items, n, sizeof *items, cmp_str);
	strbuf_printf(out, "  %s [", label);
	for (size_t i = 0; i < n; i++) {
		strbuf_printf(out, "%s%s", i ? ", " : "", items[i]);
		free(items[i]);
	}
	free(items);
	strbuf_puts(out, "]\n");
}

static void put_object(StrBuf *out, const Object *o, bool privileges, bool exact)
{
	strbuf_printf(out, "%s %s.%s", obj_kind_name(o->kind), s(o->schema), o->name);
	if (o->parent)
		strbuf_printf(out, " on %s", o->parent);
	if (o->signature)
		strbuf_printf(out, "(%s)", o->signature);
	if (o->comment)
		strbuf_printf(out, " comment={%s}", o->comment);
	strbuf_putc(out, '\n');
	switch (o->kind) {
	case OBJ_TABLE:
		put_table(out, (const Table *) o, exact);
		break;
	case OBJ_INDEX:
		put_index(out, (const Index *) o, exact);
		break;
	case OBJ_ENUM: {
		strbuf_puts(out, "  labels ");
		put_list(out, &((const EnumType *) o)->labels);
		strbuf_putc(out, '\n');
		break;
	}
	case OBJ_DOMAIN: {
		const Domain *d = (const Domain *) o;
		strbuf_printf(out, "  base %s%s%s%s", d->base_type, d->collation ? " collate=" : "",
			      d->collation ? d->collation : "", d->not_null ? " not-null" : "");
		put_expr(out, "default", d->default_expr, exact);
		strbuf_putc(out, '\n');
		VEC_EACH(const Constraint *, c, &d->checks)
			put_constraint(out, c, exact);
		break;
	}
	case OBJ_COMPOSITE:
		VEC_EACH(const Column *, c, &((const CompositeType *) o)->attributes)
			put_column(out, c, exact);
		break;
	case OBJ_SEQUENCE: {
		const Sequence *q = (const Sequence *) o;
		strbuf_puts(out, " ");
		put_seq(out, &q->opts);
		if (q->owned_table)
			strbuf_printf(out, " owned-by=%s.%s", q->owned_table, s(q->owned_column));
		strbuf_putc(out, '\n');
		break;
	}
	case OBJ_FUNCTION: {
		const Function *f = (const Function *) o;
		strbuf_printf(out, "  %s (%s) returns %s language %s vol=%c%s%s%s par=%c config=%s\n",
			      f->is_procedure ? "procedure" : "function", s(f->arguments), s(f->returns),
			      s(f->language), f->volatility ? f->volatility : '-',
			      f->strict ? " strict" : "", f->security_definer ? " secdef" : "",
			      f->leakproof ? " leakproof" : "", f->parallel ? f->parallel : '-',
			      s(f->config));
		strbuf_printf(out, "  body {%s}\n", s(f->body));
		break;
	}
	case OBJ_VIEW:
	case OBJ_MATVIEW: {
		const View *v = (const View *) o;
		strbuf_printf(out, "  options=%s check=%s\n", s(v->options), s(v->check_option));
		strbuf_printf(out, "  query {%s}\n", v->query ? expr_text(v->query, exact) : "-");
		break;
	}
	case OBJ_TRIGGER: {
		const Expr *def = ((const Trigger *) o)->definition;
		strbuf_printf(out, "  {%s}\n", def ? expr_text(def, exact) : "-");
		break;
	}
	case OBJ_POLICY: {
		const Policy *p = (const Policy *) o;
		strbuf_printf(out, "  %s %s to ", p->permissive ? "permissive" : "restrictive", s(p->command));
		put_list(out, &p->roles);
		put_expr(out, "using", p->using_expr, exact);
		put_expr(out, "check", p->check_expr, exact);
		strbuf_putc(out, '\n');
		break;
	}
	case OBJ_COLLATION: {
		const Collation *c = (const Collation *) o;
		if (c->provider == 'i')
			strbuf_printf(out, "  provider=icu locale=%s", s(c->icu_locale));
		else
			strbuf_printf(out, "  provider=libc collate=%s ctype=%s", s(c->lc_collate),
				      s(c->lc_ctype));
		strbuf_puts(out, c->deterministic ? " deterministic\n" : " nondeterministic\n");
		break;
	}
	case OBJ_EXTENSION: {
		const Extension *e = (const Extension *) o;
		strbuf_printf(out, "  schema=%s version=%s\n", s(e->ext_schema), s(e->version));
		break;
	}
	default:
		break;
	}
	if (privileges && o->grants_set)
		put_grants(out, "grants", &o->grants, NULL);
}

static int cmp_keys(const void *a, const void *b)
{
	const Object *x = *(const Object *const *) a, *y = *(const Object *const *) b;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return strcmp(x->key ? x->key : "", y->key ? y->key : "");
}

/* The role a default-privileges row prints under: "-" for the running
 * role's (a desired row without FOR ROLE, a live row of current_role). */
static const char *acl_role(const Catalog *cat, const DefaultAcl *d)
{
	return !d->role || str_equal(d->role, cat->current_role) ? "-" : d->role;
}

static int cmp_default_acls(const Catalog *cat, const DefaultAcl *x, const DefaultAcl *y)
{
	int c = strcmp(acl_role(cat, x), acl_role(cat, y));
	if (!c)
		c = strcmp(s(x->obj.schema), s(y->obj.schema));
	return c ? c : x->objtype - y->objtype;
}

/* Prints the catalog into `out`, privileges only when asked; with `hash`,
 * each object's lines are hashed and dropped as soon as printed, so a
 * fingerprint never holds the whole text (8 MB at 5000 tables), and
 * expressions print as their text (expr_text). */
static void print_catalog(const Catalog *cat, StrBuf *out, bool privileges, XXH3_state_t *hash)
{
	size_t n = cat->objects.len;
	const Object **objs = malloc((n ? n : 1) * sizeof *objs);
	if (n)
		memcpy(objs, cat->objects.items, n * sizeof *objs);
	qsort(objs, n, sizeof *objs, cmp_keys);
	for (size_t i = 0; i < n; i++) {
		put_object(out, objs[i], privileges, hash != NULL);
		if (hash) {
			XXH3_128bits_update(hash, out->buf, out->len);
			strbuf_reset(out);
		}
	}
	free(objs);
	VEC_EACH(const char *, u, &cat->unsupported)
		strbuf_printf(out, "unsupported %s\n", u);
	if (hash) {
		XXH3_128bits_update(hash, out->buf, out->len);
		strbuf_reset(out);
	}
	if (!privileges)
		return;
	/* default privileges in (role, schema, objtype) order; role "-": the
	 * running role (a desired row without FOR ROLE, a live row of
	 * current_role) */
	size_t m = cat->default_acls.len;
	const DefaultAcl **rows = malloc((m ? m : 1) * sizeof *rows);
	if (m)
		memcpy(rows, cat->default_acls.items, m * sizeof *rows);
	for (size_t i = 1; i < m; i++)
		for (size_t j = i; j > 0 && cmp_default_acls(cat, rows[j - 1], rows[j]) > 0; j--) {
			const DefaultAcl *tmp = rows[j];
			rows[j] = rows[j - 1];
			rows[j - 1] = tmp;
		}
	for (size_t i = 0; i < m; i++) {
		/* the running role's rows print alike on both sides */
		bool mine = strcmp(acl_role(cat, rows[i]), "-") == 0;
		strbuf_printf(out, "default-privileges for %s in %s on %c\n", acl_role(cat, rows[i]),
			      s(rows[i]->obj.schema), rows[i]->objtype);
		put_grants(out, "acl", &rows[i]->grants, mine ? cat->current_role : NULL);
	}
	free(rows);
}

void catalog_print(const Catalog *cat, StrBuf *out)
{
	print_catalog(cat, out, true, NULL);
}

const char *catalog_fingerprint(const Catalog *cat)
{
	/* privileges left out: apply reads the live schema without them, and
	 * must find the fingerprint a plan made with --privileges saved */
	StrBuf sb = STRBUF_INIT;
	XXH3_state_t *state = XXH3_createState();
	if (!state)
		abort();
	XXH3_128bits_reset(state);
	print_catalog(cat, &sb, false, state);
	XXH128_hash_t h = XXH3_128bits_digest(state);
	XXH3_freeState(state);
	strbuf_release(&sb);
	return arena_printf(cat->arena, "%016llx%016llx", (unsigned long long) h.high64,
			    (unsigned long long) h.low64);
}
