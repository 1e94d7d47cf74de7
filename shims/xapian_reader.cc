/*
 * xapian_reader.cc - the reading half of the C API over Xapian (see
 * xapian_shim.h): readers, searches, query expansion and msets.  The
 * exception barrier, handle structs and error conventions are those of
 * xapian_shim.cc (shim_private.hh).
 *
 * Readers.  A dk_reader is a Xapian::Database with one sub-database per
 * shard; document ids are interleaved across shards the way Xapian does
 * it (id = (shard id - 1) * nshards + shard index + 1).  User metadata is
 * read from the first shard only (so every shard carries it).  A shard
 * may be remote (xapian-tcpsrv or xapian-progsrv, opened with
 * Xapian::Remote::open); a shard that cannot be opened is named in the
 * message ("shard 2 of 4 (HOST:PORT): ...").  A reader reading a revision that a
 * writer has since discarded gets DK_ERR_DB_MODIFIED: the caller calls
 * dk_reader_reopen() and retries.
 *
 * Dealing (dk_shim_split, dk_shim_append_dealt) rebuilds documents from
 * a source read term-major, in batches ("Dealing" below).
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
#include <thread>
#include <vector>

using namespace dk_shim;

/* ---- reader ----------------------------------------------------------- */

/* "shard I of N (WHAT)", how messages name a shard. */
static std::string
shard_name(size_t i, size_t n, const char *what)
{
	return "shard " + std::to_string(i + 1) + " of " + std::to_string(n) +
	       " (" + what + ")";
}

/* Open one shard: a local path, or a remote spec "HOST:PORT" or
 * ":PROGRAM ARGS" (common/index_dir.h checked its form). */
static Xapian::Database
open_one(const char *path, bool remote, const dk_open_opts *o)
{
	if (!remote)
		return Xapian::Database(path);
	unsigned timeout = o && o->timeout_ms ? o->timeout_ms : 10000;
	unsigned ctimeout = o && o->connect_timeout_ms ? o->connect_timeout_ms
						       : 10000;
	std::string spec(path);
	if (!spec.empty() && spec[0] == ':') {
		size_t sp = spec.find(' ');
		std::string prog = spec.substr(1, sp == std::string::npos
						 ? std::string::npos : sp - 1);
		std::string args = sp == std::string::npos ? std::string()
							   : spec.substr(sp + 1);
		return Xapian::Remote::open(prog, args, timeout);
	}
	size_t colon = spec.rfind(':');
	if (colon == std::string::npos || colon == 0)
		throw Xapian::InvalidArgumentError("remote shard: not HOST:PORT: " +
						   spec);
	std::string host = spec.substr(0, colon);
	if (host.size() > 2 && host.front() == '[' && host.back() == ']')
		host = host.substr(1, host.size() - 2);
	unsigned long port = strtoul(spec.c_str() + colon + 1, nullptr, 10);
	if (port == 0 || port > 65535)
		throw Xapian::InvalidArgumentError("remote shard: bad port: " +
						   spec);
	return Xapian::Remote::open(host, static_cast<unsigned>(port), timeout,
				    ctimeout);
}

/* On success *out is a new handle the caller frees with dk_reader_close();
 * *errmsg: malloc'd, caller frees. */
