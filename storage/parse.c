/*
 * parse.c: reading the article file format.
 *
 * Exports glossa_parse() (see include/glossa/article.h, whose first
 * comment describes the format and the decisions made here).
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "anchor.h"
#include "buf.h"
#include "date.h"
#include "glossa/article.h"
#include "glossa/text.h"

#define TITLE_MAX_CP 200
#define WARN_PHRASE_CP 60

enum field {
	F_TITLE,
	F_SOURCE,
	F_AUTHOR,
	F_URL,
	F_DATE,
	F_LANGUAGE,
	F_TAGS,
	F_ENCODING,
	F_GLOSS,
	F_READING,
	F_NOTE,
	F_QUOTE,
	/* annotation fields added with the exact archive format: not
	 * counted as known by detect_header(), so old files read the same */
	F_TRANSLATION,
	F_NOTE_TAGS,
	F_OCCURRENCE,
	F_DETACHED,
	F_OTHER
};

static const char *const field_names[] = {
    "Title", "Source",   "Author", "URL",     "Date", "Language",
    "Tags",  "Encoding", "Gloss",  "Reading", "Note", "Quote",
    "Translation", "Note-Tags", "Occurrence", "Detached",
};

/* The fields that may follow a Gloss (GLOSS_FIELDS) or a Note
 * (NOTE_FIELDS), each once. */
#define BIT(f) (1u << (f))
#define GLOSS_FIELDS                                                    \
	(BIT(F_READING) | BIT(F_NOTE_TAGS) | BIT(F_OCCURRENCE) |          \
	 BIT(F_DETACHED))
#define NOTE_FIELDS (GLOSS_FIELDS | BIT(F_QUOTE) | BIT(F_TRANSLATION))
#define ANNOTATION_FIELDS (NOTE_FIELDS | BIT(F_GLOSS) | BIT(F_NOTE))


struct parser {
	glossa_article_t *a;
	char **errmsg;
	size_t cap_extra, cap_notes, cap_warn;
	size_t group;    /* 1 + the annotation the fields after a Gloss or
			  * Note belong to; 0 after any other field */
	unsigned seen;   /* BIT()s of the fields given for it so far */
	size_t *occ;     /* each annotation's Occurrence plus one, 0 if
			  * none */
	int escaped;     /* the file starts with "Escapes: yes" */
};

/* One physical line: p, n bytes without its '\n'; next is the offset of
 * the line after it. */
struct line {
	const char *p;
	size_t n;
	size_t next;
};

static char *vfmt(const char *fmt, va_list ap)
{
	char *msg;

	if (vasprintf(&msg, fmt, ap) < 0)
		return NULL;
	return msg;
}

static glossa_status_t fail(struct parser *ps, const char *fmt, ...)
{
	va_list ap;

	if (ps->errmsg) {
		va_start(ap, fmt);
		*ps->errmsg = vfmt(fmt, ap);
		va_end(ap);
	}
	return GLOSSA_BAD_INPUT;
}

static glossa_status_t warn(struct parser *ps, const char *fmt, ...)
{
	glossa_article_t *a = ps->a;
	va_list ap;
	char *msg, **w;

	va_start(ap, fmt);
	msg = vfmt(fmt, ap);
	va_end(ap);
	if (!msg)
		return GLOSSA_NOMEM;
	if (a->n_warnings == ps->cap_warn) {
		ps->cap_warn = ps->cap_warn * 2 + 4;
		w = realloc(a->warnings, ps->cap_warn * sizeof(*w));
		if (!w) {
			free(msg);
			return GLOSSA_NOMEM;
		}
		a->warnings = w;
	}
	a->warnings[a->n_warnings++] = msg;
	return GLOSSA_OK;
}


static char *dupn(const char *p, size_t n)
{
	char *s = malloc(n + 1);

	if (s) {
		memcpy(s, p, n);
		s[n] = '\0';
	}
	return s;
}

/* Replace *dst by a copy of p (n bytes). */
static int set_str(char **dst, const char *p, size_t n)
{
	char *s = dupn(p, n);

	if (!s)
		return 0;
	free(*dst);
	*dst = s;
	return 1;
}

static int is_cont(char c)
{
	return ((unsigned char)c & 0xC0) == 0x80;
}

static size_t count_cp(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		n += !is_cont(s[i]);
	return n;
}

