/*
 * searcher.c: the interface's searches, run on a connection of their own
 * in a thread of their own, so that the screen keeps taking keys while
 * FTS5 works. One FTS5 call can take seconds, and SQLite calls no
 * progress handler inside it: at a million articles, merging the
 * doclists of every term that a prefix matches took 1.6 s for a*
 * before short prefixes had tokens of their own, and still takes that
 * long for a prefix that starts more than 64 words. Exports the
 * searcher_* functions of ui.h.
 *
 * One search at a time: submitting replaces the search waiting to run and
 * stops the one running (glossa_db_interrupt(), which SQLite sees inside
 * that call too; its result is dropped). The thread writes a byte
 * to a pipe when a result is ready; the main loop polls the pipe beside
 * the terminal and takes the result with searcher_take().
 *
 * The first search starts the thread, so that start-up does not wait
 * for the second connection (0.4 ms). Without the thread (the second
 * connection would not open, or the thread would not start),
 * searcher_submit() runs the search at once on the interface's own
 * connection, stopped by a key as before.
 */
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ui.h"

struct searcher {
	glossa_db_t *db; /* the thread's own connection */
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	int pipe[2];
	/* under lock */
	struct search_job *next;    /* waiting to run */
	struct search_job *running; /* on the thread now */
	struct search_job *done;    /* ready for searcher_take() */
	unsigned long latest;       /* the id of the last job submitted */
	int quit;
	int ranking; /* the running job ranks, with a deadline */
	/* the running job is stale: its statements stop */
	atomic_int cancel;
	/* the running job ranked past its deadline (searcher_tick()): it
	 * takes the newest matches instead */
	atomic_int expire;
};

static struct searcher the;
static int started;                    /* the thread runs */
static int tried;                      /* searcher_start() was called */
static unsigned long submitted, taken; /* main thread only */
static struct search_job *sync_done;   /* without the thread */

void search_job_free(struct search_job *j)
{
	if (!j)
		return;
	glossa_page_clear(&j->page);
	free(j->query);
	free(j);
}

/* The interrupt callback on the thread's connection. */
static int job_interrupt(void *arg)
{
	struct search_limit *limit = arg;

	if (atomic_load(&the.cancel))
		return 1;
	if (limit->deadline > 0 &&
	    (atomic_load(&the.expire) || ui_now() > limit->deadline)) {
		limit->expired = 1;
		return 1;
	}
	return 0;
}

/* The running job ranks with a deadline (on), or no longer (off). */
static void set_ranking(int threaded, int on)
{
	if (!threaded)
		return;
	pthread_mutex_lock(&the.lock);
	the.ranking = on;
	pthread_mutex_unlock(&the.lock);
}

typedef glossa_status_t (*search_fn)(glossa_db_t *, const char *, size_t,
                                     size_t, glossa_page_t *, int64_t *);

/* Run search for j's first page within j's rank_seconds (0: not at
 * all; < 0: no limit), j->status its result. 1 if it ran out of time
 * (limit->expired, also when searcher_tick() stopped it inside one FTS5
 * call): then the page is empty and the deadline dropped, for the
 * caller's search instead. */
static int within_deadline(glossa_db_t *db, struct search_job *j,
                           struct search_limit *limit, int threaded,
                           search_fn search)
{
	j->status = GLOSSA_INTERRUPTED;
	limit->expired = j->rank_seconds == 0;
	if (j->rank_seconds > 0)
		limit->deadline = j->deadline;
	if (threaded && atomic_load(&the.expire))
		limit->expired = 1; /* past the deadline already */
	if (!limit->expired) {
		set_ranking(threaded, limit->deadline > 0);
		j->status = search(db, j->query, 0, j->limit, &j->page,
		                   &j->total);
		set_ranking(threaded, 0);
		if (j->status == GLOSSA_INTERRUPTED && threaded &&
		    atomic_load(&the.expire) && !atomic_load(&the.cancel))
			limit->expired = 1;
	}
	if (j->status != GLOSSA_INTERRUPTED || !limit->expired)
		return 0;
	limit->deadline = 0;
	glossa_page_clear(&j->page);
	return 1;
}

/* Run job j on db; interrupt is the callback (arg: a search_limit);
 * threaded: on the searcher's thread. */
