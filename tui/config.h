/*
 * config.h: the user's configuration file (front end only: the core never
 * reads it). See glossa-config(5) for its syntax.
 *
 * config_load() reads it once at start-up: the settings below, the key
 * bindings (keys.c), the colours (draw.c), the watch terms (highlight.c)
 * and the saved searches. A bad line is reported as "FILE:LINE: what is
 * wrong" and skipped; everything else still applies.
 */
#ifndef GLOSSA_TUI_CONFIG_H
#define GLOSSA_TUI_CONFIG_H

#include <stddef.h>
#include <stdio.h>

enum { SPLIT_AUTO, SPLIT_WIDE, SPLIT_NARROW };

/* Every setting (set NAME VALUE); the defaults until config_load(). */
struct config {
	int split;            /* split: auto, wide or narrow */
	int wide_columns;     /* wide-columns: auto is wide from this width */
	int list_width;       /* list-width: % of the width, wide layout */
	int show_trans;       /* show-translations */
	int list_limit;       /* list-limit: glossa list (0: all) */
	int search_limit;     /* search-limit: glossa search (0: all) */
	char *export_format;  /* export-format: text, markdown, anki, archive */
	char *export_dir;     /* export-dir: "" is the current directory */
	char *editor;         /* editor: "" is $VISUAL, $EDITOR, vi */
	char *browser;        /* browser: "" is $BROWSER, else xdg-open */
	char *clipboard;      /* clipboard-command: "" is OSC 52 */
	int mouse;            /* mouse */
	int escape_delay;     /* escape-delay: ms */
	int rank_time;        /* rank-time: ms to rank every match (0: only
	                       * the newest GLOSSA_RANK_NEWEST) */
};
extern struct config config;

/* A saved search (search NAME "QUERY"), in the order configured (a name
 * given again replaces the query, keeping its place). */
struct config_search {
	const char *name;
	const char *query;
};

/*
 * Read the configuration: path if not NULL (-C), else $GLOSSA_CONFIG,
 * else $XDG_CONFIG_HOME/glossa/config (~/.config/glossa/config). A
 * missing file is the defaults (but a missing -C or $GLOSSA_CONFIG file
 * is an error). Each error goes to errors (NULL: none printed) as
 * "FILE:LINE: message"; returns how many there were (-1: out of memory).
 */
int config_load(const char *path, FILE *errors);
/* How long the last config_load() took, in seconds (for the
 * benchmarks: GLOSSA_DRAW_TIMES's "c" line). */
double config_load_seconds(void);
/* The first error's message, for the status line ("" when none). */
const char *config_first_error(void);
/* The file read (NULL: none). */
const char *config_path(void);
/* Print the effective configuration, defaults included, as a valid
 * configuration file. */
void config_print(FILE *f);
/* The saved searches: the i-th, or NULL past the last. */
const struct config_search *config_search_at(size_t i);
/* Parse one more line, as from file:line (tests, and the prompt). */
int config_parse_line(const char *line, const char *file, int lineno,
                      FILE *errors);
/* A string setting's value: the one set, else its default
 * (config_str(&config.browser)). */
const char *config_str(char *const *p);
/* Free everything and go back to the defaults. */
void config_free(void);

#endif
