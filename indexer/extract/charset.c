/*
 * charset.c - decoding web pages to UTF-8 (see charset.h).
 *
 * UTF-8 and windows-1252 (which the WHATWG standard also uses for
 * "iso-8859-1" and "us-ascii") cover almost every page and are decoded
 * here; every other charset goes through iconv, one conversion descriptor
 * per page.  The result always passes through dk_utf8_clean(), so callers
 * get the same clean text whatever the source.
 */
#include "charset.h"

#include <errno.h>
#include <iconv.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "../../common/utf8.h"

static const char REPLACEMENT[] = "\xEF\xBF\xBD";

/* windows-1252 bytes 0x80..0x9F; the five undefined ones are the C1
 * controls, as in the WHATWG index. */
static const unsigned short CP1252[32] = {
	0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
	0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static unsigned char lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* Copy the trimmed label s[0..n) into out if it is made of label
 * characters only (no '/', which iconv would read as options). */
static int copy_label(const char *s, size_t n, char *out, size_t cap)
{
	while (n && is_space((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n && is_space((unsigned char)s[n - 1]))
		n--;
	if (n == 0 || n >= cap)
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
		      c == ':'))
			return 0;
	}
	memcpy(out, s, n);
	out[n] = '\0';
	return 1;
}

int dk_charset_from_content_type(const char *s, size_t n, char *out,
				 size_t cap)
{
	out[0] = '\0';
	for (size_t i = 0; i + 7 < n; i++) {
		if (strncasecmp(s + i, "charset", 7) != 0)
			continue;
		size_t j = i + 7;
		while (j < n && is_space((unsigned char)s[j]))
			j++;
		if (j >= n || s[j] != '=')
			continue;
		j++;
		while (j < n && is_space((unsigned char)s[j]))
			j++;
		char q = 0;
		if (j < n && (s[j] == '"' || s[j] == '\'')) {
			q = s[j];
			j++;
		}
		size_t e = j;
		while (e < n && (q ? s[e] != q : (s[e] != ';' && s[e] != ',' &&
						   !is_space((unsigned char)s[e]))))
			e++;
		return copy_label(s + j, e - j, out, cap);
	}
	return 0;
}

/* ---- the <meta> prescan ------------------------------------------------- */

typedef struct attr {
	char name[16];
	const char *val;
	size_t vlen;
} attr;

/* Read one attribute at s[*i..n) as the HTML prescan does; 0 at '>' or
 * the end. */
static int get_attr(const char *s, size_t n, size_t *i, attr *a)
{
	size_t p = *i;
	while (p < n && (is_space((unsigned char)s[p]) || s[p] == '/'))
		p++;
	if (p >= n || s[p] == '>') {
		*i = p;
		return 0;
	}
	size_t k = 0;
	while (p < n && s[p] != '=' && s[p] != '>' && s[p] != '/' &&
	       !is_space((unsigned char)s[p])) {
		if (k < sizeof a->name - 1)
			a->name[k++] = (char)lower((unsigned char)s[p]);
		p++;
	}
	a->name[k] = '\0';
	a->val = "";
	a->vlen = 0;
	while (p < n && is_space((unsigned char)s[p]))
		p++;
	if (p < n && s[p] == '=') {
		p++;
		while (p < n && is_space((unsigned char)s[p]))
			p++;
		if (p < n && (s[p] == '"' || s[p] == '\'')) {
			char q = s[p++];
			size_t st = p;
			while (p < n && s[p] != q)
				p++;
			a->val = s + st;
			a->vlen = p - st;
			if (p < n)
				p++;
		} else {
			size_t st = p;
			while (p < n && s[p] != '>' && !is_space((unsigned char)s[p]))
				p++;
			a->val = s + st;
			a->vlen = p - st;
		}
	}
	*i = p;
	return 1;
}

static int ieq(const char *s, size_t n, const char *lit)
{
	return strlen(lit) == n && strncasecmp(s, lit, n) == 0;
}

