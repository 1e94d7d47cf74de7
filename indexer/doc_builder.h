/*
 * doc_builder.h - an article made into an index document.
 *
 * Runs the shared analyzer over the article's fields and lays the terms,
 * values and data out as fields.h describes.  One builder is reused for
 * every article of a build (it keeps its scratch buffers).
 */
#ifndef DK_DOC_BUILDER_H
#define DK_DOC_BUILDER_H

#include <stddef.h>

#include "../common/analyzer.h"
#include "../common/article.h"
#include "../common/status.h"
#include "../common/stemmers.h"
#include "../shims/xapian_shim.h"

typedef struct dk_doc_builder dk_doc_builder;

/* A new builder using analyzer a (borrowed: it must outlive the builder).
 * The caller frees the builder with dk_doc_builder_free(). */
dk_status dk_doc_builder_new(dk_analyzer *a, dk_doc_builder **out);
void dk_doc_builder_free(dk_doc_builder *b);

/* Stem each article with the analyzer stems gives for its language
 * (stemmers.h), marking those not stemmed with the default by a
 * DK_PREFIX_STEMMER term; NULL (the start) stems all with the builder's
 * analyzer.  stems is borrowed: it must outlive the builder. */
void dk_doc_builder_set_stemmers(dk_doc_builder *b, dk_stemmers *stems);

/*
 * Build the document of art.  file_term (may be NULL) is added as the
 * "F" boolean term naming the dump it came from.  *doc and *uid are
 * borrowed from the builder and valid until the next build: the document
 * and its unique id term ("Q" + id).
 */
dk_status dk_doc_builder_build(dk_doc_builder *b, const dk_article *art,
			       const char *file_term, const dk_doc **doc,
			       const char **uid, size_t *uid_len);

/* The message of the last failure.  Borrowed. */
const char *dk_doc_builder_error(const dk_doc_builder *b);


#endif
