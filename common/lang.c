/*
 * lang.c - the language of a text (see lang.h).
 *
 * The word lists are the most frequent function words of each language,
 * written here from general knowledge of the languages (lower case,
 * UTF-8, accents kept).  Words shared by several languages ("de", "a",
 * "in", "die") carry a bit for each: the distinctive words decide.
 */
#include "lang.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const LISTS[DK_LANG_NWORD] = {
	/* en */ "the of and to a in is that for it with as was on be by at this "
		 "are from or an but not have has had were which they their been "
		 "will would its we he she his her you all more can there about also",
	/* de */ "der die und in den von zu das mit sich des auf für ist im dem "
		 "nicht ein eine als auch es an werden aus er hat dass sie nach wird "
		 "bei einer um am sind noch wie einem über einen so zum war haben nur "
		 "oder aber vor zur bis mehr durch man sein wurde ich wir",
	/* fr */ "le la les de des et en du un une est que qui pas pour dans sur "
		 "au par plus ne se ce il elle sont avec aux ont cette mais ou son sa "
		 "ses été leur nous vous être fait comme",
	/* es */ "el la los las de del y en que un una es por con para no se su al "
		 "lo como más pero sus le ha este esta son entre cuando muy sin sobre "
		 "también fue hay desde",
	/* pt */ "o a os as de do da dos das e em um uma que não para com por se "
		 "na no ao mais como mas foi ele ela seu sua são pelo pela também já "
		 "está nos entre",
	/* it */ "il lo la i gli le di del della dei delle e è in che un una per "
		 "con non si da al alla sono come più ma anche ha nel nella questo "
		 "questa sul stato essere",
	/* nl */ "de het een en van in is dat op te voor met zijn niet aan er om "
		 "ook als bij door maar dan nog wordt naar uit heeft worden deze die "
		 "werd zou kan",
	/* pl */ "i w z na się nie do to że jest o jak ale po co tak od za przez "
		 "jego już tylko oraz są był być może dla ich które który która czy "
		 "gdy bardzo",
	/* cs */ "a v se na je že o s z do to jako ale po by jsou od za pro jeho "
		 "které který která bylo byl být také jen nebo podle už při tak",
	/* sv */ "och i att det som en på är av för med till den har de inte om "
		 "ett men var jag sig från vid kan han hon så eller när skulle efter",
	/* da */ "og i at det som en på er af for med til den har de ikke om et "
		 "men var jeg sig fra ved kan han hun så eller når skal efter blev",
	/* no */ "og i at det som en på er av for med til den har de ikke om et "
		 "men var jeg seg fra ved kan han hun så eller når skal etter ble",
	/* fi */ "ja on ei että se oli hän mutta kun myös tai joka ovat mukaan "
		 "kuin ole jo nyt vain sen sekä ollut voi tämä niin jos",
	/* hu */ "a az és hogy nem is egy meg van de ez már csak volt azt mint még "
		 "el ki be lesz vagy pedig kell nagyon",
	/* ro */ "și şi în de la cu pe nu a un o care este că din pentru se mai au "
		 "sunt fost ca dar sau lui ei acest această",
	/* tr */ "ve bir bu da de için ile olarak çok daha gibi olan en ama ne "
		 "kadar sonra her var değil o ise ancak",
};

static const char *const CODES[DK_LANG_NWORD] = {
	"en", "de", "fr", "es", "pt", "it", "nl", "pl", "cs", "sv", "da", "no",
	"fi", "hu", "ro", "tr"
};

/* The table: open addressing over (word, length, languages). */
#define SLOTS 2048
typedef struct slot {
	const char *w;
	unsigned char n;
	uint32_t mask;
} slot;

static slot table[SLOTS];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static uint32_t fnv(const char *p, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 16777619u;
	}
	return h;
}

static void build(void)
{
	for (int l = 0; l < DK_LANG_NWORD; l++) {
		const char *p = LISTS[l];
		while (*p) {
			while (*p == ' ')
				p++;
			const char *w = p;
			while (*p && *p != ' ')
				p++;
			size_t n = (size_t)(p - w);
			if (!n)
				continue;
			for (uint32_t i = fnv(w, n) & (SLOTS - 1);; i = (i + 1) & (SLOTS - 1)) {
				slot *s = &table[i];
				if (!s->w) {
					s->w = w;
					s->n = (unsigned char)n;
				}
				if (s->n == n && !memcmp(s->w, w, n)) {
					s->mask |= 1u << l;
					break;
				}
			}
		}
	}
}

