/*
 * article.h - one news article as Docket stores it, and its record format.
 *
 * An article is what the dump readers produce and what the searcher reads
 * back: every field is a malloc'd NUL-terminated UTF-8 string or NULL when
 * absent.  text is the cleaned article body, paragraphs separated by "\n";
 * passages and highlights are byte offsets into it.
 *
 * The record is the article serialized as the index document's data:
 *   "DK1" then, per present field, one tag byte, a LEB128 length and the
 *   bytes.  Unknown tags are skipped on decode, so fields can be added
 *   without breaking older readers.  Tags: 1 id, 2 url, 3 title, 4 source,
 *   5 site, 6 date, 7 author, 8 lang, 9 extra, 10 story, 11 text; then
 *   the entity lists added by the refine stage: 12 cases, 13 parties,
 *   14 courts, 15 statutes, 16 cves (records written before them simply
 *   lack the tags).  A text of 512 bytes or more is stored instead as tag
 *   17, one zstd frame (with its size), in a record that starts "DK2", so
 *   that a reader older than the tag refuses the record rather than show
 *   an article without its text.  Both are read.
 */
#ifndef DK_ARTICLE_H
#define DK_ARTICLE_H

#include <stddef.h>

#include "buf.h"
#include "status.h"

typedef struct dk_article {
	char *id;       /* unique id (dump-relative path or the JSONL id) */
	char *url;
	char *title;
	char *source;   /* publication name, else the URL's host */
	char *site;     /* host of the URL without "www." */
	char *date;     /* "YYYY-MM-DD", "YYYY-MM" or "YYYY" */
	char *author;
	char *lang;     /* ISO 639-1 code when known */
	char *extra;    /* JSON object text of other metadata, or NULL */
	char *story;    /* near-duplicate story key (hex), or NULL */
	char *text;     /* the body; paragraphs separated by '\n' */
	size_t text_len;
	/* Entities of the text (entities.h), each a list of values separated
	 * by '\n', or NULL when none was found. */
	char *cases;    /* docket numbers in normal form: "25-00709" */
	char *parties;  /* each side of a case caption: "LinkedIn Corp" */
	char *courts;   /* canonical court names */
	char *statutes; /* named laws: "Stored Communications Act" */
	char *cves;     /* "CVE-2024-3094" */
	/* The refine stage's MinHash sketch of the text (minhash.h,
	 * DK_MINHASH_BYTES bytes), or NULL: indexed in a value slot so that a
	 * later --update folds new copies into live stories; not part of the
	 * record. */
	unsigned char *sketch;
} dk_article;

/*
 * Append to out the boolean term that names the article id: "Q" and the id
 * (fields.h), or for an id longer than DK_ARTICLE_UID_MAX bytes its first
 * DK_ARTICLE_UID_MAX - 17 bytes, "#" and 16 hex digits of its 64-bit hash
 * (Xapian's terms hold 245 bytes at most).  The indexer writes it, the
 * searcher looks articles up by it (--show, --like, alerts).
 */
#define DK_ARTICLE_UID_MAX 200

void dk_article_uid_term(const char *id, dk_buf *out);

/* The largest text a record may decompress to (a damaged frame claiming
 * more is DK_ERR_PARSE). */
#define DK_ARTICLE_TEXT_MAX (256u << 20)

/* Free every field and zero the struct (it may be reused). */
void dk_article_clear(dk_article *a);

/* Replace *field with a malloc'd copy of s[0..n) (NULL s sets NULL).
 * The article owns it. */
dk_status dk_article_set(char **field, const char *s, size_t n);

/* Append the record of a to out (see the format above). */
dk_status dk_article_encode(const dk_article *a, dk_buf *out);

/* Decode a record into *out, which must be zeroed or cleared; on success
 * the article owns copies of every field (free with dk_article_clear).
 * A malformed record gives DK_ERR_PARSE and leaves *out cleared. */
dk_status dk_article_decode(const char *data, size_t len, dk_article *out);

#endif
