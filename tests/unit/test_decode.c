/*
 * test_decode.c: glossa_decode() (storage/decode.c): encodings detected
 * and named, and every refusal with its exact message and byte offset.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <iconv.h>

#include "glossa/article.h"
#include "glossa/text.h"
#include "support.h"

/* What a refusal of bytes that are not UTF-8 ends with. */
#define ENCODING_HINT                                                          \
	"; if the file is in another encoding, pass --encoding (e.g. "         \
	"--encoding GB18030)"

static const char sample[] =
    "Title: 包钢擂响战鼓\n\n包钢集团擂响战鼓再出发。\n抓早。";

/* The bytes of the UTF-8 string s in encoding enc, made with iconv. */
static char *conv(const char *enc, const char *s, size_t *len)
{
	iconv_t cd = iconv_open(enc, "UTF-8");
	size_t il = strlen(s), cap = il * 4 + 8, ol = cap;
	char *buf = malloc(cap), *ip = (char *)s, *op = buf;

	assert_true(cd != (iconv_t)-1);
	assert_non_null(buf);
	assert_true(iconv(cd, &ip, &il, &op, &ol) != (size_t)-1);
	iconv_close(cd);
	*len = cap - ol;
	return buf;
}

/* Decode and expect success with the given text and encoding name. */
static void decode_ok(const char *data, size_t len, const char *enc,
                      const char *want, const char *want_enc)
{
	char *out = NULL, *oenc = NULL, *err = NULL;
	size_t n = 0;
	glossa_status_t st =
	    glossa_decode(data, len, enc, &out, &n, &oenc, &err);

	if (st != GLOSSA_OK)
		fail_msg("decode failed: %s", err ? err : "?");
	assert_int_equal(n, strlen(want));
	assert_memory_equal(out, want, n);
	assert_int_equal(out[n], '\0');
	assert_string_equal(oenc, want_enc);
	assert_null(err);
	free(out);
	free(oenc);
}

/* Decode and expect GLOSSA_BAD_INPUT with exactly the message want. */
static void decode_err(const char *data, size_t len, const char *enc,
                       const char *want)
{
	char *out = (char *)1, *oenc = (char *)1, *err = NULL;
	size_t n = 7;
	glossa_status_t st =
	    glossa_decode(data, len, enc, &out, &n, &oenc, &err);

	assert_int_equal(st, GLOSSA_BAD_INPUT);
	assert_null(out);
	assert_null(oenc);
	assert_int_equal(n, 0);
	assert_non_null(err);
	assert_string_equal(err, want);
	free(err);
}

/* Bytes of s with a prefix (e.g. a BOM) in front. */
static char *with_prefix(const char *pre, size_t plen, const char *s,
                         size_t slen, size_t *len)
{
	char *b = malloc(plen + slen);

	assert_non_null(b);
	memcpy(b, pre, plen);
	memcpy(b + plen, s, slen);
	*len = plen + slen;
	return b;
}

static void test_utf8(void **state)
{
	char *b;
	size_t n;

	(void)state;
	decode_ok(sample, strlen(sample), NULL, sample, "UTF-8");
	decode_ok(sample, strlen(sample), "utf8", sample, "UTF-8");
	b = with_prefix("\xEF\xBB\xBF", 3, sample, strlen(sample), &n);
	decode_ok(b, n, NULL, sample, "UTF-8");
	free(b);
	/* An Encoding: header that says UTF-8. */
	decode_ok("Encoding: utf-8\n\nx", 18, NULL, "Encoding: utf-8\n\nx",
	          "UTF-8");
}

static void test_utf16_utf32(void **state)
{
	static const struct {
		const char *enc, *bom;
		size_t bomlen;
	} cases[] = {
	    {"UTF-16LE", "\xFF\xFE", 2},
	    {"UTF-16BE", "\xFE\xFF", 2},
	    {"UTF-32LE", "\xFF\xFE\0\0", 4},
	    {"UTF-32BE", "\0\0\xFE\xFF", 4},
	};
	size_t i, n, blen;
	char *raw, *b;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		raw = conv(cases[i].enc, sample, &n);
		b = with_prefix(cases[i].bom, cases[i].bomlen, raw, n, &blen);
		/* Sniffed from the BOM, and named explicitly. */
		decode_ok(b, blen, NULL, sample, cases[i].enc);
		decode_ok(b, blen, cases[i].enc, sample, cases[i].enc);
		/* Explicit without a BOM. */
		decode_ok(raw, n, cases[i].enc, sample, cases[i].enc);
		free(b);
		free(raw);
	}
	/* "UTF-16" takes its byte order from the BOM. */
	raw = conv("UTF-16LE", sample, &n);
	b = with_prefix("\xFF\xFE", 2, raw, n, &blen);
	decode_ok(b, blen, "utf-16", sample, "UTF-16LE");
	free(b);
	free(raw);
}

