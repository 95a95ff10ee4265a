/*
** visit.c — visits and follow-ups (SPEC 3.4, seed 000 客户回访, seed 004
** 拜访记录表, 拜访日报表, 联络计划表): the visit log, contact plans, and
** the duties of the policy visit.policy.
**
** A plan is done when a visit by its visitor to its customer falls within
** visit.plan_window_days of its date: the visit keeps the plan it fulfils
** (visits.plan_id), so that one visit fulfils one plan and a plan's state
** is never stored twice.  Logging a visit links it to the earliest open
** plan in its window; making a plan links it to the earliest visit in
** its window that fulfils no plan yet.
**
** A duty rule (name:grades:role:channel:count/period) counts a
** customer's visits with that role and channel in the calendar period
** that contains the as-of date, up to it (last_date: the latest such
** visit in any period, up to the as-of date too, so that a run as of a
** past day sees what was known then); the k-th of N is due at the end
** of the k-th N-th of the period (two a year: June 30, December 31).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* ---- the fixed words, with the seed's letters and Chinese forms ---- */

struct word { const char *name, *forms; };

static const struct word roles[] = {
	{ "gm", "总经理" }, { "manager", "经理|销售经理" }, { "rep", "业务员|销售员" },
	{ "service", "客服|客户服务" }, { NULL, NULL },
};
static const struct word channels[] = {
	{ "visit", "拜访|上门" }, { "phone", "电话" }, { "email", "邮件|电子邮件" },
	{ "meeting", "会议" }, { "reception", "接待" }, { NULL, NULL },
};
static const struct word purposes[] = {
	{ "first", "a|初次拜访" }, { "problem", "b|处理问题" },
	{ "relationship", "c|建立关系" }, { NULL, NULL },
};
static const struct word outcomes[] = {
	{ "success", "A|商谈成功" }, { "hopeful", "B|有希望" }, { "revisit", "C|再度访问" },
	{ "hopeless", "D|无希望" }, { "observe", "E|继续观察" }, { NULL, NULL },
};
static const struct word *const words[] = {
	[CRM_VW_ROLE] = roles, [CRM_VW_CHANNEL] = channels,
	[CRM_VW_PURPOSE] = purposes, [CRM_VW_OUTCOME] = outcomes,
};
static const char *const word_list[] = {
	[CRM_VW_ROLE] = "gm, manager, rep or service (总经理, 经理, 业务员, 客服)",
	[CRM_VW_CHANNEL] = "visit, phone, email, meeting or reception (拜访, 电话, 邮件, 会议, 接待)",
	[CRM_VW_PURPOSE] = "first, problem or relationship (a, b, c; 初次拜访, 处理问题, 建立关系)",
	[CRM_VW_OUTCOME] = "success, hopeful, revisit, hopeless or observe (A-E; 商谈成功, 有希望, 再度访问, 无希望, 继续观察)",
};

/* s as the word of kind k (its English name); NULL when it is none. */
const char *
crm_visit_word(enum crm_visit_word k, const char *s)
{
	const struct word *w;
	const char *p, *end;
	size_t n = strlen(s);

	for (w = words[k]; w->name; w++) {
		if (!strcmp(s, w->name))
			return w->name;
		for (p = w->forms; *p; p = *end ? end + 1 : end) {
			end = strchr(p, '|');
			if (!end)
				end = p + strlen(p);
			if ((size_t)(end - p) == n && !memcmp(p, s, n))
				return w->name;
		}
	}
	return NULL;
}

/* What the words of kind k are, for a message. */
const char *
crm_visit_words(enum crm_visit_word k)
{
	return word_list[k];
}

/* ---- the log ---- */

const struct crm_col crm_visit_cols[CRM_VISIT_NCOLS] = {
	{ "id", CRM_COL_INT }, { "customer_id", CRM_COL_INT }, { "code", CRM_COL_TEXT },
	{ "name", CRM_COL_TEXT }, { "date", CRM_COL_DATE }, { "visitor", CRM_COL_TEXT },
	{ "role", CRM_COL_TEXT }, { "channel", CRM_COL_TEXT }, { "purpose", CRM_COL_TEXT },
	{ "outcome", CRM_COL_TEXT }, { "cost", CRM_COL_MONEY }, { "plan_id", CRM_COL_INT },
};

