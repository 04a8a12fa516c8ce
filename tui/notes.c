/*
 * notes.c: the notes view: the glosses ("phrase  translation") and free
 * notes of the open article, each with a [x]/[ ] mark for export. Marks
 * are kept by annotation id, across articles, in the archive (they
 * persist; here a copy of the ids); a note of several lines takes up to
 * three rows. Exports notes_ops, notes_move, notes_click,
 * notes_is_marked, notes_toggle, notes_mark_all, notes_clear,
 * notes_load_marks, notes_unmark and notes_free.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

void notes_free(struct notes_view *nv)
{
	free(nv->marked);
	free(nv->heights);
	memset(nv, 0, sizeof(*nv));
}

int notes_is_marked(const struct app *app, int64_t id)
{
	for (size_t i = 0; i < app->notes.nmarked; i++)
		if (app->notes.marked[i] == id)
			return 1;
	return 0;
}

/* Mark or unmark the note id, in the archive (marks persist) and here;
 * -1 (the message shown) when the archive refused. */
static int set_mark(struct app *app, int64_t id, int on)
{
	struct notes_view *nv = &app->notes;

	if (!on != !notes_is_marked(app, id) &&
	    (glossa_db_check_file(app->db) != GLOSSA_OK ||
	     glossa_mark_set(app->db, id, on) != GLOSSA_OK)) {
		app_message(app, 1, "not %s: %s", on ? "marked" : "unmarked",
		            glossa_db_errmsg(app->db));
		return -1;
	}
	for (size_t i = 0; i < nv->nmarked; i++) {
		if (nv->marked[i] != id)
			continue;
		if (!on)
			nv->marked[i] = nv->marked[--nv->nmarked];
		return 0;
	}
	if (on) {
		int64_t *m =
		    realloc(nv->marked, (nv->nmarked + 1) * sizeof(*m));
		if (!m) {
			app_message(app, 1, "out of memory");
			return -1;
		}
		nv->marked = m;
		m[nv->nmarked++] = id;
	}
	return 0;
}

void notes_load_marks(struct app *app)
{
	struct notes_view *nv = &app->notes;
	int64_t *ids;
	size_t n;

	if (glossa_marked(app->db, &ids, &n) != GLOSSA_OK) {
		app_message(app, 1, "%s", glossa_db_errmsg(app->db));
		return;
	}
	free(nv->marked);
	nv->marked = ids;
	nv->nmarked = n;
}

void notes_unmark(struct app *app, int64_t id)
{
	if (set_mark(app, id, 0) == 0)
		app_message(app, 0, "unmarked; %zu note%s marked",
		            app->notes.nmarked,
		            app->notes.nmarked == 1 ? "" : "s");
}

static size_t count(const struct app *app)
{
	return app->art.a ? app->art.a->n_notes : 0;
}

/* The rows each note takes in the pane: one a line of its text, at most
 * NOTE_ROWS (Enter reads it whole). */
#define NOTE_ROWS 3

static unsigned char *heights(struct app *app)
{
	struct notes_view *nv = &app->notes;
	size_t n = count(app);

	if (n > nv->nheights) {
		unsigned char *h = realloc(nv->heights, n);
		if (!h)
			return NULL;
		nv->heights = h;
		nv->nheights = n;
	}
	for (size_t i = 0; i < n; i++) {
		const glossa_annotation_t *g = &app->art.a->notes[i];
		const char *t = g->kind == GLOSSA_KIND_GLOSS && !g->note[0]
		                    ? g->translation
		                    : g->note;
		int rows = 1;
		for (const char *p = t; (p = strchr(p, '\n')); p++)
			if (++rows == NOTE_ROWS)
				break;
		if (g->kind == GLOSSA_KIND_GLOSS && g->note[0] &&
		    strchr(g->translation, '\n'))
			rows = NOTE_ROWS; /* rare: a translation of lines */
		nv->heights[i] = (unsigned char)rows;
	}
	return nv->heights;
}

