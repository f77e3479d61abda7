/*
 * parse.c - driver: files -> statements -> builders (build_*.c).
 *
 * Every statement is either modelled by a builder or rejected with
 * "unsupported statement: KIND" at its file:line:col; nothing is skipped
 * silently, except these, accepted and ignored on purpose:
 *  - SET search_path changes the schema of unqualified names (default
 *    "public"); other SET lines and SELECT pg_catalog.set_config(...) of
 *    pg_dump style have no effect on the model;
 *  - BEGIN / COMMIT (and other transaction control);
 *  - pg_dump's leading `\restrict KEY` and trailing `\unrestrict KEY` psql
 *    lines (psql_meta.c);
 *  - ALTER ... OWNER TO: ownership is not modelled;
 *  - (not ignored, but compared only with --privileges) GRANT / REVOKE,
 *    column privileges included (build_grant.c), and ALTER DEFAULT
 *    PRIVILEGES (build_default_acl.c), which also gives the file's later
 *    objects their default privileges.
 *
 * Memory ownership: the model lives in the new catalog's arena; file text,
 * tokens and the protobuf tree are freed before each call returns.
 */
#include "parse/parse.h"
#include "parse/attach.h"
#include "parse/chunks.h"
#include "util/file.h"
#include "parse/expr_cache.h"
#include "parse/keyword.h"
#include "parse/parse_int.h"
#include "parse/grant.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* "CREATE RULE": the verb, then the object kind (one word, two for the
 * kinds named by two), skipping OR REPLACE. */
static const char *statement_kind(ParseCtx *ctx)
{
	static const char *const two_words[] = {"MATERIALIZED", "FOREIGN", "EVENT", "TEXT",
						"ACCESS", "DEFAULT", "CONSTRAINT", "USER", "PUBLICATION"};
	StrBuf sb = STRBUF_INIT;
	size_t i = srctext_token_at(ctx, ctx->stmt_start);
	int words = 0, want = 2;
	for (; i < ctx->n_tokens && words < want && ctx->tokens[i].start < ctx->stmt_end; i++) {
		const Token *t = &ctx->tokens[i];
		if (t->keyword == PG_QUERY__KEYWORD_KIND__NO_KEYWORD)
			break;
		char word[64];
		int n = 0;
		for (int j = t->start; j < t->end && n < 63; j++)
			word[n++] = (char) toupper((unsigned char) ctx->src[j]);
		word[n] = '\0';
		if (sb.len)
			strbuf_putc(&sb, ' ');
		strbuf_puts(&sb, word);
		words++;
		if (strcmp(word, "OR") == 0 || strcmp(word, "REPLACE") == 0)
			want++;
		for (size_t k = 0; words == 2 && k < sizeof two_words / sizeof two_words[0]; k++)
			if (strcmp(word, two_words[k]) == 0)
				want++;
	}
	const char *r = arena_strdup(ctx->cat->arena, sb.len ? sb.buf : "?");
	strbuf_release(&sb);
	return r;
}

static int unsupported(ParseCtx *ctx)
{
	return parse_error(ctx, ctx->stmt_start, "unsupported statement: %s", statement_kind(ctx));
}

static int set_statement(ParseCtx *ctx, const PgQuery__VariableSetStmt *s)
{
	bool search_path = s->name && strcmp(s->name, "search_path") == 0;
	/* RESET search_path, RESET ALL, SET search_path TO DEFAULT: back to
	 * the default "$user", public, where new objects land in public */
	if ((search_path && (s->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_RESET ||
			     s->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_SET_DEFAULT)) ||
	    s->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_RESET_ALL) {
		ctx->schema = "public";
		return 0;
	}
	if (!search_path || s->kind != PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE)
		return 0;
	for (size_t i = 0; i < s->n_args; i++) {
		const Node *a = s->args[i];
		const char *v = NULL;
		if (a->node_case == PG_QUERY__NODE__NODE_A_CONST &&
		    a->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL)
			v = a->a_const->sval->sval;
		if (!v || !*v || strcmp(v, "$user") == 0 || strcmp(v, "pg_catalog") == 0)
			continue;
		ctx->schema = arena_strdup(ctx->cat->arena, v);
		break;
	}
	return 0;
}

