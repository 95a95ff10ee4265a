/*
** owner.c — owners, the public pool and handovers (SPEC 3.8, seed 003
** 篇2 and 篇10): every customer has at most one owner (推荐人), every move
** of an owner is kept in owner_history with its date, reason, actor and
** handover number, and the monthly sweep frees the customers their owner
** no longer serves.
**
** The public pool (公共客户) is status 'public' with no owner.  The date
** an owner got a customer ("owner since") is the date of the customer's
** latest owner_history row, else the day it was filed (created_at): a
** customer filed with an owner has had it since then, and filing writes
** no history row, so that a bulk import of a million customers costs no
** second table.  crm-owner history shows that first owner as a row
** "added" on the day of filing.
**
** A handover (客户交接单) is a small lifecycle:
**
**	pending --approve--> approved;   pending --reject--> rejected
**
** filed approved at once when an approver is given.  It keeps the
** customers the old owner had when it was filed (handover_customers);
** approving moves those still the old owner's.  It moves the archive
** only: every sale keeps the rep who made it (只交接客户档案,不转移消费
** 记录和金额), so nothing here touches the ledger.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Keep one move of customer id's owner, dated day. */
static void
history_row(crm_store *s, int64_t id, const char *day, const char *from, const char *to,
    const char *reason, const char *handover)
{
	crm_stmt *st = crm_sql_cached(s, "INSERT INTO owner_history(customer_id, date,"
	    " from_owner, to_owner, reason, actor, handover, recorded_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
	char *now = crm_now();

	crm_bind_int(st, 1, id);
	crm_bind_text(st, 2, day);
	crm_bind_text(st, 3, from);
	crm_bind_text(st, 4, to);
	crm_bind_text(st, 5, reason);
	crm_bind_text(st, 6, crm_store_actor(s));
	crm_bind_text(st, 7, handover);
	crm_bind_text(st, 8, now);
	if (crm_sql_step(s, st) != CRM_DONE)
		crm_store_fail(s, "owner history");
	crm_sql_reset(st);
	free(now);
}

/* Set customer id's status (the change kept in customer_history). */
static void
set_status(crm_store *s, int64_t id, const char *old, const char *status)
{
	crm_stmt *st = crm_sql_cached(s, "UPDATE customers SET status = ? WHERE id = ?");

	crm_bind_text(st, 1, status);
	crm_bind_int(st, 2, id);
	if (crm_sql_step(s, st) != CRM_DONE)
		crm_store_fail(s, "customer status");
	crm_sql_reset(st);
	crm_history(s, id, "status", old, status);
}

/* Move customer id (its owner from, status status) to owner to on day:
** NULL puts it in the public pool, a new owner takes a public customer
** out of it.  Kept in customer_history and owner_history. */
static void
move(crm_store *s, int64_t id, const char *day, const char *from, const char *status,
    const char *to, const char *reason, const char *handover)
{
	crm_stmt *st = crm_sql_cached(s, "UPDATE customers SET owner = ?, updated_at = ?"
	    " WHERE id = ?");
	char *now = crm_now();

	crm_bind_text(st, 1, to);
	crm_bind_text(st, 2, now);
	crm_bind_int(st, 3, id);
	if (crm_sql_step(s, st) != CRM_DONE)
		crm_store_fail(s, "owner");
	crm_sql_reset(st);
	free(now);
	crm_history(s, id, "owner", from, to);
	if (!to && strcmp(status, "public"))
		set_status(s, id, status, "public");
	else if (to && !strcmp(status, "public"))
		set_status(s, id, status, "active");
	history_row(s, id, day, from, to, reason, handover);
}

static void
today(char day[11])
{
	crm_date_format(crm_today(), day);
}

/* Customer id's owner has moved from "from" to "to" by a change of the
** archive (crm-edit, an import that updates): keep it in owner_history,
** dated today, with reason (NULL: "changed by PROGRAM"), and take a
** customer given an owner out of the public pool. */
void
crm_owner_moved(crm_store *s, int64_t id, const char *from, const char *to,
    const char *reason, const char *handover)
{
	crm_stmt *st = crm_sql_cached(s, "SELECT status FROM customers WHERE id = ?");
	char day[11], *why = reason ? NULL : crm_xasprintf("changed by %s", crm_progname);
	bool public = false;

	crm_bind_int(st, 1, id);
	if (crm_sql_step(s, st) == CRM_ROW)
		public = !strcmp(crm_col_text(st, 0), "public");
	crm_sql_reset(st);
	if (to && public)
		set_status(s, id, "public", "active");
	today(day);
	history_row(s, id, day, from, to, reason ? reason : why, handover);
	free(why);
}

/* Give customer id to owner (crm-owner set), or put it in the public
** pool when owner is NULL (release), inside the caller's transaction.
** Returns 1 when it moved, 0 when it was so already, or -1 with err set
** (a deleted or blacklisted customer, or no such customer). */
int
crm_owner_set(crm_store *s, int64_t id, const char *owner, const char *reason,
    struct crm_buf *err)
{
	crm_stmt *st = crm_sql_prepare(s, "SELECT owner, status FROM customers WHERE id = ?");
	char *from = NULL, *status = NULL, day[11];
	int rc = -1;

	crm_bind_int(st, 1, id);
	if (crm_sql_step(s, st) == CRM_ROW) {
		from = crm_col_null(st, 0) ? NULL : crm_xstrdup(crm_col_text(st, 0));
		status = crm_xstrdup(crm_col_text(st, 1));
	}
	crm_sql_finalize(st);
	if (!status)
		crm_buf_printf(err, "customer %lld is not in the archive", (long long)id);
	else if (!strcmp(status, "deleted") || (!owner && !strcmp(status, "blacklisted")))
		crm_buf_printf(err, "customer %lld is %s", (long long)id, status);
	else if (owner ? from && !strcmp(from, owner) : !strcmp(status, "public"))
		rc = 0;
	else {
		today(day);
		move(s, id, day, from, status, owner, reason ? reason : owner ? "set" : "released",
		    NULL);
		rc = 1;
	}
	free(from);
	free(status);
	return rc;
}

const struct crm_col crm_owner_cols[CRM_OWNER_NCOLS] = {
	{ "owner", CRM_COL_TEXT }, { "customers", CRM_COL_INT }, { "active", CRM_COL_INT },
};

/* A customer's last sale on or before ?1 is on or after ?2: the test of
** "active" (a sale in the last owner.pool_months months). */
#define SOLD_SINCE "EXISTS (SELECT 1 FROM sales s WHERE s.customer_id = c.id" \
	" AND s.voided_at IS NULL AND s.kind = 'sale' AND s.date >= ?2 AND s.date <= ?1)"

/* Per owner, by name: customers (not deleted) and how many of them are
** active (a sale in the last owner.pool_months months, to today); then
** "(none)" for customers that never had an owner, when there are any, and
** "(public)" for the pool. */
crm_rows *
crm_owner_list(crm_store *s)
{
	crm_stmt *st = crm_sql_prepare(s, "SELECT owner, n, active FROM ("
	    " SELECT 0 AS o, c.owner, count(*) AS n,"
	    " sum(CASE WHEN " SOLD_SINCE " THEN 1 ELSE 0 END) AS active"
	    " FROM customers c WHERE c.owner IS NOT NULL AND c.status <> 'deleted'"
	    " GROUP BY c.owner"
	    " UNION ALL SELECT 1, '(none)', count(*), coalesce(sum(CASE WHEN " SOLD_SINCE
	    " THEN 1 ELSE 0 END), 0) FROM customers c WHERE c.owner IS NULL"
	    " AND c.status <> 'deleted' AND c.status <> 'public' HAVING count(*) > 0"
	    " UNION ALL SELECT 2, '(public)', count(*), coalesce(sum(CASE WHEN " SOLD_SINCE
	    " THEN 1 ELSE 0 END), 0) FROM customers c WHERE c.status = 'public') x"
	    " ORDER BY o, owner");
	struct crm_date d = crm_today();
	char a[11], b[11];

	crm_date_format(d, a);
	crm_date_format(crm_date_add_months(d, -(int)crm_config_number(s, "owner.pool_months")), b);
	crm_bind_text(st, 1, a);
	crm_bind_text(st, 2, b);
	return crm_rows_new(s, st);
}

const struct crm_col crm_owner_history_cols[CRM_OWNER_HISTORY_NCOLS] = {
	{ "date", CRM_COL_DATE }, { "from", CRM_COL_TEXT }, { "to", CRM_COL_TEXT },
	{ "reason", CRM_COL_TEXT }, { "actor", CRM_COL_TEXT }, { "handover", CRM_COL_TEXT },
};

/* Customer id's owners, oldest first: the owner it was filed with (an
** "added" row on the day of filing, no actor), then every move. */
crm_rows *
crm_owner_history(crm_store *s, int64_t id)
{
	crm_stmt *st = crm_sql_prepare(s, "SELECT date, from_owner, to_owner, reason, actor,"
	    " handover FROM (SELECT 0 AS o, substr(c.created_at, 1, 10) AS date,"
	    " NULL AS from_owner, coalesce((SELECT h.from_owner FROM owner_history h"
	    " WHERE h.customer_id = c.id ORDER BY h.id LIMIT 1),"
	    " CASE WHEN NOT EXISTS (SELECT 1 FROM owner_history h WHERE h.customer_id = c.id)"
	    " THEN c.owner END) AS to_owner, 'added' AS reason, NULL AS actor,"
	    " NULL AS handover FROM customers c WHERE c.id = ?1"
	    " UNION ALL SELECT h.id, h.date, h.from_owner, h.to_owner, h.reason, h.actor,"
	    " h.handover FROM owner_history h WHERE h.customer_id = ?1) x"
	    " WHERE o > 0 OR to_owner IS NOT NULL ORDER BY o");

	crm_bind_int(st, 1, id);
	return crm_rows_new(s, st);
}

const struct crm_col crm_distribute_cols[CRM_DISTRIBUTE_NCOLS] = {
	{ "customer_id", CRM_COL_INT }, { "code", CRM_COL_TEXT }, { "name", CRM_COL_TEXT },
	{ "owner", CRM_COL_TEXT },
};

/* The customers of a query (id, code, name, owner, status), in memory:
** they are changed after the query has run. */
struct few {
	struct one { int64_t id; char *code, *name, *owner, *status; } *v;
	size_t n, cap;
};

/* Column i of the row as a new string, or NULL. */
static char *
text_of(crm_stmt *st, int i)
{
	const char *t = crm_col_text(st, i);

	return t ? crm_xstrdup(t) : NULL;
}

static void
few_load(crm_store *s, crm_stmt *st, struct few *f)
{
	while (crm_sql_step(s, st) == CRM_ROW) {
		struct one *o;

		if (f->n == f->cap) {
			f->cap = f->cap ? f->cap * 2 : 64;
			f->v = crm_xrealloc(f->v, f->cap * sizeof *f->v);
		}
		o = &f->v[f->n++];
		o->id = crm_col_int(st, 0);
		o->code = text_of(st, 1);
		o->name = text_of(st, 2);
		o->owner = text_of(st, 3);
		o->status = text_of(st, 4);
	}
	crm_sql_finalize(st);
}

static void
few_free(struct few *f)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		free(f->v[i].code);
		free(f->v[i].name);
		free(f->v[i].owner);
		free(f->v[i].status);
	}
	free(f->v);
}

