/*
 * log.h - the indexer's log lines on standard error.
 *
 * A nightly job's log is read after the fact, so in --rebuild and
 * --update mode every line starts with the local time
 * ("2025-01-24 03:00:01 docket-index: ..."); interactive use keeps the
 * plain "docket-index: ..." form.
 */
#ifndef DK_LOG_H
#define DK_LOG_H

#include <stdio.h>

/* Print "[TIME ]prog: " + the formatted message + "\n" on f in one write
 * (lines of concurrent writers do not interleave). */
#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
void dk_log(FILE *f, int stamp, const char *prog, const char *fmt, ...);

#endif
