/*
 * xapian_reader.cc - the reading half of the C API over Xapian (see
 * xapian_shim.h): readers, searches, query expansion and msets.  The
 * exception barrier, handle structs and error conventions are those of
 * xapian_shim.cc (shim_private.hh).
 *
 * Readers.  A dk_reader is a Xapian::Database with one sub-database per
 * shard; document ids are interleaved across shards the way Xapian does
 * it (id = (shard id - 1) * nshards + shard index + 1).  User metadata is
 * read from the first shard only.  A reader reading a revision that a
 * writer has since discarded gets DK_ERR_DB_MODIFIED: the caller calls
 * dk_reader_reopen() and retries.
 *
 * Searching: with collapse_max > 1 every document kept for a collapse key reports the
 * number of documents of that key that were folded away.
 *
 * An mset keeps the document data and values it has handed out in a cache
 * of std::string keyed by (index, slot), so the borrowed pointers stay
 * valid until dk_mset_free(); the data is cached under Xapian::BAD_VALUENO,
 * which is never a value slot.
 */
#include "shim_private.hh"

#include <xapian.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <new>
#include <string>
#include <sys/stat.h>
#include <utility>
#include <vector>

using namespace dk_shim;

/* ---- reader ----------------------------------------------------------- */

/* On success *out is a new handle the caller frees with dk_reader_close();
 * *errmsg: malloc'd, caller frees. */
extern "C" dk_status
dk_reader_open(const char *const *paths, size_t n, dk_reader **out,
	       char **errmsg)
{
	std::string err;
	dk_reader *r = nullptr;
	dk_status st = DK_OK;

	if (errmsg)
		*errmsg = nullptr;
	if (!out)
		return DK_ERR_INVALID;
	*out = nullptr;
	if (!paths || n == 0) {
		st = invalid(&err, "dk_reader_open: no database");
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		if (!paths[i] || !*paths[i]) {
			st = invalid(&err, "dk_reader_open: empty path");
			goto done;
		}
	}
	try {
		r = new dk_reader;
		for (size_t i = 0; i < n; i++)
			r->db.add_database(Xapian::Database(paths[i]));
		*out = r;
		r = nullptr;
	} DK_CATCH(&err, st)
	delete r;
done:
	if (st)
		give_message(errmsg, err);
	return st;
}

extern "C" void
dk_reader_close(dk_reader *r)
{
	if (!r)
		return;
	try {
		r->db.close();
	} catch (...) {
	}
	delete r;
}

extern "C" const char *
dk_reader_error(const dk_reader *r)
{
	return r ? r->err.c_str() : "";
}

extern "C" dk_status
dk_reader_reopen(dk_reader *r, int *changed)
{
	dk_status st = DK_OK;

	if (changed)
		*changed = 0;
	if (!r)
		return DK_ERR_INVALID;
	try {
		bool moved = r->db.reopen();
		if (changed)
			*changed = moved ? 1 : 0;
	} DK_CATCH(&r->err, st)
	return st;
}

extern "C" dk_status
dk_reader_doccount(dk_reader *r, uint64_t *out)
{
	dk_status st = DK_OK;

	if (out)
		*out = 0;
	if (!r)
		return DK_ERR_INVALID;
	if (!out)
		return invalid(&r->err, "dk_reader_doccount: NULL out");
	try {
		*out = r->db.get_doccount();
	} DK_CATCH(&r->err, st)
	return st;
}

extern "C" dk_status
dk_reader_avlength(dk_reader *r, double *out)
{
	dk_status st = DK_OK;

	if (out)
		*out = 0;
	if (!r)
		return DK_ERR_INVALID;
	if (!out)
		return invalid(&r->err, "dk_reader_avlength: NULL out");
	try {
		*out = r->db.get_avlength();
	} DK_CATCH(&r->err, st)
	return st;
}

