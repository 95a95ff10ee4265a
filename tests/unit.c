/*
** unit.c — unit tests of libcrm's pure functions: validators, dates,
** money, UTF-8 widths, the CSV reader and writer.  Prints TAP; run by
** tests/0001-unit.t.
*/
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crm.h"

static int n, failed;

static void
ok(int cond, const char *what)
{
	printf("%sok %d - %s\n", cond ? "" : "not ", ++n, what);
	if (!cond)
		failed++;
}

/* valid(fn-result, expected normalised value or NULL for "rejected") */
static void
expect(const char *what, const char *msg, char *out, const char *want)
{
	char buf[256];

	if (want) {
		snprintf(buf, sizeof buf, "%s -> %s", what, want);
		ok(!msg && out && !strcmp(out, want), buf);
		if (msg || (out && strcmp(out, want)))
			printf("# got %s\n", msg ? msg : out);
	} else {
		snprintf(buf, sizeof buf, "%s rejected", what);
		ok(msg != NULL, buf);
	}
	free(out);
}

#define MOBILE(in, want) do { char *o = NULL; const char *m = crm_valid_mobile(in, &o); \
	expect("mobile '" in "'", m, o, want); } while (0)
#define PHONE(in, want) do { char *o = NULL; const char *m = crm_valid_phone(in, &o); \
	expect("phone '" in "'", m, o, want); } while (0)
/* PHONE_MSG(in, text): rejected, and the message holds text */
#define PHONE_MSG(in, text) do { char *o = NULL; const char *m = crm_valid_phone(in, &o); \
	ok(m && strstr(m, text), "phone '" in "' " text); \
	if (!m || !strstr(m, text)) \
		printf("# got %s\n", m ? m : o); \
	free(o); } while (0)
#define EMAIL(in, want) do { char *o = NULL; const char *m = crm_valid_email(in, &o); \
	expect("email '" in "'", m, o, want); } while (0)
#define GENDER(in, want) do { char *o = NULL; const char *m = crm_valid_gender(in, &o); \
	expect("gender '" in "'", m, o, want); } while (0)
#define BIRTHDAY(in, want) do { char *o = NULL; const char *m = crm_valid_birthday(in, today, &o); \
	expect("birthday '" in "'", m, o, want); } while (0)

