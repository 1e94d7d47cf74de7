/*
 * entities.c - legal and technical entities (see entities.h).
 *
 * The text is split once into tokens at white space; each token keeps its
 * core (from its first to its last letter or digit), whether the core is
 * capitalised, the punctuation right after it and a possessive "'s" cut
 * off the core.  Each kind of entity is then a small matcher over the
 * token array, anchored on a cheap test: a digit ("No. 25-01234",
 * "5:25-cv-00709"), the token "v.", a court word ("Court", "Circuit",
 * "Cir.", "District", an abbreviation such as "N.D."), a statute word
 * ("Act", "Law", "Regulation", "Directive"), or "CVE-".
 *
 * The token type and the core tests are in entities_scan.h; the court
 * matchers, the largest group, are in entities_court.c.
 */
#include "entities.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../common/case_number.h"
#include "entities_scan.h"

const char *dk_entities_kind_name(dk_entity_kind k)
{
	static const char *const names[DK_ENT_NKINDS] = {
		"case", "party", "court", "statute", "cve"
	};
	return (unsigned)k < DK_ENT_NKINDS ? names[k] : "?";
}

void dk_entities_reset(dk_entities *e)
{
	for (int k = 0; k < DK_ENT_NKINDS; k++) {
		dk_buf_reset(&e->list[k]);
		e->n[k] = 0;
	}
}

void dk_entities_free(dk_entities *e)
{
	for (int k = 0; k < DK_ENT_NKINDS; k++)
		dk_buf_free(&e->list[k]);
	free(e->tok);
	memset(e, 0, sizeof *e);
}

const char *dk_entities_get(const dk_entities *e, dk_entity_kind k,
			    size_t *len)
{
	*len = 0;
	if ((unsigned)k >= DK_ENT_NKINDS || !e->n[k] || !e->list[k].len)
		return NULL;
	*len = e->list[k].len - 1;  /* without the final '\n' */
	return e->list[k].data;
}

/* Compare ignoring ASCII case and a final period. */
static int same_value(const char *a, size_t an, const char *b, size_t bn)
{
	if (an && a[an - 1] == '.')
		an--;
	if (bn && b[bn - 1] == '.')
		bn--;
	return an == bn && strncasecmp(a, b, an) == 0;
}

void dk_entities_add_value(dk_entities *e, dk_entity_kind k, const char *v,
		      size_t n)
{
	while (n && (v[n - 1] == ' ' || v[n - 1] == ','))
		n--;
	if (n == 0 || n > 200 || e->n[k] >= DK_ENT_MAX)
		return;
	dk_buf *b = &e->list[k];
	size_t i = 0;
	while (i < b->len) {
		const char *nl = memchr(b->data + i, '\n', b->len - i);
		size_t l = (size_t)(nl - (b->data + i));
		if (same_value(b->data + i, l, v, n))
			return;
		i += l + 1;
	}
	dk_buf_append(b, v, n);
	dk_buf_putc(b, '\n');
	e->n[k]++;
}

/* ---- tokens ----------------------------------------------------------- */

/* Byte classes: 1 white space, 2 a word byte (ASCII letter or digit, or
 * any byte of a multi-byte character), 4 a digit, 8 a byte an entity
 * anchor can start with (see anchor_at). */
static const unsigned char bclass[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 0, 0, 0, 0, 0, 0,
	0, 10, 2, 10, 10, 10, 2, 2, 2, 2, 2, 2, 10, 10, 10, 2,
	2, 2, 10, 10, 2, 2, 2, 10, 2, 2, 2, 0, 0, 0, 0, 0,
	0, 2, 2, 10, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 10, 2, 2, 2, 2, 0, 0, 0, 0, 0,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
};

static int is_ws(unsigned char c)
{
	return bclass[c] & 1;
}

/* An ASCII letter or digit, or any byte of a multi-byte character (names
 * such as "Núñez" keep their letters; punctuation outside ASCII is rare
 * inside the names matched here and is trimmed below). */
static int is_wordc(unsigned char c)
{
	return (bclass[c] & 2) != 0;
}

/* Is s[i..) a UTF-8 punctuation mark that is not part of a word:
 * curly quotes and apostrophes, dashes, ellipsis, section sign. */
