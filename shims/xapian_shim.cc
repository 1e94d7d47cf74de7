/*
 * xapian_shim.cc - Docket's C API over Xapian (see xapian_shim.h):
 * errors, writers, compaction, documents and query trees; readers,
 * searches and msets are in xapian_reader.cc.  Both share the handle
 * structs and the exception barrier of shim_private.hh.
 *
 * The shim is the only C++ in the tree.  It turns the handles of
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
 *       NetworkError          DK_ERR_NETWORK (a remote shard: refused,
 *                             closed, timed out)
 *       other LogicError      DK_ERR_INTERNAL (the shim misused Xapian)
 *       other Xapian::Error   DK_ERR_DB
 *       std::bad_alloc        DK_ERR_NOMEM
 *       anything else         DK_ERR_INTERNAL
 *
 *     The *_error() getters return the message: "" until the first error,
 *     and the last error's message afterwards (success does not clear
 *     it).  Functions without a handle (the open functions and dk_shim_compact)
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
 * Compaction merges shards with renumbering (flags 0, not
 * DBCOMPACT_NO_RENUMBER): shards built independently all start at docid 1,
 * so their id ranges overlap and must be renumbered; each source keeps its
 * documents' relative order and the sources follow one another in the order
 * given.  The output is a normal multi-file glass database (not
 * DBCOMPACT_SINGLE_FILE) so a writer can still open it.  When several
 * sources hold the same metadata key the first source's value wins.
 * dk_shim_compact_keep_ids compacts one database in place of a copy and
 * keeps its ids (DBCOMPACT_NO_RENUMBER): a dealt shard's ids are its
 * place among the other shards, and renumbering would close the gap its
 * first deleted documents left (the last document id, which the term
 * list's stamp holds, is kept too).
 *
 * Queries: a wildcard's expansion limit keeps the most frequent terms
 * (WILDCARD_LIMIT_MOST_FREQUENT), but under that policy Xapian reads a
 * limit of 0 as "keep none", so 0 ("no limit") uses the default policy.
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
	} catch (const Xapian::NetworkError &) {
		return DK_ERR_NETWORK;
	} catch (const Xapian::InvalidArgumentError &) {
		return DK_ERR_INVALID;
	} catch (const Xapian::LogicError &) {
		return DK_ERR_INTERNAL; /* the shim used Xapian wrongly */
	} catch (...) {
		return DK_ERR_DB;
	}
}

namespace dk_shim {

/*
 * The one place an exception becomes a status, called from the handlers
 * of DK_CATCH.  Exactly one of xe and se is set for a Xapian::Error or a
 * std::exception; neither for an unknown exception.  The message goes to
 * *msg when msg is not NULL.
 */
dk_status
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

/* Record a misuse on msg (if any) and return DK_ERR_INVALID. */
dk_status
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
void
give_message(char **errmsg, const std::string &msg) noexcept
{
	if (errmsg)
		*errmsg = msg.empty() ? nullptr : strdup(msg.c_str());
}

/* A malloc'd NUL-terminated copy of s; throws std::bad_alloc on failure so
 * the caller's DK_CATCH turns it into DK_ERR_NOMEM. */
char *
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
std::string
bytes(const char *p, size_t len)
{
	return p ? std::string(p, len) : std::string();
}

} /* namespace dk_shim */

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

/* The compaction of srcs[0..n) into dst, renumbering the documents
 * (flags 0) or keeping their ids (DBCOMPACT_NO_RENUMBER); what names the
 * public function in messages.  *errmsg: malloc'd, caller frees. */
static dk_status
compact_dbs(const char *what, const char *const *srcs, size_t n, const char *dst,
	unsigned flags, char **errmsg)
{
	std::string err;
	dk_status st = DK_OK;
	struct stat sb;
	const char *misuse = nullptr;

	if (errmsg)
		*errmsg = nullptr;
	if (!srcs || n == 0) {
		misuse = "no source database";
		goto done;
	}
	if (!dst || !*dst) {
		misuse = "no destination";
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		if (!srcs[i] || !*srcs[i]) {
			misuse = "empty source path";
			goto done;
		}
	}
	if (stat(dst, &sb) == 0 || errno != ENOENT) {
		misuse = "destination already exists";
		goto done;
	}
	try {
		Xapian::Database src;

		for (size_t i = 0; i < n; i++)
			src.add_database(Xapian::Database(srcs[i]));
		src.compact(dst, Xapian::DB_BACKEND_GLASS | flags);
	} DK_CATCH(&err, st)
done:
	if (misuse) {
		st = invalid(&err, what);
		try {
			err = err + ": " + misuse;
			if (dst && *dst && !strcmp(misuse, "destination already exists"))
				err = err + ": " + dst;
		} catch (...) {
		}
	}
	if (st)
		give_message(errmsg, err);
	return st;
}

/* *errmsg: malloc'd, caller frees. */
extern "C" dk_status
dk_shim_compact(const char *const *srcs, size_t n, const char *dst, char **errmsg)
{
	return compact_dbs("dk_shim_compact", srcs, n, dst, 0, errmsg);
}

/* *errmsg: malloc'd, caller frees. */
extern "C" dk_status
dk_shim_compact_keep_ids(const char *src, const char *dst, char **errmsg)
{
	return compact_dbs("dk_shim_compact_keep_ids", &src, 1, dst,
		       Xapian::DBCOMPACT_NO_RENUMBER, errmsg);
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
		if (op == DK_QOP_AND_MAYBE && n > 1) {
			/*
			 * a AND_MAYBE b matches a, weighing a + b; Xapian
			 * 1.4.22's matcher can leave out a document that
			 * belongs on the page when such a node is pruned by
			 * the page's lowest weight (title boost over an OR
			 * of words: `iphone OR android` over 1,500 tech-news
			 * articles, for some orders of the documents).  The
			 * same match and weights as a OR (b FILTER a), which
			 * it gets right.
			 */
			Xapian::Query rest = n == 2 ? v[1]
				: Xapian::Query(Xapian::Query::OP_OR,
						v.begin() + 1, v.end());
			Xapian::Query within(Xapian::Query::OP_FILTER, rest,
					     v[0]);
			return new_query(Xapian::Query(Xapian::Query::OP_OR,
						       v[0], within), out);
		}
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
