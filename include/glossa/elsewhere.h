/*
 * elsewhere.h: the glosses of other articles whose phrases occur in an
 * article, for the front end to highlight in a quieter style. The
 * archive's glossed phrases are kept in a trie on the handle, built on
 * first use and again after any change to the annotations.
 */
#ifndef GLOSSA_ELSEWHERE_H
#define GLOSSA_ELSEWHERE_H

#include <stddef.h>
#include <stdint.h>

#include "article.h"
#include "db.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The glosses of OTHER articles whose phrase occurs in this article's
 * body (by glossa_phrase_at(), glossa/text.h: case-folded, at word
 * boundaries in spaced scripts), one per phrase as glossed (the latest;
 * "art" and "Art" are two), sorted by phrase. Each has only id,
 * article_id, kind and phrase; glossa_annotation_get() for the rest: the
 * other strings are "" (never NULL), pos is -1, the times 0. *out (*n
 * entries) is the caller's, to glossa_annotations_free(); NULL and 0
 * when there are none, when the article does not exist, and on failure.
 *
 * The phrases come from the trie on the handle: a call costs the body's
 * length times the longest phrase and reads no annotation; the first
 * call, and the first after any change to the annotations (by this
 * handle or another), rebuilds the trie from every gloss, which takes a
 * while at a large archive (tests/bench/RESULTS.md has the figures; see
 * glossa_glosses_prepare()). Returns GLOSSA_OK or an archive error
 * (db.h).
 */
glossa_status_t glossa_glosses_elsewhere(glossa_db_t *db, int64_t article_id,
					 glossa_annotation_t **out, size_t *n);

/*
 * The same for a body the caller holds (the article's, from
 * glossa_article_get(); not NULL), which is then not read again: a big
 * article's text is held once, not twice. body stays the caller's.
 * Nothing when the article is gone. Returns as glossa_glosses_elsewhere().
 */
glossa_status_t glossa_glosses_in(glossa_db_t *db, int64_t article_id,
				  const char *body, glossa_annotation_t **out,
				  size_t *n);

/*
 * Do a small part (a few thousand glosses read) of the work the next
 * glossa_glosses_elsewhere() would do at once: building the trie. *done
 * is set to 1 when the trie is up to date (then the call costs one
 * PRAGMA), else 0. Between calls the handle holds a read transaction
 * open; any write through it stops the build, which starts over at the
 * next call. For an interface that builds it while no key waits.
 * Returns GLOSSA_OK or an archive error (db.h); the build starts over
 * after an error.
 */
glossa_status_t glossa_glosses_prepare(glossa_db_t *db, int *done);

#ifdef __cplusplus
}
#endif

#endif
