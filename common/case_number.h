/*
 * case_number.h - US federal docket numbers in one normal form.
 *
 * Courts write the same case as "5:25-cv-00709", "3:25-cv-709",
 * "Case No. 25-00709" or "case number 25-00709".  The normal form is the
 * two-digit year, a hyphen and the serial number zero-padded to five
 * digits: "25-00709".  The office prefix ("5:") and the case type ("cv",
 * "cr", "md" ...) are dropped, as lawyers do when they cite a case
 * loosely; this is what case: searches match.
 */
#ifndef DK_CASE_NUMBER_H
#define DK_CASE_NUMBER_H

#include <stddef.h>

/*
 * Normalize the docket number at the start of s[0..len) (after optional
 * white space).  Writes the normal form and a NUL to out (at least 16
 * bytes) and returns the number of input bytes it used; 0 when s does not
 * start with a docket number.
 */
size_t dk_case_number_normalize(const char *s, size_t len, char out[16]);

#endif