static void run_job(glossa_db_t *db, struct search_job *j,
                    int (*interrupt)(void *), int threaded)
{
	struct search_limit limit = {0, 0};

	glossa_db_set_interrupt(db, interrupt, &limit);
	switch (j->kind) {
	case SEARCH_FIRST:
		/* ranked, unless that takes longer than rank_seconds: then
		 * the newest matches, which FTS5 streams */
		if (within_deadline(db, j, &limit, threaded,
		                    glossa_search_first)) {
			j->status = glossa_search_newest(
			    db, j->query, 0, j->limit, &j->page, NULL);
			j->total = (int64_t)j->page.n;
			j->unranked = j->status == GLOSSA_OK && j->page.n > 0;
		}
		break;
	case SEARCH_RANK:
		/* every match, unless that takes longer than rank_seconds:
		 * then the newest GLOSSA_RANK_NEWEST, however long */
		if (within_deadline(db, j, &limit, threaded, glossa_search_all))
			j->status = glossa_search(db, j->query, 0, j->limit,
			                          &j->page, &j->total);
		else
			j->all = j->status == GLOSSA_OK;
		break;
	case SEARCH_PAGE:
		/* the total was counted by the first search: counting again
		 * cost a pass over every match per page scrolled */
		j->status = (j->all ? glossa_search_all : glossa_search)(
		    db, j->query, j->offset, j->limit, &j->page, NULL);
		break;
	}
	glossa_db_set_interrupt(db, NULL, NULL);
	if (j->status != GLOSSA_OK && j->status != GLOSSA_INTERRUPTED)
		snprintf(j->errmsg, sizeof(j->errmsg), "%s",
		         glossa_db_errmsg(db));
}

static void *thread_main(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&the.lock);
	for (;;) {
		struct search_job *j;

		while (!the.next && !the.quit)
			pthread_cond_wait(&the.wake, &the.lock);
		if (the.quit)
			break;
		j = the.next;
		the.next = NULL;
		the.running = j;
		atomic_store(&the.cancel, j->id != the.latest);
		atomic_store(&the.expire, 0);
		pthread_mutex_unlock(&the.lock);
		run_job(the.db, j, job_interrupt, 1);
		pthread_mutex_lock(&the.lock);
		the.running = NULL;
		if (j->id != the.latest) {
			/* replaced or cancelled meanwhile */
			search_job_free(j);
			continue;
		}
		search_job_free(the.done);
		the.done = j;
		/* a full pipe (EAGAIN) already says so */
		(void)!write(the.pipe[1], "", 1);
	}
	pthread_mutex_unlock(&the.lock);
	return NULL;
}

/* Open the thread's connection to db_path and start it; -1 if it cannot
 * (searches then run at once, on the interface's connection). */
static int searcher_start(const char *db_path)
{
	char *msg = NULL;
	sigset_t all, old;
	int rc;

	if (started || !db_path || !*db_path)
		return started ? 0 : -1;
	/* a test hook: the searches without the thread */
	if (getenv("GLOSSA_TEST_NO_SEARCH_THREAD"))
		return -1;
	memset(&the, 0, sizeof(the));
	if (glossa_db_open(db_path, GLOSSA_OPEN_READONLY, &the.db, &msg) !=
	    GLOSSA_OK) {
		free(msg);
		return -1;
	}
	if (pipe(the.pipe)) {
		glossa_db_close(the.db);
		return -1;
	}
	fcntl(the.pipe[0], F_SETFL, O_NONBLOCK);
	fcntl(the.pipe[1], F_SETFL, O_NONBLOCK);
	fcntl(the.pipe[0], F_SETFD, FD_CLOEXEC);
	fcntl(the.pipe[1], F_SETFD, FD_CLOEXEC);
	pthread_mutex_init(&the.lock, NULL);
	pthread_cond_init(&the.wake, NULL);
	/* the thread blocks every signal, so that SIGINT and SIGWINCH wake
	 * the interface's poll() and not this thread */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&the.thread, NULL, thread_main, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc) {
		pthread_mutex_destroy(&the.lock);
		pthread_cond_destroy(&the.wake);
		close(the.pipe[0]);
		close(the.pipe[1]);
		glossa_db_close(the.db);
		return -1;
	}
	started = 1;
	return 0;
}