static size_t upunct(const char *s, size_t i, size_t e)
{
	const unsigned char *p = (const unsigned char *)s + i;
	if (i + 3 <= e && p[0] == 0xE2 && p[1] == 0x80 &&
	    (p[2] >= 0x90 && p[2] <= 0xA6))
		return 3;
	if (i + 2 <= e && p[0] == 0xC2 && (p[1] == 0xA0 || p[1] == 0xA7 ||
					   p[1] == 0xAB || p[1] == 0xBB ||
					   p[1] == 0xA9 || p[1] == 0xAE))
		return 2;
	return 0;
}

/* Append a token that stops every matcher: no core, a ';' after it. */
static int add_stop(dk_entities *e, size_t at)
{
	if (e->ntok == e->tcap) {
		size_t cap = e->tcap ? e->tcap * 2 : 512;
		etok *v = realloc(e->tok, cap * sizeof *v);
		if (!v)
			return -1;
		e->tok = v;
		e->tcap = cap;
	}
	etok *t = &e->tok[e->ntok++];
	memset(t, 0, sizeof *t);
	t->s = t->e = t->cs = t->ce = at;
	t->trail = t->tail = t->lead = ';';
	return 0;
}

/* Append the tokens of s[i..len). */
static int tokenize(dk_entities *e, const char *s, size_t i, size_t len)
{
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		if (is_ws(c)) {
			i++;
			continue;
		}
		if (e->ntok == e->tcap) {
			size_t cap = e->tcap ? e->tcap * 2 : 512;
			etok *v = realloc(e->tok, cap * sizeof *v);
			if (!v)
				return -1;
			e->tok = v;
			e->tcap = cap;
		}
		etok *t = &e->tok[e->ntok++];
		memset(t, 0, sizeof *t);
		t->s = i;
		/* One pass over the token: its core runs from the first to the
		 * last word byte (punctuation outside ASCII skipped). */
		size_t cs = (size_t)-1, ce = 0, k;
		unsigned acc = 0;
		while (i < len) {
			c = (unsigned char)s[i];
			unsigned m = bclass[c];
			if (m & 1)
				break;
			if (c >= 0x80 && (k = upunct(s, i, len))) {
				i += k;
				continue;
			}
			if (m & 2) {
				if (cs == (size_t)-1)
					cs = i;
				acc |= m;
				ce = ++i;
				continue;
			}
			if (cs == (size_t)-1 && !t->lead)
				t->lead = (char)c;
			i++;
		}
		t->e = i;
		t->digit = (unsigned char)((acc & 4) != 0);
		if (cs == (size_t)-1) {
			t->cs = t->ce = i;
			continue;
		}
		/* The first ASCII punctuation after the core, and the last byte. */
		for (size_t j = ce; j < i; j++) {
			if ((unsigned char)s[j] >= 0x80 && (k = upunct(s, j, i))) {
				j += k - 1;
				continue;
			}
			t->trail = s[j];
			break;
		}
		if (!is_wordc((unsigned char)s[i - 1]))
			t->tail = s[i - 1];
		/* A possessive: "Brightpath's", "Brightpath’s". */
		if (ce - cs > 2 && (s[ce - 1] == 's' || s[ce - 1] == 'S')) {
			if (s[ce - 2] == '\'') {
				ce -= 2;
				t->poss = 1;
			} else if (ce - cs > 4 && !memcmp(s + ce - 4, "\xE2\x80\x99", 3)) {
				ce -= 4;
				t->poss = 1;
			}
		}
		t->cs = cs;
		t->ce = ce;
		c = (unsigned char)s[cs];
		t->alpha = (unsigned char)(!(c >= '0' && c <= '9'));
		/* Upper case: ASCII, or a Latin capital in UTF-8 (C3 80..9E,
		 * and "Ł"). */
		t->cap = (unsigned char)((c >= 'A' && c <= 'Z') ||
			  (c == 0xC3 && cs + 1 < ce &&
			   (unsigned char)s[cs + 1] >= 0x80 &&
			   (unsigned char)s[cs + 1] <= 0x9E) ||
			  (c == 0xC5 && cs + 1 < ce &&
			   (unsigned char)s[cs + 1] == 0x81));
		if (c >= 'a' && c <= 'z' && ce - cs <= 12)
			for (size_t j = cs + 1; j < ce && s[j] != '-'; j++)
				if (s[j] >= 'A' && s[j] <= 'Z') {
					t->mixed = 1;
					break;
				}
	}
	return 0;
}

/* ---- case numbers ----------------------------------------------------- */

