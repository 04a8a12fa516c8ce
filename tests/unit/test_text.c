/*
 * test_text.c: UTF-8 decoding, display widths, placeholders and the
 * sanitiser (storage/text.c), and the status messages (storage/status.c).
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
#include <locale.h>

#include "glossa/status.h"
#include "glossa/text.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_status(void **state)
{
	(void)state;
	assert_string_equal(glossa_status_to_string(GLOSSA_OK), "success");
	assert_string_equal(glossa_status_to_string(GLOSSA_BAD_QUERY),
	                    "invalid query");
	assert_string_equal(glossa_status_to_string(GLOSSA_INTERRUPTED),
	                    "interrupted");
	assert_string_equal(glossa_status_to_string(GLOSSA_STATUS_COUNT),
	                    "unknown status");
	assert_string_equal(glossa_status_to_string((glossa_status_t)-1),
	                    "unknown status");
}

struct valid_case {
	const char *s;
	size_t len;
	uint32_t cp;
};

/* Decode each case: a valid one takes its len bytes, an invalid one
 * none; either gives cp. A failure names the case. */
static void check_decode(const struct valid_case *cases, size_t n, int valid)
{
	size_t i, got, want;
	uint32_t cp;

	for (i = 0; i < n; i++) {
		cp = 0xDEAD;
		got = glossa_utf8_decode(cases[i].s, cases[i].len, &cp);
		want = valid ? cases[i].len : 0;
		if (got != want || cp != cases[i].cp)
			fail_msg("case %zu: %zu bytes, U+%04X; not %zu bytes, "
			         "U+%04X", i, got, (unsigned)cp, want,
			         (unsigned)cases[i].cp);
	}
}

static void test_decode_valid(void **state)
{
	static const struct valid_case cases[] = {
	    {"a", 1, 'a'},
	    {"\x7f", 1, 0x7F},
	    {"\xc2\x80", 2, 0x80},
	    {"\xc3\xa9", 2, 0xE9},
	    {"\xdf\xbf", 2, 0x7FF},
	    {"\xe0\xa0\x80", 3, 0x800},
	    {"\xe5\x86\xb3", 3, 0x51B3}, /* 决 */
	    {"\xed\x9f\xbf", 3, 0xD7FF},
	    {"\xee\x80\x80", 3, 0xE000},
	    {"\xef\xbf\xbf", 3, 0xFFFF},
	    {"\xf0\x90\x80\x80", 4, 0x10000},
	    {"\xf0\x9f\x98\x80", 4, 0x1F600},
	    {"\xf4\x8f\xbf\xbf", 4, 0x10FFFF},
	};
	uint32_t cp;

	(void)state;
	check_decode(cases, sizeof(cases) / sizeof(cases[0]), 1);
	/* trailing bytes are not consumed */
	assert_int_equal(glossa_utf8_decode("\xe5\x86\xb3z", 4, &cp), 3);
	assert_int_equal(glossa_utf8_decode("", 0, &cp), 0);
}

static void test_decode_invalid(void **state)
{
	static const struct valid_case cases[] = {
	    {"\x80", 1, 0x80},                 /* stray continuation */
	    {"\xbf", 1, 0xBF},                 /* stray continuation */
	    {"\xff", 1, 0xFF},                 /* never valid */
	    {"\xfe", 1, 0xFE},                 /* never valid */
	    {"\xc0\xaf", 2, 0xC0},             /* overlong '/' */
	    {"\xc1\xbf", 2, 0xC1},             /* overlong, C1 lead */
	    {"\xe0\x80\xaf", 3, 0xE0},         /* overlong 3-byte */
	    {"\xe0\x9f\xbf", 3, 0xE0},         /* overlong 3-byte */
	    {"\xf0\x80\x80\xaf", 4, 0xF0},     /* overlong 4-byte */
	    {"\xf0\x8f\xbf\xbf", 4, 0xF0},     /* overlong 4-byte */
	    {"\xed\xa0\x80", 3, 0xED},         /* surrogate D800 */
	    {"\xed\xbf\xbf", 3, 0xED},         /* surrogate DFFF */
	    {"\xf4\x90\x80\x80", 4, 0xF4},     /* U+110000 */
	    {"\xf5\x80\x80\x80", 4, 0xF5},     /* lead above F4 */
	    {"\xf8\x88\x80\x80\x80", 5, 0xF8}, /* 5-byte form */
	    {"\xe5\x86", 2, 0xE5},             /* truncated */
	    {"\xf0\x9f\x98", 3, 0xF0},         /* truncated */
	    {"\xc3", 1, 0xC3},                 /* truncated */
	    {"\xe5\x41\x41", 3, 0xE5},         /* bad continuation */
	    {"\xe5\x86\x41", 3, 0xE5},         /* bad last byte */
	    {"\xc3\xc3", 2, 0xC3},             /* lead, lead */
	};
	uint32_t cp;

	(void)state;
	check_decode(cases, sizeof(cases) / sizeof(cases[0]), 0);
	/* a valid sequence cut short by len is truncated */
	assert_int_equal(glossa_utf8_decode("\xe5\x86\xb3", 2, &cp), 0);
	assert_int_equal(glossa_utf8_decode("\xf0\x9f\x98\x80", 3, &cp), 0);
}

