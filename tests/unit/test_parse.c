/*
 * test_parse.c: the article file format: glossa_parse() and
 * glossa_article_format_write() (storage/parse.c, storage/format.c) and
 * the round trip between them, over every input here and the fuzz corpus.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "glossa/article.h"
#include "support.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void assert_same_note(const glossa_annotation_t *x,
                             const glossa_annotation_t *y)
{
	assert_int_equal(x->kind, y->kind);
	assert_string_equal(x->phrase, y->phrase);
	assert_int_equal(x->pos, y->pos);
	assert_string_equal(x->context_before, y->context_before);
	assert_string_equal(x->context_after, y->context_after);
	assert_string_equal(x->reading, y->reading);
	assert_string_equal(x->translation, y->translation);
	assert_string_equal(x->note, y->note);
	assert_string_equal(x->tags, y->tags);
}

/* Field by field, except encoding (not written by format) and warnings
 * (their line numbers move). */
static void assert_same(const glossa_article_t *x, const glossa_article_t *y)
{
	size_t i;

	test_same_article_text(x, y);
	assert_string_equal(x->origin, y->origin);
	assert_int_equal(x->n_notes, y->n_notes);
	for (i = 0; i < x->n_notes; i++)
		assert_same_note(&x->notes[i], &y->notes[i]);
}

/* If text parses, parse(format(a)) == a and format is a fixed point. */
static void check_roundtrip(const char *text, size_t len)
{
	glossa_article_t *a, *b;
	char *f1, *f2, *err = NULL;

	if (glossa_parse(text, len, &a, &err) != GLOSSA_OK) {
		free(err);
		return;
	}
	assert_int_equal(glossa_article_format_write(a, &f1), GLOSSA_OK);
	if (glossa_parse(f1, strlen(f1), &b, &err) != GLOSSA_OK)
		fail_msg("formatted text does not parse: %s\n%s", err, f1);
	assert_same(a, b);
	assert_int_equal(glossa_article_format_write(b, &f2), GLOSSA_OK);
	assert_string_equal(f1, f2);
	free(f1);
	free(f2);
	glossa_article_free(a);
	glossa_article_free(b);
}

static glossa_article_t *parse_ok(const char *text)
{
	glossa_article_t *a = NULL;
	char *err = NULL;

	if (glossa_parse(text, strlen(text), &a, &err) != GLOSSA_OK)
		fail_msg("parse failed: %s", err ? err : "?");
	assert_null(err);
	check_roundtrip(text, strlen(text));
	return a;
}

/* Expect GLOSSA_BAD_INPUT from a string literal, with message want. */
#define PARSE_ERR(lit, want) parse_err(lit, sizeof(lit) - 1, want)

static void parse_err(const char *text, size_t len, const char *want)
{
	glossa_article_t *a = (glossa_article_t *)1;
	char *err = NULL;

	assert_int_equal(glossa_parse(text, len, &a, &err), GLOSSA_BAD_INPUT);
	assert_null(a);
	assert_non_null(err);
	assert_string_equal(err, want);
	free(err);
}

static const char design_example[] =
    "Title: Baogang Group beats the war drums for 2025\n"
    "Source: Rare Earth Exchanges\n"
    "URL: https://example.org/baogang-2025\n"
    "Date: 2025-02-10\n"
    "Tags: rare earths; China; state-owned enterprises\n"
    "Gloss: 擂响战鼓再出发 | beating the war drums again | the slogan of "
    "the meeting\n"
    "Reading: léi xiǎng zhàn gǔ zài chū fā\n"
    "Gloss: 抓早 | early action\n"
    "Note: Compare with the 2024 work report.\n"
    "\n"
    "Baogang Group released its plan (“擂响战鼓再出发”), stressing 抓早.\n";

