/*
** grade.c — customer grading (SPEC 3.3): seven schemes over the sales
** ledger, one grade per scheme and customer, the history of every
** change, and the sales-company manager's approval for moves into and
** out of grade A (seed 000 客户管理办法).
**
** A run reads one query per scheme that yields every graded customer
** (not deleted, not blacklisted) with the figures its scheme needs, in
** the order the listing prints: metric descending then id for the
** ranking schemes, id for the others.  SQL does the aggregation and the
** ranks (rfm's are window functions); C does the cut-offs, in exact
** integer arithmetic: ⌈n·20/100⌉ ranks, cum·100 < 80·sum, achieved in
** basis points.  With --apply the decisions go to a temporary table
** while the query runs and are written after it, in the caller's
** transaction, so that the query never reads a table being written.
**
** customers.grade is the grade of the primary scheme (grade.primary), so
** that crm-ls --grade and the visit duties read one column; the other
** schemes live in grades only.  The old grade of the primary scheme is
** customers.grade, which an import or crm-edit may have set.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static const char *const scheme_names[CRM_SCHEME_COUNT] = {
	[CRM_SCHEME_ABC] = "abc", [CRM_SCHEME_PARETO] = "pareto",
	[CRM_SCHEME_VALUE] = "value", [CRM_SCHEME_AE] = "ae",
	[CRM_SCHEME_ACTIVITY] = "activity", [CRM_SCHEME_RFM] = "rfm",
	[CRM_SCHEME_VIP] = "vip",
};

/* The grades of each scheme, best first, where they are ordered (change
** up/down); NULL where they are not (change "changed"). */
static const char *const *const scales[CRM_SCHEME_COUNT] = {
	[CRM_SCHEME_ABC] = (const char *const[]){ "A", "B", "C", NULL },
	[CRM_SCHEME_PARETO] = (const char *const[]){ "A", "B", "C", NULL },
	[CRM_SCHEME_VALUE] = (const char *const[]){ "strategic", "important",
	    "general", "potential", NULL },
	[CRM_SCHEME_AE] = (const char *const[]){ "A", "B", "C", "D", "E", NULL },
	[CRM_SCHEME_VIP] = (const char *const[]){ "vip", "regular", NULL },
};

const struct crm_col crm_grade_cols[CRM_GRADE_NCOLS] = {
	{ "id", CRM_COL_INT }, { "code", CRM_COL_TEXT }, { "name", CRM_COL_TEXT },
	{ "metric", CRM_COL_TEXT }, { "share", CRM_COL_RATIO },
	{ "cum_share", CRM_COL_RATIO }, { "old_grade", CRM_COL_TEXT },
	{ "new_grade", CRM_COL_TEXT }, { "change", CRM_COL_TEXT },
};

int
crm_scheme_parse(const char *s)
{
	int i;

	for (i = 0; i < CRM_SCHEME_COUNT; i++)
		if (!strcmp(s, scheme_names[i]))
			return i;
	return -1;
}

const char *
crm_scheme_name(enum crm_scheme k)
{
	return scheme_names[k];
}

/* The whole calendar months of from..as_of, as their first and last
** days; false when there is none. */
static bool
whole_months(struct crm_date from, struct crm_date as_of, struct crm_date *first,
    struct crm_date *last, int *months)
{
	struct crm_date f = from, l = as_of, next;

	if (f.d != 1) {
		f.d = 1;
		if (++f.m > 12)
			f.m = 1, f.y++;
	}
	next = crm_date_from_days(crm_date_days(l) + 1);
	if (next.d != 1)        /* as_of is not a month's last day */
		l = crm_date_from_days(crm_date_days((struct crm_date){ l.y, l.m, 1 }) - 1);
	*months = (l.y - f.y) * 12 + (l.m - f.m) + 1;
	if (*months < 1)
		return false;
	*first = f;
	*last = l;
	return true;
}

/* The as-of date of a run: the period's last day, or today when that is
** earlier; NULL, or a message fragment for a usage error. */
const char *
crm_grade_check(struct crm_grading *g, struct crm_date today)
{
	struct crm_date a, b;
	int m;

	g->as_of = crm_date_days(today) < crm_date_days(g->to) ? today : g->to;
	if (crm_date_days(g->as_of) < crm_date_days(g->from))
		return "starts after the as-of date";
	if (g->scheme == CRM_SCHEME_VIP && !whole_months(g->from, g->as_of, &a, &b, &m))
		return "has no whole calendar month up to the as-of date (vip counts sale days per month)";
	return NULL;
}

/* Config values of the form 20/50/30 as numbers; n of them. */
static void
cuts(crm_store *s, const char *key, long *v, int n)
{
	char *val = crm_config_get(s, key), *p = val, *end;
	int i;

	for (i = 0; i < n; i++) {
		v[i] = strtol(p, &end, 10);
		p = *end ? end + 1 : end;
	}
	free(val);
}

