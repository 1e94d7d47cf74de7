/*
 * doc_builder.c - article -> index document (see doc_builder.h, fields.h).
 *
 * Term weights: a title word counts DK_TITLE_WDF times in the free-text
 * terms (BM25 then favours articles whose title matches) and once, with
 * its position, under the title prefix.  Body words count once.  Field
 * terms (author, source, party, court) have their own position spaces.
 *
 * Entities (the refine stage's lists, one value a line): each case number
 * is an "XC" boolean term in its normal form (case: normalizes the query
 * the same way), each CVE id an "XV" boolean term, and the words of each
 * party and court are "XP" / "XT" terms with positions, DK_ENTITY_GAP
 * apart from one value to the next, so field phrases match within one
 * value.  Statutes are kept in the record only (no query field names
 * them; their words are in the text).
 *
 * Stemming: with a stemmer set (dk_doc_builder_set_stemmers), every
 * analyzed field of an article uses the analyzer of its language
 * (stemmers.h), and an article not stemmed with the default carries the
 * boolean term DK_PREFIX_STEMMER + the stemmer's name (fields.h).
 *
 * An article without a title is stored with one made from its text
 * (title.h: its first heading-like line or first sentence), so that no
 * result is shown under its file name; those words are in the text
 * already, so they are not indexed again as title terms.
 */
#include "doc_builder.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/buf.h"
#include "extract/date.h"
#include "../common/fields.h"
#include "extract/minhash.h"
#include "extract/refine.h"
#include "extract/title.h"

/* The boolean term of an article whose text the refine stage kept as read
 * because stripping would have emptied it (refine.h): "XSkept-whole". */
#define PREFIX_STRIP "XS"
#define STRIP_FLAG "\"" DK_REFINE_FLAG_KEY "\":\"" DK_REFINE_FLAG_VALUE "\""


struct dk_doc_builder {
	dk_analyzer *an;      /* the analyzer of the article being built */
	dk_analyzer *base;    /* the builder's own */
	dk_stemmers *stems;   /* per-article analyzers, or NULL */
	dk_doc *doc;
	dk_buf uid;
	dk_buf term;
	dk_buf data;
	char err[256];
};

typedef struct emit_ctx {
	dk_doc_builder *b;
	int free_text;        /* add the bare term (with wdf) */
	uint32_t wdf;
	const char *prefix;   /* also add prefix + term; NULL for none */
	size_t plen;
	dk_status st;
} emit_ctx;

static int emit(void *vctx, const dk_token *t)
{
	emit_ctx *c = vctx;
	dk_doc_builder *b = c->b;
	if (c->free_text) {
		c->st = dk_doc_add_posting(b->doc, t->term, t->len, t->pos, c->wdf);
		if (c->st)
			return 1;
	}
	if (c->prefix) {
		dk_buf_reset(&b->term);
		dk_buf_append(&b->term, c->prefix, c->plen);
		dk_buf_append(&b->term, t->term, t->len);
		if (b->term.err) {
			c->st = DK_ERR_NOMEM;
			return 1;
		}
		c->st = dk_doc_add_posting(b->doc, b->term.data, b->term.len,
					   t->pos, 1);
	}
	return c->st != DK_OK;
}

dk_status dk_doc_builder_new(dk_analyzer *a, dk_doc_builder **out)
{
	*out = NULL;
	dk_doc_builder *b = calloc(1, sizeof *b);
	if (!b)
		return DK_ERR_NOMEM;
	b->an = a;
	b->base = a;
	dk_status st = dk_doc_new(&b->doc);
	if (st) {
		free(b);
		return st;
	}
	*out = b;
	return DK_OK;
}

void dk_doc_builder_free(dk_doc_builder *b)
{
	if (!b)
		return;
	dk_doc_free(b->doc);
	dk_buf_free(&b->uid);
	dk_buf_free(&b->term);
	dk_buf_free(&b->data);
	free(b);
}

