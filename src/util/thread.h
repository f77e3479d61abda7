/*
 * thread.h - threads with a stack deep enough for the parse trees pgstage
 * accepts (see src/parse/parse_limits.h): libpg_query and protobuf-c
 * recurse once or twice per node, about 2 KB per level of an expression.
 * The stack is address space, not memory: pages are touched only as deep
 * as a parse goes.
 *
 * Memory ownership: the thread's stack is the C library's; join the thread.
 */
#ifndef PGSTAGE_THREAD_H
#define PGSTAGE_THREAD_H

#include <pthread.h>

#define PGS_STACK_BYTES ((size_t) 256 << 20)

/* pthread_create with a PGS_STACK_BYTES stack; 0 or an errno value. */
int pgs_thread_create(pthread_t *thread, void *(*fn)(void *), void *arg);

#endif