extern "C" dk_status
dk_reader_open_shards(const char *const *paths, size_t n,
		      const dk_open_opts *o, unsigned char *answered,
		      dk_reader **out, char **errmsg)
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
		if (answered)
			answered[i] = 0;
	}
	try {
		r = new dk_reader;
		r->keep_values = o && o->keep_values;
		dk_status first = DK_OK;
		std::string first_err;
		for (size_t i = 0; i < n; i++) {
			bool remote = o && o->remote && o->remote[i];
			std::string name = n > 1 || remote
				? shard_name(i, n, paths[i]) : std::string(paths[i]);
			std::string m;
			dk_status one = DK_OK;
			try {
				Xapian::Database sub = open_one(paths[i], remote, o);
				r->db.add_database(sub);
				r->shards.push_back(sub);
				r->any_remote = r->any_remote || remote;
				r->nshards++;
				if (answered)
					answered[i] = 1;
			} DK_CATCH(&m, one)
			if (one == DK_OK)
				continue;
			if (one == DK_ERR_NOMEM)
				throw std::bad_alloc();
			if (!first) {
				first = one;
				/* A single local index keeps Xapian's own message,
				 * which names the path. */
				first_err = n > 1 || remote ? name + ": " + m : m;
			}
			if (!(o && o->partial))
				break;
		}
		if (first && (r->nshards == 0 || !(o && o->partial))) {
			st = first;
			err = first_err;
		} else {
			*out = r;
			r = nullptr;
			/* A partial open names the first shard it left out. */
			if (first)
				give_message(errmsg, first_err);
		}
	} DK_CATCH(&err, st)
	delete r;
done:
	if (st)
		give_message(errmsg, err);
	return st;
}

extern "C" dk_status
dk_reader_open(const char *const *paths, size_t n, dk_reader **out,
	       char **errmsg)
{
	return dk_reader_open_shards(paths, n, nullptr, nullptr, out, errmsg);
}

/* *out: a new query the caller frees. */
extern "C" dk_status
dk_reader_wildcard(dk_reader *r, const char *prefix, size_t len,
		   uint32_t max_expansion, dk_query **out)
{
	dk_status st = DK_OK;
	dk_query *q = nullptr;

	if (out)
		*out = nullptr;
	if (!r)
		return DK_ERR_INVALID;
	if (!out || (!prefix && len))
		return invalid(&r->err, "dk_reader_wildcard: NULL argument");
	try {
		std::string pfx = bytes(prefix, len);
		std::vector<std::pair<uint64_t, std::string>> terms;
		if (!dk_shim::term_list_walk(
			    r, pfx, 0,
			    [&terms](const std::string &t, uint64_t tf) {
				    terms.emplace_back(tf, t);
				    return false;
			    })) {
			Xapian::TermIterator end = r->db.allterms_end(pfx);
			for (Xapian::TermIterator t = r->db.allterms_begin(pfx);
			     t != end; ++t)
				terms.emplace_back(t.get_termfreq(), *t);
		}
		if (max_expansion && terms.size() > max_expansion) {
			/* Most frequent first; equal frequencies in byte order. */
			std::stable_sort(terms.begin(), terms.end(),
					 [](const auto &a, const auto &b) {
						 return a.first > b.first;
					 });
			terms.resize(max_expansion);
			std::sort(terms.begin(), terms.end(),
				  [](const auto &a, const auto &b) {
					  return a.second < b.second;
				  });
		}
		std::vector<Xapian::Query> subs;
		subs.reserve(terms.size());
		for (const auto &t : terms)
			subs.emplace_back(t.second);
		q = new dk_query;
		q->q = Xapian::Query(Xapian::Query::OP_OR, subs.begin(),
				     subs.end());
		*out = q;
		q = nullptr;
	} DK_CATCH(&r->err, st)
	delete q;
	return st;
}

/* ---- dealing ---------------------------------------------------------- */

