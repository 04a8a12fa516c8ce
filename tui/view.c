/*
 * view.c: what the views share: their table (views.h), the one cursor
 * and scrolling rule of list-like views, and the view stack that q goes
 * back through. Exports tui_views, view_modal, view_focused, view_scroll,
 * view_move, view_page, view_delta and the nav_* functions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

const struct view_ops *const tui_views[VIEW_COUNT] = {
#define TUI_VIEW_ENTRY(id, name) &name##_ops,
    TUI_VIEWS(TUI_VIEW_ENTRY)
#undef TUI_VIEW_ENTRY
};

/* The panes are the first views, in enum pane's order. */
_Static_assert((int)VIEW_LIST == (int)PANE_LIST &&
                   (int)VIEW_ARTICLE == (int)PANE_ARTICLE &&
                   (int)VIEW_NOTES == (int)PANE_NOTES && PANE_COUNT == 3,
               "the panes are the first three views");

int view_modal(const struct app *app)
{
	for (int v = VIEW_COUNT; v-- > 0;)
		if (tui_views[v]->modal && tui_views[v]->open &&
		    tui_views[v]->open(app))
			return v;
	return -1;
}

int view_focused(const struct app *app)
{
	int m = view_modal(app);

	return m >= 0 ? m : app->focus;
}

/* --- Cursor and scrolling -------------------------------------------- */

static size_t rows_of(const unsigned char *heights, size_t i)
{
	return heights ? heights[i] : 1;
}

void view_scroll(size_t n, int h, const unsigned char *heights, size_t *cur,
                 size_t *top)
{
	size_t used = 0;

	if (n == 0) {
		*cur = *top = 0;
		return;
	}
	if (*cur >= n)
		*cur = n - 1;
	if (*top > *cur)
		*top = *cur;
	if (h < 1)
		h = 1;
	/* the rows from top to the end of cur must fit, unless cur alone
	 * is taller than the pane (then it is at the top) */
	for (size_t i = *top; i <= *cur; i++)
		used += rows_of(heights, i);
	while (*top < *cur && used > (size_t)h)
		used -= rows_of(heights, (*top)++);
	/* no blank rows below the last item while items above could fill
	 * them (after a resize, or a delete at the end) */
	for (size_t i = *cur + 1; i < n && used < (size_t)h; i++)
		used += rows_of(heights, i);
	while (*top > 0 && used + rows_of(heights, *top - 1) <= (size_t)h)
		used += rows_of(heights, --*top);
}

void view_move(size_t n, int h, const unsigned char *heights, size_t *cur,
               size_t *top, long delta)
{
	long c = (long)*cur + delta;

	if (delta >= (1L << 30) || (c >= (long)n))
		c = (long)n - 1;
	if (delta <= -(1L << 30) || c < 0)
		c = 0;
	*cur = (size_t)c;
	view_scroll(n, h, heights, cur, top);
}

void view_page(size_t n, int h, size_t *top, long delta)
{
	size_t last = n > (size_t)h ? n - (size_t)h : 0;
	long t = (long)*top + delta;

	if (delta >= (1L << 30) || t > (long)last)
		t = (long)last;
	if (delta <= -(1L << 30) || t < 0)
		t = 0;
	*top = (size_t)t;
}

long view_delta(int cmd, int h)
{
	long page = h > 1 ? h - 1 : 1;

	switch (cmd) {
	case CMD_DOWN:
		return 1;
	case CMD_UP:
		return -1;
	case CMD_PAGE_DOWN:
		return page;
	case CMD_PAGE_UP:
		return -page;
	case CMD_FIRST:
		return -(1L << 30);
	case CMD_LAST:
		return 1L << 30;
	}
	return 0;
}

int view_list_key(int cmd, size_t n, int h, size_t *cur, size_t *top)
{
	long d = view_delta(cmd, h);

	if (!d)
		return 0;
	view_move(n, h, NULL, cur, top, d);
	return 1;
}

int view_cmd_key(const struct app *app, int v, int cmd, char *buf)
{
	int key = keys_first_for(app, v, cmd);

	if (key < 0)
		return 0;
	ui_key_name(key, buf, 32);
	return 1;
}

char *view_hints(const struct app *app, int v, const struct view_hint *hints,
                 const char *sep, char *buf, size_t size)
{
	size_t n = 0;

	buf[0] = '\0';
	for (const struct view_hint *h = hints; h && h->what; h++) {
		char k1[32], k2[32];
		int len;

		if (h->cmd == CMD_NONE)
			snprintf(k1, sizeof(k1), "%s", h->key);
		else if (!view_cmd_key(app, v, h->cmd, k1))
			continue;
		if (h->cmd2 != CMD_NONE && view_cmd_key(app, v, h->cmd2, k2))
			len = snprintf(buf + n, size - n, "%s%s/%s %s",
			               n ? sep : "", k1, k2, h->what);
		else
			len = snprintf(buf + n, size - n, "%s%s %s",
			               n ? sep : "", k1, h->what);
		if (len < 0 || (size_t)len >= size - n) {
			buf[n] = '\0'; /* only whole hints */
			break;
		}
		n += (size_t)len;
	}
	return buf;
}

void view_draw_hints(const struct app *app, int v, int y, int x, int w)
{
	char buf[256];

	view_hints(app, v, tui_views[v]->hints, "   ", buf, sizeof(buf));
	draw_str(y, x, w, buf, ST_DIM, 0);
}

/* --- The view stack -------------------------------------------------- */

