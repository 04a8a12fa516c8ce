/*
 * test_recall.c: recall of the "glossa" tokenizer on a real Chinese corpus
 * (Debian's fortunes-zh). For thousands of CJK substrings of 1-4
 * characters, the rows MATCH finds must be exactly the rows that contain
 * the substring, except rows that contain it after Traditional ->
 * Simplified folding.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "t2s.h"
#include "tokenizer.h"

#ifndef FORTUNES
#define FORTUNES "/usr/share/games/fortunes/"
#endif
#define MAX_ROWS 8000
#define QUERIES 4000

struct corpus {
	char *rows[MAX_ROWS];
	char *folded[MAX_ROWS];
	int n;
};

static struct corpus corpus;

static int utf8_char(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t c = s[0], min;
	int len, k;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF)
		len = 2, c &= 0x1F, min = 0x80;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3, c &= 0x0F, min = 0x800;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4, c &= 0x07, min = 0x10000;
	else
		return 0;
	if (n < (size_t)len)
		return 0;
	for (k = 1; k < len; k++) {
		if ((s[k] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (s[k] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

static int valid_utf8(const char *s)
{
	size_t n = strlen(s), i = 0;
	uint32_t cp;
	int len;

	while (i < n) {
		if (!(len =
		          utf8_char((const unsigned char *)s + i, n - i, &cp)))
			return 0;
		i += len;
	}
	return 1;
}

static int is_han(uint32_t cp)
{
	return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF);
}

static int t2s_cmp(const void *key, const void *entry)
{
	uint32_t a = *(const uint32_t *)key, b = *(const uint32_t *)entry;

	return (a > b) - (a < b);
}

/* The table's own answer, by the C library's bsearch(): apart from the
 * tokenizer's search and its shortcuts, to check them. */
static uint32_t t2s(uint32_t cp)
{
	const uint32_t *e = bsearch(&cp, glossa_t2s,
	                            sizeof(glossa_t2s) / sizeof(glossa_t2s[0]),
	                            sizeof(glossa_t2s[0]), t2s_cmp);

	return e ? e[1] : cp;
}

/* A copy of valid UTF-8 s with every character folded by the t2s table. */
static char *fold(const char *s)
{
	size_t n = strlen(s), i = 0, o = 0;
	char *out = malloc(n * 4 / 3 + 8);
	uint32_t cp;
	int len;

	assert_non_null(out);
	while (i < n) {
		len = utf8_char((const unsigned char *)s + i, n - i, &cp);
		assert_true(len > 0);
		i += len;
		cp = t2s(cp);
		if (cp < 0x80) {
			out[o++] = (char)cp;
		} else if (cp < 0x800) {
			out[o++] = (char)(0xC0 | cp >> 6);
			out[o++] = (char)(0x80 | (cp & 0x3F));
		} else if (cp < 0x10000) {
			out[o++] = (char)(0xE0 | cp >> 12);
			out[o++] = (char)(0x80 | (cp >> 6 & 0x3F));
			out[o++] = (char)(0x80 | (cp & 0x3F));
		} else {
			out[o++] = (char)(0xF0 | cp >> 18);
			out[o++] = (char)(0x80 | (cp >> 12 & 0x3F));
			out[o++] = (char)(0x80 | (cp >> 6 & 0x3F));
			out[o++] = (char)(0x80 | (cp & 0x3F));
		}
	}
	out[o] = '\0';
	return out;
}

/* Add the fortunes of one file ("%" lines separate them) to the corpus. */
static int load_file(const char *path, int *skipped)
{
	FILE *f = fopen(path, "rb");
	char *buf, *p, *next;
	long size;

	if (!f)
		return -1;
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	buf = malloc(size + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, size, f), (size_t)size);
	buf[size] = '\0';
	fclose(f);
	for (p = buf; p && *p && corpus.n < MAX_ROWS; p = next) {
		next = strstr(p, "\n%\n");
		if (next) {
			*next = '\0';
			next += 3;
		}
		if (!*p)
			continue;
		if (!valid_utf8(p)) {
			(*skipped)++;
			continue;
		}
		corpus.rows[corpus.n] = strdup(p);
		corpus.folded[corpus.n] = fold(p);
		corpus.n++;
	}
	free(buf);
	return 0;
}

static int setup(void **state)
{
	static const char *files[] = {"chinese", "tang300", "song100"};
	int skipped = 0;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char path[256];

		snprintf(path, sizeof(path), FORTUNES "%s", files[i]);
		if (load_file(path, &skipped) < 0) {
			fprintf(stderr,
			        "test_recall: cannot read %s: the corpus "
			        "comes from Debian's fortunes-zh; run: "
			        "apt-get install fortunes-zh\n",
			        path);
			return -1;
		}
	}
	printf("corpus: %d fortunes from fortunes-zh (%d skipped, invalid "
	       "UTF-8)\n",
	       corpus.n, skipped);
	return 0;
}

