/*
 * test_readings.c: readings from the dictionary (storage/readings.c and
 * the reading_derived mark of schema 12) on a real archive and a small
 * dictionary built in a fresh temporary directory: the whole word's
 * reading stored as derived, a typed reading winning, a derived reading
 * that never makes a file's gloss the user's (an edit, importing the
 * file again, the article file format), and the migration of an older
 * archive.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "glossa/glossa.h"
#include "support.h"

/* 重 has two readings: only the whole word tells which. */
static const char cedict[] =
	"# a few entries\n"
	"重 重 [zhong4] /heavy/\n"
	"重 重 [chong2] /to repeat/\n"
	"重要 重要 [zhong4 yao4] /important/\n"
	"重新 重新 [chong2 xin1] /again; anew/\n"
	"稀土 稀土 [xi1 tu3] /rare earth/\n"
	"開始 开始 [kai1 shi3] /to begin/\n";

/* Four glosses from the file: two without a reading, one typed, one
 * English. */
static const char article[] =
	"Title: readings\n"
	"URL: https://example.org/readings\n"
	"Gloss: 重要 | important\n"
	"Gloss: 重新 | anew\n"
	"Gloss: 稀土 | rare earth\n"
	"Reading: xī tǔ (typed)\n"
	"Gloss: Red | red\n"
	"\n"
	"这很重要。我们重新开始。Red 稀土。\n";

struct fixture {
	struct test_archive *a;
	glossa_dict_t *dict;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char *path, *msg = NULL;
	void *as = NULL;

	assert_non_null(f);
	test_archive_setup(&as);
	f->a = as;
	path = test_path(f->a->dir, "cedict.db");
	assert_int_equal(glossa_dict_build(path, cedict, strlen(cedict), NULL,
	                                   NULL, &msg),
	                 GLOSSA_OK);
	assert_int_equal(glossa_dict_open(path, &f->dict, &msg), GLOSSA_OK);
	free(path);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	void *as = f->a;

	glossa_dict_close(f->dict);
	test_archive_teardown(&as);
	free(f);
	return 0;
}

static int64_t import(glossa_db_t *db, const char *text, const char *origin)
{
	glossa_import_result_t res;
	int64_t id;

	assert_int_equal(glossa_import_buffer(db, text, strlen(text), origin,
	                                      NULL, &res),
	                 GLOSSA_OK);
	id = res.article_id;
	glossa_import_result_clear(&res);
	return id;
}

/* An integer of the archive's file (plain SQLite, read-only). */
static int64_t q(struct fixture *f, const char *sql)
{
	return test_sql_int(f->a->path, sql);
}

/* The gloss of phrase: its reading (allocated), derived mark, from_file. */
static char *gloss(struct fixture *f, const char *phrase, int *derived,
                   int *from_file)
{
	glossa_annotation_t *n;
	size_t k;
	char *r = NULL, sql[160];

	assert_int_equal(glossa_annotations_list(f->a->db, 0, &n, &k),
	                 GLOSSA_OK);
	for (size_t i = 0; i < k; i++)
		if (strcmp(n[i].phrase, phrase) == 0) {
			r = strdup(n[i].reading);
			*derived = n[i].reading_derived;
			snprintf(sql, sizeof(sql),
			         "SELECT from_file FROM annotation WHERE id = "
			         "%lld",
			         (long long)n[i].id);
			break;
		}
	glossa_annotations_free(n, k);
	assert_non_null(r);
	*from_file = (int)q(f, sql);
	return r;
}

static void assert_reading(struct fixture *f, const char *phrase,
                           const char *want, int want_derived)
{
	int derived, from_file;
	char *r = gloss(f, phrase, &derived, &from_file);

	if (strcmp(r, want) != 0 || derived != want_derived)
		fail_msg("%s: '%s' (derived %d), not '%s' (derived %d)",
		         phrase, r, derived, want, want_derived);
	free(r);
}

static int64_t matches(glossa_db_t *db, const char *query)
{
	glossa_page_t page = {0};
	int64_t total = -1;

	assert_int_equal(glossa_search(db, query, 0, 0, &page, &total),
	                 GLOSSA_OK);
	glossa_page_clear(&page);
	return total;
}

