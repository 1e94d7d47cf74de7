/*
 * entities_court.c - court names (see entities.h for the forms found).
 *
 * Anchored on a court word among the tokens (entities_scan.h): "District"
 * (with a direction and a state: "Northern District of California"),
 * "Circuit" or "Cir." (with an ordinal: "Ninth Circuit", "9th Cir."),
 * "Court" (a named court: "Supreme Court", "Court of Appeals for ..."),
 * and Bluebook abbreviations ("N.D. Cal.").  Each is written out in one
 * canonical form, so "N.D. Cal." and "Northern District of California"
 * give the same value.
 */
#include "entities_scan.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static const char *const states[] = {
	"Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado",
	"Connecticut", "Delaware", "Florida", "Georgia", "Hawaii", "Idaho",
	"Illinois", "Indiana", "Iowa", "Kansas", "Kentucky", "Louisiana",
	"Maine", "Maryland", "Massachusetts", "Michigan", "Minnesota",
	"Mississippi", "Missouri", "Montana", "Nebraska", "Nevada",
	"New Hampshire", "New Jersey", "New Mexico", "New York",
	"North Carolina", "North Dakota", "Ohio", "Oklahoma", "Oregon",
	"Pennsylvania", "Rhode Island", "South Carolina", "South Dakota",
	"Tennessee", "Texas", "Utah", "Vermont", "Virginia", "Washington",
	"West Virginia", "Wisconsin", "Wyoming", "Columbia", "Puerto Rico",
	"Guam", "the Virgin Islands", "the Northern Mariana Islands", NULL
};

/* Bluebook abbreviations of the states, for "N.D. Cal." and the like;
 * written without spaces or dots. */
static const struct { const char *abbr; const char *state; } state_abbr[] = {
	{ "Ala", "Alabama" }, { "Alaska", "Alaska" }, { "Ariz", "Arizona" },
	{ "Ark", "Arkansas" }, { "Cal", "California" }, { "Colo", "Colorado" },
	{ "Conn", "Connecticut" }, { "Del", "Delaware" }, { "Fla", "Florida" },
	{ "Ga", "Georgia" }, { "Haw", "Hawaii" }, { "Idaho", "Idaho" },
	{ "Ill", "Illinois" }, { "Ind", "Indiana" }, { "Iowa", "Iowa" },
	{ "Kan", "Kansas" }, { "Ky", "Kentucky" }, { "La", "Louisiana" },
	{ "Me", "Maine" }, { "Md", "Maryland" }, { "Mass", "Massachusetts" },
	{ "Mich", "Michigan" }, { "Minn", "Minnesota" },
	{ "Miss", "Mississippi" }, { "Mo", "Missouri" }, { "Mont", "Montana" },
	{ "Neb", "Nebraska" }, { "Nev", "Nevada" }, { "NH", "New Hampshire" },
	{ "NJ", "New Jersey" }, { "NM", "New Mexico" }, { "NY", "New York" },
	{ "NC", "North Carolina" }, { "ND", "North Dakota" }, { "Ohio", "Ohio" },
	{ "Okla", "Oklahoma" }, { "Or", "Oregon" }, { "Pa", "Pennsylvania" },
	{ "RI", "Rhode Island" }, { "SC", "South Carolina" },
	{ "SD", "South Dakota" }, { "Tenn", "Tennessee" }, { "Tex", "Texas" },
	{ "Utah", "Utah" }, { "Vt", "Vermont" }, { "Va", "Virginia" },
	{ "Wash", "Washington" }, { "WVa", "West Virginia" },
	{ "Wis", "Wisconsin" }, { "Wyo", "Wyoming" }, { "DC", "Columbia" },
	{ "PR", "Puerto Rico" }, { NULL, NULL }
};

static const char *const directions[] = {
	"Northern", "Southern", "Eastern", "Western", "Middle", "Central", NULL
};

static const char *const ordinals[] = {
	"First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh",
	"Eighth", "Ninth", "Tenth", "Eleventh", "Federal", NULL
};

static const char *const ordinal_nums[] = {
	"1st", "2d", "3d", "4th", "5th", "6th", "7th", "8th", "9th", "10th",
	"11th", "Fed", NULL
};

/* Does the text at token i start one of the states?  Returns the number
 * of tokens it takes (the state name to *name). */
