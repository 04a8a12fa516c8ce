/*
 * format.c: writing an article in the article file format.
 *
 * Exports glossa_article_format_write() (see include/glossa/article.h),
 * the inverse of glossa_parse().
 *
 * An article whose text the plain format cannot carry exactly (a control
 * or invisible character, U+E000/U+E001, a value starting or ending with
 * white space, a line break in a plain value, a body ending with one, an
 * empty translation) is written with "Escapes: yes" as its first line:
 * then every value and the body write a backslash as "\\", and each such
 * character as "\u{1B}" (the body keeps its line breaks, tabs stay
 * tabs inside values), so the file is exact and holds nothing a terminal
 * would act on. Any other article is written as it always was.
 *
 * A derived reading (the dictionary's, reading_derived) is not written:
 * the file holds what its author typed, and the archive that imports it
 * derives the reading again (glossa readings --fill); written as typed,
 * it would come back as the user's and no longer give way to a better
 * dictionary, and the file's annotation would no longer be the one the
 * archive had from the file (import.c).
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "glossa/article.h"
#include "glossa/text.h"

/* The reading the file gives: a typed one only. */
static const char *typed_reading(const glossa_annotation_t *n)
{
	return n->reading_derived ? "" : n->reading;
}

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

/* A code point that must be escaped: what the sanitiser would not print
 * as it is, but for tabs and line breaks. */
static int unsafe(uint32_t cp)
{
	char ph[GLOSSA_PLACEHOLDER_MAX];

	return cp != '\t' && cp != '\n' && glossa_cp_display(cp, ph) < 0;
}

enum {
	ESC_BARS = 1 << 0, /* an annotation value: '|' as "\|" */
	ESC_BODY = 1 << 1, /* the body: line breaks as they are but the last
			    * one, no white space trimmed */
};

/*
 * v in an escaped file: a backslash as "\\", a line break as "\n" (in the
 * body only the last one), each unsafe character and white space at
 * either end of a value (parsing trims values) as "\u{X}", '|' as "\|"
 * with ESC_BARS. Invalid UTF-8 (never stored) goes as it is.
 */
static void add_escaped_full(struct glossa_buf *sb, const char *v,
                             unsigned how)
{
	size_t len = strlen(v), i = 0, n;
	uint32_t cp;
	char e[16];

	while (i < len) {
		int edge = !(how & ESC_BODY) && (i == 0 || i + 1 == len) &&
		           is_ws(v[i]);

		if (!(n = glossa_utf8_decode(v + i, len - i, &cp))) {
			glossa_buf_add(sb, v + i, 1);
			i++;
			continue;
		}
		if (cp == '\\')
			glossa_buf_add(sb, "\\\\", 2);
		else if (cp == '|' && (how & ESC_BARS))
			glossa_buf_add(sb, "\\|", 2);
		else if (cp == '\n' && (!(how & ESC_BODY) || i + 1 == len))
			glossa_buf_add(sb, "\\n", 2);
		else if (edge || unsafe(cp))
			glossa_buf_add(sb, e,
			               (size_t)snprintf(e, sizeof(e), "\\u{%X}",
			                                (unsigned)cp));
		else
			glossa_buf_add(sb, v + i, n);
		i += n;
	}
}

/* Whether v needs an escaped file: an unsafe character, and for a value
 * (not the body) white space at either end; line breaks are for the
 * caller to judge. */
static int needs_escapes(const char *v, int value)
{
	size_t len = strlen(v), i = 0, n;
	uint32_t cp;

	if (value && len > 0 && (is_ws(v[0]) || is_ws(v[len - 1])))
		return 1;
	while (i < len) {
		if ((unsigned char)v[i] >= 0x20 && (unsigned char)v[i] < 0x7F) {
			i++;
			continue;
		}
		n = glossa_utf8_decode(v + i, len - i, &cp);
		if (n && unsafe(cp))
			return 1;
		i += n ? n : 1;
	}
	return 0;
}

static const char *str(const char *s)
{
	return s ? s : "";
}

/* A note that lost its phrase when the text changed: written with the
 * context it had, by which parsing can find it again. */
static int is_detached(const glossa_annotation_t *n)
{
	return n->detached && n->pos < 0 && *str(n->phrase);
}

/* Whether the article must be written escaped. */
static int escaped(const glossa_article_t *a)
{
	const char *vals[] = {a->title,    a->source, a->author, a->url,
	                      a->date,     a->language, a->tags};
	const char *body = str(a->body);
	size_t i;

	for (i = 0; i < sizeof(vals) / sizeof(vals[0]); i++)
		if (needs_escapes(str(vals[i]), 1) || strchr(str(vals[i]), '\n'))
			return 1;
	for (i = 0; i < a->n_extra; i++)
		if (needs_escapes(str(a->extra[i].value), 1) ||
		    strchr(str(a->extra[i].value), '\n'))
			return 1;
	if (needs_escapes(body, 0) || (*body && body[strlen(body) - 1] == '\n'))
		return 1;
	for (i = 0; i < a->n_notes; i++) {
		const glossa_annotation_t *n = &a->notes[i];
		const char *nv[] = {n->phrase, typed_reading(n), n->translation,
		                    n->note,   n->tags};

		if (n->kind == GLOSSA_KIND_GLOSS &&
		    (!*str(n->phrase) || !*str(n->translation)))
			return 1;
		for (size_t k = 0; k < sizeof(nv) / sizeof(nv[0]); k++)
			if (needs_escapes(str(nv[k]), 1))
				return 1;
		if (is_detached(n) &&
		    (needs_escapes(str(n->context_before), 1) ||
		     needs_escapes(str(n->context_after), 1)))
			return 1;
	}
	return 0;
}

