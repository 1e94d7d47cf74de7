/*
 * shim_private.hh - what the shim's C++ files share (not part of the C
 * interface; never included from C).
 *
 * The handle structs behind xapian_shim.h's opaque types, the exception
 * barrier DK_CATCH and the helpers it and the exported functions use.
 * The helpers live in namespace dk_shim, so no C-visible symbol is added.
 */
#ifndef DK_SHIM_PRIVATE_HH
#define DK_SHIM_PRIVATE_HH

#include "xapian_shim.h"

#include <xapian.h>

#include <cstddef>
#include <exception>
#include <functional>
#include <memory>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

struct dk_writer {
	Xapian::WritableDatabase db;
	bool in_txn = false;
	std::string err;
};

namespace dk_shim {
struct term_list;
struct value_arrays;
}

struct dk_reader {
	Xapian::Database db;
	size_t nshards = 0;   /* shards opened into db */
	/* The global term list (xapian_terms.cc): state 0 not looked at
	 * yet, 1 usable (terms set), -1 absent, stale or switched off. */
	std::shared_ptr<dk_shim::term_list> terms;
	int terms_state = 0;
	/* The shards one by one, as opened into db, and whether any is
	 * remote; with keep_values (dk_open_opts), the in-memory copies of
	 * the value slots counted so far (xapian_spy.cc), dropped when a
	 * reopen moves db to another revision. */
	std::vector<Xapian::Database> shards;
	bool any_remote = false;
	bool keep_values = false;
	std::shared_ptr<dk_shim::value_arrays> values;
	std::string err;
};

struct dk_doc {
	Xapian::Document doc;
	/* The boolean terms added since the last clear: a handful per
	 * article, so dk_writer_replace can check for its uid term without
	 * walking the document's whole term list. */
	std::vector<std::string> booleans;
	std::string err;
};

struct dk_query {
	Xapian::Query q;
};

struct dk_mset {
	Xapian::MSet mset;
	Xapian::doccount estimated = 0; /* when not 0: the estimate to give
					   instead of the MSet's */
	std::map<std::pair<size_t, Xapian::valueno>, std::string> cache;
	std::string err;
};

namespace dk_shim {

/*
 * The one place an exception becomes a status, called from the handlers
 * of DK_CATCH (defined in xapian_shim.cc).  Exactly one of xe and se is
 * set for a Xapian::Error or a std::exception; neither for an unknown
 * exception.  The message goes to *msg when msg is not NULL.
 */
dk_status fail(std::string *msg, const Xapian::Error *xe,
	       const std::exception *se) noexcept;

/* Record a misuse on msg (if any) and return DK_ERR_INVALID. */
dk_status invalid(std::string *msg, const char *what) noexcept;

/* Give msg to a caller's optional char **errmsg as a malloc'd copy
 * (NULL if even that fails). */
void give_message(char **errmsg, const std::string &msg) noexcept;

/* A malloc'd NUL-terminated copy of s; throws std::bad_alloc on failure so
 * the caller's DK_CATCH turns it into DK_ERR_NOMEM. */
char *dup_bytes(const std::string &s);

/* Bytes from the C side; a NULL pointer is only valid with length 0. */
std::string bytes(const char *p, size_t len);

/* Forget r's term list (after a reopen moved it to another revision). */
void term_list_reset(dk_reader *r) noexcept;

/* Forget r's in-memory value slots (likewise; xapian_spy.cc). */
void value_arrays_reset(dk_reader *r) noexcept;

/*
 * For a reader opened with keep_values over one local shard: a KeyMaker
 * whose key for a document orders as the document's value in slot does
 * (the value's number in r's in-memory copy of slot, xapian_spy.cc,
 * loaded on first use), so that the matcher sorts equal weights by slot
 * without reading a value per candidate from the index.  NULL for any
 * other reader (several shards: Xapian 1.4 hands a KeyMaker the
 * document's id within its shard, not which shard).  The caller owns the
 * KeyMaker; it must outlive the Enquire using it.  Throws what Xapian
 * throws.
 */
Xapian::KeyMaker *resident_key_maker(dk_reader *r, Xapian::valueno slot);

/*
 * Walk the terms starting with prefix through r's global term list
 * (xapian_terms.cc), calling fn(term, termfreq) in byte order until it
 * returns true or max terms were seen (0: no limit).  Returns false,
 * having called fn for nothing, when the list cannot answer (none, stale,
 * or a prefix it does not hold): the caller walks the database then.
 * Throws what Xapian throws.
 */
bool term_list_walk(dk_reader *r, const std::string &prefix, size_t max,
		    const std::function<bool(const std::string &, uint64_t)> &fn);

} /* namespace dk_shim */

/* Catch everything after a try block and set st through fail(). */
#define DK_CATCH(msgp, st)                                      \
	catch (const Xapian::Error &dk_xe_) {                   \
		(st) = dk_shim::fail((msgp), &dk_xe_, nullptr); \
	} catch (const std::bad_alloc &dk_se_) {                \
		(st) = dk_shim::fail((msgp), nullptr, &dk_se_); \
	} catch (const std::exception &dk_se_) {                \
		(st) = dk_shim::fail((msgp), nullptr, &dk_se_); \
	} catch (...) {                                         \
		(st) = dk_shim::fail((msgp), nullptr, nullptr); \
	}

#endif
