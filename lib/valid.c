/*
** valid.c — validators for the customer fields of SPEC 3.1 (seed 003
** 篇2 客户资料, seed 004 客户登记表).
**
** Each validator returns NULL when the value is acceptable and stores the
** normalised value in *out (a new string), or returns a message fragment
** ("is not an 11-digit mobile number") that the caller prefixes with the
** place, the field and the quoted value.  Pure functions: tested by
** tests/unit.c.
*/
#include <ctype.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>

#include "crm.h"

/* Copy in keeping digits (full-width digits made ASCII) and the bytes in
** keep; drop spaces and dashes.  Returns a new string, or NULL when other
** characters are present. */
static char *
digits_only(const char *in, const char *keep)
{
	struct crm_buf b = { 0 };
	const unsigned char *p = (const unsigned char *)in;

	crm_buf_reset(&b);
	while (*p) {
		if (isdigit(*p) || (keep && strchr(keep, *p))) {
			crm_buf_addc(&b, (char)*p++);
		} else if (*p == ' ' || *p == '-' || *p == '\t') {
			p++;
		} else if (p[0] == 0xef && p[1] == 0xbc && p[2] >= 0x90 && p[2] <= 0x99) {
			crm_buf_addc(&b, (char)('0' + p[2] - 0x90));
			p += 3;
		} else if (p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x80) {
			p += 3; /* ideographic space */
		} else {
			crm_buf_free(&b);
			return NULL;
		}
	}
	return b.s;
}

const char *
crm_valid_mobile(const char *in, char **out)
{
	char *d = digits_only(in, "+()");
	char *p;
	size_t n;

	if (!d)
		return "is not an 11-digit mobile number";
	p = d;
	if (!strncmp(p, "+86", 3))
		p += 3;
	else if (!strncmp(p, "(+86)", 5))
		p += 5;
	else if (!strncmp(p, "0086", 4) && strlen(p) == 15)
		p += 4;
	else if (!strncmp(p, "86", 2) && strlen(p) == 13)
		p += 2;
	n = strlen(p);
	if (n != 11 || strspn(p, "0123456789") != 11) {
		free(d);
		return "is not an 11-digit mobile number";
	}
	if (p[0] != '1' || p[1] < '3') {
		free(d);
		return "is not a mainland mobile number (13x to 19x)";
	}
	*out = crm_xstrdup(p);
	free(d);
	return NULL;
}

/* Area codes of the national numbering plan (SPEC 3.1): the three-digit
** ones are 010 and 020-029 except 026, the four-digit ones 03xx-09xx.
** a points at 3 or 4 digits. */
static bool
area3(const char *a)
{
	return a[0] == '0' && ((a[1] == '1' && a[2] == '0') ||
	    (a[1] == '2' && a[2] != '6'));
}

static bool
area4(const char *a)
{
	return a[0] == '0' && a[1] >= '3' && a[1] <= '9';
}

/* What stands between two runs of digits in a phone number, weakest
** first: a space groups digits, a dash may also start an extension, a
** closing parenthesis ends the area code, 转 starts an extension. */
enum { SEP_NONE, SEP_SPACE, SEP_DASH, SEP_PAREN, SEP_EXT };

#define PHONE_EXT_MAX 8

