/*
** alert.c — the five early warnings of seed 001 (预警管理), each a
** function over the ledger, the targets, the expenses and the events:
**
**	receivable  what a customer owes over its credit limit (外欠款)
**	progress    net sales behind the target's pace, or behind last
**	            year's same days, by alert.progress_drop (销售进度)
**	expense     expenses over a budget (销售费用)
**	churn       no sale for alert.churn_days, or for more than twice the
**	            customer's median gap between sale days (客户流失)
**	event       a major event of the last alert.event_days (客户重大变故)
**
** Each function adds its warnings to the temporary table alert_rows with
** a key that names the warning (kind, customer, and the target, budget or
** event), so that --new can leave out what the previous --new run raised
** (alert_seen keeps that run's keys).  The caller runs everything in one
** transaction, so that a cron job reads one consistent state.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static const char *const kind_names[CRM_ALERT_COUNT] = {
	"receivable", "progress", "expense", "churn", "event"
};

int
crm_alert_kind_parse(const char *s)
{
	int i;

	for (i = 0; i < CRM_ALERT_COUNT; i++)
		if (!strcmp(s, kind_names[i]))
			return i;
	return -1;
}

const struct crm_col crm_alert_cols[CRM_ALERT_NCOLS] = {
	{ "kind", CRM_COL_TEXT }, { "customer_id", CRM_COL_INT }, { "code", CRM_COL_TEXT },
	{ "name", CRM_COL_TEXT }, { "owner", CRM_COL_TEXT }, { "metric", CRM_COL_TEXT },
	{ "threshold", CRM_COL_TEXT }, { "detail", CRM_COL_TEXT },
};

struct run {
	crm_store *s;
	struct crm_date as_of;
	char day[11];
	const char *owner;
	crm_stmt *ins;
};

/* One warning into alert_rows. */
static void
raise_alert(struct run *r, enum crm_alert_kind k, const char *key, int64_t customer,
    const char *metric, const char *threshold, const char *detail)
{
	crm_bind_int(r->ins, 1, k);
	crm_bind_text(r->ins, 2, key);
	crm_bind_int(r->ins, 3, customer);
	crm_bind_text(r->ins, 4, metric);
	crm_bind_text(r->ins, 5, threshold);
	crm_bind_text(r->ins, 6, detail);
	if (crm_sql_step(r->s, r->ins) != CRM_DONE)
		crm_store_fail(r->s, "alert");
	crm_sql_reset(r->ins);
}

/* The customers a run covers: not deleted, of the owner when given. */
#define COVERED " c.status <> 'deleted' AND (?9 IS NULL OR c.owner = ?9)"

static crm_stmt *
prepare(struct run *r, const char *sql)
{
	crm_stmt *st = crm_sql_prepare(r->s, sql);

	crm_bind_text(st, 1, r->day);
	crm_bind_text(st, 9, r->owner);
	return st;
}

static void
receivable(struct run *r)
{
	crm_stmt *st = prepare(r, "SELECT c.id, o.owed, coalesce(k.credit_limit, ?2),"
	    " k.credit_limit IS NULL"
	    " FROM (SELECT customer_id, sum(amount) AS owed FROM sales"
	    " WHERE voided_at IS NULL AND date <= ?1 GROUP BY customer_id) o"
	    " JOIN customers c ON c.id = o.customer_id"
	    " LEFT JOIN credit k ON k.customer_id = c.id"
	    " WHERE o.owed > coalesce(k.credit_limit, ?2) AND" COVERED);
	char *d = crm_config_get(r->s, "credit.default_limit"), m[32], t[32], key[48], detail[128];
	int64_t dflt = 0;

	crm_money_parse(d, &dflt);
	free(d);
	crm_bind_int(st, 2, dflt);
	while (crm_sql_step(r->s, st) == CRM_ROW) {
		crm_money_format(crm_col_int(st, 1), m);
		crm_money_format(crm_col_int(st, 2), t);
		snprintf(key, sizeof key, "receivable:%lld", (long long)crm_col_int(st, 0));
		snprintf(detail, sizeof detail, "owes %s, over the credit limit %s%s", m, t,
		    crm_col_int(st, 3) ? " (no limit set: cash only)" : "");
		raise_alert(r, CRM_ALERT_RECEIVABLE, key, crm_col_int(st, 0), m, t, detail);
	}
	crm_sql_finalize(st);
}

/* round half up of a*b/c, all positive */
static int64_t
muldiv(int64_t a, int64_t b, int64_t c)
{
	return (int64_t)(((__int128)a * b * 2 + c) / ((__int128)c * 2));
}

