/*
 * list.c: the article list view (the whole archive, or the results of a
 * search). Exports list_reload, list_rank, list_row, list_move,
 * list_draw, list_row_height and list_free.
 *
 * The list never holds the archive: it keeps at most LIST_MAXPAGES pages
 * of LIST_PAGE rows around the cursor, read with glossa_list() (keyset
 * pagination by date and id) or, for search results, glossa_search()
 * (offset and limit).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

static void drop_page(struct list_view *lv, int i)
{
	glossa_page_clear(&lv->pages[i].pg);
	memmove(&lv->pages[i], &lv->pages[i + 1],
	        (size_t)(lv->npages - i - 1) * sizeof(lv->pages[0]));
	lv->npages--;
}

void list_free(struct list_view *lv)
{
	while (lv->npages > 0)
		drop_page(lv, lv->npages - 1);
	free(lv->query);
	lv->query = NULL;
}

static int64_t win_first(const struct list_view *lv)
{
	return lv->npages ? lv->pages[0].base : 0;
}

static int64_t win_end(const struct list_view *lv)
{
	const struct lpage *p;

	if (!lv->npages)
		return 0;
	p = &lv->pages[lv->npages - 1];
	return p->base + (int64_t)p->pg.n;
}

/* Fetch the page after (dir > 0) or before (dir < 0) the window, or the
 * first (dir == 0 with base 0) or last page (dir == 0, base -1) of a
 * fresh window. Returns the rows read, -1 on error. */
static long fetch(struct app *app, int dir, int64_t base)
{
	struct list_view *lv = &app->list;
	struct lpage np = {{0}, 0};
	glossa_status_t st;

	if (lv->query) {
		int64_t off = dir > 0   ? win_end(lv)
		              : dir < 0 ? win_first(lv) - LIST_PAGE
		                        : base;
		size_t lim = LIST_PAGE;
		if (off < 0) {
			lim = (size_t)(LIST_PAGE + off);
			off = 0;
		}
		if (lim == 0)
			return 0;
		/* the total was counted by list_reload(): counting again
		 * here cost a pass over every match per page scrolled */
		st = glossa_search(app->db, lv->query, (size_t)off, lim, &np.pg,
		                   NULL);
		np.base = off;
	} else {
		glossa_key_t key, *from = NULL;
		if (dir > 0) {
			const struct lpage *p = &lv->pages[lv->npages - 1];
			key.date = p->pg.rows[p->pg.n - 1].date;
			key.id = p->pg.rows[p->pg.n - 1].id;
			from = &key;
		} else if (dir < 0) {
			key.date = lv->pages[0].pg.rows[0].date;
			key.id = lv->pages[0].pg.rows[0].id;
			from = &key;
		}
		st = glossa_list(app->db, from, dir < 0 || base < 0, LIST_PAGE,
		                 &np.pg);
		if (dir > 0)
			np.base = win_end(lv);
		else if (dir < 0)
			np.base = win_first(lv) - (int64_t)np.pg.n;
		else if (base < 0)
			np.base = lv->total - (int64_t)np.pg.n;
		else
			np.base = 0;
		if (np.base < 0)
			np.base = 0;
	}
	if (st != GLOSSA_OK) {
		app_message(app, 1, "%s", glossa_db_errmsg(app->db));
		glossa_page_clear(&np.pg);
		return -1;
	}
	if (np.pg.n == 0) {
		glossa_page_clear(&np.pg);
		return 0;
	}
	if (dir >= 0) {
		if (lv->npages == LIST_MAXPAGES)
			drop_page(lv, 0);
		lv->pages[lv->npages++] = np;
	} else {
		if (lv->npages == LIST_MAXPAGES)
			drop_page(lv, lv->npages - 1);
		memmove(&lv->pages[1], &lv->pages[0],
		        (size_t)lv->npages * sizeof(lv->pages[0]));
		lv->pages[0] = np;
		lv->npages++;
	}
	return (long)np.pg.n;
}

static void reset_window(struct list_view *lv)
{
	while (lv->npages > 0)
		drop_page(lv, lv->npages - 1);
}

/* An empty window takes the first page of search results (pg is the
 * window's now, or cleared) and their total. */
static void set_results(struct list_view *lv, glossa_page_t *pg, int64_t total)
{
	lv->total = total;
	if (pg->n) {
		lv->pages[0].pg = *pg;
		lv->pages[0].base = 0;
		lv->npages = 1;
	} else {
		glossa_page_clear(pg);
	}
}