static const char *const case_types[] = {
	"cv", "cr", "md", "mc", "mj", "bk", "ap", "po", "ml", "sw", "gj", "dp",
	"CV", "CR", "MD", "MC", "MJ", "BK", "AP", NULL
};

/* Words after which a bare "YY-NNNNN" is a docket number. */
static const char *const case_context[] = {
	"No", "Nos", "no", "nos", "number", "Number", "numbers", "Case", "case",
	"Docket", "docket", "Action", "action", "Appeal", "appeal", "#", NULL
};

/* The shape [D[D]:]YY-[type-]N: with a known type (or an office prefix)
 * it is a docket number on its own; a bare YY-NNN+ needs context. */
static void find_cases(dk_entities *e, const char *s)
{
	for (size_t i = 0; i < e->ntok; i++) {
		const etok *t = &e->tok[i];
		if (!t->digit || !isdigit((unsigned char)s[t->cs]))
			continue;
		const char *p = s + t->cs;
		size_t n = t->ce - t->cs;
		char norm[16];
		size_t used = dk_case_number_normalize(p, n, norm);
		if (used != n)
			continue;
		/* What shape was it? */
		const char *dash = memchr(p, '-', n);
		int office = memchr(p, ':', (size_t)(dash - p)) != NULL;
		const char *dash2 = memchr(dash + 1, '-', n - (size_t)(dash + 1 - p));
		int typed = 0;
		if (dash2) {
			etok tmp = { 0 };
			tmp.cs = (size_t)(dash + 1 - s);
			tmp.ce = (size_t)(dash2 - s);
			typed = core_in(s, &tmp, case_types);
			if (!typed)
				continue;
		}
		size_t serial = n - (size_t)((dash2 ? dash2 : dash) + 1 - p);
		int ok = (typed && (office || serial >= 3)) || (office && !dash2);
		if (!ok && serial >= 3 && i > 0) {
			/* "Case No. 25-00709", "case number 25-00709",
			 * "No. 25-01234": a context word just before. */
			const etok *c = &e->tok[i - 1];
			ok = core_in(s, c, case_context) ||
			     (c->s + 1 == c->e && s[c->s] == '#');
			if (ok && CORE_IS(s, c, "no")) /* "no 25-..." lower case */
				ok = i > 1 && core_in_ci(s, &e->tok[i - 2],
							 case_context);
		}
		if (ok)
			dk_entities_add_value(e, DK_ENT_CASE, norm, strlen(norm));
	}
}

/* ---- CVE ids ---------------------------------------------------------- */

static void find_cves(dk_entities *e, const char *s)
{
	for (size_t i = 0; i < e->ntok; i++) {
		const etok *t = &e->tok[i];
		size_t n = t->ce - t->cs;
		const char *p = s + t->cs;
		if (n < 13 || strncasecmp(p, "cve-", 4))
			continue;
		size_t k = 4;
		while (k < n && k < 8 && isdigit((unsigned char)p[k]))
			k++;
		if (k != 8 || k >= n || p[k] != '-')
			continue;
		size_t d = ++k;
		while (k < n && isdigit((unsigned char)p[k]))
			k++;
		if (k - d < 4 || k - d > 7 || k != n)
			continue;
		char id[20];
		for (size_t j = 0; j < n; j++)
			id[j] = (char)toupper((unsigned char)p[j]);
		dk_entities_add_value(e, DK_ENT_CVE, id, n);
	}
}

/* ---- case captions ---------------------------------------------------- */

/* Lower-case words allowed inside a name between capitalised ones. */
static const char *const name_links[] = {
	"of", "the", "de", "la", "del", "van", "von", "der", "da", "di", "du",
	"and", "&", "for", "y", "le", NULL
};

/* Capitalised words that open a sentence but not a party's name. */
const char *const dk_entities_not_names[] = {
	"The", "A", "An", "In", "On", "At", "For", "From", "By", "With", "As",
	"After", "Before", "Under", "While", "When", "Since", "See", "And",
	"But", "Or", "If", "Of", "To", "This", "That", "These", "Those", "Its",
	"His", "Her", "Their", "Our", "Both", "Also", "Then", "Case", "Judge",
	"Justice", "Court", "Cf", "E.g", "Re", "Titled", "Filed", "Today",
	"Yesterday", "Last", "Like", "Unlike", "Until", "During", "Per",
	"Following", "Citing", "Including", "Called", "Named", "Styled",
	"Captioned", "Versus", "It", "He", "She", "They", "We", "Here",
	"There", "Where", "Whether", "Because", "Although", "Though",
	"Plaintiff", "Plaintiffs", "Defendant", "Defendants", "Lawsuit",
	"Complaint", "Ruling", "Order", "Opinion", "What", "How", "Why", "Who",
	"Which", "Is", "Was", "Will", "Does", "Did", "Can", NULL
};

