/*
** config.c — policies kept in the store (table config), so that they
** travel with the data.  Every key has a default from the seed
** regulations; crm-config lists, sets and unsets them like git config.
*/
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static const struct crm_config_key keys[] = {
	{ "alert.churn_days", "90", CRM_CONFIG_DAYS,
	  "churn: days without a sale that raise the warning (seed 001)" },
	{ "alert.event_days", "30", CRM_CONFIG_DAYS,
	  "event: days a major event stays a warning" },
	{ "alert.progress_drop", "20", CRM_CONFIG_COUNT100,
	  "progress: the percent below plan (or last year) that raises the warning" },
	{ "complaint.days", "15", CRM_CONFIG_DAYS,
	  "days a complaint of a domestic customer has to be closed (seed 003)" },
	{ "complaint.foreign_days", "20", CRM_CONFIG_DAYS,
	  "days a complaint of a foreign customer has (seed 003)" },
	{ "complaint.serial_digits", "3", CRM_CONFIG_DIGITS,
	  "digits of a case number's serial in its month (the seed's form has 2)" },
	{ "credit.blacklist_days", "90", CRM_CONFIG_DAYS,
	  "days past due after which a customer goes on the blacklist (seed 000)" },
	{ "credit.default_limit", "0.00", CRM_CONFIG_MONEY,
	  "the credit limit of a customer without one: 0 is cash only" },
	{ "credit.terms_days", "30", CRM_CONFIG_DAYS,
	  "days from a sale to its due date when the customer has no terms" },
	{ "customer.incomplete_days", "90", CRM_CONFIG_DAYS,
	  "days after which a still incomplete record is removed (seed 003)" },
	{ "customer.salutations",
	  "先生,女士,小姐,太太,夫人,老板,总,经理,主任,老师,师傅,科长,处长,局长,厂长,董事长,总监,老总",
	  CRM_CONFIG_LIST,
	  "titles that make a name a salutation (王先生, 张总), comma separated" },
	{ "deal.probability", "lead=10,qualified=25,proposal=50,negotiation=75,won=100,lost=0",
	  CRM_CONFIG_STAGES, "the probability of a deal at each stage, in percent (seed 004)" },
	{ "expense.approval_over", "1000.00", CRM_CONFIG_MONEY,
	  "entertainment and gifts over this need an approved request (seed 004)" },
	{ "grade.abc.split", "20/50/30", CRM_CONFIG_SPLIT,
	  "abc: the percent of customers graded A, B and C (seed 000)" },
	{ "grade.activity.churn_days", "180", CRM_CONFIG_DAYS,
	  "activity: days without a sale after which a customer is churned" },
	{ "grade.activity.new_days", "90", CRM_CONFIG_DAYS,
	  "activity: days after a first sale that a customer is new" },
	{ "grade.ae.cut", "90/80/70/60", CRM_CONFIG_CUTS_DOWN,
	  "ae: the percent of the target that A, B, C and D reach (seed 004)" },
	{ "grade.pareto.cut", "80/95", CRM_CONFIG_CUTS,
	  "pareto: the cumulative percent of sales where A and B end" },
	{ "grade.primary", "abc", CRM_CONFIG_SCHEME,
	  "the scheme whose grade is the customer's grade (crm-ls --grade)" },
	{ "grade.value.cut", "50/80", CRM_CONFIG_CUTS,
	  "value: the cumulative percent of sales where strategic and important end" },
	{ "grade.vip.per_month", "2", CRM_CONFIG_COUNT,
	  "vip: the sale days a customer needs in every whole month (seed 003)" },
	{ "owner.other_rep_share", "0.5", CRM_CONFIG_SHARE,
	  "sweep: the share of last month's sales served by others that frees a customer (seed 003)" },
	{ "owner.pool_months", "3", CRM_CONFIG_MONTHS,
	  "sweep: months without a sale after which a customer goes to the public pool (seed 003)" },
	{ "points.per_sales", "100/1000.00", CRM_CONFIG_RATE,
	  "accrue: points a referrer earns per full amount of the referred customer's net sales (seed 003)" },
	{ "points.referral", "100", CRM_CONFIG_POINTS,
	  "points a referrer earns when the referred customer is added (seed 003)" },
	{ "report.evaluate.cut", "70/40", CRM_CONFIG_CUTS_DOWN,
	  "evaluate: the scores from which to develop and to maintain (seed 004)" },
	{ "report.evaluate.weights", "growth=25,credit=20,margin=25,frequency=20,complaints=10",
	  CRM_CONFIG_WEIGHTS, "evaluate: the weight of each score in the mean" },
	{ "visit.plan_window_days", "7", CRM_CONFIG_DAYS,
	  "days before and after a plan's date that a visit fulfils it" },
	{ "visit.policy",
	  "gm_yearly:A:gm:visit:1/year;manager_yearly:AB:manager:visit:2/year;"
	  "service_quarterly:*:service:phone:1/quarter", CRM_CONFIG_POLICY,
	  "the visit duties, name:grades:role:channel:count/period;... (seed 000)" },
};

