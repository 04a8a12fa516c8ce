/*
 * terminfo.c: what the terminal can do, asked of the terminfo database
 * before curses takes the screen. Kept apart because <term.h> defines
 * macros with common names (lines, columns, tab). Exports
 * term_can_address.
 */
#include <curses.h>
#include <term.h>
#include <unistd.h>

#include "ui.h"

int term_can_address(const char *term)
{
	TERMINAL *saved = cur_term, *t;
	char *cup;
	int err = 0, ok;

	if (setupterm(term, STDOUT_FILENO, &err) != OK)
		return -1;
	t = cur_term;
	cup = tigetstr("cup");
	ok = cup && cup != (char *)-1;
	set_curterm(saved);
	del_curterm(t);
	return ok;
}
