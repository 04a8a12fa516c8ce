/*
 * keys.c: the dispatch of keys to commands through the table in
 * keymap.h (parsed once by cmds_init), the key names (ui_key_parse,
 * ui_key_name), and the commands that apply everywhere.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui-internal.h"
#include "ui.h"

/* --- Keys ------------------------------------------------------------ */

static const struct {
	const char *name;
	int key;
} key_names[] = {
    {"Enter", TK_ENTER},
    {"Esc", TK_ESC},
    {"Tab", TK_TAB},
    {"S-Tab", TK_FN(KEY_BTAB)}, /* the name the help shows */
    {"BTab", TK_FN(KEY_BTAB)},
    {"Space", ' '},
    {"BS", TK_FN(KEY_BACKSPACE)},
    {"Del", TK_FN(KEY_DC)},
    {"Up", TK_FN(KEY_UP)},
    {"Down", TK_FN(KEY_DOWN)},
    {"Left", TK_FN(KEY_LEFT)},
    {"Right", TK_FN(KEY_RIGHT)},
    {"PgUp", TK_FN(KEY_PPAGE)},
    {"PgDn", TK_FN(KEY_NPAGE)},
    {"Home", TK_FN(KEY_HOME)},
    {"End", TK_FN(KEY_END)},
    {"Resize", TK_FN(KEY_RESIZE)},
    {"Lt", '<'},
};

int ui_key_parse(const char **s)
{
	const char *p = *s, *end;
	uint32_t cp;
	size_t k;

	if (*p == '<' && (end = strchr(p, '>')) && end - p > 1) {
		size_t n = (size_t)(end - p - 1);
		for (size_t i = 0; i < sizeof(key_names) / sizeof(key_names[0]);
		     i++)
			if (strlen(key_names[i].name) == n &&
			    !strncmp(p + 1, key_names[i].name, n)) {
				*s = end + 1;
				return key_names[i].key;
			}
		if (n == 3 && (p[1] == 'C' || p[1] == 'c') && p[2] == '-') {
			*s = end + 1;
			return TK_CTRL(p[3]);
		}
	}
	k = glossa_utf8_decode(p, strlen(p), &cp);
	if (k == 0)
		return TK_NONE;
	*s = p + k;
	return (int)cp;
}

const char *ui_key_name(int key, char *buf, size_t size)
{
	for (size_t i = 0; i < sizeof(key_names) / sizeof(key_names[0]); i++)
		if (key_names[i].key == key && key != '<') {
			snprintf(buf, size, "%s", key_names[i].name);
			return buf;
		}
	if (key > 0 && key < 0x20)
		snprintf(buf, size, "C-%c", key + 'a' - 1);
	else if (key >= 0x20 && key < 0x110000) {
		char u[5];
		u[glossa_utf8_encode((uint32_t)key, u)] = 0;
		snprintf(buf, size, "%s", u);
	} else
		snprintf(buf, size, "?");
	return buf;
}

/* The list's cursor is on article id: noted only; select_flush() loads it
 * (the preview costs a few ms, too much for each key of a held-down j). */
void app_select_article(struct app *app, int64_t id)
{
	app->select_id = id;
	app->select_pending = 1;
}

void select_flush(struct app *app)
{
	if (!app->select_pending)
		return;
	app->select_pending = 0;
	article_load(app, app->select_id);
}

/* --- Commands -------------------------------------------------------- */

static struct {
	int scope;
	int keys[8];
	int nkeys;
} cmds[CMD_COUNT];

void cmds_init(void)
{
	static const int scopes[CMD_COUNT] = {
#define SCOPE_ENTRY(name, scope, keys, desc) SCOPE_##scope,
	    TUI_COMMANDS(SCOPE_ENTRY)
#undef SCOPE_ENTRY
	};

	for (int c = 0; c < CMD_COUNT; c++) {
		const char *s = cmd_keys[c];
		cmds[c].scope = scopes[c];
		while (*s && cmds[c].nkeys < 8) {
			int k;
			while (*s == ' ')
				s++;
			if (!*s)
				break;
			k = ui_key_parse(&s);
			if (k == TK_NONE)
				break;
			cmds[c].keys[cmds[c].nkeys++] = k;
		}
	}
}

int ui_cmd_keys(int cmd, const int **keys)
{
	if (cmd < 0 || cmd >= CMD_COUNT)
		return 0;
	*keys = cmds[cmd].keys;
	return cmds[cmd].nkeys;
}

/* The command a key means to the view v: the article's character
 * cursor's binding first (while it is shown), then the view's own, then
 * one that applies everywhere. */