const struct crm_config_key *
crm_config_keys(size_t *n)
{
	*n = sizeof keys / sizeof keys[0];
	return keys;
}

/* Every key, space separated (for the shell completion); the caller
** frees it. */
char *
crm_config_key_names(void)
{
	struct crm_buf b = { 0 };
	size_t i;

	for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
		crm_buf_printf(&b, "%s%s", i ? " " : "", keys[i].key);
	return b.s ? b.s : crm_xstrdup("");
}

/* Returns the key's description, or NULL for an unknown key. */
const struct crm_config_key *
crm_config_find(const char *key)
{
	size_t i;

	for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (!strcmp(keys[i].key, key))
			return &keys[i];
	return NULL;
}

/* A value of the form 20/50/30: as many whole percents as the default
** has, 1 to 100 (ae's up to 1000: a target can be passed), each one
** rising (cuts), falling (ae) or all of them adding up to 100 (split). */
static const char *
percents(const struct crm_config_key *k, const char *value, char **norm)
{
	static char msg[160];
	const char *p = value, *d;
	long v, prev = 0, sum = 0;
	/* ae's cuts may pass 100 (a target can be beaten); scores cannot */
	long max = k->type == CRM_CONFIG_CUTS_DOWN && !strncmp(k->key, "grade.", 6) ? 1000 : 100;
	int n = 0, want = 1;
	char *stop;

	for (d = k->def; *d; d++)
		want += *d == '/';
	for (;;) {
		v = strtol(p, &stop, 10);
		if (stop == p || *p == '-' || *p == '+' || v < 1 || v > max ||
		    (n && k->type == CRM_CONFIG_CUTS && v <= prev) ||
		    (n && k->type == CRM_CONFIG_CUTS_DOWN && v >= prev))
			break;
		prev = v;
		sum += v;
		n++;
		if (!*stop && n == want) {
			if (k->type == CRM_CONFIG_SPLIT && sum != 100)
				break;
			*norm = crm_xstrdup(value);
			return NULL;
		}
		if (*stop != '/')
			break;
		p = stop + 1;
	}
	snprintf(msg, sizeof msg, "is not %d %s percents like %s%s", want,
	    k->type == CRM_CONFIG_SPLIT ? "whole" : k->type == CRM_CONFIG_CUTS ?
	    "rising" : "falling", k->def,
	    k->type == CRM_CONFIG_SPLIT ? " that add up to 100" : "");
	return msg;
}