static void test_design_example(void **state)
{
	glossa_article_t *a = parse_ok(design_example);
	glossa_annotation_t *g;

	(void)state;
	assert_string_equal(a->title,
	                    "Baogang Group beats the war drums for 2025");
	assert_string_equal(a->source, "Rare Earth Exchanges");
	assert_string_equal(a->author, "");
	assert_string_equal(a->url, "https://example.org/baogang-2025");
	assert_string_equal(a->date, "2025-02-10");
	assert_string_equal(a->language, "");
	assert_string_equal(a->tags,
	                    "rare earths; China; state-owned enterprises");
	assert_string_equal(a->encoding, "");
	assert_string_equal(a->origin, "");
	assert_int_equal(a->id, 0);
	assert_string_equal(a->body, "Baogang Group released its plan "
	                             "(“擂响战鼓再出发”), stressing 抓早.");
	assert_int_equal(a->n_extra, 0);
	assert_int_equal(a->n_warnings, 0);
	assert_int_equal(a->n_notes, 3);
	g = &a->notes[0];
	assert_int_equal(g->kind, GLOSSA_KIND_GLOSS);
	assert_string_equal(g->phrase, "擂响战鼓再出发");
	assert_string_equal(g->translation, "beating the war drums again");
	assert_string_equal(g->note, "the slogan of the meeting");
	assert_string_equal(g->reading, "léi xiǎng zhàn gǔ zài chū fā");
	assert_string_equal(g->tags, "");
	/* "Baogang Group released its plan (" is 33 code points, then “. */
	assert_int_equal(g->pos, 34);
	assert_string_equal(g->context_before,
	                    "Baogang Group released its plan (“");
	assert_string_equal(g->context_after, "”), stressing 抓早.");
	assert_int_equal(g->id, 0);
	assert_int_equal(g->article_id, 0);
	g = &a->notes[1];
	assert_string_equal(g->phrase, "抓早");
	assert_string_equal(g->translation, "early action");
	assert_string_equal(g->note, "");
	assert_string_equal(g->reading, "");
	assert_int_equal(g->pos, 55);
	assert_string_equal(g->context_after, ".");
	g = &a->notes[2];
	assert_int_equal(g->kind, GLOSSA_KIND_NOTE);
	assert_string_equal(g->note, "Compare with the 2024 work report.");
	assert_string_equal(g->phrase, "");
	assert_int_equal(g->pos, -1);
	assert_string_equal(g->context_before, "");
	glossa_article_free(a);
}

static void test_names_folding_crlf(void **state)
{
	glossa_article_t *a;

	(void)state;
	a = parse_ok("tItLe:   A  title  \r\n"
	             "  continued\r\n"
	             "\t\tand again \r\n"
	             "SOURCE:x\r\n"
	             "url: u\r\n"
	             "\r\n"
	             "line one\r\nline two\r\r\nlone\rCR\r\n\r\n\r\n");
	assert_string_equal(a->title, "A  title continued and again");
	assert_string_equal(a->source, "x");
	assert_string_equal(a->url, "u");
	/* CRs before a LF go; a lone CR stays; trailing newlines go. */
	assert_string_equal(a->body, "line one\nline two\nlone\rCR");
	glossa_article_free(a);

	/* A field whose value starts on the continuation line. */
	a = parse_ok("Title:\n  folded title\nX-Empty-Start:\n abc\n\nb");
	assert_string_equal(a->title, "folded title");
	assert_string_equal(a->extra[0].value, "abc");
	glossa_article_free(a);

	/* A whitespace-only line ends the header too. */
	a = parse_ok("Title: t\n \t \n\nbody");
	assert_string_equal(a->body, "\nbody");
	glossa_article_free(a);
}

