/*
 * html_extract.h - the main content of a web page: the HTML half of
 * boilerplate stripping.
 *
 * The page's body is cut into text blocks at block-level elements (p, div,
 * li, h2, tr, br ...), skipping elements that never hold article text
 * (script, style, template) and muting the text of svg, forms' controls
 * and the like.  Each block is classified from its own text: link density,
 * length in words, stopword density and sentence punctuation (boilerpipe
 * and jusText use the same features).  Blocks inside elements whose tag
 * (nav, aside, header, footer, form) or class/id/role words (nav, menu,
 * share, social, related, promo, newsletter, subscribe, cookie, advert,
 * footer, breadcrumb, sidebar, ...) say boilerplate count against their
 * region; blocks in comment sections and hidden elements count for
 * nothing.  The main content is the element whose blocks add up to the
 * highest score, moved to the page's own declaration of its content
 * (itemprop=articleBody, the class names CMSs give article bodies, a
 * dominant <article>, <main>) when that agrees with the score.  Inside it,
 * boilerplate regions and link lists are dropped, then two rules of
 * position: a heading whose section lost all its blocks goes with them,
 * and before the first block of prose and after the last only prose
 * (and, before it, headings) stays.  Figure captions
 * and photo credits (figcaption; class words caption, credit, legend),
 * author boxes (author, autor, auteur) and the sharing, related,
 * newsletter, tag, comment and advertising regions are recognised by
 * their class and id words in English and in the major European languages
 * (German, French, Spanish, Portuguese, Italian, Dutch, Polish, Czech).
 * Stopword density, which tells prose from labels, is counted in the
 * page's own language (lang.h: the function words of 16 languages).
 * Pages made of lists
 * (product grids, link listings, forum threads) are found by a second,
 * structure score that counts all text.  The constants and the reasons for
 * them are next to the code (html_extract.c); they were set on the WCXB
 * development set (bench/wcxb), never for one page, and the newer rules
 * are chosen by cross-validation over both dev sets (bench/extraction).
 */
#ifndef DK_HTML_EXTRACT_H
#define DK_HTML_EXTRACT_H

#include <libxml/tree.h>

#include "../../common/buf.h"
#include "../../common/status.h"

/*
 * Append the main content of doc to text as paragraphs separated by '\n'
 * (each trimmed, white space squeezed; see text.h).  *main (may be NULL)
 * gets the element chosen as the main content, borrowed from doc, or NULL
 * when the page has no text.  Fails only with DK_ERR_NOMEM.
 */
dk_status dk_html_extract(xmlDocPtr doc, dk_buf *text, xmlNode **main);

#endif
