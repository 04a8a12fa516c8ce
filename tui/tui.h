/*
 * tui.h: the interactive interface of glossa (ncurses).
 */
#ifndef GLOSSA_TUI_H
#define GLOSSA_TUI_H

#include "glossa/glossa.h"

/*
 * Run the interactive interface on db; returns the exit status. db_path is
 * shown in the title bar. Refuses (message on stderr, status 1) when
 * stdout is not a terminal, TERM is unset or unknown, or no UTF-8 locale
 * can be had. With GLOSSA_SCRIPT=FILE set it runs headless, reading keys
 * from FILE (see tui/script.c).
 */
int tui_main(glossa_db_t *db, const char *db_path);

#endif
