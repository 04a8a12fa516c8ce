/*
 * dict.c: the dictionary file opened, looked up, and used to give
 * readings and to cut Chinese text into words (the layout: dict-impl.h;
 * the file is built by dict-build.c).
 *
 * Exports the other glossa_dict_* calls of glossa/dict.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "dict-impl.h"
#include "glossa/dict.h"
#include "glossa/text.h"

/* --- Looking up ------------------------------------------------------ */

struct glossa_dict {
	sqlite3 *sql;
	sqlite3_stmt *entries, *word, *hanzi;
	char *edition;
	int64_t n_entries, n_readings;
	size_t max_chars;
	char *errmsg;
};

static void dict_error(glossa_dict_t *d, const char *what)
{
	free(d->errmsg);
	if (asprintf(&d->errmsg, "the dictionary: %s: %s", what,
	             sqlite3_errmsg(d->sql)) < 0)
		d->errmsg = NULL;
}

const char *glossa_dict_errmsg(const glossa_dict_t *dict)
{
	if (!dict)
		return "out of memory";
	return dict->errmsg ? dict->errmsg : "no error";
}

void glossa_dict_close(glossa_dict_t *dict)
{
	if (!dict)
		return;
	sqlite3_finalize(dict->entries);
	sqlite3_finalize(dict->word);
	sqlite3_finalize(dict->hanzi);
	sqlite3_close(dict->sql);
	free(dict->edition);
	free(dict->errmsg);
	free(dict);
}

