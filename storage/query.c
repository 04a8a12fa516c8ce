/*
 * query.c: the glossa query language, parsed into FTS5 expressions.
 *
 * Exports glossa_query_parse(), glossa_query_clear(), glossa_search_ranks()
 * and glossa_query_fts() (query.h): the parser gives the query's structure
 * (glossa_query_t's terms), and only glossa_query_fts() writes FTS5.
 *
 * User text never reaches MATCH as it is: every term becomes a double-quoted
 * FTS5 string ('"' doubled inside), with '*' outside the quotes for a prefix
 * and a column name before it for a field filter; the operators (AND, OR,
 * parentheses) are written only by this file. Decisions where the language
 * leaves room:
 *  - a term with no letter, digit or CJK character in it (a lone '*', "!!",
 *    '""') is dropped; a query left with nothing is empty and lists
 *    everything;
 *  - OR is an operator only in upper case and between two terms that are
 *    neither excluded nor filters of date or kind; otherwise ("x OR",
 *    "OR x", "a OR -b") it is searched as the word "or";
 *  - a field filter with nothing after the colon ("title:") is ignored;
 *  - an unknown field is an error (GLOSSA_BAD_QUERY naming the fields)
 *    when it looks like one: one or more ASCII letters, a colon and a
 *    value that does not start with '/' ("foo:bar", "-foo:bar",
 *    'foo:"a b"'); anything else with a colon is searched as text: a URL
 *    ("https://x"), a time ("08:30"), ":x", "x2:y", "Note:" at the end,
 *    and anything quoted ('"foo:bar"');
 *  - a quoted phrase is searched as written (GLOSSA_EXACT_MARK): folded
 *    (case, accents, full-width, Traditional), never stemmed; a word
 *    outside quotes is stemmed: it is offered to the caller's expander
 *    (glossa_query_fts()), which search.c uses to write it as the OR of
 *    the words of its stem;
 *  - tag: matches a whole tag (the tokenizer's tag token, GLOSSA_TAG_MARK):
 *    tag:rare is the tag "rare", not "rare earths"; tag:rare* is a prefix
 *    of the whole tag, which tag:"rare ea"* is too;
 *  - url: is a filter on the article's URL (a substring, ASCII case
 *    ignored), not a word search; the last one given counts, and it
 *    cannot be negated;
 *  - after: and before: keep the last one given and cannot be negated;
 *  - is: and has: are filters on the article's state (glossa_query_t's
 *    state), never words: they add up ("is:read is:unread" finds
 *    nothing), cannot be negated (is:unread is -is:read), and the
 *    matcher finds nothing of them in the text;
 *  - invalid UTF-8 bytes, controls and Unicode spaces separate terms;
 *  - a '*' after a CJK character is dropped (see ends_cjk());
 *  - a prefix of one or three letters or digits (not one digit)
 *    becomes the tokenizer's prefix token, a string that starts with
 *    GLOSSA_PREFIX_MARK and has no '*' (see is_short_word()), OR the
 *    word itself where it is three characters long; one of two
 *    (GLOSSA_PREFIX_SKIP), which has no token, is FTS5's prefix query
 *    of the words it starts;
 *  - a longer prefix, or one digit, is offered to the caller's
 *    expander
 *    (glossa_query_fts()), which search.c uses to write it as the
 *    OR of the words it starts.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* newlocale(), iswalnum_l() when built alone */
#endif

#include "query.h"

#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wctype.h>

#include "buf.h"
#include "date.h"
#include "glossa/text.h"
#include "utf8locale.h"
#include "tokenizer.h"

enum tok_kind {
	TOK_TERM, /* text to search, maybe in a column */
	TOK_OR,   /* a bare upper-case OR, operator or word */
	TOK_JOIN, /* an OR that joins the terms either side */
	TOK_OTHER /* a date or in: filter, or a dropped term */
};

enum field {
	FIELD_NONE,
	FIELD_TITLE,
	FIELD_SOURCE,
	FIELD_TAG,
	FIELD_AUTHOR,
	FIELD_URL,
	FIELD_AFTER,
	FIELD_BEFORE,
	FIELD_IN,
	FIELD_IS,
	FIELD_HAS
};

