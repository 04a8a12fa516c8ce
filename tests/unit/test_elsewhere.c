/*
 * test_elsewhere.c: glossa_glosses_elsewhere (whose phrases are kept on
 * the handle between calls) against one plain SQL statement that says
 * what it must return, on a random archive, before and after annotations
 * change through the same handle, through a second handle on the same
 * file, and in a transaction that is rolled back: a stale cache fails.
 * Also the fields it fills, a larger archive, and the k-th allocation
 * failing for every k (malloc, calloc and realloc are wrapped here).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "db.h"
#include "glossa/glossa.h"
#include "support.h"

/*
 * The k-th call to malloc, calloc or realloc after fail_at is set to k
 * fails, once, the rest of the process's allocations are passed on: to
 * glibc's, or under AddressSanitizer to its own (which then still sees
 * leaks).
 */
#if defined(__SANITIZE_ADDRESS__)
#define REAL(f) __interceptor_##f
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define REAL(f) __interceptor_##f
#endif
#endif
#ifndef REAL
#define REAL(f) __libc_##f
#endif
void *REAL(malloc)(size_t n);
void *REAL(calloc)(size_t n, size_t size);
void *REAL(realloc)(void *p, size_t n);

static long fail_at, alloc_count;
static int fail_hit;

static int alloc_fails(void)
{
	if (!fail_at || ++alloc_count != fail_at)
		return 0;
	fail_hit = 1;
	return 1;
}

void *malloc(size_t n)
{
	return alloc_fails() ? NULL : REAL(malloc)(n);
}

void *calloc(size_t n, size_t size)
{
	return alloc_fails() ? NULL : REAL(calloc)(n, size);
}

void *realloc(void *p, size_t n)
{
	return alloc_fails() ? NULL : REAL(realloc)(p, n);
}

/* A fixed pseudo-random sequence (the same on every machine). */
static uint32_t seed;

static uint32_t next(uint32_t n)
{
	seed = seed * 1103515245u + 12345u;
	return (seed >> 16) % n;
}

/* phrase_in(body, phrase): 1 when phrase stands in body by the one
 * matching rule (glossa_phrase_find()), for the statement below. */
static void phrase_in(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *body = (const char *)sqlite3_value_text(argv[0]);
	const char *phrase = (const char *)sqlite3_value_text(argv[1]);

	(void)argc;
	sqlite3_result_int(ctx, body && phrase &&
	                            glossa_phrase_find(body, strlen(body), 0,
	                                               phrase, strlen(phrase)) !=
	                                SIZE_MAX);
}

/* The shared archive fixture, the sequence started over, phrase_in()
 * known to its handle. */
static int setup(void **state)
{
	struct test_archive *f;
	int rc;

	seed = 12345;
	if ((rc = test_archive_setup(state)))
		return rc;
	f = *state;
	return sqlite3_create_function(f->db->sql, "phrase_in", 2,
	                               SQLITE_UTF8, NULL, phrase_in, NULL,
	                               NULL) != SQLITE_OK;
}

static int64_t add_gloss(glossa_db_t *db, int64_t article, const char *phrase)
{
	glossa_annotation_t g = {.kind = GLOSSA_KIND_GLOSS, .pos = -1};
	glossa_status_t st;

	g.article_id = article;
	g.phrase = (char *)phrase;
	g.translation = "t";
	g.context_before = g.context_after = g.reading = g.note = g.tags = "";
	st = glossa_annotation_add(db, &g);
	if (st == GLOSSA_NOT_FOUND) {
		/* not in the text: kept detached, as glossa gloss
		 * --detached does */
		g.detached = 1;
		st = glossa_annotation_add(db, &g);
	}
	if (st == GLOSSA_EXISTS) {
		/* a second gloss of the phrase in the article: the API
		 * refuses it, a file can still give it */
		g.id = 0;
		st = glossa_db_begin(db);
		if (st == GLOSSA_OK)
			st = glossa_annotation_insert(db, &g, 1);
		if (st == GLOSSA_OK)
			st = glossa_db_refresh_glosses(db, article);
		if (st == GLOSSA_OK)
			st = glossa_db_commit(db);
		else
			glossa_db_rollback(db);
	}
	if (st != GLOSSA_OK)
		fail_msg("add failed: %s", glossa_db_errmsg(db));
	return g.id;
}