static int lookup(const struct app *app, int key, int v)
{
	int scopes[3], n = 0;

	if (v == VIEW_ARTICLE && app->art.cmode != CM_OFF)
		scopes[n++] = SCOPE_CURSOR;
	if (tui_views[v]->scope != SCOPE_ANY)
		scopes[n++] = tui_views[v]->scope;
	scopes[n++] = SCOPE_ANY;
	for (int s = 0; s < n; s++)
		for (int c = 0; c < CMD_COUNT; c++)
			for (int i = 0; i < cmds[c].nkeys; i++)
				if (cmds[c].keys[i] == key &&
				    cmds[c].scope == scopes[s])
					return c;
	return CMD_NONE;
}

/* Is key bound to a command anywhere? */
static int bound(int key)
{
	for (int c = 0; c < CMD_COUNT; c++)
		for (int i = 0; i < cmds[c].nkeys; i++)
			if (cmds[c].keys[i] == key)
				return 1;
	return 0;
}

static void display_path(const char *path, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s", strchr(path, '/') ? "" : "./", path);
}

static const struct prompt_ops overwrite_ops;

static const struct prompt_ops overwrite_ops;

static void do_export(struct app *app, int force)
{
	glossa_selection_t sel = {0};
	size_t count = 0;
	glossa_status_t st;
	char shown[1024];

	if (app->notes.nmarked) {
		sel.kind = GLOSSA_SELECT_NOTES;
		sel.ids = app->notes.marked;
		sel.n_ids = app->notes.nmarked;
	} else if (app->art.a) {
		sel.kind = GLOSSA_SELECT_ARTICLES;
		sel.ids = &app->art.id;
		sel.n_ids = 1;
	} else {
		app_message(app, 1, "nothing to export");
		return;
	}
	display_path(app->export_path, shown, sizeof(shown));
	st = glossa_export_file(app->db, &sel, GLOSSA_FORMAT_TEXT,
	                        app->export_path, force, &count);
	if (st == GLOSSA_EXISTS && !force) {
		char q[1200];
		snprintf(q, sizeof(q), "%s exists; overwrite? (y/n) ", shown);
		str_trim_utf8(q);
		prompt_open(app, &overwrite_ops, q, NULL);
		return;
	}
	if (st != GLOSSA_OK) {
		app_message(app, 1, "export failed: %s",
		            glossa_db_errmsg(app->db));
		app_message_fit(app, app->export_path);
		return;
	}
	app_message(app, 0, "exported %zu note%s to %s", count,
	            count == 1 ? "" : "s", shown);
	app_message_fit(app, shown);
}

static void overwrite_accept(struct app *app, const char *text)
{
	(void)text;
	do_export(app, 1);
}

static void overwrite_cancel(struct app *app, const char *text)
{
	(void)text;
	app_message(app, 0, "not exported");
}

static const struct prompt_ops overwrite_ops = {
    overwrite_accept, overwrite_cancel, NULL, PROMPT_QUESTION};

/* The file name typed: ~ and ~/ stand for $HOME. */
static void export_accept(struct app *app, const char *text)
{
	char *path;

	if (!*text) {
		app_message(app, 0, "not exported");
		return;
	}
	if (!(path = path_expand(text))) {
		app_message(app, 1, "out of memory");
		return;
	}
	free(app->export_path);
	app->export_path = path;
	do_export(app, 0);
}

static void cancel_quietly(struct app *app, const char *text)
{
	(void)text;
	app->status[0] = 0;
}

static const struct prompt_ops export_ops = {export_accept, cancel_quietly,
                                             path_complete, 0};

static void search_accept(struct app *app, const char *text)
{
	prompt_history_add(app, text);
	app->status[0] = 0;
	/* the results' count comes with them (list_search_done) */
	list_reload(app, text);
	app->focus = PANE_LIST;
}

static const struct prompt_ops search_ops = {
    search_accept, cancel_quietly, NULL, PROMPT_HISTORY | PROMPT_REPLACE};

/* The commands that apply everywhere, after the view with the keys
 * passed cmd on; over a modal view only those that leave the hidden
 * panes alone. Returns 1 if cmd was one of them. */
