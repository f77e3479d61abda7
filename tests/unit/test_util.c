/*
 * test_util.c - strbuf, arena, hashmap and identifier quoting.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/vec.h"
#include "util/strbuf.h"
#include "util/hashmap.h"
#include "model/ident.h"
#include "parse/keyword.h"
#include "util/like.h"

static void assert_sane_strbuf(const StrBuf *sb)
{
	assert_non_null(sb->buf);
	assert_int_equal(strlen(sb->buf), sb->len);
	if (sb->cap)
		assert_true(sb->len < sb->cap);
}

static void test_strbuf(void **state)
{
	(void) state;
	StrBuf sb = STRBUF_INIT;
	assert_sane_strbuf(&sb);
	strbuf_puts(&sb, "abc");
	assert_sane_strbuf(&sb);
	for (int i = 0; i < 1000; i++)
		strbuf_printf(&sb, "%d,", i);
	assert_sane_strbuf(&sb);
	strbuf_reset(&sb);
	assert_sane_strbuf(&sb);
	strbuf_literal(&sb, "it's');\nDROP TABLE x; --");
	assert_string_equal(sb.buf, "E'it''s'');\\nDROP TABLE x; --'");
	char *s = strbuf_detach(&sb);
	assert_sane_strbuf(&sb);
	free(s);
	strbuf_release(&sb);
}

/* VEC_EACH skips NULL items; break leaves the whole loop, continue goes on. */
static void test_vec_each(void **state)
{
	(void) state;
	Arena *a = arena_new();
	PtrVec v = {0};
	const char *items[] = {"a", NULL, "b", "c", "d"};
	for (size_t i = 0; i < 5; i++)
		vec_push(a, &v, (void *) items[i]);
	char seen[8] = "";
	VEC_EACH(const char *, s, &v)
		strcat(seen, s);
	assert_string_equal(seen, "abcd");
	seen[0] = '\0';
	VEC_EACH(const char *, s, &v) {
		if (strcmp(s, "b") == 0)
			continue;
		if (strcmp(s, "d") == 0)
			break;
		strcat(seen, s);
	}
	assert_string_equal(seen, "ac");
	seen[0] = '\0';
	VEC_EACH(const char *, s, &v) {
		strcat(seen, s);
		if (strcmp(s, "b") == 0)
			break; /* not just the item: the rest is not visited */
	}
	assert_string_equal(seen, "ab");
	arena_free(a);
}

static void test_arena(void **state)
{
	(void) state;
	Arena *a = arena_new();
	for (int i = 0; i < 10000; i++) {
		char *s = arena_printf(a, "item %d", i);
		assert_string_equal(s, s);
	}
	char *big = arena_alloc(a, 1 << 20);
	big[(1 << 20) - 1] = 'x';
	assert_null(arena_strdup(a, NULL));
	arena_free(a);
}

/* Strings are packed, structs stay aligned, vectors outgrow their arrays
 * into reused blocks, and a reset arena is as good as new. */
static void test_arena_packing_and_reuse(void **state)
{
	(void) state;
	Arena *a = arena_new();
	for (int round = 0; round < 3; round++) {
		PtrVec v[50] = {{0}};
		for (int i = 0; i < 20000; i++) {
			char *s = arena_strndup(a, "abc", (size_t) (i % 3));
			int64_t *n = arena_alloc(a, sizeof *n);
			assert_int_equal((uintptr_t) n % _Alignof(int64_t), 0);
			assert_int_equal(*n, 0); /* zeroed */
			*n = i;
			vec_push(a, &v[i % 50], n);
			assert_int_equal(strlen(s), (size_t) (i % 3));
		}
		for (int k = 0; k < 50; k++) {
			assert_int_equal(v[k].len, 400);
			for (size_t j = 0; j < v[k].len; j++)
				assert_int_equal(*(int64_t *) v[k].items[j], (int64_t) (j * 50 + (size_t) k));
		}
		arena_reset(a);
	}
	arena_free(a);
}

