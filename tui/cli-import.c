/*
 * cli-import.c: glossa import (files, directories, standard input).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli-internal.h"
#include "glossa/glossa.h"
#include "cli-poison.h"

/* --- import ---------------------------------------------------------- */

/*
 * The core's importer (glossa/importer.h) puts the files into the archive
 * in batches and imports a failed batch's files again one by one, so
 * that the outcome for every file is what a transaction per file would
 * give; a file is reported (on_file()) once its batch has committed.
 *
 * A signal (SIGINT, SIGTERM, SIGHUP) stops the import at once, through
 * the archive's interrupt callback: the batch open then is rolled back
 * and not imported again; what was committed stays, and one line names
 * the first file not imported.
 *
 * The walk reads each file once: a symbolic link inside a directory is
 * never followed (one named on the command line is), and a file or
 * directory met again by another path (a hard link, a bind mount, the
 * same one named twice) is skipped, by device and inode. So no tree
 * loops, and nothing outside the trees named is read. Only what could
 * be met again is remembered: directories, files with several links and
 * files named on the command line (a file of one link inside a
 * directory has one path the walk takes, unless a bind mount shows it
 * twice, or it is linked or replaced while the walk runs: then it is
 * read twice); a million files of one link each cost no memory.
 */

/* A directory or file remembered by the walk (see seen_before()). */
struct file_id {
	dev_t dev;
	ino_t ino;
	int state; /* FREE, MET, or NAMED: named on the command line */
};

enum { FREE, MET, NAMED };

struct import_state {
	glossa_importer_t *imp;
	const char *encoding;
	int imported, updated, unchanged, failed;
	int stopped;	 /* a signal stopped the import */
	char *first_lost; /* the first file read but rolled back by it */
	size_t n_lost;	 /* how many were */
	struct file_id *seen; /* hash set, open addressing */
	size_t n_seen, cap_seen;
	size_t links, special, twice; /* entries skipped */
};

/* The signal that asked import to stop (SIGINT, SIGTERM, SIGHUP), or 0. */
static volatile sig_atomic_t import_signal;

static void on_import_signal(int sig)
{
	import_signal = sig;
}

/* The core's interrupt callback: stop the statement running now. */
static int import_interrupted(void *arg)
{
	(void)arg;
	return import_signal != 0;
}

/* Report a file that is in the archive. */
static void report_imported(struct import_state *s, const char *path,
			    const glossa_import_result_t *res)
{
	for (size_t i = 0; i < res->n_warnings; i++)
		err("%s: warning: %s\n", path, res->warnings[i]);
	if (res->unchanged) {
		out("unchanged %s (id %" PRId64 ")\n", path, res->article_id);
		s->unchanged++;
		return;
	}
	out("%s %s (id %" PRId64 ", %zu note%s)",
	    res->updated ? "updated" : "imported", path, res->article_id,
	    res->n_glosses, res->n_glosses == 1 ? "" : "s");
	if (res->namesake_id)
		out(": a new article, though article %" PRId64
		    " has its title and date",
		    res->namesake_id);
	out("\n");
	if (res->updated)
		s->updated++;
	else
		s->imported++;
}

/* Report a file that failed with the message msg. */
static void report_failed(struct import_state *s, const char *path,
                          const char *msg)
{
	err("%s: %s\n", path, msg);
	s->failed++;
}

/* The importer's callback: what became of one file. A file a signal
 * rolled back is only counted, for the one line stopped() prints. */
static void on_file(void *arg, const char *path, glossa_status_t st,
		    const glossa_import_result_t *res, const char *msg)
{
	struct import_state *s = arg;

	if (st == GLOSSA_OK) {
		report_imported(s, path, res);
	} else if (st == GLOSSA_INTERRUPTED) {
		if (!s->first_lost)
			s->first_lost = strdup(path);
		s->n_lost++;
	} else {
		report_failed(s, path, msg);
	}
}

/*
 * The import was stopped by a signal: say in one line from which file on
 * nothing was imported: the first file rolled back, else path (the next
 * one, not read; may be NULL), and how many files read were rolled back.
 */
