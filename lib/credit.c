/*
** credit.c — credit limits, receivables, aging and the blacklist (SPEC
** 3.6, seed 000 信用管理: a blacklist for anything more than 90 days past
** due; 集团客户统一授信, one limit over a parent and its subsidiaries).
**
** The receivable of a customer is the sum of its ledger amounts (sales
** positive, returns and payments negative), read from the covering index
** sales_customer.  Aging settles first in, first out: each sale is what
** is left of it after its returns, and the customer's payments settle
** the sales with the oldest due date first; what is left of a sale falls
** in a bucket by the days from its due date to the as-of date (a sale
** due on the as-of date is not due yet).
**
** A group limit on customer G caps the receivables of G and every
** customer whose parent chain leads to G, together; a customer is under
** the group limit of every ancestor (itself included) that has one.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define MONEY(c) CRM_SQL_MONEY(c)

static int64_t
config_money(crm_store *s, const char *key)
{
	char *v = crm_config_get(s, key);
	int64_t fen = 0;

	crm_money_parse(v, &fen);
	free(v);
	return fen;
}

static long
config_days(crm_store *s, const char *key)
{
	char *v = crm_config_get(s, key);
	long n = strtol(v, NULL, 10);

	free(v);
	return n;
}

/* Set customer id's own limit (and terms, when terms >= 0), or with
** group its group limit; inside the caller's transaction. */
void
crm_credit_set(crm_store *s, int64_t id, int64_t limit, int terms, bool group)
{
	crm_stmt *st = crm_sql_prepare(s, group ?
	    "INSERT INTO credit(customer_id, group_limit, set_at, set_by) VALUES (?1, ?2, ?4, ?5)"
	    " ON CONFLICT (customer_id) DO UPDATE SET group_limit = excluded.group_limit,"
	    " set_at = excluded.set_at, set_by = excluded.set_by" :
	    "INSERT INTO credit(customer_id, credit_limit, terms, set_at, set_by)"
	    " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (customer_id) DO UPDATE SET"
	    " credit_limit = excluded.credit_limit,"
	    " terms = coalesce(excluded.terms, credit.terms),"
	    " set_at = excluded.set_at, set_by = excluded.set_by");
	char *now = crm_now();

	crm_bind_int(st, 1, id);
	crm_bind_int(st, 2, limit);
	if (terms >= 0)
		crm_bind_int(st, 3, terms);
	else
		crm_bind_null(st, 3);
	crm_bind_text(st, 4, now);
	crm_bind_text(st, 5, crm_store_actor(s));
	if (crm_sql_step(s, st) != CRM_DONE)
		crm_store_fail(s, "credit");
	crm_sql_finalize(st);
	free(now);
}

/* Customer id's credit terms in days, or -1 when it has none of its own. */
int
crm_credit_terms(crm_store *s, int64_t id)
{
	crm_stmt *st = crm_sql_cached(s, "SELECT terms FROM credit WHERE customer_id = ?");
	int t = -1;

	crm_bind_int(st, 1, id);
	if (crm_sql_step(s, st) == CRM_ROW && !crm_col_null(st, 0))
		t = (int)crm_col_int(st, 0);
	crm_sql_reset(st);
	return t;
}

/* The receivables of customer id (group: and of every customer whose
** parent chain leads to it). */
static int64_t
receivable(crm_store *s, int64_t id, bool group)
{
	crm_stmt *st = crm_sql_prepare(s, group ?
	    "WITH RECURSIVE d(id) AS (SELECT ?1 UNION SELECT c.id FROM customers c"
	    " JOIN d ON c.parent = d.id) SELECT coalesce(sum(x.amount), 0) FROM d"
	    " JOIN sales x ON x.customer_id = d.id WHERE x.voided_at IS NULL" :
	    "SELECT coalesce(sum(amount), 0) FROM sales WHERE customer_id = ?1"
	    " AND voided_at IS NULL");
	int64_t v = 0;

	crm_bind_int(st, 1, id);
	if (crm_sql_step(s, st) == CRM_ROW)
		v = crm_col_int(st, 0);
	crm_sql_finalize(st);
	return v;
}

