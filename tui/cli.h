/*
 * cli.h: the non-interactive commands of glossa (import, list, show, ...).
 */
#ifndef GLOSSA_CLI_H
#define GLOSSA_CLI_H

#include <stdio.h>

/* Exit statuses of every command. */
enum { EXIT_OK = 0, EXIT_ERROR = 1, EXIT_USAGE = 2 };

/* The archive to use: -d, else $GLOSSA_DB, else the XDG default. The
 * result is allocated. */
char *cli_archive_path(const char *option);

/*
 * Run command argv[0] with its arguments on the archive at db_path;
 * returns the exit status. Unknown commands are usage errors.
 */
int cli_run(const char *db_path, int argc, char **argv);

/* Print the usage of glossa and its commands to f. */
void cli_usage(FILE *f);

#endif
