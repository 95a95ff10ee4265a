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

/* A landline with its area code: 010-12345678, 0991-1234567, optionally
** an extension (-123 or 转123).  Stored as AREA-NUMBER[-EXT]. */
const char *
crm_valid_phone(const char *in, char **out)
{
	struct crm_buf b = { 0 };
	const unsigned char *p = (const unsigned char *)in;
	char digits[32], ext[16] = "";
	size_t nd = 0, ne = 0, alen, llen;
	int in_ext = 0, paren = 0;

	/* the number's digits, and where the area code ended if marked */
	while (*p) {
		if (isdigit(*p)) {
			if (in_ext) {
				if (ne + 1 >= sizeof ext)
					return "has too many digits";
				ext[ne++] = (char)*p;
			} else {
				if (nd + 1 >= sizeof digits)
					return "has too many digits";
				digits[nd++] = (char)*p;
			}
			p++;
		} else if (*p == '+' && nd == 0 && !strncmp((const char *)p, "+86", 3)) {
			digits[nd++] = '0';
			p += 3;
		} else if (*p == '(' || *p == ')') {
			paren++;
			p++;
		} else if (*p == ' ' || *p == '-') {
			/* a second dash after the local number starts an extension */
			if (*p == '-' && nd >= 10 && !in_ext)
				in_ext = 1;
			p++;
		} else if (!strncmp((const char *)p, "转", 3) && nd) {
			in_ext = 1;
			p += 3;
		} else {
			return "is not a phone number";
		}
	}
	digits[nd] = '\0';
	ext[ne] = '\0';
	(void)paren;
	if (nd == 11 && digits[0] == '1')
		return "is a mobile number; put it in the mobile column";
	if (nd < 7)
		return "is too short for a phone number";
	if (digits[0] != '0')
		return "has no area code (write it as 010-12345678 or 0991-1234567)";
	alen = (digits[1] == '1' || digits[1] == '2') ? 3 : 4;
	llen = nd - alen;
	if (nd <= alen || llen < 7 || llen > 8 || digits[alen] == '0')
		return "is not an area code and a 7- or 8-digit number";
	crm_buf_reset(&b);
	crm_buf_add(&b, digits, alen);
	crm_buf_addc(&b, '-');
	crm_buf_add(&b, digits + alen, llen);
	if (ne) {
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