/* Whether customer id is on the blacklist at day (its entry has no end,
** or ends on or after day); *reason its reason. */
static bool
listed(crm_store *s, int64_t id, const char *day, char **reason)
{
	crm_stmt *st = crm_sql_prepare(s, "SELECT reason, since FROM credit_blacklist"
	    " WHERE customer_id = ? AND (until IS NULL OR until >= ?)");
	bool on = false;

	crm_bind_int(st, 1, id);
	crm_bind_text(st, 2, day);
	if (crm_sql_step(s, st) == CRM_ROW) {
		on = true;
		if (reason)
			*reason = crm_xasprintf("blacklisted since %s: %s", crm_col_text(st, 1),
			    crm_col_text(st, 0));
	}
	crm_sql_finalize(st);
	return on;
}

const struct crm_col crm_check_cols[CRM_CHECK_NCOLS] = {
	{ "customer_id", CRM_COL_INT }, { "code", CRM_COL_TEXT }, { "name", CRM_COL_TEXT },
	{ "amount", CRM_COL_MONEY }, { "receivable", CRM_COL_MONEY },
	{ "limit", CRM_COL_MONEY }, { "group_receivable", CRM_COL_MONEY },
	{ "group_limit", CRM_COL_MONEY }, { "result", CRM_COL_TEXT },
	{ "reason", CRM_COL_TEXT },
};

/* May customer id take an order of amount more at day?  Fills r (its
** text fields owned by r; crm_credit_check_clear) and returns r->ok. */
bool
crm_credit_check(crm_store *s, int64_t id, int64_t amount, const char *day,
    struct crm_credit_check *r)
{
	crm_stmt *st = crm_sql_prepare(s, "WITH RECURSIVE up(id, depth) AS"
	    " (SELECT ?1, 0 UNION ALL SELECT c.parent, up.depth + 1 FROM customers c"
	    " JOIN up ON c.id = up.id WHERE c.parent IS NOT NULL AND up.depth < 64)"
	    " SELECT up.id, k.group_limit FROM up JOIN credit k ON k.customer_id = up.id"
	    " WHERE k.group_limit IS NOT NULL ORDER BY up.depth");
	char a[32], b[32];

	memset(r, 0, sizeof *r);
	r->receivable = receivable(s, id, false);
	r->limit = config_money(s, "credit.default_limit");
	r->group_id = 0;
	r->group_limit = r->group_receivable = -1;
	{
		crm_stmt *l = crm_sql_prepare(s, "SELECT credit_limit FROM credit"
		    " WHERE customer_id = ? AND credit_limit IS NOT NULL");

		crm_bind_int(l, 1, id);
		if (crm_sql_step(s, l) == CRM_ROW)
			r->limit = crm_col_int(l, 0);
		crm_sql_finalize(l);
	}
	r->ok = true;
	if (listed(s, id, day, &r->reason)) {
		r->ok = false;
	} else if (r->receivable + amount > r->limit) {
		crm_money_format(r->receivable + amount, a);
		crm_money_format(r->limit, b);
		r->reason = crm_xasprintf("receivable would be %s, over the limit %s", a, b);
		r->ok = false;
	}
	/* every group up the parent chain: the first one exceeded is named,
	** the nearest one is shown */
	crm_bind_int(st, 1, id);
	while (crm_sql_step(s, st) == CRM_ROW) {
		int64_t g = crm_col_int(st, 0), gl = crm_col_int(st, 1);
		int64_t gr = receivable(s, g, true);

		if (!r->group_id) {
			r->group_id = g;
			r->group_limit = gl;
			r->group_receivable = gr;
		}
		if (r->ok && gr + amount > gl) {
			crm_money_format(gr + amount, a);
			crm_money_format(gl, b);
			r->reason = crm_xasprintf("the group of customer %lld would owe %s,"
			    " over its group limit %s", (long long)g, a, b);
			r->ok = false;
			r->group_id = g;
			r->group_limit = gl;
			r->group_receivable = gr;
		}
	}
	crm_sql_finalize(st);
	return r->ok;
}

void
crm_credit_check_clear(struct crm_credit_check *r)
{
	free(r->reason);
	r->reason = NULL;
}

/* ---- aging: first in, first out ---- */

