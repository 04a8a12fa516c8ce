/*
 * cli.c: the commands of glossa that run without the interface.
 *
 * Each command is one row of the commands[] table: its name, its usage
 * line, a summary, and the function that runs it; `glossa --help` is
 * built from the same table. Everything is printed through the Output
 * section below (see its rule): text from files is made safe with
 * glossa_sanitize(); --tsv output is one record a line with tabs,
 * newlines and backslashes escaped, and made safe too on a terminal.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"
#include "cli.h"
#include "glossa/glossa.h"

struct command {
	const char *name;
	int (*run)(const char *db_path, int argc, char **argv);
	const char *usage;
	const char *summary;
};

static int cmd_import(const char *, int, char **);
static int cmd_list(const char *, int, char **);
static int cmd_show(const char *, int, char **);
static int cmd_notes(const char *, int, char **);
static int cmd_gloss(const char *, int, char **);
static int cmd_note(const char *, int, char **);
static int cmd_search(const char *, int, char **);
static int cmd_export(const char *, int, char **);
static int cmd_check(const char *, int, char **);
static int cmd_backup(const char *, int, char **);
static int cmd_glossary(const char *, int, char **);
static int cmd_edit(const char *, int, char **);
static int cmd_unannotate(const char *, int, char **);

static const struct command commands[] = {
	{"import", cmd_import,
	 "import [--encoding ENC] [--max-size BYTES] PATH...",
	 "import article files and directories (recursively); - reads one "
	 "article from standard input"},
	{"list", cmd_list, "list [--limit N] [--tsv]",
	 "list articles, newest first (default 50; --limit 0: all)"},
	{"show", cmd_show, "show ID", "show an article with its notes"},
	{"notes", cmd_notes, "notes [ID] [--tsv]",
	 "list glosses and notes (of one article, or all)"},
	{"gloss", cmd_gloss, "gloss [--detached] ID PHRASE TRANSLATION [NOTE]",
	 "gloss a phrase of an article (--detached: even one not in its "
	 "text)"},
	{"note", cmd_note, "note ID TEXT", "add a free note to an article"},
	{"edit", cmd_edit,
	 "edit NOTE_ID [--translation T] [--reading R] [--note N]\n"
	 "                 [--tags T]",
	 "change the fields of a gloss or note"},
	{"unannotate", cmd_unannotate, "unannotate NOTE_ID...",
	 "delete glosses or notes"},
	{"glossary", cmd_glossary, "glossary [--limit N] [--tsv] [FILTER]",
	 "glossed phrases with their translations (default: all)"},
	{"search", cmd_search, "search [--limit N] [--tsv] QUERY...",
	 "search the archive, best matches first (default 20)"},
	{"export", cmd_export,
	 "export [--format F] [--output PATH] [--force]\n"
	 "                 [--all | --article ID... | --note ID... | "
	 "--query Q]",
	 "export notes as text, markdown, anki or archive"},
	{"check", cmd_check, "check",
	 "check the archive for damage (SQLite and full-text indexes)"},
	{"backup", cmd_backup, "backup [--force] PATH",
	 "copy the archive safely, even while it is in use"},
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

/* Print the program's own text s, which may hold line breaks, after
 * prefix: a line at a time, since cli_say() shows a newline in a %s
 * argument (there, text from a file) as ^J. */
static void say_lines(FILE *f, const char *prefix, const char *s)
{
	for (;;) {
		size_t n = strcspn(s, "\n");

		cli_say(f, "%s%.*s\n", prefix, (int)n, s);
		if (!s[n])
			return;
		s += n + 1;
		prefix = "";
	}
}

void cli_usage(FILE *f)
{
	cli_say(f, "usage: glossa [-d FILE] [COMMAND [ARGS]]\n\n"
		   "A terminal reader for an annotated article archive. "
		   "With no command,\nglossa opens the interactive "
		   "interface.\n\ncommands:\n");
	for (size_t i = 0; i < N_COMMANDS; i++) {
		say_lines(f, "  glossa ", commands[i].usage);
		say_lines(f, "      ", commands[i].summary);
	}
	cli_say(f, 
		 "\noptions:\n"
		 "  -d, --db FILE   the archive (default: $GLOSSA_DB, else\n"
		 "                  $XDG_DATA_HOME/glossa/archive.db)\n"
		 "  -h, --help      this help; 'glossa COMMAND --help' for one "
		 "command\n"
		 "  -V, --version   the version\n\n"
		 "query language: words are ANDed; a OR b; -word excludes; "
		 "\"a phrase\";\nprefix*; title: source: author: tag: url: "
		 "after:DATE before:DATE in:notes.\nQuoted words match as "
		 "written; Chinese matches as a substring.\n\n"
		 "exit status: 0 success, 1 error, 2 usage error.\n"
		 "See glossa(1).\n");
}

/* Print the usage line of one command. */
static int usage_of(const char *name, FILE *f, int status)
{
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0) {
			say_lines(f, "usage: glossa ", commands[i].usage);
			say_lines(f, "  ", commands[i].summary);
		}
	if (status == EXIT_USAGE)
		cli_say(f, "Try 'glossa --help'.\n");
	return status;
}

static void stdout_keep_errors(void);

int cli_run(const char *db_path, int argc, char **argv)
{
	for (size_t i = 0; i < N_COMMANDS; i++) {
		if (strcmp(commands[i].name, argv[0]) == 0) {
			stdout_keep_errors();
			return commands[i].run(db_path, argc, argv);
		}
	}
	cli_say(stderr, "glossa: unknown command '%s'\n", argv[0]);
	cli_say(stderr, "Try 'glossa --help'.\n");
	return EXIT_USAGE;
}

char *cli_archive_path(const char *option)
{
	const char *env = getenv("GLOSSA_DB");
	const char *data = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	char *path;

	if (option)
		return strdup(option);
	if (env && *env)
		return strdup(env);
	if (data && *data == '/') {
		if (asprintf(&path, "%s/glossa/archive.db", data) < 0)
			return NULL;
	} else if (asprintf(&path, "%s/.local/share/glossa/archive.db",
			    home && *home ? home : ".") < 0) {
		return NULL;
	}
	return path;
}

/* --- Output ----------------------------------------------------------
 *
 * Every byte the commands print goes through this section, and below it
 * printf() and its kin are poisoned, so that no command can print past
 * it. The rule, for standard output and standard error alike: a format
 * string is the program's own text and goes out as it is; every string
 * or character argument (each %s, %c) may come from an article, an
 * archive, a file name or the command line, and is made safe with
 * glossa_sanitize() first. Text
 * for people is made safe wherever it goes (a pipe shows what a terminal
 * would); only --tsv to something that is not a terminal is printed as it
 * is, escaped but not sanitised: it is data for other programs.
 */

/* The commands run in one thread: the functions below write with the
 * *_unlocked calls of stdio (vsay() takes the lock once a message). */

/* The first error writing stdout. glibc drops a buffer it could not
 * write, so by the final fflush() errno may say anything ("Bad file
 * descriptor" for a full disk). */
static int stdout_errno;

static ssize_t stdout_write(void *cookie, const char *buf, size_t n)
{
	size_t done = 0;

	(void)cookie;
	while (done < n) {
		ssize_t w = write(STDOUT_FILENO, buf + done, n - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (!stdout_errno)
				stdout_errno = w < 0 ? errno : EIO;
			return 0; /* an error, for fopencookie() */
		}
		done += (size_t)w;
	}
	return (ssize_t)n;
}

/* Send stdout through stdout_write(), buffered as glibc buffers it
 * (by lines on a terminal); left as it is if that cannot be done. */
static void stdout_keep_errors(void)
{
	cookie_io_functions_t io = {.write = stdout_write};
	FILE *f = fopencookie(NULL, "w", io);

	if (!f)
		return;
	fflush(stdout);
	setvbuf(f, NULL, isatty(STDOUT_FILENO) ? _IOLBF : _IOFBF, BUFSIZ);
	stdout = f;
}

/* Whether f (stdout or stderr) is a terminal, asked once. */
static int is_tty(FILE *f)
{
	static int tty[2] = {-1, -1};
	int i = f == stdout ? 0 : f == stderr ? 1 : -1;

	if (i < 0)
		return isatty(fileno(f));
	/* the descriptor, not fileno(stdout): stdout may be the stream of
	 * stdout_keep_errors(), which has none */
	if (tty[i] < 0)
		tty[i] = isatty(i == 0 ? STDOUT_FILENO : STDERR_FILENO);
	return tty[i];
}

/* Write a string argument made safe: a newline or tab in it is shown as
 * a placeholder, so one message stays one line. */
static void say_string(FILE *f, const char *spec, const char *s, int prec)
{
	size_t len, n;
	char *safe;

	if (!s)
		s = "(null)";
	len = prec >= 0 ? strnlen(s, (size_t)prec) : strlen(s);
	/* printable ASCII (most ids, dates, numbers) is safe as it is */
	for (n = 0; n < len && s[n] >= ' ' && s[n] < 0x7f; n++)
		;
	if (n == len && !s[n]) {
		if (spec[1] == 's')
			fputs_unlocked(s, f);
		else
			fprintf(f, spec, s);
		return;
	}
	if (!(safe = glossa_sanitize(s, len, 0)))
		return;
	fprintf(f, spec, safe);
	free(safe);
}

