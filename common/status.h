/*
 * status.h - the status codes every Docket function returns.
 *
 * A function that can fail returns a dk_status; DK_OK is zero so that
 * "if (st)" reads as "if it failed".  Long-lived handles also keep the
 * message of their last error (see each module), and dk_status_str() gives
 * a short constant description for messages that have no handle.
 */
#ifndef DK_STATUS_H
#define DK_STATUS_H

typedef enum dk_status {
	DK_OK = 0,
	DK_ERR_NOMEM,         /* an allocation failed */
	DK_ERR_IO,            /* a file could not be read or written */
	DK_ERR_PARSE,         /* bad input: malformed JSON, gzip, UTF-8 ... */
	DK_ERR_TOO_BIG,       /* an input record over the size limit */
	DK_ERR_NOT_FOUND,     /* no such file, document, index or term */
	DK_ERR_INVALID,       /* an argument the caller should not have passed */
	DK_ERR_DB,            /* the index engine reported an error */
	DK_ERR_DB_CORRUPT,    /* the index is damaged */
	DK_ERR_DB_LOCKED,     /* another process holds the index's write lock */
	DK_ERR_DB_MODIFIED,   /* the index changed under a reader: reopen and retry */
	DK_ERR_DB_VERSION,    /* the index format is not one this build reads */
	DK_ERR_TIMEOUT,       /* a time limit cut the work short */
	DK_ERR_BUSY,          /* another rebuild holds the lock */
	DK_ERR_NETWORK,       /* a remote shard did not answer (dead, closed,
				 unreachable or too slow) */
	DK_ERR_INTERNAL       /* a bug: something that should never happen */
} dk_status;

/* A short, constant, English description of st.  Never NULL; not owned. */
const char *dk_status_str(dk_status st);

#endif