static void test_extra_fields(void **state)
{
	glossa_article_t *a;

	(void)state;
	a = parse_ok("X-Checked: yes\n"
	             "Title: t\n"
	             "translator: Li\n"
	             "  Wei\n"
	             "Empty:\n"
	             "Title: second\n"
	             "Encoding: GB18030\n"
	             "Language: zh\n"
	             "Author: A. B.\n"
	             "\n"
	             "b");
	assert_int_equal(a->n_extra, 4);
	assert_string_equal(a->extra[0].name, "X-Checked");
	assert_string_equal(a->extra[0].value, "yes");
	assert_string_equal(a->extra[1].name, "translator");
	assert_string_equal(a->extra[1].value, "Li Wei");
	assert_string_equal(a->extra[2].name, "Empty");
	assert_string_equal(a->extra[2].value, "");
	assert_string_equal(a->extra[3].name, "Title");
	assert_string_equal(a->extra[3].value, "second");
	assert_string_equal(a->title, "t");
	assert_string_equal(a->encoding, "GB18030");
	assert_string_equal(a->language, "zh");
	assert_string_equal(a->author, "A. B.");
	assert_int_equal(a->n_warnings, 1);
	assert_string_equal(
	    a->warnings[0],
	    "line 6: second Title field kept as an extra field");
	glossa_article_free(a);
}

static void test_escapes(void **state)
{
	glossa_article_t *a;

	(void)state;
	a = parse_ok("Title: t\n"
	             "Gloss: a\\|b | c\\\\d | e | f\n"
	             "Gloss: x\\y | line\\none |\n"
	             "Note: a \\| b\\nc\\\\\n"
	             "\n"
	             "a|b x\\y");
	assert_int_equal(a->n_notes, 3);
	assert_string_equal(a->notes[0].phrase, "a|b");
	assert_string_equal(a->notes[0].translation, "c\\d");
	/* Everything after the second bar is the note. */
	assert_string_equal(a->notes[0].note, "e | f");
	assert_int_equal(a->notes[0].pos, 0);
	/* A backslash before anything else stays as it is. */
	assert_string_equal(a->notes[1].phrase, "x\\y");
	assert_string_equal(a->notes[1].translation, "line\none");
	assert_string_equal(a->notes[1].note, "");
	assert_int_equal(a->notes[1].pos, 4);
	assert_string_equal(a->notes[2].note, "a | b\nc\\");
	glossa_article_free(a);
}

/* What a Gloss without a phrase or a translation is told. */
#define GLOSS_USAGE                                                            \
	"Gloss needs a phrase and a translation: Gloss: phrase | "            \
	"translation [| note]"

static void test_gloss_errors(void **state)
{
	(void)state;
	PARSE_ERR("Title: t\nGloss: a | b\\\n\nbody",
	          "line 2: unterminated escape: a \\ at the end of the Gloss "
	          "value (write \\\\ for a backslash)");
	PARSE_ERR("Title: t\nSource: s\nNote: n \\\\\\\n\nbody",
	          "line 3: unterminated escape: a \\ at the end of the Note "
	          "value (write \\\\ for a backslash)");
	PARSE_ERR("Title: t\nGloss:  | x\n\nbody",
	          "line 2: " GLOSS_USAGE);
	PARSE_ERR("Title: t\n\tmore\nGloss: abc\n\nbody",
	          "line 3: " GLOSS_USAGE);
	PARSE_ERR("Title: t\nGloss: abc |  \n\nbody",
	          "line 2: " GLOSS_USAGE);
	PARSE_ERR("Title: t\nGloss: abc \\| def\n\nbody",
	          "line 2: " GLOSS_USAGE);
}

