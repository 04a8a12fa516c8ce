/*
 * atomic.h: the one way the core writes a file the user named (export,
 * backup), private to the core.
 *
 * glossa_atomic_check() refuses a target it must not touch;
 * glossa_atomic_begin() makes a new temporary file beside the target; the
 * caller writes it and syncs it; glossa_atomic_commit() gives it the
 * target's name and syncs the directory, or glossa_atomic_discard()
 * removes it. Without force a file is never replaced, not even one
 * created at the target while the temporary file was written: no
 * check-then-rename. The file's mode is 0666 less the umask, applied by
 * the kernel at its creation: the process umask is never changed (the
 * interface has a second thread).
 */
#ifndef GLOSSA_ATOMIC_H
#define GLOSSA_ATOMIC_H

#include "glossa/glossa.h"

/* What part of db's archive path is ("the archive itself", "the
 * archive's write-ahead log", ...), or NULL when it is none of them
 * (maint.c). */
const char *glossa_archive_part(glossa_db_t *db, const char *path);

/*
 * Refuse path if it is one of the archive's own files, a symbolic link,
 * a directory or not a regular file (GLOSSA_BAD_INPUT, even with force),
 * or, without force, if it exists (GLOSSA_EXISTS); GLOSSA_IO if it cannot
 * be looked at. A first answer, for a clear message before any work:
 * glossa_atomic_commit() decides.
 */
glossa_status_t glossa_atomic_check(glossa_db_t *db, const char *path,
				    int force);

/*
 * Create a new empty file beside path, "path.XXXXXX" (O_CREAT | O_EXCL,
 * mode 0666 less the umask); *tmp is its name (allocated), *fd open for
 * writing. GLOSSA_FULL, GLOSSA_IO or GLOSSA_NOMEM, with a message.
 */
glossa_status_t glossa_atomic_begin(glossa_db_t *db, const char *path,
				    char **tmp, int *fd);

/*
 * Give the written and synced file tmp the name path, then sync the
 * directory. Without force: link(), else renameat2(RENAME_NOREPLACE)
 * where the file system has no hard links; GLOSSA_EXISTS if path exists
 * by then; where the file system can do neither, refused (GLOSSA_IO; the
 * message says --force works). With force: rename() over path. On
 * failure tmp is removed. tmp is freed in any case.
 */
glossa_status_t glossa_atomic_commit(glossa_db_t *db, char *tmp,
				     const char *path, int force);

/* Remove the temporary file tmp and free the name; NULL is a no-op. */
void glossa_atomic_discard(char *tmp);

#endif
