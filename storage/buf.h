/*
 * buf.h: a growable string, private to the core, for the files that build
 * text (parse, format, query, export), and the core's growable array.
 */
#ifndef GLOSSA_BUF_H
#define GLOSSA_BUF_H

#include <stddef.h>

/* Zero-initialise it. After an allocation fails, nomem is set and every
 * later add is ignored, so callers check once at the end. s is
 * NUL-terminated whenever it is not NULL. */
struct glossa_buf {
	char *s;
	size_t len, cap;
	int nomem;
};

void glossa_buf_add(struct glossa_buf *b, const char *s, size_t n);
void glossa_buf_puts(struct glossa_buf *b, const char *s);

/* Add n bytes of s as one FTS5 string: in double quotes, each '"' in it
 * doubled, mark (a tokenizer.h mark byte; 0: none) first inside them.
 * The one way the core writes user text into an FTS5 expression. */
void glossa_buf_add_fts(struct glossa_buf *b, char mark, const char *s,
                        size_t n);

/* The string (never NULL unless out of memory, when the buffer is
 * freed); b is left empty. The caller frees the result. */
char *glossa_buf_take(struct glossa_buf *b);

/*
 * The one growable array of the core: make room for need items of size
 * bytes in the array whose address is arrayp (a T ** passed as void *;
 * the array may be NULL), whose capacity is *cap items, doubling it (16
 * at first). 0 on success; -1 if out of memory or too large, with the
 * array and *cap as they were. GLOSSA_GROW(arr, cap, need) for short.
 */
int glossa_grow(void *arrayp, size_t *cap, size_t need, size_t size);
#define GLOSSA_GROW(arr, cap, need) \
	((need) <= (cap) ? 0 : glossa_grow(&(arr), &(cap), (need), sizeof(*(arr))))

/* The line number (from 1) of byte offset len in s. */
size_t glossa_line_of(const char *s, size_t len);

#endif
