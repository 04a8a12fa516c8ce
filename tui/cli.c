/*
 * cli.c: the commands of glossa that run without the interface.
 *
 * Each command is one row of the commands[] table: its name, its usage
 * line, a summary, and the function that runs it; `glossa --help` is
 * built from the same table. The commands live one group a file
 * (cli-import.c, cli-list.c, cli-notes.c, cli-export.c, cli-maint.c,
 * cli-manage.c) and share this file's helpers through cli-internal.h. Everything is
 * printed through the Output section below (see its rule): text from files is made safe with
 * glossa_sanitize(); --tsv output is one record a line with tabs,
 * newlines and backslashes escaped, and made safe too on a terminal.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli-internal.h"
#include "config.h"
#include "glossa/glossa.h"

static int cmd_config(const char *db_path, int argc, char **argv);

struct command {
	const char *name;
	int (*run)(const char *db_path, int argc, char **argv);
	const char *usage;
	const char *summary;
};

static const struct command commands[] = {
	{"import", cmd_import,
	 "import [--encoding ENC] [--max-size BYTES] PATH...",
	 "import article files and directories (recursively); - reads one "
	 "article from standard input"},
	{"list", cmd_list,
	 "list [--limit N] [--tsv] [--sort date|title|source|notes] [QUERY...]",
	 "list articles, newest first (default 50; --limit 0: all); a "
	 "query\n      (is:unread, tag:X...) lists its matches"},
	{"show", cmd_show, "show ID", "show an article with its notes"},
	{"notes", cmd_notes, "notes [ID] [--marked] [--tsv]",
	 "list glosses and notes (of one article, or all; --marked: the "
	 "marked ones)"},
	{"gloss", cmd_gloss,
	 "gloss [--detached] [--reading R] ID PHRASE TRANSLATION [NOTE]",
	 "gloss a phrase of an article (--detached: even one not in its "
	 "text;\n      without --reading, the dictionary's reading)"},
	{"note", cmd_note, "note ID TEXT", "add a free note to an article"},
	{"edit", cmd_edit,
	 "edit NOTE_ID [--translation T] [--reading R] [--note N]\n"
	 "                 [--tags T]",
	 "change the fields of a gloss or note"},
	{"unannotate", cmd_unannotate, "unannotate NOTE_ID...",
	 "delete glosses or notes"},
	{"delete", cmd_delete, "delete [--yes] ID...",
	 "delete articles with their notes (asks first; --yes: without "
	 "asking)"},
	{"set", cmd_set,
	 "set ID [--title T] [--source S] [--author A] [--date D]\n"
	 "                 [--tags T] [--url U]",
	 "correct an article's header (kept when its file is imported "
	 "again)"},
	{"glossary", cmd_glossary, "glossary [--limit N] [--tsv] [FILTER]",
	 "glossed phrases with their translations (default: all)"},
	{"search", cmd_search,
	 "search [--limit N] [--tsv] QUERY... | search --save NAME QUERY...",
	 "search the archive, best matches first (default 20); --save "
	 "keeps\n      the query as a saved search"},
	{"searches", cmd_searches, "searches [--tsv] | searches --delete NAME",
	 "the saved searches with their articles (and the new ones)"},
	{"facets", cmd_facets, "facets [--limit N] [--tsv] [tag|source|author]",
	 "tags, sources and authors with their articles, most first"},
	{"export", cmd_export,
	 "export [--format F] [--output PATH] [--force]\n"
	 "                 [--all | --article ID... | --note ID... | "
	 "--query Q]",
	 "export notes as text, markdown, anki or archive"},
	{"check", cmd_check, "check",
	 "check the archive for damage (SQLite and full-text indexes)"},
	{"backup", cmd_backup, "backup [--force] PATH",
	 "copy the archive safely, even while it is in use"},
	{"lookup", cmd_lookup, "lookup [--tsv] TEXT",
	 "look up the start of TEXT: the archive's glosses, then the "
	 "dictionary's\n      words (longest first) and characters"},
	{"dict", cmd_dict, "dict [info] | dict import [--db PATH] FILE",
	 "the dictionary in use; load a CC-CEDICT file (- for standard "
	 "input)\n      as the user's dictionary"},
	{"config", cmd_config, "config",
	 "print the configuration in effect, defaults included "
	 "(glossa-config(5))"},
	{"terms", cmd_terms, "terms [--limit N] [--tsv] ID",
	 "the article's terms no gloss has, most distinctive first "
	 "(default 30)"},
	{"readings", cmd_readings, "readings --fill",
	 "give the glosses without a reading the dictionary's"},
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
		 "  -C, --config FILE  the configuration (default: "
		 "$GLOSSA_CONFIG, else\n"
		 "                  $XDG_CONFIG_HOME/glossa/config)\n"
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
int usage_of(const char *name, FILE *f, int status)
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

/* glossa config: main() read it already, saying what was wrong. */
static int cmd_config(const char *db_path, int argc, char **argv)
{
	(void)db_path;
	if (argc > 1)
		return usage_of("config", stderr, EXIT_USAGE);
	(void)argv;
	config_print(stdout);
	if (fflush(stdout) == EOF)
		return EXIT_ERROR;
	return config_first_error()[0] ? EXIT_ERROR : EXIT_OK;
}

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
int is_tty(FILE *f)
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