/* Deal the customers without an owner out to the n names of to in turn,
** in the order of their ids, so that each gets as many as the others or
** one more, the first names first (7 over 3: 3, 2, 2): the public pool,
** or with unowned the customers who never had an owner (not deleted or
** blacklisted); with region (digits) those of the regions under it.
** Prints customer_id,code,name,owner to w (when not NULL); returns how
** many were dealt.  Inside the caller's transaction. */
long long
crm_owner_distribute(crm_store *s, char *const *to, size_t n, bool unowned,
    const char *region, crm_out *w)
{
	crm_stmt *st = crm_sql_preparef(s, "SELECT id, code, name, owner, status FROM customers"
	    " WHERE owner IS NULL AND {} AND (?1 IS NULL OR (region >= ?1 AND region < ?2))"
	    " ORDER BY id", unowned ? "status <> 'public' AND status <> 'deleted'"
	    " AND status <> 'blacklisted'" : "status = 'public'");
	struct few f = { 0 };
	char day[11], *next = NULL;
	size_t i;

	if (region && *region) {
		next = crm_xstrdup(region);
		next[strlen(next) - 1]++;
		crm_bind_text(st, 1, region);
		crm_bind_text(st, 2, next);
	}
	few_load(s, st, &f);
	today(day);
	for (i = 0; i < f.n; i++) {
		const char *owner = to[i % n];

		move(s, f.v[i].id, day, NULL, f.v[i].status, owner, "distribute", NULL);
		if (w) {
			char *id = crm_format_int(f.v[i].id);
			const char *v[] = { id, f.v[i].code, f.v[i].name, owner };

			crm_out_row(w, v);
			free(id);
		}
	}
	free(next);
	few_free(&f);
	return (long long)i;
}