void searcher_stop(void)
{
	search_job_free(sync_done);
	sync_done = NULL;
	if (!started)
		return;
	pthread_mutex_lock(&the.lock);
	the.quit = 1;
	the.latest++;
	atomic_store(&the.cancel, 1);
	if (the.running)
		glossa_db_interrupt(the.db);
	pthread_cond_signal(&the.wake);
	pthread_mutex_unlock(&the.lock);
	pthread_join(the.thread, NULL);
	search_job_free(the.next);
	search_job_free(the.done);
	pthread_mutex_destroy(&the.lock);
	pthread_cond_destroy(&the.wake);
	close(the.pipe[0]);
	close(the.pipe[1]);
	glossa_db_close(the.db);
	started = 0;
}

/* Make every job submitted so far stale; under the lock. */
static void drop_all_locked(void)
{
	the.latest = submitted;
	search_job_free(the.next);
	the.next = NULL;
	search_job_free(the.done);
	the.done = NULL;
	if (the.running) {
		atomic_store(&the.cancel, 1);
		glossa_db_interrupt(the.db);
	}
}

void searcher_submit(struct app *app, struct search_job *j)
{
	j->id = ++submitted;
	if (!tried) {
		tried = 1;
		searcher_start(app->db_path);
	}
	if ((j->kind == SEARCH_FIRST || j->kind == SEARCH_RANK) &&
	    j->rank_seconds > 0)
		j->deadline = ui_now() + j->rank_seconds;
	if (!started) {
		/* no thread: at once, on the interface's connection, which
		 * a waiting key stops */
		search_job_free(sync_done);
		run_job(app->db, j, ui_search_interrupt, 0);
		sync_done = j;
		return;
	}
	pthread_mutex_lock(&the.lock);
	drop_all_locked();
	the.latest = j->id;
	the.next = j;
	pthread_cond_signal(&the.wake);
	pthread_mutex_unlock(&the.lock);
}

void searcher_cancel(void)
{
	taken = submitted;
	search_job_free(sync_done);
	sync_done = NULL;
	if (!started)
		return;
	pthread_mutex_lock(&the.lock);
	drop_all_locked();
	the.latest = submitted;
	pthread_mutex_unlock(&the.lock);
}

int searcher_tick(void)
{
	double left = 0.25;

	if (!started)
		return 250;
	pthread_mutex_lock(&the.lock);
	if (the.running && (atomic_load(&the.cancel) ||
			    (the.ranking && atomic_load(&the.expire)))) {
		/* An interrupt that lands between two statements is cleared
		 * when the next one starts, which would then run to its end:
		 * send it again while the job is stale, or ranks past its
		 * deadline (the thread clears ranking before it takes the
		 * newest matches instead). */
		glossa_db_interrupt(the.db);
		left = 0.05;
	} else if (the.running && the.ranking) {
		left = the.running->deadline - ui_now();
		if (left <= 0) {
			/* SQLite calls the progress handler, which watches
			 * the clock, only between FTS5's calls */
			atomic_store(&the.expire, 1);
			glossa_db_interrupt(the.db);
			left = 0.05;
		}
	} else if (the.next && the.next->deadline > 0) {
		left = the.next->deadline - ui_now();
	}
	pthread_mutex_unlock(&the.lock);
	if (left > 0.25)
		left = 0.25;
	return left > 0 ? (int)(left * 1000) + 1 : 1;
}

int searcher_busy(void)
{
	return taken != submitted;
}

int searcher_fd(void)
{
	return started ? the.pipe[0] : -1;
}

struct search_job *searcher_take(int wait)
{
	struct search_job *j;
	char buf[64];

	if (!searcher_busy())
		return NULL;
	if (!started) {
		j = sync_done;
		sync_done = NULL;
		taken = submitted;
		return j;
	}
	if (wait) {
		struct pollfd p = {the.pipe[0], POLLIN, 0};
		pthread_mutex_lock(&the.lock);
		while (!the.done) {
			pthread_mutex_unlock(&the.lock);
			poll(&p, 1, searcher_tick());
			pthread_mutex_lock(&the.lock);
		}
		pthread_mutex_unlock(&the.lock);
	}
	while (read(the.pipe[0], buf, sizeof(buf)) > 0)
		;
	pthread_mutex_lock(&the.lock);
	j = the.done;
	the.done = NULL;
	pthread_mutex_unlock(&the.lock);
	if (j && j->id != submitted) {
		search_job_free(j); /* cannot happen: stale jobs are dropped */
		j = NULL;
	}
	if (j)
		taken = submitted;
	return j;
}
