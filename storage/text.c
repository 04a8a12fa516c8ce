/*
 * text.c: UTF-8, display width and the sanitiser.
 *
 * Exports glossa_utf8_decode(), glossa_utf8_encode(), glossa_utf8_check(),
 * glossa_utf8_count(), glossa_utf8_offset(), glossa_cp_display(),
 * glossa_cp_width(), glossa_sanitize(), glossa_str_width(), and the phrase
 * matching rule: glossa_cp_fold(), glossa_cp_spaced_word(),
 * glossa_cp_variants(), glossa_fold_equal(), glossa_fold(),
 * glossa_phrase_bounds(), glossa_phrase_at() and glossa_phrase_find(); and
 * the sentence rule: glossa_sentence_end(), glossa_sentence_start().
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* wcwidth(), newlocale() when built alone */
#endif

#include "glossa/text.h"
#include "buf.h"
#include "utf8locale.h"
#include "utf8seq.h"

#include <locale.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

size_t glossa_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned lo, hi;
	uint32_t c;
	size_t n, i;

	if (len == 0) {
		*cp = 0;
		return 0;
	}
	c = p[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	/* The lead byte fixes the length and the range of the second
	 * byte, and keeps its low 7 - n bits. */
	n = glossa_utf8_lead(c, &lo, &hi);
	if (n == 0)
		goto bad;
	c &= 0x7Fu >> n;
	if (len < n)
		goto bad;
	for (i = 1; i < n; i++) {
		if (p[i] < lo || p[i] > hi)
			goto bad;
		c = c << 6 | (p[i] & 0x3F);
		lo = 0x80;
		hi = 0xBF;
	}
	*cp = c;
	return n;
bad:
	*cp = p[0];
	return 0;
}

