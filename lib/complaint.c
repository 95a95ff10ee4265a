/*
** complaint.c — complaints (SPEC 3.7, seed 003 篇5 客诉处理): cases
** numbered by year, month and serial (2611007), a lifecycle kept step by
** step, deadlines of 15 days (20 for a foreign customer), and the monthly
** statistics (客诉案件统计表).
**
** The lifecycle is a state machine:
**
**	open --assign--> assigned --resolve--> resolved --close--> closed
**	  \______________resolve_______________/    |            |
**	resolved, closed --reopen--> open;   open, assigned, resolved --void--> void
**
** A step from another state is refused, naming the state the case is in.
** Numbers come from complaint_serials inside the caller's write
** transaction, so two processes opening cases at once never get the same
** one, and a voided case keeps its number.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define MONEY(c) CRM_SQL_MONEY(c)

struct word { const char *name, *zh; };

static const struct word channels[] = {
	{ "phone", "电话" }, { "letter", "信函" }, { "visit", "来访" }, { "online", "网络" },
	{ NULL, NULL },
};
static const struct word categories[] = {
	{ "quality", "质量" }, { "service", "服务" }, { "delivery", "交货" },
	{ "price", "价格" }, { "other", "其他" }, { NULL, NULL },
};
static const struct word severities[] = {
	{ "urgent", "紧急" }, { "normal", "一般" }, { NULL, NULL },
};

static const char *
word(const struct word *w, const char *s)
{
	for (; w->name; w++)
		if (!strcmp(s, w->name) || !strcmp(s, w->zh))
			return w->name;
	return NULL;
}

const char *crm_complaint_channel(const char *s) { return word(channels, s); }
const char *crm_complaint_category(const char *s) { return word(categories, s); }
const char *crm_complaint_severity(const char *s) { return word(severities, s); }

static void
history(crm_store *s, int64_t id, const char *day, const char *step, const char *note)
{
	crm_stmt *st = crm_sql_cached(s, "INSERT INTO complaint_history(complaint_id, date,"
	    " step, note, actor, recorded_at) VALUES (?, ?, ?, ?, ?, ?)");
	char *now = crm_now();

	crm_bind_int(st, 1, id);
	crm_bind_text(st, 2, day);
	crm_bind_text(st, 3, step);
	crm_bind_text(st, 4, note);
	crm_bind_text(st, 5, crm_store_actor(s));
	crm_bind_text(st, 6, now);
	if (crm_sql_step(s, st) != CRM_DONE)
		crm_store_fail(s, "complaint history");
	crm_sql_reset(st);
	free(now);
}

/* Open case c (inside the caller's write transaction): its number in
** out.  Returns its id, or 0 with err set (the month's numbers are all
** used: the message names complaint.serial_digits). */
int64_t
crm_complaint_open(crm_store *s, const struct crm_complaint *c, char out[16],
    struct crm_buf *err)
{
	long digits = crm_config_number(s, "complaint.serial_digits"), max = 1, serial = 0;
	bool foreign = c->foreign;
	long days;
	char month[16], deadline[11];
	struct crm_date d;
	crm_stmt *st;
	char *now;
	int64_t id;
	long i;

