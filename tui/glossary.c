/*
 * glossary.c: the glossary view (L): every phrase glossed anywhere in the
 * archive with its translations (all of them, where articles differ) and
 * the number of articles that contain it (counted for the rows shown,
 * when first shown), sorted by phrase; / filters it, Enter lists the
 * articles that contain the phrase (as a search), and q there comes
 * back to the glossary as it was left (the view stack, view.c). Exports
 * glossary_ops, glossary_open, glossary_close and glossary_reload.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

void glossary_close(struct app *app)
{
	struct glossary_view *gv = &app->glossary;

	glossa_glossary_free(gv->e, gv->n);
	free(gv->filter);
	memset(gv, 0, sizeof(*gv));
}

void glossary_reload(struct app *app, const char *filter)
{
	struct glossary_view *gv = &app->glossary;
	glossa_glossary_entry_t *e;
	size_t n;

	if (glossa_glossary_list(app->db, filter, &e, &n) != GLOSSA_OK) {
		app_message(app, 1, "%s", glossa_db_errmsg(app->db));
		return;
	}
	glossa_glossary_free(gv->e, gv->n);
	free(gv->filter);
	gv->e = e;
	gv->n = n;
	gv->cur = gv->top = 0;
	gv->filter = filter && *filter ? strdup(filter) : NULL;
	gv->open = 1;
	if (filter && *filter)
		app_message(app, 0,
		            "%zu phrase%s match \xe2\x80\x9c%s\xe2\x80\x9d", n,
		            n == 1 ? "" : "s", filter);
}

void glossary_open(struct app *app)
{
	glossary_reload(app, NULL);
}

/* The query that finds the phrase: quoted, quotes inside dropped. */
char *glossary_phrase_query(const char *phrase)
{
	size_t n = strlen(phrase);
	char *q = malloc(n + 3), *p = q;

	if (!q)
		return NULL;
	*p++ = '"';
	for (size_t i = 0; i < n; i++)
		*p++ = phrase[i] == '"' ? ' ' : phrase[i];
	*p++ = '"';
	*p = 0;
	return q;
}

static void filter_accept(struct app *app, const char *text)
{
	glossary_reload(app, text);
}

/* The filter offered goes when a character is typed, as the query does. */
static const struct prompt_ops filter_ops = {filter_accept, NULL, NULL,
                                             PROMPT_REPLACE};

static int glossary_request(struct app *app, int cmd, int key)
{
	struct glossary_view *gv = &app->glossary;
	int rows = app->whole.h - 2;
	char *q;

	if (view_list_key(cmd, gv->n, rows, &gv->cur, &gv->top))
		return 1;
	switch (cmd) {
	case CMD_GLOSSARY_FILTER:
		prompt_open(app, &filter_ops, "glossary filter: ", gv->filter);
		break;
	case CMD_GLOSSARY_OPEN:
		if (gv->cur >= gv->n)
			break;
		if (!(q = glossary_phrase_query(gv->e[gv->cur].phrase))) {
			app_message(app, 1, "out of memory");
			break;
		}
		/* kept, under the results: q comes back to it */
		nav_push_glossary(app);
		gv->open = 0;
		list_reload(app, q);
		app->list.nav_push = 0;
		app->focus = PANE_LIST;
		if (app->list.query && !app->status[0])
			app_message(app, 0, "%lld article%s contain%s %s",
			            (long long)app->list.total,
			            app->list.total == 1 ? "" : "s",
			            app->list.total == 1 ? "s" : "", q);
		free(q);
		break;
	case CMD_COPY:
		if (gv->cur < gv->n)
			outside_copy_entry(app, gv->e[gv->cur].phrase,
			                   gv->e[gv->cur].reading,
			                   gv->e[gv->cur].translations);
		break;
	case CMD_BACK:
	case CMD_GLOSSARY:
		glossary_close(app);
		break;
	default:
		if (key != TK_ESC)
			return 0;
		glossary_close(app);
		break;
	}
	return 1;
}

/* One row: phrase, reading, translations, the article count; pw and rw
 * are the widths of the phrase and reading columns (rw 0: no readings
 * shown), the same on every row so that the translations line up. */