/* A landline with its area code, stored as AREA-NUMBER[-EXT]: 010-12345678,
** 0991-1234567, (0755)12345678, 0755 1234 5678, +86 10 12345678,
** 010-12345678-123, 010-12345678转123.
**
** Where the writer marked the end of the area code -- a closing
** parenthesis, or a dash or space after the first run of digits when that
** run is too short to hold a whole number (under 10 digits) -- the area
** code is taken as written and must itself be in the plan: 060-12345678
** is rejected, never re-split as 0601-2345678.  An unmarked number is
** split by the plan (01012345678 is 010-12345678).  The local number is 7
** or 8 digits not starting with 0; after it, a dash or 转 starts an
** extension of 1 to PHONE_EXT_MAX digits.  +86, (+86) or 0086 in front
** stands for the leading 0 (+86 10 12345678 is 010-12345678; a written 0
** after it, or (0), is taken as that same 0).
**
** A message naming the area code is formatted into a static buffer, valid
** until the next call (as crm_code_problem does). */
const char *
crm_valid_phone(const char *in, char **out)
{
	static char msg[96];
	struct crm_buf b = { 0 };
	const unsigned char *p = (const unsigned char *)in;
	struct { size_t at, len; int sep; } g[16];
	char dg[32], area[8], local[32], ext[32];
	size_t nd = 0, ng = 0, nat, alen, llen = 0, elen = 0, i, j;
	int sep = SEP_NONE, paren = 0, intl = 0, in_ext = 0;
	bool marked;

	/* 1. Runs of digits and what separates them. */
	while (*p == ' ' || *p == '\t')
		p++;
	if (!strncmp((const char *)p, "+86", 3))
		intl = 1, p += 3;
	else if (!strncmp((const char *)p, "(+86)", 5))
		intl = 1, p += 5;
	else if (!strncmp((const char *)p, "0086", 4))
		intl = 1, p += 4;
	if (intl) {     /* +86 (0)10 12345678: the trunk 0 written in brackets */
		while (*p == ' ' || *p == '-')
			p++;
		if (!strncmp((const char *)p, "(0)", 3))
			p += 3;
	}
	while (*p) {
		int d = -1, s = SEP_NONE;
		size_t adv = 1;

		if (isdigit(*p))
			d = *p - '0';
		else if (p[0] == 0xef && p[1] == 0xbc && p[2] >= 0x90 && p[2] <= 0x99)
			d = p[2] - 0x90, adv = 3;   /* full-width digit */
		else if (*p == ' ' || *p == '\t')
			s = SEP_SPACE;
		else if (p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x80)
			s = SEP_SPACE, adv = 3;     /* ideographic space */
		else if (*p == '-')
			s = SEP_DASH;
		else if (*p == ')')
			s = SEP_PAREN;
		else if (!strncmp((const char *)p, "转", 3))
			s = SEP_EXT, adv = 3;
		else if (*p == '(' && ng == 0 && !paren)
			paren = 1;                  /* only before the area code */
		else
			return "is not a phone number";
		p += adv;
		if (d >= 0) {
			if (ng == 0 || sep != SEP_NONE) {
				if (paren == 1 && ng > 0)
					return "has a parenthesis that is not closed after the area code";
				if (ng == sizeof g / sizeof g[0])
					return "is not a phone number";
				g[ng].at = nd;
				g[ng].len = 0;
				g[ng++].sep = sep;
				sep = SEP_NONE;
			}
			if (nd + 2 >= sizeof dg)    /* room for the 0 of +86 */
				return "has too many digits";
			dg[nd++] = (char)('0' + d);
			g[ng - 1].len++;
		} else if (s != SEP_NONE) {
			if (ng == 0) {
				/* blanks in front, a dash after +86 */
				if (s == SEP_SPACE || (s == SEP_DASH && intl))
					continue;
				return "is not a phone number";
			}
			if (s == SEP_PAREN) {
				if (paren != 1 || ng != 1)
					return "is not a phone number";
				paren = 2;
			}
			if (s > sep)
				sep = s;
		}
	}
	if (paren == 1)
		return "has a parenthesis that is not closed after the area code";
	if (ng == 0)
		return "is not a phone number";
	/* a trailing dash or 转 announces an extension that is not there */
	if (sep == SEP_DASH || sep == SEP_EXT) {
		if (ng == sizeof g / sizeof g[0])
			return "is not a phone number";
		g[ng].at = nd;
		g[ng].len = 0;
		g[ng++].sep = sep;
	}
	/* +86 stands for the leading 0, unless the writer also wrote it */
	if (intl && dg[0] != '0') {
		memmove(dg + 1, dg, nd++);
		dg[0] = '0';
		g[0].len++;
		for (i = 1; i < ng; i++)
			g[i].at++;
	}
	dg[nd] = '\0';

	/* 2. The whole number, before any 转. */
	for (i = 0, nat = 0; i < ng && g[i].sep != SEP_EXT; i++)
		nat += g[i].len;
	if ((nat == 11 && dg[0] == '1') ||
	    (nat == 12 && dg[0] == '0' && dg[1] == '1' && dg[2] >= '3'))
		return "is a mobile number; put it in the mobile column";
	if (nat < 7)
		return "is too short for a phone number";
	if (dg[0] != '0')
		return "has no area code (write it as 010-12345678 or 0991-1234567)";

	/* 3. The area code: as written when marked, else by the plan. */
	marked = paren == 2 || (ng > 1 && g[0].len < 10 &&
	    (g[1].sep == SEP_SPACE || g[1].sep == SEP_DASH));
	if (marked) {
		alen = g[0].len;
		if (alen != 3 && alen != 4) {
			snprintf(msg, sizeof msg, "has area code %.*s; an area code has 3 or 4 digits",
			    (int)(alen < 12 ? alen : 12), dg);
			return msg;
		}
		if (alen == 3 ? !area3(dg) : !area4(dg)) {
			snprintf(msg, sizeof msg,
			    "has area code %.*s, which is not in the national numbering plan",
			    (int)alen, dg);
			return msg;
		}
	} else if (area3(dg)) {
		alen = 3;
	} else if (area4(dg)) {
		alen = 4;
	} else {
		return "does not start with an area code of the national numbering plan "
		    "(010, 020 to 029 but not 026, or 03xx to 09xx)";
	}
	memcpy(area, dg, alen);
	area[alen] = '\0';

	/* 4. The local number, then any extension. */
	for (j = alen; j < g[0].at + g[0].len; j++)
		local[llen++] = dg[j];
	for (i = 1; i < ng; i++) {
		if (g[i].sep == SEP_EXT) {
			if (in_ext)
				return "has two extensions";
			in_ext = 1;
		} else if (g[i].sep == SEP_DASH && !in_ext && llen >= 7) {
			in_ext = 1;
		}
		for (j = g[i].at; j < g[i].at + g[i].len; j++)
			if (in_ext)
				ext[elen++] = dg[j];
			else
				local[llen++] = dg[j];
	}
	local[llen] = '\0';
	ext[elen] = '\0';
	if (llen < 7 || llen > 8) {
		snprintf(msg, sizeof msg,
		    "has a %zu-digit number after area code %s (it must have 7 or 8 digits)",
		    llen, area);
		return msg;
	}
	if (local[0] == '0') {
		snprintf(msg, sizeof msg, "has a number starting with 0 after area code %s", area);
		return msg;
	}
	if (in_ext && elen == 0)
		return "has a dash or 转 but no extension after it";
	if (elen > PHONE_EXT_MAX)
		return "has an extension of more than 8 digits";

	crm_buf_reset(&b);
	crm_buf_adds(&b, area);
	crm_buf_addc(&b, '-');
	crm_buf_adds(&b, local);
	if (elen) {
		crm_buf_addc(&b, '-');
		crm_buf_adds(&b, ext);
	}
	*out = b.s;
	return NULL;
}

