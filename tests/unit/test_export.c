/*
 * test_export.c: the export module (storage/export.c) on a real archive
 * in a fresh temporary directory: every format against hand-written
 * expected text, the Anki file field by field, and the selection of
 * notes and articles. The files (an archive round trip, the file safety
 * rules) are test_export_files.c; the fixture is export_fixture.h.
 */
#include "export_fixture.h"

/* The Anki rows, as Anki reads them back (quotes removed). */
static const char *const expect_anki[][6] = {
    {"擂响战鼓再出发", "léi xiǎng zhàn gǔ zài chū fā",
     "beating the war drums again\nthe slogan of the meeting", SENTENCE_1,
     SOURCE_B, TAGS_B},
    {"抓早", "", "early action", SENTENCE_1, SOURCE_B, TAGS_B},
    {"A|B", "", "the \"A or B\" choice",
     "Output rose 2.5 percent: \"A|B\" is the choice.", SOURCE_B, TAGS_B},
    {"Red", "", "red, in an escape sequence",
     "Then ^[[31m Red^[[0m alert <U+202E>evil<U+202C> here.", SOURCE_B, TAGS_B},
    {"保护性开采", "", "protective mining", "国家对稀土资源实行保护性开采！",
     "稀土管理条例 (新华社, 2024-06-29)", ""},
};

/* The first Anki data row exactly as written. */
static const char expect_anki_row1[] =
    "擂响战鼓再出发\tléi xiǎng zhàn gǔ zài chū fā\t\"beating the war drums "
    "again\nthe slogan of the meeting\"\t" SENTENCE_1 "\t" SOURCE_B "\t" TAGS_B
    "\n";
static void test_format_names(void **state)
{
	glossa_format_kind_t k;

	(void)state;
	assert_int_equal(glossa_format_from_name("text", &k), 0);
	assert_int_equal(k, GLOSSA_FORMAT_TEXT);
	assert_int_equal(glossa_format_from_name("md", &k), 0);
	assert_int_equal(k, GLOSSA_FORMAT_MARKDOWN);
	assert_int_equal(glossa_format_from_name("markdown", &k), 0);
	assert_int_equal(k, GLOSSA_FORMAT_MARKDOWN);
	assert_int_equal(glossa_format_from_name("tsv", &k), 0);
	assert_int_equal(k, GLOSSA_FORMAT_ANKI);
	assert_int_equal(glossa_format_from_name("anki", &k), 0);
	assert_int_equal(k, GLOSSA_FORMAT_ANKI);
	assert_int_equal(glossa_format_from_name("archive", &k), 0);
	assert_int_equal(k, GLOSSA_FORMAT_ARCHIVE);
	assert_int_equal(glossa_format_from_name("pdf", &k), -1);
	assert_int_equal(glossa_format_from_name("", &k), -1);
	for (int i = GLOSSA_FORMAT_TEXT; i <= GLOSSA_FORMAT_ARCHIVE; i++) {
		assert_int_equal(
		    glossa_format_from_name(glossa_format_name(i), &k), 0);
		assert_int_equal(k, i);
	}
}

static void test_text(void **state)
{
	struct fixture *f = *state;
	glossa_selection_t all = {GLOSSA_SELECT_ALL, NULL, 0, NULL};
	size_t count = 0;
	char *out =
	    export_string(f->db, &all, GLOSSA_FORMAT_TEXT, &count, GLOSSA_OK);

	assert_string_equal(out, expect_text);
	assert_int_equal(count, 8);
	free(out);
}

static void test_markdown(void **state)
{
	struct fixture *f = *state;
	glossa_selection_t all = {GLOSSA_SELECT_ALL, NULL, 0, NULL};
	size_t count = 0;
	char *out = export_string(f->db, &all, GLOSSA_FORMAT_MARKDOWN, &count,
	                          GLOSSA_OK);

	assert_string_equal(out, expect_markdown);
	assert_int_equal(count, 8);
	free(out);
}

/* Read one Anki field at *p (quoted as Anki's reader expects); returns it
 * allocated and sets *end to the separator that ended it. */
static char *anki_field(const char **p, char *end)
{
	const char *s = *p;
	char *out = malloc(strlen(s) + 1), *o = out;

	assert_non_null(out);
	if (*s == '"') {
		for (s++;; s++) {
			assert_true(*s != '\0'); /* unterminated quote */
			if (*s == '"' && s[1] == '"') {
				*o++ = '"';
				s++;
			} else if (*s == '"') {
				s++;
				break;
			} else {
				*o++ = *s;
			}
		}
		assert_true(*s == '\t' || *s == '\n');
	} else {
		while (*s && *s != '\t' && *s != '\n') {
			assert_true(*s != '"'); /* bare quotes are quoted */
			*o++ = *s++;
		}
	}
	*o = '\0';
	*end = *s;
	*p = *s ? s + 1 : s;
	return out;
}

