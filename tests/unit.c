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
	crm_group_digits(buf, sizeof buf, 998204);
	ok(!strcmp(buf, "998,204"), "digit grouping");
	ok(crm_csv_needs_guard("=1+2", 4), "formula guarded");
	ok(crm_csv_needs_guard("@SUM", 4), "@ guarded");
	ok(!crm_csv_needs_guard("-12.50", 6), "negative number not guarded");
	ok(crm_csv_needs_guard("-x", 2), "-x guarded");
	ok(!crm_csv_needs_guard("abc", 3), "text not guarded");
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

int
main(int argc, char **argv)
{
	crm_init(argc, argv);
	test_validators();
	test_dates_money();
	test_utf8();
	test_csv();
	printf("1..%d\n", n);
	return failed != 0;
}