static long
number(crm_store *s, const char *key)
{
	long v;

	cuts(s, key, &v, 1);
	return v;
}

/* Old and new grade as a change: new, same, up, down, changed. */
static const char *
change_of(enum crm_scheme k, const char *old, const char *new)
{
	const char *const *sc = scales[k];
	int i, o = -1, n = -1;

	if (!old)
		return "new";
	if (!strcmp(old, new))
		return "same";
	for (i = 0; sc && sc[i]; i++) {
		if (!strcmp(sc[i], old))
			o = i;
		if (!strcmp(sc[i], new))
			n = i;
	}
	if (o < 0 || n < 0)
		return "changed";
	return n < o ? "up" : "down";
}

/* num/den rounded half up to 4 decimals (num >= 0, den > 0). */
static void
ratio4(int64_t num, int64_t den, char out[32])
{
	__int128 bp = ((__int128)num * 20000 + den) / ((__int128)den * 2);

	snprintf(out, 32, "%lld.%04lld", (long long)(bp / 10000), (long long)(bp % 10000));
}

/* Basis points as a ratio: 9000 -> "0.9000", -125 -> "-0.0125". */
static void
bp_text(int64_t bp, char out[32])
{
	snprintf(out, 32, "%s%lld.%04lld", bp < 0 ? "-" : "", (long long)(llabs(bp) / 10000),
	    (long long)(llabs(bp) % 10000));
}

/* The SQL of each scheme.  Columns 0-3 are id, code, name, old grade;
** ?1..?2 the days the ledger is read over, ?3 the scheme, ?4 1 for the
** primary scheme (old grade from customers.grade). */
#define BASE_COLS "c.id, c.code, c.name," \
	" CASE WHEN ?4 = 1 THEN c.grade ELSE g.grade END"
#define BASE_FROM " FROM customers c LEFT JOIN grades g ON g.customer_id = c.id" \
	" AND g.scheme = ?3"
#define GRADED " c.status <> 'deleted' AND c.status <> 'blacklisted'"
#define NET "SELECT customer_id, sum(amount) AS net," \
	" sum(CASE WHEN kind = 'sale' THEN 1 ELSE 0 END) AS sold FROM sales" \
	" WHERE voided_at IS NULL AND kind <> 'payment' AND date >= ?1 AND date <= ?2" \
	" GROUP BY customer_id"

/* abc, pareto, value: 4 net, 5 sale rows, 6 customers, 7 sum of the
** positive nets. */
static const char net_sql[] = "WITH n AS (" NET ")"
    " SELECT " BASE_COLS ", coalesce(n.net, 0), coalesce(n.sold, 0), count(*) OVER (),"
    " sum(CASE WHEN n.net > 0 THEN n.net ELSE 0 END) OVER ()"
    BASE_FROM " LEFT JOIN n ON n.customer_id = c.id WHERE" GRADED
    " ORDER BY 5 DESC, c.id";

/* ae: 4 achieved in basis points or NULL without a target; the target
** is the customer's for exactly the period ?1..?5, else its grade's. */
static const char ae_sql[] = "WITH n AS (" NET "),"
    " t AS (SELECT c.id, coalesce(n.net, 0) AS net, coalesce("
    " (SELECT amount FROM sales_targets o WHERE o.customer_id = c.id"
    " AND o.start_date = ?1 AND o.end_date = ?5),"
    " (SELECT amount FROM sales_targets o WHERE o.grade = c.grade"
    " AND o.start_date = ?1 AND o.end_date = ?5)) AS target"
    " FROM customers c LEFT JOIN n ON n.customer_id = c.id WHERE" GRADED "),"
    " a AS (SELECT id, CASE WHEN net >= 0 THEN (2 * net * 10000 + target) / (2 * target)"
    " ELSE -((2 * -net * 10000 + target) / (2 * target)) END AS bp FROM t)"
    " SELECT " BASE_COLS ", a.bp" BASE_FROM " JOIN a ON a.id = c.id"
    " ORDER BY CASE WHEN a.bp IS NULL THEN 1 ELSE 0 END, a.bp DESC, c.id";

/* activity: 4 first and 5 last sale up to ?2, 6 the calendar quarters
** with a sale from ?5 (the first day of the 4 quarters) to ?2. */
static const char activity_sql[] = "WITH n AS (SELECT customer_id,"
    " min(date) AS first, max(date) AS last, count(DISTINCT CASE WHEN date >= ?5"
    " THEN substr(date, 1, 4) || ((CAST(substr(date, 6, 2) AS INTEGER) + 2) / 3) END)"
    " AS quarters FROM sales WHERE voided_at IS NULL AND kind = 'sale' AND date <= ?2"
    " GROUP BY customer_id)"
    " SELECT " BASE_COLS ", n.first, n.last, coalesce(n.quarters, 0)"
    BASE_FROM " LEFT JOIN n ON n.customer_id = c.id WHERE" GRADED " ORDER BY c.id";

