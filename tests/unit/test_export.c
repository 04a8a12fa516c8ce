/*
 * test_export.c: the export module (storage/export.c) on a real archive
 * in a fresh temporary directory: every format against hand-written
 * expected text, the Anki file field by field, an archive round trip, and
 * the file safety rules (existing target, symlink, directory, device, a
 * failing write, no temporary file left behind).
 */
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "glossa/glossa.h"

/* An article of 2024 (imported first: id 1), all Chinese. */
static const char article_a[] =
    "Title: 稀土管理条例\n"
    "Source: 新华社\n"
    "Date: 2024-06-29\n"
    "Gloss: 保护性开采 | protective mining\n"
    "Note: State Council decree No. 785\n"
    "\n"
    "《稀土管理条例》自2024年10月1日起施行。国家对稀土资源实行保护性开采！\n";

/* An article of 2025 (id 2, first in list order): a reading, a "\|"
 * escape, a note with a line break, a note quoting a phrase, and a body
 * with an escape sequence and a bidi override. (The escape's final "m"
 * would be a letter of the word "mRed": a space keeps "Red" a word.) */
static const char article_b[] =
    "Title: Baogang Group beats the war drums for 2025\n"
    "Source: Rare Earth Exchanges\n"
    "Date: 2025-02-10\n"
    "URL: https://example.org/baogang-2025\n"
    "Tags: rare earths; China\n"
    "Gloss: 擂响战鼓再出发 | beating the war drums again | the slogan of "
    "the meeting\n"
    "Reading: léi xiǎng zhàn gǔ zài chū fā\n"
    "Gloss: 抓早 | early action\n"
    "Gloss: A\\|B | the \"A or B\" choice\n"
    "Gloss: Red | red, in an escape sequence\n"
    "Note: Compare with the 2024 work report.\\nSee also *2023* and "
    "#plans.\n"
    "Note: A \"quoted\" remark on the drums\n"
    "Quote: 战鼓\n"
    "\n"
    "包钢集团召开2025年工作会议。会议提出“擂响战鼓再出发”，要求各单位抓早、"
    "抓实。\n"
    "Output rose 2.5 percent: \"A|B\" is the choice. Then \x1b[31m Red"
    "\x1b[0m alert \xe2\x80\xae"
    "evil\xe2\x80\xac"
    " here.\n";

#define SENTENCE_1 "会议提出“擂响战鼓再出发”，要求各单位抓早、抓实。"

static const char expect_text[] =
    "Baogang Group beats the war drums for 2025\n"
    "Source: Rare Earth Exchanges\n"
    "Date: 2025-02-10\n"
    "URL: https://example.org/baogang-2025\n"
    "\n"
    "擂响战鼓再出发 — beating the war drums again\n"
    "  Reading: léi xiǎng zhàn gǔ zài chū fā\n"
    "  Note: the slogan of the meeting\n"
    "  Context: " SENTENCE_1 "\n"
    "战鼓\n"
    "  Note: A \"quoted\" remark on the drums\n"
    "  Context: " SENTENCE_1 "\n"
    "抓早 — early action\n"
    "  Context: " SENTENCE_1 "\n"
    "A|B — the \"A or B\" choice\n"
    "  Context: Output rose 2.5 percent: \"A|B\" is the choice.\n"
    "Red — red, in an escape sequence\n"
    "  Context: Then ^[[31m Red^[[0m alert <U+202E>evil<U+202C> here.\n"
    "Note: Compare with the 2024 work report.\n"
    "    See also *2023* and #plans.\n"
    "\n"
    "稀土管理条例\n"
    "Source: 新华社\n"
    "Date: 2024-06-29\n"
    "\n"
    "保护性开采 — protective mining\n"
    "  Context: 国家对稀土资源实行保护性开采！\n"
    "Note: State Council decree No. 785\n";