/* The type of a handover: same-post or other-post (同岗位交接, 不同岗位交接),
** or NULL. */
const char *
crm_handover_type(const char *s)
{
	if (!strcmp(s, "same-post") || !strcmp(s, "同岗位") || !strcmp(s, "同岗位交接"))
		return "same-post";
	if (!strcmp(s, "other-post") || !strcmp(s, "不同岗位") || !strcmp(s, "不同岗位交接"))
		return "other-post";
	return NULL;
}

const struct crm_col crm_handover_cols[CRM_HANDOVER_NCOLS] = {
	{ "handover", CRM_COL_TEXT }, { "customer_id", CRM_COL_INT }, { "code", CRM_COL_TEXT },
	{ "name", CRM_COL_TEXT }, { "from", CRM_COL_TEXT }, { "to", CRM_COL_TEXT },
};

/* Move the customers of handover hid (number) that are still "from"'s
** to "to". */
static void
handover_move(crm_store *s, int64_t hid, const char *number, const char *from,
    const char *to, const char *type)
{
	crm_stmt *st = crm_sql_prepare(s, "SELECT c.id, c.code, c.name, c.owner, c.status"
	    " FROM handover_customers k JOIN customers c ON c.id = k.customer_id"
	    " WHERE k.handover_id = ? AND c.owner = ? AND c.status <> 'deleted' ORDER BY c.id");
	char *why = crm_xasprintf("handover (%s)", type);
	struct few f = { 0 };
	char day[11];
	size_t i;

	crm_bind_int(st, 1, hid);
	crm_bind_text(st, 2, from);
	few_load(s, st, &f);
	today(day);
	for (i = 0; i < f.n; i++)
		move(s, f.v[i].id, day, from, f.v[i].status, to, why, number);
	few_free(&f);
	free(why);
}

