/*
 * introspect_test.h - private hooks for tests/unit/test_introspect.c.
 *
 * Memory ownership: nothing is allocated here.
 */
#ifndef PGSTAGE_INTROSPECT_TEST_H
#define PGSTAGE_INTROSPECT_TEST_H

/* Statements the last introspect_catalog() run sent to the server; a
 * fixed number, whatever the size of the catalog (no per-object queries). */
extern int introspect__query_count;

#endif