static void
test_validators(void)
{
	struct crm_date today = { 2026, 11, 28 };
	const char *sal = "先生,女士,总,经理";

	MOBILE("13812345678", "13812345678");
	MOBILE("138 1234 5678", "13812345678");
	MOBILE("138-1234-5678", "13812345678");
	MOBILE("+86 13812345678", "13812345678");
	MOBILE("8613812345678", "13812345678");
	MOBILE("１３８１２３４５６７８", "13812345678");
	MOBILE("1381234567", NULL);
	MOBILE("12812345678", NULL);
	MOBILE("138123456789", NULL);
	MOBILE("1381234567a", NULL);

	PHONE("010-12345678", "010-12345678");
	PHONE("0991-1234567", "0991-1234567");
	PHONE("(010)12345678", "010-12345678");
	PHONE("0991 1234567", "0991-1234567");
	PHONE("010-12345678-123", "010-12345678-123");
	PHONE("010-12345678转123", "010-12345678-123");
	PHONE("12345678", NULL);
	PHONE("13812345678", NULL);
	PHONE("010-123", NULL);
	PHONE("tel 010", NULL);

	/* the national numbering plan (SPEC 3.1): a marked area code is taken
	** as written */
	PHONE("0755-1234567", "0755-1234567");
	PHONE("0755 12345678", "0755-12345678");
	PHONE("(0755)12345678", "0755-12345678");
	PHONE("(0755) 1234-5678", "0755-12345678");
	PHONE("(0755)-12345678", "0755-12345678");
	PHONE("020-12345678", "020-12345678");
	PHONE("021-12345678", "021-12345678");
	PHONE("025-1234567", "025-1234567");
	PHONE("027-12345678", "027-12345678");
	PHONE("029-88752844", "029-88752844");
	PHONE("0310-1234567", "0310-1234567");
	PHONE("0601-2345678", "0601-2345678");
	PHONE("0999-12345678", "0999-12345678");
	PHONE("060-12345678", NULL);
	PHONE_MSG("060-12345678", "has area code 060, which is not in the national numbering plan");
	PHONE("060 12345678", NULL);
	PHONE("(060)12345678", NULL);
	PHONE_MSG("011-12345678", "has area code 011, which is not");
	PHONE("019-1234567", NULL);
	PHONE_MSG("026-12345678", "has area code 026, which is not");
	PHONE("001-12345678", NULL);
	PHONE("030-12345678", NULL);
	PHONE("099-1234567", NULL);
	PHONE_MSG("0101-2345678", "has area code 0101, which is not");
	PHONE("0261-2345678", NULL);
	PHONE("0012-3456789", NULL);
	PHONE_MSG("01-12345678", "has area code 01; an area code has 3 or 4 digits");
	PHONE_MSG("09912-345678", "has area code 09912; an area code has 3 or 4 digits");
	PHONE_MSG("(07551)2345678", "has area code 07551;");
	PHONE_MSG("010123456-78", "has area code 010123456;");
	/* an unmarked number is split by the plan */
	PHONE("01012345678", "010-12345678");
	PHONE("0101234567", "010-1234567");
	PHONE("02112345678", "021-12345678");
	PHONE("02912345678", "029-12345678");
	PHONE("07551234567", "0755-1234567");
	PHONE("075512345678", "0755-12345678");
	PHONE("09911234567", "0991-1234567");
	PHONE("01112345678", NULL);
	PHONE_MSG("01112345678", "does not start with an area code of the national numbering plan");
	PHONE_MSG("02612345678", "does not start with an area code");
	PHONE("0261234567", NULL);
	PHONE("00112345678", NULL);
	PHONE("0191234567", NULL);
	/* a run of 10 or more digits before the first dash is a whole number */
	PHONE("01012345678-123", "010-12345678-123");
	PHONE("07551234567转8001", "0755-1234567-8001");
	PHONE("0991123456-7", "0991-1234567");
	/* the local number: 7 or 8 digits, not starting with 0, may be grouped */
	PHONE("010-1234-5678", "010-12345678");
	PHONE("010 1234 5678", "010-12345678");
	PHONE("0991-123-4567", "0991-1234567");
	PHONE("0991-123-4567-8", "0991-1234567-8");
	PHONE_MSG("010-123456", "has a 6-digit number after area code 010 (it must have 7 or 8 digits)");
	PHONE_MSG("010-123456789", "has a 9-digit number after area code 010");
	PHONE_MSG("0755123456", "has a 6-digit number after area code 0755");
	PHONE("010123456789", NULL);
	PHONE_MSG("010-01234567", "has a number starting with 0 after area code 010");
	PHONE_MSG("01001234567", "has a number starting with 0 after area code 010");
	PHONE("0991-0123456", NULL);
	/* extensions */
	PHONE("010-12345678 转 123", "010-12345678-123");
	PHONE("0991-1234567-12345678", "0991-1234567-12345678");
	PHONE_MSG("010-12345678-", "has a dash or 转 but no extension after it");
	PHONE_MSG("010-12345678转", "has a dash or 转 but no extension after it");
	PHONE_MSG("010-12345678转1转2", "has two extensions");
	PHONE_MSG("010-12345678-123456789", "has an extension of more than 8 digits");
	/* +86, (+86) and 0086 stand for the leading 0 */
	PHONE("+86 10 12345678", "010-12345678");
	PHONE("+86-991-1234567", "0991-1234567");
	PHONE("+861012345678", "010-12345678");
	PHONE("+86 010 12345678", "010-12345678");
	PHONE("+86 755 1234 5678", "0755-12345678");
	PHONE("+86 (755) 12345678", "0755-12345678");
	PHONE("(+86)10-12345678", "010-12345678");
	PHONE("0086 10 12345678", "010-12345678");
	PHONE("+86 (0)10 12345678", "010-12345678");
	PHONE("+8613812345678", NULL);
	PHONE_MSG("+86 60 12345678", "has area code 060, which is not");
	PHONE("+86 26 12345678", NULL);
	PHONE("+86", NULL);
	PHONE("+1 212 5551234", NULL);
	/* mobiles, numbers without an area code, short numbers */
	PHONE_MSG("13812345678", "is a mobile number; put it in the mobile column");
	PHONE_MSG("138-1234-5678", "is a mobile number");
	PHONE_MSG("+86 138 1234 5678", "is a mobile number");
	PHONE_MSG("013812345678", "is a mobile number");
	PHONE_MSG("12345678", "has no area code");
	PHONE_MSG("10-12345678", "has no area code");
	PHONE_MSG("755-12345678", "has no area code");
	PHONE_MSG("010-123", "is too short for a phone number");
	PHONE_MSG("0991", "is too short");
	/* what is not a phone number at all */
	PHONE_MSG("", "is not a phone number");
	PHONE_MSG("010/12345678", "is not a phone number");
	PHONE_MSG("010-1234567a", "is not a phone number");
	PHONE_MSG("-010-12345678", "is not a phone number");
	PHONE_MSG("010)12345678", "is not a phone number");
	PHONE_MSG("(010)(12345678)", "is not a phone number");
	PHONE_MSG("010-(12345678)", "is not a phone number");
	PHONE_MSG("010-1234)5678", "is not a phone number");
	PHONE_MSG("(010-12345678", "has a parenthesis that is not closed");
	PHONE_MSG("(010", "has a parenthesis that is not closed");
	PHONE_MSG("0101234567890123456789012345678901", "has too many digits");
	/* blanks around it, full-width digits, the ideographic space */
	PHONE(" 010-12345678 ", "010-12345678");
	PHONE("０１０-１２３４５６７８", "010-12345678");
	PHONE("010\u300012345678", "010-12345678");

	EMAIL("a@example.com", "a@example.com");
	EMAIL("Wang.Li@Example.COM", "wang.li@example.com");
	EMAIL("a@b", NULL);
	EMAIL("a@@b.com", NULL);
	EMAIL("@b.com", NULL);
	EMAIL("a..b@c.com", NULL);
	EMAIL("a b@c.com", NULL);

	GENDER("男", "M");
	GENDER("女", "F");
	GENDER("female", "F");
	GENDER("m", "M");
	GENDER("x", NULL);

	BIRTHDAY("1980-03-05", "1980-03-05");
	BIRTHDAY("1980/3/5", "1980-03-05");
	BIRTHDAY("1980.3.5", "1980-03-05");
	BIRTHDAY("19800305", "1980-03-05");
	BIRTHDAY("1980年3月5日", "1980-03-05");
	BIRTHDAY("1980/3/5 0:00:00", "1980-03-05");
	BIRTHDAY("2024-02-29", "2024-02-29");
	BIRTHDAY("2023-02-29", NULL);
	BIRTHDAY("2026-02-30", NULL);
	BIRTHDAY("2027-01-01", NULL);
	BIRTHDAY("2026-11-28", NULL);
	BIRTHDAY("1980-13-01", NULL);
	BIRTHDAY("yesterday", NULL);

	ok(crm_valid_person_name("王小明", sal) == NULL, "王小明 is a name");
	ok(crm_valid_person_name("王先生", sal) != NULL, "王先生 is a salutation");
	ok(crm_valid_person_name("欧阳女士", sal) != NULL, "欧阳女士 is a salutation");
	ok(crm_valid_person_name("张总", sal) != NULL, "张总 is a salutation");
	ok(crm_valid_person_name("李经理", sal) != NULL, "李经理 is a salutation");
	ok(crm_valid_person_name("王先生先", sal) == NULL, "王先生先 is not");
	ok(crm_valid_person_name("12345", sal) != NULL, "digits are not a name");

	ok(crm_address_detailed("西安市高新路25号"), "address with number is detailed");
	ok(crm_address_detailed("和平村三组"), "a village is detailed");
	ok(!crm_address_detailed("西安市"), "a city alone is not detailed");
	ok(!crm_address_detailed("高新路"), "a road alone is not detailed");
	ok(!strcmp(crm_guess_kind("乌鲁木齐天山商贸有限公司"), "company"), "公司 is a company");
	ok(!strcmp(crm_guess_kind("王小明"), "person"), "王小明 is a person");
}