/* Check value for key.  Returns NULL and stores the value to keep in
** *norm (a new string: a list without spaces around its commas), or a
** message fragment saying what is wrong. */
const char *
crm_config_check(const struct crm_config_key *k, const char *value, char **norm)
{
	struct crm_buf b = { 0 };
	const char *p, *end;
	char *stop;
	long v;

	*norm = NULL;
	switch (k->type) {
	case CRM_CONFIG_DAYS:
		v = strtol(value, &stop, 10);
		if (!*value || *stop || v < 1 || v > 36500)
			return "is not a number of days (1 to 36500)";
		break;
	case CRM_CONFIG_COUNT:
		v = strtol(value, &stop, 10);
		if (!*value || *stop || v < 1 || v > 31)
			return "is not a number from 1 to 31";
		break;
	case CRM_CONFIG_WEIGHTS: {
		static const char *const names[] = { "growth", "credit", "margin", "frequency",
		    "complaints" };
		char *copy = crm_xstrdup(value), *q, *save = NULL;
		bool seen[5] = { false };
		size_t i;
		long sum = 0;

		for (q = strtok_r(copy, ",", &save); q; q = strtok_r(NULL, ",", &save)) {
			for (i = 0; i < 5; i++)
				if (!strncmp(q, names[i], strlen(names[i])) && q[strlen(names[i])] == '=')
					break;
			if (i == 5 || seen[i]) {
				free(copy);
				return "is not growth=N,credit=N,margin=N,frequency=N,complaints=N";
			}
			v = strtol(q + strlen(names[i]) + 1, &stop, 10);
			if (*stop || v < 0 || v > 1000 || stop == q + strlen(names[i]) + 1) {
				free(copy);
				return "has a weight that is not a whole number from 0 to 1000";
			}
			seen[i] = true;
			sum += v;
		}
		free(copy);
		for (i = 0; i < 5; i++)
			if (!seen[i])
				return "is not growth=N,credit=N,margin=N,frequency=N,complaints=N";
		if (!sum)
			return "has only weights of 0";
		break;
	}
	case CRM_CONFIG_MONTHS:
		v = strtol(value, &stop, 10);
		if (!*value || *stop || v < 1 || v > 1200)
			return "is not a number of months (1 to 1200)";
		break;
	case CRM_CONFIG_POINTS:
		v = strtol(value, &stop, 10);
		if (!*value || *stop || v < 0 || v > 1000000)
			return "is not a number of points (0 to 1000000)";
		break;
	case CRM_CONFIG_SHARE:
		if (crm_share_parse(value) <= 0)
			return "is not a share above 0 and at most 1 (0.5)";
		break;
	case CRM_CONFIG_RATE: {
		int64_t points, fen;

		if (crm_rate_parse(value, &points, &fen) < 0)
			return "is not POINTS/AMOUNT with a positive whole number of points and"
			    " a positive amount (100/1000.00)";
		*norm = crm_xasprintf("%lld/%lld.%02lld", (long long)points,
		    (long long)(fen / 100), (long long)(fen % 100));
		return NULL;
	}
	case CRM_CONFIG_DIGITS:
		v = strtol(value, &stop, 10);
		if (!*value || *stop || v < 2 || v > 6)
			return "is not a number of digits from 2 to 6";
		break;
	case CRM_CONFIG_COUNT100:
		v = strtol(value, &stop, 10);
		if (!*value || *stop || v < 0 || v > 100)
			return "is not a percent from 0 to 100";
		break;
	case CRM_CONFIG_SCHEME:
		if (crm_scheme_parse(value) < 0)
			return "is not a scheme (abc, pareto, value, ae, activity, rfm or vip)";
		break;
	case CRM_CONFIG_MONEY: {
		int64_t fen;
		char buf[32];

		if (crm_money_parse(value, &fen) < 0 || fen < 0)
			return "is not an amount in yuan (1234.50)";
		crm_money_format(fen, buf);
		*norm = crm_xstrdup(buf);
		return NULL;
	}
	case CRM_CONFIG_POLICY: {
		struct crm_visit_rule *rules;
		const char *msg;
		size_t n;

		if ((msg = crm_visit_policy_parse(value, &rules, &n)))
			return msg;
		free(rules);
		break;
	}
	case CRM_CONFIG_STAGES: {
		int pct[CRM_DEAL_NSTAGES];
		const char *msg;

		if ((msg = crm_deal_probabilities_parse(value, pct)))
			return msg;
		break;
	}
	case CRM_CONFIG_SPLIT:
	case CRM_CONFIG_CUTS:
	case CRM_CONFIG_CUTS_DOWN:
		return percents(k, value, norm);
	case CRM_CONFIG_LIST:
		crm_buf_reset(&b);
		for (p = value; *p; p = *end ? end + 1 : end) {
			end = strchr(p, ',');
			if (!end)
				end = p + strlen(p);
			while (p < end && *p == ' ')
				p++;
			while (end > p && end[-1] == ' ')
				end--;
			if (end == p) {
				crm_buf_free(&b);
				return "has an empty entry (a list is comma separated)";
			}
			crm_buf_printf(&b, "%s%.*s", b.len ? "," : "", (int)(end - p), p);
			while (*end == ' ')
				end++;
		}
		if (!b.len) {
			crm_buf_free(&b);
			return "is empty";
		}
		*norm = b.s;
		return NULL;
	}
	*norm = crm_xstrdup(value);
	return NULL;
}

