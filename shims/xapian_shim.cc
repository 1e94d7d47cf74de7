/*
 * xapian_shim.cc - Docket's C API over Xapian (see xapian_shim.h).
 *
 * This is the only C++ in the tree.  It turns the handles of
 * xapian_shim.h into thin structs around Xapian objects and makes sure
 * nothing of C++ leaks into C:
 *
 *   - Every exported function is extern "C" and runs its body in a try
 *     block followed by DK_CATCH(), which catches, in this order,
 *     Xapian::Error (not a std::exception, so it must be named), then
 *     std::bad_alloc, std::exception and finally everything else.  All four
 *     handlers call fail(), the one function that maps an exception to a
 *     dk_status and stores its message on the handle (a std::string
 *     member).  Xapian::Error has no virtual functions, so fail() tells
 *     its subclasses apart by rethrowing it (xapian_status()):
 *
 *       DatabaseLockError     DK_ERR_DB_LOCKED
 *       DatabaseModifiedError DK_ERR_DB_MODIFIED
 *       DatabaseCorruptError  DK_ERR_DB_CORRUPT
 *       DatabaseVersionError  DK_ERR_DB_VERSION
 *       DatabaseNotFoundError DK_ERR_NOT_FOUND (also an opening error
 *                             with errno ENOENT)
 *       DatabaseCreateError   DK_ERR_IO
 *       DocNotFoundError      DK_ERR_NOT_FOUND
 *       InvalidArgumentError  DK_ERR_INVALID (e.g. a term over 245 bytes)
 *       other LogicError      DK_ERR_INTERNAL (the shim misused Xapian)
 *       other Xapian::Error   DK_ERR_DB
 *       std::bad_alloc        DK_ERR_NOMEM
 *       anything else         DK_ERR_INTERNAL
 *
 *     The *_error() getters return the message: "" until the first error,
 *     and the last error's message afterwards (success does not clear
 *     it).  Functions without a handle (the open functions and dk_compact)
 *     collect the message in a local string and hand a malloc'd copy to the
 *     caller through char **errmsg; query constructors have no handle and
 *     fail only on misuse or lack of memory, so they return just a status.
 *
 *   - Misuse (a NULL handle, a NULL out-parameter, an unknown flag) gives
 *     DK_ERR_INVALID, never a crash.  Out-parameters are set to NULL (or
 *     zero) first, so on failure they are NULL.
 *
 * Writers and abandon.  Xapian 1.4's WritableDatabase::close() and its
 * destructor both commit pending changes unless a transaction is active, in
 * which case they discard the transaction.  There is no other way to drop
 * uncommitted work, so a dk_writer always runs inside a flushed transaction
 * (begin_transaction(true)): it starts one when it opens and again after
 * each commit, dk_writer_commit() is commit_transaction() (which, for a
 * flushed transaction, writes a new revision to disk), and
 * dk_writer_abandon() is cancel_transaction() followed by close().  The
 * invariant is: no change is ever made to w->db outside a transaction
 * (each mutating call first restarts the transaction if a failed commit
 * ended it).  Inside a transaction glass still flushes its buffers to the
 * table files every XAPIAN_FLUSH_THRESHOLD documents, so memory stays
 * bounded; only the switch to the new revision waits for the commit.
 * Reads on the writer (doccount, the "existed" test of replace) see the
 * uncommitted changes.
 *
 * Readers.  A dk_reader is a Xapian::Database with one sub-database per
 * shard; document ids are interleaved across shards the way Xapian does
 * it (id = (shard id - 1) * nshards + shard index + 1).  User metadata is
 * read from the first shard only.  A reader reading a revision that a
 * writer has since discarded gets DK_ERR_DB_MODIFIED: the caller calls
 * dk_reader_reopen() and retries.
 *
 * Compaction merges shards with renumbering (flags 0, not
 * DBCOMPACT_NO_RENUMBER): shards built independently all start at docid 1,
 * so their id ranges overlap and must be renumbered; each source keeps its
 * documents' relative order and the sources follow one another in the order
 * given.  The output is a normal multi-file glass database (not
 * DBCOMPACT_SINGLE_FILE) so a writer can still open it.  When several
 * sources hold the same metadata key the first source's value wins.
 *
 * Searching: a wildcard's expansion limit keeps the most frequent terms
 * (WILDCARD_LIMIT_MOST_FREQUENT), but under that policy Xapian reads a
 * limit of 0 as "keep none", so 0 ("no limit") uses the default policy.
 * With collapse_max > 1 every document kept for a collapse key reports the
 * number of documents of that key that were folded away.
 *
 * An mset keeps the document data and values it has handed out in a cache
 * of std::string keyed by (index, slot), so the borrowed pointers stay
 * valid until dk_mset_free(); the data is cached under Xapian::BAD_VALUENO,
 * which is never a value slot.
 */