static const struct {
	const char *name;
	enum field field;
	const char *column; /* NULL: a filter, not a column */
	glossa_qfield_t pub;
} fields[] = {
    {"title", FIELD_TITLE, "title", GLOSSA_QFIELD_TITLE},
    {"source", FIELD_SOURCE, "source", GLOSSA_QFIELD_SOURCE},
    {"author", FIELD_AUTHOR, "author", GLOSSA_QFIELD_AUTHOR},
    {"tag", FIELD_TAG, "tags", GLOSSA_QFIELD_TAG},
    {"url", FIELD_URL, NULL, GLOSSA_QFIELD_ANY},
    {"after", FIELD_AFTER, NULL, GLOSSA_QFIELD_ANY},
    {"before", FIELD_BEFORE, NULL, GLOSSA_QFIELD_ANY},
    {"in", FIELD_IN, NULL, GLOSSA_QFIELD_ANY},
    {"is", FIELD_IS, NULL, GLOSSA_QFIELD_ANY},
    {"has", FIELD_HAS, NULL, GLOSSA_QFIELD_ANY},
};

/* The values of is: and has:, and the bit each sets in q->state. */
static const struct {
	enum field field;
	const char *value;
	unsigned bit;
} states[] = {
    {FIELD_IS, "unread", GLOSSA_STATE_UNREAD},
    {FIELD_IS, "read", GLOSSA_STATE_READ},
    {FIELD_IS, "marked", GLOSSA_STATE_MARKED},
    {FIELD_HAS, "notes", GLOSSA_STATE_NOTES},
    {FIELD_HAS, "note", GLOSSA_STATE_NOTES},
    {FIELD_HAS, "glosses", GLOSSA_STATE_GLOSSES},
    {FIELD_HAS, "gloss", GLOSSA_STATE_GLOSSES},
    {FIELD_HAS, "detached", GLOSSA_STATE_DETACHED},
};

/* The FTS5 column of a term's field, NULL for all columns. */
static const char *column_of(glossa_qfield_t f)
{
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (fields[i].column && fields[i].pub == f)
			return fields[i].column;
	return NULL;
}

/* What an unknown field's message lists. */
#define FIELD_NAMES                                                            \
	"title:, source:, author:, tag:, url:, after:, before:, in:, is:, has:"

struct tok {
	enum tok_kind kind;
	int neg;
	int prefix;
	int exact;          /* quoted: the words as written */
	int tag;            /* tag:, a whole tag */
	const char *column; /* NULL: all columns */
	glossa_qfield_t field;
	const char *text;
	size_t len;
};

/* Whether cp is something a tokenizer indexes: a letter, a digit, a CJK
 * character. Without a UTF-8 locale any non-ASCII character counts. */
static int is_wordy(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
		       (cp >= 'A' && cp <= 'Z');
	locale_t utf8 = glossa_utf8_locale();

	if (utf8 == (locale_t)0)
		return 1;
	return iswalnum_l((wint_t)cp, utf8) != 0;
}

static int has_word(const char *s, size_t len)
{
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		n = glossa_utf8_decode(s + i, len - i, &cp);
		if (n == 0)
			return 0; /* never: the text was cleaned */
		if (is_wordy(cp))
			return 1;
		i += n;
	}
	return 0;
}

/*
 * Does the term end with a CJK character? Its prefix query is the term
 * itself: a CJK run is indexed per character and per bigram, so the
 * tokens that start with the last character are that character and its
 * bigrams, found in exactly the articles the character is. As a prefix,
 * FTS5 would merge the doclists of every such bigram before the first
 * row, in one call nothing can stop (的* at 100k articles: 3 s).
 */
static int ends_cjk(const char *s, size_t len)
{
	size_t i = 0, n;
	uint32_t cp = 0;

	while (i < len && (n = glossa_utf8_decode(s + i, len - i, &cp)) > 0)
		i += n;
	return glossa_tokenizer_is_cjk(cp);
}

/*
 * Is the term one word of at most GLOSSA_PREFIX_CHARS characters, none
 * of them CJK, not one digit? Its number of characters, or 0. As a prefix,
 * it is searched as the prefix token the tokenizer indexes for it
 * (tokenizer.h): read lazily, newest first, where FTS5 would merge the
 * doclists of every term it starts.
 */