static long
window_days(crm_store *s)
{
	char *v = crm_config_get(s, "visit.plan_window_days");
	long n = strtol(v, NULL, 10);

	free(v);
	return n;
}

/* The dates d - days and d + days. */
static void
around(const char *d, long days, char lo[11], char hi[11])
{
	struct crm_date x;

	crm_date_parse(d, &x);
	crm_date_format(crm_date_from_days(crm_date_days(x) - days), lo);
	crm_date_format(crm_date_from_days(crm_date_days(x) + days), hi);
}

static int64_t plan(crm_store *s, int64_t customer, const char *date,
    const char *visitor, const char *purpose, const char *channel, int64_t not);

/* Link visit id (of customer, visitor, on date) to the earliest open
** plan within the window, if there is one. */
static void
fulfil(crm_store *s, int64_t id, int64_t customer, const char *visitor,
    const char *date, long window)
{
	crm_stmt *st = crm_sql_cached(s, "UPDATE visits SET plan_id = (SELECT p.id"
	    " FROM visit_plans p WHERE p.customer_id = ?1 AND p.visitor = ?2"
	    " AND p.date >= ?3 AND p.date <= ?4"
	    " AND NOT EXISTS (SELECT 1 FROM visits v WHERE v.plan_id = p.id)"
	    " ORDER BY p.date, p.id LIMIT 1) WHERE id = ?5");
	char lo[11], hi[11];

	around(date, window, lo, hi);
	crm_bind_int(st, 1, customer);
	crm_bind_text(st, 2, visitor);
	crm_bind_text(st, 3, lo);
	crm_bind_text(st, 4, hi);
	crm_bind_int(st, 5, id);
	if (crm_sql_step(s, st) != CRM_DONE)
		crm_store_fail(s, "visit");
	crm_sql_reset(st);
}

/* A plan for customer on date by visitor (inside the caller's
** transaction), linked to the earliest visit within the window that
** fulfils no plan yet.  Returns its id. */
int64_t
crm_visit_plan(crm_store *s, int64_t customer, const char *date, const char *visitor,
    const char *purpose, const char *channel)
{
	return plan(s, customer, date, visitor, purpose, channel, 0);
}

/* A plan, linked to the earliest visit in its window that fulfils no
** plan yet, but never to visit not (the one whose --next made it). */
static int64_t
plan(crm_store *s, int64_t customer, const char *date, const char *visitor,
    const char *purpose, const char *channel, int64_t not)
{
	crm_stmt *st = crm_sql_cached(s, "INSERT INTO visit_plans(customer_id, date,"
	    " visitor, purpose, channel, created_at, created_by) VALUES (?,?,?,?,?,?,?)");
	char *now = crm_now(), lo[11], hi[11];
	int64_t id;

	crm_bind_int(st, 1, customer);
	crm_bind_text(st, 2, date);
	crm_bind_text(st, 3, visitor);
	crm_bind_text(st, 4, purpose);
	crm_bind_text(st, 5, channel);
	crm_bind_text(st, 6, now);
	crm_bind_text(st, 7, crm_store_actor(s));
	if (crm_sql_step(s, st) != CRM_DONE)
		crm_store_fail(s, "plan");
	crm_sql_reset(st);
	id = crm_sql_last_id(s);
	around(date, window_days(s), lo, hi);
	st = crm_sql_cached(s, "UPDATE visits SET plan_id = ?1 WHERE id = (SELECT v.id"
	    " FROM visits v WHERE v.customer_id = ?2 AND v.visitor = ?3"
	    " AND v.date >= ?4 AND v.date <= ?5 AND v.plan_id IS NULL AND v.id <> ?6"
	    " ORDER BY v.date, v.id LIMIT 1)");
	crm_bind_int(st, 1, id);
	crm_bind_int(st, 2, customer);
	crm_bind_text(st, 3, visitor);
	crm_bind_text(st, 4, lo);
	crm_bind_text(st, 5, hi);
	crm_bind_int(st, 6, not);
	if (crm_sql_step(s, st) != CRM_DONE)
		crm_store_fail(s, "plan");
	crm_sql_reset(st);
	free(now);
	return id;
}

