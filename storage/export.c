/*
 * export.c: writing a selection of articles and annotations as text,
 * Markdown, Anki TSV or the article file format.
 *
 * Exported: glossa_format_from_name, glossa_format_name,
 * glossa_export_stream and glossa_export_file (see export.h).
 *
 * Decisions made here:
 * - Annotations come in position order within an article (those without a
 *   position last); a selection of notes is grouped by article, articles
 *   in list order; a selection of articles keeps the order given.
 * - The context of a phrase is its sentence in the body (at the stored
 *   position): bounded by a line break, by 。！？, or by . ! ? followed by
 *   white space (so "2.5" goes on), at most 150 code points on each side,
 *   "…" where cut; else context_before + phrase + context_after.
 * - Text, Markdown and Anki are sanitised. The archive format is data,
 *   not display: glossa_article_format_write() writes the text as stored,
 *   and an article holding controls, invisible characters or escape
 *   sequences is written with "Escapes: yes" and "\u{1B}" escapes, so it comes back
 *   exactly and the file holds nothing a terminal would act on.
 * - Anki: the header adds "#tags column:6"; the translation field also
 *   holds the gloss's note on a second line; tags are the article's and
 *   the annotation's, ';' or ',' separated, spaces made '_'. A field is
 *   quoted when it holds '"' or a line break or starts with '#'.
 * - Archive into a directory: created if missing (one level), one file
 *   per article named "<id, 4 digits or more>-<slug>.txt" (file_name());
 *   each file is written atomically, and an existing one stops the export with
 *   GLOSSA_EXISTS unless force (files written before it stay).
 * - A target that is a symlink, a directory or not a regular file (a
 *   device, a FIFO) is refused, even with force: GLOSSA_BAD_INPUT.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "buf.h"
#include "db.h"

#define EM_DASH "\xe2\x80\x94"
#define ELLIPSIS "\xe2\x80\xa6"

/* Code points of context on each side of a phrase, at most. */
#define CONTEXT_SIDE 150
/* Bytes of a file name's slug, at most. */
#define SLUG_MAX 60
/* Articles read per page when exporting everything. */
#define PAGE_SIZE 64

static const char *const format_names[] = {
    [GLOSSA_FORMAT_TEXT] = "text",
    [GLOSSA_FORMAT_MARKDOWN] = "markdown",
    [GLOSSA_FORMAT_ANKI] = "anki",
    [GLOSSA_FORMAT_ARCHIVE] = "archive",
};

int glossa_format_from_name(const char *name, glossa_format_kind_t *out)
{
	static const struct {
		const char *name;
		glossa_format_kind_t kind;
	} names[] = {
	    {"text", GLOSSA_FORMAT_TEXT},
	    {"txt", GLOSSA_FORMAT_TEXT},
	    {"markdown", GLOSSA_FORMAT_MARKDOWN},
	    {"md", GLOSSA_FORMAT_MARKDOWN},
	    {"anki", GLOSSA_FORMAT_ANKI},
	    {"tsv", GLOSSA_FORMAT_ANKI},
	    {"archive", GLOSSA_FORMAT_ARCHIVE},
	};

	if (!name)
		return -1;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcasecmp(name, names[i].name) == 0) {
			*out = names[i].kind;
			return 0;
		}
	}
	return -1;
}

const char *glossa_format_name(glossa_format_kind_t format)
{
	if ((unsigned)format < sizeof(format_names) / sizeof(format_names[0]))
		return format_names[format];
	return "unknown";
}

/* --- Output ---------------------------------------------------------- */

/* A stream that remembers the errno of its first failed write. */
struct out {
	FILE *f;
	int err;
};

static void out_write(struct out *o, const char *s, size_t n)
{
	if (o->err || n == 0)
		return;
	errno = 0;
	if (fwrite(s, 1, n, o->f) != n)
		o->err = errno ? errno : EIO;
}

static void out_puts(struct out *o, const char *s)
{
	out_write(o, s, strlen(s));
}

/* Flush o and report its first error as a status with a message naming
 * what (a path, or "the export"). */
static glossa_status_t out_finish(glossa_db_t *db, struct out *o,
                                  const char *what)
{
	if (!o->err) {
		errno = 0;
		if (fflush(o->f) != 0 || ferror(o->f))
			o->err = errno ? errno : EIO;
	}
	if (!o->err)
		return GLOSSA_OK;
	if (o->err == ENOSPC || o->err == EDQUOT) {
		return glossa_db_error(db, GLOSSA_FULL,
		                       "disk full writing %s", what);
	}
	return glossa_db_error(db, GLOSSA_IO,
	                       "cannot write %s: %s", what, strerror(o->err));
}

