/*
 * text.h: UTF-8, display width and the one sanitiser.
 *
 * Every path from an article to the screen or to exported text goes through
 * these functions: they decide what is printable, how wide it is, and what
 * visible placeholder stands in for anything that is not (controls, escape
 * sequences, bidi overrides, zero-width and other invisible characters).
 * Widths come from the C library's Unicode tables under a UTF-8 locale
 * object of our own, whatever the process locale is.
 */
#ifndef GLOSSA_TEXT_H
#define GLOSSA_TEXT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Highlight markers: private-use code points, never terminal escapes.
 * search snippets and highlights put them around a match; the front end
 * recognises them; the sanitiser drops them unless told to keep them. */
#define GLOSSA_MARK_START "\xee\x80\x80" /* U+E000 */
#define GLOSSA_MARK_END "\xee\x80\x81"   /* U+E001 */
#define GLOSSA_MARK_START_CP 0xE000u
#define GLOSSA_MARK_END_CP 0xE001u

/*
 * Decode one code point from s (len bytes available). Returns the number of
 * bytes it takes (1-4) and stores the code point in *cp; for an invalid or
 * truncated sequence (overlong, surrogate, above U+10FFFF) returns 0 and
 * stores the offending byte value in *cp. len == 0 returns 0.
 */
size_t glossa_utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Encode cp as UTF-8 into out (at least 4 bytes); returns the length. */
size_t glossa_utf8_encode(uint32_t cp, char *out);

/* Offset of the first invalid byte of s, or len if s is valid UTF-8. */
size_t glossa_utf8_check(const char *s, size_t len);

/* Number of code points in a valid UTF-8 string of len bytes. */
size_t glossa_utf8_count(const char *s, size_t len);

/* Byte offset of code point number n in s (len if n is past the end). */
size_t glossa_utf8_offset(const char *s, size_t len, size_t n);

/*
 * How a code point is drawn. Returns its width in columns (0, 1 or 2) when
 * it may be sent to a terminal as it is (combining marks are 0), or -1 when
 * it must be shown as a placeholder; then placeholder (at least
 * GLOSSA_PLACEHOLDER_MAX bytes) receives a printable ASCII stand-in:
 * "^[" for C0 controls and DEL, "<U+202E>" for everything else.
 * Tab, newline and the highlight markers also return -1; callers handle
 * those before asking.
 */
#define GLOSSA_PLACEHOLDER_MAX 12
int glossa_cp_display(uint32_t cp, char *placeholder);

/* Display width of a code point as glossa_cp_display() sees it, counting a
 * placeholder's width; never negative. */
int glossa_cp_width(uint32_t cp);

/* Flags for glossa_sanitize(). */
enum {
	GLOSSA_SAN_NEWLINES = 1 << 0, /* keep '\n' (else shown as "^J") */
	GLOSSA_SAN_MARKS = 1 << 1,    /* keep U+E000/U+E001 (else dropped) */
	GLOSSA_SAN_TABS = 1 << 2,     /* keep '\t' (else expanded to spaces
				       * at 8-column stops) */
};

/*
 * A copy of len bytes of s made safe to print: invalid UTF-8 bytes as
 * "<XX>" (hex), '\r' as "^M", controls, escapes, bidi and invisible
 * characters as their placeholders, tabs expanded, runs of more than
 * GLOSSA_MAX_COMBINING combining marks cut with a "<+N>" placeholder.
 * Returns a NUL-terminated string the caller frees with free(), or NULL
 * when out of memory.
 */
#define GLOSSA_MAX_COMBINING 8
char *glossa_sanitize(const char *s, size_t len, unsigned flags);

/* Display width of the sanitised form of s (no newlines expected). */
size_t glossa_str_width(const char *s, size_t len);

/*
 * Phrase matching: the one rule by which a glossed phrase is found in a
 * text (anchoring, re-anchoring, highlights, the phrase cursor, glosses
 * elsewhere). Letters are compared case-folded (simple case folding of
 * every script with case, accents kept: "café" is not "cafe"); a code
 * point whose other case has another UTF-8 length (U+0130, the Kelvin
 * sign) is left as it is, so a match always has the phrase's length in
 * bytes. A phrase that begins (ends) with a letter, digit or mark of a
 * script written with spaces between words (Latin, Greek, Cyrillic...)
 * must begin (end) at a word boundary: the text's code point on that side
 * must not be a letter, digit or mark of such a script. Han, kana,
 * hangul, Thai, Lao, Khmer and Myanmar need no boundary: a phrase of
 * them is found inside a run, and a mixed phrase ("5G网络", "REE稀土")
 * needs a boundary only at an end that is spaced. Punctuation,
 * apostrophes and hyphens are boundaries ("art" is found in "art-house"
 * and "art's"). Offsets are in bytes; a phrase of invalid UTF-8 is
 * compared byte for byte.
 */

/* The code point cp folded for matching: its simple lower case when that
 * has the same UTF-8 length, else cp itself. */
uint32_t glossa_cp_fold(uint32_t cp);

/* 1 when cp is a letter, digit or combining mark of a script written with
 * spaces between words (a word character for the boundary rule). */
int glossa_cp_spaced_word(uint32_t cp);

/* The code points that fold like cp (glossa_cp_fold()), cp first: cp, its
 * lower and its upper case, of cp's UTF-8 length; returns how many (1-3).
 * Title-case letters are not among them (ignored, as exotic). */
size_t glossa_cp_variants(uint32_t cp, uint32_t out[3]);

/* 1 when the n bytes of s and of t fold alike (both start at a code
 * point). */
int glossa_fold_equal(const char *s, const char *t, size_t n);

/* Fold the len bytes of s into out (len bytes, may be s): every valid code
 * point by glossa_cp_fold(), invalid bytes copied. */
void glossa_fold(const char *s, size_t len, char *out);

/* 1 when bytes [start, end) of s (len bytes) satisfy the boundary rule,
 * for a match there of a phrase with the same first and last code
 * points (case does not change whether a code point is a word one). */
int glossa_phrase_bounds(const char *s, size_t len, size_t start,
			 size_t end);

/* 1 when phrase (plen > 0 bytes) stands at byte off of s (len bytes):
 * the folded text matches and the boundaries hold. The match is plen
 * bytes long. */
int glossa_phrase_at(const char *s, size_t len, size_t off,
		     const char *phrase, size_t plen);

/* Byte offset of the first place at or after byte from where phrase
 * stands in s (glossa_phrase_at()), or SIZE_MAX when none (or plen 0). */
size_t glossa_phrase_find(const char *s, size_t len, size_t from,
			  const char *phrase, size_t plen);

/*
 * Sentences, one rule for snippets and exported contexts: a sentence ends
 * at 。！？ (U+3002, U+FF01, U+FF1F) always, and at . ! ? when white space
 * or the end of the text follows (so "U.S.A." inside a sentence, "2.5" and
 * "e.g.x" do not end one), in both cases with the closing quotes and
 * brackets right after it ("Go." he said; 他说：“走。”). A line break ends
 * a sentence too (a heading, a paragraph without a full stop).
 *
 * glossa_sentence_end(): the length in bytes of the sentence end at byte
 * i of s (len bytes): the mark and its closing quotes; 0 if none is there.
 * glossa_sentence_start(): 1 when a sentence starts at byte i: at the
 * start of s, or after a sentence end or a line break and nothing but
 * white space.
 */
size_t glossa_sentence_end(const char *s, size_t len, size_t i);
int glossa_sentence_start(const char *s, size_t len, size_t i);

#ifdef __cplusplus
}
#endif

#endif
