/* crm-show — one customer on one screen, or as JSON (SPEC 3.1). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

static const char usage[] =
"usage: crm-show [options] [--history] CUSTOMER\n"
"\n"
"Show a customer's archive fields (CUSTOMER is a code, mobile, id or name),\n"
"its grade in each scheme and the grade history, its last visits and what\n"
"is owed, its credit, events and open complaints, its points balance and\n"
"its owner history; with --history, the change history: who changed which\n"
"field, when.\n"
"\n"
"options:\n"
"  -d, --db PATH        the store\n"
"      --actor NAME     who is acting, for the audit log\n"
"      --format FMT     table (default on a terminal), csv, tsv, json or xlsx\n"
"  -o, --output FILE    write to FILE, whole or not at all\n"
"      --bom            CSV or TSV for Excel: byte-order mark, CRLF\n"
"      --history        list the changes instead of the fields\n"
"      --raw            no formula-injection guard in CSV output\n"
"  -h, --help           show this help\n"
"  -V, --version        show the version\n"
"\n"
"See crm-show(1).\n";

enum { O_HISTORY = CRM_OPT_LOCAL };

static const struct option longopts[] = {
	CRM_LONGOPTS_COMMON, CRM_LONGOPTS_OUTPUT,
	{ "history", 0, NULL, O_HISTORY },
	{ NULL, 0, NULL, 0 }
};

static const struct crm_col hist_cols[] = {
	{ "at", CRM_COL_TEXT }, { "actor", CRM_COL_TEXT }, { "command", CRM_COL_TEXT },
	{ "field", CRM_COL_TEXT }, { "old_value", CRM_COL_TEXT }, { "new_value", CRM_COL_TEXT },
};
static void
show_history(crm_store *s, int64_t id, const struct crm_opts *o)
{
	crm_out *w = crm_out_open(stdout, o, hist_cols, 6);

	crm_out_rows(w, crm_customer_history(s, id));
	crm_out_close(w);
}

/* rows r as the JSON array member "name" of the object in b. */
static void
json_rows(struct crm_buf *b, const char *name, crm_rows *r, const struct crm_col *cols,
    size_t ncols)
{
	const char *v[16];
	size_t i;
	int n = 0;

	crm_buf_printf(b, ",\"%s\":[", name);
	while (crm_rows_next(r, v)) {
		crm_buf_adds(b, n++ ? ",{" : "{");
		for (i = 0; i < ncols; i++) {
			crm_buf_printf(b, "%s\"%s\":", i ? "," : "", cols[i].name);
			if (!v[i])
				crm_buf_adds(b, "null");
			else if (CRM_COL_NUMERIC(cols[i].type))
				crm_buf_adds(b, v[i]);
			else
				crm_json_string(b, v[i], strlen(v[i]));
		}
		crm_buf_addc(b, '}');
	}
	crm_rows_close(r);
	crm_buf_addc(b, ']');
}

/* The whole customer as one JSON object: fields, region name, custom
** fields, history, grades and grade history. */
static void
show_json(crm_store *s, const struct crm_customer *c, const char *region_name, int64_t id)
{
	struct crm_buf b = { 0 };
	char day[11];
	crm_rows *r;
	int f;

	crm_buf_addc(&b, '{');
	for (f = 0; f < CRM_F_COUNT; f++) {
		crm_buf_printf(&b, "%s\"%s\":", f ? "," : "", crm_fields[f].name);
		if (!c->v[f])
			crm_buf_adds(&b, "null");
		else if (CRM_COL_NUMERIC(crm_fields[f].type))
			crm_buf_adds(&b, c->v[f]);
		else
			crm_json_string(&b, c->v[f], strlen(c->v[f]));
	}
	crm_buf_adds(&b, ",\"region_name\":");
	if (region_name)
		crm_json_string(&b, region_name, strlen(region_name));
	else
		crm_buf_adds(&b, "null");
	crm_buf_printf(&b, ",\"custom\":%s", c->custom ? c->custom : "{}");
	json_rows(&b, "history", crm_customer_history(s, id), hist_cols, 6);
	json_rows(&b, "grades", crm_grade_of(s, id), crm_grade_show_cols,
	    CRM_GRADE_SHOW_NCOLS);
	json_rows(&b, "grade_history", crm_grade_history(s, id), crm_grade_history_cols,
	    CRM_GRADE_HISTORY_NCOLS);
	json_rows(&b, "visits", crm_visit_last(s, id, 5), crm_visit_cols, CRM_VISIT_NCOLS);
	json_rows(&b, "credit", crm_credit_of(s, id, crm_today()), crm_credit_show_cols,
	    CRM_CREDIT_SHOW_NCOLS);
	json_rows(&b, "events", crm_event_recent(s, id, 5), crm_event_cols, CRM_EVENT_NCOLS);
	crm_date_format(crm_today(), day);
	json_rows(&b, "complaints", crm_complaint_open_of(s, id, day), crm_complaint_cols,
	    CRM_COMPLAINT_NCOLS);
	{
		struct crm_deal_filter df = { .customer_id = id, .stage = -1, .open = true };

		json_rows(&b, "deals", crm_deal_list(s, &df), crm_deal_cols, CRM_DEAL_NCOLS);
	}
	json_rows(&b, "last_survey", crm_survey_last(s, id), crm_survey_cols, CRM_SURVEY_NCOLS);
	if ((r = crm_visit_owed(s, id, crm_today())))
		json_rows(&b, "owed", r, crm_due_cols, CRM_DUE_NCOLS - 1);
	crm_buf_printf(&b, ",\"points\":%lld", (long long)crm_points_balance(s, id));
	json_rows(&b, "owner_history", crm_owner_history(s, id), crm_owner_history_cols,
	    CRM_OWNER_HISTORY_NCOLS);
	crm_buf_adds(&b, "}\n");
	fputs(b.s, stdout);
	crm_buf_free(&b);
}