/* The aging of every customer that owes something at as_of (or only
** customer id), by id: f(ctx, aging) for each. */
void
crm_credit_aging_each(crm_store *s, struct crm_date as_of, int64_t only,
    const struct crm_report_args *filter,
    void (*f)(void *ctx, const struct crm_aging *a), void *ctx)
{
	struct crm_buf q = { 0 }, p = { 0 };
	crm_stmt *sales, *pays;

	/* each sale as what is left after its returns, oldest due first;
	** only the customers of a report's filters when given */
	crm_buf_adds(&q, "SELECT x.customer_id, x.due_date, x.date,"
	    " x.amount + coalesce((SELECT sum(r.amount) FROM sales r WHERE r.sale_id = x.id"
	    " AND r.voided_at IS NULL AND r.date <= ?1), 0)"
	    " FROM sales x JOIN customers c ON c.id = x.customer_id"
	    " WHERE x.kind = 'sale' AND x.voided_at IS NULL AND x.date <= ?1"
	    " AND ");
	crm_buf_adds(&q, CRM_SQL_KEY(only, "x.customer_id", "?2"));
	crm_buf_adds(&p, "SELECT x.customer_id, -sum(x.amount) FROM sales x"
	    " JOIN customers c ON c.id = x.customer_id"
	    " WHERE x.kind = 'payment' AND x.voided_at IS NULL AND x.date <= ?1 AND ");
	crm_buf_adds(&p, CRM_SQL_KEY(only, "x.customer_id", "?2"));
	if (filter) {
		crm_buf_adds(&q, " AND c.status <> 'deleted'");
		crm_buf_adds(&p, " AND c.status <> 'deleted'");
		crm_report_filter_sql(filter, &q);
		crm_report_filter_sql(filter, &p);
	}
	crm_buf_adds(&q, " ORDER BY x.customer_id, coalesce(x.due_date, x.date), x.date, x.id");
	crm_buf_adds(&p, " GROUP BY x.customer_id ORDER BY x.customer_id");
	sales = crm_sql_prepare(s, q.s);
	pays = crm_sql_prepare(s, p.s);
	crm_buf_free(&q);
	crm_buf_free(&p);
	if (filter) {
		crm_report_filter_bind(sales, filter);
		crm_report_filter_bind(pays, filter);
	}
	long asof = crm_date_days(as_of);
	bool more_sale, more_pay;
	int64_t pay_left = 0;
	struct crm_aging a;
	char day[11];

	crm_date_format(as_of, day);
	crm_bind_text(sales, 1, day);
	crm_bind_int(sales, 2, only);
	crm_bind_text(pays, 1, day);
	crm_bind_int(pays, 2, only);
	more_sale = crm_sql_step(s, sales) == CRM_ROW;
	more_pay = crm_sql_step(s, pays) == CRM_ROW;
	while (more_sale) {
		int64_t id = crm_col_int(sales, 0), credit = 0;

		memset(&a, 0, sizeof a);
		a.customer_id = id;
		/* this customer's payments (the two streams go by customer) */
		while (more_pay && crm_col_int(pays, 0) < id)
			more_pay = crm_sql_step(s, pays) == CRM_ROW;
		if (more_pay && crm_col_int(pays, 0) == id)
			credit = crm_col_int(pays, 1);
		pay_left = credit;
		for (; more_sale && crm_col_int(sales, 0) == id;
		    more_sale = crm_sql_step(s, sales) == CRM_ROW) {
			int64_t open = crm_col_int(sales, 3), settled;
			struct crm_date due;
			long late;

			settled = pay_left < open ? pay_left : open;
			if (settled > 0) {
				open -= settled;
				pay_left -= settled;
			}
			if (open <= 0)
				continue;
			crm_date_parse(crm_col_null(sales, 1) ? crm_col_text(sales, 2) :
			    crm_col_text(sales, 1), &due);
			late = asof - crm_date_days(due);
			a.receivable += open;
			if (late <= 0) {
				a.bucket[0] += open;
				continue;
			}
			a.overdue += open;
			a.bucket[late <= 30 ? 1 : late <= 60 ? 2 : late <= 90 ? 3 : 4] += open;
			if (late > a.oldest_days)
				a.oldest_days = late;
		}
		/* payments beyond every sale: a credit balance, owing nothing */
		a.receivable -= pay_left > 0 ? pay_left : 0;
		if (a.receivable > 0 || a.overdue > 0)
			f(ctx, &a);
	}
	crm_sql_finalize(sales);
	crm_sql_finalize(pays);
}

const struct crm_col crm_aging_cols[CRM_AGING_NCOLS] = {
	{ "id", CRM_COL_INT }, { "code", CRM_COL_TEXT }, { "name", CRM_COL_TEXT },
	{ "receivable", CRM_COL_MONEY }, { "not_due", CRM_COL_MONEY },
	{ "d1_30", CRM_COL_MONEY }, { "d31_60", CRM_COL_MONEY },
	{ "d61_90", CRM_COL_MONEY }, { "over_90", CRM_COL_MONEY },
};

