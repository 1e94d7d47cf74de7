/*
 * xapian_shim.h - Docket's C API over Xapian.
 *
 * Prefix: dk_shim (dk_shim_*() for the whole-database operations, else the handle types' names).
 *
 * This is the only door from Docket's C code to the index engine.  Nothing
 * of Xapian or the C++ standard library crosses it: every handle is opaque,
 * text travels as pointer + length, and every function returns a dk_status.
 * No exception escapes: each entry point catches Xapian::Error, std::bad_alloc,
 * std::exception and everything else, maps it through one function to a
 * status code, and keeps the message on the handle it was called on (read it
 * with the handle's *_error() function).  Functions that have no handle yet
 * (the open functions) hand the message back through an optional char **
 * that the caller frees.
 *
 * Handles:
 *   dk_writer  a writable database (one shard).
 *   dk_reader  a read-only database made of one or more shards.
 *   dk_doc     a document under construction, to be added to a dk_writer.
 *   dk_query   an immutable query tree node.  Combining nodes copies them,
 *              so every node the caller made is freed by the caller.
 *   dk_mset    one page of ranked results from dk_reader_search().
 *
 * Thread safety: none of the handles may be used from two threads at once;
 * distinct handles may.
 */
#ifndef DK_XAPIAN_SHIM_H
#define DK_XAPIAN_SHIM_H

#include <stddef.h>
#include <stdint.h>

#include "../common/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct dk_writer dk_writer;
typedef struct dk_reader dk_reader;
typedef struct dk_doc dk_doc;
typedef struct dk_query dk_query;
typedef struct dk_mset dk_mset;

typedef uint32_t dk_docid;

/* The engine's version as "xapian-core X.Y.Z".  Constant, not owned. */
const char *dk_shim_version(void);

/* ---- writable database ---------------------------------------------- */

enum dk_writer_flags {
	DK_WRITER_CREATE      = 1u << 0, /* create if missing (else open existing) */
	DK_WRITER_OVERWRITE   = 1u << 1, /* create, replacing any database there */
	DK_WRITER_NO_TERMLIST = 1u << 2, /* bulk build: no per-document termlists */
	DK_WRITER_NO_SYNC     = 1u << 3  /* do not fsync on commit */
};

/*
 * Open or create the database at path.  On success *out is a new handle the
 * caller closes with dk_writer_close().  On failure *out is NULL and, if
 * errmsg is not NULL, *errmsg is a malloc'd message the caller frees.
 * A database locked by another writer gives DK_ERR_DB_LOCKED.
 */
dk_status dk_writer_open(const char *path, unsigned flags, dk_writer **out,
			 char **errmsg);

/* Message of the handle's last error ("" if none).  Borrowed. */
const char *dk_writer_error(const dk_writer *w);

/*
 * Add doc, replacing every document indexed by the term uid (normally the
 * boolean id term of the article, e.g. "Qsome-id").  doc must itself carry
 * uid, added with dk_doc_add_boolean_term.  *existed (may be NULL) is set
 * to 1 when a document was replaced, 0 when doc was new; passing NULL saves
 * a lookup.  doc is not consumed.
 */
dk_status dk_writer_replace(dk_writer *w, const char *uid, size_t uid_len,
			    const dk_doc *doc, int *existed);

/* Delete the documents indexed by uid.  *deleted (may be NULL): how many
 * were there (0 or more). */
dk_status dk_writer_delete(dk_writer *w, const char *uid, size_t uid_len,
			   int *deleted);

/* Make every change so far durable and visible to new readers. */
dk_status dk_writer_commit(dk_writer *w);

/* Store a user metadata entry (an empty value deletes the key). */
dk_status dk_writer_set_metadata(dk_writer *w, const char *key,
				 const char *value, size_t value_len);

/* Number of documents in the database. */
dk_status dk_writer_doccount(dk_writer *w, uint64_t *out);

/*
 * Commit and close.  The handle is freed whatever the result; the message
 * of a failure goes to *errmsg (malloc'd, caller frees) if errmsg is not NULL.
 * Passing NULL is a no-op returning DK_OK.
 */
