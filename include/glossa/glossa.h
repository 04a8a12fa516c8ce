/*
 * glossa.h: the whole contract of the glossa core library (libglossa.a).
 *
 * The front end includes this header and nothing else of the core. The
 * core never prints, never touches the terminal, never reads configuration
 * and never exits: each call returns a glossa_status_t, and an archive
 * handle keeps a message for the user (glossa_db_errmsg()).
 *
 * One header per module, each usable alone (and from C++):
 *   status.h     the status codes and their messages
 *   db.h         the archive handle: open, close, its message; what every
 *                call may return, who owns what, and threads
 *   list.h       the article list, a page at a time, in each order
 *   store.h      one article: fetch, mark read, delete and undelete,
 *                correct its header
 *   annotation.h glosses and notes: list, get, add, change, delete;
 *                the marked ones
 *   elsewhere.h  the glosses of other articles found in an article
 *   glossary.h   every glossed phrase of the archive
 *   search.h     the query language and ranked full-text search; the
 *                interrupt callback and glossa_db_interrupt()
 *   saved.h      saved searches, and what is new since one was opened
 *   facets.h     tags, sources and authors with their article counts
 *   import.h     importing article files, one at a time or in batches
 *   importer.h   importing many files with batching and per-file results
 *   export.h     exporting notes and articles (text, Markdown, Anki,
 *                the article file format)
 *   maint.h      checking and backing up the archive
 *   article.h    articles and annotations as data; decoding, parsing and
 *                writing the article file format, without an archive
 *   match.h      where a text matches a query or glossed phrases
 *   dict.h       the CC-CEDICT dictionary: lookup, readings, words, terms
 *   clock.h      the monotonic clock
 *   text.h       UTF-8, display width, the sanitiser, phrase matching,
 *                sentences
 */
#ifndef GLOSSA_GLOSSA_H
#define GLOSSA_GLOSSA_H

#define GLOSSA_VERSION "0.1.0"

#include "annotation.h"
#include "article.h"
#include "clock.h"
#include "db.h"
#include "dict.h"
#include "elsewhere.h"
#include "export.h"
#include "facets.h"
#include "glossary.h"
#include "import.h"
#include "importer.h"
#include "list.h"
#include "maint.h"
#include "match.h"
#include "saved.h"
#include "search.h"
#include "status.h"
#include "store.h"
#include "text.h"

#endif
