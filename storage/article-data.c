/*
 * article-data.c: freeing and copying articles and annotations.
 *
 * Exports glossa_article_free(), glossa_annotation_clear() and
 * glossa_annotation_copy() (see include/glossa/article.h).
 */
#include <stdlib.h>
#include <string.h>

#include "glossa/article.h"

void glossa_annotation_clear(glossa_annotation_t *note)
{
	if (!note)
		return;
	free(note->phrase);
	free(note->context_before);
	free(note->context_after);
	free(note->reading);
	free(note->translation);
	free(note->note);
	free(note->tags);
	note->phrase = NULL;
	note->context_before = NULL;
	note->context_after = NULL;
	note->reading = NULL;
	note->translation = NULL;
	note->note = NULL;
	note->tags = NULL;
}

/* strdup() that turns NULL into "". */
static char *dup_or_empty(const char *s)
{
	return strdup(s ? s : "");
}

glossa_status_t glossa_annotation_copy(glossa_annotation_t *dst,
                                       const glossa_annotation_t *src)
{
	*dst = *src;
	dst->phrase = dup_or_empty(src->phrase);
	dst->context_before = dup_or_empty(src->context_before);
	dst->context_after = dup_or_empty(src->context_after);
	dst->reading = dup_or_empty(src->reading);
	dst->translation = dup_or_empty(src->translation);
	dst->note = dup_or_empty(src->note);
	dst->tags = dup_or_empty(src->tags);
	if (!dst->phrase || !dst->context_before || !dst->context_after ||
	    !dst->reading || !dst->translation || !dst->note || !dst->tags) {
		glossa_annotation_clear(dst);
		return GLOSSA_NOMEM;
	}
	return GLOSSA_OK;
}

void glossa_article_free(glossa_article_t *article)
{
	size_t i;

	if (!article)
		return;
	free(article->title);
	free(article->source);
	free(article->author);
	free(article->url);
	free(article->date);
	free(article->date_iso);
	free(article->language);
	free(article->tags);
	free(article->body);
	free(article->encoding);
	free(article->origin);
	for (i = 0; i < article->n_extra; i++) {
		free(article->extra[i].name);
		free(article->extra[i].value);
	}
	free(article->extra);
	for (i = 0; i < article->n_notes; i++)
		glossa_annotation_clear(&article->notes[i]);
	free(article->notes);
	for (i = 0; i < article->n_warnings; i++)
		free(article->warnings[i]);
	free(article->warnings);
	free(article);
}
