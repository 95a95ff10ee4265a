/*
** deal.c — sales opportunities (销售机会跟踪表, seed 004) and the sales
** funnel (销售漏斗) of SPEC 3.9.
**
** A deal is a lifecycle over the stages
**
**	lead -> qualified -> proposal -> negotiation -> won
**	  \__________\___________\___________\________-> lost
**
** A move may go to any other stage, skipping some or going back; won
** and lost are closed, and a closed deal moves again only when the move
** says it reopens it.  Every move is kept in deal_moves with its date,
** the stage it left and the one it reached, the probability it gave and
** the actor; the deal's opening is the first move (from no stage).  A
** deal takes the new stage's probability from deal.probability unless it
** was given one of its own, which it keeps on every move.  The funnel
** reads the history: a deal that reached a stage counts as having
** reached every stage before it in that order (lost is outside it).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static const char *const stages[CRM_DEAL_NSTAGES] = {
	"lead", "qualified", "proposal", "negotiation", "won", "lost"
};
static const char *const stages_zh[CRM_DEAL_NSTAGES] = {
	"线索", "合格", "方案", "谈判", "成交", "失败"
};

/* The stage s names (English or Chinese), or -1. */
int
crm_deal_stage(const char *s)
{
	int k;

	for (k = 0; k < CRM_DEAL_NSTAGES; k++)
		if (!strcmp(s, stages[k]) || !strcmp(s, stages_zh[k]))
			return k;
	return -1;
}

const char *
crm_deal_stage_name(int k)
{
	return k >= 0 && k < CRM_DEAL_NSTAGES ? stages[k] : NULL;
}

/* A percent given by hand ("25" or "25%"), 0 to 100, into *pct: NULL,
** else a message fragment. */
const char *
crm_deal_percent(const char *s, int *pct)
{
	char *end;
	long v;

	if (*s < '0' || *s > '9')
		return "is not a percent from 0 to 100";
	v = strtol(s, &end, 10);
	if (*end == '%')
		end++;
	if (*end || v > 100)
		return "is not a percent from 0 to 100";
	*pct = (int)v;
	return NULL;
}

/* deal.probability ("lead=10,qualified=25,...") into pct by stage: every
** stage once, each a whole percent 0 to 100.  NULL, or a message
** fragment (static). */
const char *
crm_deal_probabilities_parse(const char *text, int pct[CRM_DEAL_NSTAGES])
{
	static const char want[] = "is not stage=percent for each of lead, qualified,"
	    " proposal, negotiation, won and lost (lead=10,qualified=25,...)";
	bool seen[CRM_DEAL_NSTAGES] = { false };
	const char *p = text;
	int k;

	while (*p) {
		const char *eq = strchr(p, '='), *end = strchr(p, ',');
		char name[16], num[8];
		size_t n;

		if (!end)
			end = p + strlen(p);
		if (!eq || eq > end || (n = (size_t)(eq - p)) >= sizeof name ||
		    (size_t)(end - eq - 1) >= sizeof num || end == eq + 1)
			return want;
		memcpy(name, p, n);
		name[n] = '\0';
		memcpy(num, eq + 1, (size_t)(end - eq - 1));
		num[end - eq - 1] = '\0';
		for (k = 0; k < CRM_DEAL_NSTAGES && strcmp(name, stages[k]); k++)
			;
		if (k == CRM_DEAL_NSTAGES || seen[k] || strchr(num, '%'))
			return want;
		if (crm_deal_percent(num, &pct[k]))
			return "has a probability that is not a whole percent from 0 to 100";
		seen[k] = true;
		p = *end ? end + 1 : end;
		if (*end && !*p)
			return want;
	}
	for (k = 0; k < CRM_DEAL_NSTAGES; k++)
		if (!seen[k])
			return want;
	return NULL;
}

