/*
 * boilerplate.h - telling article text from the page furniture around it.
 *
 * Prefix: dk_bp (the text-dump stripper: dk_bp_strip() and its types).
 *
 * Dumps carry their boilerplate as text: menus flattened into runs of link
 * labels, share buttons, newsletter, app and event promos, "Read more:" and
 * "Related Articles" lists, teaser lines, credit and copyright lines,
 * syndication notes, author bios, promos in another language, and related
 * headlines dropped between (or glued onto) paragraphs.  The stripper takes
 * an article body laid out as paragraphs (text.h: one per line) and decides
 * for each paragraph whether it is article text, from three kinds of
 * evidence:
 *
 *   1. the paragraph itself: length, words, the share of stopwords and of
 *      capitalised words, sentence punctuation, navigation and social-media
 *      vocabulary, stopwords of other languages, and a few fixed phrases
 *      that only page furniture uses ("Subscribe now", "may earn a
 *      commission", "©", "(Reporting by");
 *   2. its place in the page: lists that follow a "Read more:" or "Related
 *      Articles" header, the tail after the last real paragraph, a headline
 *      on its own line that shares no vocabulary with the article around
 *      it, a Title Case headline glued after the last sentence of a
 *      paragraph;
 *   3. other pages of the same source (dk_templates): a paragraph that
 *      several otherwise different articles of one source share is
 *      template.  Near-duplicate articles (an updated story, a repeated
 *      wire item) do not count as independent evidence, so a story that
 *      appears three times never loses its text.
 *
 * Precision comes first: every rule that removes prose requires a fixed
 * phrase, a list context or cross-page evidence; a paragraph the rules are
 * unsure about is kept.
 *
 * Datelines: a "date 2025-01-24" marker at the start of the text is cut and
 * its date reported; a line that is only a date ("Published June 12, 2024
 * at 6:15 a.m.") and a byline ("By Felix Amsel · July 18, 2024 · 9 min
 * read") are removed and give the date and the author; a city dateline
 * with a year ("NEW DELHI, January 24, 2025: ...") gives the date and
 * stays in the text.
 *
 * Cost: linear in the text (a few passes over each paragraph, one hash
 * lookup per word and per paragraph); no allocation per word.
 */
#ifndef DK_BOILERPLATE_H
#define DK_BOILERPLATE_H

#include <stddef.h>
#include <stdint.h>

#include "../../common/buf.h"
#include "../../common/status.h"
#include "templates.h"

/* What a paragraph was judged to be. */
typedef enum dk_bp_verdict {
	DK_BP_KEEP = 0,   /* article text (maybe with a part cut, see cut) */
	DK_BP_EMPTY,      /* nothing but punctuation or white space */
	DK_BP_TEMPLATE,   /* repeated across pages of the source */
	DK_BP_MENU,       /* navigation: a run of link labels */
	DK_BP_SHARE,      /* social sharing buttons */
	DK_BP_PROMO,      /* newsletter, app, event, subscription, advert */
	DK_BP_RELATED,    /* a related/read-more header, its list, a teaser */
	DK_BP_CREDIT,     /* copyright, syndication note, credits, byline */
	DK_BP_BIO,        /* the author's biography */
	DK_BP_FOREIGN,    /* a promo in another language than the article */
	DK_BP_HEADLINE,   /* another story's headline dropped in the text */
	DK_BP_DATELINE,   /* a line that is only a date */
	DK_BP_NVERDICTS
} dk_bp_verdict;

/* Parts cut from a kept paragraph (dk_bp_para.cut). */
enum dk_bp_cut {
	DK_BP_CUT_MARKER = 1u << 0,   /* a leading "date 2025-01-24" marker */
	DK_BP_CUT_HEADLINE = 1u << 1, /* a Title Case headline glued at the end */
	DK_BP_CUT_LEAD = 1u << 2      /* a menu run and the title before the text */
};

/* A short constant name for v ("keep", "menu" ...). */
const char *dk_bp_verdict_name(dk_bp_verdict v);

typedef struct dk_bp_para {
	size_t start, len;      /* the paragraph in the input (trimmed) */
	size_t keep_start;      /* the part kept when verdict is DK_BP_KEEP */
	size_t keep_len;
	dk_bp_verdict verdict;
	unsigned cut;           /* dk_bp_cut bits */
} dk_bp_para;

/* What dk_bp_strip() found; zero it before the first use and
 * free it with dk_bp_result_free().  It may be reused. */
typedef struct dk_bp_result {
	dk_bp_para *para;       /* one per input paragraph, in order */
	size_t n, cap;
	char date[11];          /* "YYYY-MM-DD" (or shorter) from a dateline; "" */
	char author[128];       /* the name of a byline; "" */
} dk_bp_result;

void dk_bp_result_free(dk_bp_result *r);

/* The stripper: word lists and scratch space.  One per thread. */
typedef struct dk_bp_stripper dk_bp_stripper;

/* A new stripper; the caller frees it with dk_bp_stripper_free(). */
dk_status dk_bp_stripper_new(dk_bp_stripper **out);
void dk_bp_stripper_free(dk_bp_stripper *s);

/*
 * Judge each paragraph of text[0..len) (paragraphs separated by '\n',
 * clean UTF-8) and append the kept parts to out, separated by '\n'.
 * tpl (may be NULL) gives the cross-page counts of source (may be NULL);
 * title (may be NULL) helps find a menu run glued before the first
 * sentence.  res receives the verdict of every paragraph, the dateline's
 * date and the byline's author.  Fails only with DK_ERR_NOMEM.
 */
dk_status dk_bp_strip(dk_bp_stripper *s, const dk_templates *tpl,
			       const char *source, const char *title,
			       const char *text, size_t len, dk_bp_result *res,
			       dk_buf *out);

#endif