/* Log visit v (inside the caller's transaction): fulfils the earliest
** open plan in its window, and with v->next plans the next visit.  Returns its id, or
** 0 with err set; with v->dedupe, -(the id of the visit it duplicates:
** same customer, date, visitor and channel). */
int64_t
crm_visit_log(crm_store *s, const struct crm_visit *v, struct crm_buf *err)
{
	crm_stmt *st;
	int64_t id;
	char *own = v->now ? NULL : crm_now();

	if (v->dedupe) {
		/* by the customer's visits: the index by date and visitor
		** matches two terms, but an import reads it at random */
		st = crm_sql_cached(s, "SELECT id FROM visits"
		    CRM_SQL_INDEXED("visits_customer") " WHERE customer_id = ?"
		    " AND date = ? AND visitor = ? AND channel = ?");
		crm_bind_int(st, 1, v->customer_id);
		crm_bind_text(st, 2, v->date);
		crm_bind_text(st, 3, v->visitor);
		crm_bind_text(st, 4, v->channel);
		id = crm_sql_step(s, st) == CRM_ROW ? crm_col_int(st, 0) : 0;
		crm_sql_reset(st);
		if (id) {
			crm_buf_printf(err, "duplicate of visit %lld (same customer, date,"
			    " visitor and channel)", (long long)id);
			free(own);
			return -id;
		}
	}
	st = crm_sql_cached(s, "INSERT INTO visits(customer_id, date, visitor, role,"
	    " channel, purpose, outcome, cost, notes, created_at, created_by)"
	    " VALUES (?,?,?,?,?,?,?,?,?,?,?)");
	crm_bind_int(st, 1, v->customer_id);
	crm_bind_text(st, 2, v->date);
	crm_bind_text(st, 3, v->visitor);
	crm_bind_text(st, 4, v->role);
	crm_bind_text(st, 5, v->channel);
	crm_bind_text(st, 6, v->purpose);
	crm_bind_text(st, 7, v->outcome);
	if (v->cost >= 0)
		crm_bind_int(st, 8, v->cost);
	else
		crm_bind_null(st, 8);
	crm_bind_text(st, 9, v->notes);
	crm_bind_text(st, 10, v->now ? v->now : own);
	crm_bind_text(st, 11, crm_store_actor(s));
	if (crm_sql_step(s, st) != CRM_DONE) {
		crm_buf_adds(err, crm_store_errmsg(s));
		free(own);
		return 0;
	}
	crm_sql_reset(st);
	id = crm_sql_last_id(s);
	fulfil(s, id, v->customer_id, v->visitor, v->date,
	    v->window > 0 ? v->window : window_days(s));
	if (v->next[0])
		plan(s, v->customer_id, v->next, v->visitor, v->purpose, v->channel, id);
	free(own);
	return id;
}

/* How many visits the log holds, counted up to limit (a count of a big
** log reads a whole index). */
long long
crm_visit_count_upto(crm_store *s, long long limit)
{
	crm_stmt *st = crm_sql_prepare(s, "SELECT count(*) FROM (SELECT 1 FROM visits"
	    " LIMIT ?) AS v");
	long long n = 0;

	crm_bind_int(st, 1, limit);
	if (crm_sql_step(s, st) == CRM_ROW)
		n = crm_col_int(st, 0);
	crm_sql_finalize(st);
	return n;
}

#define VISIT_SELECT "SELECT v.id, v.customer_id, c.code, c.name, v.date," \
	" v.visitor, v.role, v.channel, v.purpose, v.outcome, " CRM_SQL_MONEY("v.cost") \
	", v.plan_id FROM visits v JOIN customers c ON c.id = v.customer_id"