static void stopped(struct import_state *s, const char *path)
{
	const char *first = s->first_lost ? s->first_lost : path;
	size_t n = s->n_lost;

	if (s->stopped)
		return;
	s->stopped = 1;
	if (first && n)
		err("interrupted: %s and the files after it not "
		    "imported (%zu file%s rolled back)\n",
		    first, n, n == 1 ? "" : "s");
	else if (first)
		err("interrupted: %s and the files after "
		    "it not imported\n",
		    first);
	else
		err("interrupted\n");
}

/* A signal came before path was read: end the import there. */
static void stop_before(struct import_state *s, const char *path)
{
	glossa_importer_commit(s->imp); /* rolls back: the signal is seen */
	stopped(s, path);
}

/* Import the open file fd; a link is followed again only for a file
 * named on the command line (follow). */
static void import_one(struct import_state *s, int fd, const char *path,
		       int follow)
{
	if (glossa_importer_add_fd(s->imp, fd, path, s->encoding,
				   follow ? GLOSSA_IMPORTER_FOLLOW : 0) ==
	    GLOSSA_INTERRUPTED)
		stopped(s, path);
}

/* The slot of the file or directory sb describes in the set (a free
 * one if it is not there); NULL if out of memory. */
static struct file_id *seen_slot(struct import_state *s,
				 const struct stat *sb)
{
	size_t mask, i;

	if (2 * (s->n_seen + 1) > s->cap_seen) {
		size_t cap = s->cap_seen ? 2 * s->cap_seen : 1024;
		struct file_id *old = s->seen, *v = calloc(cap, sizeof(*v));
		if (!v)
			return NULL;
		for (size_t k = 0; k < s->cap_seen; k++) {
			if (old[k].state == FREE)
				continue;
			i = ((uint64_t)old[k].ino * 0x9E3779B97F4A7C15u ^
			     (uint64_t)old[k].dev) & (cap - 1);
			while (v[i].state != FREE)
				i = (i + 1) & (cap - 1);
			v[i] = old[k];
		}
		free(old);
		s->seen = v;
		s->cap_seen = cap;
	}
	mask = s->cap_seen - 1;
	i = ((uint64_t)sb->st_ino * 0x9E3779B97F4A7C15u ^
	     (uint64_t)sb->st_dev) & mask;
	for (; s->seen[i].state != FREE; i = (i + 1) & mask)
		if (s->seen[i].ino == sb->st_ino &&
		    s->seen[i].dev == sb->st_dev)
			break;
	return &s->seen[i];
}

/* Remember that the file sb describes is named on the command line (so
 * that the walk, meeting it, remembers it too); 0 if out of memory. */
static int seen_named(struct import_state *s, const struct stat *sb)
{
	struct file_id *f = seen_slot(s, sb);

	if (!f)
		return 0;
	if (f->state == FREE) {
		*f = (struct file_id){sb->st_dev, sb->st_ino, NAMED};
		s->n_seen++;
	}
	return 1;
}

/* 1 if the file or directory sb describes was met before in this
 * import, else 0 (and it is remembered if it could be met again; top:
 * named on the command line); -1 if out of memory. */
static int seen_before(struct import_state *s, const struct stat *sb,
		       int top)
{
	struct file_id *f = seen_slot(s, sb);

	if (!f)
		return -1;
	if (f->state == MET)
		return 1;
	if (f->state == NAMED) {
		f->state = MET;
	} else if (top || S_ISDIR(sb->st_mode) || sb->st_nlink > 1) {
		*f = (struct file_id){sb->st_dev, sb->st_ino, MET};
		s->n_seen++;
	}
	return 0;
}

static void import_dir(struct import_state *s, int fd, const char *path);

/* Import what the open fd is (sb): a directory's files, or a file (a
 * regular one only inside a directory, anything named on the command
 * line, top, so that it is refused with a reason). Closes fd. */
