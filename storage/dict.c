/*
 * dict.c: the dictionary file: CC-CEDICT's text format read, stored in
 * an SQLite file of its own, looked up, and used to cut Chinese text
 * into words.
 *
 * Exports the glossa_cedict_* and glossa_dict_* calls of glossa/dict.h.
 *
 * The file: entry (one row a line of CC-CEDICT, indexed on both
 * headwords); word (every headword of two or more characters, both
 * forms, with every prefix of two or more characters of one, is_word 0
 * for a prefix only), so that the longest word at a position is found by
 * growing a prefix until it is no longer in the table; hanzi (Unihan's
 * kMandarin, the first reading, by code point); meta (edition, counts,
 * the longest headword in characters).
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
#include "glossa/dict.h"
#include "glossa/text.h"

/* "gldc", and the layout's version: a file of another version is
 * refused (build it again). */
#define DICT_APP_ID 0x676c6463
#define DICT_VERSION 1

/* Lookups and segmentation look at no more characters than this. */
#define DICT_MAX_CHARS 32

/* --- The text format ------------------------------------------------- */

static int is_space(char c)
{
	return c == ' ' || c == '\t';
}

glossa_status_t glossa_cedict_parse_line(const char *line, size_t len,
                                         glossa_cedict_line_t *out,
                                         const char **why)
{
	const char *p = line, *end = line + len, *q;
	const char *dummy;

	if (!why)
		why = &dummy;
	if (len && line[len - 1] == '\r')
		end--;
	while (p < end && is_space(*p))
		p++;
	if (p == end || *p == '#')
		return GLOSSA_NOT_FOUND;
	memset(out, 0, sizeof(*out));
	if (memchr(line, '\0', len)) {
		*why = "a NUL byte";
		return GLOSSA_BAD_INPUT;
	}
	if (glossa_utf8_check(line, len) != len) {
		*why = "invalid UTF-8";
		return GLOSSA_BAD_INPUT;
	}
	/* traditional, then simplified, each up to a space */
	out->trad = p;
	while (p < end && !is_space(*p))
		p++;
	out->trad_len = (size_t)(p - out->trad);
	while (p < end && is_space(*p))
		p++;
	out->simp = p;
	while (p < end && !is_space(*p))
		p++;
	out->simp_len = (size_t)(p - out->simp);
	while (p < end && is_space(*p))
		p++;
	if (!out->simp_len || *out->simp == '[') {
		*why = "no simplified headword";
		return GLOSSA_BAD_INPUT;
	}
	if (p == end || *p != '[') {
		*why = "no pinyin in brackets";
		return GLOSSA_BAD_INPUT;
	}
	out->pinyin = ++p;
	if (!(q = memchr(p, ']', (size_t)(end - p)))) {
		*why = "no ']' after the pinyin";
		return GLOSSA_BAD_INPUT;
	}
	out->pinyin_len = (size_t)(q - p);
	if (memchr(out->pinyin, '[', out->pinyin_len)) {
		*why = "no ']' after the pinyin";
		return GLOSSA_BAD_INPUT;
	}
	p = q + 1;
	while (p < end && is_space(*p))
		p++;
	while (end > p && is_space(end[-1]))
		end--;
	if (end - p < 2 || *p != '/' || end[-1] != '/') {
		*why = "no senses between slashes";
		return GLOSSA_BAD_INPUT;
	}
	out->senses = p + 1;
	out->senses_len = (size_t)(end - p - 2);
	for (q = out->senses; q < end - 1 && *q == '/'; q++)
		;
	if (q == end - 1) {
		*why = "no senses between slashes";
		return GLOSSA_BAD_INPUT;
	}
	return GLOSSA_OK;
}

/* --- Building -------------------------------------------------------- */

void glossa_dict_report_clear(glossa_dict_report_t *rep)
{
	if (!rep)
		return;
	for (size_t i = 0; i < rep->n_warnings; i++)
		free(rep->warnings[i]);
	free(rep->warnings);
	free(rep->edition);
	memset(rep, 0, sizeof(*rep));
}

/* A headword or a prefix of one, for the word table. */
struct word {
	const char *s;
	size_t len;
	int is_word;
};

struct build {
	sqlite3 *sql;
	int (*interrupt)(void *);
	void *interrupt_arg;
	sqlite3_stmt *entry, *word, *hanzi;
	glossa_dict_report_t *rep;
	struct word *words;
	size_t n_words, cap_words;
	size_t max_chars;
	char *err;
	glossa_status_t status;
};

static void build_fail(struct build *b, glossa_status_t st, const char *fmt,
                       ...) __attribute__((format(printf, 3, 4)));