crm_rows *
crm_visit_get(crm_store *s, int64_t id)
{
	crm_stmt *st = crm_sql_prepare(s, VISIT_SELECT " WHERE v.id = ?");

	crm_output_personal();
	crm_bind_int(st, 1, id);
	return crm_rows_new(s, st);
}

/* The visits matching every filter given, by date then id. */
crm_rows *
crm_visit_list(crm_store *s, const struct crm_visit_filter *f)
{
	crm_stmt *st = crm_sql_preparef(s, VISIT_SELECT " WHERE {}"
	    " AND (?2 IS NULL OR v.date >= ?2) AND (?3 IS NULL OR v.date <= ?3)"
	    " AND (?4 IS NULL OR v.visitor = ?4) AND (?5 IS NULL OR v.channel = ?5)"
	    " ORDER BY v.date, v.id", CRM_SQL_KEY(f->customer_id, "v.customer_id", "?1"));

	crm_output_personal();
	crm_bind_int(st, 1, f->customer_id);
	crm_bind_text(st, 2, f->from[0] ? f->from : NULL);
	crm_bind_text(st, 3, f->to[0] ? f->to : NULL);
	crm_bind_text(st, 4, f->visitor);
	crm_bind_text(st, 5, f->channel);
	return crm_rows_new(s, st);
}

/* The last n visits of customer id, newest first. */
crm_rows *
crm_visit_last(crm_store *s, int64_t id, int n)
{
	crm_stmt *st = crm_sql_prepare(s, VISIT_SELECT " WHERE v.customer_id = ?"
	    " ORDER BY v.date DESC, v.id DESC LIMIT ?");

	crm_bind_int(st, 1, id);
	crm_bind_int(st, 2, n);
	return crm_rows_new(s, st);
}

/* ---- plans ---- */

const struct crm_col crm_plan_cols[CRM_PLAN_NCOLS] = {
	{ "id", CRM_COL_INT }, { "customer_id", CRM_COL_INT }, { "code", CRM_COL_TEXT },
	{ "name", CRM_COL_TEXT }, { "date", CRM_COL_DATE }, { "visitor", CRM_COL_TEXT },
	{ "purpose", CRM_COL_TEXT }, { "channel", CRM_COL_TEXT },
	{ "status", CRM_COL_TEXT }, { "visit_id", CRM_COL_INT },
};

/* The plans matching f, by date then id; a plan is done when a visit
** fulfils it, missed when its window ended before the as-of date, else
** open. */
crm_rows *
crm_visit_plans(crm_store *s, const struct crm_plan_filter *f)
{
	crm_stmt *st = crm_sql_preparef(s, "SELECT * FROM (SELECT p.id, p.customer_id,"
	    " c.code, c.name, p.date, p.visitor, p.purpose, p.channel,"
	    " CASE WHEN v.id IS NOT NULL THEN 'done' WHEN p.date < ?6 THEN 'missed'"
	    " ELSE 'open' END AS status, v.id AS visit_id"
	    " FROM visit_plans p JOIN customers c ON c.id = p.customer_id"
	    " LEFT JOIN visits v ON v.plan_id = p.id"
	    " WHERE (?1 IS NULL OR p.date >= ?1) AND (?2 IS NULL OR p.date <= ?2)"
	    " AND (?3 IS NULL OR p.visitor = ?3) AND {}) x"
	    " WHERE ?4 IS NULL OR x.status = ?4 ORDER BY x.date, x.id",
	    CRM_SQL_KEY(f->customer_id, "p.customer_id", "?5"));
	char lo[11], hi[11];

	/* missed: date + window < as-of, i.e. date < as-of - window */
	around(f->as_of, window_days(s), lo, hi);
	crm_output_personal();
	crm_bind_text(st, 1, f->from[0] ? f->from : NULL);
	crm_bind_text(st, 2, f->to[0] ? f->to : NULL);
	crm_bind_text(st, 3, f->visitor);
	crm_bind_text(st, 4, f->status);
	crm_bind_int(st, 5, f->customer_id);
	crm_bind_text(st, 6, lo);
	return crm_rows_new(s, st);
}

