/*
 * xapian_query.cc - the Xapian peer's query driver for bench/run.
 *
 *   xapian_query DB [--passes N] [--no-warmup] [--limit N] < QUERIES.tsv
 *
 * Reads "qid<TAB>query" lines and runs every query in-process against a
 * database built by scriptindex with bench/peers/scriptindex.script, the way
 * an application would use Xapian with its documented defaults:
 * Xapian::QueryParser with the English stemmer and STEM_SOME, the default
 * flags plus FLAG_WILDCARD, field prefixes mirroring Docket's (title: S,
 * source: B, site: H boolean), BM25 (Enquire's default weighting), top N.
 *
 * Date filters ("date:2019", "date:2020-01-01..2020-06-30", "date:>2022")
 * are taken out of the query text before parsing and applied as a filter on
 * value slot 0 ("YYYYMMDD", unknown month/day "00"): a lower bound is padded
 * with zeros, an upper bound with nines, as bench/peers/fields.py does for
 * the FTS5 peer.
 *
 * Output, one line per query and pass (a warm-up pass 0 unless --no-warmup,
 * then passes 1..N):
 *
 *   qid  pass  us_search  us_snippets  matches_estimated  matches_exact
 *
 * us_search covers parsing, get_mset() and reading each hit's id (value
 * slot 1); us_snippets adds loading each hit's stored text and building a
 * snippet with MSet::snippet(), the closest match to what FTS5's snippet()
 * and Docket's passages do.  matches_exact is computed in the warm-up pass
 * only (check_at_least = doccount), else -1.  A query Xapian rejects prints
 * "qid pass ERROR message" and the driver goes on; it exits 2 if any did.
 *
 *   xapian_query DB --trec TAG [--limit N] < QUERIES.tsv
 *
 * prints a TREC run instead (one pass, "qid Q0 id rank weight TAG"), for the
 * relevance comparisons of bench/eval and bench/like.
 */
#include <xapian.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <regex>
#include <string>
#include <utility>
#include <vector>

namespace {

const Xapian::valueno SLOT_DATE = 0;
const Xapian::valueno SLOT_ID = 1;

// Digits of a YYYY[-MM[-DD]] bound padded to eight with `fill`; "" if bad.
std::string pad(const std::string &s, char fill)
{
	std::string d;
	for (char c : s) {
		if (c == '-')
			continue;
		if (c < '0' || c > '9')
			return "";
		d += c;
	}
	if (d.size() != 4 && d.size() != 6 && d.size() != 8)
		return "";
	d.append(8 - d.size(), fill);
	return d;
}

std::string add(const std::string &key, long delta)
{
	char buf[16];
	std::snprintf(buf, sizeof buf, "%08ld", std::atol(key.c_str()) + delta);
	return buf;
}

// The filter for one "date:" spec, or an OP_INVALID query when it is none.
Xapian::Query date_filter(const std::string &spec)
{
	std::string lo, hi;
	size_t dots = spec.find("..");
	if (dots != std::string::npos) {
		std::string a = spec.substr(0, dots), b = spec.substr(dots + 2);
		if (!a.empty() && (lo = pad(a, '0')).empty())
			return Xapian::Query(Xapian::Query::OP_INVALID);
		if (!b.empty() && (hi = pad(b, '9')).empty())
			return Xapian::Query(Xapian::Query::OP_INVALID);
	} else if (spec.compare(0, 2, ">=") == 0) {
		lo = pad(spec.substr(2), '0');
		if (lo.empty())
			return Xapian::Query(Xapian::Query::OP_INVALID);
	} else if (spec.compare(0, 2, "<=") == 0) {
		hi = pad(spec.substr(2), '9');
		if (hi.empty())
			return Xapian::Query(Xapian::Query::OP_INVALID);
	} else if (spec[0] == '>') {
		lo = pad(spec.substr(1), '9');
		if (lo.empty())
			return Xapian::Query(Xapian::Query::OP_INVALID);
		lo = add(lo, 1);
	} else if (spec[0] == '<') {
		hi = pad(spec.substr(1), '0');
		if (hi.empty())
			return Xapian::Query(Xapian::Query::OP_INVALID);
		hi = add(hi, -1);
	} else {
		lo = pad(spec, '0');
		hi = pad(spec, '9');
		if (lo.empty())
			return Xapian::Query(Xapian::Query::OP_INVALID);
	}
	if (lo.empty() && hi.empty())
		return Xapian::Query::MatchAll;
	if (lo.empty())
		return Xapian::Query(Xapian::Query::OP_VALUE_LE, SLOT_DATE, hi);
	if (hi.empty())
		return Xapian::Query(Xapian::Query::OP_VALUE_GE, SLOT_DATE, lo);
	return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, SLOT_DATE, lo, hi);
}

