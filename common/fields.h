/*
 * fields.h - how an article's fields are laid out in the index.
 *
 * The indexer writes these terms and values and the searcher reads them, so
 * they live in one place.  Term prefixes follow Xapian's convention of
 * upper-case letters; analyzed terms are always case-folded, so an
 * unprefixed term can never be mistaken for a prefixed one.
 *
 *   (none)  title and body stems, with positions (title words first, then a
 *           gap of DK_TITLE_GAP positions, then the body)
 *   Q       the article id (unique, boolean): "Q" + id
 *   S       title stems, with positions          title:
 *   A       author stems, with positions         author:
 *   B       source stems, with positions         source:
 *   H       the site's host and each parent domain, boolean   site:
 *   XC      normalized case numbers, boolean     case:
 *   XP      party stems, with positions          party:
 *   XT      court stems, with positions          court:
 *   XV      CVE ids, upper case, boolean ("XVCVE-2024-3094"); free text
 *           finds them too
 *   L       language code, boolean               lang:
 *   Y/M/D   year "Y2025", month "M202501", day "D20250124", boolean
 *   F       the dump file the article came from, boolean (incremental
 *           updates delete by it)
 *   K       the near-duplicate story key, boolean (lists folded copies)
 *
 * Value slots:
 *   DK_SLOT_DATE   "YYYYMMDD"; unknown month/day are "00" ("20250000")
 *   DK_SLOT_STORY  the near-duplicate story key (collapse key)
 *   DK_SLOT_SKETCH the MinHash sketch the key was chosen by (minhash.h,
 *                  dk_minhash_encode), read back by --update
 *   DK_SLOT_FACETS the article's facet values in one value, so that
 *                  counting them reads one value per match: the fields
 *                  source, site, author, cases, parties, courts (as
 *                  stored; the lists '\n'-separated) in that order,
 *                  separated by DK_FACET_SEP (counted by the shim's match
 *                  spies, xapian_shim.h dk_spy)
 *   Indexes built before this slot count only dates.
 *   DK_SLOT_ID     the article's id, so that the ids of a whole match set
 *                  can be counted by a match spy (saved-search alerts,
 *                  searcher/alerts.h); indexes built before it have none
 *   DK_SLOT_OLDEST the date again ("YYYYMMDD"), or "~" for an undated
 *                  article, so that oldest first (an ascending sort)
 *                  puts undated articles last, as newest first does: a
 *                  document without a value sorts first, and Xapian's
 *                  remote backend cannot run a key maker that would
 *                  change that.  Indexes built before it sort by
 *                  DK_SLOT_DATE (undated first)
 *   DK_SLOT_NEWEST_ID  the date key ("YYYYMMDD", "00000000" undated), then
 *                  the article id with each byte inverted (255 - b), then
 *                  0xff: sorted descending, newest first and, within a
 *                  date, by article id ascending (as DK_SLOT_ID sorts);
 *   DK_SLOT_OLDEST_ID  DK_SLOT_OLDEST's value, then the article id: sorted
 *                  ascending, oldest first (undated last), then by id.
 *                  A query of filters only weighs nothing, so its results
 *                  of one date are sorted by these, not in document
 *                  order; one value each, as Xapian's remote backend
 *                  sorts by a value but cannot run a key maker.  Indexes
 *                  built before them sort such results in document order
 */
#ifndef DK_FIELDS_H
#define DK_FIELDS_H

#define DK_PREFIX_ID     "Q"
#define DK_PREFIX_TITLE  "S"
#define DK_PREFIX_AUTHOR "A"
#define DK_PREFIX_SOURCE "B"
#define DK_PREFIX_SITE   "H"
#define DK_PREFIX_CASE   "XC"
#define DK_PREFIX_PARTY  "XP"
#define DK_PREFIX_COURT  "XT"
#define DK_PREFIX_CVE    "XV"
#define DK_PREFIX_LANG   "L"
#define DK_PREFIX_YEAR   "Y"
#define DK_PREFIX_MONTH  "M"
#define DK_PREFIX_DAY    "D"
#define DK_PREFIX_FILE   "F"
#define DK_PREFIX_STORY  "K"
/* The stemmer of an article stemmed in another language than the
 * index's default (stemmers.h): "XZgerman".  An article without one was
 * stemmed with the default (docket.lang), so indexes built before
 * per-article stemming read right.  The set of these terms is the set of
 * stemmers the index holds: unlike a metadata value it is the union over
 * all shards, and it survives compaction and --update. */
#define DK_PREFIX_STEMMER "XZ"

#define DK_SLOT_DATE  0
#define DK_SLOT_STORY 1
#define DK_SLOT_SKETCH 2
#define DK_SLOT_FACETS 10
#define DK_SLOT_ID 11
#define DK_SLOT_OLDEST 12
#define DK_SLOT_NEWEST_ID 13
#define DK_SLOT_OLDEST_ID 14
#define DK_OLDEST_UNDATED "~"
#define DK_FACET_SEP '\x1f'
enum { DK_FACET_F_SOURCE, DK_FACET_F_SITE, DK_FACET_F_AUTHOR, DK_FACET_F_CASES,
       DK_FACET_F_PARTIES, DK_FACET_F_COURTS, DK_FACET_NFIELDS };

/* Title words count this many times in the unprefixed (free text) terms. */
#define DK_TITLE_WDF 2
/* Positions left empty between the title and the body, so that a phrase
 * never runs from the title into the first sentence. */
#define DK_TITLE_GAP 100
/* The same between two parties (or two courts) of one article, so that
 * party:"linkedin corp" never matches across "De La Torre" / "LinkedIn". */
#define DK_ENTITY_GAP 10

/* Metadata key holding the analyzer language of the index. */
#define DK_META_LANG "docket.lang"
#define DK_META_VERSION "docket.version"

#endif