static void
test_dates_money(void)
{
	struct crm_date d;
	int64_t fen;
	char buf[32];

	ok(crm_date_parse("2026-03-05", &d) == 0 && d.y == 2026 && d.m == 3 && d.d == 5, "ISO date");
	ok(crm_date_parse("2026-02-30", &d) == -2, "2026-02-30 is impossible");
	ok(crm_date_parse("2026-3", &d) == -1, "2026-3 is not a date");
	ok(crm_date_parse("2026-03-05x", &d) == -1, "trailing text is not a date");
	d = (struct crm_date){ 2026, 3, 1 };
	ok(crm_date_days(d) - crm_date_days((struct crm_date){ 2026, 2, 28 }) == 1, "day arithmetic over February");
	d = crm_date_from_days(crm_date_days((struct crm_date){ 2000, 2, 29 }));
	ok(d.y == 2000 && d.m == 2 && d.d == 29, "days round trip");
	crm_date_format((struct crm_date){ 2026, 1, 2 }, buf);
	ok(!strcmp(buf, "2026-01-02"), "date format");

	ok(crm_money_parse("1234.5", &fen) == 0 && fen == 123450, "money 1234.5");
	ok(crm_money_parse("1,234.50", &fen) == 0 && fen == 123450, "money 1,234.50");
	ok(crm_money_parse("¥1234.50", &fen) == 0 && fen == 123450, "money ¥1234.50");
	ok(crm_money_parse("￥1234.50", &fen) == 0 && fen == 123450, "money ￥1234.50");
	ok(crm_money_parse("-12.05", &fen) == 0 && fen == -1205, "negative money");
	ok(crm_money_parse("0.1", &fen) == 0 && fen == 10, "money 0.1 is 10 fen exactly");
	ok(crm_money_parse("1.234", &fen) < 0, "three decimals rejected");
	ok(crm_money_parse("12,34.5", &fen) < 0, "misplaced separator rejected");
	ok(crm_money_parse("abc", &fen) < 0, "text rejected");
	ok(crm_money_parse("", &fen) < 0, "empty rejected");
	ok(crm_money_parse("99999999999999999999", &fen) < 0, "overflow rejected");
	crm_money_format(123450, buf);
	ok(!strcmp(buf, "1234.50"), "money format");
	crm_money_format(-5, buf);
	ok(!strcmp(buf, "-0.05"), "negative money format");
}

/* PERIOD(today, s, from, to): s is the period from..to at today (from NULL:
** rejected).  PERIOD_MSG(today, s, text): rejected with text in the message. */
static void
check_period(struct crm_date today, const char *s, const char *want_from,
    const char *want_to, const char *text)
{
	struct crm_date f = { 1, 1, 1 }, t = { 1, 1, 1 };
	const char *m = crm_period_parse(s, today, &f, &t);
	char buf[256], fb[11], tb[11];

	crm_date_format(f, fb);
	crm_date_format(t, tb);
	if (want_from) {
		snprintf(buf, sizeof buf, "period '%s' -> %s..%s", s, want_from, want_to);
		ok(!m && !strcmp(fb, want_from) && !strcmp(tb, want_to), buf);
		if (m || strcmp(fb, want_from) || strcmp(tb, want_to))
			printf("# got %s\n", m ? m : (snprintf(buf, sizeof buf, "%s..%s", fb, tb), buf));
	} else {
		snprintf(buf, sizeof buf, "period '%s' rejected%s%s", s, text ? ": " : "", text ? text : "");
		ok(m && (!text || strstr(m, text)) && f.y == 1 && t.y == 1, buf);
		if (!m || (text && !strstr(m, text)))
			printf("# got %s\n", m ? m : "accepted");
	}
}

#define PERIOD(today, s, from, to) check_period(today, s, from, to, NULL)
#define PERIOD_MSG(today, s, text) check_period(today, s, NULL, NULL, text)

