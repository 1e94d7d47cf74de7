/*
 * boilerplate.c - the text-dump boilerplate stripper: paragraph-level
 * verdicts for an article body laid out as lines (see boilerplate.h).
 *
 * One pass splits a paragraph into words and computes its features (a
 * word is a run between spaces; its core is the part from its first to its
 * last letter or digit; one hash lookup per word gives its classes: English
 * stopword, navigation label, share-button word, function word of another
 * language, abbreviation ...).  The rules then run in this order, each only
 * on paragraphs still kept:
 *
 *   intrinsic  fixed phrases (credits, promos, share rows, related
 *              headers, teasers with a glued category word), menus, bios,
 *              bylines and date lines, other-language paragraphs;
 *   template   the paragraph is held by at least DK_TEMPLATES_MIN independent
 *              articles of the source (DK_TEMPLATES_MIN_LONG for prose over
 *              DK_TEMPLATES_LONG_PROSE bytes);
 *   sections   after a related header the list runs to the next strong
 *              prose paragraph (>= 300 bytes, or >= 200 bytes with two
 *              sentences); in it, headline-like lines and the teaser
 *              sentence after each go; with no strong prose after it, the
 *              section is the tail of the page and all of it goes;
 *   echoes     a headline-like line equal to one removed elsewhere in the
 *              page (the related headline dropped mid-article);
 *   orphans    a headline-like line of >= 5 content words between prose
 *              paragraphs that shares < 30% of its content words (by
 *              5-byte prefix) with the rest of the article;
 *   glued      the last sentence of a paragraph of prose, when it has >= 5
 *              capitalised content words and no lower-case one (Title
 *              Case: another story's headline), is cut.
 *
 * The intrinsic rules themselves are in boilerplate_rules.c (the two files
 * share boilerplate_int.h); template evidence comes from dk_templates
 * (templates.c); the hashes and the small sets from hash64.c.
 */
#include "boilerplate_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "date.h"
#include "hash64.h"
#include "../../common/stopwords.h"


/* ---- lexicon ---------------------------------------------------------- */


static const char *const nav_words[] = {
	"home", "news", "latest", "subscribe", "subscriptions", "newsletter",
	"newsletters", "podcast", "podcasts", "menu", "search", "login", "log",
	"signin", "about", "contact", "careers", "jobs", "events", "opinion",
	"business", "tech", "technology", "sports", "sport", "culture",
	"science", "politics", "video", "videos", "archive", "archives", "deals",
	"reviews", "security", "gadgets", "software", "ai", "more", "sections",
	"topics", "features", "local", "obituaries", "e-edition", "entertainment",
	"lifestyle", "health", "world", "money", "travel", "shop", "support",
	"essays", "litigation", "regulation", "firms", "courts", "privacy", "ip",
	"antitrust", "advertise", "help", "faq", "policy", "terms", "sitemap",
	"front", "page", "letters", "magazine", "photos", "live", "weather",
	"games", "puzzles", "crossword", "climate", "economy", "markets",
	"finance", "style", "food", "arts", "books", "music", "film", "tv",
	"media", "education", "europe", "asia", "africa", "americas", "trending",
	"popular", "explore", "account", "profile", "register", "premium",
	"press", "advertising", "partners", "ethics", "accessibility", "cookies",
	"settings", "skip", "navigation", "close", "toggle", "expand", "edition",
	"editions", "international", "startups", "apps", "mobile", "cloud",
	"enterprise", "analysis", "interviews", "guides", "coupons", "shopping",
	"gear", "ideas", "merch", "webinars", "whitepapers", "resources",
	"solutions", "products", "company", "blog", "research", "docs",
	"pricing", "community", "store", "capitol", "hill", "opinions",
	"commentary", "columns", "multimedia", "graphics", "contests",
	"classifieds", "marketplace", "real", "estate", "autos", "cars",
	NULL
};

static const char *const social_words[] = {
	"share", "facebook", "twitter", "x", "linkedin", "email", "e-mail",
	"print", "pin", "pinterest", "tweet", "whatsapp", "reddit", "mastodon",
	"bluesky", "flipboard", "copy", "link", "messenger", "telegram",
	"threads", "instagram", "youtube", "tiktok", "snapchat", "save",
	"comment", "comments", "sms", "mail", "pocket", "tumblr", "xing",
	NULL
};

/* Frequent function words of Spanish, German, French, Portuguese, Italian
 * and Dutch that are not English words. */
static const char *const foreign_words[] = {
	/* es */ "el", "los", "las", "del", "una", "por", "para", "con", "que",
	"es", "se", "lo", "su", "sus", "más", "muy", "sin", "cada", "hoy",
	"también", "pero", "está", "están", "ya", "mismo", "gratis", "y", "la",
	"de", "en", "un", "al", "le",
	/* de */ "der", "das", "und", "ist", "nicht", "auf", "mit", "für", "ein",
	"eine", "einen", "dem", "zu", "auch", "jetzt", "ihr", "ihre", "ihrem",
	"ihren", "des", "im", "wir", "sie", "bei", "nur", "oder", "mehr",
	"nichts", "kostenlos", "jeden", "sich", "werden", "wird", "zum", "zur",
	"über", "aus", "noch", "dass", "kann", "heute", "alle",
	/* fr */ "les", "et", "est", "une", "du", "dans", "pour", "sur", "pas",
	"qui", "avec", "aux", "ce", "cette", "nous", "vous", "sont", "mais",
	"ou", "ses", "leur", "été", "être", "chez", "très",
	/* pt */ "não", "uma", "com", "os", "em", "mais", "seu", "sua", "são",
	"também", "ao", "às",
	/* it */ "il", "della", "delle", "degli", "che", "sono", "gli", "nel",
	"nella", "alla", "anche", "più", "questo",
	/* nl */ "het", "een", "niet", "voor", "zijn", "ook", "maar", "bij",
	"naar", "wordt",
	NULL
};

