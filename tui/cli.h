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

/*
 * Print to f (stdout or stderr) as fprintf() would, with every %s argument
 * made safe for a terminal first (glossa_sanitize(): an escape sequence,
 * a control character, a newline, a bidi override in it is shown as a
 * placeholder). Outside curses, whatever may carry text from outside (an
 * article, an archive, a file name, an argument) is printed with this.
 */
void cli_say(FILE *f, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * getopt_long() that prints no message of its own: on an unknown option
 * or a missing value it says which through cli_say() and returns '?'.
 */
struct option;
int cli_getopt(int argc, char **argv, const char *optstring,
               const struct option *longopts);

/* Print the usage of glossa and its commands to f. */
void cli_usage(FILE *f);

#endif