dk_status dk_writer_close(dk_writer *w, char **errmsg);

/*
 * Free the handle without committing what was added since the last commit
 * (the failed-build path).  Passing NULL is a no-op.
 */
void dk_writer_abandon(dk_writer *w);

/*
 * Merge the databases at srcs[0..n) into one new compact database at dst,
 * which must not exist.  On failure *errmsg (if not NULL) is a malloc'd
 * message the caller frees.
 */
dk_status dk_shim_compact(const char *const *srcs, size_t n, const char *dst,
		     char **errmsg);

/*
 * Compact the one database at src into a new database at dst (which must
 * not exist), keeping every document's id and the last document id:
 * for a shard whose ids say where it stands among other shards (a dealt
 * shard after deletions).  Metadata is kept.  On failure *errmsg (if not
 * NULL) is a malloc'd message the caller frees.
 */
dk_status dk_shim_compact_keep_ids(const char *src, const char *dst,
				   char **errmsg);

/* ---- documents ------------------------------------------------------ */

/* A new empty document.  The caller frees it with dk_doc_free(). */
dk_status dk_doc_new(dk_doc **out);
void dk_doc_free(dk_doc *doc);
/* Empty the document so it can be reused for the next article. */
dk_status dk_doc_clear(dk_doc *doc);
/* Message of the handle's last error ("" if none).  Borrowed. */
const char *dk_doc_error(const dk_doc *doc);

/* Add term at word position pos (positions start at 1), wdf += wdf_inc. */
dk_status dk_doc_add_posting(dk_doc *doc, const char *term, size_t len,
			     uint32_t pos, uint32_t wdf_inc);
/* Add term without a position, wdf += wdf_inc. */
dk_status dk_doc_add_term(dk_doc *doc, const char *term, size_t len,
			  uint32_t wdf_inc);
/* Add a boolean (filter) term: no position, wdf 0. */
dk_status dk_doc_add_boolean_term(dk_doc *doc, const char *term, size_t len);
/* Set value slot `slot` (sortable bytes; an empty value clears the slot). */
dk_status dk_doc_set_value(dk_doc *doc, unsigned slot, const char *val,
			   size_t len);
/* Set the document data (opaque bytes stored with the document). */
dk_status dk_doc_set_data(dk_doc *doc, const char *data, size_t len);

/* ---- query trees ---------------------------------------------------- */

typedef enum dk_query_op {
	DK_QOP_AND,        /* all subqueries match; weights add */
	DK_QOP_OR,         /* any subquery matches; weights add */
	DK_QOP_AND_NOT,    /* first matches, none of the others */
	DK_QOP_AND_MAYBE,  /* first matches; the others only add weight
			      (built as first OR (others FILTER first),
			      which Xapian 1.4.22 prunes correctly) */
	DK_QOP_FILTER,     /* first matches and the others match; only the first weighs */
	DK_QOP_PHRASE,     /* terms in order within `window` positions (0 = adjacent) */
	DK_QOP_NEAR,       /* terms in any order within `window` positions */
	DK_QOP_SYNONYM,    /* any subquery matches, weighed as one term */
	DK_QOP_ELITE_SET,  /* OR of the `window` best-weighted subqueries */
	DK_QOP_MAX         /* any matches, weight is the maximum */
} dk_query_op;

/* Every function below gives the caller a new node to dk_query_free(). */

/* A term, with within-query frequency wqf (0 is taken as 1). */
dk_status dk_query_term(const char *term, size_t len, uint32_t wqf,
			dk_query **out);
/* Combine subs[0..n) with op.  For PHRASE and NEAR `window` is the span in
 * positions (0 means the number of subqueries, i.e. adjacent); for
 * ELITE_SET it is the number of subqueries kept; ignored otherwise.
 * The subqueries are copied, not consumed.  n == 0 gives a node matching
 * nothing. */
dk_status dk_query_combine(dk_query_op op, const dk_query *const *subs,
			   size_t n, uint32_t window, dk_query **out);
/* Documents whose value in slot lies in [lo, hi] (bytewise).  A NULL lo or
 * hi leaves that end open. */