/* Write an integer (its magnitude v, and whether it is negative) for the
 * conversion conv whose flags and width are the n bytes of spec: the
 * common case, a plain decimal, without printf's machinery. */
static void say_int(FILE *f, char *spec, size_t n, char conv, uintmax_t v,
		    int neg)
{
	char digits[24], *p = digits + sizeof(digits);

	if (n == 1 && conv != 'x') {
		do
			*--p = (char)('0' + v % 10);
		while (v /= 10);
		if (neg)
			*--p = '-';
		fwrite_unlocked(p, 1, (size_t)(digits + sizeof(digits) - p), f);
		return;
	}
	spec[n] = 'j';
	spec[n + 1] = conv;
	spec[n + 2] = '\0';
	if (conv == 'd' || conv == 'i')
		fprintf(f, spec, neg ? -(intmax_t)(v - 1) - 1 : (intmax_t)v);
	else
		fprintf(f, spec, v);
}

/*
 * The one printf of the program outside curses. It knows what the
 * commands use: flags, a width, a precision for %s (.N or .*), the length
 * modifiers l, ll, z and j with d, i, u and x, and c, s and %%; the
 * compiler checks the arguments against the format (cli_say's
 * attribute in cli.h).
 */
static void vsay(FILE *f, const char *fmt, va_list ap)
{
	char *buf = NULL, spec[32];
	size_t size = 0;
	/* stderr is unbuffered: put the message together first, so that
	 * it is written at once */
	FILE *m = f == stderr ? open_memstream(&buf, &size) : NULL;
	FILE *o = m ? m : f;
	const char *p = fmt, *q;

	flockfile(o);
	while (*p) {
		size_t n = 1, lenmod = 0;
		int prec = -1;

		if (!(q = strchr(p, '%'))) {
			fputs_unlocked(p, o);
			break;
		}
		fwrite_unlocked(p, 1, (size_t)(q - p), o);
		spec[0] = '%';
		for (q++; *q && strchr("-+ #0123456789", *q) && n < 16; q++)
			spec[n++] = *q;
		if (*q == '.' && q[1] == '*') {
			prec = va_arg(ap, int);
			q += 2;
		} else if (*q == '.') {
			char *end;
			prec = (int)strtol(q + 1, &end, 10);
			q = end;
		}
		while (*q && strchr("lzj", *q) && lenmod < 2)
			spec[n + lenmod++] = *q++;
		spec[n + lenmod] = *q;
		spec[n + lenmod + 1] = '\0';
		switch (*q) {
		case 's':
			spec[n] = 's';
			spec[n + 1] = '\0';
			say_string(o, spec, va_arg(ap, const char *), prec);
			break;
		case 'c': {
			/* a character can be an ESC, too */
			char c[2] = {(char)va_arg(ap, int), '\0'};
			spec[n] = 's';
			spec[n + 1] = '\0';
			say_string(o, spec, c, -1);
			break;
		}
		case 'd':
		case 'i': {
			intmax_t v;
			if (spec[n] == 'z')
				v = va_arg(ap, ssize_t);
			else if (spec[n] == 'j')
				v = va_arg(ap, intmax_t);
			else if (lenmod == 2)
				v = va_arg(ap, long long);
			else if (lenmod == 1)
				v = va_arg(ap, long);
			else
				v = va_arg(ap, int);
			say_int(o, spec, n, *q, v < 0 ? -(uintmax_t)v : (uintmax_t)v,
			        v < 0);
			break;
		}
		case 'u':
		case 'x': {
			uintmax_t v;
			if (spec[n] == 'z')
				v = va_arg(ap, size_t);
			else if (spec[n] == 'j')
				v = va_arg(ap, uintmax_t);
			else if (lenmod == 2)
				v = va_arg(ap, unsigned long long);
			else if (lenmod == 1)
				v = va_arg(ap, unsigned long);
			else
				v = va_arg(ap, unsigned);
			say_int(o, spec, n, *q, v, 0);
			break;
		}
		case '%':
			fputc_unlocked('%', o);
			break;
		default: /* not one of ours: a mistake in a format */
			fputs_unlocked("<?>", o);
			if (!*q)
				q--;
		}
		p = q + 1;
	}
	funlockfile(o);
	if (m) {
		fclose(m);
		if (buf)
			fwrite_unlocked(buf, 1, size, f);
		free(buf);
	}
}

void cli_say(FILE *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(f, fmt, ap);
	va_end(ap);
}

/* Shorthands: to standard output, to standard error. */
#define out(...) cli_say(stdout, __VA_ARGS__)
#define err(...) cli_say(stderr, __VA_ARGS__)

/* Write text for people to standard output: made safe, newlines kept
 * (tabs too, unless it is a terminal); markers of matches become bold
 * (terminal) or brackets (elsewhere). */
static void put(const char *s)
{
	int tty = is_tty(stdout);
	char *safe;

	safe = glossa_sanitize(s, strlen(s),
	                       GLOSSA_SAN_NEWLINES | GLOSSA_SAN_MARKS |
	                           (tty ? 0 : GLOSSA_SAN_TABS));
	if (!safe)
		return;
	for (const char *p = safe; *p; p++) {
		if (strncmp(p, GLOSSA_MARK_START, 3) == 0) {
			fputs_unlocked(tty ? "\033[1m" : "[", stdout);
			p += 2;
		} else if (strncmp(p, GLOSSA_MARK_END, 3) == 0) {
			fputs_unlocked(tty ? "\033[0m" : "]", stdout);
			p += 2;
		} else {
			putchar_unlocked(*p);
		}
	}
	free(safe);
}

/* Write one --tsv field: tab, newline, CR and backslash escaped, match
 * markers dropped; then, on a terminal only, made safe like the rest. */
static void put_tsv(const char *s)
{
	int tty = is_tty(stdout);
	char *buf = NULL, *safe;
	size_t size = 0;
	FILE *o = tty ? open_memstream(&buf, &size) : stdout;

	if (!o)
		return;
	for (; *s; s++) {
		if (strncmp(s, GLOSSA_MARK_START, 3) == 0 ||
		    strncmp(s, GLOSSA_MARK_END, 3) == 0) {
			s += 2;
			continue;
		}
		switch (*s) {
		case '\t':
			fputs_unlocked("\\t", o);
			break;
		case '\n':
			fputs_unlocked("\\n", o);
			break;
		case '\r':
			fputs_unlocked("\\r", o);
			break;
		case '\\':
			fputs_unlocked("\\\\", o);
			break;
		default:
			putc_unlocked(*s, o);
		}
	}
	if (!tty)
		return;
	fclose(o);
	if (buf && (safe = glossa_sanitize(buf, size, 0))) {
		fputs_unlocked(safe, stdout);
		free(safe);
	}
	free(buf);
}

/* Flush stdout and report a write error (a full disk, a closed pipe). */
static int finish_output(int status)
{
	errno = 0;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		int code = stdout_errno ? stdout_errno : errno ? errno : EIO;
		err("glossa: error writing to standard output: %s\n",
		    strerror(code));
		return EXIT_ERROR;
	}
	return status;
}

/* From here on, everything is printed with the functions above. (A
 * fortified C library may make some of these macros; they stay as they
 * are, the compiler used for the build poisons the rest.) */
#pragma GCC poison vprintf vfprintf puts fputs putchar putc fputc fwrite perror
#ifndef fputs_unlocked
#pragma GCC poison fputs_unlocked
#endif
#ifndef fwrite_unlocked
#pragma GCC poison fwrite_unlocked
#endif
#ifndef putc_unlocked
#pragma GCC poison putc_unlocked
#endif
#ifndef putchar_unlocked
#pragma GCC poison putchar_unlocked
#endif
#ifndef fputc_unlocked
#pragma GCC poison fputc_unlocked
#endif
#ifndef printf
#pragma GCC poison printf
#endif
#ifndef fprintf
#pragma GCC poison fprintf
#endif
#ifndef dprintf
#pragma GCC poison dprintf
#endif

/*
 * getopt_long() without its own messages, which would print an unknown
 * option as it was typed (a file name given by a shell glob can hold an
 * escape sequence): this one says what was wrong through the sanitiser.
 * Returns what getopt_long() returns.
 */
int cli_getopt(int argc, char **argv, const char *optstring,
	       const struct option *longopts)
{
	int c;

	opterr = 0;
	c = getopt_long(argc, argv, optstring, longopts, NULL);
	if (c != '?')
		return c;
	const char *arg = optind > 0 && optind <= argc ? argv[optind - 1] : "";
	if (optopt == 0)
		err("glossa: unknown option '%s'\n", arg);
	else if (!strchr(optstring, optopt) || optopt == ':')
		err("glossa: unknown option '-%c'\n", optopt);
	else if (strncmp(arg, "--", 2) == 0 && strchr(arg, '='))
		err("glossa: option '%.*s' takes no value\n",
		    (int)(strchr(arg, '=') - arg), arg);
	else if (strncmp(arg, "--", 2) == 0)
		err("glossa: option '%s' needs a value\n", arg);
	else
		err("glossa: option '-%c' needs a value\n", optopt);
	return c;
}