/* File a handover of every customer of "from" to "to" (inside the
** caller's transaction): approved at once, the customers moved, when
** approver is given, else pending with the customers still from's.  Its
** number (H, year, month, serial in the month: H2611001) in number.
** Returns the customers it moves, or -1 with err set: from has none, or
** a handover of from's waits for approval already. */
long long
crm_owner_handover(crm_store *s, const char *from, const char *to, const char *type,
    const char *approver, char number[16], struct crm_buf *err)
{
	crm_stmt *st;
	struct crm_date d = crm_today();
	char day[11], prefix[8], num[48], *now;
	long long serial = 0, n = 0;
	int64_t hid;

	st = crm_sql_prepare(s, "SELECT number FROM handovers WHERE from_owner = ?"
	    " AND status = 'pending' ORDER BY id LIMIT 1");
	crm_bind_text(st, 1, from);
	if (crm_sql_step(s, st) == CRM_ROW)
		crm_buf_printf(err, "handover %s of %s's customers waits for approval: approve"
		    " or reject it first", crm_col_text(st, 0), from);
	crm_sql_finalize(st);
	if (err->len)
		return -1;
	/* numbers are never reused: handovers are never deleted */
	snprintf(prefix, sizeof prefix, "H%02d%02d", (d.y % 100 + 100) % 100, d.m % 100);
	st = crm_sql_prepare(s, "SELECT count(*) FROM handovers WHERE substr(number, 1, 5) = ?");
	crm_bind_text(st, 1, prefix);
	if (crm_sql_step(s, st) == CRM_ROW)
		serial = crm_col_int(st, 0);
	crm_sql_finalize(st);
	snprintf(num, sizeof num, "%.5s%03lld", prefix, serial + 1);
	snprintf(number, 16, "%.15s", num);
	today(day);
	now = crm_now();
	st = crm_sql_prepare(s, "INSERT INTO handovers(number, date, from_owner, to_owner,"
	    " type, status, approver, decided, created_at, created_by)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, CASE WHEN ?6 IS NULL THEN 'pending' ELSE 'approved' END,"
	    " ?6, CASE WHEN ?6 IS NULL THEN NULL ELSE ?2 END, ?7, ?8)");
	crm_bind_text(st, 1, number);
	crm_bind_text(st, 2, day);
	crm_bind_text(st, 3, from);
	crm_bind_text(st, 4, to);
	crm_bind_text(st, 5, type);
	crm_bind_text(st, 6, approver);
	crm_bind_text(st, 7, now);
	crm_bind_text(st, 8, crm_store_actor(s));
	if (crm_sql_step(s, st) != CRM_DONE)
		crm_store_fail(s, "handover");
	crm_sql_finalize(st);
	free(now);
	hid = crm_sql_last_id(s);
	st = crm_sql_prepare(s, "INSERT INTO handover_customers(handover_id, customer_id)"
	    " SELECT ?, id FROM customers WHERE owner = ? AND status <> 'deleted'");
	crm_bind_int(st, 1, hid);
	crm_bind_text(st, 2, from);
	if (crm_sql_step(s, st) != CRM_DONE)
		crm_store_fail(s, "handover");
	crm_sql_finalize(st);
	if (!(n = crm_sql_changes(s))) {
		crm_buf_printf(err, "%s has no customers to hand over", from);
		return -1;
	}
	if (approver)
		handover_move(s, hid, number, from, to, type);
	return n;
}