dk_status dk_query_value_range(unsigned slot, const char *lo, size_t lo_len,
			       const char *hi, size_t hi_len, dk_query **out);
/* The OR of the terms starting with prefix, at most max_expansion of them
 * (the most frequent are kept when there are more; 0 means no limit). */
dk_status dk_query_wildcard(const char *prefix, size_t len,
			    uint32_t max_expansion, dk_query **out);
/*
 * The terms of r starting with prefix, expanded here rather than by
 * Xapian at match time: the at most max_expansion (0: no limit) with the
 * highest frequency over all shards (ties in byte order), joined with
 * OR: a document weighs as the sum of its words' weights.  Xapian 1.4
 * expands a wildcard shard by shard, so over several shards it would pick
 * other words; and a SYNONYM (what OP_WILDCARD builds) weighs with a
 * document frequency each shard estimates for itself, so scores would
 * depend on the number of shards.  Every word of an OR weighs with its
 * exact collection-wide statistics: any number of shards ranks as one
 * index.  (Not MAX: Xapian 1.4.22 crashes on OP_MAX over several
 * databases with collapsing and a match spy.)  The words come from the
 * global term list when r has a usable one (dk_shim_write_term_list),
 * else from a walk of the shards' vocabularies.  The caller frees *out.
 */
dk_status dk_reader_wildcard(dk_reader *r, const char *prefix, size_t len,
			     uint32_t max_expansion, dk_query **out);
/* q with its weight multiplied by factor (0 makes it purely boolean). */
dk_status dk_query_scale(const dk_query *q, double factor, dk_query **out);
/* A node matching every document / no document. */
dk_status dk_query_match_all(dk_query **out);
dk_status dk_query_match_nothing(dk_query **out);
/* 1 if q matches nothing by construction. */
int dk_query_is_empty(const dk_query *q);
/* Xapian's description of q, for --explain.  *out is malloc'd; caller frees. */
dk_status dk_query_describe(const dk_query *q, char **out);
void dk_query_free(dk_query *q);

/* ---- read-only database --------------------------------------------- */

/*
 * Open the shards paths[0..n) as one read-only database (a path may also be
 * a Xapian stub file).  On failure *out is NULL and *errmsg (if not NULL)
 * is a malloc'd message the caller frees; a missing database gives
 * DK_ERR_NOT_FOUND.  The caller frees the handle with dk_reader_close().
 */
dk_status dk_reader_open(const char *const *paths, size_t n, dk_reader **out,
			 char **errmsg);
void dk_reader_close(dk_reader *r);

/* How dk_reader_open_shards opens its shards. */
typedef struct dk_open_opts {
	const int *remote;          /* remote[i] != 0: paths[i] is a remote
				       spec, "HOST:PORT" (xapian-tcpsrv) or
				       ":PROGRAM ARGS" (xapian-progsrv);
				       NULL: every path is local */
	unsigned timeout_ms;        /* remote: the wait for each answer;
				       0: Xapian's default (10 s) */
	unsigned connect_timeout_ms; /* remote TCP: the wait for a connection;
				       0: Xapian's default (10 s) */
	int partial;                /* leave out shards that cannot be opened
				       (at least one must open) */
	int keep_values;            /* a long-running reader: keep in memory
				       the value slots dk_reader_count_spied
				       counts (loaded on first use) and count
				       from them when every shard is local */
} dk_open_opts;

/*
 * Open paths[0..n) as one database, as dk_reader_open does, with remote
 * shards among them.  answered (may be NULL) gets n flags: 1 for a shard
 * that is in the reader, 0 for one left out (only with o->partial).  A
 * shard that cannot be opened fails the whole open unless o->partial;
 * the message names it: "shard 2 of 4 (127.0.0.1:8100): ...".  A dead
 * server gives DK_ERR_NETWORK.  A partial open that left a shard out
 * succeeds with *errmsg (if not NULL) naming the first one so.
 */
dk_status dk_reader_open_shards(const char *const *paths, size_t n,
				const dk_open_opts *o, unsigned char *answered,
				dk_reader **out, char **errmsg);

