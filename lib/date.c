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
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)d.y % 10000u, (unsigned)d.m % 100u, (unsigned)d.d % 100u);
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