/* The customers of handover number: handover,customer_id,code,name,
** from,to. */
crm_rows *
crm_owner_handover_rows(crm_store *s, const char *number)
{
	crm_stmt *st = crm_sql_prepare(s, "SELECT h.number, c.id, c.code, c.name,"
	    " h.from_owner, h.to_owner FROM handovers h"
	    " JOIN handover_customers k ON k.handover_id = h.id"
	    " JOIN customers c ON c.id = k.customer_id WHERE h.number = ? ORDER BY c.id");

	crm_bind_text(st, 1, number);
	return crm_rows_new(s, st);
}

/* Approve (text: the approver) or reject (text: the reason) the pending
** handover number, inside the caller's transaction; approving moves its
** customers that are still the old owner's.  0, or -1 with err set: no
** such handover (*missing set), or it is not pending. */
int
crm_owner_decide(crm_store *s, const char *number, bool approve, const char *text,
    struct crm_buf *err, bool *missing)
{
	crm_stmt *st = crm_sql_prepare(s, "SELECT id, status, from_owner, to_owner, type"
	    " FROM handovers WHERE number = ?");
	char status[16] = "", *from = NULL, *to = NULL, *type = NULL, day[11];
	int64_t hid = 0;

	*missing = false;
	crm_bind_text(st, 1, number);
	if (crm_sql_step(s, st) == CRM_ROW) {
		hid = crm_col_int(st, 0);
		snprintf(status, sizeof status, "%s", crm_col_text(st, 1));
		from = crm_xstrdup(crm_col_text(st, 2));
		to = crm_xstrdup(crm_col_text(st, 3));
		type = crm_xstrdup(crm_col_text(st, 4));
	}
	crm_sql_finalize(st);
	if (!hid) {
		crm_buf_printf(err, "there is no handover %s", number);
		*missing = true;
		return -1;
	}
	if (strcmp(status, "pending")) {
		crm_buf_printf(err, "handover %s is %s: only a pending one can be %s", number,
		    status, approve ? "approved" : "rejected");
		free(from), free(to), free(type);
		return -1;
	}
	today(day);
	st = crm_sql_prepare(s, "UPDATE handovers SET status = ?1, decided = ?2,"
	    " approver = CASE WHEN ?1 = 'approved' THEN ?3 ELSE approver END,"
	    " reason = CASE WHEN ?1 = 'rejected' THEN ?3 ELSE reason END WHERE id = ?4");
	crm_bind_text(st, 1, approve ? "approved" : "rejected");
	crm_bind_text(st, 2, day);
	crm_bind_text(st, 3, text);
	crm_bind_int(st, 4, hid);
	if (crm_sql_step(s, st) != CRM_DONE)
		crm_store_fail(s, "handover");
	crm_sql_finalize(st);
	if (approve)
		handover_move(s, hid, number, from, to, type);
	free(from), free(to), free(type);
	return 0;
}

