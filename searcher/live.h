/*
 * live.h - one searcher kept open across requests (docket.fcgi), reopened
 * when the index it reads is replaced.
 *
 * A long-running server must not answer from yesterday's index after the
 * nightly `docket-index --rebuild` published a new generation: the open
 * searcher still reads the old generation's shards, and Xapian's own
 * reopen() does not re-read the stub that names them.  So before each
 * request dk_live_get() compares the index's signature with the one it
 * had when the searcher was opened, and opens the index again when it
 * changed.  The signature is the device, inode, size and modification
 * time of the file whose replacement publishes a new state:
 *
 *   DIR/XAPIANDB   a managed index (publishing renames a new stub over it)
 *   DIR/iamglass   a plain glass index (every commit rewrites it)
 *   FILE           a stub file given as the index (edited by its owner)
 *
 * One stat(2) per request; a missing file is a signature too (the index
 * went away: the next open fails and the request is answered 503).  A
 * failed open keeps nothing, so the following request tries again.
 *
 * Prefix: dk_live_.
 */
#ifndef DK_LIVE_H
#define DK_LIVE_H

#include <stdint.h>

#include "../common/file_sig.h"
#include "../common/status.h"
#include "docket.h"
#include "search.h"

/* The signature of an index (see above; common/file_sig.h); all zero
 * when its file is missing. */
typedef dk_file_sig dk_live_sig;

typedef struct dk_live {
	char *dir;                /* the index the searcher reads; malloc'd */
	dk_searcher_opts opts;    /* the options it was opened with */
	docket_index *ix;         /* owned; NULL when none is open */
	dk_live_sig sig;          /* the index's signature at the open */
	unsigned long opens;      /* successful opens so far */
} dk_live;

/* An empty holder: nothing open. */
void dk_live_init(dk_live *l);

/* The signature of the index at dir now. */
void dk_live_signature(const char *dir, dk_live_sig *sig);

/*
 * The index handle (libdocket, docket.h) for dir with options o (NULL:
 * defaults): the one already
 * open when it reads the same dir with the same options and the index's
 * signature has not changed, else a new one (the old one is closed).  On
 * success *out is borrowed from l (valid until the next dk_live_get,
 * dk_live_drop or dk_live_free).  On failure *out is NULL, nothing stays
 * open, and *errmsg (if not NULL) is a malloc'd message the caller frees.
 */
dk_status dk_live_get(dk_live *l, const char *dir, const dk_searcher_opts *o,
		      docket_index **out, char **errmsg);

/* Close the index, so that the next dk_live_get opens the index again
 * (after a failure the searcher may hold a broken connection; on SIGHUP). */
void dk_live_drop(dk_live *l);

/* Close and free everything l holds; l is empty afterwards. */
void dk_live_free(dk_live *l);

#endif