static void test_reading_quote(void **state)
{
	glossa_article_t *a;

	(void)state;
	a = parse_ok("Title: t\n"
	             "Reading: orphan\n"
	             "Gloss: 抓早 | early action\n"
	             "Reading: zhuā zǎo\n"
	             "Reading: twice\n"
	             "Note: see the phrase\n"
	             "Quote: 战鼓\n"
	             "Note: plain\n"
	             "Gloss: 再 | again\n"
	             "Quote: not after a note\n"
	             "\n"
	             "擂响战鼓再出发，抓早");
	assert_int_equal(a->n_notes, 4);
	assert_string_equal(a->notes[0].reading, "zhuā zǎo");
	assert_int_equal(a->notes[0].pos, 8);
	assert_string_equal(a->notes[0].context_before, "擂响战鼓再出发，");
	assert_string_equal(a->notes[0].context_after, "");
	assert_int_equal(a->notes[1].kind, GLOSSA_KIND_NOTE);
	assert_string_equal(a->notes[1].note, "see the phrase");
	assert_string_equal(a->notes[1].phrase, "战鼓");
	assert_int_equal(a->notes[1].pos, 2);
	assert_string_equal(a->notes[1].context_before, "擂响");
	assert_string_equal(a->notes[2].phrase, "");
	assert_int_equal(a->notes[2].pos, -1);
	assert_int_equal(a->notes[3].pos, 4);
	assert_string_equal(a->notes[3].reading, "");
	assert_int_equal(a->n_extra, 3);
	assert_string_equal(a->extra[0].name, "Reading");
	assert_string_equal(a->extra[0].value, "orphan");
	assert_string_equal(a->extra[1].value, "twice");
	assert_string_equal(a->extra[2].name, "Quote");
	assert_int_equal(a->n_warnings, 3);
	assert_string_equal(a->warnings[0],
	                    "line 2: Reading without a Gloss or Note just "
	                    "before it, kept as an extra field");
	assert_string_equal(a->warnings[1],
	                    "line 5: a second Reading for one Gloss, kept as "
	                    "an extra field");
	assert_string_equal(a->warnings[2],
	                    "line 10: Quote without a Note just before it, "
	                    "kept as an extra field");
	glossa_article_free(a);
}

/* "Escapes: yes" on the first line only; without it "\u{41}" is text. */
static void test_escaped_file(void **state)
{
	glossa_article_t *a;

	(void)state;
	/* an old file: read as it always was */
	a = parse_ok("Title: A \\u{41} title\n"
	             "Gloss: \\u{42} | \\u{43}\n"
	             "\n"
	             "\\u{42} \\\\ \\| \\n\n");
	assert_string_equal(a->title, "A \\u{41} title");
	assert_string_equal(a->notes[0].phrase, "\\u{42}");
	assert_string_equal(a->notes[0].translation, "\\u{43}");
	assert_string_equal(a->body, "\\u{42} \\\\ \\| \\n");
	assert_int_equal(a->notes[0].pos, 0);
	glossa_article_free(a);

	/* escaped: values and body; bad escapes stay text */
	a = parse_ok("escapes: YES\n"
	             "Title: \\u{20}A\\u{1b}[2J\\\\u{41}\\u{9}\n"
	             "X-Field: a\\nb \\u{E000}\n"
	             "Gloss: \\u{200D} | \\u{20} \\| | \n"
	             "Note: \\u{20}\n"
	             "\n"
	             "\\u{D}\n\\u{0} \\u{D800} \\u{110000} \\u{} \\u{1234567} "
	             "\\u{41 \\u{10FFFF}\\n");
	assert_string_equal(a->title, " A\x1b[2J\\u{41}\t");
	assert_int_equal(a->n_extra, 1);
	assert_string_equal(a->extra[0].value, "a\nb \xee\x80\x80");
	assert_string_equal(a->notes[0].phrase, "\xe2\x80\x8d");
	assert_string_equal(a->notes[0].translation, "  |");
	assert_string_equal(a->notes[1].note, " ");
	assert_string_equal(a->body, "\r\n\\u{0} \\u{D800} \\u{110000} "
	                             "\\u{} \\u{1234567} \\u{41 "
	                             "\xf4\x8f\xbf\xbf\n");
	glossa_article_free(a);

	/* not the first line: an extra field, nothing unescaped */
	a = parse_ok("Title: \\u{41}\nEscapes: yes\n\nb");
	assert_string_equal(a->title, "\\u{41}");
	assert_string_equal(a->extra[0].name, "Escapes");
	glossa_article_free(a);
}

/* The fields after a Gloss or Note: Reading, Translation, Note-Tags,
 * Occurrence, Detached. */
