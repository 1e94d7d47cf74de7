/*
 * story_seed.c - the live index's recent articles into a story index
 * (see story_seed.h).
 *
 * Two searches: the newest date (match-all sorted on the date slot,
 * newest first, one result), then the articles dated from DK_SEED_DAYS
 * before it (a value range on the same slot), newest first so that the
 * cap keeps the most recent, and added to the story index in the reverse
 * of that order, oldest first, as a serial build would have met them.
 */
#include "story_seed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

#include "../common/article.h"
#include "../common/buf.h"
#include "../common/fields.h"
#include "../shims/xapian_shim.h"

void dk_story_seed_floor(const char *v, size_t len, int days, char out[9])
{
	out[0] = '\0';
	if (!v || len != 8)
		return;
	for (size_t i = 0; i < 8; i++)
		if (v[i] < '0' || v[i] > '9')
			return;
	char d[11];
	snprintf(d, sizeof d, "%.4s-%.2s-%.2s", v,
		 memcmp(v + 4, "00", 2) ? v + 4 : "01",
		 memcmp(v + 6, "00", 2) ? v + 6 : "01");
	int32_t n = dk_stories_day(d);
	if (!n)
		return;
	/* Civil from days (Howard Hinnant's algorithm), the inverse of
	 * dk_stories_day(). */
	long z = (long)n - 1 - days + 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long y = yoe + era * 400;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long dd = doy - (153 * mp + 2) / 5 + 1;
	long mm = mp < 10 ? mp + 3 : mp - 9;
	y += mm <= 2;
	if (y < 0 || y > 9999)
		return;
	char buf[40];
	snprintf(buf, sizeof buf, "%04ld%02ld%02ld", y, mm, dd);
	memcpy(out, buf, 9);
}

static void set_msg(char **errmsg, const char *what, const char *detail)
{
	if (!errmsg)
		return;
	dk_buf b = { 0 };
	dk_buf_printf(&b, "%s%s%s", what, detail && *detail ? ": " : "",
		      detail ? detail : "");
	*errmsg = dk_buf_detach(&b, NULL);
}

/* The date slot "YYYYMMDD" as dk_stories_day() reads it ("YYYY-MM-DD");
 * "" when the day is unknown. */
static void slot_to_date(const char *v, size_t len, char out[11])
{
	out[0] = '\0';
	if (len != 8 || !memcmp(v + 4, "00", 2) || !memcmp(v + 6, "00", 2))
		return;
	snprintf(out, 11, "%.4s-%.2s-%.2s", v, v + 4, v + 6);
}

dk_status dk_story_seed(dk_stories *s, const char *const *shards, size_t n,
			size_t *added, char **errmsg)
{
	dk_status st;
	dk_reader *rd = NULL;
	dk_query *all = NULL, *recent = NULL;
	dk_mset *ms = NULL;
	char *m = NULL;
	size_t count = 0;
	if (added)
		*added = 0;
	if (errmsg)
		*errmsg = NULL;
	if (!n)
		return DK_OK;
	if ((st = dk_reader_open(shards, n, &rd, &m))) {
		set_msg(errmsg, "opening the live index", m);
		free(m);
		return st;
	}
	dk_search_opts o;
	dk_search_opts_init(&o);
	o.sort_slot = DK_SLOT_DATE;
	o.sort_descending = 1;
	if ((st = dk_query_match_all(&all)) ||
	    (st = dk_reader_search(rd, all, &o, 0, 1, &ms))) {
		set_msg(errmsg, "finding the newest article",
			dk_reader_error(rd));
		goto out;
	}
	const char *v;
	size_t vlen;
	char lo[9] = "";
	if (dk_mset_size(ms) &&
	    !dk_mset_value(ms, 0, DK_SLOT_DATE, &v, &vlen))
		dk_story_seed_floor(v, vlen, DK_SEED_DAYS, lo);
	dk_mset_free(ms);
	ms = NULL;
	if (!lo[0])
		goto out;  /* no dated article: nothing to seed */
	if ((st = dk_query_value_range(DK_SLOT_DATE, lo, 8, NULL, 0,
				       &recent)) ||
	    (st = dk_reader_search(rd, recent, &o, 0, DK_SEED_MAX, &ms))) {
		set_msg(errmsg, "reading the recent articles",
			dk_reader_error(rd));
		goto out;
	}
	for (size_t i = dk_mset_size(ms); i-- > 0;) {
		const char *sk, *key, *date;
		size_t sklen, keylen, datelen;
		dk_minhash mh;
		char d[11], kbuf[DK_STORY_KEY_LEN + 1], out_key[DK_STORY_KEY_LEN + 1];
		if ((st = dk_mset_value(ms, i, DK_SLOT_SKETCH, &sk, &sklen)) ||
		    (st = dk_mset_value(ms, i, DK_SLOT_STORY, &key, &keylen)) ||
		    (st = dk_mset_value(ms, i, DK_SLOT_DATE, &date, &datelen))) {
			set_msg(errmsg, "reading the recent articles",
				dk_mset_error(ms));
			goto out;
		}
		if (dk_minhash_decode(sk, sklen, &mh) || !keylen ||
		    keylen > DK_STORY_KEY_LEN)
			continue;
		memcpy(kbuf, key, keylen);
		kbuf[keylen] = '\0';
		slot_to_date(date, datelen, d);
		/* The site and title, for the same-site rule (minhash.h). */
		const char *data;
		size_t dlen;
		dk_article a = { 0 };
		if (dk_mset_data(ms, i, &data, &dlen) || dk_article_decode(data, dlen, &a))
			dk_article_clear(&a);
		dk_story_meta sm = { a.site ? a.site : a.source, a.title, a.url };
		st = dk_stories_assign_meta(s, &mh, kbuf, kbuf, dk_stories_day(d),
					    &sm, out_key, NULL);
		dk_article_clear(&a);
		if (st) {
			set_msg(errmsg, "seeding the story index", NULL);
			goto out;
		}
		count++;
	}
	if (added)
		*added = count;
out:
	dk_mset_free(ms);
	dk_query_free(all);
	dk_query_free(recent);
	dk_reader_close(rd);
	return st;
}