uint32_t dk_lang_word(const char *w, size_t n)
{
	if (n == 0 || n > 12)
		return 0;
	pthread_once(&once, build);
	for (uint32_t i = fnv(w, n) & (SLOTS - 1);; i = (i + 1) & (SLOTS - 1)) {
		const slot *s = &table[i];
		if (!s->w)
			return 0;
		if (s->n == n && !memcmp(s->w, w, n))
			return s->mask;
	}
}

const char *dk_lang_code(int i)
{
	return i >= 0 && i < DK_LANG_NWORD ? CODES[i] : NULL;
}

int dk_lang_pick(const unsigned *hits, unsigned words)
{
	int best = -1;
	unsigned b = 0, second = 0;
	for (int i = 0; i < DK_LANG_NWORD; i++) {
		if (hits[i] > b) {
			second = b;
			b = hits[i];
			best = i;
		} else if (hits[i] > second) {
			second = hits[i];
		}
	}
	if (best < 0 || b < 3 || (double)b < 0.08 * words || second * 4 > b * 3)
		return -1;
	return best;
}

/* ---- detection over a text ----------------------------------------------- */

/* The next code point of s[*i..n); invalid bytes read as themselves. */
static uint32_t next_cp(const unsigned char *s, size_t n, size_t *i)
{
	uint32_t c = s[*i];
	int k = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
	if (*i + (size_t)k >= n)
		k = 0;
	if (k) {
		c &= 0x3F >> k;
		for (int j = 1; j <= k; j++)
			c = (c << 6) | (s[*i + (size_t)j] & 0x3F);
	}
	*i += (size_t)k + 1;
	return c;
}

static int is_letter(uint32_t c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
	if (c < 0xC0 || c == 0xD7 || c == 0xF7)
		return 0;
	if ((c >= 0x2000 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x303F) ||
	    (c >= 0xFE00 && c <= 0xFE6F) || (c >= 0xFF00 && c <= 0xFF20))
		return 0;
	return 1;
}

enum { S_LATIN, S_HAN, S_KANA, S_HANGUL, S_ARABIC, S_PERSIAN, S_HEBREW,
       S_GREEK, S_THAI, S_DEVANAGARI, S_CYRILLIC, S_UKRAINIAN, S_N };

static int script_of(uint32_t c)
{
	if (c < 0x250)
		return S_LATIN;
	if (c >= 0x4E00 && c <= 0x9FFF)
		return S_HAN;
	if (c >= 0x3400 && c <= 0x4DBF)
		return S_HAN;
	if (c >= 0x3040 && c <= 0x30FF)
		return S_KANA;
	if ((c >= 0xAC00 && c <= 0xD7AF) || (c >= 0x1100 && c <= 0x11FF))
		return S_HANGUL;
	if (c == 0x67E || c == 0x686 || c == 0x698 || c == 0x6AF)
		return S_PERSIAN;
	if ((c >= 0x600 && c <= 0x6FF) || (c >= 0x750 && c <= 0x77F))
		return S_ARABIC;
	if (c >= 0x590 && c <= 0x5FF)
		return S_HEBREW;
	if (c >= 0x370 && c <= 0x3FF)
		return S_GREEK;
	if (c >= 0xE00 && c <= 0xE7F)
		return S_THAI;
	if (c >= 0x900 && c <= 0x97F)
		return S_DEVANAGARI;
	if (c == 0x456 || c == 0x457 || c == 0x454 || c == 0x491 ||
	    c == 0x406 || c == 0x407 || c == 0x404 || c == 0x490)
		return S_UKRAINIAN;
	if (c >= 0x400 && c <= 0x4FF)
		return S_CYRILLIC;
	return -1;
}

