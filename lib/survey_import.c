/*
** survey_import.c — crm-survey import: satisfaction surveys (客户满意度
** 调查表) from CSV, a client of the import runner (import.c), so that the
** nothing-lost rules hold: every row added, skipped as a duplicate or
** rejected with its line and error.  A row equal in customer, date,
** score, channel and comments to a stored survey is a duplicate, so
** re-importing a file adds nothing.
*/
#include <stdlib.h>
#include <string.h>

#include "internal.h"

enum { S_CUSTOMER, S_DATE, S_SCORE, S_CHANNEL, S_COMMENTS, S_COUNT };

static const struct crm_field_info fields[S_COUNT] = {
	[S_CUSTOMER] = { "customer", "客户|客户编码|客户名称", true, CRM_COL_TEXT, true },
	[S_DATE] = { "date", "日期|调查日期", true, CRM_COL_DATE, true },
	[S_SCORE] = { "score", "评分|满意度", true, CRM_COL_INT, true },
	[S_CHANNEL] = { "channel", "渠道|调查方式", true, CRM_COL_TEXT, false },
	[S_COMMENTS] = { "comments", "意见|备注", true, CRM_COL_TEXT, false },
};

struct simp {
	crm_store *s;
	struct crm_resolver *customers;
	char *now;
};

static const char *
value(const struct crm_import_row *row, int f)
{
	return row->v[f] && *row->v[f] ? row->v[f] : NULL;
}

static enum crm_outcome
survey_row(void *ctx, const struct crm_import_row *row, struct crm_buf *err)
{
	struct simp *r = ctx;
	struct crm_survey v = { .dedupe = true };
	const char *ref = value(row, S_CUSTOMER), *why, *msg;
	struct crm_date d;
	int64_t id;
	int rc;

	if (!ref) {
		crm_buf_adds(err, "customer is required");
		return CRM_REJECTED;
	}
	if (!(v.customer_id = crm_resolver_find(r->customers, ref, &why, NULL))) {
		crm_buf_printf(err, "customer '%s' %s", ref, why);
		return CRM_REJECTED;
	}
	if (!value(row, S_DATE)) {
		crm_buf_adds(err, "date is required");
		return CRM_REJECTED;
	}
	if ((rc = crm_date_parse(row->v[S_DATE], &d)) < 0) {
		crm_buf_printf(err, "date '%s' %s", row->v[S_DATE],
		    rc == -2 ? "is not a real day" : "is not a date");
		return CRM_REJECTED;
	}
	crm_date_format(d, v.date);
	if (!value(row, S_SCORE)) {
		crm_buf_adds(err, "score is required");
		return CRM_REJECTED;
	}
	if ((msg = crm_survey_score(row->v[S_SCORE], &v.score))) {
		crm_buf_printf(err, "score '%s' %s", row->v[S_SCORE], msg);
		return CRM_REJECTED;
	}
	if (value(row, S_CHANNEL) && !(v.channel = crm_survey_channel(row->v[S_CHANNEL]))) {
		crm_buf_printf(err, "channel '%s' is not phone, visit, online or letter",
		    row->v[S_CHANNEL]);
		return CRM_REJECTED;
	}
	v.comments = value(row, S_COMMENTS);
	v.now = r->now;
	if ((id = crm_survey_add(r->s, &v)) < 0)
		return CRM_DUPLICATE;
	if (row->out)
		crm_out_rows(row->out, crm_survey_list(r->s, 0, "", "", id));
	return CRM_ADDED;
}

static void
survey_begin(void *ctx, long long bytes)
{
	struct simp *r = ctx;

	free(r->now);
	r->now = crm_now();
	crm_resolver_free(r->customers);
	r->customers = crm_resolver_new(r->s, bytes / 40);
}

/* crm-survey import: open the store and import.  Returns the exit
** status. */
int
crm_survey_import_run(struct crm_opts *o, const struct crm_import_opts *io)
{
	struct crm_importer imp = {
		.what = "surveys", .fields = fields, .nfields = S_COUNT,
		.cols = crm_survey_cols, .ncols = CRM_SURVEY_NCOLS,
		.show = CRM_SHOW_ADDED | CRM_SHOW_DUPLICATES, .personal = true,
		.audit = "import", .row = survey_row, .begin = survey_begin,
	};
	struct crm_import_result res;
	struct simp r = { 0 };
	int status;

	r.s = crm_import_store(o, io, CRM_STORE_WRITE);
	status = crm_import(r.s, o, io, &imp, &r, &res);
	crm_resolver_free(r.customers);
	free(r.now);
	free(res.rejects_path);
	crm_store_close(r.s);
	return status;
}