/* The gloss reading: the whole word's (polyphones right), "" for a
 * phrase without a Han character or with kana. */
static void test_gloss_reading(void **state)
{
	struct fixture *f = *state;
	char *r;

	assert_int_equal(glossa_gloss_reading(f->dict, "重要", &r), GLOSSA_OK);
	assert_string_equal(r, "zhòng yào");
	free(r);
	assert_int_equal(glossa_gloss_reading(f->dict, "重新", &r), GLOSSA_OK);
	assert_string_equal(r, "chóng xīn");
	free(r);
	assert_int_equal(glossa_gloss_reading(f->dict, "Red", &r), GLOSSA_OK);
	assert_string_equal(r, "");
	free(r);
	/* Japanese: kana, even beside a Han character */
	assert_int_equal(glossa_gloss_reading(f->dict, "レアアース稀土", &r),
	                 GLOSSA_OK);
	assert_string_equal(r, "");
	free(r);
}

/* readings --fill: the glosses without a reading get the dictionary's,
 * marked derived, indexed; the typed one and the English one stay; the
 * file's glosses stay the file's (from_file, file_sig); once is enough. */
static void test_fill(void **state)
{
	struct fixture *f = *state;
	int64_t filled = -1, sigs;
	char *report = NULL;

	import(f->a->db, article, "a.txt");
	sigs = q(f, "SELECT count(DISTINCT file_sig) FROM annotation"
	            " WHERE from_file = 1");
	assert_int_equal(sigs, 4);
	assert_int_equal(matches(f->a->db, "chóng"), 0);
	assert_int_equal(glossa_readings_fill(f->a->db, f->dict, &filled),
	                 GLOSSA_OK);
	assert_int_equal(filled, 2);
	assert_reading(f, "重要", "zhòng yào", 1);
	assert_reading(f, "重新", "chóng xīn", 1);
	assert_reading(f, "稀土", "xī tǔ (typed)", 0);
	assert_reading(f, "Red", "", 0);
	/* still the file's, as the file gave them */
	assert_int_equal(q(f, "SELECT count(*) FROM annotation"
	                      " WHERE from_file = 1"),
	                 4);
	assert_int_equal(q(f, "SELECT count(*) FROM annotation WHERE file_sig"
	                      " = 'gloss 2:重要0:9:important0:0:'"),
	                 1);
	/* searched like a typed one, the indexes in step */
	assert_int_equal(matches(f->a->db, "chóng"), 1);
	assert_int_equal(glossa_db_check(f->a->db, &report), GLOSSA_OK);
	free(report);
	/* nothing left to fill */
	assert_int_equal(glossa_readings_fill(f->a->db, f->dict, &filled),
	                 GLOSSA_OK);
	assert_int_equal(filled, 0);
}

static int always(void *arg)
{
	(void)arg;
	return 1;
}

/* Interrupted (Ctrl-C at the command line): nothing filled at all. */
static void test_fill_interrupted(void **state)
{
	struct fixture *f = *state;
	int64_t filled = -1;

	import(f->a->db, article, "a.txt");
	glossa_db_set_interrupt(f->a->db, always, NULL);
	assert_int_equal(glossa_readings_fill(f->a->db, f->dict, &filled),
	                 GLOSSA_INTERRUPTED);
	assert_int_equal(filled, 0);
	glossa_db_set_interrupt(f->a->db, NULL, NULL);
	assert_int_equal(q(f, "SELECT count(*) FROM annotation"
	                      " WHERE reading_derived OR reading LIKE '%ó%'"),
	                 0);
}

/* A typed reading wins: stored as typed even when the caller had a
 * derived one; a derived mark on an empty reading is dropped; a reading
 * typed over a derived one makes the gloss the user's, a derived one
 * filled into a file's gloss does not. */