static size_t state_at(const dk_entities *e, const char *s, size_t i,
		       const char **name)
{
	for (size_t k = 0; states[k]; k++) {
		const char *st = states[k];
		size_t j = i;
		const char *p = st;
		int ok = 1;
		while (*p) {
			const char *sp = strchr(p, ' ');
			size_t wl = sp ? (size_t)(sp - p) : strlen(p);
			if (j >= e->ntok || e->tok[j].ce - e->tok[j].cs != wl ||
			    memcmp(s + e->tok[j].cs, p, wl) ||
			    (sp && e->tok[j].trail)) {
				ok = 0;
				break;
			}
			j++;
			p += wl + (sp ? 1 : 0);
		}
		if (ok) {
			*name = st;
			return j - i;
		}
	}
	return 0;
}

/* Canonical court names. */
static void add_district(dk_entities *e, const char *dir, const char *state)
{
	char buf[160];
	size_t n;
	if (dir)
		n = (size_t)snprintf(buf, sizeof buf,
				     "U.S. District Court for the %s District of %s",
				     dir, state);
	else
		n = (size_t)snprintf(buf, sizeof buf,
				     "U.S. District Court for the District of %s",
				     state);
	if (n < sizeof buf)
		dk_entities_add_value(e, DK_ENT_COURT, buf, n);
}

static void add_circuit(dk_entities *e, const char *ord)
{
	char buf[96];
	size_t n = (size_t)snprintf(buf, sizeof buf,
				    "U.S. Court of Appeals for the %s Circuit", ord);
	if (n < sizeof buf)
		dk_entities_add_value(e, DK_ENT_COURT, buf, n);
}

/* "Northern District of California" (with a court or judge nearby):
 * token i is "District". */
static void court_district(dk_entities *e, const char *s, size_t i)
{
	const etok *t = &e->tok[i];
	if (!CORE_IS(s, t, "District") || i + 2 >= e->ntok ||
	    !CORE_IS(s, &e->tok[i + 1], "of"))
		return;
	const char *state = NULL;
	if (!state_at(e, s, i + 2, &state))
		return;
	/* "District Court" itself is not the district. */
	const char *dir = NULL;
	if (i > 0 && core_in(s, &e->tok[i - 1], directions)) {
		const etok *d = &e->tok[i - 1];
		for (size_t k = 0; directions[k]; k++)
			if (core_is(s, d, directions[k]))
				dir = directions[k];
	}
	/* A court (or a judge) within the eight tokens before, and no
	 * prosecutor: "U.S. Attorney for the Southern District of New York"
	 * names an office, not a court. */
	int court = 0;
	size_t from = i >= 9 ? i - 9 : 0;
	for (size_t j = from; j < i; j++) {
		const etok *c = &e->tok[j];
		if (core_is_ci(s, c, "court") || core_is_ci(s, c, "judge") ||
		    core_is_ci(s, c, "courts"))
			court = 1;
		if (core_is_ci(s, c, "attorney") || core_is_ci(s, c, "attorneys") ||
		    core_is_ci(s, c, "prosecutor") || core_is_ci(s, c, "prosecutors"))
			court = 0;
	}
	if (court)
		add_district(e, dir, state);
}

/* "N.D. Cal.", "S.D.N.Y.", "D.D.C.", "E.D. Tex.", "D. Del.": up to three
 * tokens of letters and dots from token i, joined without the dots. */
static void court_abbrev(dk_entities *e, const char *s, size_t i)
{
	char buf[16];
	size_t k = 0;
	for (size_t j = i; j < e->ntok && j < i + 3; j++) {
		const etok *t = &e->tok[j];
		if (j > i && t->lead)
			break;
		size_t p = t->cs, end = t->ce, dots = 0, letters = 0;
		if (p < end && s[end] == '.')
			end++;
		for (; p < end; p++) {
			if (s[p] == '.')
				dots++;
			else if (isalpha((unsigned char)s[p]))
				letters++;
			else
				break;
		}
		if (p < end || !dots || k + letters + 1 > sizeof buf)
			break;
		for (p = t->cs; p < end; p++)
			if (s[p] != '.')
				buf[k++] = s[p];
		if (t->e > end)
			break;  /* "(D.D.C.);": punctuation ends it */
	}
	buf[k] = '\0';
	/* [NSEWMC]D + state, or D + state. */
	static const struct { char c; const char *d; } dirs[] = {
		{ 'N', "Northern" }, { 'S', "Southern" }, { 'E', "Eastern" },
		{ 'W', "Western" }, { 'M', "Middle" }, { 'C', "Central" },
	};
	const char *dir = NULL;
	const char *p = buf;
	for (size_t d = 0; d < sizeof dirs / sizeof dirs[0]; d++)
		if (p[0] == dirs[d].c && p[1] == 'D') {
			dir = dirs[d].d;
			p += 2;
			break;
		}
	if (!dir) {
		if (p[0] != 'D')
			return;
		p++;
	}
	if (!*p)
		return;  /* "N.D." alone is North Dakota, not a court */
	for (size_t a = 0; state_abbr[a].abbr; a++)
		if (!strcmp(p, state_abbr[a].abbr)) {
			add_district(e, dir, state_abbr[a].state);
			return;
		}
}

