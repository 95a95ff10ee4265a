/*
** money.c — amounts as integer fen (1/100 yuan).  Input forms of SPEC 2:
** 1234.5, 1,234.50, ¥1234.50, ￥1234.50, with an optional leading minus.
** Never a float: the text is read digit by digit.
*/
#include <string.h>

#include "crm.h"

/* Returns 0 and stores the amount in fen, or -1 when s is not an amount
** (more than two decimals, misplaced separators, overflow). */
int
crm_money_parse(const char *s, int64_t *fen)
{
	const char *p = s;
	int64_t v = 0;
	int neg = 0, ndig = 0, group = -1, dec = 0;

	if (*p == '-')
		neg = 1, p++;
	if (!strncmp(p, "¥", 2))
		p += 2;
	else if (!strncmp(p, "￥", 3))
		p += 3;
	if (*p == '-' && !neg)
		neg = 1, p++;
	for (; *p && *p != '.'; p++) {
		if (*p == ',') {
			/* a separator needs 1-3 digits before the first and
			** exactly three between later ones */
			if (ndig == 0 || (group >= 0 && group != 3) || (group < 0 && ndig > 3))
				return -1;
			group = 0;
			continue;
		}
		if (*p < '0' || *p > '9')
			return -1;
		if (v > (INT64_MAX - 9) / 1000)
			return -1;
		v = v * 10 + (*p - '0');
		ndig++;
		if (group >= 0)
			group++;
	}
	if (group >= 0 && group != 3)
		return -1;
	/* the check above leaves room for one more digit, not for the fen:
	** 92233720368547759 would overflow here */
	if (v > (INT64_MAX - 99) / 100)
		return -1;
	v *= 100;
	if (*p == '.') {
		p++;
		for (; *p; p++, dec++) {
			if (*p < '0' || *p > '9' || dec >= 2)
				return -1;
			v += (*p - '0') * (dec == 0 ? 10 : 1);
		}
		if (dec == 0 && ndig == 0)
			return -1;
	}
	if (ndig == 0 && dec == 0)
		return -1;
	*fen = neg ? -v : v;
	return 0;
}

/* Two decimals, no grouping: 123450 -> "1234.50". */
void
crm_money_format(int64_t fen, char out[32])
{
	uint64_t u = fen < 0 ? 0ULL - (uint64_t)fen : (uint64_t)fen;

	snprintf(out, 32, "%s%llu.%02llu", fen < 0 ? "-" : "",
	    (unsigned long long)(u / 100), (unsigned long long)(u % 100));
}