static void
test_periods(void)
{
	struct crm_date t = { 2026, 11, 20 };
	const char *forms = "is not a period (2026, 2026-Q3, 2026-10, 2026-01-01..2026-06-30 or 12m)";

	/* the name a period is kept under */
	{
		struct crm_date f = { 2025, 11, 21 }, e = { 2026, 11, 20 };
		char *name;

		name = crm_period_name("12m", f, e);
		ok(!strcmp(name, "2025-11-21..2026-11-20"), "12m is kept as its dates");
		free(name);
		name = crm_period_name("2026-Q3", f, e);
		ok(!strcmp(name, "2026-Q3"), "2026-Q3 is kept as given");
		free(name);
		name = crm_period_name("2026-01-01..2026-06-30", f, e);
		ok(!strcmp(name, "2026-01-01..2026-06-30"), "a range is kept as given");
		free(name);
	}

	/* a year */
	PERIOD(t, "2026", "2026-01-01", "2026-12-31");
	PERIOD(t, "1000", "1000-01-01", "1000-12-31");
	PERIOD(t, "9999", "9999-01-01", "9999-12-31");
	PERIOD_MSG(t, "0000", "is not a year from 1000 to 9999");
	PERIOD_MSG(t, "0999", "is not a year from 1000 to 9999");
	PERIOD_MSG(t, "10000", forms);
	PERIOD_MSG(t, "999", forms);
	PERIOD_MSG(t, "2026x", forms);
	PERIOD_MSG(t, "2026 ", forms);
	PERIOD_MSG(t, " 2026", forms);
	PERIOD_MSG(t, "", forms);
	/* a quarter */
	PERIOD(t, "2026-Q1", "2026-01-01", "2026-03-31");
	PERIOD(t, "2026-Q2", "2026-04-01", "2026-06-30");
	PERIOD(t, "2026-Q3", "2026-07-01", "2026-09-30");
	PERIOD(t, "2026-q4", "2026-10-01", "2026-12-31");
	PERIOD_MSG(t, "2026-Q0", "has no such quarter (Q1 to Q4)");
	PERIOD_MSG(t, "2026-Q5", "has no such quarter (Q1 to Q4)");
	PERIOD_MSG(t, "2026-Q", forms);
	PERIOD_MSG(t, "2026-Q12", forms);
	PERIOD_MSG(t, "2026-Q3x", forms);
	PERIOD_MSG(t, "2026Q3", forms);
	PERIOD_MSG(t, "0000-Q1", "is not a year from 1000 to 9999");
	/* a month */
	PERIOD(t, "2026-10", "2026-10-01", "2026-10-31");
	PERIOD(t, "2026-1", "2026-01-01", "2026-01-31");
	PERIOD(t, "2026-04", "2026-04-01", "2026-04-30");
	PERIOD(t, "2026-02", "2026-02-01", "2026-02-28");
	PERIOD(t, "2024-2", "2024-02-01", "2024-02-29");
	PERIOD(t, "2000-02", "2000-02-01", "2000-02-29");
	PERIOD(t, "1900-02", "1900-02-01", "1900-02-28");
	PERIOD(t, "2026-12", "2026-12-01", "2026-12-31");
	PERIOD_MSG(t, "2026-13", "has no such month (1 to 12)");
	PERIOD_MSG(t, "2026-0", "has no such month (1 to 12)");
	PERIOD_MSG(t, "2026-00", "has no such month (1 to 12)");
	PERIOD_MSG(t, "2026-010", forms);
	PERIOD_MSG(t, "2026-1x", forms);
	PERIOD_MSG(t, "2026-", forms);
	PERIOD_MSG(t, "2026-10-", forms);
	PERIOD_MSG(t, "2026/10", forms);
	/* from one day to another, both included */
	PERIOD(t, "2026-01-01..2026-06-30", "2026-01-01", "2026-06-30");
	PERIOD(t, "2026/1/1..2026.6.30", "2026-01-01", "2026-06-30");
	PERIOD(t, "20260101..2026年6月30日", "2026-01-01", "2026-06-30");
	PERIOD(t, "2026-03-05..2026-03-05", "2026-03-05", "2026-03-05");
	PERIOD(t, "2025-12-31..2026-01-01", "2025-12-31", "2026-01-01");
	PERIOD_MSG(t, "2026-06-30..2026-01-01", "ends before it starts");
	PERIOD_MSG(t, "2026-01-02..2026-01-01", "ends before it starts");
	PERIOD_MSG(t, "2026-02-30..2026-03-01", "names a day that does not exist");
	PERIOD_MSG(t, "2026-01-01..2026-02-29", "names a day that does not exist");
	PERIOD_MSG(t, "2026-01-01..", forms);
	PERIOD_MSG(t, "..2026-01-01", forms);
	PERIOD_MSG(t, "..", forms);
	PERIOD_MSG(t, "2026-01-01..2026-06-30x", forms);
	PERIOD_MSG(t, "2026-01-01...2026-06-30", forms);
	PERIOD_MSG(t, "2026-01-01 .. 2026-06-30", forms);
	PERIOD_MSG(t, "2026-01-01..2026-06-30..2026-07-01", forms);
	PERIOD_MSG(t, "2026..2027", forms);
	PERIOD_MSG(t, "2026-01..2026-03", forms);
	/* the N months ending at today */
	PERIOD(t, "12m", "2025-11-21", "2026-11-20");
	PERIOD(t, "1m", "2026-10-21", "2026-11-20");
	PERIOD(t, "3m", "2026-08-21", "2026-11-20");
	PERIOD(t, "24m", "2024-11-21", "2026-11-20");
	PERIOD(t, "1200m", "1926-11-21", "2026-11-20");
	PERIOD(t, "012m", "2025-11-21", "2026-11-20");
	PERIOD(((struct crm_date){ 2026, 3, 31 }), "1m", "2026-03-01", "2026-03-31");
	PERIOD(((struct crm_date){ 2026, 5, 31 }), "3m", "2026-03-01", "2026-05-31");
	PERIOD(((struct crm_date){ 2026, 4, 30 }), "1m", "2026-03-31", "2026-04-30");
	PERIOD(((struct crm_date){ 2024, 2, 29 }), "12m", "2023-03-01", "2024-02-29");
	PERIOD(((struct crm_date){ 2024, 3, 31 }), "1m", "2024-03-01", "2024-03-31");
	PERIOD(((struct crm_date){ 2026, 1, 31 }), "1m", "2026-01-01", "2026-01-31");
	PERIOD(((struct crm_date){ 2026, 1, 15 }), "1m", "2025-12-16", "2026-01-15");
	PERIOD(((struct crm_date){ 2026, 12, 31 }), "12m", "2026-01-01", "2026-12-31");
	PERIOD_MSG(t, "0m", "is not a number of months from 1 to 1200");
	PERIOD_MSG(t, "1201m", "is not a number of months from 1 to 1200");
	PERIOD_MSG(t, "999999999m", "is not a number of months from 1 to 1200");
	PERIOD_MSG(t, "m", forms);
	PERIOD_MSG(t, "12", forms);
	PERIOD_MSG(t, "12mm", forms);
	PERIOD_MSG(t, "12M", forms);
	PERIOD_MSG(t, "-1m", forms);
	PERIOD_MSG(t, "12 m", forms);
	PERIOD_MSG(t, "1.5m", forms);
}

