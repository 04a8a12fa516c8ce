/*
 * list.c: the article list view (the whole archive, or the results of a
 * search). Exports list_ops, list_reload, list_refresh, list_rank,
 * list_search_done, list_stop_search, list_row, list_move, list_open,
 * list_row_height and list_free.
 *
 * The list never holds the archive: it keeps at most LIST_MAXPAGES pages
 * of LIST_PAGE rows around the cursor, read with glossa_list() (keyset
 * pagination by date and id) or, for search results, glossa_search()
 * (offset and limit). Searches run in the searcher's thread (searcher.c):
 * the list stays on the screen, and takes keys, until their results come;
 * a page of results the cursor reaches shows as "…" until it is read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui-internal.h"
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
	free(lv->searching);
	lv->searching = NULL;
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

/* Put page np into the window: after it (dir > 0) or before it (dir <
 * 0), dropping the page at the other end when the window is full. */
static void add_page(struct list_view *lv, struct lpage np, int dir)
{
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
}

/* Ask the searcher's thread for the results from off (limit lim); 1 if
 * it reads them (list_search_done() adds them), 0 if the page must be
 * read here: no thread, or a search of its own runs in it. */
static int fetch_later(struct app *app, int64_t off, size_t lim)
{
	struct list_view *lv = &app->list;
	struct search_job *j;

	if (searcher_fd() < 0 || lv->searching || lv->unranked == RANKING)
		return 0;
	/* one page at a time: the rows drawn may need two, and asking for
	 * the second would stop the first */
	if (lv->page_wait >= 0)
		return 1;
	if (!(j = calloc(1, sizeof(*j))) || !(j->query = strdup(lv->query))) {
		free(j);
		return 0;
	}
	j->kind = SEARCH_PAGE;
	j->offset = (size_t)off;
	j->limit = lim;
	j->all = lv->shown == SHOWN_RANKED;
	lv->page_wait = off;
	searcher_submit(app, j);
	return 1;
}

