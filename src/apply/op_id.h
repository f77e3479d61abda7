/*
 * op_id.h - stable identities for operations and plans, so that a rerun,
 * the history and the backfill progress agree on what an operation is.
 *
 * An op is identified by an xxhash of its statements (and, for a backfill,
 * of its spec): the same change planned twice gets the same id.  A plan is
 * identified by its fingerprint and the ids of its ops, in order.
 *
 * Memory ownership: ids are written into the caller's fixed buffer.
 */
#ifndef PGSTAGE_OP_ID_H
#define PGSTAGE_OP_ID_H

#include "plan/plan.h"

#define OP_ID_LEN 17 /* 16 hex digits and the NUL */

void op_id(const Op *op, char out[OP_ID_LEN]);
void plan_id(const Plan *plan, char out[OP_ID_LEN]);

#endif
