/*
 * status.c - descriptions for dk_status codes.
 */
#include "status.h"

const char *dk_status_str(dk_status st)
{
	switch (st) {
	case DK_OK: return "success";
	case DK_ERR_NOMEM: return "out of memory";
	case DK_ERR_IO: return "input/output error";
	case DK_ERR_PARSE: return "malformed input";
	case DK_ERR_TOO_BIG: return "input record too large";
	case DK_ERR_NOT_FOUND: return "not found";
	case DK_ERR_INVALID: return "invalid argument";
	case DK_ERR_DB: return "index error";
	case DK_ERR_DB_CORRUPT: return "index is corrupt";
	case DK_ERR_DB_LOCKED: return "index is locked by another writer";
	case DK_ERR_DB_MODIFIED: return "index changed while reading";
	case DK_ERR_DB_VERSION: return "unsupported index version";
	case DK_ERR_TIMEOUT: return "time limit reached";
	case DK_ERR_BUSY: return "another rebuild is running";
	case DK_ERR_NETWORK: return "a remote shard did not answer";
	case DK_ERR_INTERNAL: return "internal error";
	}
	return "unknown status";
}
