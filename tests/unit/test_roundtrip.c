/*
 * test_roundtrip.c: `glossa export --format archive` then `glossa import`
 * into an empty archive gives back the same articles and annotations,
 * through the public API and real SQLite files in a fresh temporary
 * directory.
 *
 * Articles hold every hard case (controls, DEL, C1, ZWJ/ZWNJ/RLM, bidi
 * overrides, escape sequences, U+E000/U+E001, long runs of combining
 * marks, form feeds, lone CRs, CRLF, tabs, trailing spaces, header-like
 * lines in the body, a body starting with a blank line, '|' and '\' in
 * values, a phrase glossed at its second occurrence, notes with every
 * field and white space at their ends, a detached note), then random
 * ones made of the same kinds of code points. Every stored field of
 * every article and annotation is compared, except what belongs to the
 * archive rather than to the article: ids of annotations, origin, import
 * time, annotation times.
 */
#include <dirent.h>
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

/* --- Strings --------------------------------------------------------- */

struct str {
	char *s;
	size_t len, cap;
};

static void str_add(struct str *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = realloc(b->s, b->cap);
		assert_non_null(b->s);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void str_puts(struct str *b, const char *s)
{
	str_add(b, s, strlen(s));
}

static void str_cp(struct str *b, uint32_t cp)
{
	char u[4];

	str_add(b, u, glossa_utf8_encode(cp, u));
}

/* Code point offset of the k-th (from 1) occurrence of phrase in s. */
static int64_t cp_pos(const char *s, const char *phrase, int k)
{
	const char *p = strstr(s, phrase);

	while (p && --k > 0)
		p = strstr(p + 1, phrase);
	assert_non_null(p);
	return (int64_t)glossa_utf8_count(s, (size_t)(p - s));
}

/* --- The round trip -------------------------------------------------- */

static void same_article(const glossa_article_t *x, const glossa_article_t *y)
{
	test_same_article_text(x, y);
	assert_string_equal(x->encoding, y->encoding);
	assert_int_equal(x->read, y->read);
	assert_int_equal(x->n_notes, y->n_notes);
	for (size_t i = 0; i < x->n_notes; i++) {
		const glossa_annotation_t *p = &x->notes[i], *q = &y->notes[i];

		assert_int_equal(p->kind, q->kind);
		assert_string_equal(p->phrase, q->phrase);
		if (p->pos != q->pos)
			fail_msg("article %lld, note %zu (%s): at %lld, back at "
			         "%lld", (long long)x->id, i, p->phrase,
			         (long long)p->pos, (long long)q->pos);
		assert_string_equal(p->context_before, q->context_before);
		assert_string_equal(p->context_after, q->context_after);
		assert_string_equal(p->reading, q->reading);
		assert_string_equal(p->translation, q->translation);
		assert_string_equal(p->note, q->note);
		assert_string_equal(p->tags, q->tags);
		assert_int_equal(p->detached, q->detached);
	}
}

/* Every code point of an exported file is printable as it is, a tab or a
 * line break: nothing in it acts on a terminal. */
static void assert_inert(const char *text, size_t len)
{
	char ph[GLOSSA_PLACEHOLDER_MAX];
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		n = glossa_utf8_decode(text + i, len - i, &cp);
		assert_int_not_equal(n, 0);
		if (cp != '\t' && cp != '\n' && glossa_cp_display(cp, ph) < 0)
			fail_msg("U+%04X raw at byte %zu of an exported file",
			         (unsigned)cp, i);
		i += n;
	}
}

/* The sorted names of the files in dir. */
static int list_files(const char *dir, struct dirent ***names)
{
	int n = scandir(dir, names, NULL, alphasort), k = 0;

	assert_true(n >= 0);
	for (int i = 0; i < n; i++) {
		if ((*names)[i]->d_name[0] == '.')
			free((*names)[i]);
		else
			(*names)[k++] = (*names)[i];
	}
	return k;
}

/*
 * Export t's archive (articles 1 .. n) into a directory, import the files
 * into a new archive, compare every article; export the copy and compare
 * the files byte for byte.
 */