/* The default probability of stage k, from deal.probability. */
static int
stage_probability(crm_store *s, int k)
{
	int pct[CRM_DEAL_NSTAGES] = { 10, 25, 50, 75, 100, 0 };
	char *v = crm_config_get(s, "deal.probability");

	/* crm-config refuses a value that does not parse: the default then */
	if (crm_deal_probabilities_parse(v, pct))
		crm_deal_probabilities_parse("lead=10,qualified=25,proposal=50,negotiation=75,"
		    "won=100,lost=0", pct);
	free(v);
	return pct[k];
}

static void
record_move(crm_store *s, int64_t id, const char *day, int from, int to, int pct)
{
	crm_stmt *st = crm_sql_cached(s, "INSERT INTO deal_moves(deal_id, date, from_stage,"
	    " to_stage, probability, actor, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
	char *now = crm_now();

	crm_bind_int(st, 1, id);
	crm_bind_text(st, 2, day);
	crm_bind_text(st, 3, crm_deal_stage_name(from));
	crm_bind_text(st, 4, stages[to]);
	crm_bind_int(st, 5, pct);
	crm_bind_text(st, 6, crm_store_actor(s));
	crm_bind_text(st, 7, now);
	if (crm_sql_step(s, st) != CRM_DONE)
		crm_store_fail(s, "deal move");
	crm_sql_reset(st);
	free(now);
}

/* Open deal d (inside the caller's write transaction).  Returns its id,
** or 0 with err set. */
int64_t
crm_deal_add(crm_store *s, const struct crm_deal *d, struct crm_buf *err)
{
	int pct = d->probability >= 0 ? d->probability : stage_probability(s, d->stage);
	char *owner = d->owner ? NULL : crm_customer_owner(s, d->customer_id);
	crm_stmt *st;
	char *now;
	int64_t id;

	if (strcmp(d->expected, d->opened) < 0) {
		crm_buf_printf(err, "expected %s is before the deal was opened (%s)", d->expected,
		    d->opened);
		free(owner);
		return 0;
	}
	now = crm_now();
	st = crm_sql_prepare(s, "INSERT INTO deals(customer_id, title, amount, stage,"
	    " probability, own_probability, expected, owner, opened, created_at, created_by)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	crm_bind_int(st, 1, d->customer_id);
	crm_bind_text(st, 2, d->title);
	crm_bind_int(st, 3, d->amount);
	crm_bind_text(st, 4, stages[d->stage]);
	crm_bind_int(st, 5, pct);
	if (d->probability >= 0)
		crm_bind_int(st, 6, d->probability);
	else
		crm_bind_null(st, 6);
	crm_bind_text(st, 7, d->expected);
	crm_bind_text(st, 8, d->owner ? d->owner : owner);
	crm_bind_text(st, 9, d->opened);
	crm_bind_text(st, 10, now);
	crm_bind_text(st, 11, crm_store_actor(s));
	if (crm_sql_step(s, st) != CRM_DONE)
		crm_store_fail(s, "deal");
	crm_sql_finalize(st);
	id = crm_sql_last_id(s);
	record_move(s, id, d->opened, -1, d->stage, pct);
	free(owner);
	free(now);
	return id;
}

/* Move deal id to stage on day (inside the caller's transaction); a
** closed deal (won, lost) only with reopen, and reopen only a closed
** one.  0, or -1 with err set (*missing when there is no such deal). */
int
crm_deal_move(crm_store *s, int64_t id, int stage, const char *day, bool reopen,
    struct crm_buf *err, bool *missing)
{
	crm_stmt *st = crm_sql_prepare(s, "SELECT d.stage, d.own_probability,"
	    " (SELECT max(m.date) FROM deal_moves m WHERE m.deal_id = d.id)"
	    " FROM deals d WHERE d.id = ?");
	char last[11] = "";
	int from = -1, own = -1, pct;
	bool closed;

	*missing = false;
	crm_bind_int(st, 1, id);
	if (crm_sql_step(s, st) == CRM_ROW) {
		from = crm_deal_stage(crm_col_text(st, 0));
		own = crm_col_null(st, 1) ? -1 : (int)crm_col_int(st, 1);
		snprintf(last, sizeof last, "%s", crm_col_text(st, 2));
	}
	crm_sql_finalize(st);
	if (from < 0) {
		crm_buf_printf(err, "there is no deal %lld", (long long)id);
		*missing = true;
		return -1;
	}
	closed = from == CRM_DEAL_WON || from == CRM_DEAL_LOST;
	if (closed && !reopen) {
		crm_buf_printf(err, "deal %lld is %s, which closes it: give --reopen to move it"
		    " again", (long long)id, stages[from]);
		return -1;
	}
	if (!closed && reopen) {
		crm_buf_printf(err, "deal %lld is %s, not closed: --reopen goes with a deal that is"
		    " won or lost", (long long)id, stages[from]);
		return -1;
	}
	if (from == stage) {
		crm_buf_printf(err, "deal %lld is at %s already", (long long)id, stages[from]);
		return -1;
	}
	/* the history stays in the order of its dates */
	if (strcmp(day, last) < 0) {
		crm_buf_printf(err, "date %s is before the deal's last move (%s)", day, last);
		return -1;
	}
	pct = own >= 0 ? own : stage_probability(s, stage);
	st = crm_sql_prepare(s, "UPDATE deals SET stage = ?, probability = ? WHERE id = ?");
	crm_bind_text(st, 1, stages[stage]);
	crm_bind_int(st, 2, pct);
	crm_bind_int(st, 3, id);
	if (crm_sql_step(s, st) != CRM_DONE)
		crm_store_fail(s, "deal");
	crm_sql_finalize(st);
	record_move(s, id, day, from, stage, pct);
	return 0;
}

const struct crm_col crm_deal_cols[CRM_DEAL_NCOLS] = {
	{ "id", CRM_COL_INT }, { "customer_id", CRM_COL_INT }, { "code", CRM_COL_TEXT },
	{ "name", CRM_COL_TEXT }, { "title", CRM_COL_TEXT }, { "amount", CRM_COL_MONEY },
	{ "stage", CRM_COL_TEXT }, { "probability", CRM_COL_INT },
	{ "expected", CRM_COL_DATE }, { "owner", CRM_COL_TEXT },
};

/* The deals matching f, by id. */
crm_rows *
crm_deal_list(crm_store *s, const struct crm_deal_filter *f)
{
	crm_stmt *st = crm_sql_preparef(s, "SELECT d.id, d.customer_id, c.code, c.name, d.title,"
	    " " CRM_SQL_MONEY("d.amount") ", d.stage, d.probability, d.expected, d.owner"
	    " FROM deals d JOIN customers c ON c.id = d.customer_id"
	    " WHERE {} AND {} AND (?3 IS NULL OR d.stage = ?3) AND (?4 IS NULL OR d.owner = ?4)"
	    " AND (?5 = 0 OR (d.stage <> 'won' AND d.stage <> 'lost')) ORDER BY d.id",
	    CRM_SQL_KEY(f->id, "d.id", "?1"), CRM_SQL_KEY(f->customer_id, "d.customer_id", "?2"));

	crm_bind_int(st, 1, f->id);
	crm_bind_int(st, 2, f->customer_id);
	crm_bind_text(st, 3, crm_deal_stage_name(f->stage));
	crm_bind_text(st, 4, f->owner);
	crm_bind_int(st, 5, f->open);
	return crm_rows_new(s, st);
}

const struct crm_col crm_deal_move_cols[CRM_DEAL_MOVE_NCOLS] = {
	{ "date", CRM_COL_DATE }, { "from", CRM_COL_TEXT }, { "to", CRM_COL_TEXT },
	{ "probability", CRM_COL_INT }, { "actor", CRM_COL_TEXT },
};

/* The moves of deal id, its opening first, in the order recorded. */
crm_rows *
crm_deal_history(crm_store *s, int64_t id)
{
	crm_stmt *st = crm_sql_prepare(s, "SELECT date, from_stage, to_stage, probability, actor"
	    " FROM deal_moves WHERE deal_id = ? ORDER BY id");

	crm_bind_int(st, 1, id);
	return crm_rows_new(s, st);
}

/* Whether deal id exists. */
bool
crm_deal_exists(crm_store *s, int64_t id)
{
	crm_stmt *st = crm_sql_prepare(s, "SELECT 1 FROM deals WHERE id = ?");
	bool yes;

	crm_bind_int(st, 1, id);
	yes = crm_sql_step(s, st) == CRM_ROW;
	crm_sql_finalize(st);
	return yes;
}

const struct crm_col crm_funnel_cols[CRM_FUNNEL_NCOLS] = {
	{ "stage", CRM_COL_TEXT }, { "deals", CRM_COL_INT }, { "amount", CRM_COL_MONEY },
	{ "weighted_amount", CRM_COL_MONEY }, { "conversion", CRM_COL_RATIO },
};

/* The funnel (销售漏斗) over the deals opened in the period whose
** customers pass the report's filters: per stage lead...won, then lost,
** the deals now at the stage, their amount and weighted amount (the sum
** of amount x probability, rounded half up to the fen once), and the
** conversion: of the deals that reached the stage, the share that
** reached the next one (4 decimals; empty for won and lost, and where
** none reached it).  A deal reached a stage when a move took it there or
** to a later stage of lead...won. */
long long
crm_deal_funnel(crm_store *s, const struct crm_report_args *a, crm_out *w)
{
	struct crm_buf sql = { 0 };
	int64_t deals[CRM_DEAL_NSTAGES] = { 0 }, amount[CRM_DEAL_NSTAGES] = { 0 };
	int64_t weighted[CRM_DEAL_NSTAGES] = { 0 }, reached[CRM_DEAL_NSTAGES] = { 0 };
	char from[11], to[11];
	crm_stmt *st;
	int k;

	crm_date_format(a->from, from);
	crm_date_format(a->to, to);
	/* each deal's stage now, and the furthest stage of lead...won any
	** move took it to (-1: none, a deal opened as lost) */
	crm_buf_adds(&sql, "SELECT d.stage, d.amount, d.probability, (SELECT max(CASE m.to_stage"
	    " WHEN 'lead' THEN 0 WHEN 'qualified' THEN 1 WHEN 'proposal' THEN 2"
	    " WHEN 'negotiation' THEN 3 WHEN 'won' THEN 4 ELSE -1 END)"
	    " FROM deal_moves m WHERE m.deal_id = d.id)"
	    " FROM deals d JOIN customers c ON c.id = d.customer_id"
	    " WHERE d.opened >= ?1 AND d.opened <= ?2");
	crm_report_filter_sql(a, &sql);
	st = crm_sql_prepare(s, sql.s);
	crm_buf_free(&sql);
	crm_bind_text(st, 1, from);
	crm_bind_text(st, 2, to);
	crm_report_filter_bind(st, a);
	while (crm_sql_step(s, st) == CRM_ROW) {
		int now = crm_deal_stage(crm_col_text(st, 0));
		int64_t furthest = crm_col_int(st, 3);

		deals[now]++;
		amount[now] += crm_col_int(st, 1);
		weighted[now] += crm_col_int(st, 1) * crm_col_int(st, 2);
		for (k = 0; k <= furthest && k <= CRM_DEAL_WON; k++)
			reached[k]++;
	}
	crm_sql_finalize(st);
	for (k = 0; k < CRM_DEAL_NSTAGES; k++) {
		char n[24], m[32], wm[32], conv[48];
		const char *v[CRM_FUNNEL_NCOLS];

		snprintf(n, sizeof n, "%lld", (long long)deals[k]);
		crm_money_format(amount[k], m);
		crm_money_format((weighted[k] * 2 + 100) / 200, wm);
		v[0] = stages[k];
		v[1] = n;
		v[2] = m;
		v[3] = wm;
		v[4] = NULL;
		if (k < CRM_DEAL_WON && reached[k] > 0) {
			/* basis points, half up */
			int64_t bp = (reached[k + 1] * 20000 + reached[k]) / (2 * reached[k]);

			snprintf(conv, sizeof conv, "%lld.%04lld", (long long)(bp / 10000),
			    (long long)(bp % 10000));
			v[4] = conv;
		}
		crm_out_row(w, v);
	}
	return CRM_DEAL_NSTAGES;
}
