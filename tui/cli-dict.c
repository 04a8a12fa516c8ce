/*
 * cli-dict.c: the dictionary at the command line: glossa lookup, glossa
 * dict (import, info), glossa terms; and where the dictionary file is.
 *
 * Exports cmd_lookup, cmd_dict and cmd_terms (rows of cli.c's command
 * table) and cli_dict_path(), cli_dict_open() (for the interface too).
 * Everything is printed with cli_say() (cli.c's rule: each string
 * argument made safe for a terminal).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli-dict.h"
#include "cli.h"
#include "glossa/glossa.h"

#ifndef GLOSSA_DATADIR
#define GLOSSA_DATADIR "/usr/local/share/glossa"
#endif

#define DICT_FILE "cedict.db"

#define out(...) cli_say(stdout, __VA_ARGS__)
#define err(...) cli_say(stderr, __VA_ARGS__)

/* --- Where the dictionary is ----------------------------------------- */

char *cli_dict_user_path(void)
{
	const char *data = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	char *path;

	if (data && *data == '/') {
		if (asprintf(&path, "%s/glossa/" DICT_FILE, data) < 0)
			return NULL;
	} else if (asprintf(&path, "%s/.local/share/glossa/" DICT_FILE,
	                    home && *home ? home : ".") < 0) {
		return NULL;
	}
	return path;
}

/* The dictionary beside the program (build/glossa, build/cedict.db:
 * `make run` from a build tree), allocated; NULL if it cannot tell. */
static char *beside_program(void)
{
	char exe[PATH_MAX], *slash, *path;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	if (!(slash = strrchr(exe, '/')))
		return NULL;
	*slash = '\0';
	if (asprintf(&path, "%s/" DICT_FILE, exe) < 0)
		return NULL;
	return path;
}

/* The candidates, in order; *n set. Each allocated (or NULL). */
static size_t dict_candidates(char *c[4])
{
	const char *env = getenv("GLOSSA_DICT");
	size_t n = 0;

	if (env && *env) {
		c[n++] = strdup(env);
		return n;
	}
	c[n++] = cli_dict_user_path();
	c[n++] = beside_program();
	c[n++] = strdup(GLOSSA_DATADIR "/" DICT_FILE);
	return n;
}

char *cli_dict_path(void)
{
	const char *env = getenv("GLOSSA_DICT");
	char *c[4] = {0}, *found = NULL;
	size_t n = dict_candidates(c);

	for (size_t i = 0; i < n; i++) {
		/* $GLOSSA_DICT is the one, there or not (the message of
		 * the open names it) */
		if (!found && c[i] &&
		    (access(c[i], F_OK) == 0 || (env && *env))) {
			found = c[i];
			continue;
		}
		free(c[i]);
	}
	return found;
}

glossa_dict_t *cli_dict_find(char **why)
{
	char *path = cli_dict_path(), *msg = NULL;
	glossa_dict_t *dict = NULL;

	*why = NULL;
	if (!path) {
		/* the places looked at, as they are on this system */
		char *c[4] = {0}, *list = NULL;
		size_t n = dict_candidates(c), len = 0;
		for (size_t i = 0; i < n; i++)
			len += c[i] ? strlen(c[i]) + 2 : 0;
		if ((list = malloc(len + 1))) {
			list[0] = 0;
			for (size_t i = 0; i < n; i++)
				if (c[i]) {
					if (list[0])
						strcat(list, ", ");
					strcat(list, c[i]);
				}
		}
		for (size_t i = 0; i < n; i++)
			free(c[i]);
		if (asprintf(why,
		             "no dictionary: none at %s; load one with "
		             "'glossa dict import FILE'",
		             list ? list : "the usual places") < 0)
			*why = NULL;
		free(list);
		return NULL;
	}
	if (glossa_dict_open(path, &dict, &msg) != GLOSSA_OK) {
		*why = msg ? msg : strdup("out of memory");
		msg = NULL;
		dict = NULL;
	}
	free(msg);
	free(path);
	return dict;
}