static void test_typed_wins(void **state)
{
	struct fixture *f = *state;
	glossa_annotation_t g = {.kind = GLOSSA_KIND_GLOSS, .pos = -1};
	int64_t id = import(f->a->db, article, "a.txt"), filled;
	int derived, from_file;
	char *r;

	/* the interface's edit of a file's gloss without a reading, the
	 * reading offered accepted: derived, and still the file's */
	{
		glossa_annotation_t *n;
		size_t k, i;

		assert_int_equal(glossa_annotations_list(f->a->db, id, &n, &k),
		                 GLOSSA_OK);
		for (i = 0; strcmp(n[i].phrase, "重新"); i++)
			;
		free(n[i].reading);
		n[i].reading = strdup("chóng xīn");
		n[i].reading_derived = 1;
		assert_int_equal(glossa_annotation_update(f->a->db, &n[i]),
		                 GLOSSA_OK);
		glossa_annotations_free(n, k);
		r = gloss(f, "重新", &derived, &from_file);
		assert_string_equal(r, "chóng xīn");
		assert_int_equal(derived, 1);
		assert_int_equal(from_file, 1);
		free(r);
	}

	g.article_id = id;
	g.phrase = "开始";
	g.translation = "begin";
	g.reading = "";
	g.reading_derived = 1; /* no reading: nothing derived */
	assert_int_equal(glossa_annotation_add(f->a->db, &g), GLOSSA_OK);
	assert_reading(f, "开始", "", 0);
	/* the prompt's way: the derived reading accepted as offered */
	assert_int_equal(glossa_annotation_get(f->a->db, g.id, &g), GLOSSA_OK);
	free(g.reading);
	g.reading = strdup("kāi shǐ");
	g.reading_derived = 1;
	assert_int_equal(glossa_annotation_update(f->a->db, &g), GLOSSA_OK);
	assert_reading(f, "开始", "kāi shǐ", 1);
	/* typed over it */
	free(g.reading);
	g.reading = strdup("kai1 shi3");
	g.reading_derived = 0;
	assert_int_equal(glossa_annotation_update(f->a->db, &g), GLOSSA_OK);
	assert_reading(f, "开始", "kai1 shi3", 0);
	glossa_annotation_clear(&g);
	/* --fill never replaces it (重要 only) */
	assert_int_equal(glossa_readings_fill(f->a->db, f->dict, &filled),
	                 GLOSSA_OK);
	assert_int_equal(filled, 1);
	assert_reading(f, "开始", "kai1 shi3", 0);

	/* a file's gloss: an edit that keeps the derived reading keeps it
	 * the file's; one that types a reading makes it the user's */
	r = gloss(f, "重要", &derived, &from_file);
	assert_int_equal(from_file, 1);
	free(r);
	{
		glossa_annotation_t *n;
		size_t k, i;

		assert_int_equal(glossa_annotations_list(f->a->db, id, &n, &k),
		                 GLOSSA_OK);
		for (i = 0; strcmp(n[i].phrase, "重要"); i++)
			;
		assert_int_equal(n[i].reading_derived, 1);
		assert_int_equal(glossa_annotation_update(f->a->db, &n[i]),
		                 GLOSSA_OK);
		r = gloss(f, "重要", &derived, &from_file);
		assert_int_equal(derived, 1);
		assert_int_equal(from_file, 1);
		free(r);
		free(n[i].reading);
		n[i].reading = strdup("zhong4 yao4");
		n[i].reading_derived = 0;
		assert_int_equal(glossa_annotation_update(f->a->db, &n[i]),
		                 GLOSSA_OK);
		r = gloss(f, "重要", &derived, &from_file);
		assert_string_equal(r, "zhong4 yao4");
		assert_int_equal(derived, 0);
		assert_int_equal(from_file, 0);
		free(r);
		glossa_annotations_free(n, k);
	}
}

/* Importing the file again: the file's glosses with derived readings
 * are unchanged (same ids, readings kept, still the file's); one the
 * file now gives a typed reading takes it; a gloss of the user's with a
 * derived reading matches the file's copy without one (an exported
 * archive imported again), so none is added twice. */