/* Plural nouns whose possessive is part of a name (a law's, a party's). */
static const char *const name_possessives[] = {
	"Children", "Consumers", "Workers", "Veterans", "Women", "Employees",
	"Taxpayers", "People", "Patients", "Americans", "Owners", NULL
};

/* Corporate suffixes that may follow a comma: "Brightpath, Inc.". */
static const char *const corp_suffixes[] = {
	"Inc", "Corp", "Co", "Ltd", "LLC", "L.L.C", "LLP", "LP", "PLC", "plc",
	"N.A", "S.A", "AG", "GmbH", "Corporation", "Company", "Limited", NULL
};

/* The caption's left side ends at token r (the one before "v."): walk
 * back over capitalised words and links.  Returns the first token. */
/* Does a caption end within the eight tokens before j ("Brown v. Board
 * of Education and ...")? */
static int caption_behind(const dk_entities *e, const char *s, size_t j)
{
	for (size_t k = j; k-- > 0 && j - k <= 8;) {
		const etok *t = &e->tok[k];
		if (t->e - t->s == 2 && s[t->s] == 'v' && s[t->s + 1] == '.')
			return 1;
		if (t->trail && t->trail != '.')
			return 0;
	}
	return 0;
}

static size_t party_left(const dk_entities *e, const char *s, size_t r)
{
	size_t a = r + 1;
	size_t words = 0;
	for (size_t j = r + 1; j-- > 0;) {
		const etok *t = &e->tok[j];
		/* "Foundation for the Visual Arts, Inc. v. ...": a company's
		 * suffix after a comma belongs to the name before it. */
		int suffix_comma = j + 1 < r + 1 && words == 1 && a == j + 1 &&
				   core_in(s, &e->tok[a], corp_suffixes) &&
				   t->trail == ',' && !t->poss;
		/* Punctuation after a token left of the name ends it. */
		if (j < r && !suffix_comma &&
		    (t->trail == ',' || t->trail == ';' || t->trail == ':' ||
		     t->trail == ')' || t->trail == '"' ||
		     (t->poss && !core_in(s, t, name_possessives))))
			break;
		if (j < r && t->trail == '.' && t->ce - t->cs > 1)
			break;  /* the end of the sentence (or name) before */
		if (j < r && core_in(s, t, corp_suffixes))
			break;  /* "Inc" ends the name before */
		if (is_name_word(t)) {
			if (t->lead && t->lead != '(' && t->lead != '"')
				break;
			if (core_in(s, t, dk_entities_not_names))
				break;  /* "The", "In": the name starts after it */
			a = j;
			words++;
			if (t->lead || words >= 8)
				break;
			continue;
		}
		/* Links between name words: "State of Ohio", "Foundation for
		 * the Visual Arts" (at most two in a row). */
		if (words && core_in(s, t, name_links) &&
		    !(CORE_IS(s, t, "and") && caption_behind(e, s, j))) {
			size_t k = j;
			while (k > 0 && j - k < 2 && core_in(s, &e->tok[k - 1], name_links))
				k--;
			if (k > 0 && is_name_word(&e->tok[k - 1]) &&
			    !e->tok[k - 1].trail) {
				j = k;  /* the loop steps onto the name word */
				continue;
			}
		}
		break;
	}
	/* Drop leading words that open sentences, not names. */
	while (a <= r && (core_in(s, &e->tok[a], dk_entities_not_names) ||
			  core_in(s, &e->tok[a], name_links)))
		a++;
	return a;
}

/* Does another caption start within the eight tokens from j ("... and
 * Friends of the Earth v. Laidlaw")? */
static int caption_ahead(const dk_entities *e, const char *s, size_t j)
{
	for (size_t k = j; k < e->ntok && k < j + 8; k++) {
		const etok *t = &e->tok[k];
		if (t->e - t->s == 2 && s[t->s] == 'v' && s[t->s + 1] == '.')
			return 1;
		if (t->trail && t->trail != '.')
			return 0;
	}
	return 0;
}

/* The right side starts at token l (after "v."); returns one past its
 * last token. */