extern "C" dk_status
dk_reader_termfreq(dk_reader *r, const char *term, size_t len, uint64_t *out)
{
	dk_status st = DK_OK;

	if (out)
		*out = 0;
	if (!r)
		return DK_ERR_INVALID;
	if (!out)
		return invalid(&r->err, "dk_reader_termfreq: NULL out");
	if (!term || !len)
		return invalid(&r->err, "dk_reader_termfreq: empty term");
	try {
		*out = r->db.get_termfreq(std::string(term, len));
	} DK_CATCH(&r->err, st)
	return st;
}

extern "C" dk_status
dk_reader_collection_freq(dk_reader *r, const char *term, size_t len,
			  uint64_t *out)
{
	dk_status st = DK_OK;

	if (out)
		*out = 0;
	if (!r)
		return DK_ERR_INVALID;
	if (!out)
		return invalid(&r->err, "dk_reader_collection_freq: NULL out");
	if (!term || !len)
		return invalid(&r->err, "dk_reader_collection_freq: empty term");
	try {
		*out = r->db.get_collection_freq(std::string(term, len));
	} DK_CATCH(&r->err, st)
	return st;
}

extern "C" dk_status
dk_reader_terms(dk_reader *r, const char *prefix, size_t len, size_t max,
		int (*fn)(void *ctx, const char *term, size_t len,
			  uint64_t termfreq),
		void *ctx)
{
	dk_status st = DK_OK;

	if (!r)
		return DK_ERR_INVALID;
	if (!fn)
		return invalid(&r->err, "dk_reader_terms: NULL callback");
	if (!prefix && len)
		return invalid(&r->err, "dk_reader_terms: NULL prefix");
	try {
		std::string pfx = bytes(prefix, len);
		Xapian::TermIterator end = r->db.allterms_end(pfx);
		size_t seen = 0;

		for (Xapian::TermIterator t = r->db.allterms_begin(pfx);
		     t != end; ++t) {
			std::string term = *t;
			if (fn(ctx, term.data(), term.size(),
			       t.get_termfreq()))
				break;
			if (max && ++seen >= max)
				break;
		}
	} DK_CATCH(&r->err, st)
	return st;
}

/* *out: malloc'd NUL-terminated copy ("" when absent), caller frees. */
extern "C" dk_status
dk_reader_metadata(dk_reader *r, const char *key, char **out, size_t *out_len)
{
	dk_status st = DK_OK;

	if (out)
		*out = nullptr;
	if (out_len)
		*out_len = 0;
	if (!r)
		return DK_ERR_INVALID;
	if (!out || !out_len)
		return invalid(&r->err, "dk_reader_metadata: NULL out");
	if (!key || !*key)
		return invalid(&r->err, "dk_reader_metadata: empty key");
	try {
		std::string v = r->db.get_metadata(key);
		*out = dup_bytes(v);
		*out_len = v.size();
	} DK_CATCH(&r->err, st)
	return st;
}

/* *out: malloc'd NUL-terminated copy of the data, caller frees. */
extern "C" dk_status
dk_reader_document_data(dk_reader *r, dk_docid id, char **out,
			size_t *out_len)
{
	dk_status st = DK_OK;

	if (out)
		*out = nullptr;
	if (out_len)
		*out_len = 0;
	if (!r)
		return DK_ERR_INVALID;
	if (!out || !out_len)
		return invalid(&r->err, "dk_reader_document_data: NULL out");
	if (id == 0)
		return invalid(&r->err, "dk_reader_document_data: docid 0");
	try {
		std::string d = r->db.get_document(id).get_data();
		*out = dup_bytes(d);
		*out_len = d.size();
	} DK_CATCH(&r->err, st)
	return st;
}

/* ---- searching -------------------------------------------------------- */