/* Append the line "id article phrase" to *out (*len bytes long). */
static void add_line(char **out, size_t *len, int64_t id, int64_t article,
		     const char *phrase)
{
	char buf[256];
	int k = snprintf(buf, sizeof(buf), "%lld %lld %s\n", (long long)id,
			 (long long)article, phrase);

	assert_true(k > 0 && (size_t)k < sizeof(buf));
	*out = realloc(*out, *len + (size_t)k + 1);
	assert_non_null(*out);
	memcpy(*out + *len, buf, (size_t)k + 1);
	*len += (size_t)k;
}

/*
 * What glossa_glosses_elsewhere(article) must give, in its order, one a
 * line: for each phrase glossed in another article and found in the
 * body (case-folded, at word boundaries: glossa_phrase_find()), the newest such gloss, sorted by phrase, as its id, article and
 * phrase. Asked on db's own connection, so it sees what db sees (its
 * open transaction too).
 */
static char *expected(glossa_db_t *db, int64_t article)
{
	sqlite3_stmt *stmt;
	char *out = calloc(1, 1);
	size_t len = 0;

	assert_int_equal(
		sqlite3_prepare_v2(
			db->sql,
			"SELECT max(g.id), g.article_id, g.phrase"
			" FROM annotation g, article a"
			" WHERE a.id = ?1 AND g.kind = 'gloss'"
			" AND g.article_id <> ?1 AND g.phrase <> ''"
			" AND phrase_in(a.body, g.phrase)"
			" GROUP BY g.phrase ORDER BY g.phrase",
			-1, &stmt, NULL),
		SQLITE_OK);
	sqlite3_bind_int64(stmt, 1, article);
	while (sqlite3_step(stmt) == SQLITE_ROW)
		add_line(&out, &len, sqlite3_column_int64(stmt, 0),
			 sqlite3_column_int64(stmt, 1),
			 (const char *)sqlite3_column_text(stmt, 2));
	sqlite3_finalize(stmt);
	return out;
}

/* The same from the glosses found for article, whose fields other than
 * id, article_id, kind and phrase must be empty. */
static char *listing(const glossa_annotation_t *notes, size_t n,
		     int64_t article)
{
	char *out = calloc(1, 1);
	size_t len = 0;

	for (size_t i = 0; i < n; i++) {
		const glossa_annotation_t *g = &notes[i];

		assert_int_not_equal(g->article_id, article);
		assert_int_equal(g->kind, GLOSSA_KIND_GLOSS);
		assert_int_equal(g->pos, -1);
		assert_string_equal(g->context_before, "");
		assert_string_equal(g->context_after, "");
		assert_string_equal(g->reading, "");
		assert_string_equal(g->translation, "");
		assert_string_equal(g->note, "");
		assert_string_equal(g->tags, "");
		assert_int_equal(g->created, 0);
		assert_int_equal(g->modified, 0);
		assert_int_equal(g->detached, 0);
		add_line(&out, &len, g->id, g->article_id, g->phrase);
	}
	return out;
}

/* The same from glossa_glosses_elsewhere. */
static char *actual(glossa_db_t *db, int64_t article)
{
	glossa_annotation_t *notes;
	size_t n;
	char *out;

	if (glossa_glosses_elsewhere(db, article, &notes, &n) != GLOSSA_OK)
		fail_msg("glosses elsewhere: %s", glossa_db_errmsg(db));
	out = listing(notes, n, article);
	glossa_annotations_free(notes, n);
	return out;
}

/* Every article of 1 .. n, and one that does not exist, gives what the
 * SQL says; returns how many glosses were found in all. */
static size_t check_all(glossa_db_t *db, int64_t n)
{
	size_t found = 0;

	for (int64_t a = 1; a <= n + 1; a++) {
		char *want = expected(db, a), *got = actual(db, a);

		if (strcmp(want, got))
			fail_msg("article %lld: want\n%sgot\n%s", (long long)a,
				 want, got);
		for (char *p = got; *p; p++)
			found += *p == '\n';
		free(want);
		free(got);
	}
	return found;
}

/* Few different characters, so that phrases recur across articles and
 * are prefixes of each other; one is ASCII. */
static const char *const chars[] = {"战", "鼓", "再", "出", "发", "抓",
				    "早", "a"};
#define NCHARS (sizeof(chars) / sizeof(chars[0]))
#define NARTICLES 30