static void test_encode_roundtrip(void **state)
{
	char buf[4];
	uint32_t cp, back;
	size_t n;

	(void)state;
	for (cp = 0; cp <= 0x10FFFF; cp++) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		n = glossa_utf8_encode(cp, buf);
		assert_in_range(n, 1, 4);
		assert_int_equal(glossa_utf8_decode(buf, n, &back), n);
		assert_int_equal(back, cp);
	}
	n = glossa_utf8_encode(0xD800, buf);
	assert_int_equal(n, 3);
	assert_memory_equal(buf, "\xef\xbf\xbd", 3);
	n = glossa_utf8_encode(0x110000, buf);
	assert_memory_equal(buf, "\xef\xbf\xbd", 3);
}

static void test_check_count_offset(void **state)
{
	const char *s = "a\xe5\x86\xb3\xf0\x9f\x98\x80z"; /* a决😀z */
	size_t len = strlen(s);

	(void)state;
	assert_int_equal(glossa_utf8_check(s, len), len);
	assert_int_equal(glossa_utf8_check("ab\xc0\xafz", 5), 2);
	assert_int_equal(glossa_utf8_check("ab\xe5\x86", 4), 2);
	assert_int_equal(glossa_utf8_check("", 0), 0);
	assert_int_equal(glossa_utf8_count(s, len), 4);
	assert_int_equal(glossa_utf8_count("", 0), 0);
	assert_int_equal(glossa_utf8_count("a\xffz", 3), 3);
	assert_int_equal(glossa_utf8_offset(s, len, 0), 0);
	assert_int_equal(glossa_utf8_offset(s, len, 1), 1);
	assert_int_equal(glossa_utf8_offset(s, len, 2), 4);
	assert_int_equal(glossa_utf8_offset(s, len, 3), 8);
	assert_int_equal(glossa_utf8_offset(s, len, 4), len);
	assert_int_equal(glossa_utf8_offset(s, len, 99), len);
}

/* ASCII is stepped over eight bytes at a time: a bad byte or a character
 * at every offset from a word boundary, ASCII after it. */
static void test_check_count_ascii_runs(void **state)
{
	char buf[64];

	(void)state;
	for (size_t k = 0; k < 24; k++) {
		memset(buf, 'a', sizeof(buf));
		buf[k] = '\xff';
		assert_int_equal(glossa_utf8_check(buf, k + 20), k);
		assert_int_equal(glossa_utf8_count(buf, k + 20), k + 20);
		memcpy(buf + k, "\xe5\x86\xb3", 3); /* 决 */
		assert_int_equal(glossa_utf8_check(buf, k + 20), k + 20);
		assert_int_equal(glossa_utf8_count(buf, k + 20), k + 18);
		assert_int_equal(glossa_utf8_check(buf, k + 2), k);
		assert_int_equal(glossa_utf8_count(buf, k), k);
	}
}

static void test_widths(void **state)
{
	char ph[GLOSSA_PLACEHOLDER_MAX];

	(void)state;
	assert_int_equal(glossa_cp_display(0x51B3, ph), 2); /* 决 */
	assert_int_equal(glossa_cp_display('a', ph), 1);
	assert_int_equal(glossa_cp_display(0x0301, ph), 0);  /* combining */
	assert_int_equal(glossa_cp_display(0x1F600, ph), 2); /* emoji */
	assert_int_equal(glossa_cp_display(0xFF21, ph), 2);  /* fullwidth A */
	assert_int_equal(glossa_cp_display(0xE9, ph), 1);
	assert_int_equal(glossa_cp_display(0xAD, ph), 1); /* soft hyphen */
	assert_int_equal(glossa_cp_width(0x51B3), 2);
	assert_int_equal(glossa_cp_width(0x0301), 0);
	assert_int_equal(glossa_cp_width(0x1B), 2);      /* "^[" */
	assert_int_equal(glossa_cp_width(0x202E), 8);    /* "<U+202E>" */
	assert_int_equal(glossa_cp_width(0x10FFFF), 10); /* "<U+10FFFF>" */
}

