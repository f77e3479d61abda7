/*
 * ignore.c - taking the objects pgstage leaves alone out of a catalog; see
 * ignore.h.  Memory ownership: see ignore.h; scratch strings are StrBufs
 * released before returning.
 */
#include "model/ignore.h"
#include "model/ident.h"
#include "util/like.h"
#include "util/strbuf.h"

#include <string.h>

/* A runner's history table: its name, and the columns every version of the
 * runner creates (a table with the name but without them is the user's).
 * Extra columns are allowed: runners add some over the years. */
typedef struct RunnerTable {
	const char *table;
	const char *runners;           /* for the note */
	const char *const *columns;    /* NULL-terminated */
	const char *own_schema;        /* a schema the runner creates for it, or NULL */
} RunnerTable;

static const char *const goose_cols[] = {"id", "version_id", "is_applied", "tstamp", NULL};
static const char *const version_cols[] = {"version", NULL};
static const char *const rails_meta_cols[] = {"key", "value", NULL};
static const char *const flyway_cols[] = {"installed_rank", "version", "script", "checksum",
					  "success", NULL};
static const char *const prisma_cols[] = {"id", "checksum", "migration_name", "started_at", NULL};
static const char *const drizzle_cols[] = {"id", "hash", "created_at", NULL};
static const char *const seaorm_cols[] = {"version", "applied_at", NULL};

static const RunnerTable runner_tables[] = {
	{"goose_db_version", "goose", goose_cols, NULL},
	/* golang-migrate adds "dirty"; dbmate and Rails have the version alone */
	{"schema_migrations", "dbmate/golang-migrate/rails", version_cols, NULL},
	{"ar_internal_metadata", "rails", rails_meta_cols, NULL},
	{"flyway_schema_history", "flyway", flyway_cols, NULL},
	{"_prisma_migrations", "prisma", prisma_cols, NULL},
	{"__drizzle_migrations", "drizzle", drizzle_cols, "drizzle"},
	{"seaql_migrations", "seaorm", seaorm_cols, NULL},
};

bool ignore_list_add(const char **list, const char *item)
{
	size_t n = 0;
	while (list[n])
		n++;
	if (n == IGNORE_MAX)
		return false;
	list[n] = item;
	list[n + 1] = NULL;
	return true;
}

/* Notes once each: a catalog may be filtered twice (emit --from-dir). */
static void add_note(Catalog *cat, const char *note)
{
	VEC_EACH(const char *, n, &cat->ignored)
		if (strcmp(n, note) == 0)
			return;
	vec_push(cat->arena, &cat->ignored, (void *) note);
}

static bool is_relation(ObjKind k)
{
	return k == OBJ_TABLE || k == OBJ_VIEW || k == OBJ_MATVIEW || k == OBJ_SEQUENCE;
}

/* The runner whose history table `t` is, or NULL; `*near` is set to the
 * rule whose name it has when its columns are not the runner's. */
static const RunnerTable *runner_table_of(const Table *t, const RunnerTable **near)
{
	*near = NULL;
	for (size_t i = 0; i < sizeof runner_tables / sizeof runner_tables[0]; i++) {
		const RunnerTable *r = &runner_tables[i];
		if (strcmp(t->obj.name, r->table) != 0)
			continue;
		bool all = true;
		for (const char *const *c = r->columns; *c && all; c++)
			all = table_find_column(t, *c) != NULL;
		if (all)
			return r;
		*near = r;
	}
	return NULL;
}

/* A glob (* ?) or LIKE (% _) pattern matches "schema.name", or the name
 * alone when the pattern has no dot. */
static bool pattern_matches(const char *pattern, const Object *o)
{
	StrBuf like = STRBUF_INIT, text = STRBUF_INIT;
	bool dotted = false;
	for (const char *p = pattern; *p; p++) {
		if (*p == '\\' && p[1]) {
			strbuf_putc(&like, *p++);
			strbuf_putc(&like, *p);
			continue;
		}
		dotted |= *p == '.';
		strbuf_putc(&like, *p == '*' ? '%' : *p == '?' ? '_' : *p);
	}
	if (dotted)
		strbuf_printf(&text, "%s.%s", o->schema, o->name);
	else
		strbuf_puts(&text, o->name);
	bool m = like_match(like.buf, text.buf);
	strbuf_release(&like);
	strbuf_release(&text);
	return m;
}

