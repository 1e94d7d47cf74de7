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
 * Template evidence comes from dk_templates (templates.c); the hashes and
 * the small sets from hash64.c.
 */
#include "boilerplate.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "date.h"
#include "hash64.h"
#include "../../common/stopwords.h"

#define PROMO_MAX 350       /* fixed-phrase rules apply up to this length */
#define TAIL_ITEM_MAX 250   /* longest item of a related list at the tail */
#define MAX_KEY 24          /* longest word looked up in the lexicon */
#define LIGHT_MIN 400       /* paragraphs longer than this (after the first
			       three) get no words but for a headline test */
#define GLUED_MAX_LOW 8     /* lower-case words a glued headline may hold
			       ("of", "in", "and", ...) */

/* ---- lexicon ---------------------------------------------------------- */

enum {
	W_STOP = 1u << 0,      /* English stopword */
	W_NAV = 1u << 1,       /* navigation label */
	W_SOCIAL = 1u << 2,    /* share-button word */
	W_FOREIGN = 1u << 3,   /* function word of another language */
	W_ABBR = 1u << 4,      /* abbreviation: its period ends no sentence */
	W_ROLE = 1u << 5,      /* a journalist's job (bios) */
	W_CALENDAR = 1u << 6,  /* month or weekday name */
	W_PARTICLE = 1u << 7   /* lower-case name particle ("de", "van") */
};

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

typedef struct lex_slot {
	char w[MAX_KEY];
	unsigned char len;
	unsigned flags;
} lex_slot;

#define LEX_SLOTS 4096

