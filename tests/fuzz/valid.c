/*
** valid.c — fuzz every validator and parser of libcrm on one string: the
** input, NUL-terminated (the text functions that take a length also get
** the raw bytes, NULs included).
**
** abort() when a documented property fails: a normalised value must be
** accepted again unchanged (crm-edit re-validates what is stored), a
** parsed date must be a real day that formats and parses back to itself,
** a parsed amount must format and parse back to the same fen, a period
** must not end before it starts, a padded region code has six digits.
** Every output is freed: LeakSanitizer is on.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"
#include "fuzz.h"

/* crm_period_parse (lib/date.c) is declared in crm.h but may not be
** defined yet: weak, so that the harness links either way and tests it
** as soon as it is there. */
#pragma weak crm_period_parse

static const char salutations[] =
    "先生,女士,小姐,太太,夫人,老板,总,经理,主任,老师,师傅,科长,处长,局长,厂长,董事长,总监,老总";

static const struct crm_date today = { 2026, 11, 28 };

static bool
all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* A validator's result: NULL with *out set, or a message and no output.
** An accepted value, validated again, must come back the same. */
static void
check_validator(const char *(*v)(const char *, char **), const char *s)
{
	char *out = NULL, *again = NULL;
	const char *msg = v(s, &out);

	if (msg) {
		FUZZ_CHECK(*msg);
		FUZZ_CHECK(out == NULL);
		return;
	}
	FUZZ_CHECK(out != NULL);
	msg = v(out, &again);
	if (msg)
		fprintf(stderr, "'%s' normalised to '%s', which is refused: %s\n", s, out, msg);
	FUZZ_CHECK(msg == NULL);
	if (strcmp(out, again))
		fprintf(stderr, "'%s' normalised to '%s', then to '%s'\n", s, out, again);
	FUZZ_CHECK(!strcmp(out, again));
	free(out);
	free(again);
}

static const char *
birthday(const char *in, char **out)
{
	return crm_valid_birthday(in, today, out);
}

static void
check_date(const char *s)
{
	struct crm_date d, e;
	char buf[11];
	int rc = crm_date_parse(s, &d);

	FUZZ_CHECK(rc == 0 || rc == -1 || rc == -2);
	if (rc)
		return;
	FUZZ_CHECK(crm_date_valid(d.y, d.m, d.d));
	crm_date_format(d, buf);
	FUZZ_CHECK(strlen(buf) == 10);
	FUZZ_CHECK(crm_date_parse(buf, &e) == 0);
	FUZZ_CHECK(e.y == d.y && e.m == d.m && e.d == d.d);
	e = crm_date_from_days(crm_date_days(d));
	FUZZ_CHECK(e.y == d.y && e.m == d.m && e.d == d.d);
}

static void
check_money(const char *s)
{
	int64_t fen, again;
	char buf[32];

	if (crm_money_parse(s, &fen) < 0)
		return;
	crm_money_format(fen, buf);
	if (crm_money_parse(buf, &again) < 0 || again != fen)
		fprintf(stderr, "'%s' parsed to %lld fen, formatted '%s'\n", s,
		    (long long)fen, buf);
	FUZZ_CHECK(crm_money_parse(buf, &again) == 0);
	FUZZ_CHECK(again == fen);
}

static void
check_period(const char *s)
{
	struct crm_date from, to;
	const char *msg;

	if (!crm_period_parse)
		return;
	msg = crm_period_parse(s, today, &from, &to);
	if (msg) {
		FUZZ_CHECK(*msg);
		return;
	}
	FUZZ_CHECK(crm_date_valid(from.y, from.m, from.d));
	FUZZ_CHECK(crm_date_valid(to.y, to.m, to.d));
	FUZZ_CHECK(crm_date_days(from) <= crm_date_days(to));
}

static void
check_regions(const char *s)
{
	char out[7];
	size_t n;

	memset(out, 'z', sizeof out);
	if (crm_regions_pad(s, out)) {
		FUZZ_CHECK(strlen(out) == 6 && all_digits(out, 6));
		FUZZ_CHECK(!strncmp(out, s, strlen(s)));
	}
	memset(out, 'z', sizeof out);
	crm_regions_prefix(s, out);
	n = strlen(out);
	FUZZ_CHECK(n <= 6);
	FUZZ_CHECK(!strncmp(out, s, n));
}

static void
check_text(const char *data, size_t size)
{
	struct crm_buf b = { 0 };
	size_t ok = crm_utf8_valid(data, size), i;

	FUZZ_CHECK(ok <= size);
	FUZZ_CHECK(crm_utf8_chars(data, size) <= size);
	FUZZ_CHECK(crm_utf8_width(data, size) <= 2 * size);
	if (ok == size)
		FUZZ_CHECK(!memchr(data, '\0', size));
	crm_json_string(&b, data, size);
	FUZZ_CHECK(b.len >= 2 && b.s[0] == '"' && b.s[b.len - 1] == '"');
	FUZZ_CHECK(b.len <= 6 * size + 2);
	for (i = 0; i < b.len; i++)
		FUZZ_CHECK((unsigned char)b.s[i] >= 0x20);
	crm_buf_free(&b);
	(void)crm_csv_needs_guard(data, size);
}

static void
check_config(const char *s)
{
	size_t n, i;
	const struct crm_config_key *k = crm_config_keys(&n);

	for (i = 0; i < n; i++) {
		char *norm = NULL, *again = NULL;
		const char *msg = crm_config_check(&k[i], s, &norm);

		if (msg) {
			FUZZ_CHECK(norm == NULL);
			continue;
		}
		FUZZ_CHECK(norm != NULL);
		FUZZ_CHECK(crm_config_check(&k[i], norm, &again) == NULL);
		FUZZ_CHECK(!strcmp(norm, again));
		free(norm);
		free(again);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	const char *kind, *msg;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	check_validator(crm_valid_mobile, s);
	check_validator(crm_valid_phone, s);
	check_validator(crm_valid_email, s);
	check_validator(crm_valid_gender, s);
	check_validator(birthday, s);
	msg = crm_valid_person_name(s, salutations);
	FUZZ_CHECK(!msg || *msg);
	msg = crm_valid_person_name(s, "");
	(void)crm_address_detailed(s);
	kind = crm_guess_kind(s);
	FUZZ_CHECK(!strcmp(kind, "person") || !strcmp(kind, "company"));
	check_date(s);
	check_money(s);
	check_period(s);
	check_regions(s);
	msg = crm_code_problem(NULL, s);
	FUZZ_CHECK(!msg || *msg);
	if (!msg)
		FUZZ_CHECK(strlen(s) == 9 && all_digits(s, 9));
	check_config(s);
	check_text((const char *)data, size);

	free(s);
	return 0;
}
