/*
 * gen_check.c - the check of a new generation before it is published
 * (see gen_check.h).
 */
#include "gen_check.h"

#include <stdlib.h>
#include <string.h>

#include "../common/article.h"
#include "../common/buf.h"
#include "../common/fields.h"
#include "../shims/xapian_shim.h"

typedef struct best_term {
	char term[256];
	size_t len;
	uint64_t freq;
} best_term;

static int pick_term(void *ctx, const char *term, size_t len, uint64_t tf)
{
	best_term *b = ctx;
	if (len && len < sizeof b->term && term[0] >= 'a' && term[0] <= 'z' &&
	    tf > b->freq) {
		memcpy(b->term, term, len);
		b->len = len;
		b->freq = tf;
	}
	return 0;
}

static int first_term(void *ctx, const char *term, size_t len, uint64_t tf)
{
	best_term *b = ctx;
	(void)tf;
	if (len < sizeof b->term) {
		memcpy(b->term, term, len);
		b->len = len;
	}
	return 1;
}

/* Run q; it must find a document whose stored article decodes.  On
 * failure the message goes to *msg. */
static dk_status probe(dk_reader *rd, dk_query *q, const char *what,
		       dk_buf *msg)
{
	dk_search_opts so;
	dk_search_opts_init(&so);
	dk_mset *ms = NULL;
	dk_status st = dk_reader_search(rd, q, &so, 0, 1, &ms);
	if (st) {
		dk_buf_printf(msg, "probe query (%s) failed: %s", what,
			      dk_reader_error(rd));
		return st;
	}
	const char *data;
	size_t len;
	dk_article a = { 0 };
	if (dk_mset_size(ms) < 1) {
		dk_buf_printf(msg, "probe query (%s) found nothing", what);
		st = DK_ERR_DB_CORRUPT;
	} else if ((st = dk_mset_data(ms, 0, &data, &len)) ||
		   (st = dk_article_decode(data, len, &a))) {
		dk_buf_printf(msg, "probe query (%s) returned a damaged article",
			      what);
		st = DK_ERR_DB_CORRUPT;
	}
	dk_article_clear(&a);
	dk_mset_free(ms);
	return st;
}

dk_status dk_gen_check_count(const char *const *paths, size_t n,
			     uint64_t *count, char **lang, char **m)
{
	dk_reader *rd = NULL;
	*count = 0;
	if (lang)
		*lang = NULL;
	dk_status st = dk_reader_open(paths, n, &rd, m);
	if (!st)
		st = dk_reader_doccount(rd, count);
	if (!st && lang) {
		size_t len = 0;
		st = dk_reader_metadata(rd, DK_META_LANG, lang, &len);
		if (!st && len == 0) {
			free(*lang);
			*lang = NULL;
		}
	}
	dk_reader_close(rd);
	return st;
}

dk_status dk_gen_check(const char *const *paths, size_t n, uint64_t *count,
		       char **errmsg)
{
	dk_status st = DK_OK;
	dk_reader *rd = NULL;
	dk_query *q = NULL;
	dk_buf msg = DK_BUF_INIT;
	char *m = NULL;
	*count = 0;
	if (errmsg)
		*errmsg = NULL;
	if (n == 0)
		return DK_OK;
	if ((st = dk_reader_open(paths, n, &rd, &m))) {
		dk_buf_printf(&msg, "the new generation does not open: %s",
			      m ? m : dk_status_str(st));
		goto out;
	}
	if ((st = dk_reader_doccount(rd, count))) {
		dk_buf_puts(&msg, dk_reader_error(rd));
		goto out;
	}
	char *lang = NULL;
	size_t lang_len = 0;
	st = dk_reader_metadata(rd, DK_META_LANG, &lang, &lang_len);
	free(lang);
	if (st || lang_len == 0) {
		dk_buf_puts(&msg, "the new generation has no analyzer language");
		st = st ? st : DK_ERR_DB_CORRUPT;
		goto out;
	}
	if (*count > 0) {
		best_term t = { { 0 }, 0, 0 };
		if ((st = dk_query_match_all(&q)) ||
		    (st = probe(rd, q, "all", &msg)))
			goto out;
		dk_query_free(q);
		q = NULL;
		if ((st = dk_reader_terms(rd, DK_PREFIX_ID, 1, 1, first_term, &t)))
			goto out;
		if ((st = dk_query_term(t.term, t.len, 1, &q)) ||
		    (st = probe(rd, q, "an id", &msg)))
			goto out;
		dk_query_free(q);
		q = NULL;
		memset(&t, 0, sizeof t);
		if ((st = dk_reader_terms(rd, "", 0, 5000, pick_term, &t)))
			goto out;
		if (t.len && ((st = dk_query_term(t.term, t.len, 1, &q)) ||
			      (st = probe(rd, q, "a frequent word", &msg))))
			goto out;
	}
out:
	if (st && errmsg)
		*errmsg = dk_buf_detach(&msg, NULL);
	dk_buf_free(&msg);
	free(m);
	dk_query_free(q);
	dk_reader_close(rd);
	return st;
}
