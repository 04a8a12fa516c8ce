/*
 * pinyin.c: pinyin with tone numbers (CC-CEDICT's) to tone marks.
 *
 * Exports glossa_pinyin_marks().
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "glossa/dict.h"
#include "glossa/text.h"

/* The vowels with their four tone marks, lower then upper case. */
static const struct {
	uint32_t base, marked[4];
} toned[] = {
    {'a', {0x0101, 0x00E1, 0x01CE, 0x00E0}},
    {'e', {0x0113, 0x00E9, 0x011B, 0x00E8}},
    {'i', {0x012B, 0x00ED, 0x01D0, 0x00EC}},
    {'o', {0x014D, 0x00F3, 0x01D2, 0x00F2}},
    {'u', {0x016B, 0x00FA, 0x01D4, 0x00F9}},
    {0x00FC, {0x01D6, 0x01D8, 0x01DA, 0x01DC}}, /* ü */
    {'A', {0x0100, 0x00C1, 0x01CD, 0x00C0}},
    {'E', {0x0112, 0x00C9, 0x011A, 0x00C8}},
    {'I', {0x012A, 0x00CD, 0x01CF, 0x00CC}},
    {'O', {0x014C, 0x00D3, 0x01D1, 0x00D2}},
    {'U', {0x016A, 0x00DA, 0x01D3, 0x00D9}},
    {0x00DC, {0x01D5, 0x01D7, 0x01D9, 0x01DB}}, /* Ü */
};

/* The combining marks of tones 1-4, for m and n (no vowel: "m2"). */
static const uint32_t combining[4] = {0x0304, 0x0301, 0x030C, 0x0300};

static int is_vowel(uint32_t c)
{
	for (size_t i = 0; i < sizeof(toned) / sizeof(toned[0]); i++)
		if (toned[i].base == c)
			return 1;
	return 0;
}

static uint32_t lower(uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	return c == 0x00DC ? 0x00FC : c;
}

#define MAX_SYLLABLE 16

/* The erhua syllable "r5", which joins the syllable before it. */
static int is_erhua(const char *t, size_t n)
{
	return n == 2 && (t[0] == 'r' || t[0] == 'R') && t[1] == '5';
}

/* Write one token (n bytes of t) to b: a syllable with its tone marked,
 * or the token as it is when it is not one. */
static void add_token(struct glossa_buf *b, const char *t, size_t n)
{
	uint32_t cp[MAX_SYLLABLE];
	size_t k = 0, end = n, i;
	int tone = 0, at = -1;
	char enc[4];

	if (end && t[end - 1] >= '1' && t[end - 1] <= '5')
		tone = t[--end] - '0';
	for (i = 0; i < end; i++) {
		char c = t[i];

		if (k == MAX_SYLLABLE)
			break;
		if ((c == 'u' || c == 'U') && i + 1 < end && t[i + 1] == ':') {
			cp[k++] = c == 'u' ? 0x00FC : 0x00DC;
			i++;
		} else if (c == 'v' || c == 'V') {
			cp[k++] = c == 'v' ? 0x00FC : 0x00DC;
		} else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
			cp[k++] = (unsigned char)c;
		} else {
			break;
		}
	}
	if (i < end || end == 0) { /* not a syllable: as it is */
		glossa_buf_add(b, t, n);
		return;
	}
	if (tone >= 1 && tone <= 4) {
		for (i = 0; i < k && at < 0; i++)
			if (lower(cp[i]) == 'a' || lower(cp[i]) == 'e')
				at = (int)i;
		for (i = 0; i + 1 < k && at < 0; i++)
			if (lower(cp[i]) == 'o' && lower(cp[i + 1]) == 'u')
				at = (int)i;
		for (i = k; i-- > 0 && at < 0;)
			if (is_vowel(cp[i]))
				at = (int)i;
		for (i = 0; i < k && at < 0; i++)
			if (lower(cp[i]) == 'm' || lower(cp[i]) == 'n')
				at = (int)i;
	}
	for (i = 0; i < k; i++) {
		uint32_t c = cp[i];
		int comb = 0;

		if ((int)i == at) {
			size_t v;
			for (v = 0; v < sizeof(toned) / sizeof(toned[0]); v++)
				if (toned[v].base == c)
					break;
			if (v < sizeof(toned) / sizeof(toned[0]))
				c = toned[v].marked[tone - 1];
			else if (lower(c) == 'm' && tone == 2)
				c = c == 'm' ? 0x1E3F : 0x1E3E; /* ḿ Ḿ */
			else if (lower(c) == 'n' && tone == 2)
				c = c == 'n' ? 0x0144 : 0x0143; /* ń Ń */
			else if (lower(c) == 'n' && tone == 3)
				c = c == 'n' ? 0x0148 : 0x0147; /* ň Ň */
			else if (lower(c) == 'n' && tone == 4)
				c = c == 'n' ? 0x01F9 : 0x01F8; /* ǹ Ǹ */
			else
				comb = 1;
		}
		glossa_buf_add(b, enc, glossa_utf8_encode(c, enc));
		if (comb)
			glossa_buf_add(
			    b, enc,
			    glossa_utf8_encode(combining[tone - 1], enc));
	}
}

char *glossa_pinyin_marks(const char *numbered)
{
	struct glossa_buf b = {0};
	const char *p = numbered ? numbered : "";

	glossa_buf_add(&b, "", 0);
	for (;;) {
		size_t n;

		p += strspn(p, " ");
		if (!*p)
			break;
		n = strcspn(p, " ");
		if (is_erhua(p, n) && b.len) {
			glossa_buf_add(&b, "r", 1);
		} else {
			if (b.len)
				glossa_buf_add(&b, " ", 1);
			add_token(&b, p, n);
		}
		p += n;
	}
	return glossa_buf_take(&b);
}