const struct crm_col crm_handovers_cols[CRM_HANDOVERS_NCOLS] = {
	{ "handover", CRM_COL_TEXT }, { "date", CRM_COL_DATE }, { "from", CRM_COL_TEXT },
	{ "to", CRM_COL_TEXT }, { "type", CRM_COL_TEXT }, { "customers", CRM_COL_INT },
	{ "status", CRM_COL_TEXT }, { "approver", CRM_COL_TEXT },
};

/* The handovers (of status, when given), by number. */
crm_rows *
crm_owner_handovers(crm_store *s, const char *status)
{
	crm_stmt *st = crm_sql_prepare(s, "SELECT h.number, h.date, h.from_owner, h.to_owner,"
	    " h.type, (SELECT count(*) FROM handover_customers k WHERE k.handover_id = h.id),"
	    " h.status, h.approver FROM handovers h WHERE ?1 IS NULL OR h.status = ?1"
	    " ORDER BY h.id");

	crm_bind_text(st, 1, status);
	return crm_rows_new(s, st);
}

const struct crm_col crm_sweep_cols[CRM_SWEEP_NCOLS] = {
	{ "customer_id", CRM_COL_INT }, { "code", CRM_COL_TEXT }, { "name", CRM_COL_TEXT },
	{ "action", CRM_COL_TEXT }, { "old_owner", CRM_COL_TEXT },
	{ "new_owner", CRM_COL_TEXT }, { "reason", CRM_COL_TEXT },
};