/* Fetch the page after (dir > 0) or before (dir < 0) the window, or the
 * first (dir == 0 with base 0) or last page (dir == 0, base -1) of a
 * fresh window. Returns the rows read, -1 on error, -2 when the
 * searcher's thread reads them. */
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
		if (fetch_later(app, off, lim))
			return -2;
		/* the total was counted by the first search: counting again
		 * here cost a pass over every match per page scrolled */
		st = (lv->shown == SHOWN_RANKED ? glossa_search_all
		                                : glossa_search)(
		    app->db, lv->query, (size_t)off, lim, &np.pg, NULL);
		np.base = off;
	} else {
		const glossa_row_t *from = NULL;
		if (dir > 0) {
			const struct lpage *p = &lv->pages[lv->npages - 1];
			from = &p->pg.rows[p->pg.n - 1];
		} else if (dir < 0) {
			from = &lv->pages[0].pg.rows[0];
		}
		st = glossa_list_sorted(app->db, lv->order, from,
		                        dir < 0 || base < 0, LIST_PAGE, &np.pg);
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
	add_page(lv, np, dir);
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

/* A fresh window around the article a at position pos, read by keyset
 * from the article itself rather than from the first page. */
static void window_at(struct app *app, const glossa_article_t *a,
                      int64_t pos)
{
	struct list_view *lv = &app->list;
	glossa_row_t key = {0};
	struct lpage np = {{0}, 0};

	key.id = a->id;
	key.date = a->date_iso;
	key.title = a->title;
	key.source = a->source;
	key.n_notes = (int)a->n_notes;
	reset_window(lv);
	if (glossa_list_sorted(app->db, lv->order, &key, 1, LIST_PAGE,
	                       &np.pg) == GLOSSA_OK &&
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

/* Results take two rows (the snippet under the title) when two of them
 * fit so; in a lower pane (heights 10 to 12) one row each, as articles,
 * rather than none. */
int list_row_height(const struct app *app)
{
	return app->list.query && app->pane[PANE_LIST].h >= 4 ? 2 : 1;
}

void list_move(struct app *app, int64_t to)
{
	struct list_view *lv = &app->list;
	const glossa_row_t *row;
	size_t cur, top = (size_t)lv->top;

	if (to >= lv->total)
		to = lv->total - 1;
	if (to < 0)
		to = 0;
	cur = (size_t)to;
	view_scroll(lv->total > 0 ? (size_t)lv->total : 0,
	            app->pane[PANE_LIST].h / list_row_height(app), NULL, &cur,
	            &top);
	lv->cur = (int64_t)cur;
	lv->top = (int64_t)top;
	row = list_row(app, lv->cur);
	app_select_article(app, row ? row->id : 0);
}

/* Start searching for query (the list stays until the results come);
 * reload: R's reload of the results shown. */
static void start_search(struct app *app, const char *query, int reload)
{
	struct list_view *lv = &app->list;
	struct search_job *j = calloc(1, sizeof(*j));
	char *q = strdup(query);

	if (!j || !q || !(j->query = strdup(query))) {
		free(j);
		free(q);
		app_message(app, 1, "out of memory");
		return;
	}
	free(lv->searching);
	lv->searching = q;
	lv->search_reload = reload;
	lv->nav_push = !lv->query && !reload;
	lv->page_wait = -1;
	if (lv->unranked == RANKING)
		lv->unranked = RANK_STOPPED;
	j->kind = SEARCH_FIRST;
	j->limit = LIST_PAGE;
	j->rank_seconds = ui_rank_deadline();
	app_message(app, 0, "searching... (Esc stops)");
	searcher_submit(app, j);
}

/* Rank the matches shown (all of them, within rank-time; all 0: the
 * newest only, and count them): in the searcher's thread, or here if it
 * has none (a key stops it, and the loop starts it again). */
static void start_ranking(struct app *app, int all)
{
	struct list_view *lv = &app->list;
	struct search_job *j = calloc(1, sizeof(*j));

	if (!j || !(j->query = strdup(lv->query))) {
		free(j);
		lv->unranked = RANK_STOPPED;
		return;
	}
	j->kind = SEARCH_RANK;
	j->limit = LIST_PAGE;
	j->rank_seconds = all ? ui_rank_all_deadline() : 0;
	lv->count_only = !all;
	lv->unranked = RANKING;
	lv->page_wait = -1;
	searcher_submit(app, j);
}

void list_reload(struct app *app, const char *query)
{
	struct list_view *lv = &app->list;
	int64_t keep = app->art.id, pos = -1;
	int64_t total = 0;

	if (query && strspn(query, " \t") < strlen(query)) {
		start_search(app, query, 0);
		return;
	}
	searcher_cancel();
	nav_clear(app); /* the whole archive: nothing to go back to */
	free(lv->searching);
	lv->searching = NULL;
	lv->page_wait = -1;
	reset_window(lv);
	free(lv->query);
	lv->query = NULL;
	lv->unranked = 0;
	lv->shown = SHOWN_RANKED;
	lv->uncounted = 0;
	lv->cur = lv->top = 0;
	if (glossa_db_count(app->db, &total) != GLOSSA_OK ||
	    glossa_count_unread(app->db, &lv->unread) != GLOSSA_OK)
		app_message(app, 1, "%s", glossa_db_errmsg(app->db));
	lv->total = total;
	if (keep > 0 && app->art.a && app->art.a->id == keep &&
	    glossa_list_position_sorted(app->db, lv->order, keep, &pos) ==
	        GLOSSA_OK &&
	    pos >= 0 && pos < total) {
		window_at(app, app->art.a, pos);
		list_move(app, pos);
		return;
	}
	list_move(app, 0);
}

void list_refresh(struct app *app)
{
	struct list_view *lv = &app->list;
	const char *cur = lv->searching ? lv->searching : lv->query;
	char *q;

	if (!cur) {
		list_reload(app, NULL);
		app_message(app, 0, "reloaded: %lld article%s",
		            (long long)lv->total, lv->total == 1 ? "" : "s");
		return;
	}
	/* start_search() frees lv->searching, which cur may be */
	if (!(q = strdup(cur))) {
		app_message(app, 1, "out of memory");
		return;
	}
	start_search(app, q, 1);
	free(q);
}

void list_rank(struct app *app)
{
	if (app->list.query && app->list.unranked == RANKING &&
	    !searcher_busy())
		start_ranking(app, 1);
}

/* A page of results read in the searcher's thread joins the window. */
static void page_done(struct app *app, struct search_job *j)
{
	struct list_view *lv = &app->list;
	struct lpage np = {j->page, (int64_t)j->offset};
	const glossa_row_t *row;

	memset(&j->page, 0, sizeof(j->page));
	lv->page_wait = -1;
	if (j->status != GLOSSA_OK || np.pg.n == 0) {
		if (j->status != GLOSSA_OK)
			app_message(app, 1, "%s", j->errmsg);
		glossa_page_clear(&np.pg);
		return;
	}
	if (lv->npages && np.base == win_end(lv))
		add_page(lv, np, 1);
	else if (lv->npages && np.base + (int64_t)np.pg.n == win_first(lv))
		add_page(lv, np, -1);
	else {
		reset_window(lv);
		add_page(lv, np, 0);
	}
	/* the cursor may be on a row of it: show that article */
	if ((row = list_row(app, lv->cur)) && row->id != app->select_id)
		app_select_article(app, row->id);
}

void list_search_done(struct app *app, struct search_job *j)
{
	struct list_view *lv = &app->list;
	int first = j->kind == SEARCH_FIRST;

	if (j->kind == SEARCH_PAGE) {
		page_done(app, j);
		search_job_free(j);
		return;
	}
	if (j->status != GLOSSA_OK) {
		if (j->status == GLOSSA_INTERRUPTED && first)
			app_message(app, 0, "search stopped by a key");
		else if (j->status != GLOSSA_INTERRUPTED)
			app_message(app, 1, "%s%s",
			            first ? "" : "ranking: ", j->errmsg);
		/* a key stopped the ranking (no thread): it starts again
		 * when no key waits */
		if (!first && j->status != GLOSSA_INTERRUPTED)
			lv->unranked = RANK_STOPPED;
		if (first) {
			free(lv->searching);
			lv->searching = NULL;
		}
		search_job_free(j);
		return;
	}
	if (first) {
		/* the results leave the whole archive: q comes back to the
		 * article selected there */
		if (lv->nav_push && !lv->query) {
			const glossa_row_t *row = list_row(app, lv->cur);
			nav_push_archive(app, row ? row->id : app->art.id);
		}
		lv->nav_push = 0;
		free(lv->query);
		lv->query = lv->searching;
		lv->searching = NULL;
	}
	/* a ranking of every match that replaces the newest ranked: the
	 * cursor stays on its article if that is on the new first page;
	 * if it is not, and the user moved or reads it, the list stays as
	 * it is (counted now), and R shows the whole ranking */
	int64_t to = 0, keep = -1;
	if (!first && lv->shown == SHOWN_PARTIAL && !lv->search_reload &&
	    (lv->cur > 0 || app->focus != PANE_LIST)) {
		const glossa_row_t *row = list_row(app, lv->cur);
		keep = row ? row->id : -1;
	}
	for (size_t i = 0; keep >= 0 && i < j->page.n; i++)
		if (j->page.rows[i].id == keep)
			keep = -1, to = (int64_t)i;
	if (keep >= 0) {
		lv->total = j->total;
		lv->uncounted = 0;
		lv->unranked = RANK_STOPPED;
		if (j->all)
			app_message(app, 0, "%lld articles found; R shows every"
			            " one ranked, the best first",
			            (long long)j->total);
		else
			app_message(app, 0, "%lld articles found; the %d newest"
			            " ranked", (long long)j->total,
			            GLOSSA_RANK_NEWEST);
		search_job_free(j);
		return;
	}
	reset_window(lv);
	lv->page_wait = -1;
	lv->cur = lv->top = 0;
	/* the first results of more matches than they ranked come
	 * uncounted (glossa_search_first()): the ranking of every match
	 * (within rank-time, else of the newest) counts them meanwhile */
	lv->uncounted = first && !j->unranked && j->total < 0;
	lv->count_only = 0;
	if (!glossa_search_ranks(lv->query))
		lv->shown = SHOWN_RANKED; /* filters alone: list order */
	else if (first && j->unranked)
		lv->shown = SHOWN_NEWEST;
	else if (lv->uncounted || (j->total > GLOSSA_RANK_NEWEST && !j->all))
		lv->shown = SHOWN_PARTIAL;
	else
		lv->shown = SHOWN_RANKED;
	lv->unranked = first && lv->shown != SHOWN_RANKED ? RANKING
	               : lv->shown == SHOWN_PARTIAL       ? RANK_STOPPED
	                                                  : 0;
	set_results(lv, &j->page,
	            j->total >= 0 ? j->total : (int64_t)j->page.n);
	memset(&j->page, 0, sizeof(j->page));
	if (lv->shown == SHOWN_NEWEST)
		app_message(app, 0, "the newest matches; ranking them...");
	else if (lv->uncounted)
		app_message(app, 0, "%smore than %d articles found; %s...",
		            lv->search_reload ? "reloaded: " : "",
		            GLOSSA_RANK_NEWEST,
		            ui_rank_all_deadline() != 0 ? "ranking every one"
		                                        : "counting them");
	else if (!first && lv->shown == SHOWN_PARTIAL)
		app_message(app, 0, "%lld articles found; the %d newest ranked%s",
		            (long long)lv->total, GLOSSA_RANK_NEWEST,
		            ui_rank_all_deadline() != 0
		                ? " (ranking every one takes longer than"
		                  " rank-time)"
		                : "");
	else if (!first)
		app_message(app, 0, "%lld article%s found, the best first",
		            (long long)lv->total, lv->total == 1 ? "" : "s");
	else
		app_message(app, 0, "%s%lld article%s found",
		            lv->search_reload ? "reloaded: " : "",
		            (long long)lv->total, lv->total == 1 ? "" : "s");
	search_job_free(j);
	list_move(app, to);
	/* without the thread, the loop ranks them once they are drawn */
	if (lv->unranked == RANKING && searcher_fd() >= 0)
		start_ranking(app, 1);
}

int list_stop_search(struct app *app)
{
	struct list_view *lv = &app->list;

	if (lv->searching) {
		searcher_cancel();
		free(lv->searching);
		lv->searching = NULL;
		lv->page_wait = -1;
		app_message(app, 0, "search stopped");
		return 1;
	}
	if (lv->unranked == RANKING) {
		searcher_cancel();
		lv->unranked = RANK_STOPPED;
		lv->page_wait = -1;
		if (lv->uncounted && !lv->count_only) {
			/* not ranked whole: counted, the newest ranked */
			start_ranking(app, 0);
			app_message(app, 0, "the %d newest ranked; counting "
			            "the rest (Esc stops)", GLOSSA_RANK_NEWEST);
		} else if (lv->uncounted) {
			app_message(app, 0, "stopped: the best of the %d "
			            "newest, the rest not counted (R searches "
			            "again)", GLOSSA_RANK_NEWEST);
		} else if (lv->shown == SHOWN_PARTIAL)
			app_message(app, 0, "the %d newest ranked, the older"
			            " ones newest first", GLOSSA_RANK_NEWEST);
		else
			app_message(app, 0,
			            "not ranked: the newest matches first");
		return 1;
	}
	return 0;
}

/* The columns of a row, the same on every row drawn: the note count
 * (right), the day, the source, and the title in the rest. */
struct list_cols {
	int num, day, src, title;
};

/* The columns for the rows drawn, from the widest note count among them
 * and the pane's width: computed once for the page, never row by row
 * (the source's width does not follow the sources shown, so that the
 * titles stay where they are while the list scrolls). */
static struct list_cols list_columns(struct app *app, int w, int vis)
{
	struct list_view *lv = &app->list;
	struct list_cols c = {0, 0, 0, 0};

	for (int i = 0; i < vis && lv->top + i < lv->total; i++) {
		const glossa_row_t *row = list_row(app, lv->top + i);
		char num[24];
		int n;

		if (!row)
			continue;
		if (row->n_notes > 0 && (n = snprintf(num, sizeof(num), "%d",
		                                      row->n_notes)) > c.num)
			c.num = n;
	}
	w -= 2; /* the unread mark */
	if (c.num && c.num + 1 < w)
		w -= c.num + 1;
	else
		c.num = 0;
	if (w > 30) {
		c.day = 10;
		w -= 11;
	}
	c.src = w / 4 > 16 ? 16 : w / 4;
	if (c.src >= 6 && w > 40)
		w -= c.src + 1;
	else
		c.src = 0;
	c.title = w;
	return c;
}

static void list_draw(struct app *app, rect_t r, int focused)
{
	struct list_view *lv = &app->list;
	int rh = list_row_height(app);
	int vis = r.h / rh;
	struct list_cols c;

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
	c = list_columns(app, r.w, vis);
	for (int i = 0; i < vis; i++) {
		int64_t idx = lv->top + i;
		const glossa_row_t *row;
		int y = r.y + i * rh, x = r.x, st;
		char num[24];

		if (idx >= lv->total)
			break;
		if (!(row = list_row(app, idx))) {
			/* a page of results still being read */
			if (lv->page_wait < 0)
				break;
			draw_str(y, x + 2, r.w - 2, "\xe2\x80\xa6", ST_DIM, 0);
			continue;
		}
		st = idx == lv->cur ? (focused ? ST_SELECT : ST_SELECT_DIM)
		                    : ST_NORMAL;
		draw_fill(y, x, r.w, st);
		draw_cp(y, x, row->read ? ' ' : 0x2022,
		        st == ST_NORMAL ? ST_UNREAD : st);
		x += 2;
		if (c.num && row->n_notes > 0) {
			int nw = snprintf(num, sizeof(num), "%d", row->n_notes);
			draw_str(y, r.x + r.w - nw, nw, num,
			         st == ST_NORMAL ? ST_DIM : st, 0);
		}
		if (c.day) {
			/* the day of the normalised date (no time); "?" for
			 * a Date glossa cannot read, "-" for none */
			char day[11];
			snprintf(day, sizeof(day), "%s",
			         row->date[0]    ? row->date
			         : row->bad_date ? "?"
			                         : "-");
			draw_str(y, x, c.day, day, st, 0);
			x += c.day + 1;
		}
		if (c.src) {
			draw_str(y, x, c.src, row->source,
			         st == ST_NORMAL ? ST_DIM : st, 0);
			x += c.src + 1;
		}
		(st == ST_NORMAL ? highlight_draw_str : draw_str)(
		    y, x, c.title, row->title,
		    st == ST_NORMAL && !row->read ? ST_BOLD : st, 0);
		if (rh > 1 && row->snippet)
			highlight_draw_str(y + 1, r.x + 4, r.w - 4,
			                   row->snippet, ST_NORMAL, RT_MARKS);
	}
}

void list_open(struct app *app)
{
	glossa_row_t *row;

	if (!app->art.a || app->art.a->read)
		return;
	if (glossa_db_check_file(app->db) != GLOSSA_OK ||
	    glossa_article_set_read(app->db, app->art.id, 1) != GLOSSA_OK) {
		app_message(app, 1, "%s", glossa_db_errmsg(app->db));
		return;
	}
	app->art.a->read = 1;
	app->list.unread--;
	row = (glossa_row_t *)list_row(app, app->list.cur);
	if (row && row->id == app->art.id)
		row->read = 1;
}

void list_count_label(const struct app *app, char *buf, size_t size)
{
	const struct list_view *lv = &app->list;
	long long n = (long long)lv->total;

	if (!lv->query)
		snprintf(buf, size, "%lld", n);
	else if (lv->shown == SHOWN_NEWEST)
		snprintf(buf, size, "newest %lld%s", n,
		         lv->unranked == RANKING ? ", ranking" : "");
	else if (lv->uncounted && lv->unranked == RANKING)
		snprintf(buf, size, "%d+, %s", GLOSSA_RANK_NEWEST,
		         ui_rank_all_deadline() != 0 ? "ranking" : "counting");
	else if (lv->uncounted)
		snprintf(buf, size, "%d+", GLOSSA_RANK_NEWEST);
	else if (lv->shown == SHOWN_PARTIAL && lv->unranked == RANKING)
		snprintf(buf, size, "%lld, ranking", n);
	else if (lv->shown == SHOWN_PARTIAL)
		snprintf(buf, size, "%lld, %d newest ranked", n,
		         GLOSSA_RANK_NEWEST);
	else
		snprintf(buf, size, "%lld", n);
}

static void list_title(struct app *app, char *buf, size_t size)
{
	char count[64];

	list_count_label(app, count, sizeof(count));
	snprintf(buf, size, "%s (%s)", app->list.query ? "Results" : "Articles",
	         count);
}

/* The rows shown read from the archive (pages of results being read in
 * the searcher's thread show as "…"), the cursor kept in view. */
static void list_prepare(struct app *app, rect_t r)
{
	struct list_view *lv = &app->list;
	int vis = r.h / list_row_height(app);
	size_t cur = (size_t)lv->cur, top = (size_t)lv->top;

	if (lv->total <= 0 || vis < 1)
		return;
	view_scroll((size_t)lv->total, vis, NULL, &cur, &top);
	lv->cur = (int64_t)cur;
	lv->top = (int64_t)top;
	for (int i = 0; i < vis && lv->top + i < lv->total; i++)
		if (!list_row(app, lv->top + i) && lv->page_wait < 0)
			break;
}

static int list_request(struct app *app, int cmd, int key)
{
	struct list_view *lv = &app->list;
	rect_t r = app->pane[PANE_LIST];
	long d;

	(void)key;
	switch (cmd) {
	case CMD_DOWN:
	case CMD_UP:
	case CMD_PAGE_DOWN:
	case CMD_PAGE_UP:
	case CMD_FIRST:
	case CMD_LAST:
		/* a page of results is half the rows: two each */
		d = view_delta(cmd, r.h / list_row_height(app));
		list_move(app, cmd == CMD_FIRST  ? 0
		               : cmd == CMD_LAST ? lv->total - 1
		                                 : lv->cur + d);
		return 1;
	case CMD_OPEN:
		if (!app->art.a)
			return 1;
		app->focus = PANE_ARTICLE;
		list_open(app);
		return 1;
	case CMD_DELETE_ARTICLE:
		manage_delete(app);
		return 1;
	case CMD_SORT:
		manage_sort(app);
		return 1;
	case CMD_BACK:
		/* back where the list came from; from the whole archive,
		 * out */
		if (!nav_back(app))
			app->quit = 1;
		return 1;
	}
	return 0;
}

static const struct view_hint list_hints[] = {
    HINT(OPEN, "open"),
    HINT(SEARCH, "search"),
    HINT(GLOSSARY, "glossary"),
    HINT(HELP, "help"),
    HINTS_END,
};

const struct view_ops list_ops = {
    .name = "list",
    .scope = SCOPE_LIST,
    .hints = list_hints,
    .title = list_title,
    .prepare = list_prepare,
    .draw = list_draw,
    .request = list_request,
};
