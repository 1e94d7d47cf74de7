/*
 * manifest.c - the inputs of a generation (see manifest.h).
 *
 * The content hash is XXH64 (Yann Collet's xxHash, 64-bit, seed 0): fast
 * enough (several GB/s) that hashing every input of a full rebuild costs
 * next to nothing beside indexing it, and 64 bits are plenty to notice a
 * changed dump.  It is not a defence against someone crafting collisions,
 * which is not a threat here.
 */
#define _GNU_SOURCE 1 /* O_CLOEXEC with older headers; harmless otherwise */
#include "manifest.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../common/buf.h"

/* ---- XXH64 ------------------------------------------------------------ */

#define P1 11400714785074694791ULL
#define P2 14029467366897019727ULL
#define P3 1609587929392839161ULL
#define P4 9650029242287828579ULL
#define P5 2870177450012600261ULL

static uint64_t rotl(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

static uint64_t rd64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static uint32_t rd32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t xround(uint64_t acc, uint64_t in)
{
	acc += in * P2;
	acc = rotl(acc, 31);
	return acc * P1;
}

static uint64_t xmerge(uint64_t acc, uint64_t v)
{
	acc ^= xround(0, v);
	return acc * P1 + P4;
}

typedef struct xxh64 {
	uint64_t v[4];
	uint64_t total;
	unsigned char buf[32];
	size_t nbuf;
} xxh64;

static void xxh64_init(xxh64 *s)
{
	memset(s, 0, sizeof *s);
	s->v[0] = P1 + P2;
	s->v[1] = P2;
	s->v[2] = 0;
	s->v[3] = 0 - P1;
}

static void xxh64_stripe(xxh64 *s, const unsigned char *p)
{
	for (int i = 0; i < 4; i++)
		s->v[i] = xround(s->v[i], rd64(p + 8 * i));
}

static void xxh64_update(xxh64 *s, const void *data, size_t n)
{
	const unsigned char *p = data;
	s->total += n;
	if (s->nbuf) {
		size_t k = 32 - s->nbuf < n ? 32 - s->nbuf : n;
		memcpy(s->buf + s->nbuf, p, k);
		s->nbuf += k;
		p += k;
		n -= k;
		if (s->nbuf < 32)
			return;
		xxh64_stripe(s, s->buf);
		s->nbuf = 0;
	}
	for (; n >= 32; p += 32, n -= 32)
		xxh64_stripe(s, p);
	memcpy(s->buf, p, n);
	s->nbuf = n;
}

static uint64_t xxh64_final(const xxh64 *s)
{
	uint64_t h;
	if (s->total >= 32) {
		h = rotl(s->v[0], 1) + rotl(s->v[1], 7) + rotl(s->v[2], 12) +
		    rotl(s->v[3], 18);
		for (int i = 0; i < 4; i++)
			h = xmerge(h, s->v[i]);
	} else {
		h = s->v[2] + P5;
	}
	h += s->total;
	const unsigned char *p = s->buf;
	size_t n = s->nbuf;
	for (; n >= 8; p += 8, n -= 8) {
		h ^= xround(0, rd64(p));
		h = rotl(h, 27) * P1 + P4;
	}
	if (n >= 4) {
		h ^= (uint64_t)rd32(p) * P1;
		h = rotl(h, 23) * P2 + P3;
		p += 4;
		n -= 4;
	}
	for (; n; p++, n--) {
		h ^= (uint64_t)*p * P5;
		h = rotl(h, 11) * P1;
	}
	h ^= h >> 33;
	h *= P2;
	h ^= h >> 29;
	h *= P3;
	h ^= h >> 32;
	return h;
}

uint64_t dk_manifest_hash64(const void *p, size_t n)
{
	xxh64 s;
	xxh64_init(&s);
	xxh64_update(&s, p, n);
	return xxh64_final(&s);
}

dk_status dk_manifest_hash_file(const char *path, uint64_t *out)
{
	*out = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? DK_ERR_NOT_FOUND : DK_ERR_IO;
	enum { CHUNK = 1 << 16 };
	unsigned char *buf = malloc(CHUNK);
	if (!buf) {
		close(fd);
		return DK_ERR_NOMEM;
	}
	xxh64 s;
	xxh64_init(&s);
	dk_status st = DK_OK;
	for (;;) {
		ssize_t r = read(fd, buf, CHUNK);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			st = DK_ERR_IO;
			break;
		}
		if (r == 0)
			break;
		xxh64_update(&s, buf, (size_t)r);
	}
	free(buf);
	close(fd);
	if (!st)
		*out = xxh64_final(&s);
	return st;
}

void dk_manifest_file_term(const char *abs_path, char out[17])
{
	snprintf(out, 17, "%016llx",
		 (unsigned long long)dk_manifest_hash64(abs_path, strlen(abs_path)));
}

