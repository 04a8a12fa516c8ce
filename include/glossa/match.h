/*
 * match.h: where in a text the search's query and the glossed phrases
 * match, for highlighting and for stepping from match to match (n/N).
 *
 * One matcher serves both rules of the archive:
 *  - the query's matches, found by the search's own tokenizer and rules
 *    (stemming, case, accents, full-width and Traditional characters
 *    folded, prefixes, quoted phrases word for word, CJK substrings), so
 *    that a text the search finds has a match here and a text it does
 *    not find has none: after "mobilize", "mobilization" matches; after
 *    "發展", 发展; after "\"decisive battle\"", that phrase and never
 *    "battle" alone;
 *  - the glossed phrases (an article's own and the phrases glossed
 *    elsewhere), found by glossa_phrase_at()'s rule: case-folded, on
 *    word boundaries in spaced scripts.
 *
 * A matcher is used by one thread at a time; it holds no archive handle
 * (its tokenizer lives in a private in-memory SQLite connection, opened
 * only for a query with terms), so it may be used while a search runs on
 * the archive in another thread. Finding the query costs the tokenizer's
 * work on the whole text (tests/bench/RESULTS.md has the figures); a
 * front end finds it a piece at a time (from, to below).
 */
#ifndef GLOSSA_MATCH_H
#define GLOSSA_MATCH_H

#include <stddef.h>

#include "search.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct glossa_matcher glossa_matcher_t;

/* A match: bytes [start, end) of the text, and what matched: a phrase's
 * index (glossa_matcher_set_phrases()) or GLOSSA_MATCH_QUERY. */
typedef struct glossa_match {
	size_t start, end;
	size_t what;
} glossa_match_t;

#define GLOSSA_MATCH_QUERY ((size_t)-1)

/*
 * A new matcher for query text (NULL or blank: no query; nothing
 * matches) and no phrases; *out receives it, glossa_matcher_free() it.
 * GLOSSA_OK; GLOSSA_BAD_QUERY with *errmsg (allocated, the caller frees
 * it; errmsg may be NULL) saying why, as glossa_query_parse() does;
 * GLOSSA_NOMEM; GLOSSA_ERROR when SQLite cannot give the tokenizer. *out
 * is NULL on any error.
 */
glossa_status_t glossa_matcher_new(const char *query, char **errmsg,
				   glossa_matcher_t **out);

/* Free m and what it holds; NULL is a no-op. */
void glossa_matcher_free(glossa_matcher_t *m);

/*
 * Match these n phrases (replacing any set before), phrase i reported
 * as what = i. The matcher keeps no pointer to them. Empty phrases
 * match nothing. GLOSSA_OK or GLOSSA_NOMEM (then no phrase is set).
 */
glossa_status_t glossa_matcher_set_phrases(glossa_matcher_t *m,
					   const char *const *phrases,
					   size_t n);

/*
 * Every occurrence of every phrase that starts in bytes [from, to) of
 * text (len bytes; the rule looks at the bytes around an occurrence, so
 * pass the whole text), overlapping ones too, sorted by phrase index and
 * then by start. *out (allocated, the caller frees it; NULL when *n is
 * 0). The cost is the bytes times the longest phrase, not times the
 * number of phrases. GLOSSA_OK or GLOSSA_NOMEM (*out NULL, *n 0).
 */
glossa_status_t glossa_matcher_phrases(const glossa_matcher_t *m,
				       const char *text, size_t len,
				       size_t from, size_t to,
				       glossa_match_t **out, size_t *n);

/*
 * The query's matches that start in bytes [from, to) of text (len
 * bytes), in order, none overlapping another (matches that overlap are
 * one), each what = GLOSSA_MATCH_QUERY. field says which column of an
 * article the text is: GLOSSA_QFIELD_TITLE for its title, where title:
 * terms match too, GLOSSA_QFIELD_ANY for its body; other field filters
 * (tag:, source:, author:), excluded terms and in:notes match nothing.
 * A match may end past to (a phrase read on); from and to must not cut
 * a word (cut after a blank or a line end). *all (if not NULL) receives
 * whether the whole query matches [from, to) as the search would match
 * an article of that text alone: every positive term (or one of an OR
 * group), no excluded term, and not in:notes (the filters url:,
 * after: and before: are about the article, not its text, and are not
 * looked at). *out as
 * glossa_matcher_phrases(). GLOSSA_OK; GLOSSA_NOMEM; GLOSSA_ERROR if the
 * tokenizer failed (*out NULL, *n 0).
 */
glossa_status_t glossa_matcher_query(glossa_matcher_t *m, glossa_qfield_t field,
				     const char *text, size_t len, size_t from,
				     size_t to, glossa_match_t **out, size_t *n,
				     int *all);

/* Whether m has a query term that can match some text (a positive
 * term outside in:notes): n/N have something to find. */
int glossa_matcher_has_query(const glossa_matcher_t *m);

#ifdef __cplusplus
}
#endif

#endif
