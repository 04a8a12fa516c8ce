/*
 * ui.c: the interface's terminal setup and restore, and the main loop.
 * Exports tui_main (tui.h). The frame (layout, title bar, status line)
 * is drawn by frame.c, keys go to commands in keys.c.
 *
 * Input handlers change state only; the screen is drawn in one place,
 * draw_all(), from that state, after every key (but not between the
 * moves of a burst of list keys, see select_flush). A resize is one more key
 * (KEY_RESIZE): the layout is computed from the size at each draw.
 */
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"
#include "tui.h"
#include "ui-internal.h"
#include "ui.h"

static volatile sig_atomic_t got_signal;
static SCREEN *screen;
static int script_mode;
FILE *ui_draw_times;

static void on_signal(int sig)
{
	got_signal = sig;
}

static void restore_terminal(void)
{
	if (screen && !isendwin())
		endwin();
}

/* Keys normalised: Enter is '\n', every Backspace is KEY_BACKSPACE. */
static int normalise(int key)
{
	switch (key) {
	case '\r':
	case TK_FN(KEY_ENTER):
		return TK_ENTER;
	case 0x7f:
	case 0x08:
		return TK_FN(KEY_BACKSPACE);
	}
	return key;
}

/* A key read as it comes (script or terminal), or TK_NONE. */
static int read_raw_key(struct app *app)
{
	wint_t wc;
	int r;

	if (script_mode) {
		r = normalise(script_key(app));
		if (ui_draw_times && r != TK_EOF && r != TK_NONE) {
			fprintf(ui_draw_times, "k %.6f\n", ui_now());
			fflush(ui_draw_times);
		}
		return r;
	}
	if (searcher_busy() && searcher_fd() >= 0) {
		/* a search runs: wake for its result as for a key */
		struct pollfd p[2] = {{STDIN_FILENO, POLLIN, 0},
		                      {searcher_fd(), POLLIN, 0}};
		if (poll(p, 2, searcher_tick()) > 0 && (p[1].revents & POLLIN))
			return TK_NONE;
		wtimeout(stdscr, 0);
		r = wget_wch(stdscr, &wc);
		wtimeout(stdscr, 250);
	} else {
		r = wget_wch(stdscr, &wc);
	}
	if (r == ERR)
		return TK_NONE;
	return normalise(r == KEY_CODE_YES ? TK_FN((int)wc) : (int)wc);
}

/* Is some key bound as Esc followed by another (<Esc>x)? */
static int meta_bound(void)
{
	const struct binding *b;
	size_t n = keys_bindings(&b);

	for (size_t i = 0; i < n; i++)
		if (b[i].key & TK_META(0))
			return 1;
	return 0;
}

/* Keys; Esc with a key right behind it is one key, TK_META(key), when
 * such a key is bound (the configuration's <Esc>x), else the two. */
static int read_key(struct app *app)
{
	static int held = TK_NONE;
	int r, next = TK_NONE;

	if (held != TK_NONE) {
		r = held;
		held = TK_NONE;
		return r;
	}
	r = read_raw_key(app);
	if (r != TK_ESC || !meta_bound())
		return r;
	if (script_mode) {
		if (script_pending())
			next = read_raw_key(app);
	} else {
		/* curses may hold it already (read with the Esc) */
		wint_t wc;
		int k;
		wtimeout(stdscr, 0);
		k = wget_wch(stdscr, &wc);
		wtimeout(stdscr, 250);
		if (k != ERR)
			next = normalise(k == KEY_CODE_YES ? TK_FN((int)wc)
			                                   : (int)wc);
	}
	if (next == TK_NONE || next == TK_EOF)
		return r;
	if (keys_bound(TK_META(next)))
		return TK_META(next);
	held = next;
	return r;
}

/* Are keys already waiting (typeahead, or more keys on the script line)? */
static int input_pending(void)
{
	struct pollfd p = {STDIN_FILENO, POLLIN, 0};

	if (script_mode)
		return script_pending();
	return poll(&p, 1, 0) > 0 && (p.revents & POLLIN);
}

double ui_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * How long a search may rank before the newest matches are shown instead
 * (ranked later, when no key waits): 80 ms, so that the first results
 * show within 100 ms; GLOSSA_RANK_DEADLINE_MS sets it (tests; 0: show
 * the newest at once). Script mode has none unless set, so that its
 * screens never depend on speed.
 */
double ui_rank_deadline(void)
{
	const char *env = getenv("GLOSSA_RANK_DEADLINE_MS");

	if (env && *env)
		return atoi(env) > 0 ? atoi(env) / 1000.0 : 0;
	return script_mode ? -1 : 0.080;
}

/*
 * How long a search may rank every match (after its first results
 * show) before only the newest GLOSSA_RANK_NEWEST are ranked: the
 * configuration's rank-time; GLOSSA_RANK_ALL_MS sets it (tests). Script
 * mode has no limit unless that sets one (rank-time 0 still ranks the
 * newest only), so that its screens never depend on speed.
 */
