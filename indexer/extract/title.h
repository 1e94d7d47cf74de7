/*
 * title.h - an article's title: the site's name cut off the title a dump
 * gives, and a title made from the text when there is none.
 *
 * Site names are cut only on evidence (html_meta.h, dk_html_meta_clean_sites):
 * the part must name the article's source, its site ("theverge.com") or
 * the site's main label ("theverge", which "The Verge" folds to), at
 * either end of the title ("... - Reuters", "WIRED: ..."), with at most
 * one section just before a cut name ("... | Technology | The Guardian").
 * No list of sites is kept: the names come from the article itself.
 *
 * A title from the text: an article without a title is shown with the
 * first line of its text when that reads as a heading (short, no final
 * period), else with its first sentence, cut at a word boundary under
 * DK_TITLE_TEXT_MAX bytes with "..." (U+2026) added; never with its file
 * name.
 */
#ifndef DK_TITLE_H
#define DK_TITLE_H

#include <stddef.h>

#include "../../common/article.h"
#include "../../common/status.h"

#define DK_TITLE_TEXT_MAX 100

/* Cut the site's name off a->title (see above); a title that would be
 * left empty is kept. */
dk_status dk_title_strip_site(dk_article *a);

/* A title made from text[0..len) (see above), malloc'd (the caller
 * frees it); NULL when the text has no words or memory ran out (*st
 * says which: DK_OK or DK_ERR_NOMEM). */
char *dk_title_from_text(const char *text, size_t len, dk_status *st);

#endif
