/*
 * ui.c: the interface's frame: terminal setup and restore, the main loop,
 * the layout, the title bar and status line, and the dispatch of keys to
 * commands through the table in keymap.h. Exports tui_main (tui.h),
 * app_message, app_message_fit, app_select_article, ui_key_parse and
 * ui_key_name.
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
#include "tui.h"
#include "ui.h"

#define MIN_COLS 40
#define MIN_ROWS 10
#define WIDE_COLS 120

static volatile sig_atomic_t got_signal;
static SCREEN *screen;
static int script_mode;
/* Script mode with GLOSSA_DRAW_TIMES=FILE: the CLOCK_MONOTONIC time of
 * each full draw goes to FILE, one a line; that of each key read as
 * "k TIME" (tests/bench: a key's latency is from it to the next draw);
 * each step of a long article's layout as "l START END". */
static FILE *draw_times;

static void on_signal(int sig)
{
	got_signal = sig;
}

static void restore_terminal(void)
{
	if (screen && !isendwin())
		endwin();
}

/* --- Keys ------------------------------------------------------------ */

static const struct {
	const char *name;
	int key;
} key_names[] = {
    {"Enter", TK_ENTER},
    {"Esc", TK_ESC},
    {"Tab", TK_TAB},
    {"S-Tab", TK_FN(KEY_BTAB)}, /* the name the help shows */
    {"BTab", TK_FN(KEY_BTAB)},
    {"Space", ' '},
    {"BS", TK_FN(KEY_BACKSPACE)},
    {"Del", TK_FN(KEY_DC)},
    {"Up", TK_FN(KEY_UP)},
    {"Down", TK_FN(KEY_DOWN)},
    {"Left", TK_FN(KEY_LEFT)},
    {"Right", TK_FN(KEY_RIGHT)},
    {"PgUp", TK_FN(KEY_PPAGE)},
    {"PgDn", TK_FN(KEY_NPAGE)},
    {"Home", TK_FN(KEY_HOME)},
    {"End", TK_FN(KEY_END)},
    {"Resize", TK_FN(KEY_RESIZE)},
    {"Lt", '<'},
};

int ui_key_parse(const char **s)
{
	const char *p = *s, *end;
	uint32_t cp;
	size_t k;

	if (*p == '<' && (end = strchr(p, '>')) && end - p > 1) {
		size_t n = (size_t)(end - p - 1);
		for (size_t i = 0; i < sizeof(key_names) / sizeof(key_names[0]);
		     i++)
			if (strlen(key_names[i].name) == n &&
			    !strncmp(p + 1, key_names[i].name, n)) {
				*s = end + 1;
				return key_names[i].key;
			}
		if (n == 3 && (p[1] == 'C' || p[1] == 'c') && p[2] == '-') {
			*s = end + 1;
			return TK_CTRL(p[3]);
		}
	}
	k = glossa_utf8_decode(p, strlen(p), &cp);
	if (k == 0)
		return TK_NONE;
	*s = p + k;
	return (int)cp;
}