static const char expect_markdown[] =
    "# Baogang Group beats the war drums for 2025\n"
    "\n"
    "Source: Rare Earth Exchanges\\\n"
    "Date: 2025-02-10\\\n"
    "URL: <https://example.org/baogang-2025>\n"
    "\n"
    "- **擂响战鼓再出发** — beating the war drums again\n"
    "  - Reading: léi xiǎng zhàn gǔ zài chū fā\n"
    "  - Note: the slogan of the meeting\n"
    "  > " SENTENCE_1 "\n"
    "- **战鼓**\n"
    "  - Note: A \"quoted\" remark on the drums\n"
    "  > " SENTENCE_1 "\n"
    "- **抓早** — early action\n"
    "  > " SENTENCE_1 "\n"
    "- **A|B** — the \"A or B\" choice\n"
    "  > Output rose 2.5 percent: \"A|B\" is the choice.\n"
    "- **Red** — red, in an escape sequence\n"
    "  > Then ^\\[\\[31m Red^\\[\\[0m alert \\<U+202E\\>evil\\<U+202C\\> "
    "here.\n"
    "- Note: Compare with the 2024 work report.\n"
    "  See also \\*2023\\* and \\#plans.\n"
    "\n"
    "# 稀土管理条例\n"
    "\n"
    "Source: 新华社\\\n"
    "Date: 2024-06-29\n"
    "\n"
    "- **保护性开采** — protective mining\n"
    "  > 国家对稀土资源实行保护性开采！\n"
    "- Note: State Council decree No. 785\n";

#define SOURCE_B                                                               \
	"Baogang Group beats the war drums for 2025 (Rare Earth Exchanges, "   \
	"2025-02-10)"
#define TAGS_B "rare_earths China"

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

struct fixture {
	char dir[64];
	char *db_path;
	glossa_db_t *db;
	int64_t notes_a[2]; /* note ids of article 1, in position order */
	int64_t notes_b[6]; /* of article 2 */
};

static char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	assert_true(vasprintf(&s, fmt, ap) >= 0);
	va_end(ap);
	return s;
}