static const char *const abbr_words[] = {
	"mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "lt",
	"col", "sgt", "capt", "st", "jr", "sr", "inc", "corp", "co", "ltd",
	"llc", "plc", "no", "nos", "vs", "v", "etc", "jan", "feb", "mar",
	"apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
	"calif", "fla", "tex", "ill", "wash", "mass", "pa", "va", "ariz",
	"colo", "conn", "ga", "md", "mich", "minn", "mo", "nev", "okla", "ore",
	"tenn", "wis", "ky", "ala", "ark", "kan", "neb", "miss", "approx",
	"dept", "fig", "al", "cir", "ct", "supp", "app", "rev", "stat", "sec",
	"univ", "assn", "bros", "mt", "ft", "ave", "blvd", "rd", "ph", "op",
	"vol", "pp", "ed", "eds", "est", "cal", "del", "wyo", "vt", "mont",
	NULL
};

static const char *const role_words[] = {
	"journalist", "reporter", "writer", "editor", "correspondent",
	"columnist", "contributor", "freelancer", "freelance", NULL
};

static const char *const calendar_words[] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december", "jan", "feb",
	"mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
	"sunday", NULL
};

static const char *const particle_words[] = {
	"de", "del", "della", "la", "le", "van", "von", "der", "den", "da",
	"di", "du", "dos", "bin", "ibn", "al", "el", "ter", "ten", NULL
};




static void lex_add(lex_slot *lex, const char *w, unsigned flags)
{
	size_t n = strlen(w);
	if (n == 0 || n >= MAX_KEY)
		return;
	size_t i = (size_t)dk_hash64_bytes(w, n) & (LEX_SLOTS - 1);
	while (lex[i].len) {
		if (lex[i].len == n && !memcmp(lex[i].w, w, n)) {
			lex[i].flags |= flags;
			return;
		}
		i = (i + 1) & (LEX_SLOTS - 1);
	}
	memcpy(lex[i].w, w, n);
	lex[i].len = (unsigned char)n;
	lex[i].flags = flags;
}

static unsigned lex_get(const lex_slot *lex, const char *w, size_t n)
{
	if (n == 0 || n >= MAX_KEY)
		return 0;
	size_t i = (size_t)dk_hash64_bytes(w, n) & (LEX_SLOTS - 1);
	while (lex[i].len) {
		if (lex[i].len == n && !memcmp(lex[i].w, w, n))
			return lex[i].flags;
		i = (i + 1) & (LEX_SLOTS - 1);
	}
	return 0;
}

static void lex_add_list(lex_slot *lex, const char *const *list,
			 unsigned flags)
{
	for (size_t i = 0; list[i]; i++)
		lex_add(lex, list[i], flags);
}

/* Ownership: *out belongs to the caller (dk_bp_stripper_free). */
dk_status dk_bp_stripper_new(dk_bp_stripper **out)
{
	*out = NULL;
	dk_bp_stripper *s = calloc(1, sizeof *s);
	if (!s)
		return DK_ERR_NOMEM;
	s->lex = calloc(LEX_SLOTS, sizeof *s->lex);
	if (!s->lex) {
		free(s);
		return DK_ERR_NOMEM;
	}
	lex_add_list(s->lex, dk_stopwords_list("english"), W_STOP);
	lex_add_list(s->lex, nav_words, W_NAV);
	lex_add_list(s->lex, social_words, W_SOCIAL);
	lex_add_list(s->lex, foreign_words, W_FOREIGN);
	lex_add_list(s->lex, abbr_words, W_ABBR);
	lex_add_list(s->lex, role_words, W_ROLE);
	lex_add_list(s->lex, calendar_words, W_CALENDAR);
	lex_add_list(s->lex, particle_words, W_PARTICLE);
	if (dk_bp_phrases_build(s)) {
		dk_bp_stripper_free(s);
		return DK_ERR_NOMEM;
	}
	*out = s;
	return DK_OK;
}

void dk_bp_stripper_free(dk_bp_stripper *s)
{
	if (!s)
		return;
	free(s->lex);
	free(s->w);
	free(s->pi);
	dk_hash64_set_free(&s->vocab);
	dk_hash64_set_free(&s->gone);
	free(s->ph);
	free(s);
}

const char *dk_bp_verdict_name(dk_bp_verdict v)
{
	static const char *const names[DK_BP_NVERDICTS] = {
		"keep", "empty", "template", "menu", "share", "promo", "related",
		"credit", "bio", "foreign", "headline", "dateline"
	};
	return (unsigned)v < DK_BP_NVERDICTS ? names[v] : "?";
}

void dk_bp_result_free(dk_bp_result *r)
{
	free(r->para);
	memset(r, 0, sizeof *r);
}

