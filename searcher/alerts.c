/*
 * alerts.c - saved searches and what is new for them (see alerts.h).
 *
 * State file (JSON, one object):
 *   { "format": "docket-alerts 2",
 *     "searches": { NAME: { "query": Q, "generation": G, "since": S,
 *                           "base": HASHES, "current": HASHES } } }
 * G is the generation last reported, S the one its news were new
 * against, "current" the matches at G and "base" those at S.  HASHES is
 * one string: the 16 hex digits of each id's 64-bit FNV-1a hash, sorted,
 * one after the other (format 1 had an array of strings, one per hash:
 * a JSON value per match made reading and writing the state most of an
 * alert run's CPU; it is still read).  Searches no longer in the
 * saved-searches file drop out of the state.
 */
#include "alerts.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../common/buf.h"
#include "../common/index_dir.h"

#define STATE_FORMAT "docket-alerts 2"
#define STATE_FORMAT_1 "docket-alerts 1"  /* hashes as arrays: read */
#define NEWS_IDS 5000    /* news ids the listing query is narrowed to */

/* ---- sets of id hashes ------------------------------------------------ */

typedef struct hset {
	uint64_t *v;    /* sorted, unique */
	size_t n;
} hset;

static uint64_t id_hash(const char *s)
{
	uint64_t h = 14695981039346656037ULL;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static void hset_sort(hset *h)
{
	if (h->n)
		qsort(h->v, h->n, sizeof *h->v, cmp_u64);
	size_t k = 0;
	for (size_t i = 0; i < h->n; i++)
		if (!k || h->v[k - 1] != h->v[i])
			h->v[k++] = h->v[i];
	h->n = k;
}

static int hset_has(const hset *h, uint64_t x)
{
	return h->n && bsearch(&x, h->v, h->n, sizeof *h->v, cmp_u64) != NULL;
}

/* The set as one JSON string of 16 hex digits per hash; NULL when out of
 * memory.  The caller owns the reference. */
static json_t *hset_json(const hset *h)
{
	static const char digit[] = "0123456789abcdef";
	char *hex = malloc(16 * h->n + 1);
	if (!hex)
		return NULL;
	for (size_t i = 0; i < h->n; i++)
		for (int k = 0; k < 16; k++)
			hex[16 * i + (size_t)k] =
				digit[(h->v[i] >> (60 - 4 * k)) & 0xF];
	json_t *a = json_stringn(hex, 16 * h->n);
	free(hex);
	return a;
}

static int hex_value(unsigned char c)
{
	return c >= '0' && c <= '9' ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Hashes into *out (malloc'd): a string of 16 hex digits each, or (format
 * 1) an array of such strings; -1 when it is neither. */
static int hset_from_json(const json_t *a, hset *out)
{
	memset(out, 0, sizeof *out);
	if (json_is_string(a)) {
		const char *s = json_string_value(a);
		size_t len = json_string_length(a);
		if (len % 16)
			return -1;
		size_t n = len / 16;
		if (n && !(out->v = malloc(n * sizeof *out->v)))
			return -1;
		for (size_t i = 0; i < n; i++) {
			uint64_t x = 0;
			for (size_t k = 0; k < 16; k++) {
				int d = hex_value((unsigned char)s[16 * i + k]);
				if (d < 0)
					goto bad;
				x = x << 4 | (uint64_t)d;
			}
			out->v[i] = x;
		}
		out->n = n;
		hset_sort(out);
		return 0;
	}
	if (!json_is_array(a))
		return -1;
	size_t n = json_array_size(a);
	if (n && !(out->v = malloc(n * sizeof *out->v)))
		return -1;
	for (size_t i = 0; i < n; i++) {
		const char *s = json_string_value(json_array_get(a, i));
		char *end;
		if (!s || strlen(s) != 16)
			goto bad;
		errno = 0;
		out->v[i] = strtoull(s, &end, 16);
		if (*end || errno)
			goto bad;
	}
	out->n = n;
	hset_sort(out);
	return 0;
bad:
	free(out->v);
	memset(out, 0, sizeof *out);
	return -1;
}

/* ---- messages and the state file -------------------------------------- */

/* A malloc'd message (NULL when out of memory). */
static char *msgf(const char *fmt, ...)
{
	va_list ap;
	dk_buf b = DK_BUF_INIT;
	va_start(ap, fmt);
	char tmp[1024];
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	dk_buf_puts(&b, tmp);
	return dk_buf_detach(&b, NULL);
}

char *dk_alerts_default_state(const char *index, const char *searches_file)
{
	struct stat sb;
	dk_buf b = DK_BUF_INIT;
	if (stat(index, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		dk_buf_puts(&b, index);
	} else {
		const char *slash = strrchr(index, '/');
		if (slash)
			dk_buf_append(&b, index, (size_t)(slash - index));
		else
			dk_buf_puts(&b, ".");
	}
	const char *base = strrchr(searches_file, '/');
	base = base ? base + 1 : searches_file;
	dk_buf_printf(&b, "/alerts/%s.json", *base ? base : "searches");
	if (b.err) {
		dk_buf_free(&b);
		return NULL;
	}
	return dk_buf_detach(&b, NULL);
}

/* Create the state file's directory (one level) and take the lock beside
 * it; *fd holds it until close(). */
static dk_status lock_state(const char *path, int *fd, char **errmsg)
{
	char *dir = dk_strndup(path, strlen(path));
	char *lock = msgf("%s.lock", path);
	dk_status st = DK_OK;
	*fd = -1;
	if (!dir || !lock) {
		st = DK_ERR_NOMEM;
		goto out;
	}
	char *slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		if (mkdir(dir, 0777) && errno != EEXIST) {
			*errmsg = msgf("%s: %s", dir, strerror(errno));
			st = DK_ERR_IO;
			goto out;
		}
	}
	*fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	if (*fd < 0) {
		*errmsg = msgf("%s: %s", lock, strerror(errno));
		st = DK_ERR_IO;
		goto out;
	}
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	while (fcntl(*fd, F_SETLKW, &fl) == -1) {
		if (errno == EINTR)
			continue;
		*errmsg = msgf("%s: locking: %s", lock, strerror(errno));
		close(*fd);
		*fd = -1;
		st = DK_ERR_IO;
		break;
	}
out:
	free(dir);
	free(lock);
	return st;
}

static dk_status read_state(const char *path, json_t **root, char **errmsg)
{
	json_error_t je;
	*root = NULL;
	FILE *f = fopen(path, "rb");
	if (!f) {
		if (errno != ENOENT) {
			*errmsg = msgf("%s: %s", path, strerror(errno));
			return DK_ERR_IO;
		}
		*root = json_pack("{s:s, s:{}}", "format", STATE_FORMAT,
				  "searches");
		return *root ? DK_OK : DK_ERR_NOMEM;
	}
	*root = json_loadf(f, JSON_REJECT_DUPLICATES, &je);
	fclose(f);
	if (!*root) {
		*errmsg = msgf("%s: line %d: %s (remove the file to start every "
			       "search again)", path, je.line, je.text);
		return DK_ERR_PARSE;
	}
	const char *fmt = json_string_value(json_object_get(*root, "format"));
	if (!fmt || (strcmp(fmt, STATE_FORMAT) && strcmp(fmt, STATE_FORMAT_1)) ||
	    !json_is_object(json_object_get(*root, "searches"))) {
		*errmsg = msgf("%s: not a Docket alerts state (\"format\": \"%s\")",
			       path, STATE_FORMAT);
		json_decref(*root);
		*root = NULL;
		return DK_ERR_PARSE;
	}
	return DK_OK;
}

static dk_status write_state(const char *path, const json_t *root,
			     char **errmsg)
{
	char *tmp = msgf("%s.tmp", path);
	if (!tmp)
		return DK_ERR_NOMEM;
	dk_status st = DK_OK;
	FILE *f = fopen(tmp, "wb");
	if (!f || json_dumpf(root, f, JSON_COMPACT) || fputc('\n', f) == EOF ||
	    fflush(f) || fsync(fileno(f))) {
		*errmsg = msgf("%s: %s", tmp, strerror(errno));
		st = DK_ERR_IO;
	}
	if (f && fclose(f) && !st) {
		*errmsg = msgf("%s: %s", tmp, strerror(errno));
		st = DK_ERR_IO;
	}
	if (!st && rename(tmp, path)) {
		*errmsg = msgf("%s: %s", path, strerror(errno));
		st = DK_ERR_IO;
	}
	if (st)
		unlink(tmp);
	free(tmp);
	return st;
}

/* ---- the saved-searches file ------------------------------------------ */

dk_status dk_alerts_read(const char *path, dk_alert_list *out, char **errmsg)
{
	memset(out, 0, sizeof *out);
	*errmsg = NULL;
	dk_buf b = DK_BUF_INIT;
	dk_status st = dk_buf_read_file(&b, path);
	if (st) {
		*errmsg = msgf("%s: %s", path, st == DK_ERR_NOMEM ? "out of memory"
						     : strerror(errno));
		dk_buf_free(&b);
		return st;
	}
	size_t len = b.len;
	out->text = dk_buf_detach(&b, NULL);
	if (!out->text)
		return DK_ERR_NOMEM;
	size_t lines = 1;
	for (size_t i = 0; i < len; i++)
		lines += out->text[i] == '\n';
	if (!(out->v = calloc(lines, sizeof *out->v))) {
		dk_alert_list_free(out);
		return DK_ERR_NOMEM;
	}
	char *p = out->text, *end = out->text + len;
	for (size_t line = 1; p < end; line++) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		char *le = nl ? nl : end;
		*le = '\0';
		if (le > p && le[-1] == '\r')
			le[-1] = '\0';
		if (*p && *p != '#') {
			char *tab = strchr(p, '\t');
			const char *why = !tab ? "no tab between name and query"
					: tab == p ? "empty name"
					: !tab[1] ? "empty query" : NULL;
			if (!why) {
				*tab = '\0';
				for (size_t k = 0; k < out->n && !why; k++)
					if (!strcmp(out->v[k].name, p))
						why = "a name already given";
			}
			if (why) {
				*errmsg = msgf("%s: line %zu: %s", path, line, why);
				dk_alert_list_free(out);
				return DK_ERR_PARSE;
			}
			out->v[out->n++] = (dk_alert_search){ p, tab + 1 };
		}
		p = le + 1;
	}
	return DK_OK;
}

void dk_alert_list_free(dk_alert_list *l)
{
	free(l->text);
	free(l->v);
	memset(l, 0, sizeof *l);
}

/* ---- one saved search ------------------------------------------------- */

/* Every article matching query: its ids (borrowed from *page, which the
 * caller frees) and their hashes (*cur, malloc'd). */
static dk_status matches_of(dk_searcher *s, const dk_alert_search *q,
			    dk_result_page **page, hset *cur, char **errmsg)
{
	dk_search_request req;
	dk_search_request_init(&req);
	req.query = q->query;
	req.query_len = strlen(q->query);
	req.limit = 0;
	req.passages = 0;
	req.fold = 0;
	req.suggest = 0;
	req.match_ids = 1;
	memset(cur, 0, sizeof *cur);
	dk_status st = dk_search(s, &req, page);
	if (st) {
		*errmsg = msgf("saved search %s: %s", q->name,
			       *dk_searcher_error(s) ? dk_searcher_error(s)
						     : dk_status_str(st));
		return st;
	}
	dk_result_page *p = *page;
	if (p->nids == 0 && p->total_min > 0) {
		*errmsg = msgf("saved search %s: the index holds no article ids "
			       "(built before alerts existed): rebuild it with "
			       "docket-index --rebuild", q->name);
		return DK_ERR_INVALID;
	}
	if (p->nids && !(cur->v = malloc(p->nids * sizeof *cur->v)))
		return DK_ERR_NOMEM;
	for (size_t i = 0; i < p->nids; i++)
		cur->v[cur->n++] = id_hash(p->ids[i]);
	hset_sort(cur);
	return DK_OK;
}

/* The newest DK_ALERTS_SHOW of the new ids[0..n) into r->news: the
 * saved query again, narrowed to the news (at most NEWS_IDS of them, the
 * first in byte order when more), newest first. */
static dk_status fetch_news(dk_searcher *s, const dk_alert_search *q,
			    char **ids, size_t n, dk_alert_result *r)
{
	if (!n)
		return DK_OK;
	dk_search_request req;
	dk_search_request_init(&req);
	req.query = q->query;
	req.query_len = strlen(q->query);
	req.only_ids = (const char *const *)ids;
	req.nonly_ids = n < NEWS_IDS ? n : NEWS_IDS;
	req.limit = DK_ALERTS_SHOW;
	req.sort_date = 1;
	req.passages = 0;
	req.fold = 0;
	req.suggest = 0;
	req.feedback = -1;
	dk_result_page *p = NULL;
	dk_status st = dk_search(s, &req, &p);
	if (!st && p->nhits && !(r->news = calloc(p->nhits, sizeof *r->news)))
		st = DK_ERR_NOMEM;
	for (size_t i = 0; !st && i < p->nhits; i++) {
		r->news[r->nnews++] = p->hits[i].art;
		memset(&p->hits[i].art, 0, sizeof p->hits[i].art);
	}
	dk_result_page_free(p);
	return st;
}

/* Run search q against its entry in the old state (NULL: none); its new
 * entry into *entry. */
static dk_status run_one(dk_searcher *s, uint64_t gen,
			 const dk_alert_search *q, const json_t *old,
			 dk_alert_result *r, json_t **entry, char **errmsg)
{
	dk_result_page *page = NULL;
	hset cur, basis = { 0 };
	char **news = NULL;
	size_t nnews = 0;
	*entry = NULL;
	dk_status st = matches_of(s, q, &page, &cur, errmsg);
	if (st)
		goto out;
	r->matches = page->nids;
	const char *oq = json_string_value(json_object_get(old, "query"));
	json_t *og = json_object_get(old, "generation");
	json_t *os = json_object_get(old, "since");
	int known = oq && !strcmp(oq, q->query) && json_is_integer(og) &&
		    json_is_integer(os);
	uint64_t old_gen = known ? (uint64_t)json_integer_value(og) : 0;
	int again = known && gen != 0 && old_gen == gen;
	if (known &&
	    hset_from_json(json_object_get(old, again ? "base" : "current"),
			   &basis)) {
		*errmsg = msgf("saved search %s: its state is damaged; it starts "
			       "again from this generation", q->name);
		known = 0;
	}
	hset base_out = cur;
	if (!known) {
		r->baseline = 1;
		r->since = gen;
	} else {
		r->since = again ? (uint64_t)json_integer_value(os) : old_gen;
		base_out = basis;
		if (page->nids && !(news = malloc(page->nids * sizeof *news))) {
			st = DK_ERR_NOMEM;
			goto out;
		}
		for (size_t i = 0; i < page->nids; i++)
			if (!hset_has(&basis, id_hash(page->ids[i])))
				news[nnews++] = page->ids[i];
		r->new_total = nnews;
		if ((st = fetch_news(s, q, news, nnews, r))) {
			*errmsg = msgf("saved search %s: %s", q->name,
				       dk_searcher_error(s));
			goto out;
		}
	}
	*entry = json_pack("{s:s, s:I, s:I, s:o, s:o}", "query", q->query,
			   "generation", (json_int_t)gen, "since",
			   (json_int_t)r->since, "base", hset_json(&base_out),
			   "current", hset_json(&cur));
	if (!*entry)
		st = DK_ERR_NOMEM;
out:
	free(news);
	free(cur.v);
	free(basis.v);
	dk_result_page_free(page);
	return st;
}

dk_status dk_alerts_run(dk_searcher *s, const char *index,
			const dk_alert_search *searches, size_t n,
			const char *state_path, dk_alerts **out,
			char **errmsg)
{
	*out = NULL;
	*errmsg = NULL;
	uint64_t gen = 0;
	dk_index_location loc = { 0 };
	char *m = NULL;
	if (dk_index_dir_resolve(index, &loc, &m) == DK_OK)
		gen = loc.generation;
	dk_index_location_clear(&loc);
	free(m);

	int fd;
	dk_status st = lock_state(state_path, &fd, errmsg);
	if (st)
		return st;
	json_t *root = NULL, *next = json_object();
	dk_alerts *a = calloc(1, sizeof *a);
	if (!a || !next || (n && !(a->r = calloc(n, sizeof *a->r)))) {
		st = DK_ERR_NOMEM;
		goto out;
	}
	a->generation = gen;
	if ((st = read_state(state_path, &root, errmsg)))
		goto out;
	json_t *old = json_object_get(root, "searches");
	for (size_t i = 0; i < n && !st; i++) {
		const dk_alert_search *q = &searches[i];
		dk_alert_result *r = &a->r[a->n++];
		if (json_object_get(next, q->name)) {
			*errmsg = msgf("saved search %s is named twice", q->name);
			st = DK_ERR_INVALID;
			break;
		}
		if (!(r->name = dk_strndup(q->name, strlen(q->name))) ||
		    !(r->query = dk_strndup(q->query, strlen(q->query)))) {
			st = DK_ERR_NOMEM;
			break;
		}
		json_t *entry = NULL;
		char *note = NULL;
		st = run_one(s, gen, q, json_object_get(old, q->name), r, &entry,
			     &note);
		if (!st && json_object_set_new(next, q->name, entry))
			st = DK_ERR_NOMEM;
		if (st) {
			*errmsg = note;
			break;
		}
		if (note) {   /* a damaged entry, started again */
			fprintf(stderr, "docket-search: %s: %s\n", state_path,
				note);
			free(note);
		}
	}
	if (!st && (json_object_set(root, "searches", next) ||
		    json_object_set_new(root, "format",
					json_string(STATE_FORMAT)) ||
		    (st = write_state(state_path, root, errmsg))))
		st = st ? st : DK_ERR_NOMEM;
out:
	json_decref(next);
	json_decref(root);
	close(fd);
	if (st) {
		if (!*errmsg)
			*errmsg = msgf("%s", dk_status_str(st));
		dk_alerts_free(a);
		return st;
	}
	*out = a;
	return DK_OK;
}

void dk_alerts_free(dk_alerts *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->n; i++) {
		dk_alert_result *r = &a->r[i];
		free(r->name);
		free(r->query);
		for (size_t k = 0; k < r->nnews; k++)
			dk_article_clear(&r->news[k]);
		free(r->news);
	}
	free(a->r);
	free(a);
}

