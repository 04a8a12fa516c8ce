/*
 * saved.c: the saved searches view (s): the configured searches (the
 * config file's `search NAME "QUERY"` lines, through
 * config_search_at()) and then those saved in the archive (glossa
 * search --save, W in the list), each with its number of articles and
 * how many of them are new since it was last opened here (matches
 * imported since: saved.h). Enter lists the results and remembers the
 * opening; q there comes back to this view (the view stack, view.c).
 *
 * The view shows at once: the counts come a search at a time while no
 * key waits (saved_idle(), the main loop's idle work), each stopped by
 * a key and taken again after it, so that a slow count (a common word
 * at a million articles) never holds the keys. Exports saved_ops,
 * saved_close, saved_reopen and saved_save_shown.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "ui.h"

static void free_entries(struct saved_view *sv)
{
	for (size_t i = 0; i < sv->n; i++) {
		free(sv->e[i].name);
		free(sv->e[i].query);
	}
	free(sv->e);
	sv->e = NULL;
	sv->n = 0;
}

void saved_close(struct app *app)
{
	free_entries(&app->saved);
	memset(&app->saved, 0, sizeof(app->saved));
}

static int add_entry(struct saved_view *sv, size_t *cap, const char *name,
                     const char *query, int configured)
{
	struct saved_entry *e;

	if (sv->n == *cap) {
		size_t c = *cap ? 2 * *cap : 16;
		struct saved_entry *g = realloc(sv->e, c * sizeof(*g));

		if (!g)
			return -1;
		sv->e = g;
		*cap = c;
	}
	e = &sv->e[sv->n];
	memset(e, 0, sizeof(*e));
	e->name = strdup(name);
	e->query = strdup(query);
	e->configured = configured;
	e->total = e->fresh = -1;
	if (!e->name || !e->query) {
		free(e->name);
		free(e->query);
		return -1;
	}
	sv->n++;
	return 0;
}

/* Read the searches again: the configured ones first, in the config's
 * order, then the archive's by name (one with a configured one's name
 * is left out: the config wins); the state of each from the archive. */
static void load(struct app *app)
{
	struct saved_view *sv = &app->saved;
	size_t nconf = 0, cap = 0, ns = 0;
	glossa_saved_t *s = NULL;
	const struct config_search *c;

	free_entries(sv);
	if (glossa_saved_list(app->db, 1, &s, &ns) != GLOSSA_OK) {
		app_message(app, 1, "%s", glossa_db_errmsg(app->db));
		s = NULL;
		ns = 0;
	}
	for (; (c = config_search_at(nconf)); nconf++)
		if (add_entry(sv, &cap, c->name, c->query, 1) < 0)
			goto nomem;
	for (size_t i = 0; i < ns; i++) {
		size_t k;

		for (k = 0; k < nconf && strcmp(sv->e[k].name, s[i].name); k++)
			;
		if (k < nconf) { /* the configured one's state */
			sv->e[k].seen_id = s[i].seen_id;
			sv->e[k].last_opened = s[i].last_opened;
			continue;
		}
		if (!s[i].kept)
			continue; /* a configured search no longer configured */
		if (add_entry(sv, &cap, s[i].name, s[i].query, 0) < 0)
			goto nomem;
		sv->e[sv->n - 1].seen_id = s[i].seen_id;
		sv->e[sv->n - 1].last_opened = s[i].last_opened;
	}
	glossa_saved_free(s, ns);
	return;
nomem:
	glossa_saved_free(s, ns);
	app_message(app, 1, "out of memory");
}

static void saved_show(struct app *app)
{
	app->saved.cur = app->saved.top = 0;
	load(app);
	app->saved.open = 1;
}

void saved_reopen(struct app *app)
{
	size_t cur = app->saved.cur, top = app->saved.top;

	load(app);
	app->saved.cur = cur;
	app->saved.top = top;
	app->saved.open = 1;
}

/*
 * Count the first search not counted yet; 0 when all are. A key waiting
 * stops the count (it is taken again after the key).
 */
static int saved_idle(struct app *app)
{
	struct saved_view *sv = &app->saved;
	struct saved_entry *e = NULL;
	glossa_status_t st;

	for (size_t i = 0; i < sv->n && !e; i++)
		if (sv->e[i].total < 0 && !sv->e[i].failed)
			e = &sv->e[i];
	if (!e)
		return 0;
	glossa_db_set_interrupt(app->db, ui_search_interrupt, NULL);
	st = glossa_search_count(app->db, e->query, e->seen_id, &e->total,
	                         e->last_opened ? &e->fresh : NULL);
	glossa_db_set_interrupt(app->db, NULL, NULL);
	if (st == GLOSSA_INTERRUPTED) {
		e->total = -1;
		return 0; /* the key first */
	}
	if (st != GLOSSA_OK) {
		e->total = -1;
		e->failed = 1;
		app_message(app, 1, "%s: %s", e->name,
		            glossa_db_errmsg(app->db));
	} else if (!e->last_opened) {
		e->fresh = 0;
	}
	return 1;
}

static int saved_request(struct app *app, int cmd, int key)
{
	struct saved_view *sv = &app->saved;
	int rows = app->whole.h - 2;
	struct saved_entry *e;
	glossa_status_t st;

	if (view_list_key(cmd, sv->n, rows, &sv->cur, &sv->top))
		return 1;
	switch (cmd) {
	case CMD_SAVED_OPEN:
		if (sv->cur >= sv->n)
			break;
		e = &sv->e[sv->cur];
		/* opened: its matches now are no longer new (a read-only
		 * archive cannot remember that, and says nothing) */
		st = glossa_saved_opened(app->db, e->name,
		                         e->configured ? e->query : NULL,
		                         e->total);
		if (st != GLOSSA_OK && st != GLOSSA_READONLY)
			app_message(app, 1, "%s", glossa_db_errmsg(app->db));
		/* kept, under the results: q comes back to it */
		nav_push_view(app, VIEW_SAVED);
		sv->open = 0;
		list_reload(app, e->query);
		app->list.nav_push = 0;
		app->focus = PANE_LIST;
		break;
	case CMD_BACK:
	case CMD_SAVED:
		saved_close(app);
		break;
	default:
		if (key != TK_ESC)
			return 0;
		saved_close(app);
		break;
	}
	return 1;
}