/* Surrogates and values above U+10FFFF are encoded as U+FFFD. */
size_t glossa_utf8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;

	if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		cp = 0xFFFD;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | cp >> 6);
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | cp >> 12);
		o[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | cp >> 18);
	o[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
	o[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

size_t glossa_utf8_check(const char *s, size_t len)
{
	size_t i = 0, n;
	uint32_t cp;

	while ((i += glossa_ascii_run((const unsigned char *)s + i,
	                              len - i)) < len) {
		n = glossa_utf8_decode(s + i, len - i, &cp);
		if (n == 0)
			return i;
		i += n;
	}
	return len;
}

/* An invalid byte counts as one code point, so a bad string never loops. */
size_t glossa_utf8_count(const char *s, size_t len)
{
	size_t i = 0, count = 0, n;
	uint32_t cp;

	while (i < len) {
		n = glossa_ascii_run((const unsigned char *)s + i, len - i);
		i += n;
		count += n;
		if (i == len)
			break;
		n = glossa_utf8_decode(s + i, len - i, &cp);
		i += n ? n : 1;
		count++;
	}
	return count;
}

size_t glossa_utf8_offset(const char *s, size_t len, size_t n)
{
	size_t i = 0, k;
	uint32_t cp;

	while (i < len && n > 0) {
		k = glossa_utf8_decode(s + i, len - i, &cp);
		i += k ? k : 1;
		n--;
	}
	return i < len ? i : len;
}

static locale_t utf8_locale;
static pthread_once_t utf8_locale_once = PTHREAD_ONCE_INIT;

static void utf8_locale_init(void)
{
	utf8_locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
}

locale_t glossa_utf8_locale(void)
{
	pthread_once(&utf8_locale_once, utf8_locale_init);
	return utf8_locale;
}

struct range {
	uint32_t lo, hi;
};

static int in_ranges(uint32_t cp, const struct range *r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (cp >= r[i].lo && cp <= r[i].hi)
			return 1;
	return 0;
}

#define NRANGES(r) (sizeof(r) / sizeof((r)[0]))

/* Widths when no UTF-8 locale can be made: the main wide and combining
 * blocks only; anything else is one column. */
static int table_width(uint32_t cp)
{
	static const struct range zero[] = {
	    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD},
	    {0x0610, 0x061A}, {0x064B, 0x065F}, {0x1AB0, 0x1AFF},
	    {0x1DC0, 0x1DFF}, {0x20D0, 0x20FF}, {0x3099, 0x309A},
	    {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xE0100, 0xE01EF},
	};
	static const struct range wide[] = {
	    {0x1100, 0x115F},   {0x2E80, 0x303E},   {0x3041, 0x33FF},
	    {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},
	    {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},   {0xFE30, 0xFE4F},
	    {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x1F300, 0x1F64F},
	    {0x1F900, 0x1F9FF}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
	};

	if (in_ranges(cp, zero, NRANGES(zero)))
		return 0;
	if (in_ranges(cp, wide, NRANGES(wide)))
		return 2;
	return 1;
}

/* wcwidth() under our own C.UTF-8 locale, whatever the thread's is. */
static int cp_wcwidth(uint32_t cp)
{
	locale_t old;
	int w;

	pthread_once(&utf8_locale_once, utf8_locale_init);
	if (utf8_locale == (locale_t)0)
		return table_width(cp);
	old = uselocale(utf8_locale);
	w = wcwidth((wchar_t)cp);
	uselocale(old);
	return w;
}

/*
 * Characters that are printable to wcwidth() but invisible or able to
 * reorder or hide text: bidi controls, zero-width and format characters,
 * invisible fillers, tags. The zero-width joiner is among them: terminals
 * disagree on whether it fuses emoji, so widths would drift; an emoji
 * sequence is drawn as its parts with "<U+200D>" between them. The soft
 * hyphen (U+00AD) stays printable: terminals draw it as a one-column
 * hyphen, as wcwidth() says.
 */
static int is_hidden(uint32_t cp)
{
	static const struct range hidden[] = {
	    {0x061C, 0x061C}, {0x180E, 0x180E},   {0x200B, 0x200F},
	    {0x2028, 0x202E}, {0x2060, 0x206F},   {0x3164, 0x3164},
	    {0xFDD0, 0xFDEF}, {0xFEFF, 0xFEFF},   {0xFFA0, 0xFFA0},
	    {0xFFF9, 0xFFFB}, {0xE0001, 0xE0001}, {0xE0020, 0xE007F},
	};

	if ((cp & 0xFFFE) == 0xFFFE) /* noncharacters U+nFFFE, U+nFFFF */
		return 1;
	return in_ranges(cp, hidden, NRANGES(hidden));
}

int glossa_cp_display(uint32_t cp, char *placeholder)
{
	int w;

	if (cp >= 0x20 && cp < 0x7F)
		return 1;
	if (cp < 0x20 || cp == 0x7F) {
		placeholder[0] = '^';
		placeholder[1] = cp == 0x7F ? '?' : (char)(cp + 0x40);
		placeholder[2] = '\0';
		return -1;
	}
	if (cp > 0x10FFFF) {
		memcpy(placeholder, "<U+?>", 6);
		return -1;
	}
	w = -1;
	if (!(cp >= 0x80 && cp <= 0x9F) && !(cp >= 0xD800 && cp <= 0xDFFF) &&
	    cp != GLOSSA_MARK_START_CP && cp != GLOSSA_MARK_END_CP &&
	    !is_hidden(cp))
		w = cp_wcwidth(cp);
	if (w >= 0)
		return w > 2 ? 2 : w;
	snprintf(placeholder, GLOSSA_PLACEHOLDER_MAX, "<U+%04X>", (unsigned)cp);
	return -1;
}

int glossa_cp_width(uint32_t cp)
{
	char ph[GLOSSA_PLACEHOLDER_MAX];
	int w = glossa_cp_display(cp, ph);

	return w >= 0 ? w : (int)strlen(ph);
}

/* Output to o, or nowhere when o is NULL (a walk that only measures). */
static void out_put(struct glossa_buf *o, const char *s, size_t n)
{
	if (o)
		glossa_buf_add(o, s, n);
}

struct walk {
	struct glossa_buf *o;
	size_t col;   /* display column since the last kept newline */
	size_t marks; /* combining marks in the current run */
	size_t cut;   /* of which dropped */
};

static void walk_put(struct walk *w, const char *s, size_t n, size_t width)
{
	out_put(w->o, s, n);
	w->col += width;
}

/* Ends a run of combining marks, saying how many were cut. */
static void walk_end_run(struct walk *w)
{
	char buf[32];
	int n;

	if (w->cut > 0) {
		n = snprintf(buf, sizeof(buf), "<+%zu>", w->cut);
		walk_put(w, buf, (size_t)n, (size_t)n);
	}
	w->marks = 0;
	w->cut = 0;
}

/* The one walk behind glossa_sanitize() and glossa_str_width(). */
static size_t walk_text(const char *s, size_t len, unsigned flags,
                        struct glossa_buf *o)
{
	static const char spaces[] = "        ";
	struct walk w = {o, 0, 0, 0};
	char ph[GLOSSA_PLACEHOLDER_MAX];
	size_t i = 0, j, n;
	uint32_t cp;
	int width;

	while (i < len) {
		if (s[i] >= 0x20 && s[i] < 0x7F) {
			for (j = i + 1; j < len && s[j] >= 0x20 && s[j] < 0x7F;
			     j++)
				;
			walk_end_run(&w);
			walk_put(&w, s + i, j - i, j - i);
			i = j;
			continue;
		}
		n = glossa_utf8_decode(s + i, len - i, &cp);
		if (n == 0) {
			walk_end_run(&w);
			snprintf(ph, sizeof(ph), "<%02X>", (unsigned)cp);
			walk_put(&w, ph, 4, 4);
			i++;
			continue;
		}
		if (cp == GLOSSA_MARK_START_CP || cp == GLOSSA_MARK_END_CP) {
			if (flags & GLOSSA_SAN_MARKS)
				out_put(o, s + i, n);
		} else if (cp == '\n' && (flags & GLOSSA_SAN_NEWLINES)) {
			walk_end_run(&w);
			out_put(o, "\n", 1);
			w.col = 0;
		} else if (cp == '\t') {
			walk_end_run(&w);
			j = 8 - w.col % 8;
			if (flags & GLOSSA_SAN_TABS)
				walk_put(&w, "\t", 1, j);
			else
				walk_put(&w, spaces, j, j);
		} else if ((width = glossa_cp_display(cp, ph)) == 0) {
			if (++w.marks > GLOSSA_MAX_COMBINING)
				w.cut++;
			else
				out_put(o, s + i, n);
		} else if (width > 0) {
			walk_end_run(&w);
			walk_put(&w, s + i, n, (size_t)width);
		} else {
			walk_end_run(&w);
			walk_put(&w, ph, strlen(ph), strlen(ph));
		}
		i += n;
	}
	walk_end_run(&w);
	return w.col;
}

char *glossa_sanitize(const char *s, size_t len, unsigned flags)
{
	struct glossa_buf o = {NULL, 0, 0, 0};

	if (s == NULL)
		len = 0;
	if (len > SIZE_MAX / 4)
		return NULL;
	o.cap = len + len / 8 + 16;
	o.s = malloc(o.cap);
	if (o.s == NULL)
		return NULL;
	o.s[0] = '\0';
	walk_text(s, len, flags, &o);
	return glossa_buf_take(&o);
}

size_t glossa_str_width(const char *s, size_t len)
{
	if (s == NULL)
		return 0;
	return walk_text(s, len, 0, NULL);
}

/* Length of the UTF-8 encoding of cp. */
static size_t cp_len(uint32_t cp)
{
	return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/* The scripts written without spaces between words: Thai, Lao, Myanmar,
 * Khmer, Han, kana, bopomofo, hangul (and their symbols). */
static int unspaced(uint32_t cp)
{
	static const struct range r[] = {
	    {0x0E00, 0x0EFF},   {0x1000, 0x109F},   {0x1100, 0x11FF},
	    {0x1780, 0x17FF},   {0x2E80, 0x2FDF},   {0x3000, 0x31FF},
	    {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},   {0xA960, 0xA97F},
	    {0xAC00, 0xD7FF},   {0xF900, 0xFAFF},   {0xFF66, 0xFFDC},
	    {0x1B000, 0x1B16F}, {0x20000, 0x3FFFF},
	};

	return cp >= 0x0E00 && in_ranges(cp, r, NRANGES(r));
}

uint32_t glossa_cp_fold(uint32_t cp)
{
	uint32_t f;

	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
	if (unspaced(cp) || cp > 0x10FFFF)
		return cp;
	pthread_once(&utf8_locale_once, utf8_locale_init);
	if (utf8_locale == (locale_t)0) /* Latin-1 only */
		return cp >= 0xC0 && cp <= 0xDE && cp != 0xD7 ? cp + 32 : cp;
	f = (uint32_t)towlower_l((wint_t)cp, utf8_locale);
	return cp_len(f) == cp_len(cp) ? f : cp;
}

int glossa_cp_spaced_word(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || ((cp | 32) >= 'a' &&
						    (cp | 32) <= 'z');
	if (unspaced(cp) || cp > 0x10FFFF)
		return 0;
	pthread_once(&utf8_locale_once, utf8_locale_init);
	if (utf8_locale == (locale_t)0)
		return (cp >= 0xC0 && cp != 0xD7 && cp != 0xF7) ||
		       cp == 0xAA || cp == 0xB5 || cp == 0xBA;
	return iswalnum_l((wint_t)cp, utf8_locale) ||
	       (cp >= 0x300 && cp_wcwidth(cp) == 0 &&
		!is_hidden(cp));
}

/* The code point at byte i of s, or -1 for an invalid byte. */
static int64_t cp_at(const char *s, size_t len, size_t i)
{
	uint32_t cp;

	if (i >= len)
		return -1;
	if (glossa_utf8_decode(s + i, len - i, &cp) == 0)
		return -1;
	return cp;
}

/* The code point before byte i of s (i > 0), or -1 for an invalid one. */
static int64_t cp_before(const char *s, size_t len, size_t i)
{
	size_t j = i;
	uint32_t cp;

	while (j > 0 && i - j < 3 && ((unsigned char)s[j - 1] & 0xC0) == 0x80)
		j--;
	if (j == 0)
		return -1;
	j--;
	if (glossa_utf8_decode(s + j, len - j, &cp) != i - j)
		return -1;
	return cp;
}

void glossa_fold(const char *s, size_t len, char *out)
{
	size_t i = 0, n;
	uint32_t cp, f;

	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			out[i] = (char)glossa_cp_fold((unsigned char)s[i]);
			i++;
			continue;
		}
		n = glossa_utf8_decode(s + i, len - i, &cp);
		if (n == 0) {
			out[i] = s[i];
			i++;
			continue;
		}
		if ((f = glossa_cp_fold(cp)) != cp)
			glossa_utf8_encode(f, out + i); /* n bytes too */
		else if (out != s)
			memcpy(out + i, s + i, n);
		i += n;
	}
}