static void round_trip(struct test_archive *t, int64_t n)
{
	glossa_selection_t all = {GLOSSA_SELECT_ALL, NULL, 0, NULL};
	char *dir1 = test_path(t->dir, "export1");
	char *dir2 = test_path(t->dir, "export2");
	char *copy = test_path(t->dir, "copy.db");
	struct dirent **names;
	glossa_db_t *db2;
	char *err = NULL;
	int64_t count;
	int files;

	assert_int_equal(glossa_export_file(t->db, &all, GLOSSA_FORMAT_ARCHIVE,
	                                    dir1, 0, NULL),
	                 GLOSSA_OK);
	assert_int_equal(glossa_db_open(copy, GLOSSA_OPEN_CREATE, &db2, &err),
	                 GLOSSA_OK);
	files = list_files(dir1, &names);
	assert_int_equal(files, n);
	for (int i = 0; i < files; i++) {
		char *path = test_path(dir1, names[i]->d_name);
		glossa_import_result_t res;
		size_t len;
		char *text = test_read_file(path, &len);

		assert_inert(text, len);
		free(text);
		if (glossa_import_file(db2, path, NULL, &res) != GLOSSA_OK)
			fail_msg("%s: %s", path, glossa_db_errmsg(db2));
		assert_int_equal(res.article_id, i + 1);
		assert_int_equal(res.updated, 0);
		glossa_import_result_clear(&res);
		free(path);
	}
	assert_int_equal(glossa_db_count(db2, &count), GLOSSA_OK);
	assert_int_equal(count, n);
	for (int64_t id = 1; id <= n; id++) {
		glossa_article_t *a, *b;

		assert_int_equal(glossa_article_get(t->db, id, &a), GLOSSA_OK);
		assert_int_equal(glossa_article_get(db2, id, &b), GLOSSA_OK);
		same_article(a, b);
		glossa_article_free(a);
		glossa_article_free(b);
	}

	assert_int_equal(
	    glossa_export_file(db2, &all, GLOSSA_FORMAT_ARCHIVE, dir2, 0, NULL),
	    GLOSSA_OK);
	for (int i = 0; i < files; i++) {
		char *p1 = test_path(dir1, names[i]->d_name);
		char *p2 = test_path(dir2, names[i]->d_name);
		size_t n1, n2;
		char *t1 = test_read_file(p1, &n1), *t2 = test_read_file(p2, &n2);

		assert_int_equal(n1, n2);
		assert_memory_equal(t1, t2, n1);
		free(t1);
		free(t2);
		free(p1);
		free(p2);
		free(names[i]);
	}
	free(names);
	glossa_db_close(db2);
	free(copy);
	free(dir1);
	free(dir2);
}

/* --- Hand-made hard cases -------------------------------------------- */

#define ZWJ "\xe2\x80\x8d"
#define ZWNJ "\xe2\x80\x8c"
#define RLM "\xe2\x80\x8f"
#define RLO "\xe2\x80\xae"
#define PDF "\xe2\x80\xac"
#define LRI "\xe2\x81\xa6"
#define PDI "\xe2\x81\xa9"
#define MARK0 "\xee\x80\x80"
#define MARK1 "\xee\x80\x81"
#define ACUTE "\xcc\x81"
#define ACUTE12 ACUTE ACUTE ACUTE ACUTE ACUTE ACUTE ACUTE ACUTE ACUTE ACUTE \
	ACUTE ACUTE