/* The grades section of the field,value listing: one row per scheme
** ("grade.abc", "A  5100.00  2025-11-29..2026-11-28"), a pending change
** after it, then each change of the grade history. */
static void
show_grades(crm_store *s, crm_out *w, int64_t id)
{
	crm_rows *r = crm_grade_of(s, id);
	const char *v[CRM_GRADE_HISTORY_NCOLS], *row[2];
	char *field, *value;

	while (crm_rows_next(r, v)) {
		field = crm_xasprintf("grade.%s", v[0]);
		value = crm_xasprintf("%s%s%s  over %s%s%s", v[1] ? v[1] : "(none)",
		    v[2] ? "  " : "", v[2] ? v[2] : "", v[3] ? v[3] : "-",
		    v[5] ? "  pending: " : "", v[5] ? v[5] : "");
		row[0] = field;
		row[1] = value;
		crm_out_row(w, row);
		free(field);
		free(value);
	}
	crm_rows_close(r);
	r = crm_grade_history(s, id);
	while (crm_rows_next(r, v)) {
		value = crm_xasprintf("%s %s %s -> %s %s%s%s%s%s (%s, %s)", v[0], v[1],
		    v[3] ? v[3] : "(none)", v[4], v[6], v[8] ? " by " : "", v[8] ? v[8] : "",
		    v[9] ? ": " : "", v[9] ? v[9] : "", v[5] ? v[5] : "-", v[2]);
		row[0] = "grade_history";
		row[1] = value;
		crm_out_row(w, row);
		free(value);
	}
	crm_rows_close(r);
}

/* The visits section: the last five visits ("visit", newest first), then
** each duty of visit.policy still owed ("owed"). */
static void
show_visits(crm_store *s, crm_out *w, int64_t id)
{
	crm_rows *r = crm_visit_last(s, id, 5);
	const char *v[CRM_DUE_NCOLS], *row[2];
	char *value;

	while (crm_rows_next(r, v)) {
		value = crm_xasprintf("%s %s (%s) %s %s %s", v[4], v[5], v[6], v[7],
		    v[8] ? v[8] : "-", v[9] ? v[9] : "-");
		row[0] = "visit";
		row[1] = value;
		crm_out_row(w, row);
		free(value);
	}
	crm_rows_close(r);
	if (!(r = crm_visit_owed(s, id, crm_today())))
		return;
	while (crm_rows_next(r, v)) {
		value = crm_xasprintf("%s: %s of %s, due %s%s%s%s", v[6], v[7], v[8], v[10],
		    strcmp(v[11], "0") ? ", " : "", strcmp(v[11], "0") ? v[11] : "",
		    strcmp(v[11], "0") ? " days overdue" : "");
		row[0] = "owed";
		row[1] = value;
		crm_out_row(w, row);
		free(value);
	}
	crm_rows_close(r);
}

/* The credit section: receivable, overdue, limit and terms in one row
** ("credit"), the blacklist entry ("blacklisted"), and the last five
** major events ("event"). */
static void
show_credit(crm_store *s, crm_out *w, int64_t id)
{
	crm_rows *r = crm_credit_of(s, id, crm_today());
	const char *v[CRM_EVENT_NCOLS], *row[2];
	char *value;

	if (crm_rows_next(r, v)) {
		value = crm_xasprintf("receivable %s, %s past due, limit %s, terms %s days",
		    v[0], v[1], v[2], v[3]);
		row[0] = "credit";
		row[1] = value;
		crm_out_row(w, row);
		free(value);
		if (v[4]) {
			row[0] = "blacklisted";
			row[1] = v[4];
			crm_out_row(w, row);
		}
	}
	crm_rows_close(r);
	r = crm_event_recent(s, id, 5);
	while (crm_rows_next(r, v)) {
		value = crm_xasprintf("%s %s: %s", v[4], v[5], v[6]);
		row[0] = "event";
		row[1] = value;
		crm_out_row(w, row);
		free(value);
	}
	crm_rows_close(r);
}