/* Make the window hold row idx, reading pages as needed; returns 0 when
 * it does. */
static int ensure(struct app *app, int64_t idx)
{
	struct list_view *lv = &app->list;

	if (idx < 0 || idx >= lv->total)
		return -1;
	if (lv->npages == 0 || idx < win_first(lv) - 2 * LIST_PAGE ||
	    idx >= win_end(lv) + 2 * LIST_PAGE) {
		reset_window(lv);
		if (lv->query)
			fetch(app, 0, idx - idx % LIST_PAGE);
		else if (idx < lv->total / 2)
			fetch(app, 0, 0);
		else
			fetch(app, 0, -1);
	}
	while (lv->npages && idx >= win_end(lv))
		if (fetch(app, 1, 0) <= 0)
			return -1;
	while (lv->npages && idx < win_first(lv))
		if (fetch(app, -1, 0) <= 0)
			return -1;
	return lv->npages ? 0 : -1;
}

/* A fresh window around the article (date, id) at position pos, read by
 * keyset from the article itself rather than from the first page. */
static void window_at(struct app *app, const char *date, int64_t id,
                      int64_t pos)
{
	struct list_view *lv = &app->list;
	glossa_key_t key = {date, id};
	struct lpage np = {{0}, 0};

	reset_window(lv);
	if (glossa_list(app->db, &key, 1, LIST_PAGE, &np.pg) == GLOSSA_OK &&
	    np.pg.n > 0) {
		np.base = pos - (int64_t)np.pg.n;
		lv->pages[0] = np;
		lv->npages = 1;
		fetch(app, 1, 0);
	} else {
		glossa_page_clear(&np.pg);
		fetch(app, 0, 0);
	}
}

const glossa_row_t *list_row(struct app *app, int64_t idx)
{
	struct list_view *lv = &app->list;

	if (ensure(app, idx))
		return NULL;
	for (int i = 0; i < lv->npages; i++) {
		struct lpage *p = &lv->pages[i];
		if (idx >= p->base && idx < p->base + (int64_t)p->pg.n)
			return &p->pg.rows[idx - p->base];
	}
	return NULL;
}

int list_row_height(const struct app *app)
{
	return app->list.query ? 2 : 1;
}

void list_move(struct app *app, int64_t to)
{
	struct list_view *lv = &app->list;
	const glossa_row_t *row;
	int64_t vis = app->pane[PANE_LIST].h / list_row_height(app);

	if (to >= lv->total)
		to = lv->total - 1;
	if (to < 0)
		to = 0;
	lv->cur = to;
	if (vis < 1)
		vis = 1;
	if (lv->cur < lv->top)
		lv->top = lv->cur;
	if (lv->cur >= lv->top + vis)
		lv->top = lv->cur - vis + 1;
	row = list_row(app, lv->cur);
	app_select_article(app, row ? row->id : 0);
}

/* Show the whole archive (query NULL or blank) or the results of query,
 * keeping the cursor on the same article when it is still listed. */
void list_reload(struct app *app, const char *query)
{
	struct list_view *lv = &app->list;
	int64_t keep = app->art.id, pos = -1;
	int64_t total = 0;

	reset_window(lv);
	free(lv->query);
	lv->query = NULL;
	lv->unranked = 0;
	if (query && strspn(query, " \t") < strlen(query))
		lv->query = strdup(query);
	lv->cur = lv->top = 0;
	if (lv->query) {
		glossa_page_t pg = {0};
		glossa_status_t st;
		double allowed = ui_rank_deadline();
		struct search_limit limit = {
		    allowed > 0 ? ui_now() + allowed : 0, allowed == 0};

		glossa_db_set_interrupt(app->db, ui_search_interrupt, &limit);
		st = limit.expired ? GLOSSA_INTERRUPTED
		                   : glossa_search(app->db, lv->query, 0,
		                                   LIST_PAGE, &pg, &total);
		if (st == GLOSSA_INTERRUPTED && limit.expired) {
			/* Ranking takes long: show the newest matches now
			 * (FTS5 streams them), rank them when no key waits. */
			limit.deadline = 0;
			st = glossa_search_newest(app->db, lv->query, 0,
			                          LIST_PAGE, &pg, NULL);
			total = (int64_t)pg.n;
			lv->unranked = st == GLOSSA_OK && pg.n > 0;
			if (lv->unranked)
				app_message(app, 0,
				            "the newest matches; "
				            "ranking them...");
		}
		glossa_db_set_interrupt(app->db, NULL, NULL);
		if (st != GLOSSA_OK) {
			if (st == GLOSSA_INTERRUPTED)
				app_message(app, 0,
				            "search stopped by a key; "
				            "showing the whole archive");
			else
				app_message(app, 1, "%s",
				            glossa_db_errmsg(app->db));
			glossa_page_clear(&pg);
			free(lv->query);
			lv->query = NULL;
			list_reload(app, NULL);
			return;
		}
		set_results(lv, &pg, total);
	} else {
		if (glossa_db_count(app->db, &total) != GLOSSA_OK)
			app_message(app, 1, "%s", glossa_db_errmsg(app->db));
		lv->total = total;
		if (keep > 0 && app->art.a &&
		    glossa_list_position(app->db, keep, &pos) == GLOSSA_OK &&
		    pos >= 0 && pos < total) {
			window_at(app, app->art.a->date, keep, pos);
			list_move(app, pos);
			return;
		}
	}
	list_move(app, 0);
}