/* --- Text helpers ---------------------------------------------------- */


static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

/* A copy of s with every run of white space made one space, trimmed. */
static char *squeeze(const char *s, size_t len)
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
static char *clean(const char *s, int lines)
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

static int is_closer(uint32_t cp)
{
	switch (cp) {
	case '"':
	case '\'':
	case ')':
	case ']':
	case '}':
	case 0x2019:
	case 0x201D:
	case 0x300B:
	case 0x300D:
	case 0x300F:
	case 0x3011:
	case 0xFF09:
	case 0xFF3D:
		return 1;
	}
	return 0;
}

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

/* Whether the code point cp at byte i ends a sentence: 。！？ always;
 * . ! ? when closing quotes and then white space or the end follow (so
 * that "U.S." and "2.5" do not). */
static int ends_sentence(const char *s, size_t len, size_t i, uint32_t cp)
{
	size_t n;

	if (cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F)
		return 1;
	if (cp != '.' && cp != '!' && cp != '?')
		return 0;
	for (i++; i < len; i += n) {
		uint32_t c = cp_at(s, len, i, &n);

		if (!is_closer(c))
			return is_space((unsigned char)s[i]);
	}
	return 1;
}

/*
 * The sentence of body around the phrase at bytes [start, end): bounded by
 * sentence ends and line breaks, at most CONTEXT_SIDE code points on each
 * side of the phrase ("…" where cut), white space squeezed.
 */