static int rm_entry(const char *path, const struct stat *sb, int flag,
                    struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void import(glossa_db_t *db, const char *text, const char *origin,
                   int64_t want_id)
{
	glossa_import_result_t res;

	assert_int_equal(
	    glossa_import_buffer(db, text, strlen(text), origin, NULL, &res),
	    GLOSSA_OK);
	assert_int_equal(res.article_id, want_id);
	assert_int_equal(res.n_warnings, 0);
	glossa_import_result_clear(&res);
}

/* The ids of an article's notes in position order (a note without a
 * phrase last). */
static void note_ids(glossa_db_t *db, int64_t article, int64_t *ids, size_t n)
{
	glossa_annotation_t *notes;
	size_t got, k = 0;

	assert_int_equal(glossa_annotations_list(db, article, &notes, &got),
	                 GLOSSA_OK);
	assert_int_equal(got, n);
	for (size_t i = 0; i < got; i++)
		if (notes[i].pos >= 0)
			ids[k++] = notes[i].id;
	for (size_t i = 0; i < got; i++)
		if (notes[i].pos < 0)
			ids[k++] = notes[i].id;
	glossa_annotations_free(notes, got);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char *err = NULL;

	assert_non_null(f);
	strcpy(f->dir, "/tmp/glossa-export.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	f->db_path = xasprintf("%s/archive.db", f->dir);
	assert_int_equal(
	    glossa_db_open(f->db_path, GLOSSA_OPEN_CREATE, &f->db, &err),
	    GLOSSA_OK);
	import(f->db, article_a, "a.txt", 1);
	import(f->db, article_b, "b.txt", 2);
	note_ids(f->db, 1, f->notes_a, 2);
	note_ids(f->db, 2, f->notes_b, 6);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	glossa_db_close(f->db);
	nftw(f->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(f->db_path);
	free(f);
	return 0;
}

/* Export to a string; the status is checked against want. */
static char *export_string(glossa_db_t *db, const glossa_selection_t *sel,
                           glossa_format_kind_t format, size_t *count,
                           glossa_status_t want)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(glossa_export_stream(db, sel, format, f, count), want);
	fclose(f);
	return buf;
}

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0, got;

	if (!f)
		return NULL;
	do {
		if (cap - n < 4096) {
			cap = cap * 2 + 4096;
			buf = realloc(buf, cap + 1);
			assert_non_null(buf);
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	fclose(f);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* The names in dir, sorted, one a line. */
static char *list_dir(const char *dir)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort);
	char *out = strdup("");

	assert_true(n >= 0);
	for (int i = 0; i < n; i++) {
		if (strcmp(names[i]->d_name, ".") &&
		    strcmp(names[i]->d_name, "..")) {
			char *more = xasprintf("%s%s\n", out, names[i]->d_name);

			free(out);
			out = more;
		}
		free(names[i]);
	}
	free(names);
	return out;
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
static void test_archive_round_trip(void **state)
{
	struct fixture *f = *state;
	glossa_selection_t all = {GLOSSA_SELECT_ALL, NULL, 0, NULL};
	char *dir1 = xasprintf("%s/export1", f->dir);
	char *dir2 = xasprintf("%s/export2", f->dir);
	char *db2_path = xasprintf("%s/copy.db", f->dir);
	static const char *const names[] = {
	    "0001-稀土管理条例.txt",
	    "0002-baogang-group-beats-the-war-drums-for-2025.txt",
	};
	glossa_db_t *db2;
	glossa_article_t *a, *b;
	size_t count = 0;
	char *listing, *err = NULL, *stream;

	assert_int_equal(glossa_export_file(f->db, &all, GLOSSA_FORMAT_ARCHIVE,
	                                    dir1, 0, &count),
	                 GLOSSA_OK);
	assert_int_equal(count, 8);
	listing = list_dir(dir1);
	assert_string_equal(
	    listing, "0001-稀土管理条例.txt\n"
	             "0002-baogang-group-beats-the-war-drums-for-2025.txt\n");
	free(listing);

	assert_int_equal(
	    glossa_db_open(db2_path, GLOSSA_OPEN_CREATE, &db2, &err),
	    GLOSSA_OK);
	for (size_t i = 0; i < 2; i++) {
		char *path = xasprintf("%s/%s", dir1, names[i]);
		glossa_import_result_t res;

		assert_int_equal(glossa_import_file(db2, path, NULL, &res),
		                 GLOSSA_OK);
		assert_int_equal(res.article_id, (int64_t)i + 1);
		assert_int_equal(res.n_warnings, 0);
		glossa_import_result_clear(&res);
		free(path);
	}

	/* The same articles and annotations, the escape sequence too. */
	assert_int_equal(glossa_article_get(f->db, 2, &a), GLOSSA_OK);
	assert_int_equal(glossa_article_get(db2, 2, &b), GLOSSA_OK);
	assert_string_equal(a->title, b->title);
	assert_string_equal(a->source, b->source);
	assert_string_equal(a->url, b->url);
	assert_string_equal(a->date, b->date);
	assert_string_equal(a->tags, b->tags);
	assert_string_equal(a->body, b->body);
	assert_non_null(strchr(b->body, '\x1b'));
	assert_int_equal(a->n_notes, b->n_notes);
	for (size_t i = 0; i < a->n_notes; i++) {
		assert_int_equal(a->notes[i].kind, b->notes[i].kind);
		assert_string_equal(a->notes[i].phrase, b->notes[i].phrase);
		assert_string_equal(a->notes[i].reading, b->notes[i].reading);
		assert_string_equal(a->notes[i].translation,
		                    b->notes[i].translation);
		assert_string_equal(a->notes[i].note, b->notes[i].note);
	}
	glossa_article_free(a);
	glossa_article_free(b);
	assert_int_equal(glossa_article_get(f->db, 1, &a), GLOSSA_OK);
	assert_int_equal(glossa_article_get(db2, 1, &b), GLOSSA_OK);
	assert_string_equal(a->body, b->body);
	assert_int_equal(a->n_notes, b->n_notes);
	glossa_article_free(a);
	glossa_article_free(b);

	assert_int_equal(glossa_export_file(db2, &all, GLOSSA_FORMAT_ARCHIVE,
	                                    dir2, 0, &count),
	                 GLOSSA_OK);
	assert_int_equal(count, 8);
	listing = list_dir(dir2);
	assert_string_equal(
	    listing, "0001-稀土管理条例.txt\n"
	             "0002-baogang-group-beats-the-war-drums-for-2025.txt\n");
	free(listing);
	for (size_t i = 0; i < 2; i++) {
		char *p1 = xasprintf("%s/%s", dir1, names[i]);
		char *p2 = xasprintf("%s/%s", dir2, names[i]);
		size_t n1, n2;
		char *t1 = read_all(p1, &n1), *t2 = read_all(p2, &n2);

		assert_non_null(t1);
		assert_non_null(t2);
		assert_int_equal(n1, n2);
		assert_memory_equal(t1, t2, n1);
		/* escaped in the file: nothing a terminal would act on */
		assert_null(strchr(t1, '\x1b'));
		assert_null(strstr(t1, "\xe2\x80\xae"));
		free(t1);
		free(t2);
		free(p1);
		free(p2);
	}

	/* Again into dir1: each file exists, refused without force. */
	assert_int_equal(
	    glossa_export_file(db2, &all, GLOSSA_FORMAT_ARCHIVE, dir1, 0, NULL),
	    GLOSSA_EXISTS);
	assert_int_equal(
	    glossa_export_file(db2, &all, GLOSSA_FORMAT_ARCHIVE, dir1, 1, NULL),
	    GLOSSA_OK);
	listing = list_dir(dir1);
	assert_string_equal(
	    listing, "0001-稀土管理条例.txt\n"
	             "0002-baogang-group-beats-the-war-drums-for-2025.txt\n");
	free(listing);

	/* As one stream: the two files with a form feed line between. */
	stream =
	    export_string(db2, &all, GLOSSA_FORMAT_ARCHIVE, &count, GLOSSA_OK);
	{
		char *p2 = xasprintf("%s/%s", dir1, names[1]);
		char *p1 = xasprintf("%s/%s", dir1, names[0]);
		char *t2 = read_all(p2, NULL), *t1 = read_all(p1, NULL);
		char *want = xasprintf("%s\f\n%s", t2, t1);

		assert_string_equal(stream, want);
		free(want);
		free(t1);
		free(t2);
		free(p1);
		free(p2);
	}
	assert_int_equal(count, 8);
	free(stream);

	glossa_db_close(db2);
	free(db2_path);
	free(dir1);
	free(dir2);
}

static void test_file_names(void **state)
{
	struct fixture *f = *state;
	static const char evil[] =
	    "Title: ../-Rare earths: \"export\" controls / quotas, 2025 -- "
	    "a very long title that goes on and on beyond sixty bytes\n"
	    "\n"
	    "Body.\n";
	glossa_selection_t all = {GLOSSA_SELECT_ALL, NULL, 0, NULL};
	char *dir = xasprintf("%s/names", f->dir), *listing;
	glossa_import_result_t res;

	assert_int_equal(glossa_import_buffer(f->db, evil, strlen(evil),
	                                      "evil.txt", NULL, &res),
	                 GLOSSA_OK);
	glossa_import_result_clear(&res);
	assert_int_equal(glossa_export_file(f->db, &all, GLOSSA_FORMAT_ARCHIVE,
	                                    dir, 0, NULL),
	                 GLOSSA_OK);
	listing = list_dir(dir);
	/* The slug is cut between words to at most 60 bytes. */
	assert_string_equal(
	    listing,
	    "0001-稀土管理条例.txt\n"
	    "0002-baogang-group-beats-the-war-drums-for-2025.txt\n"
	    "0003-rare-earths-export-controls-quotas-2025-a-very-long-title."
	    "txt\n");
	/* Measured on the names made, not on a literal: each slug is at
	 * most 60 bytes, and the long one ends where the next word of its
	 * title ("that") would have taken it past 60. */
	for (char *line = listing, *nl; *line; line = nl + 1) {
		size_t slug;
		assert_non_null(nl = strchr(line, '\n'));
		slug = (size_t)(nl - line) - strlen("0001-") - strlen(".txt");
		assert_true(slug <= 60);
		if (strncmp(line, "0003-", 5) == 0)
			assert_true(slug + strlen("-that") > 60);
	}
	free(listing);
	free(dir);
}

/* Titles in any script name their files: letters kept, quotes and
 * brackets dropped, punctuation a '-'; no control, bidi or format
 * character, none of / <>:"\\|?*, a long title cut at a character
 * boundary. */
static void test_file_names_any_script(void **state)
{
	struct fixture *f = *state;
	static const char *const titles[] = {
	    /* 4: quotes dropped, the colon separates */
	    "读\xe2\x80\x9c十四五\xe2\x80\x9d原材料工业规划：稀土",
	    /* 5: bidi override, zero-width joiner, Windows' reserved */
	    ".\xe2\x80\xae<Ré>:\"sumé\"\\|?*/\xe2\x80\x8dЖурнал\tx",
	    /* 6: 30 CJK characters: 90 bytes, cut at 60 */
	    "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十",
	    /* 7: nothing usable */
	    "\xe2\x80\x9c\xe3\x80\x8a\xe2\x80\xa6\xe3\x80\x8b\xe2\x80\x9d",
	};
	glossa_selection_t all = {GLOSSA_SELECT_ALL, NULL, 0, NULL};
	char *dir = xasprintf("%s/names", f->dir), *listing;
	glossa_import_result_t res;

	for (size_t i = 0; i < sizeof(titles) / sizeof(titles[0]); i++) {
		char *text = xasprintf("Title: %s\n\nBody %zu.\n", titles[i], i);
		/* titles 1 and 2 are the fixture's */
		assert_int_equal(glossa_import_buffer(f->db, text, strlen(text),
		                                      "t.txt", NULL, &res),
		                 GLOSSA_OK);
		glossa_import_result_clear(&res);
		free(text);
	}
	assert_int_equal(glossa_export_file(f->db, &all, GLOSSA_FORMAT_ARCHIVE,
	                                    dir, 0, NULL),
	                 GLOSSA_OK);
	listing = list_dir(dir);
	assert_string_equal(
	    listing,
	    "0001-稀土管理条例.txt\n"
	    "0002-baogang-group-beats-the-war-drums-for-2025.txt\n"
	    "0003-读十四五原材料工业规划-稀土.txt\n"
	    "0004-ré-sumé-Журнал-x.txt\n"
	    "0005-一二三四五六七八九十一二三四五六七八九十.txt\n"
	    "0006-article.txt\n");
	free(listing);
	free(dir);
}

static void test_file_safety(void **state)
{
	struct fixture *f = *state;
	glossa_selection_t all = {GLOSSA_SELECT_ALL, NULL, 0, NULL};
	char *target = xasprintf("%s/notes.txt", f->dir);
	char *victim = xasprintf("%s/victim.txt", f->dir);
	char *link_path = xasprintf("%s/link.txt", f->dir);
	char *subdir = xasprintf("%s/subdir", f->dir);
	char *missing = xasprintf("%s/no/such/dir/x.txt", f->dir);
	char *text, *listing, *want;
	size_t count = 0;
	struct stat sb;

	/* A new file: the same text as the stream. */
	assert_int_equal(glossa_export_file(f->db, &all, GLOSSA_FORMAT_TEXT,
	                                    target, 0, &count),
	                 GLOSSA_OK);
	assert_int_equal(count, 8);
	text = read_all(target, NULL);
	assert_string_equal(text, expect_text);
	free(text);
	assert_int_equal(stat(target, &sb), 0);
	assert_true(S_ISREG(sb.st_mode));

	/* An existing file is kept without force. */
	write_file(target, "precious\n");
	assert_int_equal(glossa_export_file(f->db, &all, GLOSSA_FORMAT_TEXT,
	                                    target, 0, NULL),
	                 GLOSSA_EXISTS);
	assert_non_null(strstr(glossa_db_errmsg(f->db), target));
	text = read_all(target, NULL);
	assert_string_equal(text, "precious\n");
	free(text);

	/* And replaced with it. */
	assert_int_equal(glossa_export_file(f->db, &all, GLOSSA_FORMAT_MARKDOWN,
	                                    target, 1, NULL),
	                 GLOSSA_OK);
	text = read_all(target, NULL);
	assert_string_equal(text, expect_markdown);
	free(text);

	/* A symbolic link is never followed, even with force. */
	write_file(victim, "keep me\n");
	assert_int_equal(symlink(victim, link_path), 0);
	for (int force = 0; force <= 1; force++) {
		assert_int_not_equal(glossa_export_file(f->db, &all,
		                                        GLOSSA_FORMAT_TEXT,
		                                        link_path, force, NULL),
		                     GLOSSA_OK);
		assert_non_null(strstr(glossa_db_errmsg(f->db),
		                       "is a symbolic link; not following it"));
	}
	text = read_all(victim, NULL);
	assert_string_equal(text, "keep me\n");
	free(text);
	assert_int_equal(lstat(link_path, &sb), 0);
	assert_true(S_ISLNK(sb.st_mode));

	/* A directory is in the way. */
	assert_int_equal(mkdir(subdir, 0755), 0);
	assert_int_not_equal(glossa_export_file(f->db, &all, GLOSSA_FORMAT_TEXT,
	                                        subdir, 1, NULL),
	                     GLOSSA_OK);
	assert_non_null(strstr(glossa_db_errmsg(f->db), "is a directory"));

	/* A device: refused, not written in place. */
	assert_int_not_equal(glossa_export_file(f->db, &all, GLOSSA_FORMAT_TEXT,
	                                        "/dev/full", 1, NULL),
	                     GLOSSA_OK);
	assert_non_null(strstr(glossa_db_errmsg(f->db), "not a regular file"));

	/* A directory that does not exist. */
	assert_int_equal(glossa_export_file(f->db, &all, GLOSSA_FORMAT_TEXT,
	                                    missing, 0, NULL),
	                 GLOSSA_IO);

	/* The archive format needs a directory, not a file. */
	assert_int_not_equal(glossa_export_file(f->db, &all,
	                                        GLOSSA_FORMAT_ARCHIVE, target,
	                                        1, NULL),
	                     GLOSSA_OK);
	assert_non_null(strstr(glossa_db_errmsg(f->db), "not a directory"));

	/* Nothing left behind: no temporary file anywhere. */
	listing = list_dir(f->dir);
	assert_string_equal(listing, "archive.db\narchive.db-shm\n"
	                             "archive.db-wal\nlink.txt\nnotes.txt\n"
	                             "subdir\nvictim.txt\n");
	free(listing);
	listing = list_dir(subdir);
	assert_string_equal(listing, "");
	free(listing);
	text = read_all(target, NULL);
	assert_string_equal(text, expect_markdown);
	free(text);
	(void)want;
	free(target);
	free(victim);
	free(link_path);
	free(subdir);
	free(missing);
}

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

/* A stream that cannot be written: a full disk is GLOSSA_FULL. */
static void test_stream_full(void **state)
{
	struct fixture *f = *state;
	glossa_selection_t all = {GLOSSA_SELECT_ALL, NULL, 0, NULL};
	FILE *full = fopen("/dev/full", "w");
	size_t count = 7;

	if (!full)
		skip();
	for (int fmt = GLOSSA_FORMAT_TEXT; fmt <= GLOSSA_FORMAT_ARCHIVE;
	     fmt++) {
		assert_int_equal(
		    glossa_export_stream(f->db, &all, fmt, full, &count),
		    GLOSSA_FULL);
		assert_int_equal(count, 0);
		assert_non_null(strstr(glossa_db_errmsg(f->db), "disk full"));
		clearerr(full);
	}
	fclose(full);
}

/* A write that fails half way (file size limit): an error, the target
 * untouched and the temporary file removed. */
static void test_write_fails(void **state)
{
	struct fixture *f = *state;
	glossa_selection_t all = {GLOSSA_SELECT_ALL, NULL, 0, NULL};
	char *target = xasprintf("%s/big.txt", f->dir);
	char *listing;
	struct rlimit old, small;
	void (*old_handler)(int);
	glossa_status_t st;
	char *text;

	write_file(target, "old\n");
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	small = old;
	small.rlim_cur = 100; /* less than the export */
	old_handler = signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
	st = glossa_export_file(f->db, &all, GLOSSA_FORMAT_TEXT, target, 1,
	                        NULL);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, old_handler);
	assert_int_equal(st, GLOSSA_IO);
	assert_non_null(strstr(glossa_db_errmsg(f->db), target));
	text = read_all(target, NULL);
	assert_string_equal(text, "old\n");
	free(text);
	listing = list_dir(f->dir);
	assert_string_equal(
	    listing, "archive.db\narchive.db-shm\narchive.db-wal\nbig.txt\n");
	free(listing);
	free(target);
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
	    cmocka_unit_test_setup_teardown(test_file_names_any_script, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_long_context, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_archive_round_trip, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_file_names, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_file_safety, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_stream_full, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_write_fails, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