/* ---- the list --------------------------------------------------------- */

dk_status dk_manifest_add(dk_manifest *m, const dk_manifest_entry *e)
{
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 64;
		dk_manifest_entry *v = realloc(m->v, cap * sizeof *v);
		if (!v)
			return DK_ERR_NOMEM;
		m->v = v;
		m->cap = cap;
	}
	dk_manifest_entry *d = &m->v[m->n];
	*d = *e;
	d->path = dk_strndup(e->path, strlen(e->path));
	d->shard = e->shard ? dk_strndup(e->shard, strlen(e->shard)) : NULL;
	if (!d->path || (e->shard && !d->shard)) {
		free(d->path);
		free(d->shard);
		return DK_ERR_NOMEM;
	}
	m->n++;
	return DK_OK;
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const dk_manifest_entry *)a)->path,
		      ((const dk_manifest_entry *)b)->path);
}

void dk_manifest_sort(dk_manifest *m)
{
	if (m->n > 1)
		qsort(m->v, m->n, sizeof *m->v, cmp_entry);
}

dk_manifest_entry *dk_manifest_find(const dk_manifest *m, const char *path)
{
	dk_manifest_entry key = { 0 };
	key.path = (char *)path;
	if (!m->n)
		return NULL;
	return bsearch(&key, m->v, m->n, sizeof *m->v, cmp_entry);
}

void dk_manifest_clear(dk_manifest *m)
{
	for (size_t i = 0; i < m->n; i++) {
		free(m->v[i].path);
		free(m->v[i].shard);
	}
	free(m->v);
	memset(m, 0, sizeof *m);
}

/* ---- text form -------------------------------------------------------- */

#define MAGIC "docket-manifest 1"

static int needs_escape(unsigned char c)
{
	return c < 0x20 || c == 0x7f || c == '%';
}

/* Whether s[0..n) can be a SHARD field: a name Docket gave, not escaped,
 * so it must hold no control character (a tab or LF would split the line,
 * a CR or other control byte has no place in a file name Docket makes)
 * and must not be empty. */
static int shard_ok(const char *s, size_t n)
{
	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return 0;
	return 1;
}

static void put_escaped(dk_buf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (needs_escape(*p))
			dk_buf_printf(b, "%%%02X", *p);
		else
			dk_buf_putc(b, (char)*p);
	}
}