/*
 * Dealing copies documents term-major.  Copying a Xapian::Document read
 * from the source reads each term's position list with one random lookup
 * in the position table (keyed term, then docid): a read per term per
 * document, which made dealing pread-bound.  Here the source is read in
 * batches of docids: the term lists of the batch's documents are merged
 * by term, then id (a heap), so the postings come term by term, each
 * with its wdf and positions, and the position table is read in key
 * order; then each document of the batch is built from them (every
 * position added with wdf increment 0, then the term with its wdf, so
 * the wdf is the source's and boolean terms keep 0), given the source's
 * data and values, and written where it goes: the same document under
 * the same id as the copy gave.
 *
 * Key order alone is not enough in Xapian 1.4.22: every position list
 * opened gets a new cursor, cloned from the table's own, and reads its
 * leaf block again unless the table's cursor is on it; only a lookup
 * such as TermIterator::positionlist_count moves the table's cursor.  So
 * a position list is counted (moving the table's cursor, a read only
 * when the leaf changes) before it is read: 155,000 preads instead of
 * 4.4 million for the 4,000 tech-news articles (strace -c; 2.1 million
 * postings, 6.2 million positions).  The merge costs a few string
 * comparisons a posting; walking the whole vocabulary instead (a posting
 * list opened per term, skipped to the batch) cost 0.8 s of CPU per
 * batch for the 74,000 terms of those articles, and grows with the
 * vocabulary: in 63 batches they were dealt into 2 shards with 69.3 s of
 * CPU, against 21.8 s merged (18.8 s in one batch).
 *
 * A batch ends before the lengths of its documents (the sum of their
 * wdfs, an upper bound on their positions) pass the budget, counted over
 * all the documents of the batch whichever thread writes them, so the
 * threads of one split hold that many positions between them: about 10
 * bytes a position (16 for each posting, 4 for each position), plus the
 * open term lists (about 2 KB an article).  DEAL_BUDGET is 16 million
 * positions, some 170 MB: the 4,000 tech-news articles are one batch,
 * tens of thousands of articles one to a few.  Their memory is not what
 * peaks: dealing the 4,000 articles in one batch, in 7 (a budget of 1
 * million) or in 63 (100,000) took 307-309 MB at most, Xapian's writer
 * holding up to 20,000 documents between commits.  DOCKET_DEAL_BUDGET (a
 * count of positions, at least 1) sets another budget; the tests force
 * many batches with it.
 */
static const uint64_t DEAL_BUDGET = 16000000;

static uint64_t
deal_budget()
{
	const char *e = std::getenv("DOCKET_DEAL_BUDGET");
	if (e && *e) {
		char *end = nullptr;
		errno = 0;
		unsigned long long v = std::strtoull(e, &end, 10);
		if (!errno && end && !*end && v > 0)
			return static_cast<uint64_t>(v);
	}
	return DEAL_BUDGET;
}

namespace {
/* One term of a document of the batch: an index into the batch's terms,
 * its wdf, and its positions pos[off, off + n) of the document. */
struct deal_term {
	uint32_t term;
	Xapian::termcount wdf, off, n;
};

struct deal_doc {
	std::vector<deal_term> terms;
	std::vector<Xapian::termpos> pos;
};
} // namespace

/*
 * Deal the documents of in, in id order: want(d, i) says whether the
 * caller writes source document d, the i-th of in (from 0), and where(d,
 * i, &local) gives the database it goes to and its id there.  Commits
 * each database in outs every 20,000 documents written so memory stays
 * bounded.  Throws what Xapian throws.
 */