glossa_dict_t *cli_dict_open(int quiet)
{
	char *path = cli_dict_path(), *msg = NULL;
	glossa_dict_t *dict;

	if (!path) {
		if (!quiet)
			err("glossa: no dictionary: none at $GLOSSA_DICT, "
			    "$XDG_DATA_HOME/glossa/" DICT_FILE ", beside "
			    "the program or in " GLOSSA_DATADIR "; load "
			    "one with 'glossa dict import FILE'\n");
		return NULL;
	}
	if (glossa_dict_open(path, &dict, &msg) != GLOSSA_OK) {
		if (!quiet)
			err("glossa: %s\n", msg ? msg : "out of memory");
		dict = NULL;
	}
	free(msg);
	free(path);
	return dict;
}

/* --- Output helpers -------------------------------------------------- */

/* One --tsv field: tab, newline, CR and backslash escaped (cli_say()
 * then makes it safe like any other text), then a tab, or a newline
 * after the last (the separators go through the format string: a %s
 * argument's tab would be shown as spaces). */
static void tsv(const char *s, int last)
{
	size_t n = 0;
	char *e = malloc(strlen(s) * 2 + 1);

	if (!e)
		return;
	for (; *s; s++) {
		const char *x = *s == '\t'   ? "\\t"
		                : *s == '\n' ? "\\n"
		                : *s == '\r' ? "\\r"
		                : *s == '\\' ? "\\\\"
		                             : NULL;
		if (x) {
			e[n++] = x[0];
			e[n++] = x[1];
		} else {
			e[n++] = *s;
		}
	}
	e[n] = '\0';
	if (last)
		out("%s\n", e);
	else
		out("%s\t", e);
	free(e);
}

/* Flush stdout; a write error (full disk, closed pipe) is an error. */
static int finish(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		err("glossa: error writing to standard output: %s\n",
		    strerror(errno ? errno : EIO));
		return EXIT_ERROR;
	}
	return status;
}

static int usage(const char *line, int status)
{
	cli_say(status ? stderr : stdout, "usage: glossa %s\n", line);
	if (status)
		err("Try 'glossa --help'.\n");
	return status;
}

/* Senses one a line, printed joined with " / ". */
static void put_senses(const char *s)
{
	while (*s) {
		size_t n = strcspn(s, "\n");
		out("%.*s", (int)n, s);
		s += n;
		if (*s) {
			out(" / ");
			s++;
		}
	}
}

/* The signal that stops `dict import` (SIGINT, SIGTERM, SIGHUP), 0 if
 * none came. */
static volatile sig_atomic_t dict_signal;

static void on_dict_signal(int sig)
{
	dict_signal = sig;
}

static int dict_interrupted(void *arg)
{
	(void)arg;
	return dict_signal != 0;
}

/* Catch them without SA_RESTART, so that a read waiting on a pipe
 * returns. */
static void catch_dict_signals(void)
{
	struct sigaction sa, old;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_dict_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (sigaction(SIGHUP, NULL, &old) == 0 && old.sa_handler != SIG_IGN)
		sigaction(SIGHUP, &sa, NULL);
}

/* Read a whole file (or standard input for "-"), NUL-terminated. */
static char *read_all(const char *path, size_t *len)
{
	int fd = strcmp(path, "-") == 0 ? STDIN_FILENO
	                                : open(path, O_RDONLY | O_CLOEXEC);
	size_t cap = 1 << 20, n = 0;
	char *buf = NULL, *b2;
	struct stat sb;
	ssize_t r;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		errno = EISDIR;
		goto fail;
	}
	if (!(buf = malloc(cap)))
		goto fail;
	for (;;) {
		if (cap - n < 2) {
			if (cap > (1u << 30)) { /* 1 GB: not a dictionary */
				errno = EFBIG;
				goto fail;
			}
			if (!(b2 = realloc(buf, cap * 2)))
				goto fail;
			buf = b2;
			cap *= 2;
		}
		r = read(fd, buf + n, cap - n - 1);
		if (r < 0 && errno == EINTR && !dict_signal)
			continue;
		if (r < 0)
			goto fail;
		if (r == 0)
			break;
		n += (size_t)r;
	}
	buf[n] = '\0';
	*len = n;
	if (fd != STDIN_FILENO)
		close(fd);
	return buf;
