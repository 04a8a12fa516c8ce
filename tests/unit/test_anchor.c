/*
 * test_anchor.c: annotations added at a given place, found again when
 * their article is imported again with changed text (unchanged text, text
 * inserted before the phrase, the phrase edited or removed, two
 * occurrences told apart by their context), and the glossary of the
 * archive. Real archive files in a temporary directory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "glossa/glossa.h"
#include "support.h"

#define HEADER "Title: 决战\nURL: https://example.org/a\n\n"

/* A gloss of phrase at code point pos (-1: the first occurrence). */
static glossa_annotation_t gloss(int64_t article, const char *phrase,
                                 int64_t pos, const char *translation)
{
	glossa_annotation_t g = {.kind = GLOSSA_KIND_GLOSS, .pos = pos};

	g.article_id = article;
	g.phrase = (char *)phrase;
	g.translation = (char *)translation;
	g.context_before = g.context_after = g.reading = g.note = g.tags = "";
	return g;
}

/* Add that gloss; its id. */
static int64_t add_gloss(glossa_db_t *db, int64_t article, const char *phrase,
                         int64_t pos, const char *translation)
{
	glossa_annotation_t g = gloss(article, phrase, pos, translation);

	if (glossa_annotation_add(db, &g) != GLOSSA_OK)
		fail_msg("add failed: %s", glossa_db_errmsg(db));
	return g.id;
}

static void get(glossa_db_t *db, int64_t id, glossa_annotation_t *out)
{
	assert_int_equal(glossa_annotation_get(db, id, out), GLOSSA_OK);
}

/* Assert that annotation id is detached (or not) and at pos. */
static void expect_place(glossa_db_t *db, int64_t id, int detached,
                         int64_t pos)
{
	glossa_annotation_t g;

	get(db, id, &g);
	if (g.detached != detached || g.pos != pos)
		fail_msg("annotation %lld (%s): detached %d at %lld, not "
		         "detached %d at %lld", (long long)id, g.phrase,
		         g.detached, (long long)g.pos, detached,
		         (long long)pos);
	glossa_annotation_clear(&g);
}

/* Assert that annotation id is attached at pos, between before and after. */
static void expect_context(glossa_db_t *db, int64_t id, int64_t pos,
                           const char *before, const char *after)
{
	glossa_annotation_t g;

	expect_place(db, id, 0, pos);
	get(db, id, &g);
	if (strcmp(g.context_before, before) || strcmp(g.context_after, after))
		fail_msg("annotation %lld (%s): context \"%s\" \"%s\", not "
		         "\"%s\" \"%s\"", (long long)id, g.phrase,
		         g.context_before, g.context_after, before, after);
	glossa_annotation_clear(&g);
}

static void test_add_at_position(void **state)
{
	struct test_archive *f = *state;
	int64_t a = test_import_text(f->db, HEADER "甲决战乙。丙决战丁。\n");
	glossa_annotation_t g;
	int64_t id;

	/* the second 决战 (code point 6), not the first */
	id = add_gloss(f->db, a, "决战", 6, "decisive battle");
	expect_context(f->db, id, 6, "甲决战乙。丙", "丁。");

	/* a position where the phrase is not: refused, nothing stored */
	g = gloss(a, "决战", 3, "x");
	assert_int_equal(glossa_annotation_add(f->db, &g), GLOSSA_BAD_INPUT);
	assert_int_equal(test_sql_int(f->path, "SELECT count(*) FROM"
	                                       " annotation"),
	                 1);
}

static void test_unchanged_text(void **state)
{
	struct test_archive *f = *state;
	const char *text = HEADER "这是决战时刻。\n";
	int64_t a = test_import_text(f->db, text);
	int64_t id = add_gloss(f->db, a, "决战", -1, "decisive battle");

	assert_int_equal(test_import_text(f->db, text), a);
	expect_context(f->db, id, 2, "这是", "时刻。");
}