/* The body of article i: 20-60 random characters. */
static char *random_body(int i, size_t *n, const char **c)
{
	char *text = malloc(64 * 4 + 128), *p = text;

	p += sprintf(p, "Title: article %d\nDate: 2020-01-01\n\n", i);
	*n = 20 + next(41);
	for (size_t k = 0; k < *n; k++) {
		c[k] = chars[next(NCHARS)];
		p += sprintf(p, "%s", c[k]);
	}
	strcpy(p, "\n");
	return text;
}

/* A phrase of 1-4 characters of article's body, glossed in it. */
static int64_t gloss_random(glossa_db_t *db, int64_t article,
			    const char *const *c, size_t n)
{
	char phrase[64] = "";
	size_t at = next((uint32_t)n), len = 1 + next(4);

	for (size_t k = at; k < at + len && k < n; k++)
		strcat(phrase, c[k]);
	return add_gloss(db, article, phrase);
}

/* NARTICLES random articles with 0-4 glosses each; their characters in
 * c[article - 1], their number in nc. */
static void random_archive(struct test_archive *f, const char *c[][60],
			   size_t *nc)
{
	for (int i = 0; i < NARTICLES; i++) {
		char *text = random_body(i, &nc[i], c[i]);
		int64_t id = test_import_text(f->db, text);

		assert_int_equal(id, i + 1);
		free(text);
		for (uint32_t g = next(5); g > 0; g--)
			gloss_random(f->db, id, c[i], nc[i]);
	}
}

/* Glosses added and deleted one at a time through the same handle. */
static void test_same_handle(void **state)
{
	struct test_archive *f = *state;
	const char *c[NARTICLES][60];
	size_t nc[NARTICLES];
	int64_t ids[64];
	size_t nids = 0;

	random_archive(f, c, nc);
	assert_true(check_all(f->db, NARTICLES) > 0);
	for (int step = 0; step < 40; step++) {
		int64_t a = 1 + next(NARTICLES);

		if (nids && next(3) == 0) {
			size_t k = next((uint32_t)nids);
			assert_int_equal(glossa_annotation_delete(f->db, ids[k]),
					 GLOSSA_OK);
			ids[k] = ids[--nids];
		} else if (nids < 64) {
			ids[nids++] = gloss_random(f->db, a, c[a - 1],
						   nc[a - 1]);
		}
		check_all(f->db, NARTICLES);
	}
}

/* Changes made through a second handle on the same file (as another
 * process would) show up at the next call on the first one. */
static void test_second_handle(void **state)
{
	struct test_archive *f = *state;
	const char *c[NARTICLES][60];
	size_t nc[NARTICLES];
	glossa_db_t *other;
	char *msg = NULL;

	random_archive(f, c, nc);
	check_all(f->db, NARTICLES);
	assert_int_equal(glossa_db_open(f->path, 0, &other, &msg), GLOSSA_OK);
	for (int step = 0; step < 10; step++) {
		int64_t a = 1 + next(NARTICLES);
		int64_t id = gloss_random(other, a, c[a - 1], nc[a - 1]);

		check_all(f->db, NARTICLES);
		if (step % 2) {
			assert_int_equal(glossa_annotation_delete(other, id),
					 GLOSSA_OK);
			check_all(f->db, NARTICLES);
		}
	}
	/* an article deleted there takes its glosses along */
	assert_int_equal(glossa_article_delete(other, 3), GLOSSA_OK);
	check_all(f->db, NARTICLES);
	glossa_db_close(other);
}

/* A gloss stored in a transaction that is then rolled back is seen
 * inside it, and gone after. */