static size_t is_short_word(const char *s, size_t len)
{
	size_t i = 0, n, chars = 0;
	uint32_t cp;

	while (i < len) {
		n = glossa_utf8_decode(s + i, len - i, &cp);
		if (n == 0 || !is_wordy(cp) || glossa_tokenizer_is_cjk(cp) ||
		    ++chars > GLOSSA_PREFIX_CHARS)
			return 0;
		i += n;
	}
	return chars == 1 && glossa_tokenizer_digit(cp) ? 0 : chars;
}

/*
 * Is the term one word of letters and digits, none of them CJK, perhaps
 * with punctuation before and after it ("mining.", "(mining)", as text
 * is pasted)? The tokenizer makes one stem of it, written as an OR (see
 * add_term()); as a longer text it would be its stem or itself as
 * written, and "mining." would miss "mines".
 */
static int is_one_word(const char *s, size_t len)
{
	size_t i = 0, n;
	uint32_t cp;
	int state = 0; /* 0 before the word, 1 in it, 2 after it */

	while (i < len) {
		n = glossa_utf8_decode(s + i, len - i, &cp);
		if (n == 0 || glossa_tokenizer_is_cjk(cp))
			return 0;
		if (is_wordy(cp)) {
			if (state == 2)
				return 0;
			state = 1;
		} else if (state == 1) {
			state = 2;
		}
		i += n;
	}
	return state > 0;
}

static int is_space_cp(uint32_t cp)
{
	return cp <= 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0xA0) ||
	       cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x2028 ||
	       cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000 ||
	       cp == 0xFEFF;
}

/* A copy of text with invalid bytes, controls and spaces as ' '. */
static char *clean_text(const char *text)
{
	size_t len = strlen(text), i = 0, o = 0, n;
	uint32_t cp;
	char *s = malloc(len + 1);

	if (s == NULL)
		return NULL;
	while (i < len) {
		n = glossa_utf8_decode(text + i, len - i, &cp);
		if (n == 0 || is_space_cp(cp)) {
			s[o++] = ' ';
			i += n ? n : 1;
		} else {
			memcpy(s + o, text + i, n);
			o += n;
			i += n;
		}
	}
	s[o] = '\0';
	return s;
}

/* Reads a value at *pp: a quoted phrase (to the closing quote, or to the
 * end when there is none) or a word (to the next space). */
static void read_value(const char **pp, const char **text, size_t *len,
                       int *quoted)
{
	const char *p = *pp, *e;

	if (*p == '"') {
		p++;
		e = strchr(p, '"');
		if (e == NULL)
			e = p + strlen(p);
		*text = p;
		*len = (size_t)(e - p);
		*pp = *e ? e + 1 : e;
		*quoted = 1;
	} else {
		e = p + strcspn(p, " ");
		*text = p;
		*len = (size_t)(e - p);
		*pp = e;
		*quoted = 0;
	}
}

static enum field field_of(const char *s, size_t n, const char **column,
                           glossa_qfield_t *pub)
{
	size_t i;

	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (strlen(fields[i].name) == n &&
		    strncasecmp(s, fields[i].name, n) == 0) {
			*column = fields[i].column;
			*pub = fields[i].pub;
			return fields[i].field;
		}
	}
	return FIELD_NONE;
}

static glossa_status_t fail(char **errmsg, const char *fmt, const char *arg,
                            size_t arglen)
{
	char shown[512], *safe; /* 32 code points, sanitised */
	size_t n = glossa_utf8_offset(arg, arglen, 32);
	int len;

	if (errmsg == NULL)
		return GLOSSA_BAD_QUERY;
	safe = glossa_sanitize(arg, n, 0);
	if (safe == NULL)
		return GLOSSA_NOMEM;
	snprintf(shown, sizeof(shown), "%s%s", safe, n < arglen ? "..." : "");
	free(safe);
	len = snprintf(NULL, 0, fmt, shown);
	*errmsg = malloc((size_t)len + 1);
	if (*errmsg == NULL)
		return GLOSSA_NOMEM;
	snprintf(*errmsg, (size_t)len + 1, fmt, shown);
	return GLOSSA_BAD_QUERY;
}

/* Parses a date in any form date.h reads (2025-01-31, 2025/1/31,
 * 2025-01, 2025, 2025年1月31日) into out as
 * YYYY[-MM[-DD]], a time of day dropped; returns 0 or -1. */