#include "xapian_shim.h"

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

struct dk_writer {
	Xapian::WritableDatabase db;
	bool in_txn = false;
	std::string err;
};

struct dk_reader {
	Xapian::Database db;
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
	std::map<std::pair<size_t, Xapian::valueno>, std::string> cache;
	std::string err;
};

/* ---- errors ----------------------------------------------------------- */

/*
 * The status for the Xapian::Error being handled.  Xapian::Error has no
 * virtual functions, so dynamic_cast cannot classify it; rethrowing it and
 * catching the most derived classes first can.  Call only from inside a
 * handler of that exception.
 */
static dk_status
xapian_status(const Xapian::Error &e) noexcept
{
	try {
		throw;
	} catch (const Xapian::DatabaseLockError &) {
		return DK_ERR_DB_LOCKED;
	} catch (const Xapian::DatabaseModifiedError &) {
		return DK_ERR_DB_MODIFIED;
	} catch (const Xapian::DatabaseCorruptError &) {
		return DK_ERR_DB_CORRUPT;
	} catch (const Xapian::DatabaseVersionError &) {
		return DK_ERR_DB_VERSION;
	} catch (const Xapian::DatabaseNotFoundError &) {
		return DK_ERR_NOT_FOUND;
	} catch (const Xapian::DatabaseOpeningError &) {
		/* Some code paths report a missing file only via errno. */
		const char *sys = e.get_error_string();
		if (sys && strcmp(sys, strerror(ENOENT)) == 0)
			return DK_ERR_NOT_FOUND;
		return DK_ERR_DB;
	} catch (const Xapian::DatabaseCreateError &) {
		return DK_ERR_IO;
	} catch (const Xapian::DocNotFoundError &) {
		return DK_ERR_NOT_FOUND;
	} catch (const Xapian::InvalidArgumentError &) {
		return DK_ERR_INVALID;
	} catch (const Xapian::LogicError &) {
		return DK_ERR_INTERNAL; /* the shim used Xapian wrongly */
	} catch (...) {
		return DK_ERR_DB;
	}
}

/*
 * The one place an exception becomes a status, called from the handlers
 * of DK_CATCH.  Exactly one of xe and se is set for a Xapian::Error or a
 * std::exception; neither for an unknown exception.  The message goes to
 * *msg when msg is not NULL.
 */
static dk_status
fail(std::string *msg, const Xapian::Error *xe,
     const std::exception *se) noexcept
{
	dk_status st;

	if (xe)
		st = xapian_status(*xe);
	else if (se && dynamic_cast<const std::bad_alloc *>(se))
		st = DK_ERR_NOMEM;
	else
		st = DK_ERR_INTERNAL;
	if (!msg)
		return st;
	try {
		if (xe)
			*msg = xe->get_description();
		else if (st == DK_ERR_NOMEM)
			*msg = "out of memory";
		else if (se)
			*msg = std::string("C++ exception: ") + se->what();
		else
			*msg = "unknown C++ exception";
	} catch (...) {
		msg->clear(); /* no memory even for the message */
	}
	return st;
}

/* Catch everything after a try block and set st through fail(). */
#define DK_CATCH(msgp, st)                                      \
	catch (const Xapian::Error &dk_xe_) {                   \
		(st) = fail((msgp), &dk_xe_, nullptr);          \
	} catch (const std::bad_alloc &dk_se_) {                \
		(st) = fail((msgp), nullptr, &dk_se_);          \
	} catch (const std::exception &dk_se_) {                \
		(st) = fail((msgp), nullptr, &dk_se_);          \
	} catch (...) {                                         \
		(st) = fail((msgp), nullptr, nullptr);          \
	}

