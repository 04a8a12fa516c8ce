/*
 * buf.c: the growable string and array of buf.h, and line numbers for
 * messages.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

void glossa_buf_add(struct glossa_buf *b, const char *s, size_t n)
{
	if (b->nomem)
		return;
	if (n >= b->cap - b->len || !b->s) {
		size_t cap = b->cap ? b->cap : 64;
		char *s2;

		while (cap - b->len <= n) {
			if (cap > ((size_t)-1) / 2) {
				b->nomem = 1;
				return;
			}
			cap *= 2;
		}
		if (!(s2 = realloc(b->s, cap))) {
			b->nomem = 1;
			return;
		}
		b->s = s2;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void glossa_buf_puts(struct glossa_buf *b, const char *s)
{
	glossa_buf_add(b, s, strlen(s));
}

void glossa_buf_add_fts(struct glossa_buf *b, char mark, const char *s,
                        size_t n)
{
	const char *end = s + n, *q;

	glossa_buf_add(b, "\"", 1);
	if (mark)
		glossa_buf_add(b, &mark, 1);
	while ((q = memchr(s, '"', (size_t)(end - s))) != NULL) {
		glossa_buf_add(b, s, (size_t)(q - s + 1));
		glossa_buf_add(b, "\"", 1);
		s = q + 1;
	}
	glossa_buf_add(b, s, (size_t)(end - s));
	glossa_buf_add(b, "\"", 1);
}

char *glossa_buf_take(struct glossa_buf *b)
{
	char *s = b->s;

	if (b->nomem) {
		free(s);
		s = NULL;
	} else if (!s) {
		s = strdup("");
	}
	b->s = NULL;
	b->len = b->cap = 0;
	b->nomem = 0;
	return s;
}

int glossa_grow(void *arrayp, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap ? *cap : 16;
	void *old, *more;

	if (need <= *cap)
		return 0;
	while (n < need) {
		if (n > SIZE_MAX / 2)
			return -1;
		n *= 2;
	}
	if (size && n > SIZE_MAX / size)
		return -1;
	/* memcpy: arrayp is a T **, read and written as bytes */
	memcpy(&old, arrayp, sizeof(old));
	if (!(more = realloc(old, n * size)))
		return -1;
	memcpy(arrayp, &more, sizeof(more));
	*cap = n;
	return 0;
}

size_t glossa_line_of(const char *s, size_t len)
{
	size_t lines = 1;
	const char *p = s, *end = s + len;

	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		lines++;
		p++;
	}
	return lines;
}