static int parse_date(const char *s, size_t len, char out[GLOSSA_DATE_MAX])
{
	if (glossa_date_parse(s, len, out, NULL) < 0)
		return -1;
	if (strlen(out) > 10)
		out[10] = '\0';
	return 0;
}

static glossa_status_t set_string(char **dst, const char *s)
{
	char *p = strdup(s);

	if (p == NULL)
		return GLOSSA_NOMEM;
	free(*dst);
	*dst = p;
	return GLOSSA_OK;
}

/*
 * Whether the term (unquoted, up to its end) is an unknown field: ASCII
 * letters, a colon at colon, and after it a value not starting with '/'.
 */
static int unknown_field(const char *word, const char *colon, const char *end)
{
	const char *p;

	if (colon == word || colon + 1 >= end || colon[1] == '/')
		return 0;
	for (p = word; p < colon; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
			return 0;
	return 1;
}

/* Handles after:, before:, url:, in:, is: and has: values. */
static glossa_status_t apply_filter(glossa_query_t *q, enum field field,
                                    const char *name, size_t namelen, int neg,
                                    const char *v, size_t vlen, char **errmsg)
{
	char date[GLOSSA_DATE_MAX], fmt[96];

	if (neg)
		return fail(errmsg,
		            "-%s: cannot be used; a filter cannot be "
		            "excluded",
		            name, namelen);
	if (field == FIELD_IN) {
		if ((vlen == 5 && strncasecmp(v, "notes", 5) == 0) ||
		    (vlen == 4 && strncasecmp(v, "note", 4) == 0)) {
			q->notes_only = 1;
			return GLOSSA_OK;
		}
		return fail(errmsg, "in: expects \"notes\", not \"%s\"", v,
		            vlen);
	}
	if (field == FIELD_IS || field == FIELD_HAS) {
		for (size_t i = 0; i < sizeof(states) / sizeof(states[0]); i++)
			if (states[i].field == field &&
			    strlen(states[i].value) == vlen &&
			    strncasecmp(v, states[i].value, vlen) == 0) {
				q->state |= states[i].bit;
				return GLOSSA_OK;
			}
		return fail(errmsg,
		            field == FIELD_IS
		                ? "is: expects \"read\", \"unread\" or \"marked\","
		                  " not \"%s\""
		                : "has: expects \"notes\", \"glosses\" or "
		                  "\"detached\", not \"%s\"",
		            v, vlen);
	}
	if (field == FIELD_URL) {
		char *url = strndup(v, vlen);

		if (url == NULL)
			return GLOSSA_NOMEM;
		free(q->url);
		q->url = url;
		return GLOSSA_OK;
	}
	if (parse_date(v, vlen, date) < 0) {
		snprintf(fmt, sizeof(fmt),
		         "%s: expects a date like 2025-01-31, not \"%%s\"",
		         field == FIELD_AFTER ? "after" : "before");
		return fail(errmsg, fmt, v, vlen);
	}
	return set_string(field == FIELD_AFTER ? &q->after : &q->before, date);
}

/* Splits the cleaned text into tokens, applying date and in: filters. */
static glossa_status_t lex(const char *s, glossa_query_t *q, struct tok **out,
                           size_t *count, char **errmsg)
{
	struct tok *toks = NULL, t;
	size_t n = 0, cap = 0;
	const char *p = s, *word, *colon, *column = NULL;
	glossa_qfield_t pub = GLOSSA_QFIELD_ANY;
	enum field field;
	glossa_status_t st;
	int quoted;

	for (;;) {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		if (GLOSSA_GROW(toks, cap, n + 1) < 0) {
			free(toks);
			return GLOSSA_NOMEM;
		}
		memset(&t, 0, sizeof(t));
		t.kind = TOK_TERM;
		if (*p == '-') {
			if (p[1] == ' ' || p[1] == '\0') {
				p++;
				continue;
			}
			t.neg = 1;
			p++;
		}
		word = p;
		read_value(&p, &t.text, &t.len, &quoted);
		if (!quoted && !t.neg && t.len == 2 &&
		    memcmp(t.text, "OR", 2) == 0) {
			t.kind = TOK_OR;
			toks[n++] = t;
			continue;
		}
		colon = quoted ? NULL : memchr(t.text, ':', t.len);
		field = colon ? field_of(word, (size_t)(colon - word), &column,
		                         &pub)
		              : FIELD_NONE;
		if (colon && field == FIELD_NONE &&
		    unknown_field(word, colon, t.text + t.len)) {
			free(toks);
			return fail(errmsg,
			            "unknown field %s: the fields are " FIELD_NAMES
			            " (quote it to search for the text)",
			            word, (size_t)(colon - word));
		}
		t.tag = field == FIELD_TAG;
		if (field != FIELD_NONE) {
			p = colon + 1;
			read_value(&p, &t.text, &t.len, &quoted);
			if (t.len == 0 && !quoted) {
				t.kind = TOK_OTHER; /* "title:" alone */
			} else if (column == NULL) {
				st = apply_filter(q, field, word,
				                  (size_t)(colon - word), t.neg,
				                  t.text, t.len, errmsg);
				if (st != GLOSSA_OK) {
					free(toks);
					return st;
				}
				t.kind = TOK_OTHER;
			}
			t.column = column;
			t.field = pub;
		}
		if (t.kind == TOK_TERM && !quoted) {
			while (t.len > 0 && t.text[t.len - 1] == '*') {
				t.len--;
				t.prefix = 1;
			}
		} else if (t.kind == TOK_TERM && *p == '*') {
			while (*p == '*')
				p++;
			t.prefix = 1;
		}
		if (t.kind == TOK_TERM && !has_word(t.text, t.len))
			t.kind = TOK_OTHER;
		/* a tag's prefix is a prefix of the whole tag */
		if (t.prefix && !t.tag && ends_cjk(t.text, t.len))
			t.prefix = 0;
		t.exact = quoted;
		toks[n++] = t;
	}
	*out = toks;
	*count = n;
	return GLOSSA_OK;
}

static int is_positive(const struct tok *t)
{
	return t->kind == TOK_TERM && !t->neg;
}

/* The expander of words and prefixes (glossa_query_fts()), whether the
 * expression only counts (glossa_query_fts_count()), whether the
 * expander failed. */
struct expander {
	glossa_expand_fn fn;
	void *ctx;
	int count;
	int failed;
};

/* Offer a term to the expander: whether it was written (or the expander
 * failed, which throws the expression away). */
static int expanded(struct expander *ex, int form, const char *p, size_t len,
                    struct glossa_buf *b)
{
	int r = ex->fn ? ex->fn(ex->ctx, form, p, len, b) : 0;

	if (r < 0)
		ex->failed = 1;
	return r != 0;
}

enum glossa_term_form glossa_query_term_form(const glossa_query_term_t *t)
{
	size_t len = strlen(t->text);

	if (t->field == GLOSSA_QFIELD_TAG)
		return GLOSSA_TERM_TAG;
	if (t->prefix && !t->quoted && is_short_word(t->text, len))
		return GLOSSA_TERM_SHORT_PREFIX;
	if (!t->prefix && !t->quoted && is_one_word(t->text, len))
		return GLOSSA_TERM_WORD;
	return t->quoted ? GLOSSA_TERM_EXACT : GLOSSA_TERM_TEXT;
}

/* Writes one term as an FTS5 expression: every piece of user text inside
 * an FTS5 string (glossa_buf_add_fts()). */
static void add_term(struct glossa_buf *b, const glossa_query_term_t *t,
                     struct expander *ex)
{
	const char *p = t->text, *column = column_of(t->field);
	size_t len = strlen(p);
	enum glossa_term_form form = glossa_query_term_form(t);

	if (column) {
		glossa_buf_puts(b, column);
		glossa_buf_puts(b, " : ");
	}
	switch (form) {
	case GLOSSA_TERM_TAG:
		glossa_buf_add_fts(b, GLOSSA_TAG_MARK, p, len);
		if (t->prefix)
			glossa_buf_add(b, " *", 2);
		return;
	case GLOSSA_TERM_SHORT_PREFIX:
		switch (is_short_word(p, len)) {
		case GLOSSA_PREFIX_CHARS:
			/* fewer characters to the tokenizer ("कमा": "कम",
			 * a vowel sign splits): as a prefix of that many */
			if (expanded(ex, form, p, len, b))
				return;
			/* a word this long has no token of itself */
			glossa_buf_add(b, "(", 1);
			glossa_buf_add_fts(b, GLOSSA_PREFIX_MARK, p, len);
			glossa_buf_add(b, " OR ", 4);
			glossa_buf_add_fts(b, GLOSSA_EXACT_MARK, p, len);
			glossa_buf_add(b, ")", 1);
			return;
		case GLOSSA_PREFIX_SKIP:
			/* no token of its own: the longer ones it starts,
			 * and the words (tokenizer.h), or FTS5's prefix */
			if (expanded(ex, form, p, len, b))
				return;
			glossa_buf_add_fts(b, 0, p, len);
			glossa_buf_add(b, " *", 2);
			return;
		default:
			glossa_buf_add_fts(b, GLOSSA_PREFIX_MARK, p, len);
			return;
		}
	case GLOSSA_TERM_WORD:
		if (expanded(ex, form, p, len, b))
			return;
		/* its stem as a word that is its own stem has it, OR marked,
		 * as a version 5 index has a word whose stem differs */
		glossa_buf_add(b, "(", 1);
		glossa_buf_add_fts(b, GLOSSA_BARE_MARK, p, len);
		glossa_buf_add(b, " OR ", 4);
		glossa_buf_add_fts(b, GLOSSA_STEM_MARK, p, len);
		glossa_buf_add(b, ")", 1);
		return;
	case GLOSSA_TERM_EXACT:
	case GLOSSA_TERM_TEXT:
		break;
	}
	if (t->prefix && expanded(ex, form, p, len, b))
		return;
	glossa_buf_add_fts(b,
	                   form == GLOSSA_TERM_EXACT ? GLOSSA_EXACT_MARK
	                   : ex->count && !t->prefix ? GLOSSA_COUNT_MARK
	                                             : 0,
	                   p, len);
	if (t->prefix)
		glossa_buf_add(b, " *", 2);
}

static int same_term(const struct tok *a, const struct tok *b)
{
	return a->len == b->len && a->neg == b->neg && a->prefix == b->prefix &&
	       a->exact == b->exact && a->tag == b->tag &&
	       (a->column == b->column ||
	        (a->column && b->column &&
	         strcmp(a->column, b->column) == 0)) &&
	       memcmp(a->text, b->text, a->len) == 0;
}

static size_t term_hash(const struct tok *t)
{
	size_t h = 2166136261u ^ (size_t)(t->neg * 2 + t->prefix +
	                                  t->exact * 4);

	for (size_t i = 0; i < t->len; i++)
		h = (h ^ (unsigned char)t->text[i]) * 16777619u;
	return h;
}

/* Drops the terms outside OR groups that repeat an earlier one ("a a" is
 * "a"): FTS5's ranking and snippets take time quadratic in the number of
 * matching terms, and a pasted text repeats its words. A hash table of the
 * terms kept makes it linear. */
static void drop_repeats(struct tok *toks, size_t n)
{
	size_t size = 64, *slot, i, h;

	while (size < 2 * n)
		size *= 2;
	slot = malloc(size * sizeof(*slot));
	if (slot == NULL)
		return;
	for (i = 0; i < size; i++)
		slot[i] = (size_t)-1;
	for (i = 0; i < n; i++) {
		if (toks[i].kind != TOK_TERM ||
		    (i > 0 && toks[i - 1].kind == TOK_JOIN) ||
		    (i + 1 < n && toks[i + 1].kind == TOK_JOIN))
			continue;
		for (h = term_hash(&toks[i]) & (size - 1);
		     slot[h] != (size_t)-1 &&
		     !same_term(&toks[slot[h]], &toks[i]);
		     h = (h + 1) & (size - 1))
			;
		if (slot[h] != (size_t)-1)
			toks[i].kind = TOK_OTHER;
		else
			slot[h] = i;
	}
	free(slot);
}

/* Turns the tokens into q's terms: a bare OR joins two positive terms or
 * is the word "or"; repeats are dropped. */
static glossa_status_t make_terms(struct tok *toks, size_t n,
                                  glossa_query_t *q)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		if (toks[i].kind != TOK_OR)
			continue;
		if (i > 0 && i + 1 < n && is_positive(&toks[i - 1]) &&
		    is_positive(&toks[i + 1]))
			toks[i].kind = TOK_JOIN;
		else
			toks[i].kind = TOK_TERM; /* the word "or" */
	}
	drop_repeats(toks, n);
	for (i = 0; i < n; i++)
		k += toks[i].kind == TOK_TERM;
	if (k == 0)
		return GLOSSA_OK;
	q->terms = calloc(k, sizeof(*q->terms));
	if (q->terms == NULL)
		return GLOSSA_NOMEM;
	for (i = 0; i < n; i++) {
		const struct tok *t = &toks[i];
		glossa_query_term_t *out;

		if (t->kind != TOK_TERM)
			continue;
		out = &q->terms[q->nterms++];
		out->text = strndup(t->text, t->len);
		if (out->text == NULL)
			return GLOSSA_NOMEM;
		out->field = t->field;
		out->excluded = t->neg != 0;
		out->quoted = t->exact != 0;
		out->prefix = t->prefix != 0;
		out->or_next = !t->neg && i + 1 < n &&
		               toks[i + 1].kind == TOK_JOIN;
	}
	return GLOSSA_OK;
}

