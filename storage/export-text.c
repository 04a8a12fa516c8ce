/*
 * export-text.c: the text and Markdown formats of export, from one style
 * table, and what they and Anki share: clean text and the context of a
 * phrase (its sentence, glossa_sentence_end()).
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "export-impl.h"

/* Code points of context on each side of a phrase, at most. */
#define CONTEXT_SIDE 150

/* --- Text helpers ---------------------------------------------------- */


static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

/* A copy of s with every run of white space made one space, trimmed. */
char *squeeze(const char *s, size_t len)
{
	char *out = malloc(len + 1);
	size_t n = 0;
	int space = 0;

	if (!out)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		if (is_space((unsigned char)s[i])) {
			space = 1;
			continue;
		}
		if (space && n > 0)
			out[n++] = ' ';
		space = 0;
		out[n++] = s[i];
	}
	out[n] = '\0';
	return out;
}

/* s made safe: one line (white space squeezed) or, with lines, its line
 * breaks kept. NULL when out of memory. */
char *clean(const char *s, int lines)
{
	char *one, *safe;

	if (lines)
		return glossa_sanitize(s, strlen(s), GLOSSA_SAN_NEWLINES);
	if (!(one = squeeze(s, strlen(s))))
		return NULL;
	safe = glossa_sanitize(one, strlen(one), 0);
	free(one);
	return safe;
}

/* --- Context of a phrase --------------------------------------------- */

/* Code point at byte i of s (U+FFFD for a bad byte), its length in *n. */
static uint32_t cp_at(const char *s, size_t len, size_t i, size_t *n)
{
	uint32_t cp;

	*n = glossa_utf8_decode(s + i, len - i, &cp);
	if (*n == 0) {
		*n = 1;
		cp = 0xFFFD;
	}
	return cp;
}

/*
 * The sentence of body around the phrase at bytes [start, end): bounded by
 * sentence ends (glossa_sentence_end()) and line breaks, at most
 * CONTEXT_SIDE code points on each side of the phrase ("…" where cut),
 * white space squeezed.
 */
static char *sentence(const char *body, size_t len, size_t start, size_t end)
{
	size_t a = start, b = end, n, k, count;
	int cut_a = 0, cut_b = 0;
	struct glossa_buf out = {0};
	char *mid;

	for (count = 0; a > 0; count++) {
		size_t p = a - 1;
		uint32_t cp;

		if (count == CONTEXT_SIDE) {
			cut_a = 1;
			break;
		}
		while (p > 0 && ((unsigned char)body[p] & 0xC0) == 0x80)
			p--;
		cp = cp_at(body, len, p, &n);
		if (cp == '\n')
			break;
		if ((k = glossa_sentence_end(body, len, p))) {
			/* the closing quotes after it end that sentence */
			a = p + k < start ? p + k : start;
			break;
		}
		a = p;
	}
	for (count = 0; b < len; count++) {
		uint32_t cp;

		if (count == CONTEXT_SIDE) {
			cut_b = 1;
			break;
		}
		cp = cp_at(body, len, b, &n);
		if (cp == '\n')
			break;
		if ((k = glossa_sentence_end(body, len, b))) {
			b += k;
			break;
		}
		b += n;
	}
	if (!(mid = squeeze(body + a, b - a)))
		return NULL;
	if (cut_a)
		glossa_buf_puts(&out, ELLIPSIS);
	glossa_buf_puts(&out, mid);
	if (cut_b)
		glossa_buf_puts(&out, ELLIPSIS);
	free(mid);
	return glossa_buf_take(&out);
}

/* The context of note in body, sanitised, one line; "" for a note
 * without a phrase. NULL when out of memory. */
char *context_of(const glossa_article_t *a,
                        const glossa_annotation_t *note)
{
	size_t blen = strlen(a->body), plen = strlen(note->phrase);
	struct glossa_buf raw = {0};
	char *ctx, *safe;

	if (plen == 0)
		return strdup("");
	if (note->pos >= 0) {
		size_t off =
		    glossa_utf8_offset(a->body, blen, (size_t)note->pos);

		if (glossa_phrase_at(a->body, blen, off, note->phrase, plen)) {
			ctx = sentence(a->body, blen, off, off + plen);
			goto done;
		}
	}
	glossa_buf_puts(&raw, note->context_before);
	glossa_buf_puts(&raw, note->phrase);
	glossa_buf_puts(&raw, note->context_after);
	if (raw.nomem) {
		free(raw.s);
		return NULL;
	}
	ctx = squeeze(raw.s, raw.len);
	free(raw.s);
done:
	if (!ctx)
		return NULL;
	safe = glossa_sanitize(ctx, strlen(ctx), 0);
	free(ctx);
	return safe;
}

