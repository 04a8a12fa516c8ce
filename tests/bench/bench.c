/*
 * bench.c: import, index size and search of glossa against baselines.
 *
 *   bench DIR N WORKDIR
 *
 * DIR holds the N articles that gen wrote. In one run: import them into a
 * new glossa archive (WORKDIR/glossa.db, with the importer of
 * glossa/importer.h, in its batches, as `glossa import` does it)
 * and, as the baseline, their title and body into a plain FTS5 table with
 * the built-in unicode61 tokenizer (WORKDIR/unicode61.db, one transaction
 * per 1000 rows); compare the sizes of the two indexes; time glossa_search()
 * on sets of queries against `rg -l -F` over DIR (every 10th query at 1M:
 * BENCH_RG_EVERY); time the first results as the interface gets them; run
 * the program (next to bench, or GLOSSA_BIN) in script mode for the
 * interface's figures. Prints one Markdown table on stdout.
 *
 * BENCH_REUSE=1 keeps WORKDIR's archives (no import figures);
 * BENCH_NO_RG=1 and BENCH_NO_TUI=1 skip those parts.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "corpus.h"
#include "db.h"
#include "query.h"
#include "glossa/glossa.h"

extern char **environ;

#define QUERIES 50 /* per set */
#define MAX_Q 256

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what, const char *msg)
{
	fprintf(stderr, "bench: %s: %s\n", what, msg);
	exit(1);
}

/* The whole file at path, NUL-terminated; *len its size. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	char *p;

	if (!f || fstat(fileno(f), &st) != 0)
		die(path, strerror(errno));
	p = malloc((size_t)st.st_size + 1);
	if (!p || fread(p, 1, (size_t)st.st_size, f) != (size_t)st.st_size)
		die(path, "cannot read");
	p[st.st_size] = '\0';
	fclose(f);
	*len = (size_t)st.st_size;
	return p;
}

/* Read the n article files of dir once, so that both imports read them
 * from the page cache: at 1M, files read from the disk cost the import
 * some 20% (a run while the previous archives had pushed them out). */
static void warm_files(const char *dir, long n)
{
	char path[4096];
	size_t len;

	for (long i = 0; i < n; i++) {
		article_path(path, sizeof(path), dir, i);
		free(slurp(path, &len));
	}
}

/* Title and body of a generated article file (its own format is simple:
 * the header ends at the first blank line). */
static void split_article(char *text, const char **title, const char **body)
{
	char *end = strstr(text, "\n\n");
	char *t;

	if (!end)
		die("article", "no blank line after the header");
	*end = '\0';
	*body = end + 2;
	*title = "";
	if (strncmp(text, "Title: ", 7) == 0) {
		t = text + 7;
		*title = t;
		t[strcspn(t, "\n")] = '\0';
	}
}

static void remove_db(const char *path)
{
	char p[4096];

	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
}

/* --- Import ---------------------------------------------------------- */

/* The importer's callback: every file must go in. */
static void bench_file(void *arg, const char *path, glossa_status_t st,
		       const glossa_import_result_t *res, const char *msg)
{
	(void)arg;
	(void)res;
	if (st != GLOSSA_OK)
		die(path, msg);
}

static double import_glossa(const char *dir, long n, const char *dbpath)
{
	glossa_db_t *db;
	char *msg = NULL, path[4096];
	double t0, last;

	remove_db(dbpath);
	last = t0 = now();
	if (glossa_db_open(dbpath, GLOSSA_OPEN_CREATE, &db, &msg) != GLOSSA_OK)
		die(dbpath, msg);
	glossa_importer_t *imp;
	/* batches as `glossa import` makes them: the core's importer */
	if (glossa_importer_begin(db, bench_file, NULL, &imp) != GLOSSA_OK)
		die(dbpath, glossa_db_errmsg(db));
	for (long i = 0; i < n; i++) {
		article_path(path, sizeof(path), dir, i);
		if (glossa_importer_add_file(imp, path, NULL, 0) != GLOSSA_OK)
			die(path, glossa_db_errmsg(db));
		if ((i + 1) % 10000 == 0) {
			double t = now();
			fprintf(stderr,
			        "bench: %ld imported, %.1f s, last 10000 at "
			        "%.0f articles/s\n",
			        i + 1, t - t0, 10000 / (t - last));
			last = t;
		}
	}
	if (glossa_importer_finish(imp) != GLOSSA_OK)
		die(dbpath, glossa_db_errmsg(db));
	glossa_db_close(db);
	return now() - t0;
}

static void sql_or_die(sqlite3 *s, const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(s, sql, NULL, NULL, &err) != SQLITE_OK)
		die(sql, err ? err : "failed");
}

/* The baseline: title and body into fts5(title, body), unicode61. */
static double import_unicode61(const char *dir, long n, const char *dbpath,
                               uint64_t *text_bytes)
{
	sqlite3 *s;
	sqlite3_stmt *ins;
	char path[4096];
	double t0;

	remove_db(dbpath);
	*text_bytes = 0;
	t0 = now();
	if (sqlite3_open(dbpath, &s) != SQLITE_OK)
		die(dbpath, sqlite3_errmsg(s));
	sql_or_die(s, "PRAGMA journal_mode = WAL;"
	              "CREATE VIRTUAL TABLE t USING fts5(title, body);");
	if (sqlite3_prepare_v2(s, "INSERT INTO t (title, body) VALUES (?, ?)",
	                       -1, &ins, NULL) != SQLITE_OK)
		die(dbpath, sqlite3_errmsg(s));
	for (long i = 0; i < n; i++) {
		const char *title, *body;
		size_t len;
		char *text;
		if (i % 1000 == 0)
			sql_or_die(s, i ? "COMMIT; BEGIN" : "BEGIN");
		article_path(path, sizeof(path), dir, i);
		text = slurp(path, &len);
		split_article(text, &title, &body);
		*text_bytes += strlen(title) + strlen(body);
		sqlite3_bind_text(ins, 1, title, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 2, body, -1, SQLITE_STATIC);
		if (sqlite3_step(ins) != SQLITE_DONE)
			die(dbpath, sqlite3_errmsg(s));
		sqlite3_reset(ins);
		free(text);
	}
	sql_or_die(s, "COMMIT");
	sqlite3_finalize(ins);
	sqlite3_close(s);
	return now() - t0;
}

/* --- Index size ------------------------------------------------------ */

/* Bytes of the tables and indexes whose name is LIKE pattern, by dbstat;
 * -1 if this SQLite has no dbstat. */
