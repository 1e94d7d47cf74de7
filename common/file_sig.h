/*
 * file_sig.h - what stat(2) says of a file, kept to tell later whether it
 * was replaced or changed.
 *
 * A long-running program (docket.fcgi) keeps things it read from files:
 * an open index, parsed page templates.  Before it uses them again it
 * takes the file's signature (device, inode, size and modification time
 * to the nanosecond) and compares it with the one it took before the
 * read: a new generation published by rename(2) changes the inode, an
 * edit in place the size or the time.  A missing file has a signature
 * too (all zero), so "it went away" is a change.
 *
 * Prefix: dk_file_sig.
 */
#ifndef DK_FILE_SIG_H
#define DK_FILE_SIG_H

#include <stdint.h>

typedef struct dk_file_sig {
	uint64_t dev, ino, size;
	int64_t mtime_s, mtime_ns;
	int found;                 /* 0: stat(2) failed, every field zero */
} dk_file_sig;

/* stat(2) path into *sig; 1 when it exists, else 0 with *sig all zero
 * and errno from stat(2). */
int dk_file_sig_get(const char *path, dk_file_sig *sig);

/* 1 when a and b are the same signature. */
int dk_file_sig_same(const dk_file_sig *a, const dk_file_sig *b);

#endif
