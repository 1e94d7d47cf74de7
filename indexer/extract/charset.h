/*
 * charset.h - decoding web pages and text files to UTF-8.
 *
 * A page's bytes are in the charset its transport declared (the HTTP
 * Content-Type of a WARC record), else the one its own markup declares
 * (<meta charset>, <meta http-equiv="Content-Type">, found by a byte-level
 * prescan of the first DK_CHARSET_PRESCAN bytes as the HTML standard does
 * it), else UTF-8.  A byte order mark overrides both.  Labels are mapped as
 * the WHATWG Encoding standard maps them ("latin1", "iso-8859-1" and
 * "us-ascii" are windows-1252; "gb2312" is GB18030; a page that says
 * UTF-16 in its own markup is ASCII-compatible, so UTF-8) and decoded with
 * iconv, except UTF-8 and windows-1252, which are done here.
 *
 * Bytes that are not valid UTF-8 where UTF-8 was declared or assumed are
 * the common case of a legacy page with no (or a wrong) declaration: when
 * the invalid bytes outnumber the valid multi-byte sequences the page is
 * read as windows-1252, otherwise each invalid byte becomes U+FFFD.  Either
 * way dk_charset_info says what happened and where, so the caller can warn
 * with the position.  The output is always valid UTF-8 (NUL and other
 * control characters other than tab and newline become spaces, CR LF
 * becomes LF; see utf8.h).
 *
 * A text file has no markup to declare its charset: a byte order mark
 * decides, else NUL bytes in every other byte mean UTF-16 (a file saved
 * as "Unicode" by Windows programs), else UTF-8 with the same
 * windows-1252 fallback unless the bad bytes look like UTF-8 cut short
 * (dk_charset_decode_text).
 */
#ifndef DK_CHARSET_H
#define DK_CHARSET_H

#include <stddef.h>

#include "../../common/buf.h"
#include "../../common/status.h"

#define DK_CHARSET_PRESCAN 4096
#define DK_CHARSET_NAME 48

typedef enum dk_charset_source {
	DK_CHARSET_DEFAULT = 0,  /* nothing declared: UTF-8 assumed */
	DK_CHARSET_BOM,
	DK_CHARSET_TRANSPORT,    /* the caller's (HTTP) declaration */
	DK_CHARSET_META,         /* the page's own <meta> */
	DK_CHARSET_SNIFFED       /* UTF-16 told by its NUL bytes (text only) */
} dk_charset_source;

typedef struct dk_charset_info {
	char name[DK_CHARSET_NAME];      /* the charset decoded from */
	dk_charset_source source;
	size_t invalid;                  /* bytes replaced with U+FFFD */
	size_t first_invalid;            /* input offset of the first bad byte */
	int fallback;                    /* 1: invalid UTF-8, read as windows-1252 */
	char ignored[DK_CHARSET_NAME];   /* a <meta> charset the bytes contradict
					  * (valid UTF-8 throughout): "" or its name */
	char unknown[DK_CHARSET_NAME];   /* a declared label no decoder knows, or "" */
} dk_charset_info;

/*
 * The charset parameter of a Content-Type value s[0..n) ("text/html;
 * charset=ISO-8859-1" -> "ISO-8859-1"), unquoted, into out (cap bytes).
 * Returns 1 if there was one, else 0 with out "".
 */
int dk_charset_from_content_type(const char *s, size_t n, char *out,
				 size_t cap);

/*
 * The charset declared by a <meta> element in the first
 * DK_CHARSET_PRESCAN bytes of the page s[0..n), into out.  Comments are
 * skipped; no regular expressions, no tree.  Returns 1 if found, else 0.
 */
int dk_charset_prescan(const char *s, size_t n, char *out, size_t cap);

/*
 * The canonical name of label (case-insensitive, white space trimmed) in
 * out, or 0 when it is no charset iconv or this module can decode.
 */
int dk_charset_canonical(const char *label, char *out, size_t cap);

/*
 * Append s[0..n) decoded to UTF-8 to out.  transport is the charset the
 * caller was told (may be NULL or ""); otherwise the page's BOM and <meta>
 * decide, as described above.  info (may be NULL) says what was done.
 * Fails only with DK_ERR_NOMEM (out->err set).
 */
dk_status dk_charset_decode(const char *s, size_t n, const char *transport,
			    dk_buf *out, dk_charset_info *info);

/*
 * Append the plain text s[0..n) (a text file's bytes, not markup) decoded
 * to UTF-8 to out: a byte order mark (UTF-8, UTF-16) decides; else text
 * whose NUL bytes fall in every other byte is UTF-16 of that byte order
 * (source DK_CHARSET_SNIFFED); else UTF-8, read as windows-1252 when its
 * invalid bytes outnumber its valid multi-byte sequences, as for a page,
 * and none of them is a UTF-8 sequence cut short (a lead byte, then a
 * continuation byte: damaged UTF-8, whose bad bytes become U+FFFD).
 * No <meta> is looked for.  Fails only with DK_ERR_NOMEM (out->err set).
 */
dk_status dk_charset_decode_text(const char *s, size_t n, dk_buf *out,
				 dk_charset_info *info);

#endif