static void import_opened(struct import_state *s, int fd, const char *path,
			  const struct stat *sb, int top)
{
	int seen = seen_before(s, sb, top);

	if (seen < 0) {
		report_failed(s, path, "out of memory");
	} else if (seen) {
		s->twice++;
	} else if (S_ISDIR(sb->st_mode)) {
		import_dir(s, fd, path);
		return;
	} else if (top || S_ISREG(sb->st_mode)) {
		import_one(s, fd, path, top);
	} else {
		s->special++;
	}
	close(fd);
}

/* Import what open() gave for path (fd, -1 with errno: say why).
 * Closes fd. */
static void import_fd(struct import_state *s, int fd, const char *path,
		      int top)
{
	struct stat sb;

	if (fd < 0 || fstat(fd, &sb) != 0) {
		report_failed(s, path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return;
	}
	import_opened(s, fd, path, &sb, top);
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Import the entry name of the directory dfd (path in messages): a
 * regular file or a directory, never through a symbolic link. */
static void import_entry(struct import_state *s, int dfd, const char *name,
			 const char *path)
{
	struct stat sb;
	int fd;

	if (fstatat(dfd, name, &sb, AT_SYMLINK_NOFOLLOW) != 0) {
		report_failed(s, path, strerror(errno));
		return;
	}
	if (S_ISLNK(sb.st_mode)) {
		s->links++;
		return;
	}
	/* FIFOs, devices and sockets are not opened at all */
	if (!S_ISREG(sb.st_mode) && !S_ISDIR(sb.st_mode)) {
		s->special++;
		return;
	}
	fd = openat(dfd, name, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0 && errno == ELOOP) { /* became a link meanwhile */
		s->links++;
		return;
	}
	import_fd(s, fd, path, 0);
}

/* Import the open directory fd (path in messages): its entries
 * recursively, in name order, skipping hidden ones. Closes fd. */
static void import_dir(struct import_state *s, int fd, const char *path)
{
	size_t n = 0, cap = 0, len = strlen(path);
	const char *sep = len && path[len - 1] == '/' ? "" : "/";
	char **names = NULL;
	struct dirent *e;
	DIR *dir;

	if (!(dir = fdopendir(fd))) {
		report_failed(s, path, strerror(errno));
		close(fd);
		return;
	}
	while ((e = readdir(dir))) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			size_t ncap = cap ? 2 * cap : 32;
			char **more = realloc(names, ncap * sizeof(*more));
			if (!more)
				break;
			names = more;
			cap = ncap;
		}
		if (!(names[n] = strdup(e->d_name)))
			break;
		n++;
	}
	/* the entries not listed are not imported: that is a failure */
	if (e)
		report_failed(s, path, "out of memory listing the directory");
	if (n)
		qsort(names, n, sizeof(*names), compare_names);
	for (size_t i = 0; i < n; i++) {
		char *child;
		if (!s->stopped &&
		    asprintf(&child, "%s%s%s", path, sep, names[i]) >= 0) {
			if (import_signal)
				stop_before(s, child);
			else
				import_entry(s, dirfd(dir), names[i], child);
			free(child);
		}
		free(names[i]);
	}
	free(names);
	closedir(dir);
}

/* Import a path named on the command line: a file, or a directory's
 * files recursively. A symbolic link named here is followed. */
