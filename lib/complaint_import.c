/*
** complaint_import.c — crm-complaint import: a case per row (phone notes,
** a web form's export), a client of the import runner (import.c), so
** that the nothing-lost rules hold; the listing names each case number.
*/
#include <stdlib.h>
#include <string.h>

#include "internal.h"

enum {
	K_CUSTOMER, K_DATE, K_CHANNEL, K_CATEGORY, K_DESCRIPTION, K_PRODUCT, K_ORDER,
	K_QTY, K_DEFECT, K_REQUEST, K_SEVERITY, K_COUNT
};

static const struct crm_field_info fields[K_COUNT] = {
	[K_CUSTOMER] = { "customer", "客户|客户编码|客户名称", true, CRM_COL_TEXT, true },
	[K_DATE] = { "date", "日期|投诉日期", true, CRM_COL_DATE, false },
	[K_CHANNEL] = { "channel", "渠道|投诉方式", true, CRM_COL_TEXT, true },
	[K_CATEGORY] = { "category", "类别|投诉类别", true, CRM_COL_TEXT, true },
	[K_DESCRIPTION] = { "description", "描述|问题描述", true, CRM_COL_TEXT, true },
	[K_PRODUCT] = { "product", "产品|产品名称", true, CRM_COL_TEXT, false },
	[K_ORDER] = { "order_ref", "订单号", true, CRM_COL_TEXT, false },
	[K_QTY] = { "qty", "数量", true, CRM_COL_RATIO, false },
	[K_DEFECT] = { "defect_qty", "不良数量", true, CRM_COL_RATIO, false },
	[K_REQUEST] = { "request", "客户要求", true, CRM_COL_TEXT, false },
	[K_SEVERITY] = { "severity", "紧急程度", true, CRM_COL_TEXT, false },
};

struct cimp {
	crm_store *s;
	struct crm_resolver *customers;
	const char *today;
};

static const char *
value(const struct crm_import_row *row, int f)
{
	return row->v[f] && *row->v[f] ? row->v[f] : NULL;
}

static enum crm_outcome
complaint_row(void *ctx, const struct crm_import_row *row, struct crm_buf *err)
{
	struct cimp *r = ctx;
	struct crm_complaint c = { 0 };
	struct crm_date d;
	char number[16], *q = NULL, *dq = NULL;
	const char *ref = value(row, K_CUSTOMER), *msg, *why;
	struct crm_complaint_filter f = { 0 };
	int64_t id;

	if (!ref) {
		crm_buf_adds(err, "customer is required");
		return CRM_REJECTED;
	}
	if (!(c.customer_id = crm_resolver_find(r->customers, ref, &why, NULL))) {
		crm_buf_printf(err, "customer '%s' %s", ref, why);
		return CRM_REJECTED;
	}
	if (value(row, K_DATE)) {
		int rc = crm_date_parse(row->v[K_DATE], &d);

		if (rc < 0) {
			crm_buf_printf(err, "date '%s' %s", row->v[K_DATE],
			    rc == -2 ? "is not a real day" : "is not a date");
			return CRM_REJECTED;
		}
		crm_date_format(d, c.date);
	} else {
		snprintf(c.date, sizeof c.date, "%s", r->today);
	}
	if (!value(row, K_CHANNEL) || !(c.channel = crm_complaint_channel(row->v[K_CHANNEL]))) {
		crm_buf_printf(err, "channel '%s' is not phone, letter, visit or online",
		    value(row, K_CHANNEL) ? row->v[K_CHANNEL] : "");
		return CRM_REJECTED;
	}
	if (!value(row, K_CATEGORY) || !(c.category = crm_complaint_category(row->v[K_CATEGORY]))) {
		crm_buf_printf(err, "category '%s' is not quality, service, delivery, price or other",
		    value(row, K_CATEGORY) ? row->v[K_CATEGORY] : "");
		return CRM_REJECTED;
	}
	if (value(row, K_SEVERITY) && !(c.severity = crm_complaint_severity(row->v[K_SEVERITY]))) {
		crm_buf_printf(err, "severity '%s' is not urgent or normal", row->v[K_SEVERITY]);
		return CRM_REJECTED;
	}
	if (!(c.description = value(row, K_DESCRIPTION))) {
		crm_buf_adds(err, "description is required");
		return CRM_REJECTED;
	}
	if (value(row, K_QTY) && (msg = crm_qty_parse(row->v[K_QTY], &q))) {
		crm_buf_printf(err, "qty '%s' %s", row->v[K_QTY], msg);
		return CRM_REJECTED;
	}
	if (value(row, K_DEFECT) && (msg = crm_qty_parse(row->v[K_DEFECT], &dq))) {
		crm_buf_printf(err, "defect_qty '%s' %s", row->v[K_DEFECT], msg);
		free(q);
		return CRM_REJECTED;
	}
	if ((q && *q == '-') || (dq && *dq == '-') ||
	    (q && dq && strtod(dq, NULL) > strtod(q, NULL))) {
		crm_buf_adds(err, q && dq && *q != '-' && *dq != '-' ?
		    "defect_qty is more than the qty" : "qty and defect_qty must not be negative");
		free(q);
		free(dq);
		return CRM_REJECTED;
	}
	c.qty = q;
	c.defect_qty = dq;
	c.product = value(row, K_PRODUCT);
	c.order_ref = value(row, K_ORDER);
	c.request = value(row, K_REQUEST);
	id = crm_complaint_open(r->s, &c, number, err);
	free(q);
	free(dq);
	if (!id)
		return CRM_REJECTED;
	if (row->out) {
		crm_rows *rows;
		const char *v[CRM_COMPLAINT_NCOLS];

		/* the case as it stands today (or on its day, when later) */
		f.customer_id = c.customer_id;
		snprintf(f.as_of, sizeof f.as_of, "%s", strcmp(r->today, c.date) > 0 ? r->today :
		    c.date);
		rows = crm_complaint_list(r->s, &f);
		while (crm_rows_next(rows, v))
			if (!strcmp(v[0], number))
				crm_out_row(row->out, v);
		crm_rows_close(rows);
	}
	return CRM_ADDED;
}

static void
complaint_begin(void *ctx, long long bytes)
{
	struct cimp *r = ctx;

	crm_resolver_free(r->customers);
	r->customers = crm_resolver_new(r->s, bytes / 100);
}

/* crm-complaint import: open the store and import.  Returns the exit
** status. */
int
crm_complaint_import_run(struct crm_opts *o, const struct crm_import_opts *io)
{
	struct crm_importer imp = {
		.what = "cases", .fields = fields, .nfields = K_COUNT,
		.cols = crm_complaint_cols, .ncols = CRM_COMPLAINT_NCOLS,
		.show = CRM_SHOW_ADDED, .personal = true, .audit = "import",
		.row = complaint_row, .begin = complaint_begin,
	};
	struct crm_import_result res;
	struct cimp r = { 0 };
	char today[11];
	int status;

	crm_date_format(crm_today(), today);
	r.today = today;
	r.s = crm_import_store(o, io, CRM_STORE_WRITE);
	status = crm_import(r.s, o, io, &imp, &r, &res);
	crm_resolver_free(r.customers);
	free(res.rejects_path);
	crm_store_close(r.s);
	return status;
}