const char *
crm_valid_email(const char *in, char **out)
{
	const char *at = strchr(in, '@'), *p, *dot = NULL;
	size_t llen;
	char *e;

	if (!at || strchr(at + 1, '@'))
		return "is not an e-mail address";
	llen = (size_t)(at - in);
	if (llen == 0 || llen > 64 || in[0] == '.' || at[-1] == '.')
		return "is not an e-mail address";
	for (p = in; p < at; p++)
		if (!isalnum((unsigned char)*p) && !strchr(".!#$%&'*+/=?^_`{|}~-", *p))
			return "is not an e-mail address";
		else if (p[0] == '.' && p[1] == '.')
			return "is not an e-mail address";
	for (p = at + 1; *p; p++) {
		if (*p == '.') {
			if (p == at + 1 || p[-1] == '.' || p[-1] == '-' || !p[1] || p[1] == '-')
				return "is not an e-mail address";
			dot = p;
		} else if (!isalnum((unsigned char)*p) && *p != '-') {
			return "is not an e-mail address";
		}
	}
	if (!dot || strlen(dot + 1) < 2)
		return "is not an e-mail address (the domain has no top level, as in a@b)";
	for (p = dot + 1; *p; p++)
		if (!isalpha((unsigned char)*p))
			return "is not an e-mail address";
	e = crm_xstrdup(in);
	for (p = e; *p; p++)
		e[p - e] = (char)tolower((unsigned char)*p);
	*out = e;
	return NULL;
}

