/*
 * frame.c: the interface's frame: the layout of the panes, their borders,
 * the title bar and the status line, and the messages shown there.
 * Exports app_message, app_message_fit and app_show_status_now.
 *
 * Input handlers change state only; the screen is drawn in one place,
 * draw_all(), from that state, after every key.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "ui-internal.h"
#include "ui.h"

#define MIN_COLS 40
#define MIN_ROWS 10

/* The wide layout (the list beside the article and notes): set split,
 * auto from set wide-columns on (120). */
static int wide(void)
{
	return config.split == SPLIT_WIDE ||
	       (config.split == SPLIT_AUTO && COLS >= config.wide_columns);
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
	if (wide()) {
		int lw = COLS * config.list_width / 100;
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
	char hints[160];
	int y = LINES - 1, used;
	char buf[512];
	int hw;

	view_hints(app, view_focused(app), tui_views[view_focused(app)]->hints,
	           "  ", hints,
	           sizeof(hints));
	hw = str_cols(hints);

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
		int n = app->list.uncounted
		            ? snprintf(buf, sizeof(buf), "result %lld of %d+",
		                       (long long)app->list.cur + 1,
		                       GLOSSA_RANK_NEWEST)
		            : snprintf(buf, sizeof(buf), "%s %lld of %lld",
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
	if (hw && COLS - 1 - used - 2 >= hw)
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

void draw_all(struct app *app)
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
		if (wide()) {
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
	if (ui_draw_times) {
		/* for the benchmarks: when each screen was complete */
		fprintf(ui_draw_times, "%.6f\n", ui_now());
		fflush(ui_draw_times);
	}
}