int dk_charset_prescan(const char *s, size_t n, char *out, size_t cap)
{
	out[0] = '\0';
	if (n > DK_CHARSET_PRESCAN)
		n = DK_CHARSET_PRESCAN;
	size_t i = 0;
	while (i < n) {
		if (s[i] != '<') {
			const char *lt = memchr(s + i, '<', n - i);
			if (!lt)
				break;
			i = (size_t)(lt - s);
		}
		if (n - i >= 4 && !memcmp(s + i, "<!--", 4)) {
			size_t j = i + 4;
			while (j + 2 < n && memcmp(s + j, "-->", 3))
				j++;
			i = j + 3;
			continue;
		}
		if (n - i >= 6 && !strncasecmp(s + i, "<meta", 5) &&
		    (is_space((unsigned char)s[i + 5]) || s[i + 5] == '/')) {
			size_t j = i + 5;
			attr a;
			int http_equiv = 0;
			const char *content = NULL, *charset = NULL;
			size_t clen = 0, cslen = 0;
			while (get_attr(s, n, &j, &a)) {
				if (!strcmp(a.name, "http-equiv"))
					http_equiv = ieq(a.val, a.vlen, "content-type");
				else if (!strcmp(a.name, "content")) {
					content = a.val;
					clen = a.vlen;
				} else if (!strcmp(a.name, "charset")) {
					charset = a.val;
					cslen = a.vlen;
				}
			}
			if (charset && copy_label(charset, cslen, out, cap))
				return 1;
			if (http_equiv && content &&
			    dk_charset_from_content_type(content, clen, out, cap))
				return 1;
			i = j + 1;
			continue;
		}
		if (n - i >= 2 && (((s[i + 1] | 0x20) >= 'a' && (s[i + 1] | 0x20) <= 'z') ||
				   s[i + 1] == '/')) {
			/* Another tag: skip its name and attributes, whose
			 * quoted values may hold a '>'. */
			size_t j = i + 1;
			while (j < n && !is_space((unsigned char)s[j]) && s[j] != '>')
				j++;
			attr a;
			while (get_attr(s, n, &j, &a))
				;
			i = j + 1;
			continue;
		}
		if (n - i >= 2 && (s[i + 1] == '!' || s[i + 1] == '?')) {
			const char *gt = memchr(s + i, '>', n - i);
			if (!gt)
				break;
			i = (size_t)(gt - s) + 1;
			continue;
		}
		i++;
	}
	return 0;
}

/* ---- labels ------------------------------------------------------------- */