static void test_annotation_fields(void **state)
{
	glossa_article_t *a;

	(void)state;
	a = parse_ok("Title: t\n"
	             "Gloss: ab | x\n"
	             "Note-Tags: g1\\|g2\n"
	             "Occurrence: 3\n"
	             "Note: n\n"
	             "Quote: ab\n"
	             "Reading: r\n"
	             "Translation: t\\nt\n"
	             "Note-Tags: n1\n"
	             "Occurrence: 2\n"
	             "Gloss: ab | far\n"
	             "Occurrence: 9\n"
	             "Translation: not for a gloss\n"
	             "Gloss: ab | nowhere\n"
	             "Occurrence: 0\n"
	             "Occurrence: 1\n"
	             "Gloss: cd | y\n"
	             "Occurrence: x\n"
	             "Note: gone\n"
	             "Quote: lost phrase\n"
	             "Detached: before  | after\n"
	             "Note: found again\n"
	             "Quote: ab\n"
	             "Detached: 1- | -2\n"
	             "\n"
	             "ab 1-ab-2 ab 3 cd"); /* a hyphen is a word boundary */
	assert_int_equal(a->n_notes, 7);
	assert_string_equal(a->notes[0].tags, "g1|g2");
	assert_int_equal(a->notes[0].pos, 10);
	assert_string_equal(a->notes[1].reading, "r");
	assert_string_equal(a->notes[1].translation, "t\nt");
	assert_string_equal(a->notes[1].tags, "n1");
	assert_int_equal(a->notes[1].pos, 5);
	assert_string_equal(a->notes[1].context_before, "ab 1-");
	assert_int_equal(a->notes[2].pos, 0); /* fewer than 9: the first */
	assert_string_equal(a->notes[2].translation, "far");
	assert_int_equal(a->notes[3].pos, -1);
	assert_int_equal(a->notes[4].pos, 15);
	assert_int_equal(a->notes[5].pos, -1);
	assert_int_equal(a->notes[5].detached, 1);
	assert_string_equal(a->notes[5].context_before, "before");
	assert_string_equal(a->notes[5].context_after, "after");
	assert_int_equal(a->notes[6].pos, 5); /* where "1-", "-2" fit */
	assert_int_equal(a->notes[6].detached, 0);
	assert_int_equal(a->n_extra, 3);
	assert_string_equal(a->extra[0].name, "Translation");
	assert_string_equal(a->extra[1].name, "Occurrence");
	assert_string_equal(a->extra[1].value, "1");
	assert_string_equal(a->extra[2].value, "x");
	assert_int_equal(a->n_warnings, 5);
	assert_string_equal(a->warnings[0],
	                    "line 13: Translation without a Note just before "
	                    "it, kept as an extra field");
	assert_string_equal(a->warnings[1],
	                    "line 16: a second Occurrence for one Gloss, kept "
	                    "as an extra field");
	assert_string_equal(a->warnings[2], "line 18: Occurrence is not a "
	                                    "number, kept as an extra field");
	assert_string_equal(a->warnings[3],
	                    "gloss phrase not 9 times in the body, taken where "
	                    "it first occurs: ab");
	assert_string_equal(a->warnings[4],
	                    "note phrase not in the body: lost phrase");
	glossa_article_free(a);
}

static void test_no_header(void **state)
{
	glossa_article_t *a;
	char long_line[1000];
	size_t i;

	(void)state;
	a = parse_ok("\n  \r\n  Baogang beats the drums  \r\nSecond line\n");
	assert_string_equal(a->title, "Baogang beats the drums");
	assert_string_equal(a->body,
	                    "\n  \n  Baogang beats the drums  \nSecond line");
	assert_int_equal(a->n_notes, 0);
	glossa_article_free(a);

	/* A body starting like a field is no header without a Title. */
	a = parse_ok("Note: this is a plain text.\n\nMore text.");
	assert_string_equal(a->title, "Note: this is a plain text.");
	assert_string_equal(a->body,
	                    "Note: this is a plain text.\n\nMore text.");
	assert_int_equal(a->n_notes, 0);
	glossa_article_free(a);

	/* Nor is a Title line followed by text that is not a field. */
	a = parse_ok("Title: x\nthen prose\n\nbody");
	assert_string_equal(a->title, "Title: x");
	glossa_article_free(a);

	/* The title is cut at 200 code points (then trimmed). */
	for (i = 0; i < 199; i++)
		memcpy(long_line + i * 3, "战", 3);
	strcpy(long_line + 199 * 3, " tail");
	a = parse_ok(long_line);
	assert_int_equal(strlen(a->title), 199 * 3);
	glossa_article_free(a);
}