/* Chunks a freed arena leaves in the pool come back zeroed where it
 * matters (arena_alloc) to arenas of other threads, and live arenas keep
 * their contents while others are freed around them. */
static void *fill_and_free_arenas(void *arg)
{
	(void) arg;
	for (int round = 0; round < 20; round++) {
		Arena *a = arena_new();
		for (int i = 0; i < 4000; i++) {
			unsigned char *p = arena_alloc(a, 100);
			for (int j = 0; j < 100; j++)
				if (p[j] != 0)
					return "arena_alloc returned memory that was not zeroed";
			memset(p, 0xAB, 100);
		}
		arena_free(a);
	}
	return NULL;
}

static void test_arena_pool(void **state)
{
	(void) state;
	Arena *keep = arena_new();
	char *kept[1000];
	for (int i = 0; i < 1000; i++)
		kept[i] = arena_printf(keep, "kept %d", i);
	pthread_t other;
	assert_int_equal(pthread_create(&other, NULL, fill_and_free_arenas, NULL), 0);
	const char *mine = fill_and_free_arenas(NULL);
	void *theirs = NULL;
	pthread_join(other, &theirs);
	assert_null(mine);
	assert_null(theirs);
	for (int i = 0; i < 1000; i++) {
		char want[32];
		snprintf(want, sizeof want, "kept %d", i);
		assert_string_equal(kept[i], want);
	}
	arena_pool_release();
	fill_and_free_arenas(NULL); /* a released pool is refilled as before */
	arena_pool_release();
	arena_free(keep);
}

static void test_hashmap(void **state)
{
	(void) state;
	HashMap m = HASHMAP_INIT;
	Arena *a = arena_new();
	for (int i = 0; i < 5000; i++)
		hashmap_put(&m, arena_printf(a, "k%d", i), (void *) (intptr_t) (i + 1));
	for (int i = 0; i < 5000; i++) {
		char key[32];
		snprintf(key, sizeof key, "k%d", i);
		assert_int_equal((intptr_t) hashmap_get(&m, key), i + 1);
	}
	assert_null(hashmap_get(&m, "missing"));
	hashmap_release(&m);
	arena_free(a);
}

static void test_ident(void **state)
{
	(void) state;
	struct {
		const char *in, *out;
	} cases[] = {
		{"users", "users"},
		{"Users", "\"Users\""},
		{"select", "\"select\""},
		{"user", "\"user\""},
		{"name", "name"},
		{"int", "\"int\""},
		{"between", "\"between\""},
		{"with space", "\"with space\""},
		{"quo\"te", "\"quo\"\"te\""},
		{"ünï", "\"ünï\""},
		{"a$1", "a$1"},
		{"1abc", "\"1abc\""},
		{"'); DROP TABLE x; --", "\"'); DROP TABLE x; --\""},
	};
	Arena *a = arena_new();
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		assert_string_equal(ident_quote(a, cases[i].in), cases[i].out);
	assert_string_equal(ident_qualified(a, "My Schema", "t"), "\"My Schema\".t");
	arena_free(a);
	keyword_cache_release();
}

static void test_like(void **state)
{
	(void) state;
	assert_true(like_match("public", "public"));
	assert_false(like_match("public", "public2"));
	assert_true(like_match("app%", "app"));
	assert_true(like_match("app%", "app_v2"));
	assert_true(like_match("%_test", "x_test"));
	assert_true(like_match("%_test", "_test"));
	assert_false(like_match("%_test", "test"));
	assert_true(like_match("a_c", "abc"));
	assert_false(like_match("a\\_c", "abc"));
	assert_true(like_match("a\\_c", "a_c"));
	assert_true(like_match("%", ""));
	assert_true(like_match("%%x%", "yyxzz"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strbuf),
		cmocka_unit_test(test_vec_each),
		cmocka_unit_test(test_arena),
		cmocka_unit_test(test_arena_packing_and_reuse),
		cmocka_unit_test(test_arena_pool),
		cmocka_unit_test(test_hashmap),
		cmocka_unit_test(test_ident),
		cmocka_unit_test(test_like),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
