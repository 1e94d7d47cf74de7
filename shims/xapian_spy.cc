/*
 * xapian_spy.cc - counting values over a match (facets) through Xapian's
 * match spies: the dk_spy handle and dk_reader_count_spied() of
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

typedef std::map<std::string, Xapian::doccount> counts_t;

/* Count each '\n'-separated value of v[a, b) (the whole when !multi). */
void count_values(const std::string &v, size_t a, size_t b, bool multi,
		  counts_t &c)
{
	if (!multi) {
		if (b > a)
			++c[v.substr(a, b - a)];
		return;
	}
	while (a < b) {
		size_t nl = v.find('\n', a);
		if (nl == std::string::npos || nl > b)
			nl = b;
		if (nl > a)
			++c[v.substr(a, nl - a)];
		a = nl + 1;
	}
}

/* The fields of one slot: reads its value once per document and counts
 * every field asked for (a whole value when a field is -1). */
class FieldsCountSpy : public Xapian::MatchSpy {
public:
	explicit FieldsCountSpy(Xapian::valueno slot) : slot_(slot) {}
	/* Count field (-1: whole) of the value, split at sep; returns its
	 * index for counts(). */
	size_t add(int field, char sep, bool multi)
	{
		specs_.push_back({ field, sep, multi });
		counts_.emplace_back();
		return specs_.size() - 1;
	}
	void operator()(const Xapian::Document &doc, double) override
	{
		++seen_;
		const std::string v = doc.get_value(slot_);
		if (v.empty())
			return;
		for (size_t i = 0; i < specs_.size(); i++) {
			const spec &s = specs_[i];
			size_t a = 0, b = v.size();
			if (s.field >= 0) {
				for (int f = 0; f < s.field && a != std::string::npos; f++) {
					a = v.find(s.sep, a);
					if (a != std::string::npos)
						a++;
				}
				if (a == std::string::npos)
					continue;
				b = v.find(s.sep, a);
				if (b == std::string::npos)
					b = v.size();
			}
			count_values(v, a, b, s.multi, counts_[i]);
		}
	}
	std::string name() const override { return "dk.FieldsCountSpy"; }
	const counts_t &counts(size_t i) const { return counts_[i]; }
	Xapian::doccount seen() const { return seen_; }

private:
	struct spec {
		int field;
		char sep;
		bool multi;
	};
	Xapian::valueno slot_;
	Xapian::doccount seen_ = 0;
	std::vector<spec> specs_;
	std::vector<counts_t> counts_;
};

} // namespace

struct dk_spy {
	/* The spies, each added to the enquire once. */
	std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> whole;
	std::vector<std::unique_ptr<FieldsCountSpy>> fields;
	/* Per spec: which spy counts it. */
	struct where {
		Xapian::ValueCountMatchSpy *whole;
		FieldsCountSpy *fields;
		size_t index;
	};
	std::vector<where> specs;
};

extern "C" dk_status
dk_spy_new(const dk_spy_spec *specs, size_t n, dk_spy **out)
{
	dk_status st = DK_OK;
	if (!out || (n && !specs))
		return DK_ERR_INVALID;
	*out = nullptr;
	dk_spy *spy = nullptr;
	try {
		spy = new dk_spy;
		for (size_t i = 0; i < n; i++) {
			const dk_spy_spec &s = specs[i];
			if (s.field < 0 && !s.multi) {
				spy->whole.emplace_back(
					new Xapian::ValueCountMatchSpy(s.slot));
				spy->specs.push_back({ spy->whole.back().get(),
						       nullptr, 0 });
				continue;
			}
			FieldsCountSpy *f = nullptr;
			for (size_t k = 0; k < i; k++)
				if (spy->specs[k].fields && specs[k].slot == s.slot)
					f = spy->specs[k].fields;
			if (!f) {
				spy->fields.emplace_back(new FieldsCountSpy(s.slot));
				f = spy->fields.back().get();
			}
			size_t idx = f->add(s.field, s.sep, s.multi != 0);
			spy->specs.push_back({ nullptr, f, idx });
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
	if (!spy || spy->specs.empty())
		return 0;
	const dk_spy::where &w = spy->specs[0];
	return w.whole ? w.whole->get_total() : w.fields->seen();
}

extern "C" dk_status
dk_spy_values(const dk_spy *spy, size_t i,
	      int (*fn)(void *ctx, const char *value, size_t len,
			uint64_t count),
	      void *ctx)
{
	dk_status st = DK_OK;
	if (!spy || !fn || i >= spy->specs.size())
		return DK_ERR_INVALID;
	try {
		const dk_spy::where &w = spy->specs[i];
		if (w.whole) {
			for (Xapian::TermIterator t = w.whole->values_begin();
			     t != w.whole->values_end(); ++t) {
				const std::string v = *t;
				if (fn(ctx, v.data(), v.size(), t.get_termfreq()))
					break;
			}
		} else {
			for (const auto &kv : w.fields->counts(w.index))
				if (fn(ctx, kv.first.data(), kv.first.size(),
				       kv.second))
					break;
		}
	} DK_CATCH(nullptr, st)
	return st;
}

extern "C" dk_status
dk_reader_count_spied(dk_reader *r, const dk_query *q, dk_spy *spy,
		      uint64_t *matches)
{
	dk_status st = DK_OK;
	if (matches)
		*matches = 0;
	if (!r)
		return DK_ERR_INVALID;
	if (!q || !spy)
		return dk_shim::invalid(&r->err,
					"dk_reader_count_spied: NULL argument");
	try {
		Xapian::Enquire enq(r->db);
		enq.set_query(q->q);
		/* Membership only: no weights to compute, and the matcher
		 * drops the parts of the query that only weigh. */
		enq.set_weighting_scheme(Xapian::BoolWeight());
		for (const auto &w : spy->whole)
			enq.add_matchspy(w.get());
		for (const auto &f : spy->fields)
			enq.add_matchspy(f.get());
		Xapian::MSet ms = enq.get_mset(0, 0, r->db.get_doccount());
		if (matches)
			*matches = ms.get_matches_estimated();
	} DK_CATCH(&r->err, st)
	return st;
}