/* glossa_query_fts(), or with count glossa_query_fts_count()'s match. */
static glossa_status_t write_fts(const glossa_query_t *q,
                                 struct expander ex, char **match,
                                 char **exclude)
{
	struct glossa_buf m = {0}, x = {0};
	int open = 0, joined = 0;

	*match = *exclude = NULL;
	for (size_t i = 0; i < q->nterms; i++) {
		const glossa_query_term_t *t = &q->terms[i];

		if (t->excluded) {
			if (x.len)
				glossa_buf_puts(&x, " OR ");
			add_term(&x, t, &ex);
			continue;
		}
		if (joined) {
			glossa_buf_puts(&m, " OR ");
		} else {
			if (m.len)
				glossa_buf_puts(&m, " AND ");
			if (t->or_next) {
				glossa_buf_add(&m, "(", 1);
				open = 1;
			}
		}
		add_term(&m, t, &ex);
		joined = t->or_next;
		if (open && !joined) {
			glossa_buf_add(&m, ")", 1);
			open = 0;
		}
	}
	if (open)
		glossa_buf_add(&m, ")", 1); /* never: or_next joins a term */
	if (m.nomem || x.nomem || ex.failed) {
		free(m.s);
		free(x.s);
		return ex.failed ? GLOSSA_ERROR : GLOSSA_NOMEM;
	}
	*match = m.s;
	*exclude = x.s;
	return GLOSSA_OK;
}