/* ---- characters ------------------------------------------------------- */

/* Decode one code point at s[i] (clean UTF-8); *n gets its length. */
static int32_t cp_at(const char *s, size_t len, size_t i, size_t *n)
{
	unsigned char c = (unsigned char)s[i];
	if (c < 0x80) {
		*n = 1;
		return c;
	}
	utf8proc_int32_t cp;
	utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
					      (utf8proc_ssize_t)(len - i), &cp);
	if (k <= 0) {
		*n = 1;
		return -1;
	}
	*n = (size_t)k;
	return cp;
}

/* Is the code point punctuation, a symbol or a separator? */
static int cp_is_punct(int32_t cp)
{
	if (cp < 0)
		return 1;
	if (cp < 0x80)
		return isalnum(cp) == 0;
	utf8proc_category_t c = utf8proc_category(cp);
	return c >= UTF8PROC_CATEGORY_PC;
}

static int cp_is_upper(int32_t cp)
{
	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z';
	utf8proc_category_t c = utf8proc_category(cp);
	return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

static int cp_is_letter(int32_t cp)
{
	if (cp < 0x80)
		return isalpha(cp) != 0;
	utf8proc_category_t c = utf8proc_category(cp);
	return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}


const unsigned char dk_bp_cls[128] = {
	[' '] = C_SPACE, ['\t'] = C_SPACE, ['\n'] = C_SPACE, ['\r'] = C_SPACE,
	['\''] = C_APOS,
	['0'] = C_D, ['1'] = C_D, ['2'] = C_D, ['3'] = C_D, ['4'] = C_D,
	['5'] = C_D, ['6'] = C_D, ['7'] = C_D, ['8'] = C_D, ['9'] = C_D,
	['A'] = C_U, ['B'] = C_U, ['C'] = C_U, ['D'] = C_U, ['E'] = C_U,
	['F'] = C_U, ['G'] = C_U, ['H'] = C_U, ['I'] = C_U, ['J'] = C_U,
	['K'] = C_U, ['L'] = C_U, ['M'] = C_U, ['N'] = C_U, ['O'] = C_U,
	['P'] = C_U, ['Q'] = C_U, ['R'] = C_U, ['S'] = C_U, ['T'] = C_U,
	['U'] = C_U, ['V'] = C_U, ['W'] = C_U, ['X'] = C_U, ['Y'] = C_U,
	['Z'] = C_U,
	['a'] = C_L, ['b'] = C_L, ['c'] = C_L, ['d'] = C_L, ['e'] = C_L,
	['f'] = C_L, ['g'] = C_L, ['h'] = C_L, ['i'] = C_L, ['j'] = C_L,
	['k'] = C_L, ['l'] = C_L, ['m'] = C_L, ['n'] = C_L, ['o'] = C_L,
	['p'] = C_L, ['q'] = C_L, ['r'] = C_L, ['s'] = C_L, ['t'] = C_L,
	['u'] = C_L, ['v'] = C_L, ['w'] = C_L, ['x'] = C_L, ['y'] = C_L,
	['z'] = C_L,
};

/* ASCII upper case to lower case; other bytes as they are. */
const unsigned char dk_bp_lower[256] = {
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b,
	0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
	0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23,
	0x24, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f,
	0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x3b,
	0x3c, 0x3d, 0x3e, 0x3f, 0x40, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67,
	0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f, 0x70, 0x71, 0x72, 0x73,
	0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x5b, 0x5c, 0x5d, 0x5e, 0x5f,
	0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b,
	0x6c, 0x6d, 0x6e, 0x6f, 0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77,
	0x78, 0x79, 0x7a, 0x7b, 0x7c, 0x7d, 0x7e, 0x7f, 0x80, 0x81, 0x82, 0x83,
	0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8d, 0x8e, 0x8f,
	0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0x9b,
	0x9c, 0x9d, 0x9e, 0x9f, 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7,
	0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf, 0xb0, 0xb1, 0xb2, 0xb3,
	0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xbb, 0xbc, 0xbd, 0xbe, 0xbf,
	0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xcb,
	0xcc, 0xcd, 0xce, 0xcf, 0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7,
	0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf, 0xe0, 0xe1, 0xe2, 0xe3,
	0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xeb, 0xec, 0xed, 0xee, 0xef,
	0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa, 0xfb,
	0xfc, 0xfd, 0xfe, 0xff,
};

/* ---- words ------------------------------------------------------------ */



/* Per-paragraph state kept between the rule passes. */
typedef struct pinfo {
	feat f;
	size_t w0, w1;           /* its words in the stripper's array */
	uint64_t h;              /* normalized hash (templates, echoes) */
	unsigned char headline;  /* headline-like: short, no sentence end */
	unsigned char prose;     /* ends a sentence, has function words */
	unsigned char strong;    /* long prose: ends a related list */
	unsigned char related_hdr; /* a related-section header */
	unsigned char light;     /* long: only its tail has words (w0..w1) */
	feat tail;               /* ... and these are the tail's features */
} pinfo;

static int grow_words(dk_bp_stripper *st, size_t need)
{
	if (need <= st->wcap)
		return 0;
	size_t cap = st->wcap ? st->wcap : 256;
	while (cap < need)
		cap *= 2;
	word *v = realloc(st->w, cap * sizeof *v);
	if (!v)
		return -1;
	st->w = v;
	st->wcap = cap;
	return 0;
}

static int is_nbsp(const char *s, size_t i, size_t n)
{
	return (unsigned char)s[i] == 0xC2 && i + 1 < n &&
	       (unsigned char)s[i + 1] == 0xA0;
}

/*
 * Split text[a..b) into words, appended to st->w, and compute their
 * features into f.  Returns -1 when out of memory.
 */
int dk_bp_scan(dk_bp_stripper *st, const char *s, size_t a, size_t b, feat *f)
{
	memset(f, 0, sizeof *f);
	f->bytes = b - a;
	size_t first_word = st->nw;
	size_t i = a;
	while (i < b) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80 ? (dk_bp_cls[c] & C_SPACE) != 0 : is_nbsp(s, i, b)) {
			i += c < 0x80 ? 1 : 2;
			continue;
		}
		if (grow_words(st, st->nw + 1))
			return -1;
		word *w = &st->w[st->nw++];
		memset(w, 0, sizeof *w);
		w->s = i;
		/* Leading punctuation, up to the first letter or digit. */
		int32_t first = -1;
		size_t cl;
		while (i < b) {
			c = (unsigned char)s[i];
			if (c < 0x80) {
				if (dk_bp_cls[c] & (C_ALNUM | C_SPACE)) {
					if (dk_bp_cls[c] & C_ALNUM)
						first = c;
					break;
				}
				if (i == w->s && (c == '"' || c == '\''))
					w->quote = 1;
				i++;
				continue;
			}
			if (is_nbsp(s, i, b))
				break;
			int32_t cp = cp_at(s, b, i, &cl);
			if (!cp_is_punct(cp)) {
				first = cp;
				break;
			}
			if (i == w->s && (cp == 0x201C || cp == 0x2018 || cp == 0xAB ||
					  cp == 0xBF || cp == 0xA1))
				w->quote = 1;
			i += cl;
		}
		if (first < 0) {
			w->e = i;
			w->sep = 1;
			f->seps++;
			continue;
		}
		/* The rest of the token in one pass: the core's end (after its
		 * last letter or digit), the classes of its ASCII bytes, dots
		 * inside it and sentence punctuation after it. */
		size_t cs = i, ce = i, dot = (size_t)-1, term = 0;
		unsigned acc = 0, letters = 0;
		while (i < b) {
			c = (unsigned char)s[i];
			if (c < 0x80) {
				unsigned char m = dk_bp_cls[c];
				if (m & C_SPACE)
					break;
				acc |= m;
				letters += (m & C_ALPHA) ? 1u : 0u;
				if (m & C_ALNUM)
					ce = i + 1;
				else if (c == '.' || c == '!' || c == '?') {
					term = i + 1;
					if (c == '.' && dot == (size_t)-1)
						dot = i;
				}
				i++;
				continue;
			}
			if (c == 0xE2 && i + 2 < b && (unsigned char)s[i + 1] == 0x80) {
				if ((unsigned char)s[i + 2] == 0xA6)
					term = i + 3;  /* an ellipsis */
				acc |= C_APOS;  /* a curly quote: see the key */
				i += 3;
				continue;
			}
			if (is_nbsp(s, i, b))
				break;
			int32_t cp = cp_at(s, b, i, &cl);
			if (!cp_is_punct(cp))
				ce = i + cl;
			i += cl;
		}
		w->e = i;
		w->cs = cs;
		w->ce = ce;
		w->digit = (unsigned char)((acc & C_DIGIT) != 0);
		w->inner_dot = (unsigned char)(dot < ce);
		w->period = (unsigned char)(term > ce);
		w->alpha = (unsigned char)(first < 0x80 ? (dk_bp_cls[first] & C_ALPHA) != 0
					   : cp_is_letter(first));
		w->rcap = (unsigned char)(w->alpha && cp_is_upper(first));
		w->cap = (unsigned char)(w->rcap && !st->nocase);
		w->upper = (unsigned char)(w->alpha && !(acc & C_LOWER) &&
					   letters >= 2 && !st->nocase);
		/* The lexicon key: the core in lower case, without
		 * apostrophes. */
		if (ce - cs < MAX_KEY) {
			char key[MAX_KEY];
			size_t kl = 0;
			if (!(acc & C_APOS)) {
				for (size_t j = cs; j < ce; j++)
					key[kl++] = (char)dk_bp_lower[(unsigned char)s[j]];
			} else {
				for (size_t j = cs; j < ce; j++) {
					c = (unsigned char)s[j];
					if (c == '\'')
						continue;
					if (c == 0xE2 && j + 2 < ce &&
					    (unsigned char)s[j + 1] == 0x80) {
						j += 2;
						continue;
					}
					key[kl++] = (char)dk_bp_lower[c];
				}
			}
			w->flags = lex_get(st->lex, key, kl);
		}
		f->words++;
		if (w->alpha) {
			f->alpha++;
			f->cap += w->cap;
			f->upper += w->upper;
			if (w->flags & W_STOP)
				f->stop++;
			else if (ce - cs >= 3) {
				f->content++;
				if (!w->cap)
					f->lowcontent++;
			}
		}
		if (w->flags) {
			if (w->flags & W_NAV)
				f->nav++;
			if (w->flags & W_SOCIAL)
				f->social++;
			if ((w->flags & W_FOREIGN) && !(w->flags & W_STOP))
				f->foreign++;
		}
	}
	/* Sentence ends: a period after a word that is not an abbreviation
	 * ("v.", "Inc.", "U.S.", an initial), followed by an upper-case word,
	 * a quote, a number or the end. */
	size_t last = st->nw;
	for (size_t j = first_word; j < last; j++) {
		word *w = &st->w[j];
		if (w->sep || !w->period)
			continue;
		if ((w->flags & W_ABBR) || w->inner_dot)
			continue;
		if (w->alpha && w->ce - w->cs == 1)
			continue;
		size_t nx = j + 1;
		while (nx < last && st->w[nx].sep)
			nx++;
		if (nx < last) {
			const word *x = &st->w[nx];
			if (!(x->rcap || x->quote || x->digit || !x->alpha))
				continue;
		}
		w->end = 1;
		f->sents++;
	}
	/* The paragraph ends a sentence when its last word does (or is an
	 * abbreviation with its period: "... Brightpath Inc."). */
	for (size_t j = last; j-- > first_word;) {
		const word *w = &st->w[j];
		if (w->sep)
			continue;
		f->term = w->period && (w->end || (w->flags & W_ABBR) ||
					w->inner_dot);
		break;
	}
	return 0;
}