template <class Want, class Where>
static Xapian::doccount
deal(Xapian::Database &in, std::vector<Xapian::WritableDatabase *> &outs,
     Want want, Where where)
{
	const uint64_t budget = deal_budget();
	std::vector<Xapian::docid> ids;
	std::vector<Xapian::termcount> lens;
	for (Xapian::PostingIterator p = in.postlist_begin("");
	     p != in.postlist_end(""); ++p) {
		ids.push_back(*p);
		lens.push_back(p.get_doclength());
	}
	Xapian::doccount copied = 0;
	std::vector<std::string> terms;
	std::vector<deal_doc> docs;
	for (size_t i0 = 0, i1; i0 < ids.size(); i0 = i1) {
		uint64_t sum = lens[i0];
		for (i1 = i0 + 1; i1 < ids.size() && sum + lens[i1] <= budget;
		     i1++)
			sum += lens[i1];
		terms.clear();
		docs.assign(i1 - i0, deal_doc());
		/* The wanted documents' term lists merged by term, then by
		 * id (the position table's key order), through a heap whose
		 * top is the list at the least (term, id). */
		std::vector<Xapian::TermIterator> tls(i1 - i0);
		std::vector<std::string> cur(i1 - i0);
		std::vector<size_t> heap;
		const Xapian::TermIterator tl_end;
		auto later = [&cur](size_t x, size_t y) {
			int c = cur[x].compare(cur[y]);
			return c > 0 || (c == 0 && x > y);
		};
		for (size_t i = i0; i < i1; i++) {
			if (!want(ids[i], i))
				continue;
			tls[i - i0] = in.termlist_begin(ids[i]);
			if (tls[i - i0] != tl_end) {
				cur[i - i0] = *tls[i - i0];
				heap.push_back(i - i0);
			}
		}
		std::make_heap(heap.begin(), heap.end(), later);
		while (!heap.empty()) {
			std::pop_heap(heap.begin(), heap.end(), later);
			size_t j = heap.back();
			Xapian::TermIterator &tl = tls[j];
			deal_doc &dd = docs[j];
			if (terms.empty() || terms.back() != cur[j])
				terms.push_back(cur[j]);
			deal_term dt{ static_cast<uint32_t>(terms.size() - 1),
				      tl.get_wdf(),
				      static_cast<Xapian::termcount>(dd.pos.size()),
				      0 };
			if (tl.positionlist_count())
				for (Xapian::PositionIterator q = tl.positionlist_begin();
				     q != tl.positionlist_end(); ++q)
					dd.pos.push_back(*q);
			dt.n = static_cast<Xapian::termcount>(dd.pos.size()) - dt.off;
			dd.terms.push_back(dt);
			if (++tl != tl_end) {
				cur[j] = *tl;
				std::push_heap(heap.begin(), heap.end(), later);
			} else {
				heap.pop_back();
				tl = tl_end;
			}
		}
		tls = std::vector<Xapian::TermIterator>();
		for (size_t i = i0; i < i1; i++) {
			Xapian::docid d = ids[i], local = 0;
			if (!want(d, i))
				continue;
			Xapian::WritableDatabase *w = where(d, i, &local);
			Xapian::Document from =
				in.get_document(d, Xapian::DOC_ASSUME_VALID);
			Xapian::Document doc;
			doc.set_data(from.get_data());
			for (Xapian::ValueIterator v = from.values_begin();
			     v != from.values_end(); ++v)
				doc.add_value(v.get_valueno(), *v);
			deal_doc &dd = docs[i - i0];
			for (const deal_term &dt : dd.terms) {
				const std::string &term = terms[dt.term];
				for (Xapian::termcount j = 0; j < dt.n; j++)
					doc.add_posting(term, dd.pos[dt.off + j], 0);
				doc.add_term(term, dt.wdf);
			}
			dd = deal_doc();
			w->replace_document(local, doc);
			if (++copied % 20000 == 0)
				for (Xapian::WritableDatabase *o : outs)
					o->commit();
		}
	}
	return copied;
}

/* One worker of dk_shim_split: the shards w, w + nw, w + 2 nw, ... of the
 * k, each written from its own reader of src (Xapian objects are not
 * shared between threads; distinct ones may work at once), dealt
 * term-major (deal above).  On failure *st is set and *err says why. */
static void
split_worker(const char *src, const char *const *dsts, size_t k, size_t w,
	     size_t nw, dk_status *st, std::string *err)
{
	try {
		Xapian::Database in(src);
		std::vector<Xapian::WritableDatabase> outs(k);
		std::vector<Xapian::WritableDatabase *> mine;
		for (size_t i = w; i < k; i += nw) {
			outs[i] = Xapian::WritableDatabase(dsts[i],
				Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_SYNC);
			mine.push_back(&outs[i]);
		}
		for (Xapian::TermIterator m = in.metadata_keys_begin();
		     m != in.metadata_keys_end(); ++m)
			for (Xapian::WritableDatabase *o : mine)
				o->set_metadata(*m, in.get_metadata(*m));
		deal(in, mine,
		     [k, w, nw](Xapian::docid d, size_t) {
			     return (d - 1) % k % nw == w;
		     },
		     [k, &outs](Xapian::docid d, size_t, Xapian::docid *local) {
			     *local = static_cast<Xapian::docid>((d - 1) / k + 1);
			     return &outs[(d - 1) % k];
		     });
		for (Xapian::WritableDatabase *o : mine) {
			o->commit();
			o->close();
		}
	} DK_CATCH(err, *st)
}