/* Widths must not depend on the process locale. */
static void test_widths_any_locale(void **state)
{
	const char *old = setlocale(LC_ALL, NULL);
	char *saved = strdup(old ? old : "C");

	(void)state;
	assert_non_null(setlocale(LC_ALL, "C"));
	assert_int_equal(glossa_cp_width(0x51B3), 2);
	assert_int_equal(glossa_cp_width(0x0301), 0);
	assert_int_equal(glossa_str_width("\xe5\x86\xb3"
	                                  "a",
	                                  4),
	                 3);
	if (setlocale(LC_ALL, "C.UTF-8") != NULL) {
		assert_int_equal(glossa_cp_width(0x51B3), 2);
		assert_int_equal(glossa_cp_width(0x1F600), 2);
	}
	setlocale(LC_ALL, saved);
	free(saved);
}

struct ph_case {
	uint32_t cp;
	const char *ph;
};

static void test_placeholders(void **state)
{
	static const struct ph_case cases[] = {
	    {0x00, "^@"},
	    {0x1B, "^["},
	    {0x09, "^I"},
	    {0x0A, "^J"},
	    {0x0D, "^M"},
	    {0x08, "^H"},
	    {0x1F, "^_"},
	    {0x7F, "^?"},
	    {0x80, "<U+0080>"},
	    {0x85, "<U+0085>"},
	    {0x9B, "<U+009B>"},
	    {0x9F, "<U+009F>"},
	    {0x061C, "<U+061C>"},
	    {0x180E, "<U+180E>"},
	    {0x200B, "<U+200B>"},
	    {0x200C, "<U+200C>"},
	    {0x200D, "<U+200D>"},
	    {0x200E, "<U+200E>"},
	    {0x200F, "<U+200F>"},
	    {0x2028, "<U+2028>"},
	    {0x2029, "<U+2029>"},
	    {0x202A, "<U+202A>"},
	    {0x202E, "<U+202E>"},
	    {0x2060, "<U+2060>"},
	    {0x2064, "<U+2064>"},
	    {0x2066, "<U+2066>"},
	    {0x2069, "<U+2069>"},
	    {0x206F, "<U+206F>"},
	    {0xFEFF, "<U+FEFF>"},
	    {0xFFF9, "<U+FFF9>"},
	    {0xFFFB, "<U+FFFB>"},
	    {0xFDD0, "<U+FDD0>"},
	    {0xFDEF, "<U+FDEF>"},
	    {0xFFFE, "<U+FFFE>"},
	    {0xFFFF, "<U+FFFF>"},
	    {0x1FFFE, "<U+1FFFE>"},
	    {0x10FFFF, "<U+10FFFF>"},
	    {0xE0001, "<U+E0001>"},
	    {0xE0041, "<U+E0041>"},
	    {0xE007F, "<U+E007F>"},
	    {0xE000, "<U+E000>"},
	    {0xE001, "<U+E001>"},
	    {0xD800, "<U+D800>"},
	    {0xDFFF, "<U+DFFF>"},
	    {0x0378, "<U+0378>"}, /* unassigned */
	    {0x110000, "<U+?>"},
	    {0xFFFFFFFF, "<U+?>"},
	};
	char ph[GLOSSA_PLACEHOLDER_MAX];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(ph, 'x', sizeof(ph));
		ph[sizeof(ph) - 1] = '\0';
		if (glossa_cp_display(cases[i].cp, ph) != -1)
			fail_msg("U+%04X should be a placeholder",
			         (unsigned)cases[i].cp);
		assert_string_equal(ph, cases[i].ph);
	}
	/* everything else in the plane is a width 0-2 or a placeholder */
	for (i = 0; i <= 0x10FFFF; i++) {
		int w = glossa_cp_display((uint32_t)i, ph);

		assert_in_range(w + 1, 0, 3);
		if (w < 0) {
			assert_in_range(strlen(ph), 2,
			                GLOSSA_PLACEHOLDER_MAX - 1);
		}
	}
}