/* Byte classes for light_feat: LT_SPACE, LT_UPPER, LT_LOWER, LT_ALPHA (a
 * letter, or the lead byte of a multi-byte character), LT_DIGIT, LT_CLOSE
 * (a closing quote or parenthesis: '"', '\'', ')', and the bytes of
 * general punctuation, E2 80 xx, as in "”"), LT_TERM (. ! ?). */
enum {
	LT_SPACE = 1, LT_UPPER = 2, LT_LOWER = 4, LT_ALPHA = 8, LT_DIGIT = 16,
	LT_CLOSE = 32, LT_TERM = 64
};
static const unsigned char lt[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	1, 64, 32, 0, 0, 0, 0, 32, 0, 32, 0, 0, 0, 0, 64, 0,
	16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 0, 0, 0, 0, 0, 64,
	0, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10,
	10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 0, 0, 0, 0, 0,
	0, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12,
	12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 0, 0, 0, 0, 0,
	32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32,
	32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32,
	32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32,
	32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32,
	8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
	8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
	8, 8, 32, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
	8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
};

/*
 * The features of a long paragraph text[a..b) without its words: words,
 * capitalised words, sentence ends (a '.', '!' or '?', a space, then an
 * upper-case letter, a quote or a digit) and whether it ends a sentence;
 * enough for the rules a long paragraph can meet (a menu run, prose).
 * Also where its last two sentences start (*last, *prev; a when none) and
 * how many words of the last one start in lower case (*low), which tells
 * whether it could be a Title Case headline.  No branch depends on the
 * bytes but the one that ends a sentence.
 */
