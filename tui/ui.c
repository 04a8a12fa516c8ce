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
	return glossa_clock();
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

static void pane_titles(struct app *app, char *list, char *art, char *notes,
                        size_t size)
{
	if (app->list.query && app->list.unranked)
		snprintf(list, size, "Results (newest %lld%s)",
		         (long long)app->list.total,
		         app->list.unranked == RANKING ? ", ranking" : "");
	else if (app->list.query)
		snprintf(list, size, "Results (%lld)",
		         (long long)app->list.total);
	else
		snprintf(list, size, "Articles (%lld)",
		         (long long)app->list.total);
	snprintf(art, size, "%s", app->art.a ? app->art.a->title : "Article");
	snprintf(notes, size, "Notes (%zu)",
	         app->art.a ? app->art.a->n_notes : (size_t)0);
}

/* " glossa ─ 7 articles ─ query: 战鼓" on the left, the archive's file
 * name on the right when there is room for it. */
static void draw_titlebar(struct app *app)
{
	const char *base = strrchr(app->db_path, '/');
	char buf[128];
	int x = 0, bw;

	base = base ? base + 1 : app->db_path;
	bw = str_cols(base);
	draw_fill(0, 0, COLS, ST_TITLEBAR);
	if (app->list.searching)
		snprintf(buf, sizeof(buf),
		         " glossa \xe2\x94\x80 searching \xe2\x94\x80 query: ");
	else if (app->list.query && app->list.unranked)
		snprintf(buf, sizeof(buf),
		         " glossa \xe2\x94\x80 %s \xe2\x94\x80 query: ",
		         app->list.unranked == RANKING ? "ranking" : "newest");
	else if (app->list.query)
		snprintf(buf, sizeof(buf),
		         " glossa \xe2\x94\x80 %lld found \xe2\x94\x80 query: ",
		         (long long)app->list.total);
	else
		snprintf(buf, sizeof(buf),
		         " glossa \xe2\x94\x80 %lld article%s",
		         (long long)app->list.total,
		         app->list.total == 1 ? "" : "s");
	x += draw_str(0, x, COLS, buf, ST_TITLEBAR, 0);
	if (COLS - x - 1 >= bw + 12) {
		draw_str(0, COLS - 1 - bw, bw, base, ST_TITLEBAR, 0);
		bw += 3;
	} else {
		bw = 0;
	}
	if (app->list.searching || app->list.query)
		draw_str(0, x, COLS - x - 1 - bw,
		         app->list.searching ? app->list.searching
		                             : app->list.query,
		         ST_TITLEBAR, 0);
}

static void draw_status(struct app *app)
{
	static const char hints[] = "/ search  \xe2\x90\xa3 mark  e export  "
	                            "? help  q quit";
	int y = LINES - 1, used;
	char buf[512];
	int hw = str_cols(hints);

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
	} else if (app->focus == PANE_ARTICLE && !app->help_open &&
	           article_cursor_status(app, buf, sizeof(buf))) {
		/* the whole line: the hints give way to the translation */
		draw_str(y, 1, COLS - 2, buf, ST_NORMAL, 0);
		return;
	} else if (app->list.total > 0) {
		snprintf(buf, sizeof(buf), "%s %lld of %lld",
		         app->list.query ? "result" : "article",
		         (long long)app->list.cur + 1,
		         (long long)app->list.total);
		used = draw_str(y, 1, COLS - 1, buf, ST_NORMAL, 0);
	} else {
		used = 0;
	}
	if (COLS - 1 - used - 2 >= hw)
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

