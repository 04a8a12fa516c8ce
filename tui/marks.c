/*
 * marks.c: the marks view (M): every marked note of the archive (marks
 * persist in it), newest article first, each with its phrase and its
 * translation or text; Space or u unmarks one, Enter opens its article.
 * Exports marks_ops.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

static void marks_clear(struct marks_view *mv)
{
	for (size_t i = 0; i < mv->n; i++)
		glossa_annotation_clear(&mv->notes[i]);
	free(mv->notes);
	mv->notes = NULL;
	mv->n = 0;
}

/* The marked notes, read again (the ids are the notes pane's copy). */
static void marks_load(struct app *app)
{
	struct marks_view *mv = &app->marks;
	struct notes_view *nv = &app->notes;

	marks_clear(mv);
	if (nv->nmarked &&
	    !(mv->notes = calloc(nv->nmarked, sizeof(*mv->notes)))) {
		app_message(app, 1, "out of memory");
		return;
	}
	for (size_t i = 0; i < nv->nmarked; i++)
		if (glossa_annotation_get(app->db, nv->marked[i],
		                          &mv->notes[mv->n]) == GLOSSA_OK)
			mv->n++;
	if (mv->cur >= mv->n)
		mv->cur = mv->n ? mv->n - 1 : 0;
}

static void marks_show(struct app *app)
{
	notes_load_marks(app); /* in the archive's order */
	app->marks.open = 1;
	app->marks.cur = app->marks.top = 0;
	marks_load(app);
}

static void marks_close(struct app *app)
{
	marks_clear(&app->marks);
	app->marks.open = 0;
}

static void marks_free(struct app *app)
{
	marks_close(app);
}

static int marks_is_open(const struct app *app)
{
	return app->marks.open;
}

static void marks_title(struct app *app, char *buf, size_t size)
{
	(void)app;
	snprintf(buf, size, "Marked notes");
}

static void marks_prepare(struct app *app, rect_t r)
{
	struct marks_view *mv = &app->marks;

	if (r.h - 2 >= 1 && mv->n)
		view_scroll(mv->n, r.h - 2, NULL, &mv->cur, &mv->top);
}

static const struct view_hint marks_hints[] = {
    HINT(MARKS_OPEN, "open"),
    HINT(MARKS_UNMARK, "unmark"),
    HINT(EXPORT, "export"),
    HINT(BACK, "close"),
    HINTS_END,
};

static void marks_draw(struct app *app, rect_t rect, int focused)
{
	struct marks_view *mv = &app->marks;
	int y = rect.y, x = rect.x, w = rect.w, rows = rect.h - 2;
	char head[64], id[32];

	(void)focused;
	snprintf(head, sizeof(head), "%zu marked note%s", mv->n,
	         mv->n == 1 ? "" : "s");
	draw_str(y, x + 1, w - 1, head, ST_BOLD, 0);
	view_draw_hints(app, VIEW_MARKS, y + 1, x + 1, w - 1);
	if (rows < 1)
		return;
	if (mv->n == 0) {
		draw_str(y + 2, x + 1, w - 1,
		         "no marked note (Space marks one in the notes pane)",
		         ST_DIM, 0);
		return;
	}
	for (int r = 0; r < rows && mv->top + (size_t)r < mv->n; r++) {
		size_t i = mv->top + (size_t)r;
		const glossa_annotation_t *g = &mv->notes[i];
		int st = i == mv->cur ? ST_SELECT : ST_NORMAL;
		int used, pc;

		draw_fill(y + 2 + r, x, w, st);
		snprintf(id, sizeof(id), "#%lld", (long long)g->article_id);
		draw_str(y + 2 + r, x + 1, 7, id,
		         st == ST_NORMAL ? ST_DIM : st, 0);
		used = x + 9;
		pc = g->phrase[0] ? str_cols(g->phrase) : 0;
		if (pc > w / 3)
			pc = w / 3;
		if (pc) {
			draw_str(y + 2 + r, used, pc, g->phrase,
			         st == ST_NORMAL ? ST_GLOSS : st, 0);
			used += pc + 2;
		}
		if (used < x + w - 1)
			draw_str(y + 2 + r, used, x + w - 1 - used,
			         g->kind == GLOSSA_KIND_GLOSS ? g->translation
			                                      : g->note,
			         st, 0);
	}
}

static int marks_request(struct app *app, int cmd, int key)
{
	struct marks_view *mv = &app->marks;
	int rows = app->whole.h - 2;
	int64_t art;

	if (view_list_key(cmd, mv->n, rows, &mv->cur, &mv->top))
		return 1;
	switch (cmd) {
	case CMD_MARKS_UNMARK:
		if (mv->cur >= mv->n)
			break;
		notes_unmark(app, mv->notes[mv->cur].id);
		marks_load(app);
		break;
	case CMD_MARKS_OPEN:
		if (mv->cur >= mv->n)
			break;
		art = mv->notes[mv->cur].article_id;
		marks_close(app);
		article_load(app, art);
		app->focus = PANE_NOTES;
		break;
	case CMD_BACK:
	case CMD_MARKS:
		marks_close(app);
		break;
	default:
		if (key != TK_ESC)
			return 0;
		marks_close(app);
		break;
	}
	return 1;
}

const struct view_ops marks_ops = {
    .name = "marks",
    .scope = SCOPE_MARKS,
    .modal = 1,
    .hints = marks_hints,
    .title = marks_title,
    .prepare = marks_prepare,
    .draw = marks_draw,
    .request = marks_request,
    .open = marks_is_open,
    .show = marks_show,
    .free = marks_free,
};