static void light_feat(const char *s, size_t a, size_t b, int nocase,
		       feat *f, size_t *last, size_t *prev, unsigned *low)
{
	memset(f, 0, sizeof *f);
	f->bytes = b - a;
	unsigned words = 0, alpha = 0, cap = 0, sents = 0, lowc = 0;
	unsigned prev_space = 1;
	unsigned sig = 0;  /* the class of the last byte that is not white
			      space or a closing mark (quote, parenthesis) */
	size_t l = a, p = a;
	for (size_t i = a; i < b; i++) {
		unsigned m = lt[(unsigned char)s[i]];
		unsigned start = prev_space & ~m & LT_SPACE;  /* 1: a word starts */
		words += start;
		alpha += start & (m >> 3);
		cap += start & (m >> 1);
		lowc += start & (m >> 2);
		if (start && (sig & LT_TERM) && !(m & LT_LOWER)) {
			sents++;
			p = l;
			l = i;
			lowc = 0;
		}
		sig = (m & (LT_SPACE | LT_CLOSE)) ? sig : m;
		prev_space = m & LT_SPACE;
	}
	size_t e = b;
	while (e > a && (s[e - 1] == '"' || s[e - 1] == ')' || s[e - 1] == '\'' ||
			 (unsigned char)s[e - 1] >= 0x80))
		e--;
	f->term = e > a && (s[e - 1] == '.' || s[e - 1] == '!' || s[e - 1] == '?');
	f->words = words;
	f->alpha = alpha;
	f->cap = nocase ? 0 : cap;
	f->sents = sents + (unsigned)f->term;
	*last = l;
	*prev = p;
	*low = lowc;
}

/* ---- the stripper ----------------------------------------------------- */

static int kept(const dk_bp_para *p)
{
	return p->verdict == DK_BP_KEEP;
}

static uint64_t prefix_key(const char *s, const word *w)
{
	char key[8];
	size_t k = 0;
	for (size_t i = w->cs; i < w->ce && k < 5; i++)
		key[k++] = (char)tolower((unsigned char)s[i]);
	return dk_hash64_bytes(key, k) | 1;
}

/* The content words (5-byte prefixes) of the kept paragraphs that are
 * not headline-like. */