/* "Ninth Circuit", "9th Cir.", "D.C. Circuit", "D.C. Cir.": token i is
 * "Circuit" or "Cir". */
static void court_circuit(dk_entities *e, const char *s, size_t i)
{
	if (i == 0)
		return;
	const etok *o = &e->tok[i - 1];
	if (CORE_IS(s, o, "D.C")) {
		add_circuit(e, "D.C.");
		return;
	}
	for (size_t k = 0; ordinals[k]; k++)
		if ((CORE_IS(s, &e->tok[i], "Circuit") && core_is(s, o, ordinals[k])) ||
		    (CORE_IS(s, &e->tok[i], "Cir") && core_is(s, o, ordinal_nums[k]))) {
			add_circuit(e, ordinals[k]);
			return;
		}
}

/* Words that make "... Court" a court's name. */
static const char *const court_kinds[] = {
	"Supreme", "Superior", "Chancery", "Bankruptcy", "High", "Tax",
	"Claims", "Appeals", "Appeal", "Justice", "Trade", "Magistrate",
	"Family", "Probate", "Crown", "Criminal", "Constitutional",
	"Commercial", "Municipal", "County", "Rights", "Regional",
	"Administrative", "Patent", NULL
};

/* Capitalised function words: a court's name does not run through them
 * ("... Supreme Court of the United States Are ..."). */
static const char *const cap_function[] = {
	"Are", "Is", "Was", "Were", "Will", "Would", "Can", "Could", "Should",
	"May", "Might", "Must", "Has", "Have", "Had", "Does", "Did", "Says",
	"Said", "Rules", "Ruled", "To", "And", "Or", "But", "As", "At", "By",
	"In", "On", "With", "From", "Into", "Over", "After", "Before", "That",
	"This", "These", "Those", "It", "Its", "Their", "The", "A", "An", "Not",
	"Just", "Now", NULL
};

/* Capitalised qualifiers allowed before "Supreme Court" and the like. */
static int court_qualifier(const char *s, const etok *t)
{
	if (CORE_IS(s, t, "U.S") || CORE_IS(s, t, "US"))
		return 1;
	return is_name_word(t) && !core_in(s, t, dk_entities_not_names) &&
	       !core_in(s, t, cap_function) && !CORE_IS(s, t, "Circuit") &&
	       !CORE_IS(s, t, "District") && !CORE_IS(s, t, "Court") &&
	       !t->poss && !(t->trail && t->trail != '.');
}