/* Lower case for ASCII and Latin-1 capitals, appended as UTF-8. */
static size_t put_lower(char *w, size_t k, size_t cap, uint32_t c)
{
	if ((c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7))
		c += 0x20;
	if (c < 0x80) {
		if (k + 1 <= cap)
			w[k] = (char)c;
		return k + 1;
	}
	if (c < 0x800) {
		if (k + 2 <= cap) {
			w[k] = (char)(0xC0 | (c >> 6));
			w[k + 1] = (char)(0x80 | (c & 0x3F));
		}
		return k + 2;
	}
	return cap + 1;  /* such words are not on the lists */
}

const char *dk_lang_detect(const char *text, size_t n)
{
	const unsigned char *s = (const unsigned char *)text;
	if (n > DK_LANG_SAMPLE) {
		n = DK_LANG_SAMPLE;
		while (n > 0 && (s[n] & 0xC0) == 0x80)
			n--;             /* not inside a character */
	}
	unsigned hits[DK_LANG_NWORD] = { 0 }, script[S_N] = { 0 }, words = 0;
	char w[16];
	size_t k = 0, i = 0;
	int in = 0;
	while (i <= n) {
		uint32_t c = i < n ? next_cp(s, n, &i) : (i++, ' ');
		if (is_letter(c)) {
			int sc = script_of(c);
			if (sc >= 0)
				script[sc]++;
			k = put_lower(w, k, sizeof w, c);
			in = 1;
			continue;
		}
		if (in) {
			words++;
			uint32_t m = k <= sizeof w ? dk_lang_word(w, k) : 0;
			for (int l = 0; m; l++, m >>= 1)
				if (m & 1)
					hits[l]++;
		}
		in = 0;
		k = 0;
	}
	unsigned latin = script[S_LATIN], other = 0;
	int top = -1;
	for (int sc = S_HAN; sc < S_N; sc++)
		other += script[sc];
	if (other > latin && other >= 10) {
		unsigned han = script[S_HAN] + script[S_KANA];
		unsigned ar = script[S_ARABIC] + script[S_PERSIAN];
		unsigned cyr = script[S_CYRILLIC] + script[S_UKRAINIAN];
		unsigned best = 0;
		const unsigned v[] = { han, script[S_HANGUL], ar, script[S_HEBREW],
				       script[S_GREEK], script[S_THAI],
				       script[S_DEVANAGARI], cyr };
		for (int j = 0; j < 8; j++)
			if (v[j] > best) {
				best = v[j];
				top = j;
			}
		switch (top) {
		case 0: return script[S_KANA] * 20 > han ? "ja" : "zh";
		case 1: return "ko";
		case 2: return script[S_PERSIAN] * 50 > ar ? "fa" : "ar";
		case 3: return "he";
		case 4: return "el";
		case 5: return "th";
		case 6: return "hi";
		default: return script[S_UKRAINIAN] * 100 > cyr ? "uk" : "ru";
		}
	}
	return dk_lang_code(dk_lang_pick(hits, words));
}

const char *dk_lang_stemmer(const char *code)
{
	static const char *const MAP[][2] = {
		{ "en", "english" }, { "de", "german" }, { "fr", "french" },
		{ "es", "spanish" }, { "pt", "portuguese" }, { "it", "italian" },
		{ "nl", "dutch" }, { "sv", "swedish" }, { "da", "danish" },
		{ "no", "norwegian" }, { "nb", "norwegian" }, { "nn", "norwegian" },
		{ "fi", "finnish" }, { "hu", "hungarian" }, { "ro", "romanian" },
		{ "tr", "turkish" }, { "ru", "russian" }, { "ar", "arabic" },
		{ "el", "greek" }, { "ca", "catalan" }, { "eu", "basque" },
		{ "ga", "irish" }, { "id", "indonesian" }, { "lt", "lithuanian" },
		{ "ne", "nepali" }, { "sr", "serbian" }, { "ta", "tamil" },
		{ "hi", "hindi" }, { "hy", "armenian" }, { "yi", "yiddish" },
	};
	if (!code || strlen(code) < 2 || (code[2] && code[2] != '-' && code[2] != '_'))
		return NULL;
	for (size_t i = 0; i < sizeof MAP / sizeof MAP[0]; i++)
		if (!strncasecmp(code, MAP[i][0], 2))
			return MAP[i][1];
	return NULL;
}
