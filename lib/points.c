/*
** points.c — loyalty points (客户激励, SPEC 3.8, seed 003 篇10): an old
** customer who brings a new one earns points.referral (100) when it is
** added, and points.per_sales (100 per full 1,000.00) of what the new one
** buys, credited by crm-points accrue.
**
** Points are a ledger (table points): every credit and redemption is a
** row, a balance is their sum and is never stored, so it cannot drift.
** A redemption is a negative row, refused when it would take the
** balance below zero.  The unique indexes of the store make each credit
** happen once: the referral once per referred customer, and the credits
** of sales once per level reached (upto, the points of that referred
** customer's sales credited so far), so that accrue run twice credits
** nothing more and after more sales only the difference.  A return
** after a credit lowers the level reached but takes no points back: the
** balance never goes below zero behind the customer's back.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

const struct crm_col crm_points_cols[CRM_POINTS_NCOLS] = {
	{ "id", CRM_COL_INT }, { "customer_id", CRM_COL_INT }, { "code", CRM_COL_TEXT },
	{ "name", CRM_COL_TEXT }, { "date", CRM_COL_DATE }, { "points", CRM_COL_INT },
	{ "reason", CRM_COL_TEXT }, { "balance", CRM_COL_INT },
};
const struct crm_col crm_balance_cols[CRM_BALANCE_NCOLS] = {
	{ "customer_id", CRM_COL_INT }, { "code", CRM_COL_TEXT }, { "name", CRM_COL_TEXT },
	{ "balance", CRM_COL_INT },
};

/* Customer id's balance: the sum of its rows. */
int64_t
crm_points_balance(crm_store *s, int64_t id)
{
	crm_stmt *st = crm_sql_cached(s, "SELECT coalesce(sum(points), 0) FROM points"
	    " WHERE customer_id = ?");
	int64_t n = 0;

	crm_bind_int(st, 1, id);
	if (crm_sql_step(s, st) == CRM_ROW)
		n = crm_col_int(st, 0);
	crm_sql_reset(st);
	return n;
}

/* Add one row (dated day); source and upto 0 for none.  Returns its id,
** or 0 when a unique index says it is there already. */
static int64_t
insert(crm_store *s, int64_t id, const char *day, int64_t points, const char *kind,
    int64_t source, int64_t upto, const char *reason)
{
	crm_stmt *st = crm_sql_cached(s, "INSERT INTO points(customer_id, date, points, kind,"
	    " source, upto, reason, created_at, created_by) VALUES (?,?,?,?,?,?,?,?,?)"
	    " ON CONFLICT DO NOTHING");
	char *now = crm_now();

	crm_bind_int(st, 1, id);
	crm_bind_text(st, 2, day);
	crm_bind_int(st, 3, points);
	crm_bind_text(st, 4, kind);
	if (source)
		crm_bind_int(st, 5, source);
	else
		crm_bind_null(st, 5);
	if (upto)
		crm_bind_int(st, 6, upto);
	else
		crm_bind_null(st, 6);
	crm_bind_text(st, 7, reason);
	crm_bind_text(st, 8, now);
	crm_bind_text(st, 9, crm_store_actor(s));
	if (crm_sql_step(s, st) != CRM_DONE)
		crm_store_fail(s, "points");
	crm_sql_reset(st);
	free(now);
	return crm_sql_changes(s) ? crm_sql_last_id(s) : 0;
}

/* Credit (points > 0) or redeem (points < 0) customer id's points today,
** inside the caller's transaction.  Returns the row's id, or 0 with err
** set when a redemption is more than the balance. */
int64_t
crm_points_add(crm_store *s, int64_t id, int64_t points, const char *reason,
    struct crm_buf *err)
{
	int64_t balance = crm_points_balance(s, id);
	char day[11];

	if (points < 0 && balance + points < 0) {
		crm_buf_printf(err, "customer %lld has %lld point%s: %lld cannot be redeemed",
		    (long long)id, (long long)balance, balance == 1 ? "" : "s", (long long)-points);
		return 0;
	}
	crm_date_format(crm_today(), day);
	return insert(s, id, day, points, points < 0 ? "redeem" : "manual", 0, 0, reason);
}

/* "000000001 name" or "id 7 name": who a credit is for, in its reason. */
static char *
who(crm_store *s, int64_t id)
{
	crm_stmt *st = crm_sql_cached(s, "SELECT code, name FROM customers WHERE id = ?");
	char *w;

	crm_bind_int(st, 1, id);
	if (crm_sql_step(s, st) == CRM_ROW && !crm_col_null(st, 0))
		w = crm_xasprintf("%s %s", crm_col_text(st, 0), crm_col_text(st, 1));
	else
		w = crm_xasprintf("id %lld%s%s", (long long)id, crm_col_null(st, 1) ? "" : " ",
		    crm_col_null(st, 1) ? "" : crm_col_text(st, 1));
	crm_sql_reset(st);
	return w;
}

