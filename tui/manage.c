/*
 * manage.c: managing articles from the interface: D deletes the article
 * under the list's cursor (asking first, with its number of notes), U
 * brings it back (until glossa exits), S corrects its header at the
 * prompt (field=value), O cycles the list's order. Exports
 * manage_delete, manage_undelete, manage_set and manage_sort.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

/* The article under the list's cursor, or NULL. */
static const glossa_row_t *current(struct app *app)
{
	if (app->list.total <= 0)
		return NULL;
	return list_row(app, app->list.cur);
}

/* The list again after a change, the cursor kept at pos (or on the
 * article id, when it is > 0). */
static void relist(struct app *app, int64_t pos, int64_t id)
{
	if (app->list.query) {
		list_refresh(app);
		return;
	}
	list_reload(app, NULL);
	if (id > 0 && glossa_list_position_sorted(app->db, app->list.order,
	                                          id, &pos) != GLOSSA_OK)
		pos = 0;
	if (pos >= app->list.total)
		pos = app->list.total - 1;
	list_move(app, pos < 0 ? 0 : pos);
}

static int64_t delete_id;

static void delete_accept(struct app *app, const char *text)
{
	int64_t pos = app->list.cur;

	(void)text;
	if (glossa_db_check_file(app->db) != GLOSSA_OK ||
	    glossa_article_delete(app->db, delete_id) != GLOSSA_OK) {
		app_message(app, 1, "not deleted: %s",
		            glossa_db_errmsg(app->db));
		return;
	}
	app->annot.article_deleted = 1;
	app->annot.note_last = 0;
	notes_load_marks(app); /* its notes' marks went with it */
	relist(app, pos, 0);
	app_message(app, 0, "article deleted; U brings it back");
}

static void delete_cancel(struct app *app, const char *text)
{
	(void)text;
	app_message(app, 0, "not deleted");
}

static const struct prompt_ops delete_ops = {delete_accept, delete_cancel,
                                             NULL, PROMPT_QUESTION};

void manage_delete(struct app *app)
{
	const glossa_row_t *row = current(app);
	char q[400];
	size_t len, cut;

	if (!row) {
		app_message(app, 0, "no article to delete");
		return;
	}
	delete_id = row->id;
	/* the title cut to 24 code points, so that the count shows */
	len = strlen(row->title);
	cut = glossa_utf8_offset(row->title, len, 24);
	if (row->n_notes)
		snprintf(q, sizeof(q), "delete '%.*s%s' and its %d note%s? (y/n) ",
		         (int)cut, row->title, cut < len ? "\xe2\x80\xa6" : "",
		         row->n_notes, row->n_notes == 1 ? "" : "s");
	else
		snprintf(q, sizeof(q), "delete '%.*s%s'? (y/n) ", (int)cut,
		         row->title, cut < len ? "\xe2\x80\xa6" : "");
	str_trim_utf8(q);
	prompt_open(app, &delete_ops, q, NULL);
}

int manage_undelete(struct app *app)
{
	int64_t id;

	if (!app->annot.article_deleted ||
	    (app->annot.note_last && app->annot.have_deleted))
		return 0; /* a note's delete came after it: that one first */
	if (glossa_db_check_file(app->db) != GLOSSA_OK ||
	    glossa_article_undelete(app->db, &id) != GLOSSA_OK) {
		app_message(app, 1, "not restored: %s",
		            glossa_db_errmsg(app->db));
		return 1;
	}
	app->annot.article_deleted = 0;
	notes_load_marks(app);
	relist(app, 0, app->list.query ? 0 : id);
	app_message(app, 0, "article restored");
	return 1;
}

static int64_t set_id;

/* "field=value" (or "field value"): correct one field of the article. */
static void set_accept(struct app *app, const char *text)
{
	char name[16];
	const char *v;
	size_t n;
	glossa_field_t f;
	int64_t pos = app->list.cur;

	if (!text)
		return;
	text += strspn(text, " ");
	n = strcspn(text, "= :");
	v = text + n;
	v += strspn(v, " ");
	if (*v == '=' || *v == ':')
		v++;
	v += strspn(v, " ");
	if (n == 0 || n >= sizeof(name)) {
		app_message(app, 1, "not changed: write field=value (title, "
		                    "source, author, date, tags, url)");
		return;
	}
	memcpy(name, text, n);
	name[n] = '\0';
	f.name = name;
	f.value = (char *)v;
	if (glossa_db_check_file(app->db) != GLOSSA_OK ||
	    glossa_article_set(app->db, set_id, &f, 1) != GLOSSA_OK) {
		app_message(app, 1, "not changed: %s",
		            glossa_db_errmsg(app->db));
		return;
	}
	if (app->art.a && app->art.id == set_id)
		article_reload(app);
	/* search results stay as they are until R (a search again could
	 * drop the article from them) */
	if (!app->list.query)
		relist(app, pos, set_id);
	app_message(app, 0, "%s changed", name);
}

static void set_cancel(struct app *app, const char *text)
{
	(void)text;
	app_message(app, 0, "not changed");
}

static const struct prompt_ops set_ops = {set_accept, set_cancel, NULL, 0};

void manage_set(struct app *app)
{
	const glossa_row_t *row = current(app);

	if (app->focus != PANE_LIST && app->art.a)
		set_id = app->art.id;
	else if (row)
		set_id = row->id;
	else {
		app_message(app, 0, "no article to change");
		return;
	}
	prompt_open(app, &set_ops,
	            "set (title, source, author, date, tags, url)=value: ",
	            NULL);
}

void manage_sort(struct app *app)
{
	const glossa_row_t *row = current(app);
	int64_t id = row ? row->id : 0;

	if (app->list.query) {
		app_message(app, 0, "results are by relevance: the order is "
		                    "the archive's");
		return;
	}
	app->list.order = (glossa_order_t)((app->list.order + 1) %
	                                   GLOSSA_ORDER_COUNT);
	relist(app, 0, id);
	app_message(app, 0, "sorted by %s",
	            glossa_order_name(app->list.order));
}
