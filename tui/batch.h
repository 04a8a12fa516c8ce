/*
 * batch.h: how much a batch of `glossa import` holds, the front end's
 * policy (the core's batches, glossa/import.h, hold what the caller puts
 * in them). Shared with the benchmark, which imports as `glossa import`
 * does.
 */
#ifndef GLOSSA_TUI_BATCH_H
#define GLOSSA_TUI_BATCH_H

#include "glossa/db.h"

/*
 * `glossa import` commits after this many files or seconds of work,
 * whichever comes first. A batch writes each page it changed once, at
 * its commit: the archive's B-tree indexes (title, URL, date, phrase)
 * take inserts all over, so larger batches write fewer pages a file,
 * and FTS5 writes fewer, larger segments (tests/bench/RESULTS.md has the
 * figures). A kill -9 loses at most one batch, none of it reported as
 * imported. A batch holds the archive's write lock for its seconds of
 * work and its commit: a third of GLOSSA_BUSY_SECONDS, so that a note
 * saved in the interface while `glossa import` runs waits for the batch
 * instead of failing.
 */
#define GLOSSA_IMPORT_BATCH_FILES 20000
#define GLOSSA_IMPORT_BATCH_SECONDS (GLOSSA_BUSY_SECONDS / 3)

#endif