static void check_san(const char *in, size_t len, unsigned flags,
                      const char *want)
{
	char *out = glossa_sanitize(in, len, flags);

	assert_non_null(out);
	assert_string_equal(out, want);
	free(out);
}

static void test_sanitize_basic(void **state)
{
	(void)state;
	check_san("", 0, 0, "");
	check_san("plain text", 10, 0, "plain text");
	check_san("\x1b[31mred\x1b[0m", 12, 0, "^[[31mred^[[0m");
	check_san("\x1b]52;c;SGVsbG8=\x07", 16, 0, "^[]52;c;SGVsbG8=^G");
	check_san("AB\rZ", 4, 0, "AB^MZ");
	check_san("a\bb", 3, 0, "a^Hb");
	check_san("\xc2\x9b"
	          "31m",
	          5, 0, "<U+009B>31m");
	check_san("abc\xe2\x80\xae"
	          "cba",
	          9, 0, "abc<U+202E>cba");
	check_san("a\xe2\x80\x8b"
	          "b",
	          5, 0, "a<U+200B>b");
	check_san("\xef\xbb\xbf"
	          "x",
	          4, 0, "<U+FEFF>x");
	check_san("a\xff"
	          "b\xc0\xaf"
	          "c",
	          6, 0, "a<FF>b<C0><AF>c");
	check_san("\xed\xa0\x80", 3, 0, "<ED><A0><80>");
	check_san("x\xe5\x86", 3, 0, "x<E5><86>");
	check_san("\xe5\x86\xb3\xe6\x88\x98", 6, 0, "决战");
	check_san("a\0b", 3, 0, "a^@b");
	check_san("caf\x65\xcc\x81", 6, 0, "cafe\xcc\x81");
	/* s may be NULL when len is 0 */
	check_san(NULL, 0, 0, "");
}

static void test_sanitize_flags(void **state)
{
	const char *marked = "a" GLOSSA_MARK_START "b" GLOSSA_MARK_END "c";

	(void)state;
	check_san("a\nb", 3, 0, "a^Jb");
	check_san("a\nb", 3, GLOSSA_SAN_NEWLINES, "a\nb");
	check_san("a\r\nb", 4, GLOSSA_SAN_NEWLINES, "a^M\nb");
	check_san(marked, strlen(marked), 0, "abc");
	check_san(marked, strlen(marked), GLOSSA_SAN_MARKS, marked);
	check_san("a\tb", 3, 0, "a       b");
	check_san("a\tb", 3, GLOSSA_SAN_TABS, "a\tb");
	check_san("\t", 1, 0, "        ");
	check_san("12345678\tx", 10, 0, "12345678        x");
	/* columns count from the last kept newline */
	check_san("abc\nd\te", 7, GLOSSA_SAN_NEWLINES, "abc\nd       e");
	/* without kept newlines "^J" takes two columns */
	check_san("abc\nd\te", 7, 0, "abc^Jd  e");
	/* markers have no width */
	check_san(GLOSSA_MARK_START "ab" GLOSSA_MARK_END "\tx", 10,
	          GLOSSA_SAN_MARKS,
	          GLOSSA_MARK_START "ab" GLOSSA_MARK_END "      x");
	check_san("a\n\tb\xe2\x80\xae", 7,
	          GLOSSA_SAN_NEWLINES | GLOSSA_SAN_TABS | GLOSSA_SAN_MARKS,
	          "a\n\tb<U+202E>");
}

static void test_sanitize_tabs_wide(void **state)
{
	(void)state;
	/* 决 is two columns: the tab fills six */
	check_san("\xe5\x86\xb3\tx", 5, 0, "\xe5\x86\xb3      x");
	check_san("\xe5\x86\xb3\xe6\x88\x98\xe6\x97\xb6\xe5\x88\xbb\tx", 14, 0,
	          "决战时刻        x");
	/* a combining mark takes no column */
	check_san("e\xcc\x81\tx", 5, 0, "e\xcc\x81       x");
	/* a placeholder takes its own width */
	check_san("\x1b\tx", 3, 0, "^[      x");
	check_san("\xff\tx", 3, 0, "<FF>    x");
}