int glossa_phrase_bounds(const char *s, size_t len, size_t start,
			 size_t end)
{
	int64_t a, b;

	if (end <= start || end > len)
		return 0;
	a = cp_at(s, len, start);
	if (a >= 0 && glossa_cp_spaced_word((uint32_t)a) && start > 0 &&
	    (b = cp_before(s, len, start)) >= 0 &&
	    glossa_cp_spaced_word((uint32_t)b))
		return 0;
	a = cp_before(s, len, end);
	if (a >= 0 && glossa_cp_spaced_word((uint32_t)a) &&
	    (b = cp_at(s, len, end)) >= 0 &&
	    glossa_cp_spaced_word((uint32_t)b))
		return 0;
	return 1;
}

size_t glossa_cp_variants(uint32_t cp, uint32_t out[3])
{
	uint32_t f = glossa_cp_fold(cp), u;
	size_t n = 1;

	out[0] = cp;
	if (f == cp && ((cp < 0x80 && !(cp >= 'a' && cp <= 'z')) ||
			unspaced(cp)))
		return 1;
	if (f != cp)
		out[n++] = f;
	if (cp < 0x80)
		u = f - 32;
	else if (utf8_locale != (locale_t)0) /* made by glossa_cp_fold() */
		u = (uint32_t)towupper_l((wint_t)f, utf8_locale);
	else
		u = f >= 0xE0 && f <= 0xFE && f != 0xF7 ? f - 32 : f;
	if (u != cp && u != f && cp_len(u) == cp_len(cp) &&
	    glossa_cp_fold(u) == f)
		out[n++] = u;
	return n;
}