static void build_fail(struct build *b, glossa_status_t st, const char *fmt,
                       ...)
{
	va_list ap;

	if (b->err)
		return;
	va_start(ap, fmt);
	if (vasprintf(&b->err, fmt, ap) < 0)
		b->err = NULL;
	va_end(ap);
	b->status = st;
}

static glossa_status_t sqlite_status(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_NOMEM:
		return GLOSSA_NOMEM;
	case SQLITE_FULL:
		return GLOSSA_FULL;
	case SQLITE_READONLY:
	case SQLITE_CANTOPEN:
	case SQLITE_PERM:
		return GLOSSA_READONLY;
	case SQLITE_INTERRUPT:
		return GLOSSA_INTERRUPTED;
	default:
		return GLOSSA_IO;
	}
}

/* Whether the caller asked to stop; says so once. */
static int stopped(struct build *b)
{
	if (b->err)
		return 1;
	if (!b->interrupt || !b->interrupt(b->interrupt_arg))
		return 0;
	build_fail(b, GLOSSA_INTERRUPTED, "interrupted");
	return 1;
}

/* SQLite's progress handler: the same question during a statement. */
static int progress(void *arg)
{
	struct build *b = arg;

	return b->interrupt && b->interrupt(b->interrupt_arg);
}

static void build_sql_fail(struct build *b, const char *what)
{
	if (sqlite3_errcode(b->sql) == SQLITE_INTERRUPT) {
		build_fail(b, GLOSSA_INTERRUPTED, "interrupted");
		return;
	}
	build_fail(b, sqlite_status(sqlite3_errcode(b->sql)), "%s: %s", what,
	           sqlite3_errmsg(b->sql));
}

static void warn_line(struct build *b, size_t line, const char *why)
{
	glossa_dict_report_t *rep = b->rep;
	char **w;

	rep->bad_lines++;
	if (rep->n_warnings >= GLOSSA_DICT_MAX_WARNINGS)
		return;
	if (!(w = realloc(rep->warnings, (rep->n_warnings + 1) * sizeof(*w))))
		return;
	rep->warnings = w;
	if (asprintf(&w[rep->n_warnings], "line %zu: %s", line, why) >= 0)
		rep->n_warnings++;
}

static int add_word(struct build *b, const char *s, size_t len, int is_word)
{
	if (b->n_words == b->cap_words) {
		size_t cap = b->cap_words ? b->cap_words * 2 : 1 << 16;
		struct word *w = realloc(b->words, cap * sizeof(*w));
		if (!w)
			return -1;
		b->words = w;
		b->cap_words = cap;
	}
	b->words[b->n_words++] = (struct word){s, len, is_word};
	return 0;
}

/* The headword s and its prefixes of two characters and more; counts
 * the longest headword. */
static int add_headword(struct build *b, const char *s, size_t len)
{
	size_t off = 0, chars = 0;
	uint32_t cp;

	while (off < len) {
		size_t k = glossa_utf8_decode(s + off, len - off, &cp);
		off += k ? k : 1;
		if (++chars >= 2 && add_word(b, s, off, off == len) < 0)
			return -1;
	}
	if (chars > b->max_chars)
		b->max_chars = chars;
	return 0;
}

/* As SQLite compares TEXT (BINARY): bytes, then length. */
static int compare_words(const void *x, const void *y)
{
	const struct word *a = x, *b = y;
	size_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->s, b->s, n);

	if (c)
		return c;
	return a->len < b->len ? -1 : a->len > b->len;
}

/* Senses "a/b/c" as "a\nb\nc", empty ones dropped. */
static char *senses_text(const char *s, size_t len)
{
	struct glossa_buf out = {0};
	const char *end = s + len;

	glossa_buf_add(&out, "", 0);
	while (s < end) {
		const char *q = memchr(s, '/', (size_t)(end - s));
		size_t n = q ? (size_t)(q - s) : (size_t)(end - s);

		if (n) {
			if (out.len)
				glossa_buf_add(&out, "\n", 1);
			glossa_buf_add(&out, s, n);
		}
		s += n + (q != NULL);
	}
	return glossa_buf_take(&out);
}

/* The value of a header line "#! key=value", or NULL. */
static const char *header_value(const char *line, size_t len, const char *key,
                                size_t *vlen)
{
	size_t k = strlen(key);

	if (len < 3 + k + 1 || strncmp(line, "#! ", 3) != 0 ||
	    strncmp(line + 3, key, k) != 0 || line[3 + k] != '=')
		return NULL;
	*vlen = len - 3 - k - 1;
	while (*vlen &&
	       (line[3 + k + *vlen] == '\r' || line[3 + k + *vlen] == ' '))
		(*vlen)--;
	return line + 3 + k + 1;
}