/* Bytes taken by the first max code points of valid UTF-8 s. */
static size_t prefix_cp(const char *s, size_t len, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		if (!is_cont(s[i]) && n++ == max)
			break;
	}
	return i;
}


static int is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static void trim(const char **p, size_t *n)
{
	while (*n > 0 && is_ws(**p)) {
		(*p)++;
		(*n)--;
	}
	while (*n > 0 && is_ws((*p)[*n - 1]))
		(*n)--;
}

static int get_line(const char *text, size_t len, size_t off, struct line *ln)
{
	const char *eol;

	if (off >= len)
		return 0;
	ln->p = text + off;
	eol = memchr(ln->p, '\n', len - off);
	ln->n = eol ? (size_t)(eol - ln->p) : len - off;
	ln->next = off + ln->n + (eol ? 1 : 0);
	return 1;
}

static int is_blank(const struct line *ln)
{
	size_t i;

	for (i = 0; i < ln->n; i++)
		if (!is_ws(ln->p[i]))
			return 0;
	return 1;
}

/* Length of the field name if the line is "Name: value", else 0. */
static size_t field_name_len(const struct line *ln)
{
	size_t i;

	for (i = 0; i < ln->n; i++) {
		unsigned char c = (unsigned char)ln->p[i];
		if (!isalnum(c) && c != '-' && c != '_')
			break;
	}
	return i > 0 && i < ln->n && ln->p[i] == ':' ? i : 0;
}

static enum field field_of(const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < F_OTHER; i++)
		if (strlen(field_names[i]) == n &&
		    strncasecmp(name, field_names[i], n) == 0)
			return (enum field)i;
	return F_OTHER;
}

/*
 * Decide whether the text starts with a header: the block up to the first
 * blank line holds only field and continuation lines, beginning with a
 * field, and has a Title. Returns 1 (header), 0 (no header) or -1 when a
 * well-formed block of two or more known fields lacks a Title.
 */
