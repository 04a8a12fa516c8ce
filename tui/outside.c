/*
 * outside.c: the interface's commands to the outside world: o opens the
 * article's URL in the browser, y copies to the clipboard, | pipes the
 * article (or the marked notes) to a command, and the external commands
 * bound with "bind VIEW KEY !COMMAND". Exports outside_open_url,
 * outside_copy, outside_pipe and outside_run_bound.
 *
 * Article text is untrusted: no value from an article is ever pasted
 * into a shell line. A command is the user's own text (the
 * configuration, $BROWSER, the prompt), run with /bin/sh -c; the values
 * reach it as environment variables (GLOSSA_URL, GLOSSA_TITLE,
 * GLOSSA_ID, GLOSSA_PHRASE), as "$1", or on its standard input. A
 * command that may use the terminal gets it: curses gives it back
 * (endwin) and the screen is drawn again after.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config.h"
#include "ui-internal.h"
#include "ui.h"

enum {
	RUN_TERMINAL = 1 << 0, /* the command has the terminal */
	RUN_QUIET = 1 << 1,    /* its output goes to /dev/null */
	RUN_WAIT = 1 << 2,     /* "press Enter" after it (its output stays) */
};

/* The phrase the user points at: the selection, else the glossed
 * phrase under the phrase cursor (allocated; NULL if none). */
static char *current_phrase(const struct app *app)
{
	const struct phrase_span *s;
	int64_t pos;
	char *sel;

	if (!app->art.a)
		return NULL;
	if ((sel = article_selection(app, &pos)))
		return sel;
	if ((s = article_cursor_span(app)) && s->g)
		return strdup(s->g->phrase);
	return NULL;
}

extern char **environ;

/* Whether the environment entry e is one of the GLOSSA_* we set. */
static int ours(const char *e)
{
	static const char *const names[] = {"GLOSSA_ID=", "GLOSSA_URL=",
	                                    "GLOSSA_TITLE=", "GLOSSA_PHRASE="};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strncmp(e, names[i], strlen(names[i])))
			return 1;
	return 0;
}

/*
 * The environment of a command: ours, with the article's values in
 * place of any GLOSSA_ID, GLOSSA_URL, GLOSSA_TITLE, GLOSSA_PHRASE. Made
 * before fork(), since the child of a process with threads may not
 * allocate (setenv() there could wait forever on the allocator's lock
 * held by the search thread). The strings from environ are shared;
 * env_free() frees the array and the four made here (from index *own).
 */
static char **env_make(const struct app *app, const char *phrase,
                       size_t *own)
{
	const glossa_article_t *a = app->art.a;
	size_t n = 0, k = 0;
	char **env;

	while (environ && environ[n])
		n++;
	if (!(env = calloc(n + 5, sizeof(*env))))
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (!ours(environ[i]))
			env[k++] = environ[i];
	*own = k;
	if ((a && (asprintf(&env[k++], "GLOSSA_ID=%lld", (long long)a->id) < 0 ||
	           asprintf(&env[k++], "GLOSSA_URL=%s", a->url) < 0 ||
	           asprintf(&env[k++], "GLOSSA_TITLE=%s", a->title) < 0)) ||
	    (phrase && asprintf(&env[k++], "GLOSSA_PHRASE=%s", phrase) < 0)) {
		env[k - 1] = NULL; /* asprintf left it undefined */
		for (size_t i = *own; i < k; i++)
			free(env[i]);
		free(env);
		return NULL;
	}
	return env;
}

static void env_free(char **env, size_t own)
{
	if (!env)
		return;
	for (size_t i = own; env[i]; i++)
		free(env[i]);
	free(env);
}

/*
 * Run /bin/sh -c script ("$1" is arg when not NULL), with the article's
 * values in its environment and data (len bytes) on its standard input
 * (NULL: the terminal's, or /dev/null when it has not the terminal).
 * Returns its exit status, 127 when the shell could not run it, -1 when
 * it could not be started (errno).
 */