static void test_sanitize_combining(void **state)
{
	size_t n = 100000, i, len = 1 + 2 * n;
	char *in = malloc(len + 1), *out, want[64];

	(void)state;
	assert_non_null(in);
	in[0] = 'e';
	for (i = 0; i < n; i++)
		memcpy(in + 1 + 2 * i, "\xcc\x81", 2);
	in[len] = '\0';
	out = glossa_sanitize(in, len, 0);
	assert_non_null(out);
	assert_memory_equal(out, in, 1 + 2 * GLOSSA_MAX_COMBINING);
	snprintf(want, sizeof(want), "<+%zu>",
	         n - (size_t)GLOSSA_MAX_COMBINING);
	assert_string_equal(out + 1 + 2 * GLOSSA_MAX_COMBINING, want);
	assert_int_equal(glossa_str_width(in, len), 1 + strlen(want));
	free(out);

	/* exactly the cap: nothing cut; the run ends at the next base */
	check_san("e\xcc\x81\xcc\x81\xcc\x81\xcc\x81\xcc\x81\xcc\x81\xcc\x81"
	          "\xcc\x81"
	          "a",
	          18, 0,
	          "e\xcc\x81\xcc\x81\xcc\x81\xcc\x81\xcc\x81\xcc\x81\xcc\x81"
	          "\xcc\x81"
	          "a");
	check_san("e\xcc\x81\xcc\x81\xcc\x81\xcc\x81\xcc\x81\xcc\x81\xcc\x81"
	          "\xcc\x81\xcc\x81\xcc\x81"
	          "a",
	          22, 0,
	          "e\xcc\x81\xcc\x81\xcc\x81\xcc\x81\xcc\x81\xcc\x81\xcc\x81"
	          "\xcc\x81<+2>a");
	free(in);
}

static void test_str_width(void **state)
{
	(void)state;
	assert_int_equal(glossa_str_width("", 0), 0);
	assert_int_equal(glossa_str_width("abc", 3), 3);
	assert_int_equal(glossa_str_width("\xe5\x86\xb3"
	                                  "a",
	                                  4),
	                 3);
	assert_int_equal(glossa_str_width("a\tb", 3), 9);
	assert_int_equal(glossa_str_width("\x1b[1m", 4), 5);
	assert_int_equal(glossa_str_width("a\xff", 2), 5);
	assert_int_equal(glossa_str_width("e\xcc\x81", 3), 1);
	assert_int_equal(glossa_str_width(GLOSSA_MARK_START "x", 4), 1);
	assert_int_equal(glossa_str_width("\xf0\x9f\x98\x80", 4), 2);
}

/* Whatever the input, the output is valid UTF-8 with only printable
 * characters, and its width is what glossa_str_width() says. */
static void test_sanitize_random(void **state)
{
	static const char *const pieces[] = {
	    "a",
	    " ",
	    "\t",
	    "\n",
	    "\r",
	    "\x1b",
	    "\x7f",
	    "\xc2\x9b",
	    "\xe5\x86\xb3",
	    "\xcc\x81",
	    "\xe2\x80\xae",
	    "\xe2\x80\x8d",
	    GLOSSA_MARK_START,
	    GLOSSA_MARK_END,
	    "\xf0\x9f\x98\x80",
	    "\xff",
	    "\xc0",
	    "\xe5\x86",
	    "\xed\xa0\x80",
	    "\xef\xbf\xbe",
	};
	char in[256], ph[GLOSSA_PLACEHOLDER_MAX];
	unsigned seed = 12345;
	size_t len, i, k, n, width;
	uint32_t cp;
	char *out;
	int iter, w;

	(void)state;
	for (iter = 0; iter < 5000; iter++) {
		len = 0;
		for (k = 0; k < 40; k++) {
			seed = seed * 1103515245u + 12345u;
			if (seed >> 31) {
				const char *p =
				    pieces[(seed >> 16) % (sizeof(pieces) /
				                           sizeof(pieces[0]))];
				memcpy(in + len, p, strlen(p));
				len += strlen(p);
			} else {
				in[len++] = (char)(seed >> 20);
			}
		}
		out = glossa_sanitize(in, len, 0);
		assert_non_null(out);
		n = strlen(out);
		assert_int_equal(glossa_utf8_check(out, n), n);
		width = 0;
		for (i = 0; i < n; i += k) {
			k = glossa_utf8_decode(out + i, n - i, &cp);
			assert_true(k > 0);
			w = glossa_cp_display(cp, ph);
			if (w < 0)
				fail_msg("U+%04X left in output", (unsigned)cp);
			width += (size_t)w;
		}
		/* Tab spaces are in the output, so the widths agree. */
		assert_int_equal(width, glossa_str_width(in, len));
		free(out);
	}
}

