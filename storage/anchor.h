/*
 * anchor.h: where an annotation's phrase stands in an article's body,
 * private to the core (the parser, annotations, re-import). Pure text:
 * no archive involved. A phrase "stands" somewhere by glossa_phrase_at()
 * (glossa/text.h): case-folded, at word boundaries in spaced scripts.
 */
#ifndef GLOSSA_ANCHOR_H
#define GLOSSA_ANCHOR_H

#include <stdint.h>

#include "glossa/article.h"

/* Find pos and context of note->phrase in body (first occurrence at or
 * after the code point hint, else the first; -1 if absent). */
glossa_status_t glossa_anchor(const char *body, glossa_annotation_t *note,
			      int64_t hint);

/* When note->phrase stands at code point pos of body: set note->pos and
 * its context from there; else GLOSSA_NOT_FOUND and note is unchanged. */
glossa_status_t glossa_anchor_at(const char *body, glossa_annotation_t *note,
				 int64_t pos);

/*
 * Find note again in a changed body: the occurrence of its phrase whose
 * surroundings match the old context best (score: common suffix of
 * context_before plus common prefix of context_after, in code points);
 * on a tie the one nearest the old pos, so the old place wins unless
 * another occurrence's context matches better (text inserted before it
 * can bring another occurrence to the old pos); else note->detached = 1
 * and pos = -1, the old context kept so that a later version of the text can find it again. An annotation
 * that never had a place (pos -1, not detached) stays as it is when its
 * phrase is still absent.
 */
glossa_status_t glossa_reanchor(const char *body, glossa_annotation_t *note);

#endif
