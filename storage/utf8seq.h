/*
 * utf8seq.h: the one rule for the lead byte of a UTF-8 sequence, and a
 * fast step over ASCII, private to the core (text.c decodes with them,
 * decode.c checks with them).
 */
#ifndef GLOSSA_UTF8SEQ_H
#define GLOSSA_UTF8SEQ_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* How many of the first bytes of s (len) are ASCII, looked at eight at a
 * time: most of an archive's text is. */
static inline size_t glossa_ascii_run(const unsigned char *s, size_t len)
{
	size_t i = 0;
	uint64_t w;

	for (; len - i >= 8; i += 8) {
		memcpy(&w, s + i, 8);
		if (w & UINT64_C(0x8080808080808080))
			break;
	}
	while (i < len && s[i] < 0x80)
		i++;
	return i;
}

/*
 * The length (2 to 4) of the sequence the byte lead starts, 0 if it
 * starts none (an ASCII byte included); [*lo, *hi] is the range of the
 * second byte, which is what rules out overlong forms, surrogates and
 * values above U+10FFFF (Unicode table 3-7). The bytes after the second
 * are 0x80 to 0xBF.
 */
static inline size_t glossa_utf8_lead(unsigned lead, unsigned *lo,
				      unsigned *hi)
{
	*lo = 0x80;
	*hi = 0xBF;
	if (lead >= 0xC2 && lead <= 0xDF)
		return 2;
	if (lead >= 0xE0 && lead <= 0xEF) {
		if (lead == 0xE0)
			*lo = 0xA0;
		else if (lead == 0xED)
			*hi = 0x9F;
		return 3;
	}
	if (lead >= 0xF0 && lead <= 0xF4) {
		if (lead == 0xF0)
			*lo = 0x90;
		else if (lead == 0xF4)
			*hi = 0x8F;
		return 4;
	}
	return 0;
}

#endif
