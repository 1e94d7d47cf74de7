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

/* Add n for each '\n'-separated value of v[a, b) (the whole when !multi). */
void count_values(const std::string &v, size_t a, size_t b, bool multi,
		  Xapian::doccount n, counts_t &c)
{
	if (!multi) {
		if (b > a)
			c[v.substr(a, b - a)] += n;
		return;
	}
	while (a < b) {
		size_t nl = v.find('\n', a);
		if (nl == std::string::npos || nl > b)
			nl = b;
		if (nl > a)
			c[v.substr(a, nl - a)] += n;
		a = nl + 1;
	}
}

/* Where field (-1: the whole) of v starts and ends, split at sep; false
 * when v has fewer fields. */
bool field_bounds(const std::string &v, int field, char sep, size_t *a,
		  size_t *b)
{
	*a = 0;
	*b = v.size();
	if (field < 0)
		return true;
	for (int f = 0; f < field; f++) {
		*a = v.find(sep, *a);
		if (*a == std::string::npos)
			return false;
		++*a;
	}
	*b = v.find(sep, *a);
	if (*b == std::string::npos)
		*b = v.size();
	return true;
}

} // namespace

/*
 * One Xapian ValueCountMatchSpy per slot counts each distinct whole value;
 * fields and multi-values are split out of those counts when read.  Only
 * Xapian's own spy is used because a remote shard's server
 * (xapian-tcpsrv) runs the spies too and knows no other.
 */
struct dk_spy {
	std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> slots;
	struct where {
		Xapian::ValueCountMatchSpy *spy;
		int field;
		char sep;
		bool multi;
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
			Xapian::ValueCountMatchSpy *v = nullptr;
			for (size_t k = 0; k < i; k++)
				if (specs[k].slot == s.slot)
					v = spy->specs[k].spy;
			if (!v) {
				spy->slots.emplace_back(
					new Xapian::ValueCountMatchSpy(s.slot));
				v = spy->slots.back().get();
			}
			spy->specs.push_back({ v, s.field, s.sep, s.multi != 0 });
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
	return spy->specs[0].spy->get_total();
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
		if (w.field < 0 && !w.multi) {
			for (Xapian::TermIterator t = w.spy->values_begin();
			     t != w.spy->values_end(); ++t) {
				const std::string v = *t;
				if (fn(ctx, v.data(), v.size(), t.get_termfreq()))
					break;
			}
			return DK_OK;
		}
		counts_t c;
		for (Xapian::TermIterator t = w.spy->values_begin();
		     t != w.spy->values_end(); ++t) {
			const std::string v = *t;
			size_t a, b;
			if (field_bounds(v, w.field, w.sep, &a, &b))
				count_values(v, a, b, w.multi, t.get_termfreq(), c);
		}
		for (const auto &kv : c)
			if (fn(ctx, kv.first.data(), kv.first.size(), kv.second))
				break;
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
		/* The default weighting, though only membership counts:
		 * with Xapian 1.4's BoolWeight the matcher reads a glass
		 * posting list of a shard that lost documents to an update
		 * (a copy with deletions, rebuild.c) past its end and throws
		 * "Unexpected end of posting list", where the weighted
		 * match reads it right (tests/e2e/rebuild_update.sh). */
		for (const auto &v : spy->slots)
			enq.add_matchspy(v.get());
		Xapian::MSet ms = enq.get_mset(0, 0, r->db.get_doccount());
		if (matches)
			*matches = ms.get_matches_estimated();
	} DK_CATCH(&r->err, st)
	return st;
}