static int run(struct app *app, const char *script, const char *arg,
               const char *data, size_t len, unsigned flags)
{
	char *phrase = current_phrase(app);
	size_t own = 0;
	char **env = env_make(app, phrase, &own);
	int in[2] = {-1, -1}, status = -1;
	void (*old_int)(int), (*old_pipe)(int);
	pid_t pid;

	if (!env || (data && pipe(in) < 0)) {
		env_free(env, own);
		free(phrase);
		return -1;
	}
	if (flags & RUN_TERMINAL) {
		def_prog_mode();
		endwin();
	}
	fflush(stdout);
	old_pipe = signal(SIGPIPE, SIG_IGN);
	pid = fork();
	if (pid == 0) {
		signal(SIGPIPE, SIG_DFL);
		environ = env;
		if (data) {
			dup2(in[0], STDIN_FILENO);
			close(in[0]);
			close(in[1]);
		} else if (!(flags & RUN_TERMINAL)) {
			int fd = open("/dev/null", O_RDONLY);
			if (fd >= 0)
				dup2(fd, STDIN_FILENO);
		}
		if (flags & RUN_QUIET) {
			int fd = open("/dev/null", O_WRONLY);
			if (fd >= 0) {
				dup2(fd, STDOUT_FILENO);
				dup2(fd, STDERR_FILENO);
			}
		}
		if (arg)
			execl("/bin/sh", "sh", "-c", script, "sh", arg,
			      (char *)NULL);
		else
			execl("/bin/sh", "sh", "-c", script, (char *)NULL);
		_exit(127);
	}
	free(phrase);
	env_free(env, own);
	if (data) {
		close(in[0]);
		for (size_t done = 0; pid > 0 && done < len;) {
			ssize_t w = write(in[1], data + done, len - done);
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				break; /* it did not read it all: its choice */
			done += (size_t)w;
		}
		close(in[1]);
	}
	if (pid > 0) {
		old_int = signal(SIGINT, SIG_IGN);
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		signal(SIGINT, old_int);
		status = WIFEXITED(status) ? WEXITSTATUS(status)
		                           : 128 + WTERMSIG(status);
	}
	signal(SIGPIPE, old_pipe);
	if (flags & RUN_TERMINAL) {
		if ((flags & RUN_WAIT) && isatty(STDIN_FILENO) &&
		    !getenv("GLOSSA_SCRIPT")) {
			int ch;
			fputs("\n[press Enter to return to glossa]", stdout);
			fflush(stdout);
			while ((ch = getchar()) != EOF && ch != '\n')
				;
		}
		reset_prog_mode();
		clearok(curscr, TRUE);
		refresh();
	}
	return status;
}

/* Say how a command ended, when not well. */
static void report(struct app *app, const char *what, int status)
{
	if (status == 0)
		return;
	if (status < 0)
		app_message(app, 1, "%s: cannot run it: %s", what,
		            strerror(errno));
	else if (status == 127)
		app_message(app, 1, "%s: command not found", what);
	else
		app_message(app, 1, "%s: exit status %d", what, status);
}

void outside_open_url(struct app *app)
{
	const char *b = config_str(&config.browser);
	char cmd[1024];
	size_t n;

	if (!app->art.a) {
		app_message(app, 1, "no article to open");
		return;
	}
	if (!app->art.a->url[0]) {
		app_message(app, 1, "this article has no URL");
		return;
	}
	/* the URL comes from the article, untrusted: only the web's, so
	 * that neither file:///… nor "--an-option" reaches the browser */
	if (strncasecmp(app->art.a->url, "http://", 7) &&
	    strncasecmp(app->art.a->url, "https://", 8)) {
		app_message(app, 1,
		            "not opened: the URL is not http:// or https://");
		return;
	}
	if (!*b)
		b = getenv("BROWSER");
	if (!b || !*b)
		b = "xdg-open";
	/* $BROWSER may be a list, "firefox:w3m": the first */
	n = strcspn(b, ":");
	snprintf(cmd, sizeof(cmd), "%.*s \"$1\"", (int)n, b);
	report(app, cmd, run(app, cmd, app->art.a->url, NULL, 0,
	                     RUN_TERMINAL));
	if (!app->status[0])
		app_message(app, 0, "opened %s", app->art.a->url);
}

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* OSC 52: the terminal (or tmux, or the terminal over ssh) puts text in
 * the clipboard. Written straight to the terminal, after curses has
 * written all it had (the sequence moves no cursor and draws nothing). */
static int osc52(const char *text)
{
	size_t len = strlen(text), n = 0;
	char *out = malloc(len / 3 * 4 + 16);
	int fd = STDOUT_FILENO, r = 0;
	const char *file = getenv("GLOSSA_OSC52_FILE"); /* tests */

	if (!out)
		return -1;
	memcpy(out, "\033]52;c;", 7);
	n = 7;
	for (size_t i = 0; i < len; i += 3) {
		unsigned v = (unsigned char)text[i] << 16;
		if (i + 1 < len)
			v |= (unsigned char)text[i + 1] << 8;
		if (i + 2 < len)
			v |= (unsigned char)text[i + 2];
		out[n++] = b64[v >> 18 & 63];
		out[n++] = b64[v >> 12 & 63];
		out[n++] = i + 1 < len ? b64[v >> 6 & 63] : '=';
		out[n++] = i + 2 < len ? b64[v & 63] : '=';
	}
	out[n++] = '\a';
	if (file && *file)
		fd = open(file, O_WRONLY | O_CREAT | O_APPEND, 0600);
	else if (getenv("GLOSSA_SCRIPT"))
		fd = -1; /* no terminal: curses writes to /dev/null */
	fflush(stdout);
	for (size_t done = 0; fd >= 0 && done < n;) {
		ssize_t w = write(fd, out + done, n - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			r = -1;
			break;
		}
		done += (size_t)w;
	}
	if (fd != STDOUT_FILENO && fd >= 0)
		close(fd);
	free(out);
	return r;
}