static void
test_utf8(void)
{
	char buf[32];

	ok(crm_utf8_width("abc", 3) == 3, "ASCII width");
	ok(crm_utf8_width("王小明", strlen("王小明")) == 6, "CJK counts double");
	ok(crm_utf8_valid("王", 3) == 3, "valid UTF-8");
	ok(crm_utf8_valid("\xcd\xf5", 2) == 0, "GBK bytes are not UTF-8");
	ok(crm_utf8_valid("a\0b", 3) == 1, "NUL is refused");
	ok(crm_utf8_valid("\xed\xa0\x80", 3) == 0, "surrogates are refused");
	ok(crm_utf8_valid("\xc0\xaf", 2) == 0, "overlong forms are refused");
	/* the eight-at-a-time and three-byte fast paths */
	ok(crm_utf8_valid("abcdefghijklmnopq", 17) == 17, "a long ASCII run");
	ok(crm_utf8_valid("abcdefgh\0jklmnop", 17) == 8, "NUL inside an ASCII run");
	ok(crm_utf8_valid("abcdefghijklmnopqrstuvw\x80", 24) == 23, "a stray continuation byte after a run");
	ok(crm_utf8_valid("\x01\x1f\t\r\nabcdefgh", 13) == 13, "control characters other than NUL pass");
	ok(crm_utf8_valid("乌鲁木齐市天山区解放北路12号", strlen("乌鲁木齐市天山区解放北路12号")) ==
	    strlen("乌鲁木齐市天山区解放北路12号"), "CJK and ASCII mixed");
	ok(crm_utf8_valid("abcdefgh\xe4\xb9", 10) == 8, "a three-byte character cut short");
	ok(crm_utf8_valid("\xe4\xb9\x41", 3) == 0, "a three-byte character with a bad second continuation");
	ok(crm_utf8_valid("\xe0\x80\x80", 3) == 0, "an overlong three-byte form");
	ok(crm_utf8_valid("abcdefgh\xed\xa0\x80", 11) == 8, "a surrogate after a run");
	ok(crm_utf8_valid("\xef\xbf\xbd\xf0\x9f\x98\x80", 7) == 7, "U+FFFD and an emoji");
	ok(crm_utf8_valid("\xf4\x90\x80\x80", 4) == 0, "past U+10FFFF");
	{
		char *a = crm_format_int(0), *b = crm_format_int(1234567), *c = crm_format_int(-42),
		     *d = crm_format_int(INT64_MIN);

		ok(!strcmp(a, "0") && !strcmp(b, "1234567") && !strcmp(c, "-42") &&
		    !strcmp(d, "-9223372036854775808"), "crm_format_int");
		free(a), free(b), free(c), free(d);
	}
	ok(!strcmp(crm_guess_kind("乌鲁木齐力陇商行"), "company"), "a 商行 is a company");
	ok(!strcmp(crm_guess_kind("Acme Co. Ltd"), "company"), "Co. is a company");
	ok(!strcmp(crm_guess_kind("王小明"), "person"), "a full name is a person");
	ok(!strcmp(crm_guess_kind("X"), "person"), "a one-letter name is a person");
	ok(!strcmp(crm_guess_kind("新疆大学"), "company"), "a 大学 is an organisation");
	crm_group_digits(buf, sizeof buf, 998204);
	ok(!strcmp(buf, "998,204"), "digit grouping");
	ok(crm_csv_needs_guard("=1+2", 4), "formula guarded");
	ok(crm_csv_needs_guard("@SUM", 4), "@ guarded");
	ok(!crm_csv_needs_guard("-12.50", 6), "negative number not guarded");
	ok(crm_csv_needs_guard("-x", 2), "-x guarded");
	ok(!crm_csv_needs_guard("abc", 3), "text not guarded");
	ok(crm_csv_needs_guard("'=x", 3), "an apostrophe before = is guarded (a second one)");
	ok(crm_csv_needs_guard("''@x", 4), "and before an apostrophe before @");
	ok(!crm_csv_needs_guard("'abc", 4), "an apostrophe before text is not");
	ok(!crm_csv_needs_guard("'-5", 3), "nor one before a number");
}

static const char *
write_tmp(const char *name, const char *data, size_t len)
{
	FILE *fp = fopen(name, "wb");

	fwrite(data, 1, len, fp);
	fclose(fp);
	return name;
}

