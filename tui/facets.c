/*
 * facets.c: the facets view (T): the archive's tags, sources or authors
 * (Tab goes to the next kind) with the number of articles of each, most
 * first (facets.h). Enter lists the articles, as the query tag:"X",
 * source:"X" or author:"X" finds them; q there comes back to this view
 * as it was left (the view stack, view.c).
 *
 * The view shows at once: the articles are counted a slice of 5 000
 * at a time while no key waits (facets_idle()), and the list is shown
 * as far as counted ("counting: 40000 of 1000000 articles"), so that
 * opening it at a million articles never holds the keys longer than a
 * slice. Exports facets_ops and
 * facets_close.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

/* The articles counted a slice, never interrupted (a slice stopped
 * midway would make the count start over): a key waits for at most one
 * (tens of ms, README). */
#define FACETS_SLICE 5000

static const char *const kind_names[GLOSSA_FACET_KINDS] = {"tags", "sources",
                                                           "authors"};
static const char *const kind_fields[GLOSSA_FACET_KINDS] = {"tag", "source",
                                                            "author"};

void facets_close(struct app *app)
{
	struct facets_view *fv = &app->facets;

	free(fv->e);
	glossa_facets_free(fv->f);
	memset(fv, 0, sizeof(*fv));
}

/* The values of the kind shown, as counted so far; the cursor stays on
 * the same row number. */
static void take_counts(struct app *app)
{
	struct facets_view *fv = &app->facets;

	free(fv->e);
	fv->e = NULL;
	fv->n = 0;
	if (glossa_facets_get(fv->f, (glossa_facet_kind_t)fv->kind, &fv->e,
	                      &fv->n) != GLOSSA_OK)
		app_message(app, 1, "out of memory");
}

static void facets_show(struct app *app)
{
	struct facets_view *fv = &app->facets;

	facets_close(app);
	if (glossa_facets_new(&fv->f) != GLOSSA_OK) {
		app_message(app, 1, "out of memory");
		return;
	}
	fv->open = 1;
}

/* Count the next slice; 0 when all are counted (or counting failed). */
static int facets_idle(struct app *app)
{
	struct facets_view *fv = &app->facets;
	glossa_status_t st;

	if (!fv->f || fv->done)
		return 0;
	st = glossa_facets_step(app->db, fv->f, FACETS_SLICE, &fv->done);
	if (st != GLOSSA_OK) {
		app_message(app, 1, "%s", glossa_db_errmsg(app->db));
		fv->done = 1;
	}
	take_counts(app);
	return 1;
}

/* The query that lists a value's articles: quoted, quotes inside made
 * spaces (a query cannot hold them). */
static char *value_query(const char *field, const char *value)
{
	size_t n = strlen(value), k = strlen(field);
	char *q = malloc(k + n + 4), *p = q;

	if (!q)
		return NULL;
	memcpy(p, field, k);
	p += k;
	*p++ = ':';
	*p++ = '"';
	for (size_t i = 0; i < n; i++)
		*p++ = value[i] == '"' ? ' ' : value[i];
	*p++ = '"';
	*p = 0;
	return q;
}

static int facets_request(struct app *app, int cmd, int key)
{
	struct facets_view *fv = &app->facets;
	int rows = app->whole.h - 2;
	char *q;

	if (view_list_key(cmd, fv->n, rows, &fv->cur, &fv->top))
		return 1;
	switch (cmd) {
	case CMD_FACETS_NEXT:
		fv->kind = (fv->kind + 1) % GLOSSA_FACET_KINDS;
		fv->cur = fv->top = 0;
		take_counts(app);
		break;
	case CMD_FACETS_OPEN:
		if (fv->cur >= fv->n)
			break;
		q = value_query(kind_fields[fv->kind], fv->e[fv->cur].value);
		if (!q) {
			app_message(app, 1, "out of memory");
			break;
		}
		/* kept, under the results: q comes back to it */
		nav_push_view(app, VIEW_FACETS);
		fv->open = 0;
		list_reload(app, q);
		app->list.nav_push = 0;
		app->focus = PANE_LIST;
		free(q);
		break;
	case CMD_BACK:
	case CMD_FACETS:
		facets_close(app);
		break;
	default:
		if (key != TK_ESC)
			return 0;
		facets_close(app);
		break;
	}
	return 1;
}

static void facets_prepare(struct app *app, rect_t r)
{
	struct facets_view *fv = &app->facets;

	view_scroll(fv->n, r.h - 2, NULL, &fv->cur, &fv->top);
}

static const struct view_hint facets_hints[] = {
    HINT(FACETS_OPEN, "articles"),
    HINT(FACETS_NEXT, "tags, sources, authors"),
    HINT(BACK, "close"),
    HINTS_END,
};

static void facets_draw(struct app *app, rect_t rect, int focused)
{
	struct facets_view *fv = &app->facets;
	int y = rect.y, x = rect.x, w = rect.w, rows = rect.h - 2;
	char head[160], count[32];
	int64_t total = 0;

	(void)focused;
	if (fv->done)
		snprintf(head, sizeof(head), "%zu %s", fv->n,
		         kind_names[fv->kind]);
	else if (glossa_db_count(app->db, &total) == GLOSSA_OK)
		snprintf(head, sizeof(head), "%zu %s (counting: %lld of %lld articles)",
		         fv->n, kind_names[fv->kind],
		         (long long)(fv->f ? glossa_facets_counted(fv->f) : 0),
		         (long long)total);
	else
		snprintf(head, sizeof(head), "%zu %s (counting)", fv->n,
		         kind_names[fv->kind]);
	draw_str(y, x + 1, w - 1, head, ST_BOLD, 0);
	view_draw_hints(app, VIEW_FACETS, y + 1, x + 1, w - 1);
	if (rows < 1)
		return;
	if (fv->n == 0) {
		draw_str(y + 2, x + 1, w - 1,
		         fv->done ? "none in the archive" : "counting\xe2\x80\xa6",
		         ST_DIM, 0);
		return;
	}
	for (int r = 0; r < rows && fv->top + (size_t)r < fv->n; r++) {
		size_t i = fv->top + (size_t)r;
		int st = i == fv->cur ? ST_SELECT : ST_NORMAL, cw;

		snprintf(count, sizeof(count), "%lld", (long long)fv->e[i].n);
		cw = str_cols(count);
		draw_fill(y + 2 + r, x, w, st);
		draw_str(y + 2 + r, x + 1, w - cw - 3, fv->e[i].value, st, 0);
		if (w > cw + 2)
			draw_str(y + 2 + r, x + w - cw - 1, cw, count,
			         st == ST_NORMAL ? ST_DIM : st, 0);
	}
}

static int facets_is_open(const struct app *app)
{
	return app->facets.open;
}

static void facets_title(struct app *app, char *buf, size_t size)
{
	snprintf(buf, size, "Facets: %s", kind_names[app->facets.kind]);
}

static void facets_free(struct app *app)
{
	facets_close(app);
}

const struct view_ops facets_ops = {
    .name = "facets",
    .scope = SCOPE_FACETS,
    .modal = 1,
    .hints = facets_hints,
    .title = facets_title,
    .prepare = facets_prepare,
    .draw = facets_draw,
    .request = facets_request,
    .open = facets_is_open,
    .show = facets_show,
    .free = facets_free,
    .idle = facets_idle,
};