/* A share "0.5", ".25" or "1", up to 4 decimals, as basis points
** (5000): 1 to 10000; -1 when it is none. */
long
crm_share_parse(const char *s)
{
	long bp = 0, scale = 1000;
	const char *p = s;

	if (*p == '1' || *p == '0')
		bp = (*p++ - '0') * 10000;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9' && scale; p++, scale /= 10)
			bp += (*p - '0') * scale;
	if (*p || p == s || !strcmp(s, ".") || p[-1] == '.')
		return -1;
	return bp >= 1 && bp <= 10000 ? bp : -1;
}

/* A rate "100/1000.00": points (> 0) per amount (fen > 0).  0, or -1. */
int
crm_rate_parse(const char *s, int64_t *points, int64_t *fen)
{
	const char *slash = strchr(s, '/');
	char *end, *amount;
	long long n;
	int rc;

	if (!slash || slash == s)
		return -1;
	n = strtoll(s, &end, 10);
	if (end != slash || *s == '-' || *s == '+' || n < 1 || n > 1000000)
		return -1;
	amount = crm_xstrdup(slash + 1);
	rc = crm_money_parse(amount, fen);
	free(amount);
	if (rc < 0 || *fen <= 0)
		return -1;
	*points = n;
	return 0;
}

/* Returns the value of key (stored, else the default) as a new string. */
char *
crm_config_get(crm_store *s, const char *key)
{
	const struct crm_config_key *k = crm_config_find(key);
	crm_stmt *st = crm_sql_prepare(s, "SELECT value FROM config WHERE key = ?");
	char *v = NULL;

	crm_bind_text(st, 1, key);
	if (crm_sql_step(s, st) == CRM_ROW)
		v = crm_xstrdup(crm_col_text(st, 0));
	crm_sql_finalize(st);
	if (!v)
		v = crm_xstrdup(k ? k->def : "");
	return v;
}

/* The value of a numeric key (days, months, points, a count). */
long
crm_config_number(crm_store *s, const char *key)
{
	char *v = crm_config_get(s, key);
	long n = strtol(v, NULL, 10);

	free(v);
	return n;
}

void
crm_config_set(crm_store *s, const char *key, const char *value)
{
	crm_stmt *st = crm_sql_prepare(s, "INSERT INTO config(key, value) "
	    "VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");

	crm_bind_text(st, 1, key);
	crm_bind_text(st, 2, value);
	if (crm_sql_step(s, st) != CRM_DONE)
		crm_store_fail(s, "config");
	crm_sql_finalize(st);
}

/* Returns true when the key had a stored value. */
bool
crm_config_unset(crm_store *s, const char *key)
{
	crm_stmt *st = crm_sql_prepare(s, "DELETE FROM config WHERE key = ?");

	crm_bind_text(st, 1, key);
	if (crm_sql_step(s, st) != CRM_DONE)
		crm_store_fail(s, "config");
	crm_sql_finalize(st);
	return crm_sql_changes(s) > 0;
}