static void
test_csv(void)
{
	static const char data[] = "\xef\xbb\xbf" "a,b\r\n\"x,1\",\"he said \"\"hi\"\"\"\r\n"
	    "\"multi\nline\", y \r\n\r\n\"\",z\r\nlast,row";
	struct crm_record rec;
	crm_csvin *r;

	r = crm_csvin_open(write_tmp("unit1.csv", data, sizeof data - 1), NULL);
	ok(crm_csvin_next(r, &rec) == 1 && rec.n == 2 && !strcmp(rec.f[0], "a") && rec.line == 1,
	    "header without BOM");
	ok(crm_csvin_next(r, &rec) == 1 && !strcmp(rec.f[0], "x,1") &&
	    !strcmp(rec.f[1], "he said \"hi\"") && rec.line == 2, "quoted comma and quotes");
	ok(crm_csvin_next(r, &rec) == 1 && !strcmp(rec.f[0], "multi\nline") &&
	    !strcmp(rec.f[1], " y ") && rec.line == 3, "quoted newline, spaces kept");
	ok(crm_csvin_next(r, &rec) == 1 && rec.n == 2 && rec.len[0] == 0 && rec.line == 6,
	    "empty quoted field; line counts the newline inside quotes and the blank line");
	ok(crm_csvin_next(r, &rec) == 1 && !strcmp(rec.f[1], "row") && rec.line == 7,
	    "last row without newline");
	ok(crm_csvin_next(r, &rec) == 0, "end of file");
	crm_csvin_close(r);

	r = crm_csvin_open(write_tmp("unit2.csv", "a,b\n1,2\n\"open,3\n4,5\n", 20), NULL);
	crm_csvin_next(r, &rec);
	crm_csvin_next(r, &rec);
	ok(crm_csvin_next(r, &rec) == -1 && strstr(crm_csvin_error(r), "unit2.csv:3:"),
	    "unclosed quote names the line where it opened");
	crm_csvin_close(r);

	r = crm_csvin_open(write_tmp("unit3.csv", "a\n\xcd\xf5\n", 5), NULL);
	crm_csvin_next(r, &rec);
	ok(crm_csvin_next(r, &rec) == -1 && strstr(crm_csvin_error(r), ":2:") &&
	    strstr(crm_csvin_error(r), "--encoding gb18030"), "GBK without --encoding: line and hint");
	crm_csvin_close(r);

	r = crm_csvin_open("unit3.csv", "gb18030");
	crm_csvin_next(r, &rec);
	ok(crm_csvin_next(r, &rec) == 1 && !strcmp(rec.f[0], "王"), "GB18030 converted");
	crm_csvin_close(r);

	unlink("unit1.csv");
	unlink("unit2.csv");
	unlink("unit3.csv");
}

/*
** The import runner is generic: an importer that is nothing but a field
** table and a row handler (here: policies, key,value, into the config
** table) gets the header aliases, BOM and CRLF, ragged rows, the rejects
** file with line,error, the summary, exit 65 and --all-or-nothing.
*/
static const struct crm_field_info kv_fields[] = {
	{ "key", "键|配置项", true, CRM_COL_TEXT, true },
	{ "value", "值", true, CRM_COL_TEXT, true },
};

static enum crm_outcome
kv_row(void *ctx, const struct crm_import_row *row, struct crm_buf *err)
{
	const struct crm_config_key *k = crm_config_find(row->v[0]);
	const char *problem;
	char *norm = NULL;

	if (!k) {
		crm_buf_printf(err, "key '%s' is not a policy", row->v[0]);
		return CRM_REJECTED;
	}
	if ((problem = crm_config_check(k, row->v[1], &norm))) {
		crm_buf_printf(err, "value '%s' %s", row->v[1], problem);
		free(norm);
		return CRM_REJECTED;
	}
	crm_config_set(ctx, k->key, norm ? norm : row->v[1]);
	free(norm);
	return CRM_ADDED;
}

static const struct crm_importer kv_importer = {
	.what = "policies", .fields = kv_fields, .nfields = 2, .row = kv_row,
	.show = CRM_SHOW_ADDED, .audit = "import-config",
};

static char *
slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	struct crm_buf b = { 0 };
	char buf[4096];
	size_t k;

	crm_buf_reset(&b);
	if (fp) {
		while ((k = fread(buf, 1, sizeof buf, fp)) > 0)
			crm_buf_add(&b, buf, k);
		fclose(fp);
	}
	return b.s;
}

/* Read all of fp from the start. */
static char *
read_all(FILE *fp, size_t *len)
{
	char *b;
	long size;

	fflush(fp);
	fseek(fp, 0, SEEK_END);
	size = ftell(fp);
	rewind(fp);
	b = crm_xmalloc((size_t)size + 1);
	*len = fread(b, 1, (size_t)size, fp);
	b[*len] = '\0';
	return b;
}

static bool
has_bytes(const char *b, size_t len, const char *s)
{
	return memmem(b, len, s, strlen(s)) != NULL;
}