/* rfm: 4 5 6 the R, F and M scores (NULL: no sale in the period), 7 the
** last sale.  A score is 1 + ⌊5·(r−1)/n⌋ with r = 1 + the customers
** strictly worse: rank() over the ascending order of "better", among
** the customers with a sale (the partition where n is not NULL).  The
** windows are over the join itself: a join to a windowed CTE would be
** a scan per customer. */
#define RFM_SCORE(col) "CASE WHEN n.customer_id IS NULL THEN NULL ELSE 1 + 5 *" \
	" (rank() OVER (PARTITION BY n.customer_id IS NULL ORDER BY " col ") - 1) /" \
	" count(*) OVER (PARTITION BY n.customer_id IS NULL) END"
static const char rfm_sql[] = "WITH n AS (SELECT customer_id,"
    " max(CASE WHEN kind = 'sale' THEN date END) AS last,"
    " count(DISTINCT CASE WHEN kind = 'sale' THEN date END) AS f, sum(amount) AS m"
    " FROM sales WHERE voided_at IS NULL AND kind <> 'payment' AND date >= ?1"
    " AND date <= ?2 GROUP BY customer_id"
    " HAVING count(DISTINCT CASE WHEN kind = 'sale' THEN date END) > 0)"
    " SELECT * FROM (SELECT " BASE_COLS " AS old, " RFM_SCORE("n.last") " AS rs,"
    " " RFM_SCORE("n.f") " AS fs, " RFM_SCORE("n.m") " AS ms, n.last"
    BASE_FROM " LEFT JOIN n ON n.customer_id = c.id WHERE" GRADED ") x"
    " ORDER BY x.rs * 100 + x.fs * 10 + x.ms DESC NULLS LAST, x.id";

/* vip: 4 the fewest sale days in a whole month of ?1..?2 (which are
** whole months, ?5 of them), 0 for a month without a sale. */
static const char vip_sql[] = "WITH d AS (SELECT customer_id, substr(date, 1, 7) AS month,"
    " count(DISTINCT date) AS days FROM sales WHERE voided_at IS NULL AND kind = 'sale'"
    " AND date >= ?1 AND date <= ?2 GROUP BY customer_id, substr(date, 1, 7)),"
    " n AS (SELECT customer_id, count(*) AS months, min(days) AS fewest FROM d"
    " GROUP BY customer_id)"
    " SELECT " BASE_COLS ", CASE WHEN n.months = ?5 THEN n.fewest ELSE 0 END"
    BASE_FROM " LEFT JOIN n ON n.customer_id = c.id WHERE" GRADED " ORDER BY c.id";

static const char *const segments[6][6] = {
	/* [R][F], 1-based; from SPEC 3.3 */
	[1] = { NULL, "hibernating", "hibernating", "at_risk", "at_risk", "cant_lose" },
	[2] = { NULL, "hibernating", "hibernating", "at_risk", "at_risk", "cant_lose" },
	[3] = { NULL, "about_to_sleep", "about_to_sleep", "need_attention", "loyal", "loyal" },
	[4] = { NULL, "promising", "potential_loyalist", "potential_loyalist", "loyal", "loyal" },
	[5] = { NULL, "new", "potential_loyalist", "potential_loyalist", "champions", "champions" },
};

/* The state of one run. */
struct run {
	crm_store *s;
	struct crm_grading *g;
	crm_out *w;
	long split[3], pareto[2], value[2], ae[4], new_days, churn_days, per_month;
	/* the ranking schemes: the previous customer's metric and grade */
	int64_t prev_metric;
	const char *prev_grade;
	long long pos;            /* rank of this customer, 1-based */
	int64_t cum;              /* running sum of positive nets */
	char now[24];
};

/* One customer graded: print it, and with --apply keep the decision. */
static void
emit(struct run *r, crm_stmt *st, const char *metric, const char *share,
    const char *cum, const char *grade)
{
	struct crm_grading *g = r->g;
	const char *old = crm_col_text(st, 3), *change = NULL;
	const char *v[CRM_GRADE_NCOLS];
	int pending = 0;          /* 1: waits for approval, 2: approved */

	if (grade) {
		change = change_of(g->scheme, old, grade);
		/* into or out of A (abc, pareto, ae) needs the manager */
		if (old && strcmp(old, grade) &&
		    (g->scheme == CRM_SCHEME_ABC || g->scheme == CRM_SCHEME_PARETO ||
		    g->scheme == CRM_SCHEME_AE) && (!strcmp(old, "A") || !strcmp(grade, "A")))
			pending = g->approver ? 2 : 1;
		if (pending == 1) {
			change = "pending";
			g->pending++;
		} else if (strcmp(change, "same")) {
			g->changes++;
		}
	}
	g->graded++;
	if (g->apply && grade) {
		crm_stmt *ins = crm_sql_cached(r->s, "INSERT INTO grade_run(customer_id,"
		    " old_grade, new_grade, metric, pending) VALUES (?, ?, ?, ?, ?)");

		crm_bind_int(ins, 1, crm_col_int(st, 0));
		crm_bind_text(ins, 2, old);
		crm_bind_text(ins, 3, grade);
		crm_bind_text(ins, 4, metric);
		crm_bind_int(ins, 5, pending);
		if (crm_sql_step(r->s, ins) != CRM_DONE)
			crm_store_fail(r->s, "grade");
		crm_sql_reset(ins);
	}
	if (g->progress && g->graded % 65536 == 0)
		crm_progress("customers graded", g->graded, g->total);
	if (!r->w)
		return;
	v[0] = crm_col_text(st, 0);
	v[1] = crm_col_text(st, 1);
	v[2] = crm_col_text(st, 2);
	v[3] = metric;
	v[4] = share;
	v[5] = cum;
	v[6] = old;
	v[7] = grade;
	v[8] = change;
	crm_out_row(r->w, v);
}