static const struct { const char *label, *name; } ALIASES[] = {
	{ "utf-8", "UTF-8" }, { "utf8", "UTF-8" }, { "unicode-1-1-utf-8", "UTF-8" },
	{ "x-unicode20utf8", "UTF-8" },
	{ "us-ascii", "windows-1252" }, { "ascii", "windows-1252" },
	{ "ansi_x3.4-1968", "windows-1252" }, { "iso-8859-1", "windows-1252" },
	{ "iso8859-1", "windows-1252" }, { "iso_8859-1", "windows-1252" },
	{ "iso88591", "windows-1252" }, { "iso-ir-100", "windows-1252" },
	{ "latin1", "windows-1252" }, { "latin-1", "windows-1252" },
	{ "l1", "windows-1252" }, { "cp819", "windows-1252" },
	{ "ibm819", "windows-1252" }, { "csisolatin1", "windows-1252" },
	{ "iso_8859-1:1987", "windows-1252" }, { "cp1252", "windows-1252" },
	{ "windows-1252", "windows-1252" }, { "x-cp1252", "windows-1252" },
	{ "x-user-defined", "windows-1252" },
	{ "gb2312", "GB18030" }, { "gbk", "GB18030" }, { "x-gbk", "GB18030" },
	{ "cp936", "GB18030" }, { "chinese", "GB18030" }, { "csgb2312", "GB18030" },
	{ "gb_2312-80", "GB18030" }, { "gb_2312", "GB18030" }, { "gb18030", "GB18030" },
	{ "iso-8859-9", "windows-1254" }, { "latin5", "windows-1254" },
	{ "iso-8859-11", "WINDOWS-874" }, { "tis-620", "WINDOWS-874" },
	{ "windows-874", "WINDOWS-874" },
	{ "ks_c_5601-1987", "CP949" }, { "euc-kr", "CP949" }, { "windows-949", "CP949" },
	{ "shift_jis", "CP932" }, { "shift-jis", "CP932" }, { "sjis", "CP932" },
	{ "x-sjis", "CP932" }, { "ms_kanji", "CP932" }, { "windows-31j", "CP932" },
	{ "csshiftjis", "CP932" },
	{ "big5", "BIG5-HKSCS" }, { "big5-hkscs", "BIG5-HKSCS" },
	{ "cn-big5", "BIG5-HKSCS" }, { "x-x-big5", "BIG5-HKSCS" },
	{ "iso-8859-8-i", "ISO-8859-8" }, { "x-mac-roman", "MACINTOSH" },
	{ "mac", "MACINTOSH" }, { "x-mac-cyrillic", "MAC-CYRILLIC" },
	{ "utf-16", "UTF-16LE" }, { "utf-16le", "UTF-16LE" }, { "unicode", "UTF-16LE" },
	{ "ucs-2", "UTF-16LE" }, { "utf-16be", "UTF-16BE" },
};

int dk_charset_canonical(const char *label, char *out, size_t cap)
{
	char l[DK_CHARSET_NAME];
	out[0] = '\0';
	if (!label || !copy_label(label, strlen(label), l, sizeof l))
		return 0;
	for (char *c = l; *c; c++)
		*c = (char)lower((unsigned char)*c);
	for (size_t i = 0; i < sizeof ALIASES / sizeof ALIASES[0]; i++) {
		if (!strcmp(l, ALIASES[i].label)) {
			if (strlen(ALIASES[i].name) >= cap)
				return 0;
			strcpy(out, ALIASES[i].name);
			return 1;
		}
	}
	iconv_t cd = iconv_open("UTF-8", l);
	if (cd == (iconv_t)-1)
		return 0;
	iconv_close(cd);
	if (strlen(l) >= cap)
		return 0;
	strcpy(out, l);
	return 1;
}

/* ---- decoders ----------------------------------------------------------- */

static void put_cp(dk_buf *out, unsigned cp)
{
	char b[4];
	utf8proc_ssize_t k = utf8proc_encode_char((utf8proc_int32_t)cp,
						  (utf8proc_uint8_t *)b);
	dk_buf_append(out, b, (size_t)k);
}

static void decode_1252(const char *s, size_t n, dk_buf *out)
{
	size_t run = 0;
	dk_buf_reserve(out, n + n / 8);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80)
			continue;
		dk_buf_append(out, s + run, i - run);
		put_cp(out, c < 0xA0 ? CP1252[c - 0x80] : c);
		run = i + 1;
	}
	dk_buf_append(out, s + run, n - run);
}

/* Decode with iconv; invalid input bytes become U+FFFD and are counted. */
static int decode_iconv(const char *name, const char *s, size_t n, dk_buf *out,
			dk_charset_info *info)
{
	iconv_t cd = iconv_open("UTF-8", name);
	if (cd == (iconv_t)-1)
		return -1;
	char *in = (char *)s;
	size_t left = n;
	while (left > 0 && !out->err) {
		if (dk_buf_reserve(out, left * 2 + 16))
			break;
		char *o = out->data + out->len;
		size_t room = out->cap - out->len - 1;
		size_t r = iconv(cd, &in, &left, &o, &room);
		out->len = (size_t)(o - out->data);
		out->data[out->len] = '\0';
		if (r != (size_t)-1)
			break;
		if (errno == E2BIG)
			continue;
		/* EILSEQ or an incomplete sequence at the end: replace one
		 * byte and go on. */
		if (!info->invalid)
			info->first_invalid = (size_t)(in - s);
		info->invalid++;
		dk_buf_append(out, REPLACEMENT, 3);
		in++;
		left--;
		iconv(cd, NULL, NULL, NULL, NULL);
	}
	iconv_close(cd);
	return 0;
}