static int64_t pragma_int(sqlite3 *sql, const char *q)
{
	sqlite3_stmt *s;
	int64_t v = -1;

	if (sqlite3_prepare_v2(sql, q, -1, &s, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

static glossa_status_t open_fail(glossa_dict_t *d, glossa_status_t st,
                                 char **errmsg, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static glossa_status_t open_fail(glossa_dict_t *d, glossa_status_t st,
                                 char **errmsg, const char *fmt, ...)
{
	va_list ap;

	if (errmsg) {
		va_start(ap, fmt);
		if (vasprintf(errmsg, fmt, ap) < 0)
			*errmsg = NULL;
		va_end(ap);
	}
	glossa_dict_close(d);
	return st;
}

/* "file:PATH?immutable=1", with what a URI would read otherwise
 * escaped; allocated. */
static char *file_uri(const char *path)
{
	struct glossa_buf b = {0};
	char hex[4];

	glossa_buf_puts(&b, "file:");
	for (const char *p = path; *p; p++) {
		if (*p == '%' || *p == '?' || *p == '#') {
			snprintf(hex, sizeof(hex), "%%%02X", (unsigned char)*p);
			glossa_buf_add(&b, hex, 3);
		} else {
			glossa_buf_add(&b, p, 1);
		}
	}
	glossa_buf_puts(&b, "?immutable=1");
	return glossa_buf_take(&b);
}

glossa_status_t glossa_dict_open(const char *path, glossa_dict_t **dictp,
                                 char **errmsg)
{
	glossa_dict_t *d;
	sqlite3_stmt *s;
	struct stat sb;
	char *uri;
	int rc;

	*dictp = NULL;
	if (errmsg)
		*errmsg = NULL;
	if (stat(path, &sb) < 0)
		return open_fail(
		    NULL, errno == ENOENT ? GLOSSA_NOT_FOUND : GLOSSA_IO,
		    errmsg, "the dictionary %s: %s", path, strerror(errno));
	if (!S_ISREG(sb.st_mode))
		return open_fail(NULL, GLOSSA_NOT_ARCHIVE, errmsg,
		                 "the dictionary %s: not a file", path);
	if (!(d = calloc(1, sizeof(*d))) || !(uri = file_uri(path))) {
		free(d);
		return open_fail(NULL, GLOSSA_NOMEM, errmsg, "out of memory");
	}
	/* immutable: no locks, no check for changes before each statement
	 * (7 system calls, 30 µs of a 40 µs lookup): a dictionary file is
	 * never changed, only replaced (glossa_dict_build() renames a new
	 * one over it, and an open handle keeps reading the old) */
	rc = sqlite3_open_v2(uri, &d->sql,
	                     SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
	free(uri);
	if (rc != SQLITE_OK)
		return open_fail(
		    d, GLOSSA_IO, errmsg, "the dictionary %s: %s", path,
		    d->sql ? sqlite3_errmsg(d->sql) : "out of memory");
	sqlite3_exec(d->sql, "PRAGMA trusted_schema = OFF", NULL, NULL, NULL);
	if (pragma_int(d->sql, "PRAGMA application_id") != DICT_APP_ID ||
	    pragma_int(d->sql, "PRAGMA user_version") != DICT_VERSION)
		return open_fail(d, GLOSSA_NOT_ARCHIVE, errmsg,
		                 "the dictionary %s: not a dictionary of "
		                 "this glossa (build it again: glossa dict "
		                 "import)",
		                 path);
	if (sqlite3_prepare_v2(d->sql, "SELECT key, value FROM meta", -1, &s,
	                       NULL) != SQLITE_OK)
		return open_fail(d, GLOSSA_CORRUPT, errmsg,
		                 "the dictionary %s: %s", path,
		                 sqlite3_errmsg(d->sql));
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *k = (const char *)sqlite3_column_text(s, 0);
		const char *v = (const char *)sqlite3_column_text(s, 1);
		if (!k || !v)
			continue;
		if (strcmp(k, "edition") == 0 && !d->edition)
			d->edition = strdup(v);
		else if (strcmp(k, "entries") == 0)
			d->n_entries = strtoll(v, NULL, 10);
		else if (strcmp(k, "readings") == 0)
			d->n_readings = strtoll(v, NULL, 10);
		else if (strcmp(k, "max_chars") == 0)
			d->max_chars = (size_t)strtoul(v, NULL, 10);
	}
	sqlite3_finalize(s);
	if (d->max_chars > DICT_MAX_CHARS || !d->max_chars)
		d->max_chars = DICT_MAX_CHARS;
	if (sqlite3_prepare_v3(d->sql,
	                       "SELECT trad, simp, pinyin, senses FROM entry"
	                       " WHERE simp = ?1 OR trad = ?1 ORDER BY id",
	                       -1, SQLITE_PREPARE_PERSISTENT, &d->entries,
	                       NULL) != SQLITE_OK ||
	    sqlite3_prepare_v3(d->sql, "SELECT is_word FROM word WHERE w = ?1",
	                       -1, SQLITE_PREPARE_PERSISTENT, &d->word,
	                       NULL) != SQLITE_OK ||
	    sqlite3_prepare_v3(
	        d->sql, "SELECT reading FROM hanzi WHERE cp = ?1", -1,
	        SQLITE_PREPARE_PERSISTENT, &d->hanzi, NULL) != SQLITE_OK)
		return open_fail(d, GLOSSA_CORRUPT, errmsg,
		                 "the dictionary %s: %s", path,
		                 sqlite3_errmsg(d->sql));
	if (!d->edition && !(d->edition = strdup("")))
		return open_fail(d, GLOSSA_NOMEM, errmsg, "out of memory");
	*dictp = d;
	return GLOSSA_OK;
}

void glossa_dict_info(const glossa_dict_t *dict, glossa_dict_info_t *info)
{
	info->edition = dict->edition;
	info->entries = dict->n_entries;
	info->readings = dict->n_readings;
}

void glossa_dict_entries_free(glossa_dict_entry_t *entries, size_t n)
{
	if (!entries)
		return;
	for (size_t i = 0; i < n; i++) {
		free(entries[i].traditional);
		free(entries[i].simplified);
		free(entries[i].pinyin);
		free(entries[i].reading);
		free(entries[i].senses);
	}
	free(entries);
}

/* The byte offsets of the first code points of s: off[0] = 0, off[k] the
 * end of the k-th; returns how many (at most max, stopping at an invalid
 * byte). */
static size_t char_offsets(const char *s, size_t len, size_t *off, size_t max)
{
	size_t k = 0;
	uint32_t cp;

	off[0] = 0;
	while (k < max && off[k] < len) {
		size_t n = glossa_utf8_decode(s + off[k], len - off[k], &cp);
		if (!n)
			break;
		off[k + 1] = off[k] + n;
		k++;
	}
	return k;
}

/* Is the n bytes of s in the word table: -1 no, 0 a prefix only, 1 a
 * word; -2 on an error. */
static int word_state(glossa_dict_t *d, const char *s, size_t n)
{
	int rc, v = -1;

	sqlite3_bind_text(d->word, 1, s, (int)n, SQLITE_STATIC);
	rc = sqlite3_step(d->word);
	if (rc == SQLITE_ROW)
		v = sqlite3_column_int(d->word, 0) ? 1 : 0;
	else if (rc != SQLITE_DONE)
		v = -2;
	if (v == -2)
		dict_error(d, "looking a word up");
	sqlite3_reset(d->word);
	return v;
}

/* The lengths (in characters, of the k offsets) of the words s starts
 * with, into lens (longest first); returns how many, or -1. */
static int words_at(glossa_dict_t *d, const char *s, const size_t *off,
                    size_t k, size_t *lens)
{
	int n = 0;

	for (size_t c = 2; c <= k; c++) {
		int st = word_state(d, s, off[c]);
		if (st == -2)
			return -1;
		if (st < 0)
			break;
		if (st == 1)
			lens[n++] = c;
	}
	for (int i = 0; i < n / 2; i++) { /* longest first */
		size_t t = lens[i];
		lens[i] = lens[n - 1 - i];
		lens[n - 1 - i] = t;
	}
	return n;
}

struct results {
	glossa_dict_entry_t *e;
	size_t n, cap;
};

static glossa_dict_entry_t *push(struct results *r)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;
		glossa_dict_entry_t *e = realloc(r->e, cap * sizeof(*e));
		if (!e)
			return NULL;
		r->e = e;
		r->cap = cap;
	}
	memset(&r->e[r->n], 0, sizeof(r->e[0]));
	return &r->e[r->n++];
}

static char *column(sqlite3_stmt *s, int i)
{
	const char *t = (const char *)sqlite3_column_text(s, i);
	return strdup(t ? t : "");
}

/* The entries of headword s (n bytes) into r; GLOSSA_NOT_FOUND when it
 * has none. */
static glossa_status_t add_entries(glossa_dict_t *d, const char *s, size_t n,
                                   size_t start, enum glossa_dict_kind kind,
                                   struct results *r)
{
	glossa_status_t st = GLOSSA_NOT_FOUND;
	int rc;

	sqlite3_bind_text(d->entries, 1, s, (int)n, SQLITE_STATIC);
	while ((rc = sqlite3_step(d->entries)) == SQLITE_ROW) {
		glossa_dict_entry_t *e = push(r);
		if (!e) {
			st = GLOSSA_NOMEM;
			break;
		}
		e->kind = kind;
		e->start = start;
		e->len = n;
		e->traditional = column(d->entries, 0);
		e->simplified = column(d->entries, 1);
		e->pinyin = column(d->entries, 2);
		e->senses = column(d->entries, 3);
		e->reading = glossa_pinyin_marks(e->pinyin);
		if (!e->traditional || !e->simplified || !e->pinyin ||
		    !e->senses || !e->reading) {
			st = GLOSSA_NOMEM;
			break;
		}
		st = GLOSSA_OK;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		dict_error(d, "looking a word up");
		st = GLOSSA_ERROR;
	}
	sqlite3_reset(d->entries);
	if (st == GLOSSA_NOMEM) {
		free(d->errmsg);
		d->errmsg = strdup("out of memory");
	}
	return st;
}

/* The Unihan reading of code point cp (allocated), NULL if none; *st
 * says why not. */
static char *hanzi_reading(glossa_dict_t *d, uint32_t cp, glossa_status_t *st)
{
	char *r = NULL;
	int rc;

	*st = GLOSSA_OK;
	sqlite3_bind_int64(d->hanzi, 1, cp);
	rc = sqlite3_step(d->hanzi);
	if (rc == SQLITE_ROW) {
		if (!(r = column(d->hanzi, 0)))
			*st = GLOSSA_NOMEM;
	} else if (rc != SQLITE_DONE) {
		dict_error(d, "looking a reading up");
		*st = GLOSSA_ERROR;
	}
	sqlite3_reset(d->hanzi);
	return r;
}

glossa_status_t glossa_dict_lookup(glossa_dict_t *dict, const char *s,
                                   size_t len, glossa_dict_entry_t **out,
                                   size_t *n)
{
	size_t off[DICT_MAX_CHARS + 1], lens[DICT_MAX_CHARS], k, chars;
	struct results r = {0};
	glossa_status_t st = GLOSSA_OK;
	int nw;

	*out = NULL;
	*n = 0;
	k = char_offsets(s, len, off, dict->max_chars);
	if (!k)
		return GLOSSA_OK;
	if ((nw = words_at(dict, s, off, k, lens)) < 0)
		return GLOSSA_ERROR;
	for (int i = 0; i < nw && st != GLOSSA_NOMEM && st != GLOSSA_ERROR; i++)
		st =
		    add_entries(dict, s, off[lens[i]], 0, GLOSSA_DICT_WORD, &r);
	chars = nw ? lens[0] : 1;
	for (size_t c = 0;
	     c < chars && st != GLOSSA_NOMEM && st != GLOSSA_ERROR; c++) {
		size_t clen = off[c + 1] - off[c];
		uint32_t cp;
		char *reading;
		glossa_dict_entry_t *e;

		st = add_entries(dict, s + off[c], clen, off[c],
		                 GLOSSA_DICT_CHAR, &r);
		if (st != GLOSSA_NOT_FOUND)
			continue;
		glossa_utf8_decode(s + off[c], clen, &cp);
		if (!(reading = hanzi_reading(dict, cp, &st)))
			continue;
		if (!(e = push(&r))) {
			free(reading);
			st = GLOSSA_NOMEM;
			break;
		}
		e->kind = GLOSSA_DICT_READING;
		e->start = off[c];
		e->len = clen;
		e->reading = reading;
		e->traditional = strndup(s + off[c], clen);
		e->simplified = strndup(s + off[c], clen);
		e->pinyin = strdup("");
		e->senses = strdup("");
		if (!e->traditional || !e->simplified || !e->pinyin ||
		    !e->senses)
			st = GLOSSA_NOMEM;
	}
	if (st == GLOSSA_NOMEM || st == GLOSSA_ERROR) {
		glossa_dict_entries_free(r.e, r.n);
		return st;
	}
	*out = r.e;
	*n = r.n;
	return GLOSSA_OK;
}

/* An extra phrase, for segmentation. */
struct extra {
	const char *s;
	size_t len;
};

static int compare_extra(const void *x, const void *y)
{
	const struct extra *a = x, *b = y;
	size_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->s, b->s, n);

	if (c)
		return c;
	return a->len < b->len ? -1 : a->len > b->len;
}

/* The length in bytes of the longest extra phrase at s (len bytes),
 * 0 if none: those that begin with s's first code point (n1 bytes) are
 * a range of the sorted array. */
static size_t longest_extra(const struct extra *x, size_t nx, const char *s,
                            size_t len, size_t n1)
{
	size_t lo = 0, hi = nx, best = 0;

	while (lo < hi) { /* the first whose start is >= s's code point */
		size_t mid = (lo + hi) / 2;
		size_t m = x[mid].len < n1 ? x[mid].len : n1;
		int c = memcmp(x[mid].s, s, m);
		if (c < 0 || (c == 0 && x[mid].len < n1))
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < nx && x[lo].len >= n1 && memcmp(x[lo].s, s, n1) == 0; lo++)
		if (x[lo].len <= len && x[lo].len > best &&
		    memcmp(x[lo].s, s, x[lo].len) == 0)
			best = x[lo].len;
	return best;
}

struct glossa_dict_phrases {
	struct extra *x; /* sorted by compare_extra() */
	size_t nx;
};

glossa_status_t glossa_dict_phrases_new(const char *const *phrases, size_t n,
                                        glossa_dict_phrases_t **out)
{
	glossa_dict_phrases_t *p = calloc(1, sizeof(*p));

	*out = NULL;
	if (!p || (n && !(p->x = malloc(n * sizeof(*p->x))))) {
		free(p);
		return GLOSSA_NOMEM;
	}
	for (size_t i = 0; i < n; i++)
		if (phrases[i] && phrases[i][0])
			p->x[p->nx++] =
			    (struct extra){phrases[i], strlen(phrases[i])};
	if (p->nx)
		qsort(p->x, p->nx, sizeof(*p->x), compare_extra);
	*out = p;
	return GLOSSA_OK;
}

void glossa_dict_phrases_free(glossa_dict_phrases_t *p)
{
	if (p)
		free(p->x);
	free(p);
}

glossa_status_t glossa_dict_segment(glossa_dict_t *dict, const char *s,
                                    size_t len, const char *const *extra,
                                    size_t n_extra, size_t **starts, size_t *n)
{
	glossa_dict_phrases_t *p;
	glossa_status_t st;

	*starts = NULL;
	*n = 0;
	if ((st = glossa_dict_phrases_new(extra, n_extra, &p)) != GLOSSA_OK)
		return st;
	st = glossa_dict_segment_in(dict, s, len, p, starts, n);
	glossa_dict_phrases_free(p);
	return st;
}

glossa_status_t glossa_dict_segment_in(glossa_dict_t *dict, const char *s,
                                       size_t len,
                                       const glossa_dict_phrases_t *phrases,
                                       size_t **starts, size_t *n)
{
	const struct extra *x = phrases ? phrases->x : NULL;
	size_t nx = phrases ? phrases->nx : 0, pos = 0, cap = 0, *st = NULL;
	size_t off[DICT_MAX_CHARS + 1], lens[DICT_MAX_CHARS];

	*starts = NULL;
	*n = 0;
	while (pos < len) {
		size_t k =
		    char_offsets(s + pos, len - pos, off, dict->max_chars);
		size_t step, e;
		int nw;

		if (!k) { /* an invalid byte: a word of its own */
			step = 1;
		} else {
			if ((nw = words_at(dict, s + pos, off, k, lens)) < 0) {
				free(st);
				return GLOSSA_ERROR;
			}
			step = nw ? off[lens[0]] : off[1];
			e = longest_extra(x, nx, s + pos, len - pos, off[1]);
			if (e > step)
				step = e;
		}
		if (*n == cap) {
			size_t c2 = cap ? cap * 2 : 64, *s2;
			if (!(s2 = realloc(st, c2 * sizeof(*s2)))) {
				free(st);
				*n = 0;
				return GLOSSA_NOMEM;
			}
			st = s2;
			cap = c2;
		}
		st[(*n)++] = pos;
		pos += step;
	}
	*starts = st;
	return GLOSSA_OK;
}

/* The reading of word s (n bytes) from its entries: the first in lower
 * case, else the first; NULL (with *st) if it has none. */
static char *word_reading(glossa_dict_t *d, const char *s, size_t n,
                          glossa_status_t *st)
{
	struct results r = {0};
	char *reading = NULL;
	size_t pick = 0;

	*st = add_entries(d, s, n, 0, GLOSSA_DICT_WORD, &r);
	if (*st == GLOSSA_OK) {
		for (size_t i = 0; i < r.n; i++)
			if (!(r.e[i].pinyin[0] >= 'A' &&
			      r.e[i].pinyin[0] <= 'Z')) {
				pick = i;
				break;
			}
		reading = r.e[pick].reading;
		r.e[pick].reading = NULL;
	}
	glossa_dict_entries_free(r.e, r.n);
	return reading;
}

glossa_status_t glossa_dict_reading(glossa_dict_t *dict, const char *s,
                                    size_t len, char **out)
{
	struct glossa_buf b = {0};
	glossa_status_t st;
	size_t *starts = NULL, n = 0;
	int any = 0, plain = 0;

	*out = NULL;
	if ((*out = word_reading(dict, s, len, &st)))
		return GLOSSA_OK;
	if (st != GLOSSA_NOT_FOUND && st != GLOSSA_OK)
		return st;
	if ((st = glossa_dict_segment(dict, s, len, NULL, 0, &starts, &n)) !=
	    GLOSSA_OK)
		return st;
	glossa_buf_add(&b, "", 0);
	for (size_t i = 0; i < n; i++) {
		size_t a = starts[i], z = i + 1 < n ? starts[i + 1] : len;
		char *r = NULL;
		uint32_t cp;
		size_t k = glossa_utf8_decode(s + a, z - a, &cp);

		if (k && k == z - a) /* one character: Unihan first */
			r = hanzi_reading(dict, cp, &st);
		if (!r && st == GLOSSA_OK)
			r = word_reading(dict, s + a, z - a, &st);
		if (st != GLOSSA_OK && st != GLOSSA_NOT_FOUND)
			break;
		st = GLOSSA_OK;
		if (r) {
			if (b.len)
				glossa_buf_add(&b, " ", 1);
			glossa_buf_puts(&b, r);
			free(r);
			any = 1;
			plain = 0;
			continue;
		}
		/* no reading: copied, a run of such kept together; white
		 * space only separates */
		if (s[a] == ' ' || s[a] == '\t' || s[a] == '\n') {
			plain = 0;
			continue;
		}
		if (b.len && !plain)
			glossa_buf_add(&b, " ", 1);
		glossa_buf_add(&b, s + a, z - a);
		plain = 1;
	}
	free(starts);
	if (st != GLOSSA_OK) {
		free(glossa_buf_take(&b));
		return st;
	}
	*out =
	    any ? glossa_buf_take(&b) : (free(glossa_buf_take(&b)), strdup(""));
	return *out ? GLOSSA_OK : GLOSSA_NOMEM;
}
