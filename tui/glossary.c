/*
 * glossary.c: the glossary view (L): every phrase glossed anywhere in the
 * archive with its translations (all of them, where articles differ) and
 * the number of articles that contain it (counted for the rows shown,
 * when first shown), sorted by phrase; / filters it, Enter lists the
 * articles that contain the phrase (as a search). Exports
 * glossary_open, glossary_close, glossary_reload, glossary_draw and
 * glossary_key.
 */
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
static char *phrase_query(const char *phrase)
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

void glossary_key(struct app *app, int cmd, int key)
{
	struct glossary_view *gv = &app->glossary;
	size_t page = 10;
	char *q;

	switch (cmd) {
	case CMD_DOWN:
		if (gv->cur + 1 < gv->n)
			gv->cur++;
		break;
	case CMD_UP:
		if (gv->cur > 0)
			gv->cur--;
		break;
	case CMD_PAGE_DOWN:
		gv->cur = gv->cur + page < gv->n ? gv->cur + page
		          : gv->n                ? gv->n - 1
		                                 : 0;
		break;
	case CMD_PAGE_UP:
		gv->cur = gv->cur > page ? gv->cur - page : 0;
		break;
	case CMD_FIRST:
		gv->cur = 0;
		break;
	case CMD_LAST:
		gv->cur = gv->n ? gv->n - 1 : 0;
		break;
	case CMD_GLOSSARY_FILTER:
		prompt_open(app, &filter_ops, "glossary filter: ", gv->filter);
		break;
	case CMD_GLOSSARY_OPEN:
		if (gv->cur >= gv->n)
			break;
		if (!(q = phrase_query(gv->e[gv->cur].phrase))) {
			app_message(app, 1, "out of memory");
			break;
		}
		glossary_close(app);
		list_reload(app, q);
		app->focus = PANE_LIST;
		if (app->list.query && !app->status[0])
			app_message(app, 0, "%lld article%s contain%s %s",
			            (long long)app->list.total,
			            app->list.total == 1 ? "" : "s",
			            app->list.total == 1 ? "s" : "", q);
		free(q);
		break;
	case CMD_BACK:
	case CMD_GLOSSARY:
		glossary_close(app);
		break;
	default:
		if (key == TK_ESC)
			glossary_close(app);
		break;
	}
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

void glossary_draw(struct app *app, int y, int x, int h, int w)
{
	struct glossary_view *gv = &app->glossary;
	char head[256];
	int pw = 0, rw = 0, rows = h - 2;
	size_t n;

	snprintf(
	    head, sizeof(head), "%zu phrase%s%s%s%s", gv->n,
	    gv->n == 1 ? "" : "s", gv->filter ? " matching \xe2\x80\x9c" : "",
	    gv->filter ? gv->filter : "", gv->filter ? "\xe2\x80\x9d" : "");
	str_trim_utf8(head);
	draw_str(y, x + 1, w - 1, head, ST_BOLD, 0);
	draw_str(y + 1, x + 1, w - 1,
	         "Enter: the articles with the phrase   / filter   q close",
	         ST_DIM, 0);
	if (rows < 1)
		return;
	if (gv->n == 0) {
		draw_str(y + 2, x + 1, w - 1, "no glossed phrase", ST_DIM, 0);
		return;
	}
	if (gv->cur >= gv->n)
		gv->cur = gv->n - 1;
	if (gv->cur < gv->top)
		gv->top = gv->cur;
	if (gv->cur >= gv->top + (size_t)rows)
		gv->top = gv->cur - (size_t)rows + 1;
	/* the columns, from every entry (they stay put while scrolling):
	 * the phrase at most a third of the width, the reading a third of
	 * what is left after it and a count (" 12 articles") */
	for (size_t i = 0; i < gv->n; i++) {
		int c = str_cols(gv->e[i].phrase);
		int r = str_cols(gv->e[i].reading);
		if (c > pw)
			pw = c;
		if (r > rw)
			rw = r;
	}
	if (pw > w / 3)
		pw = w / 3;
	if ((w - pw - 16) / 3 < 4)
		rw = 0;
	else if (rw > (w - pw - 16) / 3)
		rw = (w - pw - 16) / 3;
	n = gv->n - gv->top < (size_t)rows ? gv->n - gv->top : (size_t)rows;
	if (glossa_glossary_count(app->db, gv->e + gv->top, n) != GLOSSA_OK)
		app_message(app, 1, "%s", glossa_db_errmsg(app->db));
	for (int r = 0; r < rows && gv->top + (size_t)r < gv->n; r++) {
		size_t i = gv->top + (size_t)r;
		draw_row(&gv->e[i], y + 2 + r, x, w, pw, rw,
		         i == gv->cur ? ST_SELECT : ST_NORMAL);
	}
}