struct aging_out {
	crm_store *s;
	crm_out *w;
	struct crm_aging total;
	long long rows;
	crm_stmt *who;
};

static void
aging_row(struct aging_out *o, const struct crm_aging *a, bool total)
{
	char m[6][32], idtext[24];
	const char *v[CRM_AGING_NCOLS];
	int i;

	if (total) {
		v[0] = "total";
		v[1] = v[2] = NULL;
	} else {
		snprintf(idtext, sizeof idtext, "%lld", (long long)a->customer_id);
		crm_bind_int(o->who, 1, a->customer_id);
		crm_sql_step(o->s, o->who);
		v[0] = idtext;
		v[1] = crm_col_text(o->who, 0);
		v[2] = crm_col_text(o->who, 1);
	}
	crm_money_format(a->receivable, m[0]);
	v[3] = m[0];
	for (i = 0; i < 5; i++) {
		crm_money_format(a->bucket[i], m[i + 1]);
		v[4 + i] = m[i + 1];
	}
	crm_out_row(o->w, v);
	if (!total)
		crm_sql_reset(o->who);
}

static void
aging_each(void *ctx, const struct crm_aging *a)
{
	struct aging_out *o = ctx;
	int i;

	aging_row(o, a, false);
	o->total.receivable += a->receivable;
	for (i = 0; i < 5; i++)
		o->total.bucket[i] += a->bucket[i];
	o->rows++;
}

/* The aging table at as_of (customers who owe something, then a total
** row; only those of a report's filters when given) printed to w;
** returns the rows printed. */
long long
crm_credit_aging(crm_store *s, struct crm_date as_of, const struct crm_report_args *filter,
    crm_out *w)
{
	struct aging_out o = { .s = s, .w = w };

	crm_output_personal();
	o.who = crm_sql_prepare(s, "SELECT code, name FROM customers WHERE id = ?");
	crm_credit_aging_each(s, as_of, 0, filter, aging_each, &o);
	crm_sql_finalize(o.who);
	aging_row(&o, &o.total, true);
	return o.rows + 1;
}

/* ---- the list ---- */

const struct crm_col crm_credit_cols[CRM_CREDIT_NCOLS] = {
	{ "id", CRM_COL_INT }, { "code", CRM_COL_TEXT }, { "name", CRM_COL_TEXT },
	{ "limit", CRM_COL_MONEY }, { "terms", CRM_COL_INT },
	{ "receivable", CRM_COL_MONEY }, { "overdue", CRM_COL_MONEY },
	{ "available", CRM_COL_MONEY }, { "group_id", CRM_COL_INT },
	{ "group_limit", CRM_COL_MONEY }, { "group_receivable", CRM_COL_MONEY },
	{ "status", CRM_COL_TEXT },
};

struct aged { crm_store *s; crm_stmt *ins; };

static void
overdue_into(void *ctx, const struct crm_aging *a)
{
	struct aged *x = ctx;

	crm_bind_int(x->ins, 1, a->customer_id);
	crm_bind_int(x->ins, 2, a->overdue);
	crm_bind_int(x->ins, 3, a->oldest_days);
	if (crm_sql_step(x->s, x->ins) != CRM_DONE)
		crm_store_fail(x->s, "aging");
	crm_sql_reset(x->ins);
}

/* The aging of every customer (of a report's filters when given) into
** the temporary table credit_aged (customer_id, overdue, days): what is
** past due at as_of, for queries that join it. */
void
crm_credit_aged_table(crm_store *s, struct crm_date as_of,
    const struct crm_report_args *filter)
{
	struct aged x = { .s = s };

	crm_sql_exec(s, "DROP TABLE IF EXISTS credit_aged;"
	    " CREATE TEMP TABLE credit_aged (customer_id INTEGER PRIMARY KEY,"
	    " overdue INTEGER, days INTEGER)");
	x.ins = crm_sql_prepare(s, "INSERT INTO credit_aged VALUES (?, ?, ?)");
	crm_credit_aging_each(s, as_of, 0, filter, overdue_into, &x);
	crm_sql_finalize(x.ins);
}