extern "C" void
dk_search_opts_init(dk_search_opts *opts)
{
	if (!opts)
		return;
	opts->bm25_k1 = 1.2;
	opts->bm25_k2 = 0.0;
	opts->bm25_k3 = 1.0;
	opts->bm25_b = 0.5;
	opts->bm25_min_normlen = 0.5;
	opts->collapse_slot = -1;
	opts->collapse_max = 1;
	opts->sort_slot = -1;
	opts->sort_descending = 0;
	opts->sort_then_relevance = 0;
	opts->time_limit = 0.0;
	opts->check_at_least = 0;
}

/* *out: a new mset the caller frees with dk_mset_free(). */
extern "C" dk_status
dk_reader_search(dk_reader *r, const dk_query *q, const dk_search_opts *opts,
		 uint32_t first, uint32_t max, dk_mset **out)
{
	dk_mset *m = nullptr;
	dk_status st = DK_OK;

	if (out)
		*out = nullptr;
	if (!r)
		return DK_ERR_INVALID;
	if (!q || !opts || !out)
		return invalid(&r->err, "dk_reader_search: NULL argument");
	try {
		Xapian::Enquire enq(r->db);

		enq.set_query(q->q);
		enq.set_weighting_scheme(Xapian::BM25Weight(
			opts->bm25_k1, opts->bm25_k2, opts->bm25_k3,
			opts->bm25_b, opts->bm25_min_normlen));
		if (opts->collapse_slot >= 0)
			enq.set_collapse_key(
				static_cast<Xapian::valueno>(opts->collapse_slot),
				opts->collapse_max ? opts->collapse_max : 1);
		if (opts->sort_slot >= 0) {
			Xapian::valueno slot =
				static_cast<Xapian::valueno>(opts->sort_slot);
			/* Xapian sorts ascending; "reverse" is descending. */
			bool reverse = opts->sort_descending != 0;
			if (opts->sort_then_relevance)
				enq.set_sort_by_value_then_relevance(slot,
								     reverse);
			else
				enq.set_sort_by_value(slot, reverse);
		}
		if (opts->time_limit > 0)
			enq.set_time_limit(opts->time_limit);
		m = new dk_mset;
		m->mset = enq.get_mset(first, max, opts->check_at_least);
		*out = m;
		m = nullptr;
	} DK_CATCH(&r->err, st)
	delete m;
	return st;
}

namespace {
/* Rejects field-prefixed terms (an upper-case ASCII first byte). */
class NoPrefixDecider : public Xapian::ExpandDecider {
  public:
	bool operator()(const std::string &term) const override
	{
		return term.empty() || term[0] < 'A' || term[0] > 'Z';
	}
};
} // namespace

extern "C" dk_status
dk_reader_expand(dk_reader *r, const dk_docid *rel, size_t n, size_t max,
		 int (*fn)(void *ctx, const char *term, size_t len,
			   double weight),
		 void *ctx)
{
	dk_status st = DK_OK;

	if (!r)
		return DK_ERR_INVALID;
	if (!fn)
		return invalid(&r->err, "dk_reader_expand: NULL callback");
	if (n && !rel)
		return invalid(&r->err, "dk_reader_expand: NULL docids");
	if (n == 0 || max == 0)
		return DK_OK;
	try {
		Xapian::Enquire enq(r->db);
		Xapian::RSet rset;
		NoPrefixDecider decider;

		for (size_t i = 0; i < n; i++)
			rset.add_document(rel[i]);
		Xapian::termcount lim = max > UINT32_MAX
			? UINT32_MAX : static_cast<Xapian::termcount>(max);
		Xapian::ESet eset = enq.get_eset(lim, rset, &decider);
		for (Xapian::ESetIterator t = eset.begin(); t != eset.end();
		     ++t) {
			std::string term = *t;
			if (fn(ctx, term.data(), term.size(), t.get_weight()))
				break;
		}
	} DK_CATCH(&r->err, st)
	return st;
}

extern "C" void
dk_mset_free(dk_mset *m)
{
	delete m;
}

extern "C" const char *
dk_mset_error(const dk_mset *m)
{
	return m ? m->err.c_str() : "";
}