/* "12 articles, 3 new", "… articles" while not counted. */
static void count_text(const struct saved_entry *e, char *buf, size_t size)
{
	if (e->failed)
		snprintf(buf, size, "bad query");
	else if (e->total < 0)
		snprintf(buf, size, "\xe2\x80\xa6 articles");
	else if (e->fresh > 0)
		snprintf(buf, size, "%lld article%s, %lld new",
		         (long long)e->total, e->total == 1 ? "" : "s",
		         (long long)e->fresh);
	else
		snprintf(buf, size, "%lld article%s", (long long)e->total,
		         e->total == 1 ? "" : "s");
}

static const struct view_hint saved_hints[] = {
    HINT(SAVED_OPEN, "results"),
    HINT(BACK, "close"),
    HINTS_END,
};

static void saved_draw(struct app *app, rect_t rect, int focused)
{
	struct saved_view *sv = &app->saved;
	int y = rect.y, x = rect.x, w = rect.w, rows = rect.h - 2, nw = sv->nw;
	char head[64], count[64];

	(void)focused;
	snprintf(head, sizeof(head), "%zu saved search%s", sv->n,
	         sv->n == 1 ? "" : "es");
	draw_str(y, x + 1, w - 1, head, ST_BOLD, 0);
	view_draw_hints(app, VIEW_SAVED, y + 1, x + 1, w - 1);
	if (rows < 1)
		return;
	if (sv->n == 0) {
		char key[32], none[128];
		if (view_cmd_key(app, VIEW_LIST, CMD_SAVE_SEARCH, key))
			snprintf(none, sizeof(none),
			         "no saved search: %s in a search's results "
			         "saves it, or glossa search --save NAME QUERY",
			         key);
		else
			snprintf(none, sizeof(none), "no saved search: glossa "
			         "search --save NAME QUERY saves one");
		draw_str(y + 2, x + 1, w - 1, none, ST_DIM, 0);
		return;
	}
	for (int r = 0; r < rows && sv->top + (size_t)r < sv->n; r++) {
		size_t i = sv->top + (size_t)r;
		const struct saved_entry *e = &sv->e[i];
		int st = i == sv->cur ? ST_SELECT : ST_NORMAL;
		int cw, qx = x + 1 + nw + 2, row = y + 2 + r;

		count_text(e, count, sizeof(count));
		cw = str_cols(count);
		draw_fill(row, x, w, st);
		draw_str(row, x + 1, nw, e->name, st == ST_NORMAL ? ST_BOLD : st,
		         0);
		if (qx + 4 < x + w - cw - 2)
			draw_str(row, qx, x + w - cw - 2 - qx, e->query,
			         st == ST_NORMAL ? ST_DIM : st, 0);
		if (w > nw + cw + 3)
			draw_str(row, x + w - cw - 1, cw, count,
			         st == ST_NORMAL && e->fresh > 0 ? ST_UNREAD
			                                         : st,
			         0);
	}
}

/* The cursor kept in view, and the names' column measured. */
static void saved_prepare(struct app *app, rect_t r)
{
	struct saved_view *sv = &app->saved;

	view_scroll(sv->n, r.h - 2, NULL, &sv->cur, &sv->top);
	sv->nw = 0;
	for (size_t i = 0; i < sv->n; i++) {
		int c = str_cols(sv->e[i].name);
		if (c > sv->nw)
			sv->nw = c;
	}
	if (sv->nw > r.w / 3)
		sv->nw = r.w / 3;
}

static int saved_is_open(const struct app *app)
{
	return app->saved.open;
}

static void saved_title(struct app *app, char *buf, size_t size)
{
	(void)app;
	snprintf(buf, size, "Saved searches");
}

/* W: the name asked for, the search shown saved under it. */
static void save_accept(struct app *app, const char *text)
{
	if (!text || !*text || !app->list.query)
		return;
	if (glossa_saved_put(app->db, text, app->list.query) != GLOSSA_OK) {
		app_message(app, 1, "%s", glossa_db_errmsg(app->db));
		return;
	}
	app_message(app, 0, "saved the search as \xe2\x80\x9c%s\xe2\x80\x9d (s lists them)",
	            text);
}

static void save_cancel(struct app *app, const char *text)
{
	(void)text;
	app_message(app, 0, "not saved");
}

static const struct prompt_ops save_ops = {save_accept, save_cancel, NULL,
                                           PROMPT_REPLACE};

void saved_save_shown(struct app *app)
{
	if (!app->list.query) {
		app_message(app, 1, "no search shown to save: / searches");
		return;
	}
	prompt_open(app, &save_ops, "save the search as: ", app->list.query);
}

static void saved_free(struct app *app)
{
	saved_close(app);
}

const struct view_ops saved_ops = {
    .name = "saved searches",
    .scope = SCOPE_SAVED,
    .modal = 1,
    .hints = saved_hints,
    .title = saved_title,
    .prepare = saved_prepare,
    .draw = saved_draw,
    .request = saved_request,
    .open = saved_is_open,
    .show = saved_show,
    .free = saved_free,
    .idle = saved_idle,
};