static void test_anki(void **state)
{
	struct fixture *f = *state;
	glossa_selection_t all = {GLOSSA_SELECT_ALL, NULL, 0, NULL};
	size_t count = 0, rows = 0;
	char *out =
	    export_string(f->db, &all, GLOSSA_FORMAT_ANKI, &count, GLOSSA_OK);
	const char *p = out;
	static const char header[] =
	    "#separator:tab\n#html:false\n#tags column:6\n"
	    "#columns:phrase\treading\ttranslation\tcontext\tsource\ttags\n";

	assert_int_equal(strncmp(out, header, strlen(header)), 0);
	p += strlen(header);
	assert_int_equal(strncmp(p, expect_anki_row1, strlen(expect_anki_row1)),
	                 0);
	/* Only glosses are cards (free notes are not, even with a quote):
	 * 5 of the 8 annotations. */
	assert_int_equal(count, 5);
	while (*p) {
		char end = 0;

		assert_true(rows < 5);
		assert_true(*p != '#'); /* a data row is never a comment */
		for (size_t col = 0; col < 6; col++) {
			char *field = anki_field(&p, &end);

			assert_string_equal(field, expect_anki[rows][col]);
			assert_int_equal(end, col < 5 ? '\t' : '\n');
			free(field);
		}
		rows++;
	}
	assert_int_equal(rows, 5);
	assert_null(strchr(out, '\x1b'));
	free(out);
}

/* The selected notes, grouped by article, articles in list order, notes
 * in position order, whatever order the ids come in. */
static void test_select_notes(void **state)
{
	struct fixture *f = *state;
	int64_t ids[] = {f->notes_a[1], f->notes_b[4], f->notes_b[1]};
	glossa_selection_t sel = {GLOSSA_SELECT_NOTES, ids, 3, NULL};
	size_t count = 0;
	char *out =
	    export_string(f->db, &sel, GLOSSA_FORMAT_TEXT, &count, GLOSSA_OK);

	assert_string_equal(
	    out, "Baogang Group beats the war drums for 2025\n"
	         "Source: Rare Earth Exchanges\n"
	         "Date: 2025-02-10\n"
	         "URL: https://example.org/baogang-2025\n"
	         "\n"
	         "战鼓\n"
	         "  Note: A \"quoted\" remark on the drums\n"
	         "  Context: " SENTENCE_1 "\n"
	         "Red — red, in an escape sequence\n"
	         "  Context: Then ^[[31m Red^[[0m alert <U+202E>evil<U+202C> "
	         "here.\n"
	         "\n"
	         "稀土管理条例\n"
	         "Source: 新华社\n"
	         "Date: 2024-06-29\n"
	         "\n"
	         "Note: State Council decree No. 785\n");
	assert_int_equal(count, 3);
	free(out);
}

static void test_select_articles(void **state)
{
	struct fixture *f = *state;
	int64_t ids[] = {1, 1};
	glossa_selection_t sel = {GLOSSA_SELECT_ARTICLES, ids, 2, NULL};
	size_t count = 0;
	char *out = export_string(f->db, &sel, GLOSSA_FORMAT_MARKDOWN, &count,
	                          GLOSSA_OK);

	assert_string_equal(out, "# 稀土管理条例\n"
	                         "\n"
	                         "Source: 新华社\\\n"
	                         "Date: 2024-06-29\n"
	                         "\n"
	                         "- **保护性开采** — protective mining\n"
	                         "  > 国家对稀土资源实行保护性开采！\n"
	                         "- Note: State Council decree No. 785\n");
	assert_int_equal(count, 2);
	free(out);
}