/*
** The sweep in one query, a row per customer with something to do:
**   ?1 the as-of date, ?2 the as-of date less owner.pool_months months,
**   ?3..?4 the last calendar month before the as-of date's month,
**   ?5 owner.other_rep_share in basis points,
**   ?6 the as-of date less customer.incomplete_days days.
** A record filed before ?6 and still incomplete is removed.  An owned
** one goes to the pool when the later of its last sale and the day its
** owner got it is before ?2 (a sale on ?2 itself keeps it), or when of
** its sales in the last month made since then, at least the share were
** served by another rep.  A public customer -- or one going to the pool
** now -- gets the rep who served it at least twice in that month, when
** one rep served it more often than any other.  The columns: id, code,
** name, owner, remove, last (the later date, when before ?2), sales and
** others (the month's counts, when the share is reached), assign
** ("COUNT REP"), status.
*/
#define SALE_OF(c) "s.customer_id = " c ".id AND s.voided_at IS NULL AND s.kind = 'sale'"
static const char sweep_sql[] =
	"WITH c AS (SELECT id, code, name, owner, status,"
	" CASE WHEN missing <> '' AND substr(created_at, 1, 10) < ?6 THEN 1 ELSE 0 END AS remove,"
	" CASE WHEN owner IS NOT NULL THEN coalesce((SELECT h.date FROM owner_history h"
	" WHERE h.customer_id = customers.id ORDER BY h.id DESC LIMIT 1),"
	" substr(created_at, 1, 10)) END AS since"
	" FROM customers WHERE status <> 'deleted' AND status <> 'blacklisted'),"
	" o AS (SELECT c.*,"
	" CASE WHEN remove = 0 AND owner IS NOT NULL AND status <> 'public' THEN"
	" (SELECT max(s.date) FROM sales s WHERE " SALE_OF("c") " AND s.date <= ?1) END AS last,"
	" CASE WHEN remove = 0 AND owner IS NOT NULL AND status <> 'public' THEN"
	" (SELECT count(*) FROM sales s WHERE " SALE_OF("c") " AND s.date >= ?3"
	" AND s.date <= ?4 AND s.date >= c.since AND s.date <= ?1) END AS n,"
	" CASE WHEN remove = 0 AND owner IS NOT NULL AND status <> 'public' THEN"
	" (SELECT count(*) FROM sales s WHERE " SALE_OF("c") " AND s.date >= ?3"
	" AND s.date <= ?4 AND s.date >= c.since AND s.date <= ?1 AND s.rep IS NOT NULL"
	" AND s.rep <> c.owner) END AS others FROM c),"
	" r AS (SELECT o.*,"
	" CASE WHEN last IS NOT NULL AND last > since THEN last ELSE since END AS start,"
	" CASE WHEN remove = 0 AND owner IS NOT NULL AND status <> 'public' AND"
	" ((CASE WHEN last IS NOT NULL AND last > since THEN last ELSE since END) < ?2"
	" OR (n > 0 AND others * 10000 >= ?5 * n)) THEN 1 ELSE 0 END AS freed FROM o)"
	" SELECT id, code, name, owner, remove,"
	" CASE WHEN freed = 1 AND start < ?2 THEN start END,"
	" CASE WHEN freed = 1 AND n > 0 AND others * 10000 >= ?5 * n THEN n END,"
	" CASE WHEN freed = 1 AND n > 0 AND others * 10000 >= ?5 * n THEN others END,"
	" CASE WHEN remove = 0 AND (status = 'public' OR freed = 1) THEN"
	" (SELECT CASE WHEN count(*) = 1 THEN max(g.k) || ' ' || max(g.rep) END FROM"
	" (SELECT s.rep, count(*) AS k, max(count(*)) OVER () AS top FROM sales s"
	" WHERE " SALE_OF("r") " AND s.rep IS NOT NULL AND s.date >= ?3 AND s.date <= ?4"
	" AND s.date <= ?1 GROUP BY s.rep) g WHERE g.k = g.top AND g.k >= 2) END AS assign,"
	" status FROM r WHERE remove = 1 OR freed = 1 OR (status = 'public' AND remove = 0)"
	" ORDER BY id";

/* What an applied sweep does to one customer. */
struct action {
	int64_t id;
	char kind;             /* 'r' remove, 'p' to the pool, 'a' assign */
	char *owner, *status;  /* its owner and status before the action */
	char *to, *reason;     /* assign: the new owner; why */
};