	for (i = 0; i < digits; i++)
		max *= 10;
	/* a foreign case: opened as one, or of a foreign customer */
	st = crm_sql_cached(s, "SELECT \"foreign\" FROM customers WHERE id = ?");
	crm_bind_int(st, 1, c->customer_id);
	if (crm_sql_step(s, st) == CRM_ROW && !crm_col_null(st, 0))
		foreign = true;
	crm_sql_reset(st);
	days = crm_config_number(s, foreign ? "complaint.foreign_days" : "complaint.days");
	crm_date_parse(c->date, &d);
	snprintf(month, sizeof month, "%02d%02d", (d.y % 100 + 100) % 100, d.m % 100);
	st = crm_sql_cached(s, "SELECT last FROM complaint_serials WHERE month = ?");
	crm_bind_text(st, 1, month);
	if (crm_sql_step(s, st) == CRM_ROW)
		serial = (long)crm_col_int(st, 0);
	crm_sql_reset(st);
	if (serial + 1 >= max) {
		crm_buf_printf(err, "the %ld case numbers of %04d-%02d are all used"
		    " (complaint.serial_digits = %ld: raise it for more)", max - 1, d.y, d.m, digits);
		return 0;
	}
	serial++;
	st = crm_sql_cached(s, "INSERT INTO complaint_serials(month, last) VALUES (?, ?)"
	    " ON CONFLICT (month) DO UPDATE SET last = excluded.last");
	crm_bind_text(st, 1, month);
	crm_bind_int(st, 2, serial);
	if (crm_sql_step(s, st) != CRM_DONE)
		crm_store_fail(s, "complaint number");
	crm_sql_reset(st);
	{
		char num[48];

		snprintf(num, sizeof num, "%.4s%0*ld", month, (int)digits, serial);
		snprintf(out, 16, "%.15s", num);
	}
	crm_date_format(crm_date_from_days(crm_date_days(d) + days), deadline);
	now = crm_now();
	st = crm_sql_cached(s, "INSERT INTO complaints(number, customer_id, opened, channel,"
	    " category, description, product, order_ref, qty, defect_qty, request, severity,"
	    " is_foreign, status, deadline, created_at, created_by)"
	    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?, 'open', ?,?,?)");
	crm_bind_text(st, 1, out);
	crm_bind_int(st, 2, c->customer_id);
	crm_bind_text(st, 3, c->date);
	crm_bind_text(st, 4, c->channel);
	crm_bind_text(st, 5, c->category);
	crm_bind_text(st, 6, c->description);
	crm_bind_text(st, 7, c->product);
	crm_bind_text(st, 8, c->order_ref);
	crm_bind_text(st, 9, c->qty);
	crm_bind_text(st, 10, c->defect_qty);
	crm_bind_text(st, 11, c->request);
	crm_bind_text(st, 12, c->severity ? c->severity : "normal");
	crm_bind_int(st, 13, foreign);
	crm_bind_text(st, 14, deadline);
	crm_bind_text(st, 15, now);
	crm_bind_text(st, 16, crm_store_actor(s));
	if (crm_sql_step(s, st) != CRM_DONE) {
		crm_buf_adds(err, crm_store_errmsg(s));
		free(now);
		return 0;
	}
	crm_sql_reset(st);
	id = crm_sql_last_id(s);
	history(s, id, c->date, "open", c->description);
	free(now);
	return id;
}

/* The steps: from which states each goes, and to which. */
static const struct {
	const char *name, *from, *to, *says;
} steps[] = {
	[CRM_STEP_ASSIGN] = { "assign", "open assigned", "assigned", "open or assigned" },
	[CRM_STEP_NOTE] = { "note", "open assigned resolved closed", NULL, "not void" },
	[CRM_STEP_RESOLVE] = { "resolve", "open assigned", "resolved", "open or assigned" },
	[CRM_STEP_CLOSE] = { "close", "resolved", "closed", "resolved" },
	[CRM_STEP_REOPEN] = { "reopen", "resolved closed", "open", "resolved or closed" },
	[CRM_STEP_VOID] = { "void", "open assigned resolved", "void",
	    "open, assigned or resolved" },
};