glossa_status_t glossa_query_fts(const glossa_query_t *q, glossa_expand_fn fn,
                                 void *ctx, char **match, char **exclude)
{
	return write_fts(q, (struct expander){.fn = fn, .ctx = ctx}, match,
	                 exclude);
}

glossa_status_t glossa_query_fts_count(const glossa_query_t *q,
                                       glossa_expand_fn fn, void *ctx,
                                       char **match)
{
	char *exclude = NULL;
	glossa_status_t st =
	    write_fts(q, (struct expander){.fn = fn, .ctx = ctx, .count = 1},
	              match, &exclude);

	free(exclude);
	return st;
}

glossa_status_t glossa_query_parse(const char *text, glossa_query_t *q,
                                   char **errmsg)
{
	struct tok *toks = NULL;
	glossa_status_t st;
	size_t n = 0;
	char *clean;

	memset(q, 0, sizeof(*q));
	if (errmsg)
		*errmsg = NULL;
	clean = clean_text(text ? text : "");
	if (clean == NULL)
		return GLOSSA_NOMEM;
	st = lex(clean, q, &toks, &n, errmsg);
	if (st == GLOSSA_OK)
		st = make_terms(toks, n, q);
	free(toks);
	free(clean);
	if (st != GLOSSA_OK)
		glossa_query_clear(q);
	return st;
}

void glossa_query_clear(glossa_query_t *q)
{
	if (q == NULL)
		return;
	for (size_t i = 0; i < q->nterms; i++)
		free(q->terms[i].text);
	free(q->terms);
	free(q->after);
	free(q->before);
	free(q->url);
	memset(q, 0, sizeof(*q));
}

int glossa_search_ranks(const char *query)
{
	glossa_query_t q;
	char *msg = NULL;
	int ranks = 0;

	if (glossa_query_parse(query ? query : "", &q, &msg) != GLOSSA_OK) {
		free(msg);
		return 0;
	}
	ranks = q.notes_only;
	for (size_t i = 0; i < q.nterms && !ranks; i++)
		ranks = !q.terms[i].excluded;
	glossa_query_clear(&q);
	return ranks;
}