/* ---- the duty policy ---- */

static const char *const period_names[] = { "year", "half", "quarter", "month" };
static const int period_months[] = { 12, 6, 3, 1 };

/* Parse a policy "name:grades:role:channel:count/period;..." into rules
** (*n of them, caller frees *rules).  NULL, or a message (static). */
const char *
crm_visit_policy_parse(const char *text, struct crm_visit_rule **rules, size_t *n)
{
	static char msg[200];
	char *copy = crm_xstrdup(text), *rule, *save = NULL;
	struct crm_visit_rule *r = NULL;
	size_t cap = 0, k = 0;

	*rules = NULL;
	*n = 0;
	for (rule = strtok_r(copy, ";", &save); rule; rule = strtok_r(NULL, ";", &save)) {
		char *f[5], *p = rule, *slash, *end;
		const char *w;
		int i;

		while (*p == ' ')
			p++;
		if (!*p)
			continue;
		for (i = 0; i < 5; i++) {
			f[i] = p;
			if (i < 4) {
				if (!(p = strchr(p, ':')))
					break;
				*p++ = '\0';
			}
		}
		if (i < 5 || strchr(f[4], ':')) {
			snprintf(msg, sizeof msg, "has a rule '%.60s' that is not name:grades:role:channel:count/period", f[0]);
			goto bad;
		}
		if (k == cap)
			r = crm_xrealloc(r, (cap = cap ? cap * 2 : 4) * sizeof *r);
		memset(&r[k], 0, sizeof r[k]);
		if (!*f[0] || strlen(f[0]) >= sizeof r[k].name) {
			snprintf(msg, sizeof msg, "has a rule without a name (or one over 31 bytes)");
			goto bad;
		}
		strcpy(r[k].name, f[0]);
		if (!*f[1] || strlen(f[1]) >= sizeof r[k].grades) {
			snprintf(msg, sizeof msg, "has a bad rule %s: grades are letters (AB) or *", f[0]);
			goto bad;
		}
		strcpy(r[k].grades, f[1]);
		if (strcmp(f[1], "*") && strspn(f[1], "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != strlen(f[1])) {
			snprintf(msg, sizeof msg, "has a bad rule %s: grades '%.20s' are not capital letters (AB) or *",
			    f[0], f[1]);
			goto bad;
		}
		if (!(w = crm_visit_word(CRM_VW_ROLE, f[2]))) {
			snprintf(msg, sizeof msg, "has a bad rule %s: role '%.40s' is not gm, manager, rep or service", f[0], f[2]);
			goto bad;
		}
		r[k].role = w;
		if (!(w = crm_visit_word(CRM_VW_CHANNEL, f[3]))) {
			snprintf(msg, sizeof msg, "has a bad rule %s: channel '%.40s' is not visit, phone, email, meeting or reception", f[0], f[3]);
			goto bad;
		}
		r[k].channel = w;
		r[k].count = strtol(f[4], &end, 10);
		slash = end;
		if (slash == f[4] || *slash != '/' || r[k].count < 1 || r[k].count > 366) {
			snprintf(msg, sizeof msg, "has a bad rule %s: '%.40s' is not count/period (2/year)", f[0], f[4]);
			goto bad;
		}
		for (i = 0; i < 4 && strcmp(slash + 1, period_names[i]); i++)
			;
		if (i == 4) {
			snprintf(msg, sizeof msg, "has a bad rule %s: period '%.40s' is not year, half, quarter or month", f[0], slash + 1);
			goto bad;
		}
		r[k].period = i;
		for (i = 0; i < (int)k; i++)
			if (!strcmp(r[i].name, r[k].name)) {
				snprintf(msg, sizeof msg, "has rule %s twice", r[k].name);
				goto bad;
			}
		k++;
	}
	free(copy);
	if (!k) {
		free(r);
		return "has no rule";
	}
	*rules = r;
	*n = k;
	return NULL;
bad:
	free(copy);
	free(r);
	return msg;
}

/* The calendar period of kind p that contains d: its first and last day. */
static void
period_of(int p, struct crm_date d, struct crm_date *first, struct crm_date *last)
{
	int months = period_months[p], m0 = (d.m - 1) / months * months + 1;
	struct crm_date next = { d.y, m0 + months, 1 };

	if (next.m > 12)
		next.m -= 12, next.y++;
	*first = (struct crm_date){ d.y, m0, 1 };
	*last = crm_date_from_days(crm_date_days(next) - 1);
}

/* The day the k-th of n visits of a period first..last is due: the end
** of the k-th n-th of it, at a month's end when n divides the months. */
static struct crm_date
due_of(int p, struct crm_date first, struct crm_date last, long k, long n)
{
	int months = period_months[p];
	long days = crm_date_days(last) - crm_date_days(first) + 1;

	if (months * k % n == 0) {
		struct crm_date next = first;

		next.m += (int)(months * k / n);
		while (next.m > 12)
			next.m -= 12, next.y++;
		return crm_date_from_days(crm_date_days(next) - 1);
	}
	return crm_date_from_days(crm_date_days(first) + (days * k + n - 1) / n - 1);
}

const struct crm_col crm_due_cols[CRM_DUE_NCOLS] = {
	{ "id", CRM_COL_INT }, { "code", CRM_COL_TEXT }, { "name", CRM_COL_TEXT },
	{ "grade", CRM_COL_TEXT }, { "owner", CRM_COL_TEXT }, { "region", CRM_COL_TEXT },
	{ "rule", CRM_COL_TEXT }, { "done", CRM_COL_INT }, { "required", CRM_COL_INT },
	{ "last_date", CRM_COL_DATE }, { "due_date", CRM_COL_DATE },
	{ "overdue_days", CRM_COL_INT }, { "route", CRM_COL_TEXT },
};

/* The duties still owed at f->as_of under rules, one row per customer
** and rule, in crm_due_cols (route only with f->by_region): most overdue
** first, or by region and address with f->by_region. */
crm_rows *
crm_visit_due(crm_store *s, const struct crm_visit_rule *rules, size_t nrules,
    const struct crm_due_filter *f)
{
	struct crm_date asof = f->as_of;
	char a[11], b[11], due[11];
	crm_stmt *st;
	size_t i;

	crm_sql_exec(s, "DROP TABLE IF EXISTS visit_due;"
	    " CREATE TEMP TABLE visit_due (id INTEGER, rule_no INTEGER, rule TEXT,"
	    " done INTEGER, required INTEGER, last_date TEXT, due_date TEXT,"
	    " overdue INTEGER)");
	crm_date_format(asof, b);
	for (i = 0; i < nrules; i++) {
		const struct crm_visit_rule *r = &rules[i];
		struct crm_buf sql = { 0 };
		struct crm_date first, last;
		bool every = !strcmp(r->grades, "*");
		size_t g, ng = every ? 0 : strlen(r->grades);

		period_of(r->period, asof, &first, &last);
		crm_date_format(first, a);
		crm_buf_adds(&sql, "SELECT c.id, (SELECT count(*) FROM visits v"
		    " WHERE v.customer_id = c.id AND v.role = ?1 AND v.channel = ?2"
		    " AND v.date >= ?3 AND v.date <= ?4), (SELECT max(v.date) FROM visits v"
		    " WHERE v.customer_id = c.id AND v.role = ?1 AND v.channel = ?2"
		    " AND v.date <= ?4) FROM customers c WHERE c.status <> 'deleted'"
		    " AND c.status <> 'blacklisted' AND (?5 IS NULL OR c.owner = ?5)");
		/* one customer by its key, not a scan with a test per row */
		crm_buf_adds(&sql, f->customer_id ? " AND c.id = ?6" : " AND ?6 = 0");
		if (!every) {
			crm_buf_adds(&sql, " AND c.grade IN (");
			for (g = 0; g < ng; g++)
				crm_buf_printf(&sql, "%s?%zu", g ? ", " : "", g + 7);
			crm_buf_adds(&sql, ")");
		}
		st = crm_sql_prepare(s, sql.s);
		crm_buf_free(&sql);
		crm_bind_static(st, 1, r->role);
		crm_bind_static(st, 2, r->channel);
		crm_bind_text(st, 3, a);
		crm_bind_text(st, 4, b);
		crm_bind_text(st, 5, f->owner);
		crm_bind_int(st, 6, f->customer_id);
		for (g = 0; g < ng; g++) {
			char letter[2] = { r->grades[g], '\0' };

			crm_bind_text(st, (int)g + 7, letter);
		}
		while (crm_sql_step(s, st) == CRM_ROW) {
			long done = (long)crm_col_int(st, 1), over;
			struct crm_date d;
			crm_stmt *ins;

			if (done >= r->count)
				continue;
			d = due_of(r->period, first, last, done + 1, r->count);
			crm_date_format(d, due);
			over = crm_date_days(asof) - crm_date_days(d);
			ins = crm_sql_cached(s, "INSERT INTO visit_due VALUES (?,?,?,?,?,?,?,?)");
			crm_bind_int(ins, 1, crm_col_int(st, 0));
			crm_bind_int(ins, 2, (int64_t)i);
			crm_bind_text(ins, 3, r->name);
			crm_bind_int(ins, 4, done);
			crm_bind_int(ins, 5, r->count);
			crm_bind_text(ins, 6, crm_col_text(st, 2));
			crm_bind_text(ins, 7, due);
			crm_bind_int(ins, 8, over > 0 ? over : 0);
			if (crm_sql_step(s, ins) != CRM_DONE)
				crm_store_fail(s, "due");
			crm_sql_reset(ins);
		}
		crm_sql_finalize(st);
	}
	crm_output_personal();
	/* the route: the city, or the province for a municipality's 市辖区 and
	** 县 and for the county-level cities a province runs itself
	** (省直辖县级行政区划) */
	st = crm_sql_prepare(s, f->by_region ?
	    "SELECT c.id, c.code, c.name, c.grade, c.owner, c.region, d.rule, d.done,"
	    " d.required, d.last_date, d.due_date, d.overdue,"
	    " CASE WHEN ct.name IS NULL OR ct.name = '市辖区' OR ct.name = '县'"
	    " OR ct.name LIKE '%直辖县级行政区划' THEN pr.name ELSE ct.name END"
	    " FROM visit_due d JOIN customers c ON c.id = d.id"
	    " LEFT JOIN regions ct ON ct.code = substr(c.region, 1, 4) || '00'"
	    " LEFT JOIN regions pr ON pr.code = substr(c.region, 1, 2) || '0000'"
	    " ORDER BY CASE WHEN c.region IS NULL THEN 1 ELSE 0 END, c.region,"
	    " c.address, c.id, d.rule_no" :
	    "SELECT c.id, c.code, c.name, c.grade, c.owner, c.region, d.rule, d.done,"
	    " d.required, d.last_date, d.due_date, d.overdue"
	    " FROM visit_due d JOIN customers c ON c.id = d.id"
	    " ORDER BY d.overdue DESC, d.due_date, c.id, d.rule_no");
	return crm_rows_new(s, st);
}

/* ---- the day report (拜访日报表) ---- */

const struct crm_col crm_visit_day_cols[CRM_VISIT_DAY_NCOLS] = {
	{ "visitor", CRM_COL_TEXT }, { "date", CRM_COL_DATE }, { "visits", CRM_COL_INT },
	{ "first", CRM_COL_INT }, { "problem", CRM_COL_INT }, { "relationship", CRM_COL_INT },
	{ "success", CRM_COL_INT }, { "hopeful", CRM_COL_INT }, { "revisit", CRM_COL_INT },
	{ "hopeless", CRM_COL_INT }, { "observe", CRM_COL_INT },
	{ "problems_handled", CRM_COL_INT }, { "problems_open", CRM_COL_INT },
	{ "cost", CRM_COL_MONEY },
};

#define COUNT_IF(cond) "sum(CASE WHEN " cond " THEN 1 ELSE 0 END)"

/* Per visitor (or only visitor) on day: the day report, by visitor. */
crm_rows *
crm_visit_day(crm_store *s, const char *day, const char *visitor)
{
	crm_stmt *st = crm_sql_prepare(s, "SELECT visitor, date, count(*),"
	    " " COUNT_IF("purpose = 'first'") ", " COUNT_IF("purpose = 'problem'") ","
	    " " COUNT_IF("purpose = 'relationship'") ", " COUNT_IF("outcome = 'success'") ","
	    " " COUNT_IF("outcome = 'hopeful'") ", " COUNT_IF("outcome = 'revisit'") ","
	    " " COUNT_IF("outcome = 'hopeless'") ", " COUNT_IF("outcome = 'observe'") ","
	    " " COUNT_IF("purpose = 'problem' AND outcome = 'success'") ","
	    " " COUNT_IF("purpose = 'problem' AND outcome <> 'success'") ","
	    " " CRM_SQL_MONEY("coalesce(sum(cost), 0)")
	    " FROM visits WHERE date = ?1 AND (?2 IS NULL OR visitor = ?2)"
	    " GROUP BY visitor, date ORDER BY visitor");

	crm_bind_text(st, 1, day);
	crm_bind_text(st, 2, visitor);
	return crm_rows_new(s, st);
}

/* What customer id still owes at as_of under visit.policy, as due rows
** (crm_due_cols without route); NULL when the policy does not parse. */
crm_rows *
crm_visit_owed(crm_store *s, int64_t id, struct crm_date as_of)
{
	struct crm_due_filter f = { .as_of = as_of, .customer_id = id };
	struct crm_visit_rule *rules;
	char *policy = crm_config_get(s, "visit.policy");
	crm_rows *r = NULL;
	size_t n;

	if (!crm_visit_policy_parse(policy, &rules, &n)) {
		r = crm_visit_due(s, rules, n, &f);
		free(rules);
	}
	free(policy);
	return r;
}

/* ---- crm-report visits ---- */

const struct crm_col crm_visit_report_cols[CRM_VISIT_REPORT_NCOLS] = {
	{ "group", CRM_COL_TEXT }, { "visits", CRM_COL_INT },
	{ "customers", CRM_COL_INT }, { "cost", CRM_COL_MONEY },
};

/* Visits in the period per a->by (visitor, role, channel, outcome,
** owner; a customer without an owner, a visit without an outcome:
** "(none)"), by group, then a total row. */
crm_rows *
crm_visit_report(crm_store *s, const struct crm_report_args *a)
{
	const char *col = !a->by || !strcmp(a->by, "visitor") ? "v.visitor" :
	    !strcmp(a->by, "role") ? "v.role" : !strcmp(a->by, "channel") ? "v.channel" :
	    !strcmp(a->by, "outcome") ? "v.outcome" : "c.owner";
	struct crm_buf sql = { 0 };
	char from[11], to[11];
	crm_stmt *st;

	crm_buf_printf(&sql, "WITH v AS (SELECT coalesce(%s, '(none)') AS g, v.customer_id,"
	    " v.cost FROM visits v JOIN customers c ON c.id = v.customer_id"
	    " WHERE v.date >= ?1 AND v.date <= ?2", col);
	crm_report_filter_sql(a, &sql);
	crm_buf_adds(&sql, ") SELECT g, n, k, " CRM_SQL_MONEY("m") " FROM ("
	    " SELECT 0 AS t, g, count(*) AS n, count(DISTINCT customer_id) AS k,"
	    " coalesce(sum(cost), 0) AS m FROM v GROUP BY g"
	    " UNION ALL SELECT 1, 'total', count(*), count(DISTINCT customer_id),"
	    " coalesce(sum(cost), 0) FROM v) x ORDER BY t, g");
	st = crm_sql_prepare(s, sql.s);
	crm_buf_free(&sql);
	crm_date_format(a->from, from);
	crm_date_format(a->to, to);
	crm_bind_text(st, 1, from);
	crm_bind_text(st, 2, to);
	crm_report_filter_bind(st, a);
	return crm_rows_new(s, st);
}