/* Multi-byte sequences that make valid UTF-8 win over a <meta> charset. */
#define UTF8_EVIDENCE 8

/* Count valid multi-byte UTF-8 sequences and invalid bytes (the first at
 * *first_bad), and into *cut (if not NULL) the invalid lead bytes that a
 * continuation byte follows. */
static void utf8_census(const char *s, size_t n, size_t *multi, size_t *bad,
			size_t *first_bad, size_t *cut)
{
	size_t i = 0;
	*multi = *bad = 0;
	*first_bad = 0;
	if (cut)
		*cut = 0;
	while (i < n) {
		const char *hi = s + i;
		while (hi < s + n && (unsigned char)*hi < 0x80)
			hi++;
		i = (size_t)(hi - s);
		if (i >= n)
			break;
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
						      (utf8proc_ssize_t)(n - i), &cp);
		if (k <= 0) {
			unsigned char c = (unsigned char)s[i];
			if (!*bad)
				*first_bad = i;
			(*bad)++;
			/* A lead byte with a continuation byte after it is a
			 * UTF-8 sequence cut short, not a legacy letter. */
			if (cut && c >= 0xC2 && c <= 0xF4 && i + 1 < n &&
			    ((unsigned char)s[i + 1] & 0xC0) == 0x80)
				(*cut)++;
			i++;
		} else {
			(*multi)++;
			i += (size_t)k;
		}
	}
}

/* UTF-16 without a byte order mark, told by its NUL bytes: text that is
 * mostly ASCII has a NUL in every other byte, at odd offsets in
 * little-endian, at even ones in big-endian, where UTF-8 and the legacy
 * charsets have none.  Looks at the first 4 KiB; at least 8 characters'
 * pairs, and NULs in at least 3 in 5 pairs on one side and under 1 in 20
 * on the other.  Returns "UTF-16LE", "UTF-16BE" or NULL. */
#define SNIFF_UTF16 4096

static const char *sniff_utf16(const char *s, size_t n)
{
	size_t m = n < SNIFF_UTF16 ? n : SNIFF_UTF16;
	size_t pairs = m / 2, even = 0, odd = 0;
	if (pairs < 8)
		return NULL;
	for (size_t i = 0; i + 1 < m; i += 2) {
		even += s[i] == '\0';
		odd += s[i + 1] == '\0';
	}
	if (odd * 5 >= pairs * 3 && even * 20 < pairs)
		return "UTF-16LE";
	if (even * 5 >= pairs * 3 && odd * 20 < pairs)
		return "UTF-16BE";
	return NULL;
}

/* dk_charset_decode and dk_charset_decode_text; markup: 1 to look for a
 * <meta> declaration, 0 to look for UTF-16 without a byte order mark. */
