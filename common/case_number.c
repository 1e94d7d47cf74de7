/*
 * case_number.c - docket number normalization (see case_number.h).
 * Shape: [D[D]:]YY-[letters{1,4}-]N{1,6}, not followed by a digit.
 */
#include "case_number.h"

#include <ctype.h>
#include <string.h>

static size_t digits(const char *s, size_t len, size_t i, size_t max)
{
	size_t k = 0;
	while (i + k < len && k <= max && isdigit((unsigned char)s[i + k]))
		k++;
	return k;
}

size_t dk_case_number_normalize(const char *s, size_t len, char out[16])
{
	size_t i = 0;
	out[0] = '\0';
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	size_t d = digits(s, len, i, 2);
	if (d >= 1 && d <= 2 && i + d < len && s[i + d] == ':') {
		i += d + 1;
		d = digits(s, len, i, 2);
	}
	if (d != 2 || i + 2 >= len || s[i + 2] != '-')
		return 0;
	size_t year = i;
	i += 3;
	size_t l = 0;
	while (i + l < len && l <= 4 && isalpha((unsigned char)s[i + l]))
		l++;
	if (l) {
		if (l > 4 || i + l >= len || s[i + l] != '-')
			return 0;
		i += l + 1;
	}
	size_t n = digits(s, len, i, 6);
	if (n == 0 || n > 6)
		return 0;
	size_t serial = i;
	i += n;
	/* Trim leading zeros beyond five digits' width, pad to five. */
	size_t lead = 0;
	while (n - lead > 5 && s[serial + lead] == '0')
		lead++;
	if (n - lead > 5)
		return 0;
	char *o = out;
	*o++ = s[year];
	*o++ = s[year + 1];
	*o++ = '-';
	for (size_t k = n - lead; k < 5; k++)
		*o++ = '0';
	memcpy(o, s + serial + lead, n - lead);
	o += n - lead;
	*o = '\0';
	return i;
}