double ui_rank_all_deadline(void)
{
	const char *env = getenv("GLOSSA_RANK_ALL_MS");

	if (env && *env)
		return atoi(env) > 0 ? atoi(env) / 1000.0 : 0;
	if (config.rank_time == 0)
		return 0;
	return script_mode ? -1 : config.rank_time / 1000.0;
}

int ui_search_interrupt(void *arg)
{
	struct pollfd p = {STDIN_FILENO, POLLIN, 0};
	struct search_limit *limit = arg;

	if (limit && limit->deadline > 0 && ui_now() > limit->deadline) {
		limit->expired = 1;
		return 1;
	}
	/* A script's next keys are typed after the search, never during. */
	if (script_mode)
		return 0;
	return poll(&p, 1, 0) > 0 && (p.revents & POLLIN);
}

/* --- Setup ----------------------------------------------------------- */

static int utf8_locale(void)
{
	setlocale(LC_ALL, "");
	if (!strcmp(nl_langinfo(CODESET), "UTF-8"))
		return 1;
	return setlocale(LC_CTYPE, "C.UTF-8") &&
	       !strcmp(nl_langinfo(CODESET), "UTF-8");
}

static void install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/* The script mode's terminal: /dev/null both ways, closed at the end. */
static FILE *script_out, *script_in;

static void close_script_streams(void)
{
	if (script_out)
		fclose(script_out);
	if (script_in)
		fclose(script_in);
	script_out = script_in = NULL;
}

static SCREEN *open_screen(void)
{
	const char *script = getenv("GLOSSA_SCRIPT");
	const char *term = getenv("TERM");
	SCREEN *s;

	if (script && *script) {
		int cols = 80, rows = 24;
		const char *size = getenv("GLOSSA_SIZE");
		char buf[32];

		if (size && sscanf(size, "%dx%d", &cols, &rows) != 2) {
			fprintf(stderr,
			        "glossa: GLOSSA_SIZE must be COLSxROWS\n");
			return NULL;
		}
		if (script_open(script)) {
			cli_say(stderr, "glossa: cannot read script %s\n",
			        script);
			return NULL;
		}
		script_mode = 1;
		if (getenv("GLOSSA_DRAW_TIMES") && *getenv("GLOSSA_DRAW_TIMES"))
			ui_draw_times = fopen(getenv("GLOSSA_DRAW_TIMES"), "w");
		if (ui_draw_times)
			fprintf(ui_draw_times, "c %.6f\nt %.6f\n",
			        config_load_seconds(), ui_now());
		/* the size comes from the environment, not from a tty */
		use_env(TRUE);
		snprintf(buf, sizeof(buf), "%d", cols);
		setenv("COLUMNS", buf, 1);
		snprintf(buf, sizeof(buf), "%d", rows);
		setenv("LINES", buf, 1);
		script_out = fopen("/dev/null", "w");
		script_in = fopen("/dev/null", "r");
		if (!script_out || !script_in) {
			fprintf(stderr, "glossa: cannot open /dev/null\n");
			close_script_streams();
			return NULL;
		}
		s = newterm("xterm-256color", script_out, script_in);
		if (!s)
			s = newterm("vt100", script_out, script_in);
		if (!s) {
			fprintf(stderr, "glossa: no terminal description for "
			                "the script mode\n");
			close_script_streams();
		}
		return s;
	}
	if (!isatty(STDOUT_FILENO)) {
		fprintf(stderr, "glossa: standard output is not a terminal; "
		                "use a command such as 'glossa list' or "
		                "'glossa search' instead\n");
		return NULL;
	}
	if (!isatty(STDIN_FILENO)) {
		fprintf(stderr, "glossa: standard input is not a terminal\n");
		return NULL;
	}
	if (!term || !*term) {
		fprintf(stderr, "glossa: TERM is not set; set it to your "
		                "terminal's type (e.g. TERM=xterm-256color)\n");
		return NULL;
	}
	/* a terminal that cannot move the cursor (TERM=dumb, an editor's
	 * shell buffer) would get a stream of garbage: refused before
	 * curses takes it */
	if (term_can_address(term) == 0) {
		cli_say(stderr,
		        "glossa: the terminal type '%s' (TERM) cannot move "
		        "the cursor, which the interface needs; run it in a "
		        "terminal (e.g. TERM=xterm-256color), or use a "
		        "command such as 'glossa list' or 'glossa show'\n",
		        term);
		return NULL;
	}
	s = newterm(term, stdout, stdin);
	if (!s)
		cli_say(stderr,
		        "glossa: unknown terminal type '%s' (TERM); "
		        "set TERM to a type this system knows "
		        "(e.g. xterm-256color)\n",
		        term);
	return s;
}

/* e's file at first: glossa-notes with the export format's extension,
 * in set export-dir (else the current directory). */
