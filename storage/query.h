/*
 * query.h: the query parser's hook for search.c (private to the core).
 */
#ifndef GLOSSA_QUERY_H
#define GLOSSA_QUERY_H

#include <stddef.h>

#include "buf.h"
#include "glossa/search.h"

/*
 * Writes a prefix term (text, len: as the user typed it, without the
 * '*') to out as an FTS5 expression that finds the same rows, and
 * returns 1; or writes nothing and returns 0, and the term stays FTS5's
 * prefix query. Prefixes that the tokenizer indexes (tokenizer.h) and
 * prefixes after CJK never come here.
 */
typedef int (*glossa_prefix_fn)(void *ctx, const char *text, size_t len,
                                struct glossa_buf *out);

/* glossa_query_parse(), each long prefix term offered to fn first. */
glossa_status_t glossa_query_parse_with(const char *text, glossa_query_t *q,
                                        char **errmsg, glossa_prefix_fn fn,
                                        void *ctx);

#endif /* GLOSSA_QUERY_H */