static void
progress(struct run *r)
{
	long drop = crm_config_number(r->s, "alert.progress_drop");
	long asof = crm_date_days(r->as_of);
	struct crm_date jan1 = { r->as_of.y, 1, 1 }, ly0 = { r->as_of.y - 1, 1, 1 }, ly1;
	char a[11], b[11], c[11], m[32], t[32], key[80], detail[200];
	crm_stmt *st;

	/* targets whose period holds the as-of date: the customer's own,
	** else its grade's */
	st = prepare(r, "WITH t AS (" CRM_SQL_TARGETS(", g.start_date, g.end_date, g.amount, g.period",
	    "g.start_date <= ?1 AND g.end_date >= ?1 AND" COVERED,
	    "g.start_date <= ?1 AND g.end_date >= ?1 AND" COVERED) ")"
	    " SELECT t.customer_id, t.start_date, t.end_date, t.amount, t.period,"
	    " (SELECT coalesce(sum(x.amount), 0) FROM sales x WHERE x.customer_id = t.customer_id"
	    " AND x.voided_at IS NULL AND x.kind <> 'payment' AND x.date >= t.start_date"
	    " AND x.date <= ?1) FROM t ORDER BY t.customer_id, t.start_date");
	while (crm_sql_step(r->s, st) == CRM_ROW) {
		struct crm_date f, e;
		long elapsed, days;
		int64_t thr, net = crm_col_int(st, 5);

		crm_date_parse(crm_col_text(st, 1), &f);
		crm_date_parse(crm_col_text(st, 2), &e);
		elapsed = asof - crm_date_days(f) + 1;
		days = crm_date_days(e) - crm_date_days(f) + 1;
		thr = muldiv(crm_col_int(st, 3), elapsed * (100 - drop), days * 100);
		if (net >= thr)
			continue;
		crm_money_format(net, m);
		crm_money_format(thr, t);
		snprintf(key, sizeof key, "progress:%lld:%s:%s", (long long)crm_col_int(st, 0),
		    crm_col_text(st, 1), crm_col_text(st, 2));
		snprintf(detail, sizeof detail, "net sales %s of the target for %s, %ld of its %ld"
		    " days gone", m, crm_col_text(st, 4), elapsed, days);
		raise_alert(r, CRM_ALERT_PROGRESS, key, crm_col_int(st, 0), m, t, detail);
	}
	crm_sql_finalize(st);
	/* without such a target: the year so far against last year's */
	ly1 = (struct crm_date){ r->as_of.y - 1, r->as_of.m, r->as_of.d };
	if (!crm_date_valid(ly1.y, ly1.m, ly1.d))
		ly1.d = 28;
	crm_date_format(jan1, a);
	crm_date_format(ly0, b);
	crm_date_format(ly1, c);
	st = prepare(r, "SELECT c.id, coalesce(sum(CASE WHEN x.date >= ?2 THEN x.amount END), 0),"
	    " coalesce(sum(CASE WHEN x.date <= ?4 THEN x.amount END), 0)"
	    " FROM customers c JOIN sales x ON x.customer_id = c.id"
	    " WHERE x.voided_at IS NULL AND x.kind <> 'payment'"
	    " AND ((x.date >= ?2 AND x.date <= ?1) OR (x.date >= ?3 AND x.date <= ?4)) AND" COVERED
	    " AND NOT EXISTS (SELECT 1 FROM sales_targets g WHERE (g.customer_id = c.id"
	    " OR g.grade = c.grade) AND g.start_date <= ?1 AND g.end_date >= ?1)"
	    " GROUP BY c.id ORDER BY c.id");
	crm_bind_text(st, 2, a);
	crm_bind_text(st, 3, b);
	crm_bind_text(st, 4, c);
	while (crm_sql_step(r->s, st) == CRM_ROW) {
		int64_t now = crm_col_int(st, 1), last = crm_col_int(st, 2), thr;

		if (last <= 0)
			continue;
		thr = muldiv(last, 100 - drop, 100);
		if (now >= thr)
			continue;
		crm_money_format(now, m);
		crm_money_format(thr, t);
		snprintf(key, sizeof key, "progress:%lld:year", (long long)crm_col_int(st, 0));
		crm_money_format(last, detail);
		snprintf(detail + strlen(detail), sizeof detail - strlen(detail),
		    " the same days last year; %s since January 1", m);
		raise_alert(r, CRM_ALERT_PROGRESS, key, crm_col_int(st, 0), m, t, detail);
	}
	crm_sql_finalize(st);
}