/* Every customer with a limit or a receivable: its credit, at as_of. */
crm_rows *
crm_credit_list(crm_store *s, struct crm_date as_of)
{
	crm_stmt *st;

	crm_credit_aged_table(s, as_of, NULL);
	crm_output_personal();
	st = crm_sql_prepare(s, "WITH RECURSIVE r AS (SELECT customer_id, sum(amount) AS owed"
	    " FROM sales WHERE voided_at IS NULL AND date <= ?3 GROUP BY customer_id),"
	    " up(id, anc, depth) AS (SELECT id, id, 0 FROM customers"
	    " UNION ALL SELECT up.id, c.parent, up.depth + 1 FROM up"
	    " JOIN customers c ON c.id = up.anc WHERE c.parent IS NOT NULL AND up.depth < 64),"
	    " g AS (SELECT up.id, up.anc, k.group_limit, row_number() OVER"
	    " (PARTITION BY up.id ORDER BY up.depth) AS n FROM up"
	    " JOIN credit k ON k.customer_id = up.anc WHERE k.group_limit IS NOT NULL),"
	    " grp AS (SELECT id, anc, group_limit FROM g WHERE n = 1),"
	    " members(root, id) AS (SELECT customer_id, customer_id FROM credit"
	    " WHERE group_limit IS NOT NULL UNION SELECT m.root, c.id FROM customers c"
	    " JOIN members m ON c.parent = m.id),"
	    " gr AS (SELECT m.root, coalesce(sum(r.owed), 0) AS owed FROM members m"
	    " LEFT JOIN r ON r.customer_id = m.id GROUP BY m.root)"
	    " SELECT c.id, c.code, c.name, " MONEY("coalesce(k.credit_limit, ?1)") ","
	    " coalesce(k.terms, ?2), " MONEY("coalesce(r.owed, 0)") ","
	    " " MONEY("coalesce(a.overdue, 0)") ","
	    " " MONEY("coalesce(k.credit_limit, ?1) - coalesce(r.owed, 0)") ","
	    " grp.anc, " MONEY("grp.group_limit") ", " MONEY("gr.owed") ", c.status"
	    " FROM customers c LEFT JOIN credit k ON k.customer_id = c.id"
	    " LEFT JOIN r ON r.customer_id = c.id LEFT JOIN credit_aged a ON a.customer_id = c.id"
	    " LEFT JOIN grp ON grp.id = c.id LEFT JOIN gr ON gr.root = grp.anc"
	    " WHERE c.status <> 'deleted' AND (k.customer_id IS NOT NULL OR coalesce(r.owed, 0) <> 0)"
	    " ORDER BY c.id");
	crm_bind_int(st, 1, config_money(s, "credit.default_limit"));
	crm_bind_int(st, 2, config_days(s, "credit.terms_days"));
	{
		char day[11];

		crm_date_format(as_of, day);
		crm_bind_text(st, 3, day);
	}
	return crm_rows_new(s, st);
}

/* ---- the blacklist ---- */

const struct crm_col crm_blacklist_cols[CRM_BLACKLIST_NCOLS] = {
	{ "id", CRM_COL_INT }, { "code", CRM_COL_TEXT }, { "name", CRM_COL_TEXT },
	{ "overdue_amount", CRM_COL_MONEY }, { "days_past_due", CRM_COL_INT },
	{ "action", CRM_COL_TEXT },
};

/* Put customer id on the list (source rule or manual) or take it off,
** inside the caller's transaction; its status follows (the one before
** comes back when it leaves). */
static void
list_add(crm_store *s, int64_t id, const char *reason, const char *until,
    const char *source, const char *now)
{
	crm_stmt *st = crm_sql_prepare(s, "INSERT INTO credit_blacklist(customer_id,"
	    " since, until, reason, source, listed_by, status_before)"
	    " SELECT id, ?2, ?3, ?4, ?5, ?6, status FROM customers WHERE id = ?1"
	    " ON CONFLICT (customer_id) DO UPDATE SET until = excluded.until,"
	    " reason = excluded.reason, source = excluded.source");

	crm_bind_int(st, 1, id);
	crm_bind_text(st, 2, now);
	crm_bind_text(st, 3, until);
	crm_bind_text(st, 4, reason);
	crm_bind_text(st, 5, source);
	crm_bind_text(st, 6, crm_store_actor(s));
	if (crm_sql_step(s, st) != CRM_DONE)
		crm_store_fail(s, "blacklist");
	crm_sql_finalize(st);
	st = crm_sql_prepare(s, "UPDATE customers SET status = 'blacklisted', updated_at = ?2"
	    " WHERE id = ?1 AND status <> 'blacklisted'");
	crm_bind_int(st, 1, id);
	crm_bind_text(st, 2, now);
	if (crm_sql_step(s, st) != CRM_DONE)
		crm_store_fail(s, "blacklist");
	if (crm_sql_changes(s))
		crm_history(s, id, "status", NULL, "blacklisted");
	crm_sql_finalize(st);
}