/* pg_dump's "SELECT pg_catalog.set_config('search_path', '', false);" */
static bool is_set_config(const PgQuery__SelectStmt *s)
{
	if (s->n_target_list != 1 || s->n_from_clause)
		return false;
	const Node *v = s->target_list[0]->res_target->val;
	if (!v || v->node_case != PG_QUERY__NODE__NODE_FUNC_CALL)
		return false;
	const PgQuery__FuncCall *f = v->func_call;
	const char *name = node_str(f->funcname[f->n_funcname - 1]);
	return name && strcmp(name, "set_config") == 0;
}

static bool alter_owner_only(const PgQuery__AlterTableStmt *s)
{
	for (size_t i = 0; i < s->n_cmds; i++)
		if (s->cmds[i]->alter_table_cmd->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner)
			return false;
	return true;
}

static int dispatch(ParseCtx *ctx, const Node *n)
{
	int loc = ctx->stmt_start;
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT:
		return set_statement(ctx, n->variable_set_stmt);
	case PG_QUERY__NODE__NODE_TRANSACTION_STMT:
	case PG_QUERY__NODE__NODE_ALTER_OWNER_STMT:
		return 0;
	/* modelled and checked; compared only with --privileges */
	case PG_QUERY__NODE__NODE_GRANT_STMT:
		return build_grant(ctx, n->grant_stmt, loc);
	case PG_QUERY__NODE__NODE_ALTER_DEFAULT_PRIVILEGES_STMT:
		return build_default_privileges(ctx, n->alter_default_privileges_stmt, loc);
	case PG_QUERY__NODE__NODE_SELECT_STMT:
		return is_set_config(n->select_stmt) ? 0 : unsupported(ctx);
	case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT:
		return build_schema(ctx, n->create_schema_stmt, loc);
	case PG_QUERY__NODE__NODE_CREATE_STMT:
		return build_table(ctx, n->create_stmt, loc);
	case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
		if (alter_owner_only(n->alter_table_stmt))
			return 0;
		return build_alter_table(ctx, n->alter_table_stmt, loc);
	case PG_QUERY__NODE__NODE_INDEX_STMT:
		return build_index(ctx, n->index_stmt, loc);
	case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT:
		return build_enum(ctx, n->create_enum_stmt, loc);
	case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
		return build_sequence(ctx, n->create_seq_stmt, loc);
	case PG_QUERY__NODE__NODE_ALTER_SEQ_STMT:
		return build_alter_sequence(ctx, n->alter_seq_stmt, loc);
	case PG_QUERY__NODE__NODE_CREATE_EXTENSION_STMT:
		return build_extension(ctx, n->create_extension_stmt, loc);
	case PG_QUERY__NODE__NODE_COMMENT_STMT:
		return build_comment(ctx, n->comment_stmt, loc);
	case PG_QUERY__NODE__NODE_VIEW_STMT:
		return build_view(ctx, n->view_stmt, loc);
	case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
		return build_matview(ctx, n->create_table_as_stmt, loc);
	case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT:
		return build_function(ctx, n->create_function_stmt, loc);
	case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT:
		return build_trigger(ctx, n->create_trig_stmt, loc);
	case PG_QUERY__NODE__NODE_CREATE_POLICY_STMT:
		return build_policy(ctx, n->create_policy_stmt, loc);
	case PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT:
		return build_domain(ctx, n->create_domain_stmt, loc);
	case PG_QUERY__NODE__NODE_COMPOSITE_TYPE_STMT:
		return build_composite(ctx, n->composite_type_stmt, loc);
	case PG_QUERY__NODE__NODE_DEFINE_STMT:
		if (n->define_stmt->kind == PG_QUERY__OBJECT_TYPE__OBJECT_COLLATION)
			return build_collation(ctx, n->define_stmt, loc);
		return unsupported(ctx);
	default:
		return unsupported(ctx);
	}
}

/* Dispatches one statement of a parsed chunk: src[loc, loc + len), its
 * node locations already absolute.  Its tokens are read (or deferred) here,
 * one statement at a time. */