static void
expense(struct run *r)
{
	crm_stmt *st = prepare(r, "WITH b AS (SELECT c.id, g.start_date, g.end_date, g.amount,"
	    " g.period FROM expense_budgets g JOIN customers c ON c.id = g.customer_id"
	    " WHERE g.start_date <= ?1 AND g.end_date >= ?1 AND" COVERED
	    " UNION ALL SELECT c.id, g.start_date, g.end_date, g.amount, g.period"
	    " FROM expense_budgets g JOIN customers c ON c.grade = g.grade"
	    " WHERE g.grade IS NOT NULL AND g.start_date <= ?1 AND g.end_date >= ?1 AND" COVERED
	    " AND NOT EXISTS (SELECT 1 FROM expense_budgets o WHERE o.customer_id = c.id"
	    " AND o.start_date = g.start_date AND o.end_date = g.end_date))"
	    " SELECT * FROM (SELECT b.id, b.start_date, b.end_date, b.amount, b.period,"
	    " (SELECT coalesce(sum(e.amount), 0) FROM expenses e WHERE e.customer_id = b.id"
	    " AND e.date >= b.start_date AND e.date <= b.end_date AND e.date <= ?1) AS spent"
	    " FROM b) x WHERE x.spent > x.amount ORDER BY x.id, x.start_date");
	char m[32], t[32], key[80], detail[160];

	while (crm_sql_step(r->s, st) == CRM_ROW) {
		crm_money_format(crm_col_int(st, 5), m);
		crm_money_format(crm_col_int(st, 3), t);
		snprintf(key, sizeof key, "expense:%lld:%s:%s", (long long)crm_col_int(st, 0),
		    crm_col_text(st, 1), crm_col_text(st, 2));
		snprintf(detail, sizeof detail, "expenses %s over the budget %s for %s", m, t,
		    crm_col_text(st, 4));
		raise_alert(r, CRM_ALERT_EXPENSE, key, crm_col_int(st, 0), m, t, detail);
	}
	crm_sql_finalize(st);
}

static int
cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return x < y ? -1 : x > y;
}

/* A customer's sale days, days[0..n) ascending: the churn warning. */
static void
churn_one(struct run *r, int64_t id, long *days, size_t n, long limit)
{
	long since = crm_date_days(r->as_of) - days[n - 1], thr = -1, *gap;
	char m[24], t[24], key[48], detail[160], last[11];
	size_t i;

	if (since >= limit)
		thr = limit;
	if (n >= 3) {
		long twice;

		gap = crm_xcalloc(n - 1, sizeof *gap);
		for (i = 1; i < n; i++)
			gap[i - 1] = days[i] - days[i - 1];
		qsort(gap, n - 1, sizeof *gap, cmp_long);
		/* twice the median: the middle gap doubled, or the two middle ones */
		twice = (n - 1) % 2 ? 2 * gap[(n - 1) / 2] : gap[(n - 1) / 2 - 1] + gap[(n - 1) / 2];
		free(gap);
		if (since > twice && (thr < 0 || twice < thr))
			thr = twice;
	}
	if (thr < 0)
		return;
	crm_date_format(crm_date_from_days(days[n - 1]), last);
	snprintf(m, sizeof m, "%ld", since);
	snprintf(t, sizeof t, "%ld", thr);
	snprintf(key, sizeof key, "churn:%lld", (long long)id);
	snprintf(detail, sizeof detail, "last sale %s, %ld days ago (%s)", last, since,
	    thr == limit ? "alert.churn_days" : "more than twice its median gap between sales");
	raise_alert(r, CRM_ALERT_CHURN, key, id, m, t, detail);
}

static void
churn(struct run *r)
{
	crm_stmt *st = prepare(r, "SELECT x.customer_id, x.date FROM sales x"
	    " JOIN customers c ON c.id = x.customer_id WHERE x.kind = 'sale'"
	    " AND x.voided_at IS NULL AND x.date <= ?1 AND c.status <> 'blacklisted' AND" COVERED
	    " GROUP BY x.customer_id, x.date ORDER BY x.customer_id, x.date");
	long limit = crm_config_number(r->s, "alert.churn_days"), *days = NULL;
	size_t n = 0, cap = 0;
	int64_t cur = 0;

	for (;;) {
		bool more = crm_sql_step(r->s, st) == CRM_ROW;
		int64_t id = more ? crm_col_int(st, 0) : 0;
		struct crm_date d;

		if ((!more || id != cur) && n) {
			churn_one(r, cur, days, n, limit);
			n = 0;
		}
		if (!more)
			break;
		cur = id;
		if (n == cap)
			days = crm_xrealloc(days, (cap = cap ? cap * 2 : 64) * sizeof *days);
		crm_date_parse(crm_col_text(st, 1), &d);
		days[n++] = crm_date_days(d);
	}
	crm_sql_finalize(st);
	free(days);
}

