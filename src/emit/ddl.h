/*
 * ddl.h - SQL text for model objects, written by pgstage itself (never by
 * libpg_query's deparser).  Each function appends ONE statement without
 * the final semicolon; identifiers go through strbuf_ident/strbuf_qualified
 * and literals through strbuf_literal.
 *
 * Memory ownership: appends to the caller's StrBuf; reads the model only.
 */
#ifndef PGSTAGE_DDL_H
#define PGSTAGE_DDL_H

#include "model/model.h"
#include "util/strbuf.h"

/* Qualified name of an object: schema.name (or name for schemas/extensions). */
void ddl_object_name(StrBuf *sb, const Object *obj);

void ddl_column_def(StrBuf *sb, const Column *col);
/* " GENERATED ... AS IDENTITY (options)" of an identity column; with
 * seq_name, the sequence gets that name (SEQUENCE NAME). */
void ddl_identity_clause(StrBuf *sb, const Column *col, const char *seq_schema, const char *seq_name);
/* The constraint clause after "CONSTRAINT name ". */
void ddl_constraint_body(StrBuf *sb, const Constraint *con);
/* Sequence options differing from PostgreSQL's defaults, e.g. " START WITH 10". */
void ddl_seq_options(StrBuf *sb, const SeqOptions *o, bool with_type);

/* CREATE statement of any object kind the plan creates as a whole.  Tables
 * get their columns and every constraint but foreign keys inline. */
void ddl_create(StrBuf *sb, const Object *obj);
void ddl_drop(StrBuf *sb, const Object *obj);
/* COMMENT ON <object> IS ...; comment NULL removes it. */
void ddl_comment(StrBuf *sb, const Object *obj, const char *comment);
void ddl_column_comment(StrBuf *sb, const Table *t, const Column *c, const char *comment);
void ddl_constraint_comment(StrBuf *sb, const Table *t, const Constraint *k, const char *comment);

void ddl_create_table(StrBuf *sb, const Table *t);
void ddl_create_function(StrBuf *sb, const Function *f, bool or_replace);
/* CREATE [UNIQUE] INDEX [CONCURRENTLY] <name or the index's own> ON ... */
void ddl_create_index(StrBuf *sb, const Index *ix, bool concurrently, const char *name);

/* body between dollar quotes whose tag ($pgstage$, $pgstage1$...) the
 * scanner cannot find before the closing one: not in the body, nor
 * straddling its end.  Every dollar quote pgstage writes is this one. */
void ddl_dollar_quote(StrBuf *sb, const char *body);

/* ALTER TABLE <t> ... prefixes. */
void ddl_alter_table(StrBuf *sb, const Table *t);
/* ALTER TABLE <t> ALTER COLUMN <column> */
void ddl_alter_column(StrBuf *sb, const Table *t, const char *column);
void ddl_add_constraint(StrBuf *sb, const Table *t, const Constraint *k);
void ddl_drop_constraint(StrBuf *sb, const Table *t, const Constraint *k);
void ddl_sequence_owner(StrBuf *sb, const Sequence *s);

#endif