/* Write text for people to standard output: made safe, newlines kept
 * (tabs too, unless it is a terminal); markers of matches become bold
 * (terminal) or brackets (elsewhere). */
void put(const char *s)
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
void put_tsv(const char *s)
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
int finish_output(int status)
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

#include "cli-poison.h"

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
glossa_db_t *open_db(const char *path, int flags)
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
int parse_id(const char *s, int64_t *id)
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
int parse_limit(const char *s, size_t *limit)
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
void say_more(size_t shown, int64_t total)
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

/* Parse --limit/--tsv/--help for a command; returns the index of the
 * first operand, or -1 after a usage message (*status set). */
int parse_list_options(int argc, char **argv, struct list_options *o,
			      int *status)
{
	static const struct option options[] = {
		{"limit", required_argument, NULL, 'n'},
		{"tsv", no_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{"sort", required_argument, NULL, 's'},
		{"marked", no_argument, NULL, 'm'},
		{NULL, 0, NULL, 0},
	};
	int c;

	optind = 0; /* 0: glibc starts over, also its ordering mode */
	while ((c = cli_getopt(argc, argv, "n:th", options)) != -1) {
		switch (c) {
		case 's':
			if (!o->sort_ok)
				goto bad;
			if (glossa_order_parse(optarg, &o->order) < 0) {
				err("glossa: --sort: \"%s\" is none of date,"
				    " title, source, notes\n", optarg);
				*status = EXIT_USAGE;
				return -1;
			}
			break;
		case 'm':
			if (!o->marked_ok)
				goto bad;
			o->marked = 1;
			break;
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
		bad:
			*status = usage_of(argv[0], stderr, EXIT_USAGE);
			return -1;
		}
	}
	return optind;
}

/* A command with only --help: returns -1 and sets *status if it was
 * given or an unknown option was. */
int parse_no_options(int argc, char **argv, int *status)
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

/* --- Signals for the commands that write a file ---------------------- */

/* The signal that asked backup or export to stop, or 0. */
volatile sig_atomic_t stop_signal;

static void on_stop_signal(int sig)
{
	stop_signal = sig;
}

int stop_requested(void *arg)
{
	(void)arg;
	return stop_signal != 0;
}

/* A file export or backup did not write (st): say why, and how to
 * replace a file that exists. EXIT_ERROR. */
int say_write_error(glossa_db_t *db, glossa_status_t st)
{
	err("glossa: %s\n", glossa_db_errmsg(db));
	if (st == GLOSSA_EXISTS)
		err("(use --force to replace it)\n");
	return EXIT_ERROR;
}

/*
 * SIGINT, SIGTERM and SIGHUP (unless ignored, as under nohup) ask the
 * core to stop the file being written (glossa_db_set_interrupt() with
 * stop_requested); it removes what it made (a temporary file, a directory
 * it created, not the files written into a directory that was there) and
 * returns GLOSSA_INTERRUPTED. Caught from before the
 * archive is opened, so that closing it tidies up too.
 */
void catch_stop_signals(void)
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