static void test_chinese_encodings(void **state)
{
	const char *big5_text = "Title: 包鋼\n\n包鋼集團";
	char *raw, *b;
	size_t n, blen;

	(void)state;
	raw = conv("GB18030", sample, &n);
	decode_ok(raw, n, "GB18030", sample, "GB18030");
	decode_ok(raw, n, "gbk", sample, "GB18030");
	decode_ok(raw, n, "GB2312", sample, "GB18030");
	decode_ok(raw, n, "cp936", sample, "GB18030");
	/* Unlabelled GB18030 is not UTF-8: the offset is the first CJK byte,
	 * after "Title: ". */
	decode_err(raw, n, NULL,
	           "not valid UTF-8 at byte 7 (line 1)" ENCODING_HINT);
	free(raw);

	/* The Encoding: header is read from the ASCII bytes. */
	raw = conv("GB18030", "Source: x\nencoding:  GBK \nTitle: 包钢\n\n战鼓",
	           &n);
	decode_ok(raw, n, NULL,
	          "Source: x\nencoding:  GBK \nTitle: 包钢\n\n战鼓", "GB18030");
	/* An explicit encoding wins over the header. */
	decode_err(raw, n, "UTF-8",
	           "not valid UTF-8 at byte 33 (line 3)" ENCODING_HINT);
	free(raw);

	/* A UTF-8 BOM wins over a stale Encoding: header. */
	b = with_prefix("\xEF\xBB\xBF", 3, "Encoding: GB18030\n\n战鼓",
	                strlen("Encoding: GB18030\n\n战鼓"), &blen);
	decode_ok(b, blen, NULL, "Encoding: GB18030\n\n战鼓", "UTF-8");
	free(b);

	raw = conv("BIG5", big5_text, &n);
	decode_ok(raw, n, "big5", big5_text, "BIG5");
	decode_ok(raw, n, "BIG-5", big5_text, "BIG5");
	free(raw);
	/* HKSCS text under a Big5 label: refused, with a hint. */
	decode_err("Title: x\n\n\x87\x40", 12, "BIG5",
	           "invalid BIG5 sequence at byte 10 (line 3); if the file is "
	           "Big5-HKSCS, pass --encoding BIG5-HKSCS");
	decode_ok("Title: x\n\n\x87\x40", 12, "big5-hkscs",
	          "Title: x\n\n\xe4\x8f\xb0", "BIG5-HKSCS");
	/* Latin-1 never fails; 9B becomes U+009B for the sanitiser. */
	decode_ok("a\x9b"
	          "b",
	          3, "latin1",
	          "a\xc2\x9b"
	          "b",
	          "ISO-8859-1");
}

static void test_bad_utf8(void **state)
{
	(void)state;
	decode_err("ab\ncd\xff"
	           "e",
	           7, NULL,
	           "not valid UTF-8 at byte 5 (line 2)" ENCODING_HINT);
	decode_err("x\xC0\xAF", 3, NULL,
	           "not valid UTF-8 at byte 1 (line 1)" ENCODING_HINT);
	decode_err("\n\n\nab\xED\xA0\x80", 8, NULL,
	           "not valid UTF-8 at byte 5 (line 4)" ENCODING_HINT);
	decode_err("\xF4\x90\x80\x80", 4, NULL,
	           "not valid UTF-8 at byte 0 (line 1)" ENCODING_HINT);
	decode_err("abc\n\xE6\x88", 6, NULL,
	           "truncated UTF-8 at byte 4 (line 2)" ENCODING_HINT);
	/* After a BOM the offset still counts the BOM. */
	decode_err("\xEF\xBB\xBFz\xFF", 5, NULL,
	           "not valid UTF-8 at byte 4 (line 1)" ENCODING_HINT);
}

static void test_refusals(void **state)
{
	(void)state;
	decode_err("ab\ncd\0ef", 8, NULL,
	           "not a text file (NUL byte at byte 5)");
	/* UTF-16 without a BOM looks like text with NUL bytes: a hint. */
	decode_err("T\0i\0t\0l\0e\0", 10, NULL,
	           "not a text file (NUL byte at byte 1); if it is UTF-16 "
	           "text, pass --encoding UTF-16LE");
	decode_err("\0T\0i\0t", 6, NULL,
	           "not a text file (NUL byte at byte 0); if it is UTF-16 "
	           "text, pass --encoding UTF-16BE");
	decode_err("ab\0c", 4, "GB18030",
	           "not a text file (NUL byte at byte 2)");
	decode_err("\xFF\xFE"
	           "a\0\0\0",
	           6, NULL, "not a text file (NUL byte at byte 4)");
	decode_err("\xFF\xFE\0\0"
	           "a\0\0\0\0\0\0\0",
	           12, NULL, "not a text file (NUL byte at byte 8)");
	decode_err("", 0, NULL, "empty file");
	decode_err("", 0, "GB18030", "empty file");
	decode_err("\xEF\xBB\xBF", 3, NULL, "empty file");
	decode_err("\xFF\xFE", 2, NULL, "empty file");
	decode_err("\xFE\xFF", 2, "utf-16", "empty file");
	decode_err("abc", 3, "xyz", "unknown encoding \"xyz\"");
	decode_err("abc", 3, "UTF-8//IGNORE",
	           "unknown encoding \"UTF-8//IGNORE\"");
	decode_err("Encoding: klingon\n\nx", 20, NULL,
	           "unknown encoding \"klingon\"");
}