/* Record a misuse on msg (if any) and return DK_ERR_INVALID. */
static dk_status
invalid(std::string *msg, const char *what) noexcept
{
	if (msg) {
		try {
			*msg = what;
		} catch (...) {
			msg->clear();
		}
	}
	return DK_ERR_INVALID;
}

/* Give msg to a caller's optional char **errmsg as a malloc'd copy
 * (NULL if even that fails). */
static void
give_message(char **errmsg, const std::string &msg) noexcept
{
	if (errmsg)
		*errmsg = msg.empty() ? nullptr : strdup(msg.c_str());
}

/* A malloc'd NUL-terminated copy of s; throws std::bad_alloc on failure so
 * the caller's DK_CATCH turns it into DK_ERR_NOMEM. */
static char *
dup_bytes(const std::string &s)
{
	char *p = static_cast<char *>(malloc(s.size() + 1));

	if (!p)
		throw std::bad_alloc();
	memcpy(p, s.data(), s.size());
	p[s.size()] = '\0';
	return p;
}

/* Bytes from the C side; a NULL pointer is only valid with length 0. */
static std::string
bytes(const char *p, size_t len)
{
	return p ? std::string(p, len) : std::string();
}

/* ---- version ---------------------------------------------------------- */

namespace {
struct version_text {
	char buf[64];
};

version_text
make_version_text() noexcept
{
	version_text v;

	snprintf(v.buf, sizeof v.buf, "xapian-core %s",
		 Xapian::version_string());
	return v;
}
} // namespace

extern "C" const char *
dk_shim_version(void)
{
	/* A plain buffer rather than a std::string, so that nothing here
	 * can throw; C++ makes the first-call initialization thread-safe. */
	static const version_text v = make_version_text();

	return v.buf;
}

/* ---- writer ----------------------------------------------------------- */

/* Every change must be made inside a transaction so abandon can drop it. */
static void
ensure_txn(dk_writer *w)
{
	if (!w->in_txn) {
		w->db.begin_transaction(true);
		w->in_txn = true;
	}
}

/* On success *out is a new handle; the caller closes it with
 * dk_writer_close() or dk_writer_abandon().  *errmsg: malloc'd, caller
 * frees. */
extern "C" dk_status
dk_writer_open(const char *path, unsigned flags, dk_writer **out,
	       char **errmsg)
{
	const unsigned known = DK_WRITER_CREATE | DK_WRITER_OVERWRITE |
			       DK_WRITER_NO_TERMLIST | DK_WRITER_NO_SYNC;
	std::string err;
	dk_writer *w = nullptr;
	dk_status st = DK_OK;

	if (errmsg)
		*errmsg = nullptr;
	if (!out)
		return DK_ERR_INVALID;
	*out = nullptr;
	if (!path || !*path) {
		st = invalid(&err, "dk_writer_open: no path");
		goto done;
	}
	if (flags & ~known) {
		st = invalid(&err, "dk_writer_open: unknown flags");
		goto done;
	}
	try {
		int xflags = Xapian::DB_BACKEND_GLASS;

		if (flags & DK_WRITER_OVERWRITE)
			xflags |= Xapian::DB_CREATE_OR_OVERWRITE;
		else if (flags & DK_WRITER_CREATE)
			xflags |= Xapian::DB_CREATE_OR_OPEN;
		else
			xflags |= Xapian::DB_OPEN;
		if (flags & DK_WRITER_NO_TERMLIST)
			xflags |= Xapian::DB_NO_TERMLIST;
		if (flags & DK_WRITER_NO_SYNC)
			xflags |= Xapian::DB_NO_SYNC;
		w = new dk_writer;
		w->db = Xapian::WritableDatabase(path, xflags);
		ensure_txn(w);
		*out = w;
		w = nullptr;
	} DK_CATCH(&err, st)
	delete w;
done:
	if (st)
		give_message(errmsg, err);
	return st;
}