static int run_command(struct app *app, int cmd, int modal)
{
	if (modal && cmd != CMD_QUIT && cmd != CMD_HELP && cmd != CMD_REDRAW)
		return 0;
	switch (cmd) {
	case CMD_NEXT_PANE:
		app->focus = (app->focus + 1) % PANE_COUNT;
		break;
	case CMD_PREV_PANE:
		app->focus = (app->focus + PANE_COUNT - 1) % PANE_COUNT;
		break;
	case CMD_BACK: /* the list has its own */
		app->focus = PANE_LIST;
		break;
	case CMD_QUIT:
		app->quit = 1;
		break;
	case CMD_STOP:
		list_stop_search(app);
		break;
	case CMD_SEARCH:
		prompt_open(app, &search_ops, "/", app->list.query);
		break;
	case CMD_NEXT_MATCH:
	case CMD_PREV_MATCH:
		app->focus = PANE_ARTICLE;
		article_jump_match(app, cmd == CMD_NEXT_MATCH ? 1 : -1,
		                   app->pane[PANE_ARTICLE]);
		break;
	case CMD_TOGGLE_READ: {
		glossa_row_t *row =
		    (glossa_row_t *)list_row(app, app->list.cur);
		if (!row)
			break;
		if (glossa_db_check_file(app->db) != GLOSSA_OK ||
		    glossa_article_set_read(app->db, row->id, !row->read) !=
		        GLOSSA_OK) {
			app_message(app, 1, "%s", glossa_db_errmsg(app->db));
			break;
		}
		row->read = !row->read;
		if (app->art.a && app->art.id == row->id)
			app->art.a->read = row->read;
		app_message(app, 0, "marked %s", row->read ? "read" : "unread");
		break;
	}
	case CMD_TOGGLE_TRANS:
		app->show_trans = !app->show_trans;
		app_message(app, 0, "translations %s",
		            app->show_trans ? "shown" : "hidden");
		break;
	case CMD_ZOOM:
		app->zoom = !app->zoom;
		break;
	case CMD_EXPORT:
		prompt_open(
		    app, &export_ops,
		    app->notes.nmarked == 1 ? "export the marked note to: "
		    : app->notes.nmarked    ? "export marked notes to: "
		                         : "export this article's notes to: ",
		    app->export_path);
		break;
	case CMD_REDRAW:
		clearok(curscr, TRUE);
		break;
	case CMD_REFRESH:
		list_refresh(app);
		break;
	case CMD_HELP:
		if (help_ops.open(app))
			app->help_open = 0;
		else
			help_ops.show(app);
		break;
	case CMD_UNDELETE:
		annot_undelete(app);
		break;
	case CMD_GLOSSARY:
		/* the glossary kept under its results: back to it */
		if (!nav_glossary_kept(app) || !nav_back(app))
			glossary_ops.show(app);
		break;
	default:
		return 0;
	}
	return 1;
}

static void on_mouse(struct app *app)
{
	MEVENT ev;

	if (getmouse(&ev) != OK || view_modal(app) >= 0 || app->too_small)
		return;
	for (int i = 0; i < PANE_COUNT; i++) {
		rect_t r = app->pane[i];
		int saved = app->focus;
		if (app->zoom && i != app->focus)
			continue; /* the only pane shown */
		if (ev.y < r.y || ev.y >= r.y + r.h || ev.x < r.x ||
		    ev.x >= r.x + r.w)
			continue;
		if (ev.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
			app->focus = i;
			for (int k = 0; k < 3; k++)
				tui_views[i]->request(
				    app,
				    ev.bstate & BUTTON4_PRESSED ? CMD_UP
				                                : CMD_DOWN,
				    TK_NONE);
			app->focus = saved;
		} else if (ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)) {
			app->focus = i;
			if (i == PANE_LIST)
				list_move(app, app->list.top +
				                   (ev.y - r.y) /
				                       list_row_height(app));
			else if (i == PANE_NOTES)
				notes_click(app, ev.y - r.y);
		}
		return;
	}
}

/* A key that only moves the list's cursor: the article under it may be
 * loaded later (select_flush); any other key needs it now. */
static int list_motion(struct app *app, int key)
{
	int cmd;

	if (app->prompt.ops || view_focused(app) != VIEW_LIST ||
	    key == TK_FN(KEY_RESIZE) || key == TK_FN(KEY_MOUSE))
		return 0;
	cmd = lookup(app, key, VIEW_LIST);
	return cmd == CMD_DOWN || cmd == CMD_UP || cmd == CMD_PAGE_DOWN ||
	       cmd == CMD_PAGE_UP || cmd == CMD_FIRST || cmd == CMD_LAST;
}

/* A key goes to the view that has it (the modal view on top, else the
 * focused pane), then to the commands that apply everywhere; a key
 * neither takes says so. */
void handle_key(struct app *app, int key)
{
	int cmd, v;
	char name[32];

	if (!list_motion(app, key))
		select_flush(app);
	if (key == TK_FN(KEY_RESIZE)) {
		/* The next draw lays out for the new size, and repaints it
		 * all: after a storm of resizes the terminal may have
		 * scrolled or kept cells curses no longer knows of. */
		clearok(curscr, TRUE);
		return;
	}
	if (key == TK_FN(KEY_MOUSE)) {
		on_mouse(app);
		return;
	}
	if (app->prompt.ops) {
		prompt_key(app, key);
		return;
	}
	app->status[0] = 0;
	v = view_focused(app);
	cmd = lookup(app, key, v);
	if (tui_views[v]->request(app, cmd, key) ||
	    run_command(app, cmd, tui_views[v]->modal))
		return;
	if (key == TK_ESC)
		return; /* nothing to stop: nothing to say */
	ui_key_name(key, name, sizeof(name));
	if (bound(key))
		app_message(app, 0, "%s: not in this %s; ? for help", name,
		            tui_views[v]->modal ? "view" : "pane");
	else
		app_message(app, 0, "%s: no such key; ? for help", name);
}