static bool
in_list(const char *list, const char *w)
{
	size_t n = strlen(w);
	const char *p;

	for (p = list; (p = strstr(p, w)); p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return true;
	return false;
}

/* Take step k on case number (inside the caller's transaction) on day,
** with its values in v.  0, or -1 with err set: no such case (*missing
** set), or not from the state it is in. */
int
crm_complaint_step(crm_store *s, const char *number, enum crm_complaint_step k,
    const char *day, const struct crm_step_values *v, struct crm_buf *err, bool *missing)
{
	crm_stmt *st = crm_sql_prepare(s, "SELECT id, status, opened FROM complaints"
	    " WHERE number = ?");
	char status[16] = "", opened[11] = "";
	int64_t id = 0;

	*missing = false;
	crm_bind_text(st, 1, number);
	if (crm_sql_step(s, st) == CRM_ROW) {
		id = crm_col_int(st, 0);
		snprintf(status, sizeof status, "%s", crm_col_text(st, 1));
		snprintf(opened, sizeof opened, "%s", crm_col_text(st, 2));
	}
	crm_sql_finalize(st);
	if (!id) {
		crm_buf_printf(err, "there is no case %s", number);
		*missing = true;
		return -1;
	}
	if (!in_list(steps[k].from, status)) {
		crm_buf_printf(err, "case %s is %s: %s goes with a case that is %s", number,
		    status, steps[k].name, steps[k].says);
		return -1;
	}
	if (strcmp(day, opened) < 0) {
		crm_buf_printf(err, "%s %s is before the case was opened (%s)", steps[k].name, day,
		    opened);
		return -1;
	}
	/* the history stays in the order of its dates */
	st = crm_sql_prepare(s, "SELECT max(date) FROM complaint_history WHERE complaint_id = ?");
	crm_bind_int(st, 1, id);
	if (crm_sql_step(s, st) == CRM_ROW && !crm_col_null(st, 0) &&
	    strcmp(day, crm_col_text(st, 0)) < 0)
		crm_buf_printf(err, "%s %s is before the case's last step (%s)", steps[k].name, day,
		    crm_col_text(st, 0));
	crm_sql_finalize(st);
	if (err->len)
		return -1;
	st = crm_sql_prepare(s, "UPDATE complaints SET status = coalesce(?2, status),"
	    " assignee = CASE WHEN ?3 = 'assign' THEN ?4 ELSE assignee END,"
	    " resolution = CASE WHEN ?3 = 'resolve' THEN ?5 WHEN ?3 = 'reopen' THEN NULL"
	    " ELSE resolution END,"
	    " responsible = CASE WHEN ?3 = 'resolve' THEN ?6 WHEN ?3 = 'reopen' THEN NULL"
	    " ELSE responsible END,"
	    " loss = CASE WHEN ?3 = 'resolve' THEN ?7 WHEN ?3 = 'reopen' THEN NULL ELSE loss END,"
	    " closed = CASE WHEN ?3 = 'close' THEN ?8 WHEN ?3 = 'reopen' THEN NULL ELSE closed END,"
	    " satisfaction = CASE WHEN ?3 = 'close' THEN ?9 WHEN ?3 = 'reopen' THEN NULL"
	    " ELSE satisfaction END WHERE id = ?1");
	crm_bind_int(st, 1, id);
	crm_bind_text(st, 2, steps[k].to);
	crm_bind_text(st, 3, steps[k].name);
	crm_bind_text(st, 4, v->to);
	crm_bind_text(st, 5, v->text);
	crm_bind_text(st, 6, v->responsible);
	if (v->loss >= 0)
		crm_bind_int(st, 7, v->loss);
	else
		crm_bind_null(st, 7);
	crm_bind_text(st, 8, day);
	if (v->satisfaction > 0)
		crm_bind_int(st, 9, v->satisfaction);
	else
		crm_bind_null(st, 9);
	if (crm_sql_step(s, st) != CRM_DONE)
		crm_store_fail(s, "complaint");
	crm_sql_finalize(st);
	history(s, id, day, steps[k].name, k == CRM_STEP_ASSIGN ? v->to : v->text);
	return 0;
}

const struct crm_col crm_complaint_cols[CRM_COMPLAINT_NCOLS] = {
	{ "number", CRM_COL_TEXT }, { "customer_id", CRM_COL_INT }, { "code", CRM_COL_TEXT },
	{ "name", CRM_COL_TEXT }, { "opened", CRM_COL_DATE }, { "channel", CRM_COL_TEXT },
	{ "category", CRM_COL_TEXT }, { "severity", CRM_COL_TEXT }, { "status", CRM_COL_TEXT },
	{ "assignee", CRM_COL_TEXT }, { "deadline", CRM_COL_DATE }, { "closed", CRM_COL_DATE },
	{ "days_open", CRM_COL_INT }, { "overdue", CRM_COL_TEXT },
};

#define DAYS(a, b) CRM_SQL_DAYS(a, b)

/* The cases matching f, by number: days_open to the close or the as-of
** date; overdue yes for an open case past its deadline or one closed
** after it. */
crm_rows *
crm_complaint_list(crm_store *s, const struct crm_complaint_filter *f)
{
	crm_stmt *st = crm_sql_preparef(s, "SELECT * FROM (SELECT k.number, k.customer_id,"
	    " c.code, c.name, k.opened, k.channel, k.category, k.severity, k.status,"
	    " k.assignee, k.deadline, k.closed,"
	    " CASE WHEN k.status = 'void' THEN NULL ELSE "
	    DAYS("coalesce(k.closed, ?1)", "k.opened") " END,"
	    " CASE WHEN k.status = 'void' THEN 'no'"
	    " WHEN k.closed IS NOT NULL AND k.closed > k.deadline THEN 'yes'"
	    " WHEN k.closed IS NULL AND ?1 > k.deadline THEN 'yes' ELSE 'no' END AS overdue"
	    " FROM complaints k JOIN customers c ON c.id = k.customer_id"
	    " WHERE {} AND (?3 IS NULL OR k.status = ?3) AND (?4 IS NULL OR k.assignee = ?4)"
	    " AND (?5 = 0 OR (k.status <> 'closed' AND k.status <> 'void'))"
	    " AND k.opened <= ?1) x WHERE ?6 = 0 OR x.overdue = 'yes' ORDER BY x.number",
	    CRM_SQL_KEY(f->customer_id, "k.customer_id", "?2"));

	crm_output_personal();
	crm_bind_text(st, 1, f->as_of);
	crm_bind_int(st, 2, f->customer_id);
	crm_bind_text(st, 3, f->status);
	crm_bind_text(st, 4, f->assignee);
	crm_bind_int(st, 5, f->open);
	crm_bind_int(st, 6, f->overdue);
	return crm_rows_new(s, st);
}

/* Case number as field,value rows: the case, then its history. */
crm_rows *
crm_complaint_show(crm_store *s, const char *number)
{
	crm_stmt *st = crm_sql_prepare(s, "WITH k AS (SELECT * FROM complaints WHERE number = ?1)"
	    " SELECT f, v FROM (SELECT 1 AS o, 'number' AS f, number AS v FROM k"
	    " UNION ALL SELECT 2, 'customer', (SELECT coalesce(c.code, c.id) || ' ' || c.name"
	    " FROM customers c WHERE c.id = k.customer_id) FROM k"
	    " UNION ALL SELECT 3, 'opened', opened FROM k"
	    " UNION ALL SELECT 4, 'channel', channel FROM k"
	    " UNION ALL SELECT 5, 'category', category FROM k"
	    " UNION ALL SELECT 6, 'severity', severity FROM k"
	    " UNION ALL SELECT 7, 'description', description FROM k"
	    " UNION ALL SELECT 8, 'product', product FROM k"
	    " UNION ALL SELECT 9, 'order_ref', order_ref FROM k"
	    " UNION ALL SELECT 10, 'qty', qty FROM k"
	    " UNION ALL SELECT 11, 'defect_qty', defect_qty FROM k"
	    " UNION ALL SELECT 12, 'request', request FROM k"
	    " UNION ALL SELECT 13, 'foreign', CASE WHEN is_foreign = 1 THEN 'yes' ELSE 'no' END FROM k"
	    " UNION ALL SELECT 14, 'status', status FROM k"
	    " UNION ALL SELECT 15, 'assignee', assignee FROM k"
	    " UNION ALL SELECT 16, 'deadline', deadline FROM k"
	    " UNION ALL SELECT 17, 'resolution', resolution FROM k"
	    " UNION ALL SELECT 18, 'responsible', responsible FROM k"
	    " UNION ALL SELECT 19, 'loss', " MONEY("loss") " FROM k"
	    " UNION ALL SELECT 20, 'closed', closed FROM k"
	    " UNION ALL SELECT 21, 'satisfaction', satisfaction FROM k"
	    " UNION ALL SELECT 100 + h.id, 'history', h.date || ' ' || h.step || ' ' || h.actor ||"
	    " CASE WHEN h.note IS NULL THEN '' ELSE ': ' || h.note END"
	    " FROM complaint_history h JOIN k ON h.complaint_id = k.id) x ORDER BY o");

	crm_output_personal();
	crm_bind_text(st, 1, number);
	return crm_rows_new(s, st);
}

/* The open cases of customer id (not closed or void), for crm-show. */
crm_rows *
crm_complaint_open_of(crm_store *s, int64_t id, const char *as_of)
{
	struct crm_complaint_filter f = { .customer_id = id, .open = true };

	snprintf(f.as_of, sizeof f.as_of, "%s", as_of);
	return crm_complaint_list(s, &f);
}

const struct crm_col crm_complaint_stats_cols[CRM_COMPLAINT_STATS_NCOLS] = {
	{ "dimension", CRM_COL_TEXT }, { "key", CRM_COL_TEXT }, { "cases", CRM_COL_INT },
	{ "closed", CRM_COL_INT }, { "overdue", CRM_COL_INT },
	{ "avg_days_to_close", CRM_COL_RATIO }, { "loss", CRM_COL_MONEY },
};

/* The statistics of from..to (客诉案件统计表) by category, responsible
** and product, then a total row: cases opened in the period, closed in
** it, overdue (closed late in it, or open past the deadline at its
** end), the average days to close (2 decimals, half up) and the loss of
** the cases closed in it. */
crm_rows *
crm_complaint_stats(crm_store *s, const char *from, const char *to)
{
	crm_stmt *st = crm_sql_prepare(s, "WITH k AS (SELECT *,"
	    " CASE WHEN opened >= ?1 AND opened <= ?2 THEN 1 ELSE 0 END AS in_opened,"
	    " CASE WHEN closed IS NOT NULL AND closed >= ?1 AND closed <= ?2 THEN 1 ELSE 0 END"
	    " AS in_closed,"
	    " CASE WHEN (closed IS NOT NULL AND closed >= ?1 AND closed <= ?2 AND closed > deadline)"
	    " OR (opened <= ?2 AND (closed IS NULL OR closed > ?2) AND deadline < ?2)"
	    " THEN 1 ELSE 0 END AS late FROM complaints WHERE status <> 'void'),"
	    " d(dimension, o, key, in_opened, in_closed, late, days, loss) AS ("
	    " SELECT 'category', 1, category, in_opened, in_closed, late,"
	    " CASE WHEN in_closed = 1 THEN " DAYS("closed", "opened") " END,"
	    " CASE WHEN in_closed = 1 THEN coalesce(loss, 0) END FROM k"
	    " UNION ALL SELECT 'responsible', 2, coalesce(responsible, 'none'), in_opened,"
	    " in_closed, late, CASE WHEN in_closed = 1 THEN " DAYS("closed", "opened") " END,"
	    " CASE WHEN in_closed = 1 THEN coalesce(loss, 0) END FROM k"
	    " UNION ALL SELECT 'product', 3, coalesce(product, 'none'), in_opened, in_closed,"
	    " late, CASE WHEN in_closed = 1 THEN " DAYS("closed", "opened") " END,"
	    " CASE WHEN in_closed = 1 THEN coalesce(loss, 0) END FROM k"
	    " UNION ALL SELECT 'total', 4, '', in_opened, in_closed, late,"
	    " CASE WHEN in_closed = 1 THEN " DAYS("closed", "opened") " END,"
	    " CASE WHEN in_closed = 1 THEN coalesce(loss, 0) END FROM k)"
	    " SELECT dimension, CASE WHEN dimension = 'total' THEN NULL ELSE key END,"
	    " sum(in_opened), sum(in_closed), sum(late),"
	    /* the average in hundredths, half up, printed as money is */
	    " CASE WHEN sum(in_closed) > 0 THEN "
	    MONEY("((200 * sum(days) + sum(in_closed)) / (2 * sum(in_closed)))")
	    " END, " MONEY("coalesce(sum(loss), 0)") " FROM d"
	    " GROUP BY dimension, o, key HAVING sum(in_opened) + sum(in_closed) + sum(late) > 0"
	    " OR dimension = 'total' ORDER BY o, key");

	crm_bind_text(st, 1, from);
	crm_bind_text(st, 2, to);
	return crm_rows_new(s, st);
}