static size_t party_right(const dk_entities *e, const char *s, size_t l,
			  size_t *cut_poss)
{
	size_t b = l, words = 0;
	*cut_poss = 0;
	for (size_t j = l; j < e->ntok; j++) {
		const etok *t = &e->tok[j];
		if (is_name_word(t) && (!t->lead || j == l)) {
			if (j == l && core_in(s, t, dk_entities_not_names))
				break;
			b = j + 1;
			words++;
			if (t->poss && !core_in(s, t, name_possessives)) {
				*cut_poss = 1;
				break;
			}
			if (core_in(s, t, corp_suffixes))
				break;  /* "Inc." ends a name */
			if (t->trail == ',' && j + 1 < e->ntok &&
			    core_in(s, &e->tok[j + 1], corp_suffixes))
				continue;  /* "Brightpath, Inc." */
			if (t->trail || words >= 6)
				break;
			continue;
		}
		/* Links: "Board of Education", "Friends of the Earth"; "the"
		 * only after "of" or "for" ("Bush v. Gore the court ..."). */
		if (words && core_in(s, t, name_links) && !t->trail &&
		    !(CORE_IS(s, t, "the") && !(CORE_IS(s, &e->tok[j - 1], "of") ||
						 CORE_IS(s, &e->tok[j - 1], "for"))) &&
		    !(CORE_IS(s, t, "and") && caption_ahead(e, s, j + 1))) {
			size_t k = j + 1;
			if (k < e->ntok && CORE_IS(s, &e->tok[k], "the") &&
			    !CORE_IS(s, t, "the"))
				k++;
			if (k < e->ntok && is_name_word(&e->tok[k]) &&
			    !e->tok[k].lead)
				continue;
		}
		break;
	}
	return b;
}

static void add_party(dk_entities *e, const char *s, size_t a, size_t b)
{
	/* From the first core to the last core (keeping "Inc." whole). */
	size_t from = e->tok[a].cs;
	const etok *last = &e->tok[b - 1];
	size_t to = last->ce;
	if (last->trail == '.' && core_in(s, last, corp_suffixes))
		to++;
	/* A name needs two letters somewhere. */
	unsigned letters = 0;
	for (size_t i = from; i < to; i++)
		letters += isalpha((unsigned char)s[i]) ? 1u : 0u;
	if (letters < 2)
		return;
	dk_entities_add_value(e, DK_ENT_PARTY, s + from, to - from);
}

/* A capitalised word that does not end a clause. */
static int capital_run(const etok *t)
{
	return t->cap && t->alpha && (!t->trail || t->trail == '.') &&
	       (!t->tail || t->tail == '.') &&
	       !(t->trail == '.' && t->ce - t->cs > 3);
}

static void find_parties(dk_entities *e, const char *s)
{
	for (size_t i = 1; i + 1 < e->ntok; i++) {
		const etok *v = &e->tok[i];
		if (v->e - v->s != 2 || s[v->s] != 'v' || s[v->s + 1] != '.')
			continue;
		const etok *lt = &e->tok[i - 1];
		if (lt->trail && lt->trail != '.')
			continue;  /* "X, v. Y" is no caption */
		if (lt->trail == '.' && !core_in(s, lt, corp_suffixes))
			continue;
		size_t a = party_left(e, s, i - 1);
		size_t poss;
		size_t b = party_right(e, s, i + 1, &poss);
		if (a > i - 1 || b <= i + 1)
			continue;
		/* Inside a run of capitalised words (a Title Case teaser list
		 * glued into the text), a caption's edges cannot be told. */
		if (a >= 2 && capital_run(&e->tok[a - 2]) && capital_run(&e->tok[a - 1]))
			continue;
		if (b - (i + 1) >= 3 && b < e->ntok && capital_run(&e->tok[b - 1]) &&
		    capital_run(&e->tok[b]))
			continue;
		add_party(e, s, a, i);
		add_party(e, s, i + 1, b);
	}
}

/* ---- statutes --------------------------------------------------------- */


/* Words that no statute's name holds: journals, schools, offices, page
 * labels, and the verbs and prepositions of headlines in Title Case. */