struct dk_bp_stripper {
	lex_slot *lex;          /* LEX_SLOTS slots */
	/* scratch, reused across calls */
	struct word *w;
	size_t nw, wcap;
	struct pinfo *pi;
	size_t picap;
	dk_hash64_set vocab;           /* the article's content-word prefixes */
	dk_hash64_set gone;            /* hashes of removed paragraphs */
	struct phrase *ph;      /* the fixed phrases by first byte */
	size_t nph;
	uint16_t ph_start[257];
	int nocase;             /* the article's casing is no evidence */
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

static int phrases_build(dk_bp_stripper *st);

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
	if (phrases_build(s)) {
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

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* ASCII classes, by table (the ctype functions cost a call each). */
enum {
	C_ALNUM = 1, C_DIGIT = 2, C_UPPER = 4, C_LOWER = 8, C_ALPHA = 16,
	C_SPACE = 32, C_APOS = 64
};

#define C_U (C_ALNUM | C_UPPER | C_ALPHA)
#define C_L (C_ALNUM | C_LOWER | C_ALPHA)
#define C_D (C_ALNUM | C_DIGIT)
static const unsigned char cls[128] = {
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
static const unsigned char lower[256] = {
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

/* A word; offsets are into the whole text. */
typedef struct word {
	size_t s, e;            /* the token */
	size_t cs, ce;          /* its core: first to last letter or digit */
	unsigned flags;         /* lexicon classes */
	unsigned char alpha;    /* the core starts with a letter */
	unsigned char cap;      /* ... an upper-case one (0 when the article's
				   casing says nothing, see nocase) */
	unsigned char rcap;     /* ... an upper-case one, always */
	unsigned char upper;    /* every letter upper case (2 or more) */
	unsigned char digit;    /* the core holds a digit */
	unsigned char period;   /* a '.', '!', '?' or '...' follows the core */
	unsigned char end;      /* the token ends a sentence */
	unsigned char sep;      /* no core: a separator such as '|' or '-' */
	unsigned char quote;    /* opens with a quotation mark */
	unsigned char inner_dot;/* the core holds a '.' ("U.S", "e.g") */
} word;

typedef struct feat {
	size_t bytes;
	unsigned words;      /* tokens with a core */
	unsigned alpha;      /* words starting with a letter */
	unsigned cap;        /* ... with an upper-case one */
	unsigned upper;      /* all-caps words */
	unsigned stop;       /* English stopwords */
	unsigned content;    /* alpha words, not stopwords, >= 3 bytes */
	unsigned lowcontent; /* content words in lower case */
	unsigned nav, social, foreign;
	unsigned seps;       /* separator tokens */
	unsigned sents;      /* sentence ends */
	int term;            /* the last word ends a sentence */
} feat;

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
static int scan(dk_bp_stripper *st, const char *s, size_t a, size_t b, feat *f)
{
	memset(f, 0, sizeof *f);
	f->bytes = b - a;
	size_t first_word = st->nw;
	size_t i = a;
	while (i < b) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80 ? (cls[c] & C_SPACE) != 0 : is_nbsp(s, i, b)) {
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
				if (cls[c] & (C_ALNUM | C_SPACE)) {
					if (cls[c] & C_ALNUM)
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
				unsigned char m = cls[c];
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
		w->alpha = (unsigned char)(first < 0x80 ? (cls[first] & C_ALPHA) != 0
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
					key[kl++] = (char)lower[(unsigned char)s[j]];
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
					key[kl++] = (char)lower[c];
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

/* ---- text helpers ----------------------------------------------------- */

/* Case-insensitive: does s[0..n) start with the ASCII prefix p (lower
 * case)? */
static int starts_with(const char *s, size_t n, const char *p)
{
	if (!n || (unsigned char)lower[(unsigned char)s[0]] != (unsigned char)p[0])
		return 0;
	size_t k = strlen(p);
	return n >= k && strncasecmp(s, p, k) == 0;
}

/* Case-insensitive search for the string p (lower case) in s[0..n). */
static const char *find_ci(const char *s, size_t n, const char *p)
{
	size_t k = strlen(p);
	if (k == 0 || n < k)
		return NULL;
	unsigned char c0 = (unsigned char)p[0];
	unsigned char c1 = (unsigned char)toupper(c0);
	for (size_t i = 0; i + k <= n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c != c0 && c != c1)
			continue;
		if (strncasecmp(s + i, p, k) == 0)
			return s + i;
	}
	return NULL;
}

/* ---- intrinsic rules -------------------------------------------------- */

static const char *const credit_starts[] = {
	"(reporting by", "reporting by ", "(editing by", "editing by ",
	"(writing by", "writing by ", "additional reporting by",
	"(additional reporting", "(compiled by", "compiled by ",
	"(this story has", "(this article", "(this story", "copyright ",
	"filed under:", "tags:", "topics:", "categories:", "photo credit",
	"image credit", "image:", "photo:", "photograph:", NULL
};

/* Captions are short: a longer paragraph that opens with one has the
 * article's text glued after it ("Photograph: Yilan Deng Of course, ..."),
 * and is kept. */
#define CAPTION_MAX 150

/* Anywhere in a paragraph of at most PROMO_MAX bytes. */
static const char *const credit_phrases[] = {
	"\xC2\xA9", "all rights reserved", "not been edited by",
	"from a syndicated feed", "this article was provided by",
	"this story was provided by", "this article originally appeared",
	"this story originally appeared", "originally published by",
	"originally published on", "originally published at",
	"republished with permission", "is republished from",
	"reproduction without permission", "may not be reproduced",
	"licensed cc by", "licensed under cc by", "is reader-supported",
	"is reader-funded", NULL
};

/* Promo phrases that article prose does not use. */
static const char *const promo_phrases[] = {
	"subscribe now", "subscribe free", "subscribe today",
	"subscribe to our", "subscribe here", "sign up today", "sign up now",
	"sign up here", "sign up \xE2\x80\x94", "sign up \xE2\x80\x93",
	"sign up -", "sign up for our", "free articles",
	"support local journalism", "support our journalism",
	"support independent journalism", "reader-supported", "reader-funded",
	"may earn a commission", "may earn a portion",
	"affiliate commission", "affiliate partnerships", "download our app",
	"join us at", "join us for", "early-bird registration",
	"register now", "get your ticket", "click ok", "already a subscriber",
	"point phone camera", "point your phone camera", "enter your email",
	"thanks for reading", "thank you for reading", "follow us on",
	"like us on facebook", "our newsletter", "newsletter:",
	"create a free account", "log in to continue", "sign in to continue",
	"to continue reading", "subscribers only", "you will be redirected",
	"update payment method", "disable your ad", "turn off your ad",
	"delivered to your inbox", "straight to your inbox", NULL
};

/* Weak promo words: a promo only with an imperative start and a call to
 * action. */
static const char *const promo_weak[] = {
	"newsletter", "subscription", "subscribe", "sign up", "download",
	"app", "premium", "membership", "podcast", "webinar", "inbox", NULL
};

/* "app" as a word, for "Get the X app" and "Download the X app". */
static const char *const app_phrases[] = {
	"app ", "app.", "app,", "apps ", NULL
};

static const char *const promo_starts[] = {
	"sign up", "subscribe", "download", "get ", "join ", "listen",
	"try ", "you ", "click", "register", "install", "tap ", NULL
};

static const char *const promo_cta[] = {
	"you", "your", "free", "today", "now", "here", "click", "tap", NULL
};

/* Whole-line furniture (compared after trimming punctuation). */
static const char *const furniture_lines[] = {
	"advertisement", "advertisements", "advert", "ad", "sponsored",
	"sponsored content", "loading", "continue reading", "read more",
	"learn more", "show more", "skip to main content", "skip to content",
	"scroll to continue", "story continues below",
	"story continues below advertisement", "article continues below",
	"click here", "log in", "sign in", "sign up", "subscribe", "menu",
	"search", "close", "share", "print", "email", "comments",
	"view comments", "back to top", "premium", "open navigation menu",
	"close menu", "listen to this article", "play video", NULL
};

/* Related-section headers (the whole line). */
static const char *const related_headers[] = {
	"related", "related articles", "related stories", "related content",
	"related coverage", "related posts", "related reading", "related links",
	"related news", "related topics", "related whitepaper", "related video",
	"related videos", "related resources", "related reports", "read more",
	"read next", "more stories", "more news", "recommended",
	"recommended for you", "recommended stories", "recommended reading",
	"recommended articles", "you may also like", "you might also like",
	"you may be interested in", "you might be interested in",
	"most popular", "most read", "most viewed", "popular", "popular now",
	"trending", "trending now", "trending stories", "latest news",
	"latest stories", "top stories", "editor's picks", "editors' picks",
	"editor\xE2\x80\x99s picks", "don't miss", "don\xE2\x80\x99t miss",
	"keep reading", "up next", "what to read next", "also read",
	"see also", "around the web", "from our partners", "promoted stories",
	"more like this", "more to explore", "more for you",
	"stories you may like", "you may have missed", NULL
};

/* A related header and a headline on one line ("Read more: ..."). */
static const char *const related_prefixes[] = {
	"read more:", "related:", "see also:", "also read:", "read also:",
	"read next:", "recommended:", "more:", "related article:",
	"related story:", "related content:", "related reading:",
	"don't miss:", "don\xE2\x80\x99t miss:", NULL
};

/* Words that open "More from X", "More in X". */
static const char *const related_more[] = {
	"more from ", "more in ", "more on ", "more by ", "more about ",
	"also on ", "also from ", NULL
};

/* A category label glued onto a teaser headline ("...warnNews The ..."). */
static const char *const teaser_labels[] = {
	"News", "Reviews", "Review", "Features", "Feature", "Opinion",
	"Analysis", "Deals", "Guides", "Guide", "How-to", "Tutorials",
	"Podcast", "Video", "Explainer", "Interview", "Sponsored", NULL
};

/* The line with surrounding punctuation and white space trimmed and
 * lower-cased into buf (at most cap-1 bytes); returns its length, or 0
 * when it does not fit. */
static size_t line_key(const char *s, size_t n, char *buf, size_t cap)
{
	size_t a = 0, b = n;
	while (a < b && (is_space((unsigned char)s[a]) ||
			 ispunct((unsigned char)s[a])))
		a++;
	for (;;) {
		if (b > a && (is_space((unsigned char)s[b - 1]) ||
			      (ispunct((unsigned char)s[b - 1]) &&
			       s[b - 1] != '\''))) {
			b--;
			continue;
		}
		/* A trailing ellipsis. */
		if (b - a >= 3 && (unsigned char)s[b - 3] == 0xE2 &&
		    (unsigned char)s[b - 2] == 0x80 &&
		    (unsigned char)s[b - 1] == 0xA6) {
			b -= 3;
			continue;
		}
		break;
	}
	if (b - a + 1 > cap || b == a)
		return 0;
	size_t k = 0;
	int sp = 0;
	for (size_t i = a; i < b; i++) {
		unsigned char c = (unsigned char)s[i];
		if (is_space(c)) {
			sp = 1;
			continue;
		}
		if (sp && k)
			buf[k++] = ' ';
		sp = 0;
		buf[k++] = (char)tolower(c);
	}
	buf[k] = '\0';
	return k;
}

static int in_list(const char *key, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (!strcmp(key, list[i]))
			return 1;
	return 0;
}

static int is_related_header(const char *s, size_t n, const feat *f)
{
	char key[96];
	if (n > 80 || f->term || f->words > 8)
		return 0;
	size_t k = line_key(s, n, key, sizeof key);
	if (!k)
		return 0;
	if (in_list(key, related_headers))
		return 1;
	/* "More from TechLedger", "More in Merca2.0": short, no sentence. */
	if (f->words <= 5)
		for (size_t i = 0; related_more[i]; i++)
			if (starts_with(key, k, related_more[i]))
				return 1;
	return 0;
}

static int has_related_prefix(const char *s, size_t n)
{
	for (size_t i = 0; related_prefixes[i]; i++)
		if (starts_with(s, n, related_prefixes[i]))
			return 1;
	return 0;
}

static int has_teaser_label(const char *s, size_t n)
{
	for (size_t i = 1; i + 4 < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 'A' || c > 'Z')
			continue;
		unsigned char p = (unsigned char)s[i - 1];
		/* Glued: a lower-case letter, a digit, a closing quote or
		 * parenthesis straight before the label. */
		int glued = (p >= 'a' && p <= 'z') || (p >= '0' && p <= '9') ||
			    p == ')' || p == 0x99 || p == 0x9D || p == '\'' ||
			    p == '"';
		if (!glued)
			continue;
		for (size_t k = 0; teaser_labels[k]; k++) {
			size_t L = strlen(teaser_labels[k]);
			if (i + L + 2 <= n && !memcmp(s + i, teaser_labels[k], L) &&
			    s[i + L] == ' ' && isupper((unsigned char)s[i + L + 1]))
				return 1;
		}
	}
	return 0;
}

/* A whole word of promo_cta, or '!'. */
static int has_cta(const char *s, size_t n)
{
	if (memchr(s, '!', n))
		return 1;
	for (size_t i = 0; promo_cta[i]; i++) {
		size_t L = strlen(promo_cta[i]);
		size_t off = 0;
		const char *h;
		while (off < n && (h = find_ci(s + off, n - off, promo_cta[i]))) {
			size_t at = (size_t)(h - s);
			int lb = at == 0 || !isalnum((unsigned char)s[at - 1]);
			int rb = at + L >= n || !isalnum((unsigned char)s[at + L]);
			if (lb && rb)
				return 1;
			off = at + 1;
		}
	}
	return 0;
}

/* Phrase categories (a bit mask). */
enum {
	PH_CREDIT = 1, PH_PROMO = 2, PH_WEAK = 4, PH_APP = 8, PH_COPY = 16,
	PH_RIGHTS = 32
};

typedef struct phrase {
	const char *p;
	uint32_t head;          /* its first four bytes, lower case */
	unsigned char len;
	unsigned char cat;
} phrase;

/* Four bytes at s, ASCII letters in lower case, as one word. */
static uint32_t head4(const char *s)
{
	uint32_t h = 0;
	for (int i = 0; i < 4; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80 && (cls[c] & C_UPPER))
			c |= 0x20;
		h = h << 8 | c;
	}
	return h;
}

static int cmp_phrase(const void *a, const void *b)
{
	unsigned char x = (unsigned char)tolower((unsigned char)((const phrase *)a)->p[0]);
	unsigned char y = (unsigned char)tolower((unsigned char)((const phrase *)b)->p[0]);
	return (x > y) - (x < y);
}

/* Index the fixed phrases by their first byte (lower case). */
static int phrases_build(dk_bp_stripper *st)
{
	static const struct { const char *const *list; unsigned cat; } lists[] = {
		{ credit_phrases, PH_CREDIT }, { promo_phrases, PH_PROMO },
		{ promo_weak, PH_WEAK }, { app_phrases, PH_APP },
	};
	size_t n = 2;
	for (size_t l = 0; l < sizeof lists / sizeof lists[0]; l++)
		for (size_t i = 0; lists[l].list[i]; i++)
			n++;
	st->ph = calloc(n, sizeof *st->ph);
	if (!st->ph)
		return -1;
	size_t k = 0;
	for (size_t l = 0; l < sizeof lists / sizeof lists[0]; l++)
		for (size_t i = 0; lists[l].list[i]; i++) {
			st->ph[k].p = lists[l].list[i];
			st->ph[k].len = (unsigned char)strlen(lists[l].list[i]);
			st->ph[k].cat = (unsigned char)lists[l].cat;
			k++;
		}
	st->ph[k++] = (phrase){ "\xC2\xA9", 0, 2, PH_COPY };
	st->ph[k++] = (phrase){ "all rights", 0, 10, PH_RIGHTS };
	st->nph = k;
	for (size_t i = 0; i < k; i++)
		if (st->ph[i].len >= 4)
			st->ph[i].head = head4(st->ph[i].p);
	qsort(st->ph, k, sizeof *st->ph, cmp_phrase);
	size_t j = 0;
	for (unsigned c = 0; c < 256; c++) {
		st->ph_start[c] = (uint16_t)j;
		while (j < k && (unsigned char)tolower((unsigned char)st->ph[j].p[0]) == c)
			j++;
	}
	st->ph_start[256] = (uint16_t)k;
	return 0;
}

/* The categories of the fixed phrases found in the paragraph s[a..b)
 * with words w[0..nw) (case ignored).  Phrases start words. */
static unsigned phrase_scan(const dk_bp_stripper *st, const char *s, size_t b,
			    const word *w, size_t nw)
{
	unsigned mask = 0;
	for (size_t k = 0; k < nw; k++) {
		/* At the token and, past leading punctuation, at its core. */
		for (int at = 0; at < 2; at++) {
			size_t i = at ? w[k].cs : w[k].s;
			if (at && (w[k].sep || i == w[k].s))
				break;
			unsigned char c = lower[(unsigned char)s[i]];
			unsigned j = st->ph_start[c], e = st->ph_start[c + 1];
			if (j == e || i + 1 >= b)
				continue;
			size_t n = b - i;
			uint32_t h = n >= 4 ? head4(s + i) : 0;
			for (; j < e; j++) {
				const phrase *p = &st->ph[j];
				if (n < p->len || (mask & p->cat) == p->cat)
					continue;
				if (p->len >= 4 ? p->head != h :
				    (unsigned char)p->p[1] != (unsigned char)s[i + 1])
					continue;
				if (p->len <= 4 || !strncasecmp(s + i + 4, p->p + 4,
								 p->len - 4u))
					mask |= p->cat;
			}
		}
	}
	return mask;
}

static int is_promo(const char *s, size_t n, const feat *f, unsigned ph)
{
	if (n > PROMO_MAX)
		return 0;
	if (ph & PH_PROMO)
		return 1;
	/* "Get the TechLedger app ...", "Download the SAN app today". */
	if ((ph & PH_APP) && f->words <= 30 &&
	    (starts_with(s, n, "get the ") || starts_with(s, n, "download the ") ||
	     starts_with(s, n, "download our ") ||
	     starts_with(s, n, "install the ")))
		return 1;
	/* Weak words need an imperative start and a call to action. */
	if ((ph & PH_WEAK) && n <= 200 && f->sents <= 3 && has_cta(s, n))
		for (size_t i = 0; promo_starts[i]; i++)
			if (starts_with(s, n, promo_starts[i]))
				return 1;
	return 0;
}

static int is_credit(const char *s, size_t n, unsigned ph)
{
	if (n > PROMO_MAX)
		return 0;
	for (size_t i = 0; credit_starts[i]; i++)
		if (starts_with(s, n, credit_starts[i])) {
			/* "Copyright" opens sentences about copyright law too:
			 * only a notice (a year or the sign) counts. */
			if (!strcmp(credit_starts[i], "copyright ") &&
			    !(n > 10 && isdigit((unsigned char)s[10])) &&
			    !(ph & (PH_COPY | PH_RIGHTS)))
				continue;
			if ((strstr(credit_starts[i], "image") ||
			     strstr(credit_starts[i], "photo")) && n > CAPTION_MAX)
				continue;
			return 1;
		}
	return (ph & PH_CREDIT) != 0;
}

/* Share rows: share-button words, stopwords and separators. */
static int is_share(const word *w, size_t nw, const feat *f)
{
	if (f->words == 0 || f->words > 20 || f->term || f->social < 2)
		return 0;
	unsigned other = 0;
	for (size_t i = 0; i < nw; i++)
		if (!w[i].sep && !(w[i].flags & (W_SOCIAL | W_STOP)))
			other++;
	/* "Share this story: Facebook | X | LinkedIn | Email" has one
	 * word of its own. */
	return other * 4 <= f->words;
}

/* Casing counts as evidence only when the article has some (nocase 0):
 * in an article set all in capitals or in Title Case, only the labels'
 * vocabulary and the separators tell a menu. */
static int is_menu(const feat *f, int nocase)
{
	if (f->term || f->words < 4)
		return 0;
	if (nocase) {
		unsigned lab = f->nav + f->social;
		return (f->words >= 6 && f->nav >= 3 && lab * 2 >= f->words) ||
		       (f->seps >= 3 && f->seps * 3 >= f->words);
	}
	double capr = f->alpha ? (double)f->cap / f->alpha : 0;
	/* Link labels of a navigation bar (and its share buttons). */
	unsigned labels = f->nav + f->social;
	if (f->words >= 6 && f->nav >= 3 && labels * 2 >= f->words &&
	    capr >= 0.6 && f->lowcontent <= 1)
		return 1;
	/* Labels between separators: "Home | Litigation | IP | Privacy". */
	if (f->seps >= 3 && f->seps * 3 >= f->words && capr >= 0.6 &&
	    f->lowcontent <= 1)
		return 1;
	/* A long run of capitalised labels with (almost) no sentence: an
	 * abbreviation's period ("LLC.") may look like one. */
	if (f->words >= 30 && f->sents * 15 <= f->words && capr >= 0.7)
		return 1;
	return 0;
}

/* "Harriet Vale covers state enforcement ...", "Emma Woollacott is a
 * freelance journalist ...": a name, then a journalist's verb or job. */
static int is_bio(const char *s, const word *w, size_t nw, const feat *f)
{
	if (f->bytes > 400 || nw < 4)
		return 0;
	size_t i = 0;
	while (i < nw && i < 4 && w[i].cap && !(w[i].flags & W_STOP))
		i++;
	if (i == 0 || i > 3 || i >= nw)
		return 0;
	size_t wl = w[i].ce - w[i].cs;
	const char *v = s + w[i].cs;
	if (wl == 6 && !memcmp(v, "covers", 6))
		return 1;
	if (wl == 6 && !memcmp(v, "writes", 6) && i + 1 < nw &&
	    !strncmp(s + w[i + 1].cs, "about", 5))
		return 1;
	if (wl == 2 && !memcmp(v, "is", 2))
		for (size_t j = i + 1; j < nw && j <= i + 5; j++)
			if (w[j].flags & W_ROLE)
				return 1;
	return 0;
}

/* Is the paragraph in another language?  Only asked in articles that are
 * English as a whole. */
static int is_foreign(const feat *f)
{
	return f->words >= 4 && f->foreign >= 3 && f->foreign > 2 * f->stop;
}

/* ---- datelines and bylines ------------------------------------------- */

/* A date with at least a month at s[0..n) (after white space). */
static int date_at(const char *s, size_t n, char out[11])
{
	while (n && is_space((unsigned char)*s)) {
		s++;
		n--;
	}
	if (n == 0 || !isalnum((unsigned char)*s))
		return 0;
	if (dk_date_parse(s, n, out) != DK_OK || strlen(out) < 7) {
		out[0] = '\0';
		return 0;
	}
	return 1;
}

static const char *const date_labels[] = {
	"published on", "published:", "published", "updated on", "updated:",
	"updated", "posted on", "posted:", "posted", "last updated on",
	"last updated:", "last updated", "first published on",
	"first published:", "first published", "date:", "dated", NULL
};

/* "Published June 12, 2024 at 6:15 a.m.", "January 24, 2025": a short line
 * that is a date, with an optional label. */
static int is_date_line(const char *s, size_t n, const feat *f, char out[11])
{
	if (n > 100 || f->words > 12)
		return 0;
	for (size_t i = 0; date_labels[i]; i++) {
		size_t L = strlen(date_labels[i]);
		if (starts_with(s, n, date_labels[i]) &&
		    (n == L || !isalnum((unsigned char)s[L])))
			return date_at(s + L, n - L, out);
	}
	if (n > 60 || f->words > 8 || f->lowcontent > 1)
		return 0;
	return date_at(s, n, out);
}

/* A leading "date 2025-01-24" marker: the bytes it takes, 0 if none. */
static size_t date_marker(const char *s, size_t n, char out[11])
{
	if (!starts_with(s, n, "date"))
		return 0;
	size_t i = 4;
	if (i < n && s[i] == ':')
		i++;
	if (i >= n || !is_space((unsigned char)s[i]))
		return 0;
	while (i < n && is_space((unsigned char)s[i]))
		i++;
	/* An ISO date: "date 2025-01-24". */
	if (n - i < 10 || s[i + 4] != '-' || s[i + 7] != '-')
		return 0;
	for (size_t k = 0; k < 10; k++)
		if (k != 4 && k != 7 && !isdigit((unsigned char)s[i + k]))
			return 0;
	if (n > i + 10 && !is_space((unsigned char)s[i + 10]))
		return 0;
	if (dk_date_parse(s + i, 10, out) != DK_OK)
		return 0;
	i += 10;
	while (i < n && is_space((unsigned char)s[i]))
		i++;
	return i;
}

/* Is w a byline separator ("·", "|", "•", "—", "–", "-", "/")? */
static int is_sep_token(const char *s, const word *w)
{
	if (!w->sep)
		return 0;
	size_t n = w->e - w->s;
	const char *t = s + w->s;
	return (n == 1 && (*t == '|' || *t == '-' || *t == '/')) ||
	       (n == 2 && !memcmp(t, "\xC2\xB7", 2)) ||
	       (n == 3 && (!memcmp(t, "\xE2\x80\xA2", 3) ||
			   !memcmp(t, "\xE2\x80\x94", 3) ||
			   !memcmp(t, "\xE2\x80\x93", 3)));
}

/*
 * "By Felix Amsel · July 18, 2024 · 9 min read", "By Marisol Ortega |
 * Pacific Ledger", "By Jane Doe and John Roe": "By", two to six name words,
 * then the end, a separator, a comma or a date, and no prose after.  The
 * names go to author, a date after them to date.  s is the whole text,
 * pend the end of the paragraph.
 */
static int is_byline(const char *s, size_t pend, const word *w, size_t nw,
		     const feat *f, char *author, size_t acap, char date[11])
{
	if (f->bytes > 160 || nw < 3)
		return 0;
	if (w[0].ce - w[0].cs != 2 || strncasecmp(s + w[0].cs, "by", 2) ||
	    w[0].e != w[0].ce || !w[0].cap)
		return 0;
	size_t i = 1, names = 0, name_end = 0;
	int comma = 0;
	while (i < nw) {
		const word *x = &w[i];
		if (x->sep)
			break;
		if (x->cap && x->alpha && !(x->flags & (W_STOP | W_CALENDAR)) &&
		    !x->digit) {
			names++;
			name_end = x->ce;
			i++;
			if (x->e > x->ce && s[x->ce] == ',') {
				comma = 1;
				break;
			}
			continue;
		}
		if (names && !x->cap && ((x->flags & W_PARTICLE) ||
					 (x->ce - x->cs == 3 &&
					  !strncmp(s + x->cs, "and", 3)))) {
			i++;
			continue;
		}
		break;
	}
	if (names < 2 || names > 6)
		return 0;
	if (i < nw) {
		const word *x = &w[i];
		if (!is_sep_token(s, x) && !comma &&
		    !date_at(s + x->s, pend - x->s, date))
			return 0;
		/* No prose after the names: at most two lower-case words
		 * ("9 min read", "archive page"). */
		unsigned low = 0;
		for (size_t j = i; j < nw; j++)
			if (w[j].alpha && !w[j].cap && !(w[j].flags & W_STOP) &&
			    w[j].ce - w[j].cs >= 3)
				low++;
		if (low > 2)
			return 0;
		for (size_t j = i; j < nw && !date[0]; j++)
			if (!w[j].sep && ((w[j].flags & W_CALENDAR) || w[j].digit))
				date_at(s + w[j].s, pend - w[j].s, date);
	}
	size_t a0 = w[1].cs;
	size_t an = name_end > a0 ? name_end - a0 : 0;
	if (an >= acap)
		an = acap - 1;
	memcpy(author, s + a0, an);
	author[an] = '\0';
	return 1;
}

/* "NEW DELHI, January 24, 2025: ...": up to four capitalised words and a
 * comma, then a full date.  The date to out. */
static int city_dateline(const char *s, size_t pend, const word *w, size_t nw,
			 char out[11])
{
	size_t j = 0;
	while (j < nw && j < 4 && w[j].cap && !(w[j].flags & W_CALENDAR))
		j++;
	if (j == 0 || j >= nw || w[j - 1].e <= w[j - 1].ce ||
	    s[w[j - 1].ce] != ',' || !(w[j].flags & W_CALENDAR))
		return 0;
	if (!date_at(s + w[j].s, pend - w[j].s, out) || strlen(out) != 10) {
		out[0] = '\0';
		return 0;
	}
	return 1;
}

/* ---- glued headlines -------------------------------------------------- */

/*
 * The start of a Title Case headline glued after the last sentence of a
 * prose paragraph ("... their personal data. Deepak Agarwal Appointed As
 * LinkedIn Chief AI Officer, Brings 24 Years of Experience ..."), or 0.
 */
static size_t glued_headline(const word *w, size_t nw, const feat *f)
{
	if (f->sents < 2 || !f->term)
		return 0;
	/* Not in an all-capitals paragraph. */
	if (f->alpha && f->upper * 2 > f->alpha)
		return 0;
	size_t last = nw;
	while (last > 0 && w[last - 1].sep)
		last--;
	if (last < 2)
		return 0;
	/* The start of the last sentence. */
	size_t st = 0;
	int found = 0;
	for (size_t j = last - 1; j-- > 0;)
		if (w[j].end) {
			st = j + 1;
			found = 1;
			break;
		}
	if (!found || st >= last)
		return 0;
	/* The sentence before it is ordinary prose: it ends with a lower-case
	 * word or a number and holds lower-case content words. */
	const word *pe = &w[st - 1];
	if (pe->cap && !pe->digit && !(pe->flags & W_CALENDAR))
		return 0;
	unsigned prev_low = 0;
	for (size_t j = st; j-- > 0;) {
		if (j + 1 < st && w[j].end)
			break;
		if (w[j].alpha && !w[j].cap && !(w[j].flags & W_STOP) &&
		    w[j].ce - w[j].cs >= 3)
			prev_low++;
	}
	if (prev_low < 2)
		return 0;
	/* The last sentence: at least six words, >= 5 capitalised content
	 * words, no lower-case one, no quotation. */
	unsigned caps = 0, words = 0, upper = 0;
	for (size_t j = st; j < last; j++) {
		if (w[j].sep)
			continue;
		words++;
		if (w[j].quote)
			return 0;
		if (!w[j].alpha || (w[j].flags & W_STOP))
			continue;
		if (!w[j].cap) {
			if (w[j].ce - w[j].cs >= 3)
				return 0;
			continue;
		}
		caps++;
		upper += w[j].upper;
	}
	/* Title Case, not a sentence in capitals ("WARNING: ANY ..."). */
	if (caps < 5 || words < 6 || upper * 2 > caps)
		return 0;
	return w[st].s;
}

/* ---- the lead: a menu run and the title glued before the text -------- */

/* In the paragraph text[a..b): the offset just after the page title when
 * a run of labels precedes it and text follows it; 0 otherwise. */
static size_t lead_cut(dk_bp_stripper *st, const char *text, size_t a, size_t b,
		       const char *title)
{
	if (!title)
		return 0;
	size_t tl = strlen(title);
	/* Drop a " | Site" or " - Site" suffix from the title. */
	static const char *const seps[] = { " | ", " - ", " \xE2\x80\x94 ",
					    " \xE2\x80\x93 ", NULL };
	for (size_t i = 0; seps[i]; i++) {
		const char *h = strstr(title, seps[i]);
		if (h && (size_t)(h - title) >= 12 && (size_t)(h - title) < tl)
			tl = (size_t)(h - title);
	}
	size_t n = b - a;
	const char *p = text + a;
	if (tl < 12 || tl >= n)
		return 0;
	/* The last occurrence of the title in the paragraph, not at its
	 * start. */
	size_t at = 0;
	for (size_t i = 1; i + tl <= n; i++)
		if (p[i] == title[0] && !memcmp(p + i, title, tl))
			at = i;
	if (!at || at + tl >= n)
		return 0;
	/* What precedes it must be a run of labels, not prose. */
	feat f;
	size_t keep = st->nw;
	int r = scan(st, text, a, a + at, &f);
	st->nw = keep;
	if (r || f.sents > 0 || f.words < 3 || f.lowcontent > 2 + f.words / 10)
		return 0;
	size_t e = at + tl;
	while (e < n && (is_space((unsigned char)p[e]) || p[e] == '|'))
		e++;
	return e < n ? e : 0;
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
			if (scan(st, text, P[k].start, P[k].start + P[k].len, &f))
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
		if (is_date_line(s, n, f, d)) {
			p->verdict = DK_BP_DATELINE;
			if (!res->date[0])
				memcpy(res->date, d, sizeof d);
			return;
		}
		if (!res->author[0] &&
		    is_byline(text, p->start + n, w, nw, f, res->author,
			      sizeof res->author, d)) {
			p->verdict = DK_BP_CREDIT;
			if (d[0] && !res->date[0])
				memcpy(res->date, d, sizeof d);
			return;
		}
	}
	if (lead == 0) {
		size_t m = date_marker(s, n, d);
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
	    city_dateline(text, p->start + n, w, nw, d))
		memcpy(res->date, d, sizeof d);
	unsigned ph = n <= PROMO_MAX ? phrase_scan(st, text, p->start + n, w, nw)
				     : 0;
	if (is_credit(s, n, ph))
		p->verdict = DK_BP_CREDIT;
	else if (is_related_header(s, n, f)) {
		p->verdict = DK_BP_RELATED;
		q->related_hdr = 1;
	} else if (f->words <= 6 && line_key(s, n, key, sizeof key) &&
		   in_list(key, furniture_lines))
		p->verdict = DK_BP_PROMO;
	else if (n <= 300 && has_related_prefix(s, n))
		p->verdict = DK_BP_RELATED;
	else if (is_share(w, nw, f))
		p->verdict = DK_BP_SHARE;
	else if (is_promo(s, n, f, ph))
		p->verdict = DK_BP_PROMO;
	else if (is_menu(f, st->nocase))
		p->verdict = DK_BP_MENU;
	else if (n <= 400 && has_teaser_label(s, n))
		p->verdict = DK_BP_RELATED;
	else if (k > 0 && k * 2 >= np && is_bio(text, w, nw, f))
		p->verdict = DK_BP_BIO;
	if (p->verdict == DK_BP_KEEP && lead < 3 && !p->cut) {
		size_t c = lead_cut(st, text, p->start, p->start + n, title);
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
		while (a < b && is_space((unsigned char)text[a]))
			a++;
		while (b > a && is_space((unsigned char)text[b - 1]))
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
			    scan(st, text, prev, b, &q->tail))
				return DK_ERR_NOMEM;
		} else if (scan(st, text, a, b, &q->f)) {
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
		if (kept(&P[k]) && english && !PI[k].light && is_foreign(&PI[k].f))
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
		size_t g = glued_headline(st->w + PI[k].w0, PI[k].w1 - PI[k].w0,
					  gf);
		if (!g || g <= p->keep_start)
			continue;
		size_t e = g;
		while (e > p->keep_start && is_space((unsigned char)text[e - 1]))
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
