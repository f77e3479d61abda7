/*
 * pb_walk.c - see pb_walk.h.
 */
#include "parse/pb_walk.h"

#include <pg_query/pg_query.pb-c.h>
#include <stdint.h>
#include <string.h>

bool pb_field_active(const ProtobufCMessage *m, const ProtobufCFieldDescriptor *fd)
{
	const char *base = (const char *) m;
	return !(fd->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) ||
	       *(const uint32_t *) (base + fd->quantifier_offset) == fd->id;
}

void pb_each_child(ProtobufCMessage *m, PbVisit visit, void *arg)
{
	if (!m)
		return;
	const ProtobufCMessageDescriptor *d = m->descriptor;
	char *base = (char *) m;
	if (d == &pg_query__node__descriptor) {
		/* a Node is a oneof of some 250 node types: go straight to the
		 * set one rather than past every field */
		const PgQuery__Node *n = (const PgQuery__Node *) m;
		const ProtobufCFieldDescriptor *fd =
			n->node_case ? protobuf_c_message_descriptor_get_field(d, (unsigned) n->node_case)
				     : NULL;
		if (fd && fd->type == PROTOBUF_C_TYPE_MESSAGE)
			visit((ProtobufCMessage **) (base + fd->offset), fd, arg);
		return;
	}
	for (unsigned f = 0; f < d->n_fields; f++) {
		const ProtobufCFieldDescriptor *fd = &d->fields[f];
		if (fd->type != PROTOBUF_C_TYPE_MESSAGE || !pb_field_active(m, fd))
			continue;
		if (fd->label == PROTOBUF_C_LABEL_REPEATED) {
			size_t n = *(const size_t *) (base + fd->quantifier_offset);
			ProtobufCMessage **arr = *(ProtobufCMessage ***) (base + fd->offset);
			for (size_t i = 0; i < n; i++)
				visit(&arr[i], fd, arg);
		} else {
			visit((ProtobufCMessage **) (base + fd->offset), fd, arg);
		}
	}
}

/* Descriptors seen, with their "location" field: a few hundred node types,
 * looked up by address instead of comparing field names at every node. */
#define LOCATION_CACHE 1024

typedef struct LocationEntry {
	const ProtobufCMessageDescriptor *d;
	const ProtobufCFieldDescriptor *fd;
} LocationEntry;

static _Thread_local LocationEntry location_cache[LOCATION_CACHE];

const ProtobufCFieldDescriptor *pb_location_field(const ProtobufCMessageDescriptor *d)
{
	size_t i = ((uintptr_t) d >> 4) & (LOCATION_CACHE - 1);
	for (size_t probes = 0; probes < LOCATION_CACHE; probes++, i = (i + 1) & (LOCATION_CACHE - 1)) {
		LocationEntry *e = &location_cache[i];
		if (e->d == d)
			return e->fd;
		if (e->d)
			continue;
		e->d = d;
		e->fd = NULL;
		for (unsigned f = 0; f < d->n_fields; f++)
			if (d->fields[f].type == PROTOBUF_C_TYPE_INT32 &&
			    d->fields[f].label != PROTOBUF_C_LABEL_REPEATED &&
			    strcmp(d->fields[f].name, "location") == 0)
				e->fd = &d->fields[f];
		return e->fd;
	}
	return NULL; /* not reached: there are fewer message types than slots */
}