static const char *const not_statute[] = {
	"Journal", "Review", "Institute", "Center", "Centre", "Program",
	"Programme", "Professor", "Chair", "School", "Faculty", "Alliance",
	"Guild", "Contributor", "Topics", "Keywords", "Tags", "Amending",
	"Amend", "Enacts", "Implementing", "Identify", "Pass", "Passes",
	"Making", "Demystifying", "Between", "Under", "Over", "Is", "Are",
	"Was", "Explains", "Changes", "Says", "Latest", "Magic", "PDF", NULL
};

/* Fields of law: "<field> Law" names a subject, not a statute. */
static const char *const law_fields[] = {
	"Property", "Privacy", "Rights", "Technology", "Tax", "Criminal",
	"Constitutional", "International", "Environmental", "Media",
	"Internet", "Cyber", "Corporate", "Business", "Space", "Family",
	"Administrative", "Contract", "Employment", "Labor", "Labour",
	"Patent", "Copyright", "Trademark", "Health", "Energy", "Sports", NULL
};

/* Words that follow "Law" in the name of something that is not a law. */
static const char *const statute_words[] = {
	"Act", "Law", "Regulation", "Directive", NULL
};

static void find_statutes(dk_entities *e, const char *s)
{
	for (size_t i = 1; i < e->ntok; i++) {
		const etok *t = &e->tok[i];
		if (!t->cap || t->poss || t->lead || !strchr("ALRD", s[t->cs]) ||
		    !core_in(s, t, statute_words))
			continue;
		/* A capitalised word after "Law" makes a school, a firm, a
		 * review: "Harvard Law School". */
		if (!t->trail && i + 1 < e->ntok && e->tok[i + 1].cap &&
		    !e->tok[i + 1].lead)
			continue;
		size_t a = i, words = 0;
		for (size_t j = i; j-- > 0;) {
			const etok *x = &e->tok[j];
			if (x->trail && x->trail != '.')
				break;
			if (x->trail == '.' && !CORE_IS(s, x, "U.S"))
				break;
			if (x->poss) {
				if (core_in(s, x, name_possessives)) {
					a = j;
					words++;
				}
				break;
			}
			if (is_name_word(x) || (x->cap && x->digit)) {
				if (core_in(s, x, statute_words) &&
				    !CORE_IS(s, x, "Law"))
					break;
				a = j;
				words++;
				if (x->lead || words >= 8)
					break;
				continue;
			}
			/* Links: "Fraud and Abuse", "Truth in Lending"; "the"
			 * only after "of" or "for" ("Freedom of the Press"). */
			if (words && (core_in(s, x, name_links) ||
				      CORE_IS(s, x, "with") || CORE_IS(s, x, "in")) &&
			    j > 0 && is_name_word(&e->tok[j - 1]) &&
			    !e->tok[j - 1].trail &&
			    !(CORE_IS(s, x, "the") && !CORE_IS(s, &e->tok[j - 1], "of") &&
			      !CORE_IS(s, &e->tok[j - 1], "for")))
				continue;
			break;
		}
		while (a < i && (core_in(s, &e->tok[a], dk_entities_not_names) ||
				 core_in(s, &e->tok[a], name_links))) {
			a++;
			words--;
		}
		if (words == 0)
			continue;
		/* Journals, institutes, chairs and titles of papers end in
		 * "Law" or "Regulation" too. */
		int bad_word = 0, links = 0;
		for (size_t j = a; j < i; j++) {
			if (core_in(s, &e->tok[j], not_statute))
				bad_word = 1;
			if (!e->tok[j].cap && !e->tok[j].mixed)
				links++;
		}
		if (bad_word)
			continue;
		if (links && (CORE_IS(s, t, "Law") || CORE_IS(s, t, "Regulation")))
			continue;
		/* More than one "of": a title or an office, not a law. */
		unsigned ofs = 0;
		for (size_t j = a; j < i; j++)
			ofs += CORE_IS(s, &e->tok[j], "of") ? 1u : 0u;
		if (ofs > 1)
			continue;
		int law = CORE_IS(s, t, "Law");
		/* "Intellectual Property Law" is a field of study. */
		if (law && core_in(s, &e->tok[i - 1], law_fields))
			continue;
		int need = (law || CORE_IS(s, t, "Regulation")) ? 2 : 1;
		if (words < (size_t)need)
			continue;
		/* "Courtside Law Litigation Regulation": a law inside is a
		 * menu or a firm, not a statute. */
		int bad = 0;
		for (size_t j = a; j < i; j++)
			if (CORE_IS(s, &e->tok[j], "Law"))
				bad = 1;
		if (bad)
			continue;
		dk_entities_add_value(e, DK_ENT_STATUTE, s + e->tok[a].cs,
			  t->ce - e->tok[a].cs);
	}
}