extern "C" const char *
dk_writer_error(const dk_writer *w)
{
	return w ? w->err.c_str() : "";
}

extern "C" dk_status
dk_writer_replace(dk_writer *w, const char *uid, size_t uid_len,
		  const dk_doc *doc, int *existed)
{
	dk_status st = DK_OK;

	if (existed)
		*existed = 0;
	if (!w)
		return DK_ERR_INVALID;
	if (!uid || !uid_len)
		return invalid(&w->err, "dk_writer_replace: empty uid");
	if (!doc)
		return invalid(&w->err, "dk_writer_replace: NULL doc");
	try {
		std::string term(uid, uid_len);

		/* A document without its own uid term could never be
		 * replaced or deleted again. */
		if (std::find(doc->booleans.begin(), doc->booleans.end(),
			      term) == doc->booleans.end())
			return invalid(&w->err, "dk_writer_replace: the "
				       "document does not carry its uid term");
		ensure_txn(w);
		if (existed)
			*existed = w->db.term_exists(term) ? 1 : 0;
		w->db.replace_document(term, doc->doc);
	} DK_CATCH(&w->err, st)
	return st;
}

extern "C" dk_status
dk_writer_delete(dk_writer *w, const char *uid, size_t uid_len, int *deleted)
{
	dk_status st = DK_OK;

	if (deleted)
		*deleted = 0;
	if (!w)
		return DK_ERR_INVALID;
	if (!uid || !uid_len)
		return invalid(&w->err, "dk_writer_delete: empty uid");
	try {
		std::string term(uid, uid_len);

		ensure_txn(w);
		Xapian::doccount n = w->db.get_termfreq(term);
		/* Skipping the call when there is nothing to delete also
		 * keeps it legal on a DB_NO_TERMLIST database. */
		if (n)
			w->db.delete_document(term);
		if (deleted)
			*deleted = n > INT_MAX ? INT_MAX : static_cast<int>(n);
	} DK_CATCH(&w->err, st)
	return st;
}

extern "C" dk_status
dk_writer_commit(dk_writer *w)
{
	dk_status st = DK_OK;

	if (!w)
		return DK_ERR_INVALID;
	try {
		if (w->in_txn) {
			/* The transaction ends even if this throws. */
			w->in_txn = false;
			w->db.commit_transaction();
		}
		ensure_txn(w);
	} DK_CATCH(&w->err, st)
	return st;
}

extern "C" dk_status
dk_writer_set_metadata(dk_writer *w, const char *key, const char *value,
		       size_t value_len)
{
	dk_status st = DK_OK;

	if (!w)
		return DK_ERR_INVALID;
	if (!key || !*key)
		return invalid(&w->err, "dk_writer_set_metadata: empty key");
	if (!value && value_len)
		return invalid(&w->err, "dk_writer_set_metadata: NULL value");
	try {
		ensure_txn(w);
		w->db.set_metadata(key, bytes(value, value_len));
	} DK_CATCH(&w->err, st)
	return st;
}

extern "C" dk_status
dk_writer_doccount(dk_writer *w, uint64_t *out)
{
	dk_status st = DK_OK;

	if (out)
		*out = 0;
	if (!w)
		return DK_ERR_INVALID;
	if (!out)
		return invalid(&w->err, "dk_writer_doccount: NULL out");
	try {
		*out = w->db.get_doccount();
	} DK_CATCH(&w->err, st)
	return st;
}

/* Frees w whatever happens; *errmsg: malloc'd, caller frees. */
extern "C" dk_status
dk_writer_close(dk_writer *w, char **errmsg)
{
	dk_status st = DK_OK;

	if (errmsg)
		*errmsg = nullptr;
	if (!w)
		return DK_OK;
	try {
		if (w->in_txn) {
			w->in_txn = false;
			w->db.commit_transaction();
		}
		w->db.close();
	} DK_CATCH(&w->err, st)
	if (st) {
		give_message(errmsg, w->err);
		try {
			w->db.close(); /* no transaction: nothing left to commit */
		} catch (...) {
		}
	}
	delete w;
	return st;
}