static dk_status decode(const char *s, size_t n, const char *transport,
			int markup, dk_buf *out, dk_charset_info *info)
{
	dk_charset_info local;
	if (!info)
		info = &local;
	memset(info, 0, sizeof *info);
	char name[DK_CHARSET_NAME] = "";
	char label[DK_CHARSET_NAME];
	/* A byte order mark wins over any declaration. */
	if (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) {
		strcpy(name, "UTF-8");
		s += 3;
		n -= 3;
		info->source = DK_CHARSET_BOM;
	} else if (n >= 2 && (!memcmp(s, "\xFF\xFE", 2) || !memcmp(s, "\xFE\xFF", 2))) {
		strcpy(name, s[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE");
		s += 2;
		n -= 2;
		info->source = DK_CHARSET_BOM;
	}
	if (!name[0] && transport && transport[0]) {
		if (dk_charset_canonical(transport, name, sizeof name))
			info->source = DK_CHARSET_TRANSPORT;
		else
			copy_label(transport, strlen(transport), info->unknown,
				   sizeof info->unknown);
	}
	if (!name[0] && !markup) {
		const char *u = sniff_utf16(s, n);
		if (u) {
			strcpy(name, u);
			info->source = DK_CHARSET_SNIFFED;
		}
	}
	if (!name[0] && markup && dk_charset_prescan(s, n, label, sizeof label)) {
		if (dk_charset_canonical(label, name, sizeof name)) {
			info->source = DK_CHARSET_META;
			/* Markup that can be read as ASCII is not UTF-16. */
			if (!strncmp(name, "UTF-16", 6))
				strcpy(name, "UTF-8");
		} else if (!info->unknown[0]) {
			strcpy(info->unknown, label);
		}
	}
	if (!name[0])
		strcpy(name, "UTF-8");
	/* A page saved or converted to UTF-8 often keeps its old <meta>
	 * charset.  Text in a legacy encoding is almost never valid UTF-8
	 * with several multi-byte sequences, so such bytes are read as
	 * UTF-8 whatever the markup says (a transport declaration stands). */
	if (info->source == DK_CHARSET_META && strcmp(name, "UTF-8")) {
		size_t multi, bad, first;
		utf8_census(s, n, &multi, &bad, &first, NULL);
		if (!bad && multi >= UTF8_EVIDENCE) {
			strcpy(info->ignored, name);
			strcpy(name, "UTF-8");
		}
	}
	strcpy(info->name, name);

	if (!strcmp(name, "UTF-8")) {
		size_t multi, bad, first, cut;
		utf8_census(s, n, &multi, &bad, &first, &cut);
		/* Plain text also needs no UTF-8 sequence cut short: such
		 * bytes are damaged UTF-8, which a legacy reading garbles. */
		if (bad && bad > multi && (markup || !cut)) {
			/* A legacy page, undeclared or declared wrongly. */
			dk_buf tmp = DK_BUF_INIT;
			decode_1252(s, n, &tmp);
			info->fallback = 1;
			info->invalid = bad;
			info->first_invalid = first;
			strcpy(info->name, "windows-1252");
			dk_utf8_clean(tmp.data ? tmp.data : "", tmp.len, out, NULL);
			if (tmp.err && !out->err)
				out->err = tmp.err;
			dk_buf_free(&tmp);
			return out->err;
		}
		dk_utf8_report rep;
		dk_utf8_clean(s, n, out, &rep);
		info->invalid = rep.invalid;
		info->first_invalid = rep.first_invalid;
		return out->err;
	}
	dk_buf tmp = DK_BUF_INIT;
	if (!strcmp(name, "windows-1252"))
		decode_1252(s, n, &tmp);
	else if (decode_iconv(name, s, n, &tmp, info) != 0) {
		/* iconv knew the name a moment ago; read as UTF-8. */
		dk_buf_free(&tmp);
		strcpy(info->name, "UTF-8");
		dk_utf8_report rep;
		dk_utf8_clean(s, n, out, &rep);
		info->invalid = rep.invalid;
		info->first_invalid = rep.first_invalid;
		return out->err;
	}
	dk_utf8_clean(tmp.data ? tmp.data : "", tmp.len, out, NULL);
	if (tmp.err && !out->err)
		out->err = tmp.err;
	dk_buf_free(&tmp);
	return out->err;
}

dk_status dk_charset_decode(const char *s, size_t n, const char *transport,
			    dk_buf *out, dk_charset_info *info)
{
	return decode(s, n, transport, 1, out, info);
}

dk_status dk_charset_decode_text(const char *s, size_t n, dk_buf *out,
				 dk_charset_info *info)
{
	return decode(s, n, NULL, 0, out, info);
}