/* Customer referred was added (or given its referrer) with referrer:
** credit points.referral to the referrer today, once per referred
** customer, inside the caller's transaction. */
void
crm_points_referral(crm_store *s, int64_t referrer, int64_t referred)
{
	long n = crm_config_number(s, "points.referral");
	char day[11], *why, *name;

	if (n <= 0 || referrer == referred)
		return;
	crm_date_format(crm_today(), day);
	name = who(s, referred);
	why = crm_xasprintf("referral of %s", name);
	insert(s, referrer, day, n, "referral", referred, n, why);
	free(why);
	free(name);
}

/* Credit every referrer the points of its referred customers' net sales
** (sales less returns) up to as_of that it has not had yet, dated as_of,
** inside the caller's transaction.  Returns the rows added, with the
** first one's id in *first and the points they credit in *points. */
long long
crm_points_accrue(crm_store *s, struct crm_date as_of, int64_t *first, int64_t *points)
{
	crm_stmt *st = crm_sql_prepare(s, "SELECT c.referred_by, c.id,"
	    " (SELECT coalesce(sum(s.amount), 0) FROM sales s WHERE s.customer_id = c.id"
	    " AND s.voided_at IS NULL AND (s.kind = 'sale' OR s.kind = 'return')"
	    " AND s.date <= ?1),"
	    " (SELECT coalesce(max(p.upto), 0) FROM points p WHERE p.kind = 'sales'"
	    " AND p.customer_id = c.referred_by AND p.source = c.id)"
	    " FROM customers c JOIN customers f ON f.id = c.referred_by"
	    " WHERE c.referred_by IS NOT NULL AND f.status <> 'deleted' ORDER BY c.id");
	char *rate = crm_config_get(s, "points.per_sales"), day[11];
	struct due { int64_t referrer, referred, net, had, upto; } *v = NULL;
	size_t n = 0, cap = 0, i;
	int64_t per = 100, fen = 100000;
	long long added = 0;

	crm_rate_parse(rate, &per, &fen);
	free(rate);
	crm_date_format(as_of, day);
	crm_bind_text(st, 1, day);
	/* read first, write after: the query reads the points it adds to */
	while (crm_sql_step(s, st) == CRM_ROW) {
		int64_t net = crm_col_int(st, 2), upto = net > 0 ? net / fen * per : 0;

		if (upto <= crm_col_int(st, 3))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			v = crm_xrealloc(v, cap * sizeof *v);
		}
		v[n++] = (struct due){ crm_col_int(st, 0), crm_col_int(st, 1), net,
		    crm_col_int(st, 3), upto };
	}
	crm_sql_finalize(st);
	*first = 0;
	*points = 0;
	for (i = 0; i < n; i++) {
		char money[32], *name = who(s, v[i].referred), *why;
		int64_t id;

		crm_money_format(v[i].net, money);
		why = crm_xasprintf("net sales %s of %s", money, name);
		if ((id = insert(s, v[i].referrer, day, v[i].upto - v[i].had, "sales",
		    v[i].referred, v[i].upto, why))) {
			if (!*first)
				*first = id;
			*points += v[i].upto - v[i].had;
			added++;
		}
		free(why);
		free(name);
	}
	free(v);
	return added;
}

/* The rows of customer id (0: everyone's) from row id "from" on, in the
** order they were recorded, each with the customer's balance after it. */
crm_rows *
crm_points_list(crm_store *s, int64_t id, int64_t from)
{
	crm_stmt *st = crm_sql_preparef(s, "SELECT x.id, x.customer_id, c.code, c.name, x.date,"
	    " x.points, x.reason, x.balance FROM (SELECT p.id, p.customer_id, p.date, p.points,"
	    " p.reason, sum(p.points) OVER (PARTITION BY p.customer_id ORDER BY p.id) AS balance"
	    " FROM points p WHERE {}) x JOIN customers c ON c.id = x.customer_id"
	    " WHERE x.id >= ?2 ORDER BY x.id", CRM_SQL_KEY(id, "p.customer_id", "?1"));

	crm_output_personal();
	crm_bind_int(st, 1, id);
	crm_bind_int(st, 2, from);
	return crm_rows_new(s, st);
}

/* The balance of customer id, or (id 0) of every customer with points,
** by id. */
crm_rows *
crm_points_balances(crm_store *s, int64_t id)
{
	crm_stmt *st = crm_sql_preparef(s, "SELECT c.id, c.code, c.name,"
	    " coalesce(sum(p.points), 0) FROM customers c {} JOIN points p"
	    " ON p.customer_id = c.id WHERE {} GROUP BY c.id, c.code, c.name ORDER BY c.id",
	    id ? "LEFT" : "", CRM_SQL_KEY(id, "c.id", "?1"));

	crm_output_personal();
	crm_bind_int(st, 1, id);
	return crm_rows_new(s, st);
}