/* ---- output ----------------------------------------------------------- */

int dk_alerts_print_text(FILE *f, const dk_alerts *a)
{
	uint64_t total = 0;
	size_t with = 0;
	for (size_t i = 0; i < a->n; i++) {
		total += a->r[i].new_total;
		with += a->r[i].new_total > 0;
	}
	fprintf(f, "Docket alerts, generation %" PRIu64 ": %" PRIu64
		" new article%s for %zu of %zu saved search%s\n", a->generation,
		total, total == 1 ? "" : "s", with, a->n, a->n == 1 ? "" : "es");
	for (size_t i = 0; i < a->n; i++) {
		const dk_alert_result *r = &a->r[i];
		char since[64];
		if (a->generation)
			snprintf(since, sizeof since, "generation %" PRIu64, r->since);
		else
			snprintf(since, sizeof since, "the last run");
		fprintf(f, "\n== %s (%s): ", r->name, r->query);
		if (r->baseline)
			fprintf(f, "%" PRIu64 " matching; new articles are "
				"reported from the next generation on\n",
				r->matches);
		else if (!r->new_total)
			fprintf(f, "nothing new since %s (%" PRIu64 " matching)\n",
				since, r->matches);
		else
			fprintf(f, "%" PRIu64 " new since %s (%" PRIu64
				" matching)%s\n", r->new_total, since, r->matches,
				r->new_total > r->nnews ? "; the newest:" : "");
		for (size_t k = 0; k < r->nnews; k++) {
			const dk_article *n = &r->news[k];
			fprintf(f, "   %-10s  %s  %s\n", n->date ? n->date : "",
				n->source ? n->source : "",
				n->title && *n->title ? n->title : n->id);
			fprintf(f, "               %s\n",
				n->url && *n->url ? n->url : n->id);
		}
	}
	return ferror(f) ? -1 : 0;
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

int dk_alerts_print_json(FILE *f, const dk_alerts *a)
{
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < a->n; i++) {
		const dk_alert_result *r = &a->r[i];
		json_t *news = json_array();
		for (size_t k = 0; news && k < r->nnews; k++) {
			const dk_article *n = &r->news[k];
			json_array_append_new(news, json_pack(
				"{s:s?, s:o, s:o, s:o, s:o}", "id", n->id,
				"date", str_or_null(n->date), "source",
				str_or_null(n->source), "title",
				str_or_null(n->title), "url", str_or_null(n->url)));
		}
		json_array_append_new(arr, json_pack(
			"{s:s, s:s, s:I, s:b, s:I, s:I, s:o}", "name", r->name,
			"query", r->query, "matches", (json_int_t)r->matches,
			"baseline", r->baseline, "since", (json_int_t)r->since,
			"new_total", (json_int_t)r->new_total, "new",
			news ? news : json_array()));
	}
	json_t *doc = json_pack("{s:I, s:o}", "generation",
				(json_int_t)a->generation, "searches",
				arr ? arr : json_array());
	int rc = doc ? json_dumpf(doc, f, JSON_INDENT(2)) : -1;
	json_decref(doc);
	if (!rc)
		fputc('\n', f);
	return rc || ferror(f) ? -1 : 0;
}
