/*
 * xapian_terms.cc - the global term list: the vocabulary of a whole
 * generation with collection-wide document frequencies, written into
 * every shard at rebuild time and read instead of walking the shards'
 * vocabularies (see xapian_shim.h, dk_shim_write_term_list).
 *
 * Why: wildcard expansion and spelling suggestions walk terms by prefix.
 * Over K remote shards a walk is a merge of K remote term lists (100-240
 * ms of round trips per query on loopback); the list is read from the
 * first shard in chunks, one round trip each, and a reader keeps the
 * chunks it has read until it is reopened.  The list holds exactly what
 * the merged walk would give (the terms in byte order, each with its
 * document frequency over all shards), so one index, K local shards and
 * K remote shards expand and suggest alike.
 *
 * Format (user metadata, the same in every shard):
 *   "docket.terms"          the head: "DKT1", then varints generation,
 *                           nshards, doccount, lastdocid, total length,
 *                           dealt (1: the shards were dealt round-robin),
 *                           nterms, bytes (of all chunks), nchunks, then
 *                           per chunk its first term
 *                           (varint length + bytes);
 *   "docket.terms.NNNNNN"   chunk N: varint count, then per term the
 *                           length it shares with the previous term
 *                           (varint), the length of the rest (varint),
 *                           the rest, its document frequency (varint).
 * Chunks are cut after about CHUNK_BYTES bytes.  Terms whose first byte
 * is an unlisted prefix (ids "Q", dump files "F", stories "K": one or
 * more per article, never expanded) are left out; a walk of such a
 * prefix, or of the empty prefix, walks the shards as before.
 *
 * The stamp: the head's nshards, doccount, lastdocid and total length
 * are those of the shards opened together when the list was written.  A
 * reader uses the list only when its database shows the same four, so a
 * list left in a shard that was since changed, an older shard beside
 * newer ones, or a partial open (fewer shards) falls back to the walk.
 * DOCKET_TERM_LIST=off in the environment also forces the walk (for
 * measurements and diagnosis; dk_reader_term_list still reports the
 * list, which an update reads to know its shards were dealt).
 */
#include "shim_private.hh"

#include <xapian.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

using dk_shim::give_message;
using dk_shim::invalid;

namespace {

const char HEAD_KEY[] = "docket.terms";
const char CHUNK_PREFIX[] = "docket.terms.";
const char MAGIC[] = "DKT1";
const size_t CHUNK_BYTES = 64 * 1024;

bool unlisted(const std::string &t)
{
	return !t.empty() && (t[0] == 'Q' || t[0] == 'F' || t[0] == 'K');
}

void put_varint(std::string &s, uint64_t v)
{
	while (v >= 0x80) {
		s.push_back(static_cast<char>((v & 0x7f) | 0x80));
		v >>= 7;
	}
	s.push_back(static_cast<char>(v));
}

/* Read a varint at s[*pos]; false at the end of s or on a malformed one. */
bool get_varint(const std::string &s, size_t *pos, uint64_t *out)
{
	uint64_t v = 0;
	for (unsigned shift = 0; shift < 64; shift += 7) {
		if (*pos >= s.size())
			return false;
		unsigned char b = static_cast<unsigned char>(s[(*pos)++]);
		v |= static_cast<uint64_t>(b & 0x7f) << shift;
		if (!(b & 0x80)) {
			*out = v;
			return true;
		}
	}
	return false;
}

bool get_bytes(const std::string &s, size_t *pos, uint64_t n, std::string *out)
{
	if (n > s.size() - *pos)
		return false;
	out->assign(s, *pos, static_cast<size_t>(n));
	*pos += static_cast<size_t>(n);
	return true;
}

std::string chunk_key(size_t i)
{
	char k[40];
	std::snprintf(k, sizeof k, "%s%06zu", CHUNK_PREFIX, i);
	return k;
}

} /* namespace */

