/*
 * test_export.c: the export module (storage/export.c) on a real archive
 * in a fresh temporary directory: every format against hand-written
 * expected text, the Anki file field by field, and the selection of
 * notes and articles. The files (an archive round trip, the file safety
 * rules) are test_export_files.c; the fixture is export_fixture.h.
 */
#include "export_fixture.h"

/* The Anki rows, as Anki reads them back (quotes removed), after the
 * GUID: Front (the phrase), Back (reading, translation, note), tags,
 * context, source. */
static const char *const expect_anki[][5] = {
    {"擂响战鼓再出发",
     "léi xiǎng zhàn gǔ zài chū fā\nbeating the war drums again\n"
     "the slogan of the meeting",
     TAGS_B, SENTENCE_1, SOURCE_B},
    {"抓早", "early action", TAGS_B, SENTENCE_1, SOURCE_B},
    {"A|B", "the \"A or B\" choice", TAGS_B,
     "Output rose 2.5 percent: \"A|B\" is the choice.", SOURCE_B},
    {"Red", "red, in an escape sequence", TAGS_B,
     "Then ^[[31m Red^[[0m alert <U+202E>evil<U+202C> here.", SOURCE_B},
    {"保护性开采", "protective mining", "", "国家对稀土资源实行保护性开采！",
     "稀土管理条例 (新华社, 2024-06-29)"},
};

/* The first Anki data row exactly as written, after its GUID. */
static const char expect_anki_row1[] =
    "\t擂响战鼓再出发\t\"léi xiǎng zhàn gǔ zài chū fā\nbeating the war "
    "drums again\nthe slogan of the meeting\"\t" TAGS_B "\t" SENTENCE_1
    "\t" SOURCE_B "\n";

/* Anki's file headers: a Basic note of the deck glossa, the GUID first,
 * the columns in the order a Basic note maps them. */
static const char anki_header[] =
    "#separator:tab\n#html:false\n#notetype:Basic\n#deck:glossa\n"
    "#guid column:1\n#tags column:4\n"
    "#columns:guid\tFront\tBack\ttags\tcontext\tsource\n";

/* Whether s is a GUID as export writes them: "glossa-" and 16 hex. */
static int is_guid(const char *s)
{
	if (strncmp(s, "glossa-", 7) != 0 || strlen(s) != 23)
		return 0;
	return strspn(s + 7, "0123456789abcdef") == 16;
}
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
	char guids[5][32];

	assert_int_equal(strncmp(out, anki_header, strlen(anki_header)), 0);
	p += strlen(anki_header);
	assert_int_equal(strncmp(p + 23, expect_anki_row1,
	                         strlen(expect_anki_row1)),
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

			if (col == 0) {
				assert_true(is_guid(field));
				strcpy(guids[rows], field);
			} else {
				assert_string_equal(field,
				                    expect_anki[rows][col - 1]);
			}
			assert_int_equal(end, col < 5 ? '\t' : '\n');
			free(field);
		}
		rows++;
	}
	assert_int_equal(rows, 5);
	/* one note a gloss */
	for (size_t i = 0; i < 5; i++)
		for (size_t j = i + 1; j < 5; j++)
			assert_string_not_equal(guids[i], guids[j]);
	assert_null(strchr(out, '\x1b'));
	free(out);
}

/* The GUID of the Anki row of phrase (its first) in out, or "". */
static void guid_of(const char *out, const char *phrase, char guid[32])
{
	char *key;
	const char *p;

	assert_true(asprintf(&key, "\t%s\t", phrase) > 0);
	guid[0] = '\0';
	if ((p = strstr(out, key)) && p - out >= 24 && p[-24] == '\n') {
		memcpy(guid, p - 23, 23);
		guid[23] = '\0';
	}
	free(key);
}

/* The GUID of a gloss stays the same across exports and across an
 * import of its article's file again (a changed translation: Anki
 * updates the note); the same phrase in another article, or glossed
 * again at another place in the same one, is another note. */