static void test_title_rules(void **state)
{
	glossa_article_t *a;

	(void)state;
	/* A header with no body. */
	a = parse_ok("Title: only a header\nSource: s");
	assert_string_equal(a->title, "only a header");
	assert_string_equal(a->body, "");
	glossa_article_free(a);
	a = parse_ok("Title: t\n\n");
	assert_string_equal(a->body, "");
	glossa_article_free(a);
	/* An empty Title before a real one. */
	a = parse_ok("Title:\nTitle: real\n\nb");
	assert_string_equal(a->title, "real");
	assert_int_equal(a->n_extra, 0);
	glossa_article_free(a);

	PARSE_ERR("", "no title: the file is blank");
	PARSE_ERR(" \n\t\r\n\n", "no title: the file is blank");
	PARSE_ERR("Title:  \n\nbody", "no title: the Title field is empty");
	PARSE_ERR("Source: s\nDate: 2025-01-01\n\nbody",
	          "no title: the header has no Title field");
}

static void test_bad_text(void **state)
{
	(void)state;
	PARSE_ERR("Title: t\n\nab\0c", "not a text file (NUL byte at byte 12)");
	PARSE_ERR("Title: t\n\nab\xC0\xAF",
	          "not valid UTF-8 at byte 12 (line 3)");
	PARSE_ERR("Title: t\n\n\xED\xA0\x80",
	          "not valid UTF-8 at byte 10 (line 3)");
}

static void test_positions(void **state)
{
	glossa_article_t *a;
	char body[2048], want[256];
	size_t i;

	(void)state;
	/* 60 CJK characters, the phrase, 60 more: 40 each side. */
	strcpy(body,
	       "Title: t\nGloss: 目标 | target\nGloss: 缺席 | absent\n\n");
	for (i = 0; i < 60; i++)
		strcat(body, i % 2 ? "稀" : "土");
	strcat(body, "目标");
	for (i = 0; i < 60; i++)
		strcat(body, "a");
	a = parse_ok(body);
	assert_int_equal(a->notes[0].pos, 60);
	want[0] = '\0';
	for (i = 20; i < 60; i++)
		strcat(want, i % 2 ? "稀" : "土");
	assert_string_equal(a->notes[0].context_before, want);
	assert_int_equal(strlen(a->notes[0].context_after), 40);
	assert_int_equal(a->notes[1].pos, -1);
	assert_string_equal(a->notes[1].context_before, "");
	assert_int_equal(a->n_warnings, 1);
	assert_string_equal(a->warnings[0],
	                    "gloss phrase not in the body: 缺席");
	glossa_article_free(a);

	/* Context stops at a newline; the first occurrence counts; a BOM
	 * in front is skipped. */
	a = parse_ok("\xEF\xBB\xBFTitle: t\nGloss: 早 | early\nNote: n\nQuote: "
	             "不在\n\nfirst line\n抓早 and 早\nnext");
	assert_int_equal(a->notes[0].pos, 12);
	assert_string_equal(a->notes[0].context_before, "抓");
	assert_string_equal(a->notes[0].context_after, " and 早");
	assert_int_equal(a->notes[1].pos, -1);
	assert_string_equal(a->warnings[0],
	                    "note phrase not in the body: 不在");
	glossa_article_free(a);
}