/*
 * Write value with the line breaks it has, each continuation line
 * indented by indent, through emit (plain or Markdown-escaped).
 */
static void put_lines(struct out *o, const char *value, const char *indent,
                      void (*emit)(struct out *, const char *, size_t, int),
                      int first_bol)
{
	const char *p = value;

	for (;;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);

		if (p != value && n > 0)
			out_puts(o, indent);
		emit(o, p, n, p != value || first_bol);
		if (!nl)
			break;
		out_puts(o, "\n");
		p = nl + 1;
	}
}

static void emit_plain(struct out *o, const char *s, size_t n, int bol)
{
	(void)bol;
	out_write(o, s, n);
}

/*
 * Markdown: escape what would change the meaning: inline syntax
 * (\ ` * _ [ ] < > ~ $ #, and & before a name) everywhere, and list, quote
 * and heading markers where a line starts (bol).
 */
static void emit_md(struct out *o, const char *s, size_t n, int bol)
{
	size_t i = 0;

	if (bol) {
		size_t d = 0;

		while (i < n && s[i] == ' ')
			out_write(o, s + i++, 1);
		while (i + d < n && s[i + d] >= '0' && s[i + d] <= '9')
			d++;
		if (d > 0 && i + d < n &&
		    (s[i + d] == '.' || s[i + d] == ')')) {
			out_write(o, s + i, d);
			out_puts(o, "\\");
			i += d;
		} else if (i < n && strchr("-+=|", s[i])) {
			out_puts(o, "\\");
		}
	}
	for (; i < n; i++) {
		char c = s[i];

		if (strchr("\\`*_[]<>~$#", c) && c != '\0')
			out_puts(o, "\\");
		else if (c == '&' && i + 1 < n &&
		         (s[i + 1] == '#' ||
		          (s[i + 1] >= 'a' && s[i + 1] <= 'z') ||
		          (s[i + 1] >= 'A' && s[i + 1] <= 'Z')))
			out_puts(o, "\\");
		out_write(o, &c, 1);
	}
}

/* A labelled line "<indent><label><value>" with the value's line breaks
 * kept; nothing when value is empty. md: 1 escapes for Markdown, 2 also
 * escapes the first line as the start of a line. */
static glossa_status_t put_field(struct out *o, const char *indent,
                                 const char *label, const char *value,
                                 const char *cont, int md)
{
	char *safe;

	if (!value[0])
		return GLOSSA_OK;
	if (!(safe = clean(value, 1)))
		return GLOSSA_NOMEM;
	out_puts(o, indent);
	out_puts(o, label);
	put_lines(o, safe, cont, md ? emit_md : emit_plain, md == 2);
	out_puts(o, "\n");
	free(safe);
	return GLOSSA_OK;
}

/* The one-line form of s, escaped for Markdown when md. */
static glossa_status_t put_one(struct out *o, const char *s, int md)
{
	char *safe = clean(s, 0);

	if (!safe)
		return GLOSSA_NOMEM;
	if (md)
		emit_md(o, safe, strlen(safe), 0);
	else
		out_puts(o, safe);
	free(safe);
	return GLOSSA_OK;
}

/* A URL as a Markdown autolink when it can be one, else as text. */
static glossa_status_t put_md_url(struct out *o, const char *url)
{
	char *safe = clean(url, 0);

	if (!safe)
		return GLOSSA_NOMEM;
	if (strpbrk(safe, " <>") == NULL && strstr(safe, "://") != NULL) {
		out_puts(o, "<");
		out_puts(o, safe);
		out_puts(o, ">");
	} else {
		emit_md(o, safe, strlen(safe), 0);
	}
	free(safe);
	return GLOSSA_OK;
}

/*
 * How text and Markdown lay out an article: the same skeleton, these
 * strings apart. Text: the title, its source, date and URL lines, a blank
 * line, then each annotation: "phrase — translation" with Reading, Note
 * and Context lines indented by two, or "Note: text"; continuation lines
 * by four. Markdown: "# title", the source, date and URL as lines of one
 * paragraph (backslash line breaks), then a list: "**phrase** —
 * translation" with a sub-list of reading and note and the context as a
 * block quote, or "Note: text".
 */