static void test_unknown_ids(void **state)
{
	struct fixture *f = *state;
	int64_t articles[] = {1, 77};
	int64_t notes[] = {f->notes_a[0], 9999};
	glossa_selection_t sel = {GLOSSA_SELECT_ARTICLES, articles, 2, NULL};
	size_t count = 5;
	char *path = xasprintf("%s/never.txt", f->dir), *out;

	out = export_string(f->db, &sel, GLOSSA_FORMAT_TEXT, &count,
	                    GLOSSA_NOT_FOUND);
	assert_string_equal(out, ""); /* checked before writing */
	assert_int_equal(count, 0);
	assert_non_null(strstr(glossa_db_errmsg(f->db), "77"));
	free(out);

	sel.kind = GLOSSA_SELECT_NOTES;
	sel.ids = notes;
	out = export_string(f->db, &sel, GLOSSA_FORMAT_TEXT, NULL,
	                    GLOSSA_NOT_FOUND);
	assert_string_equal(out, "");
	assert_non_null(strstr(glossa_db_errmsg(f->db), "9999"));
	free(out);

	assert_int_equal(
	    glossa_export_file(f->db, &sel, GLOSSA_FORMAT_TEXT, path, 0, NULL),
	    GLOSSA_NOT_FOUND);
	assert_int_equal(access(path, F_OK), -1);
	out = list_dir(f->dir);
	assert_string_equal(out,
	                    "archive.db\narchive.db-shm\narchive.db-wal\n");
	free(out);
	free(path);
}

/* Export --all to a directory, import its files into a new archive,
 * export again: the same files, byte for byte. */
/* Markdown and Anki: user text that would change the meaning. */
static void test_special_text(void **state)
{
	struct fixture *f = *state;
	static const char article[] =
	    "Title: #1 & <b>bold</b>\n"
	    "Date: 2023-01-01\n"
	    "Gloss: #1 | number one\n"
	    "Note: first\\n- not a list\\n1. not a number\n"
	    "\n"
	    "We are #1 here.\n";
	int64_t id = 3;
	glossa_selection_t sel = {GLOSSA_SELECT_ARTICLES, &id, 1, NULL};
	glossa_import_result_t res;
	size_t count = 0;
	char *out;

	assert_int_equal(glossa_import_buffer(f->db, article, strlen(article),
	                                      "c.txt", NULL, &res),
	                 GLOSSA_OK);
	assert_int_equal(res.article_id, 3);
	glossa_import_result_clear(&res);

	out = export_string(f->db, &sel, GLOSSA_FORMAT_TEXT, &count, GLOSSA_OK);
	assert_string_equal(out, "#1 & <b>bold</b>\n"
	                         "Date: 2023-01-01\n"
	                         "\n"
	                         "#1 — number one\n"
	                         "  Context: We are #1 here.\n"
	                         "Note: first\n"
	                         "    - not a list\n"
	                         "    1. not a number\n");
	assert_int_equal(count, 2);
	free(out);

	out = export_string(f->db, &sel, GLOSSA_FORMAT_MARKDOWN, &count,
	                    GLOSSA_OK);
	assert_string_equal(out, "# \\#1 & \\<b\\>bold\\</b\\>\n"
	                         "\n"
	                         "Date: 2023-01-01\n"
	                         "\n"
	                         "- **\\#1** — number one\n"
	                         "  > We are \\#1 here.\n"
	                         "- Note: first\n"
	                         "  \\- not a list\n"
	                         "  1\\. not a number\n");
	free(out);

	/* A row starting with '#' would be a comment to Anki: quoted. */
	out = export_string(f->db, &sel, GLOSSA_FORMAT_ANKI, &count, GLOSSA_OK);
	assert_non_null(strstr(out, "#columns:"));
	assert_string_equal(strstr(out, "tags\n") + 5,
	                    "\"#1\"\t\tnumber one\tWe are #1 here.\t"
	                    "\"#1 & <b>bold</b> (2023-01-01)\"\t\n");
	assert_int_equal(count, 1);
	free(out);
}

/* The context is cut at 150 code points on each side of the phrase, with
 * an ellipsis where cut; a sentence is bounded by a line break too. */
static void test_long_context(void **state)
{
	struct fixture *f = *state;
	char *article, *want, *out, *words = strdup("");
	int64_t id = 3;
	glossa_selection_t sel = {GLOSSA_SELECT_ARTICLES, &id, 1, NULL};
	glossa_import_result_t res;

	for (int i = 0; i < 100; i++) {
		char *more = xasprintf("%sword ", words);

		free(words);
		words = more;
	}
	/* 100 words, KEY, 100 words, on a line between two others */
	article = xasprintf("Title: Long\nGloss: KEY | the key\n\n"
	                    "First line\n%sKEY %sEnd.\nLast line\n",
	                    words, words);
	assert_int_equal(glossa_import_buffer(f->db, article, strlen(article),
	                                      "long.txt", NULL, &res),
	                 GLOSSA_OK);
	glossa_import_result_clear(&res);
	/* 30 words of 5 code points on each side */
	words[150] = '\0';
	want = xasprintf("Long\n\nKEY — the key\n"
	                 "  Context: …%sKEY %.149s…\n",
	                 words, words);
	out = export_string(f->db, &sel, GLOSSA_FORMAT_TEXT, NULL, GLOSSA_OK);
	assert_string_equal(out, want);
	free(out);
	free(want);
	free(article);
	free(words);
}

