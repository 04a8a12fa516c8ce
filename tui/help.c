/*
 * help.c: the help screen, built from the command table in keymap.h (the
 * same table that dispatches keys, so the two cannot drift). Exports
 * help_draw, help_lines and cmd_keys.
 */
#include <string.h>

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

static const char *const scope_name[] = {"",      "list",   "article",
                                         "notes", "cursor", "glossary"};

size_t help_lines(void)
{
	return CMD_COUNT + 2;
}

/* The keys of an entry as the user reads them: "j, Down". */
static void keys_text(const char *spec, char *out, size_t size)
{
	const char *p = spec;
	size_t n = 0;

	out[0] = 0;
	while (*p) {
		char name[32];
		int k;

		while (*p == ' ')
			p++;
		if (!*p)
			break;
		k = ui_key_parse(&p);
		if (k == TK_NONE)
			break;
		ui_key_name(k, name, sizeof(name));
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

void help_draw(struct app *app, int y, int x, int h, int w)
{
	size_t total = help_lines();

	if (app->help_top + (size_t)h > total)
		app->help_top = total > (size_t)h ? total - (size_t)h : 0;
	for (int row = 0; row < h; row++) {
		size_t l = app->help_top + (size_t)row;
		char keys[96];
		int cx = x + 1;

		if (l == 0) {
			draw_str(y + row, cx, w - 1,
			         "Keys (q or ? closes this help)", ST_BOLD, 0);
			continue;
		}
		if (l == 1 || l >= total)
			continue;
		l -= 2;
		keys_text(table[l].keys, keys, sizeof(keys));
		draw_str(y + row, cx, 16, keys, ST_GLOSS, 0);
		draw_str(y + row, cx + 17, 8, scope_name[table[l].scope],
		         ST_DIM, 0);
		draw_str(y + row, cx + 26, w - 27, table[l].desc, ST_NORMAL, 0);
	}
}
