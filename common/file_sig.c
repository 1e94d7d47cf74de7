/*
 * file_sig.c - a file's stat(2) signature and its comparison
 * (file_sig.h).
 */
#include "file_sig.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

int dk_file_sig_get(const char *path, dk_file_sig *sig)
{
	struct stat st;
	memset(sig, 0, sizeof *sig);
	if (!path) {
		errno = EINVAL;
		return 0;
	}
	if (stat(path, &st) != 0)
		return 0;
	sig->dev = (uint64_t)st.st_dev;
	sig->ino = (uint64_t)st.st_ino;
	sig->size = (uint64_t)st.st_size;
	sig->mtime_s = (int64_t)st.st_mtim.tv_sec;
	sig->mtime_ns = (int64_t)st.st_mtim.tv_nsec;
	sig->found = 1;
	return 1;
}

int dk_file_sig_same(const dk_file_sig *a, const dk_file_sig *b)
{
	return a->found == b->found && a->dev == b->dev && a->ino == b->ino &&
	       a->size == b->size && a->mtime_s == b->mtime_s &&
	       a->mtime_ns == b->mtime_ns;
}