static const char nasty[] =
    "Title: Nasty" ZWJ "title " ZWNJ " " RLM " \f form feed \r lone CR "
    MARK0 "mark" MARK1 " \x1b[2J\n"
    "Source: src \x1b]52;c;aGVsbG8=\x07 OSC 52\n"
    "Author: DEL\x7f C1\xc2\x9b" "C1 e" ACUTE12 "\n"
    "URL: https://example.org/nasty\n"
    "Date: 2025-02-10\n"
    "Language: zh\n"
    "Tags: bidi " RLO "evil" PDF "; " LRI "iso" PDI "\n"
    "X-Custom: a\ttab \\ backslash \\u{41} literal\n"
    "Gloss: A\\|B | bar \\| and \\\\ backslash | a note\\nof two lines\n"
    "Reading: ā b\n"
    "Gloss: 战鼓 | war drums\n"
    "\n"
    "\n"
    "Title: a header line in the body\n"
    "Gloss: not | a gloss\n"
    "\tTabbed line with trailing spaces   \n"
    "CRLF line\r\n"
    "lone\rCR, form\ffeed, vertical\vtab, C0 \x01\x02\x03\x04\x05\x06\x07"
    "\x08\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1c\x1d"
    "\x1e\x1f DEL\x7f\n"
    "C1 \xc2\x80\xc2\x85\xc2\x8d\xc2\x9b\xc2\x9f end\n"
    "ESC \x1b[31mred\x1b[0m \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\ "
    "\x1bP q \x1b\\ \xc2\x9b\n"
    "ZWJ a" ZWJ "b ZWNJ c" ZWNJ "d RLM " RLM " BOM \xef\xbb\xbf "
    "nonchar \xef\xbf\xbf max \xf4\x8f\xbf\xbf\n"
    "bidi " RLO "evil" PDF " " LRI "iso" PDI " marks " MARK0 "hit" MARK1 "\n"
    "combining e" ACUTE12 " end\n"
    "A|B and C\\D and \\u{41} and \\\\ and \\n and \\| literal\n"
    "Escapes: yes\n"
    "会议提出“擂响战鼓再出发”。战鼓声声，战鼓不停。ab ab ab\n"
    "spaced   words  \n";

/* Article 2: a note of the user's that becomes detached when its file
 * comes again without the phrase. */
static const char detach_v1[] =
    "Title: Detached\n"
    "URL: https://example.org/detached\n"
    "\n"
    "The old text had a vanishing phrase in it \x1b[1m.\n";
static const char detach_v2[] =
    "Title: Detached\n"
    "URL: https://example.org/detached\n"
    "\n"
    "The new text does not \x1b[1m.\n";

static void add(glossa_db_t *db, glossa_annotation_t *n)
{
	if (glossa_annotation_add(db, n) != GLOSSA_OK)
		fail_msg("adding a note: %s", glossa_db_errmsg(db));
}

