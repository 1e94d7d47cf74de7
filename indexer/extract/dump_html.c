/*
 * dump_html.c - one article per HTML file (.html, .htm, plain or gzip).
 *
 * The page is read whole, up to the page limit (DK_MAX_PAGE, or the
 * user's --max-record), and handed to indexer/extract/html_page.c, which decodes,
 * parses and extracts it.  The article id is the path relative to the PATH
 * given; title, date, author, site and canonical URL come from the page
 * itself (SPEC).  Problems inside the page (an undeclared legacy charset,
 * nesting past the parser's cap) are reported with their byte offset as
 * warnings; the page is indexed anyway.
 */
#include "dump_reader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../common/buf.h"
#include "dumpfile.h"
#include "html_page.h"

dk_status dk_dump_html_parse(const char *data, size_t len, const char *id,
				const char *url, const char *charset,
				void (*warn)(void *ctx, size_t off, const char *msg),
				void *ctx, dk_article *a, const char **err)
{
	dk_status st;
	*err = NULL;
	if ((st = dk_article_set(&a->id, id, strlen(id))))
		goto out;
	if (url && *url && (st = dk_article_set(&a->url, url, strlen(url))))
		goto out;
	dk_html_page_opts o = { charset, url, warn, ctx };
	if ((st = dk_html_page_read(data, len, &o, a, err)))
		goto out;
	st = dk_dump_article_finish(a);
out:
	if (st)
		dk_article_clear(a);
	return st;
}

typedef struct warn_ctx {
	const dk_dump_sink *sink;
	const char *path;
} warn_ctx;

static void on_warn(void *ctx, size_t off, const char *msg)
{
	warn_ctx *w = ctx;
	char where[48];
	snprintf(where, sizeof where, "byte %zu", off);
	w->sink->report(w->sink->ctx, w->path, where, msg, 0);
}

static dk_status html_dump_read(const char *path, const char *id,
				const dk_dump_sink *sink)
{
	size_t max = sink->max_record ? sink->max_record : DK_MAX_PAGE;
	char m[256], where[48];
	dk_buf b = DK_BUF_INIT;
	char *emsg = NULL;
	dk_zfile *zf = NULL;
	dk_status st = dk_zfile_open(path, &zf, &emsg);
	if (st) {
		sink->report(sink->ctx, path, "", emsg ? emsg : dk_status_str(st), 1);
		free(emsg);
		return st == DK_ERR_NOMEM ? st : DK_OK;
	}
	char tmp[65536];
	for (;;) {
		int n = dk_zfile_read(zf, tmp, sizeof tmp);
		if (n > 0) {
			if (b.len + (size_t)n > max) {
				/* Say where the limit was crossed, and skip the
				 * page without reading the rest into memory. */
				snprintf(where, sizeof where, "byte %zu", max);
				snprintf(m, sizeof m, "page larger than the %zu-byte "
					 "limit (--max-record), skipped", max);
				sink->report(sink->ctx, path, where, m, 1);
				goto done;
			}
			dk_buf_append(&b, tmp, (size_t)n);
			if (b.err) {
				st = DK_ERR_NOMEM;
				goto done;
			}
			continue;
		}
		if (n < 0) {
			/* Keep what decoded before the break. */
			snprintf(where, sizeof where, "byte %zu", b.len);
			snprintf(m, sizeof m, "broken compressed stream: %s",
				 dk_zfile_error(zf));
			sink->report(sink->ctx, path, where, m, 0);
		} else if (dk_zfile_trailing(zf) >= 0) {
			snprintf(where, sizeof where, "byte %lld",
				 (long long)dk_zfile_trailing(zf));
			sink->report(sink->ctx, path, where, "data after the end of "
				     "the gzip stream, ignored", 0);
		}
		break;
	}
	if (sink->progress)
		sink->progress(sink->ctx, dk_zfile_consumed(zf), b.len);
	warn_ctx w = { sink, path };
	dk_article a = { 0 };
	const char *err = NULL;
	size_t len = b.len;
	st = dk_dump_html_parse(b.data ? b.data : "", len, id, NULL, NULL,
				   on_warn, &w, &a, &err);
	dk_buf_free(&b);
	if (st == DK_ERR_PARSE) {
		sink->report(sink->ctx, path, "", len ? err : "empty file", 1);
		st = DK_OK;
		goto done;
	}
	if (st)
		goto done;
	st = sink->article(sink->ctx, &a);
	dk_article_clear(&a);
done:
	dk_buf_free(&b);
	dk_zfile_close(zf);
	return st;
}

static int html_sniff(const char *head, size_t n)
{
	return n > 0 && head[0] == '<';
}

static const char *const html_names[] = { "html", NULL };
static const char *const html_endings[] = { ".html", ".htm", NULL };
const dk_dump_reader dk_html_reader = {
	DK_FORMAT_HTML, html_names, html_endings, html_sniff, html_dump_read
};
