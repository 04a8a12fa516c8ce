/*
 * format.c: writing an article in the article file format.
 *
 * Exports glossa_format() (see include/glossa/article.h), the inverse of
 * glossa_parse().
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "glossa/article.h"

static int is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/*
 * A plain value: each line of it trimmed, empty lines dropped, the rest
 * folded as continuation lines (parsing joins them with a space).
 */
static void add_folded(struct glossa_buf *sb, const char *v)
{
	const char *p = v, *eol;
	size_t n;
	int first = 1;

	while (*p) {
		eol = strchr(p, '\n');
		n = eol ? (size_t)(eol - p) : strlen(p);
		while (n > 0 && is_ws(*p)) {
			p++;
			n--;
		}
		while (n > 0 && is_ws(p[n - 1]))
			n--;
		if (n > 0) {
			glossa_buf_add(sb, first ? " " : "\n ", first ? 1 : 2);
			glossa_buf_add(sb, p, n);
			first = 0;
		}
		p += n;
		while (*p && *p != '\n')
			p++;
		if (*p == '\n')
			p++;
	}
}

static void add_field(struct glossa_buf *sb, const char *name, const char *v)
{
	glossa_buf_puts(sb, name);
	glossa_buf_add(sb, ":", 1);
	add_folded(sb, v);
	glossa_buf_add(sb, "\n", 1);
}

/* An annotation value with '\\', '|' and newlines escaped. */
static void add_escaped(struct glossa_buf *sb, const char *v)
{
	for (; *v; v++) {
		if (*v == '\\')
			glossa_buf_add(sb, "\\\\", 2);
		else if (*v == '|')
			glossa_buf_add(sb, "\\|", 2);
		else if (*v == '\n')
			glossa_buf_add(sb, "\\n", 2);
		else
			glossa_buf_add(sb, v, 1);
	}
}

/* An extra field's name, made a valid field name if it is not one. */
static void add_name(struct glossa_buf *sb, const char *name)
{
	const char *p;

	if (!*name) {
		glossa_buf_puts(sb, "X-Field");
		return;
	}
	for (p = name; *p; p++) {
		if (isalnum((unsigned char)*p) || *p == '-' || *p == '_')
			glossa_buf_add(sb, p, 1);
		else
			glossa_buf_add(sb, "-", 1);
	}
}

static const char *str(const char *s)
{
	return s ? s : "";
}

glossa_status_t glossa_format(const glossa_article_t *a, char **out)
{
	struct glossa_buf sb = {0};
	const glossa_annotation_t *n;
	const char *names[] = {"Source", "Author",   "URL",
	                       "Date",   "Language", "Tags"};
	const char *vals[] = {a->source, a->author,   a->url,
	                      a->date,   a->language, a->tags};
	const char *body = str(a->body);
	size_t i;

	*out = NULL;
	add_field(&sb, "Title", str(a->title));
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (*str(vals[i]))
			add_field(&sb, names[i], vals[i]);
	for (i = 0; i < a->n_extra; i++) {
		/* The output is UTF-8: a stray Encoding field would lie. */
		if (strcasecmp(str(a->extra[i].name), "Encoding") == 0)
			continue;
		add_name(&sb, str(a->extra[i].name));
		glossa_buf_add(&sb, ":", 1);
		add_folded(&sb, str(a->extra[i].value));
		glossa_buf_add(&sb, "\n", 1);
	}
	for (i = 0; i < a->n_notes; i++) {
		n = &a->notes[i];
		if (n->kind == GLOSSA_KIND_GLOSS) {
			glossa_buf_puts(&sb, "Gloss: ");
			add_escaped(&sb, str(n->phrase));
			glossa_buf_puts(&sb, " | ");
			add_escaped(&sb, str(n->translation));
			if (*str(n->note)) {
				glossa_buf_puts(&sb, " | ");
				add_escaped(&sb, n->note);
			}
			glossa_buf_add(&sb, "\n", 1);
			if (*str(n->reading)) {
				glossa_buf_puts(&sb, "Reading: ");
				add_escaped(&sb, n->reading);
				glossa_buf_add(&sb, "\n", 1);
			}
		} else {
			glossa_buf_puts(&sb, "Note:");
			if (*str(n->note)) {
				glossa_buf_add(&sb, " ", 1);
				add_escaped(&sb, n->note);
			}
			glossa_buf_add(&sb, "\n", 1);
			if (*str(n->phrase)) {
				glossa_buf_puts(&sb, "Quote: ");
				add_escaped(&sb, n->phrase);
				glossa_buf_add(&sb, "\n", 1);
			}
		}
	}
	glossa_buf_add(&sb, "\n", 1);
	if (*body) {
		glossa_buf_puts(&sb, body);
		glossa_buf_add(&sb, "\n", 1);
	}
	if (sb.nomem) {
		free(sb.s);
		return GLOSSA_NOMEM;
	}
	*out = sb.s;
	return GLOSSA_OK;
}