static void test_text_inserted_before(void **state)
{
	struct test_archive *f = *state;
	int64_t a = test_import_text(f->db, HEADER "这是决战时刻。\n");
	int64_t id = add_gloss(f->db, a, "决战", -1, "decisive battle");
	glossa_annotation_t g;

	/* five code points before it: it moves with the text */
	test_import_text(f->db, HEADER "新的开头\n这是决战时刻。\n");
	get(f->db, id, &g);
	assert_string_equal(g.phrase, "决战");
	glossa_annotation_clear(&g);
	expect_context(f->db, id, 2 + 5, "这是", "时刻。");
}

static void test_phrase_edited_or_removed(void **state)
{
	struct test_archive *f = *state;
	int64_t a = test_import_text(f->db, HEADER "这是决战时刻。还有抓早。\n");
	int64_t edited = add_gloss(f->db, a, "决战", -1, "decisive battle");
	int64_t removed = add_gloss(f->db, a, "抓早", -1, "early action");
	glossa_annotation_t *all;
	glossa_annotation_t g;
	size_t n;

	test_import_text(f->db, HEADER "这是决斗时刻。\n");
	get(f->db, edited, &g);
	assert_int_equal(g.detached, 1);
	assert_int_equal(g.pos, -1);
	assert_string_equal(g.phrase, "决战");
	assert_string_equal(g.translation, "decisive battle");
	/* the old context is kept, to find it again later */
	assert_string_equal(g.context_after, "时刻。还有抓早。");
	glossa_annotation_clear(&g);
	expect_place(f->db, removed, 1, -1);

	/* still listed with the article */
	assert_int_equal(glossa_annotations_list(f->db, a, &all, &n),
	                 GLOSSA_OK);
	assert_int_equal(n, 2);
	assert_int_equal(all[0].detached + all[1].detached, 2);
	glossa_annotations_free(all, n);

	/* the text back as it was: attached again, in place */
	test_import_text(f->db, HEADER "这是决战时刻。还有抓早。\n");
	expect_place(f->db, edited, 0, 2);
	expect_place(f->db, removed, 0, 9);
}

static void test_context_picks_occurrence(void **state)
{
	struct test_archive *f = *state;
	int64_t a = test_import_text(f->db, HEADER "甲决战乙。丙决战丁。\n");
	int64_t id = add_gloss(f->db, a, "决战", 6, "decisive battle");
	glossa_annotation_t g;

	/* five code points inserted: the old position (6) now holds the
	 * first 决战; its context says the second one (now at 11) */
	test_import_text(f->db, HEADER "开头的话。甲决战乙。丙决战丁。\n");
	get(f->db, id, &g);
	assert_int_equal(g.pos, 11);
	assert_string_equal(g.context_after, "丁。");
	assert_int_equal(g.detached, 0);
	glossa_annotation_clear(&g);

	/* the sentences swapped: still the one between 丙 and 丁 */
	test_import_text(f->db, HEADER "丙决战丁。甲决战乙。\n");
	get(f->db, id, &g);
	assert_int_equal(g.pos, 1);
	assert_string_equal(g.context_before, "丙");
	glossa_annotation_clear(&g);
}

static void test_glossary(void **state)
{
	struct test_archive *f = *state;
	glossa_glossary_entry_t *e;
	size_t n;
	int64_t a = test_import_text(f->db, "Title: one\n"
	                               "Gloss: 决战 | decisive battle\n"
	                               "Reading: jué zhàn\n\n这是决战时刻，决战。\n");
	int64_t b = test_import_text(f->db, "Title: two\n\n打一场决战，抓早。\n");

	test_import_text(f->db, "Title: three\n\nnothing of it here\n");
	add_gloss(f->db, b, "决战", -1, "showdown");
	add_gloss(f->db, b, "抓早", -1, "early action");
	/* same again, at the second 决战 (at the first, it is refused) */
	add_gloss(f->db, a, "决战", 7, "decisive battle");
	assert_int_equal(glossa_glossary(f->db, NULL, &e, &n), GLOSSA_OK);
	assert_int_equal(n, 2);
	/* sorted by phrase (code point order): 决 U+51B3 before 抓 U+6293 */
	assert_string_equal(e[0].phrase, "决战");
	assert_string_equal(e[0].reading, "jué zhàn");
	assert_string_equal(e[0].translations, "decisive battle\nshowdown");
	assert_int_equal(e[0].n_glosses, 3);
	assert_int_equal(e[0].n_articles, 2);
	assert_string_equal(e[1].phrase, "抓早");
	assert_string_equal(e[1].translations, "early action");
	assert_int_equal(e[1].n_articles, 1);
	glossa_glossary_free(e, n);

	/* the filter: phrase, reading or a translation, ASCII case folded */
	assert_int_equal(glossa_glossary(f->db, "SHOWdown", &e, &n), GLOSSA_OK);
	assert_int_equal(n, 1);
	assert_string_equal(e[0].phrase, "决战");
	glossa_glossary_free(e, n);
	assert_int_equal(glossa_glossary(f->db, "抓", &e, &n), GLOSSA_OK);
	assert_int_equal(n, 1);
	assert_string_equal(e[0].phrase, "抓早");
	glossa_glossary_free(e, n);
	assert_int_equal(glossa_glossary(f->db, "zzz", &e, &n), GLOSSA_OK);
	assert_int_equal(n, 0);
	glossa_glossary_free(e, n);
}