void notes_move(struct app *app, long delta, rect_t r)
{
	struct notes_view *nv = &app->notes;

	view_move(count(app), r.h, heights(app), &nv->cur, &nv->top, delta);
}

void notes_click(struct app *app, int y)
{
	struct notes_view *nv = &app->notes;
	const unsigned char *h = heights(app);
	size_t i = nv->top;

	if (!h)
		return;
	for (; i < count(app) && y >= h[i]; i++)
		y -= h[i];
	if (i < count(app))
		notes_move(app, (long)i - (long)nv->cur, app->pane[PANE_NOTES]);
}

void notes_toggle(struct app *app)
{
	const glossa_annotation_t *g;

	if (app->notes.cur >= count(app))
		return;
	g = &app->art.a->notes[app->notes.cur];
	if (set_mark(app, g->id, !notes_is_marked(app, g->id)) < 0)
		return;
	app_message(app, 0, "%zu note%s marked", app->notes.nmarked,
	            app->notes.nmarked == 1 ? "" : "s");
}

void notes_mark_all(struct app *app)
{
	for (size_t i = 0; i < count(app); i++)
		if (set_mark(app, app->art.a->notes[i].id, 1) < 0)
			return;
	app_message(app, 0, "%zu note%s marked", app->notes.nmarked,
	            app->notes.nmarked == 1 ? "" : "s");
}

void notes_clear(struct app *app)
{
	while (app->notes.nmarked)
		if (set_mark(app, app->notes.marked[0], 0) < 0)
			return;
	app_message(app, 0, "marks cleared");
}

/* Draw the text t (its lines from the first) on rows y.. of the note's
 * rows, the continuation lines from column x0; the last row shown ends
 * with "…" when lines are left. Returns nothing; clipped to rows. */
static void draw_lines(const char *t, int y, int x, int w, int x0, int w0,
                       int rows, int st)
{
	char buf[1024];

	for (int row = 0; row < rows; row++) {
		const char *nl = strchr(t, '\n');
		size_t len = nl ? (size_t)(nl - t) : strlen(t);
		int used;

		snprintf(buf, sizeof(buf), "%.*s", (int)len, t);
		str_trim_utf8(buf);
		used = draw_str(y + row, x, w, buf, st, 0);
		if (!nl)
			return;
		t = nl + 1;
		if (row + 1 == rows) {
			draw_str(y + row, x + used, w - used, " \xe2\x80\xa6",
			         st, 0);
			return;
		}
		x = x0;
		w = w0;
	}
}

static void notes_prepare(struct app *app, rect_t r)
{
	struct notes_view *nv = &app->notes;
	size_t n = count(app);
	int pw = 0;

	view_scroll(n, r.h, heights(app), &nv->cur, &nv->top);
	/* the phrase column: as wide as the widest phrase, at most 1/3 */
	for (size_t i = 0; i < n; i++) {
		int w = str_cols(app->art.a->notes[i].phrase);
		if (w > pw)
			pw = w;
	}
	if (pw > (r.w - 6) / 3)
		pw = (r.w - 6) / 3;
	nv->pw = pw;
}