/* The note under the notes' cursor, with its citation. */
static char *note_text(const struct app *app)
{
	const glossa_article_t *a = app->art.a;
	const glossa_annotation_t *g;
	char *s = NULL;

	if (!a || app->notes.cur >= a->n_notes)
		return NULL;
	g = &a->notes[app->notes.cur];
	/* "phrase — translation", the note under them, then the source */
	if (asprintf(&s, "%s%s%s%s%s\n\n-- %s%s%s%s%s%s%s\n", g->phrase,
	             g->phrase[0] && g->translation[0] ? " \xe2\x80\x94 " : "",
	             g->translation,
	             (g->phrase[0] || g->translation[0]) && g->note[0] ? "\n"
	                                                              : "",
	             g->note, a->title, a->source[0] ? ", " : "", a->source,
	             a->date[0] ? ", " : "", a->date, a->url[0] ? ", " : "",
	             a->url) < 0)
		return NULL;
	return s;
}

/* Give text to the clipboard (the clipboard-command, else OSC 52) and
 * say so, naming what it is. */
static void copy_text(struct app *app, const char *text, const char *what)
{
	const char *cc = config_str(&config.clipboard);
	int r;

	if (*cc) {
		r = run(app, cc, NULL, text, strlen(text), RUN_QUIET);
		report(app, cc, r);
		if (r == 0)
			app_message(app, 0, "copied %s (%s)", what, cc);
	} else if (osc52(text) == 0) {
		app_message(app, 0, "copied %s (through the terminal)", what);
	} else {
		app_message(app, 1, "cannot write to the terminal");
	}
}

void outside_copy(struct app *app)
{
	char *text = NULL;
	const char *what;

	if (app->focus == PANE_NOTES && view_modal(app) < 0) {
		text = note_text(app);
		what = "the note";
	} else {
		text = current_phrase(app);
		what = "the phrase";
	}
	if (!text) {
		app_message(app, 1, "nothing to copy: select text (c, v), "
		                    "move to a phrase (]) or to a note");
		return;
	}
	copy_text(app, text, what);
	free(text);
}

void outside_copy_entry(struct app *app, const char *phrase,
                        const char *reading, const char *translations)
{
	char *text = NULL, *joined;

	if (!phrase || !*phrase) {
		app_message(app, 1, "nothing to copy here");
		return;
	}
	if (!reading)
		reading = "";
	/* one line: the translations' lines joined by "; " */
	if (!(joined = lookup_joined(translations ? translations : "", 0))) {
		app_message(app, 1, "out of memory");
		return;
	}
	if (asprintf(&text, "%s%s%s%s%s", phrase, *reading ? " " : "", reading,
	             *joined ? " \xe2\x80\x94 " : "", joined) < 0)
		text = NULL;
	free(joined);
	if (!text) {
		app_message(app, 1, "out of memory");
		return;
	}
	copy_text(app, text, "the entry");
	free(text);
}

/* | : the typed command gets the article (the archive's file format)
 * or the marked notes (as exported text) on its standard input. */
static void pipe_accept(struct app *app, const char *cmd)
{
	char *data = NULL;
	size_t len = 0;
	int r;

	if (!cmd || !*cmd) {
		app->status[0] = 0;
		return;
	}
	if (app->notes.nmarked) {
		glossa_selection_t sel = {0};
		FILE *f = open_memstream(&data, &len);
		sel.kind = GLOSSA_SELECT_NOTES;
		sel.ids = app->notes.marked;
		sel.n_ids = app->notes.nmarked;
		if (!f)
			return;
		glossa_export_stream(app->db, &sel, GLOSSA_FORMAT_TEXT, f,
		                     NULL);
		fclose(f);
	} else if (!app->art.a) {
		app_message(app, 1, "no article to pipe");
		return;
	} else if (glossa_article_format_write(app->art.a, &data) !=
	           GLOSSA_OK) {
		app_message(app, 1, "out of memory");
		return;
	} else {
		len = strlen(data);
	}
	r = run(app, cmd, NULL, data ? data : "", len,
	        RUN_TERMINAL | RUN_WAIT);
	free(data);
	report(app, cmd, r);
}

static void pipe_cancel(struct app *app, const char *text)
{
	(void)text;
	app->status[0] = 0;
}

/* (no history: Up and Down would bring back the search's queries) */
static const struct prompt_ops pipe_ops = {pipe_accept, pipe_cancel, NULL, 0};

void outside_pipe(struct app *app)
{
	prompt_open(app, &pipe_ops,
	            app->notes.nmarked ? "pipe the marked notes to: "
	                               : "pipe the article to: ",
	            NULL);
}

void outside_run_bound(struct app *app, const char *command)
{
	report(app, command, run(app, command, NULL, NULL, 0, RUN_TERMINAL));
}
