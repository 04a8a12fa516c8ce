/*
 * export-anki.c: the Anki format of export: tab-separated, one card a
 * gloss.
 */
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
		char *ctx, *src;

		/* A card is a gloss: a phrase and its translation. */
		if (note->kind != GLOSSA_KIND_GLOSS || !note->phrase[0])
			continue;
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
			    note->phrase, note->reading, tr.s ? tr.s : "",
			    ctx,          src,           tags.s ? tags.s : "",
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

