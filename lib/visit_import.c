/*
** visit_import.c — crm-visit import: a visit log (拜访记录表) from CSV,
** a client of the import runner (import.c), so that the nothing-lost
** rules hold: every row added, skipped as a duplicate or rejected with
** its line and error.  A row equal in customer, date, visitor and
** channel to a logged visit is a duplicate, so re-importing a file adds
** nothing.
*/
#include <stdlib.h>
#include <string.h>

#include "internal.h"

enum {
	V_CUSTOMER, V_DATE, V_VISITOR, V_ROLE, V_CHANNEL, V_PURPOSE, V_OUTCOME,
	V_COST, V_NOTES, V_NEXT, V_COUNT
};

static const struct crm_field_info visit_fields[V_COUNT] = {
	[V_CUSTOMER] = { "customer", "客户|客户编码|客户名称|客户姓名", true, CRM_COL_TEXT, true },
	[V_DATE] = { "date", "日期|拜访日期", true, CRM_COL_DATE, true },
	[V_VISITOR] = { "visitor", "拜访人|访问人", true, CRM_COL_TEXT, true },
	[V_ROLE] = { "role", "角色|职务", true, CRM_COL_TEXT, true },
	[V_CHANNEL] = { "channel", "方式|拜访方式", true, CRM_COL_TEXT, true },
	[V_PURPOSE] = { "purpose", "目的|拜访目的", true, CRM_COL_TEXT, false },
	[V_OUTCOME] = { "outcome", "结果|拜访结果", true, CRM_COL_TEXT, false },
	[V_COST] = { "cost", "费用", true, CRM_COL_MONEY, false },
	[V_NOTES] = { "notes", "备注", true, CRM_COL_TEXT, false },
	[V_NEXT] = { "next", "下次拜访|下次拜访日期", true, CRM_COL_DATE, false },
};

struct vimp {
	const struct crm_visit_import *vi;
	crm_store *s;
	struct crm_resolver *customers;
	bool late_index;       /* visits_date dropped, to build after loading */
	char *now;
	long window;
};

static const char *
value(const struct crm_import_row *row, int f)
{
	return row->v[f] && *row->v[f] ? row->v[f] : NULL;
}

/* A date column into out ("" when empty); false with err set when bad. */
static bool
date_field(const struct crm_import_row *row, int f, char out[11], struct crm_buf *err)
{
	struct crm_date d;
	int rc;

	out[0] = '\0';
	if (!value(row, f))
		return true;
	if ((rc = crm_date_parse(row->v[f], &d)) < 0) {
		crm_buf_printf(err, "%s '%s' %s", visit_fields[f].name, row->v[f],
		    rc == -2 ? "is not a real day" : "is not a date");
		return false;
	}
	crm_date_format(d, out);
	return true;
}

/* A fixed word of kind k from column f into *out (NULL when empty and
** not required); false with err set. */
static bool
word_field(const struct crm_import_row *row, int f, enum crm_visit_word k,
    bool required, const char **out, struct crm_buf *err)
{
	const char *v = value(row, f);

	*out = NULL;
	if (!v) {
		if (required)
			crm_buf_printf(err, "%s is required", visit_fields[f].name);
		return !required;
	}
	if (!(*out = crm_visit_word(k, v))) {
		crm_buf_printf(err, "%s '%s' is not %s", visit_fields[f].name, v,
		    crm_visit_words(k));
		return false;
	}
	return true;
}