static int parse_statement(ParseCtx *ctx, const char *src, int loc, int len,
			   const PgQuery__RawStmt *st)
{
	char *text = xstrndup(src + loc, (size_t) len);
	bool deferred = srctext_defer(ctx, text, loc, len);
	if (!deferred)
		srctext_scan(ctx, text, loc, true);
	ctx->stmt_start = loc;
	ctx->stmt_end = loc + len;
	/* the statement starts at its first token, not at preceding
	 * comments (without any, at its first non-blank byte) */
	if (deferred) {
		while (ctx->stmt_start < ctx->stmt_end && isspace((unsigned char) src[ctx->stmt_start]))
			ctx->stmt_start++;
	} else {
		size_t t = srctext_token_at(ctx, ctx->stmt_start);
		if (t < ctx->n_tokens)
			ctx->stmt_start = ctx->tokens[t].start;
	}
	size_t first = ctx->cat->objects.len;
	int rc = dispatch(ctx, st->stmt);
	if (rc == 0)
		grant_new_objects(ctx, first); /* default privileges, as PostgreSQL gives them */
	ctx->unscanned = NULL;
	free(text);
	return rc;
}

/* Scans src[from, to) -- semicolons and comments between statements -- for
 * its comments only. */
static void scan_between(ParseCtx *ctx, const char *src, int from, int to)
{
	if (to <= from)
		return;
	char *text = xstrndup(src + from, (size_t) (to - from));
	/* mostly a lone semicolon: its end is all the scan would tell */
	if (!srctext_defer(ctx, text, from, to - from))
		srctext_scan(ctx, text, from, false);
	ctx->unscanned = NULL;
	free(text);
}

/* Dispatches the statements of a parsed chunk; `*done` is the end of the
 * text scanned so far. */
static int build_chunk(ParseCtx *ctx, const char *src, const ParsedChunk *c, int *done)
{
	if (!c->tree)
		return c->error_at >= 0 ? parse_error(ctx, c->error_at, "%s", c->error)
					: pgs_error_at(ctx->err, PGSTAGE_EGENERIC, ctx->file, 0, 0, "%s",
						       c->error);
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < c->tree->n_stmts; i++) {
		const PgQuery__RawStmt *st = c->tree->stmts[i];
		int loc = c->from + st->stmt_location;
		/* stmt_len 0 means "to the end of the text" */
		int len = st->stmt_len ? st->stmt_len : c->to - loc;
		scan_between(ctx, src, *done, loc);
		rc = parse_statement(ctx, src, loc, len, st);
		*done = loc + len;
	}
	return rc;
}

static int parse_text(ParseCtx *ctx, const char *text, const char *filename)
{
	char *blanked = psql_restrict_blanked(text); /* pg_dump's \restrict lines */
	const char *src = blanked ? blanked : text;
	ctx->file = arena_strdup(ctx->cat->arena, filename);
	int len = (int) strlen(src);
	srctext_begin(ctx, src, (size_t) len);
	int rc = 0, done = 0;
	ChunkReader *reader = chunk_reader_start(src, len);
	ParsedChunk c;
	while (rc == 0 && chunk_reader_next(reader, &c)) {
		rc = build_chunk(ctx, src, &c, &done);
		chunk_release(&c);
	}
	chunk_reader_stop(reader);
	if (rc == 0) {
		scan_between(ctx, src, done, len);
		rc = directives_attach(ctx->cat, src, ctx->comments, ctx->n_comments, ctx->file,
				       ctx->err);
	}
	srctext_release(ctx);
	free(blanked);
	return rc;
}

static void ctx_init(ParseCtx *ctx, PgsError *err)
{
	memset(ctx, 0, sizeof *ctx);
	ctx->cat = catalog_new();
	ctx->scan_scratch = arena_new();
	ctx->err = err;
	ctx->schema = "public";
	/* every new database has schema public: the desired side has it too */
	Object *pub = object_new(ctx->cat, OBJ_SCHEMA, sizeof(Object), NULL, "public");
	catalog_add(ctx->cat, pub, err);
}

