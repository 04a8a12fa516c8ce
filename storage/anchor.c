/*
 * anchor.c: where an annotation's phrase stands in an article's body, and
 * finding it again when the body changes.
 *
 * Exported (anchor.h): glossa_anchor, glossa_anchor_at, glossa_reanchor.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "anchor.h"
#include "glossa/text.h"

/* Start of the code point before byte i (i > 0). */
static size_t prev_cp(const char *s, size_t i)
{
	do
		i--;
	while (i > 0 && ((unsigned char)s[i] & 0xc0) == 0x80);
	return i;
}

/* Start of the code point after the one at byte i (i < len). */
static size_t next_cp(const char *s, size_t len, size_t i)
{
	do
		i++;
	while (i < len && ((unsigned char)s[i] & 0xc0) == 0x80);
	return i;
}

/* Bytes [*b, start) and [end, *a): up to GLOSSA_CONTEXT code points on
 * either side of a phrase, not across a line. */
static void context_span(const char *body, size_t len, size_t start, size_t end,
                         size_t *b, size_t *a)
{
	*b = start;
	for (int n = 0; n < GLOSSA_CONTEXT && (*b) > 0 && body[*b - 1] != '\n';
	     n++)
		*b = prev_cp(body, *b);
	*a = end;
	for (int n = 0; n < GLOSSA_CONTEXT && *a < len && body[*a] != '\n'; n++)
		*a = next_cp(body, len, *a);
}

/* Set note's pos and context for the phrase at byte start of body. */
static glossa_status_t place(const char *body, glossa_annotation_t *note,
                             size_t start)
{
	size_t len = strlen(body), end = start + strlen(note->phrase), b, a;
	char *before, *after;

	context_span(body, len, start, end, &b, &a);
	before = strndup(body + b, start - b);
	after = strndup(body + end, a - end);
	if (!before || !after) {
		free(before);
		free(after);
		return GLOSSA_NOMEM;
	}
	free(note->context_before);
	free(note->context_after);
	note->context_before = before;
	note->context_after = after;
	note->pos = (int64_t)glossa_utf8_count(body, start);
	return GLOSSA_OK;
}

glossa_status_t glossa_anchor(const char *body, glossa_annotation_t *note,
                              int64_t hint)
{
	size_t len = strlen(body), plen = strlen(note->phrase);
	size_t at = SIZE_MAX;

	if (!note->phrase[0]) {
		note->pos = -1;
		return GLOSSA_OK;
	}
	if (hint > 0)
		at = glossa_phrase_find(
		    body, len, glossa_utf8_offset(body, len, (size_t)hint),
		    note->phrase, plen);
	if (at == SIZE_MAX)
		at = glossa_phrase_find(body, len, 0, note->phrase, plen);
	if (at == SIZE_MAX) {
		note->pos = -1;
		return GLOSSA_OK;
	}
	return place(body, note, at);
}

/* Byte offset of code point pos in body when the phrase stands there
 * (glossa_phrase_at()), else -1. */
static long phrase_at(const char *body, const char *phrase, int64_t pos)
{
	size_t len = strlen(body), off, plen = strlen(phrase);

	if (pos < 0 || !plen)
		return -1;
	off = glossa_utf8_offset(body, len, (size_t)pos);
	if (off >= len || !glossa_phrase_at(body, len, off, phrase, plen))
		return -1;
	return (long)off;
}

glossa_status_t glossa_anchor_at(const char *body, glossa_annotation_t *note,
                                 int64_t pos)
{
	long off = phrase_at(body, note->phrase, pos);

	if (off < 0)
		return GLOSSA_NOT_FOUND;
	return place(body, note, (size_t)off);
}

/* Code points that the end of x and the body before byte start have in
 * common, counted backwards, not across a line. */
static int common_suffix(const char *x, const char *body, size_t start)
{
	size_t i = strlen(x), j = start;
	int n = 0;

	while (i > 0 && j > 0 && n < GLOSSA_CONTEXT && body[j - 1] != '\n') {
		size_t pi = prev_cp(x, i), pj = prev_cp(body, j);
		if (i - pi != j - pj || memcmp(x + pi, body + pj, i - pi))
			break;
		i = pi;
		j = pj;
		n++;
	}
	return n;
}

/* Code points that x and the body from byte end have in common. */
static int common_prefix(const char *x, const char *body, size_t len,
                         size_t end)
{
	size_t i = 0, j = end, xl = strlen(x);
	int n = 0;

	while (i < xl && j < len && n < GLOSSA_CONTEXT && body[j] != '\n') {
		size_t ni = next_cp(x, xl, i), nj = next_cp(body, len, j);
		if (ni - i != nj - j || memcmp(x + i, body + j, ni - i))
			break;
		i = ni;
		j = nj;
		n++;
	}
	return n;
}

glossa_status_t glossa_reanchor(const char *body, glossa_annotation_t *note)
{
	size_t len = strlen(body), plen = strlen(note->phrase);
	long best = -1;
	int best_score = -1;
	int64_t best_dist = 0, cp = 0;
	size_t counted = 0;
	glossa_status_t st;

	if (!plen)
		return GLOSSA_OK;
	/* every occurrence scored; the old place wins a tie (distance 0) */
	for (size_t start = glossa_phrase_find(body, len, 0, note->phrase,
	                                       plen);
	     start != SIZE_MAX;
	     start = glossa_phrase_find(body, len, start + 1, note->phrase,
	                                plen)) {
		int score =
		    common_suffix(note->context_before, body, start) +
		    common_prefix(note->context_after, body, len, start + plen);
		int64_t dist;

		cp +=
		    (int64_t)glossa_utf8_count(body + counted, start - counted);
		counted = start;
		dist = note->pos >= 0 ? cp - note->pos : 0;
		if (dist < 0)
			dist = -dist;
		if (score > best_score ||
		    (score == best_score && dist < best_dist)) {
			best = (long)start;
			best_score = score;
			best_dist = dist;
		}
	}
	if (best >= 0) {
		if ((st = place(body, note, (size_t)best)) == GLOSSA_OK)
			note->detached = 0;
		return st;
	}
	if (note->pos >= 0 || note->detached) {
		note->detached = 1;
		note->pos = -1;
	}
	return GLOSSA_OK;
}