static int64_t dbstat_bytes(sqlite3 *s, const char *like, const char * not )
{
	sqlite3_stmt *st;
	int64_t bytes = -1;

	if (sqlite3_prepare_v2(s,
	                       "SELECT sum(pgsize) FROM dbstat WHERE name"
	                       " LIKE ?1 AND name NOT LIKE ?2",
	                       -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, like, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, not, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		bytes = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return bytes;
}

static int64_t file_bytes(sqlite3 *s)
{
	sqlite3_stmt *st;
	int64_t bytes = 0;

	sqlite3_prepare_v2(s,
	                   "SELECT page_count * page_size FROM"
	                   " pragma_page_count, pragma_page_size",
	                   -1, &st, NULL);
	if (st && sqlite3_step(st) == SQLITE_ROW)
		bytes = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return bytes;
}

/*
 * The terms of an FTS5 index by class (fts5vocab: it reads every doclist,
 * so only when the sizes are measured): how many distinct terms (the keys
 * of FTS5's table of pending terms at import), tokens and (term, row)
 * entries each class has. The classes are the tokenizer's (tokenizer.h):
 * marked prefix, stem and tag tokens, CJK characters and bigrams, words.
 */
static void term_classes(sqlite3 *s, const char *table, const char *what)
{
	char sql[2048];
	sqlite3_stmt *st;
	int64_t all_t = 0, all_d = 0;

	snprintf(sql, sizeof(sql),
	         "DROP TABLE IF EXISTS temp.bench_vocab;"
	         "CREATE VIRTUAL TABLE temp.bench_vocab USING"
	         " fts5vocab(main, '%s', 'row')",
	         table);
	if (sqlite3_exec(s, sql, NULL, NULL, NULL) != SQLITE_OK)
		return;
	if (sqlite3_prepare_v2(
	        s,
	        "SELECT CASE"
	        " WHEN substr(term, 1, 1) = char(1) THEN 'prefix token'"
	        " WHEN substr(term, 1, 1) = char(3) THEN 'stem (marked)'"
	        " WHEN substr(term, 1, 1) = char(5) THEN 'tag'"
	        " WHEN unicode(term) >= 11904 AND length(term) = 1"
	        "  THEN 'CJK character'"
	        " WHEN unicode(term) >= 11904 AND length(term) = 2"
	        "  THEN 'CJK bigram'"
	        " WHEN unicode(term) >= 11904 THEN 'CJK run'"
	        " WHEN term GLOB '*[0-9]*' THEN 'word with a digit'"
	        " ELSE 'word' END AS cls, count(*), sum(cnt), sum(doc)"
	        " FROM temp.bench_vocab GROUP BY cls ORDER BY 2 DESC",
	        -1, &st, NULL) != SQLITE_OK)
		return;
	printf("\n%s: terms of %s by class\n\n| class | distinct terms | "
	       "tokens | (term, row) entries |\n|---|---|---|---|\n",
	       what, table);
	while (sqlite3_step(st) == SQLITE_ROW) {
		printf("| %s | %lld | %lld | %lld |\n",
		       (const char *)sqlite3_column_text(st, 0),
		       (long long)sqlite3_column_int64(st, 1),
		       (long long)sqlite3_column_int64(st, 2),
		       (long long)sqlite3_column_int64(st, 3));
		all_t += sqlite3_column_int64(st, 2);
		all_d += sqlite3_column_int64(st, 3);
	}
	printf("| all | | %lld | %lld |\n", (long long)all_t, (long long)all_d);
	sqlite3_finalize(st);
	sqlite3_exec(s, "DROP TABLE temp.bench_vocab", NULL, NULL, NULL);
}

/* --- Queries --------------------------------------------------------- */

#define MAX_SETS 16

typedef struct qset {
	char *name;
	char *q[QUERIES];   /* glossa query */
	char *pat[QUERIES]; /* rg -F pattern */
	int cjk;            /* substring semantics: rg's count is comparable */
	double t[QUERIES], tfirst[QUERIES];
	double trg[QUERIES], r[QUERIES]; /* n_rg of them: rg's time, ratio */
	int n_rg;
	int64_t total[QUERIES];
	long rg_files[QUERIES];
} qset_t;

static void add(qset_t *s, int i, const char *q, const char *pat)
{
	s->q[i] = strdup(q);
	s->pat[i] = strdup(pat);
	if (!s->q[i] || !s->pat[i])
		die("strdup", "out of memory");
}

static int han_at(const unsigned char *p)
{
	uint32_t cp;

	if ((p[0] & 0xf0) != 0xe0 || (p[1] & 0xc0) != 0x80 ||
	    (p[2] & 0xc0) != 0x80)
		return 0;
	cp = ((uint32_t)(p[0] & 0x0f) << 12) | ((uint32_t)(p[1] & 0x3f) << 6) |
	     (p[2] & 0x3f);
	return cp >= 0x4e00 && cp <= 0x9fff;
}

/* The body of a random article. */
static char *random_body(rng_t *r, const char *dir, long n, char **text)
{
	char path[4096];
	const char *title, *body;
	size_t len;

	article_path(path, sizeof(path), dir, rng_range(r, 0, n - 1));
	*text = slurp(path, &len);
	split_article(*text, &title, &body);
	return (char *)body;
}

/* k Han characters in a row from a random article's body. */
static void cjk_substring(rng_t *r, const char *dir, long n, int k, char *out)
{
	for (;;) {
		char *text, *body = random_body(r, dir, n, &text);
		size_t len = strlen(body);
		for (int tries = 0; tries < 200 && len > 12; tries++) {
			const unsigned char *p =
			    (const unsigned char *)body +
			    rng_range(r, 0, (long)len - 13);
			int got = 0;
			while (got < k && han_at(p + 3 * got))
				got++;
			if (got == k) {
				memcpy(out, p, (size_t)(3 * k));
				out[3 * k] = '\0';
				free(text);
				return;
			}
		}
		free(text);
	}
}

static int lower_word_at(const char *p, const char *start)
{
	return *p >= 'a' && *p <= 'z' && (p == start || p[-1] == ' ');
}

/* Two lowercase English words in a row from a random article's body. */
static void en_phrase(rng_t *r, const char *dir, long n, char *out)
{
	for (;;) {
		char *text, *body = random_body(r, dir, n, &text);
		long len = (long)strlen(body);
		for (int tries = 0; tries < 200 && len > 40; tries++) {
			const char *p = body + rng_range(r, 0, len - 40);
			const char *e;
			if (!lower_word_at(p, body))
				continue;
			e = p;
			while (*e >= 'a' && *e <= 'z')
				e++;
			if (*e != ' ' || !(e[1] >= 'a' && e[1] <= 'z'))
				continue;
			e++;
			while (*e >= 'a' && *e <= 'z')
				e++;
			if ((unsigned char)*e & 0x80)
				continue; /* a letter we do not handle */
			memcpy(out, p, (size_t)(e - p));
			out[e - p] = '\0';
			free(text);
			return;
		}
		free(text);
	}
}

enum {
	EN_FREQ,
	EN_MED,
	EN_RARE,
	ZH_1,
	ZH_2,
	ZH_3,
	ZH_4,
	EN_PHRASE,
	EN_PREFIX,
	FILTER,
	N_SETS
};

static void name_set(qset_t *s, const char *name)
{
	if (!(s->name = strdup(name)))
		die("strdup", "out of memory");
}

/*
 * The query sets of gen --real's corpus: dir/queries.tsv, "#\tNAME\tCJK"
 * before each set of QUERIES lines "QUERY\tPATTERN". The number of sets;
 * 0 if dir has no such file (gen's synthetic corpus).
 */
static int read_sets(qset_t *sets, const char *dir)
{
	char path[4096], line[1024];
	int ns = 0, i = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/queries.tsv", dir);
	if (!(f = fopen(path, "r")))
		return 0;
	while (fgets(line, sizeof(line), f)) {
		char *tab = strchr(line, '\t');
		line[strcspn(line, "\n")] = '\0';
		if (!tab)
			die(path, "a line without a tab");
		*tab = '\0';
		if (strcmp(line, "#") == 0) {
			char *cjk = strchr(tab + 1, '\t');
			if (ns && i != QUERIES)
				die(path, "a set without QUERIES queries");
			if (ns == MAX_SETS || !cjk)
				die(path, "too many sets, or no CJK column");
			*cjk = '\0';
			name_set(&sets[ns], tab + 1);
			sets[ns++].cjk = atoi(cjk + 1);
			i = 0;
			continue;
		}
		if (!ns || i == QUERIES)
			die(path, "a query outside a set, or too many");
		add(&sets[ns - 1], i++, line, tab + 1);
	}
	fclose(f);
	if (!ns || i != QUERIES)
		die(path, "a set without QUERIES queries");
	return ns;
}

/* The query sets of gen's synthetic corpus, from its vocabulary. */
static int make_sets(qset_t *sets, const char *dir, long n)
{
	static const char *const tag_words[] = {
	    "china", "magnets", "gallium", "japan", "mining", "policy",
	};
	rng_t r = {SEED + 1};
	char w[64], q[MAX_Q];

	name_set(&sets[EN_FREQ], "English word, frequent (rank 20-69)");
	name_set(&sets[EN_MED], "English word, medium (rank 1000-1980)");
	name_set(&sets[EN_RARE], "English word, rare (rank 20000-29800)");
	name_set(&sets[ZH_1], "Chinese, 1 character");
	name_set(&sets[ZH_2], "Chinese, 2 characters");
	name_set(&sets[ZH_3], "Chinese, 3 characters");
	name_set(&sets[ZH_4], "Chinese, 4 characters");
	name_set(&sets[EN_PHRASE], "English \"two words\"");
	name_set(&sets[EN_PREFIX], "English prefix* of 1-5 letters of the 50 "
	                           "most frequent words");
	name_set(&sets[FILTER], "filter: tag:X medium / after:2020 frequent");
	for (int i = 0; i < QUERIES; i++) {
		en_word(20 + (size_t)i, w);
		add(&sets[EN_FREQ], i, w, w);
		en_word(1000 + 20 * (size_t)i, w);
		add(&sets[EN_MED], i, w, w);
		en_word(20000 + 200 * (size_t)i, w);
		add(&sets[EN_RARE], i, w, w);
		for (int k = 1; k <= 4; k++) {
			cjk_substring(&r, dir, n, k, w);
			add(&sets[ZH_1 + k - 1], i, w, w);
			sets[ZH_1 + k - 1].cjk = 1;
		}
		en_phrase(&r, dir, n, w);
		snprintf(q, sizeof(q), "\"%s\"", w);
		add(&sets[EN_PHRASE], i, q, w);
		/* the worst prefixes: FTS5 merges the doclists of all the
		 * terms a prefix starts before the first row */
		en_word((size_t)i, w);
		if (strlen(w) > (size_t)(1 + i % 5))
			w[1 + i % 5] = '\0';
		snprintf(q, sizeof(q), "%s*", w);
		add(&sets[EN_PREFIX], i, q, w);
		if (i % 2 == 0) {
			en_word(1000 + 20 * (size_t)i, w);
			snprintf(q, sizeof(q), "tag:%s %s",
			         tag_words[(i / 2) % 6], w);
		} else {
			en_word(20 + (size_t)i, w);
			snprintf(q, sizeof(q), "after:2020-01-01 %s", w);
		}
		add(&sets[FILTER], i, q, w);
	}
	return N_SETS;
}

/* --- Timing ---------------------------------------------------------- */

static double search_once(glossa_db_t *db, const char *q, int64_t *total)
{
	glossa_page_t page;
	double t0 = now(), t;

	if (glossa_search(db, q, 0, 50, &page, total) != GLOSSA_OK)
		die(q, glossa_db_errmsg(db));
	t = now() - t0;
	glossa_page_clear(&page);
	return t;
}

/* The interrupt callback of first_once(): past the deadline. */
static int past(void *arg)
{
	return now() > *(double *)arg;
}

/*
 * The first results as the interface gets them (tui/list.c): ranked if
 * glossa_search_first() is done within 80 ms (counted when that is
 * free), else stopped then and the newest matches shown
 * (glossa_search_newest, not counted).
 */
static struct {
	double t, ranked; /* the slowest first results, its ranked part */
	int stopped;      /* the ranked search was stopped */
	char q[128];
} first_max;

static double first_once(glossa_db_t *db, const char *q)
{
	glossa_page_t page;
	double t0 = now(), deadline = t0 + 0.080, t1, t;
	glossa_status_t st;
	int64_t total;
	int stopped;

	glossa_db_set_interrupt(db, past, &deadline);
	st = glossa_search_first(db, q, 0, 50, &page, &total);
	glossa_db_set_interrupt(db, NULL, NULL);
	t1 = now();
	stopped = st == GLOSSA_INTERRUPTED;
	if (stopped)
		st = glossa_search_newest(db, q, 0, 50, &page, NULL);
	if (st != GLOSSA_OK)
		die(q, glossa_db_errmsg(db));
	glossa_page_clear(&page);
	t = now() - t0;
	if (t > first_max.t) {
		first_max.t = t;
		first_max.ranked = t1 - t0;
		first_max.stopped = stopped;
		snprintf(first_max.q, sizeof(first_max.q), "%s", q);
	}
	return t;
}

/* Run rg -l -F -u -- pat dir; the number of files it lists. */
static double rg_once(const char *pat, const char *dir, long *files)
{
	/* (not gen --real's queries.tsv, which holds every query) */
	char *argv[] = {"rg", "-l", "-F", "-u", "-g", "!queries.tsv",
	                "--", (char *)pat, (char *)dir, NULL};
	posix_spawn_file_actions_t fa;
	int fd[2], status;
	pid_t pid;
	char buf[65536];
	ssize_t got;
	double t0 = now();

	if (pipe(fd) != 0)
		die("pipe", strerror(errno));
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fd[1], 1);
	posix_spawn_file_actions_addclose(&fa, fd[0]);
	posix_spawn_file_actions_addclose(&fa, fd[1]);
	if (posix_spawnp(&pid, "rg", &fa, NULL, argv, environ) != 0)
		die("rg", "cannot run");
	posix_spawn_file_actions_destroy(&fa);
	close(fd[1]);
	*files = 0;
	while ((got = read(fd[0], buf, sizeof(buf))) > 0)
		for (ssize_t i = 0; i < got; i++)
			*files += buf[i] == '\n';
	close(fd[0]);
	waitpid(pid, &status, 0);
	if (!WIFEXITED(status) || WEXITSTATUS(status) > 1)
		die("rg", pat);
	return now() - t0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The q-quantile (0..1) of n values, nearest rank. */
static double quantile(const double *v, int n, double q)
{
	double *s = malloc((size_t)(n > 0 ? n : 1) * sizeof(*s)), r;
	int k;

	if (!s)
		die("quantile", "out of memory");
	memcpy(s, v, (size_t)n * sizeof(*v));
	qsort(s, (size_t)n, sizeof(*s), cmp_double);
	k = (int)ceil(q * n) - 1;
	r = s[k < 0 ? 0 : k];
	free(s);
	return r;
}

static int have_rg(void)
{
	return system("rg --version >/dev/null 2>&1") == 0;
}

static void cpu_model(char *out, size_t size)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[512];

	snprintf(out, size, "unknown CPU");
	while (f && fgets(line, sizeof(line), f)) {
		if (strncmp(line, "model name", 10) == 0) {
			char *v = strchr(line, ':');
			if (v) {
				v += 1 + (v[1] == ' ');
				v[strcspn(v, "\n")] = '\0';
				snprintf(out, size, "%s", v);
			}
			break;
		}
	}
	if (f)
		fclose(f);
}

static const char *ms(double s, char *buf)
{
	sprintf(buf, s < 0.01 ? "%.2f ms" : "%.1f ms", s * 1e3);
	return buf;
}

/* --- Ranking overlap ------------------------------------------------ */

#define TOP 10
#define OVERLAP_MIN 2000 /* queries with more matches than this */

/* The ids of the first TOP rows of glossa_search() (all: of
 * glossa_search_all()) into ids; how many. */
static int glossa_top(glossa_db_t *db, const char *q, int all, int64_t *ids)
{
	glossa_page_t page;
	int n;

	if ((all ? glossa_search_all : glossa_search)(db, q, 0, TOP, &page,
						      NULL) != GLOSSA_OK)
		die(q, glossa_db_errmsg(db));
	n = (int)page.n;
	for (int i = 0; i < n; i++)
		ids[i] = page.rows[i].id;
	glossa_page_clear(&page);
	return n;
}

/* The expander of bm25_top(): words alone. */
static int words_only(void *db, int form, const char *text, size_t len,
                      struct glossa_buf *out)
{
	return form == GLOSSA_TERM_WORD &&
	       glossa_search_expand(db, form, text, len, out);
}

/*
 * The TOP best of every match by FTS5's own bm25() with glossa's column
 * weights (search.c: body 1, title 10, glosses 5, source 2, tags 3,
 * author 2), over the query's FTS5 expression as glossa_query_parse()
 * writes it (a word as the OR of its stem's words, as glossa_search
 * writes it; a long prefix as FTS5's prefix query, where glossa_search
 * writes the OR of its words); equal ranks newest first, as glossa
 * orders them when their dates are equal. -1 if the query has filters
 * other than after: (not in the bench's sets).
 */
static int bm25_top(glossa_db_t *db, const char *text, int64_t *ids,
                    double *secs)
{
	glossa_query_t q = {0};
	sqlite3_stmt *st;
	char *msg = NULL, *match = NULL, *exclude = NULL;
	double t0 = now();
	int n = 0;

	if (glossa_query_parse(text, &q, &msg) != GLOSSA_OK)
		die(text, msg ? msg : "cannot parse");
	if (glossa_query_fts(&q, words_only, db, &match, &exclude) !=
	    GLOSSA_OK)
		die(text, "out of memory");
	if (!match || exclude || q.before || q.url || q.notes_only) {
		free(match);
		free(exclude);
		glossa_query_clear(&q);
		return -1;
	}
	if (sqlite3_prepare_v2(
	        db->sql,
	        q.after ? "SELECT a.id FROM article_fts JOIN article a ON"
	                  " a.id = article_fts.rowid WHERE article_fts MATCH"
	                  " ?1 AND a.date_iso <> '' AND a.date_iso >="
	                  " substr(?2, 1, length(a.date_iso)) ORDER BY"
	                  " bm25(article_fts, 1.0, 10.0, 5.0, 2.0, 3.0, 2.0),"
	                  " a.date_iso DESC, a.id DESC LIMIT ?3"
	                : "SELECT rowid FROM article_fts WHERE article_fts"
	                  " MATCH ?1 ORDER BY bm25(article_fts, 1.0, 10.0,"
	                  " 5.0, 2.0, 3.0, 2.0), rowid DESC LIMIT ?3",
	        -1, &st, NULL) != SQLITE_OK)
		die(text, sqlite3_errmsg(db->sql));
	sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
	if (q.after)
		sqlite3_bind_text(st, 2, q.after, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, TOP);
	while (sqlite3_step(st) == SQLITE_ROW)
		ids[n++] = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	free(match);
	glossa_query_clear(&q);
	*secs = now() - t0;
	return n;
}

static int overlap(const int64_t *a, int na, const int64_t *b, int nb)
{
	int k = 0;

	for (int i = 0; i < na; i++)
		for (int j = 0; j < nb; j++)
			k += a[i] == b[j];
	return k;
}

/* The interface's and glossa search's time to rank every match
 * (rank-time's default): past it, the GLOSSA_RANK_NEWEST newest only. */
#define RANK_TIME 1.0

/*
 * What ranking only the GLOSSA_RANK_NEWEST newest matches costs: for every
 * query with more than OVERLAP_MIN matches, the overlap of glossa's top
 * TOP with (1) the top TOP of an exhaustive bm25() and (2) glossa's own
 * ranking of every match (glossa_search_all()); and (3) what the
 * interface shows once it has ranked: every match if that took at most
 * RANK_TIME, else the newest, against bm25(). Prints one table row each.
 */
static void bench_overlap(glossa_db_t *db, qset_t *sets, int nsets)
{
	double ov_bm[QUERIES * MAX_SETS], ov_all[QUERIES * MAX_SETS];
	double ov_ui[QUERIES * MAX_SETS];
	double t_bm[QUERIES * MAX_SETS], t_all[QUERIES * MAX_SETS];
	int nq = 0, full_bm = 0, full_all = 0, full_ui = 0, in_time = 0;
	char b1[32], b2[32], b3[32], b4[32], worst[MAX_Q] = "";
	double worst_ov = TOP + 1;

	for (int s = 0; s < nsets; s++)
		for (int i = 0; i < QUERIES; i++) {
			const char *q = sets[s].q[i];
			int64_t g[TOP], bm[TOP], all[TOP];
			int ng, nbm, nall;
			double t;
			if (sets[s].total[i] <= OVERLAP_MIN)
				continue;
			ng = glossa_top(db, q, 0, g);
			if ((nbm = bm25_top(db, q, bm, &t)) < 0)
				continue;
			t_bm[nq] = t;
			t = now();
			nall = glossa_top(db, q, 1, all);
			t_all[nq] = now() - t;
			ov_bm[nq] = overlap(g, ng, bm, nbm);
			ov_all[nq] = overlap(g, ng, all, nall);
			ov_ui[nq] = t_all[nq] <= RANK_TIME
			                ? overlap(all, nall, bm, nbm)
			                : ov_bm[nq];
			in_time += t_all[nq] <= RANK_TIME;
			full_bm += ov_bm[nq] == TOP;
			full_all += ov_all[nq] == TOP;
			full_ui += ov_ui[nq] == TOP;
			if (ov_all[nq] < worst_ov) {
				worst_ov = ov_all[nq];
				snprintf(worst, sizeof(worst), "%s", q);
			}
			nq++;
		}
	if (!nq) {
		printf("| ranking: no query has more than %d matches | | | | "
		       "|\n",
		       OVERLAP_MIN);
		return;
	}
	double sum_bm = 0, sum_all = 0, sum_ui = 0;
	for (int i = 0; i < nq; i++)
		sum_bm += ov_bm[i], sum_all += ov_all[i], sum_ui += ov_ui[i];
	printf("| ranking: glossa's top %d (the %d newest matches ranked) "
	       "against an exhaustive bm25() top %d (same column weights), "
	       "the %d queries with > %d matches | overlap mean %.1f/%d, "
	       "median %.0f, min %.0f; %d of %d queries the same %d | "
	       "exhaustive bm25(): median %s, p95 %s | | |\n",
	       TOP, GLOSSA_RANK_NEWEST, TOP, nq, OVERLAP_MIN, sum_bm / nq, TOP,
	       quantile(ov_bm, nq, 0.5), quantile(ov_bm, nq, 0.0), full_bm,
	       nq, TOP, ms(quantile(t_bm, nq, 0.5), b1),
	       ms(quantile(t_bm, nq, 0.95), b2));
	printf("| ranking: the same against glossa's own ranking of every "
	       "match (glossa_search_all()) | overlap mean %.1f/%d, "
	       "median %.0f, min %.0f (`%s`); %d of %d queries the same %d | "
	       "glossa_search_all(): median %s, p95 %s, max "
	       "%s | | |\n",
	       sum_all / nq, TOP, quantile(ov_all, nq, 0.5),
	       quantile(ov_all, nq, 0.0), worst, full_all, nq, TOP,
	       ms(quantile(t_all, nq, 0.5), b3),
	       ms(quantile(t_all, nq, 0.95), b4),
	       ms(quantile(t_all, nq, 1.0), b1));
	printf("| ranking: what the interface and glossa search show once "
	       "ranked (every match if that takes <= %.0f ms, rank-time; "
	       "else the %d newest) against the exhaustive bm25() top %d | "
	       "overlap mean %.1f/%d, median %.0f, min %.0f; %d of %d queries "
	       "the same %d | every match ranked in time for %d of %d "
	       "queries | | |\n",
	       RANK_TIME * 1000, GLOSSA_RANK_NEWEST, TOP, sum_ui / nq, TOP,
	       quantile(ov_ui, nq, 0.5), quantile(ov_ui, nq, 0.0), full_ui,
	       nq, TOP, in_time, nq);
}

/* --- The program: TUI (script mode) and commands ---------------------- */

static char glossa_bin[4096];
static long peak_rss_kb; /* the largest of the runs below */
/* one more variable for the environment of run_glossa() (NULL: none) */
static char *extra_env;

/* The latency of each key of the last script run: from reading the key
 * to the next full screen, as GLOSSA_DRAW_TIMES wrote them. */
#define MAX_KEYS 1024
static double key_lat[MAX_KEYS];
static int nkey_lat;
/* The longest step of a long article's layout done when no key waits
 * ("l START END" lines), over the runs since it was reset. */
static double max_step;
/* The last run's key times ("k TIME"), when its first search's results
 * arrived ("s TIME"; 0 if none) and the screen after them. */
static double key_at[MAX_KEYS];
static int nkey_at;
static double search_at, search_drawn;

/* Read the times file of a run: *first_draw (from spawned), key_lat. */
static void read_draw_times(const char *path, double spawned,
                            double *first_draw)
{
	FILE *f = fopen(path, "r");
	double keys[MAX_KEYS], t;
	int nkeys = 0, done = 0;
	char line[64];

	*first_draw = -1;
	nkey_lat = 0;
	search_at = search_drawn = 0;
	while (f && fgets(line, sizeof(line), f)) {
		if (line[0] == 's') {
			if (!search_at && sscanf(line + 1, "%lf", &t) == 1)
				search_at = t;
			continue;
		}
		if (line[0] == 'l') {
			double a, b;
			if (sscanf(line + 1, "%lf %lf", &a, &b) == 2 &&
			    b - a > max_step)
				max_step = b - a;
			continue;
		}
		if (line[0] == 'k') {
			if (nkeys < MAX_KEYS &&
			    sscanf(line + 1, "%lf", &t) == 1)
				keys[nkeys++] = t;
			continue;
		}
		if (sscanf(line, "%lf", &t) != 1)
			continue;
		if (*first_draw < 0)
			*first_draw = t - spawned;
		if (search_at && !search_drawn)
			search_drawn = t;
		for (; done < nkeys; done++)
			key_lat[nkey_lat++] = t - keys[done];
	}
	if (f)
		fclose(f);
	memcpy(key_at, keys, (size_t)nkeys * sizeof(keys[0]));
	nkey_at = nkeys;
}

/* Run glossa with argv (argv[0] ignored), stdout to /dev/null, and the
 * environment plus GLOSSA_SCRIPT=script (if not NULL); its wall time. */
static double run_glossa(char **argv, const char *script, const char *work,
                         double *first_draw)
{
	char env_script[4200], env_state[4200], env_draws[4300],
	    env_size[] = "GLOSSA_SIZE=120x40", draws[4200];
	char *envp[] = {env_script, env_state, env_size, env_draws,
	                "TERM=xterm", "LANG=C.UTF-8", extra_env, NULL};
	posix_spawn_file_actions_t fa;
	struct rusage ru;
	int status;
	pid_t pid;
	double t0;

	snprintf(env_script, sizeof(env_script), "GLOSSA_SCRIPT=%s",
	         script ? script : "");
	snprintf(env_state, sizeof(env_state), "XDG_STATE_HOME=%s", work);
	snprintf(draws, sizeof(draws), "%s/draws.txt", work);
	snprintf(env_draws, sizeof(env_draws), "GLOSSA_DRAW_TIMES=%s", draws);
	unlink(draws);
	if (!script)
		envp[0] = env_state, envp[1] = env_size, envp[2] = NULL;
	argv[0] = glossa_bin;
	/*
	 * The peak RSS from wait4() would be wrong: posix_spawn() shares
	 * bench's memory until the exec, and Linux keeps the larger figure.
	 * time(1) forks glossa from its own small process and says its RSS.
	 */
	char rss_file[4200], *targv[64] = {"/usr/bin/time", "-f", "%M", "-o",
	                                   rss_file};
	int ta = 5, timed = access("/usr/bin/time", X_OK) == 0;
	snprintf(rss_file, sizeof(rss_file), "%s/rss.txt", work);
	for (int i = 0; argv[i] && ta < 63; i++)
		targv[ta++] = argv[i];
	targv[ta] = NULL;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	double spawned = t0 = now();
	if (posix_spawn(&pid, timed ? targv[0] : glossa_bin, &fa, NULL,
	                timed ? targv : argv, envp) != 0)
		die(glossa_bin, "cannot run");
	posix_spawn_file_actions_destroy(&fa);
	if (wait4(pid, &status, 0, &ru) < 0)
		die(glossa_bin, strerror(errno));
	t0 = now() - t0;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		die(glossa_bin, argv[1]);
	long rss = ru.ru_maxrss;
	if (timed) {
		FILE *f = fopen(rss_file, "r");
		if (!f || fscanf(f, "%ld", &rss) != 1)
			die(rss_file, "no figure from time(1)");
		fclose(f);
	}
	if (rss > peak_rss_kb)
		peak_rss_kb = rss;
	if (first_draw)
		read_draw_times(draws, spawned, first_draw);
	return t0;
}

/* The latencies of the measured keys of tui_time(), each the best of
 * its 3 runs; and from its last key to the screen with the results of
 * the search it started (the keys' screen only says "searching"). */
static double lat_best[MAX_KEYS];
static int nlat_best;
static double results_best;

/*
 * Best of 3 runs of the TUI on db with a script of keys: the line pre,
 * then key n times, one a line (each key handled and the screen drawn
 * before the next, as keys pressed one by one), then a ":dump" (so the
 * screen is drawn in full). *first, if not NULL: the best time from the
 * start to the first full screen. lat_best: the latencies of the last
 * nk keys (those of the n lines).
 */
static double tui_time(const char *db, const char *work, const char *pre,
                       const char *key, int n, int nk, double *first)
{
	char path[4200], dump[4200];
	char *argv[] = {NULL, "-d", (char *)db, NULL};
	double best = 1e9, best_first = 1e9;
	FILE *f;

	snprintf(path, sizeof(path), "%s/keys.script", work);
	snprintf(dump, sizeof(dump), "%s/screen.txt", work);
	if (!(f = fopen(path, "w")))
		die(path, strerror(errno));
	if (*pre)
		fprintf(f, "%s\n", pre);
	for (int i = 0; i < n; i++)
		fprintf(f, "%s\n", key);
	fprintf(f, ":dump %s\n", dump);
	fclose(f);
	nlat_best = nk < MAX_KEYS ? nk : MAX_KEYS;
	for (int i = 0; i < nlat_best; i++)
		lat_best[i] = 1e9;
	results_best = 1e9;
	for (int i = 0; i < 3; i++) {
		double fd, t = run_glossa(argv, path, work, &fd);
		if (t < best)
			best = t;
		if (search_drawn && nkey_at &&
		    search_drawn - key_at[nkey_at - 1] < results_best)
			results_best = search_drawn - key_at[nkey_at - 1];
		if (fd >= 0 && fd < best_first)
			best_first = fd;
		if (nkey_lat < nlat_best)
			die("bench", "fewer key times than keys");
		for (int k = 0; k < nlat_best; k++) {
			double l = key_lat[nkey_lat - nlat_best + k];
			if (l < lat_best[k])
				lat_best[k] = l;
		}
	}
	if (first)
		*first = best_first;
	return best;
}

/* "median M, max X" of lat_best. */
static const char *latencies(char *buf, size_t size)
{
	char b1[32], b2[32];
	double max = 0;

	for (int i = 0; i < nlat_best; i++)
		if (lat_best[i] > max)
			max = lat_best[i];
	if (nlat_best == 1)
		snprintf(buf, size, "%s", ms(max, b1));
	else
		snprintf(buf, size, "median %s, max %s",
		         ms(quantile(lat_best, nlat_best, 0.5), b1),
		         ms(max, b2));
	return buf;
}

static double cmd_time(char **argv, const char *work)
{
	double best = 1e9;

	for (int i = 0; i < 3; i++) {
		double t = run_glossa(argv, NULL, work, NULL);
		if (t < best)
			best = t;
	}
	return best;
}

/* Write to path the header, then the body of article 0 of dir, each
 * time followed by sep, until at least size bytes of body; how many. */
static size_t write_big_article(const char *dir, const char *path,
                                const char *header, size_t size,
                                const char *sep)
{
	char src[4200];
	const char *title, *body;
	char *text;
	size_t len, out = 0;
	FILE *f;

	article_path(src, sizeof(src), dir, 0);
	text = slurp(src, &len);
	split_article(text, &title, &body);
	if (!(f = fopen(path, "w")))
		die(path, strerror(errno));
	fputs(header, f);
	while (out < size) {
		fputs(body, f);
		fputs(sep, f);
		out += strlen(body) + strlen(sep);
	}
	fclose(f);
	free(text);
	return out;
}

/* A 1 MB article (the body of article 0, repeated), imported into db;
 * it is the newest, so first in the list. Its id. */
static int64_t add_big_article(const char *dir, const char *work,
                               const char *db)
{
	char path[4200];
	glossa_db_t *g;
	glossa_import_result_t res;
	char *msg = NULL;

	snprintf(path, sizeof(path), "%s/big-article.txt", work);
	write_big_article(dir, path,
	                  "Title: A 1 MB article for the bench\n"
	                  "Date: 2099-01-01\nSource: bench\n\n",
	                  1000000, "");
	if (glossa_db_open(db, 0, &g, &msg) != GLOSSA_OK)
		die(db, msg);
	if (glossa_import_file(g, path, NULL, &res) != GLOSSA_OK)
		die(path, glossa_db_errmsg(g));
	int64_t id = res.article_id;
	glossa_import_result_clear(&res);
	glossa_db_close(g);
	return id;
}

/* Delete the 1 MB article a reused archive holds from an earlier run, so
 * that the first figures are taken without it, as in a new archive. */
static void remove_big_article(const char *db)
{
	glossa_db_t *g;
	glossa_status_t st;
	sqlite3_stmt *stmt;
	int64_t ids[16];
	int n = 0;
	char *msg = NULL;

	if (glossa_db_open(db, 0, &g, &msg) != GLOSSA_OK)
		die(db, msg);
	stmt = glossa_db_prepare(g, "SELECT id FROM article WHERE source = "
	                            "'bench' LIMIT 16", &st);
	if (!stmt)
		die(db, glossa_db_errmsg(g));
	while (sqlite3_step(stmt) == SQLITE_ROW)
		ids[n++] = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	for (int i = 0; i < n; i++)
		if (glossa_article_delete(g, ids[i]) != GLOSSA_OK)
			die(db, glossa_db_errmsg(g));
	glossa_db_close(g);
}

/*
 * Keys while a search runs: the script starts searching for query, then
 * types j on n lines without waiting for the results (:async). Prints
 * when the results were on the screen after the Enter, how many of the
 * keys were read before they came and those keys' latencies (best of 3
 * runs, key by key).
 */
static void search_meanwhile(const char *db, const char *work,
                             const char *query, int n)
{
	char path[4200], b1[32], lat[128];
	char *argv[] = {NULL, "-d", (char *)db, NULL};
	double results = 1e9, fd;
	int during = n, pre = 2 + (int)strlen(query); /* "/", query, Enter */
	long peak_before = peak_rss_kb;
	FILE *f;

	peak_rss_kb = 0;
	snprintf(path, sizeof(path), "%s/keys.script", work);
	if (!(f = fopen(path, "w")))
		die(path, strerror(errno));
	fprintf(f, ":async\n/%s<Enter>\n", query);
	for (int i = 0; i < n; i++)
		fprintf(f, "j\n");
	fprintf(f, ":wait\n");
	fclose(f);
	for (int i = 0; i < n; i++)
		lat_best[i] = 1e9;
	/* the interface's own deadline: script mode has none */
	extra_env = "GLOSSA_RANK_DEADLINE_MS=80";
	for (int r = 0; r < 3; r++) {
		int before = 0;
		run_glossa(argv, path, work, &fd);
		if (nkey_at != pre + n || nkey_lat < pre + n || !search_drawn)
			die("bench", "keys or search missing from the times");
		if (search_drawn - key_at[pre - 1] < results)
			results = search_drawn - key_at[pre - 1];
		for (int k = 0; k < n; k++) {
			if (key_at[pre + k] < search_at)
				before++;
			if (key_lat[pre + k] < lat_best[k])
				lat_best[k] = key_lat[pre + k];
		}
		if (before < during)
			during = before;
	}
	extra_env = NULL;
	/* only the keys read before the results, in every run */
	nlat_best = during;
	printf("| TUI: keys while a search runs: `%s` (its first results "
	       "after %s, ranking allowed 80 ms as in a terminal), %d "
	       "keys, one a line, without waiting | %d keys before the "
	       "results: key to screen %s | peak RSS of these runs %.1f MB "
	       "(not in the peak below) | | every key < 5 ms |\n",
	       query, ms(results, b1), n, during,
	       during ? latencies(lat, sizeof(lat)) : "-",
	       peak_rss_kb / 1024.0);
	/* FTS5 holds the doclists a prefix merges in memory: at 1M, a*
	 * took 114 MB in glossa_search_newest() alone; reported here, not
	 * as the interface's own peak */
	peak_rss_kb = peak_before;
}

/* Facets and saved-search counts (issue 20): the whole count of the
 * facets, its slowest slice, and glossa_search_count() (total and new
 * since the middle id) of filters alone, words, and both. */
static double find_facets_all, find_facets_slice, find_t[64];
static int find_nq;
static char find_max_q[512];

static void bench_find(glossa_db_t *db, qset_t *sets)
{
	static const char *const filters[] = {
	    "is:unread", "is:read", "has:notes", "has:glosses",
	    "has:detached", "is:unread has:glosses", "tag:x* is:unread"};
	glossa_facets_t *f;
	int64_t total, fresh, narts = 0;
	char q[512];
	double t0, t, worst = -1;
	int done = 0;

	fprintf(stderr, "bench: facets and saved-search counts\n");
	glossa_db_count(db, &narts);
	if (glossa_facets_new(&f) != GLOSSA_OK)
		die("facets", "out of memory");
	t0 = now();
	if (glossa_facets_step(db, f, 0, &done) != GLOSSA_OK)
		die("facets", glossa_db_errmsg(db));
	find_facets_all = now() - t0;
	glossa_facets_free(f);
	if (glossa_facets_new(&f) != GLOSSA_OK)
		die("facets", "out of memory");
	for (done = 0; !done;) {
		t0 = now();
		if (glossa_facets_step(db, f, 5000, &done) != GLOSSA_OK)
			die("facets", glossa_db_errmsg(db));
		if (now() - t0 > find_facets_slice)
			find_facets_slice = now() - t0;
	}
	glossa_facets_free(f);
	find_nq = 0;
	for (int i = 0; i < 7 + 2 * N_SETS && find_nq < 64; i++) {
		if (i < 7)
			snprintf(q, sizeof(q), "%s", filters[i]);
		else if (i < 7 + N_SETS)
			snprintf(q, sizeof(q), "%s", sets[i - 7].q[0]);
		else
			snprintf(q, sizeof(q), "is:unread %s",
			         sets[i - 7 - N_SETS].q[0]);
		glossa_search_count(db, q, narts / 2, &total, &fresh); /* warm */
		t0 = now();
		if (glossa_search_count(db, q, narts / 2, &total, &fresh) !=
		    GLOSSA_OK)
			die(q, glossa_db_errmsg(db));
		t = find_t[find_nq++] = now() - t0;
		fprintf(stderr, "bench:   %-40s %8lld (%lld new) %.1f ms\n", q,
		        (long long)total, (long long)fresh, t * 1e3);
		if (t > worst) {
			worst = t;
			snprintf(find_max_q, sizeof(find_max_q), "%s", q);
		}
	}
}

static void bench_program(const char *dir, const char *work, const char *db)
{
	char b1[32], b2[32], idbuf[32];
	int64_t big;
	double t0, t;

	remove_big_article(db);
	peak_rss_kb = 0;
	double first;
	char lat[128];
	t0 = tui_time(db, work, "", "", 0, 0, &first);
	printf("| TUI: start to the first full screen (script mode, 120x40; "
	       "the glosses of other articles follow when no key waits) | "
	       "%s | whole run with them and the exit %s | | < 50 ms, <= 1.5x "
	       "the 10k time |\n",
	       ms(first, b1), ms(t0, b2));
	/*
	 * A key's latency: from reading it to its screen. The work left for
	 * when no key waits (the glosses of other articles, ranking, the
	 * rest of a long article's layout) is in the second figure: the
	 * whole script less the script with no key, per key.
	 */
	struct {
		const char *what, *key;
		int n;
	} per[] = {{"j in the list", "j", 200},
	           {"PgDn in the list", "<PgDn>", 100},
	           {"G and g in turn in the list", NULL, 100},
	           {"/word<Enter> search (rank 100 English word)", NULL, 1},
	};
	for (size_t i = 0; i < sizeof(per) / sizeof(per[0]); i++) {
		char w[64], line[128];
		const char *key = per[i].key;
		if (!key && per[i].n == 1) {
			en_word(100, w);
			snprintf(line, sizeof(line), "/%s<Enter>", w);
			key = line;
		} else if (!key) {
			key = "G\ng"; /* two lines: G, then g */
		}
		int nkeys = per[i].n * (key[0] == 'G' ? 2 : 1);
		/* /word<Enter>: one screen, after the Enter */
		t = tui_time(db, work, "", key, per[i].n,
		             key[0] == '/' ? 1 : nkeys, NULL);
		if (key[0] == '/') {
			printf("| TUI: %s | Enter to the screen with the "
			       "results %s; to its first screen (\"searching\")"
			       " %s | whole script %s, with no key %s | | "
			       "first results < 100 ms, every key < 5 ms |\n",
			       per[i].what, ms(results_best, b1),
			       latencies(lat, sizeof(lat)), ms(t, b2),
			       ms(t0, idbuf));
			continue;
		}
		printf("| TUI: %s, %d keys, one a line | key to screen %s | "
		       "with the work done when no key waits: %s a key "
		       "(whole script %s, with no key %s) | | every key < 5 "
		       "ms |\n",
		       per[i].what, nkeys, latencies(lat, sizeof(lat)),
		       ms((t - t0) / nkeys, b1), ms(t, b2), ms(t0, idbuf));
	}
	/* a* is one long FTS5 call at a million articles (1.6 s) */
	search_meanwhile(db, work, "a*", 200);
	big = add_big_article(dir, work, db);
	t = tui_time(db, work, "", "", 0, 0, &first);
	printf("| TUI: start to the first full screen, the 1 MB article "
	       "selected (newest) | %s | whole run %s | | < 50 ms |\n",
	       ms(first, b1), ms(t, b2));
	t = tui_time(db, work, "G", "g", 1, 1, NULL);
	printf("| TUI: select the 1 MB article in the list (G, then g) | key "
	       "to screen %s | whole script %s, with no key %s | | < 5 ms "
	       "|\n",
	       latencies(lat, sizeof(lat)), ms(t, b1), ms(t0, b2));
	max_step = 0;
	t = tui_time(db, work, "g", "<Enter>", 1, 1, NULL);
	printf("| TUI: open the 1 MB article (Enter) | key to screen %s | "
	       "whole script %s, with no key %s; the rest of its layout "
	       "done when no key waits, in steps of at most %s | | < 5 ms "
	       "|\n",
	       latencies(lat, sizeof(lat)), ms(t, b1), ms(t0, b2),
	       ms(max_step, idbuf));
	double t1 = tui_time(db, work, "g<Enter><Tab>", "", 0, 0, NULL);
	t = tui_time(db, work, "g<Enter><Tab>", "<PgDn>", 500, 500, NULL);
	printf("| TUI: PgDn in the 1 MB article, 500 keys, one a line | key "
	       "to screen %s | %s a key with the work done when no key "
	       "waits | | < 5 ms |\n",
	       latencies(lat, sizeof(lat)), ms((t - t1) / 500, b1));
	t = tui_time(db, work, "g<Enter><Tab>", "G\ng", 20, 40, NULL);
	printf("| TUI: G and g in turn in the 1 MB article, 40 keys | key to "
	       "screen %s | %s a key with the work done when no key waits "
	       "| | < 5 ms |\n",
	       latencies(lat, sizeof(lat)), ms((t - t1) / 40, b1));
	printf("| TUI: peak RSS (largest of the runs above but the `a*` "
	       "search) | %.1f MB | | | < 32 MB, <= 1.5x the 10k figure |\n",
	       peak_rss_kb / 1024.0);
	char *list[] = {NULL, "-d", (char *)db, "list", "--limit", "0", NULL};
	printf("| `glossa list --limit 0` | %s | | | |\n",
	       ms(cmd_time(list, work), b1));
	snprintf(idbuf, sizeof(idbuf), "%lld", (long long)big);
	char *show[] = {NULL, "-d", (char *)db, "show", idbuf, NULL};
	printf("| `glossa show` of the 1 MB article | %s | | | |\n",
	       ms(cmd_time(show, work), b1));
	char *exp[] = {NULL, "-d", (char *)db, "export", "--all", NULL};
	printf("| `glossa export --all` (text, to /dev/null) | %s | | | |\n",
	       ms(cmd_time(exp, work), b1));
	printf("| peak RSS of the commands and TUI runs | %.1f MB | | | |\n",
	       peak_rss_kb / 1024.0);
}

/* Run glossa with argv (and script, if not NULL); its peak RSS in KB. */
static long glossa_rss(char **argv, const char *script, const char *work)
{
	long before = peak_rss_kb, rss;

	peak_rss_kb = 0;
	run_glossa(argv, script, work, NULL);
	rss = peak_rss_kb;
	if (before > peak_rss_kb)
		peak_rss_kb = before;
	return rss;
}

/* Write the key script text to path. */
static void write_keys(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f)
		die(path, strerror(errno));
	fputs(text, f);
	fclose(f);
}

