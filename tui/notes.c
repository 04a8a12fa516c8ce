/*
 * notes.c: the notes view: the glosses ("phrase  translation") and free
 * notes of the open article, each with a [x]/[ ] mark for export. Marks
 * are kept by annotation id, across articles. Exports notes_draw,
 * notes_move, notes_is_marked, notes_toggle, notes_mark_all, notes_clear
 * and notes_free.
 */
#include <stdlib.h>
#include <string.h>

#include "ui.h"

void notes_free(struct notes_view *nv)
{
	free(nv->marked);
	memset(nv, 0, sizeof(*nv));
}

int notes_is_marked(const struct app *app, int64_t id)
{
	for (size_t i = 0; i < app->notes.nmarked; i++)
		if (app->notes.marked[i] == id)
			return 1;
	return 0;
}

static void set_mark(struct app *app, int64_t id, int on)
{
	struct notes_view *nv = &app->notes;

	for (size_t i = 0; i < nv->nmarked; i++) {
		if (nv->marked[i] != id)
			continue;
		if (!on)
			nv->marked[i] = nv->marked[--nv->nmarked];
		return;
	}
	if (on) {
		int64_t *m =
		    realloc(nv->marked, (nv->nmarked + 1) * sizeof(*m));
		if (!m) {
			app_message(app, 1, "out of memory");
			return;
		}
		nv->marked = m;
		m[nv->nmarked++] = id;
	}
}

static size_t count(const struct app *app)
{
	return app->art.a ? app->art.a->n_notes : 0;
}

void notes_move(struct app *app, long delta, rect_t r)
{
	struct notes_view *nv = &app->notes;
	long n = (long)count(app), cur = (long)nv->cur + delta;

	if (cur >= n)
		cur = n - 1;
	if (cur < 0)
		cur = 0;
	nv->cur = (size_t)cur;
	if (nv->cur < nv->top)
		nv->top = nv->cur;
	if (r.h > 0 && nv->cur >= nv->top + (size_t)r.h)
		nv->top = nv->cur - (size_t)r.h + 1;
}

void notes_toggle(struct app *app)
{
	const glossa_annotation_t *g;

	if (app->notes.cur >= count(app))
		return;
	g = &app->art.a->notes[app->notes.cur];
	set_mark(app, g->id, !notes_is_marked(app, g->id));
	app_message(app, 0, "%zu note%s marked", app->notes.nmarked,
	            app->notes.nmarked == 1 ? "" : "s");
}

void notes_mark_all(struct app *app)
{
	for (size_t i = 0; i < count(app); i++)
		set_mark(app, app->art.a->notes[i].id, 1);
	app_message(app, 0, "%zu note%s marked", app->notes.nmarked,
	            app->notes.nmarked == 1 ? "" : "s");
}

void notes_clear(struct app *app)
{
	app->notes.nmarked = 0;
	app_message(app, 0, "marks cleared");
}

void notes_draw(struct app *app, rect_t r, int focused)
{
	struct notes_view *nv = &app->notes;
	size_t n = count(app);
	int pw = 0;

	if (n == 0) {
		draw_str(r.y, r.x + 1, r.w - 1, app->art.a ? "no notes" : "",
		         ST_DIM, 0);
		return;
	}
	if (nv->cur >= n)
		nv->cur = n - 1;
	if (nv->cur < nv->top)
		nv->top = nv->cur;
	if (nv->cur >= nv->top + (size_t)r.h)
		nv->top = nv->cur - (size_t)r.h + 1;
	/* the phrase column: as wide as the widest phrase, at most 1/3 */
	for (size_t i = 0; i < n; i++) {
		int w = str_cols(app->art.a->notes[i].phrase);
		if (w > pw)
			pw = w;
	}
	if (pw > (r.w - 6) / 3)
		pw = (r.w - 6) / 3;
	for (int row = 0; row < r.h && nv->top + row < n; row++) {
		size_t i = nv->top + row;
		const glossa_annotation_t *g = &app->art.a->notes[i];
		int st = i == nv->cur ? (focused ? ST_SELECT : ST_SELECT_DIM)
		                      : ST_NORMAL;
		int y = r.y + row, x = r.x + 1, w = r.w - 1;
		const char *rest;

		draw_fill(y, r.x, r.w, st);
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
		rest = g->kind == GLOSSA_KIND_GLOSS ? g->translation : g->note;
		if (g->detached && w > 11) {
			/* its phrase left the text when it was re-imported */
			draw_str(y, x, w, "(detached) ",
			         st == ST_NORMAL ? ST_DIM : st, 0);
			x += 11;
			w -= 11;
		}
		if (g->kind == GLOSSA_KIND_GLOSS && g->note[0] && w > 0) {
			int used = draw_str(y, x, w, rest, st, 0);
			draw_str(y, x + used, w - used, " \xe2\x80\x94 ", st,
			         0);
			used += 3;
			draw_str(y, x + used, w - used, g->note,
			         st == ST_NORMAL ? ST_DIM : st, 0);
		} else if (w > 0) {
			draw_str(y, x, w, rest, st, 0);
		}
	}
}
