/*
** survey.c — customer satisfaction surveys (客户满意度调查, seed 002
** 定期进行客户反馈调查, seed 004 客户满意度调查模板) and the report
** satisfaction of SPEC 3.9.  A survey is a customer's score of 1 to 5 on
** a day, by a channel, with comments.  The score a customer gives when
** a complaint is closed (complaints.satisfaction) is the complaint's:
** it is not a survey, and nothing here reads it.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static const struct { const char *name, *zh; } channels[] = {
	{ "phone", "电话" }, { "visit", "拜访" }, { "visit", "来访" },
	{ "online", "网络" }, { "online", "在线" }, { "letter", "信函" },
};

/* The channel s names (English or Chinese), or NULL. */
const char *
crm_survey_channel(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof channels / sizeof channels[0]; i++)
		if (!strcmp(s, channels[i].name) || !strcmp(s, channels[i].zh))
			return channels[i].name;
	return NULL;
}

/* A score as given: a whole number 1 to 5 into *score.  NULL, or a
** message fragment. */
const char *
crm_survey_score(const char *s, int *score)
{
	if (s[0] < '1' || s[0] > '5' || s[1])
		return "is not a score from 1 to 5";
	*score = s[0] - '0';
	return NULL;
}

/* Record survey v (inside the caller's transaction).  Returns its id,
** or -1 when v->dedupe and a survey of the customer on that day with the
** same score, channel and comments is stored (a file imported again). */
int64_t
crm_survey_add(crm_store *s, const struct crm_survey *v)
{
	char *now = v->now ? NULL : crm_now();
	crm_stmt *st;
	int64_t id;

	if (v->dedupe) {
		bool dup;

		st = crm_sql_cached(s, "SELECT 1 FROM surveys WHERE customer_id = ? AND date = ?"
		    " AND score = ? AND coalesce(channel, '') = coalesce(?, '')"
		    " AND coalesce(comments, '') = coalesce(?, '')");
		crm_bind_int(st, 1, v->customer_id);
		crm_bind_text(st, 2, v->date);
		crm_bind_int(st, 3, v->score);
		crm_bind_text(st, 4, v->channel);
		crm_bind_text(st, 5, v->comments);
		dup = crm_sql_step(s, st) == CRM_ROW;
		crm_sql_reset(st);
		if (dup) {
			free(now);
			return -1;
		}
	}
	st = crm_sql_cached(s, "INSERT INTO surveys(customer_id, date, score, channel, comments,"
	    " created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)");
	crm_bind_int(st, 1, v->customer_id);
	crm_bind_text(st, 2, v->date);
	crm_bind_int(st, 3, v->score);
	crm_bind_text(st, 4, v->channel);
	crm_bind_text(st, 5, v->comments);
	crm_bind_text(st, 6, v->now ? v->now : now);
	crm_bind_text(st, 7, crm_store_actor(s));
	if (crm_sql_step(s, st) != CRM_DONE)
		crm_store_fail(s, "survey");
	crm_sql_reset(st);
	id = crm_sql_last_id(s);
	free(now);
	return id;
}

/* The columns of crm_survey_cols, over surveys v and customers c. */
#define SURVEY_SELECT "SELECT v.id, v.customer_id, c.code, c.name, v.date, v.score," \
	" v.channel, v.comments FROM surveys v JOIN customers c ON c.id = v.customer_id"

const struct crm_col crm_survey_cols[CRM_SURVEY_NCOLS] = {
	{ "id", CRM_COL_INT }, { "customer_id", CRM_COL_INT }, { "code", CRM_COL_TEXT },
	{ "name", CRM_COL_TEXT }, { "date", CRM_COL_DATE }, { "score", CRM_COL_INT },
	{ "channel", CRM_COL_TEXT }, { "comments", CRM_COL_TEXT },
};

/* The surveys of customer (0: all) dated from..to ("": open), or survey
** id (id > 0), by date and id. */
crm_rows *
crm_survey_list(crm_store *s, int64_t customer, const char *from, const char *to, int64_t id)
{
	crm_stmt *st = crm_sql_preparef(s, SURVEY_SELECT " WHERE {} AND {}"
	    " AND (?2 = '' OR v.date >= ?2) AND (?3 = '' OR v.date <= ?3)"
	    " ORDER BY v.date, v.id",
	    CRM_SQL_KEY(customer, "v.customer_id", "?1"), CRM_SQL_KEY(id, "v.id", "?4"));

	crm_output_personal();
	crm_bind_int(st, 1, customer);
	crm_bind_text(st, 2, from);
	crm_bind_text(st, 3, to);
	crm_bind_int(st, 4, id);
	return crm_rows_new(s, st);
}