static void read_entries(struct build *b, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	size_t line = 0;

	while (p < end && !b->err) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		glossa_cedict_line_t e;
		const char *why = NULL, *v;
		size_t vlen;
		glossa_status_t st;
		char *senses;

		if (++line % 4096 == 0 && stopped(b))
			break;
		if (line == 1 && n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0) {
			p += 3; /* a byte order mark */
			n -= 3;
		}
		st = glossa_cedict_parse_line(p, n, &e, &why);
		if (st == GLOSSA_NOT_FOUND) {
			if ((v = header_value(p, n, "date", &vlen)) &&
			    glossa_utf8_check(v, vlen) == vlen) {
				free(b->rep->edition);
				b->rep->edition = strndup(v, vlen);
			}
		} else if (st != GLOSSA_OK) {
			warn_line(b, line, why);
		} else if (!(senses = senses_text(e.senses, e.senses_len))) {
			build_fail(b, GLOSSA_NOMEM, "out of memory");
		} else {
			sqlite3_stmt *s = b->entry;
			sqlite3_bind_text(s, 1, e.trad, (int)e.trad_len,
			                  SQLITE_STATIC);
			sqlite3_bind_text(s, 2, e.simp, (int)e.simp_len,
			                  SQLITE_STATIC);
			sqlite3_bind_text(s, 3, e.pinyin, (int)e.pinyin_len,
			                  SQLITE_STATIC);
			sqlite3_bind_text(s, 4, senses, -1, free);
			if (sqlite3_step(s) != SQLITE_DONE)
				build_sql_fail(b, "storing an entry");
			sqlite3_reset(s);
			b->rep->entries++;
			if (add_headword(b, e.trad, e.trad_len) < 0 ||
			    (e.simp_len != e.trad_len ||
			             memcmp(e.simp, e.trad, e.trad_len) != 0
			         ? add_headword(b, e.simp, e.simp_len)
			         : 0) < 0)
				build_fail(b, GLOSSA_NOMEM, "out of memory");
		}
		p += n + 1;
		if (!nl)
			break;
	}
}

/* The word table: sorted, duplicates merged, inserted in order. */
static void write_words(struct build *b)
{
	size_t i = 0;

	if (b->n_words) /* (qsort of NULL: undefined, even for none) */
		qsort(b->words, b->n_words, sizeof(*b->words), compare_words);
	while (i < b->n_words && !b->err) {
		size_t j = i + 1;

		if (i % 4096 == 0 && stopped(b))
			break;
		int is_word = b->words[i].is_word;

		while (j < b->n_words &&
		       compare_words(&b->words[i], &b->words[j]) == 0)
			is_word |= b->words[j++].is_word;
		sqlite3_bind_text(b->word, 1, b->words[i].s,
		                  (int)b->words[i].len, SQLITE_STATIC);
		sqlite3_bind_int(b->word, 2, is_word);
		if (sqlite3_step(b->word) != SQLITE_DONE)
			build_sql_fail(b, "storing a word");
		sqlite3_reset(b->word);
		i = j;
	}
}

/* Unihan_Readings.txt's kMandarin lines: "U+4E2D<TAB>kMandarin<TAB>zhōng
 * zhòng"; the first reading is kept. */
static void read_unihan(struct build *b, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	static const char key[] = "\tkMandarin\t";
	size_t line = 0;

	while (p < end && !b->err) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		const char *k, *r;
		char *rest;
		unsigned long cp;
		size_t rlen;

		if (++line % 4096 == 0 && stopped(b))
			break;
		if (n > 2 && p[0] == 'U' && p[1] == '+' &&
		    (k = memmem(p, n, key, sizeof(key) - 1))) {
			errno = 0;
			cp = strtoul(p + 2, &rest, 16);
			r = k + sizeof(key) - 1;
			rlen = strcspn(r, " \t\r\n");
			if (rlen > (size_t)(p + n - r))
				rlen = (size_t)(p + n - r);
			if (!errno && rest == k && cp && cp <= 0x10FFFF &&
			    rlen && glossa_utf8_check(r, rlen) == rlen) {
				sqlite3_bind_int64(b->hanzi, 1, (int64_t)cp);
				sqlite3_bind_text(b->hanzi, 2, r, (int)rlen,
				                  SQLITE_STATIC);
				if (sqlite3_step(b->hanzi) != SQLITE_DONE)
					build_sql_fail(b, "storing a reading");
				sqlite3_reset(b->hanzi);
				b->rep->readings++;
			}
		}
		p += n + 1;
		if (!nl)
			break;
	}
}