static char *export_default_path(void)
{
	const char *fmt = config_str(&config.export_format);
	const char *dir = config_str(&config.export_dir);
	const char *ext = !strcmp(fmt, "markdown") ? ".md"
	                  : !strcmp(fmt, "anki")   ? ".tsv"
	                  : !strcmp(fmt, "archive") ? ""
	                                            : ".txt";
	char *path = NULL, *d;

	if (!*dir)
		return asprintf(&path, "glossa-notes%s", ext) < 0 ? NULL : path;
	if (!(d = path_expand(dir)))
		return NULL;
	if (asprintf(&path, "%s/glossa-notes%s", d, ext) < 0)
		path = NULL;
	free(d);
	return path;
}

static void app_free(struct app *app)
{
	for (int v = 0; v < VIEW_COUNT; v++)
		if (tui_views[v]->free)
			tui_views[v]->free(app);
	nav_clear(app);
	list_free(&app->list);
	article_free(&app->art);
	notes_free(&app->notes);
	prompt_free(&app->prompt);
	annot_free(&app->annot);
	glossary_close(app);
	free(app->export_path);
}

int tui_main(glossa_db_t *db, const char *db_path)
{
	struct app app;
	int status = 0;

	if (!utf8_locale()) {
		fprintf(stderr, "glossa: the interface needs a UTF-8 locale "
		                "and none is available; set LANG to one "
		                "(e.g. LANG=C.UTF-8)\n");
		return 1;
	}
	install_signals();
	screen = open_screen();
	if (!screen) {
		script_close();
		return 1;
	}
	atexit(restore_terminal);
	set_term(screen);
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	set_escdelay(config.escape_delay);
	wtimeout(stdscr, 250);
	if (!script_mode && config.mouse)
		mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED |
		              BUTTON5_PRESSED,
		          NULL);
	mouseinterval(0);
	style_init();
	cmds_init();

	memset(&app, 0, sizeof(app));
	app.db = db;
	app.db_path = db_path ? db_path : "";
	app.show_trans = config.show_trans;
	app.export_path = export_default_path();
	if (config_first_error()[0])
		app_message(&app, 1, "%s", config_first_error());
	app.list.page_wait = -1;
	notes_load_marks(&app);
	list_reload(&app, NULL);

	while (!app.quit && !got_signal) {
		int key;

		/* keys waiting after a move in the list: the article under
		 * the cursor and the screen wait for the last of them */
		if (!app.select_pending || !input_pending()) {
			select_flush(&app);
			draw_all(&app);
			/* without the searcher's thread, results shown newest
			 * first are ranked while no key waits (a key stops
			 * it; it starts over after) */
			if (app.list.unranked == RANKING && !searcher_busy() &&
			    !input_pending())
				list_rank(&app);
			/* and so are the glosses of other articles found in
			 * the article shown, once the archive's phrase trie
			 * is built, a millisecond at a time (at a million
			 * articles 0.18 s in all, seconds from the disk) */
			if (app.art.elsewhere_pending && !input_pending()) {
				int ready = 0;

				while (!input_pending() &&
				       glossa_glosses_prepare(app.db, &ready) ==
				           GLOSSA_OK &&
				       !ready)
					;
				/* ready, or an error it will show */
				if (!input_pending()) {
					article_load_elsewhere(&app);
					draw_all(&app);
				}
			}
			/* the counts of the modal view on top (saved
			 * searches, facets), a slice at a time, each shown
			 * as it comes */
			for (int v; !input_pending() &&
			            (v = view_modal(&app)) >= 0 &&
			            tui_views[v]->idle &&
			            tui_views[v]->idle(&app);)
				draw_all(&app);
			/* the counts of the modal view on top (saved
			 * searches, facets), a slice at a time, each shown
			 * as it comes */
			for (int v; !input_pending() &&
			            (v = view_modal(&app)) >= 0 &&
			            tui_views[v]->idle &&
			            tui_views[v]->idle(&app);)
				draw_all(&app);
			/* and the rest of a long article's layout, a chunk
			 * at a time (nothing drawn changes; "l START END"
			 * in GLOSSA_DRAW_TIMES for each) */
			while (!input_pending()) {
				double t0 = ui_now();
				if (!article_layout_step(&app))
					break;
				if (ui_draw_times)
					fprintf(ui_draw_times, "l %.6f %.6f\n", t0,
					        ui_now());
			}
		}
		do {
			/* a search's result; a script waits for it at the
			 * end of each line, so its screens never depend on
			 * speed */
			struct search_job *j;

			searcher_tick();
			j = searcher_take(script_mode && script_wait_search());
			if (j) {
				if (ui_draw_times)
					fprintf(ui_draw_times, "s %.6f\n",
					        ui_now());
				list_search_done(&app, j);
				key = TK_NONE;
				break;
			}
			key = read_key(&app);
		} while (key == TK_NONE && !got_signal);
		if (key == TK_EOF)
			break;
		if (key != TK_NONE)
			handle_key(&app, key);
	}
	if (got_signal)
		status = 128 + got_signal;
	searcher_stop();
	endwin();
	delscreen(screen);
	screen = NULL;
	close_script_streams();
	script_close();
	if (ui_draw_times)
		fclose(ui_draw_times);
	ui_draw_times = NULL;
	app_free(&app);
	return status;
}