/* A court named around token i ("Court"). */
static void court_named(dk_entities *e, const char *s, size_t i)
{
	const etok *t = &e->tok[i];
	if (!CORE_IS(s, t, "Court") || t->poss)
		return;
	/* Left: up to four capitalised words ("U.S. Supreme", "Delaware",
	 * "Los Angeles County Superior"). */
	size_t a = i;
	while (a > 0 && i - a < 4 && court_qualifier(s, &e->tok[a - 1]) &&
	       !e->tok[a - 1].lead)
		a--;
	if (a > 0 && a < i && e->tok[a - 1].lead == 0 && court_qualifier(s, &e->tok[a - 1]))
		return;  /* too long a run of capitals: a headline */
	/* Right: "of Chancery", "of Appeals for the Ninth Circuit", "of
	 * Justice of the European Union", "for the Northern District of
	 * California" - links and capitalised words, at most eight tokens. */
	size_t b = i + 1;
	if (!t->trail && i + 2 < e->ntok && (CORE_IS(s, &e->tok[i + 1], "of") ||
					     (CORE_IS(s, &e->tok[i + 1], "for") &&
					      CORE_IS(s, &e->tok[i + 2], "the")))) {
		size_t j = i + 1;
		size_t last_cap = 0;
		while (j < e->ntok && j < i + 9) {
			const etok *x = &e->tok[j];
			if (x->lead)
				break;
			if (CORE_IS(s, x, "of") || CORE_IS(s, x, "for") ||
			    CORE_IS(s, x, "the")) {
				j++;
				continue;
			}
			if (is_name_word(x) && !core_in(s, x, cap_function)) {
				last_cap = j + 1;
				j++;
				if (x->trail && !(x->trail == '.' &&
						  CORE_IS(s, x, "D.C")))
					break;
				continue;
			}
			break;
		}
		if (last_cap)
			b = last_cap;
	}
	/* Trim "the" and qualifiers that open sentences. */
	while (a < i && core_in(s, &e->tok[a], dk_entities_not_names))
		a++;
	/* A capital opening a sentence says nothing ("Potential Supreme
	 * Court nominees"): a qualifier there must be a state or the U.S. */
	const char *st_name;
	if (a < i && (a == 0 || (e->tok[a - 1].trail && e->tok[a - 1].trail != ',')) &&
	    !state_at(e, s, a, &st_name) && !CORE_IS(s, &e->tok[a], "U.S") &&
	    !CORE_IS(s, &e->tok[a], "US") && !CORE_IS(s, &e->tok[a], "United"))
		a++;
	/* Which court is it? */
	int kind = 0, district = 0, appeals_circuit = 0;
	for (size_t j = a; j < b; j++) {
		if (core_in(s, &e->tok[j], court_kinds))
			kind = 1;
		if (CORE_IS(s, &e->tok[j], "District"))
			district = 1;
		if (CORE_IS(s, &e->tok[j], "Circuit") && j > i)
			appeals_circuit = 1;
	}
	if (district || appeals_circuit)
		return;  /* canonical forms come from court_district/circuit */
	if (!kind)
		return;
	/* "Superior Court", "Circuit Court", "Bankruptcy Court" alone name
	 * no particular court ("Supreme Court" and "High Court" do). */
	if (b == i + 1 && a == i - 1 && !CORE_IS(s, &e->tok[a], "Supreme") &&
	    !CORE_IS(s, &e->tok[a], "High") &&
	    !CORE_IS(s, &e->tok[a], "Constitutional"))
		return;
	/* "Court of Appeals" alone names no court. */
	if (a == i && b == i + 3 && CORE_IS(s, &e->tok[i + 1], "of") &&
	    (CORE_IS(s, &e->tok[i + 2], "Appeals") ||
	     CORE_IS(s, &e->tok[i + 2], "Appeal")))
		return;
	size_t from = e->tok[a].cs, to = e->tok[b - 1].ce;
	if (e->tok[b - 1].trail == '.' && CORE_IS(s, &e->tok[b - 1], "D.C"))
		to++;
	/* The U.S. Supreme Court under one name. */
	int us = a < i && (CORE_IS(s, &e->tok[a], "U.S") || CORE_IS(s, &e->tok[a], "US"));
	if (b == i + 1 && i - a == 1 + (size_t)us &&
	    CORE_IS(s, &e->tok[i - 1], "Supreme")) {
		if (us)
			dk_entities_add_value(e, DK_ENT_COURT, "U.S. Supreme Court", 18);
		else
			dk_entities_add_value(e, DK_ENT_COURT, "Supreme Court", 13);
		return;
	}
	if (a < i && CORE_IS(s, &e->tok[i - 1], "Supreme") &&
	    ((b == i + 5 && CORE_IS(s, &e->tok[i + 3], "United") &&
	      CORE_IS(s, &e->tok[i + 4], "States")) ||
	     (b == i + 4 && CORE_IS(s, &e->tok[i + 3], "U.S")))) {
		dk_entities_add_value(e, DK_ENT_COURT, "U.S. Supreme Court", 18);
		return;
	}
	if (us) {
		/* "U.S. Bankruptcy Court": spell the prefix one way. */
		char buf[200];
		size_t m = (size_t)(to - e->tok[a + 1].cs);
		if (m + 6 < sizeof buf) {
			memcpy(buf, "U.S. ", 5);
			memcpy(buf + 5, s + e->tok[a + 1].cs, m);
			dk_entities_add_value(e, DK_ENT_COURT, buf, m + 5);
		}
		return;
	}
	dk_entities_add_value(e, DK_ENT_COURT, s + from, to - from);
}

void dk_entities_find_courts(dk_entities *e, const char *s, int headline)
{
	for (size_t i = 0; i < e->ntok; i++) {
		const etok *t = &e->tok[i];
		if (!t->cap)
			continue;
		char c0 = s[t->cs];
		if (c0 == 'D' && CORE_IS(s, t, "District"))
			court_district(e, s, i);
		else if (c0 == 'C' && (CORE_IS(s, t, "Circuit") ||
				       CORE_IS(s, t, "Cir")))
			court_circuit(e, s, i);
		else if (c0 == 'C' && CORE_IS(s, t, "Court") && !headline)
			court_named(e, s, i);
		/* Abbreviations open with a direction letter or "D.". */
		if (t->ce - t->cs >= 1 && t->cs + 1 < t->e && s[t->cs + 1] == '.' &&
		    strchr("NSEWMCD", s[t->cs]))
			court_abbrev(e, s, i);
	}
}