static void test_format(void **state)
{
	glossa_article_t *a;
	char *out;

	(void)state;
	a = parse_ok(design_example);
	assert_int_equal(glossa_article_format_write(a, &out), GLOSSA_OK);
	assert_string_equal(out, design_example);
	free(out);

	/* Values with newlines: annotations escape them, a plain one makes
	 * the file escaped; an Encoding extra is never written. */
	free(a->source);
	a->source = strdup("two\nlines");
	free(a->notes[2].note);
	a->notes[2].note = strdup("a|b\\c\nd");
	free(a->notes[2].phrase);
	a->notes[2].phrase = strdup("抓早");
	free(a->body);
	a->body = strdup("");
	free(a->extra);
	a->extra = calloc(2, sizeof(*a->extra));
	a->extra[0].name = strdup("encoding");
	a->extra[0].value = strdup("GBK");
	a->extra[1].name = strdup("bad name:");
	a->extra[1].value = strdup("v");
	a->n_extra = 2;
	assert_int_equal(glossa_article_format_write(a, &out), GLOSSA_OK);
	assert_memory_equal(out, "Escapes: yes\nTitle: ", 20);
	assert_non_null(strstr(out, "\nSource: two\\nlines\n"));
	assert_non_null(strstr(out, "\nbad-name-: v\nGloss:"));
	assert_non_null(strstr(out, "\nNote: a\\|b\\\\c\\nd\nQuote: 抓早\n\n"));
	assert_null(strstr(out, "GBK"));
	assert_int_equal(out[strlen(out) - 1], '\n');
	assert_int_equal(out[strlen(out) - 2], '\n');
	check_roundtrip(out, strlen(out));
	free(out);
	glossa_article_free(a);
}

/* A 100 KB header line and a 100 MB single-line body, in linear time (a
 * quadratic parse would take hours; the bound is generous for ASan on a
 * loaded machine: 12 s seen at load 9). */
static void test_large(void **state)
{
	size_t big = 100u << 20, i;
	char *text = malloc(big + 64);
	glossa_article_t *a;
	double t;

	(void)state;
	assert_non_null(text);
	strcpy(text, "Title: ");
	for (i = 7; i < 7 + 100000; i++)
		text[i] = 'a' + (char)(i % 26);
	strcpy(text + i, "\nGloss: zzz | end\n\n");
	i += strlen(text + i);
	memset(text + i, 'x', big - i - 3);
	memcpy(text + big - 4, " zzz", 4); /* a word of its own */
	t = now();
	assert_int_equal(glossa_parse(text, big, &a, NULL), GLOSSA_OK);
	t = now() - t;
	print_message("100 MB body, 100 KB title: %.2f s\n", t);
	assert_true(t < 120); /* only a hang: quadratic is hours */
	assert_int_equal(strlen(a->title), 100000);
	assert_int_equal(strlen(a->body), big - (i + 0));
	assert_int_equal(a->notes[0].pos, (int64_t)(big - i - 3));
	glossa_article_free(a);

	/* The same bytes without a header: one 100 MB line. */
	memset(text, 'y', big);
	t = now();
	assert_int_equal(glossa_parse(text, big, &a, NULL), GLOSSA_OK);
	t = now() - t;
	print_message("100 MB headerless line: %.2f s\n", t);
	assert_true(t < 120); /* only a hang: quadratic is hours */
	assert_int_equal(strlen(a->title), 200);
	assert_int_equal(strlen(a->body), big);
	glossa_article_free(a);
	free(text);
}

static void corpus_roundtrip(const char *data, size_t len, void *arg)
{
	(void)arg;
	check_roundtrip(data, len);
}

/* The round trip over every file of the parse fuzz corpus. */
static void test_corpus_roundtrip(void **state)
{
	(void)state;
	assert_true(test_each_corpus_file("parse", corpus_roundtrip, NULL) >= 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_design_example),
	    cmocka_unit_test(test_names_folding_crlf),
	    cmocka_unit_test(test_extra_fields),
	    cmocka_unit_test(test_escapes),
	    cmocka_unit_test(test_gloss_errors),
	    cmocka_unit_test(test_reading_quote),
	    cmocka_unit_test(test_escaped_file),
	    cmocka_unit_test(test_annotation_fields),
	    cmocka_unit_test(test_no_header),
	    cmocka_unit_test(test_title_rules),
	    cmocka_unit_test(test_bad_text),
	    cmocka_unit_test(test_positions),
	    cmocka_unit_test(test_format),
	    cmocka_unit_test(test_large),
	    cmocka_unit_test(test_corpus_roundtrip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