dk_status dk_manifest_format(const dk_manifest *m, char **out, size_t *len)
{
	dk_buf b = DK_BUF_INIT;
	*out = NULL;
	if (len)
		*len = 0;
	dk_buf_puts(&b, MAGIC "\n");
	for (size_t i = 0; i < m->n; i++) {
		const dk_manifest_entry *e = &m->v[i];
		const char *sh = e->shard && *e->shard ? e->shard : "-";
		/* What the parser would refuse is not written. */
		if (!shard_ok(sh, strlen(sh)) || !e->path || !*e->path) {
			dk_buf_free(&b);
			return DK_ERR_INVALID;
		}
		dk_buf_printf(&b, "%016llx\t%llu\t%lld\t%llu\t%s\t",
			      (unsigned long long)e->hash,
			      (unsigned long long)e->size, (long long)e->mtime_ns,
			      (unsigned long long)e->articles, sh);
		put_escaped(&b, e->path);
		dk_buf_putc(&b, '\n');
	}
	if (b.err) {
		dk_buf_free(&b);
		return DK_ERR_NOMEM;
	}
	*out = dk_buf_detach(&b, len);
	return DK_OK;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decimal or hex (base 16) unsigned field [p, e); -1 on a bad one. */
static int parse_u64(const char *p, const char *e, int base, uint64_t *out)
{
	uint64_t v = 0;
	if (p == e || e - p > (base == 16 ? 16 : 20))
		return -1;
	for (; p < e; p++) {
		int d = base == 16 ? hexval(*p) : (*p >= '0' && *p <= '9' ? *p - '0' : -1);
		if (d < 0)
			return -1;
		uint64_t nv = v * (uint64_t)base + (uint64_t)d;
		if (base == 10 && (v > UINT64_MAX / 10 || nv < v * 10))
			return -1;
		v = nv;
	}
	*out = v;
	return 0;
}

static dk_status parse_line(const char *p, const char *end, dk_manifest *m)
{
	const char *f[6];
	const char *fe[6];
	int k = 0;
	f[0] = p;
	for (const char *q = p; q < end && k < 5; q++) {
		if (*q == '\t') {
			fe[k] = q;
			f[++k] = q + 1;
		}
	}
	if (k != 5)
		return DK_ERR_PARSE;
	fe[5] = end;
	dk_manifest_entry e = { 0 };
	uint64_t mt;
	int neg = f[2] < fe[2] && *f[2] == '-';
	if (parse_u64(f[0], fe[0], 16, &e.hash) ||
	    parse_u64(f[1], fe[1], 10, &e.size) ||
	    parse_u64(f[2] + neg, fe[2], 10, &mt) ||
	    mt > (uint64_t)INT64_MAX + (uint64_t)neg ||
	    parse_u64(f[3], fe[3], 10, &e.articles) ||
	    !shard_ok(f[4], (size_t)(fe[4] - f[4])) || f[5] == fe[5])
		return DK_ERR_PARSE;
	e.mtime_ns = !neg ? (int64_t)mt
		     : mt > (uint64_t)INT64_MAX ? INT64_MIN : -(int64_t)mt;
	dk_buf path = DK_BUF_INIT;
	for (const char *q = f[5]; q < fe[5]; q++) {
		if (*q != '%') {
			dk_buf_putc(&path, *q);
			continue;
		}
		if (fe[5] - q < 3 || hexval(q[1]) < 0 || hexval(q[2]) < 0) {
			dk_buf_free(&path);
			return DK_ERR_PARSE;
		}
		dk_buf_putc(&path, (char)(hexval(q[1]) * 16 + hexval(q[2])));
		q += 2;
	}
	int no_shard = fe[4] - f[4] == 1 && *f[4] == '-';
	char *shard = no_shard ? NULL : dk_strndup(f[4], (size_t)(fe[4] - f[4]));
	dk_status st = DK_OK;
	if (path.err || (!no_shard && !shard))
		st = DK_ERR_NOMEM;
	else if (memchr(path.data, '\0', path.len))
		st = DK_ERR_PARSE;
	if (!st) {
		e.path = path.data;
		e.shard = shard;
		st = dk_manifest_add(m, &e);
	}
	free(shard);
	dk_buf_free(&path);
	return st;
}

dk_status dk_manifest_parse(const char *text, size_t len, dk_manifest *out,
			    size_t *bad_line)
{
	memset(out, 0, sizeof *out);
	if (bad_line)
		*bad_line = 0;
	const char *p = text, *end = text + len;
	size_t line = 0;
	dk_status st = DK_OK;
	while (p < end && !st) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		line++;
		/* A NUL byte would cut a field short as a C string: the line
		 * is corrupt. */
		if (memchr(p, '\0', (size_t)(le - p))) {
			st = DK_ERR_PARSE;
			break;
		}
		if (line == 1) {
			if ((size_t)(le - p) != strlen(MAGIC) ||
			    memcmp(p, MAGIC, strlen(MAGIC)))
				st = DK_ERR_PARSE;
		} else if (le > p) {
			st = parse_line(p, le, out);
		}
		p = nl ? nl + 1 : end;
	}
	if (!st && line == 0)
		st = DK_ERR_PARSE;
	if (st) {
		if (bad_line)
			*bad_line = line;
		dk_manifest_clear(out);
		return st;
	}
	dk_manifest_sort(out);
	return DK_OK;
}

dk_status dk_manifest_read(const char *path, dk_manifest *out)
{
	memset(out, 0, sizeof *out);
	dk_buf b = DK_BUF_INIT;
	dk_status st = dk_buf_read_file(&b, path);
	if (!st)
		st = dk_manifest_parse(b.data ? b.data : "", b.len, out, NULL);
	dk_buf_free(&b);
	return st;
}

static dk_status write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return DK_ERR_IO;
		p += w;
		n -= (size_t)w;
	}
	return DK_OK;
}

dk_status dk_manifest_write(const dk_manifest *m, const char *path)
{
	char *text = NULL;
	size_t len = 0;
	dk_status st = dk_manifest_format(m, &text, &len);
	if (st)
		return st;
	dk_buf tmp = DK_BUF_INIT;
	dk_buf_printf(&tmp, "%s.tmp%ld", path, (long)getpid());
	if (tmp.err) {
		free(text);
		return DK_ERR_NOMEM;
	}
	int fd = open(tmp.data, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		st = DK_ERR_IO;
		goto out;
	}
	st = write_all(fd, text, len);
	if (!st && fsync(fd) != 0)
		st = DK_ERR_IO;
	if (close(fd) != 0 && !st)
		st = DK_ERR_IO;
	if (!st && rename(tmp.data, path) != 0)
		st = DK_ERR_IO;
	if (st)
		unlink(tmp.data);
out:
	free(text);
	dk_buf_free(&tmp);
	return st;
}

dk_status dk_manifest_stat(dk_manifest_entry *e)
{
	struct stat sb;
	if (stat(e->path, &sb) != 0)
		return errno == ENOENT || errno == ENOTDIR ? DK_ERR_NOT_FOUND
							   : DK_ERR_IO;
	e->size = (uint64_t)sb.st_size;
	e->mtime_ns = (int64_t)sb.st_mtim.tv_sec * 1000000000 +
		      (int64_t)sb.st_mtim.tv_nsec;
	return DK_OK;
}
