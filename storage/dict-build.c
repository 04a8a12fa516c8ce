/*
 * dict-build.c: the dictionary file built: CC-CEDICT's text format read
 * and stored in an SQLite file of its own (the layout: dict-impl.h).
 *
 * Exports glossa_cedict_parse_line, glossa_dict_report_clear and
 * glossa_dict_build of glossa/dict.h.
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
