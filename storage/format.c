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

#include "glossa/article.h"

struct sbuf {
	char *s;
	size_t len, cap;
	int nomem;
};

static void add(struct sbuf *sb, const char *p, size_t n)
{
	char *s;
	size_t cap;

	if (sb->nomem)
		return;
	if (sb->len + n + 1 > sb->cap) {
		cap = (sb->len + n + 1) * 2;
		s = realloc(sb->s, cap);
		if (!s) {
			sb->nomem = 1;
			return;
		}
		sb->s = s;
		sb->cap = cap;
	}
	memcpy(sb->s + sb->len, p, n);
	sb->len += n;
	sb->s[sb->len] = '\0';
}

static void adds(struct sbuf *sb, const char *s)
{
	add(sb, s, strlen(s));
}

static int is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/*
 * A plain value: each line of it trimmed, empty lines dropped, the rest
 * folded as continuation lines (parsing joins them with a space).
 */
static void add_folded(struct sbuf *sb, const char *v)
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
			add(sb, first ? " " : "\n ", first ? 1 : 2);
			add(sb, p, n);
			first = 0;
		}
		p += n;
		while (*p && *p != '\n')
			p++;
		if (*p == '\n')
			p++;
	}
}

static void add_field(struct sbuf *sb, const char *name, const char *v)
{
	adds(sb, name);
	add(sb, ":", 1);
	add_folded(sb, v);
	add(sb, "\n", 1);
}

/* An annotation value with '\\', '|' and newlines escaped. */
static void add_escaped(struct sbuf *sb, const char *v)
{
	for (; *v; v++) {
		if (*v == '\\')
			add(sb, "\\\\", 2);
		else if (*v == '|')
			add(sb, "\\|", 2);
		else if (*v == '\n')
			add(sb, "\\n", 2);
		else
			add(sb, v, 1);
	}
}

/* An extra field's name, made a valid field name if it is not one. */
static void add_name(struct sbuf *sb, const char *name)
{
	const char *p;

	if (!*name) {
		adds(sb, "X-Field");
		return;
	}
	for (p = name; *p; p++) {
		if (isalnum((unsigned char)*p) || *p == '-' || *p == '_')
			add(sb, p, 1);
		else
			add(sb, "-", 1);
	}
}

static const char *str(const char *s)
{
	return s ? s : "";
}

glossa_status_t glossa_format(const glossa_article_t *a, char **out)
{
	struct sbuf sb = {NULL, 0, 0, 0};
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
		add(&sb, ":", 1);
		add_folded(&sb, str(a->extra[i].value));
		add(&sb, "\n", 1);
	}
	for (i = 0; i < a->n_notes; i++) {
		n = &a->notes[i];
		if (n->kind == GLOSSA_KIND_GLOSS) {
			adds(&sb, "Gloss: ");
			add_escaped(&sb, str(n->phrase));
			adds(&sb, " | ");
			add_escaped(&sb, str(n->translation));
			if (*str(n->note)) {
				adds(&sb, " | ");
				add_escaped(&sb, n->note);
			}
			add(&sb, "\n", 1);
			if (*str(n->reading)) {
				adds(&sb, "Reading: ");
				add_escaped(&sb, n->reading);
				add(&sb, "\n", 1);
			}
		} else {
			adds(&sb, "Note:");
			if (*str(n->note)) {
				add(&sb, " ", 1);
				add_escaped(&sb, n->note);
			}
			add(&sb, "\n", 1);
			if (*str(n->phrase)) {
				adds(&sb, "Quote: ");
				add_escaped(&sb, n->phrase);
				add(&sb, "\n", 1);
			}
		}
	}
	add(&sb, "\n", 1);
	if (*body) {
		adds(&sb, body);
		add(&sb, "\n", 1);
	}
	if (sb.nomem) {
		free(sb.s);
		return GLOSSA_NOMEM;
	}
	*out = sb.s;
	return GLOSSA_OK;
}
