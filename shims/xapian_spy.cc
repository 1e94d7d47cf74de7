/*
 * xapian_spy.cc - counting values over a match (facets) through Xapian's
 * match spies: the dk_spy handle and dk_reader_search_spied() of
 * xapian_shim.h.
 */
#include <xapian.h>

#include <map>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "shim_private.hh"
#include "xapian_shim.h"

namespace {

/* ValueCountMatchSpy for slots holding several values separated by '\n'
 * (an article's parties, courts, case numbers). */
class MultiValueCountSpy : public Xapian::MatchSpy {
public:
	explicit MultiValueCountSpy(Xapian::valueno slot) : slot_(slot) {}
	void operator()(const Xapian::Document &doc, double) override
	{
		++seen_;
		const std::string v = doc.get_value(slot_);
		size_t at = 0;
		while (at < v.size()) {
			size_t nl = v.find('\n', at);
			if (nl == std::string::npos)
				nl = v.size();
			if (nl > at)
				++counts_[v.substr(at, nl - at)];
			at = nl + 1;
		}
	}
	std::string name() const override { return "dk.MultiValueCountSpy"; }
	const std::map<std::string, Xapian::doccount> &counts() const
	{
		return counts_;
	}
	Xapian::doccount seen() const { return seen_; }

private:
	Xapian::valueno slot_;
	Xapian::doccount seen_ = 0;
	std::map<std::string, Xapian::doccount> counts_;
};

} // namespace

struct dk_spy {
	/* One of the two per slot, in the order given. */
	std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> single;
	std::vector<std::unique_ptr<MultiValueCountSpy>> multi;
	std::string err;
};

extern "C" dk_status
dk_spy_new(const unsigned *slots, const int *multi, size_t n, dk_spy **out)
{
	dk_status st = DK_OK;
	if (!out || (n && (!slots || !multi)))
		return DK_ERR_INVALID;
	*out = nullptr;
	dk_spy *spy = nullptr;
	try {
		spy = new dk_spy;
		for (size_t i = 0; i < n; i++) {
			if (multi[i]) {
				spy->single.emplace_back(nullptr);
				spy->multi.emplace_back(new MultiValueCountSpy(slots[i]));
			} else {
				spy->single.emplace_back(
					new Xapian::ValueCountMatchSpy(slots[i]));
				spy->multi.emplace_back(nullptr);
			}
		}
		*out = spy;
		spy = nullptr;
	} DK_CATCH(nullptr, st)
	delete spy;
	return st;
}

extern "C" void
dk_spy_free(dk_spy *spy)
{
	delete spy;
}

extern "C" uint64_t
dk_spy_seen(const dk_spy *spy)
{
	if (!spy || spy->single.empty())
		return 0;
	if (spy->single[0])
		return spy->single[0]->get_total();
	return spy->multi[0]->seen();
}

extern "C" dk_status
dk_spy_values(const dk_spy *spy, size_t i,
	      int (*fn)(void *ctx, const char *value, size_t len,
			uint64_t count),
	      void *ctx)
{
	dk_status st = DK_OK;
	if (!spy || !fn || i >= spy->single.size())
		return DK_ERR_INVALID;
	try {
		if (spy->single[i]) {
			for (Xapian::TermIterator t = spy->single[i]->values_begin();
			     t != spy->single[i]->values_end(); ++t) {
				const std::string v = *t;
				if (fn(ctx, v.data(), v.size(), t.get_termfreq()))
					break;
			}
		} else {
			for (const auto &kv : spy->multi[i]->counts())
				if (fn(ctx, kv.first.data(), kv.first.size(),
				       kv.second))
					break;
		}
	} DK_CATCH(nullptr, st)
	return st;
}

extern "C" dk_status
dk_reader_search_spied(dk_reader *r, const dk_query *q,
		       const dk_search_opts *opts, uint32_t first,
		       uint32_t max, dk_spy *spy, dk_mset **out)
{
	dk_mset *m = nullptr;
	dk_status st = DK_OK;
	if (out)
		*out = nullptr;
	if (!r)
		return DK_ERR_INVALID;
	if (!q || !opts || !out || !spy)
		return dk_shim::invalid(&r->err,
					"dk_reader_search_spied: NULL argument");
	try {
		/* The same enquire as dk_reader_search(), plus the spies. */
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
			bool reverse = opts->sort_descending != 0;
			if (opts->sort_then_relevance)
				enq.set_sort_by_value_then_relevance(slot,
								     reverse);
			else
				enq.set_sort_by_value(slot, reverse);
		}
		if (opts->time_limit > 0)
			enq.set_time_limit(opts->time_limit);
		for (size_t i = 0; i < spy->single.size(); i++) {
			if (spy->single[i])
				enq.add_matchspy(spy->single[i].get());
			else
				enq.add_matchspy(spy->multi[i].get());
		}
		m = new dk_mset;
		m->mset = enq.get_mset(first, max, opts->check_at_least);
		*out = m;
		m = nullptr;
	} DK_CATCH(&r->err, st)
	delete m;
	return st;
}