static int detect_header(const char *text, size_t len)
{
	struct line ln;
	size_t off = 0, nlen, known = 0;
	int title = 0;
	enum field f;

	while (get_line(text, len, off, &ln) && !is_blank(&ln)) {
		if (ln.p[0] == ' ' || ln.p[0] == '\t') {
			if (off == 0)
				return 0;
		} else {
			nlen = field_name_len(&ln);
			if (!nlen)
				return 0;
			f = field_of(ln.p, nlen);
			title |= f == F_TITLE;
			known += f <= F_QUOTE;
		}
		off = ln.next;
	}
	if (off == 0)
		return 0;
	return title ? 1 : known >= 2 ? -1 : 0;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Length of the escape "\u{X}" (1 to 6 hex digits naming a code point
 * other than NUL and the surrogates) at the start of p, its code point
 * in *cp; 0 if p does not start with one. */
static size_t cp_escape(const char *p, size_t n, uint32_t *cp)
{
	size_t i = 3;
	uint32_t v = 0;

	if (n < 5 || p[0] != '\\' || p[1] != 'u' || p[2] != '{')
		return 0;
	for (; i < n && i < 9 && hex_digit(p[i]) >= 0; i++)
		v = v << 4 | (uint32_t)hex_digit(p[i]);
	if (i == 3 || i >= n || p[i] != '}' || v == 0 || v > 0x10FFFF ||
	    (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return i + 1;
}

/*
 * Unescape raw (n bytes): "\|" is '|', "\\" a backslash, "\n" a newline,
 * and when esc (a file with "Escapes: yes") "\u{1B}" is U+001B; a
 * backslash before anything else stays as it is. No escape is longer
 * than what it stands for.
 */
static char *unescape(const char *raw, size_t n, int esc)
{
	char *s = malloc(n + 1), *o = s;
	size_t i, k;
	uint32_t cp;

	if (!s)
		return NULL;
	for (i = 0; i < n; i++) {
		if (raw[i] == '\\' && i + 1 < n &&
		    (raw[i + 1] == '|' || raw[i + 1] == '\\' ||
		     raw[i + 1] == 'n')) {
			i++;
			*o++ = raw[i] == 'n' ? '\n' : raw[i];
		} else if (esc && (k = cp_escape(raw + i, n - i, &cp))) {
			o += glossa_utf8_encode(cp, o);
			i += k - 1;
		} else {
			*o++ = raw[i];
		}
	}
	*o = '\0';
	return s;
}

/* 1 if the value ends with a backslash that escapes nothing. */
static int unterminated(const char *v, size_t n)
{
	size_t k = 0;

	while (k < n && v[n - 1 - k] == '\\')
		k++;
	return k & 1;
}

static glossa_annotation_t *new_note(struct parser *ps, glossa_kind_t kind)
{
	glossa_article_t *a = ps->a;
	glossa_annotation_t *n;
	size_t *occ;

	if (a->n_notes == ps->cap_notes) {
		size_t cap = ps->cap_notes * 2 + 4;

		n = realloc(a->notes, cap * sizeof(*n));
		if (!n)
			return NULL;
		a->notes = n;
		occ = realloc(ps->occ, cap * sizeof(*occ));
		if (!occ)
			return NULL;
		ps->occ = occ;
		ps->cap_notes = cap;
	}
	ps->occ[a->n_notes] = 0;
	ps->group = a->n_notes + 1;
	ps->seen = 0;
	n = &a->notes[a->n_notes];
	memset(n, 0, sizeof(*n));
	n->kind = kind;
	n->pos = -1;
	n->phrase = strdup("");
	n->context_before = strdup("");
	n->context_after = strdup("");
	n->reading = strdup("");
	n->translation = strdup("");
	n->note = strdup("");
	n->tags = strdup("");
	a->n_notes++;
	if (!n->phrase || !n->context_before || !n->context_after ||
	    !n->reading || !n->translation || !n->note || !n->tags)
		return NULL;
	return n;
}

static glossa_status_t add_extra(struct parser *ps, const char *name,
                                 size_t nlen, const char *v, size_t vlen)
{
	glossa_article_t *a = ps->a;
	glossa_field_t *e;

	if (a->n_extra == ps->cap_extra) {
		ps->cap_extra = ps->cap_extra * 2 + 4;
		e = realloc(a->extra, ps->cap_extra * sizeof(*e));
		if (!e)
			return GLOSSA_NOMEM;
		a->extra = e;
	}
	e = &a->extra[a->n_extra];
	e->name = dupn(name, nlen);
	e->value = dupn(v, vlen);
	a->n_extra++;
	return e->name && e->value ? GLOSSA_OK : GLOSSA_NOMEM;
}

/* Split v (n bytes) at its first max - 1 unescaped bars into trimmed
 * parts; returns how many. */
static size_t split_bars(const char *v, size_t n, const char **part,
                         size_t *plen, size_t max)
{
	size_t np = 1, i;

	part[0] = v;
	for (i = 0; i < n && np < max; i++) {
		if (v[i] == '\\') {
			i++;
		} else if (v[i] == '|') {
			plen[np - 1] = (size_t)(v + i - part[np - 1]);
			part[np++] = v + i + 1;
		}
	}
	plen[np - 1] = (size_t)(v + n - part[np - 1]);
	for (i = 0; i < np; i++)
		trim(&part[i], &plen[i]);
	return np;
}

static glossa_status_t parse_gloss(struct parser *ps, const char *v, size_t n,
                                   size_t lineno)
{
	const char *part[3];
	size_t plen[3], np;
	glossa_annotation_t *g;

	np = split_bars(v, n, part, plen, 3);
	/* Empty parts only in our own files: a translation can be emptied
	 * in glossa. */
	if (np < 2 || (!ps->escaped && (plen[0] == 0 || plen[1] == 0)))
		return fail(ps,
		            "line %zu: Gloss needs a phrase and a translation: "
		            "Gloss: phrase | translation [| note]",
		            lineno);
	g = new_note(ps, GLOSSA_KIND_GLOSS);
	if (!g)
		return GLOSSA_NOMEM;
	free(g->phrase);
	free(g->translation);
	g->phrase = unescape(part[0], plen[0], ps->escaped);
	g->translation = unescape(part[1], plen[1], ps->escaped);
	if (np == 3) {
		free(g->note);
		g->note = unescape(part[2], plen[2], ps->escaped);
	}
	if (!g->phrase || !g->translation || !g->note)
		return GLOSSA_NOMEM;
	return GLOSSA_OK;
}

static glossa_status_t unterminated_escape(struct parser *ps, enum field f,
                                           size_t lineno)
{
	return fail(ps,
	            "line %zu: unterminated escape: a \\ at the end of the %s "
	            "value (write \\\\ for a backslash)",
	            lineno, field_names[f]);
}

/* An Occurrence value (a number) plus one, else 0. */
static size_t occurrence_of(const char *v, size_t n)
{
	size_t k = 0, i;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++) {
		if (v[i] < '0' || v[i] > '9' || k > 1000000000)
			return 0;
		k = k * 10 + (size_t)(v[i] - '0');
	}
	return k + 1;
}

/*
 * A field that belongs to the Gloss or Note before it (Reading, Quote,
 * Translation, Note-Tags, Occurrence, Detached): set on that annotation,
 * or kept as
 * an extra field (value pv) with a warning when there is none, when it
 * does not apply to its kind or when it was given already.
 */
static glossa_status_t annotation_field(struct parser *ps, enum field f,
                                        const char *name, size_t nlen,
                                        const char *v, size_t vlen,
                                        const char *pv, size_t pvlen,
                                        size_t lineno)
{
	glossa_article_t *a = ps->a;
	glossa_annotation_t *last =
	    ps->group ? &a->notes[ps->group - 1] : NULL;
	size_t k = 0;
	unsigned fits = !last                             ? 0
	                : last->kind == GLOSSA_KIND_GLOSS ? GLOSS_FIELDS
	                                                  : NOTE_FIELDS;
	const char *what = BIT(f) & GLOSS_FIELDS ? "Gloss or Note" : "Note";
	glossa_status_t st;
	char **dst;

	const char *part[2];
	size_t plen[2];

	if (f == F_OCCURRENCE && (fits & BIT(f)) &&
	    !(k = occurrence_of(v, vlen))) {
		st = warn(ps,
		          "line %zu: Occurrence is not a number, kept as an "
		          "extra field",
		          lineno);
		goto extra;
	}
	if (f == F_DETACHED && (fits & BIT(f)) &&
	    split_bars(v, vlen, part, plen, 2) != 2) {
		st = warn(ps,
		          "line %zu: Detached needs the text before and after: "
		          "before | after; kept as an extra field",
		          lineno);
		goto extra;
	}
	if (!(fits & BIT(f))) {
		st = warn(ps,
		          "line %zu: %.*s without a %s just before it, kept as "
		          "an extra field",
		          lineno, (int)nlen, name, what);
		goto extra;
	}
	if (ps->seen & BIT(f)) {
		st = warn(ps,
		          "line %zu: a second %.*s for one %s, kept as an "
		          "extra field",
		          lineno, (int)nlen, name,
		          last->kind == GLOSSA_KIND_GLOSS ? "Gloss" : "Note");
		goto extra;
	}
	if (f != F_OCCURRENCE && unterminated(v, vlen))
		return unterminated_escape(ps, f, lineno);
	ps->seen |= BIT(f);
	switch (f) {
	case F_OCCURRENCE:
		ps->occ[ps->group - 1] = k;
		return GLOSSA_OK;
	case F_DETACHED:
		/* locate() looks for it by this context */
		free(last->context_before);
		free(last->context_after);
		last->context_before = unescape(part[0], plen[0], ps->escaped);
		last->context_after = unescape(part[1], plen[1], ps->escaped);
		last->detached = 1;
		return last->context_before && last->context_after
		           ? GLOSSA_OK
		           : GLOSSA_NOMEM;
	case F_READING:
		dst = &last->reading;
		break;
	case F_QUOTE:
		dst = &last->phrase;
		break;
	case F_TRANSLATION:
		dst = &last->translation;
		break;
	default:
		dst = &last->tags;
		break;
	}
	free(*dst);
	*dst = unescape(v, vlen, ps->escaped);
	return *dst ? GLOSSA_OK : GLOSSA_NOMEM;
extra:
	/* the annotation's fields end here, as they did before */
	ps->group = 0;
	if (st != GLOSSA_OK)
		return st;
	return add_extra(ps, name, nlen, pv, pvlen);
}

/*
 * Normalise the Date just read (date.h) into date_iso, or warn that it
 * cannot be read: the article keeps it as written, without a date to
 * sort or filter by (listed after the dated articles).
 */
static glossa_status_t read_date(struct parser *ps, size_t lineno)
{
	glossa_article_t *a = ps->a;
	size_t len = strlen(a->date);
	char iso[GLOSSA_DATE_MAX];
	const char *why;

	if (len == 0)
		return GLOSSA_OK;
	if (glossa_date_parse(a->date, len, iso, &why) < 0)
		return warn(ps,
		            "line %zu: Date \"%.*s%s\" is not a date glossa "
		            "can read (%s); kept as written, listed after the "
		            "dated articles",
		            lineno, (int)prefix_cp(a->date, len, WARN_PHRASE_CP),
		            a->date,
		            count_cp(a->date, len) > WARN_PHRASE_CP ? "..." : "",
		            why);
	free(a->date_iso);
	a->date_iso = strdup(iso);
	return a->date_iso ? GLOSSA_OK : GLOSSA_NOMEM;
}

/* Handle one logical header field (continuations joined); v is its
 * value as written, pv its plain value (unescaped in an escaped file). */
static glossa_status_t field_value(struct parser *ps, const char *name,
                                   size_t nlen, const char *v, size_t vlen,
                                   const char *pv, size_t pvlen,
                                   size_t lineno)
{
	glossa_article_t *a = ps->a;
	enum field f = field_of(name, nlen);
	char **slot[] = {&a->title, &a->source,   &a->author, &a->url,
	                 &a->date,  &a->language, &a->tags,   &a->encoding};
	glossa_annotation_t *last;
	glossa_status_t st;

	if (!(BIT(f) & ANNOTATION_FIELDS))
		ps->group = 0;
	if (f <= F_QUOTE && (BIT(f) & ANNOTATION_FIELDS) &&
	    unterminated(v, vlen))
		return unterminated_escape(ps, f, lineno);
	switch (f) {
	case F_GLOSS:
		return parse_gloss(ps, v, vlen, lineno);
	case F_NOTE:
		last = new_note(ps, GLOSSA_KIND_NOTE);
		if (!last)
			return GLOSSA_NOMEM;
		free(last->note);
		last->note = unescape(v, vlen, ps->escaped);
		return last->note ? GLOSSA_OK : GLOSSA_NOMEM;
	case F_READING:
	case F_QUOTE:
	case F_TRANSLATION:
	case F_NOTE_TAGS:
	case F_OCCURRENCE:
	case F_DETACHED:
		return annotation_field(ps, f, name, nlen, v, vlen, pv, pvlen,
		                        lineno);
	case F_OTHER:
		return add_extra(ps, name, nlen, pv, pvlen);
	case F_ENCODING:
		if (**slot[f])
			return warn(ps,
			            "line %zu: second Encoding field ignored",
			            lineno);
		return set_str(slot[f], pv, pvlen) ? GLOSSA_OK : GLOSSA_NOMEM;
	default:
		/* A second Title (etc.) is kept, as an extra field. */
		if (**slot[f]) {
			st = warn(ps,
			          "line %zu: second %s field kept as an extra "
			          "field",
			          lineno, field_names[f]);
			if (st != GLOSSA_OK)
				return st;
			return add_extra(ps, name, nlen, pv, pvlen);
		}
		if (!set_str(slot[f], pv, pvlen))
			return GLOSSA_NOMEM;
		return f == F_DATE ? read_date(ps, lineno) : GLOSSA_OK;
	}
}

/* The same, the plain value made first. */
static glossa_status_t field(struct parser *ps, const char *name, size_t nlen,
                             const char *v, size_t vlen, size_t lineno)
{
	glossa_status_t st;
	char *pv;

	if (!ps->escaped)
		return field_value(ps, name, nlen, v, vlen, v, vlen, lineno);
	if (!(pv = unescape(v, vlen, 1)))
		return GLOSSA_NOMEM;
	st = field_value(ps, name, nlen, v, vlen, pv, strlen(pv), lineno);
	free(pv);
	return st;
}

/* Whether the field is "Escapes: yes" (the first line of a file whose
 * values and body are escaped). */
static int is_escapes(const char *name, size_t nlen, const char *v,
                      size_t vlen)
{
	return nlen == 7 && strncasecmp(name, "Escapes", 7) == 0 &&
	       vlen == 3 && strncasecmp(v, "yes", 3) == 0;
}

/* Parse the header block; *body_off receives where the body starts. */
static glossa_status_t parse_header(struct parser *ps, const char *text,
                                    size_t len, size_t *body_off)
{
	struct glossa_buf val = {0};
	struct line ln;
	const char *name = NULL, *v;
	size_t off = 0, nlen = 0, vlen, lineno = 0, fline = 0;
	glossa_status_t st = GLOSSA_OK;
	int more;

	for (;;) {
		more = get_line(text, len, off, &ln);
		if (more)
			lineno++;
		if (more && !is_blank(&ln) &&
		    (ln.p[0] == ' ' || ln.p[0] == '\t')) {
			v = ln.p;
			vlen = ln.n;
			trim(&v, &vlen);
			if (val.len > 0)
				glossa_buf_add(&val, " ", 1);
			glossa_buf_add(&val, v, vlen);
			if (val.nomem) {
				st = GLOSSA_NOMEM;
				break;
			}
			off = ln.next;
			continue;
		}
		if (name && fline == 1 &&
		    is_escapes(name, nlen, val.s, val.len)) {
			ps->escaped = 1;
		} else if (name) {
			st = field(ps, name, nlen, val.s, val.len, fline);
			if (st != GLOSSA_OK)
				break;
		}
		if (!more || is_blank(&ln)) {
			off = more ? ln.next : off;
			break;
		}
		nlen = field_name_len(&ln);
		name = ln.p;
		fline = lineno;
		v = ln.p + nlen + 1;
		vlen = ln.n - nlen - 1;
		trim(&v, &vlen);
		val.len = 0;
		glossa_buf_add(&val, v, vlen);
		if (val.nomem) {
			st = GLOSSA_NOMEM;
			break;
		}
		off = ln.next;
	}
	free(val.s);
	*body_off = off;
	if (st == GLOSSA_OK && !*ps->a->title)
		st = fail(ps, "no title: the Title field is empty");
	return st;
}

/* The title of a file without a header: its first non-empty line,
 * trimmed and cut at TITLE_MAX_CP code points. */
static glossa_status_t headerless_title(struct parser *ps, const char *text,
                                        size_t len)
{
	struct line ln;
	size_t off = 0, n;
	const char *p;

	while (get_line(text, len, off, &ln)) {
		if (!is_blank(&ln)) {
			p = ln.p;
			n = ln.n;
			trim(&p, &n);
			n = prefix_cp(p, n, TITLE_MAX_CP);
			trim(&p, &n);
			return set_str(&ps->a->title, p, n) ? GLOSSA_OK
			                                    : GLOSSA_NOMEM;
		}
		off = ln.next;
	}
	return fail(ps, "no title: the file is blank");
}

/* Copy of the body with each run of CRs before a LF dropped (so CRLF
 * becomes LF), and trailing newlines and CRs removed. */
static char *make_body(const char *p, size_t n)
{
	char *s = malloc(n + 1), *o = s;
	size_t i, k;

	if (!s)
		return NULL;
	for (i = 0; i < n; i++) {
		if (p[i] == '\r') {
			for (k = i; k < n && p[k] == '\r'; k++)
				;
			if (k < n && p[k] == '\n') {
				i = k - 1;
				continue;
			}
		}
		*o++ = p[i];
	}
	while (o > s && (o[-1] == '\n' || o[-1] == '\r'))
		o--;
	*o = '\0';
	return s;
}

/* Code point offset of occurrence k (from 1; occurrences may overlap;
 * glossa_phrase_find()) of phrase in body, or -1 when there are fewer. */
static int64_t nth_occurrence(const char *body, const char *phrase, size_t k)
{
	size_t len = strlen(body), plen = strlen(phrase);
	size_t at = glossa_phrase_find(body, len, 0, phrase, plen);

	while (at != SIZE_MAX && --k > 0)
		at = glossa_phrase_find(body, len, at + 1, phrase, plen);
	return at != SIZE_MAX ? (int64_t)glossa_utf8_count(body, at) : -1;
}

/* Set pos and context of each annotation with a phrase (anchor.c): a
 * Detached one where its context fits best, else at its Occurrence (0:
 * nowhere), else at the first; warn of the phrases the body does not
 * hold (or not as often as said). */
static glossa_status_t locate(struct parser *ps)
{
	glossa_article_t *a = ps->a;
	glossa_status_t st;

	for (size_t i = 0; i < a->n_notes; i++) {
		glossa_annotation_t *n = &a->notes[i];
		size_t plen = strlen(n->phrase);
		int64_t at = 0;

		if (plen == 0 || (ps->occ[i] == 1 && !n->detached)) {
			/* no phrase, or Occurrence 0 (a phrase glossa left
			 * unplaced): nowhere, and nothing to find again */
			n->pos = -1;
			n->detached = 0;
			n->context_before[0] = n->context_after[0] = '\0';
			continue;
		}
		/* Detached wins over Occurrence (never written together) */
		if (!n->detached && ps->occ[i] > 2 &&
		    (at = nth_occurrence(a->body, n->phrase,
		                         ps->occ[i] - 1)) < 0) {
			st = warn(ps,
			          "%s phrase not %zu times in the body, taken "
			          "where it first occurs: %.*s%s",
			          n->kind == GLOSSA_KIND_GLOSS ? "gloss" : "note",
			          ps->occ[i] - 1,
			          (int)prefix_cp(n->phrase, plen, WARN_PHRASE_CP),
			          n->phrase,
			          count_cp(n->phrase, plen) > WARN_PHRASE_CP
			              ? "..."
			              : "");
			if (st != GLOSSA_OK)
				return st;
		}
		/* a Detached one: where its context fits best, if anywhere */
		if (n->detached)
			st = glossa_reanchor(a->body, n);
		else
			st = glossa_anchor(a->body, n, at);
		if (st != GLOSSA_OK)
			return st;
		if (n->pos >= 0)
			continue;
		st = warn(ps, "%s phrase not in the body: %.*s%s",
		          n->kind == GLOSSA_KIND_GLOSS ? "gloss" : "note",
		          (int)prefix_cp(n->phrase, plen, WARN_PHRASE_CP),
		          n->phrase,
		          count_cp(n->phrase, plen) > WARN_PHRASE_CP ? "..." : "");
		if (st != GLOSSA_OK)
			return st;
	}
	return GLOSSA_OK;
}

static glossa_article_t *new_article(void)
{
	glossa_article_t *a = calloc(1, sizeof(*a));
	char **s[] = {&a->title,    &a->source,   &a->author, &a->url,
	              &a->date,     &a->language, &a->tags,   &a->body,
	              &a->encoding, &a->origin,   &a->date_iso};
	size_t i;

	if (!a)
		return NULL;
	for (i = 0; i < sizeof(s) / sizeof(s[0]); i++) {
		*s[i] = strdup("");
		if (!*s[i]) {
			glossa_article_free(a);
			return NULL;
		}
	}
	return a;
}

glossa_status_t glossa_parse(const char *text, size_t len,
                             glossa_article_t **out, char **errmsg)
{
	struct parser ps = {0};
	const char *nul;
	size_t off, body_off = 0;
	glossa_status_t st;
	int hdr;

	*out = NULL;
	if (errmsg)
		*errmsg = NULL;
	ps.errmsg = errmsg;
	if (!text)
		text = "";
	nul = memchr(text, 0, len);
	if (nul)
		return fail(&ps, "not a text file (NUL byte at byte %zu)",
		            (size_t)(nul - text));
	off = glossa_utf8_check(text, len);
	if (off < len)
		return fail(&ps, "not valid UTF-8 at byte %zu (line %zu)", off,
		            glossa_line_of(text, off));
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
		text += 3;
		len -= 3;
	}
	ps.a = new_article();
	if (!ps.a)
		return GLOSSA_NOMEM;
	hdr = detect_header(text, len);
	if (hdr < 0)
		st = fail(&ps, "no title: the header has no Title field");
	else if (hdr)
		st = parse_header(&ps, text, len, &body_off);
	else
		st = headerless_title(&ps, text, len);
	if (st == GLOSSA_OK) {
		free(ps.a->body);
		ps.a->body = make_body(text + body_off, len - body_off);
		if (ps.a->body && ps.escaped) {
			char *raw = ps.a->body;

			ps.a->body = unescape(raw, strlen(raw), 1);
			free(raw);
		}
		st = ps.a->body ? locate(&ps) : GLOSSA_NOMEM;
	}
	free(ps.occ);
	if (st != GLOSSA_OK) {
		glossa_article_free(ps.a);
		return st;
	}
	*out = ps.a;
	return GLOSSA_OK;
}