/* The number of shards the reader reads. */
size_t dk_reader_nshards(const dk_reader *r);

/*
 * Deal the documents of the database at src into k new databases at
 * dsts[0..k), created (replacing anything there) without fsync: document
 * d goes to shard (d - 1) % k as its document (d - 1) / k + 1, and every
 * shard gets all of src's metadata.  Opened together, the k shards
 * number their documents as src does (Xapian interleaves the ids of
 * shards), so ties in ranking break alike.  Each document is rebuilt
 * whole (terms, wdf, positions, values, data: the same document under
 * the same id as a copy gives) from src read term-major, in batches of
 * documents of up to 16 million positions in all (DOCKET_DEAL_BUDGET,
 * a count of positions, sets another budget), which bounds the memory
 * (xapian_reader.cc, "Dealing").  Up to jobs threads (at most k; 0
 * counts as 1) write the shards at once, each shard by one thread, so
 * the shards are the same whatever jobs is.  src is only read; *errmsg
 * (if not NULL) malloc'd on failure, caller frees.
 */
dk_status dk_shim_split(const char *src, const char *const *dsts, size_t k,
		   unsigned jobs, char **errmsg);

/*
 * Append the documents of the database at src, in id order, to the k
 * existing shards dsts[0..k) that were dealt as dk_shim_split deals: the
 * shards opened together number them after every id they already use
 * (g = top + 1, top + 2, ...), each going to shard (g - 1) % k as its
 * document (g - 1) / k + 1, so they are dealt round-robin and rank after
 * the older articles on ties, as a rebuild that read them last would.
 * They are read and rebuilt as dk_shim_split does, by one thread.
 * *added (may be NULL) gets their number; *errmsg (if not NULL) is
 * malloc'd on failure, caller frees.
 */
dk_status dk_shim_append_dealt(const char *src, const char *const *dsts,
			       size_t k, uint64_t *added, char **errmsg);

/*
 * Write the global term list of the shards paths[0..n) (opened together,
 * in that order) into every one of them, replacing any list there: the
 * terms with their collection-wide document frequencies, in chunks, and a
 * stamp (generation, nshards, doccount, last document id, total length)
 * that a reader checks before using it (xapian_terms.cc has the format).
 * dealt says the shards were dealt round-robin (--shards K), which an
 * update reads back through dk_reader_term_list; info (may be NULL) gets
 * what was written.  Once a reader holds a
 * usable list, dk_reader_terms and dk_reader_wildcard read it instead of
 * walking the shards' vocabularies; they give the same terms and
 * frequencies either way.  *errmsg (if not NULL) malloc'd on failure.
 */
/* What a reader knows of its global term list. */
typedef struct dk_term_list_info {
	int usable;           /* 1: present and its stamp matches the shards */
	uint64_t generation;  /* as written (when usable) */
	uint64_t nshards;
	int dealt;
	size_t nchunks;
	uint64_t nterms;      /* terms listed */
	uint64_t bytes;       /* size of the chunks */
} dk_term_list_info;

dk_status dk_shim_write_term_list(const char *const *paths, size_t n,
				  uint64_t generation, int dealt,
				  dk_term_list_info *info, char **errmsg);

/* Fill *out for r (all zero when r has no usable list; DOCKET_TERM_LIST=off,
 * which only turns off its use for walks, does not change what this says). */
dk_status dk_reader_term_list(dk_reader *r, dk_term_list_info *out);

/* Message of the handle's last error ("" if none).  Borrowed. */
const char *dk_reader_error(const dk_reader *r);
/* Move to the latest committed revision.  *changed (may be NULL) is 1 if it
 * moved. */
dk_status dk_reader_reopen(dk_reader *r, int *changed);

dk_status dk_reader_doccount(dk_reader *r, uint64_t *out);
/* Average document length in words (wdf sum / doccount). */
dk_status dk_reader_avlength(dk_reader *r, double *out);
/* Number of documents with a value in slot (0 if none). */
dk_status dk_reader_value_freq(dk_reader *r, unsigned slot, uint64_t *out);
/* Number of documents containing term (0 if none). */
dk_status dk_reader_termfreq(dk_reader *r, const char *term, size_t len,
			     uint64_t *out);
