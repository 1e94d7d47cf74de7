/*
 * gz_message.h - zlib's error message for a gzip stream, without the path.
 *
 * gzerror() prefixes its message with the file's path ("dump.gz: invalid
 * distance too far back"); Docket's messages name the file and the
 * position themselves, so the readers of gzip files (dumpfile.c,
 * dump_html.c) take the message after the first ": ".  An I/O error
 * (Z_ERRNO) keeps zlib's text whole.
 */
#ifndef DK_GZ_MESSAGE_H
#define DK_GZ_MESSAGE_H

#include <zlib.h>

/* The message of gz's last error, its code in *errnum.  The string is
 * borrowed from zlib: valid until the next call on gz. */
const char *dk_gz_message(gzFile gz, int *errnum);

#endif
