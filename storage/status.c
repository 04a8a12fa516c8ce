/*
 * status.c: the messages of the status codes.
 *
 * Exports glossa_status_to_string().
 */
#include "glossa/status.h"

static const char *const status_messages[] = {
#define GLOSSA_STATUS_MESSAGE(name, msg) [GLOSSA_##name] = msg,
    GLOSSA_STATUS_TABLE(GLOSSA_STATUS_MESSAGE)
#undef GLOSSA_STATUS_MESSAGE
};

const char *glossa_status_to_string(glossa_status_t status)
{
	if ((unsigned)status >= GLOSSA_STATUS_COUNT)
		return "unknown status";
	return status_messages[status];
}