namespace dk_shim {

struct term_list {
	uint64_t generation = 0, nshards = 0, doccount = 0, lastdocid = 0;
	uint64_t total_length = 0, dealt = 0, nterms = 0, bytes = 0;
	std::vector<std::string> firsts;   /* first term of each chunk */
	std::map<size_t, std::vector<std::pair<std::string, uint64_t>>> chunks;
};

namespace {

bool parse_head(const std::string &s, term_list *tl)
{
	size_t pos = 4;
	uint64_t n = 0;
	if (s.compare(0, 4, MAGIC) != 0)
		return false;
	if (!get_varint(s, &pos, &tl->generation) ||
	    !get_varint(s, &pos, &tl->nshards) ||
	    !get_varint(s, &pos, &tl->doccount) ||
	    !get_varint(s, &pos, &tl->lastdocid) ||
	    !get_varint(s, &pos, &tl->total_length) ||
	    !get_varint(s, &pos, &tl->dealt) ||
	    !get_varint(s, &pos, &tl->nterms) ||
	    !get_varint(s, &pos, &tl->bytes) || !get_varint(s, &pos, &n) ||
	    n > s.size())
		return false;
	for (uint64_t i = 0; i < n; i++) {
		uint64_t len;
		std::string t;
		if (!get_varint(s, &pos, &len) || !get_bytes(s, &pos, len, &t))
			return false;
		if (!tl->firsts.empty() && t < tl->firsts.back())
			return false;
		tl->firsts.push_back(std::move(t));
	}
	return pos == s.size();
}

bool parse_chunk(const std::string &s,
		 std::vector<std::pair<std::string, uint64_t>> *out)
{
	size_t pos = 0;
	uint64_t n = 0;
	std::string prev;
	if (!get_varint(s, &pos, &n) || n > s.size())
		return false;
	out->reserve(static_cast<size_t>(n));
	for (uint64_t i = 0; i < n; i++) {
		uint64_t shared, rest, df;
		std::string tail;
		if (!get_varint(s, &pos, &shared) || shared > prev.size() ||
		    !get_varint(s, &pos, &rest) ||
		    !get_bytes(s, &pos, rest, &tail) || !get_varint(s, &pos, &df))
			return false;
		std::string t = prev.substr(0, static_cast<size_t>(shared)) + tail;
		if (i && t <= prev)
			return false;
		out->emplace_back(t, df);
		prev = std::move(t);
	}
	return pos == s.size();
}

bool disabled_by_env()
{
	const char *e = std::getenv("DOCKET_TERM_LIST");
	return e && (!std::strcmp(e, "off") || !std::strcmp(e, "0"));
}

/* The reader's list when it is usable (loading the head on first use),
 * else nullptr.  Throws what Xapian throws. */
term_list *usable(dk_reader *r)
{
	if (r->terms_state == 0) {
		r->terms_state = -1;
		std::string head = r->db.get_metadata(HEAD_KEY);
		auto tl = std::make_shared<term_list>();
		if (head.empty() || !parse_head(head, tl.get()))
			return nullptr;
		if (tl->nshards != r->nshards ||
		    tl->doccount != r->db.get_doccount() ||
		    tl->lastdocid != r->db.get_lastdocid() ||
		    tl->total_length != r->db.get_total_length())
			return nullptr;
		r->terms = tl;
		r->terms_state = 1;
	}
	return r->terms_state == 1 ? r->terms.get() : nullptr;
}

} /* namespace */

void term_list_reset(dk_reader *r) noexcept
{
	r->terms.reset();
	r->terms_state = 0;
}

bool term_list_walk(dk_reader *r, const std::string &prefix, size_t max,
		    const std::function<bool(const std::string &, uint64_t)> &fn)
{
	if (prefix.empty() || unlisted(prefix) || disabled_by_env())
		return false;
	term_list *tl = usable(r);
	if (!tl)
		return false;
	/* The last chunk starting at or before prefix holds its first term
	 * (or the first term after it). */
	auto it = std::upper_bound(tl->firsts.begin(), tl->firsts.end(), prefix);
	size_t c = it == tl->firsts.begin()
		? 0 : static_cast<size_t>(it - tl->firsts.begin()) - 1;
	size_t seen = 0;
	for (; c < tl->firsts.size(); c++) {
		auto ch = tl->chunks.find(c);
		if (ch == tl->chunks.end()) {
			std::vector<std::pair<std::string, uint64_t>> v;
			if (!parse_chunk(r->db.get_metadata(chunk_key(c)), &v)) {
				/* A damaged list: walk instead, now and later. */
				r->terms_state = -1;
				r->terms.reset();
				if (seen)
					throw Xapian::DatabaseCorruptError(
						"docket.terms: bad chunk " +
						std::to_string(c));
				return false;
			}
			ch = tl->chunks.emplace(c, std::move(v)).first;
		}
		const auto &v = ch->second;
		auto t = std::lower_bound(
			v.begin(), v.end(), prefix,
			[](const std::pair<std::string, uint64_t> &a,
			   const std::string &p) { return a.first < p; });
		for (; t != v.end(); ++t) {
			if (t->first.compare(0, prefix.size(), prefix) != 0)
				return true;
			if (fn(t->first, t->second))
				return true;
			if (max && ++seen >= max)
				return true;
		}
	}
	return true;
}

} /* namespace dk_shim */

