/*
 * keys.c: the dispatch of keys to commands through the table in
 * keymap.h (parsed once by cmds_init), the key names (ui_key_parse,
 * ui_key_name), and the commands that apply everywhere.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
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
    {"PgDown", TK_FN(KEY_NPAGE)}, /* tig's names */
    {"PageDown", TK_FN(KEY_NPAGE)},
    {"PageUp", TK_FN(KEY_PPAGE)},
    {"Backspace", TK_FN(KEY_BACKSPACE)},
    {"Delete", TK_FN(KEY_DC)},
    {"Ins", TK_FN(KEY_IC)},
    {"Insert", TK_FN(KEY_IC)},
    {"Escape", TK_ESC},
    {"Hash", '#'},
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
		if ((n == 2 || n == 3) && p[1] == 'F' && p[2] >= '1' &&
		    p[2] <= '9' && (n == 2 || (p[3] >= '0' && p[3] <= '9'))) {
			int f = atoi(p + 2);
			if (f <= 24) {
				*s = end + 1;
				return TK_FN(KEY_F(f));
			}
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
		if (key_names[i].key == key && key != '<' && key != '#') {
			snprintf(buf, size, "%s", key_names[i].name);
			return buf;
		}
	if (key >= TK_FN(KEY_F(1)) && key <= TK_FN(KEY_F(24)))
		snprintf(buf, size, "F%d", key - TK_FN(KEY_F0));
	else if (key & TK_META(0)) {
		char sub[32];
		snprintf(buf, size, "Esc %s",
		         ui_key_name(key & ~TK_META(0), sub, sizeof(sub)));
	} else if (key > 0 && key < 0x20)
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

/* The bindings: the table's defaults (cmds_init), then the
 * configuration's bind and unbind (config.c). An external command's
 * binding has cmd CMD_NONE and its shell command in ext. */
static struct binding *binds;
static size_t nbinds, bindcap;
static int binds_ready;

static const char *const cmd_names[CMD_COUNT] = {
#define NAME_ENTRY(name, scope, keys, desc) #name,
    TUI_COMMANDS(NAME_ENTRY)
#undef NAME_ENTRY
};

static int bound_in(int scope, int key)
{
	for (size_t i = 0; i < nbinds; i++)
		if (binds[i].scope == scope && binds[i].key == key)
			return 1;
	return 0;
}

void cmds_init(void)
{
	static const int scopes[CMD_COUNT] = {
#define SCOPE_ENTRY(name, scope, keys, desc) SCOPE_##scope,
	    TUI_COMMANDS(SCOPE_ENTRY)
#undef SCOPE_ENTRY
	};

	if (binds_ready)
		return;
	binds_ready = 1;
	for (int c = 0; c < CMD_COUNT; c++) {
		const char *s = cmd_keys[c];
		while (*s) {
			int k;
			while (*s == ' ')
				s++;
			if (!*s)
				break;
			k = ui_key_parse(&s);
			if (k == TK_NONE)
				break;
			/* a key twice in one scope: the first in the table
			 * has it, as the dispatch always found it first */
			if (!bound_in(scopes[c], k))
				keys_bind(scopes[c], k, c, NULL);
		}
	}
}

void keys_unbind(int scope, int key)
{
	size_t j = 0;

	cmds_init();
	for (size_t i = 0; i < nbinds; i++) {
		if (binds[i].scope == scope && binds[i].key == key)
			free(binds[i].ext);
		else
			binds[j++] = binds[i];
	}
	nbinds = j;
}

int keys_bind(int scope, int key, int cmd, const char *ext)
{
	char *copy = NULL;

	cmds_init();
	if (ext && !(copy = strdup(ext)))
		return -1;
	if (nbinds == bindcap) {
		size_t cap = bindcap ? bindcap * 2 : 128;
		struct binding *p = realloc(binds, cap * sizeof(*p));
		if (!p) {
			free(copy);
			return -1;
		}
		binds = p;
		bindcap = cap;
	}
	keys_unbind(scope, key);
	binds[nbinds++] = (struct binding){scope, key, ext ? CMD_NONE : cmd,
	                                   copy};
	return 0;
}

size_t keys_bindings(const struct binding **out)
{
	cmds_init();
	*out = binds;
	return nbinds;
}

void keys_free(void)
{
	for (size_t i = 0; i < nbinds; i++)
		free(binds[i].ext);
	free(binds);
	binds = NULL;
	nbinds = bindcap = 0;
	binds_ready = 0;
}

/* "next-phrase" for CMD_NEXT_PHRASE. */
const char *keys_cmd_name(int cmd, char *buf, size_t size)
{
	size_t i = 0;

	if (cmd < 0 || cmd >= CMD_COUNT || size == 0)
		return "";
	for (const char *s = cmd_names[cmd]; *s && i + 1 < size; s++)
		buf[i++] = *s == '_' ? '-' : (char)tolower((unsigned char)*s);
	buf[i] = 0;
	return buf;
}

int keys_cmd_by_name(const char *name)
{
	char buf[64];

	for (int c = 0; c < CMD_COUNT; c++)
		if (!strcmp(keys_cmd_name(c, buf, sizeof(buf)), name))
			return c;
	return CMD_NONE;
}

/* The views that have keys of their own are named as the views are;
 * "generic" is tig's name for the keys that apply everywhere, "cursor"
 * the article's character cursor. */
/* A view's name as one word of the configuration: its blanks as '-'
 * ("saved searches" is bound as saved-searches). */
static const char *view_word(int v)
{
	static char words[VIEW_COUNT][32];

	if (!words[v][0]) {
		snprintf(words[v], sizeof(words[v]), "%s", tui_views[v]->name);
		for (char *p = words[v]; *p; p++)
			if (*p == ' ')
				*p = '-';
	}
	return words[v];
}

const char *keys_scope_name(int scope)
{
	if (scope == SCOPE_ANY)
		return "generic";
	if (scope == SCOPE_CURSOR)
		return "cursor";
	for (int v = 0; v < VIEW_COUNT; v++)
		if (tui_views[v]->scope == scope)
			return view_word(v);
	return NULL;
}

int keys_scope_by_name(const char *name)
{
	if (!strcmp(name, "generic"))
		return SCOPE_ANY;
	if (!strcmp(name, "cursor"))
		return SCOPE_CURSOR;
	for (int v = 0; v < VIEW_COUNT; v++)
		if (tui_views[v]->scope != SCOPE_ANY &&
		    !strcmp(view_word(v), name))
			return tui_views[v]->scope;
	return -1;
}

int ui_cmd_keys(int cmd, const int **keys)
{
	static int k[16];
	int n = 0;

	cmds_init();
	for (size_t i = 0; i < nbinds && n < 16; i++)
		if (binds[i].cmd == cmd && !binds[i].ext)
			k[n++] = binds[i].key;
	*keys = k;
	return n;
}

/* The binding of a key in the view v: the article's character cursor's
 * binding first (while it is shown), then the view's own, then one that
 * applies everywhere; NULL when none. */
static const struct binding *lookup_binding(const struct app *app, int key,
                                            int v)
{
	int scopes[3], n = 0;

	if (v == VIEW_ARTICLE && app->art.cmode != CM_OFF)
		scopes[n++] = SCOPE_CURSOR;
	if (tui_views[v]->scope != SCOPE_ANY)
		scopes[n++] = tui_views[v]->scope;
	scopes[n++] = SCOPE_ANY;
	for (int s = 0; s < n; s++)
		for (size_t i = 0; i < nbinds; i++)
			if (binds[i].key == key && binds[i].scope == scopes[s])
				return &binds[i];
	return NULL;
}

int keys_first_for(const struct app *app, int v, int cmd)
{
	const struct binding *b;

	cmds_init();
	for (size_t i = 0; i < nbinds; i++)
		if (binds[i].cmd == cmd && !binds[i].ext &&
		    (b = lookup_binding(app, binds[i].key, v)) && b->cmd == cmd)
			return binds[i].key;
	return -1;
}

/* The command a key means to the view v (CMD_NONE for none, or for an
 * external command). */
static int lookup(const struct app *app, int key, int v)
{
	const struct binding *b = lookup_binding(app, key, v);

	return b ? b->cmd : CMD_NONE;
}

/* Is key bound to a command anywhere? */
int keys_bound(int key)
{
	for (size_t i = 0; i < nbinds; i++)
		if (binds[i].key == key)
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
	glossa_format_kind_t format = GLOSSA_FORMAT_TEXT;
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
	glossa_format_from_name(
	    config_str(&config.export_format), &format);
	st = glossa_export_file(app->db, &sel, format,
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
		app->list.unread += row->read ? -1 : 1;
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
	case CMD_OPEN_URL:
		outside_open_url(app);
		break;
	case CMD_COPY:
		outside_copy(app);
		break;
	case CMD_PIPE:
		outside_pipe(app);
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
		if (!manage_undelete(app))
			annot_undelete(app);
		break;
	case CMD_SET:
		manage_set(app);
		break;
	case CMD_MARKS:
		marks_ops.show(app);
		break;
	case CMD_GLOSSARY:
		/* the glossary kept under its results: back to it */
		if (!nav_glossary_kept(app) || !nav_back(app))
			glossary_ops.show(app);
		break;
	case CMD_SAVED:
		saved_ops.show(app);
		break;
	case CMD_SAVE_SEARCH:
		saved_save_shown(app);
		break;
	case CMD_FACETS:
		facets_ops.show(app);
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
	const struct binding *b;
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
	b = lookup_binding(app, key, v);
	if (b && b->ext) {
		outside_run_bound(app, b->ext);
		return;
	}
	cmd = b ? b->cmd : CMD_NONE;
	if (tui_views[v]->request(app, cmd, key) ||
	    run_command(app, cmd, tui_views[v]->modal))
		return;
	if (key == TK_ESC)
		return; /* nothing to stop: nothing to say */
	ui_key_name(key, name, sizeof(name));
	if (keys_bound(key))
		app_message(app, 0, "%s: not in this %s; ? for help", name,
		            tui_views[v]->modal ? "view" : "pane");
	else
		app_message(app, 0, "%s: no such key; ? for help", name);
}