static int push(struct app *app, const char *query, int64_t art_id,
                int glossary)
{
	struct nav_frame *f = realloc(app->nav, (app->nnav + 1) * sizeof(*f));

	if (!f) {
		app_message(app, 1, "out of memory");
		return -1;
	}
	app->nav = f;
	f += app->nnav;
	f->query = query ? strdup(query) : NULL;
	f->art_id = art_id;
	f->glossary = glossary;
	if (query && !f->query) {
		app_message(app, 1, "out of memory");
		return -1;
	}
	app->nnav++;
	return 0;
}

void nav_push_archive(struct app *app, int64_t art_id)
{
	push(app, NULL, art_id, 0);
}

void nav_push_view(struct app *app, int view)
{
	if (push(app, app->list.query, app->art.id, 0) == 0 &&
	    push(app, NULL, 0, view) != 0)
		free(app->nav[--app->nnav].query);
}

void nav_push_glossary(struct app *app)
{
	nav_push_view(app, VIEW_GLOSSARY);
}

/* Is the modal view kept under results? */
static int view_kept(const struct app *app, int view)
{
	for (size_t i = 0; i < app->nnav; i++)
		if (app->nav[i].glossary == view)
			return 1;
	return 0;
}

int nav_glossary_kept(const struct app *app)
{
	return view_kept(app, VIEW_GLOSSARY);
}

/* Show the kept modal view again, as it was left. */
static void reopen(struct app *app, int view)
{
	if (view == VIEW_SAVED)
		saved_reopen(app);
	else if (view == VIEW_FACETS)
		app->facets.open = 1;
	else
		app->glossary.open = 1;
}

/* Show the list of frame f again: the whole archive with its article
 * under the cursor, or the search again (its results when they come). */
static void restore_list(struct app *app, struct nav_frame *f)
{
	if (f->query) {
		list_reload(app, f->query);
	} else {
		if (f->art_id > 0)
			article_load(app, f->art_id);
		list_reload(app, NULL);
	}
}

int nav_back(struct app *app)
{
	struct nav_frame f;

	if (!app->nnav) {
		if (!app->list.query)
			return 0;
		list_reload(app, NULL); /* results with nothing under them */
		return 1;
	}
	f = app->nav[--app->nnav];
	if (f.glossary && app->nnav) {
		/* the view again, over the list it was opened from */
		struct nav_frame under = app->nav[--app->nnav];
		restore_list(app, &under);
		free(under.query);
		reopen(app, f.glossary);
	} else {
		restore_list(app, &f);
	}
	free(f.query);
	app->focus = PANE_LIST;
	return 1;
}

void nav_clear(struct app *app)
{
	int glossary = nav_glossary_kept(app);
	int saved = view_kept(app, VIEW_SAVED);
	int facets = view_kept(app, VIEW_FACETS);

	for (size_t i = 0; i < app->nnav; i++)
		free(app->nav[i].query);
	free(app->nav);
	app->nav = NULL;
	app->nnav = 0;
	if (glossary && !app->glossary.open)
		glossary_close(app);
	if (saved && !app->saved.open)
		saved_close(app);
	if (facets && !app->facets.open)
		facets_close(app);
}

/* The phrase of the glossary's query ("\"战鼓\"" is 战鼓). */
static void crumb_query(char *buf, size_t size, const char *q, int phrase)
{
	size_t n = strlen(q);

	if (phrase && n >= 2 && q[0] == '"' && q[n - 1] == '"')
		snprintf(buf, size, "%.*s", (int)(n - 2), q + 1);
	else
		snprintf(buf, size, "search: %s", q);
	str_trim_utf8(buf); /* a long query cut */
}

void nav_title(struct app *app, char *buf, size_t size)
{
	const struct list_view *lv = &app->list;
	int from_glossary =
	    app->nnav && app->nav[app->nnav - 1].glossary == VIEW_GLOSSARY;
	char part[600];
	size_t n;

#define ADD(...)                                                               \
	do {                                                                   \
		n = strlen(buf);                                               \
		if (n < size)                                                  \
			snprintf(buf + n, size - n, __VA_ARGS__);              \
	} while (0)
	snprintf(buf, size, " glossa");
	for (size_t i = 0; i < app->nnav; i++) {
		if (app->nav[i].glossary)
			ADD(" \xe2\x80\xba %s",
			    tui_views[app->nav[i].glossary]->name);
		else if (app->nav[i].query) {
			crumb_query(part, sizeof(part), app->nav[i].query, 0);
			ADD(" \xe2\x80\xba %s", part);
		}
	}
	if (lv->searching) {
		ADD(" \xe2\x80\xba searching: %s", lv->searching);
	} else if (lv->query) {
		char count[64];
		crumb_query(part, sizeof(part), lv->query, from_glossary);
		list_count_label(app, count, sizeof(count));
		ADD(" \xe2\x80\xba %s (%s)", part, count);
	} else if (view_modal(app) >= 0) {
		ADD(" \xe2\x80\xba %lld article%s", (long long)lv->total,
		    lv->total == 1 ? "" : "s");
	} else {
		/* the archive shown: its order and how much is left to read
		 * (a view over it names itself instead) */
		ADD(" \xe2\x80\xba %lld article%s, %lld unread, by %s",
		    (long long)lv->total, lv->total == 1 ? "" : "s",
		    (long long)lv->unread, glossa_order_name(lv->order));
	}
	/* the modal views open, bottom to top */
	for (int v = 0; v < VIEW_COUNT; v++) {
		if (!tui_views[v]->modal || !tui_views[v]->open(app))
			continue;
		ADD(" \xe2\x80\xba %s", tui_views[v]->name);
	}
#undef ADD
	str_trim_utf8(buf);
}
