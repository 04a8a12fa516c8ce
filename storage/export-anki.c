/*
 * export-anki.c: the Anki format of export: tab-separated, one note a
 * gloss, in the columns a Basic note takes as they are (the header is
 * export.c's ANKI_HEADER): a GUID, the phrase (Front), the reading with
 * the translation and note (Back), the tags; then the context and the
 * source, which a Basic note leaves out and a note type of the user's
 * may take.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "export-impl.h"

/* One Anki field: sanitised (line breaks kept, tabs expanded) and quoted
 * when it holds a quote or a line break, or starts with '#' (which would
 * make the row a comment). */
static glossa_status_t put_anki_field(struct out *o, const char *value,
                                      int last)
{
	char *safe = glossa_sanitize(value, strlen(value), GLOSSA_SAN_NEWLINES);

	if (!safe)
		return GLOSSA_NOMEM;
	if (strpbrk(safe, "\"\t\n\r") || safe[0] == '#') {
		out_puts(o, "\"");
		for (const char *p = safe; *p; p++) {
			if (*p == '"')
				out_puts(o, "\"");
			out_write(o, p, 1);
		}
		out_puts(o, "\"");
	} else {
		out_puts(o, safe);
	}
	out_puts(o, last ? "\n" : "\t");
	free(safe);
	return GLOSSA_OK;
}

/* Anki tags from "a; b c, d" lists: split on ';' and ',', spaces inside a
 * tag made '_', duplicates dropped, joined by spaces. */
static void anki_tags(struct glossa_buf *b, const char *list)
{
	const char *p = list;

	while (*p) {
		size_t n = strcspn(p, ";,");
		char *tag = squeeze(p, n);

		if (!tag) {
			b->nomem = 1;
			return;
		}
		for (char *t = tag; *t; t++)
			if (*t == ' ')
				*t = '_';
		if (tag[0]) {
			int seen = 0;
			size_t tl = strlen(tag);

			for (const char *q = b->s; q && *q;) {
				size_t ql = strcspn(q, " ");

				if (ql == tl && memcmp(q, tag, tl) == 0)
					seen = 1;
				q += ql + (q[ql] == ' ');
			}
			if (!seen) {
				if (b->len)
					glossa_buf_puts(b, " ");
				glossa_buf_puts(b, tag);
			}
		}
		free(tag);
		p += n + (p[n] != '\0');
	}
}

/* FNV-1a (64 bits) of s and a separator into h. */
static uint64_t fnv(uint64_t h, const char *s)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3u;
	return (h ^ 0xff) * 0x100000001b3u;
}

static int before(const glossa_annotation_t *x, const glossa_annotation_t *y)
{
	int64_t kx = x->pos < 0 ? INT64_MAX : x->pos;
	int64_t ky = y->pos < 0 ? INT64_MAX : y->pos;

	return kx != ky ? kx < ky : x->id < y->id;
}

/*
 * The GUID of gloss note of article a, the same in every export, so
 * that Anki updates a note imported before instead of adding another:
 * a hash of the article's identity (its URL, else the file it was
 * imported from, else its title, date and source), the kind and the
 * phrase; a later gloss of the same phrase in the article (at another
 * occurrence) adds its rank among them. Neither ids nor times go in: an
 * article imported again keeps its URL or file, and an annotation its
 * phrase, whatever its id. The same phrase glossed in two articles
 * gives two notes.
 */
static void anki_guid(const glossa_article_t *a,
                      const glossa_annotation_t *note, char out[24])
{
	uint64_t h = 0xcbf29ce484222325u;
	size_t rank = 0;

	if (a->url[0]) {
		h = fnv(fnv(h, "url"), a->url);
	} else if (a->origin[0]) {
		h = fnv(fnv(h, "file"), a->origin);
	} else {
		h = fnv(fnv(h, "title"), a->title);
		h = fnv(fnv(h, a->date), a->source);
	}
	h = fnv(fnv(h, "gloss"), note->phrase);
	for (size_t i = 0; i < a->n_notes; i++)
		rank += a->notes[i].kind == GLOSSA_KIND_GLOSS &&
		        &a->notes[i] != note &&
		        strcmp(a->notes[i].phrase, note->phrase) == 0 &&
		        before(&a->notes[i], note);
	if (rank) {
		char r[32];

		snprintf(r, sizeof(r), "%zu", rank);
		h = fnv(h, r);
	}
	snprintf(out, 24, "glossa-%016" PRIx64, h);
}

/* Anki: one row per annotation with a phrase. */
glossa_status_t write_anki(struct exp *x, const glossa_article_t *a,
                                  glossa_annotation_t **notes, size_t n)
{
	struct glossa_buf source = {0};
	glossa_status_t st = GLOSSA_OK;

	glossa_buf_puts(&source, a->title);
	if (a->source[0] || a->date[0]) {
		glossa_buf_puts(&source, " (");
		glossa_buf_puts(&source, a->source);
		if (a->source[0] && a->date[0])
			glossa_buf_puts(&source, ", ");
		glossa_buf_puts(&source, a->date);
		glossa_buf_puts(&source, ")");
	}
	if (source.nomem) {
		free(source.s);
		return GLOSSA_NOMEM;
	}
	for (size_t i = 0; i < n && st == GLOSSA_OK; i++) {
		const glossa_annotation_t *note = notes[i];
		struct glossa_buf tr = {0}, tags = {0};
		char *ctx, *src, guid[24];

		/* A card is a gloss: a phrase and its translation. */
		if (note->kind != GLOSSA_KIND_GLOSS || !note->phrase[0])
			continue;
		anki_guid(a, note, guid);
		/* the back: reading, translation, note, a line each */
		glossa_buf_puts(&tr, note->reading);
		if (note->reading[0] && note->translation[0])
			glossa_buf_puts(&tr, "\n");
		glossa_buf_puts(&tr, note->translation);
		if (note->translation[0] && note->note[0])
			glossa_buf_puts(&tr, "\n");
		glossa_buf_puts(&tr, note->note);
		anki_tags(&tags, a->tags);
		anki_tags(&tags, note->tags);
		ctx = context_of(a, note);
		src = clean(source.s, 0);
		if (tr.nomem || tags.nomem || !ctx || !src) {
			st = GLOSSA_NOMEM;
		} else {
			const char *fields[] = {
			    guid, note->phrase, tr.s ? tr.s : "",
			    tags.s ? tags.s : "", ctx, src,
			};

			for (size_t f = 0; f < 6 && st == GLOSSA_OK; f++)
				st = put_anki_field(x->o, fields[f], f == 5);
			x->count++;
		}
		free(tr.s);
		free(tags.s);
		free(ctx);
		free(src);
	}
	free(source.s);
	return st;
}