static bool
list_remove(crm_store *s, int64_t id, const char *now)
{
	crm_stmt *st = crm_sql_prepare(s, "UPDATE customers SET status = coalesce((SELECT"
	    " status_before FROM credit_blacklist WHERE customer_id = ?1), 'active'),"
	    " updated_at = ?2 WHERE id = ?1 AND status = 'blacklisted'");
	bool was;

	crm_bind_int(st, 1, id);
	crm_bind_text(st, 2, now);
	if (crm_sql_step(s, st) != CRM_DONE)
		crm_store_fail(s, "blacklist");
	crm_sql_finalize(st);
	if (crm_sql_changes(s))
		crm_history(s, id, "status", "blacklisted", NULL);
	st = crm_sql_prepare(s, "DELETE FROM credit_blacklist WHERE customer_id = ?");
	crm_bind_int(st, 1, id);
	if (crm_sql_step(s, st) != CRM_DONE)
		crm_store_fail(s, "blacklist");
	was = crm_sql_changes(s) > 0;
	crm_sql_finalize(st);
	return was;
}

/* The rule (credit.blacklist_days) at as_of: customers with an amount
** past due more than that many days (add, or keep when listed), and the
** ones the rule listed that no longer qualify (lift); printed to w, and
** with apply done.  Returns the rows. */
long long
crm_credit_blacklist(crm_store *s, struct crm_date as_of, bool apply, crm_out *w)
{
	long days = config_days(s, "credit.blacklist_days");
	crm_stmt *st;
	char *now = crm_now(), reason[96], m[32], d[24];
	long long rows = 0;

	crm_credit_aged_table(s, as_of, NULL);
	crm_output_personal();
	/* listed: an entry without an end, or one that ends on or after the
	** as-of date; a manual entry that has ended is lifted like one the
	** rule made that no longer holds */
	st = crm_sql_prepare(s, "SELECT c.id, c.code, c.name, a.overdue, a.days,"
	    " CASE WHEN b.customer_id IS NULL OR b.until < ?2 THEN 'add' ELSE 'keep' END"
	    " FROM credit_aged a JOIN customers c ON c.id = a.customer_id"
	    " LEFT JOIN credit_blacklist b ON b.customer_id = c.id"
	    " WHERE a.days > ?1 AND c.status <> 'deleted'"
	    " UNION ALL SELECT c.id, c.code, c.name, coalesce(a.overdue, 0), coalesce(a.days, 0),"
	    " 'lift' FROM credit_blacklist b JOIN customers c ON c.id = b.customer_id"
	    " LEFT JOIN credit_aged a ON a.customer_id = c.id"
	    " WHERE coalesce(a.days, 0) <= ?1 AND (b.source = 'rule' OR b.until < ?2)"
	    " ORDER BY 1");
	crm_bind_int(st, 1, days);
	{
		char day[11];

		crm_date_format(as_of, day);
		crm_bind_text(st, 2, day);
	}
	crm_sql_exec(s, "DROP TABLE IF EXISTS credit_actions;"
	    " CREATE TEMP TABLE credit_actions (customer_id INTEGER, action TEXT, days INTEGER,"
	    " overdue INTEGER)");
	while (crm_sql_step(s, st) == CRM_ROW) {
		const char *v[CRM_BLACKLIST_NCOLS];
		crm_stmt *ins = crm_sql_cached(s, "INSERT INTO credit_actions VALUES (?, ?, ?, ?)");

		crm_money_format(crm_col_int(st, 3), m);
		snprintf(d, sizeof d, "%lld", (long long)crm_col_int(st, 4));
		v[0] = crm_col_text(st, 0);
		v[1] = crm_col_text(st, 1);
		v[2] = crm_col_text(st, 2);
		v[3] = m;
		v[4] = d;
		v[5] = crm_col_text(st, 5);
		if (w)
			crm_out_row(w, v);
		crm_bind_int(ins, 1, crm_col_int(st, 0));
		crm_bind_text(ins, 2, crm_col_text(st, 5));
		crm_bind_int(ins, 3, crm_col_int(st, 4));
		crm_bind_int(ins, 4, crm_col_int(st, 3));
		crm_sql_step(s, ins);
		crm_sql_reset(ins);
		rows++;
	}
	crm_sql_finalize(st);
	if (apply) {
		st = crm_sql_prepare(s, "SELECT customer_id, action, days, overdue FROM credit_actions");
		while (crm_sql_step(s, st) == CRM_ROW) {
			int64_t id = crm_col_int(st, 0);
			const char *act = crm_col_text(st, 1);

			crm_money_format(crm_col_int(st, 3), m);
			snprintf(reason, sizeof reason, "%s past due for %lld days (over %ld)", m,
			    (long long)crm_col_int(st, 2), days);
			if (!strcmp(act, "add"))
				list_add(s, id, reason, NULL, "rule", now);
			else if (!strcmp(act, "lift"))
				list_remove(s, id, now);
		}
		crm_sql_finalize(st);
	}
	free(now);
	return rows;
}

