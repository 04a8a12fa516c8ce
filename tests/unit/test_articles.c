/*
 * test_articles.c: the articles of an archive on real SQLite files:
 * importing and updating in place, the article count, pagination,
 * annotations, deletes, glosses elsewhere and the full-text indexes kept
 * in step.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "db.h"
#include "glossa/glossa.h"
#include "support.h"
#include "db-helpers.h"

/* The article count kept at each commit (schema 5) against count(*). */
static void assert_count_kept(struct test_archive *f, int64_t want)
{
	assert_int_equal(test_count_articles(f->db), want);
	assert_int_equal(test_sql_int(f->path, "SELECT count(*) FROM article"),
			 want);
}

/* Imports, a re-import in place, a refused import and deletes keep the
 * count; a count that went wrong is what glossa check reports. */
static void test_article_count_kept(void **state)
{
	struct test_archive *f = *state;
	glossa_import_result_t res;
	char *bad = test_path(f->dir, "bad.txt"), *report = NULL;
	sqlite3 *raw;
	int64_t a, b;

	assert_count_kept(f, 0);
	a = test_import_text(f->db, baogang);
	assert_count_kept(f, 1);
	b = test_import_text(f->db, "Title: Second\nDate: 2024-02-02\n\nmore");
	assert_count_kept(f, 2);
	assert_int_equal(test_import_text(f->db, baogang), a);
	assert_count_kept(f, 2);
	test_write_file(bad, "Title: binary\n\n\0\0\0\0", 19);
	assert_int_not_equal(glossa_import_file(f->db, bad, NULL, &res),
			     GLOSSA_OK);
	assert_count_kept(f, 2);
	assert_int_equal(glossa_article_delete(f->db, b), GLOSSA_OK);
	assert_count_kept(f, 1);
	/* in a batch: counted at once, written at the commit, or not */
	assert_int_equal(glossa_import_batch_begin(f->db), GLOSSA_OK);
	test_import_text(f->db, "Title: Third\nDate: 2024-03-03\n\nthird");
	assert_int_equal(test_count_articles(f->db), 2);
	glossa_import_batch_rollback(f->db);
	assert_count_kept(f, 1);
	assert_int_equal(glossa_import_batch_begin(f->db), GLOSSA_OK);
	test_import_text(f->db, "Title: Third\nDate: 2024-03-03\n\nthird");
	test_import_text(f->db, "Title: Fourth\nDate: 2024-04-04\n\nfourth");
	assert_int_equal(glossa_import_batch_commit(f->db), GLOSSA_OK);
	assert_count_kept(f, 3);

	assert_int_equal(glossa_db_check(f->db, &report), GLOSSA_OK);
	assert_non_null(strstr(report, "article_count: ok"));
	free(report);
	report = NULL;
	assert_int_equal(sqlite3_open(f->path, &raw), SQLITE_OK);
	assert_int_equal(sqlite3_exec(raw, "UPDATE article_count SET n = 7",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(raw);
	assert_int_equal(glossa_db_check(f->db, &report), GLOSSA_CORRUPT);
	assert_non_null(report);
	assert_non_null(strstr(report, "article_count: damaged\n"
				       "  3 articles, but the count kept says 7"));
	free(report);
	free(bad);
}

static void test_reimport_updates_in_place(void **state)
{
	struct test_archive *f = *state;
	glossa_annotation_t mine = {.kind = GLOSSA_KIND_NOTE, .pos = -1};
	glossa_article_t *a;
	int64_t id;

	id = test_import_text(f->db, baogang);
	mine.article_id = id;
	mine.note = "ask the desk about this";
	mine.phrase = mine.context_before = mine.context_after = "";
	mine.reading = mine.translation = mine.tags = "";
	assert_int_equal(glossa_annotation_add(f->db, &mine), GLOSSA_OK);

	/* Same URL, new title, text and glosses. */
	char *changed = strdup(baogang);
	char *p = strstr(changed, "Gloss: 抓早 | early action");
	memcpy(p, "Gloss: 抓早 | act early! ", strlen("Gloss: 抓早 | act early! "));
	assert_int_equal(test_import_text(f->db, changed), id);
	free(changed);

	assert_int_equal(test_count_articles(f->db), 1);
	assert_int_equal(glossa_article_get(f->db, id, &a), GLOSSA_OK);
	assert_int_equal(a->n_notes, 3);
	int found_mine = 0, found_new = 0, found_old = 0;
	for (size_t i = 0; i < a->n_notes; i++) {
		found_mine += strcmp(a->notes[i].note, mine.note) == 0;
		found_new += strstr(a->notes[i].translation, "act early") != 0;
		found_old += strcmp(a->notes[i].translation, "early action") == 0;
	}
	assert_int_equal(found_mine, 1);
	assert_int_equal(found_new, 1);
	assert_int_equal(found_old, 0);
	assert_int_equal(a->n_extra, 1);
	assert_string_equal(a->extra[0].name, "X-Desk");
	assert_string_equal(a->extra[0].value, "metals");
	glossa_article_free(a);
	assert_string_equal(search_ids(f->db, "\"act early\""), "1");
	assert_string_equal(search_ids(f->db, "\"early action\""), "");
	assert_fts_ok(f->db);
}

/* Without a URL or a file, an article is the one with the same Title,
 * Date and Source, all three given; title and date alone identify
 * nothing. */
static void test_reimport_by_title_date_and_source(void **state)
{
	struct test_archive *f = *state;
	static const char v1[] = "Title: No URL\nDate: 2024-01-01\n"
				 "Source: Desk\n\nfirst\n";
	static const char v2[] = "Title: No URL\nDate: 2024-01-01\n"
				 "Source: Desk\n\nsecond\n";
	static const char other[] = "Title: No URL\nDate: 2024-01-02\n"
				    "Source: Desk\n\nthird\n";
	static const char no_source[] = "Title: No URL\nDate: 2024-01-01\n"
					"\nfourth\n";

	int64_t id = test_import_text(f->db, v1);
	assert_int_equal(test_import_text(f->db, v2), id);
	assert_int_not_equal(test_import_text(f->db, other), id);
	assert_int_not_equal(test_import_text(f->db, no_source), id);
	assert_int_equal(test_count_articles(f->db), 3);
	assert_string_equal(search_ids(f->db, "first"), "");
	assert_string_equal(search_ids(f->db, "second"), "1");
	assert_string_equal(search_ids(f->db, "fourth"), "3");
}

static void test_failed_import_leaves_nothing(void **state)
{
	struct test_archive *f = *state;
	static const char bad[] = "Title: Bad\nGloss: | no phrase\n\nbody\n";
	static const char binary[] = "Title: x\n\nab\0cd";
	glossa_import_result_t res;

	test_import_text(f->db, baogang);
	assert_int_equal(glossa_import_buffer(f->db, bad, strlen(bad), "bad",
					      NULL, &res),
			 GLOSSA_BAD_INPUT);
	assert_int_equal(glossa_import_buffer(f->db, binary,
					      sizeof(binary) - 1, "bin", NULL,
					      &res),
			 GLOSSA_BAD_INPUT);
	assert_non_null(strstr(glossa_db_errmsg(f->db), "not a text file"));
	assert_int_equal(test_count_articles(f->db), 1);
	assert_int_equal(test_sql_int(f->path,
				      "SELECT count(*) FROM annotation"),
			 2);
}

static void test_import_file_refuses_directory(void **state)
{
	struct test_archive *f = *state;
	glossa_import_result_t res;

	assert_int_equal(glossa_import_file(f->db, f->dir, NULL, &res),
			 GLOSSA_BAD_INPUT);
	assert_string_equal(glossa_db_errmsg(f->db), "is a directory");
}

/* 25 articles over 5 dates, listed in pages of 10 both ways. */
static void test_pagination(void **state)
{
	struct test_archive *f = *state;
	int64_t seen[25];
	glossa_page_t page;
	glossa_key_t key;
	char text[128], *date = NULL;
	size_t n = 0;

	for (int i = 0; i < 25; i++) {
		snprintf(text, sizeof(text),
			 "Title: Article %d\nDate: 2025-01-%02d\n\nbody %d\n",
			 i, 1 + i % 5, i);
		test_import_text(f->db, text);
	}
	for (;;) {
		assert_int_equal(glossa_list(f->db, n ? &key : NULL, 0, 10,
					     &page),
				 GLOSSA_OK);
		if (page.n == 0)
			break;
		assert_true(page.n <= 10);
		for (size_t i = 0; i < page.n; i++) {
			assert_true(n < 25);
			seen[n++] = page.rows[i].id;
		}
		free(date);
		date = strdup(page.rows[page.n - 1].date);
		key.date = date;
		key.id = page.rows[page.n - 1].id;
		glossa_page_clear(&page);
	}
	free(date);
	assert_int_equal(n, 25);
	/* Newest date first, then the higher id first; no repeats. */
	for (size_t i = 1; i < n; i++) {
		glossa_article_t *a, *b;
		assert_int_equal(glossa_article_get(f->db, seen[i - 1], &a), 0);
		assert_int_equal(glossa_article_get(f->db, seen[i], &b), 0);
		int cmp = strcmp(a->date, b->date);
		assert_true(cmp > 0 || (cmp == 0 && a->id > b->id));
		glossa_article_free(a);
		glossa_article_free(b);
	}
	/* The last page, read backward from the end, in list order. */
	assert_int_equal(glossa_list(f->db, NULL, 1, 10, &page), GLOSSA_OK);
	assert_int_equal(page.n, 10);
	for (size_t i = 0; i < 10; i++)
		assert_int_equal(page.rows[i].id, seen[15 + i]);
	/* Backward from row 15 gives rows 5-14. */
	key.date = page.rows[0].date;
	key.id = page.rows[0].id;
	glossa_page_t before;
	assert_int_equal(glossa_list(f->db, &key, 1, 10, &before), GLOSSA_OK);
	assert_int_equal(before.n, 10);
	for (size_t i = 0; i < 10; i++)
		assert_int_equal(before.rows[i].id, seen[5 + i]);
	glossa_page_clear(&before);
	glossa_page_clear(&page);
	for (int64_t i = 0; i < 25; i += 6) {
		int64_t pos = -1;
		assert_int_equal(glossa_list_position(f->db, seen[i], &pos),
				 GLOSSA_OK);
		assert_int_equal(pos, i);
	}
	/* an id that does not exist has no position (it was given 0) */
	int64_t pos = -1;
	assert_int_equal(glossa_list_position(f->db, 9999, &pos),
			 GLOSSA_NOT_FOUND);
	assert_int_equal(pos, -1);
}

static void test_annotations_add_update_delete(void **state)
{
	struct test_archive *f = *state;
	glossa_annotation_t g = {.kind = GLOSSA_KIND_GLOSS, .pos = -1};
	glossa_annotation_t got;
	int64_t id = test_import_text(f->db, baogang);

	g.article_id = id;
	g.phrase = "决战";
	g.translation = "decisive battle";
	g.note = g.reading = g.tags = "";
	g.context_before = g.context_after = "";
	/* Not in the body: refused, nothing written; kept when asked
	 * (detached), with pos -1. */
	assert_int_equal(glossa_annotation_add(f->db, &g), GLOSSA_NOT_FOUND);
	assert_non_null(strstr(glossa_db_errmsg(f->db), "not in the article"));
	assert_string_equal(search_ids(f->db, "in:notes 决战"), "");
	g.detached = 1;
	assert_int_equal(glossa_annotation_add(f->db, &g), GLOSSA_OK);
	assert_int_equal(g.pos, -1);
	assert_int_equal(g.detached, 1);
	assert_string_equal(search_ids(f->db, "in:notes 决战"), "1");

	glossa_annotation_t h = g;
	h.id = 0;
	h.phrase = "战鼓";
	h.translation = "war drums";
	h.context_before = h.context_after = "";
	assert_int_equal(glossa_annotation_add(f->db, &h), GLOSSA_OK);
	/* "The slogan 擂响" is 13 code points before 战鼓. */
	assert_int_equal(h.pos, 13);
	assert_int_equal(glossa_annotation_get(f->db, h.id, &got), GLOSSA_OK);
	assert_int_equal(got.pos, 13);
	assert_string_equal(got.context_before, "The slogan 擂响");
	assert_string_equal(got.context_after, "再出发 and 抓早 mark a decisive battle.");
	glossa_annotation_clear(&got);
	/* a second gloss of 战鼓: refused, pointing at the first */
	glossa_annotation_t twin = h;
	twin.id = 0;
	twin.pos = -1;
	twin.translation = "drums of war";
	assert_int_equal(glossa_annotation_add(f->db, &twin), GLOSSA_EXISTS);
	assert_int_equal(twin.id, h.id);
	/* a note on the same phrase is not a gloss: fine */
	twin.kind = GLOSSA_KIND_NOTE;
	twin.id = 0;
	twin.pos = -1;
	twin.note = "again";
	assert_int_equal(glossa_annotation_add(f->db, &twin), GLOSSA_OK);

	assert_int_equal(glossa_annotation_get(f->db, g.id, &got), GLOSSA_OK);
	free(got.translation);
	got.translation = strdup("final showdown");
	assert_int_equal(glossa_annotation_update(f->db, &got), GLOSSA_OK);
	glossa_annotation_clear(&got);
	assert_string_equal(search_ids(f->db, "showdown"), "1");
	assert_string_equal(search_ids(f->db, "in:notes \"decisive battle\""),
			    "");
	/* the note's new word is listed at its commit: its long prefix is
	 * written as the OR of the listed words, and finds it */
	assert_int_equal(test_words_missing(f->path), 0);
	assert_string_equal(search_ids(f->db, "showd*"), "1");
	assert_string_equal(search_ids(f->db, "in:notes showd*"), "1");
	assert_fts_ok(f->db);

	assert_int_equal(glossa_annotation_delete(f->db, g.id), GLOSSA_OK);
	assert_int_equal(glossa_annotation_get(f->db, g.id, &got),
			 GLOSSA_NOT_FOUND);
	assert_string_equal(search_ids(f->db, "showdown"), "");
	assert_int_equal(glossa_annotation_delete(f->db, g.id),
			 GLOSSA_NOT_FOUND);

	g.translation = "";
	assert_int_equal(glossa_annotation_add(f->db, &g), GLOSSA_BAD_INPUT);
	assert_fts_ok(f->db);
}

static void test_article_delete_and_read(void **state)
{
	struct test_archive *f = *state;
	glossa_article_t *a;
	int64_t id = test_import_text(f->db, baogang);

	assert_int_equal(glossa_article_set_read(f->db, id, 1), GLOSSA_OK);
	assert_int_equal(glossa_article_get(f->db, id, &a), GLOSSA_OK);
	assert_int_equal(a->read, 1);
	glossa_article_free(a);
	assert_int_equal(glossa_article_delete(f->db, id), GLOSSA_OK);
	assert_int_equal(test_count_articles(f->db), 0);
	assert_int_equal(test_sql_int(f->path,
				      "SELECT count(*) FROM annotation"),
			 0);
	assert_string_equal(search_ids(f->db, "战鼓"), "");
	assert_fts_ok(f->db);
	assert_int_equal(glossa_article_get(f->db, id, &a), GLOSSA_NOT_FOUND);
}

/*
 * Past rank_max matches, only the newest rank_max are ranked; the older
 * follow, newest first. Every match comes exactly once, whatever the
 * pages, and the count is of all of them.
 */
/* Articles 1-8 with "common": article 1 is the best match by far, but
 * the oldest; then 7 (twice), then the others alike. */
static void import_common(glossa_db_t *db)
{
	char text[160];

	test_import_text(db, "Title: common common\nDate: 2020-01-01\n\n"
			     "common common common common\n");
	for (int i = 2; i <= 8; i++) {
		snprintf(text, sizeof(text),
			 "Title: Article %d\nDate: 2020-01-0%d\n\n"
			 "%s common word and %d more words of filler here\n",
			 i, i, i == 7 ? "common common" : "a", i);
		test_import_text(db, text);
	}
}

/*
 * glossa_search_all() keeps its ranking while the archive is unchanged:
 * its pages are a fresh ranking's, equal ranks in date order even when a
 * page starts inside them, and a change (this handle's or another's)
 * ranks again. A query of more matches than a kept ranking holds gives
 * the same pages, ranked for each.
 */
static void test_search_all_keeps_its_ranking(void **state)
{
	static const char *const day[] = {"03", "05", "01", "06", "02", "04"};
	struct test_archive *f = *state;
	glossa_db_t *other;
	char text[160];
	int64_t total = 0;

	/* ids 1 .. 6, one rank: by date, 4 2 6 1 5 3 */
	for (int i = 0; i < 6; i++) {
		snprintf(text, sizeof(text),
			 "Title: Tie\nDate: 2020-01-%s\n\ntie words here\n",
			 day[i]);
		test_import_text(f->db, text);
	}
	for (size_t keep = 5; keep <= 6; keep++) {
		f->db->keep_max = keep;
		assert_string_equal(search_page_ids(glossa_search_all, f->db,
						    "tie", 3, 2, &total),
				    "1 5");
		assert_int_equal(total, 6);
		assert_string_equal(search_page_ids(glossa_search_all, f->db,
						    "tie", 0, 2, NULL),
				    "4 2");
		assert_string_equal(search_page_ids(glossa_search_all, f->db,
						    "tie", 2, 0, NULL),
				    "6 1 5 3");
		assert_string_equal(search_page_ids(glossa_search_all, f->db,
						    "tie", 0, 0, NULL),
				    page_ids(f->db, "tie", 0, 0, NULL));
		/* another query is ranked for itself */
		assert_string_equal(search_page_ids(glossa_search_all, f->db,
						    "tie before:2020-01-03", 0,
						    0, &total),
				    "1 5 3");
		assert_int_equal(total, 3);
		/* past the end: still counted */
		total = 0;
		assert_string_equal(search_page_ids(glossa_search_all, f->db,
						    "tie", 9, 2, &total),
				    "");
		assert_int_equal(total, 6);
	}
	f->db->keep_max = 0;
	/* an article imported by this handle */
	test_import_text(f->db, "Title: Tie tie\nDate: 2019-01-01\n\ntie\n");
	assert_string_equal(search_page_ids(glossa_search_all, f->db, "tie", 0,
					    2, &total),
			    "7 4");
	assert_int_equal(total, 7);
	/* and by another */
	assert_int_equal(glossa_db_open(f->path, 0, &other, NULL), GLOSSA_OK);
	test_import_text(other, "Title: Tie tie tie\nDate: 2019-01-02\n\n"
				"tie tie\n");
	glossa_db_close(other);
	assert_string_equal(search_page_ids(glossa_search_all, f->db, "tie", 0,
					    2, &total),
			    "8 7");
	assert_int_equal(total, 8);
}

/* Stop at the n-th look at the interrupt callback (*arg: n, counted
 * down). */
static int stop_at(void *arg)
{
	int *n = arg;

	return --*n == 0;
}

/* A stop anywhere in a page of a kept ranking (checking it, putting its
 * equal ranks in date order, reading the rows) leaves it to give the
 * order of a fresh ranking next time: stopped at each look at the
 * interrupt callback in turn. */
static void test_search_all_stopped_while_dating(void **state)
{
	struct test_archive *f = *state;
	glossa_page_t page;
	glossa_status_t st = GLOSSA_INTERRUPTED;
	char text[160], *fresh;
	int stops = 0;

	/* article 1 first; then 150 of one rank, their dates not in the
	 * order of their ids (dating them is more than the 1000 steps
	 * between two looks at the interrupt callback) */
	test_import_text(f->db, "Title: Same same\n\nsame same\n");
	for (int i = 0; i < 150; i++) {
		snprintf(text, sizeof(text),
			 "Title: Same\nDate: %d-01-01\n\nsame words\n",
			 1900 + i * 61 % 150);
		test_import_text(f->db, text);
	}
	fresh = strdup(page_ids(f->db, "same", 0, 0, NULL));
	for (int at = 1; st == GLOSSA_INTERRUPTED; at++) {
		int n = at;
		/* a new handle: the ranking kept, its equal ranks not dated */
		glossa_db_close(f->db);
		assert_int_equal(glossa_db_open(f->path, 0, &f->db, NULL),
				 GLOSSA_OK);
		assert_string_equal(search_page_ids(glossa_search_all, f->db,
						    "same", 0, 1, NULL),
				    "1");
		glossa_db_set_interrupt(f->db, stop_at, &n);
		st = glossa_search_all(f->db, "same", 1, 5, &page, NULL);
		glossa_db_set_interrupt(f->db, NULL, NULL);
		glossa_page_clear(&page);
		assert_true(st == GLOSSA_OK || st == GLOSSA_INTERRUPTED);
		stops += st == GLOSSA_INTERRUPTED;
		assert_string_equal(search_page_ids(glossa_search_all, f->db,
						    "same", 0, 0, NULL),
				    fresh);
	}
	/* the dates alone are 150 lookups: more than one look */
	assert_true(stops >= 2);
	free(fresh);
}

static void test_search_ranks_the_newest(void **state)
{
	struct test_archive *f = *state;
	char *all;
	int64_t total = 0;

	import_common(f->db);
	f->db->rank_max = 3;
	all = strdup(page_ids(f->db, "common", 0, 0, &total));
	assert_int_equal(total, 8);
	/* Ranked among 8, 7, 6: 7 (twice) first; then 5 4 3 2 1. */
	assert_string_equal(all, "7 8 6 5 4 3 2 1");
	assert_string_equal(page_ids(f->db, "common", 0, 2, NULL), "7 8");
	assert_string_equal(page_ids(f->db, "common", 2, 3, NULL), "6 5 4");
	assert_string_equal(page_ids(f->db, "common", 3, 2, NULL), "5 4");
	assert_string_equal(page_ids(f->db, "common", 6, 5, NULL), "2 1");
	assert_string_equal(page_ids(f->db, "common", 8, 5, NULL), "");
	/* With filters, the floor is of the filtered matches. */
	assert_string_equal(page_ids(f->db, "common -filler", 0, 0, &total),
			    "1");
	assert_int_equal(total, 1);
	assert_string_equal(page_ids(f->db, "common before:2020-01-04", 0, 0,
				     &total),
			    "4 3 2 1");
	/* Fewer matches than rank_max: counted by the ranking itself. */
	total = 0;
	assert_string_equal(page_ids(f->db, "common before:2020-01-02", 0, 1,
				     &total),
			    "1");
	assert_int_equal(total, 2);
	f->db->rank_max = 0;
	/* All ranked: the oldest, best match comes first. */
	assert_string_equal(page_ids(f->db, "common", 0, 1, NULL), "1");
	free(all);
}

/* glossa_search_all() ranks every match, whatever rank_max: the same
 * order as glossa_search() with no cut, page by page, and the count of
 * all of them (from the ranking, or counted when the page is past the
 * last match). */
static void test_search_all_ranks_every_match(void **state)
{
	struct test_archive *f = *state;
	char *whole;
	int64_t total = 0;

	import_common(f->db);
	/* the reference: glossa_search() with every match within its cut */
	whole = strdup(page_ids(f->db, "common", 0, 0, NULL));
	assert_string_equal(whole, "1 7 8 6 5 4 3 2");
	f->db->rank_max = 3;
	assert_string_equal(search_page_ids(glossa_search_all, f->db, "common",
					    0, 0, &total),
			    whole);
	assert_int_equal(total, 8);
	assert_string_equal(search_page_ids(glossa_search_all, f->db, "common",
					    0, 2, NULL),
			    "1 7");
	assert_string_equal(search_page_ids(glossa_search_all, f->db, "common",
					    2, 3, NULL),
			    "8 6 5");
	assert_string_equal(search_page_ids(glossa_search_all, f->db, "common",
					    7, 5, &total),
			    "2");
	assert_int_equal(total, 8);
	total = 0;
	assert_string_equal(search_page_ids(glossa_search_all, f->db, "common",
					    8, 5, &total),
			    "");
	assert_int_equal(total, 8);
	assert_string_equal(search_page_ids(glossa_search_all, f->db,
					    "common before:2020-01-04", 0, 0,
					    &total),
			    "1 4 3 2");
	assert_int_equal(total, 4);
	assert_string_equal(search_page_ids(glossa_search_all, f->db,
					    "nothing", 0, 0, &total),
			    "");
	assert_int_equal(total, 0);
	/* glossa_search_first(): glossa_search()'s rows; counted only when
	 * the ranking saw every match */
	total = 0;
	assert_string_equal(search_page_ids(glossa_search_first, f->db,
					    "common", 0, 4, &total),
			    page_ids(f->db, "common", 0, 4, NULL));
	assert_int_equal(total, -1);
	assert_string_equal(search_page_ids(glossa_search_first, f->db,
					    "common before:2020-01-02", 0, 4,
					    &total),
			    "1 2");
	assert_int_equal(total, 2);
	assert_string_equal(search_page_ids(glossa_search_first, f->db,
					    "nothing", 0, 4, &total),
			    "");
	assert_int_equal(total, 0);
	/* filters alone count along the list's index, always */
	search_page_ids(glossa_search_first, f->db, "after:2020-01-01", 0, 2,
			&total);
	assert_int_equal(total, 8);
	f->db->rank_max = 0;
	free(whole);
}

/* Import file into the archive at path in a child process; its peak
 * RSS in KB. */
static long import_peak_kb(const char *path, const char *file)
{
	struct rusage ru;
	int status;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		glossa_db_t *db;
		glossa_import_result_t res;
		char *msg = NULL;

		if (glossa_db_open(path, 0, &db, &msg) != GLOSSA_OK)
			_exit(2);
		if (glossa_import_file(db, file, NULL, &res) != GLOSSA_OK)
			_exit(3);
		glossa_import_result_clear(&res);
		glossa_db_close(db);
		_exit(0);
	}
	assert_int_equal(wait4(pid, &status, 0, &ru), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	return ru.ru_maxrss;
}

/*
 * Importing one 20 MB article holds a few copies of it at most: its
 * text, the row read back to index it, and FTS5's terms of the one
 * document. It peaked at 6.0 times the file's size (the file's bytes
 * kept to the end, the row copied twice more to index it), now 3.2; the
 * bound is 5. Not under AddressSanitizer, whose memory is its own.
 */
static void test_import_memory(void **state)
{
	struct test_archive *f = *state;
	char *file, *text;
	static char vocab[4096][16];
	size_t size = 20u << 20, n;
	uint32_t x = 1;
	long kb;

#if defined(__SANITIZE_ADDRESS__)
	skip();
#endif
	file = test_path(f->dir, "big.txt");
	text = malloc(size + 256);
	assert_non_null(text);
	/* 4096 words, one in eight of two to four CJK characters, the
	 * others of 2-9 letters; the frequent ones most often */
	for (int w = 0; w < 4096; w++) {
		char *p = vocab[w];
		x = x * 1103515245 + 12345;
		if (w % 8 == 0) {
			for (int i = 0; i < 2 + (int)(x >> 16) % 3; i++) {
				uint32_t cp = 0x4E00 + (x >> (4 + i)) % 3000;
				*p++ = (char)(0xE0 | cp >> 12);
				*p++ = (char)(0x80 | (cp >> 6 & 0x3F));
				*p++ = (char)(0x80 | (cp & 0x3F));
			}
		} else {
			for (int i = 0; i < 2 + (int)(x >> 16) % 8; i++) {
				x = x * 1103515245 + 12345;
				*p++ = (char)('a' + (x >> 16) % 26);
			}
		}
		*p = '\0';
	}
	n = (size_t)sprintf(text, "Title: Big\n\n");
	while (n < size) {
		size_t line = n;
		while (n - line < 70) {
			uint32_t r1 = (x = x * 1103515245 + 12345) >> 8;
			uint32_t r2 = (x = x * 1103515245 + 12345) >> 8;
			const char *w = vocab[r1 % (1 + r2 % 4096)];
			n += (size_t)sprintf(text + n, "%s ", w);
		}
		text[n++] = '\n';
	}
	test_write_file(file, text, n);
	free(text);
	kb = import_peak_kb(f->path, file);
	print_message("importing %zu bytes: peak RSS %ld KB\n", n, kb);
	assert_true(kb < 5 * (long)(n >> 10));
	assert_int_equal(test_sql_int(f->path, "SELECT count(*) FROM article"),
			 1);
	free(file);
}

/* A phrase glossed in one article is reported for another whose body
 * holds it, once, and not for the article itself. */
static void test_glosses_elsewhere(void **state)
{
	struct test_archive *f = *state;
	static const char other[] =
		"Title: Another\nGloss: 战鼓 | war drums\n\n"
		"战鼓 again, and 抓早 too, but no slogan.\n";
	glossa_annotation_t *notes, full;
	size_t n;

	int64_t a = test_import_text(f->db, baogang);
	int64_t b = test_import_text(f->db, other);
	assert_int_equal(glossa_glosses_elsewhere(f->db, b, &notes, &n),
			 GLOSSA_OK);
	assert_int_equal(n, 1);
	assert_string_equal(notes[0].phrase, "抓早");
	assert_int_equal(notes[0].article_id, a);
	/* only the phrase and the ids come back; the rest is read on demand */
	assert_string_equal(notes[0].translation, "");
	assert_int_equal(glossa_annotation_get(f->db, notes[0].id, &full),
			 GLOSSA_OK);
	assert_string_equal(full.phrase, "抓早");
	assert_string_equal(full.translation, "early action");
	glossa_annotation_clear(&full);
	glossa_annotations_free(notes, n);
	assert_int_equal(glossa_glosses_elsewhere(f->db, a, &notes, &n),
			 GLOSSA_OK);
	assert_int_equal(n, 1);
	assert_string_equal(notes[0].phrase, "战鼓");
	glossa_annotations_free(notes, n);
}

/* The phrases glossa_glosses_elsewhere() gives for article id; and
 * glossa_glosses_in() over the article's body gives the same. */
static char *elsewhere(glossa_db_t *db, int64_t id)
{
	static char buf[256], in[256];
	glossa_annotation_t *notes;
	glossa_article_t *a;
	size_t n, len = 0;

	assert_int_equal(glossa_glosses_elsewhere(db, id, &notes, &n),
			 GLOSSA_OK);
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s",
					i ? " " : "", notes[i].phrase);
	glossa_annotations_free(notes, n);
	assert_int_equal(glossa_article_get(db, id, &a), GLOSSA_OK);
	assert_int_equal(glossa_glosses_in(db, id, a->body, &notes, &n),
			 GLOSSA_OK);
	glossa_article_free(a);
	in[0] = '\0';
	len = 0;
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(in + len, sizeof(in) - len, "%s%s",
					i ? " " : "", notes[i].phrase);
	glossa_annotations_free(notes, n);
	assert_string_equal(in, buf);
	return buf;
}

/* Prepare steps until the trie is done; how many it took. */
static int prepare_all(glossa_db_t *db)
{
	int done = 0, steps = 0;

	while (!done) {
		assert_int_equal(glossa_glosses_prepare(db, &done), GLOSSA_OK);
		assert_true(++steps < 1000);
	}
	return steps;
}

/*
 * The phrase trie built a few rows at a time by glossa_glosses_prepare()
 * is the one built at once; a write through the handle in the middle of
 * a build stops it, and succeeds even when another connection committed
 * since the build began (its read transaction could not have become a
 * write one); the build then starts over and sees the new gloss.
 */
static void test_glosses_prepare(void **state)
{
	struct test_archive *f = *state;
	static const char other[] =
		"Title: Another\nGloss: 战鼓 | war drums\n"
		"Gloss: 决战 | decisive battle\nGloss: 时刻 | moment\n\n"
		"战鼓 again, 抓早 too, 再出发, but no slogan.\n";
	glossa_annotation_t g = {.kind = GLOSSA_KIND_GLOSS, .pos = -1};
	glossa_db_t *second;
	char *msg = NULL, want[256];
	int done = 0;

	int64_t a = test_import_text(f->db, baogang);
	int64_t b = test_import_text(f->db, other);
	snprintf(want, sizeof(want), "%s", elsewhere(f->db, b));
	assert_string_equal(want, "抓早");

	/* again, one row a step, on a new handle */
	assert_int_equal(glossa_db_open(f->path, 0, &second, &msg), GLOSSA_OK);
	second->trie_step_rows = 1;
	assert_true(prepare_all(second) >= 5);
	assert_int_equal(glossa_glosses_prepare(second, &done), GLOSSA_OK);
	assert_true(done); /* up to date: nothing more to do */
	assert_string_equal(elsewhere(second, b), want);
	assert_string_equal(elsewhere(second, a), "战鼓");

	/* a build under way, another connection commits, this one writes */
	glossa_db_close(second);
	assert_int_equal(glossa_db_open(f->path, 0, &second, &msg), GLOSSA_OK);
	second->trie_step_rows = 1;
	assert_int_equal(glossa_glosses_prepare(second, &done), GLOSSA_OK);
	assert_false(done);
	assert_int_equal(glossa_article_set_read(f->db, a, 1), GLOSSA_OK);
	assert_int_equal(glossa_article_set_read(second, b, 1), GLOSSA_OK);
	assert_int_equal(glossa_glosses_prepare(second, &done), GLOSSA_OK);
	assert_false(done); /* started over */
	g.article_id = a;
	g.phrase = "再出发";
	g.translation = "set out again";
	g.note = g.reading = g.tags = "";
	g.context_before = g.context_after = "";
	assert_int_equal(glossa_annotation_add(second, &g), GLOSSA_OK);
	prepare_all(second);
	assert_string_equal(elsewhere(second, b), "再出发 抓早");
	glossa_db_close(second);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, test_archive_setup, test_archive_teardown)
		T(test_article_count_kept),
		T(test_import_memory),
		T(test_reimport_updates_in_place),
		T(test_reimport_by_title_date_and_source),
		T(test_failed_import_leaves_nothing),
		T(test_import_file_refuses_directory),
		T(test_pagination),
		T(test_annotations_add_update_delete),
		T(test_article_delete_and_read),
		T(test_glosses_elsewhere),
		T(test_glosses_prepare),
		T(test_search_ranks_the_newest),
		T(test_search_all_ranks_every_match),
		T(test_search_all_keeps_its_ranking),
		T(test_search_all_stopped_while_dating),
#undef T
	};

	return cmocka_run_group_tests_name("articles", tests, NULL, NULL);
}