static int vocab_build(dk_bp_stripper *st, const char *text, const dk_bp_para *P,
		       const pinfo *PI, size_t np)
{
	dk_hash64_set_clear(&st->vocab);
	for (size_t k = 0; k < np; k++) {
		if (!kept(&P[k]) || PI[k].headline)
			continue;
		size_t w0 = PI[k].w0, w1 = PI[k].w1, keep = st->nw;
		if (PI[k].light) {
			/* All its words, for now. */
			feat f;
			if (dk_bp_scan(st, text, P[k].start, P[k].start + P[k].len, &f))
				return -1;
			w0 = keep;
			w1 = st->nw;
		}
		for (size_t j = w0; j < w1; j++) {
			const word *w = &st->w[j];
			if (w->alpha && !(w->flags & W_STOP) && w->ce - w->cs >= 3 &&
			    dk_hash64_set_add(&st->vocab, prefix_key(text, w))) {
				st->nw = keep;
				return -1;
			}
		}
		st->nw = keep;
	}
	return 0;
}

static int grow_paras(dk_bp_stripper *st, dk_bp_result *r, size_t need)
{
	if (need > r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 64;
		while (cap < need)
			cap *= 2;
		dk_bp_para *v = realloc(r->para, cap * sizeof *v);
		if (!v)
			return -1;
		r->para = v;
		r->cap = cap;
	}
	if (need > st->picap) {
		size_t cap = st->picap ? st->picap * 2 : 64;
		while (cap < need)
			cap *= 2;
		pinfo *v = realloc(st->pi, cap * sizeof *v);
		if (!v)
			return -1;
		st->pi = v;
		st->picap = cap;
	}
	return 0;
}

/* A list item of a related section: a headline-like line, or the teaser
 * sentence after one. */
static int list_item(const pinfo *pi, int after_headline)
{
	if (pi->headline)
		return 1;
	return after_headline && pi->f.bytes <= 200 && pi->f.sents <= 2;
}

/* The intrinsic rules for paragraph k; lead counts the kept paragraphs
 * before it. */
static void judge(dk_bp_stripper *st, const char *text, dk_bp_para *p,
		  pinfo *q, size_t k, size_t np, size_t lead, const char *title,
		  dk_bp_result *res)
{
	const char *s = text + p->start;
	size_t n = p->len;
	const feat *f = &q->f;
	const word *w = st->w + q->w0;
	size_t nw = q->w1 - q->w0;
	char d[11] = "";
	char key[96];
	if (lead < 4 && !q->strong) {
		if (dk_bp_is_date_line(s, n, f, d)) {
			p->verdict = DK_BP_DATELINE;
			if (!res->date[0])
				memcpy(res->date, d, sizeof d);
			return;
		}
		if (!res->author[0] &&
		    dk_bp_is_byline(text, p->start + n, w, nw, f, res->author,
			      sizeof res->author, d)) {
			p->verdict = DK_BP_CREDIT;
			if (d[0] && !res->date[0])
				memcpy(res->date, d, sizeof d);
			return;
		}
	}
	if (lead == 0) {
		size_t m = dk_bp_date_marker(s, n, d);
		if (m) {
			if (!res->date[0])
				memcpy(res->date, d, sizeof d);
			p->keep_start = p->start + m;
			p->keep_len = n - m;
			p->cut |= DK_BP_CUT_MARKER;
			if (p->keep_len == 0) {
				p->verdict = DK_BP_DATELINE;
				return;
			}
		}
	}
	if (lead < 3 && !q->light && !res->date[0] &&
	    dk_bp_city_dateline(text, p->start + n, w, nw, d))
		memcpy(res->date, d, sizeof d);
	unsigned ph = n <= PROMO_MAX ? dk_bp_phrase_scan(st, text, p->start + n, w, nw)
				     : 0;
	if (dk_bp_is_credit(s, n, ph))
		p->verdict = DK_BP_CREDIT;
	else if (dk_bp_is_related_header(s, n, f)) {
		p->verdict = DK_BP_RELATED;
		q->related_hdr = 1;
	} else if (f->words <= 6 && dk_bp_line_key(s, n, key, sizeof key) &&
		   dk_bp_is_furniture(key))
		p->verdict = DK_BP_PROMO;
	else if (n <= 300 && dk_bp_has_related_prefix(s, n))
		p->verdict = DK_BP_RELATED;
	else if (dk_bp_is_share(w, nw, f))
		p->verdict = DK_BP_SHARE;
	else if (dk_bp_is_promo(s, n, f, ph))
		p->verdict = DK_BP_PROMO;
	else if (dk_bp_is_menu(f, st->nocase))
		p->verdict = DK_BP_MENU;
	else if (n <= 400 && dk_bp_has_teaser_label(s, n))
		p->verdict = DK_BP_RELATED;
	else if (k > 0 && k * 2 >= np && dk_bp_is_bio(text, w, nw, f))
		p->verdict = DK_BP_BIO;
	if (p->verdict == DK_BP_KEEP && lead < 3 && !p->cut) {
		size_t c = dk_bp_lead_cut(st, text, p->start, p->start + n, title);
		if (c) {
			p->keep_start = p->start + c;
			p->keep_len = n - c;
			p->cut |= DK_BP_CUT_LEAD;
		}
	}
}