static void exec(struct build *b, const char *sql, const char *what)
{
	if (!b->err && sqlite3_exec(b->sql, sql, NULL, NULL, NULL) != SQLITE_OK)
		build_sql_fail(b, what);
}

static const char dict_schema[] =
    "PRAGMA journal_mode = OFF;"
    "PRAGMA synchronous = OFF;"
    "PRAGMA application_id = 1735156835;" /* DICT_APP_ID */
    "PRAGMA user_version = 1;"            /* DICT_VERSION */
    "BEGIN;"
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)"
    " WITHOUT ROWID;"
    "CREATE TABLE entry(id INTEGER PRIMARY KEY, trad TEXT NOT NULL,"
    " simp TEXT NOT NULL, pinyin TEXT NOT NULL, senses TEXT NOT NULL);"
    "CREATE TABLE word(w TEXT PRIMARY KEY, is_word INTEGER NOT NULL)"
    " WITHOUT ROWID;"
    "CREATE TABLE hanzi(cp INTEGER PRIMARY KEY, reading TEXT NOT NULL);";

_Static_assert(DICT_APP_ID == 1735156835, "dict_schema's application_id");
_Static_assert(DICT_VERSION == 1, "dict_schema's user_version");

static void prepare(struct build *b, sqlite3_stmt **stmt, const char *sql)
{
	if (!b->err &&
	    sqlite3_prepare_v2(b->sql, sql, -1, stmt, NULL) != SQLITE_OK)
		build_sql_fail(b, "preparing the dictionary");
}

/* Copy the readings of the dictionary file at from, if it is one. */
static void copy_readings(struct build *b, const char *from)
{
	glossa_dict_t *other;
	sqlite3_stmt *s = NULL;

	if (glossa_dict_open(from, &other, NULL) != GLOSSA_OK)
		return;
	glossa_dict_close(other);
	prepare(b, &s, "ATTACH ?1 AS other");
	if (!s)
		return;
	sqlite3_bind_text(s, 1, from, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_DONE) {
		exec(b, "INSERT INTO hanzi SELECT cp, reading FROM other.hanzi",
		     "copying the readings");
		b->rep->readings = sqlite3_changes(b->sql);
		exec(b, "DETACH other", "copying the readings");
	}
	sqlite3_finalize(s);
}

static void put_meta(struct build *b, const char *key, const char *value)
{
	sqlite3_stmt *s = NULL;

	prepare(b, &s, "INSERT OR REPLACE INTO meta VALUES (?1, ?2)");
	if (!s)
		return;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		build_sql_fail(b, "storing the edition");
	sqlite3_finalize(s);
}