/* *errmsg: malloc'd, caller frees. */
extern "C" dk_status
dk_shim_split(const char *src, const char *const *dsts, size_t k,
	      unsigned jobs, char **errmsg)
{
	std::string err;
	dk_status st = DK_OK;

	if (errmsg)
		*errmsg = nullptr;
	if (!src || !dsts || k == 0) {
		st = invalid(&err, "dk_shim_split: no source or no shards");
		goto done;
	}
	try {
		size_t nw = jobs < 1 ? 1 : jobs > k ? k : jobs;
		std::vector<std::string> errs(nw);
		std::vector<dk_status> sts(nw, DK_OK);
		std::vector<std::thread> ts;
		for (size_t w = 1; w < nw; w++)
			ts.emplace_back(split_worker, src, dsts, k, w, nw, &sts[w],
					&errs[w]);
		split_worker(src, dsts, k, 0, nw, &sts[0], &errs[0]);
		for (auto &t : ts)
			t.join();
		for (size_t w = 0; w < nw && !st; w++)
			if (sts[w]) {
				st = sts[w];
				err = errs[w];
			}
	} DK_CATCH(&err, st)
done:
	if (st)
		give_message(errmsg, err);
	return st;
}

/* *errmsg: malloc'd, caller frees. */
extern "C" dk_status
dk_shim_append_dealt(const char *src, const char *const *dsts, size_t k,
		     uint64_t *added, char **errmsg)
{
	std::string err;
	dk_status st = DK_OK;

	if (errmsg)
		*errmsg = nullptr;
	if (added)
		*added = 0;
	if (!src || !dsts || k == 0) {
		st = invalid(&err, "dk_shim_append_dealt: no source or no shards");
		goto done;
	}
	try {
		Xapian::Database in(src);
		std::vector<Xapian::WritableDatabase> outs;
		/* The highest id the k shards give together: shard s's last
		 * local id l stands for (l - 1) * k + s + 1. */
		Xapian::docid top = 0;
		for (size_t i = 0; i < k; i++) {
			outs.emplace_back(dsts[i], Xapian::DB_OPEN |
						   Xapian::DB_NO_SYNC);
			Xapian::docid l = outs.back().get_lastdocid();
			if (l && (l - 1) * k + i + 1 > top)
				top = static_cast<Xapian::docid>((l - 1) * k + i + 1);
		}
		std::vector<Xapian::WritableDatabase *> all;
		for (auto &o : outs)
			all.push_back(&o);
		/* The i-th document of src is g = top + 1 + i. */
		Xapian::doccount copied = deal(in, all,
			[](Xapian::docid, size_t) { return true; },
			[top, k, &outs](Xapian::docid, size_t i,
					Xapian::docid *local) {
				Xapian::docid g =
					static_cast<Xapian::docid>(top + 1 + i);
				*local = static_cast<Xapian::docid>((g - 1) / k + 1);
				return &outs[(g - 1) % k];
			});
		for (auto &w : outs) {
			w.commit();
			w.close();
		}
		if (added)
			*added = copied;
	} DK_CATCH(&err, st)
done:
	if (st)
		give_message(errmsg, err);
	return st;
}