static bool name_matches(const char *name, const Object *o)
{
	const char *dot = strrchr(name, '.');
	if (!dot)
		return strcmp(name, o->name) == 0;
	return strcmp(dot + 1, o->name) == 0 && strlen(o->schema) == (size_t) (dot - name) &&
	       strncmp(name, o->schema, (size_t) (dot - name)) == 0;
}

/* Why relation `o` is left alone (a note), or NULL when it is not. */
static const char *ignore_reason(Catalog *cat, const Object *o, const IgnoreOptions *opts,
				 const RunnerTable **runner)
{
	Arena *a = cat->arena;
	/* notes are data: every writer escapes them (util/escape.h) */
	const char *qname = ident_qualified(a, o->schema, o->name);
	const RunnerTable *near = NULL;
	*runner = NULL;
	if (o->kind == OBJ_TABLE && !(opts && opts->no_runner_tables)) {
		*runner = runner_table_of((const Table *) o, &near);
		if (*runner)
			return arena_printf(a, "ignored runner history table %s (%s)", qname,
					    (*runner)->runners);
	}
	for (const char *const *n = opts ? opts->names : NULL; n && *n; n++)
		if (name_matches(*n, o))
			return arena_printf(a, "ignored history table %s (--history-table %s)", qname, *n);
	for (const char *const *p = opts ? opts->patterns : NULL; p && *p; p++)
		if (pattern_matches(*p, o))
			return arena_printf(a, "ignored %s %s (--ignore %s)", obj_kind_name(o->kind), qname, *p);
	if (near)
		add_note(cat, arena_printf(a, "table %s has the name of the history table of %s but "
					      "not its columns: it is managed as any other table",
					   qname, near->runners));
	return NULL;
}

/* Whether `o` is relation `rel` or hangs on it. */
static bool belongs_to(const Object *o, const Object *rel)
{
	if (o == rel)
		return true;
	if (!o->schema || strcmp(o->schema, rel->schema) != 0)
		return false;
	switch (o->kind) {
	case OBJ_INDEX:
		return strcmp(((const Index *) o)->table, rel->name) == 0;
	case OBJ_SEQUENCE:
		return str_equal(((const Sequence *) o)->owned_table, rel->name);
	case OBJ_TRIGGER:
	case OBJ_POLICY:
		return str_equal(o->parent, rel->name);
	default:
		return false;
	}
}

static bool schema_in_use(const Catalog *cat, const char *schema)
{
	VEC_EACH(const Object *, o, &cat->objects)
		if (o->schema && strcmp(o->schema, schema) == 0)
			return true;
	return false;
}

void catalog_ignore(Catalog *cat, const IgnoreOptions *opts)
{
	Arena *a = cat->arena;
	PtrVec gone = {0}, own_schemas = {0};
	VEC_EACH(const Object *, o, &cat->objects) {
		if (!is_relation(o->kind) || !o->schema)
			continue;
		const RunnerTable *runner;
		const char *why = ignore_reason(cat, o, opts, &runner);
		if (!why)
			continue;
		vec_push(a, &gone, (void *) o);
		add_note(cat, why);
		if (runner && runner->own_schema && strcmp(o->schema, runner->own_schema) == 0)
			vec_push(a, &own_schemas, (void *) runner->own_schema);
	}
	if (!gone.len)
		return;
	size_t kept = 0;
	for (size_t i = 0; i < cat->objects.len; i++) {
		Object *o = cat->objects.items[i];
		bool drop = false;
		VEC_EACH(const Object *, rel, &gone)
			drop = drop || belongs_to(o, rel);
		if (!drop)
			cat->objects.items[kept++] = o;
	}
	cat->objects.len = kept;
	/* the runner's own schema goes with its table when nothing else is in it */
	PtrVec empty = {0};
	VEC_EACH(const char *, s, &own_schemas)
		if (!schema_in_use(cat, s))
			vec_push(a, &empty, (void *) s);
	kept = 0;
	for (size_t i = 0; i < cat->objects.len; i++) {
		Object *o = cat->objects.items[i];
		bool drop = false;
		if (o->kind == OBJ_SCHEMA)
			VEC_EACH(const char *, s, &empty)
				drop = drop || strcmp(o->name, s) == 0;
		if (!drop)
			cat->objects.items[kept++] = o;
	}
	cat->objects.len = kept;
	hashmap_release(&cat->by_key);
	VEC_EACH(Object *, o, &cat->objects)
		hashmap_put(&cat->by_key, o->key, o);
}
