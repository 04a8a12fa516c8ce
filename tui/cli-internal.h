/*
 * cli-internal.h: what the files of the commands share (tui/cli*.c):
 * the commands themselves, run from the table in cli.c, and the output
 * layer and helpers of cli.c. Not part of the program's other files.
 */
#ifndef GLOSSA_CLI_INTERNAL_H
#define GLOSSA_CLI_INTERNAL_H

#include <signal.h>
#include <stdint.h>
#include <stdio.h>

#include "cli.h"
#include "glossa/glossa.h"

/* The commands (cli-*.c), cmd_NAME: each runs argv[0] with its
 * arguments on the archive at db_path and returns the exit status. */
#define CLI_COMMAND(name) \
	int cmd_##name(const char *db_path, int argc, char **argv);
CLI_COMMAND(import)
CLI_COMMAND(list)
CLI_COMMAND(show)
CLI_COMMAND(notes)
CLI_COMMAND(gloss)
CLI_COMMAND(note)
CLI_COMMAND(search)
CLI_COMMAND(searches)
CLI_COMMAND(facets)
CLI_COMMAND(export)
CLI_COMMAND(check)
CLI_COMMAND(backup)
CLI_COMMAND(glossary)
CLI_COMMAND(edit)
CLI_COMMAND(unannotate)
CLI_COMMAND(lookup) /* cli-dict.c */
CLI_COMMAND(dict)
CLI_COMMAND(terms)
CLI_COMMAND(readings) /* cli-readings.c */
CLI_COMMAND(delete) /* cli-manage.c */
CLI_COMMAND(set)
#undef CLI_COMMAND

/* --- Output (cli.c; see its rule there) --- */

/* Shorthands: to standard output, to standard error. */
#define out(...) cli_say(stdout, __VA_ARGS__)
#define err(...) cli_say(stderr, __VA_ARGS__)

/* Whether f (stdout or stderr) is a terminal, asked once. */
int is_tty(FILE *f);

/* Write text for people to standard output: made safe, newlines kept
 * (tabs too, unless it is a terminal); markers of matches become bold
 * (terminal) or brackets (elsewhere). */
void put(const char *s);

/* Write one --tsv field: tab, newline, CR and backslash escaped, match
 * markers dropped; then, on a terminal only, made safe like the rest. */
void put_tsv(const char *s);

/* Flush stdout and report a write error (a full disk, a closed pipe);
 * returns status, or EXIT_ERROR after such an error. */
int finish_output(int status);

/* Print the usage line of command name to f; returns status. */
int usage_of(const char *name, FILE *f, int status);

/* --- Helpers for commands (cli.c) --- */

/* Open the archive or say why not (NULL). */
glossa_db_t *open_db(const char *path, int flags);

/* Parse a positive id, or complain (-1). */
int parse_id(const char *s, int64_t *id);

/* Parse a --limit value (0: no limit), or complain (-1). */
int parse_limit(const char *s, size_t *limit);

/* On a terminal only, say on standard error that a listing was cut. */
void say_more(size_t shown, int64_t total);

/* Options common to list, notes and search. */
struct list_options {
	size_t limit;
	int tsv;
	int sort_ok;          /* list: --sort ORDER is accepted */
	glossa_order_t order; /* its order (date unless given) */
	int marked_ok;        /* notes: --marked is accepted */
	int marked;           /* --marked given */
};

/* The dictionary's reading of a gloss's phrase (cli-readings.c),
 * allocated; NULL when there is no dictionary or the phrase has nothing
 * to read (no Chinese). */
char *cli_gloss_reading(const char *phrase);

/* Parse --limit/--tsv/--help (and --sort, --marked where the caller
 * allows them) for a command; returns the index of the
 * first operand, or -1 after a usage message (*status set). */
int parse_list_options(int argc, char **argv, struct list_options *o,
		       int *status);

/* A command with only --help: returns -1 and sets *status if it was
 * given or an unknown option was. */
int parse_no_options(int argc, char **argv, int *status);

/* --- Signals for the commands that write a file (cli.c) --- */

/* The signal that asked backup or export to stop, or 0. */
extern volatile sig_atomic_t stop_signal;

/* The core's interrupt callback: 1 once stop_signal is set. */
int stop_requested(void *arg);

/* Catch SIGINT, SIGTERM and SIGHUP into stop_signal. */
void catch_stop_signals(void);

/* A file export or backup did not write (st): say why, and how to
 * replace a file that exists. EXIT_ERROR. */
int say_write_error(glossa_db_t *db, glossa_status_t st);

#endif