/* Rank the results that list_reload() showed newest first. A key stops
 * it (the loop calls it again when no key waits); once ranked, the list
 * shows the best match first, the cursor on it. */
void list_rank(struct app *app)
{
	struct list_view *lv = &app->list;
	glossa_page_t pg = {0};
	glossa_status_t st;
	int64_t total = 0;

	glossa_db_set_interrupt(app->db, ui_search_interrupt, NULL);
	st = glossa_search(app->db, lv->query, 0, LIST_PAGE, &pg, &total);
	glossa_db_set_interrupt(app->db, NULL, NULL);
	if (st == GLOSSA_INTERRUPTED) {
		glossa_page_clear(&pg);
		return;
	}
	lv->unranked = 0;
	if (st != GLOSSA_OK) {
		glossa_page_clear(&pg);
		app_message(app, 1, "ranking: %s", glossa_db_errmsg(app->db));
		return;
	}
	reset_window(lv);
	lv->cur = lv->top = 0;
	set_results(lv, &pg, total);
	app_message(app, 0, "%lld article%s found, the best first",
	            (long long)total, total == 1 ? "" : "s");
	list_move(app, 0);
}

void list_draw(struct app *app, rect_t r, int focused)
{
	struct list_view *lv = &app->list;
	int rh = list_row_height(app);
	int vis = r.h / rh;

	if (lv->total == 0) {
		draw_str(r.y, r.x + 1, r.w - 1,
		         lv->query ? "no article matches" : "no articles yet",
		         ST_DIM, 0);
		return;
	}
	/* keep the cursor visible whatever the size became */
	if (lv->cur >= lv->top + vis)
		lv->top = lv->cur - vis + 1;
	if (lv->top > lv->cur)
		lv->top = lv->cur;
	if (lv->top < 0)
		lv->top = 0;
	for (int i = 0; i < vis; i++) {
		int64_t idx = lv->top + i;
		const glossa_row_t *row;
		int y = r.y + i * rh, x = r.x, w = r.w, st, srcw;
		char num[24];

		if (idx >= lv->total || !(row = list_row(app, idx)))
			break;
		st = idx == lv->cur ? (focused ? ST_SELECT : ST_SELECT_DIM)
		                    : ST_NORMAL;
		draw_fill(y, x, w, st);
		draw_cp(y, x, row->read ? ' ' : 0x2022,
		        st == ST_NORMAL ? ST_UNREAD : st);
		x += 2;
		w -= 2;
		if (row->n_notes > 0) {
			int nw = snprintf(num, sizeof(num), "%d", row->n_notes);
			if (nw + 1 < w) {
				draw_str(y, x + w - nw, nw, num,
				         st == ST_NORMAL ? ST_DIM : st, 0);
				w -= nw + 1;
			}
		}
		if (w > 30) {
			x += draw_str(y, x, 10, row->date, st, 0) + 1;
			w -= 11;
		}
		srcw = w / 4 > 16 ? 16 : w / 4;
		if (srcw >= 6 && w > 40) {
			draw_str(y, x, srcw, row->source,
			         st == ST_NORMAL ? ST_DIM : st, 0);
			x += srcw + 1;
			w -= srcw + 1;
		}
		draw_str(y, x, w, row->title,
		         st == ST_NORMAL && !row->read ? ST_BOLD : st, 0);
		if (rh > 1 && row->snippet)
			draw_str(y + 1, r.x + 4, r.w - 4, row->snippet,
			         ST_NORMAL, RT_MARKS);
	}
}