static void draw_row(const glossa_glossary_entry_t *e, int y, int x, int w,
                     int pw, int rw, int st)
{
	char count[32], *tr = strdup(e->translations);
	int cw, used;

	if (e->n_articles < 0)
		snprintf(count, sizeof(count), "? articles");
	else
		snprintf(count, sizeof(count), "%lld article%s",
		         (long long)e->n_articles,
		         e->n_articles == 1 ? "" : "s");
	cw = str_cols(count);
	draw_fill(y, x, w, st);
	if (w < pw + cw + 6) {
		draw_str(y, x + 1, w - 1, e->phrase,
		         st == ST_NORMAL ? ST_GLOSS : st, 0);
		free(tr);
		return;
	}
	draw_str(y, x + 1, pw, e->phrase, st == ST_NORMAL ? ST_GLOSS : st, 0);
	used = x + 1 + pw + 2;
	{
		/* the translations, one a line, shown as "a; b" */
		char *joined = NULL;
		size_t n = tr ? strlen(tr) : 0, k = 0;
		if (tr && (joined = malloc(2 * n + 1))) {
			for (size_t i = 0; i < n; i++) {
				joined[k++] = tr[i] == '\n' ? ';' : tr[i];
				if (tr[i] == '\n')
					joined[k++] = ' ';
			}
			joined[k] = 0;
		}
		int rest = x + w - cw - 2 - used;
		int u = rw && rw + 2 < rest ? rw + 2 : 0;
		if (u)
			draw_str(y, used, rw, e->reading,
			         st == ST_NORMAL ? ST_DIM : st, 0);
		draw_str(y, used + u, rest - u, joined ? joined : "", st, 0);
		free(joined);
	}
	draw_str(y, x + w - cw - 1, cw, count, st == ST_NORMAL ? ST_DIM : st,
	         0);
	free(tr);
}

/* The rows shown are counted here (glossa_glossary_count()), and the
 * columns measured, before the draw. */
static void glossary_prepare(struct app *app, rect_t r)
{
	struct glossary_view *gv = &app->glossary;
	int rows = r.h - 2, w = r.w;
	size_t n;

	if (rows < 1 || gv->n == 0)
		return;
	view_scroll(gv->n, rows, NULL, &gv->cur, &gv->top);
	/* the columns, from every entry (they stay put while scrolling):
	 * the phrase at most a third of the width, the reading a third of
	 * what is left after it and a count (" 12 articles") */
	gv->pw = gv->rw = 0;
	for (size_t i = 0; i < gv->n; i++) {
		int c = str_cols(gv->e[i].phrase);
		int rc = str_cols(gv->e[i].reading);
		if (c > gv->pw)
			gv->pw = c;
		if (rc > gv->rw)
			gv->rw = rc;
	}
	if (gv->pw > w / 3)
		gv->pw = w / 3;
	if ((w - gv->pw - 16) / 3 < 4)
		gv->rw = 0;
	else if (gv->rw > (w - gv->pw - 16) / 3)
		gv->rw = (w - gv->pw - 16) / 3;
	n = gv->n - gv->top < (size_t)rows ? gv->n - gv->top : (size_t)rows;
	if (glossa_glossary_count(app->db, gv->e + gv->top, n) != GLOSSA_OK)
		app_message(app, 1, "%s", glossa_db_errmsg(app->db));
}

static const struct view_hint glossary_hints[] = {
    HINT(GLOSSARY_OPEN, "articles"),
    HINT(GLOSSARY_FILTER, "filter"),
    HINT(COPY, "copy"),
    HINT(BACK, "close"),
    HINTS_END,
};

static void glossary_draw(struct app *app, rect_t rect, int focused)
{
	struct glossary_view *gv = &app->glossary;
	char head[256];
	int y = rect.y, x = rect.x, h = rect.h, w = rect.w;
	int rows = h - 2;

	snprintf(
	    head, sizeof(head), "%zu phrase%s%s%s%s", gv->n,
	    gv->n == 1 ? "" : "s", gv->filter ? " matching \xe2\x80\x9c" : "",
	    gv->filter ? gv->filter : "", gv->filter ? "\xe2\x80\x9d" : "");
	str_trim_utf8(head);
	draw_str(y, x + 1, w - 1, head, ST_BOLD, 0);
	view_draw_hints(app, VIEW_GLOSSARY, y + 1, x + 1, w - 1);
	if (rows < 1)
		return;
	if (gv->n == 0) {
		draw_str(y + 2, x + 1, w - 1, "no glossed phrase", ST_DIM, 0);
		return;
	}
	(void)focused;
	for (int r = 0; r < rows && gv->top + (size_t)r < gv->n; r++) {
		size_t i = gv->top + (size_t)r;
		draw_row(&gv->e[i], y + 2 + r, x, w, gv->pw, gv->rw,
		         i == gv->cur ? ST_SELECT : ST_NORMAL);
	}
}

static int glossary_is_open(const struct app *app)
{
	return app->glossary.open;
}

static void glossary_title(struct app *app, char *buf, size_t size)
{
	(void)app;
	snprintf(buf, size, "Glossary");
}

const struct view_ops glossary_ops = {
    .name = "glossary",
    .scope = SCOPE_GLOSSARY,
    .modal = 1,
    .hints = glossary_hints,
    .title = glossary_title,
    .prepare = glossary_prepare,
    .draw = glossary_draw,
    .request = glossary_request,
    .open = glossary_is_open,
    .show = glossary_open,
};