void dk_doc_builder_set_stemmers(dk_doc_builder *b, dk_stemmers *stems)
{
	b->stems = stems;
}

const char *dk_doc_builder_error(const dk_doc_builder *b)
{
	return b->err;
}

static dk_status analyze_field(dk_doc_builder *b, const char *text,
			       uint32_t first_pos, int free_text, uint32_t wdf,
			       const char *prefix, uint32_t *next_pos)
{
	if (!text || !*text) {
		if (next_pos)
			*next_pos = first_pos;
		return DK_OK;
	}
	emit_ctx c = { b, free_text, wdf, prefix, prefix ? strlen(prefix) : 0,
		       DK_OK };
	dk_analyze_stats stats;
	dk_status st = dk_analyze(b->an, text, strlen(text), first_pos, 0, emit,
				  &c, &stats);
	if (!st)
		st = c.st;
	if (next_pos)
		*next_pos = stats.next_pos;
	return st;
}

static dk_status add_bool(dk_doc_builder *b, const char *prefix,
			  const char *val, size_t n)
{
	dk_buf_reset(&b->term);
	dk_buf_puts(&b->term, prefix);
	dk_buf_append(&b->term, val, n);
	if (b->term.err)
		return DK_ERR_NOMEM;
	if (b->term.len > 240)
		return DK_OK;  /* too long to be a term; nothing useful lost */
	return dk_doc_add_boolean_term(b->doc, b->term.data, b->term.len);
}

/* "H" terms for the host and each parent domain with a dot in it. */
static dk_status add_site(dk_doc_builder *b, const char *site)
{
	const char *p = site;
	while (p && *p) {
		if (!strchr(p, '.'))
			break;
		dk_status st = add_bool(b, DK_PREFIX_SITE, p, strlen(p));
		if (st)
			return st;
		p = strchr(p, '.');
		if (p)
			p++;
	}
	return DK_OK;
}

/* DK_SLOT_NEWEST_ID and DK_SLOT_OLDEST_ID (fields.h): the date, then the
 * id, in one value each, for sorting by date and then by id. */
static dk_status add_date_id(dk_doc_builder *b, const char *date,
			     const char *id)
{
	char key[9];
	size_t n = strlen(id);
	dk_date_key(date, key);
	dk_buf_reset(&b->term);
	dk_buf_append(&b->term, key[0] ? key : "00000000", 8);
	for (size_t i = 0; i < n; i++)
		dk_buf_putc(&b->term, (char)(255 - (unsigned char)id[i]));
	dk_buf_putc(&b->term, (char)0xff);
	if (b->term.err)
		return DK_ERR_NOMEM;
	dk_status st = dk_doc_set_value(b->doc, DK_SLOT_NEWEST_ID, b->term.data,
					b->term.len);
	dk_buf_reset(&b->term);
	if (key[0])
		dk_buf_append(&b->term, key, 8);
	else
		dk_buf_puts(&b->term, DK_OLDEST_UNDATED);
	dk_buf_puts(&b->term, id);
	if (b->term.err)
		return DK_ERR_NOMEM;
	if (!st)
		st = dk_doc_set_value(b->doc, DK_SLOT_OLDEST_ID, b->term.data,
				      b->term.len);
	return st;
}

static dk_status add_date(dk_doc_builder *b, const char *date)
{
	char key[9];
	dk_date_key(date, key);
	if (!key[0])
		return dk_doc_set_value(b->doc, DK_SLOT_OLDEST, DK_OLDEST_UNDATED,
					strlen(DK_OLDEST_UNDATED));
	dk_status st = dk_doc_set_value(b->doc, DK_SLOT_DATE, key, 8);
	if (!st)
		st = dk_doc_set_value(b->doc, DK_SLOT_OLDEST, key, 8);
	if (!st)
		st = add_bool(b, DK_PREFIX_YEAR, key, 4);
	if (!st && memcmp(key + 4, "00", 2))
		st = add_bool(b, DK_PREFIX_MONTH, key, 6);
	if (!st && memcmp(key + 6, "00", 2))
		st = add_bool(b, DK_PREFIX_DAY, key, 8);
	return st;
}