/*
 * The getters below (size, bounds, per-item) read the MSet's in-memory
 * items and cannot report a status; they catch anyway, because the
 * boundary promises no exception whatever Xapian's internals do.  An index
 * out of range gives 0.
 */
extern "C" size_t
dk_mset_size(const dk_mset *m)
{
	if (!m)
		return 0;
	try {
		return m->mset.size();
	} catch (...) {
		return 0;
	}
}

extern "C" uint64_t
dk_mset_estimated(const dk_mset *m)
{
	if (!m)
		return 0;
	try {
		return m->mset.get_matches_estimated();
	} catch (...) {
		return 0;
	}
}

extern "C" uint64_t
dk_mset_lower_bound(const dk_mset *m)
{
	if (!m)
		return 0;
	try {
		return m->mset.get_matches_lower_bound();
	} catch (...) {
		return 0;
	}
}

extern "C" uint64_t
dk_mset_upper_bound(const dk_mset *m)
{
	if (!m)
		return 0;
	try {
		return m->mset.get_matches_upper_bound();
	} catch (...) {
		return 0;
	}
}

extern "C" dk_docid
dk_mset_docid(const dk_mset *m, size_t i)
{
	if (!m || i >= m->mset.size())
		return 0;
	try {
		return *m->mset[static_cast<Xapian::doccount>(i)];
	} catch (...) {
		return 0;
	}
}

extern "C" double
dk_mset_weight(const dk_mset *m, size_t i)
{
	if (!m || i >= m->mset.size())
		return 0.0;
	try {
		return m->mset[static_cast<Xapian::doccount>(i)].get_weight();
	} catch (...) {
		return 0.0;
	}
}

extern "C" uint64_t
dk_mset_collapse_count(const dk_mset *m, size_t i)
{
	if (!m || i >= m->mset.size())
		return 0;
	try {
		return m->mset[static_cast<Xapian::doccount>(i)]
			.get_collapse_count();
	} catch (...) {
		return 0;
	}
}

/* Cache and return the data (slot BAD_VALUENO) or a value of item i. */
static dk_status
mset_cached(dk_mset *m, size_t i, Xapian::valueno slot, const char **out,
	    size_t *len)
{
	dk_status st = DK_OK;

	if (out)
		*out = nullptr;
	if (len)
		*len = 0;
	if (!m)
		return DK_ERR_INVALID;
	if (!out || !len)
		return invalid(&m->err, "dk_mset: NULL out");
	if (i >= m->mset.size())
		return invalid(&m->err, "dk_mset: index out of range");
	try {
		auto key = std::make_pair(i, slot);
		auto it = m->cache.find(key);

		if (it == m->cache.end()) {
			Xapian::Document doc =
				m->mset[static_cast<Xapian::doccount>(i)]
					.get_document();
			std::string v = slot == Xapian::BAD_VALUENO
				? doc.get_data() : doc.get_value(slot);
			it = m->cache.emplace(key, std::move(v)).first;
		}
		*out = it->second.data();
		*len = it->second.size();
	} DK_CATCH(&m->err, st)
	return st;
}

/* *out is borrowed: valid until dk_mset_free(m). */
extern "C" dk_status
dk_mset_data(dk_mset *m, size_t i, const char **out, size_t *len)
{
	return mset_cached(m, i, Xapian::BAD_VALUENO, out, len);
}

/* *out is borrowed: valid until dk_mset_free(m). */
extern "C" dk_status
dk_mset_value(dk_mset *m, size_t i, unsigned slot, const char **out,
	      size_t *len)
{
	if (slot == Xapian::BAD_VALUENO) {
		if (out)
			*out = nullptr;
		if (len)
			*len = 0;
		return m ? invalid(&m->err, "dk_mset_value: bad slot")
			 : DK_ERR_INVALID;
	}
	return mset_cached(m, i, slot, out, len);
}
