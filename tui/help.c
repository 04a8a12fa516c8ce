/*
 * help.c: the help screen, built from the command table in keymap.h (the
 * same table that dispatches keys, so the two cannot drift: the keys
 * shown are those ui.c parsed from it). Exports help_ops, help_lines
 * and cmd_keys.
 */
#include <stdio.h>
#include <string.h>

#include "ui-internal.h"
#include "ui.h"

static const struct {
	const char *keys;
	int scope;
	const char *desc;
} table[CMD_COUNT] = {
#define HELP_ENTRY(name, scope, keys, desc) {keys, SCOPE_##scope, desc},
    TUI_COMMANDS(HELP_ENTRY)
#undef HELP_ENTRY
};

const char *const cmd_keys[CMD_COUNT] = {
#define KEYS_ENTRY(name, scope, keys, desc) keys,
    TUI_COMMANDS(KEYS_ENTRY)
#undef KEYS_ENTRY
};

static const char *const scope_name[] = {
    "",         "list",  "article", "notes", "cursor",
    "glossary", "marks", "saved",   "facets"};
static int help_open(const struct app *app)
{
	return app->help_open;
}

static void help_show(struct app *app)
{
	app->help_open = 1;
	app->help_top = 0;
}

static void help_title(struct app *app, char *buf, size_t size)
{
	(void)app;
	snprintf(buf, size, "Help");
}

static void help_prepare(struct app *app, rect_t r)
{
	view_page(help_lines(), r.h, &app->help_top, 0);
}

static int help_request(struct app *app, int cmd, int key)
{
	switch (cmd) {
	case CMD_BACK:
	case CMD_HELP:
		app->help_open = 0;
		return 1;
	case CMD_DOWN:
	case CMD_UP:
	case CMD_PAGE_DOWN:
	case CMD_PAGE_UP:
	case CMD_FIRST:
	case CMD_LAST:
		view_page(help_lines(), app->whole.h, &app->help_top,
		          view_delta(cmd, app->whole.h));
		return 1;
	}
	if (key == TK_ESC) {
		app->help_open = 0;
		return 1;
	}
	return 0;
}

/* The external commands bound (bind VIEW KEY !COMMAND): the i-th. */
static const struct binding *external(size_t i)
{
	const struct binding *b;
	size_t n = keys_bindings(&b);

	for (size_t k = 0; k < n; k++)
		if (b[k].ext && i-- == 0)
			return &b[k];
	return NULL;
}

size_t help_lines(void)
{
	size_t n = 0;

	while (external(n))
		n++;
	return CMD_COUNT + 2 + n;
}

/* The keys of command c as the user reads them: "j, Down". */
static void keys_text(int c, char *out, size_t size)
{
	const int *keys;
	int nkeys = ui_cmd_keys(c, &keys);
	size_t n = 0;

	out[0] = 0;
	for (int i = 0; i < nkeys; i++) {
		char name[32];

		ui_key_name(keys[i], name, sizeof(name));
		if (n && n + 2 < size) {
			strcpy(out + n, ", ");
			n += 2;
		}
		if (n + strlen(name) + 1 < size) {
			strcpy(out + n, name);
			n += strlen(name);
		}
	}
}

static void help_draw(struct app *app, rect_t r, int focused)
{
	size_t total = help_lines();
	int y = r.y, x = r.x, h = r.h, w = r.w;

	(void)focused;
	for (int row = 0; row < h; row++) {
		size_t l = app->help_top + (size_t)row;
		char keys[96], action[32];
		int cx = x + 1;

		if (l == 0) {
			draw_str(y + row, cx, w - 1,
			         "Keys (q or ? closes this help)", ST_BOLD, 0);
			continue;
		}
		if (l == 1 || l >= total)
			continue;
		l -= 2;
		if (l >= CMD_COUNT) {
			/* the configuration's external commands */
			const struct binding *b = external(l - CMD_COUNT);
			const char *scope = b ? keys_scope_name(b->scope) : NULL;
			if (!b)
				continue;
			ui_key_name(b->key, keys, sizeof(keys));
			draw_str(y + row, cx, 16, keys, ST_GLOSS, 0);
			draw_str(y + row, cx + 17, 8,
			         b->scope == SCOPE_ANY || !scope ? "" : scope,
			         ST_DIM, 0);
			draw_str(y + row, cx + 26, w - 27, "!", ST_DIM, 0);
			draw_str(y + row, cx + 27, w - 28, b->ext, ST_NORMAL, 0);
			continue;
		}
		keys_text((int)l, keys, sizeof(keys));
		draw_str(y + row, cx, 16, keys, ST_GLOSS, 0);
		draw_str(y + row, cx + 17, 8, scope_name[table[l].scope],
		         ST_DIM, 0);
		/* the action's name, for bind in the configuration */
		keys_cmd_name((int)l, action, sizeof(action));
		draw_str(y + row, cx + 26, 18, action, ST_DIM, 0);
		draw_str(y + row, cx + 45, w - 46, table[l].desc, ST_NORMAL, 0);
	}
}

static const struct view_hint help_hints[] = {
    HINT2(DOWN, UP, "scroll"),
    HINT(BACK, "close"),
    HINTS_END,
};

const struct view_ops help_ops = {
    .name = "help",
    .scope = SCOPE_ANY,
    .modal = 1,
    .hints = help_hints,
    .title = help_title,
    .prepare = help_prepare,
    .draw = help_draw,
    .request = help_request,
    .open = help_open,
    .show = help_show,
};
