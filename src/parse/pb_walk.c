/*
 * pb_walk.c - see pb_walk.h.
 */
#include "parse/pb_walk.h"

#include <stdint.h>

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