/*
 * Memory with one big article (the body of article 0 repeated to 32 MB,
 * in a new archive): the import, and the interface opening it and going
 * to its end. Measured, not timed: one big document's terms stay in
 * FTS5's memory until it is indexed whole.
 */
static void bench_big_memory(const char *dir, const char *work)
{
	char path[4200], db[4200], keys[4200];
	size_t out;

	snprintf(path, sizeof(path), "%s/big32.txt", work);
	snprintf(db, sizeof(db), "%s/big32.db", work);
	out = write_big_article(dir, path,
	                        "Title: A 32 MB article\nDate: 2099-01-01\n\n",
	                        32u << 20, "\n");
	remove_db(db);
	char *imp[] = {NULL, "-d", db, "import", path, NULL};
	long rss = glossa_rss(imp, NULL, work);
	printf("| memory: import of one %.1f MB article (article 0's body "
	       "repeated) into a new archive | peak RSS %.1f MB, %.2fx the "
	       "file | | | < 4x the file and the page cache |\n",
	       out / 1048576.0, rss / 1024.0, rss * 1024.0 / (double)out);
	char *tui[] = {NULL, "-d", db, NULL};
	snprintf(keys, sizeof(keys), "%s/big32.keys", work);
	write_keys(keys, "<Enter>\n");
	rss = glossa_rss(tui, keys, work);
	printf("| memory: the interface opening it (Enter) | peak RSS %.1f "
	       "MB | | | < 64 MB |\n",
	       rss / 1024.0);
	write_keys(keys, "<Enter>\nG\n");
	rss = glossa_rss(tui, keys, work);
	printf("| memory: the interface opening it and going to its end (G) "
	       "| peak RSS %.1f MB | | | |\n",
	       rss / 1024.0);
}

