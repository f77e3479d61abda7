/*
 * order.c - stable topological sort of the plan's operations.
 *
 * Edges: an op that needs key K runs after the op creating K; an op that
 * releases K runs before the op dropping K.  Among ready ops the smallest
 * (phase, rank, seq) goes first (pg_dump_sort.c's heap idea), so the order
 * changes as little as possible and is the same on every run.  An edge
 * pointing back to an earlier phase is ignored: phases are never reordered.
 * If a cycle remains, its smallest op is forced out and the plan says so.
 *
 * Memory ownership: edges live in the plan's arena; the heap and maps are
 * temporary and freed here.
 */
#include "plan/plan_internal.h"
#include "util/hashmap.h"

#include <stdlib.h>

static int op_cmp(const Op *a, const Op *b)
{
	if (a->phase != b->phase)
		return a->phase < b->phase ? -1 : 1;
	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

typedef struct Heap {
	Op **items;
	size_t len;
} Heap;

static void heap_push(Heap *h, Op *op)
{
	size_t i = h->len++;
	h->items[i] = op;
	while (i > 0) {
		size_t parent = (i - 1) / 2;
		if (op_cmp(h->items[parent], h->items[i]) <= 0)
			break;
		Op *t = h->items[parent];
		h->items[parent] = h->items[i];
		h->items[i] = t;
		i = parent;
	}
}

static Op *heap_pop(Heap *h)
{
	Op *top = h->items[0];
	h->items[0] = h->items[--h->len];
	size_t i = 0;
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < h->len && op_cmp(h->items[l], h->items[m]) < 0)
			m = l;
		if (r < h->len && op_cmp(h->items[r], h->items[m]) < 0)
			m = r;
		if (m == i)
			break;
		Op *t = h->items[m];
		h->items[m] = h->items[i];
		h->items[i] = t;
		i = m;
	}
	return top;
}

static void add_edge(Plan *p, Op *first, Op *then, size_t *indegree)
{
	if (!first || first == then || first->phase > then->phase)
		return;
	VEC_EACH(Op *, e, &then->after)
		if (e == first)
			return;
	vec_push(p->arena, &then->after, first);
	indegree[then->seq]++;
}

void plan_order(Plan *p)
{
	size_t n = p->ops.len;
	if (n == 0)
		return;
	HashMap creators = HASHMAP_INIT, droppers = HASHMAP_INIT;
	VEC_EACH(Op *, op, &p->ops) {
		if (op->creates)
			hashmap_put(&creators, op->creates, op);
		if (op->drops)
			hashmap_put(&droppers, op->drops, op);
	}
	size_t *indegree = xcalloc(n, sizeof *indegree);
	VEC_EACH(Op *, op, &p->ops) {
		VEC_EACH(const char *, k, &op->needs)
			add_edge(p, hashmap_get(&creators, k), op, indegree);
		VEC_EACH(const char *, k, &op->releases) {
			Op *dropper = hashmap_get(&droppers, k);
			if (dropper)
				add_edge(p, op, dropper, indegree);
		}
	}
	/* reverse edges: who waits for whom */
	PtrVec *waiters = xcalloc(n, sizeof *waiters);
	Arena *tmp = arena_new();
	VEC_EACH(Op *, op, &p->ops)
		VEC_EACH(Op *, first, &op->after)
			vec_push(tmp, &waiters[first->seq], op);
	Heap heap = {.items = xmalloc(n * sizeof(Op *)), .len = 0};
	bool *done = xcalloc(n, sizeof *done);
	VEC_EACH(Op *, op, &p->ops)
		if (indegree[op->seq] == 0)
			heap_push(&heap, op);
	Op **sorted = arena_alloc(p->arena, n * sizeof(Op *));
	size_t count = 0;
	while (count < n) {
		if (heap.len == 0) {
			/* a cycle: release the smallest op still waiting */
			Op *min = NULL;
			VEC_EACH(Op *, op, &p->ops)
				if (!done[op->seq] && (!min || op_cmp(op, min) < 0))
					min = op;
			p->cycle_note = arena_printf(p->arena, "dependency cycle broken at: %s",
						     min->summary ? min->summary : "?");
			indegree[min->seq] = 0;
			heap_push(&heap, min);
		}
		Op *op = heap_pop(&heap);
		if (done[op->seq])
			continue;
		done[op->seq] = true;
		sorted[count++] = op;
		VEC_EACH(Op *, w, &waiters[op->seq])
			if (!done[w->seq] && indegree[w->seq] > 0 && --indegree[w->seq] == 0)
				heap_push(&heap, w);
	}
	p->ops.items = (void **) sorted;
	p->ops.cap = n;
	free(heap.items);
	free(done);
	free(waiters);
	free(indegree);
	arena_free(tmp);
	hashmap_release(&creators);
	hashmap_release(&droppers);
}