/*
 * Does the article's casing say nothing?  Casing tells a menu ("Home News
 * Sport") or a headline from prose only when the prose has the usual mix
 * of lower and upper case.  For each prose line (ending with '.', '!' or
 * '?', eight words or more; the first CASE_LINES of them) the share of
 * its words that start with a capital is taken; when the lower median line
 * has CASE_NOINFO or more, casing is no evidence for this article.  The
 * median ignores a menu flattened onto a line that happens to end with a
 * period.  With prose lines of under CASE_PROSE_WORDS words in all (a
 * short page of menus, bylines and captions, where most
 * words are capitalised anyway) it takes CASE_NOINFO_ALL of at least
 * CASE_FEW_WORDS words of all lines.
 */
#define CASE_NOINFO 0.6
#define CASE_NOINFO_ALL 0.9
#define CASE_FEW_WORDS 30
#define CASE_LINES 64
#define CASE_PROSE_WORDS 20

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static int casing_uninformative(const char *s, size_t len)
{
	double ratio[CASE_LINES];
	size_t nr = 0;
	unsigned long aa = 0, ac = 0, pa = 0;
	size_t i = 0;
	while (i < len) {
		const char *nl = memchr(s + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - s) : len;
		unsigned long la = 0, lc = 0, words = 0;
		int start = 1;
		size_t last = i;
		for (size_t j = i; j < e;) {
			size_t n;
			int32_t cp = cp_at(s, e, j, &n);
			if (cp == ' ' || cp == '\t' || cp == '\r') {
				start = 1;
			} else {
				if (start && cp_is_letter(cp)) {
					la++;
					lc += (unsigned long)cp_is_upper(cp);
				}
				if (start)
					words++;
				start = 0;
				last = j;
			}
			j += n;
		}
		char c = e > i ? s[last] : 0;
		if (words >= 8 && la && nr < CASE_LINES &&
		    (c == '.' || c == '!' || c == '?')) {
			ratio[nr++] = (double)lc / (double)la;
			pa += la;
		}
		aa += la;
		ac += lc;
		i = e + 1;
	}
	if (pa >= CASE_PROSE_WORDS) {
		qsort(ratio, nr, sizeof *ratio, cmp_double);
		return ratio[(nr - 1) / 2] >= CASE_NOINFO;
	}
	return aa >= CASE_FEW_WORDS &&
	       (double)ac >= CASE_NOINFO_ALL * (double)aa;
}