static void test_reimport(void **state)
{
	struct fixture *f = *state;
	glossa_annotation_t g = {.kind = GLOSSA_KIND_GLOSS, .pos = -1};
	int64_t id = import(f->a->db, article, "a.txt"), filled, ids;
	char *again, *typed, *p;

	g.article_id = id;
	g.phrase = "开始";
	g.translation = "begin";
	g.reading = "kāi shǐ";
	g.reading_derived = 1;
	assert_int_equal(glossa_annotation_add(f->a->db, &g), GLOSSA_OK);
	assert_int_equal(glossa_readings_fill(f->a->db, f->dict, &filled),
	                 GLOSSA_OK);
	assert_int_equal(filled, 2);
	ids = q(f, "SELECT sum(id) FROM annotation");

	/* the same file with a changed body, and the user's gloss as an
	 * export writes it (no reading: it is derived) */
	assert_true(asprintf(&again, "%.*sGloss: 开始 | begin\n\n%s",
	                     (int)(strstr(article, "\n\n") - article + 1),
	                     article,
	                     "这很重要。我们重新开始吧。Red 稀土。\n") > 0);
	assert_int_equal(import(f->a->db, again, "a.txt"), id);
	assert_int_equal(q(f, "SELECT count(*) FROM annotation"), 5);
	assert_int_equal(q(f, "SELECT sum(id) FROM annotation"), ids);
	assert_reading(f, "重要", "zhòng yào", 1);
	assert_reading(f, "重新", "chóng xīn", 1);
	assert_reading(f, "开始", "kāi shǐ", 1);
	assert_int_equal(q(f, "SELECT count(*) FROM annotation"
	                      " WHERE from_file = 1"),
	                 4);

	/* the file types a reading for 重新: it replaces the file's gloss */
	typed = strdup(again);
	assert_non_null(typed);
	p = strstr(typed, "Gloss: 重新 | anew\n");
	assert_non_null(p);
	assert_true(asprintf(&p, "%.*sGloss: 重新 | anew\nReading: chong2 "
	                         "xin1\n%s",
	                     (int)(p - typed), typed,
	                     p + strlen("Gloss: 重新 | anew\n")) > 0);
	free(typed);
	typed = p;
	assert_int_equal(import(f->a->db, typed, "a.txt"), id);
	assert_int_equal(q(f, "SELECT count(*) FROM annotation"), 5);
	assert_reading(f, "重新", "chong2 xin1", 0);
	assert_reading(f, "重要", "zhòng yào", 1);
	free(again);
	free(typed);
}

/* The article file format writes a typed reading, not a derived one. */
static void test_format(void **state)
{
	struct fixture *f = *state;
	int64_t id = import(f->a->db, article, "a.txt"), filled;
	glossa_article_t *a;
	char *text;

	assert_int_equal(glossa_readings_fill(f->a->db, f->dict, &filled),
	                 GLOSSA_OK);
	assert_int_equal(glossa_article_get(f->a->db, id, &a), GLOSSA_OK);
	assert_int_equal(glossa_article_format_write(a, &text), GLOSSA_OK);
	assert_non_null(strstr(text, "Gloss: 重要 | important\nGloss: 重新"));
	assert_non_null(strstr(text, "Reading: xī tǔ (typed)\n"));
	assert_null(strstr(text, "zhòng"));
	free(text);
	glossa_article_free(a);
}

/* An archive of schema 11 opens as 12: every reading it had is typed;
 * the glosses without one get theirs from --fill. */
static void test_migration(void **state)
{
	struct fixture *f = *state;
	char *msg = NULL;
	int64_t filled;

	import(f->a->db, article, "a.txt");
	glossa_db_close(f->a->db);
	f->a->db = NULL;
	test_schema_back_to(f->a->path, 11, NULL);
	assert_int_equal(q(f, "SELECT count(*) FROM pragma_table_info("
	                      "'annotation') WHERE name = 'reading_derived'"),
	                 0);
	assert_int_equal(glossa_db_open(f->a->path, 0, &f->a->db, &msg),
	                 GLOSSA_OK);
	assert_int_equal(q(f, "PRAGMA user_version"),
	                 glossa_db_schema_version());
	assert_true(glossa_db_schema_version() >= 12);
	assert_int_equal(q(f, "SELECT count(*) FROM annotation"
	                      " WHERE reading_derived"),
	                 0);
	assert_reading(f, "稀土", "xī tǔ (typed)", 0);
	assert_int_equal(glossa_readings_fill(f->a->db, f->dict, &filled),
	                 GLOSSA_OK);
	assert_int_equal(filled, 2);
	assert_reading(f, "重要", "zhòng yào", 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_gloss_reading, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_fill, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_fill_interrupted, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_typed_wins, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_reimport, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_format, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_migration, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