/*
 * The number of documents containing each of terms[0..n) (lens[i] bytes)
 * into out[i], in one round trip per remote shard (a match of their OR
 * asked for no documents), where n calls of dk_reader_termfreq would
 * take n each.
 */
dk_status dk_reader_termfreqs(dk_reader *r, const char *const *terms,
			      const size_t *lens, size_t n, uint64_t *out);
/* Total occurrences of term in the database. */
dk_status dk_reader_collection_freq(dk_reader *r, const char *term,
				    size_t len, uint64_t *out);
/*
 * Call fn(ctx, term, len, termfreq) for each term starting with prefix, in
 * byte order, until fn returns nonzero or max terms were seen (0 = no
 * limit).  The term is borrowed for the call only.
 */
dk_status dk_reader_terms(dk_reader *r, const char *prefix, size_t len,
			  size_t max,
			  int (*fn)(void *ctx, const char *term, size_t len,
				    uint64_t termfreq),
			  void *ctx);
/* The user metadata value for key; *out is malloc'd (NUL-terminated, ""
 * when the key is absent), *out_len its length.  Caller frees. */
dk_status dk_reader_metadata(dk_reader *r, const char *key, char **out,
			     size_t *out_len);
/* The data of document id; *out malloc'd, caller frees.  A missing
 * document gives DK_ERR_NOT_FOUND. */
dk_status dk_reader_document_data(dk_reader *r, dk_docid id, char **out,
				  size_t *out_len);
/*
 * The whole of document id as text, for tests and checks that compare
 * documents (two builds' shards, a source and the shards it was dealt
 * into): a line "data D", a line "value SLOT V" per value in slot order,
 * a line "term T wdf W P1 P2 ..." per term in byte order with its
 * positions, and "length L"; bytes of D, V and T outside '!'..'~' and
 * the backslash are written \xHH.  *out malloc'd (NUL-terminated),
 * *out_len its length; caller frees.  A missing document gives
 * DK_ERR_NOT_FOUND.
 */
dk_status dk_reader_document_dump(dk_reader *r, dk_docid id, char **out,
				  size_t *out_len);

/* ---- searching ------------------------------------------------------ */

typedef struct dk_search_opts {
	double bm25_k1;          /* term frequency saturation (Xapian default 1.2) */
	double bm25_k2;          /* query-length correction (default 0) */
	double bm25_k3;          /* within-query frequency (default 1) */
	double bm25_b;           /* length normalization (default 0.5) */
	double bm25_min_normlen; /* default 0.5 */
	int collapse_slot;       /* value slot to collapse on, or -1 */
	uint32_t collapse_max;   /* documents kept per collapse key (>= 1) */
	int sort_slot;           /* value slot to sort by, or -1 for relevance */
	int sort_descending;     /* with sort_slot: 1 for newest first */
	int sort_then_relevance; /* with sort_slot: break ties by weight */
	int tie_slot;            /* in relevance order: equal weights go by
				    this slot's value, ascending (documents
				    without one first), then by document id;
				    -1: by document id alone */
	int sort_key_slot;       /* with sort_slot: a match that weighs
				    nothing (filters only), where weight
				    cannot order equal values, is sorted by
				    this slot alone, in the same direction
				    (a value holding the sort value and the
				    article id, fields.h); -1: none */
	double time_limit;       /* seconds; 0 for none */
	uint32_t check_at_least; /* documents to examine for exact counts */
} dk_search_opts;

/* Fill opts with Xapian's defaults: BM25 (1.2, 0, 1, 0.5, 0.5), no
 * collapsing, relevance order with ties in document order, no time
 * limit. */
void dk_search_opts_init(dk_search_opts *opts);

/*
 * Run q and return results first .. first+max-1 in *out, which the caller
 * frees with dk_mset_free().  A time limit that cuts the match short is not
 * an error: the results found so far are returned.
 */