/* One boolean term per line of list (prefix + the line). */
static dk_status add_bool_lines(dk_doc_builder *b, const char *prefix,
				const char *list)
{
	for (const char *p = list; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		dk_status st = n ? add_bool(b, prefix, p, n) : DK_OK;
		if (st)
			return st;
		p += n + (nl ? 1 : 0);
	}
	return DK_OK;
}

/* The analyzed words of each line of list under prefix, with positions;
 * DK_ENTITY_GAP positions between lines. */
static dk_status add_text_lines(dk_doc_builder *b, const char *prefix,
				const char *list)
{
	uint32_t pos = 1;
	for (const char *p = list; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		if (n) {
			emit_ctx c = { b, 0, 1, prefix, strlen(prefix), DK_OK };
			dk_analyze_stats stats;
			dk_status st = dk_analyze(b->an, p, n, pos, 0, emit, &c,
						  &stats);
			if (!st)
				st = c.st;
			if (st)
				return st;
			pos = stats.next_pos + DK_ENTITY_GAP;
		}
		p += n + (nl ? 1 : 0);
	}
	return DK_OK;
}

/* The facet slot (fields.h): the fields joined by DK_FACET_SEP, each
 * bounded so a damaged field cannot bloat the value stream, and rid of
 * the separator. */
#define FACET_VALUE_MAX 2000
static dk_status add_facet_values(dk_doc_builder *b, const dk_article *art)
{
	const char *vals[DK_FACET_NFIELDS];
	vals[DK_FACET_F_SOURCE] = art->source;
	vals[DK_FACET_F_SITE] = art->site;
	vals[DK_FACET_F_AUTHOR] = art->author;
	vals[DK_FACET_F_CASES] = art->cases;
	vals[DK_FACET_F_PARTIES] = art->parties;
	vals[DK_FACET_F_COURTS] = art->courts;
	dk_buf v = DK_BUF_INIT;
	int any = 0;
	for (size_t i = 0; i < DK_FACET_NFIELDS; i++) {
		if (i)
			dk_buf_putc(&v, DK_FACET_SEP);
		const char *s = vals[i] ? vals[i] : "";
		for (size_t k = 0; s[k] && k < FACET_VALUE_MAX; k++)
			dk_buf_putc(&v, s[k] == DK_FACET_SEP ? ' ' : s[k]);
		any |= *s != '\0';
	}
	dk_status st = v.err ? DK_ERR_NOMEM : DK_OK;
	if (!st && any)
		st = dk_doc_set_value(b->doc, DK_SLOT_FACETS, v.data, v.len);
	dk_buf_free(&v);
	return st;
}

