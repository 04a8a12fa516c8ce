/*
 * annotation.h: the annotations in the archive (glosses and free notes,
 * glossa_annotation_t of article.h): listing, reading, adding, changing
 * and deleting them. Each write is one transaction and keeps the search
 * index in step.
 */
#ifndef GLOSSA_ANNOTATION_H
#define GLOSSA_ANNOTATION_H

#include <stddef.h>
#include <stdint.h>

#include "article.h"
#include "db.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Annotations of one article (article_id > 0) or of all (0), in article
 * then position order, into a new array *out of *n entries, the caller's
 * to glossa_annotations_free(); NULL and 0 when there are none or on
 * failure. An article_id that does not exist gives none. Returns
 * GLOSSA_OK or an archive error (db.h).
 */
glossa_status_t glossa_annotations_list(glossa_db_t *db, int64_t article_id,
					glossa_annotation_t **out, size_t *n);

/* Free an array of n annotations and the strings they hold (from
 * glossa_annotations_list(), glossa_glosses_elsewhere() or
 * glossa_glosses_in()); NULL is a no-op. */
void glossa_annotations_free(glossa_annotation_t *notes, size_t n);

/* One annotation by id into *out, whose strings are then the caller's
 * (glossa_annotation_clear() it after); *out is zeroed on failure.
 * Returns GLOSSA_OK, GLOSSA_NOT_FOUND if there is none with that id, or
 * an archive error (db.h). */
glossa_status_t glossa_annotation_get(glossa_db_t *db, int64_t id,
				      glossa_annotation_t *out);

/*
 * Add an annotation to note->article_id. For a gloss (or a note with a
 * phrase) whose pos is -1, the first occurrence of the phrase in the body
 * gives pos and context. A gloss of a phrase not in the body is refused
 * (GLOSSA_NOT_FOUND: a typo, most likely) unless note->detached is set:
 * then it is stored detached, with pos -1 (a note's phrase not in the
 * body is stored with pos -1, detached only if asked). A second gloss of
 * the same phrase in one article is refused (GLOSSA_EXISTS, note->id set
 * to the existing gloss: change that one instead), unless pos places it
 * at another occurrence than the glosses of that phrase there.
 * With pos >= 0 (e.g. a selection) the phrase must stand at that code
 * point offset (else GLOSSA_BAD_INPUT), and the context is taken there.
 * A gloss needs a phrase and a translation, a note a text (else
 * GLOSSA_BAD_INPUT). note->reading_derived says that the reading is
 * the dictionary's, not typed (stored as such; ignored for an empty
 * reading). note's NULL strings count as "". On success
 * note->id, pos, created, modified and detached are filled in; note's
 * strings stay the caller's and are not changed.
 *
 * Returns GLOSSA_OK; GLOSSA_BAD_INPUT, GLOSSA_EXISTS, GLOSSA_NOT_FOUND as
 * above (GLOSSA_NOT_FOUND also when there is no article
 * note->article_id); or an archive error of a write (db.h).
 */
glossa_status_t glossa_annotation_add(glossa_db_t *db,
				      glossa_annotation_t *note);

/*
 * Replace the reading, translation, note and tags of the annotation
 * note->id with note's (NULL counts as ""); its kind, phrase and place
 * stay. note->reading_derived 1 stores the reading as derived (the
 * dictionary's: glossa_annotation_get() gives the flag, so a caller that
 * keeps the reading keeps it), 0 as typed. Changed, it is the user's:
 * importing its article's file again leaves it as it is; a derived
 * reading is no change of the user's. Returns GLOSSA_OK,
 * GLOSSA_NOT_FOUND if there is no annotation note->id, or an archive
 * error of a write (db.h).
 */
glossa_status_t glossa_annotation_update(glossa_db_t *db,
					 const glossa_annotation_t *note);

/*
 * Delete the annotation id. One that came from its article's file stays
 * deleted when the file is imported again. Returns GLOSSA_OK,
 * GLOSSA_NOT_FOUND if there is no annotation with that id (nothing is
 * written), or an archive error of a write (db.h).
 */
glossa_status_t glossa_annotation_delete(glossa_db_t *db, int64_t id);

/*
 * Mark (on non-zero) or unmark the annotation id; marks are kept in the
 * archive (and go with the annotation when it is deleted). Marking one
 * marked, or unmarking one unmarked, is no error. Returns GLOSSA_OK,
 * GLOSSA_NOT_FOUND if marking an annotation that does not exist, or an
 * archive error of a write (db.h).
 */
glossa_status_t glossa_mark_set(glossa_db_t *db, int64_t id, int on);

/* The ids of the marked annotations (newest article first, then in
 * text order) into a new array *ids of *n, the caller's to free();
 * NULL and 0 when none or on failure. Returns GLOSSA_OK or an archive
 * error (db.h). */
glossa_status_t glossa_marked(glossa_db_t *db, int64_t **ids, size_t *n);

#ifdef __cplusplus
}
#endif

#endif
