/*
 * atomic.c: writing a file the user named safely (atomic.h).
 *
 * Exported: the glossa_atomic_* calls, for export.c and maint.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "atomic.h"
#include "db.h"

glossa_status_t glossa_atomic_check(glossa_db_t *db, const char *path,
				    int force)
{
	struct stat sb;
	const char *part = glossa_archive_part(db, path);

	/* never over the archive, even with force (an export or a backup
	 * given the archive's own path would replace it) */
	if (part)
		return glossa_db_error(db, GLOSSA_BAD_INPUT,
				       "%s is %s; give the path of a new file "
				       "elsewhere",
				       path, part);
	if (lstat(path, &sb) != 0) {
		if (errno == ENOENT)
			return GLOSSA_OK;
		return glossa_db_error(db, GLOSSA_IO, "cannot write %s: %s",
				       path, strerror(errno));
	}
	if (S_ISLNK(sb.st_mode)) {
		return glossa_db_error(
			db, GLOSSA_BAD_INPUT,
			"%s is a symbolic link; not following it", path);
	}
	if (S_ISDIR(sb.st_mode)) {
		return glossa_db_error(db, GLOSSA_BAD_INPUT,
				       "%s is a directory", path);
	}
	if (!S_ISREG(sb.st_mode)) {
		return glossa_db_error(db, GLOSSA_BAD_INPUT,
				       "%s is not a regular file; only regular "
				       "files are written",
				       path);
	}
	if (!force) {
		return glossa_db_error(db, GLOSSA_EXISTS,
				       "%s exists; not replaced without force",
				       path);
	}
	return GLOSSA_OK;
}

/* Six characters of a temporary file's name. */
static void random_suffix(char *s)
{
	static const char set[] = "abcdefghijklmnopqrstuvwxyz"
				  "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	uint64_t r;

	if (getrandom(&r, sizeof(r), GRND_NONBLOCK) != (ssize_t)sizeof(r)) {
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		r = (uint64_t)ts.tv_nsec * 0x9E3779B97F4A7C15u ^
		    (uint64_t)getpid() << 32 ^ (uint64_t)ts.tv_sec;
	}
	for (int i = 0; i < 6; i++, r /= 62)
		s[i] = set[r % 62];
}

glossa_status_t glossa_atomic_begin(glossa_db_t *db, const char *path,
				    char **tmp, int *fd)
{
	size_t len = strlen(path);
	char *name = malloc(len + 8);
	int e = EEXIST;

	*tmp = NULL;
	*fd = -1;
	if (!name) {
		return glossa_db_error(db, GLOSSA_NOMEM,
				       "writing %s: out of memory", path);
	}
	memcpy(name, path, len);
	name[len] = '.';
	name[len + 7] = '\0';
	/* mkstemp() would make it 0600; with 0666 here the kernel applies
	 * the umask, as for any new file */
	for (int tries = 0; tries < 100 && e == EEXIST; tries++) {
		random_suffix(name + len + 1);
		*fd = open(name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
			   0666);
		e = *fd < 0 ? errno : 0;
	}
	if (*fd < 0) {
		free(name);
		return glossa_db_error(db, e == ENOSPC || e == EDQUOT
					       ? GLOSSA_FULL
					       : GLOSSA_IO,
				       "cannot create a file beside %s: %s",
				       path, strerror(e));
	}
	*tmp = name;
	return GLOSSA_OK;
}

/* Make a new name in path's directory durable (errors ignored: not every
 * file system can sync a directory). */
static void sync_dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int fd;

	if (!slash)
		dir = strdup(".");
	else
		dir = strndup(path, slash == path ? 1 : (size_t)(slash - path));
	if (!dir)
		return;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

glossa_status_t glossa_atomic_commit(glossa_db_t *db, char *tmp,
				     const char *path, int force)
{
	glossa_status_t st = GLOSSA_OK;
	int rc, e;

	if (force) {
		rc = rename(tmp, path);
	} else if ((rc = link(tmp, path)) == 0) {
		unlink(tmp);
	} else if (errno != EEXIST) {
		/* no hard links here (vfat, some network file systems) */
		rc = renameat2(AT_FDCWD, tmp, AT_FDCWD, path,
			       RENAME_NOREPLACE);
	}
	e = errno;
	if (rc == 0) {
		sync_dir_of(path);
	} else if (e == EEXIST) {
		st = glossa_db_error(db, GLOSSA_EXISTS,
				     "%s exists; not replaced without force",
				     path);
	} else if (!force && (e == EINVAL || e == ENOSYS)) {
		/* rename() would replace a file made meanwhile */
		st = glossa_db_error(db, GLOSSA_IO,
				     "cannot write %s without the risk of "
				     "replacing a file: its file system has "
				     "neither hard links nor an exclusive "
				     "rename (with force, it is replaced)",
				     path);
	} else {
		st = glossa_db_error(db, e == ENOSPC || e == EDQUOT
					     ? GLOSSA_FULL
					     : GLOSSA_IO,
				     "cannot write %s: %s", path, strerror(e));
	}
	if (st != GLOSSA_OK)
		unlink(tmp);
	free(tmp);
	return st;
}

void glossa_atomic_discard(char *tmp)
{
	if (!tmp)
		return;
	unlink(tmp);
	free(tmp);
}