int main(int argc, char **argv)
{
	const char *dir, *work;
	char gpath[4096], upath[4096], cpu[256], b1[32], b2[32], b3[32], idbuf[32];
	uint64_t file_total = 0, text_bytes;
	static qset_t sets[MAX_SETS];
	int nsets;
	glossa_db_t *db;
	char *msg = NULL;
	long n;
	int rg;

	if (argc != 4 || (n = strtol(argv[2], NULL, 10)) <= 0) {
		fprintf(stderr, "usage: bench DIR N WORKDIR\n");
		return 2;
	}
	dir = argv[1];
	work = argv[3];
	{
		const char *slash = strrchr(argv[0], '/');
		int dl = slash ? (int)(slash - argv[0]) : 1;
		snprintf(glossa_bin, sizeof(glossa_bin), "%.*s/../glossa", dl,
		         slash ? argv[0] : ".");
		if (getenv("GLOSSA_BIN"))
			snprintf(glossa_bin, sizeof(glossa_bin), "%s",
			         getenv("GLOSSA_BIN"));
	}
	snprintf(gpath, sizeof(gpath), "%s/glossa.db", work);
	snprintf(upath, sizeof(upath), "%s/unicode61.db", work);
	for (long i = 0; i < n; i++) {
		struct stat st;
		article_path(gpath, sizeof(gpath), dir, i);
		if (stat(gpath, &st) != 0)
			die(gpath, strerror(errno));
		file_total += (uint64_t)st.st_size;
	}
	snprintf(gpath, sizeof(gpath), "%s/glossa.db", work);

	/* BENCH_REUSE=1: the archives of WORKDIR are kept from an earlier
	 * run (no import figures, only the rest). */
	int reuse = getenv("BENCH_REUSE") && *getenv("BENCH_REUSE") == '1';
	double t_glossa = 0, t_u61 = 0;
	long import_rss_kb = 0;
	text_bytes = 0;
	if (!reuse) {
		fprintf(stderr, "bench: importing %ld articles into glossa\n",
		        n);
		warm_files(dir, n);
		t_glossa = import_glossa(dir, n, gpath);
		/* the first big thing bench does: its peak so far is the
		 * import's (warm_files() holds one file at a time) */
		struct rusage ru;
		getrusage(RUSAGE_SELF, &ru);
		import_rss_kb = ru.ru_maxrss;
		fprintf(stderr, "bench: %.1f s; the unicode61 baseline\n",
		        t_glossa);
		warm_files(dir, n);
		t_u61 = import_unicode61(dir, n, upath, &text_bytes);
		fprintf(stderr, "bench: %.1f s; sizes\n", t_u61);
	}

	/* Index sizes: glossa's FTS tables (the text itself lives in the
	 * article table: external content) against unicode61's FTS tables
	 * less t_content (its copy of the text). */
	/* read-only, as the interface's search thread and the command
	 * line's search open it; BENCH_PRAGMA: SQL to run on it first (to
	 * try settings) */
	if (glossa_db_open(gpath, GLOSSA_OPEN_READONLY, &db, &msg) !=
	    GLOSSA_OK)
		die(gpath, msg);
	if (getenv("BENCH_PRAGMA"))
		sql_or_die(db->sql, getenv("BENCH_PRAGMA"));
	/* (dbstat reads every page: minutes at 1M; not when reusing) */
	int64_t g_fts = -1, g_notes = -1, u_fts = -1, g_file = 0, u_file = 0;
	if (!reuse) {
		sqlite3 *u;
		if (sqlite3_open(upath, &u) != SQLITE_OK)
			die(upath, sqlite3_errmsg(u));
		g_fts = dbstat_bytes(db->sql, "article_fts%", "");
		g_notes = dbstat_bytes(db->sql, "annotation_fts%", "");
		u_fts = dbstat_bytes(u, "t%", "t_content");
		g_file = file_bytes(db->sql);
		u_file = file_bytes(u);
		sqlite3_close(u);
	}
	int by_dbstat = g_fts >= 0 && u_fts >= 0;

	int real = (nsets = read_sets(sets, dir)) > 0;
	if (!real)
		nsets = make_sets(sets, dir, n);
	rg = have_rg() && !getenv("BENCH_NO_RG");
	/* rg reads every file each time (4.4 GB at 1M, seconds a query):
	 * at 1M it runs on every 10th query (BENCH_RG_EVERY) */
	int rg_every = getenv("BENCH_RG_EVERY") ? atoi(getenv("BENCH_RG_EVERY"))
	               : n >= 1000000              ? 10
	                                           : 1;
	if (rg_every < 1)
		rg_every = 1;
	double ratios[QUERIES * MAX_SETS], all_t[QUERIES * MAX_SETS];
	double all_first[QUERIES * MAX_SETS];
	int n_ratios = 0, n_all = 0, n_first = 0;
	for (int s = 0; s < nsets; s++) {
		qset_t *qs = &sets[s];
		fprintf(stderr, "bench: %s\n", qs->name);
		for (int i = 0; i < QUERIES; i++) { /* warm, and count */
			glossa_page_t page;
			search_once(db, qs->q[i], &qs->total[i]);
			if (glossa_search_newest(db, qs->q[i], 0, 50, &page,
			                         NULL) != GLOSSA_OK)
				die(qs->q[i], glossa_db_errmsg(db));
			glossa_page_clear(&page);
		}
		for (int i = 0; i < QUERIES; i++)
			all_t[n_all++] = qs->t[i] =
			    search_once(db, qs->q[i], NULL);
		for (int i = 0; i < QUERIES; i++)
			all_first[n_first++] = qs->tfirst[i] =
			    first_once(db, qs->q[i]);
		if (!rg)
			continue;
		rg_once(qs->pat[0], dir, &qs->rg_files[0]); /* warm */
		qs->n_rg = 0;
		for (int i = 0; i < QUERIES; i += rg_every) {
			int k = qs->n_rg++;
			qs->trg[k] = rg_once(qs->pat[i], dir, &qs->rg_files[i]);
			qs->r[k] = qs->trg[k] / qs->t[i];
			ratios[n_ratios++] = qs->r[k];
		}
	}
	bench_find(db, sets);

	printf("\n## %ld articles, %s\n\n", n,
	       real ? "real text (gen --real: Debian's licenses, copyright "
	              "files, changelogs, man pages; fortunes-zh)"
	            : "generated text (gen)");
	cpu_model(cpu, sizeof(cpu));
	printf("Machine: %ld cores (nproc), %s; SQLite %s; glossa schema %d."
	       "\n\n",
	       sysconf(_SC_NPROCESSORS_ONLN), cpu, sqlite3_libversion(),
	       glossa_db_schema_version());
	printf("| measure | glossa | baseline | ratio | target |\n");
	printf("|---|---|---|---|---|\n");
	if (!reuse)
		printf("| import, %ld files, %.1f MB (read from the page cache)"
		       " | %.1f s: %.0f articles/s, %.2f MB/s (batches of <= "
		       "%d files or %.2g s) | unicode61 fts5(title, body): %.1f "
		       "s, %.0f articles/s (one transaction per 1000 rows) | "
		       "%.2fx the time | <= 2.5x, >= 5 MB/s |\n",
		       n, file_total / 1e6, t_glossa, n / t_glossa,
		       file_total / 1e6 / t_glossa, GLOSSA_IMPORT_BATCH_FILES,
		       GLOSSA_IMPORT_BATCH_SECONDS, t_u61, n / t_u61,
		       t_glossa / t_u61);
	if (!reuse)
		printf("| import: peak RSS (bench's process, after the glossa "
		       "import) | %.1f MB | | | <= 128 MB at 1M |\n",
		       import_rss_kb / 1024.0);
	if (reuse)
		;
	else if (by_dbstat)
		printf("| index size (dbstat) | article_fts %.1f MiB "
		       "(+ annotation_fts %.1f MiB); file %.1f MiB | "
		       "unicode61 index %.1f MiB (less t_content); file "
		       "%.1f MiB; raw title+body %.1f MiB | %.2fx unicode61, "
		       "%.2fx the text | <= 2.2x |\n",
		       g_fts / 1048576.0, g_notes / 1048576.0,
		       g_file / 1048576.0, u_fts / 1048576.0,
		       u_file / 1048576.0, text_bytes / 1048576.0,
		       (double)g_fts / (double)u_fts,
		       (double)g_fts / (double)text_bytes);
	else
		printf("| file size (no dbstat: page_count * page_size) | "
		       "%.1f MiB | unicode61 file %.1f MiB; raw title+body "
		       "%.1f MiB | %.2fx (both hold the text too) | <= 2.5x "
		       "|\n",
		       g_file / 1048576.0, u_file / 1048576.0,
		       text_bytes / 1048576.0, (double)g_file / (double)u_file);
	for (int s = 0; s < nsets; s++) {
		qset_t *qs = &sets[s];
		double hits = 0;
		int recall_ok = 0;
		for (int i = 0; i < QUERIES; i++)
			hits += (double)qs->total[i];
		for (int i = 0; i < QUERIES; i += rg_every)
			recall_ok += qs->total[i] >= qs->rg_files[i];
		int slow = 0;
		for (int i = 1; i < QUERIES; i++)
			if (qs->t[i] > qs->t[slow])
				slow = i;
		printf("| search: %s, %d queries, %.0f matches avg | median %s,"
		       " p95 %s, max %s (`%s`) |",
		       qs->name, QUERIES, hits / QUERIES,
		       ms(quantile(qs->t, QUERIES, 0.5), b1),
		       ms(quantile(qs->t, QUERIES, 0.95), b2),
		       ms(qs->t[slow], idbuf), qs->q[slow]);
		if (!rg) {
			printf(" rg: skipped (not installed) | | |\n");
			continue;
		}
		printf(" rg -l -F (%d queries): median %s", qs->n_rg,
		       ms(quantile(qs->trg, qs->n_rg, 0.5), b3));
		if (qs->cjk)
			printf("; glossa found every file rg found in %d/%d",
			       recall_ok, qs->n_rg);
		printf(" | rg/glossa %.1fx | |\n", quantile(qs->r, qs->n_rg, 0.5));
	}
	printf("| search: all %d queries | median %s, p95 %s |", n_all,
	       ms(quantile(all_t, n_all, 0.5), b1),
	       ms(quantile(all_t, n_all, 0.95), b2));
	if (rg)
		printf(" rg -l -F | median of per-query ratios rg/glossa "
		       "%.1fx | median <= 6 ms, p95 <= 20 ms, >= 10x rg |\n",
		       quantile(ratios, n_ratios, 0.5));
	else
		printf(" rg: skipped (not installed) | | median <= 6 ms, "
		       "p95 <= 20 ms |\n");
	printf("| first results, as the interface gets them (ranked if "
	       "done in 80 ms, else the newest matches): all %d queries | "
	       "median %s, p95 %s, max %s | slowest: `%s`, ranked search "
	       "%s %s | | < 100 ms |\n",
	       n_first, ms(quantile(all_first, n_first, 0.5), b1),
	       ms(quantile(all_first, n_first, 0.95), b2),
	       ms(quantile(all_first, n_first, 1.0), b3), first_max.q,
	       first_max.stopped ? "stopped after" : "done in",
	       ms(first_max.ranked, idbuf));
	if (!getenv("BENCH_NO_OVERLAP"))
		bench_overlap(db, sets, nsets);
	glossa_db_close(db);
	printf("| facets: every article's tags, sources and authors counted "
	       "| %s in all; slices of 5 000 articles (the interface's): "
	       "max %s | | | each slice < 50 ms (shown as counted) |\n",
	       ms(find_facets_all, b1), ms(find_facets_slice, b2));
	printf("| saved-search counts (glossa_search_count(), total and new): "
	       "%d queries, filters alone and with words | median %s, max %s "
	       "(`%s`) | | | < 200 ms each (counted one at a time while no "
	       "key waits) |\n",
	       find_nq, ms(quantile(find_t, find_nq, 0.5), b1),
	       ms(quantile(find_t, find_nq, 1.0), b2), find_max_q);
	if (access(glossa_bin, X_OK) == 0 && !getenv("BENCH_NO_TUI")) {
		bench_program(dir, work, gpath);
		bench_big_memory(dir, work);
	}
	printf("\nSearch: glossa_search(db, q, 0, 50, ...) wall time "
	       "(CLOCK_MONOTONIC), each set run once untimed first (warm "
	       "cache). rg: `rg -l -F -u -- PATTERN DIR`, process start "
	       "included, warm; its pattern is the query's word, phrase or "
	       "Chinese text (case-sensitive, unstemmed)%s.\n",
	       real ? "; for two words (AND), the second word; for a "
	              "prefix, the prefix"
	            : "");
	if (!reuse) {
		sqlite3 *u;
		if (glossa_db_open(gpath, 0, &db, &msg) != GLOSSA_OK)
			die(gpath, msg);
		term_classes(db->sql, "article_fts", "glossa");
		glossa_db_close(db);
		if (sqlite3_open(upath, &u) != SQLITE_OK)
			die(upath, sqlite3_errmsg(u));
		term_classes(u, "t", "unicode61");
		sqlite3_close(u);
	}
	for (int s = 0; s < nsets; s++)
		for (int i = 0; i < QUERIES; i++) {
			free(sets[s].q[i]);
			free(sets[s].pat[i]);
		}
	for (int s = 0; s < nsets; s++)
		free(sets[s].name);
	return 0;
}