static enum crm_outcome
visit_row(void *ctx, const struct crm_import_row *row, struct crm_buf *err)
{
	struct vimp *r = ctx;
	struct crm_visit v = { .cost = -1, .dedupe = true };
	const char *ref = value(row, V_CUSTOMER), *why;
	int64_t id;

	if (!ref) {
		crm_buf_adds(err, "customer is required");
		return CRM_REJECTED;
	}
	if (!r->customers)
		r->customers = crm_resolver_new(r->s, 0);
	if (!(v.customer_id = crm_resolver_find(r->customers, ref, &why, NULL))) {
		crm_buf_printf(err, "customer '%s' %s", ref, why);
		return CRM_REJECTED;
	}
	if (!value(row, V_DATE)) {
		crm_buf_adds(err, "date is required");
		return CRM_REJECTED;
	}
	if (!(v.visitor = value(row, V_VISITOR))) {
		crm_buf_adds(err, "visitor is required");
		return CRM_REJECTED;
	}
	if (!date_field(row, V_DATE, v.date, err) || !date_field(row, V_NEXT, v.next, err) ||
	    !word_field(row, V_ROLE, CRM_VW_ROLE, true, &v.role, err) ||
	    !word_field(row, V_CHANNEL, CRM_VW_CHANNEL, true, &v.channel, err) ||
	    !word_field(row, V_PURPOSE, CRM_VW_PURPOSE, false, &v.purpose, err) ||
	    !word_field(row, V_OUTCOME, CRM_VW_OUTCOME, false, &v.outcome, err))
		return CRM_REJECTED;
	if (value(row, V_COST) && (crm_money_parse(row->v[V_COST], &v.cost) < 0 || v.cost < 0)) {
		crm_buf_printf(err, "cost '%s' is not an amount in yuan", row->v[V_COST]);
		return CRM_REJECTED;
	}
	v.notes = value(row, V_NOTES);
	v.now = r->now;
	v.window = r->window;
	id = crm_visit_log(r->s, &v, err);
	if (id < 0)
		return r->vi->dup == CRM_DUP_REJECT ? CRM_REJECTED : CRM_DUPLICATE;
	if (!id)
		return CRM_REJECTED;
	if (row->out)
		crm_out_rows(row->out, crm_visit_get(r->s, id));
	return CRM_ADDED;
}

static void
visit_begin(void *ctx, long long bytes)
{
	struct vimp *r = ctx;
	char *w = crm_config_get(r->s, "visit.plan_window_days");

	r->window = strtol(w, NULL, 10);
	free(w);
	free(r->now);
	r->now = crm_now();
	crm_resolver_free(r->customers);
	r->customers = crm_resolver_new(r->s, bytes / 64);
	/* an input of more visits than the log holds (some 64 bytes a
	** row): the index an import never reads is built after loading,
	** which is faster than inserting into it at random row by row */
	r->late_index = bytes / 64 > crm_visit_count_upto(r->s, bytes / 64);
	if (r->late_index)
		crm_schema_bulk_indexes(r->s, CRM_BULK_VISITS, false);
}

static void
visit_end_pass(void *ctx)
{
	struct vimp *r = ctx;

	if (!r->late_index)
		return;
	/* the sort's memory, not the resolver's too */
	crm_resolver_free(r->customers);
	r->customers = NULL;
	crm_store_tune(r->s, CRM_TUNE_INDEX);
	crm_schema_bulk_indexes(r->s, CRM_BULK_VISITS, true);
	crm_store_tune(r->s, CRM_TUNE_BULK);
	r->late_index = false;
}

/* crm-visit import: open the store and import.  Returns the exit status. */
int
crm_visit_import_run(struct crm_opts *o, const struct crm_visit_import *vi)
{
	struct crm_importer imp = {
		.what = "visits", .fields = visit_fields, .nfields = V_COUNT,
		.cols = crm_visit_cols, .ncols = vi->verbose ? CRM_VISIT_NCOLS : 0,
		.show = CRM_SHOW_ADDED | CRM_SHOW_DUPLICATES,
		.personal = true, .audit = "import",
		.row = visit_row, .begin = visit_begin, .end_pass = visit_end_pass,
	};
	struct crm_import_result res;
	struct vimp r = { .vi = vi };
	int status;

	r.s = crm_import_store(o, &vi->io, CRM_STORE_WRITE);
	status = crm_import(r.s, o, &vi->io, &imp, &r, &res);
	crm_resolver_free(r.customers);
	free(r.now);
	free(res.rejects_path);
	crm_store_close(r.s);
	return status;
}