/* glossa_sanitize(in, len, flags), its time printed as that of what. */
static char *sanitize_timed(const char *what, const char *in, size_t len,
                            unsigned flags)
{
	double t0 = now();
	char *out = glossa_sanitize(in, len, flags);

	print_message("sanitize %s: %.1f MB in %.3f s\n", what,
	              len / 1048576.0, now() - t0);
	assert_non_null(out);
	return out;
}

static void test_sanitize_big(void **state)
{
	size_t len = 10u << 20, i;
	const char *unit = "Baogang \xe5\x86\xb3\xe6\x88\x98\t\x1b[31m\xcc\x81"
	                   "\xe2\x80\xae\xff\n";
	size_t ulen = strlen(unit);
	char *in = malloc(len), *out;

	(void)state;
	assert_non_null(in);
	for (i = 0; i + ulen <= len; i += ulen)
		memcpy(in + i, unit, ulen);
	len = i;
	out = sanitize_timed("mixed", in, len, GLOSSA_SAN_NEWLINES);
	assert_int_equal(glossa_utf8_check(out, strlen(out)), strlen(out));
	free(out);

	/* all ASCII, and all CJK */
	memset(in, 'x', len);
	out = sanitize_timed("ASCII", in, len, 0);
	assert_int_equal(strlen(out), len);
	free(out);
	for (i = 0; i + 3 <= len; i += 3)
		memcpy(in + i, "\xe5\x86\xb3", 3);
	out = sanitize_timed("CJK", in, i, 0);
	assert_int_equal(strlen(out), i);
	free(out);
	free(in);
}

/* Where phrase first stands in s, or -1. */
static long find(const char *s, const char *phrase)
{
	size_t at = glossa_phrase_find(s, strlen(s), 0, phrase, strlen(phrase));

	return at == SIZE_MAX ? -1 : (long)at;
}