/* --- Helpers for commands -------------------------------------------- */

/* Open the archive or say why not. */
static glossa_db_t *open_db(const char *path, int flags)
{
	glossa_db_t *db;
	char *msg;

	glossa_status_t st = glossa_db_open(path, flags, &db, &msg);

	/* An archive from an older glossa: a reading command upgrades its
	 * schema if the file can be written (its one write). */
	if (st == GLOSSA_READONLY && (flags & GLOSSA_OPEN_READONLY) &&
	    access(path, W_OK) == 0) {
		free(msg);
		st = glossa_db_open(path, flags & ~GLOSSA_OPEN_READONLY, &db,
				    &msg);
	}
	if (st != GLOSSA_OK) {
		err("glossa: %s\n", msg ? msg : "out of memory");
		free(msg);
		return NULL;
	}
	return db;
}

/* Parse a positive id, or complain. */
static int parse_id(const char *s, int64_t *id)
{
	char *end;

	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v <= 0) {
		err("glossa: not an id: '%s'\n", s);
		return -1;
	}
	*id = v;
	return 0;
}

/* Parse a --limit value (0: no limit), or complain. */
static int parse_limit(const char *s, size_t *limit)
{
	char *end;

	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v < 0) {
		err("glossa: --limit expects a number >= 0\n");
		return -1;
	}
	*limit = (size_t)v;
	return 0;
}

/*
 * On a terminal only, tell on standard error that a listing was cut by
 * --limit: "50 of 1,234 shown; --limit 0 for all" (nothing when all were
 * shown, nothing when the output goes to a file or a pipe, where it would
 * only be noise between the data).
 */
static void say_more(size_t shown, int64_t total)
{
	char digits[32], grouped[48];
	size_t n, j = 0;

	if (!is_tty(stdout) || total <= 0 || (uint64_t)total <= shown)
		return;
	snprintf(digits, sizeof(digits), "%" PRId64, total);
	n = strlen(digits);
	for (size_t i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			grouped[j++] = ',';
		grouped[j++] = digits[i];
	}
	grouped[j] = '\0';
	err("%zu of %s shown; --limit 0 for all\n", shown, grouped);
}

/* Options common to list, notes and search. */
struct list_options {
	size_t limit;
	int tsv;
};

/* Parse --limit/--tsv/--help for a command; returns the index of the
 * first operand, or -1 after a usage message (*status set). */