static void test_hard_cases(void **state)
{
	struct test_archive *t = *state;
	glossa_article_t *a;
	glossa_import_result_t res;
	glossa_annotation_t n;
	int64_t id = test_import_text(t->db, nasty), pos;

	assert_int_equal(id, 1);
	assert_int_equal(glossa_article_get(t->db, id, &a), GLOSSA_OK);

	/* A gloss on the 2nd 战鼓 of the body's last Chinese line: the file's
	 * own gloss stands at the first. */
	pos = cp_pos(a->body, "战鼓", 2);
	n = (glossa_annotation_t){.article_id = id, .kind = GLOSSA_KIND_GLOSS,
	                          .phrase = "战鼓", .pos = pos,
	                          .reading = "zhàn gǔ", .translation = "drums",
	                          .note = "", .tags = "war; sound",
	                          .context_before = "", .context_after = ""};
	add(t->db, &n);
	assert_int_equal(n.pos, pos);
	/* ... and on the 3rd "ab", a note with every field. */
	pos = cp_pos(a->body, "ab ab", 2) + 3;
	n = (glossa_annotation_t){
	    .article_id = id, .kind = GLOSSA_KIND_NOTE, .phrase = "ab",
	    .pos = pos, .reading = "\tā b ", .translation = " two\nlines ",
	    .note = "  leading and trailing spaces  ", .tags = "t1, t2",
	    .context_before = "", .context_after = ""};
	add(t->db, &n);
	/* A gloss with controls, marks and bars in every value. */
	pos = cp_pos(a->body, "a" ZWJ "b", 1);
	n = (glossa_annotation_t){
	    .article_id = id, .kind = GLOSSA_KIND_GLOSS, .phrase = "a" ZWJ "b",
	    .pos = pos, .reading = RLM " | \\ " MARK0,
	    .translation = " \x1b[31m | \\| \\u{41} \f\r",
	    .note = "multi\nline\n\nnote \xc2\x9b ", .tags = ZWNJ,
	    .context_before = "", .context_after = ""};
	add(t->db, &n);
	/* A phrase with '|' and '\', then its translation emptied. */
	n = (glossa_annotation_t){.article_id = id, .kind = GLOSSA_KIND_GLOSS,
	                          .phrase = "C\\D", .pos = -1,
	                          .reading = "", .translation = "see",
	                          .note = "", .tags = "",
	                          .context_before = "", .context_after = ""};
	add(t->db, &n);
	n.translation = "";
	assert_int_equal(glossa_annotation_update(t->db, &n), GLOSSA_OK);
	/* A free note without a phrase, multi-line, with reading,
	 * translation and tags. */
	n = (glossa_annotation_t){.article_id = id, .kind = GLOSSA_KIND_NOTE,
	                          .phrase = "", .pos = -1, .reading = "dú",
	                          .translation = "a translation",
	                          .note = "\n\nstarts with line breaks\n",
	                          .tags = "free", .context_before = "",
	                          .context_after = ""};
	add(t->db, &n);
	/* A combining run and a mark in a phrase. */
	pos = cp_pos(a->body, "e" ACUTE12, 1);
	n = (glossa_annotation_t){.article_id = id, .kind = GLOSSA_KIND_GLOSS,
	                          .phrase = "e" ACUTE12, .pos = pos,
	                          .reading = "", .translation = "é, much",
	                          .note = "", .tags = "",
	                          .context_before = "", .context_after = ""};
	add(t->db, &n);
	glossa_article_free(a);

	/* Article 2 with a detached note. */
	assert_int_equal(test_import_text(t->db, detach_v1), 2);
	n = (glossa_annotation_t){.article_id = 2, .kind = GLOSSA_KIND_NOTE,
	                          .phrase = "vanishing phrase", .pos = -1,
	                          .reading = "", .translation = "",
	                          .note = "gone", .tags = "",
	                          .context_before = "", .context_after = ""};
	add(t->db, &n);
	assert_int_equal(glossa_import_buffer(t->db, detach_v2,
	                                      strlen(detach_v2), "v2.txt",
	                                      NULL, &res),
	                 GLOSSA_OK);
	assert_int_equal(res.article_id, 2);
	glossa_import_result_clear(&res);
	assert_int_equal(glossa_article_get(t->db, 2, &a), GLOSSA_OK);
	assert_int_equal(a->n_notes, 1);
	assert_int_equal(a->notes[0].detached, 1);
	assert_string_equal(a->notes[0].context_before, "The old text had a ");
	glossa_article_free(a);

	round_trip(t, 2);
}

/* --- Random articles ------------------------------------------------- */

static uint64_t seed;

static uint32_t rnd(uint32_t n)
{
	seed = seed * 6364136223846793005u + 1442695040888963407u;
	return (uint32_t)(seed >> 33) % n;
}

/* A random piece of text of up to max code points (some are pieces of
 * several: escape sequences, escapes of the format, header lines). */
static void random_text(struct str *b, int max, int one_line)
{
	static const uint32_t special[] = {
	    0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C,
	    0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x2028, 0x2029,
	    0x061C, 0xFEFF, 0xE000, 0xE001, 0xFFFE, 0xFFFF, 0x10FFFF, 0xAD,
	    0x1F600, '\\',  '|',    ':',    ' ',    '\t',   '\r',   '\f',
	    '\v',   0x1B,   0x7F,   0x3000, 0xFF5C, 0xFFFD};
	static const char *const pieces[] = {
	    "\x1b[31m", "\x1b]52;c;eA==\x07", "\x1b]8;;u\x1b\\", "\\u{41}",
	    "\\u{1B}",  "\\n",                "\\|",             "\\\\",
	    "\\",       "Escapes: yes",       "Title: x",        " | ",
	    "战鼓",     "ab",                 "\r\n",            "\\u{"};
	int n = (int)rnd((uint32_t)max + 1);
	size_t from = b->len;

	for (int i = 0; i < n; i++) {
		uint32_t cp;

		switch (rnd(9)) {
		case 0:
		case 1:
			cp = 0x20 + rnd(0x5F);
			break;
		case 2:
			cp = 1 + rnd(0x1F);
			break;
		case 3:
			cp = 0x80 + rnd(0x20);
			break;
		case 4:
			cp = special[rnd(sizeof(special) / sizeof(*special))];
			break;
		case 5:
			for (uint32_t k = rnd(12); k > 0; k--)
				str_cp(b, 0x300 + rnd(0x70));
			continue;
		case 6:
			cp = 0x4E00 + rnd(0x5200);
			break;
		case 7:
			str_puts(b,
			         pieces[rnd(sizeof(pieces) / sizeof(*pieces))]);
			continue;
		default:
			cp = one_line ? ' ' : '\n';
			break;
		}
		str_cp(b, cp);
	}
	if (one_line)
		for (size_t i = from; i < b->len; i++)
			if (b->s[i] == '\n')
				b->s[i] = ' ';
}