/* A grade by rank that ties go up: a customer whose metric equals the
** previous one's gets the previous one's grade. */
static const char *
tie_up(struct run *r, int64_t metric, const char *grade)
{
	if (r->pos > 1 && r->prev_grade && metric == r->prev_metric)
		grade = r->prev_grade;
	r->prev_metric = metric;
	r->prev_grade = grade;
	return grade;
}

/* abc, pareto and value: ranked by net sales. */
static void
grade_net(struct run *r, crm_stmt *st)
{
	static const char *const abc[] = { "A", "B", "C" };
	static const char *const val[] = { "strategic", "important", "general" };
	enum crm_scheme k = r->g->scheme;
	int64_t net = crm_col_int(st, 4), n = crm_col_int(st, 6), sum = crm_col_int(st, 7);
	const char *const *names = k == CRM_SCHEME_VALUE ? val : abc;
	char metric[32], share[32], cum[32];
	const char *grade;
	int i = 2;

	r->pos++;
	crm_money_format(net, metric);
	if (net > 0) {
		int64_t before = r->cum;

		r->cum += net;
		ratio4(net, sum, share);
		ratio4(r->cum, sum, cum);
		if (k == CRM_SCHEME_ABC) {
			/* the first ⌈n·a/100⌉ ranks, then the first ⌈n·(a+b)/100⌉ */
			int64_t ka = (n * r->split[0] + 99) / 100;
			int64_t kab = (n * (r->split[0] + r->split[1]) + 99) / 100;

			i = r->pos <= ka ? 0 : r->pos <= kab ? 1 : 2;
		} else {
			const long *c = k == CRM_SCHEME_PARETO ? r->pareto : r->value;

			/* while the share before it is below the cut */
			i = (__int128)before * 100 < (__int128)c[0] * sum ? 0 :
			    (__int128)before * 100 < (__int128)c[1] * sum ? 1 : 2;
		}
		grade = tie_up(r, net, names[i]);
	} else {
		strcpy(share, "0.0000");
		if (sum > 0)
			ratio4(r->cum, sum, cum);
		else
			strcpy(cum, "0.0000");
		grade = k == CRM_SCHEME_VALUE && !crm_col_int(st, 5) ? "potential" : names[2];
		r->prev_grade = NULL;
	}
	emit(r, st, metric, share, cum, grade);
}

static void
grade_ae(struct run *r, crm_stmt *st)
{
	static const char *const names[] = { "A", "B", "C", "D", "E" };
	char metric[32];
	int64_t bp;
	int i;

	r->pos++;
	if (crm_col_null(st, 4)) {
		emit(r, st, NULL, NULL, NULL, NULL);
		return;
	}
	bp = crm_col_int(st, 4);
	bp_text(bp, metric);
	for (i = 0; i < 4 && bp < r->ae[i] * 100; i++)
		;
	emit(r, st, metric, NULL, NULL, names[i]);
}

static void
grade_activity(struct run *r, crm_stmt *st)
{
	struct crm_date first, last;
	long asof = crm_date_days(r->g->as_of), since;
	const char *grade;
	char metric[32];

	if (crm_col_null(st, 4)) {
		emit(r, st, NULL, NULL, NULL, "potential");
		return;
	}
	crm_date_parse(crm_col_text(st, 4), &first);
	crm_date_parse(crm_col_text(st, 5), &last);
	since = asof - crm_date_days(last);
	snprintf(metric, sizeof metric, "%ld", since);
	if (asof - crm_date_days(first) < r->new_days)
		grade = "new";
	else if (since >= r->churn_days)
		grade = "churned";
	else if (crm_col_int(st, 6) >= 3)
		grade = "loyal";
	else
		grade = "general";
	emit(r, st, metric, NULL, NULL, grade);
}

static void
grade_rfm(struct run *r, crm_stmt *st)
{
	char metric[8];
	int R, F, M;

	if (crm_col_null(st, 4)) {
		emit(r, st, NULL, NULL, NULL, "inactive");
		return;
	}
	R = (int)crm_col_int(st, 4);
	F = (int)crm_col_int(st, 5);
	M = (int)crm_col_int(st, 6);
	snprintf(metric, sizeof metric, "%d%d%d", R, F, M);
	emit(r, st, metric, NULL, NULL, segments[R][F]);
}