static void test_iconv_errors(void **state)
{
	(void)state;
	/* Odd length UTF-16: the last byte is half a code unit. */
	decode_err("\xFF\xFE"
	           "a\0\n\0b",
	           7, NULL,
	           "truncated UTF-16LE sequence at the end of the file, byte "
	           "6 (line 2)");
	/* A lone low surrogate, and a high one followed by a letter. */
	decode_err("\xFF\xFE"
	           "a\0\n\0\x00\xDC"
	           "b\0",
	           10, NULL, "invalid UTF-16LE sequence at byte 6 (line 2)");
	decode_err("\xFE\xFF\0a\xD8\x00\0b", 8, NULL,
	           "invalid UTF-16BE sequence at byte 4 (line 1)");
	/* A high surrogate at the very end is truncated. */
	decode_err("\xFF\xFE"
	           "a\0\x00\xD8",
	           6, NULL,
	           "truncated UTF-16LE sequence at the end of the file, byte "
	           "4 (line 1)");
	/* UTF-32 above U+10FFFF. */
	decode_err("\xFF\xFE\0\0"
	           "a\0\0\0\0\0\x11\0",
	           12, NULL, "invalid UTF-32LE sequence at byte 8 (line 1)");
	/* GB18030: FF is never a lead byte; 81 alone at the end is cut. */
	decode_err("Title: x\n\nA\xFF"
	           "B",
	           13, "GB18030",
	           "invalid GB18030 sequence at byte 11 (line 3)");
	decode_err("Title: x\n\nA\x81", 12, "gbk",
	           "truncated GB18030 sequence at the end of the file, byte 11 "
	           "(line 3)");
	/* A U+0000 that only shows after conversion (UTF-7 has no zero
	 * bytes). */
	decode_err("a\n+AAA-b", 8, "UTF-7",
	           "not a text file (U+0000 at line 2)");
}

static void test_errmsg_null(void **state)
{
	char *out, *enc;
	size_t n;

	(void)state;
	assert_int_equal(glossa_decode("\xff", 1, NULL, &out, &n, &enc, NULL),
	                 GLOSSA_BAD_INPUT);
}

/* A large GB18030 input grows the output buffer (E2BIG) and still comes
 * back whole. */
static void test_large(void **state)
{
	size_t i, n, reps = 200000;
	char *text = malloc(reps * 12 + 1), *raw, *out, *enc;
	size_t on;

	(void)state;
	assert_non_null(text);
	text[0] = '\0';
	for (i = 0; i < reps; i++)
		memcpy(text + i * 12, "战鼓再出发\n", 12);
	text[reps * 12] = '\0';
	raw = conv("GB18030", text, &n);
	assert_int_equal(
	    glossa_decode(raw, n, "GB18030", &out, &on, &enc, NULL), GLOSSA_OK);
	assert_int_equal(on, reps * 12);
	assert_memory_equal(out, text, on);
	free(out);
	free(enc);
	free(raw);
	free(text);
}

/* The same table as tests/fuzz/fuzz_decode.c: a corpus file's first byte
 * picks the encoding argument. */
static const char *const fuzz_encodings[] = {
    NULL,        "GB18030", "gbk",   "UTF-16LE",   "UTF-16BE", "UTF-16",
    "UTF-32LE",  "UTF-32",  "BIG5",  "BIG5-HKSCS", "latin1",   "UTF-8",
    "SHIFT_JIS", "EUC-KR",  "UTF-7", "bogus",
};

/* How many of the decode fuzz corpus's files decoded. */
static void corpus_decode(const char *buf, size_t n, void *arg)
{
	size_t *ok = arg, on;
	char *out, *enc, *err = NULL;
	glossa_status_t st;

	assert_true(n > 0);
	st = glossa_decode(buf + 1, n - 1,
	                   fuzz_encodings[(unsigned char)buf[0] % 16], &out,
	                   &on, &enc, &err);
	if (st == GLOSSA_OK) {
		assert_int_equal(strlen(out), on);
		assert_int_equal(glossa_utf8_check(out, on), on);
		free(out);
		free(enc);
		(*ok)++;
	} else {
		assert_int_equal(st, GLOSSA_BAD_INPUT);
		assert_non_null(err);
		free(err);
	}
}

/* Replay the decode fuzz corpus: success gives NUL-free valid UTF-8 of
 * the stated length, failure a message; the valid seeds all decode. */
static void test_corpus(void **state)
{
	size_t ok = 0;

	(void)state;
	assert_true(test_each_corpus_file("decode", corpus_decode, &ok) >= 20);
	assert_true(ok >= 12);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_utf8),
	    cmocka_unit_test(test_utf16_utf32),
	    cmocka_unit_test(test_chinese_encodings),
	    cmocka_unit_test(test_bad_utf8),
	    cmocka_unit_test(test_refusals),
	    cmocka_unit_test(test_iconv_errors),
	    cmocka_unit_test(test_errmsg_null),
	    cmocka_unit_test(test_large),
	    cmocka_unit_test(test_corpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