/* The open complaints ("complaint": number, category, state, deadline,
** and overdue when it is). */
static void
show_complaints(crm_store *s, crm_out *w, int64_t id)
{
	const char *v[CRM_COMPLAINT_NCOLS], *row[2];
	char day[11], *value;
	crm_rows *r;

	crm_date_format(crm_today(), day);
	r = crm_complaint_open_of(s, id, day);
	while (crm_rows_next(r, v)) {
		value = crm_xasprintf("%s %s %s, opened %s, due %s%s", v[0], v[6], v[8], v[4],
		    v[10], !strcmp(v[13], "yes") ? ", overdue" : "");
		row[0] = "complaint";
		row[1] = value;
		crm_out_row(w, row);
		free(value);
	}
	crm_rows_close(r);
}

/* The points balance ("points") and each owner the customer has had
** ("owner": "2026-11-01 A -> B: handover (same-post), by tester,
** H2611001"). */
static void
show_owners(crm_store *s, crm_out *w, int64_t id)
{
	const char *v[CRM_OWNER_HISTORY_NCOLS], *row[2];
	char *value;
	crm_rows *r;

	value = crm_xasprintf("%lld", (long long)crm_points_balance(s, id));
	row[0] = "points";
	row[1] = value;
	crm_out_row(w, row);
	free(value);
	r = crm_owner_history(s, id);
	while (crm_rows_next(r, v)) {
		value = crm_xasprintf("%s %s -> %s: %s%s%s%s%s", v[0], v[1] ? v[1] : "(none)",
		    v[2] ? v[2] : "(public)", v[3], v[4] ? ", by " : "", v[4] ? v[4] : "",
		    v[5] ? ", " : "", v[5] ? v[5] : "");
		row[0] = "owner_history";
		row[1] = value;
		crm_out_row(w, row);
		free(value);
	}
	crm_rows_close(r);
}

/* The open deals ("deal": id, title, amount, stage, probability,
** expected close) and the last survey ("survey": score, day, channel). */
static void
show_deals(crm_store *s, crm_out *w, int64_t id)
{
	struct crm_deal_filter f = { .customer_id = id, .stage = -1, .open = true };
	const char *v[CRM_DEAL_NCOLS], *row[2];
	crm_rows *r = crm_deal_list(s, &f);
	char *value;

	while (crm_rows_next(r, v)) {
		value = crm_xasprintf("%s %s %s, %s %s%%, expected %s", v[0], v[4], v[5], v[6],
		    v[7], v[8]);
		row[0] = "deal";
		row[1] = value;
		crm_out_row(w, row);
		free(value);
	}
	crm_rows_close(r);
	r = crm_survey_last(s, id);
	if (crm_rows_next(r, v)) {
		value = crm_xasprintf("%s of 5 on %s%s%s%s", v[5], v[4], v[6] ? " (" : "",
		    v[6] ? v[6] : "", v[6] ? ")" : "");
		row[0] = "survey";
		row[1] = value;
		crm_out_row(w, row);
		free(value);
	}
	crm_rows_close(r);
}

int
main(int argc, char **argv)
{
	static const struct crm_col cols[] = { { "field", CRM_COL_TEXT }, { "value", CRM_COL_TEXT } };
	struct crm_opts o = { .usage = usage, .longopts = longopts };
	struct crm_customer c = { 0 };
	struct crm_buf err = { 0 };
	struct crm_ctx x = { 0 };
	char *region_name = NULL;
	bool history = false;
	crm_store *s;
	int64_t id;
	int ch, f;

	crm_init(argc, argv);
	while ((ch = getopt_long(argc, argv, "d:ho:V", longopts, NULL)) != -1) {
		if (crm_opt_common(ch, optarg, &o))
			continue;
		if (ch == O_HISTORY)
			history = true;
		else
			crm_usage_error("unexpected option");
	}
	if (argc - optind != 1)
		crm_usage_error("give one CUSTOMER");
	s = crm_store_open(&o, CRM_STORE_READ);
	x.store = s;
	if (!(id = crm_customer_resolve(s, argv[optind], &err)))
		crm_die(CRM_EX_NOINPUT, "customer '%s' %s", argv[optind], err.s);
	crm_customer_load(&x, id, &c);
	/* one name: no need to load the whole region table */
	if (c.v[CRM_F_REGION])
		region_name = crm_region_name(s, c.v[CRM_F_REGION]);
	if (history) {
		show_history(s, id, &o);
	} else if (crm_output_format(&o) == CRM_FMT_JSON) {
		show_json(s, &c, region_name, id);
	} else {
		crm_out *w = crm_out_open(stdout, &o, cols, 2);
		const char *v[2];

		for (f = 0; f < CRM_F_COUNT; f++) {
			char *label = NULL;

			v[0] = crm_fields[f].name;
			v[1] = c.v[f];
			if (f == CRM_F_REGION && region_name)
				v[1] = label = crm_xasprintf("%s %s", c.v[f], region_name);
			crm_out_row(w, v);
			free(label);
		}
		if (c.custom)
			crm_out_rows(w, crm_customer_custom_fields(s, c.custom));
		show_grades(s, w, id);
		show_visits(s, w, id);
		show_credit(s, w, id);
		show_complaints(s, w, id);
		show_owners(s, w, id);
		show_deals(s, w, id);
		crm_out_close(w);
	}
	crm_customer_clear(&c);
	free(region_name);
	crm_buf_free(&err);
	crm_store_close(s);
	return CRM_EX_OK;
}