static void notes_draw(struct app *app, rect_t r, int focused)
{
	struct notes_view *nv = &app->notes;
	size_t n = count(app);
	int pw = nv->pw, row = 0;

	if (n == 0) {
		draw_str(r.y, r.x + 1, r.w - 1, app->art.a ? "no notes" : "",
		         ST_DIM, 0);
		return;
	}
	for (size_t i = nv->top; row < r.h && i < n; i++) {
		const glossa_annotation_t *g = &app->art.a->notes[i];
		int st = i == nv->cur ? (focused ? ST_SELECT : ST_SELECT_DIM)
		                      : ST_NORMAL;
		int y = r.y + row, x = r.x + 1, w = r.w - 1, x0, w0;
		int rows = i < nv->nheights ? nv->heights[i] : 1;
		const char *rest;

		if (rows > r.h - row)
			rows = r.h - row;
		for (int k = 0; k < rows; k++)
			draw_fill(y + k, r.x, r.w, st);
		draw_str(y, x, w, notes_is_marked(app, g->id) ? "[x]" : "[ ]",
		         st, 0);
		x += 4;
		w -= 4;
		if (g->phrase[0] && pw > 0) {
			draw_str(y, x, pw, g->phrase,
			         st == ST_NORMAL ? ST_GLOSS : st, 0);
			x += pw + 2;
			w -= pw + 2;
		}
		/* continuation lines start under the text */
		x0 = x;
		w0 = w;
		rest = g->kind == GLOSSA_KIND_GLOSS ? g->translation : g->note;
		if (g->detached && w > 11) {
			/* its phrase left the text when it was re-imported */
			draw_str(y, x, w, "(detached) ",
			         st == ST_NORMAL ? ST_DIM : st, 0);
			x += 11;
			w -= 11;
		}
		if (g->kind == GLOSSA_KIND_GLOSS && g->note[0] && w > 0) {
			char tr[512];
			int used;
			snprintf(tr, sizeof(tr), "%.*s",
			         (int)strcspn(rest, "\n"), rest);
			str_trim_utf8(tr);
			used = draw_str(y, x, w, tr, st, 0);
			draw_str(y, x + used, w - used, " \xe2\x80\x94 ", st,
			         0);
			used += 3;
			draw_lines(g->note, y, x + used, w - used, x0, w0, rows,
			           st == ST_NORMAL ? ST_DIM : st);
		} else if (w > 0) {
			draw_lines(rest, y, x, w, x0, w0, rows, st);
		}
		row += rows;
	}
}

static void notes_title(struct app *app, char *buf, size_t size)
{
	snprintf(buf, size, "Notes (%zu)",
	         app->art.a ? app->art.a->n_notes : (size_t)0);
}

/* After the notes cursor moved: the article shows that note's phrase. */
static void follow(struct app *app)
{
	if (app->notes.cur < count(app))
		article_show_note(app, &app->art.a->notes[app->notes.cur]);
}

static int notes_request(struct app *app, int cmd, int key)
{
	rect_t r = app->pane[PANE_NOTES];

	(void)key;
	switch (cmd) {
	case CMD_DOWN:
	case CMD_UP:
	case CMD_PAGE_DOWN:
	case CMD_PAGE_UP:
	case CMD_FIRST:
	case CMD_LAST:
		notes_move(app, view_delta(cmd, r.h), r);
		follow(app);
		return 1;
	case CMD_MARK:
		notes_toggle(app);
		notes_move(app, 1, r);
		return 1;
	case CMD_MARK_ALL:
		notes_mark_all(app);
		return 1;
	case CMD_CLEAR_MARKS:
		notes_clear(app);
		return 1;
	case CMD_NOTE_OPEN:
		if (app->notes.cur < count(app))
			note_ops.show(app);
		else
			app_message(app, 0, "no note here");
		return 1;
	case CMD_EDIT:
		annot_edit(app);
		return 1;
	case CMD_EDIT_EXTERNAL:
		annot_edit_external(app);
		return 1;
	case CMD_DELETE:
		annot_delete(app);
		return 1;
	}
	return 0;
}

static const struct view_hint notes_hints[] = {
    HINT(MARK, "mark"),
    HINT(NOTE_OPEN, "open"),
    HINT(EDIT, "edit"),
    HINT(HELP, "help"),
    HINTS_END,
};

const struct view_ops notes_ops = {
    .name = "notes",
    .scope = SCOPE_NOTES,
    .hints = notes_hints,
    .title = notes_title,
    .prepare = notes_prepare,
    .draw = notes_draw,
    .request = notes_request,
};