static void
event(struct run *r)
{
	long within = crm_config_number(r->s, "alert.event_days");
	crm_stmt *st = prepare(r, "SELECT e.id, e.customer_id, e.date, e.kind, e.note"
	    " FROM events e JOIN customers c ON c.id = e.customer_id"
	    " WHERE e.date >= ?2 AND e.date <= ?1 AND" COVERED " ORDER BY e.customer_id, e.date");
	char from[11], m[24], t[24], key[48], detail[240];

	crm_date_format(crm_date_from_days(crm_date_days(r->as_of) - within), from);
	crm_bind_text(st, 2, from);
	while (crm_sql_step(r->s, st) == CRM_ROW) {
		struct crm_date d;

		crm_date_parse(crm_col_text(st, 2), &d);
		snprintf(m, sizeof m, "%ld", crm_date_days(r->as_of) - crm_date_days(d));
		snprintf(t, sizeof t, "%ld", within);
		snprintf(key, sizeof key, "event:%lld", (long long)crm_col_int(st, 0));
		snprintf(detail, sizeof detail, "%s on %s: %s", crm_col_text(st, 3),
		    crm_col_text(st, 2), crm_col_text(st, 4));
		raise_alert(r, CRM_ALERT_EVENT, key, crm_col_int(st, 1), m, t, detail);
	}
	crm_sql_finalize(st);
}

/* Raise the warnings of the kinds asked for at as_of (of owner's
** customers when given), inside the caller's transaction, and print
** them to w by kind, customer and key; with only_new, only those the
** previous only_new run did not raise, and this run's are kept for the
** next.  Returns the warnings printed. */
long long
crm_alert_run(crm_store *s, const bool *kinds, struct crm_date as_of, const char *owner,
    bool only_new, crm_out *w)
{
	static void (*const fn[CRM_ALERT_COUNT])(struct run *) = {
		receivable, progress, expense, churn, event
	};
	struct run r = { .s = s, .as_of = as_of, .owner = owner };
	long long n = 0;
	crm_stmt *st;
	int k;

	crm_date_format(as_of, r.day);
	crm_sql_exec(s, "DROP TABLE IF EXISTS alert_rows;"
	    " CREATE TEMP TABLE alert_rows (kind INTEGER, key TEXT, customer_id INTEGER,"
	    " metric TEXT, threshold TEXT, detail TEXT)");
	r.ins = crm_sql_prepare(s, "INSERT INTO alert_rows VALUES (?, ?, ?, ?, ?, ?)");
	for (k = 0; k < CRM_ALERT_COUNT; k++)
		if (kinds[k])
			fn[k](&r);
	crm_sql_finalize(r.ins);
	crm_output_personal();
	st = crm_sql_prepare(s, "SELECT a.kind, a.customer_id, c.code, c.name, c.owner,"
	    " a.metric, a.threshold, a.detail FROM alert_rows a"
	    " JOIN customers c ON c.id = a.customer_id"
	    " WHERE ?1 = 0 OR NOT EXISTS (SELECT 1 FROM alert_seen z WHERE z.key = a.key)"
	    " ORDER BY a.kind, a.customer_id, a.key");
	crm_bind_int(st, 1, only_new);
	while (crm_sql_step(s, st) == CRM_ROW) {
		const char *v[CRM_ALERT_NCOLS];
		int i;

		v[0] = kind_names[crm_col_int(st, 0)];
		for (i = 1; i < CRM_ALERT_NCOLS; i++)
			v[i] = crm_col_text(st, i);
		if (w)
			crm_out_row(w, v);
		n++;
	}
	crm_sql_finalize(st);
	if (only_new) {
		/* what this run raised, for the next --new run: in place of
		** what the runs before raised of the same kinds and customers */
		char *now = crm_now();

		for (k = 0; k < CRM_ALERT_COUNT; k++) {
			if (!kinds[k])
				continue;
			char *like = crm_xasprintf("%s:%%", kind_names[k]);

			st = crm_sql_prepare(s, "DELETE FROM alert_seen WHERE key LIKE ?1"
			    " AND (?2 IS NULL OR customer_id IN (SELECT id FROM customers"
			    " WHERE owner = ?2))");
			crm_bind_text(st, 1, like);
			free(like);
			crm_bind_text(st, 2, owner);
			if (crm_sql_step(s, st) != CRM_DONE)
				crm_store_fail(s, "alert");
			crm_sql_finalize(st);
		}
		st = crm_sql_prepare(s, "INSERT INTO alert_seen(key, customer_id, run_at)"
		    " SELECT key, min(customer_id), ? FROM alert_rows GROUP BY key");
		crm_bind_text(st, 1, now);
		if (crm_sql_step(s, st) != CRM_DONE)
			crm_store_fail(s, "alert");
		crm_sql_finalize(st);
		free(now);
	}
	return n;
}