/* Post-pass over the whole input (forward references). */
static int finish(ParseCtx *ctx)
{
	/* FOREIGN KEY without a column list references the primary key */
	VEC_EACH(Object *, o, &ctx->cat->objects) {
		if (o->kind != OBJ_TABLE)
			continue;
		Table *t = (Table *) o;
		VEC_EACH(Constraint *, c, &t->constraints) {
			if (c->type != CON_FOREIGN || c->ref_columns.len)
				continue;
			Table *ref = catalog_find_table(ctx->cat, c->ref_schema, c->ref_table);
			Constraint *pk = ref ? table_primary_key(ref) : NULL;
			if (!pk)
				return pgs_error_at(ctx->err, PGSTAGE_EINPUT, c->loc.file, c->loc.line,
						    c->loc.col,
						    "there is no primary key for referenced table \"%s\"",
						    c->ref_table);
			VEC_EACH(const char *, col, &pk->columns)
				vec_push(ctx->cat->arena, &c->ref_columns, (void *) col);
		}
	}
	/* grants that are the kind's defaults compare as never granted */
	grant_normalize(ctx->cat);
	return 0;
}

static int ctx_finish(ParseCtx *ctx, int rc, Catalog **out)
{
	if (rc == 0)
		rc = finish(ctx);
	hashmap_release(&ctx->rel_names);
	hashmap_release(&ctx->con_names);
	hashmap_release(&ctx->view_columns);
	arena_free(ctx->scan_scratch);
	if (rc != 0) {
		catalog_free(ctx->cat);
		*out = NULL;
		return rc;
	}
	*out = ctx->cat;
	return 0;
}

int parse_schema_string(Catalog **out, const char *sql, const char *filename, PgsError *err)
{
	ParseCtx ctx;
	pgs_error_clear(err);
	ctx_init(&ctx, err);
	return ctx_finish(&ctx, parse_text(&ctx, sql, filename), out);
}

static int read_file(const char *path, char **text, PgsError *err)
{
	StrBuf sb = STRBUF_INIT;
	if (file_read_all(path, &sb, err)) {
		strbuf_release(&sb);
		return PGSTAGE_EIO;
	}
	if (strlen(sb.buf) != sb.len) {
		strbuf_release(&sb);
		return pgs_error_at(err, PGSTAGE_EINPUT, path, 0, 0, "file contains a NUL byte");
	}
	*text = strbuf_detach(&sb);
	return 0;
}

static int parse_file(ParseCtx *ctx, const char *path)
{
	char *text = NULL;
	int rc = read_file(path, &text, ctx->err);
	if (rc == 0)
		rc = parse_text(ctx, text, path);
	free(text);
	return rc;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *) a, *(char *const *) b);
}

static int parse_dir(ParseCtx *ctx, const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return pgs_error_set(ctx->err, PGSTAGE_EIO, "cannot open \"%s\": %s", dir, strerror(errno));
	PtrVec names = {0};
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);
		if (n > 4 && strcmp(e->d_name + n - 4, ".sql") == 0 && e->d_name[0] != '.')
			vec_push(ctx->cat->arena, &names, arena_printf(ctx->cat->arena, "%s/%s", dir, e->d_name));
	}
	closedir(d);
	if (names.len)
		qsort(names.items, names.len, sizeof(void *), cmp_names);
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < names.len; i++)
		rc = parse_file(ctx, names.items[i]);
	return rc;
}

int parse_schema_path(Catalog **out, const char *path, PgsError *err)
{
	ParseCtx ctx;
	struct stat st;
	pgs_error_clear(err);
	*out = NULL;
	if (stat(path, &st) != 0)
		return pgs_error_set(err, PGSTAGE_EIO, "cannot open \"%s\": %s", path, strerror(errno));
	ctx_init(&ctx, err);
	int rc = S_ISDIR(st.st_mode) ? parse_dir(&ctx, path) : parse_file(&ctx, path);
	return ctx_finish(&ctx, rc, out);
}

void parse_thread_release(void)
{
	keyword_cache_release();
	expr_cache_release();
}

void parse_shutdown(void)
{
	keyword_cache_release();
	expr_cache_release();
	/* pg_query_exit() crashes when libpg_query was never initialized (a
	 * command that failed before parsing): initialize it first, cheaply */
	pg_query_free_scan_result(pg_query_scan(""));
	pg_query_exit();
}