static void draw_all(struct app *app)
{
	rect_t *p = app->pane;
	char lt[512], at[512], nt[512];

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
	draw_titlebar(app);
	if (app->glossary.open && !app->help_open) {
		draw_border(1, 0, COLS - 1, 0x250c, 0x2510, "Glossary", 1);
		draw_vline(2, 0, LINES - 4);
		draw_vline(2, COLS - 1, LINES - 4);
		draw_border(LINES - 2, 0, COLS - 1, 0x2514, 0x2518, NULL, 0);
		glossary_draw(app, 2, 1, LINES - 4, COLS - 2);
	} else if (app->help_open) {
		draw_border(1, 0, COLS - 1, 0x250c, 0x2510, "Help", 1);
		draw_vline(2, 0, LINES - 4);
		draw_vline(2, COLS - 1, LINES - 4);
		draw_border(LINES - 2, 0, COLS - 1, 0x2514, 0x2518, NULL, 0);
		help_draw(app, 2, 1, LINES - 4, COLS - 2);
	} else {
		pane_titles(app, lt, at, nt, sizeof(lt));
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
		list_draw(app, p[PANE_LIST], app->focus == PANE_LIST);
		article_draw(app, p[PANE_ARTICLE], app->focus == PANE_ARTICLE);
		notes_draw(app, p[PANE_NOTES], app->focus == PANE_NOTES);
	}
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

/* The command a key means in a pane: the mode's binding (the article's
 * character cursor, the glossary) first, then the pane's own. */
static int lookup(int key, int pane, int mode)
{
	static const int pane_scope[PANE_COUNT] = {SCOPE_LIST, SCOPE_ARTICLE,
	                                           SCOPE_NOTES};
	int any = CMD_NONE;

	for (int c = 0; mode >= 0 && c < CMD_COUNT; c++)
		for (int i = 0; i < cmds[c].nkeys; i++)
			if (cmds[c].keys[i] == key && cmds[c].scope == mode)
				return c;
	for (int c = 0; c < CMD_COUNT; c++)
		for (int i = 0; i < cmds[c].nkeys; i++) {
			if (cmds[c].keys[i] != key)
				continue;
			if (cmds[c].scope == pane_scope[pane])
				return c;
			if (cmds[c].scope == SCOPE_ANY && any == CMD_NONE)
				any = c;
		}
	return any;
}

static void display_path(const char *path, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s", strchr(path, '/') ? "" : "./", path);
}

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

static void page_move(struct app *app, int cmd)
{
	rect_t r = app->pane[app->focus];
	long page = r.h > 1 ? r.h - 1 : 1;
	long big = 1L << 30;
	long d = cmd == CMD_DOWN        ? 1
	         : cmd == CMD_UP        ? -1
	         : cmd == CMD_PAGE_DOWN ? page
	         : cmd == CMD_PAGE_UP   ? -page
	         : cmd == CMD_FIRST     ? -big
	                                : big;

	switch (app->focus) {
	case PANE_LIST: {
		int64_t to;
		if (list_row_height(app) > 1)
			page = r.h / 2 > 1 ? r.h / 2 - 1 : 1;
		d = cmd == CMD_PAGE_DOWN ? page
		    : cmd == CMD_PAGE_UP ? -page
		                         : d;
		to = cmd == CMD_FIRST  ? 0
		     : cmd == CMD_LAST ? app->list.total - 1
		                       : app->list.cur + d;
		list_move(app, to);
		break;
	}
	case PANE_ARTICLE:
		article_prepare(app, r.w - 1);
		article_scroll(app, d, r);
		break;
	case PANE_NOTES:
		notes_move(app, d, r);
		break;
	}
}

static void run_command(struct app *app, int cmd)
{
	switch (cmd) {
	case CMD_DOWN:
	case CMD_UP:
	case CMD_PAGE_DOWN:
	case CMD_PAGE_UP:
	case CMD_FIRST:
	case CMD_LAST:
		page_move(app, cmd);
		break;
	case CMD_OPEN:
		if (!app->art.a)
			break;
		app->focus = PANE_ARTICLE;
		if (!app->art.a->read) {
			if (glossa_db_check_file(app->db) != GLOSSA_OK ||
			    glossa_article_set_read(app->db, app->art.id, 1) !=
			        GLOSSA_OK) {
				app_message(app, 1, "%s",
				            glossa_db_errmsg(app->db));
				break;
			}
			app->art.a->read = 1;
			glossa_row_t *row =
			    (glossa_row_t *)list_row(app, app->list.cur);
			if (row && row->id == app->art.id)
				row->read = 1;
		}
		break;
	case CMD_NEXT_PANE:
		app->focus = (app->focus + 1) % PANE_COUNT;
		break;
	case CMD_PREV_PANE:
		app->focus = (app->focus + PANE_COUNT - 1) % PANE_COUNT;
		break;
	case CMD_BACK:
		if (app->focus == PANE_LIST)
			app->quit = 1;
		else
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
	case CMD_NEXT_PHRASE:
	case CMD_PREV_PHRASE:
		article_jump_phrase(app, cmd == CMD_NEXT_PHRASE ? 1 : -1,
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
	case CMD_MARK:
		notes_toggle(app);
		notes_move(app, 1, app->pane[PANE_NOTES]);
		break;
	case CMD_MARK_ALL:
		notes_mark_all(app);
		break;
	case CMD_CLEAR_MARKS:
		notes_clear(app);
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
		app->help_open = !app->help_open;
		app->help_top = 0;
		break;
	case CMD_CURSOR:
	case CMD_SELECT:
		article_cursor_start(app, cmd == CMD_SELECT,
		                     app->pane[PANE_ARTICLE]);
		break;
	case CMD_CUR_LEFT:
	case CMD_CUR_RIGHT:
	case CMD_CUR_WORD:
	case CMD_CUR_BACK_WORD:
	case CMD_CUR_END_WORD:
	case CMD_CUR_DOWN:
	case CMD_CUR_UP:
	case CMD_CUR_HOME:
	case CMD_CUR_END:
		article_cursor_move(app, cmd, app->pane[PANE_ARTICLE]);
		break;
	case CMD_CUR_LEAVE:
		article_cursor_stop(app);
		break;
	case CMD_ADD_GLOSS:
		annot_add_gloss(app);
		break;
	case CMD_ADD_NOTE:
		annot_add_note(app);
		break;
	case CMD_ADOPT:
		annot_adopt(app);
		break;
	case CMD_EDIT:
		annot_edit(app);
		break;
	case CMD_EDIT_EXTERNAL:
		annot_edit_external(app);
		break;
	case CMD_DELETE:
		annot_delete(app);
		break;
	case CMD_UNDELETE:
		annot_undelete(app);
		break;
	case CMD_GLOSSARY:
		glossary_open(app);
		break;
	}
}

static void on_mouse(struct app *app)
{
	MEVENT ev;

	if (getmouse(&ev) != OK || app->help_open || app->too_small)
		return;
	for (int i = 0; i < PANE_COUNT; i++) {
		rect_t r = app->pane[i];
		int saved = app->focus;
		if (ev.y < r.y || ev.y >= r.y + r.h || ev.x < r.x ||
		    ev.x >= r.x + r.w)
			continue;
		if (ev.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
			app->focus = i;
			for (int k = 0; k < 3; k++)
				page_move(app, ev.bstate & BUTTON4_PRESSED
				                   ? CMD_UP
				                   : CMD_DOWN);
			app->focus = saved;
		} else if (ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)) {
			app->focus = i;
			if (i == PANE_LIST)
				list_move(app, app->list.top +
				                   (ev.y - r.y) /
				                       list_row_height(app));
			else if (i == PANE_NOTES)
				notes_move(
				    app,
				    (long)(app->notes.top + (ev.y - r.y)) -
				        (long)app->notes.cur,
				    r);
		}
		return;
	}
}

/* A key that only moves the list's cursor: the article under it may be
 * loaded later (select_flush); any other key needs it now. */
static int list_motion(struct app *app, int key)
{
	int cmd;

	if (app->prompt.ops || app->help_open ||
	    app->glossary.open || app->focus != PANE_LIST ||
	    key == TK_FN(KEY_RESIZE) || key == TK_FN(KEY_MOUSE))
		return 0;
	cmd = lookup(key, PANE_LIST, -1);
	return cmd == CMD_DOWN || cmd == CMD_UP || cmd == CMD_PAGE_DOWN ||
	       cmd == CMD_PAGE_UP || cmd == CMD_FIRST || cmd == CMD_LAST;
}

static void handle_key(struct app *app, int key)
{
	int cmd;

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
	cmd = lookup(key, app->focus,
	             app->glossary.open && !app->help_open ? SCOPE_GLOSSARY
	             : app->focus == PANE_ARTICLE && app->art.cmode != CM_OFF
	                 ? SCOPE_CURSOR
	                 : -1);
	if (app->glossary.open && !app->help_open && cmd != CMD_HELP &&
	    cmd != CMD_QUIT && cmd != CMD_REDRAW) {
		glossary_key(app, cmd, key);
		return;
	}
	if (app->help_open) {
		if (cmd == CMD_BACK || cmd == CMD_HELP || key == TK_ESC)
			app->help_open = 0;
		else if (cmd == CMD_DOWN || cmd == CMD_PAGE_DOWN)
			app->help_top += cmd == CMD_DOWN ? 1 : 10;
		else if ((cmd == CMD_UP || cmd == CMD_PAGE_UP) &&
		         app->help_top > 0)
			app->help_top -= app->help_top < 10 ? app->help_top
			                 : cmd == CMD_UP    ? 1
			                                    : 10;
		else if (cmd == CMD_FIRST)
			app->help_top = 0;
		else if (cmd == CMD_LAST) /* help_draw() stops at the end */
			app->help_top = help_lines();
		else if (cmd == CMD_QUIT)
			app->quit = 1;
		return;
	}
	if (cmd != CMD_NONE)
		run_command(app, cmd);
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
