/*
** util.c — growable strings, UTF-8 checks and display widths, JSON
** string escaping.  Pure functions: no store, no I/O.
*/
#include <stdlib.h>
#include <string.h>

#include "crm.h"

static void
buf_grow(struct crm_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;

	if (need <= b->cap)
		return;
	b->cap = b->cap ? b->cap * 2 : 64;
	while (b->cap < need)
		b->cap *= 2;
	b->s = crm_xrealloc(b->s, b->cap);
}

void
crm_buf_add(struct crm_buf *b, const char *s, size_t n)
{
	buf_grow(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
crm_buf_adds(struct crm_buf *b, const char *s)
{
	crm_buf_add(b, s, strlen(s));
}

void
crm_buf_addc(struct crm_buf *b, char c)
{
	crm_buf_add(b, &c, 1);
}

void
crm_buf_printf(struct crm_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	buf_grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/* Empty the buffer, keeping its memory; s is always a valid string after. */
void
crm_buf_reset(struct crm_buf *b)
{
	buf_grow(b, 0);
	b->len = 0;
	b->s[0] = '\0';
}

void
crm_buf_free(struct crm_buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

/* Append s as a JSON string literal, quotes included. */
void
crm_json_string(struct crm_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, start = 0;

	crm_buf_addc(b, '"');
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[7];

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		crm_buf_add(b, s + start, i - start);
		start = i + 1;
		switch (c) {
		case '"': crm_buf_adds(b, "\\\""); break;
		case '\\': crm_buf_adds(b, "\\\\"); break;
		case '\n': crm_buf_adds(b, "\\n"); break;
		case '\r': crm_buf_adds(b, "\\r"); break;
		case '\t': crm_buf_adds(b, "\\t"); break;
		default:
			memcpy(esc, "\\u00", 4);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			crm_buf_add(b, esc, 6);
		}
	}
	crm_buf_add(b, s + start, n - start);
	crm_buf_addc(b, '"');
}

/* Decode one UTF-8 sequence at s (n bytes available).  Returns its length
** and stores the code point, or returns 0 for an invalid sequence
** (overlong forms, surrogates and values past U+10FFFF included). */
static size_t
utf8_decode(const unsigned char *s, size_t n, unsigned long *cp)
{
	unsigned long c;
	size_t len, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, c = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, c = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, c = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/* Returns n when s[0..n) is valid UTF-8 without NUL bytes, else the offset
** of the first bad byte.  Every imported field passes here, so runs of
** ASCII go eight bytes at a time and the common three-byte characters
** (CJK) are checked in line. */
size_t
crm_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k;
	unsigned long cp;
	uint64_t w;

	while (i < n) {
		while (i + 8 <= n) {
			memcpy(&w, p + i, 8);
			/* no byte >= 0x80 and none zero */
			if ((w & 0x8080808080808080ULL) ||
			    ((w - 0x0101010101010101ULL) & ~w & 0x8080808080808080ULL))
				break;
			i += 8;
		}
		if (i >= n)
			break;
		if (p[i] && p[i] < 0x80) {
			i++;
			continue;
		}
		if (p[i] >= 0xe1 && p[i] <= 0xec && i + 2 < n &&
		    (p[i + 1] & 0xc0) == 0x80 && (p[i + 2] & 0xc0) == 0x80) {
			i += 3;         /* U+1000..U+CFFF: no overlong or surrogate */
			continue;
		}
		if (p[i] == 0)
			return i;
		k = utf8_decode(p + i, n - i, &cp);
		if (!k)
			return i;
		i += k;
	}
	return n;
}

static int
cp_width(unsigned long c)
{
	if (c == 0 || c < 0x20 || (c >= 0x7f && c < 0xa0))
		return 0;
	if ((c >= 0x300 && c <= 0x36f) || (c >= 0x200b && c <= 0x200f) ||
	    (c >= 0xfe00 && c <= 0xfe0f))
		return 0;
	if ((c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0x303e) ||
	    (c >= 0x3041 && c <= 0x33ff) || (c >= 0x3400 && c <= 0x4dbf) ||
	    (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xa000 && c <= 0xa4cf) ||
	    (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) ||
	    (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
	    (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1f64f) ||
	    (c >= 0x1f900 && c <= 0x1f9ff) || (c >= 0x20000 && c <= 0x3fffd))
		return 2;
	return 1;
}

/* Terminal columns taken by s: CJK characters count two. */
size_t
crm_utf8_width(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, w = 0, k;
	unsigned long cp;

	while (i < n) {
		k = utf8_decode(p + i, n - i, &cp);
		if (!k) {
			i++;
			w++;
			continue;
		}
		w += (size_t)cp_width(cp);
		i += k;
	}
	return w;
}

/* Number of characters (code points) in valid UTF-8 text. */
size_t
crm_utf8_chars(const char *s, size_t n)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			c++;
	return c;
}

/* Format v with thousands separators: 998204 -> "998,204". */
void
crm_group_digits(char *dst, size_t n, long long v)
{
	char tmp[32];
	int len, i, j = 0, neg = v < 0;
	unsigned long long u = neg ? 0ULL - (unsigned long long)v : (unsigned long long)v;

	len = snprintf(tmp, sizeof tmp, "%llu", u);
	if (n == 0)
		return;
	if (neg && (size_t)j + 1 < n)
		dst[j++] = '-';
	for (i = 0; i < len && (size_t)j + 1 < n; i++) {
		if (i && (len - i) % 3 == 0 && (size_t)j + 2 < n)
			dst[j++] = ',';
		dst[j++] = tmp[i];
	}
	dst[j] = '\0';
}

/* v in decimal, as a new string: without printf, since an import does it
** once a row. */
char *
crm_format_int(int64_t v)
{
	char buf[24], *p = buf + sizeof buf;
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;

	*--p = '\0';
	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	return crm_xstrdup(p);
}