static void
grade_vip(struct run *r, crm_stmt *st)
{
	int64_t fewest = crm_col_int(st, 4);
	char metric[32];

	snprintf(metric, sizeof metric, "%lld", (long long)fewest);
	emit(r, st, metric, NULL, NULL, fewest >= r->per_month ? "vip" : "regular");
}

/* The primary scheme (grade.primary): what customers.grade holds. */
enum crm_scheme
crm_grade_primary(crm_store *s)
{
	char *v = crm_config_get(s, "grade.primary");
	int k = crm_scheme_parse(v);

	free(v);
	return k < 0 ? CRM_SCHEME_ABC : (enum crm_scheme)k;
}

/* Write one decision for customer id: the grade (and its metric), a
** history row when it changed, customers.grade for the primary scheme,
** and no pending change left for it. */
static void
write_grade(crm_store *s, int64_t id, enum crm_scheme k, bool primary,
    const char *period, const char *old, const char *new, const char *metric,
    const char *approver, const char *event, const char *now)
{
	crm_stmt *st = crm_sql_cached(s, "INSERT INTO grades(customer_id, scheme,"
	    " grade, metric, period, graded_at) VALUES (?, ?, ?, ?, ?, ?)"
	    " ON CONFLICT (customer_id, scheme) DO UPDATE SET grade = excluded.grade,"
	    " metric = excluded.metric, period = excluded.period,"
	    " graded_at = excluded.graded_at");

	crm_bind_int(st, 1, id);
	crm_bind_static(st, 2, scheme_names[k]);
	crm_bind_text(st, 3, new);
	crm_bind_text(st, 4, metric);
	crm_bind_text(st, 5, period);
	crm_bind_text(st, 6, now);
	if (crm_sql_step(s, st) != CRM_DONE)
		crm_store_fail(s, "grade");
	crm_sql_reset(st);
	if (!old || strcmp(old, new)) {
		st = crm_sql_cached(s, "INSERT INTO grade_history(customer_id, scheme,"
		    " period, old_grade, new_grade, metric, event, actor, approver, at)"
		    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
		crm_bind_int(st, 1, id);
		crm_bind_static(st, 2, scheme_names[k]);
		crm_bind_text(st, 3, period);
		crm_bind_text(st, 4, old);
		crm_bind_text(st, 5, new);
		crm_bind_text(st, 6, metric);
		crm_bind_static(st, 7, event);
		crm_bind_text(st, 8, crm_store_actor(s));
		crm_bind_text(st, 9, approver);
		crm_bind_text(st, 10, now);
		if (crm_sql_step(s, st) != CRM_DONE)
			crm_store_fail(s, "grade history");
		crm_sql_reset(st);
		if (primary) {
			st = crm_sql_cached(s, "UPDATE customers SET grade = ?, updated_at = ?"
			    " WHERE id = ?");
			crm_bind_text(st, 1, new);
			crm_bind_text(st, 2, now);
			crm_bind_int(st, 3, id);
			if (crm_sql_step(s, st) != CRM_DONE)
				crm_store_fail(s, "grade");
			crm_sql_reset(st);
			crm_history(s, id, "grade", old, new);
		}
	}
}

/* Keep (replace) the pending change of customer id in scheme k. */
static void
write_pending(crm_store *s, int64_t id, enum crm_scheme k, const char *period,
    const char *old, const char *new, const char *metric, const char *now)
{
	crm_stmt *st = crm_sql_cached(s, "INSERT INTO grade_pending(customer_id,"
	    " scheme, period, old_grade, new_grade, metric, since, requested_by)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (customer_id, scheme)"
	    " DO UPDATE SET period = excluded.period, old_grade = excluded.old_grade,"
	    " new_grade = excluded.new_grade, metric = excluded.metric,"
	    " since = CASE WHEN grade_pending.new_grade = excluded.new_grade"
	    " THEN grade_pending.since ELSE excluded.since END,"
	    " requested_by = excluded.requested_by");

	crm_bind_int(st, 1, id);
	crm_bind_static(st, 2, scheme_names[k]);
	crm_bind_text(st, 3, period);
	crm_bind_text(st, 4, old);
	crm_bind_text(st, 5, new);
	crm_bind_text(st, 6, metric);
	crm_bind_text(st, 7, now);
	crm_bind_text(st, 8, crm_store_actor(s));
	if (crm_sql_step(s, st) != CRM_DONE)
		crm_store_fail(s, "pending grade");
	crm_sql_reset(st);
}

static void
drop_pending(crm_store *s, int64_t id, enum crm_scheme k)
{
	crm_stmt *st = crm_sql_cached(s, "DELETE FROM grade_pending"
	    " WHERE customer_id = ? AND scheme = ?");

	crm_bind_int(st, 1, id);
	crm_bind_static(st, 2, scheme_names[k]);
	if (crm_sql_step(s, st) != CRM_DONE)
		crm_store_fail(s, "pending grade");
	crm_sql_reset(st);
}

/* --apply: the decisions kept in grade_run, written. */
static void
apply(struct run *r)
{
	struct crm_grading *g = r->g;
	crm_stmt *st;
	bool primary = crm_grade_primary(r->s) == g->scheme, any_pending;
	long long n = 0;

	st = crm_sql_prepare(r->s, "SELECT count(*) FROM grade_pending WHERE scheme = ?");
	crm_bind_static(st, 1, scheme_names[g->scheme]);
	any_pending = crm_sql_step(r->s, st) == CRM_ROW && crm_col_int(st, 0) > 0;
	crm_sql_finalize(st);
	st = crm_sql_prepare(r->s, "SELECT customer_id, old_grade, new_grade, metric,"
	    " pending FROM grade_run ORDER BY customer_id");
	while (crm_sql_step(r->s, st) == CRM_ROW) {
		int64_t id = crm_col_int(st, 0);
		const char *old = crm_col_text(st, 1), *new = crm_col_text(st, 2);
		const char *metric = crm_col_text(st, 3);

		if (crm_col_int(st, 4) == 1) {
			write_pending(r->s, id, g->scheme, g->period, old, new, metric, r->now);
		} else {
			write_grade(r->s, id, g->scheme, primary, g->period, old, new, metric,
			    g->approver, crm_col_int(st, 4) == 2 ? "approved" : "graded", r->now);
			if (any_pending)
				drop_pending(r->s, id, g->scheme);
		}
		if (g->progress && ++n % 65536 == 0)
			crm_progress("grades written", n, g->graded);
	}
	crm_sql_finalize(st);
	crm_sql_exec(r->s, "DROP TABLE grade_run");
}

/* Grade every customer by g->scheme over g->from..g->as_of (see
** crm_grade_check), printing the rows to w (NULL: none); with g->apply,
** write the grades, the history and the pending changes, inside the
** caller's transaction. */
void
crm_grade_run(crm_store *s, struct crm_grading *g, crm_out *w)
{
	static const char *const sql[CRM_SCHEME_COUNT] = {
		[CRM_SCHEME_ABC] = net_sql, [CRM_SCHEME_PARETO] = net_sql,
		[CRM_SCHEME_VALUE] = net_sql, [CRM_SCHEME_AE] = ae_sql,
		[CRM_SCHEME_ACTIVITY] = activity_sql, [CRM_SCHEME_RFM] = rfm_sql,
		[CRM_SCHEME_VIP] = vip_sql,
	};
	struct run r = { .s = s, .g = g, .w = w };
	struct crm_date from = g->from, to = g->as_of;
	char a[11], b[11], c[11];
	crm_stmt *st;
	char *now = crm_now();
	int months = 0;

	snprintf(r.now, sizeof r.now, "%s", now);
	free(now);
	cuts(s, "grade.abc.split", r.split, 3);
	cuts(s, "grade.pareto.cut", r.pareto, 2);
	cuts(s, "grade.value.cut", r.value, 2);
	cuts(s, "grade.ae.cut", r.ae, 4);
	r.new_days = number(s, "grade.activity.new_days");
	r.churn_days = number(s, "grade.activity.churn_days");
	r.per_month = number(s, "grade.vip.per_month");
	if (g->scheme == CRM_SCHEME_VIP)
		whole_months(g->from, g->as_of, &from, &to, &months);
	crm_date_format(from, a);
	crm_date_format(to, b);
	if (g->progress) {
		st = crm_sql_prepare(s, "SELECT count(*) FROM customers c WHERE" GRADED);
		if (crm_sql_step(s, st) == CRM_ROW)
			g->total = crm_col_int(st, 0);
		crm_sql_finalize(st);
		/* the query sorts before its first row: say so meanwhile */
		crm_progress("customers graded", 0, g->total);
	}
	if (g->apply)
		crm_sql_exec(s, "CREATE TEMP TABLE grade_run (customer_id INTEGER,"
		    " old_grade TEXT, new_grade TEXT, metric TEXT, pending INTEGER)");
	crm_output_personal();
	st = crm_sql_prepare(s, sql[g->scheme]);
	crm_bind_text(st, 1, a);
	crm_bind_text(st, 2, b);
	crm_bind_static(st, 3, scheme_names[g->scheme]);
	crm_bind_int(st, 4, crm_grade_primary(s) == g->scheme);
	switch (g->scheme) {
	case CRM_SCHEME_AE:
		crm_date_format(g->to, c);
		crm_bind_text(st, 5, c);
		break;
	case CRM_SCHEME_ACTIVITY: {
		/* the first day of the quarter three before the as-of's */
		int q = (g->as_of.m - 1) / 3, y = g->as_of.y;

		q -= 3;
		if (q < 0)
			q += 4, y--;
		crm_date_format((struct crm_date){ y, q * 3 + 1, 1 }, c);
		crm_bind_text(st, 5, c);
		break;
	}
	case CRM_SCHEME_VIP:
		crm_bind_int(st, 5, months);
		break;
	default:
		break;
	}
	while (crm_sql_step(s, st) == CRM_ROW) {
		switch (g->scheme) {
		case CRM_SCHEME_ABC: case CRM_SCHEME_PARETO: case CRM_SCHEME_VALUE:
			grade_net(&r, st);
			break;
		case CRM_SCHEME_AE: grade_ae(&r, st); break;
		case CRM_SCHEME_ACTIVITY: grade_activity(&r, st); break;
		case CRM_SCHEME_RFM: grade_rfm(&r, st); break;
		case CRM_SCHEME_VIP: grade_vip(&r, st); break;
		case CRM_SCHEME_COUNT: break;
		}
	}
	crm_sql_finalize(st);
	if (g->apply)
		apply(&r);
	if (g->progress)
		crm_progress(NULL, 0, 0);
}

const struct crm_col crm_pending_cols[CRM_PENDING_NCOLS] = {
	{ "id", CRM_COL_INT }, { "code", CRM_COL_TEXT }, { "name", CRM_COL_TEXT },
	{ "scheme", CRM_COL_TEXT }, { "period", CRM_COL_TEXT },
	{ "old_grade", CRM_COL_TEXT }, { "new_grade", CRM_COL_TEXT },
	{ "since", CRM_COL_TIME },
};

/* The changes that wait for approval: of customer id (0: all), of
** scheme k (-1: all); by customer, scheme. */
crm_rows *
crm_grade_pending(crm_store *s, int64_t id, int k)
{
	crm_stmt *st = crm_sql_preparef(s, "SELECT c.id, c.code, c.name, p.scheme,"
	    " p.period, p.old_grade, p.new_grade, p.since FROM grade_pending p"
	    " JOIN customers c ON c.id = p.customer_id"
	    " WHERE {} AND (?2 IS NULL OR p.scheme = ?2)"
	    " ORDER BY c.id, p.scheme", CRM_SQL_KEY(id, "p.customer_id", "?1"));

	crm_output_personal();
	crm_bind_int(st, 1, id);
	crm_bind_text(st, 2, k >= 0 ? scheme_names[k] : NULL);
	return crm_rows_new(s, st);
}

/* Approve (approver given) or reject (reason given) the pending changes
** of customer id (0: all) in scheme k (-1: all), inside the caller's
** transaction.  An approved change is applied against the grade the
** customer has now; a rejected one is dropped, and both are kept in the
** history.  Returns how many there were. */
long long
crm_grade_decide(crm_store *s, int64_t id, int k, const char *approver,
    const char *reason)
{
	crm_stmt *st = crm_sql_preparef(s, "SELECT p.customer_id, p.scheme, p.period,"
	    " p.new_grade, p.metric, c.grade, g.grade FROM grade_pending p"
	    " JOIN customers c ON c.id = p.customer_id"
	    " LEFT JOIN grades g ON g.customer_id = p.customer_id AND g.scheme = p.scheme"
	    " WHERE {} AND (?2 IS NULL OR p.scheme = ?2)"
	    " ORDER BY p.customer_id, p.scheme", CRM_SQL_KEY(id, "p.customer_id", "?1"));
	enum crm_scheme primary = crm_grade_primary(s);
	char *now = crm_now();
	long long n = 0;

	crm_bind_int(st, 1, id);
	crm_bind_text(st, 2, k >= 0 ? scheme_names[k] : NULL);
	crm_sql_exec(s, "CREATE TEMP TABLE grade_decided (customer_id INTEGER,"
	    " scheme TEXT, period TEXT, old_grade TEXT, new_grade TEXT, metric TEXT)");
	while (crm_sql_step(s, st) == CRM_ROW) {
		crm_stmt *ins = crm_sql_cached(s, "INSERT INTO grade_decided VALUES"
		    " (?, ?, ?, ?, ?, ?)");
		int sk = crm_scheme_parse(crm_col_text(st, 1));

		crm_bind_int(ins, 1, crm_col_int(st, 0));
		crm_bind_text(ins, 2, crm_col_text(st, 1));
		crm_bind_text(ins, 3, crm_col_text(st, 2));
		crm_bind_text(ins, 4, crm_col_text(st, sk == (int)primary ? 5 : 6));
		crm_bind_text(ins, 5, crm_col_text(st, 3));
		crm_bind_text(ins, 6, crm_col_text(st, 4));
		if (crm_sql_step(s, ins) != CRM_DONE)
			crm_store_fail(s, "grade");
		crm_sql_reset(ins);
	}
	crm_sql_finalize(st);
	st = crm_sql_prepare(s, "SELECT customer_id, scheme, period, old_grade,"
	    " new_grade, metric FROM grade_decided");
	while (crm_sql_step(s, st) == CRM_ROW) {
		int64_t cid = crm_col_int(st, 0);
		enum crm_scheme sk = (enum crm_scheme)crm_scheme_parse(crm_col_text(st, 1));
		const char *old = crm_col_text(st, 3), *new = crm_col_text(st, 4);

		if (approver) {
			write_grade(s, cid, sk, sk == primary, crm_col_text(st, 2), old, new,
			    crm_col_text(st, 5), approver, "approved", now);
		} else {
			crm_stmt *h = crm_sql_cached(s, "INSERT INTO grade_history(customer_id,"
			    " scheme, period, old_grade, new_grade, metric, event, actor,"
			    " reason, at) VALUES (?, ?, ?, ?, ?, ?, 'rejected', ?, ?, ?)");

			crm_bind_int(h, 1, cid);
			crm_bind_static(h, 2, scheme_names[sk]);
			crm_bind_text(h, 3, crm_col_text(st, 2));
			crm_bind_text(h, 4, old);
			crm_bind_text(h, 5, new);
			crm_bind_text(h, 6, crm_col_text(st, 5));
			crm_bind_text(h, 7, crm_store_actor(s));
			crm_bind_text(h, 8, reason);
			crm_bind_text(h, 9, now);
			if (crm_sql_step(s, h) != CRM_DONE)
				crm_store_fail(s, "grade history");
			crm_sql_reset(h);
		}
		drop_pending(s, cid, sk);
		n++;
	}
	crm_sql_finalize(st);
	crm_sql_exec(s, "DROP TABLE grade_decided");
	free(now);
	return n;
}

const struct crm_col crm_grade_show_cols[CRM_GRADE_SHOW_NCOLS] = {
	{ "scheme", CRM_COL_TEXT }, { "grade", CRM_COL_TEXT },
	{ "metric", CRM_COL_TEXT }, { "period", CRM_COL_TEXT },
	{ "graded_at", CRM_COL_TIME }, { "pending", CRM_COL_TEXT },
};

/* Customer id's grade in every scheme it has one, with the change that
** waits for approval; in scheme order. */
crm_rows *
crm_grade_of(crm_store *s, int64_t id)
{
	crm_stmt *st = crm_sql_prepare(s, "SELECT k.scheme, g.grade, g.metric,"
	    " g.period, g.graded_at, p.new_grade FROM (SELECT scheme FROM grades"
	    " WHERE customer_id = ?1 UNION SELECT scheme FROM grade_pending"
	    " WHERE customer_id = ?1) k"
	    " LEFT JOIN grades g ON g.customer_id = ?1 AND g.scheme = k.scheme"
	    " LEFT JOIN grade_pending p ON p.customer_id = ?1 AND p.scheme = k.scheme"
	    " ORDER BY CASE k.scheme WHEN 'abc' THEN 1 WHEN 'pareto' THEN 2"
	    " WHEN 'value' THEN 3 WHEN 'ae' THEN 4 WHEN 'activity' THEN 5"
	    " WHEN 'rfm' THEN 6 WHEN 'vip' THEN 7 ELSE 8 END, k.scheme");

	crm_bind_int(st, 1, id);
	return crm_rows_new(s, st);
}

const struct crm_col crm_grade_history_cols[CRM_GRADE_HISTORY_NCOLS] = {
	{ "at", CRM_COL_TIME }, { "scheme", CRM_COL_TEXT }, { "period", CRM_COL_TEXT },
	{ "old_grade", CRM_COL_TEXT }, { "new_grade", CRM_COL_TEXT },
	{ "metric", CRM_COL_TEXT }, { "event", CRM_COL_TEXT },
	{ "actor", CRM_COL_TEXT }, { "approver", CRM_COL_TEXT },
	{ "reason", CRM_COL_TEXT },
};

/* Customer id's grade history, oldest first. */
crm_rows *
crm_grade_history(crm_store *s, int64_t id)
{
	crm_stmt *st = crm_sql_prepare(s, "SELECT at, scheme, period, old_grade,"
	    " new_grade, metric, event, actor, approver, reason FROM grade_history"
	    " WHERE customer_id = ? ORDER BY id");

	crm_bind_int(st, 1, id);
	return crm_rows_new(s, st);
}

/* An SQL expression over col that orders scheme k's grades best first
** (unknown grades after them), for reports; a static string. */
const char *
crm_grade_order_sql(enum crm_scheme k, const char *col)
{
	static char buf[CRM_SCHEME_COUNT][512];
	const char *const *sc = scales[k];
	size_t n;
	int i;

	if (!sc)
		return "''";        /* a constant: a bare 0 would name a column */
	n = (size_t)snprintf(buf[k], sizeof buf[k], "CASE %s", col);
	for (i = 0; sc[i]; i++)
		n += (size_t)snprintf(buf[k] + n, sizeof buf[k] - n, " WHEN '%s' THEN %d", sc[i], i);
	snprintf(buf[k] + n, sizeof buf[k] - n, " ELSE %d END", i);
	return buf[k];
}
