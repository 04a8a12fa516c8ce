/*
 * status.h: the status codes every glossa call returns.
 *
 * One table, X-macro style, gives each code its name and its message, so
 * the enum and glossa_status_to_string() cannot drift apart.
 */
#ifndef GLOSSA_STATUS_H
#define GLOSSA_STATUS_H

#ifdef __cplusplus
extern "C" {
#endif

#define GLOSSA_STATUS_TABLE(X)                                          \
	X(OK, "success")                                                \
	X(ERROR, "internal error")                                      \
	X(NOMEM, "out of memory")                                       \
	X(IO, "input/output error")                                     \
	X(NOT_FOUND, "not found")                                       \
	X(BAD_INPUT, "invalid input")                                   \
	X(BAD_QUERY, "invalid query")                                   \
	X(NOT_ARCHIVE, "not a glossa archive")                          \
	X(TOO_NEW, "archive written by a newer glossa")                 \
	X(BUSY, "archive is busy")                                      \
	X(READONLY, "archive is read-only")                             \
	X(CORRUPT, "archive is damaged")                                \
	X(FULL, "disk full")                                            \
	X(EXISTS, "file exists")                                        \
	X(INTERRUPTED, "interrupted")

typedef enum glossa_status {
#define GLOSSA_STATUS_ENUM(name, msg) GLOSSA_##name,
	GLOSSA_STATUS_TABLE(GLOSSA_STATUS_ENUM)
#undef GLOSSA_STATUS_ENUM
	GLOSSA_STATUS_COUNT
} glossa_status_t;

/* The message of a status; never NULL, static storage. */
const char *glossa_status_to_string(glossa_status_t status);

#ifdef __cplusplus
}
#endif

#endif
