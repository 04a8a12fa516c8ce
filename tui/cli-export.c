/*
 * cli-export.c: glossa export.
 */
#include <getopt.h>
#include <stdlib.h>

#include "cli-internal.h"
#include "config.h"
#include "glossa/glossa.h"
#include "cli-poison.h"

/* --- export ---------------------------------------------------------- */

int cmd_export(const char *db_path, int argc, char **argv)
{
	static const struct option options[] = {
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"force", no_argument, NULL, 'F'},
		{"all", no_argument, NULL, 'a'},
		{"article", no_argument, NULL, 'A'},
		{"note", no_argument, NULL, 'N'},
		{"query", required_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	glossa_selection_t sel = {.kind = GLOSSA_SELECT_ALL};
	glossa_format_kind_t format = GLOSSA_FORMAT_TEXT;
	const char *output = NULL;
	int64_t *ids = NULL;
	int force = 0, chosen = 0, c, status = EXIT_OK;
	glossa_status_t st;
	glossa_db_t *db;
	size_t count = 0;

	/* set export-format (checked when read) */
	glossa_format_from_name(
	    config_str(&config.export_format), &format);
	optind = 0; /* 0: glibc starts over, also its ordering mode */
	while ((c = cli_getopt(argc, argv, "f:o:FaANq:h", options)) !=
	       -1) {
		switch (c) {
		case 'f':
			if (glossa_format_from_name(optarg, &format) < 0) {
				err(
			     "glossa export: unknown format '%s' "
			     "(text, markdown, anki, archive)\n",
			     optarg);
				return EXIT_USAGE;
			}
			break;
		case 'o':
			output = optarg;
			break;
		case 'F':
			force = 1;
			break;
		case 'a':
		case 'A':
		case 'N':
		case 'q':
			if (chosen++) {
				err("glossa export: choose one of "
				    "--all, --article, --note, "
				    "--query\n");
				return EXIT_USAGE;
			}
			sel.kind = c == 'a'   ? GLOSSA_SELECT_ALL
				   : c == 'A' ? GLOSSA_SELECT_ARTICLES
				   : c == 'N' ? GLOSSA_SELECT_NOTES
					      : GLOSSA_SELECT_QUERY;
			if (c == 'q')
				sel.query = optarg;
			break;
		case 'h':
			return usage_of(argv[0], stdout, EXIT_OK);
		default:
			return usage_of(argv[0], stderr, EXIT_USAGE);
		}
	}
	if (sel.kind == GLOSSA_SELECT_ARTICLES ||
	    sel.kind == GLOSSA_SELECT_NOTES) {
		if (optind == argc) {
			err("glossa export: --%s needs ids\n",
		    sel.kind == GLOSSA_SELECT_NOTES ? "note"
						    : "article");
			return EXIT_USAGE;
		}
		if (!(ids = calloc((size_t)(argc - optind), sizeof(*ids))))
			return EXIT_ERROR;
		for (int i = optind; i < argc; i++) {
			if (parse_id(argv[i], &ids[i - optind]) < 0) {
				free(ids);
				return EXIT_USAGE;
			}
		}
		sel.ids = ids;
		sel.n_ids = (size_t)(argc - optind);
	} else if (optind < argc) {
		free(ids);
		return usage_of(argv[0], stderr, EXIT_USAGE);
	}
	if (format == GLOSSA_FORMAT_ARCHIVE && !output) {
		err("glossa export: the archive format writes a "
		    "directory: give --output DIR\n");
		free(ids);
		return EXIT_USAGE;
	}
	catch_stop_signals();
	if (!(db = open_db(db_path, GLOSSA_OPEN_READONLY))) {
		free(ids);
		return stop_signal ? 128 + stop_signal : EXIT_ERROR;
	}
	glossa_db_set_interrupt(db, stop_requested, NULL);
	if (output)
		st = glossa_export_file(db, &sel, format, output, force,
					&count);
	else
		st = glossa_export_stream(db, &sel, format, stdout, &count);
	if (stop_signal && st != GLOSSA_OK) {
		/* into a directory that was there, the articles written
		 * before the signal stay (each file whole) */
		if (output && format == GLOSSA_FORMAT_ARCHIVE)
			err("interrupted: the export to %s did not finish "
			    "(a directory it made is removed; files written "
			    "into one that was there stay)\n",
			    output);
		else if (output)
			err("interrupted: %s not written\n", output);
		else
			err("interrupted: the export is not complete\n");
		glossa_db_close(db);
		free(ids);
		return 128 + stop_signal;
	}
	if (st != GLOSSA_OK) {
		status = say_write_error(db, st);
	} else if (output) {
		out("exported %zu note%s to %s\n", count, count == 1 ? "" : "s",
		    output);
	}
	glossa_db_close(db);
	free(ids);
	status = finish_output(status);
	return stop_signal ? 128 + stop_signal : status;
}
