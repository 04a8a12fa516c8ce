/*
 * cli-dict.h: the dictionary commands (cli-dict.c) and where the
 * dictionary file is, for the commands and the interface.
 */
#ifndef GLOSSA_CLI_DICT_H
#define GLOSSA_CLI_DICT_H

#include "glossa/glossa.h"

/*
 * The dictionary glossa reads: $GLOSSA_DICT when it is set (whether it
 * exists or not); else the first that exists of: the user's, loaded with
 * `glossa dict import` ($XDG_DATA_HOME/glossa/cedict.db, else
 * ~/.local/share/glossa/cedict.db); cedict.db beside the program (a
 * build tree: `make run`); the installed one (GLOSSA_DATADIR, from the
 * Makefile's PREFIX: /usr/local/share/glossa/cedict.db). Allocated; NULL
 * when there is none.
 */
char *cli_dict_path(void);

/* Where `glossa dict import` writes the user's dictionary (allocated). */
char *cli_dict_user_path(void);

/* Open cli_dict_path()'s dictionary; NULL when there is none or it
 * cannot be read, after saying why on standard error unless quiet. */
glossa_dict_t *cli_dict_open(int quiet);

/* The same for the interface: NULL when there is none, *why then an
 * allocated message (free()) naming the places looked at, or the file
 * that could not be read. */
glossa_dict_t *cli_dict_find(char **why);

int cmd_lookup(const char *db_path, int argc, char **argv);
int cmd_dict(const char *db_path, int argc, char **argv);
int cmd_terms(const char *db_path, int argc, char **argv);

#endif