static int teardown(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < corpus.n; i++) {
		free(corpus.rows[i]);
		free(corpus.folded[i]);
	}
	return 0;
}

static uint32_t rnd(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return (uint32_t)(*x >> 16);
}

/*
 * Pick a substring of 1-4 Han characters, all in one run of Han, from a
 * random row into out. Returns 0 if the chosen place had no Han.
 */
static int pick(uint64_t *x, char *out, size_t outsz)
{
	const char *s = corpus.rows[rnd(x) % corpus.n];
	size_t n = strlen(s), i, start, o = 0;
	int want = 1 + rnd(x) % 4, got = 0, len;
	uint32_t cp;

	if (n == 0)
		return 0;
	/* move to a character boundary at or after a random byte */
	i = rnd(x) % n;
	while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
		i++;
	for (start = i; i < n && got < want; got++) {
		len = utf8_char((const unsigned char *)s + i, n - i, &cp);
		if (!is_han(cp))
			break;
		i += len;
	}
	if (got == 0 || i - start >= outsz)
		return 0;
	memcpy(out, s + start, i - start);
	o = i - start;
	out[o] = '\0';
	return got;
}

static void test_recall(void **state)
{
	sqlite3 *db;
	sqlite3_stmt *ins, *q;
	uint64_t x = 0x9E3779B97F4A7C15ull;
	static unsigned char hit[MAX_ROWS];
	char sub[32], expr[40], *fsub;
	long queries = 0, expected = 0, found = 0, folded = 0, false_hits = 0;
	long by_len[5] = {0};
	int i, rc, len;

	(void)state;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(glossa_tokenizer_register(db, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
	                              "CREATE VIRTUAL TABLE t USING fts5(body, "
	                              "tokenize='glossa', detail=full); BEGIN",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db,
	                                    "INSERT INTO t(rowid, body) "
	                                    "VALUES (?1, ?2)",
	                                    -1, &ins, NULL),
	                 SQLITE_OK);
	for (i = 0; i < corpus.n; i++) {
		sqlite3_bind_int(ins, 1, i);
		sqlite3_bind_text(ins, 2, corpus.rows[i], -1, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(ins), SQLITE_DONE);
		sqlite3_reset(ins);
	}
	sqlite3_finalize(ins);
	assert_int_equal(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db,
	                                    "SELECT rowid FROM t WHERE t "
	                                    "MATCH ?1",
	                                    -1, &q, NULL),
	                 SQLITE_OK);
	while (queries < QUERIES) {
		if (!(len = pick(&x, sub, sizeof(sub))))
			continue;
		queries++;
		by_len[len]++;
		snprintf(expr, sizeof(expr), "\"%s\"", sub);
		memset(hit, 0, corpus.n);
		sqlite3_bind_text(q, 1, expr, -1, SQLITE_STATIC);
		while ((rc = sqlite3_step(q)) == SQLITE_ROW)
			hit[sqlite3_column_int(q, 0)] = 1;
		if (rc != SQLITE_DONE)
			fail_msg("MATCH %s: %s", expr, sqlite3_errmsg(db));
		sqlite3_reset(q);
		fsub = fold(sub);
		/* strstr on valid UTF-8 is SQL's instr(body, sub) > 0 */
		for (i = 0; i < corpus.n; i++) {
			int has = strstr(corpus.rows[i], sub) != NULL;

			expected += has;
			if (has && !hit[i])
				fail_msg("recall: \"%s\" not found in row %d",
				         sub, i);
			found += has && hit[i];
			if (hit[i] && !has) {
				if (strstr(corpus.folded[i], fsub))
					folded++;
				else
					false_hits++;
			}
		}
		free(fsub);
	}
	sqlite3_finalize(q);
	printf("recall: %ld queries (length 1/2/3/4: %ld/%ld/%ld/%ld), "
	       "%ld of %ld expected rows found (%.2f%%), "
	       "%ld extra rows through T->S folding, %ld false hits\n",
	       queries, by_len[1], by_len[2], by_len[3], by_len[4], found,
	       expected, expected ? 100.0 * found / expected : 100.0, folded,
	       false_hits);
	assert_true(by_len[4] > 0);
	assert_true(expected > queries);
	assert_int_equal(found, expected);
	assert_int_equal(false_hits, 0);
	assert_int_equal(sqlite3_exec(db,
	                              "INSERT INTO t(t) "
	                              "VALUES('integrity-check')",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_recall),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