int glossa_fold_equal(const char *s, const char *phrase, size_t plen)
{
	size_t i = 0, n, m;
	uint32_t a, b;

	while (i < plen) {
		if ((unsigned char)s[i] < 0x80 &&
		    (unsigned char)phrase[i] < 0x80) {
			if (glossa_cp_fold((unsigned char)s[i]) !=
			    glossa_cp_fold((unsigned char)phrase[i]))
				return 0;
			i++;
			continue;
		}
		n = glossa_utf8_decode(s + i, plen - i, &a);
		m = glossa_utf8_decode(phrase + i, plen - i, &b);
		if (n == 0 || m == 0) {
			if (n != m || s[i] != phrase[i])
				return 0;
			i++;
			continue;
		}
		if (n != m || glossa_cp_fold(a) != glossa_cp_fold(b))
			return 0;
		i += n;
	}
	return 1;
}

int glossa_phrase_at(const char *s, size_t len, size_t off,
		     const char *phrase, size_t plen)
{
	return plen > 0 && off <= len && len - off >= plen &&
	       glossa_fold_equal(s + off, phrase, plen) &&
	       glossa_phrase_bounds(s, len, off, off + plen);
}

size_t glossa_phrase_find(const char *s, size_t len, size_t from,
			  const char *phrase, size_t plen)
{
	size_t n;
	uint32_t cp, var[3];
	const char *p;

	if (plen == 0)
		return SIZE_MAX;
	n = glossa_utf8_decode(phrase, plen, &cp);
	/* a first code point with no other case: memmem to each candidate */
	if (n > 0 && glossa_cp_variants(cp, var) == 1) {
		while (from < len &&
		       (p = memmem(s + from, len - from, phrase, n))) {
			from = (size_t)(p - s);
			if (glossa_phrase_at(s, len, from, phrase, plen))
				return from;
			from += n;
		}
		return SIZE_MAX;
	}
	for (; from < len; from++) {
		if (((unsigned char)s[from] & 0xC0) == 0x80)
			continue;
		if (glossa_phrase_at(s, len, from, phrase, plen))
			return from;
	}
	return SIZE_MAX;
}