/* The last survey of customer id (the latest date, then the latest
** recorded), as crm_survey_list's one row. */
crm_rows *
crm_survey_last(crm_store *s, int64_t id)
{
	crm_stmt *st = crm_sql_prepare(s, SURVEY_SELECT
	    " WHERE v.customer_id = ? ORDER BY v.date DESC, v.id DESC LIMIT 1");

	crm_bind_int(st, 1, id);
	return crm_rows_new(s, st);
}

const struct crm_col crm_satisfaction_cols[CRM_SATISFACTION_NCOLS] = {
	{ "group", CRM_COL_TEXT }, { "surveys", CRM_COL_INT }, { "average", CRM_COL_RATIO },
	{ "score_1", CRM_COL_INT }, { "score_2", CRM_COL_INT }, { "score_3", CRM_COL_INT },
	{ "score_4", CRM_COL_INT }, { "score_5", CRM_COL_INT },
};

/* The surveys dated in the period per a->by (month, the default: YYYY-MM;
** grade: the customer's grade now, in the scale's order; owner; channel;
** "(none)" where there is none, last), whose customers pass the report's
** filters: how many, the average score (2 decimals, half up) and how many
** gave each score; then a total row. */
crm_rows *
crm_survey_report(crm_store *s, const struct crm_report_args *a)
{
	const char *by = a->by ? a->by : "month";
	const char *col = !strcmp(by, "month") ? "substr(v.date, 1, 7)" :
	    !strcmp(by, "grade") ? "c.grade" : !strcmp(by, "owner") ? "c.owner" : "v.channel";
	struct crm_buf sql = { 0 };
	char from[11], to[11];
	crm_stmt *st;

	crm_buf_printf(&sql, "WITH v AS (SELECT coalesce(%s, '(none)') AS g, v.score"
	    " FROM surveys v JOIN customers c ON c.id = v.customer_id"
	    " WHERE v.date >= ?1 AND v.date <= ?2", col);
	crm_report_filter_sql(a, &sql);
	/* the groups, then the total as the sum of the groups */
	crm_buf_adds(&sql, "), x AS (SELECT g, count(*) AS n, sum(score) AS total,"
	    " sum(CASE WHEN score = 1 THEN 1 ELSE 0 END) AS s1,"
	    " sum(CASE WHEN score = 2 THEN 1 ELSE 0 END) AS s2,"
	    " sum(CASE WHEN score = 3 THEN 1 ELSE 0 END) AS s3,"
	    " sum(CASE WHEN score = 4 THEN 1 ELSE 0 END) AS s4,"
	    " sum(CASE WHEN score = 5 THEN 1 ELSE 0 END) AS s5 FROM v GROUP BY g)"
	    " SELECT g, n, CASE WHEN n > 0 THEN "
	    /* the average in hundredths, half up, printed as money is */
	    CRM_SQL_MONEY("((200 * total + n) / (2 * n))")
	    " END, s1, s2, s3, s4, s5 FROM (SELECT 0 AS t, x.* FROM x UNION ALL"
	    " SELECT 1, 'total', coalesce(sum(n), 0), coalesce(sum(total), 0),"
	    " coalesce(sum(s1), 0), coalesce(sum(s2), 0), coalesce(sum(s3), 0),"
	    " coalesce(sum(s4), 0), coalesce(sum(s5), 0) FROM x) y"
	    " ORDER BY t, CASE WHEN g = '(none)' THEN 1 ELSE 0 END, ");
	crm_buf_adds(&sql, strcmp(by, "grade") ? "''" :
	    crm_grade_order_sql(crm_grade_primary(s), "g"));
	crm_buf_adds(&sql, ", g");
	st = crm_sql_prepare(s, sql.s);
	crm_buf_free(&sql);
	crm_date_format(a->from, from);
	crm_date_format(a->to, to);
	crm_bind_text(st, 1, from);
	crm_bind_text(st, 2, to);
	crm_report_filter_bind(st, a);
	return crm_rows_new(s, st);
}