struct style {
	int md;               /* escape for Markdown */
	const char *title;    /* before the title */
	const char *first;    /* before the first of source, date, URL */
	const char *between;  /* between two of them */
	const char *note;     /* before a free note's "Note: " */
	const char *note_cont; /* its continuation lines */
	const char *item;     /* before a gloss's phrase */
	const char *item_end; /* after it */
	const char *tr_cont;  /* continuation lines of the translation */
	const char *sub;      /* before Reading:, Note:, a note's Translation: */
	const char *ctx;      /* before the context */
	const char *ctx_label;
	const char *ctx_cont;
};

static const struct style text_style = {
	.md = 0, .title = "", .first = "", .between = "\n",
	.note = "", .note_cont = "    ", .item = "", .item_end = "",
	.tr_cont = "    ", .sub = "  ", .ctx = "  ", .ctx_label = "Context: ",
	.ctx_cont = "    ",
};

static const struct style markdown_style = {
	.md = 1, .title = "# ", .first = "\n", .between = "\\\n",
	.note = "- ", .note_cont = "  ", .item = "- **", .item_end = "**",
	.tr_cont = "  ", .sub = "  - ", .ctx = "  > ", .ctx_label = "",
	.ctx_cont = "",
};

/* One article in the style s. */
static glossa_status_t write_styled(struct exp *x, const struct style *s,
                                    const glossa_article_t *a,
                                    glossa_annotation_t **notes, size_t n)
{
	static const char *const labels[] = {"Source: ", "Date: ", "URL: "};
	const char *values[] = {a->source, a->date, a->url};
	struct out *o = x->o;
	glossa_status_t st;
	int lines = 0;

	if (x->n_articles > 0)
		out_puts(o, "\n");
	out_puts(o, s->title);
	if ((st = put_one(o, a->title, s->md)) != GLOSSA_OK)
		return st;
	out_puts(o, "\n");
	for (size_t i = 0; i < 3; i++) {
		if (!values[i][0])
			continue;
		out_puts(o, lines++ ? s->between : s->first);
		out_puts(o, labels[i]);
		st = i == 2 && s->md ? put_md_url(o, values[i])
		                     : put_one(o, values[i], s->md);
		if (st != GLOSSA_OK)
			return st;
	}
	if (lines)
		out_puts(o, "\n");
	if (n > 0)
		out_puts(o, "\n");
	for (size_t i = 0; i < n && st == GLOSSA_OK; i++) {
		const glossa_annotation_t *note = notes[i];
		char *ctx;

		if (!note->phrase[0]) {
			st = put_field(o, s->note, "Note: ", note->note,
			               s->note_cont, s->md);
			if (st == GLOSSA_OK)
				st = put_field(o, s->sub, "Translation: ",
				               note->translation, "    ", s->md);
			x->count++;
			continue;
		}
		out_puts(o, s->item);
		if ((st = put_one(o, note->phrase, s->md)) != GLOSSA_OK)
			break;
		out_puts(o, s->item_end);
		if (note->translation[0]) {
			char *safe = clean(note->translation, 1);

			if (!safe)
				return GLOSSA_NOMEM;
			out_puts(o, " " EM_DASH " ");
			put_lines(o, safe, s->tr_cont,
			          s->md ? emit_md : emit_plain, 0);
			free(safe);
		}
		out_puts(o, "\n");
		st = put_field(o, s->sub, "Reading: ", note->reading, "    ",
		               s->md);
		if (st == GLOSSA_OK)
			st = put_field(o, s->sub, "Note: ", note->note, "    ",
			               s->md);
		if (st != GLOSSA_OK)
			break;
		if (!(ctx = context_of(a, note)))
			return GLOSSA_NOMEM;
		st = put_field(o, s->ctx, s->ctx_label, ctx, s->ctx_cont,
		               s->md ? 2 : 0);
		free(ctx);
		x->count++;
	}
	return st;
}

glossa_status_t write_text(struct exp *x, const glossa_article_t *a,
                           glossa_annotation_t **notes, size_t n)
{
	return write_styled(x, &text_style, a, notes, n);
}

glossa_status_t write_markdown(struct exp *x, const glossa_article_t *a,
                               glossa_annotation_t **notes, size_t n)
{
	return write_styled(x, &markdown_style, a, notes, n);
}
