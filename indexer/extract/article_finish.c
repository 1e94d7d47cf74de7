/*
 * article_finish.c - the fields an article derives from others, filled
 * the same way by every dump reader: site from the URL's host (without
 * "www.", lower-cased), source from site when the dump names none, the
 * date normalized to YYYY-MM-DD, YYYY-MM or YYYY (date.h; a date that does
 * not parse is dropped rather than stored wrong), and the title without
 * the site's name (title.h); the language, when neither the dump nor the
 * page declares one, detected from the text (lang.h).
 *
 * Dates from the URL: an article without a date takes the one its URL's
 * path holds (dk_date_from_url: "/2025/01/24/", "/2025/01/"); one dated
 * only by year or month takes the URL's date when that is more precise
 * and agrees with it ("2023" and "/2023/11/9/" give 2023-11-09).  A URL
 * date that disagrees with the dump's is ignored: the dump's own field
 * wins.
 */
#include "dump.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "date.h"
#include "../../common/lang.h"
#include "title.h"

/* The host of an http(s) URL without "www.", lower-cased; NULL if none.
 * The caller owns the result (free()). */
static char *host_of(const char *url)
{
	const char *p = strstr(url, "://");
	if (!p)
		return NULL;
	p += 3;
	const char *at = NULL, *e = p;
	while (*e && *e != '/' && *e != '?' && *e != '#') {
		if (*e == '@')
			at = e;
		e++;
	}
	if (at)
		p = at + 1;
	const char *colon = memchr(p, ':', (size_t)(e - p));
	if (colon)
		e = colon;
	if (e - p > 4 && !strncasecmp(p, "www.", 4))
		p += 4;
	if (e <= p || e - p > 253)
		return NULL;
	char *h = dk_strndup(p, (size_t)(e - p));
	if (!h)
		return NULL;
	for (char *c = h; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	return h;
}

dk_status dk_dump_article_finish(dk_article *a)
{
	if (a->url && !a->site) {
		a->site = host_of(a->url);
	}
	if (!a->source && a->site) {
		a->source = dk_strndup(a->site, strlen(a->site));
		if (!a->source)
			return DK_ERR_NOMEM;
	}
	if ((!a->lang || !*a->lang) && a->text) {
		const char *l = dk_lang_detect(a->text, a->text_len);
		if (l && dk_article_set(&a->lang, l, strlen(l)))
			return DK_ERR_NOMEM;
	}
	char norm[11], ud[11];
	norm[0] = '\0';
	if (a->date && dk_date_parse(a->date, strlen(a->date), norm) != DK_OK) {
		free(a->date);
		a->date = NULL;
	}
	int up = a->url ? dk_date_from_url(a->url, ud) : 0;
	size_t nn = strlen(norm);
	if (up && strlen(ud) > nn && !strncmp(ud, norm, nn))
		memcpy(norm, ud, strlen(ud) + 1);
	if (norm[0] && (!a->date || strcmp(a->date, norm))) {
		dk_status st = dk_article_set(&a->date, norm, strlen(norm));
		if (st)
			return st;
	}
	return dk_title_strip_site(a);
}
