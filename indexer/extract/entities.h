/*
 * entities.h - legal and technical entities found in article text.
 *
 * Five kinds, each a list of distinct values in order of first mention:
 *
 *   case     docket numbers in the normal form of case_number.h
 *            ("25-00709"), found as "Case No. 25-00709", "case number
 *            25-00709", "No. 25-01234", "Case 1:24-cv-08812" or, alone,
 *            the full federal form "5:25-cv-00709" / "24-cv-2290";
 *   party    each side of a case caption "X v. Y" ("De La Torre v.
 *            LinkedIn Corp" gives "De La Torre" and "LinkedIn Corp");
 *   court    a court named in full or by its citation abbreviation, in a
 *            canonical form: "U.S. District Court for the Northern
 *            District of California" (also from "N.D. Cal."), "U.S. Court
 *            of Appeals for the Ninth Circuit" (from "Ninth Circuit",
 *            "9th Cir."), "U.S. Supreme Court", "Delaware Court of
 *            Chancery", "Court of Justice of the European Union" ...;
 *   statute  a named law: a run of capitalised words ending in "Act",
 *            "Law", "Regulation" or "Directive" ("Stored Communications
 *            Act", "Computer Fraud and Abuse Act", "Unfair Competition
 *            Law", "General Data Protection Regulation");
 *   cve      CVE identifiers, upper-cased ("CVE-2024-3094").
 *
 * Precision over recall: a wrong entity is worse than none, so every
 * pattern needs its context (a "No." before a bare docket number, a
 * capitalised name on both sides of "v.", a known state after "District
 * of", a court word inside a court name), and ambiguous forms ("the
 * court", "District Court" without a place, "Moore's Law") give nothing.
 *
 * Cost: one tokenizing pass over the text and a constant amount of work per
 * token; at most DK_ENT_MAX values per kind.
 */
#ifndef DK_ENTITIES_H
#define DK_ENTITIES_H

#include <stddef.h>

#include "../../common/buf.h"
#include "../../common/status.h"

typedef enum dk_entity_kind {
	DK_ENT_CASE = 0,
	DK_ENT_PARTY,
	DK_ENT_COURT,
	DK_ENT_STATUTE,
	DK_ENT_CVE,
	DK_ENT_NKINDS
} dk_entity_kind;

#define DK_ENT_MAX 32

/* Masks of kinds for dk_entities_find(). */
#define DK_ENT_BIT(k) (1u << (k))
#define DK_ENT_ALL ((1u << DK_ENT_NKINDS) - 1)
/* Or'ed into the mask: the text is a headline in Title Case, where every
 * word is capitalised, so only the matchers that do not rely on capitals
 * run (case numbers, CVE ids, circuits and district courts). */
#define DK_ENT_HEADLINE (1u << 8)

/* The entities found so far, and scratch space.  Zero it (or use
 * DK_ENTITIES_INIT) before the first use; free with dk_entities_free(). */
typedef struct dk_entities {
	dk_buf list[DK_ENT_NKINDS];  /* values, each ended by '\n' */
	unsigned n[DK_ENT_NKINDS];   /* values in each list */
	struct dk_etok *tok;         /* scratch: tokens of the text */
	size_t ntok, tcap;
} dk_entities;

#define DK_ENTITIES_INIT { { DK_BUF_INIT, DK_BUF_INIT, DK_BUF_INIT, \
			     DK_BUF_INIT, DK_BUF_INIT }, { 0 }, NULL, 0, 0 }

/* "case", "party", "court", "statute", "cve". */
const char *dk_entities_kind_name(dk_entity_kind k);

/* Empty every list (the memory is kept for reuse). */
void dk_entities_reset(dk_entities *e);
void dk_entities_free(dk_entities *e);

/*
 * Find the entities of the kinds in the mask kinds (DK_ENT_ALL, or
 * DK_ENT_BIT(k) ored) in text[0..len) (clean UTF-8) and add those not yet
 * listed.  Call it for the title and the body of one article, then read
 * the lists; pass DK_ENT_HEADLINE for a headline in Title Case.
 * Fails only with DK_ERR_NOMEM.
 */
dk_status dk_entities_find(dk_entities *e, const char *text, size_t len,
			   unsigned kinds);

/* The values of kind k separated by '\n' (no final newline), and their
 * byte length in *len; NULL (and 0) when there are none.  Borrowed: valid
 * until the next call that changes e. */
const char *dk_entities_get(const dk_entities *e, dk_entity_kind k,
			    size_t *len);

#endif
