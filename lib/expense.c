/*
** expense.c — what customers cost (客户费用): entertainment, gifts,
** travel; the approval requests of seed 004 (客户招待申请表, 礼品馈赠申请表)
** that an entertainment or gift over expense.approval_over needs; and the
** budgets crm-alert compares the expenses with.
**
** A request serves one expense (expenses.request_id is unique), for its
** own customer and kind, and never for more than it asked.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define MONEY(c) CRM_SQL_MONEY(c)

static const char *const kinds[] = { "entertainment", "gift", "travel", "other", NULL };

/* s as an expense kind (or 招待, 礼品, 差旅, 其他), or NULL. */
const char *
crm_expense_kind(const char *s)
{
	static const char *const zh[] = { "招待", "礼品", "差旅", "其他", NULL };
	int i;

	for (i = 0; kinds[i]; i++)
		if (!strcmp(s, kinds[i]) || !strcmp(s, zh[i]))
			return kinds[i];
	return NULL;
}

const struct crm_col crm_request_cols[CRM_REQUEST_NCOLS] = {
	{ "id", CRM_COL_INT }, { "customer_id", CRM_COL_INT }, { "code", CRM_COL_TEXT },
	{ "name", CRM_COL_TEXT }, { "date", CRM_COL_DATE }, { "kind", CRM_COL_TEXT },
	{ "amount", CRM_COL_MONEY }, { "purpose", CRM_COL_TEXT }, { "status", CRM_COL_TEXT },
};

const struct crm_col crm_expense_cols[CRM_EXPENSE_NCOLS] = {
	{ "id", CRM_COL_INT }, { "customer_id", CRM_COL_INT }, { "code", CRM_COL_TEXT },
	{ "name", CRM_COL_TEXT }, { "date", CRM_COL_DATE }, { "kind", CRM_COL_TEXT },
	{ "amount", CRM_COL_MONEY }, { "request_id", CRM_COL_INT }, { "note", CRM_COL_TEXT },
};

int64_t
crm_expense_request(crm_store *s, int64_t customer, const char *date, const char *kind,
    int64_t amount, const char *purpose)
{
	crm_stmt *st = crm_sql_prepare(s, "INSERT INTO expense_requests(customer_id, date,"
	    " kind, amount, purpose, requested_by, requested_at) VALUES (?,?,?,?,?,?,?)");
	char *now = crm_now();
	int64_t id;

	crm_bind_int(st, 1, customer);
	crm_bind_text(st, 2, date);
	crm_bind_text(st, 3, kind);
	crm_bind_int(st, 4, amount);
	crm_bind_text(st, 5, purpose);
	crm_bind_text(st, 6, crm_store_actor(s));
	crm_bind_text(st, 7, now);
	if (crm_sql_step(s, st) != CRM_DONE)
		crm_store_fail(s, "request");
	crm_sql_finalize(st);
	id = crm_sql_last_id(s);
	free(now);
	return id;
}

/* Approve (reason NULL) or reject request id; 0, or -1 with err set
** when there is none or it was decided already. */
int
crm_expense_decide(crm_store *s, int64_t id, const char *approver, const char *reason,
    struct crm_buf *err)
{
	crm_stmt *st = crm_sql_prepare(s, "SELECT status FROM expense_requests WHERE id = ?");
	char *now;
	int rc = 0;

	crm_bind_int(st, 1, id);
	if (crm_sql_step(s, st) != CRM_ROW) {
		crm_buf_printf(err, "there is no request %lld", (long long)id);
		rc = -1;
	} else if (strcmp(crm_col_text(st, 0), "pending")) {
		crm_buf_printf(err, "request %lld is %s already", (long long)id, crm_col_text(st, 0));
		rc = -1;
	}
	crm_sql_finalize(st);
	if (rc)
		return rc;
	now = crm_now();
	st = crm_sql_prepare(s, "UPDATE expense_requests SET status = ?, decided_by = ?,"
	    " decided_at = ?, reason = ? WHERE id = ?");
	crm_bind_text(st, 1, reason ? "rejected" : "approved");
	crm_bind_text(st, 2, approver);
	crm_bind_text(st, 3, now);
	crm_bind_text(st, 4, reason);
	crm_bind_int(st, 5, id);
	if (crm_sql_step(s, st) != CRM_DONE)
		crm_store_fail(s, "request");
	crm_sql_finalize(st);
	free(now);
	return 0;
}