dk_status dk_reader_search(dk_reader *r, const dk_query *q,
			   const dk_search_opts *opts, uint32_t first,
			   uint32_t max, dk_mset **out);

/*
 * Pseudo-relevance feedback: the up-to-max best expansion terms (Xapian's
 * ESet, TradWeight) from the documents rel[0..n), skipping terms that start
 * with an upper-case ASCII letter (field prefixes).  Calls fn(ctx, term,
 * len, weight) best first.  The term is borrowed for the call only.
 */
dk_status dk_reader_expand(dk_reader *r, const dk_docid *rel, size_t n,
			   size_t max,
			   int (*fn)(void *ctx, const char *term, size_t len,
				     double weight),
			   void *ctx);

void dk_mset_free(dk_mset *m);
/* Fetch the documents of the whole page in one go (one round trip per
 * remote shard instead of one per document); a no-op cost locally. */
dk_status dk_mset_fetch(dk_mset *m);
/* Message of the handle's last error ("" if none).  Borrowed. */
const char *dk_mset_error(const dk_mset *m);
/* Number of results in this page. */
size_t dk_mset_size(const dk_mset *m);
/* Estimated total matches, and its bounds. */
uint64_t dk_mset_estimated(const dk_mset *m);
uint64_t dk_mset_lower_bound(const dk_mset *m);
uint64_t dk_mset_upper_bound(const dk_mset *m);
/* Index i in [0, size): document id, weight, and how many documents with
 * the same collapse key were folded into this one. */
dk_docid dk_mset_docid(const dk_mset *m, size_t i);
double dk_mset_weight(const dk_mset *m, size_t i);
uint64_t dk_mset_collapse_count(const dk_mset *m, size_t i);
/* Document data and value slot of result i.  The bytes are borrowed: they
 * stay valid until the mset is freed. */
dk_status dk_mset_data(dk_mset *m, size_t i, const char **out, size_t *len);
dk_status dk_mset_value(dk_mset *m, size_t i, unsigned slot, const char **out,
			size_t *len);

/* ---- counting values over a match (facets) ------------------------- */

/*
 * A dk_spy counts, over every document a search examines, the values of
 * some value slots.  A spec names a slot, or one field of a slot whose
 * value holds several fields separated by a byte; either may hold several
 * values separated by '\n' (multi).  Each slot is counted by one of
 * Xapian's ValueCountMatchSpy (whole values; fields and multi-values are
 * split out when read), the one spy a remote shard's server also runs.
 * dk_reader_count_spied() examines every match, so the counts cover the
 * whole match set (before collapsing: copies count each).
 */
typedef struct dk_spy dk_spy;

typedef struct dk_spy_spec {
	unsigned slot;
	int field;    /* -1: the whole value; else its field-th field */
	char sep;     /* the byte between fields */
	int multi;    /* '\n'-separated values */
} dk_spy_spec;

/* A spy counting specs[0..n).  The caller frees it with dk_spy_free(). */
dk_status dk_spy_new(const dk_spy_spec *specs, size_t n, dk_spy **out);
void dk_spy_free(dk_spy *spy);
/* Documents the spy has seen. */
uint64_t dk_spy_seen(const dk_spy *spy);
/*
 * Call fn(ctx, value, len, count) for each value counted for the i-th spec
 * of the spy, in byte order of the values, until fn returns nonzero.  The
 * value is borrowed for the call only.
 */
dk_status dk_spy_values(const dk_spy *spy, size_t i,
			int (*fn)(void *ctx, const char *value, size_t len,
				  uint64_t count),
			void *ctx);

/*
 * Run q over the whole database with spy watching every match (nothing
 * ranked beyond what Xapian needs, nothing collapsed), and
 * set *matches (may be NULL) to how many documents match.  The counts add
 * up over calls.  A reader opened with keep_values whose shards are all
 * local counts from its in-memory copies of the slots instead (the same
 * counts; xapian_spy.cc); remote shards' servers always run the spies.
 */
dk_status dk_reader_count_spied(dk_reader *r, const dk_query *q, dk_spy *spy,
				uint64_t *matches);

#ifdef __cplusplus
}
#endif

#endif