static void import_arg(struct import_state *s, const char *path)
{
	int fd;

	if (import_signal) {
		stop_before(s, path);
		return;
	}
	/* O_NONBLOCK: opening a FIFO must not wait for a writer. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	import_fd(s, fd, path, 1);
}

/* What names standard input ("-" on the command line) in messages and
 * in the archive: no absolute path, so it identifies no article. */
#define STDIN_ORIGIN "(stdin)"

/*
 * Import one article from standard input, "-" on the command line (for
 * a newsreader's pipe-to, a browser's text, a clipboard): read whole,
 * up to the size limit (max_size, 0: the default), then imported as a
 * file's bytes are, with the same rules and messages, in a transaction
 * of its own once the files before it are committed (a pipe cannot be
 * read again should a batch go back). It has no file identity: the same
 * text piped again is the same article only by its URL, or its Title,
 * Date and Source all given.
 */
static void import_stdin(struct import_state *s, uint64_t max_size)
{
	uint64_t limit = max_size ? max_size : GLOSSA_MAX_FILE;
	size_t len = 0, cap = 0;
	char *data = NULL;

	/* the files before it are committed, and the archive free, while
	 * the article is read */
	if (glossa_importer_commit(s->imp) != GLOSSA_OK) {
		stopped(s, STDIN_ORIGIN);
		return;
	}
	if (isatty(STDIN_FILENO))
		err("glossa import: reading an article from the terminal; "
		    "Ctrl-D ends it\n");
	for (;;) {
		ssize_t got;
		if (len == cap) {
			/* one byte past the limit tells that it is over */
			size_t ncap = cap ? 2 * cap : 65536;
			char *more;
			if ((uint64_t)ncap > limit + 1)
				ncap = (size_t)(limit + 1);
			if (ncap <= cap) {
				int mb = limit % (1024 * 1024) == 0;
				char msg[96];
				snprintf(msg, sizeof(msg),
					 "too large (more than the limit "
					 "of %llu %s)",
					 (unsigned long long)(mb ? limit >> 20
								 : limit),
					 mb ? "MB" : "bytes");
				report_failed(s, STDIN_ORIGIN, msg);
				free(data);
				return;
			}
			if (!(more = realloc(data, ncap))) {
				report_failed(s, STDIN_ORIGIN, "out of memory");
				free(data);
				return;
			}
			data = more;
			cap = ncap;
		}
		got = read(STDIN_FILENO, data + len, cap - len);
		if (got < 0 && errno == EINTR && !import_signal)
			continue;
		if (got < 0 && errno == EINTR) {
			stop_before(s, STDIN_ORIGIN);
			free(data);
			return;
		}
		if (got < 0) {
			report_failed(s, STDIN_ORIGIN, strerror(errno));
			free(data);
			return;
		}
		if (got == 0)
			break;
		len += (size_t)got;
	}
	if (glossa_importer_add_buffer(s->imp, data ? data : "", len,
				       STDIN_ORIGIN, s->encoding) ==
	    GLOSSA_INTERRUPTED)
		stopped(s, STDIN_ORIGIN);
	free(data);
}

/* Say what the walk skipped, in one line (nothing if nothing was). */
static void report_skipped(const struct import_state *s)
{
	const char *sep = "";

	if (!s->links && !s->special && !s->twice)
		return;
	err("skipped ");
	if (s->links) {
		err("%zu symbolic link%s inside directories (not "
		    "followed)",
		    s->links, s->links == 1 ? "" : "s");
		sep = ", ";
	}
	if (s->special) {
		err("%s%zu special file%s (FIFO, device or socket)", sep,
		    s->special, s->special == 1 ? "" : "s");
		sep = ", ";
	}
	if (s->twice)
		err("%s%zu duplicate%s (a file or directory "
		    "already read, by another name)",
		    sep, s->twice, s->twice == 1 ? "" : "s");
	err("\n");
}

/* Make the directory that will hold the archive, if it is missing. */
static void make_parent(const char *path)
{
	char *dir = strdup(path), *slash;

	if (!dir || !*dir) {
		free(dir);
		return;
	}
	for (slash = strchr(dir + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(dir, 0700);
		*slash = '/';
	}
	free(dir);
}

/* Parse a size in bytes with an optional K, M or G suffix (powers of
 * 1024), or complain. */
static int parse_size(const char *s, uint64_t *bytes)
{
	char *end;
	unsigned long long v;
	int shift = 0;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (end != s && *end && !end[1]) {
		switch (*end) {
		case 'k':
		case 'K':
			shift = 10;
			break;
		case 'm':
		case 'M':
			shift = 20;
			break;
		case 'g':
		case 'G':
			shift = 30;
			break;
		}
		if (shift)
			end++;
	}
	if (errno || end == s || *end || *s == '-' || v == 0 ||
	    v > (UINT64_MAX >> shift)) {
		err("glossa import: --max-size expects a size "
		    "in bytes > 0, with K, M or G after it if "
		    "you like (e.g. 200M)\n");
		return -1;
	}
	*bytes = (uint64_t)v << shift;
	return 0;
}

int cmd_import(const char *db_path, int argc, char **argv)
{
	static const struct option options[] = {
		{"encoding", required_argument, NULL, 'e'},
		{"max-size", required_argument, NULL, 'm'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct import_state s = {0};
	uint64_t max_size = 0;
	glossa_db_t *db;
	struct sigaction sa;
	int c, status;

	optind = 0; /* 0: glibc starts over, also its ordering mode */
	while ((c = cli_getopt(argc, argv, "e:m:h", options)) != -1) {
		switch (c) {
		case 'e':
			s.encoding = optarg;
			break;
		case 'm':
			if (parse_size(optarg, &max_size) < 0)
				return EXIT_USAGE;
			break;
		case 'h':
			return usage_of(argv[0], stdout, EXIT_OK);
		default:
			return usage_of(argv[0], stderr, EXIT_USAGE);
		}
	}
	if (optind == argc) {
		err("glossa import: nothing to import\n");
		return usage_of(argv[0], stderr, EXIT_USAGE);
	}
	for (int i = optind, dash = 0; i < argc; i++) {
		if (strcmp(argv[i], "-") == 0 && dash++) {
			err("glossa import: - (standard input) can be "
			    "given once\n");
			return EXIT_USAGE;
		}
	}
	/* the files named, so that the walk knows them when it meets them */
	for (int i = optind; i < argc; i++) {
		struct stat sb;
		if (strcmp(argv[i], "-") != 0 && stat(argv[i], &sb) == 0 &&
		    !S_ISDIR(sb.st_mode) && !seen_named(&s, &sb)) {
			err("glossa: out of memory\n");
			free(s.seen);
			return EXIT_ERROR;
		}
	}
	make_parent(db_path);
	if (!(db = open_db(db_path, GLOSSA_OPEN_CREATE))) {
		free(s.seen);
		return EXIT_ERROR;
	}
	if (glossa_db_readonly(db)) {
		err("glossa: the archive %s is read-only; nothing "
		    "imported\n", db_path);
		glossa_db_close(db);
		free(s.seen);
		return EXIT_ERROR;
	}
	if (glossa_importer_begin(db, on_file, &s, &s.imp) != GLOSSA_OK) {
		err("glossa: %s\n", glossa_db_errmsg(db));
		glossa_db_close(db);
		free(s.seen);
		return EXIT_ERROR;
	}
	glossa_db_set_max_file(db, max_size);
	/* A signal rolls back the open batch; what was committed stays.
	 * SA_RESETHAND: a second one ends glossa at once (the archive stays
	 * whole, as after a kill -9). */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_import_signal;
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	/* under nohup(1), a hangup stays ignored */
	struct sigaction old;
	if (sigaction(SIGHUP, NULL, &old) == 0 && old.sa_handler != SIG_IGN)
		sigaction(SIGHUP, &sa, NULL);
	glossa_db_set_interrupt(db, import_interrupted, &s);
	for (int i = optind; i < argc && !s.stopped; i++) {
		if (strcmp(argv[i], "-") == 0)
			import_stdin(&s, max_size);
		else
			import_arg(&s, argv[i]);
	}
	if (glossa_importer_finish(s.imp) == GLOSSA_INTERRUPTED)
		stopped(&s, NULL);
	free(s.first_lost);
	free(s.seen);
	glossa_db_close(db);
	report_skipped(&s);
	out("%d imported, %d updated, %d failed", s.imported, s.updated,
	    s.failed);
	if (s.unchanged)
		out(", %d unchanged", s.unchanged);
	out("\n");
	status = finish_output(s.failed ? EXIT_ERROR : EXIT_OK);
	if (import_signal) {
		if (!s.stopped)
			err("interrupted\n");
		return 128 + import_signal;
	}
	return status;
}