extern "C" void
dk_writer_abandon(dk_writer *w)
{
	if (!w)
		return;
	try {
		if (w->in_txn) {
			w->in_txn = false;
			w->db.cancel_transaction();
		}
	} catch (...) {
		/* cancel_transaction() cancels even when it throws. */
	}
	try {
		w->db.close();
	} catch (...) {
	}
	delete w;
}

/* *errmsg: malloc'd, caller frees. */
extern "C" dk_status
dk_compact(const char *const *srcs, size_t n, const char *dst, char **errmsg)
{
	std::string err;
	dk_status st = DK_OK;
	struct stat sb;

	if (errmsg)
		*errmsg = nullptr;
	if (!srcs || n == 0) {
		st = invalid(&err, "dk_compact: no source database");
		goto done;
	}
	if (!dst || !*dst) {
		st = invalid(&err, "dk_compact: no destination");
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		if (!srcs[i] || !*srcs[i]) {
			st = invalid(&err, "dk_compact: empty source path");
			goto done;
		}
	}
	if (stat(dst, &sb) == 0 || errno != ENOENT) {
		st = invalid(&err, "dk_compact: destination already exists");
		try {
			err += std::string(": ") + dst;
		} catch (...) {
		}
		goto done;
	}
	try {
		Xapian::Database src;

		for (size_t i = 0; i < n; i++)
			src.add_database(Xapian::Database(srcs[i]));
		src.compact(dst, Xapian::DB_BACKEND_GLASS);
	} DK_CATCH(&err, st)
done:
	if (st)
		give_message(errmsg, err);
	return st;
}

/* ---- documents -------------------------------------------------------- */

/* *out: a new document the caller frees with dk_doc_free(). */
extern "C" dk_status
dk_doc_new(dk_doc **out)
{
	dk_status st = DK_OK;

	if (!out)
		return DK_ERR_INVALID;
	*out = nullptr;
	try {
		*out = new dk_doc;
	} DK_CATCH(nullptr, st)
	return st;
}

extern "C" void
dk_doc_free(dk_doc *doc)
{
	delete doc;
}

extern "C" dk_status
dk_doc_clear(dk_doc *doc)
{
	dk_status st = DK_OK;

	if (!doc)
		return DK_ERR_INVALID;
	try {
		doc->doc = Xapian::Document();
		doc->booleans.clear();
	} DK_CATCH(&doc->err, st)
	return st;
}

extern "C" const char *
dk_doc_error(const dk_doc *doc)
{
	return doc ? doc->err.c_str() : "";
}

extern "C" dk_status
dk_doc_add_posting(dk_doc *doc, const char *term, size_t len, uint32_t pos,
		   uint32_t wdf_inc)
{
	dk_status st = DK_OK;

	if (!doc)
		return DK_ERR_INVALID;
	if (!term || !len)
		return invalid(&doc->err, "dk_doc_add_posting: empty term");
	if (pos == 0)
		return invalid(&doc->err, "dk_doc_add_posting: position 0 "
			       "(positions start at 1)");
	try {
		doc->doc.add_posting(std::string(term, len), pos, wdf_inc);
	} DK_CATCH(&doc->err, st)
	return st;
}

extern "C" dk_status
dk_doc_add_term(dk_doc *doc, const char *term, size_t len, uint32_t wdf_inc)
{
	dk_status st = DK_OK;

	if (!doc)
		return DK_ERR_INVALID;
	if (!term || !len)
		return invalid(&doc->err, "dk_doc_add_term: empty term");
	try {
		doc->doc.add_term(std::string(term, len), wdf_inc);
	} DK_CATCH(&doc->err, st)
	return st;
}

extern "C" dk_status
dk_doc_add_boolean_term(dk_doc *doc, const char *term, size_t len)
{
	dk_status st = DK_OK;

	if (!doc)
		return DK_ERR_INVALID;
	if (!term || !len)
		return invalid(&doc->err, "dk_doc_add_boolean_term: empty term");
	try {
		std::string t(term, len);
		doc->doc.add_boolean_term(t);
		doc->booleans.push_back(std::move(t));
	} DK_CATCH(&doc->err, st)
	return st;
}