dk_status dk_bp_strip(dk_bp_stripper *st, const dk_templates *tpl,
			       const char *source, const char *title,
			       const char *text, size_t len, dk_bp_result *res,
			       dk_buf *out)
{
	res->n = 0;
	res->date[0] = '\0';
	res->author[0] = '\0';
	st->nw = 0;
	if (!text)
		len = 0;
	st->nocase = casing_uninformative(text, len);
	/* Trimmed paragraphs, their words and features. */
	size_t i = 0;
	unsigned long tot_words = 0, tot_stop = 0;
	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - text) : len;
		size_t a = i, b = e;
		while (a < b && dk_bp_is_space((unsigned char)text[a]))
			a++;
		while (b > a && dk_bp_is_space((unsigned char)text[b - 1]))
			b--;
		i = e + 1;
		if (grow_paras(st, res, res->n + 1))
			return DK_ERR_NOMEM;
		dk_bp_para *p = &res->para[res->n];
		pinfo *q = &st->pi[res->n];
		res->n++;
		memset(p, 0, sizeof *p);
		memset(q, 0, sizeof *q);
		p->start = p->keep_start = a;
		p->len = p->keep_len = b - a;
		q->w0 = st->nw;
		if (res->n > 3 && b - a > LIGHT_MIN) {
			/* Long, past the lead: words only for its last two
			 * sentences, and only when the last could be a Title
			 * Case headline (few lower-case words). */
			size_t last, prev;
			unsigned low;
			light_feat(text, a, b, st->nocase, &q->f, &last, &prev, &low);
			q->light = 1;
			if (q->f.term && last > a && low <= GLUED_MAX_LOW &&
			    dk_bp_scan(st, text, prev, b, &q->tail))
				return DK_ERR_NOMEM;
		} else if (dk_bp_scan(st, text, a, b, &q->f)) {
			return DK_ERR_NOMEM;
		}
		q->w1 = st->nw;
		const feat *f = &q->f;
		q->h = dk_templates_para_hash(text + a, b - a);
		q->headline = !f->term && f->words >= 2 && f->words <= 25 &&
			      f->bytes <= 200;
		q->prose = f->term && f->words >= 4 &&
			   (q->light || f->stop >= 1 || f->lowcontent >= 2);
		q->strong = q->prose && (f->bytes >= 300 ||
					 (f->bytes >= 200 && f->sents >= 2));
		/* The article's language from its sentences, not from menus
		 * or from what may be a promo in another language. */
		if (!q->light && f->term && f->words >= 8 &&
		    f->foreign <= f->stop) {
			tot_words += f->words;
			tot_stop += f->stop;
		}
		if (f->words == 0)
			p->verdict = DK_BP_EMPTY;
	}
	size_t np = res->n;
	dk_bp_para *P = res->para;
	pinfo *PI = st->pi;
	int english = tot_words >= 20 && tot_stop * 5 >= tot_words;
	/* Intrinsic rules. */
	size_t lead = 0;
	for (size_t k = 0; k < np; k++) {
		if (!kept(&P[k]))
			continue;
		judge(st, text, &P[k], &PI[k], k, np, lead, title, res);
		if (kept(&P[k]) && english && !PI[k].light && dk_bp_is_foreign(&PI[k].f))
			P[k].verdict = DK_BP_FOREIGN;
		if (kept(&P[k]))
			lead++;
	}
	/* Cross-page templates. */
	uint64_t src = tpl ? dk_templates_source_key(source) : 0;
	for (size_t k = 0; tpl && k < np; k++) {
		if (!kept(&P[k]))
			continue;
		unsigned c = dk_templates_count_key(tpl, src, PI[k].h);
		unsigned need = PI[k].prose && P[k].len > DK_TEMPLATES_LONG_PROSE ?
				DK_TEMPLATES_MIN_LONG : DK_TEMPLATES_MIN;
		if (c >= need)
			P[k].verdict = DK_BP_TEMPLATE;
	}
	/* Openings: the first paragraph's start that many articles of the
	 * source open with (a menu or share row flattened onto it). */
	for (size_t k = 0; tpl && k < np; k++) {
		if (!P[k].len)
			continue;
		dk_bp_para *p = &P[k];
		if (kept(p) && p->keep_start == p->start) {
			size_t c = dk_templates_opening(tpl, source, text + p->start,
							p->len);
			while (c < p->len && text[p->start + c] == ' ')
				c++;
			if (c && c < p->len) {
				p->keep_start = p->start + c;
				p->keep_len = p->len - c;
				p->cut |= DK_BP_CUT_LEAD;
			}
		}
		break;
	}
	/* Related sections: the list items after a header, up to the first
	 * paragraph that is not one (the article goes on); in the second half
	 * of the page, a header followed by nothing but short paragraphs is
	 * the tail, all of it. */
	for (size_t k = 0; k < np; k++) {
		if (!PI[k].related_hdr)
			continue;
		int tail = P[k].start * 2 >= len;
		for (size_t j = k + 1; j < np && tail; j++)
			if (kept(&P[j]) && (P[j].len > TAIL_ITEM_MAX ||
					    PI[j].f.sents > 2))
				tail = 0;
		int after_headline = 0;
		for (size_t j = k + 1; j < np; j++) {
			if (!kept(&P[j])) {
				after_headline = 0;
				continue;
			}
			if (!tail && !list_item(&PI[j], after_headline))
				break;
			after_headline = PI[j].headline;
			P[j].verdict = DK_BP_RELATED;
		}
	}
	/* Echoes: a headline-like line equal to one removed elsewhere. */
	dk_hash64_set_clear(&st->gone);
	for (size_t k = 0; k < np; k++)
		if (!kept(&P[k]) && P[k].verdict != DK_BP_EMPTY &&
		    dk_hash64_set_add(&st->gone, PI[k].h))
			return DK_ERR_NOMEM;
	for (size_t k = 0; k < np; k++)
		if (kept(&P[k]) && PI[k].headline && dk_hash64_set_has(&st->gone, PI[k].h))
			P[k].verdict = DK_BP_HEADLINE;
	/* Orphan headlines: the content words of the kept prose first, when
	 * there is a candidate. */
	int vocab = 0;
	for (size_t k = 1; k + 1 < np; k++) {
		if (!kept(&P[k]) || !PI[k].headline)
			continue;
		size_t a = k, b = k + 1;
		while (a > 0 && P[a - 1].verdict == DK_BP_EMPTY)
			a--;
		while (b < np && P[b].verdict == DK_BP_EMPTY)
			b++;
		if (a == 0 || b >= np || !kept(&P[a - 1]) || !kept(&P[b]) ||
		    !PI[a - 1].prose || !PI[b].prose || PI[k].f.content < 5)
			continue;
		if (!vocab && vocab_build(st, text, P, PI, np))
			return DK_ERR_NOMEM;
		vocab = 1;
		unsigned content = 0, shared = 0;
		for (size_t j = PI[k].w0; j < PI[k].w1; j++) {
			const word *w = &st->w[j];
			if (!w->alpha || (w->flags & W_STOP) || w->ce - w->cs < 3)
				continue;
			content++;
			shared += (unsigned)dk_hash64_set_has(&st->vocab, prefix_key(text, w));
		}
		if (content >= 5 && shared * 10 < content * 3)
			P[k].verdict = DK_BP_HEADLINE;
	}
	/* Glued Title Case headlines. */
	for (size_t k = 0; k < np; k++) {
		dk_bp_para *p = &P[k];
		if (!kept(p) || !PI[k].prose)
			continue;
		if (PI[k].light && PI[k].w0 == PI[k].w1)
			continue;  /* no headline possible at its end */
		const feat *gf = PI[k].light ? &PI[k].tail : &PI[k].f;
		size_t g = dk_bp_glued_headline(st->w + PI[k].w0, PI[k].w1 - PI[k].w0,
					  gf);
		if (!g || g <= p->keep_start)
			continue;
		size_t e = g;
		while (e > p->keep_start && dk_bp_is_space((unsigned char)text[e - 1]))
			e--;
		p->keep_len = e - p->keep_start;
		p->cut |= DK_BP_CUT_HEADLINE;
	}
	/* The output. */
	for (size_t k = 0; k < np; k++) {
		const dk_bp_para *p = &P[k];
		if (!kept(p) || p->keep_len == 0)
			continue;
		if (out->len)
			dk_buf_putc(out, '\n');
		dk_buf_append(out, text + p->keep_start, p->keep_len);
	}
	return out->err;
}