static void test_anki_guid(void **state)
{
	struct fixture *f = *state;
	glossa_selection_t all = {GLOSSA_SELECT_ALL, NULL, 0, NULL};
	glossa_import_result_t res;
	glossa_annotation_t g = {.kind = GLOSSA_KIND_GLOSS};
	char *one, *two, *three, *changed;
	char a1[32], a2[32], b1[32], c1[32], c2[32], c3[32];
	int64_t id2 = 2, id3 = 3;
	glossa_selection_t art2 = {GLOSSA_SELECT_ARTICLES, &id2, 1, NULL};
	glossa_selection_t art3 = {GLOSSA_SELECT_ARTICLES, &id3, 1, NULL};
	size_t count;

	one = export_string(f->db, &all, GLOSSA_FORMAT_ANKI, &count, GLOSSA_OK);
	two = export_string(f->db, &all, GLOSSA_FORMAT_ANKI, &count, GLOSSA_OK);
	assert_string_equal(one, two);

	/* b.txt again, 抓早 translated otherwise: the file's gloss is
	 * replaced (another id), its GUID stays */
	changed = strdup(article_b);
	assert_non_null(changed);
	memcpy(strstr(changed, "early action"), "quick action", 12);
	assert_int_equal(glossa_import_buffer(f->db, changed, strlen(changed),
	                                      "b.txt", NULL, &res),
	                 GLOSSA_OK);
	assert_int_equal(res.article_id, 2);
	assert_int_equal(res.updated, 1);
	glossa_import_result_clear(&res);
	three = export_string(f->db, &all, GLOSSA_FORMAT_ANKI, &count,
	                      GLOSSA_OK);
	assert_non_null(strstr(three, "quick action"));
	guid_of(one, "抓早", a1);
	guid_of(three, "抓早", a2);
	assert_true(is_guid(a1));
	assert_string_equal(a1, a2);
	guid_of(one, "擂响战鼓再出发", b1);
	guid_of(three, "擂响战鼓再出发", c1);
	assert_string_equal(b1, c1);

	/* the same text under another URL (another article): other GUIDs */
	memcpy(strstr(changed, "baogang-2025"), "baogang-2026", 12);
	assert_int_equal(glossa_import_buffer(f->db, changed, strlen(changed),
	                                      "c.txt", NULL, &res),
	                 GLOSSA_OK);
	assert_int_equal(res.article_id, 3);
	glossa_import_result_clear(&res);
	/* 抓 glossed at both its places in article 2: two notes */
	static const char before1[] =
	    "包钢集团召开2025年工作会议。会议提出“擂响战鼓再出发”，要求各单位";
	static const char before2[] =
	    "包钢集团召开2025年工作会议。会议提出“擂响战鼓再出发”，要求各单位"
	    "抓早、";
	g.article_id = 2;
	g.phrase = "抓";
	g.translation = "grasp";
	g.pos = (int64_t)glossa_utf8_count(before1, strlen(before1));
	assert_int_equal(glossa_annotation_add(f->db, &g), GLOSSA_OK);
	g.id = 0;
	g.translation = "grasp again";
	g.pos = (int64_t)glossa_utf8_count(before2, strlen(before2));
	assert_int_equal(glossa_annotation_add(f->db, &g), GLOSSA_OK);
	free(two);
	two = export_string(f->db, &art2, GLOSSA_FORMAT_ANKI, &count,
	                    GLOSSA_OK);
	guid_of(two, "抓早", c1);
	assert_string_equal(c1, a1);
	{
		/* the rows of 抓: two GUIDs */
		const char *r1 = strstr(two, "\t抓\tgrasp\t");
		const char *r2 = strstr(two, "\t抓\tgrasp again\t");

		assert_non_null(r1);
		assert_non_null(r2);
		assert_int_not_equal(strncmp(r1 - 23, r2 - 23, 23), 0);
		memcpy(c3, r1 - 23, 23);
		c3[23] = '\0';
		assert_true(is_guid(c3));
	}
	free(three);
	three = export_string(f->db, &art3, GLOSSA_FORMAT_ANKI, &count,
	                      GLOSSA_OK);
	guid_of(three, "抓早", c2);
	assert_true(is_guid(c2));
	assert_string_not_equal(c2, a1);
	free(one);
	free(two);
	free(three);
	free(changed);
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
	assert_non_null(strstr(out, "source\nglossa-"));
	assert_string_equal(strstr(out, "source\nglossa-") + 30,
	                    "\t\"#1\"\tnumber one\t\tWe are #1 here.\t"
	                    "\"#1 & <b>bold</b> (2023-01-01)\"\n");
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
	    cmocka_unit_test_setup_teardown(test_anki_guid, setup, teardown),
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