/* fsync a file or directory by name; 0 or -1 (errno). */
static int sync_path(const char *path, int dir)
{
	int fd = open(path, (dir ? O_DIRECTORY : O_WRONLY) | O_CLOEXEC), rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

glossa_status_t glossa_dict_build(const char *path, const char *text,
                                  size_t len,
                                  const glossa_dict_sources_t *sources,
                                  glossa_dict_report_t *rep, char **errmsg)
{
	struct build b = {0};
	glossa_dict_report_t own = {0};
	char *tmp = NULL, *dir = NULL, num[32];
	int fd;

	if (errmsg)
		*errmsg = NULL;
	b.rep = rep ? rep : &own;
	memset(b.rep, 0, sizeof(*b.rep));
	b.status = GLOSSA_OK;
	if (memchr(text, '\0', len)) {
		build_fail(&b, GLOSSA_BAD_INPUT,
		           "not a text file (a NUL byte at line %zu)",
		           glossa_line_of(text, (size_t)((const char *)memchr(
		                                             text, '\0', len) -
		                                         text)));
		goto out;
	}
	if (asprintf(&tmp, "%s.XXXXXX", path) < 0) {
		tmp = NULL;
		build_fail(&b, GLOSSA_NOMEM, "out of memory");
		goto out;
	}
	if ((fd = mkstemp(tmp)) < 0) {
		build_fail(&b, errno == ENOSPC ? GLOSSA_FULL : GLOSSA_IO,
		           "cannot write beside %s: %s", path, strerror(errno));
		free(tmp);
		tmp = NULL;
		goto out;
	}
	close(fd);
	if (sqlite3_open_v2(tmp, &b.sql, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		build_sql_fail(&b, tmp);
		goto out;
	}
	if (sources) {
		b.interrupt = sources->interrupt;
		b.interrupt_arg = sources->interrupt_arg;
		sqlite3_progress_handler(b.sql, 10000, progress, &b);
	}
	exec(&b, dict_schema, "creating the dictionary");
	prepare(&b, &b.entry,
	        "INSERT INTO entry(trad, simp, pinyin, senses)"
	        " VALUES (?1, ?2, ?3, ?4)");
	prepare(&b, &b.word, "INSERT INTO word VALUES (?1, ?2)");
	prepare(&b, &b.hanzi, "INSERT OR IGNORE INTO hanzi VALUES (?1, ?2)");
	if (b.err)
		goto out;
	read_entries(&b, text, len);
	if (!b.err && !b.rep->entries)
		build_fail(&b, GLOSSA_BAD_INPUT,
		           "no CC-CEDICT entry in it (lines of the form "
		           "'繁體 简体 [pin1 yin1] /sense/')");
	write_words(&b);
	exec(&b,
	     "CREATE INDEX entry_trad ON entry(trad);"
	     "CREATE INDEX entry_simp ON entry(simp);",
	     "indexing the dictionary");
	if (sources && sources->unihan)
		read_unihan(&b, sources->unihan, sources->unihan_len);
	exec(&b, "COMMIT", "writing the dictionary");
	/* (ATTACH cannot be done in a transaction) */
	if (sources && !sources->unihan && sources->readings_from)
		copy_readings(&b, sources->readings_from);
	if (!b.rep->edition)
		b.rep->edition = strdup("");
	put_meta(&b, "edition", b.rep->edition ? b.rep->edition : "");
	snprintf(num, sizeof(num), "%lld", (long long)b.rep->entries);
	put_meta(&b, "entries", num);
	snprintf(num, sizeof(num), "%lld", (long long)b.rep->readings);
	put_meta(&b, "readings", num);
	snprintf(num, sizeof(num), "%zu", b.max_chars);
	put_meta(&b, "max_chars", num);
	if (b.err)
		goto out;
	sqlite3_finalize(b.entry);
	sqlite3_finalize(b.word);
	sqlite3_finalize(b.hanzi);
	b.entry = b.word = b.hanzi = NULL;
	if (sqlite3_close(b.sql) != SQLITE_OK) {
		build_fail(&b, GLOSSA_IO, "closing %s", tmp);
		b.sql = NULL;
		goto out;
	}
	b.sql = NULL;
	if (stopped(&b))
		goto out;
	if (sync_path(tmp, 0) < 0 || chmod(tmp, 0644) < 0 ||
	    rename(tmp, path) < 0) {
		build_fail(&b, errno == ENOSPC ? GLOSSA_FULL : GLOSSA_IO,
		           "cannot write %s: %s", path, strerror(errno));
		goto out;
	}
	free(tmp);
	tmp = NULL;
	if ((dir = strdup(path))) {
		char *slash = strrchr(dir, '/');
		if (slash)
			*(slash == dir ? slash + 1 : slash) = '\0';
		sync_path(slash ? dir : ".", 1);
	}
out:
	sqlite3_finalize(b.entry);
	sqlite3_finalize(b.word);
	sqlite3_finalize(b.hanzi);
	sqlite3_close(b.sql);
	if (tmp) {
		unlink(tmp);
		free(tmp);
	}
	free(dir);
	free(b.words);
	glossa_dict_report_clear(&own);
	if (b.err && errmsg)
		*errmsg = b.err;
	else
		free(b.err);
	if (b.status == GLOSSA_OK && b.err)
		return GLOSSA_ERROR;
	return b.status;
}

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

glossa_status_t glossa_dict_segment(glossa_dict_t *dict, const char *s,
                                    size_t len, const char *const *extra,
                                    size_t n_extra, size_t **starts, size_t *n)
{
	struct extra *x = NULL;
	size_t nx = 0, pos = 0, cap = 0, *st = NULL;
	size_t off[DICT_MAX_CHARS + 1], lens[DICT_MAX_CHARS];

	*starts = NULL;
	*n = 0;
	if (n_extra && !(x = malloc(n_extra * sizeof(*x))))
		return GLOSSA_NOMEM;
	for (size_t i = 0; i < n_extra; i++)
		if (extra[i] && extra[i][0])
			x[nx++] = (struct extra){extra[i], strlen(extra[i])};
	if (nx)
		qsort(x, nx, sizeof(*x), compare_extra);
	while (pos < len) {
		size_t k =
		    char_offsets(s + pos, len - pos, off, dict->max_chars);
		size_t step, e;
		int nw;

		if (!k) { /* an invalid byte: a word of its own */
			step = 1;
		} else {
			if ((nw = words_at(dict, s + pos, off, k, lens)) < 0) {
				free(x);
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
				free(x);
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
	free(x);
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