/* The output layer: --bom, formats by extension, xlsx and its chart. */
static void
test_output(void)
{
	static const struct crm_col cols[] = {
		{ "region", CRM_COL_TEXT }, { "customers", CRM_COL_INT },
		{ "amount", CRM_COL_MONEY }, { "share", CRM_COL_RATIO },
		{ "first", CRM_COL_DATE },
	};
	const char *rows[][5] = {
		{ "乌鲁木齐市", "3", "1234.50", "0.3333", "2026-03-05" },
		{ "西安市", "6", "-20.00", "0.6667", "not a date" },
	};
	struct crm_opts o = { .format = CRM_FMT_CSV, .bom = true };
	FILE *fp = tmpfile();
	crm_out *w;
	char *b;
	size_t len;

	w = crm_out_open(fp, &o, cols, 5);
	crm_out_row(w, rows[0]);
	crm_out_close(w);
	b = read_all(fp, &len);
	ok(!strcmp(b, "\xef\xbb\xbfregion,customers,amount,share,first\r\n"
	    "乌鲁木齐市,3,1234.50,0.3333,2026-03-05\r\n"), "--bom: a BOM, then CRLF lines");
	free(b);
	fclose(fp);

	o.format = CRM_FMT_AUTO;
	o.bom = false;
	o.output = "report.XLSX";
	ok(crm_output_format(&o) == CRM_FMT_XLSX, "-o report.XLSX: xlsx");
	o.output = "a.tsv";
	ok(crm_output_format(&o) == CRM_FMT_TSV, "-o a.tsv: tsv");
	o.output = "a.json";
	ok(crm_output_format(&o) == CRM_FMT_JSON, "-o a.json: json");
	o.output = "a.txt";
	ok(crm_output_format(&o) == CRM_FMT_CSV, "-o a.txt: csv");
	o.output = "a.xlsx";
	o.format = CRM_FMT_CSV;
	ok(crm_output_format(&o) == CRM_FMT_CSV, "--format wins over the extension");
	o.output = NULL;
	o.format = CRM_FMT_AUTO;
	o.bom = true;
	ok(crm_output_format(&o) == CRM_FMT_CSV, "--bom alone: csv");

	o.format = CRM_FMT_XLSX;
	o.bom = false;
	fp = tmpfile();
	w = crm_out_open(fp, &o, cols, 5);
	ok(crm_out_chart(w, "nosuch", NULL) == -1, "a chart over an unknown column is refused");
	ok(crm_out_chart(w, "region", NULL) == -1, "and over a text column");
	ok(crm_out_chart(w, "amount", "nosuch") == -1, "and with an unknown label column");
	ok(crm_out_chart(w, "amount", NULL) == 0, "a chart over amount");
	crm_out_row(w, rows[0]);
	crm_out_row(w, rows[1]);
	crm_out_close(w);
	b = read_all(fp, &len);
	ok(len > 4 && !memcmp(b, "PK\x03\x04", 4), "xlsx: a zip archive");
	ok(has_bytes(b, len, "xl/workbook.xml"), "with xl/workbook.xml");
	ok(has_bytes(b, len, "xl/charts/chart1.xml"), "and the chart");
	free(b);
	fclose(fp);

	fp = tmpfile();
	w = crm_out_open(fp, &o, cols, 5);
	crm_out_row(w, rows[0]);
	crm_out_close(w);
	b = read_all(fp, &len);
	ok(!has_bytes(b, len, "xl/charts/"), "no chart unless asked for");
	free(b);
	fclose(fp);
}

static void
test_import_runner(void)
{
	static const char data[] = "\xef\xbb\xbf配置项,值\r\n"
	    "customer.incomplete_days,60\r\n"
	    "no.such.key,1\r\n"
	    "customer.incomplete_days,x\r\n"
	    "customer.incomplete_days,45,extra\r\n";
	struct crm_opts o = { .quiet = true };
	struct crm_import_opts io = { .path = "kv.csv" };
	struct crm_import_result res;
	crm_store *s;
	char *got, *v;
	int status, saved = dup(2);

	/* --map, checked before any file is read */
	ok(!crm_import_map_problem(&kv_importer, "名称=key,数值=值"), "--map with fields and aliases");
	ok(crm_import_map_lookup(&kv_importer, "名称=key,数值=值", "数值") == 1, "--map gives the header its field");
	ok(crm_import_map_lookup(&kv_importer, "名称=key", "数值") == -1, "a header the map does not name");
	ok(crm_import_map_problem(&kv_importer, "名称") != NULL, "--map entry without '='");
	ok(crm_import_map_problem(&kv_importer, "=key") != NULL, "--map entry without a header");
	ok(crm_import_map_problem(&kv_importer, "x=nosuch") != NULL, "--map naming no field");
	ok(!crm_import_map_problem(&kv_importer, ""), "an empty --map");

	write_tmp("kv.csv", data, sizeof data - 1);
	s = crm_store_open(&o, CRM_STORE_WRITE);
	freopen("kv.err", "w", stderr);
	status = crm_import(s, &o, &io, &kv_importer, s, &res);
	fflush(stderr);
	dup2(saved, 2);
	ok(status == CRM_EX_DATAERR, "a toy importer: exit 65 when rows are rejected");
	ok(res.rows == 4 && res.added == 1 && res.rejected == 3, "one row added, three rejected");
	free(res.rejects_path);
	v = crm_config_get(s, "customer.incomplete_days");
	ok(v && !strcmp(v, "60"), "the good row is committed");
	free(v);
	got = slurp("kv.rejects.csv");
	ok(!strcmp(got, "配置项,值,line,error\n"
	    "no.such.key,1,3,key 'no.such.key' is not a policy\n"
	    "customer.incomplete_days,x,4,value 'x' is not a number of days (1 to 36500)\n"
	    "customer.incomplete_days,45,5,\"the row has 3 fields, the header 2\",extra\n"),
	    "the rejects file: the original columns, line and error, a ragged row kept whole");
	if (strstr(got, "line,error") == NULL)
		printf("# %s\n", got);
	free(got);
	got = slurp("kv.err");
	ok(!strcmp(got, "unit: 1 added, 3 rejected (kv.rejects.csv)\n"), "the summary");
	if (strcmp(got, "unit: 1 added, 3 rejected (kv.rejects.csv)\n"))
		printf("# %s", got);
	free(got);

	/* --all-or-nothing: the same file changes nothing */
	crm_config_set(s, "customer.incomplete_days", "90");
	io.all_or_nothing = true;
	freopen("kv.err", "w", stderr);
	status = crm_import(s, &o, &io, &kv_importer, s, &res);
	fflush(stderr);
	dup2(saved, 2);
	free(res.rejects_path);
	v = crm_config_get(s, "customer.incomplete_days");
	ok(status == CRM_EX_DATAERR && v && !strcmp(v, "90"), "--all-or-nothing commits nothing");
	free(v);
	crm_store_close(s);
	close(saved);
	unlink("kv.csv");
	unlink("kv.err");
	/* kv.rejects.csv stays for a look when a case fails */
}