/* *errmsg: malloc'd, caller frees. */
extern "C" dk_status
dk_shim_write_term_list(const char *const *paths, size_t n, uint64_t generation,
			int dealt, dk_term_list_info *info, char **errmsg)
{
	std::string err;
	dk_status st = DK_OK;

	if (errmsg)
		*errmsg = nullptr;
	if (info)
		std::memset(info, 0, sizeof *info);
	if (!paths || n == 0) {
		st = invalid(&err, "dk_shim_write_term_list: no shards");
		goto done;
	}
	try {
		Xapian::Database in;
		for (size_t i = 0; i < n; i++)
			in.add_database(Xapian::Database(paths[i]));
		std::vector<std::string> chunks, firsts;
		std::string cur, prev;
		uint64_t count = 0, nterms = 0, nbytes = 0;
		auto flush = [&]() {
			if (!count)
				return;
			std::string c;
			put_varint(c, count);
			c += cur;
			nbytes += c.size();
			chunks.push_back(std::move(c));
			cur.clear();
			count = 0;
		};
		for (Xapian::TermIterator t = in.allterms_begin();
		     t != in.allterms_end(); ++t) {
			std::string term = *t;
			if (unlisted(term))
				continue;
			if (cur.size() >= CHUNK_BYTES)
				flush();
			if (!count) {
				firsts.push_back(term);
				prev.clear();
			}
			size_t shared = 0;
			while (shared < prev.size() && shared < term.size() &&
			       prev[shared] == term[shared])
				shared++;
			put_varint(cur, shared);
			put_varint(cur, term.size() - shared);
			cur.append(term, shared, std::string::npos);
			put_varint(cur, t.get_termfreq());
			count++;
			nterms++;
			prev = std::move(term);
		}
		flush();
		std::string head(MAGIC);
		put_varint(head, generation);
		put_varint(head, n);
		put_varint(head, in.get_doccount());
		put_varint(head, in.get_lastdocid());
		put_varint(head, in.get_total_length());
		put_varint(head, dealt ? 1 : 0);
		put_varint(head, nterms);
		put_varint(head, nbytes);
		put_varint(head, firsts.size());
		for (const auto &f : firsts) {
			put_varint(head, f.size());
			head += f;
		}
		in.close();
		for (size_t i = 0; i < n; i++) {
			Xapian::WritableDatabase w(paths[i], Xapian::DB_OPEN |
							       Xapian::DB_NO_SYNC);
			std::vector<std::string> old;
			for (Xapian::TermIterator k = w.metadata_keys_begin(CHUNK_PREFIX);
			     k != w.metadata_keys_end(CHUNK_PREFIX); ++k)
				old.push_back(*k);
			for (const auto &k : old)
				w.set_metadata(k, std::string());
			for (size_t c = 0; c < chunks.size(); c++)
				w.set_metadata(chunk_key(c), chunks[c]);
			w.set_metadata(HEAD_KEY, head);
			w.commit();
			w.close();
		}
		if (info) {
			info->usable = 1;
			info->generation = generation;
			info->nshards = n;
			info->dealt = dealt != 0;
			info->nchunks = chunks.size();
			info->nterms = nterms;
			info->bytes = nbytes;
		}
	} DK_CATCH(&err, st)
done:
	if (st)
		give_message(errmsg, err);
	return st;
}

/* Fills *out; nothing to free. */
extern "C" dk_status
dk_reader_term_list(dk_reader *r, dk_term_list_info *out)
{
	dk_status st = DK_OK;

	if (!r)
		return DK_ERR_INVALID;
	if (!out)
		return invalid(&r->err, "dk_reader_term_list: NULL out");
	std::memset(out, 0, sizeof *out);
	try {
		dk_shim::term_list *tl = dk_shim::usable(r);
		if (tl) {
			out->usable = 1;
			out->generation = tl->generation;
			out->nshards = tl->nshards;
			out->dealt = tl->dealt != 0;
			out->nchunks = tl->firsts.size();
			out->nterms = tl->nterms;
			out->bytes = tl->bytes;
		}
	} DK_CATCH(&r->err, st)
	return st;
}
