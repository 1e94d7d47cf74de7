/*
 * gz_message.c - zlib's error message without the path (see
 * gz_message.h).
 */
#include "gz_message.h"

#include <string.h>

const char *dk_gz_message(gzFile gz, int *errnum)
{
	const char *m = gzerror(gz, errnum);
	const char *p = strstr(m, ": ");
	return p && *errnum != Z_ERRNO ? p + 2 : m;
}
