/*
 * query.h: a parsed query written as FTS5 expressions (private to the
 * core: glossa_query_t holds the query's structure, and only the core
 * knows how FTS5 searches it).
 */
#ifndef GLOSSA_QUERY_H
#define GLOSSA_QUERY_H

#include <stddef.h>

#include "buf.h"
#include "glossa/search.h"

/*
 * Writes a term (text, len: as the user typed it, without a '*') to out
 * as an FTS5 expression that finds the same rows, and returns 1; or
 * writes nothing and returns 0. form says which term: GLOSSA_TERM_WORD,
 * an unquoted word (which then stays as query.c writes it, its stem and
 * marked stem); GLOSSA_TERM_SHORT_PREFIX, a prefix of GLOSSA_PREFIX_SKIP
 * characters (which then stays FTS5's prefix query of the words it
 * starts) or of GLOSSA_PREFIX_CHARS (which then stays the prefix token OR
 * the word; the expander writes one the tokenizer makes shorter); or
 * GLOSSA_TERM_TEXT or GLOSSA_TERM_EXACT with a '*' (which then stays
 * FTS5's prefix query). Prefixes that the
 * tokenizer indexes (tokenizer.h) and prefixes after CJK never come here.
 */
typedef int (*glossa_expand_fn)(void *ctx, int form, const char *text,
                                size_t len, struct glossa_buf *out);
/* (It returns -1 when it cannot tell, out of memory or the archive
 * unreadable: the expression is then not written, GLOSSA_ERROR.) */

/*
 * How glossa_query_fts() writes a term, which the matcher (match.c)
 * reads the same way: the text handed to the tokenizer in a query is
 * the term's text after a mark byte (tokenizer.h).
 *  TAG           GLOSSA_TAG_MARK: a whole tag (an FTS5 prefix with '*')
 *  SHORT_PREFIX  GLOSSA_PREFIX_MARK: the prefix token of a short prefix,
 *                not one digit (of GLOSSA_PREFIX_CHARS characters: OR
 *                GLOSSA_EXACT_MARK, the word; of GLOSSA_PREFIX_SKIP: the
 *                expander's OR of the longer ones and the words, or
 *                FTS5's prefix of the words, no mark)
 *  WORD          the OR of its stem's words (the expander's), or
 *                GLOSSA_BARE_MARK OR GLOSSA_STEM_MARK: a stemmed word
 *  EXACT         GLOSSA_EXACT_MARK: quoted, the words as written, and an
 *                FTS5 prefix with '*'
 *  TEXT          no mark: stemmed words, a phrase (an FTS5 prefix with
 *                '*', its last word unstemmed; a long one may be given
 *                to the expander as the OR of the words it starts)
 */
enum glossa_term_form {
	GLOSSA_TERM_TAG,
	GLOSSA_TERM_SHORT_PREFIX,
	GLOSSA_TERM_WORD,
	GLOSSA_TERM_EXACT,
	GLOSSA_TERM_TEXT
};

enum glossa_term_form glossa_query_term_form(const glossa_query_term_t *t);

/*
 * The FTS5 expressions of q: *match, what an article must match (NULL:
 * no positive term), and *exclude, what it must not match (NULL: none);
 * both allocated, the caller frees them. Each unquoted word, each prefix
 * of GLOSSA_PREFIX_SKIP characters and each long prefix is offered to fn
 * first (fn may be NULL). GLOSSA_OK, GLOSSA_NOMEM or GLOSSA_ERROR (fn
 * failed), and then both are NULL. User text only ever appears inside
 * FTS5 strings.
 */
glossa_status_t glossa_query_fts(const glossa_query_t *q, glossa_expand_fn fn,
                                 void *ctx, char **match, char **exclude);

/*
 * glossa_query_fts()'s *match written to count the same rows faster: a
 * TEXT term as GLOSSA_COUNT_MARK writes it (tokenizer.h: "作者" is one
 * token, not a phrase of two). Not for ranks, snippets or highlights.
 */
glossa_status_t glossa_query_fts_count(const glossa_query_t *q,
                                       glossa_expand_fn fn, void *ctx,
                                       char **match);

#endif /* GLOSSA_QUERY_H */