static char *random_string(int max, int one_line)
{
	struct str b = {0};

	str_puts(&b, "");
	random_text(&b, max, one_line);
	return b.s;
}

/* A random annotation on article id: a gloss or a note on a random
 * stretch of its body (where it stands), or a free note. */
static void random_note(glossa_db_t *db, const glossa_article_t *a)
{
	size_t cps = glossa_utf8_count(a->body, strlen(a->body));
	glossa_annotation_t n = {.article_id = a->id, .pos = -1};
	char *phrase = strdup(""), *fields[4];

	n.kind = rnd(2) ? GLOSSA_KIND_GLOSS : GLOSSA_KIND_NOTE;
	if (cps > 0 && (n.kind == GLOSSA_KIND_GLOSS || rnd(2))) {
		size_t start = rnd((uint32_t)cps), len = 1 + rnd(6), s, e;

		if (start + len > cps)
			len = cps - start;
		s = glossa_utf8_offset(a->body, strlen(a->body), start);
		e = glossa_utf8_offset(a->body, strlen(a->body), start + len);
		free(phrase);
		phrase = strndup(a->body + s, e - s);
		n.pos = (int64_t)start;
	}
	for (int i = 0; i < 4; i++)
		fields[i] = random_string(12, 0);
	n.phrase = phrase;
	n.reading = fields[0];
	n.translation = fields[1];
	n.note = fields[2];
	n.tags = fields[3];
	n.context_before = n.context_after = "";
	/* what glossa refuses (a blank phrase, translation or text) is
	 * simply not added */
	if (glossa_annotation_add(db, &n) != GLOSSA_OK)
		assert_string_not_equal(glossa_db_errmsg(db), "");
	free(phrase);
	for (int i = 0; i < 4; i++)
		free(fields[i]);
}

static void test_random(void **state)
{
	struct test_archive *t = *state;
	const int articles = 60;

	seed = 20250210;
	for (int i = 1; i <= articles; i++) {
		struct str f = {0};
		char *s;
		glossa_article_t *a;
		int64_t id;

		s = random_string(20, 1);
		str_puts(&f, "Title: T");
		str_add(&f, (char[]){(char)('0' + i % 10)}, 1);
		str_puts(&f, s);
		free(s);
		s = test_printf("\nURL: https://example.org/%d\nSource: ", i);
		str_puts(&f, s);
		free(s);
		random_text(&f, 10, 1);
		str_puts(&f, "\nTags: ");
		random_text(&f, 10, 1);
		str_puts(&f, "\nX-Random: ");
		random_text(&f, 10, 1);
		str_puts(&f, "\n\n");
		random_text(&f, 200, 0);
		id = test_import_text(t->db, f.s);
		assert_int_equal(id, i);
		free(f.s);
		assert_int_equal(glossa_article_get(t->db, id, &a), GLOSSA_OK);
		assert_non_null(strstr(a->url, "https://example.org/"));
		for (uint32_t k = rnd(6); k > 0; k--)
			random_note(t->db, a);
		glossa_article_free(a);
	}
	round_trip(t, articles);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_hard_cases,
	                                    test_archive_setup,
	                                    test_archive_teardown),
	    cmocka_unit_test_setup_teardown(test_random, test_archive_setup,
	                                    test_archive_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
