/*
 * export_fixture.h: what the two export tests share (test_export.c: the
 * formats and the selection; test_export_files.c: the archive round trip
 * and the file safety rules): two articles imported into a new archive in
 * a fresh temporary directory, the expected text and Markdown, helpers.
 * Functions are marked unused so that a file that uses only some of them
 * builds without warnings.
 */
#ifndef GLOSSA_TEST_EXPORT_FIXTURE_H
#define GLOSSA_TEST_EXPORT_FIXTURE_H

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


struct fixture {
	char dir[64];
	char *db_path;
	glossa_db_t *db;
	int64_t notes_a[2]; /* note ids of article 1, in position order */
	int64_t notes_b[6]; /* of article 2 */
};

__attribute__((unused))
static char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	assert_true(vasprintf(&s, fmt, ap) >= 0);
	va_end(ap);
	return s;
}

__attribute__((unused))
static int rm_entry(const char *path, const struct stat *sb, int flag,
                    struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

__attribute__((unused))
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
__attribute__((unused))
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

__attribute__((unused))
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

__attribute__((unused))
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
__attribute__((unused))
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

__attribute__((unused))
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

__attribute__((unused))
static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* The names in dir, sorted, one a line. */
__attribute__((unused))
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

#endif