fail:
	r = errno;
	free(buf);
	if (fd != STDIN_FILENO)
		close(fd);
	errno = (int)r;
	return NULL;
}

/* --- glossa lookup --------------------------------------------------- */

/* The headword as the text wrote it first, the other form after. */
static void headwords(const glossa_dict_entry_t *e, const char *text,
                      const char **first, const char **second)
{
	int trad = strncmp(text + e->start, e->traditional, e->len) == 0 &&
	           strcmp(e->traditional, e->simplified) != 0;

	*first = trad ? e->traditional : e->simplified;
	*second = trad ? e->simplified : e->traditional;
	if (strcmp(*first, *second) == 0)
		*second = NULL;
}

static const char *const kind_names[] = {
    [GLOSSA_DICT_WORD] = "word",
    [GLOSSA_DICT_CHAR] = "char",
    [GLOSSA_DICT_READING] = "reading",
};

int cmd_lookup(const char *db_path, int argc, char **argv)
{
	static const struct option options[] = {
	    {"tsv", no_argument, NULL, 't'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	static const char use[] = "lookup [--tsv] TEXT";
	glossa_glossary_entry_t *g = NULL;
	glossa_dict_entry_t *e = NULL;
	glossa_dict_t *dict;
	glossa_db_t *db = NULL;
	size_t ng = 0, ne = 0;
	int c, tsv_out = 0, status = EXIT_OK;
	const char *text;
	char *msg = NULL;

	optind = 0;
	while ((c = cli_getopt(argc, argv, "th", options)) != -1) {
		if (c == 't')
			tsv_out = 1;
		else
			return usage(use, c == 'h' ? EXIT_OK : EXIT_USAGE);
	}
	if (argc - optind != 1)
		return usage(use, EXIT_USAGE);
	text = argv[optind];
	text += strspn(text, " \t\n"); /* as pasted */
	if (!*text || glossa_utf8_check(text, strlen(text)) != strlen(text)) {
		err("glossa: lookup needs text (UTF-8) to look up\n");
		return EXIT_USAGE;
	}
	/* The archive's glosses first: an archive that does not exist
	 * (yet) has none. */
	if (access(db_path, F_OK) == 0) {
		if (glossa_db_open(db_path, GLOSSA_OPEN_READONLY, &db, &msg) !=
		    GLOSSA_OK) {
			err("glossa: %s\n", msg ? msg : "out of memory");
			free(msg);
			return EXIT_ERROR;
		}
		if (glossa_glossary_at(db, text, strlen(text), &g, &ng) !=
		    GLOSSA_OK) {
			err("glossa: %s\n", glossa_db_errmsg(db));
			glossa_db_close(db);
			return EXIT_ERROR;
		}
	}
	for (size_t i = 0; i < ng; i++) {
		if (tsv_out) {
			out("gloss\t");
			tsv(g[i].phrase, 0);
			out("\t\t\t");
			tsv(g[i].reading, 0);
			tsv(g[i].translations, 0);
			out("%" PRId64 "\t%" PRId64 "\n", g[i].n_glosses,
			    g[i].n_articles);
			continue;
		}
		if (i == 0)
			out("Glossed in the archive:\n");
		out("  %s", g[i].phrase);
		if (g[i].reading[0])
			out(" %s", g[i].reading);
		out(" — ");
		put_senses(g[i].translations);
		out("  [%" PRId64 " gloss%s, %" PRId64 " article%s]\n",
		    g[i].n_glosses, g[i].n_glosses == 1 ? "" : "es",
		    g[i].n_articles, g[i].n_articles == 1 ? "" : "s");
	}
	glossa_glossary_free(g, ng);
	glossa_db_close(db);

	if (!(dict = cli_dict_open(0)))
		return finish(EXIT_ERROR);
	if (glossa_dict_lookup(dict, text, strlen(text), &e, &ne) !=
	    GLOSSA_OK) {
		err("glossa: %s\n", glossa_dict_errmsg(dict));
		glossa_dict_close(dict);
		return finish(EXIT_ERROR);
	}
	for (size_t i = 0; i < ne; i++) {
		const char *h1, *h2;

		headwords(&e[i], text, &h1, &h2);
		if (tsv_out) {
			out("%s\t", kind_names[e[i].kind]);
			tsv(h1, 0);
			tsv(e[i].traditional, 0);
			tsv(e[i].simplified, 0);
			tsv(e[i].pinyin, 0);
			tsv(e[i].reading, 0);
			tsv(e[i].senses, 0);
			out("\t\n");
			continue;
		}
		if (i == 0) {
			glossa_dict_info_t info;
			glossa_dict_info(dict, &info);
			out("Dictionary (CC-CEDICT%s%.10s):\n",
			    info.edition[0] ? " " : "", info.edition);
		}
		out("  %s", h1);
		if (h2)
			out(" (%s)", h2);
		out(" %s — ", e[i].reading);
		if (e[i].kind == GLOSSA_DICT_READING)
			out("(not in the dictionary: the reading of Unihan)");
		else
			put_senses(e[i].senses);
		out("\n");
	}
	if (!ne && !ng && !tsv_out)
		out("Nothing found for '%s'.\n", text);
	if (!ne && !ng)
		status = EXIT_ERROR;
	glossa_dict_entries_free(e, ne);
	glossa_dict_close(dict);
	return finish(status);
}

/* --- glossa dict ----------------------------------------------------- */

/* mkdir -p of the directory of path. */
static void make_parent(const char *path)
{
	char *dir = strdup(path), *p;

	if (!dir)
		return;
	for (p = dir + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		mkdir(dir, 0700);
		*p = '/';
	}
	free(dir);
}

/* A dictionary file with per-character readings to copy into a new
 * build (the one replaced, else the one glossa would use without the
 * user's), allocated; NULL if none. */
static char *readings_source(const char *target, int only_target)
{
	char *c[4] = {0}, *found = NULL;
	size_t n;

	c[0] = strdup(target);
	n = 1;
	if (!only_target) {
		char *more[4] = {0};
		size_t m = dict_candidates(more);
		for (size_t i = 0; i < m; i++) {
			if (n < 4 && more[i] && strcmp(more[i], target) != 0)
				c[n++] = more[i];
			else
				free(more[i]);
		}
	}
	for (size_t i = 0; i < n; i++) {
		glossa_dict_t *d;
		glossa_dict_info_t info;

		if (!found && c[i] &&
		    glossa_dict_open(c[i], &d, NULL) == GLOSSA_OK) {
			glossa_dict_info(d, &info);
			glossa_dict_close(d);
			if (info.readings > 0) {
				found = c[i];
				continue;
			}
		}
		free(c[i]);
	}
	return found;
}

static int dict_import(int argc, char **argv)
{
	static const struct option options[] = {
	    {"db", required_argument, NULL, 'o'},
	    {"unihan", required_argument, NULL, 'u'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	static const char use[] =
	    "dict import [--db PATH] [--unihan FILE] FILE";
	const char *target_opt = NULL, *unihan_path = NULL, *file;
	glossa_dict_sources_t src = {0};
	glossa_dict_report_t rep = {0};
	char *target, *text, *unihan = NULL, *msg = NULL, *from = NULL;
	size_t len, ulen = 0;
	glossa_status_t st;
	int c;

	optind = 0;
	while ((c = cli_getopt(argc, argv, "o:u:h", options)) != -1) {
		if (c == 'o')
			target_opt = optarg;
		else if (c == 'u')
			unihan_path = optarg;
		else
			return usage(use, c == 'h' ? EXIT_OK : EXIT_USAGE);
	}
	if (argc - optind != 1)
		return usage(use, EXIT_USAGE);
	file = argv[optind];
	catch_dict_signals();
	if (!(text = read_all(file, &len))) {
		if (dict_signal) {
			err("glossa: interrupted: nothing written\n");
			return 128 + dict_signal;
		}
		err("glossa: %s: %s\n", file, strerror(errno));
		return EXIT_ERROR;
	}
	if ((len >= 2 && (unsigned char)text[0] == 0x1f &&
	     (unsigned char)text[1] == 0x8b) ||
	    (len >= 6 && memcmp(text,
	                        "\xfd"
	                        "7zXZ",
	                        5) == 0) ||
	    (len >= 4 && memcmp(text, "PK\x03\x04", 4) == 0)) {
		err("glossa: %s: compressed; give the text file (e.g. "
		    "'gzip -dc FILE | glossa dict import -', or unzip it)\n",
		    file);
		free(text);
		return EXIT_ERROR;
	}
	if (unihan_path && !(unihan = read_all(unihan_path, &ulen))) {
		free(text);
		if (dict_signal) {
			err("glossa: interrupted: nothing written\n");
			return 128 + dict_signal;
		}
		err("glossa: %s: %s\n", unihan_path, strerror(errno));
		return EXIT_ERROR;
	}
	target = target_opt ? strdup(target_opt) : cli_dict_user_path();
	if (!target) {
		err("glossa: out of memory\n");
		free(text);
		free(unihan);
		return EXIT_ERROR;
	}
	if (!target_opt)
		make_parent(target);
	src.unihan = unihan;
	src.unihan_len = ulen;
	src.interrupt = dict_interrupted;
	/* the user's: keep the readings of the one glossa used so far;
	 * --db: only of the file replaced (a build copies nothing of the
	 * builder's own) */
	if (!unihan)
		src.readings_from = from =
		    readings_source(target, target_opt != NULL);
	st = glossa_dict_build(target, text, len, &src, &rep, &msg);
	for (size_t i = 0; i < rep.n_warnings; i++)
		err("glossa: %s: %s\n", file, rep.warnings[i]);
	if (rep.bad_lines > (int64_t)rep.n_warnings)
		err("glossa: %s: and %" PRId64 " more malformed lines\n", file,
		    rep.bad_lines - (int64_t)rep.n_warnings);
	if (st == GLOSSA_INTERRUPTED) {
		err("glossa: interrupted: %s not written\n", target);
	} else if (st != GLOSSA_OK) {
		err("glossa: %s: %s\n", file,
		    msg ? msg : glossa_status_to_string(st));
	} else {
		out("%s: %" PRId64 " entries", target, rep.entries);
		if (rep.edition[0])
			out(", edition %s", rep.edition);
		out(", %" PRId64 " character readings", rep.readings);
		if (rep.bad_lines)
			out(", %" PRId64 " malformed lines skipped",
			    rep.bad_lines);
		out("\n");
	}
	glossa_dict_report_clear(&rep);
	free(msg);
	free(from);
	free(target);
	free(text);
	free(unihan);
	if (st == GLOSSA_INTERRUPTED && dict_signal)
		return 128 + dict_signal;
	return finish(st == GLOSSA_OK ? EXIT_OK : EXIT_ERROR);
}

static int dict_info(void)
{
	char *path = cli_dict_path();
	glossa_dict_t *dict;
	glossa_dict_info_t info;

	if (!(dict = cli_dict_open(0))) {
		free(path);
		return EXIT_ERROR;
	}
	glossa_dict_info(dict, &info);
	out("%s\n", path);
	out("CC-CEDICT, edition %s: %" PRId64 " entries, %" PRId64
	    " character readings\n",
	    info.edition[0] ? info.edition : "unknown", info.entries,
	    info.readings);
	glossa_dict_close(dict);
	free(path);
	return finish(EXIT_OK);
}

int cmd_dict(const char *db_path, int argc, char **argv)
{
	(void)db_path;
	if (argc < 2 || strcmp(argv[1], "info") == 0)
		return argc > 2 ? usage("dict [info]", EXIT_USAGE)
		                : dict_info();
	if (strcmp(argv[1], "import") == 0)
		return dict_import(argc - 1, argv + 1);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage("dict [info]", EXIT_OK);
		return usage("dict import [--db PATH] [--unihan FILE] FILE",
		             EXIT_OK);
	}
	err("glossa: dict: unknown subcommand '%s' (info, import)\n", argv[1]);
	return EXIT_USAGE;
}

/* --- glossa terms ---------------------------------------------------- */

int cmd_terms(const char *db_path, int argc, char **argv)
{
	static const struct option options[] = {
	    {"limit", required_argument, NULL, 'n'},
	    {"tsv", no_argument, NULL, 't'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	static const char use[] = "terms [--limit N] [--tsv] ID";
	glossa_term_t *t = NULL;
	glossa_dict_t *dict;
	glossa_db_t *db;
	size_t n = 0, limit = 30;
	int c, tsv_out = 0;
	char *end, *msg = NULL, score[32];
	long long id, v;

	optind = 0;
	while ((c = cli_getopt(argc, argv, "n:th", options)) != -1) {
		if (c == 't') {
			tsv_out = 1;
		} else if (c == 'n') {
			errno = 0;
			v = strtoll(optarg, &end, 10);
			if (errno || end == optarg || *end || v < 0) {
				err("glossa: --limit expects a number >= 0\n");
				return EXIT_USAGE;
			}
			limit = (size_t)v;
		} else {
			return usage(use, c == 'h' ? EXIT_OK : EXIT_USAGE);
		}
	}
	if (argc - optind != 1)
		return usage(use, EXIT_USAGE);
	errno = 0;
	id = strtoll(argv[optind], &end, 10);
	if (errno || end == argv[optind] || *end || id <= 0) {
		err("glossa: not an id: '%s'\n", argv[optind]);
		return EXIT_USAGE;
	}
	if (glossa_db_open(db_path, GLOSSA_OPEN_READONLY, &db, &msg) !=
	    GLOSSA_OK) {
		err("glossa: %s\n", msg ? msg : "out of memory");
		free(msg);
		return EXIT_ERROR;
	}
	if (!(dict = cli_dict_open(0))) {
		glossa_db_close(db);
		return EXIT_ERROR;
	}
	glossa_status_t st = glossa_terms(db, dict, id, limit, &t, &n);
	if (st != GLOSSA_OK) {
		if (st == GLOSSA_NOT_FOUND)
			err("glossa: no article with id %lld\n", id);
		else
			err("glossa: %s\n", glossa_db_errmsg(db));
		glossa_dict_close(dict);
		glossa_db_close(db);
		return EXIT_ERROR;
	}
	for (size_t i = 0; i < n; i++) {
		snprintf(score, sizeof(score), "%.2f", t[i].score);
		if (tsv_out) {
			tsv(t[i].term, 0);
			tsv(t[i].reading, 0);
			tsv(t[i].senses, 0);
			out("%" PRId64 "\t%" PRId64 "\t%s\n", t[i].count,
			    t[i].articles, score);
			continue;
		}
		out("%3zu  %s", i + 1, t[i].term);
		if (t[i].reading[0])
			out(" %s", t[i].reading);
		out(" — ");
		put_senses(t[i].senses);
		out("  [%" PRId64 "×, %" PRId64 " article%s]\n", t[i].count,
		    t[i].articles, t[i].articles == 1 ? "" : "s");
	}
	if (!n && !tsv_out)
		out("No terms: every dictionary word of its Chinese text is "
		    "glossed, or it has none.\n");
	glossa_terms_free(t, n);
	glossa_dict_close(dict);
	glossa_db_close(db);
	return finish(EXIT_OK);
}