extern "C" dk_status
dk_doc_set_value(dk_doc *doc, unsigned slot, const char *val, size_t len)
{
	dk_status st = DK_OK;

	if (!doc)
		return DK_ERR_INVALID;
	if (!val && len)
		return invalid(&doc->err, "dk_doc_set_value: NULL value");
	if (slot == Xapian::BAD_VALUENO)
		return invalid(&doc->err, "dk_doc_set_value: bad slot");
	try {
		/* Xapian clears the slot when given an empty value. */
		doc->doc.add_value(slot, bytes(val, len));
	} DK_CATCH(&doc->err, st)
	return st;
}

extern "C" dk_status
dk_doc_set_data(dk_doc *doc, const char *data, size_t len)
{
	dk_status st = DK_OK;

	if (!doc)
		return DK_ERR_INVALID;
	if (!data && len)
		return invalid(&doc->err, "dk_doc_set_data: NULL data");
	try {
		doc->doc.set_data(bytes(data, len));
	} DK_CATCH(&doc->err, st)
	return st;
}

/* ---- query trees ------------------------------------------------------ */

/*
 * Query nodes have no error message: building one fails only on misuse
 * (DK_ERR_INVALID) or lack of memory (DK_ERR_NOMEM).  Xapian::Query is
 * reference counted and immutable, so "copying" a subquery is cheap.
 */

/* Wrap q in a new node for *out (caller frees with dk_query_free()). */
static dk_status
new_query(const Xapian::Query &q, dk_query **out)
{
	dk_status st = DK_OK;

	try {
		*out = new dk_query{q};
	} DK_CATCH(nullptr, st)
	return st;
}

/* *out: a new node, caller frees with dk_query_free(). */
extern "C" dk_status
dk_query_term(const char *term, size_t len, uint32_t wqf, dk_query **out)
{
	dk_status st = DK_OK;

	if (!out)
		return DK_ERR_INVALID;
	*out = nullptr;
	/* Xapian::Query("") would be the match-all query, not a term. */
	if (!term || !len)
		return DK_ERR_INVALID;
	try {
		st = new_query(Xapian::Query(std::string(term, len),
					     wqf ? wqf : 1),
			       out);
	} DK_CATCH(nullptr, st)
	return st;
}

/* *out: a new node, caller frees with dk_query_free(). */
extern "C" dk_status
dk_query_combine(dk_query_op op, const dk_query *const *subs, size_t n,
		 uint32_t window, dk_query **out)
{
	Xapian::Query::op xop;
	dk_status st = DK_OK;

	if (!out)
		return DK_ERR_INVALID;
	*out = nullptr;
	if (n && !subs)
		return DK_ERR_INVALID;
	for (size_t i = 0; i < n; i++)
		if (!subs[i])
			return DK_ERR_INVALID;
	switch (op) {
	case DK_QOP_AND:       xop = Xapian::Query::OP_AND; break;
	case DK_QOP_OR:        xop = Xapian::Query::OP_OR; break;
	case DK_QOP_AND_NOT:   xop = Xapian::Query::OP_AND_NOT; break;
	case DK_QOP_AND_MAYBE: xop = Xapian::Query::OP_AND_MAYBE; break;
	case DK_QOP_FILTER:    xop = Xapian::Query::OP_FILTER; break;
	case DK_QOP_PHRASE:    xop = Xapian::Query::OP_PHRASE; break;
	case DK_QOP_NEAR:      xop = Xapian::Query::OP_NEAR; break;
	case DK_QOP_SYNONYM:   xop = Xapian::Query::OP_SYNONYM; break;
	case DK_QOP_ELITE_SET: xop = Xapian::Query::OP_ELITE_SET; break;
	case DK_QOP_MAX:       xop = Xapian::Query::OP_MAX; break;
	default:
		return DK_ERR_INVALID;
	}
	try {
		std::vector<Xapian::Query> v;
		Xapian::termcount param = 0;

		if (n == 0)
			return new_query(Xapian::Query::MatchNothing, out);
		v.reserve(n);
		for (size_t i = 0; i < n; i++)
			v.push_back(subs[i]->q);
		if (op == DK_QOP_PHRASE || op == DK_QOP_NEAR)
			param = window ? window : static_cast<Xapian::termcount>(n);
		else if (op == DK_QOP_ELITE_SET)
			param = window;
		st = new_query(Xapian::Query(xop, v.begin(), v.end(), param),
			       out);
	} DK_CATCH(nullptr, st)
	return st;
}