/* ---- anchors ---------------------------------------------------------- */

/* Could an entity be anchored at s[i] (the first byte of a word, or a
 * digit)?  Cheap tests only; the matchers decide. */
static int anchor_at(const char *s, size_t len, size_t i)
{
	unsigned char c = (unsigned char)s[i];
	if (!(bclass[c] & 8))
		return 0;
	size_t left = len - i;
	if (c >= '0' && c <= '9') {
		if (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9')
			return 0;
		/* "5:25-cv-...", "12:24-...", "25-01234" */
		return left > 3 && (s[i + 1] == ':' || s[i + 2] == ':' ||
				    (s[i + 1] >= '0' && s[i + 1] <= '9' &&
				     s[i + 2] == '-'));
	}
	if (i > 0 && (bclass[(unsigned char)s[i - 1]] & 2))
		return 0;  /* inside a word */
	switch (c) {
	case 'v':
		return left > 2 && s[i + 1] == '.' && i > 0 && s[i - 1] == ' ';
	case 'c':
	case 'C':
		if (left > 4 && !strncasecmp(s + i, "cve-", 4))
			return 1;
		if (c == 'c')
			return 0;
		return (left >= 5 && !memcmp(s + i, "Court", 5)) ||
		       (left >= 3 && !memcmp(s + i, "Cir", 3)) ||
		       (left > 1 && s[i + 1] == '.');
	case 'A':
		return left >= 3 && !memcmp(s + i, "Act", 3);
	case 'L':
		return left >= 3 && !memcmp(s + i, "Law", 3);
	case 'R':
		return left >= 10 && !memcmp(s + i, "Regulation", 10);
	case 'D':
		return (left >= 9 && !memcmp(s + i, "Directive", 9)) ||
		       (left >= 8 && !memcmp(s + i, "District", 8)) ||
		       (left > 1 && s[i + 1] == '.');
	case 'N': case 'S': case 'E': case 'W': case 'M':
		return left > 1 && s[i + 1] == '.';
	default:
		return 0;
	}
}

/* Context kept on each side of an anchor: more than any matcher walks
 * (eight or nine words). */
#define WINDOW 240

/* Tokenize the windows of text around its anchors, a stop token between
 * two windows. */
static int tokenize_windows(dk_entities *e, const char *s, size_t len)
{
	size_t wa = 0, wb = 0;  /* the window being grown; empty when equal */
	int open = 0;
	for (size_t i = 0; i < len; i++) {
		if (!anchor_at(s, len, i))
			continue;
		size_t a = i > WINDOW ? i - WINDOW : 0;
		size_t b = len - i > WINDOW ? i + WINDOW : len;
		while (a > 0 && !is_ws((unsigned char)s[a - 1]))
			a--;
		while (b < len && !is_ws((unsigned char)s[b]))
			b++;
		if (open && a <= wb) {
			wb = b;
			continue;
		}
		if (open && (tokenize(e, s, wa, wb) || add_stop(e, wb)))
			return -1;
		wa = a;
		wb = b;
		open = 1;
		i = i + 1;  /* the next anchor is at least one byte on */
	}
	if (open && tokenize(e, s, wa, wb))
		return -1;
	return 0;
}

dk_status dk_entities_find(dk_entities *e, const char *text, size_t len,
			   unsigned kinds)
{
	if (!text || !len)
		return DK_OK;
	e->ntok = 0;
	if (tokenize_windows(e, text, len))
		return DK_ERR_NOMEM;
	if (kinds & DK_ENT_BIT(DK_ENT_CASE))
		find_cases(e, text);
	if (kinds & DK_ENT_BIT(DK_ENT_CVE))
		find_cves(e, text);
	int headline = (kinds & DK_ENT_HEADLINE) != 0;
	if ((kinds & DK_ENT_BIT(DK_ENT_PARTY)) && !headline)
		find_parties(e, text);
	if (kinds & DK_ENT_BIT(DK_ENT_COURT))
		dk_entities_find_courts(e, text, headline);
	if ((kinds & DK_ENT_BIT(DK_ENT_STATUTE)) && !headline)
		find_statutes(e, text);
	for (int k = 0; k < DK_ENT_NKINDS; k++)
		if (e->list[k].err)
			return DK_ERR_NOMEM;
	return DK_OK;
}
