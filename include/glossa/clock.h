/*
 * clock.h: the one clock of glossa, core and front end alike.
 */
#ifndef GLOSSA_CLOCK_H
#define GLOSSA_CLOCK_H

#ifdef __cplusplus
extern "C" {
#endif

/* Seconds of CLOCK_MONOTONIC: for durations and deadlines only (it does
 * not jump with the wall clock, and means nothing across processes).
 * Safe from any thread. */
double glossa_clock(void);

#ifdef __cplusplus
}
#endif

#endif
