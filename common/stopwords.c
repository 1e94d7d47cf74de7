/*
 * stopwords.c - stop word lists as data, and a small set to look them up.
 *
 * The English list is Snowball's (snowballstem.org, english/stop.txt) in
 * the analyzer's normalized form.  The analyzer drops a possessive "'s"
 * and removes other apostrophes, so Snowball's contractions become
 * "dont", "isnt", "youre" ...; the "'s" forms ("it's", "that's") reduce to
 * words already on the list, except "let's" (-> "let", not a stopword).
 * Contractions whose normalized form is an ordinary English word are left
 * out: "ill", "id", "wed", "shed", "hell", "shell", "well", "cant", "wont".
 * Snowball itself leaves out "us" (U.S.), "will", "can", "may", "must" and
 * "might" for their homonyms, and so do we.
 *
 * The set is an open-addressing hash table (FNV-1a, linear probing) with
 * at least four slots per word, built once per analyzer, so a lookup costs
 * one short hash and usually one compare.
 */
#include "stopwords.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const english[] = {
	"a", "about", "above", "after", "again", "against", "all", "am", "an",
	"and", "any", "are", "arent", "as", "at", "be", "because", "been",
	"before", "being", "below", "between", "both", "but", "by", "cannot",
	"could", "couldnt", "did", "didnt", "do", "does", "doesnt", "doing",
	"dont", "down", "during", "each", "few", "for", "from", "further",
	"had", "hadnt", "has", "hasnt", "have", "havent", "having", "he",
	"hed", "her", "here", "hers", "herself", "him", "himself", "his",
	"how", "i", "if", "im", "in", "into", "is", "isnt", "it", "its",
	"itself", "ive", "me", "more", "most", "mustnt", "my", "myself", "no",
	"nor", "not", "of", "off", "on", "once", "only", "or", "other",
	"ought", "our", "ours", "ourselves", "out", "over", "own", "same",
	"shant", "she", "should", "shouldnt", "so", "some", "such", "than",
	"that", "the", "their", "theirs", "them", "themselves", "then",
	"there", "these", "they", "theyd", "theyll", "theyre", "theyve",
	"this", "those", "through", "to", "too", "under", "until", "up",
	"very", "was", "wasnt", "we", "were", "werent", "weve", "what",
	"when", "where", "which", "while", "who", "whom", "why", "with",
	"would", "wouldnt", "you", "youd", "youll", "your", "youre", "yours",
	"yourself", "yourselves", "youve",
	NULL
};

static const struct {
	const char *lang;
	const char *const *words;
} lists[] = {
	{ "english", english },
	{ "porter", english },
};

struct dk_stopwords {
	size_t mask;        /* slots - 1; slots is a power of two */
	size_t max_len;     /* longest word: longer lookups fail at once */
	const char **slot;  /* borrowed words from the static list, or NULL */
	unsigned char *len; /* their lengths */
};

static uint32_t fnv1a(const char *p, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 16777619u;
	}
	return h;
}

const char *const *dk_stopwords_list(const char *lang)
{
	if (lang)
		for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
			if (strcmp(lang, lists[i].lang) == 0)
				return lists[i].words;
	return english;
}

/* Ownership: *out belongs to the caller (dk_stopwords_free). */
dk_status dk_stopwords_new(const char *lang, dk_stopwords **out)
{
	if (!out)
		return DK_ERR_INVALID;
	*out = NULL;

	const char *const *words = dk_stopwords_list(lang);
	size_t n = 0, slots = 16;
	while (words[n])
		n++;
	while (slots < 4 * n)
		slots *= 2;

	dk_stopwords *sw = calloc(1, sizeof *sw);
	if (!sw)
		return DK_ERR_NOMEM;
	sw->mask = slots - 1;
	sw->slot = calloc(slots, sizeof *sw->slot);
	sw->len = calloc(slots, 1);
	if (!sw->slot || !sw->len) {
		dk_stopwords_free(sw);
		return DK_ERR_NOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(words[i]);
		size_t h = fnv1a(words[i], l) & sw->mask;
		while (sw->slot[h])
			h = (h + 1) & sw->mask;
		sw->slot[h] = words[i];
		sw->len[h] = (unsigned char)l;
		if (l > sw->max_len)
			sw->max_len = l;
	}
	*out = sw;
	return DK_OK;
}

void dk_stopwords_free(dk_stopwords *sw)
{
	if (!sw)
		return;
	free(sw->slot);
	free(sw->len);
	free(sw);
}

int dk_stopwords_contains(const dk_stopwords *sw, const char *word,
			  size_t len)
{
	if (!sw || !word || len == 0 || len > sw->max_len)
		return 0;
	size_t h = fnv1a(word, len) & sw->mask;
	while (sw->slot[h]) {
		if (sw->len[h] == len && memcmp(sw->slot[h], word, len) == 0)
			return 1;
		h = (h + 1) & sw->mask;
	}
	return 0;
}