/* By hand: add customer id (until a day, or NULL) or remove it.  Returns
** false when remove finds it not listed. */
bool
crm_credit_blacklist_set(crm_store *s, int64_t id, bool add, const char *reason,
    const char *until)
{
	char *now = crm_now();
	bool ok = true;

	if (add)
		list_add(s, id, reason, until, "manual", now);
	else
		ok = list_remove(s, id, now);
	free(now);
	return ok;
}

const struct crm_col crm_listed_cols[CRM_LISTED_NCOLS] = {
	{ "id", CRM_COL_INT }, { "code", CRM_COL_TEXT }, { "name", CRM_COL_TEXT },
	{ "since", CRM_COL_TIME }, { "until", CRM_COL_DATE }, { "reason", CRM_COL_TEXT },
	{ "source", CRM_COL_TEXT },
};

crm_rows *
crm_credit_blacklisted(crm_store *s)
{
	crm_stmt *st = crm_sql_prepare(s, "SELECT c.id, c.code, c.name, b.since, b.until,"
	    " b.reason, b.source FROM credit_blacklist b JOIN customers c"
	    " ON c.id = b.customer_id ORDER BY c.id");

	crm_output_personal();
	return crm_rows_new(s, st);
}

const struct crm_col crm_credit_show_cols[CRM_CREDIT_SHOW_NCOLS] = {
	{ "receivable", CRM_COL_MONEY }, { "overdue", CRM_COL_MONEY },
	{ "limit", CRM_COL_MONEY }, { "terms", CRM_COL_INT },
	{ "blacklisted", CRM_COL_TEXT },
};

static void
owed_one(void *ctx, const struct crm_aging *a)
{
	*(struct crm_aging *)ctx = *a;
}

/* Customer id's credit at as_of, as one row of crm_credit_show_cols
** (blacklisted: the entry's reason and since, or empty): for crm-show. */
crm_rows *
crm_credit_of(crm_store *s, int64_t id, struct crm_date as_of)
{
	struct crm_aging a = { 0 };
	crm_stmt *st;
	char day[11];

	crm_date_format(as_of, day);
	crm_credit_aging_each(s, as_of, id, NULL, owed_one, &a);
	st = crm_sql_prepare(s, "SELECT " MONEY("?2") ", " MONEY("?3") ","
	    " " MONEY("coalesce(k.credit_limit, ?4)") ", coalesce(k.terms, ?5),"
	    " CASE WHEN b.customer_id IS NULL THEN NULL"
	    " ELSE b.since || ': ' || b.reason END"
	    " FROM customers c LEFT JOIN credit k ON k.customer_id = c.id"
	    " LEFT JOIN credit_blacklist b ON b.customer_id = c.id"
	    " AND (b.until IS NULL OR b.until >= ?6) WHERE c.id = ?1");
	crm_bind_int(st, 1, id);
	crm_bind_int(st, 2, receivable(s, id, false));
	crm_bind_int(st, 3, a.overdue);
	crm_bind_int(st, 4, config_money(s, "credit.default_limit"));
	crm_bind_int(st, 5, config_days(s, "credit.terms_days"));
	crm_bind_text(st, 6, day);
	return crm_rows_new(s, st);
}