const char *ui_key_name(int key, char *buf, size_t size)
{
	for (size_t i = 0; i < sizeof(key_names) / sizeof(key_names[0]); i++)
		if (key_names[i].key == key && key != '<') {
			snprintf(buf, size, "%s", key_names[i].name);
			return buf;
		}
	if (key > 0 && key < 0x20)
		snprintf(buf, size, "C-%c", key + 'a' - 1);
	else if (key >= 0x20 && key < 0x110000) {
		char u[5];
		u[glossa_utf8_encode((uint32_t)key, u)] = 0;
		snprintf(buf, size, "%s", u);
	} else
		snprintf(buf, size, "?");
	return buf;
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

static int read_key(struct app *app)
{
	wint_t wc;
	int r;

	if (script_mode) {
		r = normalise(script_key(app));
		if (draw_times && r != TK_EOF && r != TK_NONE) {
			fprintf(draw_times, "k %.6f\n", ui_now());
			fflush(draw_times);
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

/* --- State changes --------------------------------------------------- */

void app_message(struct app *app, int error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(app->status, sizeof(app->status), fmt, ap);
	va_end(ap);
	str_trim_utf8(app->status);
	app->status_error = error;
}

void app_message_fit(struct app *app, const char *path)
{
	char *at = *path ? strstr(app->status, path) : NULL;
	int over = str_cols(app->status) - (COLS - 2);
	size_t plen = strlen(path), cut = 0;
	char buf[sizeof(app->status)];

	if (!at || over <= 0)
		return;
	/* drop whole code points from the path's start until it fits with
	 * "…" (one column) in their place, then to the next '/' if one is
	 * near, so that what remains starts with a directory's name */
	while (cut < plen && over + 1 > 0) {
		size_t k = glossa_utf8_offset(path + cut, plen - cut, 1);
		over -= (int)glossa_str_width(path + cut, k);
		cut += k;
	}
	for (size_t i = cut; i < plen && i < cut + 8; i++)
		if (path[i] == '/' && i + 1 < plen) {
			cut = i;
			break;
		}
	snprintf(buf, sizeof(buf), "%.*s\xe2\x80\xa6%s%s",
	         (int)(at - app->status), app->status, path + cut, at + plen);
	memcpy(app->status, buf, sizeof(buf));
}

/* The list's cursor is on article id: noted only; select_flush() loads it
 * (the preview costs a few ms, too much for each key of a held-down j). */
void app_select_article(struct app *app, int64_t id)
{
	app->select_id = id;
	app->select_pending = 1;
}

static void select_flush(struct app *app)
{
	if (!app->select_pending)
		return;
	app->select_pending = 0;
	article_load(app, app->select_id);
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

/* --- Layout and drawing ---------------------------------------------- */

/* The panes' inner rectangles for the current size. Wide: the list on
 * the left, the article above the notes on the right. Narrow: all three
 * stacked. Row 0 is the title bar, the last row the status line. */
static void layout(struct app *app)
{
	rect_t *p = app->pane;
	int inner = LINES - 2 - 2; /* title, status, top and bottom borders */

	app->too_small = COLS < MIN_COLS || LINES < MIN_ROWS;
	if (app->too_small)
		return;
	if (COLS >= WIDE_COLS) {
		int lw = COLS * 2 / 5;
		int nh = (inner - 1) / 3;
		p[PANE_LIST] = (rect_t){2, 1, inner, lw - 1};
		p[PANE_ARTICLE] =
		    (rect_t){2, lw + 1, inner - 1 - nh, COLS - lw - 2};
		p[PANE_NOTES] =
		    (rect_t){2 + inner - nh, lw + 1, nh, COLS - lw - 2};
	} else {
		int body = inner - 2;
		int lh = body * 3 / 10, nh = body / 5;
		if (lh < 1)
			lh = 1;
		if (nh < 1)
			nh = 1;
		p[PANE_LIST] = (rect_t){2, 1, lh, COLS - 2};
		p[PANE_ARTICLE] = (rect_t){3 + lh, 1, body - lh - nh, COLS - 2};
		p[PANE_NOTES] = (rect_t){4 + body - nh, 1, nh, COLS - 2};
	}
	app->whole = (rect_t){2, 1, inner, COLS - 2};
	if (app->zoom) {
		/* z: the focused pane alone, in the whole frame; each pane
		 * has that frame, as the focus may move before the next
		 * draw (n from the list) */
		for (int i = 0; i < PANE_COUNT; i++)
			p[i] = app->whole;
	}
}

static void draw_hline(int y, int x, int w)
{
	for (int i = 0; i < w; i++)
		draw_cp(y, x + i, 0x2500, ST_BORDER);
}

/* A horizontal border from column x0 to x1 (inclusive) with its corner
 * characters and a title. */
static void draw_border(int y, int x0, int x1, uint32_t left, uint32_t right,
                        const char *title, int focused)
{
	draw_cp(y, x0, left, ST_BORDER);
	draw_hline(y, x0 + 1, x1 - x0 - 1);
	draw_cp(y, x1, right, ST_BORDER);
	if (title && x1 - x0 > 6) {
		int tx = x0 + 2;
		draw_cp(y, tx, ' ', focused ? ST_FOCUSTITLE : ST_PANETITLE);
		tx += 1 + draw_str(y, tx + 1, x1 - x0 - 5, title,
		                   focused ? ST_FOCUSTITLE : ST_PANETITLE, 0);
		draw_cp(y, tx, ' ', focused ? ST_FOCUSTITLE : ST_PANETITLE);
	}
}

static void draw_vline(int y, int x, int h)
{
	for (int i = 0; i < h; i++)
		draw_cp(y + i, x, 0x2502, ST_BORDER);
}

/* Where the user is ("glossa › search: 战鼓 (3)", nav_title()) on the
 * left, the archive's file name on the right when there is room. */
static void draw_titlebar(struct app *app)
{
	const char *base = strrchr(app->db_path, '/');
	char buf[1024];
	int x, bw;

	base = base ? base + 1 : app->db_path;
	bw = str_cols(base);
	draw_fill(0, 0, COLS, ST_TITLEBAR);
	nav_title(app, buf, sizeof(buf));
	/* the name when 30 columns of the place stay beside it */
	x = str_cols(buf) < 30 ? str_cols(buf) : 30;
	if (COLS - 2 - x >= bw + 3) {
		draw_str(0, COLS - 1 - bw, bw, base, ST_TITLEBAR, 0);
		bw += 3;
	} else {
		bw = 0;
	}
	draw_str(0, 0, COLS - 1 - bw, buf, ST_TITLEBAR, 0);
}

/* The status line: the message, else what the focused view has to say
 * (the phrase under the cursor, the position); on the right the hints
 * of the view that has the keys, when they fit. */
static void draw_status(struct app *app)
{
	const char *hints = tui_views[view_focused(app)]->hint;
	int y = LINES - 1, used;
	char buf[512];
	int hw = hints ? str_cols(hints) : 0;

	draw_fill(y, 0, COLS, ST_NORMAL);
	if (app->prompt.ops) {
		if (app->prompt.show_status && app->status[0] && y > 0) {
			/* over the bottom border */
			draw_fill(y - 1, 1, COLS - 2, ST_NORMAL);
			draw_str(y - 1, 2, COLS - 4, app->status,
			         app->status_error ? ST_ERROR : ST_NORMAL, 0);
		}
		prompt_draw(app, y, COLS);
		return;
	}
	if (app->status[0]) {
		used = draw_str(y, 1, COLS - 1, app->status,
		                app->status_error ? ST_ERROR : ST_NORMAL, 0);
	} else if (view_focused(app) == VIEW_ARTICLE &&
	           article_cursor_status(app, buf, sizeof(buf))) {
		/* the whole line: the hints give way to the translation */
		draw_str(y, 1, COLS - 2, buf, ST_NORMAL, 0);
		return;
	} else if (app->list.total > 0 && view_modal(app) < 0) {
		int n = snprintf(buf, sizeof(buf), "%s %lld of %lld",
		                 app->list.query ? "result" : "article",
		                 (long long)app->list.cur + 1,
		                 (long long)app->list.total);
		/* where the article pane is in its text */
		if (app->focus == PANE_ARTICLE && app->art.a &&
		    app->art.where[0] && n > 0 && (size_t)n < sizeof(buf))
			snprintf(buf + n, sizeof(buf) - (size_t)n, "  %s",
			         app->art.where);
		used = draw_str(y, 1, COLS - 1, buf, ST_NORMAL, 0);
	} else {
		used = 0;
	}
	if (hints && COLS - 1 - used - 2 >= hw)
		draw_str(y, COLS - 1 - hw, hw, hints, ST_DIM, 0);
}

void app_show_status_now(struct app *app)
{
	if (app->too_small || app->prompt.ops)
		return;
	draw_status(app);
	curs_set(0);
	wnoutrefresh(stdscr);
	doupdate();
}

/* A pane's frame title: its view's (a modal view's, capitalised by
 * itself), else its name. */
static void view_title(struct app *app, int v, char *buf, size_t size)
{
	if (tui_views[v]->title)
		tui_views[v]->title(app, buf, size);
	else
		snprintf(buf, size, "%s", tui_views[v]->name);
}

/* One view in the whole frame (a modal view, or a pane zoomed). */
static void draw_whole(struct app *app, int v)
{
	rect_t r = app->whole;
	char t[512];

	if (tui_views[v]->prepare)
		tui_views[v]->prepare(app, r);
	view_title(app, v, t, sizeof(t));
	draw_border(1, 0, COLS - 1, 0x250c, 0x2510, t, 1);
	draw_vline(2, 0, LINES - 4);
	draw_vline(2, COLS - 1, LINES - 4);
	draw_border(LINES - 2, 0, COLS - 1, 0x2514, 0x2518, NULL, 0);
	tui_views[v]->draw(app, r, 1);
}

static void draw_all(struct app *app)
{
	rect_t *p = app->pane;
	char lt[512], at[512], nt[512];
	int m = view_modal(app);

	erase();
	layout(app);
	if (app->too_small) {
		char msg[64];
		snprintf(msg, sizeof(msg), "(%dx%d needed)", MIN_COLS,
		         MIN_ROWS);
		draw_str(LINES / 2 - (LINES > 1), 0, COLS, "terminal too small",
		         ST_BOLD, 0);
		draw_str(LINES / 2 + (LINES <= 1), 0, COLS, msg, ST_NORMAL, 0);
		curs_set(0);
		wnoutrefresh(stdscr);
		doupdate();
		return;
	}
	if (m >= 0) {
		draw_whole(app, m);
	} else if (app->zoom) {
		draw_whole(app, app->focus);
	} else {
		/* everything fetched and laid out first, then drawn */
		for (int v = 0; v < PANE_COUNT; v++)
			if (tui_views[v]->prepare)
				tui_views[v]->prepare(app, p[v]);
		view_title(app, VIEW_LIST, lt, sizeof(lt));
		view_title(app, VIEW_ARTICLE, at, sizeof(at));
		view_title(app, VIEW_NOTES, nt, sizeof(nt));
		if (COLS >= WIDE_COLS) {
			int sx = p[PANE_ARTICLE].x - 1;
			int ny = p[PANE_NOTES].y - 1;
			draw_border(1, 0, sx, 0x250c, 0x252c, lt,
			            app->focus == PANE_LIST);
			draw_border(1, sx, COLS - 1, 0x252c, 0x2510, at,
			            app->focus == PANE_ARTICLE);
			draw_border(ny, sx, COLS - 1, 0x251c, 0x2524, nt,
			            app->focus == PANE_NOTES);
			draw_vline(2, 0, LINES - 4);
			draw_vline(2, sx, ny - 2);
			draw_vline(ny + 1, sx, LINES - 3 - ny);
			draw_vline(2, COLS - 1, ny - 2);
			draw_vline(ny + 1, COLS - 1, LINES - 3 - ny);
			draw_border(LINES - 2, 0, sx, 0x2514, 0x2534, NULL, 0);
			draw_border(LINES - 2, sx, COLS - 1, 0x2534, 0x2518,
			            NULL, 0);
		} else {
			int ay = p[PANE_ARTICLE].y - 1;
			int ny = p[PANE_NOTES].y - 1;
			draw_border(1, 0, COLS - 1, 0x250c, 0x2510, lt,
			            app->focus == PANE_LIST);
			draw_border(ay, 0, COLS - 1, 0x251c, 0x2524, at,
			            app->focus == PANE_ARTICLE);
			draw_border(ny, 0, COLS - 1, 0x251c, 0x2524, nt,
			            app->focus == PANE_NOTES);
			draw_vline(2, 0, LINES - 4);
			draw_vline(2, COLS - 1, LINES - 4);
			draw_cp(ay, 0, 0x251c, ST_BORDER);
			draw_cp(ay, COLS - 1, 0x2524, ST_BORDER);
			draw_cp(ny, 0, 0x251c, ST_BORDER);
			draw_cp(ny, COLS - 1, 0x2524, ST_BORDER);
			draw_border(LINES - 2, 0, COLS - 1, 0x2514, 0x2518,
			            NULL, 0);
		}
		for (int v = 0; v < PANE_COUNT; v++)
			tui_views[v]->draw(app, p[v], app->focus == v);
	}
	draw_titlebar(app);
	draw_status(app);
	curs_set(app->prompt.ops ? 1 : 0);
	wnoutrefresh(stdscr);
	doupdate();
	if (draw_times) {
		/* for the benchmarks: when each screen was complete */
		fprintf(draw_times, "%.6f\n", ui_now());
		fflush(draw_times);
	}
}

/* --- Commands -------------------------------------------------------- */

static struct {
	int scope;
	int keys[8];
	int nkeys;
} cmds[CMD_COUNT];

static void cmds_init(void)
{
	static const int scopes[CMD_COUNT] = {
#define SCOPE_ENTRY(name, scope, keys, desc) SCOPE_##scope,
	    TUI_COMMANDS(SCOPE_ENTRY)
#undef SCOPE_ENTRY
	};

	for (int c = 0; c < CMD_COUNT; c++) {
		const char *s = cmd_keys[c];
		cmds[c].scope = scopes[c];
		while (*s && cmds[c].nkeys < 8) {
			int k;
			while (*s == ' ')
				s++;
			if (!*s)
				break;
			k = ui_key_parse(&s);
			if (k == TK_NONE)
				break;
			cmds[c].keys[cmds[c].nkeys++] = k;
		}
	}
}

int ui_cmd_keys(int cmd, const int **keys)
{
	if (cmd < 0 || cmd >= CMD_COUNT)
		return 0;
	*keys = cmds[cmd].keys;
	return cmds[cmd].nkeys;
}

/* The command a key means to the view v: the article's character
 * cursor's binding first (while it is shown), then the view's own, then
 * one that applies everywhere. */
static int lookup(const struct app *app, int key, int v)
{
	int scopes[3], n = 0;

	if (v == VIEW_ARTICLE && app->art.cmode != CM_OFF)
		scopes[n++] = SCOPE_CURSOR;
	if (tui_views[v]->scope != SCOPE_ANY)
		scopes[n++] = tui_views[v]->scope;
	scopes[n++] = SCOPE_ANY;
	for (int s = 0; s < n; s++)
		for (int c = 0; c < CMD_COUNT; c++)
			for (int i = 0; i < cmds[c].nkeys; i++)
				if (cmds[c].keys[i] == key &&
				    cmds[c].scope == scopes[s])
					return c;
	return CMD_NONE;
}

/* Is key bound to a command anywhere? */
static int bound(int key)
{
	for (int c = 0; c < CMD_COUNT; c++)
		for (int i = 0; i < cmds[c].nkeys; i++)
			if (cmds[c].keys[i] == key)
				return 1;
	return 0;
}

static void display_path(const char *path, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s", strchr(path, '/') ? "" : "./", path);
}

static const struct prompt_ops overwrite_ops;

static const struct prompt_ops overwrite_ops;

static void do_export(struct app *app, int force)
{
	glossa_selection_t sel = {0};
	size_t count = 0;
	glossa_status_t st;
	char shown[1024];

	if (app->notes.nmarked) {
		sel.kind = GLOSSA_SELECT_NOTES;
		sel.ids = app->notes.marked;
		sel.n_ids = app->notes.nmarked;
	} else if (app->art.a) {
		sel.kind = GLOSSA_SELECT_ARTICLES;
		sel.ids = &app->art.id;
		sel.n_ids = 1;
	} else {
		app_message(app, 1, "nothing to export");
		return;
	}
	display_path(app->export_path, shown, sizeof(shown));
	st = glossa_export_file(app->db, &sel, GLOSSA_FORMAT_TEXT,
	                        app->export_path, force, &count);
	if (st == GLOSSA_EXISTS && !force) {
		char q[1200];
		snprintf(q, sizeof(q), "%s exists; overwrite? (y/n) ", shown);
		str_trim_utf8(q);
		prompt_open(app, &overwrite_ops, q, NULL);
		return;
	}
	if (st != GLOSSA_OK) {
		app_message(app, 1, "export failed: %s",
		            glossa_db_errmsg(app->db));
		app_message_fit(app, app->export_path);
		return;
	}
	app_message(app, 0, "exported %zu note%s to %s", count,
	            count == 1 ? "" : "s", shown);
	app_message_fit(app, shown);
}

static void overwrite_accept(struct app *app, const char *text)
{
	(void)text;
	do_export(app, 1);
}

static void overwrite_cancel(struct app *app, const char *text)
{
	(void)text;
	app_message(app, 0, "not exported");
}

static const struct prompt_ops overwrite_ops = {
    overwrite_accept, overwrite_cancel, NULL, PROMPT_QUESTION};

/* The file name typed: ~ and ~/ stand for $HOME. */
static void export_accept(struct app *app, const char *text)
{
	char *path;

	if (!*text) {
		app_message(app, 0, "not exported");
		return;
	}
	if (!(path = path_expand(text))) {
		app_message(app, 1, "out of memory");
		return;
	}
	free(app->export_path);
	app->export_path = path;
	do_export(app, 0);
}

static void cancel_quietly(struct app *app, const char *text)
{
	(void)text;
	app->status[0] = 0;
}

static const struct prompt_ops export_ops = {export_accept, cancel_quietly,
                                             path_complete, 0};

static void search_accept(struct app *app, const char *text)
{
	prompt_history_add(app, text);
	app->status[0] = 0;
	/* the results' count comes with them (list_search_done) */
	list_reload(app, text);
	app->focus = PANE_LIST;
}

static const struct prompt_ops search_ops = {
    search_accept, cancel_quietly, NULL, PROMPT_HISTORY | PROMPT_REPLACE};

/* The commands that apply everywhere, after the view with the keys
 * passed cmd on; over a modal view only those that leave the hidden
 * panes alone. Returns 1 if cmd was one of them. */
static int run_command(struct app *app, int cmd, int modal)
{
	if (modal && cmd != CMD_QUIT && cmd != CMD_HELP && cmd != CMD_REDRAW)
		return 0;
	switch (cmd) {
	case CMD_NEXT_PANE:
		app->focus = (app->focus + 1) % PANE_COUNT;
		break;
	case CMD_PREV_PANE:
		app->focus = (app->focus + PANE_COUNT - 1) % PANE_COUNT;
		break;
	case CMD_BACK: /* the list has its own */
		app->focus = PANE_LIST;
		break;
	case CMD_QUIT:
		app->quit = 1;
		break;
	case CMD_STOP:
		list_stop_search(app);
		break;
	case CMD_SEARCH:
		prompt_open(app, &search_ops, "/", app->list.query);
		break;
	case CMD_NEXT_MATCH:
	case CMD_PREV_MATCH:
		app->focus = PANE_ARTICLE;
		article_jump_match(app, cmd == CMD_NEXT_MATCH ? 1 : -1,
		                   app->pane[PANE_ARTICLE]);
		break;
	case CMD_TOGGLE_READ: {
		glossa_row_t *row =
		    (glossa_row_t *)list_row(app, app->list.cur);
		if (!row)
			break;
		if (glossa_db_check_file(app->db) != GLOSSA_OK ||
		    glossa_article_set_read(app->db, row->id, !row->read) !=
		        GLOSSA_OK) {
			app_message(app, 1, "%s", glossa_db_errmsg(app->db));
			break;
		}
		row->read = !row->read;
		if (app->art.a && app->art.id == row->id)
			app->art.a->read = row->read;
		app_message(app, 0, "marked %s", row->read ? "read" : "unread");
		break;
	}
	case CMD_TOGGLE_TRANS:
		app->show_trans = !app->show_trans;
		app_message(app, 0, "translations %s",
		            app->show_trans ? "shown" : "hidden");
		break;
	case CMD_ZOOM:
		app->zoom = !app->zoom;
		break;
	case CMD_EXPORT:
		prompt_open(
		    app, &export_ops,
		    app->notes.nmarked == 1 ? "export the marked note to: "
		    : app->notes.nmarked    ? "export marked notes to: "
		                         : "export this article's notes to: ",
		    app->export_path);
		break;
	case CMD_REDRAW:
		clearok(curscr, TRUE);
		break;
	case CMD_REFRESH:
		list_refresh(app);
		break;
	case CMD_HELP:
		if (help_ops.open(app))
			app->help_open = 0;
		else
			help_ops.show(app);
		break;
	case CMD_UNDELETE:
		annot_undelete(app);
		break;
	case CMD_GLOSSARY:
		/* the glossary kept under its results: back to it */
		if (!nav_glossary_kept(app) || !nav_back(app))
			glossary_ops.show(app);
		break;
	case CMD_SAVED:
		saved_ops.show(app);
		break;
	case CMD_SAVE_SEARCH:
		saved_save_shown(app);
		break;
	case CMD_FACETS:
		facets_ops.show(app);
		break;
	default:
		return 0;
	}
	return 1;
}

static void on_mouse(struct app *app)
{
	MEVENT ev;

	if (getmouse(&ev) != OK || view_modal(app) >= 0 || app->too_small)
		return;
	for (int i = 0; i < PANE_COUNT; i++) {
		rect_t r = app->pane[i];
		int saved = app->focus;
		if (app->zoom && i != app->focus)
			continue; /* the only pane shown */
		if (ev.y < r.y || ev.y >= r.y + r.h || ev.x < r.x ||
		    ev.x >= r.x + r.w)
			continue;
		if (ev.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
			app->focus = i;
			for (int k = 0; k < 3; k++)
				tui_views[i]->request(
				    app,
				    ev.bstate & BUTTON4_PRESSED ? CMD_UP
				                                : CMD_DOWN,
				    TK_NONE);
			app->focus = saved;
		} else if (ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)) {
			app->focus = i;
			if (i == PANE_LIST)
				list_move(app, app->list.top +
				                   (ev.y - r.y) /
				                       list_row_height(app));
			else if (i == PANE_NOTES)
				notes_click(app, ev.y - r.y);
		}
		return;
	}
}

/* A key that only moves the list's cursor: the article under it may be
 * loaded later (select_flush); any other key needs it now. */
static int list_motion(struct app *app, int key)
{
	int cmd;

	if (app->prompt.ops || view_focused(app) != VIEW_LIST ||
	    key == TK_FN(KEY_RESIZE) || key == TK_FN(KEY_MOUSE))
		return 0;
	cmd = lookup(app, key, VIEW_LIST);
	return cmd == CMD_DOWN || cmd == CMD_UP || cmd == CMD_PAGE_DOWN ||
	       cmd == CMD_PAGE_UP || cmd == CMD_FIRST || cmd == CMD_LAST;
}

/* A key goes to the view that has it (the modal view on top, else the
 * focused pane), then to the commands that apply everywhere; a key
 * neither takes says so. */
static void handle_key(struct app *app, int key)
{
	int cmd, v;
	char name[32];

	if (!list_motion(app, key))
		select_flush(app);
	if (key == TK_FN(KEY_RESIZE)) {
		/* The next draw lays out for the new size, and repaints it
		 * all: after a storm of resizes the terminal may have
		 * scrolled or kept cells curses no longer knows of. */
		clearok(curscr, TRUE);
		return;
	}
	if (key == TK_FN(KEY_MOUSE)) {
		on_mouse(app);
		return;
	}
	if (app->prompt.ops) {
		prompt_key(app, key);
		return;
	}
	app->status[0] = 0;
	v = view_focused(app);
	cmd = lookup(app, key, v);
	if (tui_views[v]->request(app, cmd, key) ||
	    run_command(app, cmd, tui_views[v]->modal))
		return;
	if (key == TK_ESC)
		return; /* nothing to stop: nothing to say */
	ui_key_name(key, name, sizeof(name));
	if (bound(key))
		app_message(app, 0, "%s: not in this %s; ? for help", name,
		            tui_views[v]->modal ? "view" : "pane");
	else
		app_message(app, 0, "%s: no such key; ? for help", name);
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
			draw_times = fopen(getenv("GLOSSA_DRAW_TIMES"), "w");
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
	set_escdelay(25);
	wtimeout(stdscr, 250);
	if (!script_mode)
		mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED |
		              BUTTON5_PRESSED,
		          NULL);
	mouseinterval(0);
	style_init();
	cmds_init();

	memset(&app, 0, sizeof(app));
	app.db = db;
	app.db_path = db_path ? db_path : "";
	app.show_trans = 1;
	app.export_path = strdup("glossa-notes.txt");
	app.list.page_wait = -1;
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
			/* and the rest of a long article's layout, a chunk
			 * at a time (nothing drawn changes; "l START END"
			 * in GLOSSA_DRAW_TIMES for each) */
			while (!input_pending()) {
				double t0 = ui_now();
				if (!article_layout_step(&app))
					break;
				if (draw_times)
					fprintf(draw_times, "l %.6f %.6f\n", t0,
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
				if (draw_times)
					fprintf(draw_times, "s %.6f\n",
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
	if (draw_times)
		fclose(draw_times);
	draw_times = NULL;
	app_free(&app);
	return status;
}