static void test_phrase_words(void **state)
{
	(void)state;
	/* Latin: at word boundaries, case-folded */
	assert_int_equal(find("rare earths", "art"), -1);
	assert_int_equal(find("rare earths", "earth"), -1);
	assert_int_equal(find("rare earths", "earths"), 5);
	assert_int_equal(find("rare earths", "rare"), 0);
	assert_int_equal(find("Art is long", "art"), 0);
	assert_int_equal(find("pop art", "ART"), 4);
	assert_int_equal(find("(art)", "art"), 1);
	assert_int_equal(find("art-house", "art"), 0);
	assert_int_equal(find("art's sake", "art"), 0);
	assert_int_equal(find("art\xe2\x80\x99s sake", "art"), 0); /* ’ */
	assert_int_equal(find("smart art", "art"), 6);
	assert_int_equal(find("art2", "art"), -1);
	assert_int_equal(find("2art", "art"), -1);
	assert_int_equal(find("a_art", "art"), 2); /* '_' separates */
	assert_int_equal(find("the Ga in GaN", "Ga"), 4);
	assert_int_equal(find("Gallium", "Ga"), -1);
	assert_int_equal(find("FREE", "REE"), -1);
	/* digits are word characters; a phrase of punctuation is found
	 * anywhere */
	assert_int_equal(find("15G", "5G"), -1);
	assert_int_equal(find("5G", "5G"), 0);
	assert_int_equal(find("a--b", "--"), 1);
	/* accents kept, case folded (Latin-1 and Latin Extended) */
	assert_int_equal(find("CAF\xc3\x89 noir", "caf\xc3\xa9"), 0);
	assert_int_equal(find("cafe noir", "caf\xc3\xa9"), -1);
	assert_int_equal(find("caf\xc3\xa9s", "caf"), -1);
	assert_int_equal(find("\xc5\x81\xc3\xb3" "d\xc5\xba",
			      "\xc5\x82\xc3\x93" "D\xc5\xb9"), 0); /* Łódź */
	/* a combining accent continues the word: "cafe" + U+0301 */
	assert_int_equal(find("cafe\xcc\x81", "cafe"), -1);
	/* Cyrillic and Greek words */
	assert_int_equal(find("\xd0\x9c\xd0\xb8\xd1\x80 \xd0\xb8 "
			      "\xd0\xbc\xd0\xb8\xd1\x80\xd0\xbd\xd1\x8b\xd0\xb9",
			      "\xd0\xbc\xd0\xb8\xd1\x80"), 0); /* Мир / мир */
	assert_int_equal(find("\xd0\xbc\xd0\xb8\xd1\x80\xd0\xbd\xd1\x8b\xd0\xb9",
			      "\xd0\xbc\xd0\xb8\xd1\x80"), -1); /* мирный */
	assert_int_equal(find("\xce\x9b\xce\x8c\xce\x93\xce\x9f\xce\xa3 x",
			      "\xce\xbb\xcf\x8c\xce\xb3\xce\xbf\xcf\x83"), 0);
	assert_int_equal(find("\xce\xb1\xce\xbb\xce\xbf\xce\xb3\xce\xbf",
			      "\xce\xbb\xce\xbf\xce\xb3\xce\xbf"), -1);
	/* CJK: substrings, inside a run, next to Latin too */
	assert_int_equal(find("\xe7\xa8\x80\xe5\x9c\x9f\xe5\x85\x83"
			      "\xe7\xb4\xa0", "\xe5\x9c\x9f\xe5\x85\x83"), 3);
	assert_int_equal(find("REE\xe7\xa8\x80\xe5\x9c\x9f",
			      "\xe7\xa8\x80\xe5\x9c\x9f"), 3);
	assert_int_equal(find("\xe7\x94\xa8REE\xe7\xa8\x80", "ree"), 3);
	assert_int_equal(find("\xe3\x81\x8b\xe3\x81\xaa\xe3\x81\x8c",
			      "\xe3\x81\xaa"), 3); /* kana */
	assert_int_equal(find("\xed\x95\x9c\xea\xb5\xad\xec\x96\xb4",
			      "\xea\xb5\xad"), 3); /* hangul */
	/* mixed: a boundary at the spaced end only */
	assert_int_equal(find("\xe5\x8f\x91\xe5\xb1\x95" "5G\xe7\xbd\x91"
			      "\xe7\xbb\x9c\xe5\xbb\xba\xe8\xae\xbe",
			      "5G\xe7\xbd\x91\xe7\xbb\x9c"), 6);
	assert_int_equal(find("15G\xe7\xbd\x91\xe7\xbb\x9c",
			      "5G\xe7\xbd\x91\xe7\xbb\x9c"), -1);
	assert_int_equal(find("FREE\xe7\xa8\x80\xe5\x9c\x9f",
			      "REE\xe7\xa8\x80\xe5\x9c\x9f"), -1);
	assert_int_equal(find("the ree\xe7\xa8\x80\xe5\x9c\x9f\xe4\xb8\x9a",
			      "REE\xe7\xa8\x80\xe5\x9c\x9f"), 4);
	/* start and end of text, a start after the first place */
	assert_int_equal(find("art", "art"), 0);
	assert_int_equal(find("ar", "art"), -1);
	assert_int_equal(glossa_phrase_find("art art", 7, 1, "art", 3), 4);
	assert_int_equal(find("", "art"), -1);
	assert_int_equal(find("art", ""), -1);
}

static void test_phrase_fold(void **state)
{
	char s[] = "Rare \xc3\x89" "ARTHS \xd0\x9c\xd0\x98\xd0\xa0 "
		   "\xe7\xa8\x80\xe5\x9c\x9f \xc4\xb0" "K\xe2\x84\xaa";

	(void)state;
	glossa_fold(s, strlen(s), s);
	/* Kelvin sign and capital I with dot: other lengths, kept */
	assert_string_equal(s, "rare \xc3\xa9" "arths \xd0\xbc\xd0\xb8\xd1\x80 "
			       "\xe7\xa8\x80\xe5\x9c\x9f \xc4\xb0" "k\xe2\x84\xaa");
	assert_int_equal(glossa_cp_fold('Q'), 'q');
	assert_int_equal(glossa_cp_fold(0x0100), 0x0101); /* Ā */
	assert_int_equal(glossa_cp_fold(0x4E00), 0x4E00);
	assert_true(glossa_cp_spaced_word(0x00E9));
	assert_true(glossa_cp_spaced_word(0x0416)); /* Ж */
	assert_false(glossa_cp_spaced_word(0x4E00));
	assert_false(glossa_cp_spaced_word(0xAC00));
	assert_false(glossa_cp_spaced_word('\''));
	assert_false(glossa_cp_spaced_word('-'));
	/* an invalid byte is no word character and matches itself */
	assert_int_equal(find("a\xff" "art\xff", "art"), 2);
	assert_int_equal(find("x\xff" "y", "\xff"), 1);
	assert_int_equal(glossa_phrase_at("rare earths", 11, 6, "art", 3), 0);
	assert_int_equal(glossa_phrase_at("an Art", 6, 3, "art", 3), 1);
}