static void test_rollback(void **state)
{
	struct test_archive *f = *state;
	const char *c[NARTICLES][60];
	size_t nc[NARTICLES];
	glossa_annotation_t g = {.kind = GLOSSA_KIND_GLOSS, .pos = 0};

	random_archive(f, c, nc);
	check_all(f->db, NARTICLES);
	g.article_id = 1;
	g.phrase = (char *)c[0][0];
	g.translation = "t";
	assert_int_equal(sqlite3_exec(f->db->sql, "BEGIN", NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(glossa_annotation_insert(f->db, &g, 0), GLOSSA_OK);
	check_all(f->db, NARTICLES);
	assert_int_equal(
		sqlite3_exec(f->db->sql, "ROLLBACK", NULL, NULL, NULL),
		SQLITE_OK);
	check_all(f->db, NARTICLES);
}

/* Where an article's own gloss of a phrase is the newest, the newest of
 * another article's is given: not the article's own, nor none. */
static void test_own_newest(void **state)
{
	struct test_archive *f = *state;
	glossa_annotation_t *notes;
	size_t n;
	int64_t a = test_import_text(f->db, "Title: A\n\n战鼓 战鼓再出发\n");
	int64_t b = test_import_text(f->db, "Title: B\n\n战鼓 again\n");
	int64_t c = test_import_text(f->db, "Title: C\n\n战鼓 and 战鼓再出发\n");
	int64_t ga = add_gloss(f->db, a, "战鼓");
	int64_t gb = add_gloss(f->db, b, "战鼓");
	int64_t gl = add_gloss(f->db, a, "战鼓再出发");

	assert_int_equal(glossa_glosses_elsewhere(f->db, b, &notes, &n),
			 GLOSSA_OK);
	assert_int_equal(n, 1);
	assert_int_equal(notes[0].id, ga);
	glossa_annotations_free(notes, n);
	assert_int_equal(glossa_glosses_elsewhere(f->db, c, &notes, &n),
			 GLOSSA_OK);
	assert_int_equal(n, 2);
	assert_int_equal(notes[0].id, gb);
	assert_int_equal(notes[1].id, gl);
	glossa_annotations_free(notes, n);
	/* b's two glosses are now the newest two */
	add_gloss(f->db, b, "战鼓");
	assert_int_equal(glossa_glosses_elsewhere(f->db, b, &notes, &n),
			 GLOSSA_OK);
	assert_int_equal(n, 1);
	assert_int_equal(notes[0].id, ga);
	glossa_annotations_free(notes, n);
	assert_int_equal(check_all(f->db, 3), 4);
}

/* Latin phrases are found as words, in any case, and given in the
 * gloss's own spelling; CJK ones inside a run. */
static void test_words(void **state)
{
	struct test_archive *f = *state;
	int64_t a = test_import_text(f->db, "Title: A\n\nart, Ga and 稀土\n");
	int64_t b = test_import_text(f->db, "Title: B\n\n"
					    "rare earths of Gallium, 重稀土\n");
	int64_t c = test_import_text(f->db, "Title: C\n\nART and GA-\n");
	int64_t art = add_gloss(f->db, a, "art");
	int64_t ga = add_gloss(f->db, a, "Ga");
	int64_t xitu = add_gloss(f->db, a, "稀土");
	char want[128], *got;

	got = actual(f->db, b);
	snprintf(want, sizeof(want), "%lld %lld 稀土\n", (long long)xitu,
		 (long long)a);
	assert_string_equal(got, want);
	free(got);
	got = actual(f->db, c);
	snprintf(want, sizeof(want), "%lld %lld Ga\n%lld %lld art\n",
		 (long long)ga, (long long)a, (long long)art, (long long)a);
	assert_string_equal(got, want);
	free(got);
	check_all(f->db, 3);
}

/* Only id, article_id, kind and phrase are given; the rest of the gloss
 * is there for glossa_annotation_get(). */
static void test_fields(void **state)
{
	struct test_archive *f = *state;
	glossa_annotation_t *notes, full;
	size_t n;
	int64_t a = test_import_text(f->db, "Title: A\n\n擂响战鼓再出发\n");
	int64_t b = test_import_text(f->db, "Title: B\n\n战鼓 and more\n");
	glossa_annotation_t g = {.kind = GLOSSA_KIND_GLOSS, .pos = -1};

	g.article_id = a;
	g.phrase = "战鼓";
	g.reading = "zhàngǔ";
	g.translation = "war drums";
	g.note = "a slogan";
	g.tags = "army";
	g.context_before = g.context_after = "";
	assert_int_equal(glossa_annotation_add(f->db, &g), GLOSSA_OK);
	assert_int_equal(glossa_glosses_elsewhere(f->db, b, &notes, &n),
			 GLOSSA_OK);
	assert_int_equal(n, 1);
	free(listing(notes, n, b)); /* the empty fields */
	assert_int_equal(notes[0].id, g.id);
	assert_int_equal(notes[0].article_id, a);
	assert_string_equal(notes[0].phrase, "战鼓");
	assert_int_equal(glossa_annotation_get(f->db, notes[0].id, &full),
			 GLOSSA_OK);
	assert_int_equal(full.article_id, a);
	assert_string_equal(full.phrase, notes[0].phrase);
	assert_string_equal(full.translation, "war drums");
	assert_string_equal(full.reading, "zhàngǔ");
	assert_string_equal(full.note, "a slogan");
	assert_string_equal(full.context_before, "擂响");
	glossa_annotation_clear(&full);
	glossa_annotations_free(notes, n);
}

/* The body of a larger article: 40-200 characters of a few more. */
static char *many_body(int i, size_t *n, const char **c)
{
	static const char *const more[] = {"战", "鼓", "再", "出", "发",
					   "抓", "早", "稀", "土", "a",
					   "b", "é"};
	char *text = malloc(200 * 4 + 128), *p = text;

	p += sprintf(p, "Title: many %d\nDate: 2020-01-01\n\n", i);
	*n = 40 + next(161);
	for (size_t k = 0; k < *n; k++) {
		c[k] = more[next(sizeof(more) / sizeof(more[0]))];
		p += sprintf(p, "%s", c[k]);
	}
	strcpy(p, "\n");
	return text;
}

/* 150 articles with 0-14 glosses each of 1-12 characters (2 000 or so,
 * long shared prefixes, levels of many records), and notes with phrases,
 * which are not glosses: the same as the plain SQL for every article. */
#define NMANY 150
static void test_many(void **state)
{
	struct test_archive *f = *state;
	static const char *c[NMANY][200];
	size_t nc[NMANY], found;

	for (int i = 0; i < NMANY; i++) {
		char *text = many_body(i, &nc[i], c[i]);
		int64_t id = test_import_text(f->db, text);

		free(text);
		for (uint32_t g = next(15); g > 0; g--) {
			glossa_annotation_t note = {.kind = GLOSSA_KIND_NOTE,
						    .pos = -1};
			char phrase[64] = "";
			size_t at = next((uint32_t)nc[i]), len = 1 + next(12);

			for (size_t k = at; k < at + len && k < nc[i]; k++)
				strcat(phrase, c[i][k]);
			if (next(8)) {
				add_gloss(f->db, id, phrase);
				continue;
			}
			note.article_id = id;
			note.phrase = phrase;
			note.note = "a note";
			note.context_before = note.context_after = "";
			note.reading = note.translation = note.tags = "";
			assert_int_equal(glossa_annotation_add(f->db, &note),
					 GLOSSA_OK);
		}
	}
	found = check_all(f->db, NMANY);
	assert_true(found > 1000);
}

/* With the k-th allocation failing, for every k until the call meets no
 * failure: the trie built again each time (a change made just before),
 * the call fails with GLOSSA_NOMEM and nothing out, or gives the right
 * glosses, and the next call without a failure gives them. */
static void test_build_nomem(void **state)
{
	struct test_archive *f = *state;
	const char *c[NARTICLES][60];
	size_t nc[NARTICLES];
	char *want = NULL;
	int64_t a;
	long k;

	random_archive(f, c, nc);
	for (a = 1; a <= NARTICLES; a++) {
		want = expected(f->db, a);
		if (strchr(want, '\n') != strrchr(want, '\n'))
			break; /* two glosses found at least */
		free(want);
	}
	assert_true(a <= NARTICLES);
	free(actual(f->db, a)); /* the update hook in place */
	for (k = 1; k < 100000; k++) {
		glossa_annotation_t *notes = (glossa_annotation_t *)want;
		size_t n = 1;
		glossa_status_t st;
		char *got;
		int hit;

		assert_int_equal(
			sqlite3_exec(f->db->sql, "UPDATE annotation SET tags = tags",
				     NULL, NULL, NULL),
			SQLITE_OK);
		alloc_count = 0;
		fail_hit = 0;
		fail_at = k;
		st = glossa_glosses_elsewhere(f->db, a, &notes, &n);
		fail_at = 0;
		hit = fail_hit;
		if (st == GLOSSA_OK) {
			got = listing(notes, n, a);
			assert_string_equal(got, want);
			free(got);
			glossa_annotations_free(notes, n);
		} else {
			assert_int_equal(st, GLOSSA_NOMEM);
			assert_null(notes);
			assert_int_equal(n, 0);
		}
		if (!hit)
			break;
		got = actual(f->db, a);
		assert_string_equal(got, want);
		free(got);
	}
	print_message("elsewhere, malloc faults: k = 1..%ld\n", k);
	/* the trie's build allocates */
	assert_true(k > 20);
	free(want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, test_archive_teardown)
		T(test_same_handle),
		T(test_second_handle),
		T(test_rollback),
		T(test_own_newest),
		T(test_fields),
		T(test_words),
		T(test_many),
		T(test_build_nomem),
#undef T
	};

	return cmocka_run_group_tests_name("elsewhere", tests, NULL, NULL);
}