static int parse_list_options(int argc, char **argv, struct list_options *o,
			      int *status)
{
	static const struct option options[] = {
		{"limit", required_argument, NULL, 'n'},
		{"tsv", no_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;

	optind = 0; /* 0: glibc starts over, also its ordering mode */
	while ((c = cli_getopt(argc, argv, "n:th", options)) != -1) {
		switch (c) {
		case 'n':
			if (parse_limit(optarg, &o->limit) < 0) {
				*status = EXIT_USAGE;
				return -1;
			}
			break;
		case 't':
			o->tsv = 1;
			break;
		case 'h':
			*status = usage_of(argv[0], stdout, EXIT_OK);
			return -1;
		default:
			*status = usage_of(argv[0], stderr, EXIT_USAGE);
			return -1;
		}
	}
	return optind;
}

/* A command with only --help: returns -1 and sets *status if it was
 * given or an unknown option was. */
static int parse_no_options(int argc, char **argv, int *status)
{
	static const struct option options[] = {
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;

	optind = 0; /* 0: glibc starts over, also its ordering mode */
	while ((c = cli_getopt(argc, argv, "+h", options)) != -1) {
		*status = c == 'h' ? usage_of(argv[0], stdout, EXIT_OK)
				   : usage_of(argv[0], stderr, EXIT_USAGE);
		return -1;
	}
	return optind;
}

/* --- import ---------------------------------------------------------- */

/*
 * Files go into the archive in batches, one transaction for up to
 * GLOSSA_IMPORT_BATCH_FILES files or GLOSSA_IMPORT_BATCH_SECONDS of work
 * (far faster than one commit a file; see glossa_import_batch_begin()).
 * A file is reported once its batch has committed. If a batch fails while writing, it is rolled back
 * whole and its files are imported again one transaction each, so the
 * outcome for every file is what a transaction per file would give.
 *
 * A signal (SIGINT, SIGTERM, SIGHUP) stops the import at once: the batch
 * open then is rolled back and not imported again (that took a minute
 * for a large batch, with further Ctrl-Cs ignored); what was committed
 * stays, and one line names the first file not imported.
 *
 * The walk reads each file once: a symbolic link inside a directory is
 * never followed (one named on the command line is), and a file or
 * directory met again by another path (a hard link, a bind mount, the
 * same one named twice) is skipped, by device and inode. So no tree
 * loops, and nothing outside the trees named is read.
 */

/* A file of the open batch, reported when the batch commits. */
struct pending {
	char *path;
	int follow; /* named on the command line: a link may be followed */
	glossa_import_result_t res;
};

/* A file or directory met by the walk. */
struct file_id {
	dev_t dev;
	ino_t ino;
	int used;
};

struct import_state {
	glossa_db_t *db;
	const char *encoding;
	int imported, updated, unchanged, failed;
	int stopped;   /* a signal stopped the import */
	struct pending *pending;
	size_t n_pending, cap_pending;
	double batch_start;
	struct file_id *seen; /* hash set, open addressing */
	size_t n_seen, cap_seen;
	size_t links, special, twice; /* entries skipped */
};

/* The signal that asked import to stop (SIGINT, SIGTERM, SIGHUP), or 0. */
static volatile sig_atomic_t import_signal;

static void on_import_signal(int sig)
{
	import_signal = sig;
}

/* The core's interrupt callback: stop the statement running now. */
static int import_interrupted(void *arg)
{
	(void)arg;
	return import_signal != 0;
}

static double seconds_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Report a file that is in the archive. */
static void report_imported(struct import_state *s, const char *path,
			    glossa_import_result_t *res)
{
	for (size_t i = 0; i < res->n_warnings; i++)
		err("%s: warning: %s\n", path, res->warnings[i]);
	if (res->unchanged) {
		out("unchanged %s (id %" PRId64 ")\n", path, res->article_id);
		s->unchanged++;
		return;
	}
	out("%s %s (id %" PRId64 ", %zu note%s)",
	    res->updated ? "updated" : "imported", path, res->article_id,
	    res->n_glosses, res->n_glosses == 1 ? "" : "s");
	if (res->namesake_id)
		out(": a new article, though article %" PRId64
		    " has its title and date",
		    res->namesake_id);
	out("\n");
	if (res->updated)
		s->updated++;
	else
		s->imported++;
}

/* Report a file that failed with the message msg. */
static void report_failed(struct import_state *s, const char *path,
                          const char *msg)
{
	err("%s: %s\n", path, msg);
	s->failed++;
}

/* Forget the first n files of the batch (reported, or imported again). */
static void drop_pending(struct import_state *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		glossa_import_result_clear(&s->pending[i].res);
		free(s->pending[i].path);
	}
	if (n < s->n_pending)
		memmove(s->pending, s->pending + n,
		        (s->n_pending - n) * sizeof(*s->pending));
	s->n_pending -= n;
}

/*
 * Stop the import after a signal: roll back the open batch and say in
 * one line from which file on nothing was imported: the batch's first
 * file, else path (the file the signal stopped, read when was_read, or
 * the next one), and how many files read were rolled back.
 */
static void stop_import(struct import_state *s, const char *path, int was_read)
{
	size_t n = s->n_pending + (path && was_read);
	const char *first = s->n_pending ? s->pending[0].path : path;

	glossa_import_batch_rollback(s->db);
	if (!s->stopped) {
		s->stopped = 1;
		if (first && n)
			err("interrupted: %s and the files after it not "
			    "imported (%zu file%s rolled back)\n",
			    first, n, n == 1 ? "" : "s");
		else if (first)
			err("interrupted: %s and the files after "
			    "it not imported\n",
			    first);
		else
			err("interrupted\n");
	}
	drop_pending(s, s->n_pending);
}

/* Open a file of the import again: a link is followed only if the file
 * was named on the command line (follow). */
static int reopen(const char *path, int follow)
{
	return open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC |
				  (follow ? 0 : O_NOFOLLOW));
}

/* Import one file (fd, or path opened again if fd is -1) in a
 * transaction of its own and report it. 1 if a signal stopped it: then
 * nothing is reported, the caller says what was not imported. */
static int import_alone(struct import_state *s, int fd, const char *path,
			int follow)
{
	glossa_import_result_t res;
	glossa_status_t st;
	int own = fd < 0;

	if (own && (fd = reopen(path, follow)) < 0) {
		report_failed(s, path, strerror(errno));
		return 0;
	}
	st = glossa_import_fd(s->db, fd, path, s->encoding, &res);
	if (own)
		close(fd);
	if (st == GLOSSA_INTERRUPTED && import_signal)
		return 1;
	if (st == GLOSSA_OK)
		report_imported(s, path, &res);
	else
		report_failed(s, path, glossa_db_errmsg(s->db));
	glossa_import_result_clear(&res);
	return 0;
}

/* End the open batch: commit and report its files, or, if the batch was
 * rolled back (commit failed, or a file failed while writing), import
 * them again one by one; after a signal, stop the import instead. 1 if
 * it committed. */
static int end_batch(struct import_state *s)
{
	int committed;

	if (import_signal) {
		stop_import(s, NULL, 0);
		return 0;
	}
	committed = glossa_import_batch_open(s->db) &&
		    glossa_import_batch_commit(s->db) == GLOSSA_OK;
	if (committed) {
		for (size_t i = 0; i < s->n_pending; i++)
			report_imported(s, s->pending[i].path,
					&s->pending[i].res);
		drop_pending(s, s->n_pending);
		return 1;
	}
	while (s->n_pending) {
		struct pending *p = &s->pending[0];
		if (import_signal || import_alone(s, -1, p->path, p->follow)) {
			stop_import(s, NULL, 0);
			break;
		}
		drop_pending(s, 1);
	}
	return 0;
}

/* Keep an imported file of the batch to report later; 0 if out of
 * memory (then the batch ends now). */
static int keep_pending(struct import_state *s, const char *path,
			int follow, glossa_import_result_t *res)
{
	if (s->n_pending == s->cap_pending) {
		size_t cap = s->cap_pending ? 2 * s->cap_pending : 64;
		struct pending *more =
			realloc(s->pending, cap * sizeof(*more));
		if (!more)
			return 0;
		s->pending = more;
		s->cap_pending = cap;
	}
	if (!(s->pending[s->n_pending].path = strdup(path)))
		return 0;
	s->pending[s->n_pending].follow = follow;
	s->pending[s->n_pending++].res = *res;
	return 1;
}

/* Import the open file fd into the open batch (opening one if needed). */
static void import_one(struct import_state *s, int fd, const char *path,
		       int follow)
{
	glossa_import_result_t res;
	glossa_status_t st;

	if (!glossa_import_batch_open(s->db)) {
		if (glossa_import_batch_begin(s->db) != GLOSSA_OK) {
			/* e.g. busy: the file says why on its own */
			if (import_alone(s, fd, path, follow))
				stop_import(s, path, 1);
			return;
		}
		s->batch_start = seconds_now();
	}
	st = glossa_import_fd(s->db, fd, path, s->encoding, &res);
	if (st == GLOSSA_OK) {
		if (!keep_pending(s, path, follow, &res)) {
			if (end_batch(s))
				report_imported(s, path, &res);
			else if (!s->stopped && import_alone(s, fd, path, follow))
				stop_import(s, path, 1);
			glossa_import_result_clear(&res);
			return;
		}
		if (s->n_pending >= GLOSSA_IMPORT_BATCH_FILES ||
		    seconds_now() - s->batch_start >=
		        GLOSSA_IMPORT_BATCH_SECONDS)
			end_batch(s);
		return;
	}
	if (st == GLOSSA_INTERRUPTED && import_signal) {
		stop_import(s, path, 1);
		return;
	}
	if (glossa_import_batch_open(s->db)) {
		/* Refused before writing: the batch is intact. Commit it
		 * first, so that the messages keep the files' order. */
		char *msg = strdup(glossa_db_errmsg(s->db));
		end_batch(s);
		report_failed(s, path, msg ? msg : glossa_status_to_string(st));
		free(msg);
		return;
	}
	/* The batch was rolled back: its files go in again one by one,
	 * then this one, unless a signal stopped it. */
	end_batch(s);
	if (!s->stopped && import_alone(s, fd, path, follow))
		stop_import(s, path, 1);
}

/* 1 if the file or directory sb describes was met before in this
 * import, else 0 (and it is remembered); -1 if out of memory. */
static int seen_before(struct import_state *s, const struct stat *sb)
{
	size_t mask, i;

	if (2 * (s->n_seen + 1) > s->cap_seen) {
		size_t cap = s->cap_seen ? 2 * s->cap_seen : 1024;
		struct file_id *old = s->seen, *v = calloc(cap, sizeof(*v));
		if (!v)
			return -1;
		for (size_t k = 0; k < s->cap_seen; k++) {
			if (!old[k].used)
				continue;
			i = ((uint64_t)old[k].ino * 0x9E3779B97F4A7C15u ^
			     (uint64_t)old[k].dev) & (cap - 1);
			while (v[i].used)
				i = (i + 1) & (cap - 1);
			v[i] = old[k];
		}
		free(old);
		s->seen = v;
		s->cap_seen = cap;
	}
	mask = s->cap_seen - 1;
	i = ((uint64_t)sb->st_ino * 0x9E3779B97F4A7C15u ^
	     (uint64_t)sb->st_dev) & mask;
	for (; s->seen[i].used; i = (i + 1) & mask)
		if (s->seen[i].ino == sb->st_ino &&
		    s->seen[i].dev == sb->st_dev)
			return 1;
	s->seen[i] = (struct file_id){sb->st_dev, sb->st_ino, 1};
	s->n_seen++;
	return 0;
}

static void import_dir(struct import_state *s, int fd, const char *path);

/* Import what the open fd is (sb): a directory's files, or a file (a
 * regular one only inside a directory, anything named on the command
 * line, top, so that it is refused with a reason). Closes fd. */
static void import_opened(struct import_state *s, int fd, const char *path,
			  const struct stat *sb, int top)
{
	int seen = seen_before(s, sb);

	if (seen < 0) {
		report_failed(s, path, "out of memory");
	} else if (seen) {
		s->twice++;
	} else if (S_ISDIR(sb->st_mode)) {
		import_dir(s, fd, path);
		return;
	} else if (top || S_ISREG(sb->st_mode)) {
		import_one(s, fd, path, top);
	} else {
		s->special++;
	}
	close(fd);
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Import the entry name of the directory dfd (path in messages): a
 * regular file or a directory, never through a symbolic link. */
static void import_entry(struct import_state *s, int dfd, const char *name,
			 const char *path)
{
	struct stat sb;
	int fd;

	if (fstatat(dfd, name, &sb, AT_SYMLINK_NOFOLLOW) != 0) {
		report_failed(s, path, strerror(errno));
		return;
	}
	if (S_ISLNK(sb.st_mode)) {
		s->links++;
		return;
	}
	/* FIFOs, devices and sockets are not opened at all */
	if (!S_ISREG(sb.st_mode) && !S_ISDIR(sb.st_mode)) {
		s->special++;
		return;
	}
	fd = openat(dfd, name, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0 && errno == ELOOP) { /* became a link meanwhile */
		s->links++;
		return;
	}
	if (fd < 0 || fstat(fd, &sb) != 0) {
		report_failed(s, path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return;
	}
	import_opened(s, fd, path, &sb, 0);
}

/* Import the open directory fd (path in messages): its entries
 * recursively, in name order, skipping hidden ones. Closes fd. */
static void import_dir(struct import_state *s, int fd, const char *path)
{
	size_t n = 0, cap = 0, len = strlen(path);
	const char *sep = len && path[len - 1] == '/' ? "" : "/";
	char **names = NULL;
	struct dirent *e;
	DIR *dir;

	if (!(dir = fdopendir(fd))) {
		report_failed(s, path, strerror(errno));
		close(fd);
		return;
	}
	while ((e = readdir(dir))) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			size_t ncap = cap ? 2 * cap : 32;
			char **more = realloc(names, ncap * sizeof(*more));
			if (!more)
				break;
			names = more;
			cap = ncap;
		}
		if (!(names[n] = strdup(e->d_name)))
			break;
		n++;
	}
	/* the entries not listed are not imported: that is a failure */
	if (e)
		report_failed(s, path, "out of memory listing the directory");
	if (n)
		qsort(names, n, sizeof(*names), compare_names);
	for (size_t i = 0; i < n; i++) {
		char *child;
		if (!s->stopped &&
		    asprintf(&child, "%s%s%s", path, sep, names[i]) >= 0) {
			if (import_signal)
				stop_import(s, child, 0);
			else
				import_entry(s, dirfd(dir), names[i], child);
			free(child);
		}
		free(names[i]);
	}
	free(names);
	closedir(dir);
}

/* Import a path named on the command line: a file, or a directory's
 * files recursively. A symbolic link named here is followed. */
static void import_arg(struct import_state *s, const char *path)
{
	struct stat sb;
	int fd;

	if (import_signal) {
		stop_import(s, path, 0);
		return;
	}
	/* O_NONBLOCK: opening a FIFO must not wait for a writer. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &sb) != 0) {
		report_failed(s, path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return;
	}
	import_opened(s, fd, path, &sb, 1);
}

/* What names standard input ("-" on the command line) in messages and
 * in the archive: no absolute path, so it identifies no article. */
#define STDIN_ORIGIN "(stdin)"

/*
 * Import one article from standard input, "-" on the command line (for
 * a newsreader's pipe-to, a browser's text, a clipboard): read whole,
 * up to the size limit (max_size, 0: the default), then imported as a
 * file's bytes are, with the same rules and messages, in a transaction
 * of its own once the files before it are committed (a pipe cannot be
 * read again should a batch go back). It has no file identity: the same
 * text piped again is the same article only by its URL, or its Title,
 * Date and Source all given.
 */
static void import_stdin(struct import_state *s, uint64_t max_size)
{
	uint64_t limit = max_size ? max_size : GLOSSA_MAX_FILE;
	glossa_import_result_t res;
	glossa_status_t st;
	size_t len = 0, cap = 0;
	char *data = NULL;

	end_batch(s);
	if (s->stopped)
		return;
	if (import_signal) {
		stop_import(s, STDIN_ORIGIN, 0);
		return;
	}
	if (isatty(STDIN_FILENO))
		err("glossa import: reading an article from the terminal; "
		    "Ctrl-D ends it\n");
	for (;;) {
		ssize_t got;
		if (len == cap) {
			/* one byte past the limit tells that it is over */
			size_t ncap = cap ? 2 * cap : 65536;
			char *more;
			if ((uint64_t)ncap > limit + 1)
				ncap = (size_t)(limit + 1);
			if (ncap <= cap) {
				int mb = limit % (1024 * 1024) == 0;
				char msg[96];
				snprintf(msg, sizeof(msg),
					 "too large (more than the limit "
					 "of %llu %s)",
					 (unsigned long long)(mb ? limit >> 20
								 : limit),
					 mb ? "MB" : "bytes");
				report_failed(s, STDIN_ORIGIN, msg);
				free(data);
				return;
			}
			if (!(more = realloc(data, ncap))) {
				report_failed(s, STDIN_ORIGIN, "out of memory");
				free(data);
				return;
			}
			data = more;
			cap = ncap;
		}
		got = read(STDIN_FILENO, data + len, cap - len);
		if (got < 0 && errno == EINTR && !import_signal)
			continue;
		if (got < 0 && errno == EINTR) {
			stop_import(s, STDIN_ORIGIN, 0);
			free(data);
			return;
		}
		if (got < 0) {
			report_failed(s, STDIN_ORIGIN, strerror(errno));
			free(data);
			return;
		}
		if (got == 0)
			break;
		len += (size_t)got;
	}
	st = glossa_import_buffer(s->db, data ? data : "", len, STDIN_ORIGIN,
				  s->encoding, &res);
	free(data);
	if (st == GLOSSA_INTERRUPTED && import_signal)
		stop_import(s, STDIN_ORIGIN, 1);
	else if (st == GLOSSA_OK)
		report_imported(s, STDIN_ORIGIN, &res);
	else
		report_failed(s, STDIN_ORIGIN, glossa_db_errmsg(s->db));
	glossa_import_result_clear(&res);
}

/* Say what the walk skipped, in one line (nothing if nothing was). */
static void report_skipped(const struct import_state *s)
{
	const char *sep = "";

	if (!s->links && !s->special && !s->twice)
		return;
	err("skipped ");
	if (s->links) {
		err("%zu symbolic link%s inside directories (not "
		    "followed)",
		    s->links, s->links == 1 ? "" : "s");
		sep = ", ";
	}
	if (s->special) {
		err("%s%zu special file%s (FIFO, device or socket)", sep,
		    s->special, s->special == 1 ? "" : "s");
		sep = ", ";
	}
	if (s->twice)
		err("%s%zu duplicate%s (a file or directory "
		    "already read, by another name)",
		    sep, s->twice, s->twice == 1 ? "" : "s");
	err("\n");
}

/* Make the directory that will hold the archive, if it is missing. */
static void make_parent(const char *path)
{
	char *dir = strdup(path), *slash;

	if (!dir || !*dir) {
		free(dir);
		return;
	}
	for (slash = strchr(dir + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(dir, 0700);
		*slash = '/';
	}
	free(dir);
}

/* Parse a size in bytes with an optional K, M or G suffix (powers of
 * 1024), or complain. */
static int parse_size(const char *s, uint64_t *bytes)
{
	char *end;
	unsigned long long v;
	int shift = 0;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (end != s && *end && !end[1]) {
		switch (*end) {
		case 'k':
		case 'K':
			shift = 10;
			break;
		case 'm':
		case 'M':
			shift = 20;
			break;
		case 'g':
		case 'G':
			shift = 30;
			break;
		}
		if (shift)
			end++;
	}
	if (errno || end == s || *end || *s == '-' || v == 0 ||
	    v > (UINT64_MAX >> shift)) {
		err("glossa import: --max-size expects a size "
		    "in bytes > 0, with K, M or G after it if "
		    "you like (e.g. 200M)\n");
		return -1;
	}
	*bytes = (uint64_t)v << shift;
	return 0;
}

static int cmd_import(const char *db_path, int argc, char **argv)
{
	static const struct option options[] = {
		{"encoding", required_argument, NULL, 'e'},
		{"max-size", required_argument, NULL, 'm'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct import_state s = {0};
	uint64_t max_size = 0;
	struct sigaction sa;
	int c, status;

	optind = 0; /* 0: glibc starts over, also its ordering mode */
	while ((c = cli_getopt(argc, argv, "e:m:h", options)) != -1) {
		switch (c) {
		case 'e':
			s.encoding = optarg;
			break;
		case 'm':
			if (parse_size(optarg, &max_size) < 0)
				return EXIT_USAGE;
			break;
		case 'h':
			return usage_of(argv[0], stdout, EXIT_OK);
		default:
			return usage_of(argv[0], stderr, EXIT_USAGE);
		}
	}
	if (optind == argc) {
		err("glossa import: nothing to import\n");
		return usage_of(argv[0], stderr, EXIT_USAGE);
	}
	for (int i = optind, dash = 0; i < argc; i++) {
		if (strcmp(argv[i], "-") == 0 && dash++) {
			err("glossa import: - (standard input) can be "
			    "given once\n");
			return EXIT_USAGE;
		}
	}
	make_parent(db_path);
	if (!(s.db = open_db(db_path, GLOSSA_OPEN_CREATE)))
		return EXIT_ERROR;
	if (glossa_db_readonly(s.db)) {
		err("glossa: the archive %s is read-only; nothing "
		    "imported\n", db_path);
		glossa_db_close(s.db);
		return EXIT_ERROR;
	}
	glossa_db_set_max_file(s.db, max_size);
	/* A signal rolls back the open batch; what was committed stays.
	 * SA_RESETHAND: a second one ends glossa at once (the archive stays
	 * whole, as after a kill -9). */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_import_signal;
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	/* under nohup(1), a hangup stays ignored */
	struct sigaction old;
	if (sigaction(SIGHUP, NULL, &old) == 0 && old.sa_handler != SIG_IGN)
		sigaction(SIGHUP, &sa, NULL);
	glossa_db_set_interrupt(s.db, import_interrupted, &s);
	for (int i = optind; i < argc && !s.stopped; i++) {
		if (strcmp(argv[i], "-") == 0)
			import_stdin(&s, max_size);
		else
			import_arg(&s, argv[i]);
	}
	if (!s.stopped)
		end_batch(&s);
	free(s.pending);
	free(s.seen);
	glossa_db_close(s.db);
	report_skipped(&s);
	out("%d imported, %d updated, %d failed", s.imported, s.updated,
	    s.failed);
	if (s.unchanged)
		out(", %d unchanged", s.unchanged);
	out("\n");
	status = finish_output(s.failed ? EXIT_ERROR : EXIT_OK);
	if (import_signal) {
		if (!s.stopped)
			err("interrupted\n");
		return 128 + import_signal;
	}
	return status;
}

/* --- list ------------------------------------------------------------ */

/* The date column of a row: its day (the normalised date cut to ten
 * characters), "?" for a Date glossa cannot read, "-" for none. */
static const char *date_column(const glossa_row_t *r)
{
	return r->date[0] ? r->date : r->bad_date ? "?" : "-";
}

/* Print one row of a listing. */
static void print_row(const glossa_row_t *r, int tsv)
{
	if (tsv) {
		out("%" PRId64 "\t", r->id);
		put_tsv(r->date);
		out("\t");
		put_tsv(r->source);
		out("\t");
		put_tsv(r->title);
		out("\n");
		return;
	}
	out("%5" PRId64 "  %-10.10s  ", r->id, date_column(r));
	put(r->source[0] ? r->source : "-");
	out("  ");
	put(r->title);
	out("\n");
}

static int cmd_list(const char *db_path, int argc, char **argv)
{
	struct list_options o = {.limit = 50};
	glossa_page_t page = {0};
	glossa_status_t st = GLOSSA_OK;
	glossa_key_t key = {0};
	char *last_date = NULL;
	size_t shown = 0;
	glossa_db_t *db;
	int status = EXIT_OK, first;

	if ((first = parse_list_options(argc, argv, &o, &status)) < 0)
		return status;
	if (first < argc)
		return usage_of(argv[0], stderr, EXIT_USAGE);
	if (!(db = open_db(db_path, GLOSSA_OPEN_READONLY)))
		return EXIT_ERROR;
	/* Page by page, so that listing a huge archive stays small. */
	while (!o.limit || shown < o.limit) {
		size_t want = o.limit ? o.limit - shown : 512;
		st = glossa_list(db, shown ? &key : NULL, 0,
				 want < 512 ? want : 512, &page);
		if (st != GLOSSA_OK || page.n == 0)
			break;
		for (size_t i = 0; i < page.n; i++)
			print_row(&page.rows[i], o.tsv);
		shown += page.n;
		free(last_date);
		last_date = strdup(page.rows[page.n - 1].date);
		key.date = last_date;
		key.id = page.rows[page.n - 1].id;
		glossa_page_clear(&page);
		if (!last_date) {
			st = GLOSSA_NOMEM;
			break;
		}
	}
	glossa_page_clear(&page);
	free(last_date);
	if (st != GLOSSA_OK) {
		err("glossa: %s\n", glossa_db_errmsg(db));
		status = EXIT_ERROR;
	} else if (o.limit && shown == o.limit && is_tty(stdout)) {
		int64_t total = 0;
		/* the rows first: the note goes after them */
		if (glossa_db_count(db, &total) == GLOSSA_OK) {
			fflush(stdout);
			say_more(shown, total);
		}
	}
	glossa_db_close(db);
	return finish_output(status);
}

/* --- show and notes -------------------------------------------------- */

/* Print one annotation for people. */
static void print_note(const glossa_annotation_t *n)
{
	out("[%" PRId64 "] ", n->id);
	if (n->kind == GLOSSA_KIND_GLOSS) {
		put(n->phrase);
		if (n->reading[0]) {
			out(" (");
			put(n->reading);
			out(")");
		}
		out(" — ");
		put(n->translation);
		if (n->note[0]) {
			out(": ");
			put(n->note);
		}
	} else {
		out("note: ");
		put(n->note);
		if (n->phrase[0]) {
			out(" (on “");
			put(n->phrase);
			out("”)");
		}
	}
	if (n->detached)
		out(" [detached]");
	else if (n->phrase[0] && n->pos < 0)
		out(" [not in the text]");
	out("\n");
}

static int cmd_show(const char *db_path, int argc, char **argv)
{
	glossa_article_t *a;
	glossa_db_t *db;
	int64_t id;
	int status = EXIT_OK, first;

	if ((first = parse_no_options(argc, argv, &status)) < 0)
		return status;
	if (argc - first != 1)
		return usage_of(argv[0], stderr, EXIT_USAGE);
	if (parse_id(argv[first], &id) < 0)
		return EXIT_USAGE;
	if (!(db = open_db(db_path, GLOSSA_OPEN_READONLY)))
		return EXIT_ERROR;
	if (glossa_article_get(db, id, &a) != GLOSSA_OK) {
		err("glossa: %s\n", glossa_db_errmsg(db));
		glossa_db_close(db);
		return EXIT_ERROR;
	}
	const struct {
		const char *name, *value;
	} fields[] = {
		{"Title", a->title}, {"Source", a->source},
		{"Author", a->author}, {"Date", a->date},
		{"URL", a->url},     {"Language", a->language},
		{"Tags", a->tags},
	};
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (!fields[i].value[0])
			continue;
		out("%s: ", fields[i].name);
		put(fields[i].value);
		out("\n");
	}
	for (size_t i = 0; i < a->n_extra; i++) {
		put(a->extra[i].name);
		out(": ");
		put(a->extra[i].value);
		out("\n");
	}
	if (a->n_notes) {
		out("\nNotes (%zu):\n", a->n_notes);
		for (size_t i = 0; i < a->n_notes; i++) {
			out("  ");
			print_note(&a->notes[i]);
		}
	}
	out("\n");
	put(a->body);
	if (a->body[0] && a->body[strlen(a->body) - 1] != '\n')
		out("\n");
	glossa_article_free(a);
	glossa_db_close(db);
	return finish_output(status);
}

static int cmd_notes(const char *db_path, int argc, char **argv)
{
	struct list_options o = {0};
	glossa_annotation_t *notes;
	glossa_db_t *db;
	int64_t id = 0;
	size_t n;
	int status = EXIT_OK, first;

	if ((first = parse_list_options(argc, argv, &o, &status)) < 0)
		return status;
	if (argc - first > 1)
		return usage_of(argv[0], stderr, EXIT_USAGE);
	if (argc - first == 1 && parse_id(argv[first], &id) < 0)
		return EXIT_USAGE;
	if (!(db = open_db(db_path, GLOSSA_OPEN_READONLY)))
		return EXIT_ERROR;
	if (id) {
		glossa_article_t *a;
		if (glossa_article_get(db, id, &a) != GLOSSA_OK) {
			err("glossa: %s\n", glossa_db_errmsg(db));
			glossa_db_close(db);
			return EXIT_ERROR;
		}
		glossa_article_free(a);
	}
	if (glossa_annotations_list(db, id, &notes, &n) != GLOSSA_OK) {
		err("glossa: %s\n", glossa_db_errmsg(db));
		glossa_db_close(db);
		return EXIT_ERROR;
	}
	for (size_t i = 0; i < n; i++) {
		const glossa_annotation_t *a = &notes[i];
		if (o.tsv) {
			out("%" PRId64 "\t%" PRId64 "\t%s\t%" PRId64 "\t",
			    a->id, a->article_id,
			    a->kind == GLOSSA_KIND_GLOSS ? "gloss" : "note",
			    a->pos);
			const char *f[] = {a->phrase,	      a->reading,
					   a->translation,    a->note,
					   a->context_before, a->context_after};
			for (int k = 0; k < 6; k++) {
				put_tsv(f[k]);
				out("\t");
			}
			out("%d\n", a->detached);
		} else {
			if (!id)
				out("article %" PRId64 " ", a->article_id);
			print_note(a);
		}
	}
	glossa_annotations_free(notes, n);
	glossa_db_close(db);
	return finish_output(status);
}

/* --- gloss and note -------------------------------------------------- */

/* Add an annotation from the command line and say its id. */
static int add_annotation(const char *db_path, glossa_annotation_t *n)
{
	glossa_status_t st;
	glossa_db_t *db;
	int64_t pos;
	int status = EXIT_OK;

	if (!(db = open_db(db_path, 0)))
		return EXIT_ERROR;
	st = glossa_annotation_add(db, n);
	if (st == GLOSSA_EXISTS && n->id) {
		err("glossa: %s; to change it: glossa edit %" PRId64 "\n",
		    glossa_db_errmsg(db), n->id);
		status = EXIT_ERROR;
	} else if (st == GLOSSA_NOT_FOUND && n->kind == GLOSSA_KIND_GLOSS &&
		   n->phrase[0] && !n->detached &&
		   glossa_list_position(db, n->article_id, &pos) == GLOSSA_OK) {
		/* the article is there: the phrase is not (the message
		 * of glossa_annotation_add() stays the one shown) */
		err("glossa: %s; nothing added (--detached keeps it "
		    "anyway)\n",
		    glossa_db_errmsg(db));
		status = EXIT_ERROR;
	} else if (st != GLOSSA_OK) {
		err("glossa: %s\n", glossa_db_errmsg(db));
		status = EXIT_ERROR;
	} else {
		out("added %s %" PRId64 " to article %" PRId64 "\n",
		    n->kind == GLOSSA_KIND_GLOSS ? "gloss" : "note", n->id,
		    n->article_id);
		if (n->phrase[0] && n->pos < 0)
			err("glossa: the phrase is not in the article's "
			    "text: kept detached\n");
	}
	glossa_db_close(db);
	return finish_output(status);
}

static int cmd_gloss(const char *db_path, int argc, char **argv)
{
	static const struct option options[] = {
		{"detached", no_argument, NULL, 'D'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	glossa_annotation_t n = {.kind = GLOSSA_KIND_GLOSS, .pos = -1};
	int first, c;

	optind = 0; /* 0: glibc starts over, also its ordering mode */
	while ((c = cli_getopt(argc, argv, "+Dh", options)) != -1) {
		if (c == 'D')
			n.detached = 1;
		else
			return c == 'h' ? usage_of(argv[0], stdout, EXIT_OK)
					: usage_of(argv[0], stderr, EXIT_USAGE);
	}
	first = optind;
	if (argc - first < 3 || argc - first > 4)
		return usage_of(argv[0], stderr, EXIT_USAGE);
	if (parse_id(argv[first], &n.article_id) < 0)
		return EXIT_USAGE;
	n.phrase = argv[first + 1];
	n.translation = argv[first + 2];
	n.note = argc - first == 4 ? argv[first + 3] : "";
	n.context_before = n.context_after = n.reading = n.tags = "";
	return add_annotation(db_path, &n);
}

static int cmd_note(const char *db_path, int argc, char **argv)
{
	glossa_annotation_t n = {.kind = GLOSSA_KIND_NOTE, .pos = -1};
	int status = EXIT_OK, first;

	if ((first = parse_no_options(argc, argv, &status)) < 0)
		return status;
	if (argc - first != 2)
		return usage_of(argv[0], stderr, EXIT_USAGE);
	if (parse_id(argv[first], &n.article_id) < 0)
		return EXIT_USAGE;
	n.note = argv[first + 1];
	n.phrase = n.context_before = n.context_after = "";
	n.reading = n.translation = n.tags = "";
	return add_annotation(db_path, &n);
}

/* --- search ---------------------------------------------------------- */

/* The operands joined by spaces, allocated. */
static char *join_args(int argc, char **argv)
{
	size_t len = 1;
	char *s;

	for (int i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	if (!(s = malloc(len)))
		return NULL;
	s[0] = '\0';
	for (int i = 0; i < argc; i++) {
		if (i)
			strcat(s, " ");
		strcat(s, argv[i]);
	}
	return s;
}

/*
 * Take search's options out of argv wherever they stand, so that
 * "glossa search war drums --limit 5" works while "-steel" stays a query
 * term; "--" ends the options. Returns the number of query words left
 * in argv, or -1 with *status set.
 */
static int parse_search_options(int argc, char **argv, struct list_options *o,
				int *status)
{
	int n = 0, options = 1;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (options && strcmp(a, "--") == 0) {
			options = 0;
		} else if (options && strcmp(a, "--tsv") == 0) {
			o->tsv = 1;
		} else if (options && strcmp(a, "--help") == 0) {
			*status = usage_of(argv[0], stdout, EXIT_OK);
			return -1;
		} else if (options && (strcmp(a, "--limit") == 0 ||
				       strcmp(a, "-n") == 0)) {
			if (i + 1 == argc ||
			    parse_limit(argv[++i], &o->limit) < 0) {
				*status = usage_of(argv[0], stderr,
						   EXIT_USAGE);
				return -1;
			}
		} else if (options && strncmp(a, "--limit=", 8) == 0) {
			if (parse_limit(a + 8, &o->limit) < 0) {
				*status = EXIT_USAGE;
				return -1;
			}
		} else {
			argv[n++] = argv[i];
		}
	}
	return n;
}

static int cmd_search(const char *db_path, int argc, char **argv)
{
	struct list_options o = {.limit = 20};
	glossa_page_t page = {0};
	glossa_db_t *db;
	int64_t total = 0;
	char *query;
	int status = EXIT_OK, words;

	if ((words = parse_search_options(argc, argv, &o, &status)) < 0)
		return status;
	if (!(query = join_args(words, argv)))
		return EXIT_ERROR;
	if (!(db = open_db(db_path, GLOSSA_OPEN_READONLY))) {
		free(query);
		return EXIT_ERROR;
	}
	if (glossa_search(db, query, 0, o.limit, &page, &total) !=
	    GLOSSA_OK) {
		err("glossa: %s\n", glossa_db_errmsg(db));
		status = EXIT_ERROR;
	}
	for (size_t i = 0; i < page.n; i++) {
		const glossa_row_t *r = &page.rows[i];
		if (o.tsv) {
			out("%" PRId64 "\t", r->id);
			put_tsv(r->date);
			out("\t");
			put_tsv(r->title);
			out("\t");
			put_tsv(r->snippet ? r->snippet : "");
			out("\n");
			continue;
		}
		out("%5" PRId64 "  %-10.10s  ", r->id, date_column(r));
		put(r->title);
		out("\n");
		if (r->snippet && r->snippet[0]) {
			out("       ");
			put(r->snippet);
			out("\n");
		}
		if (r->matched_notes && r->matched_notes[0]) {
			char *line = r->matched_notes, *nl;
			do {
				nl = strchr(line, '\n');
				if (nl)
					*nl = '\0';
				out("       note: ");
				put(line);
				out("\n");
				line = nl + 1;
			} while (nl);
		}
	}
	if (status == EXIT_OK) {
		fflush(stdout);
		say_more(page.n, total);
	}
	glossa_page_clear(&page);
	glossa_db_close(db);
	free(query);
	return finish_output(status);
}

/* --- Signals for the commands that write a file ---------------------- */

/* The signal that asked backup or export to stop, or 0. */
static volatile sig_atomic_t stop_signal;

static void on_stop_signal(int sig)
{
	stop_signal = sig;
}

static int stop_requested(void *arg)
{
	(void)arg;
	return stop_signal != 0;
}

/*
 * SIGINT, SIGTERM and SIGHUP (unless ignored, as under nohup) ask the
 * core to stop the file being written (glossa_db_set_interrupt() with
 * stop_requested); it removes what it made (a temporary file, a directory
 * it created, not the files written into a directory that was there) and
 * returns GLOSSA_INTERRUPTED. Caught from before the
 * archive is opened, so that closing it tidies up too.
 */
static void catch_stop_signals(void)
{
	struct sigaction sa, old;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (sigaction(SIGHUP, NULL, &old) == 0 && old.sa_handler != SIG_IGN)
		sigaction(SIGHUP, &sa, NULL);
}

/* --- export ---------------------------------------------------------- */

static int cmd_export(const char *db_path, int argc, char **argv)
{
	static const struct option options[] = {
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"force", no_argument, NULL, 'F'},
		{"all", no_argument, NULL, 'a'},
		{"article", no_argument, NULL, 'A'},
		{"note", no_argument, NULL, 'N'},
		{"query", required_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	glossa_selection_t sel = {.kind = GLOSSA_SELECT_ALL};
	glossa_format_kind_t format = GLOSSA_FORMAT_TEXT;
	const char *output = NULL;
	int64_t *ids = NULL;
	int force = 0, chosen = 0, c, status = EXIT_OK;
	glossa_status_t st;
	glossa_db_t *db;
	size_t count = 0;

	optind = 0; /* 0: glibc starts over, also its ordering mode */
	while ((c = cli_getopt(argc, argv, "f:o:FaANq:h", options)) !=
	       -1) {
		switch (c) {
		case 'f':
			if (glossa_format_from_name(optarg, &format) < 0) {
				err(
			     "glossa export: unknown format '%s' "
			     "(text, markdown, anki, archive)\n",
			     optarg);
				return EXIT_USAGE;
			}
			break;
		case 'o':
			output = optarg;
			break;
		case 'F':
			force = 1;
			break;
		case 'a':
		case 'A':
		case 'N':
		case 'q':
			if (chosen++) {
				err("glossa export: choose one of "
				    "--all, --article, --note, "
				    "--query\n");
				return EXIT_USAGE;
			}
			sel.kind = c == 'a'   ? GLOSSA_SELECT_ALL
				   : c == 'A' ? GLOSSA_SELECT_ARTICLES
				   : c == 'N' ? GLOSSA_SELECT_NOTES
					      : GLOSSA_SELECT_QUERY;
			if (c == 'q')
				sel.query = optarg;
			break;
		case 'h':
			return usage_of(argv[0], stdout, EXIT_OK);
		default:
			return usage_of(argv[0], stderr, EXIT_USAGE);
		}
	}
	if (sel.kind == GLOSSA_SELECT_ARTICLES ||
	    sel.kind == GLOSSA_SELECT_NOTES) {
		if (optind == argc) {
			err("glossa export: --%s needs ids\n",
		    sel.kind == GLOSSA_SELECT_NOTES ? "note"
						    : "article");
			return EXIT_USAGE;
		}
		if (!(ids = calloc((size_t)(argc - optind), sizeof(*ids))))
			return EXIT_ERROR;
		for (int i = optind; i < argc; i++) {
			if (parse_id(argv[i], &ids[i - optind]) < 0) {
				free(ids);
				return EXIT_USAGE;
			}
		}
		sel.ids = ids;
		sel.n_ids = (size_t)(argc - optind);
	} else if (optind < argc) {
		free(ids);
		return usage_of(argv[0], stderr, EXIT_USAGE);
	}
	if (format == GLOSSA_FORMAT_ARCHIVE && !output) {
		err("glossa export: the archive format writes a "
		    "directory: give --output DIR\n");
		free(ids);
		return EXIT_USAGE;
	}
	catch_stop_signals();
	if (!(db = open_db(db_path, GLOSSA_OPEN_READONLY))) {
		free(ids);
		return stop_signal ? 128 + stop_signal : EXIT_ERROR;
	}
	glossa_db_set_interrupt(db, stop_requested, NULL);
	if (output)
		st = glossa_export_file(db, &sel, format, output, force,
					&count);
	else
		st = glossa_export_stream(db, &sel, format, stdout, &count);
	if (stop_signal && st != GLOSSA_OK) {
		/* into a directory that was there, the articles written
		 * before the signal stay (each file whole) */
		if (output && format == GLOSSA_FORMAT_ARCHIVE)
			err("interrupted: the export to %s did not finish "
			    "(a directory it made is removed; files written "
			    "into one that was there stay)\n",
			    output);
		else if (output)
			err("interrupted: %s not written\n", output);
		else
			err("interrupted: the export is not complete\n");
		glossa_db_close(db);
		free(ids);
		return 128 + stop_signal;
	}
	if (st != GLOSSA_OK) {
		err("glossa: %s\n", glossa_db_errmsg(db));
		if (st == GLOSSA_EXISTS)
			err("(use --force to replace it)\n");
		status = EXIT_ERROR;
	} else if (output) {
		out("exported %zu note%s to %s\n", count, count == 1 ? "" : "s",
		    output);
	}
	glossa_db_close(db);
	free(ids);
	status = finish_output(status);
	return stop_signal ? 128 + stop_signal : status;
}

/* --- check and backup ------------------------------------------------ */

static int cmd_check(const char *db_path, int argc, char **argv)
{
	glossa_status_t st;
	glossa_db_t *db;
	char *report = NULL, *msg = NULL;
	int status = EXIT_OK, first;

	if ((first = parse_no_options(argc, argv, &status)) < 0)
		return status;
	if (first < argc)
		return usage_of(argv[0], stderr, EXIT_USAGE);
	/* Read-write when it can: FTS5's check is an INSERT. Damage that
	 * stops the opening (it reads a few tables) is reported as any. */
	if ((st = glossa_db_open(db_path, 0, &db, &msg)) != GLOSSA_OK) {
		if (st == GLOSSA_CORRUPT)
			out("%s: damaged\n", db_path);
		err("glossa: %s\n", msg ? msg : "out of memory");
		free(msg);
		return finish_output(EXIT_ERROR);
	}
	st = glossa_db_check(db, &report);
	if (report)
		put(report);
	if (st != GLOSSA_OK) {
		err("glossa: %s\n", glossa_db_errmsg(db));
		status = EXIT_ERROR;
	}
	free(report);
	glossa_db_close(db);
	return finish_output(status);
}

static int cmd_backup(const char *db_path, int argc, char **argv)
{
	static const struct option options[] = {
		{"force", no_argument, NULL, 'F'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	glossa_status_t st;
	glossa_db_t *db;
	int force = 0, c, status = EXIT_OK;

	optind = 0; /* 0: glibc starts over, also its ordering mode */
	while ((c = cli_getopt(argc, argv, "Fh", options)) != -1) {
		switch (c) {
		case 'F':
			force = 1;
			break;
		case 'h':
			return usage_of(argv[0], stdout, EXIT_OK);
		default:
			return usage_of(argv[0], stderr, EXIT_USAGE);
		}
	}
	if (argc - optind != 1)
		return usage_of(argv[0], stderr, EXIT_USAGE);
	catch_stop_signals();
	if (!(db = open_db(db_path, GLOSSA_OPEN_READONLY)))
		return stop_signal ? 128 + stop_signal : EXIT_ERROR;
	glossa_db_set_interrupt(db, stop_requested, NULL);
	st = glossa_db_backup(db, argv[optind], force);
	if (stop_signal && st != GLOSSA_OK) {
		err("interrupted: %s not written\n", argv[optind]);
		glossa_db_close(db);
		return 128 + stop_signal;
	}
	if (st != GLOSSA_OK) {
		err("glossa: %s\n", glossa_db_errmsg(db));
		if (st == GLOSSA_EXISTS)
			err("(use --force to replace it)\n");
		status = EXIT_ERROR;
	} else {
		out("backed up %s to %s\n", db_path, argv[optind]);
	}
	glossa_db_close(db);
	status = finish_output(status);
	return stop_signal ? 128 + stop_signal : status;
}

/* --- glossary, edit, unannotate --------------------------------------- */

static int cmd_glossary(const char *db_path, int argc, char **argv)
{
	struct list_options o = {0};
	glossa_glossary_entry_t *e = NULL;
	glossa_status_t st;
	glossa_db_t *db;
	size_t n = 0, shown = 0;
	char *filter;
	int status = EXIT_OK, first;

	if ((first = parse_list_options(argc, argv, &o, &status)) < 0)
		return status;
	if (!(filter = join_args(argc - first, argv + first)))
		return EXIT_ERROR;
	if (!(db = open_db(db_path, GLOSSA_OPEN_READONLY))) {
		free(filter);
		return EXIT_ERROR;
	}
	/* The article counts are the slow part: only for those shown. */
	st = glossa_glossary_list(db, filter, &e, &n);
	if (st == GLOSSA_OK) {
		shown = o.limit && o.limit < n ? o.limit : n;
		st = glossa_glossary_count(db, e, shown);
	}
	if (st != GLOSSA_OK) {
		err("glossa: %s\n", glossa_db_errmsg(db));
		glossa_glossary_free(e, n);
		glossa_db_close(db);
		free(filter);
		return EXIT_ERROR;
	}
	for (size_t i = 0; i < shown; i++) {
		if (o.tsv) {
			put_tsv(e[i].phrase);
			out("\t");
			put_tsv(e[i].reading);
			out("\t");
			put_tsv(e[i].translations);
			out("\t%" PRId64 "\t%" PRId64 "\n", e[i].n_glosses,
			    e[i].n_articles);
			continue;
		}
		put(e[i].phrase);
		if (e[i].reading[0]) {
			out(" (");
			put(e[i].reading);
			out(")");
		}
		out(" — ");
		for (char *t = e[i].translations, *nl; t; t = nl) {
			if ((nl = strchr(t, '\n')))
				*nl++ = 0;
			put(t);
			if (nl)
				out("; ");
		}
		out("  [%" PRId64 " gloss%s, %" PRId64 " article%s]\n",
		    e[i].n_glosses, e[i].n_glosses == 1 ? "" : "es",
		    e[i].n_articles, e[i].n_articles == 1 ? "" : "s");
	}
	glossa_glossary_free(e, n);
	glossa_db_close(db);
	free(filter);
	return finish_output(status);
}

static int cmd_edit(const char *db_path, int argc, char **argv)
{
	static const struct option options[] = {
		{"translation", required_argument, NULL, 't'},
		{"reading", required_argument, NULL, 'r'},
		{"note", required_argument, NULL, 'n'},
		{"tags", required_argument, NULL, 'g'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *set[4] = {NULL, NULL, NULL, NULL}; /* t, r, n, g */
	glossa_annotation_t a;
	glossa_db_t *db;
	int64_t id;
	int c, status = EXIT_OK, any = 0;

	optind = 0;
	while ((c = cli_getopt(argc, argv, "t:r:n:g:h", options)) !=
	       -1) {
		const char *which = strchr("trng", c);
		if (c == 'h')
			return usage_of(argv[0], stdout, EXIT_OK);
		if (!which || c == 0)
			return usage_of(argv[0], stderr, EXIT_USAGE);
		set[which - "trng"] = optarg;
		any = 1;
	}
	if (argc - optind != 1 || !any)
		return usage_of(argv[0], stderr, EXIT_USAGE);
	if (parse_id(argv[optind], &id) < 0)
		return EXIT_USAGE;
	if (!(db = open_db(db_path, 0)))
		return EXIT_ERROR;
	if (glossa_annotation_get(db, id, &a) != GLOSSA_OK) {
		err("glossa: %s\n", glossa_db_errmsg(db));
		glossa_db_close(db);
		return EXIT_ERROR;
	}
	char **field[4] = {&a.translation, &a.reading, &a.note, &a.tags};
	for (int i = 0; i < 4 && status == EXIT_OK; i++) {
		char *v;
		if (!set[i])
			continue;
		if (!(v = strdup(set[i])))
			status = EXIT_ERROR;
		else {
			free(*field[i]);
			*field[i] = v;
		}
	}
	if (status == EXIT_OK &&
	    ((a.kind == GLOSSA_KIND_GLOSS && !a.translation[0]) ||
	     (a.kind == GLOSSA_KIND_NOTE && !a.note[0]))) {
		err("glossa: a %s needs %s\n",
	    a.kind == GLOSSA_KIND_GLOSS ? "gloss" : "note",
	    a.kind == GLOSSA_KIND_GLOSS ? "a translation"
					: "a text");
		status = EXIT_USAGE;
	}
	if (status == EXIT_OK && glossa_annotation_update(db, &a) != GLOSSA_OK) {
		err("glossa: %s\n", glossa_db_errmsg(db));
		status = EXIT_ERROR;
	}
	if (status == EXIT_OK)
		out("changed %s %" PRId64 "\n",
		    a.kind == GLOSSA_KIND_GLOSS ? "gloss" : "note", id);
	glossa_annotation_clear(&a);
	glossa_db_close(db);
	return finish_output(status);
}

static int cmd_unannotate(const char *db_path, int argc, char **argv)
{
	glossa_db_t *db;
	int status = EXIT_OK, first;

	if ((first = parse_no_options(argc, argv, &status)) < 0)
		return status;
	if (argc - first < 1)
		return usage_of(argv[0], stderr, EXIT_USAGE);
	for (int i = first; i < argc; i++) {
		int64_t id;
		if (parse_id(argv[i], &id) < 0)
			return EXIT_USAGE;
	}
	if (!(db = open_db(db_path, 0)))
		return EXIT_ERROR;
	for (int i = first; i < argc; i++) {
		int64_t id;
		parse_id(argv[i], &id);
		if (glossa_annotation_delete(db, id) != GLOSSA_OK) {
			err("glossa: %s\n", glossa_db_errmsg(db));
			status = EXIT_ERROR;
		} else {
			out("deleted %" PRId64 "\n", id);
		}
	}
	glossa_db_close(db);
	return finish_output(status);
}