static char *sentence(const char *body, size_t len, size_t start, size_t end)
{
	size_t a = start, b = end, n, count;
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
		if (cp == '\n' || ends_sentence(body, len, p, cp)) {
			/* the closing quotes after it end that sentence */
			while (a < start) {
				uint32_t c = cp_at(body, len, a, &n);
				if (!is_closer(c))
					break;
				a += n;
			}
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
		b += n;
		if (ends_sentence(body, len, b - n, cp)) {
			while (b < len && is_closer(cp_at(body, len, b, &n)))
				b += n;
			break;
		}
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
static char *context_of(const glossa_article_t *a,
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

/* --- The formats ----------------------------------------------------- */

/* One export in progress. */
struct exp {
	glossa_db_t *db;
	glossa_format_kind_t format;
	struct out *o;   /* the stream, or NULL when writing to dir */
	const char *dir; /* archive format into a directory */
	int force;
	size_t count;      /* annotations written */
	size_t n_articles; /* articles written */
	int skip_bare;     /* skip an article with nothing to export */
	int header;        /* the Anki header is written */
};

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

/* Text: the article's title, source, date and URL, a blank line, then each
 * annotation: "phrase — translation" with Reading, Note and Context lines
 * indented by two, or "Note: text"; continuation lines by four. */
static glossa_status_t write_text(struct exp *x, const glossa_article_t *a,
                                  glossa_annotation_t **notes, size_t n)
{
	static const char *const labels[] = {"Source: ", "Date: ", "URL: "};
	const char *values[] = {a->source, a->date, a->url};
	struct out *o = x->o;
	glossa_status_t st;

	if (x->n_articles > 0)
		out_puts(o, "\n");
	if ((st = put_one(o, a->title, 0)) != GLOSSA_OK)
		return st;
	out_puts(o, "\n");
	for (size_t i = 0; i < 3; i++) {
		if (!values[i][0])
			continue;
		out_puts(o, labels[i]);
		if ((st = put_one(o, values[i], 0)) != GLOSSA_OK)
			return st;
		out_puts(o, "\n");
	}
	if (n > 0)
		out_puts(o, "\n");
	for (size_t i = 0; i < n && st == GLOSSA_OK; i++) {
		const glossa_annotation_t *note = notes[i];
		char *ctx;

		if (!note->phrase[0]) {
			st = put_field(o, "", "Note: ", note->note, "    ", 0);
			if (st == GLOSSA_OK)
				st = put_field(o, "  ", "Translation: ",
				               note->translation, "    ", 0);
			x->count++;
			continue;
		}
		if ((st = put_one(o, note->phrase, 0)) != GLOSSA_OK)
			break;
		if (note->translation[0]) {
			char *safe = clean(note->translation, 1);

			if (!safe)
				return GLOSSA_NOMEM;
			out_puts(o, " " EM_DASH " ");
			put_lines(o, safe, "    ", emit_plain, 0);
			free(safe);
		}
		out_puts(o, "\n");
		st = put_field(o, "  ", "Reading: ", note->reading, "    ", 0);
		if (st == GLOSSA_OK)
			st =
			    put_field(o, "  ", "Note: ", note->note, "    ", 0);
		if (st != GLOSSA_OK)
			break;
		if (!(ctx = context_of(a, note)))
			return GLOSSA_NOMEM;
		st = put_field(o, "  ", "Context: ", ctx, "    ", 0);
		free(ctx);
		x->count++;
	}
	return st;
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

/* Markdown: "# title", the source, date and URL as lines of one paragraph
 * (backslash line breaks), then a list: "**phrase** — translation" with a
 * sub-list of reading and note and the context as a block quote, or
 * "Note: text". */
static glossa_status_t write_markdown(struct exp *x, const glossa_article_t *a,
                                      glossa_annotation_t **notes, size_t n)
{
	static const char *const labels[] = {"Source: ", "Date: ", "URL: "};
	const char *values[] = {a->source, a->date, a->url};
	struct out *o = x->o;
	glossa_status_t st;
	int lines = 0;

	if (x->n_articles > 0)
		out_puts(o, "\n");
	out_puts(o, "# ");
	if ((st = put_one(o, a->title, 1)) != GLOSSA_OK)
		return st;
	out_puts(o, "\n");
	for (size_t i = 0; i < 3; i++) {
		if (!values[i][0])
			continue;
		out_puts(o, lines++ ? "\\\n" : "\n");
		out_puts(o, labels[i]);
		st = i == 2 ? put_md_url(o, values[i])
		            : put_one(o, values[i], 1);
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
			st = put_field(o, "- ", "Note: ", note->note, "  ", 1);
			if (st == GLOSSA_OK)
				st = put_field(o, "  - ", "Translation: ",
				               note->translation, "    ", 1);
			x->count++;
			continue;
		}
		out_puts(o, "- **");
		if ((st = put_one(o, note->phrase, 1)) != GLOSSA_OK)
			break;
		out_puts(o, "**");
		if (note->translation[0]) {
			char *safe = clean(note->translation, 1);

			if (!safe)
				return GLOSSA_NOMEM;
			out_puts(o, " " EM_DASH " ");
			put_lines(o, safe, "  ", emit_md, 0);
			free(safe);
		}
		out_puts(o, "\n");
		st =
		    put_field(o, "  - ", "Reading: ", note->reading, "    ", 1);
		if (st == GLOSSA_OK)
			st = put_field(o, "  - ", "Note: ", note->note, "    ",
			               1);
		if (st != GLOSSA_OK)
			break;
		if (!(ctx = context_of(a, note)))
			return GLOSSA_NOMEM;
		st = put_field(o, "  > ", "", ctx, "", 2);
		free(ctx);
		x->count++;
	}
	return st;
}

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
static glossa_status_t write_anki(struct exp *x, const glossa_article_t *a,
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

/* --- Files ----------------------------------------------------------- */

/* Writes the content of a file to f. */
typedef glossa_status_t (*writer_fn)(FILE *f, void *arg, const char *path);

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}

/* Make the data in a directory durable (errors ignored: not every file
 * system can sync a directory). */
static void sync_dir(const char *path)
{
	char *dir = dir_of(path);
	int fd;

	if (!dir)
		return;
	fd = open(dir, O_RDONLY | O_DIRECTORY);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

/* Refuse a target that is a symbolic link, not a regular file, or (without
 * force) that exists. */
static glossa_status_t check_target(glossa_db_t *db, const char *path,
                                    int force)
{
	struct stat st;

	if (lstat(path, &st) != 0) {
		if (errno == ENOENT)
			return GLOSSA_OK;
		return glossa_db_error(db, GLOSSA_IO,
		                       "cannot write %s: %s", path,
		                       strerror(errno));
	}
	if (S_ISLNK(st.st_mode)) {
		return glossa_db_error(
		    db, GLOSSA_BAD_INPUT,
		    "%s is a symbolic link; not following it", path);
	}
	if (S_ISDIR(st.st_mode)) {
		return glossa_db_error(db, GLOSSA_BAD_INPUT,
		                       "%s is a directory", path);
	}
	if (!S_ISREG(st.st_mode)) {
		return glossa_db_error(db, GLOSSA_BAD_INPUT,
		                       "%s is not a regular file; export "
		                       "writes "
		                       "only regular files",
		                       path);
	}
	if (!force) {
		return glossa_db_error(db, GLOSSA_EXISTS,
		                       "%s exists; not replaced without force",
		                       path);
	}
	return GLOSSA_OK;
}

/*
 * Write a file at path atomically: write() into a temporary file beside
 * it, flush, sync, then rename (with force) or link (without, so that a
 * file created meanwhile is not replaced). On failure the temporary file
 * is removed and path is untouched.
 */
static glossa_status_t write_atomic(glossa_db_t *db, const char *path,
                                    int force, writer_fn fn, void *arg)
{
	glossa_status_t st;
	char *tmp;
	mode_t mask;
	FILE *f;
	int fd, err = 0;

	if ((st = check_target(db, path, force)) != GLOSSA_OK)
		return st;
	if (asprintf(&tmp, "%s.XXXXXX", path) < 0)
		return glossa_db_error(db, GLOSSA_NOMEM,
				       "exporting: out of memory");
	if ((fd = mkstemp(tmp)) < 0) {
		st = glossa_db_error(db, errno == ENOSPC ? GLOSSA_FULL
		                                         : GLOSSA_IO,
		                     "cannot create a file beside %s: %s",
		                     path, strerror(errno));
		free(tmp);
		return st;
	}
	mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
	if (!(f = fdopen(fd, "w"))) {
		close(fd);
		unlink(tmp);
		free(tmp);
		return glossa_db_error(db, GLOSSA_NOMEM,
				       "exporting: out of memory");
	}
	st = fn(f, arg, path);
	if (st == GLOSSA_OK) {
		errno = 0;
		if (fflush(f) != 0 || ferror(f) || fsync(fd) != 0)
			err = errno ? errno : EIO;
	}
	if (fclose(f) != 0 && st == GLOSSA_OK && !err)
		err = errno ? errno : EIO;
	if (st == GLOSSA_OK && err) {
		if (err == ENOSPC || err == EDQUOT) {
			st = glossa_db_error(db, GLOSSA_FULL,
			                     "disk full writing %s", path);
		} else {
			st = glossa_db_error(db, GLOSSA_IO,
			                     "cannot write %s: %s", path,
			                     strerror(err));
		}
	}
	if (st == GLOSSA_OK && !force) {
		if (link(tmp, path) == 0) {
			unlink(tmp);
		} else if (errno == EEXIST) {
			st = glossa_db_error(
			    db, GLOSSA_EXISTS,
			    "%s exists; not replaced without force", path);
		} else if (rename(tmp, path) != 0) {
			/* no hard links here: a plain rename */
			st = glossa_db_error(db, GLOSSA_IO,
			                     "cannot write %s: %s", path,
			                     strerror(errno));
		}
	} else if (st == GLOSSA_OK && rename(tmp, path) != 0) {
		st = glossa_db_error(db, GLOSSA_IO, "cannot write %s: %s", path,
		                     strerror(errno));
	}
	if (st != GLOSSA_OK)
		unlink(tmp);
	else
		sync_dir(path);
	free(tmp);
	return st;
}

/* What a code point of a title is in a file name. */
enum slug_class { SLUG_KEEP, SLUG_SEP, SLUG_DROP };

/*
 * Letters and digits of any script are kept (ASCII ones lowercased);
 * white space and punctuation separate words ('-'), except quotation
 * marks and brackets, which go without a trace (读“十四五”规划 is one
 * word); controls, bidi and other format characters, and anything a
 * terminal would not show as it is, go too. Without a Unicode database,
 * the punctuation blocks are named here; a symbol outside them is kept.
 */
static enum slug_class slug_class(uint32_t cp)
{
	char ph[GLOSSA_PLACEHOLDER_MAX];

	if (cp < 0x80) {
		if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		    (cp >= '0' && cp <= '9'))
			return SLUG_KEEP;
		return SLUG_SEP; /* as before: ASCII names stay the same */
	}
	if (glossa_cp_display(cp, ph) < 0 || cp == 0xFEFF ||
	    (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0x034F)
		return SLUG_DROP;
	if ((cp >= 0x2018 && cp <= 0x201F) || cp == 0x2039 || cp == 0x203A ||
	    cp == 0xAB || cp == 0xBB || (cp >= 0x3008 && cp <= 0x3011) ||
	    (cp >= 0x3014 && cp <= 0x301F) || cp == 0xFF02 || cp == 0xFF07 ||
	    cp == 0xFF08 || cp == 0xFF09 || cp == 0xFF3B || cp == 0xFF3D ||
	    cp == 0xFF5B || cp == 0xFF5D || (cp >= 0xFF5F && cp <= 0xFF63) ||
	    (cp >= 0xFE41 && cp <= 0xFE44))
		return SLUG_DROP;
	if (cp <= 0xBF || cp == 0xD7 || cp == 0xF7 ||
	    (cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x3000 && cp <= 0x3007) ||
	    (cp >= 0x3012 && cp <= 0x3013) || cp == 0x3030 ||
	    cp == 0x303D || (cp >= 0xFE10 && cp <= 0xFE1F) ||
	    (cp >= 0xFE30 && cp <= 0xFE6F) || (cp >= 0xFF01 && cp <= 0xFF0F) ||
	    (cp >= 0xFF1A && cp <= 0xFF20) || (cp >= 0xFF3C && cp <= 0xFF40) ||
	    (cp >= 0xFF5C && cp <= 0xFF65) || cp == 0x30FB)
		return SLUG_SEP;
	return SLUG_KEEP;
}

/*
 * The file name of an article: id, then a slug of its title in any
 * script (see slug_class(): words joined by '-'), at most SLUG_MAX bytes,
 * cut at a character boundary, between words when that keeps half of it;
 * "article" when nothing is left. Safe on any file system: no '/', none
 * of Windows' <>:"\|?*, no control or bidi character, no leading '-' or
 * '.' (it starts with the id), far below 255 bytes.
 */
static char *file_name(const glossa_article_t *a)
{
	char slug[SLUG_MAX + 1];
	size_t n = 0, len = strlen(a->title), last_dash = 0;
	int dash = 0, cut = 0;
	char *name;

	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t k = glossa_utf8_decode(a->title + i, len - i, &cp);
		char u[4];
		size_t ul;

		if (k == 0) { /* not UTF-8 (it is, in the archive) */
			i++;
			continue;
		}
		i += k;
		switch (slug_class(cp)) {
		case SLUG_SEP:
			dash = n > 0;
			continue;
		case SLUG_DROP:
			continue;
		case SLUG_KEEP:
			break;
		}
		/* a combining mark only after what it combines with */
		if (glossa_cp_width(cp) == 0 && (n == 0 || dash))
			continue;
		if (cp >= 'A' && cp <= 'Z')
			cp += 32;
		ul = glossa_utf8_encode(cp, u);
		if (n + (size_t)dash + ul > SLUG_MAX) {
			cut = !dash;
			break;
		}
		if (dash) {
			last_dash = n;
			slug[n++] = '-';
		}
		dash = 0;
		memcpy(slug + n, u, ul);
		n += ul;
	}
	if (cut && last_dash >= SLUG_MAX / 2)
		n = last_dash;
	slug[n] = '\0';
	if (asprintf(&name, "%04" PRId64 "-%s.txt", a->id,
	             slug[0] ? slug : "article") < 0)
		return NULL;
	return name;
}

struct blob {
	const char *s;
	size_t n;
};

static glossa_status_t write_blob(FILE *f, void *arg, const char *path)
{
	struct blob *b = arg;

	(void)path;
	if (b->n && fwrite(b->s, 1, b->n, f) != b->n)
		return GLOSSA_OK; /* the error shows in ferror() */
	return GLOSSA_OK;
}

/* The article in the article file format with only the given notes
 * (glossa_article_format_write: exact, escaped where needed, ending with
 * a line break). */
static glossa_status_t format_article(const glossa_article_t *a,
                                      glossa_annotation_t **notes, size_t n,
                                      char **out)
{
	glossa_article_t copy = *a;
	glossa_annotation_t *sel = NULL;
	glossa_status_t st;

	*out = NULL;
	if (n && !(sel = malloc(n * sizeof(*sel))))
		return GLOSSA_NOMEM;
	for (size_t i = 0; i < n; i++)
		sel[i] = *notes[i];
	copy.notes = sel;
	copy.n_notes = n;
	st = glossa_article_format_write(&copy, out);
	free(sel);
	return st;
}

/* Archive: the file format, into its own file under x->dir, or on the
 * stream with a form feed line between articles. */
static glossa_status_t write_archive(struct exp *x, const glossa_article_t *a,
                                     glossa_annotation_t **notes, size_t n)
{
	glossa_status_t st;
	char *text, *name, *path;
	struct blob b;

	if ((st = format_article(a, notes, n, &text)) != GLOSSA_OK)
		return st;
	if (x->o) {
		if (x->n_articles > 0)
			out_puts(x->o, "\f\n");
		out_puts(x->o, text);
		free(text);
		x->count += n;
		return GLOSSA_OK;
	}
	name = file_name(a);
	if (!name || asprintf(&path, "%s/%s", x->dir, name) < 0) {
		free(name);
		free(text);
		return GLOSSA_NOMEM;
	}
	b.s = text;
	b.n = strlen(text);
	st = write_atomic(x->db, path, x->force, write_blob, &b);
	if (st == GLOSSA_OK)
		x->count += n;
	free(path);
	free(name);
	free(text);
	return st;
}

/* --- Selection ------------------------------------------------------- */

static int cmp_notes(const void *pa, const void *pb)
{
	const glossa_annotation_t *a = *(glossa_annotation_t *const *)pa;
	const glossa_annotation_t *b = *(glossa_annotation_t *const *)pb;
	int64_t ka = a->pos < 0 ? INT64_MAX : a->pos;
	int64_t kb = b->pos < 0 ? INT64_MAX : b->pos;

	if (ka != kb)
		return ka < kb ? -1 : 1;
	return (a->id > b->id) - (a->id < b->id);
}

static int cmp_ids(const void *pa, const void *pb)
{
	int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;

	return (a > b) - (a < b);
}

/*
 * Write one article with its annotations in position order: all of them
 * when ids is NULL, else those whose id is in the sorted ids.
 */
static glossa_status_t export_article(struct exp *x, int64_t id,
                                      const int64_t *ids, size_t n_ids)
{
	glossa_article_t *a;
	glossa_annotation_t **sel = NULL;
	glossa_status_t st;
	size_t n = 0;

	if (x->db->interrupt && x->db->interrupt(x->db->interrupt_arg)) {
		return glossa_db_error(x->db, GLOSSA_INTERRUPTED,
		                       "export interrupted");
	}
	if ((st = glossa_article_get(x->db, id, &a)) != GLOSSA_OK)
		return st;
	if (a->n_notes && !(sel = malloc(a->n_notes * sizeof(*sel)))) {
		glossa_article_free(a);
		return GLOSSA_NOMEM;
	}
	for (size_t i = 0; i < a->n_notes; i++) {
		if (!ids ||
		    bsearch(&a->notes[i].id, ids, n_ids, sizeof(*ids), cmp_ids))
			sel[n++] = &a->notes[i];
	}
	if (n > 1)
		qsort(sel, n, sizeof(*sel), cmp_notes);
	if (x->skip_bare) {
		/* Anki writes a row per annotation with a phrase only */
		size_t rows = 0;
		for (size_t i = 0; i < n; i++)
			rows += x->format != GLOSSA_FORMAT_ANKI ||
				sel[i]->phrase[0];
		if (!rows) {
			free(sel);
			glossa_article_free(a);
			return GLOSSA_OK;
		}
	}
	/* Anki's header before the first article: nothing written when
	 * there is nothing to export */
	if (x->format == GLOSSA_FORMAT_ANKI && x->o && !x->header) {
		out_puts(x->o, "#separator:tab\n#html:false\n#tags column:6\n"
		               "#columns:phrase\treading\ttranslation\tcontext"
		               "\tsource\ttags\n");
		x->header = 1;
	}
	switch (x->format) {
	case GLOSSA_FORMAT_TEXT:
		st = write_text(x, a, sel, n);
		break;
	case GLOSSA_FORMAT_MARKDOWN:
		st = write_markdown(x, a, sel, n);
		break;
	case GLOSSA_FORMAT_ANKI:
		st = write_anki(x, a, sel, n);
		break;
	case GLOSSA_FORMAT_ARCHIVE:
		st = write_archive(x, a, sel, n);
		break;
	}
	if (st == GLOSSA_OK)
		x->n_articles++;
	free(sel);
	glossa_article_free(a);
	return st;
}

/* Every article in list order, a page at a time. */
static glossa_status_t export_all(struct exp *x)
{
	glossa_page_t page = {0};
	glossa_key_t key = {0};
	char *date = NULL;
	glossa_status_t st;

	for (;;) {
		st =
		    glossa_list(x->db, date ? &key : NULL, 0, PAGE_SIZE, &page);
		if (st != GLOSSA_OK || page.n == 0)
			break;
		for (size_t i = 0; i < page.n && st == GLOSSA_OK; i++)
			st = export_article(x, page.rows[i].id, NULL, 0);
		free(date);
		date = strdup(page.rows[page.n - 1].date);
		key.date = date;
		key.id = page.rows[page.n - 1].id;
		glossa_page_clear(&page);
		if (st == GLOSSA_OK && !date)
			st = GLOSSA_NOMEM;
		if (st != GLOSSA_OK)
			break;
	}
	glossa_page_clear(&page);
	free(date);
	return st;
}

/* The articles the query finds, in rank order. */
static glossa_status_t export_query(struct exp *x, const char *query)
{
	glossa_page_t page = {0};
	glossa_status_t st;

	st = glossa_search(x->db, query ? query : "", 0, 0, &page, NULL);
	for (size_t i = 0; i < page.n && st == GLOSSA_OK; i++)
		st = export_article(x, page.rows[i].id, NULL, 0);
	glossa_page_clear(&page);
	return st;
}

/* GLOSSA_OK when the article exists, else NOT_FOUND with a message. */
static glossa_status_t article_exists(glossa_db_t *db, int64_t id)
{
	glossa_status_t st;
	sqlite3_stmt *stmt =
	    glossa_db_prepare(db, "SELECT 1 FROM article WHERE id = ?", &st);
	int rc;

	if (!stmt)
		return st;
	sqlite3_bind_int64(stmt, 1, id);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc == SQLITE_ROW)
		return GLOSSA_OK;
	if (rc == SQLITE_DONE) {
		return glossa_db_error(db, GLOSSA_NOT_FOUND,
		                       "no article with id %" PRId64, id);
	}
	return glossa_db_fail(db, rc, "reading an article");
}

/* The given articles in the order given (each once), checked first so
 * that an unknown id writes nothing. */
static glossa_status_t export_articles(struct exp *x, const int64_t *ids,
                                       size_t n)
{
	glossa_status_t st = GLOSSA_OK;

	for (size_t i = 0; i < n && st == GLOSSA_OK; i++)
		st = article_exists(x->db, ids[i]);
	for (size_t i = 0; i < n && st == GLOSSA_OK; i++) {
		size_t j = 0;

		while (j < i && ids[j] != ids[i])
			j++;
		if (j == i)
			st = export_article(x, ids[i], NULL, 0);
	}
	return st;
}

struct picked {
	int64_t article, note, pos;
};

static int cmp_picked(const void *pa, const void *pb)
{
	const struct picked *a = pa, *b = pb;

	if (a->pos != b->pos)
		return a->pos < b->pos ? -1 : 1;
	if (a->article != b->article)
		return a->article < b->article ? -1 : 1;
	return (a->note > b->note) - (a->note < b->note);
}

/* The given annotations grouped by article, articles in list order. */
static glossa_status_t export_notes(struct exp *x, const int64_t *ids, size_t n)
{
	struct picked *p;
	int64_t *group = NULL;
	glossa_status_t st = GLOSSA_OK;

	if (n == 0)
		return GLOSSA_OK;
	if (!(p = calloc(n, sizeof(*p))) ||
	    !(group = calloc(n, sizeof(*group)))) {
		free(p);
		return GLOSSA_NOMEM;
	}
	for (size_t i = 0; i < n && st == GLOSSA_OK; i++) {
		glossa_annotation_t note = {0};

		st = glossa_annotation_get(x->db, ids[i], &note);
		if (st == GLOSSA_NOT_FOUND)
			glossa_db_error(x->db, st, "no note with id %" PRId64,
			                ids[i]);
		if (st != GLOSSA_OK)
			break;
		p[i].article = note.article_id;
		p[i].note = ids[i];
		glossa_annotation_clear(&note);
		st = glossa_list_position(x->db, p[i].article, &p[i].pos);
	}
	if (st == GLOSSA_OK)
		qsort(p, n, sizeof(*p), cmp_picked);
	for (size_t i = 0; i < n && st == GLOSSA_OK;) {
		size_t j = i, k = 0;

		for (; j < n && p[j].article == p[i].article; j++)
			group[k++] = p[j].note; /* sorted by cmp_picked */
		st = export_article(x, p[i].article, group, k);
		i = j;
	}
	free(group);
	free(p);
	return st;
}

/* Export the selection; GLOSSA_NOT_FOUND when that wrote nothing. */
static glossa_status_t run(struct exp *x, const glossa_selection_t *sel)
{
	glossa_status_t st;

	/* All or a query, in the formats of notes: the articles with notes
	 * (a list of nothing helps nobody). The archive format takes every
	 * article: it is for moving or keeping the archive. */
	x->skip_bare = (sel->kind == GLOSSA_SELECT_ALL ||
			sel->kind == GLOSSA_SELECT_QUERY) &&
		       x->format != GLOSSA_FORMAT_ARCHIVE;
	switch (sel->kind) {
	case GLOSSA_SELECT_ALL:
		st = export_all(x);
		break;
	case GLOSSA_SELECT_NOTES:
		st = export_notes(x, sel->ids, sel->n_ids);
		break;
	case GLOSSA_SELECT_ARTICLES:
		st = export_articles(x, sel->ids, sel->n_ids);
		break;
	case GLOSSA_SELECT_QUERY:
		st = export_query(x, sel->query);
		break;
	default:
		return glossa_db_error(x->db, GLOSSA_ERROR,
		                       "unknown selection");
	}
	if (st == GLOSSA_OK && x->n_articles == 0) {
		st = glossa_db_error(x->db, GLOSSA_NOT_FOUND,
		                     "nothing to export");
	}
	return st;
}

static glossa_status_t check_format(glossa_db_t *db,
                                    glossa_format_kind_t format)
{
	if ((unsigned)format <= GLOSSA_FORMAT_ARCHIVE)
		return GLOSSA_OK;
	return glossa_db_error(db, GLOSSA_BAD_INPUT,
	                       "unknown export format %d", (int)format);
}

static glossa_status_t export_to(glossa_db_t *db, const glossa_selection_t *sel,
                                 glossa_format_kind_t format, FILE *f,
                                 const char *what, size_t *count)
{
	struct out o = {f, 0};
	struct exp x = {db, format, &o, NULL, 0, 0, 0, 0, 0};
	glossa_status_t st;

	st = run(&x, sel);
	/* most of the formatting has no handle to say it */
	if (st == GLOSSA_NOMEM)
		glossa_db_error(db, st, "exporting: out of memory");
	if (st == GLOSSA_OK)
		st = out_finish(db, &o, what);
	if (count)
		*count = st == GLOSSA_OK ? x.count : 0;
	return st;
}

glossa_status_t glossa_export_stream(glossa_db_t *db,
                                     const glossa_selection_t *sel,
                                     glossa_format_kind_t format, FILE *out,
                                     size_t *count)
{
	glossa_status_t st;

	if (count)
		*count = 0;
	if ((st = check_format(db, format)) != GLOSSA_OK)
		return st;
	return export_to(db, sel, format, out, "the export", count);
}

struct to_file {
	glossa_db_t *db;
	const glossa_selection_t *sel;
	glossa_format_kind_t format;
	size_t count;
};

static glossa_status_t write_export(FILE *f, void *arg, const char *path)
{
	struct to_file *t = arg;

	return export_to(t->db, t->sel, t->format, f, path, &t->count);
}

/* Make the directory of an archive export (one level; *created says so),
 * or check that it is one. */
static glossa_status_t make_dir(glossa_db_t *db, const char *path,
                                int *created)
{
	struct stat st;

	*created = 0;
	if (lstat(path, &st) != 0) {
		if (errno == ENOENT && mkdir(path, 0777) == 0) {
			*created = 1;
			return GLOSSA_OK;
		}
		return glossa_db_error(db, errno == ENOSPC ? GLOSSA_FULL
		                                           : GLOSSA_IO,
		                       "cannot create the directory %s: %s",
		                       path, strerror(errno));
	}
	if (S_ISLNK(st.st_mode)) {
		return glossa_db_error(
		    db, GLOSSA_BAD_INPUT,
		    "%s is a symbolic link; not following it", path);
	}
	if (!S_ISDIR(st.st_mode)) {
		return glossa_db_error(db, GLOSSA_BAD_INPUT,
		                       "%s is not a directory", path);
	}
	return GLOSSA_OK;
}

/* Remove a directory this export created, with the files it wrote in
 * it (after a failure or an interruption: no half-filled directory). */
static void remove_dir(const char *path)
{
	struct dirent *e;
	DIR *d = opendir(path);

	if (d) {
		while ((e = readdir(d)))
			if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
				unlinkat(dirfd(d), e->d_name, 0);
		closedir(d);
	}
	rmdir(path);
}

glossa_status_t glossa_export_file(glossa_db_t *db,
                                   const glossa_selection_t *sel,
                                   glossa_format_kind_t format,
                                   const char *path, int force, size_t *count)
{
	glossa_status_t st;

	if (count)
		*count = 0;
	if ((st = check_format(db, format)) != GLOSSA_OK)
		return st;
	if (format == GLOSSA_FORMAT_ARCHIVE) {
		struct exp x = {db, format, NULL, path, force, 0, 0, 0, 0};
		int created;

		if ((st = make_dir(db, path, &created)) != GLOSSA_OK)
			return st;
		st = run(&x, sel);
		if (st != GLOSSA_OK && created)
			remove_dir(path);
		if (count && st == GLOSSA_OK)
			*count = x.count;
		return st;
	} else {
		struct to_file t = {db, sel, format, 0};

		st = write_atomic(db, path, force, write_export, &t);
		if (count && st == GLOSSA_OK)
			*count = t.count;
		return st;
	}
}