dk_status dk_doc_builder_build(dk_doc_builder *b, const dk_article *art,
			       const char *file_term, const dk_doc **doc,
			       const char **uid, size_t *uid_len)
{
	dk_status st;
	uint32_t pos = 1;
	*doc = NULL;
	*uid = NULL;
	*uid_len = 0;
	b->err[0] = '\0';
	if (!art->id || !*art->id) {
		snprintf(b->err, sizeof b->err, "article has no id");
		return DK_ERR_INVALID;
	}
	if ((st = dk_doc_clear(b->doc)))
		goto fail;
	b->an = b->base;
	if (b->stems) {
		if ((st = dk_stemmers_get(b->stems, art->lang, &b->an)) &&
		    st != DK_ERR_TOO_BIG)
			goto fail;
		st = DK_OK;
		if (b->an != dk_stemmers_default(b->stems)) {
			const char *name = dk_analyzer_language(b->an);
			if ((st = add_bool(b, DK_PREFIX_STEMMER, name,
					   strlen(name))))
				goto fail;
		}
	}
	dk_buf_reset(&b->uid);
	dk_article_uid_term(art->id, &b->uid);
	if (b->uid.err)
		return DK_ERR_NOMEM;
	if ((st = dk_doc_add_boolean_term(b->doc, b->uid.data, b->uid.len)))
		goto fail;
	if ((st = analyze_field(b, art->title, pos, 1, DK_TITLE_WDF,
				DK_PREFIX_TITLE, &pos)))
		goto fail;
	if (art->title && *art->title)
		pos += DK_TITLE_GAP;
	if (art->text) {
		emit_ctx c = { b, 1, 1, NULL, 0, DK_OK };
		st = dk_analyze(b->an, art->text, art->text_len, pos, 0, emit, &c,
				NULL);
		if (!st)
			st = c.st;
		if (st)
			goto fail;
	}
	if ((st = analyze_field(b, art->author, 1, 0, 1, DK_PREFIX_AUTHOR, NULL)))
		goto fail;
	if ((st = analyze_field(b, art->source, 1, 0, 1, DK_PREFIX_SOURCE, NULL)))
		goto fail;
	if (art->site && (st = add_site(b, art->site)))
		goto fail;
	if (art->lang && *art->lang &&
	    (st = add_bool(b, DK_PREFIX_LANG, art->lang, strlen(art->lang))))
		goto fail;
	if ((st = add_date(b, art->date)))
		goto fail;
	if (art->story && *art->story &&
	    (st = dk_doc_set_value(b->doc, DK_SLOT_STORY, art->story,
				   strlen(art->story))))
		goto fail;
	if (art->story && *art->story &&
	    (st = add_bool(b, DK_PREFIX_STORY, art->story, strlen(art->story))))
		goto fail;
	if (art->sketch &&
	    (st = dk_doc_set_value(b->doc, DK_SLOT_SKETCH,
				   (const char *)art->sketch, DK_MINHASH_BYTES)))
		goto fail;
	if ((st = add_bool_lines(b, DK_PREFIX_CASE, art->cases)) ||
	    (st = add_bool_lines(b, DK_PREFIX_CVE, art->cves)) ||
	    (st = add_text_lines(b, DK_PREFIX_PARTY, art->parties)) ||
	    (st = add_text_lines(b, DK_PREFIX_COURT, art->courts)))
		goto fail;
	if ((st = add_facet_values(b, art)) ||
	    (st = dk_doc_set_value(b->doc, DK_SLOT_ID, art->id, strlen(art->id))) ||
	    (st = add_date_id(b, art->date, art->id)))
		goto fail;
	if (art->extra && strstr(art->extra, STRIP_FLAG) &&
	    (st = add_bool(b, PREFIX_STRIP, DK_REFINE_FLAG_VALUE,
			   strlen(DK_REFINE_FLAG_VALUE))))
		goto fail;
	if (file_term && (st = add_bool(b, DK_PREFIX_FILE, file_term,
					strlen(file_term))))
		goto fail;
	dk_buf_reset(&b->data);
	if (!art->title || !*art->title) {
		dk_article shown = *art;
		shown.title = dk_title_from_text(art->text, art->text_len, &st);
		if (!st)
			st = dk_article_encode(&shown, &b->data);
		free(shown.title);
	} else {
		st = dk_article_encode(art, &b->data);
	}
	if (st)
		goto fail;
	if ((st = dk_doc_set_data(b->doc, b->data.data, b->data.len)))
		goto fail;
	*doc = b->doc;
	*uid = b->uid.data;
	*uid_len = b->uid.len;
	return DK_OK;
fail:
	snprintf(b->err, sizeof b->err, "%s%s%s", dk_status_str(st),
		 *dk_doc_error(b->doc) ? ": " : "", dk_doc_error(b->doc));
	return st;
}
