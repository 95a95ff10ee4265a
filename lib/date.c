/*
** date.c — calendar dates: the five input forms of SPEC 2, validity,
** day arithmetic, and "today" ($CRM_TODAY overrides the clock so that
** tests and back-dated cron runs see a fixed date).
*/
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crm.h"

bool
crm_date_valid(int y, int m, int d)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap, max;

	if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1)
		return false;
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	max = mdays[m - 1] + (m == 2 && leap);
	return d <= max;
}

/* Read 1..max digits; returns the number of digits read. */
static int
digits(const char **p, int max, int *v)
{
	int n = 0;

	*v = 0;
	while (n < max && **p >= '0' && **p <= '9') {
		*v = *v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	return n;
}

/* Skip an Excel-style time after the date: " 0:00", " 00:00:00". */
static void
skip_time(const char **p)
{
	const char *q = *p;
	int v;

	if (*q != ' ' && *q != 'T')
		return;
	q++;
	if (!digits(&q, 2, &v) || *q++ != ':' || digits(&q, 2, &v) != 2)
		return;
	if (*q == ':' && (q++, digits(&q, 2, &v) != 2))
		return;
	*p = q;
}

/* Parse YYYY-MM-DD, YYYY/M/D, YYYY.M.D, YYYYMMDD or YYYY年M月D日.
** Returns 0 and fills out; -1 when the text is not a date in any of
** those forms; -2 when it is in a form but names no real day. */
int
crm_date_parse(const char *s, struct crm_date *out)
{
	const char *p = s;
	int y, m, d, n;

	if (strlen(s) == 8 && digits(&p, 8, &y) == 8 && !*p) {
		d = y % 100;
		m = y / 100 % 100;
		y /= 10000;
	} else {
		p = s;
		if (digits(&p, 4, &y) != 4)
			return -1;
		if (!strncmp(p, "年", 3)) {
			p += 3;
			if (!digits(&p, 2, &m) || strncmp(p, "月", 3))
				return -1;
			p += 3;
			if (!digits(&p, 2, &d))
				return -1;
			if (!strncmp(p, "日", 3) || !strncmp(p, "号", 3))
				p += 3;
		} else {
			char sep = *p;

			if (sep != '-' && sep != '/' && sep != '.')
				return -1;
			p++;
			if (!(n = digits(&p, 2, &m)) || *p != sep)
				return -1;
			p++;
			if (!digits(&p, 2, &d))
				return -1;
			skip_time(&p);
		}
		if (*p)
			return -1;
	}
	if (!crm_date_valid(y, m, d))
		return -2;
	out->y = y;
	out->m = m;
	out->d = d;
	return 0;
}

/* Days since 1970-01-01 (proleptic Gregorian), after H. Hinnant. */
long
crm_date_days(struct crm_date dt)
{
	long y = dt.y - (dt.m <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (dt.m + (dt.m > 2 ? -3 : 9)) + 2) / 5 + dt.d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

struct crm_date
crm_date_from_days(long z)
{
	struct crm_date dt;
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	dt.d = (int)(doy - (153 * mp + 2) / 5 + 1);
	dt.m = (int)(mp < 10 ? mp + 3 : mp - 9);
	dt.y = (int)(yoe + era * 400 + (dt.m <= 2));
	return dt;
}

void
crm_date_format(struct crm_date d, char out[11])
{
	unsigned y = (unsigned)d.y % 10000u, m = (unsigned)d.m % 100u, dd = (unsigned)d.d % 100u;

	/* by hand, not snprintf: every imported date passes here */
	out[0] = (char)('0' + y / 1000), out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10), out[3] = (char)('0' + y % 10);
	out[4] = '-', out[5] = (char)('0' + m / 10), out[6] = (char)('0' + m % 10);
	out[7] = '-', out[8] = (char)('0' + dd / 10), out[9] = (char)('0' + dd % 10);
	out[10] = '\0';
}

/* Today's local date, or $CRM_TODAY when set.  A malformed $CRM_TODAY is
** a usage error: silently using the clock would back-date nothing. */
struct crm_date
crm_today(void)
{
	const char *e = getenv("CRM_TODAY");
	struct crm_date d;
	time_t t;
	struct tm tm;

	if (e && *e) {
		if (crm_date_parse(e, &d) < 0)
			crm_usage_error("CRM_TODAY '%s' is not a date (YYYY-MM-DD)", e);
		return d;
	}
	t = time(NULL);
	localtime_r(&t, &tm);
	d.y = tm.tm_year + 1900;
	d.m = tm.tm_mon + 1;
	d.d = tm.tm_mday;
	return d;
}

/* The last day of month m of year y. */
static int
month_days(int y, int m)
{
	int d = 31;

	while (d > 28 && !crm_date_valid(y, m, d))
		d--;
	return d;
}

/* d moved by months (negative: back), the day kept, or the month's last
** day when the month is shorter: 2026-05-31 less 3 months is
** 2026-02-28. */
struct crm_date
crm_date_add_months(struct crm_date d, int months)
{
	long m = (long)d.y * 12 + (d.m - 1) + months;
	struct crm_date r = { (int)(m / 12), (int)(m % 12) + 1, d.d };

	if (r.d > month_days(r.y, r.m))
		r.d = month_days(r.y, r.m);
	return r;
}

#define PERIOD_FORMS "is not a period (2026, 2026-Q3, 2026-10, 2026-01-01..2026-06-30 or 12m)"

/* One end of A..B: any date form crm_date_parse accepts. */
static const char *
period_end(const char *s, size_t n, struct crm_date *d)
{
	char buf[64];

	if (n == 0 || n >= sizeof buf)
		return PERIOD_FORMS;
	memcpy(buf, s, n);
	buf[n] = '\0';
	switch (crm_date_parse(buf, d)) {
	case 0:
		return NULL;
	case -2:
		return "names a day that does not exist";
	default:
		return PERIOD_FORMS;
	}
}

/* A period of SPEC 2, both days included:
**   2026                    the year
**   2026-Q3, 2026-q3        a quarter, Q1 to Q4
**   2026-10, 2026-1         a month
**   A..B                    from day A to day B (any form of crm_date_parse), A <= B
**   Nm                      the N months ending at today, N = 1 to 1200
** Years run from 1000 to 9999, as for crm_date_valid.
**
** Nm ends at today; it starts the day after today's date N months back,
** and when that month is shorter than today's day of the month, after
** that month's last day: for 2026-11-20, 12m is 2025-11-21..2026-11-20;
** for 2026-03-31, 1m is 2026-03-01..2026-03-31 (2026-02-31 is clamped to
** 2026-02-28); for 2024-02-29, 12m is 2023-03-01..2024-02-29.
**
** Returns NULL with *from and *to set, else a static message fragment
** and leaves them alone. */
const char *
crm_period_parse(const char *s, struct crm_date today, struct crm_date *from,
    struct crm_date *to)
{
	const char *p = s, *dots;
	struct crm_date a, b;
	int y, m, q, n, nd;
	const char *msg;

	if (!s || !*s)
		return PERIOD_FORMS;

	if ((dots = strstr(s, ".."))) {
		if ((msg = period_end(s, (size_t)(dots - s), &a)) ||
		    (msg = period_end(dots + 2, strlen(dots + 2), &b)))
			return msg;
		if (crm_date_days(b) < crm_date_days(a))
			return "ends before it starts";
		*from = a;
		*to = b;
		return NULL;
	}

	nd = digits(&p, 9, &n);
	if (nd && *p == 'm' && !p[1]) {
		long back, days;

		if (n < 1 || n > 1200)
			return "is not a number of months from 1 to 1200";
		back = (long)today.y * 12 + (today.m - 1) - n;
		a.y = (int)(back / 12);
		a.m = (int)(back % 12) + 1;
		a.d = today.d < month_days(a.y, a.m) ? today.d : month_days(a.y, a.m);
		days = crm_date_days(a) + 1;
		*from = crm_date_from_days(days);
		*to = today;
		return NULL;
	}
	if (nd != 4)
		return PERIOD_FORMS;
	y = n;
	if (!crm_date_valid(y, 1, 1))
		return "is not a year from 1000 to 9999";
	if (!*p) {
		*from = (struct crm_date){ y, 1, 1 };
		*to = (struct crm_date){ y, 12, 31 };
		return NULL;
	}
	if (*p++ != '-')
		return PERIOD_FORMS;
	if (*p == 'Q' || *p == 'q') {
		p++;
		if (digits(&p, 1, &q) != 1 || *p)
			return PERIOD_FORMS;
		if (q < 1 || q > 4)
			return "has no such quarter (Q1 to Q4)";
		*from = (struct crm_date){ y, 3 * q - 2, 1 };
		*to = (struct crm_date){ y, 3 * q, month_days(y, 3 * q) };
		return NULL;
	}
	if (!digits(&p, 2, &m) || *p)
		return PERIOD_FORMS;
	if (m < 1 || m > 12)
		return "has no such month (1 to 12)";
	*from = (struct crm_date){ y, m, 1 };
	*to = (struct crm_date){ y, m, month_days(y, m) };
	return NULL;
}

/* The name a period is kept under: as given (2026, 2026-Q3, a range),
** but FROM..TO for one counted back from a day (12m), whose dates change
** with the day.  s is what crm_period_parse accepted as from..to; the
** caller frees the result. */
char *
crm_period_name(const char *s, struct crm_date from, struct crm_date to)
{
	char f[11], t[11];

	if (!*s || s[strlen(s) - 1] != 'm')
		return crm_xstrdup(s);
	crm_date_format(from, f);
	crm_date_format(to, t);
	return crm_xasprintf("%s..%s", f, t);
}