/* One sentence rule for snippets and exported contexts: 。！？ end a
 * sentence always, . ! ? before white space or the end, with the closing
 * quotes after them; a line break starts one too. */
static void test_sentences(void **state)
{
	static const char zh[] = "他说：“走。”我们走吧！好吗？对";
	static const char en[] = "It is 2.5 m (U.S.A. units). \"Go!\" he said?\nNew";
	size_t zlen = strlen(zh), elen = strlen(en);
	const char *p;

	(void)state;
	/* 。 with its closing quote; ！ and ？ alone */
	p = strstr(zh, "。");
	assert_int_equal(glossa_sentence_end(zh, zlen, (size_t)(p - zh)),
			 strlen("。”"));
	assert_int_equal(glossa_sentence_start(zh, zlen,
					       (size_t)(p - zh) + strlen("。”")),
			 1);
	p = strstr(zh, "！");
	assert_int_equal(glossa_sentence_end(zh, zlen, (size_t)(p - zh)),
			 strlen("！"));
	assert_int_equal(glossa_sentence_start(zh, zlen, (size_t)(strstr(zh, "好") - zh)), 1);
	assert_int_equal(glossa_sentence_start(zh, zlen, (size_t)(strstr(zh, "对") - zh)), 1);
	/* a full-width colon is no sentence end; inside a sentence, none */
	assert_int_equal(glossa_sentence_end(zh, zlen, (size_t)(strstr(zh, "：") - zh)), 0);
	assert_int_equal(glossa_sentence_start(zh, zlen, (size_t)(strstr(zh, "“") - zh)), 0);
	assert_int_equal(glossa_sentence_start(zh, zlen, (size_t)(strstr(zh, "们") - zh)), 0);
	assert_int_equal(glossa_sentence_start(zh, zlen, 0), 1);

	/* "2.5" and "U.S.A." inside a sentence are no ends */
	assert_int_equal(glossa_sentence_end(en, elen, (size_t)(strstr(en, ".5") - en)), 0);
	assert_int_equal(glossa_sentence_end(en, elen, (size_t)(strstr(en, "S.A") - en) + 1), 0);
	assert_int_equal(glossa_sentence_start(en, elen, (size_t)(strstr(en, "m (") - en)), 0);
	/* "units)." ends with its bracket; "Go!" inside quotes, with them */
	assert_int_equal(glossa_sentence_end(en, elen, (size_t)(strstr(en, "). ") - en) + 1), 1);
	assert_int_equal(glossa_sentence_start(en, elen, (size_t)(strstr(en, "\"Go") - en)), 1);
	assert_int_equal(glossa_sentence_end(en, elen, (size_t)(strstr(en, "!") - en)), 2);
	assert_int_equal(glossa_sentence_start(en, elen, (size_t)(strstr(en, " he") - en) + 1), 1);
	/* ? before a line break; the line after it starts one */
	assert_int_equal(glossa_sentence_end(en, elen, (size_t)(strstr(en, "?") - en)), 1);
	assert_int_equal(glossa_sentence_start(en, elen, (size_t)(strstr(en, "New") - en)), 1);
	/* at the very end */
	assert_int_equal(glossa_sentence_end("Done.", 5, 4), 1);
	assert_int_equal(glossa_sentence_end("Done.x", 6, 4), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_status),
	    cmocka_unit_test(test_sentences),
	    cmocka_unit_test(test_decode_valid),
	    cmocka_unit_test(test_decode_invalid),
	    cmocka_unit_test(test_encode_roundtrip),
	    cmocka_unit_test(test_check_count_offset),
	    cmocka_unit_test(test_check_count_ascii_runs),
	    cmocka_unit_test(test_widths),
	    cmocka_unit_test(test_widths_any_locale),
	    cmocka_unit_test(test_placeholders),
	    cmocka_unit_test(test_sanitize_basic),
	    cmocka_unit_test(test_sanitize_flags),
	    cmocka_unit_test(test_sanitize_tabs_wide),
	    cmocka_unit_test(test_sanitize_combining),
	    cmocka_unit_test(test_str_width),
	    cmocka_unit_test(test_sanitize_random),
	    cmocka_unit_test(test_sanitize_big),
	    cmocka_unit_test(test_phrase_words),
	    cmocka_unit_test(test_phrase_fold),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
