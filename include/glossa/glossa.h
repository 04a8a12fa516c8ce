/*
 * glossa.h: the whole contract of the glossa core library (libglossa.a).
 *
 * The front end includes this header and nothing else of the core. The
 * core never prints, never touches the terminal, never reads configuration
 * and never exits: each call returns a glossa_status_t, and an archive
 * handle keeps a message for the user (glossa_db_errmsg()).
 */
#ifndef GLOSSA_GLOSSA_H
#define GLOSSA_GLOSSA_H

#define GLOSSA_VERSION "0.1.0"

#include "archive.h"
#include "article.h"
#include "clock.h"
#include "dict.h"
#include "export.h"
#include "importer.h"
#include "match.h"
#include "search.h"
#include "status.h"
#include "text.h"

#endif