/* Sweep the owners at sw->as_of (SPEC 3.8): print each action to w (when
** not NULL) and, with sw->apply, take it, inside the caller's
** transaction, every move dated the as-of date.  A second sweep at the
** same date finds nothing: a customer freed and assigned again has its
** new owner since that date. */
void
crm_owner_sweep(crm_store *s, struct crm_sweep *sw, crm_out *w)
{
	long months = crm_config_number(s, "owner.pool_months");
	long days = crm_config_number(s, "customer.incomplete_days");
	char *share = crm_config_get(s, "owner.other_rep_share");
	long bp = crm_share_parse(share);
	struct crm_date first = { sw->as_of.y, sw->as_of.m, 1 };
	char asof[11], cut[11], from[11], to[11], young[11], month[8];
	struct action *acts = NULL;
	size_t nacts = 0, cap = 0, i;
	crm_stmt *st;

	free(share);
	crm_date_format(sw->as_of, asof);
	crm_date_format(crm_date_add_months(sw->as_of, -(int)months), cut);
	crm_date_format(crm_date_add_months(first, -1), from);
	crm_date_format(crm_date_from_days(crm_date_days(first) - 1), to);
	crm_date_format(crm_date_from_days(crm_date_days(sw->as_of) - days), young);
	snprintf(month, sizeof month, "%.7s", from);
	st = crm_sql_prepare(s, sweep_sql);
	crm_bind_text(st, 1, asof);
	crm_bind_text(st, 2, cut);
	crm_bind_text(st, 3, from);
	crm_bind_text(st, 4, to);
	crm_bind_int(st, 5, bp > 0 ? bp : 5000);
	crm_bind_text(st, 6, young);
	crm_output_personal();
	while (crm_sql_step(s, st) == CRM_ROW) {
		const char *id = crm_col_text(st, 0), *owner = crm_col_text(st, 3);
		const char *last = crm_col_text(st, 5), *assign = crm_col_text(st, 8);
		const char *rep = assign ? strchr(assign, ' ') + 1 : NULL;
		char *why[2] = { NULL, NULL };
		char kinds[2];
		int n = 0, k;

		if (crm_col_int(st, 4)) {
			kinds[n] = 'r';
			why[n++] = crm_xasprintf("incomplete after %ld days", days);
		} else {
			if (last || !crm_col_null(st, 6)) {
				kinds[n] = 'p';
				why[n++] = last ? crm_xasprintf("no sale in %ld month%s since %s",
				    months, months == 1 ? "" : "s", last) :
				    crm_xasprintf("%lld of %lld sales in %s served by others",
				    (long long)crm_col_int(st, 7), (long long)crm_col_int(st, 6), month);
			}
			if (assign) {
				kinds[n] = 'a';
				why[n++] = crm_xasprintf("%.*s sales in %s served by %s",
				    (int)(rep - 1 - assign), assign, month, rep);
			}
		}
		for (k = 0; k < n; k++) {
			const char *v[CRM_SWEEP_NCOLS] = { id, crm_col_text(st, 1), crm_col_text(st, 2),
			    kinds[k] == 'r' ? "remove" : kinds[k] == 'p' ? "to_public" : "assign",
			    kinds[k] == 'a' ? NULL : owner, kinds[k] == 'a' ? rep : NULL, why[k] };

			if (kinds[k] == 'r')
				sw->removed++;
			else if (kinds[k] == 'p')
				sw->to_public++;
			else
				sw->assigned++;
			if (w)
				crm_out_row(w, v);
			if (!sw->apply) {
				free(why[k]);
				continue;
			}
			if (nacts == cap) {
				cap = cap ? cap * 2 : 256;
				acts = crm_xrealloc(acts, cap * sizeof *acts);
			}
			/* an assign after a move to the pool finds the customer public */
			acts[nacts++] = (struct action){ crm_col_int(st, 0), kinds[k],
			    kinds[k] != 'a' && owner ? crm_xstrdup(owner) : NULL,
			    crm_xstrdup(k ? "public" : crm_col_text(st, 9)),
			    rep ? crm_xstrdup(rep) : NULL, why[k] };
		}
	}
	crm_sql_finalize(st);
	for (i = 0; i < nacts; i++) {
		struct action *a = &acts[i];
		struct crm_buf err = { 0 };

		if (a->kind == 'r') {
			if (crm_customer_delete(s, a->id, a->reason, &err) < 0)
				crm_die(CRM_EX_SOFTWARE, "sweep: %s", err.s);
		} else if (a->kind == 'p') {
			move(s, a->id, asof, a->owner, a->status, NULL, a->reason, NULL);
		} else {
			move(s, a->id, asof, NULL, a->status, a->to, a->reason, NULL);
		}
		free(a->owner), free(a->status), free(a->to), free(a->reason);
	}
	free(acts);
}
