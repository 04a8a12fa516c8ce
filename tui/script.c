/*
 * script.c: the headless script mode used by the screen tests (like tig's
 * TIG_SCRIPT). Exports script_open, script_key, script_pending,
 * script_wait_search and script_close.
 *
 * With GLOSSA_SCRIPT=FILE the interface runs without a terminal (output to
 * /dev/null, size from GLOSSA_SIZE=COLSxROWS, default 80x24) and takes its
 * keys from FILE, one line at a time:
 *
 *   text            typed key by key (UTF-8 allowed); a key name in angle
 *                   brackets stands for that key, alone or inside text:
 *                   <Enter> <Esc> <Tab> <BTab> (or <S-Tab>) <Space>
 *                   <BS> <Del> <Up> <Down> <Left> <Right> <PgUp> <PgDn>
 *                   <Home> <End>
 *                   <Lt> (a literal '<'), <C-x> (Ctrl-x, e.g. <C-u>, <C-w>)
 *   :resize CxR     the terminal becomes C columns by R rows (as after
 *                   SIGWINCH: the interface gets KEY_RESIZE)
 *   :dumpattr FILE  the look of each cell instead of its text: a hex
 *                   digit (1 bold, 2 underline, 4 reverse, 8 a colour),
 *                   '.' for none; a wide character is one cell
 *   :dump FILE      write the screen as it stands after the keys before,
 *                   as UTF-8 text, one line per row, trailing blanks
 *                   trimmed (read back cell by cell from curses' idea of
 *                   the terminal, curscr)
 *   :async          from here on, a line does not wait for the search it
 *                   started (the keys of the next lines are handled while
 *                   it runs; the benchmarks time them)
 *   :wait           after :async, wait for the search running and show its
 *                   results; else nothing
 *   # ...           a comment; empty lines are ignored
 *
 * With GLOSSA_DRAW_TIMES=FILE, the CLOCK_MONOTONIC time at the end of
 * every full draw goes to FILE, one a line (the benchmarks read the
 * first full screen from it), "k TIME" when a key is read, "s TIME" when
 * a search's results arrive and "l START END" for each step of a long
 * article's layout; first "c SECONDS", what reading the configuration
 * took, and "t TIME", when the interface began to open.
 *
 * The line's own newline is not a key. When the script ends, glossa quits
 * as with Q. The keys of one line are typed at once, as a burst of
 * typeahead: while more keys of the line wait, moves in the list neither
 * load the article under the cursor nor redraw (as in a terminal with
 * keys pending); the screen is drawn at the end of each line, so :dump
 * always sees the state after the keys before it. A line that starts a
 * search ends when its results are shown (unless :async), so that
 * screens never depend on speed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "ui.h"

static FILE *script;
static char line[8192];
static const char *pos;    /* the rest of the line being typed */
static int async_searches; /* :async was read */
static int wait_search;    /* :wait was read while a search ran */

int script_open(const char *path)
{
	script = fopen(path, "r");
	pos = NULL;
	return script ? 0 : -1;
}

void script_close(void)
{
	if (script)
		fclose(script);
	script = NULL;
}

/* The screen's text, or (attrs) each cell's look as one hex digit:
 * 1 bold, 2 underline, 4 reverse, 8 a colour pair; '.' for none. */
static void dump(const char *path, int attrs)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return;
	for (int y = 0; y < LINES; y++) {
		char row[4096 * 4];
		size_t n = 0, keep = 0;

		for (int x = 0; x < COLS && n + 64 < sizeof(row); x++) {
			cchar_t cc;
			wchar_t wc[CCHARW_MAX + 1];
			attr_t a;
			short pair;
			int w;

			if (mvwin_wch(curscr, y, x, &cc) == ERR ||
			    getcchar(&cc, wc, &a, &pair, NULL) == ERR || !wc[0])
				wc[0] = ' ', wc[1] = 0;
			if (attrs) {
				int v = (a & A_BOLD ? 1 : 0) |
				        (a & A_UNDERLINE ? 2 : 0) |
				        (a & A_REVERSE ? 4 : 0) | (pair ? 8 : 0);
				row[n++] = v ? "0123456789abcdef"[v] : '.';
				keep = n;
			} else {
				for (int i = 0; wc[i]; i++)
					n += glossa_utf8_encode(
					    (uint32_t)wc[i], row + n);
				if (wc[0] != ' ')
					keep = n;
			}
			w = wcwidth(wc[0]);
			if (w == 2)
				x++; /* the second half of a wide character */
		}
		fwrite(row, 1, keep, f);
		fputc('\n', f);
	}
	fclose(f);
}

int script_pending(void)
{
	return pos && *pos;
}

int script_wait_search(void)
{
	if (script_pending())
		return 0;
	if (!async_searches)
		return 1;
	if (!searcher_busy())
		wait_search = 0;
	return wait_search;
}

int script_key(struct app *app)
{
	(void)app;
	for (;;) {
		if (pos && *pos) {
			int k = ui_key_parse(&pos);
			if (k != TK_NONE)
				return k;
			pos++; /* an invalid byte: skipped */
			continue;
		}
		if (!script || !fgets(line, sizeof(line), script))
			return TK_EOF;
		line[strcspn(line, "\n")] = 0;
		pos = NULL;
		if (!line[0] || line[0] == '#')
			continue;
		if (!strncmp(line, ":resize ", 8)) {
			int c, r;
			if (sscanf(line + 8, "%dx%d", &c, &r) == 2 && c > 0 &&
			    r > 0) {
				resizeterm(r, c);
				return TK_FN(KEY_RESIZE);
			}
			continue;
		}
		if (!strncmp(line, ":dump ", 6)) {
			dump(line + 6, 0);
			continue;
		}
		if (!strncmp(line, ":dumpattr ", 10)) {
			dump(line + 10, 1);
			continue;
		}
		if (!strcmp(line, ":async")) {
			async_searches = 1;
			continue;
		}
		if (!strcmp(line, ":wait")) {
			/* the loop waits for the search, shows its results
			 * and reads on */
			if (async_searches && searcher_busy()) {
				wait_search = 1;
				return TK_NONE;
			}
			continue;
		}
		pos = line;
	}
}