/* *out: a new node, caller frees with dk_query_free(). */
extern "C" dk_status
dk_query_value_range(unsigned slot, const char *lo, size_t lo_len,
		     const char *hi, size_t hi_len, dk_query **out)
{
	dk_status st = DK_OK;

	if (!out)
		return DK_ERR_INVALID;
	*out = nullptr;
	if (slot == Xapian::BAD_VALUENO)
		return DK_ERR_INVALID;
	try {
		Xapian::Query q;

		if (lo && hi)
			q = Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot,
					  std::string(lo, lo_len),
					  std::string(hi, hi_len));
		else if (hi)
			q = Xapian::Query(Xapian::Query::OP_VALUE_LE, slot,
					  std::string(hi, hi_len));
		else /* VALUE_GE with "" (both ends open) is MatchAll. */
			q = Xapian::Query(Xapian::Query::OP_VALUE_GE, slot,
					  bytes(lo, lo_len));
		st = new_query(q, out);
	} DK_CATCH(nullptr, st)
	return st;
}

/*
 * *out: a new node, caller frees with dk_query_free().  The expansion is
 * combined with OP_SYNONYM (Xapian's default for wildcards), so the
 * matching terms weigh as one term.
 */
extern "C" dk_status
dk_query_wildcard(const char *prefix, size_t len, uint32_t max_expansion,
		  dk_query **out)
{
	dk_status st = DK_OK;

	if (!out)
		return DK_ERR_INVALID;
	*out = nullptr;
	if (!prefix && len)
		return DK_ERR_INVALID;
	try {
		/* Under WILDCARD_LIMIT_MOST_FREQUENT a limit of 0 keeps no
		 * term at all; "no limit" is 0 under the default type. */
		std::string pfx = bytes(prefix, len);
		Xapian::Query wq = max_expansion
			? Xapian::Query(Xapian::Query::OP_WILDCARD, pfx,
					max_expansion,
					Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT)
			: Xapian::Query(Xapian::Query::OP_WILDCARD, pfx);
		st = new_query(wq, out);
	} DK_CATCH(nullptr, st)
	return st;
}

/* *out: a new node, caller frees with dk_query_free(). */
extern "C" dk_status
dk_query_scale(const dk_query *q, double factor, dk_query **out)
{
	dk_status st = DK_OK;

	if (!out)
		return DK_ERR_INVALID;
	*out = nullptr;
	if (!q)
		return DK_ERR_INVALID;
	try {
		st = new_query(Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
					     q->q, factor),
			       out);
	} DK_CATCH(nullptr, st)
	return st;
}

/* *out: a new node, caller frees with dk_query_free(). */
extern "C" dk_status
dk_query_match_all(dk_query **out)
{
	if (!out)
		return DK_ERR_INVALID;
	*out = nullptr;
	return new_query(Xapian::Query::MatchAll, out);
}

/* *out: a new node, caller frees with dk_query_free(). */
extern "C" dk_status
dk_query_match_nothing(dk_query **out)
{
	if (!out)
		return DK_ERR_INVALID;
	*out = nullptr;
	return new_query(Xapian::Query::MatchNothing, out);
}

extern "C" int
dk_query_is_empty(const dk_query *q)
{
	return !q || q->q.empty();
}

/* *out: malloc'd NUL-terminated text, caller frees. */
extern "C" dk_status
dk_query_describe(const dk_query *q, char **out)
{
	dk_status st = DK_OK;

	if (!out)
		return DK_ERR_INVALID;
	*out = nullptr;
	if (!q)
		return DK_ERR_INVALID;
	try {
		*out = dup_bytes(q->q.get_description());
	} DK_CATCH(nullptr, st)
	return st;
}

extern "C" void
dk_query_free(dk_query *q)
{
	delete q;
}

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