Xapian::Query build(Xapian::QueryParser &qp, const std::string &text)
{
	static const std::regex date_re("(^|\\s)date:(\\S+)");
	std::vector<Xapian::Query> filters;
	std::string rest;
	auto it = std::sregex_iterator(text.begin(), text.end(), date_re);
	size_t last = 0;
	for (; it != std::sregex_iterator(); ++it) {
		Xapian::Query f = date_filter((*it)[2].str());
		if (f.get_type() == Xapian::Query::OP_INVALID)
			continue;	// not a date: leave it to the parser
		rest += text.substr(last, it->position(0) - last) + " ";
		last = it->position(0) + it->length(0);
		filters.push_back(f);
	}
	rest += text.substr(last);
	unsigned flags = Xapian::QueryParser::FLAG_DEFAULT |
			 Xapian::QueryParser::FLAG_WILDCARD;
	Xapian::Query q = qp.parse_query(rest, flags);
	for (const Xapian::Query &f : filters) {
		if (q.empty())
			q = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, f, 0.0);
		else
			q = Xapian::Query(Xapian::Query::OP_FILTER, q, f);
	}
	return q;
}

double micros(std::chrono::steady_clock::time_point a,
	      std::chrono::steady_clock::time_point b)
{
	return std::chrono::duration<double, std::micro>(b - a).count();
}

} // namespace

int main(int argc, char **argv)
{
	const char *dbpath = nullptr;
	int passes = 3, limit = 10;
	bool warmup = true;
	const char *trec = nullptr;
	for (int i = 1; i < argc; i++) {
		if (!std::strcmp(argv[i], "--passes") && i + 1 < argc)
			passes = std::atoi(argv[++i]);
		else if (!std::strcmp(argv[i], "--limit") && i + 1 < argc)
			limit = std::atoi(argv[++i]);
		else if (!std::strcmp(argv[i], "--trec") && i + 1 < argc)
			trec = argv[++i];
		else if (!std::strcmp(argv[i], "--no-warmup"))
			warmup = false;
		else if (argv[i][0] != '-' && !dbpath)
			dbpath = argv[i];
		else {
			std::cerr << "usage: xapian_query DB [--passes N] "
				     "[--no-warmup] [--limit N] [--trec TAG] "
				     "< queries.tsv\n";
			return 2;
		}
	}
	if (!dbpath) {
		std::cerr << "xapian_query: no database given\n";
		return 2;
	}
	std::vector<std::pair<std::string, std::string>> queries;
	std::string line;
	while (std::getline(std::cin, line)) {
		if (line.empty() || line[0] == '#')
			continue;
		size_t tab = line.find('\t');
		if (tab == std::string::npos)
			continue;
		queries.emplace_back(line.substr(0, tab), line.substr(tab + 1));
	}
	int status = 0;
	try {
		Xapian::Database db(dbpath);
		Xapian::Stem stem("english");
		Xapian::QueryParser qp;
		qp.set_database(db);
		qp.set_stemmer(stem);
		qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
		qp.add_prefix("title", "S");
		qp.add_prefix("source", "B");
		qp.add_boolean_prefix("site", "H");
		qp.add_boolean_prefix("id", "Q");
		Xapian::Enquire enq(db);
		Xapian::doccount ndocs = db.get_doccount();
		if (trec) {
			for (const auto &qq : queries) {
				try {
					enq.set_query(build(qp, qq.second));
					Xapian::MSet ms = enq.get_mset(0, limit);
					int rank = 1;
					for (auto m = ms.begin(); m != ms.end(); ++m)
						std::printf("%s Q0 %s %d %.4f %s\n",
							qq.first.c_str(),
							m.get_document().get_value(SLOT_ID).c_str(),
							rank++, m.get_weight(), trec);
				} catch (const Xapian::Error &e) {
					std::fprintf(stderr, "xapian_query: %s: %s\n",
						qq.first.c_str(),
						e.get_description().c_str());
					status = 2;
				}
			}
			return status;
		}
		std::printf("# doccount %u\n", ndocs);
		for (int pass = warmup ? 0 : 1; pass <= passes; pass++) {
			for (const auto &qq : queries) {
				using clock = std::chrono::steady_clock;
				try {
					auto t0 = clock::now();
					Xapian::Query q = build(qp, qq.second);
					enq.set_query(q);
					Xapian::MSet ms = enq.get_mset(0, limit,
						pass == 0 ? ndocs : 0);
					size_t idbytes = 0;
					for (auto m = ms.begin(); m != ms.end(); ++m)
						idbytes += m.get_document().get_value(SLOT_ID).size();
					auto t1 = clock::now();
					size_t snipbytes = 0;
					for (auto m = ms.begin(); m != ms.end(); ++m)
						snipbytes += ms.snippet(m.get_document().get_data(),
							100, stem).size();
					auto t2 = clock::now();
					std::printf("%s\t%d\t%.1f\t%.1f\t%u\t%ld\n",
						qq.first.c_str(), pass, micros(t0, t1),
						micros(t0, t2), ms.get_matches_estimated(),
						pass == 0 ? (long)ms.get_matches_estimated() : -1L);
					(void)idbytes;
					(void)snipbytes;
				} catch (const Xapian::Error &e) {
					std::printf("%s\t%d\tERROR\t%s\n", qq.first.c_str(),
						pass, e.get_description().c_str());
					status = 2;
				}
			}
		}
	} catch (const Xapian::Error &e) {
		std::cerr << "xapian_query: " << e.get_description() << "\n";
		return 2;
	}
	return status;
}