/* crm_shares: largest remainder to basis points that sum to 10000. */
static void
test_shares(void)
{
	static const struct { int64_t x[4]; size_t n; int64_t want[4]; const char *what; } c[] = {
		{ { 1, 1, 1 }, 3, { 3334, 3333, 3333 }, "thirds: the first takes the point" },
		{ { 300, 600, 0 }, 3, { 3333, 6667, 0 }, "1/3 and 2/3: the larger remainder takes it" },
		{ { 1, 2, 3, 4 }, 4, { 1000, 2000, 3000, 4000 }, "exact shares stay" },
		{ { 0, 0 }, 2, { 0, 0 }, "nothing to share: all 0" },
		{ { -5, 5, 5 }, 3, { 0, 5000, 5000 }, "a negative value counts as 0" },
		{ { 1, 1, 1, 1 }, 4, { 2500, 2500, 2500, 2500 }, "quarters" },
		{ { 2, 1, 1, 0 }, 4, { 5000, 2500, 2500, 0 }, "halves" },
		{ { 1, 1, 1, 3 }, 4, { 1667, 1667, 1666, 5000 }, "sixths: the first two take a point each" },
	};
	size_t i, k;

	for (i = 0; i < sizeof c / sizeof c[0]; i++) {
		int64_t bp[4];
		bool same = true;

		crm_shares(c[i].x, c[i].n, bp);
		for (k = 0; k < c[i].n; k++) {
			same &= bp[k] == c[i].want[k];
		}
		ok(same, c[i].what);
		if (!same)
			printf("# got %lld %lld %lld %lld\n", (long long)bp[0], (long long)bp[1],
			    (long long)bp[2], (long long)bp[3]);
	}
}

/* MONTHS(y, m, d, k, want): y-m-d moved by k months is want. */
static void
check_months(struct crm_date d, int k, const char *want)
{
	char got[11], buf[96];

	crm_date_format(crm_date_add_months(d, k), got);
	snprintf(buf, sizeof buf, "%04d-%02d-%02d %+d months -> %s", d.y, d.m, d.d, k, want);
	ok(!strcmp(got, want), buf);
	if (strcmp(got, want))
		printf("# got %s\n", got);
}

/* The sweep's months and share, the points' rate (owner.c, points.c). */
static void
test_owner_policies(void)
{
	int64_t points = 0, fen = 0;

	check_months((struct crm_date){ 2026, 11, 28 }, -3, "2026-08-28");
	check_months((struct crm_date){ 2026, 5, 31 }, -3, "2026-02-28");
	check_months((struct crm_date){ 2028, 5, 31 }, -3, "2028-02-29");
	check_months((struct crm_date){ 2026, 2, 15 }, -3, "2025-11-15");
	check_months((struct crm_date){ 2026, 12, 1 }, -1, "2026-11-01");
	check_months((struct crm_date){ 2026, 1, 31 }, 13, "2027-02-28");
	ok(crm_share_parse("0.5") == 5000, "share 0.5 is 5000 basis points");
	ok(crm_share_parse(".25") == 2500, "share .25 is 2500");
	ok(crm_share_parse("1") == 10000, "share 1 is 10000");
	ok(crm_share_parse("0.0001") == 1, "share 0.0001 is 1");
	ok(crm_share_parse("0") < 0, "share 0 rejected");
	ok(crm_share_parse("1.5") < 0, "share 1.5 rejected");
	ok(crm_share_parse("0.12345") < 0, "share with 5 decimals rejected");
	ok(crm_share_parse("") < 0 && crm_share_parse(".") < 0 && crm_share_parse("1.") < 0 &&
	    crm_share_parse("x") < 0, "shares '', '.', '1.', 'x' rejected");
	ok(crm_rate_parse("100/1000.00", &points, &fen) == 0 && points == 100 && fen == 100000,
	    "rate 100/1000.00 is 100 points per 100000 fen");
	ok(crm_rate_parse("50/¥500", &points, &fen) == 0 && points == 50 && fen == 50000,
	    "rate 50/¥500");
	ok(crm_rate_parse("100", &points, &fen) < 0 && crm_rate_parse("0/1000", &points, &fen) < 0 &&
	    crm_rate_parse("100/0", &points, &fen) < 0 && crm_rate_parse("/1000", &points, &fen) < 0 &&
	    crm_rate_parse("-1/1000", &points, &fen) < 0, "rates without points or amount rejected");
}

int
main(int argc, char **argv)
{
	crm_init(argc, argv);
	test_validators();
	test_dates_money();
	test_periods();
	test_utf8();
	test_csv();
	test_output();
	test_import_runner();
	test_shares();
	test_owner_policies();
	printf("1..%d\n", n);
	return failed != 0;
}