/* A query's articles in rank order, with all their notes. */
static void test_select_query(void **state)
{
	struct fixture *f = *state;
	glossa_selection_t sel = {GLOSSA_SELECT_QUERY, NULL, 0, "战鼓"};
	size_t count = 0;
	char *out =
	    export_string(f->db, &sel, GLOSSA_FORMAT_TEXT, &count, GLOSSA_OK);
	size_t first = strlen(expect_text) -
	               strlen(strstr(expect_text, "\n\n稀土管理条例")) + 1;

	/* Only the Baogang article has 战鼓. */
	assert_int_equal(strlen(out), first);
	assert_memory_equal(out, expect_text, first);
	assert_int_equal(count, 6);
	free(out);

	sel.query = "protective";
	out = export_string(f->db, &sel, GLOSSA_FORMAT_TEXT, &count, GLOSSA_OK);
	assert_string_equal(out, strstr(expect_text, "稀土管理条例\n"));
	assert_int_equal(count, 2);
	free(out);

	/* nothing found: nothing written, in any format */
	sel.query = "nothingmatchesthis";
	for (int fmt = GLOSSA_FORMAT_TEXT; fmt <= GLOSSA_FORMAT_ARCHIVE;
	     fmt++) {
		out = export_string(f->db, &sel, (glossa_format_kind_t)fmt,
		                    &count, GLOSSA_NOT_FOUND);
		assert_true(!out || !out[0]);
		assert_string_equal(glossa_db_errmsg(f->db),
		                    "nothing to export");
		assert_int_equal(count, 0);
		free(out);
	}
}

/* --all and --query skip the articles without notes in the formats of
 * notes (the archive format takes them all); nothing left is
 * GLOSSA_NOT_FOUND, and a file export then writes no file. */
static void test_skip_bare(void **state)
{
	struct fixture *f = *state;
	static const char bare[] = "Title: Bare\n\n战鼓 without notes.\n";
	glossa_selection_t all = {GLOSSA_SELECT_ALL, NULL, 0, NULL};
	glossa_selection_t q = {GLOSSA_SELECT_QUERY, NULL, 0, "without"};
	glossa_import_result_t res;
	char *out, *path = xasprintf("%s/none.txt", f->dir);
	char *dir = xasprintf("%s/bare", f->dir), *listing;
	size_t count = 0;
	struct stat sb;

	assert_int_equal(glossa_import_buffer(f->db, bare, strlen(bare),
	                                      "bare.txt", NULL, &res),
	                 GLOSSA_OK);
	glossa_import_result_clear(&res);
	for (int fmt = GLOSSA_FORMAT_TEXT; fmt < GLOSSA_FORMAT_ARCHIVE;
	     fmt++) {
		out = export_string(f->db, &all, (glossa_format_kind_t)fmt,
		                    &count, GLOSSA_OK);
		assert_null(strstr(out, "Bare"));
		free(out);
		out = export_string(f->db, &q, (glossa_format_kind_t)fmt,
		                    &count, GLOSSA_NOT_FOUND);
		assert_true(!out || !out[0]);
		free(out);
		assert_int_equal(glossa_export_file(f->db, &q,
		                                    (glossa_format_kind_t)fmt,
		                                    path, 0, &count),
		                 GLOSSA_NOT_FOUND);
		assert_int_equal(stat(path, &sb), -1);
	}
	/* the archive format: every article */
	out = export_string(f->db, &all, GLOSSA_FORMAT_ARCHIVE, &count,
	                    GLOSSA_OK);
	assert_non_null(strstr(out, "Title: Bare"));
	free(out);
	assert_int_equal(glossa_export_file(f->db, &q, GLOSSA_FORMAT_ARCHIVE,
	                                    dir, 0, &count),
	                 GLOSSA_OK);
	listing = list_dir(dir);
	assert_string_equal(listing, "0003-bare.txt\n");
	free(listing);
	/* asked for by id, an article without notes is written */
	int64_t id = 3;
	glossa_selection_t one = {GLOSSA_SELECT_ARTICLES, &id, 1, NULL};
	out = export_string(f->db, &one, GLOSSA_FORMAT_TEXT, &count,
	                    GLOSSA_OK);
	assert_non_null(strstr(out, "Bare"));
	free(out);
	free(dir);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_format_names),
	    cmocka_unit_test_setup_teardown(test_text, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_markdown, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_anki, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_select_notes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_select_articles, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_unknown_ids, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_special_text, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_select_query, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_skip_bare, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_long_context, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}