/*
 * fuzz_parse.c: libFuzzer target for glossa_parse() and
 * glossa_article_format_write().
 *
 * Any input must parse or be refused without a crash; what parses must
 * survive the round trip: parse(format(a)) gives a again (field by
 * field) and format is a fixed point.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "glossa/article.h"

static void same(const char *x, const char *y)
{
	if (!x || !y || strcmp(x, y) != 0)
		abort();
}

static void same_article(const glossa_article_t *x, const glossa_article_t *y)
{
	size_t i;
	const glossa_annotation_t *p, *q;

	same(x->title, y->title);
	same(x->source, y->source);
	same(x->author, y->author);
	same(x->url, y->url);
	same(x->date, y->date);
	same(x->language, y->language);
	same(x->tags, y->tags);
	same(x->body, y->body);
	if (x->n_extra != y->n_extra || x->n_notes != y->n_notes)
		abort();
	for (i = 0; i < x->n_extra; i++) {
		same(x->extra[i].name, y->extra[i].name);
		same(x->extra[i].value, y->extra[i].value);
	}
	for (i = 0; i < x->n_notes; i++) {
		p = &x->notes[i];
		q = &y->notes[i];
		if (p->kind != q->kind || p->pos != q->pos)
			abort();
		same(p->phrase, q->phrase);
		same(p->context_before, q->context_before);
		same(p->context_after, q->context_after);
		same(p->reading, q->reading);
		same(p->translation, q->translation);
		same(p->note, q->note);
		same(p->tags, q->tags);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	glossa_article_t *a, *b;
	char *err = NULL, *f1, *f2;

	if (glossa_parse((const char *)data, size, &a, &err) != GLOSSA_OK) {
		free(err);
		return 0;
	}
	if (!a->title[0] || glossa_article_format_write(a, &f1) != GLOSSA_OK)
		abort();
	if (glossa_parse(f1, strlen(f1), &b, &err) != GLOSSA_OK)
		abort();
	same_article(a, b);
	if (glossa_article_format_write(b, &f2) != GLOSSA_OK)
		abort();
	same(f1, f2);
	free(f1);
	free(f2);
	glossa_article_free(a);
	glossa_article_free(b);
	return 0;
}