/* --- Sentences ------------------------------------------------------- */

/* A quote or bracket that closes what a sentence end stands in. */
static int is_closer(uint32_t cp)
{
	switch (cp) {
	case '"':
	case '\'':
	case ')':
	case ']':
	case '}':
	case 0x2019: /* ’ */
	case 0x201D: /* ” */
	case 0x300B: /* 》 */
	case 0x300D: /* 」 */
	case 0x300F: /* 』 */
	case 0x3011: /* 】 */
	case 0xFF09: /* ） */
	case 0xFF3D: /* ］ */
		return 1;
	}
	return 0;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

size_t glossa_sentence_end(const char *s, size_t len, size_t i)
{
	size_t n, j;
	uint32_t cp;
	int cjk;

	if (i >= len || !(n = glossa_utf8_decode(s + i, len - i, &cp)))
		return 0;
	cjk = cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F;
	if (!cjk && cp != '.' && cp != '!' && cp != '?')
		return 0;
	for (j = i + n; j < len; j += n) {
		if (!(n = glossa_utf8_decode(s + j, len - j, &cp)) ||
		    !is_closer(cp))
			break;
	}
	if (!cjk && j < len && !is_blank(s[j]))
		return 0;
	return j - i;
}

int glossa_sentence_start(const char *s, size_t len, size_t i)
{
	size_t j = i;

	if (i > len)
		return 0;
	while (j > 0 && is_blank(s[j - 1])) {
		if (s[j - 1] == '\n')
			return 1;
		j--;
	}
	if (j == 0)
		return 1;
	/* most words follow a letter or a digit, and most Chinese characters
	 * an ideograph (U+4000 to U+9FFF: a lead byte E4 to E9), which end
	 * no sentence and close nothing (a snippet asks at every position) */
	if ((s[j - 1] >= 'a' && s[j - 1] <= 'z') ||
	    (s[j - 1] >= 'A' && s[j - 1] <= 'Z') ||
	    (s[j - 1] >= '0' && s[j - 1] <= '9'))
		return 0;
	if (j >= 3 && (unsigned char)s[j - 3] >= 0xE4 &&
	    (unsigned char)s[j - 3] <= 0xE9 &&
	    ((unsigned char)s[j - 2] & 0xC0) == 0x80 &&
	    ((unsigned char)s[j - 1] & 0xC0) == 0x80)
		return 0;
	/* back over the closers to the mark they may follow: a sentence
	 * end is at most a mark and its closers, each a few bytes */
	for (size_t k = j; k-- > 0 && j - k <= 64;) {
		if (((unsigned char)s[k] & 0xC0) == 0x80)
			continue;
		if (glossa_sentence_end(s, len, k) == j - k)
			return 1;
		uint32_t cp;
		if (!glossa_utf8_decode(s + k, j - k, &cp) || !is_closer(cp))
			break;
	}
	return 0;
}