extern "C" size_t
dk_reader_nshards(const dk_reader *r)
{
	return r ? r->nshards : 0;
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
		if (moved) {
			dk_shim::term_list_reset(r);
			dk_shim::value_arrays_reset(r);
		}
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
dk_reader_value_freq(dk_reader *r, unsigned slot, uint64_t *out)
{
	dk_status st = DK_OK;

	if (out)
		*out = 0;
	if (!r)
		return DK_ERR_INVALID;
	if (!out)
		return invalid(&r->err, "dk_reader_value_freq: NULL out");
	try {
		*out = r->db.get_value_freq(static_cast<Xapian::valueno>(slot));
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
dk_reader_termfreqs(dk_reader *r, const char *const *terms,
		    const size_t *lens, size_t n, uint64_t *out)
{
	dk_status st = DK_OK;

	if (!r)
		return DK_ERR_INVALID;
	if (n && (!terms || !lens || !out))
		return invalid(&r->err, "dk_reader_termfreqs: NULL argument");
	if (!n)
		return DK_OK;
	try {
		std::vector<Xapian::Query> v;
		for (size_t i = 0; i < n; i++) {
			if (!terms[i] || !lens[i])
				return invalid(&r->err,
					       "dk_reader_termfreqs: empty term");
			v.emplace_back(std::string(terms[i], lens[i]));
		}
		Xapian::Enquire enq(r->db);
		enq.set_query(Xapian::Query(Xapian::Query::OP_OR, v.begin(),
					    v.end()));
		Xapian::MSet m = enq.get_mset(0, 0);
		for (size_t i = 0; i < n; i++)
			out[i] = m.get_termfreq(std::string(terms[i], lens[i]));
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
		if (dk_shim::term_list_walk(
			    r, pfx, max,
			    [fn, ctx](const std::string &t, uint64_t tf) {
				    return fn(ctx, t.data(), t.size(), tf) != 0;
			    }))
			return DK_OK;
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

/* Append s to out, the bytes outside '!'..'~' and the backslash as \xHH. */
static void
dump_bytes(std::string *out, const std::string &s)
{
	static const char hex[] = "0123456789abcdef";

	for (unsigned char c : s) {
		if (c > ' ' && c < 0x7f && c != '\\') {
			out->push_back(static_cast<char>(c));
		} else {
			out->append("\\x");
			out->push_back(hex[c >> 4]);
			out->push_back(hex[c & 15]);
		}
	}
}

/* *out: malloc'd NUL-terminated text, caller frees. */
extern "C" dk_status
dk_reader_document_dump(dk_reader *r, dk_docid id, char **out,
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
		return invalid(&r->err, "dk_reader_document_dump: NULL out");
	if (id == 0)
		return invalid(&r->err, "dk_reader_document_dump: docid 0");
	try {
		Xapian::Document doc = r->db.get_document(id);
		std::string s = "data ";
		dump_bytes(&s, doc.get_data());
		s.push_back('\n');
		for (Xapian::ValueIterator v = doc.values_begin();
		     v != doc.values_end(); ++v) {
			s += "value " + std::to_string(v.get_valueno()) + " ";
			dump_bytes(&s, *v);
			s.push_back('\n');
		}
		for (Xapian::TermIterator t = doc.termlist_begin();
		     t != doc.termlist_end(); ++t) {
			s += "term ";
			dump_bytes(&s, *t);
			s += " wdf " + std::to_string(t.get_wdf());
			for (Xapian::PositionIterator p = t.positionlist_begin();
			     p != t.positionlist_end(); ++p)
				s += " " + std::to_string(*p);
			s.push_back('\n');
		}
		s += "length " + std::to_string(r->db.get_doclength(id)) + "\n";
		*out = dup_bytes(s);
		*out_len = s.size();
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
	opts->tie_slot = -1;
	opts->sort_key_slot = -1;
	opts->time_limit = 0.0;
	opts->check_at_least = 0;
}

#define FOLDED_COUNT_MAX 20000

/*
 * A folded query that weighs nothing: Xapian 1.4 stops at check_at_least
 * (no document can outweigh another), and where it cannot tell how many
 * documents match (a date range is a range of values) it estimates the
 * folded total from the matches it saw: 300 for the 3,037 stories of
 * date:2023 over 17,159 tech-news articles.  Count the matches without
 * folding, up to FOLDED_COUNT_MAX (a match that weighs nothing reads no
 * values: about half a millisecond for 3,760), and when that finds more than
 * the folded match saw, scale it by the share of the matches seen that
 * folding kept, to two digits, within Xapian's bounds; 0 leaves Xapian's
 * estimate.
 */
static Xapian::doccount
folded_estimate(const Xapian::Database &db, const Xapian::Query &q,
		const Xapian::MSet &folded, Xapian::doccount check_at_least)
{
	/* Where Xapian knows the matches before folding (a term, a boolean
	 * filter), its folded estimate is scaled from them already. */
	if (folded.get_uncollapsed_matches_lower_bound() ==
	    folded.get_uncollapsed_matches_upper_bound())
		return 0;
	Xapian::Enquire plain(db);
	plain.set_query(q);
	/* Without a sort, a match that weighs nothing also stops at
	 * check_at_least: look further, to a bound. */
	Xapian::doccount look = db.get_doccount();
	if (look > FOLDED_COUNT_MAX)
		look = FOLDED_COUNT_MAX;
	if (look < check_at_least)
		look = check_at_least;
	Xapian::MSet all = plain.get_mset(0, 0, look);
	double seen = folded.get_uncollapsed_matches_lower_bound();
	if (seen <= 0 || all.get_matches_lower_bound() <= seen)
		return 0;
	double est = all.get_matches_estimated() *
		     (folded.get_matches_lower_bound() / seen);
	double unit = 1;
	while (est >= 100 * unit)
		unit *= 10;
	est = unit * (double)(long long)(est / unit + 0.5);
	double lo = folded.get_matches_lower_bound();
	double hi = folded.get_matches_upper_bound();
	est = est < lo ? lo : est > hi ? hi : est;
	return static_cast<Xapian::doccount>(est + 0.5);
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
		/* Declared before enq, which points at it, so it outlives it. */
		std::unique_ptr<Xapian::KeyMaker> tie_keys;
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
		} else if (opts->tie_slot >= 0) {
			/* Weight first; the value only orders equal weights
			 * (Xapian reads it for the candidates that could
			 * enter the page; from memory for a reader that keeps
			 * its values, in the same order). */
			Xapian::valueno slot =
				static_cast<Xapian::valueno>(opts->tie_slot);
			tie_keys.reset(dk_shim::resident_key_maker(r, slot));
			if (tie_keys)
				enq.set_sort_by_relevance_then_key(
					tie_keys.get(), false);
			else
				enq.set_sort_by_relevance_then_value(slot,
								     false);
		}
		if (opts->time_limit > 0)
			enq.set_time_limit(opts->time_limit);
		m = new dk_mset;
		m->mset = enq.get_mset(first, max, opts->check_at_least);
		if (opts->sort_slot >= 0 && opts->sort_key_slot >= 0 &&
		    m->mset.get_max_possible() == 0) {
			/* A query of filters only weighs nothing, so value
			 * then relevance leaves equal values (a day, a year)
			 * in document order, which follows the indexing
			 * threads and the shards.  Sort by the value that
			 * adds the article id: the order every build of the
			 * same articles gives. */
			enq.set_sort_by_value(static_cast<Xapian::valueno>(
						      opts->sort_key_slot),
					      opts->sort_descending != 0);
			m->mset = enq.get_mset(first, max,
					       opts->check_at_least);
		}
		if (opts->collapse_slot >= 0 &&
		    m->mset.get_max_possible() == 0 &&
		    m->mset.get_matches_lower_bound() !=
			    m->mset.get_matches_upper_bound())
			m->estimated = folded_estimate(r->db, q->q, m->mset,
						       opts->check_at_least);
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
		/* Over several shards Xapian approximates a term's frequency
		 * unless asked: exact, the expansion is one index's. */
		Xapian::ESet eset = enq.get_eset(lim, rset,
						 Xapian::Enquire::USE_EXACT_TERMFREQ,
						 &decider);
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

extern "C" dk_status
dk_mset_fetch(dk_mset *m)
{
	dk_status st = DK_OK;

	if (!m)
		return DK_ERR_INVALID;
	try {
		/* Not MSet::fetch(): in Xapian 1.4.22 it reads past the items
		 * of a page that does not start at the first result (a crash
		 * in test_search's paging); the range form is exact. */
		if (!m->mset.empty())
			m->mset.fetch(m->mset.begin(), m->mset.back());
	} DK_CATCH(&m->err, st)
	return st;
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
		return m->estimated ? m->estimated
				    : m->mset.get_matches_estimated();
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