static void add_field(struct glossa_buf *sb, const char *name, const char *v,
                      int esc)
{
	glossa_buf_puts(sb, name);
	glossa_buf_add(sb, ":", 1);
	if (!esc) {
		add_folded(sb, v);
	} else if (*v) {
		glossa_buf_add(sb, " ", 1);
		add_escaped_full(sb, v, 0);
	}
	glossa_buf_add(sb, "\n", 1);
}

/* An annotation value with '\\', '|' and newlines escaped (and the rest
 * when esc). */
static void add_escaped(struct glossa_buf *sb, const char *v, int esc)
{
	if (esc) {
		add_escaped_full(sb, v, ESC_BARS);
		return;
	}
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

/* "Name: value" for an annotation, nothing when value is empty. */
static void add_note_field(struct glossa_buf *sb, const char *name,
                           const char *v, int esc)
{
	if (!*str(v))
		return;
	glossa_buf_puts(sb, name);
	glossa_buf_add(sb, ": ", 2);
	add_escaped(sb, v, esc);
	glossa_buf_add(sb, "\n", 1);
}

/* Which occurrence of its phrase (from 1, overlapping ones counted) the
 * annotation stands at; 0 when it has no place in the body though its
 * phrase is there (glossa leaves a blank phrase unplaced), -1 when
 * parsing finds it anyway (at the first occurrence, or not at all). */
static long occurrence(const char *body, const glossa_annotation_t *n)
{
	size_t len = strlen(body), plen = strlen(str(n->phrase)), off;
	long k = 0;

	if (plen == 0 || n->detached)
		return -1;
	if (n->pos < 0)
		return glossa_phrase_find(body, len, 0, n->phrase, plen) !=
		               SIZE_MAX
		           ? 0
		           : -1;
	off = glossa_utf8_offset(body, len, (size_t)n->pos);
	if (!glossa_phrase_at(body, len, off, n->phrase, plen))
		return -1;
	for (size_t at = glossa_phrase_find(body, len, 0, n->phrase, plen);
	     at != SIZE_MAX && at <= off;
	     at = glossa_phrase_find(body, len, at + 1, n->phrase, plen))
		k++;
	return k;
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

glossa_status_t glossa_article_format_write(const glossa_article_t *a,
					    char **out)
{
	struct glossa_buf sb = {0};
	const glossa_annotation_t *n;
	const char *names[] = {"Source", "Author",   "URL",
	                       "Date",   "Language", "Tags"};
	const char *vals[] = {a->source, a->author,   a->url,
	                      a->date,   a->language, a->tags};
	const char *body = str(a->body);
	int esc = escaped(a);
	size_t i;
	long k;
	char num[48];

	*out = NULL;
	if (esc)
		glossa_buf_puts(&sb, "Escapes: yes\n");
	add_field(&sb, "Title", str(a->title), esc);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (*str(vals[i]))
			add_field(&sb, names[i], vals[i], esc);
	for (i = 0; i < a->n_extra; i++) {
		/* The output is UTF-8: a stray Encoding field would lie. */
		if (strcasecmp(str(a->extra[i].name), "Encoding") == 0)
			continue;
		add_name(&sb, str(a->extra[i].name));
		add_field(&sb, "", str(a->extra[i].value), esc);
	}
	for (i = 0; i < a->n_notes; i++) {
		n = &a->notes[i];
		if (n->kind == GLOSSA_KIND_GLOSS) {
			glossa_buf_puts(&sb, "Gloss: ");
			add_escaped(&sb, str(n->phrase), esc);
			glossa_buf_puts(&sb, " | ");
			add_escaped(&sb, str(n->translation), esc);
			if (*str(n->note)) {
				glossa_buf_puts(&sb, " | ");
				add_escaped(&sb, n->note, esc);
			}
			glossa_buf_add(&sb, "\n", 1);
			add_note_field(&sb, "Reading", typed_reading(n), esc);
		} else {
			glossa_buf_puts(&sb, "Note:");
			if (*str(n->note)) {
				glossa_buf_add(&sb, " ", 1);
				add_escaped(&sb, n->note, esc);
			}
			glossa_buf_add(&sb, "\n", 1);
			add_note_field(&sb, "Quote", n->phrase, esc);
			add_note_field(&sb, "Reading", typed_reading(n), esc);
			add_note_field(&sb, "Translation", n->translation, esc);
		}
		add_note_field(&sb, "Note-Tags", n->tags, esc);
		if ((k = occurrence(body, n)) == 0 || k > 1) {
			snprintf(num, sizeof(num), "Occurrence: %ld\n", k);
			glossa_buf_puts(&sb, num);
		}
		if (is_detached(n)) {
			glossa_buf_puts(&sb, "Detached: ");
			add_escaped(&sb, str(n->context_before), esc);
			glossa_buf_puts(&sb, " | ");
			add_escaped(&sb, str(n->context_after), esc);
			glossa_buf_add(&sb, "\n", 1);
		}
	}
	glossa_buf_add(&sb, "\n", 1);
	if (*body) {
		if (esc)
			add_escaped_full(&sb, body, ESC_BODY);
		else
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