/* Record an expense (inside the caller's transaction): an entertainment
** or gift over expense.approval_over needs request, an approved request
** of the same customer and kind, for at least the amount and serving no
** other expense.  Returns its id, or 0 with err set. */
int64_t
crm_expense_add(crm_store *s, int64_t customer, const char *date, const char *kind,
    int64_t amount, int64_t request, const char *note, struct crm_buf *err)
{
	char *over = crm_config_get(s, "expense.approval_over"), a[32], b[32];
	int64_t limit = 0, id;
	crm_stmt *st;
	char *now;

	crm_money_parse(over, &limit);
	free(over);
	if (request) {
		st = crm_sql_prepare(s, "SELECT r.customer_id, r.kind, r.amount, r.status,"
		    " (SELECT e.id FROM expenses e WHERE e.request_id = r.id)"
		    " FROM expense_requests r WHERE r.id = ?");
		crm_bind_int(st, 1, request);
		if (crm_sql_step(s, st) != CRM_ROW)
			crm_buf_printf(err, "there is no request %lld", (long long)request);
		else if (strcmp(crm_col_text(st, 3), "approved"))
			crm_buf_printf(err, "request %lld is %s, not approved", (long long)request,
			    crm_col_text(st, 3));
		else if (crm_col_int(st, 0) != customer)
			crm_buf_printf(err, "request %lld is for customer %lld", (long long)request,
			    (long long)crm_col_int(st, 0));
		else if (strcmp(crm_col_text(st, 1), kind))
			crm_buf_printf(err, "request %lld is for %s, not %s", (long long)request,
			    crm_col_text(st, 1), kind);
		else if (amount > crm_col_int(st, 2)) {
			crm_money_format(amount, a);
			crm_money_format(crm_col_int(st, 2), b);
			crm_buf_printf(err, "amount %s is more than the %s request %lld approved", a, b,
			    (long long)request);
		} else if (!crm_col_null(st, 4))
			crm_buf_printf(err, "request %lld serves expense %lld already",
			    (long long)request, (long long)crm_col_int(st, 4));
		crm_sql_finalize(st);
		if (err->len)
			return 0;
	} else if ((!strcmp(kind, "entertainment") || !strcmp(kind, "gift")) && amount > limit) {
		crm_money_format(amount, a);
		crm_money_format(limit, b);
		crm_buf_printf(err, "%s of %s is over expense.approval_over (%s): give --request"
		    " of an approved request (crm-expense request)", kind, a, b);
		return 0;
	}
	now = crm_now();
	st = crm_sql_prepare(s, "INSERT INTO expenses(customer_id, date, kind, amount,"
	    " request_id, note, created_at, created_by) VALUES (?,?,?,?,?,?,?,?)");
	crm_bind_int(st, 1, customer);
	crm_bind_text(st, 2, date);
	crm_bind_text(st, 3, kind);
	crm_bind_int(st, 4, amount);
	if (request)
		crm_bind_int(st, 5, request);
	else
		crm_bind_null(st, 5);
	crm_bind_text(st, 6, note);
	crm_bind_text(st, 7, now);
	crm_bind_text(st, 8, crm_store_actor(s));
	if (crm_sql_step(s, st) != CRM_DONE)
		crm_store_fail(s, "expense");
	crm_sql_finalize(st);
	id = crm_sql_last_id(s);
	free(now);
	return id;
}

/* Requests with status (NULL: all), or request id (id > 0). */
crm_rows *
crm_expense_requests(crm_store *s, const char *status, int64_t id)
{
	crm_stmt *st = crm_sql_preparef(s, "SELECT r.id, r.customer_id, c.code, c.name,"
	    " r.date, r.kind, " MONEY("r.amount") ", r.purpose, r.status"
	    " FROM expense_requests r JOIN customers c ON c.id = r.customer_id"
	    " WHERE (?1 IS NULL OR r.status = ?1) AND {} ORDER BY r.id",
	    CRM_SQL_KEY(id, "r.id", "?2"));

	crm_output_personal();
	crm_bind_text(st, 1, status);
	crm_bind_int(st, 2, id);
	return crm_rows_new(s, st);
}

/* Expenses of customer (0: all) from..to ("": open), with a request
** (status "approved") or without ("none"), or expense id; by date. */
crm_rows *
crm_expense_list(crm_store *s, int64_t customer, const char *from, const char *to,
    const char *status, int64_t id)
{
	crm_stmt *st = crm_sql_preparef(s, "SELECT e.id, e.customer_id, c.code, c.name,"
	    " e.date, e.kind, " MONEY("e.amount") ", e.request_id, e.note"
	    " FROM expenses e JOIN customers c ON c.id = e.customer_id"
	    " WHERE {} AND (?2 IS NULL OR e.date >= ?2)"
	    " AND (?3 IS NULL OR e.date <= ?3) AND (?4 IS NULL OR (?4 = 'approved')"
	    " = (e.request_id IS NOT NULL)) AND {} ORDER BY e.date, e.id",
	    CRM_SQL_KEY(customer, "e.customer_id", "?1"), CRM_SQL_KEY(id, "e.id", "?5"));

	crm_output_personal();
	crm_bind_int(st, 1, customer);
	crm_bind_text(st, 2, from && *from ? from : NULL);
	crm_bind_text(st, 3, to && *to ? to : NULL);
	crm_bind_text(st, 4, status);
	crm_bind_int(st, 5, id);
	return crm_rows_new(s, st);
}

/* The expense budget of customer (or, customer 0, of every customer of
** grade) for from..to named period; a second replaces the first. */
void
crm_expense_budget(crm_store *s, int64_t customer, const char *grade, const char *period,
    const char *from, const char *to, int64_t amount)
{
	crm_period_amount_set(s, "expense_budgets", customer, grade, period, from, to, amount);
}