const char *
crm_valid_gender(const char *in, char **out)
{
	if (!strcmp(in, "男") || !strcasecmp(in, "M") || !strcasecmp(in, "male"))
		*out = crm_xstrdup("M");
	else if (!strcmp(in, "女") || !strcasecmp(in, "F") || !strcasecmp(in, "female"))
		*out = crm_xstrdup("F");
	else
		return "is not a gender (男, 女, M or F)";
	return NULL;
}

const char *
crm_valid_birthday(const char *in, struct crm_date today, char **out)
{
	struct crm_date d;
	char buf[11];
	int rc = crm_date_parse(in, &d);

	if (rc == -1)
		return "is not a date (2026-03-05, 2026/3/5, 2026.3.5, 20260305 or 2026年3月5日)";
	if (rc == -2)
		return "is not a real date";
	if (crm_date_days(d) >= crm_date_days(today))
		return "is not in the past";
	if (d.y < 1900)
		return "is before 1900";
	crm_date_format(d, buf);
	*out = crm_xstrdup(buf);
	return NULL;
}

/* A person's name must be a full name, not a salutation: a surname of one
** or two characters followed by one of the titles in the comma-separated
** list salutations (王先生, 欧阳女士, 张总). */
const char *
crm_valid_person_name(const char *in, const char *salutations)
{
	const char *p = salutations, *q;
	size_t n = strlen(in), slen, chars;

	if (strspn(in, "0123456789 ") == n)
		return "is not a name";
	while (p && *p) {
		q = strchr(p, ',');
		slen = q ? (size_t)(q - p) : strlen(p);
		if (slen && slen < n && !memcmp(in + n - slen, p, slen)) {
			chars = crm_utf8_chars(in, n - slen);
			if (chars >= 1 && chars <= 2)
				return "is a salutation, not a full name "
				    "(give the full name, or use --allow-salutation)";
		}
		p = q ? q + 1 : NULL;
	}
	return NULL;
}

/* An address is detailed when it names a house number, a building, a
** village or the like, not only a province, city or road. */
bool
crm_address_detailed(const char *a)
{
	static const char *const marks[] = {
		"号", "村", "组", "栋", "幢", "楼", "室", "单元", "大厦", "小区",
		"巷", "弄", "胡同", "院", "座", "广场", "屯", "社区", "园区",
		"工业园", "花园", "公寓", "中心", "市场", "门面",
	};
	const unsigned char *p;
	size_t i;

	for (p = (const unsigned char *)a; *p; p++)
		if (isdigit(*p) || (p[0] == 0xef && p[1] == 0xbc && p[2] >= 0x90 && p[2] <= 0x99))
			return true;
	for (i = 0; i < sizeof marks / sizeof marks[0]; i++)
		if (strstr(a, marks[i]))
			return true;
	return false;
}

/* "company" when the name reads as an organisation, else "person". */
const char *
crm_guess_kind(const char *name)
{
	static const char *const marks[] = {
		"公司", "集团", "厂", "医院", "商行", "商店", "超市", "合作社",
		"经销部", "门市部", "学校", "大学", "学院", "研究所", "研究院",
		"事务所", "银行", "酒店", "宾馆", "药房", "药店", "诊所", "协会",
		"中心", "局", "委员会", "商贸", "贸易", "工作室", "车行",
		"Co.", "Ltd", "LLC", "Inc",
	};
	size_t i;

	for (i = 0; i < sizeof marks / sizeof marks[0]; i++)
		if (strstr(name, marks[i]))
			return "company";
	return "person";
}
