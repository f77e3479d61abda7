/*
 * pb_walk.h - generic walking of libpg_query's protobuf messages, in one
 * place: which field is set (oneof members share storage, so only the
 * active one may be read) and every message-typed child, single or
 * repeated.  The parser's tree walkers build on it.
 *
 * Memory ownership: reads and hands out the caller's tree; allocates nothing
 * (the location-field cache is a fixed per-thread table).
 */
#ifndef PGSTAGE_PB_WALK_H
#define PGSTAGE_PB_WALK_H

#include <stdbool.h>
#include <protobuf-c/protobuf-c.h>

/* Whether field `fd` of `m` holds a value that may be read. */
bool pb_field_active(const ProtobufCMessage *m, const ProtobufCFieldDescriptor *fd);

/* Calls visit(slot, fd, arg) for each message-typed child slot of `m`:
 * every element of a repeated field, and single fields (*slot may be NULL).
 * A walker that replaces a child writes through `slot`. */
typedef void (*PbVisit)(ProtobufCMessage **slot, const ProtobufCFieldDescriptor *fd, void *arg);
void pb_each_child(ProtobufCMessage *m, PbVisit visit, void *arg);

/* The message type's int32 "location" field (a byte offset into the
 * parsed text), or NULL when it has none. */
const ProtobufCFieldDescriptor *pb_location_field(const ProtobufCMessageDescriptor *d);

#endif