static void test_glossary_odd_phrases(void **state)
{
	struct test_archive *f = *state;
	glossa_glossary_entry_t *e;
	size_t n;
	int64_t a = test_import_text(f->db, "Title: q\n\nhe said \"so\" -- ok\n");

	/* a quote inside, and only punctuation: no FTS5 error */
	add_gloss(f->db, a, "\"so\"", -1, "thus");
	add_gloss(f->db, a, "--", -1, "dash");
	assert_int_equal(glossa_glossary(f->db, "", &e, &n), GLOSSA_OK);
	assert_int_equal(n, 2);
	assert_string_equal(e[0].phrase, "\"so\"");
	assert_int_equal(e[0].n_articles, 1);
	assert_string_equal(e[1].phrase, "--");
	assert_int_equal(e[1].n_articles, 0);
	glossa_glossary_free(e, n);
}

/* A Latin phrase stands at word boundaries, case-folded: "art" is not
 * anchored inside "earths", at a gloss nor when re-anchored, and the
 * glossary's count (the full-text index) says the same. */
static void test_words_not_inside(void **state)
{
	struct test_archive *f = *state;
	int64_t a = test_import_text(f->db, "Title: w\nURL: https://e.org/w\n\n"
	                                    "rare earths and Art.\n");
	glossa_annotation_t g;
	glossa_glossary_entry_t *e;
	int64_t id;
	size_t n;

	/* the first place is the standalone "Art" (code point 16) */
	id = add_gloss(f->db, a, "art", -1, "kunst");
	expect_context(f->db, id, 16, "rare earths and ", ".");

	/* "art" inside "earths" (code point 6): not a place of the phrase */
	g = gloss(a, "art", 6, "x");
	assert_int_equal(glossa_annotation_add(f->db, &g), GLOSSA_BAD_INPUT);

	/* re-import without the word: detached, not moved into "earths" */
	test_import_text(f->db, "Title: w\nURL: https://e.org/w\n\n"
	                        "rare earths and more.\n");
	expect_place(f->db, id, 1, -1);

	/* the word back, in another case and place: attached to it */
	test_import_text(f->db, "Title: w\nURL: https://e.org/w\n\n"
	                        "ART: rare earths.\n");
	expect_place(f->db, id, 0, 0);

	/* the glossary counts the articles with the word, as found above */
	test_import_text(f->db, "Title: x\n\nart-house and art's sake\n");
	test_import_text(f->db, "Title: y\n\nsmart hearts\n");
	assert_int_equal(glossa_glossary(f->db, "", &e, &n), GLOSSA_OK);
	assert_int_equal(n, 1);
	assert_string_equal(e[0].phrase, "art");
	assert_int_equal(e[0].n_articles, 2);
	glossa_glossary_free(e, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, test_archive_setup, test_archive_teardown)
	    T(test_add_at_position),          T(test_unchanged_text),
	    T(test_text_inserted_before),     T(test_phrase_edited_or_removed),
	    T(test_context_picks_occurrence), T(test_glossary),
	    T(test_glossary_odd_phrases),
	    T(test_words_not_inside),
#undef T
	};

	return cmocka_run_group_tests_name("anchor", tests, NULL, NULL);
}
