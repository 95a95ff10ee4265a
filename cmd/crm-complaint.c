/* crm-complaint — complaints numbered, tracked and closed on time (SPEC
** 3.7, seed 003 篇5 客诉处理). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

static const char usage[] =
"usage: crm-complaint open CUSTOMER --channel C --category K --description T\n"
"                     [--product P] [--order-ref R] [--qty N] [--defect-qty N]\n"
"                     [--request T] [--severity urgent|normal] [--foreign] [--date D]\n"
"       crm-complaint import [FILE|-] [--encoding ENC] [--map MAP] [--rejects FILE]\n"
"                     [--all-or-nothing] [--dry-run]\n"
"       crm-complaint assign NUM --to NAME [--date D]\n"
"       crm-complaint note NUM TEXT [--date D]\n"
"       crm-complaint resolve NUM --resolution T [--responsible DEPT] [--loss A] [--date D]\n"
"       crm-complaint close NUM [--satisfaction 1-5] [--date D]\n"
"       crm-complaint reopen NUM --reason T [--date D]\n"
"       crm-complaint void NUM --reason T [--date D]\n"
"       crm-complaint ls [--open] [--overdue] [--status S] [--assignee NAME]\n"
"                     [--customer C] [--as-of D]\n"
"       crm-complaint show NUM\n"
"       crm-complaint stats --period P\n"
"\n"
"Open complaints (客户投诉) numbered by year, month and serial (2611007),\n"
"take them through assigned, resolved and closed, each step dated and\n"
"kept; the deadline is 15 days from the opening, 20 for a foreign\n"
"customer (complaint.days, complaint.foreign_days).\n"
"\n"
"  channels    phone, letter, visit, online (电话, 信函, 来访, 网络)\n"
"  categories  quality, service, delivery, price, other (质量, 服务, 交货, 价格, 其他)\n"
"\n"
"options:\n"
"  -d, --db PATH        the store\n"
"      --actor NAME     who is acting, for the history and the audit log\n"
"      --as-of DATE     ls: today, for days open and overdue\n"
"      --date D         the day of the step (default today)\n"
"      --foreign        open: a foreign customer (20 days)\n"
"      --open           ls: only cases not closed or void\n"
"      --overdue        ls: only cases past their deadline (open, or closed late)\n"
"      --period P       stats: 2026-10, 2026-Q3, 2026, FROM..TO\n"
"      --format FMT     csv, tsv, json, table or xlsx\n"
"  -o, --output FILE    write to FILE, whole or not at all\n"
"      --bom            CSV or TSV for Excel: byte-order mark, CRLF\n"
"      --raw            no formula-injection guard in CSV output\n"
"  -q, --quiet          print no rows\n"
"  -h, --help           show this help\n"
"  -V, --version        show the version\n"
"\n"
"See crm-complaint(1).\n";

enum {
	O_ASOF = CRM_OPT_LOCAL, O_ASSIGNEE, O_CATEGORY, O_CHANNEL, O_CUSTOMER, O_DATE,
	O_DEFECT, O_DESCRIPTION, O_ENCODING, O_LOSS, O_MAP, O_ORDER, O_PERIOD, O_PRODUCT,
	O_QTY, O_REASON, O_REJECTS, O_REQUEST, O_RESOLUTION, O_RESPONSIBLE,
	O_SATISFACTION, O_SEVERITY, O_STATUS, O_TO,
	O_FOREIGN, O_OPEN, O_OVERDUE, O_ALL, O_DRY          /* flags */
};

static const struct option longopts[] = {
	CRM_LONGOPTS_COMMON, CRM_LONGOPTS_OUTPUT,
	{ "as-of", 1, NULL, O_ASOF }, { "assignee", 1, NULL, O_ASSIGNEE },
	{ "category", 1, NULL, O_CATEGORY }, { "channel", 1, NULL, O_CHANNEL },
	{ "customer", 1, NULL, O_CUSTOMER }, { "date", 1, NULL, O_DATE },
	{ "defect-qty", 1, NULL, O_DEFECT }, { "description", 1, NULL, O_DESCRIPTION },
	{ "encoding", 1, NULL, O_ENCODING }, { "loss", 1, NULL, O_LOSS },
	{ "map", 1, NULL, O_MAP }, { "order-ref", 1, NULL, O_ORDER },
	{ "period", 1, NULL, O_PERIOD }, { "product", 1, NULL, O_PRODUCT },
	{ "qty", 1, NULL, O_QTY }, { "reason", 1, NULL, O_REASON },
	{ "rejects", 1, NULL, O_REJECTS }, { "request", 1, NULL, O_REQUEST },
	{ "resolution", 1, NULL, O_RESOLUTION }, { "responsible", 1, NULL, O_RESPONSIBLE },
	{ "satisfaction", 1, NULL, O_SATISFACTION }, { "severity", 1, NULL, O_SEVERITY },
	{ "status", 1, NULL, O_STATUS }, { "to", 1, NULL, O_TO },
	{ "foreign", 0, NULL, O_FOREIGN }, { "open", 0, NULL, O_OPEN },
	{ "overdue", 0, NULL, O_OVERDUE }, { "all-or-nothing", 0, NULL, O_ALL },
	{ "dry-run", 0, NULL, O_DRY }, { "quiet", 0, NULL, 'q' },
	{ NULL, 0, NULL, 0 }
};

static struct crm_opts o = { .usage = usage, .longopts = longopts,
    .words = "open import assign note resolve close reopen void ls show stats" };
static struct crm_subopts so;
#define OPT(k) CRM_SUBOPT(&so, k)
#define ONLY(cmd, ...) CRM_SUBOPT_ONLY(&o, &so, cmd, __VA_ARGS__)
static bool foreign, open_only, overdue_only, all_or_nothing, dry_run;

static void
day_of(int k, char out[11])
{
	crm_date_format(crm_subopt_date(&o, &so, k, crm_today()), out);
}

static const char *
qty_of(int k, char **keep)
{
	const char *msg;

	if (!OPT(k))
		return NULL;
	if ((msg = crm_qty_parse(OPT(k), keep)))
		crm_die(CRM_EX_DATAERR, "%s '%s' %s", crm_opt_name(&o, k), OPT(k), msg);
	return *keep;
}

static int
cmd_open(int argc, char **argv)
{
	struct crm_complaint c = { .foreign = foreign };
	struct crm_complaint_filter f = { 0 };
	struct crm_buf err = { 0 };
	char number[16], *q = NULL, *dq = NULL;
	crm_store *s;
	crm_rows *r;
	const char *v[CRM_COMPLAINT_NCOLS];
	crm_out *w;

	ONLY("open", O_CATEGORY, O_CHANNEL, O_DATE, O_DEFECT, O_DESCRIPTION, O_ORDER,
	    O_PRODUCT, O_QTY, O_REQUEST, O_SEVERITY);
	if (argc != 1)
		crm_usage_error("give one CUSTOMER");
	if (!OPT(O_CHANNEL) || !OPT(O_CATEGORY) || !OPT(O_DESCRIPTION) || !*OPT(O_DESCRIPTION))
		crm_usage_error("open needs --channel, --category and --description");
	if (!(c.channel = crm_complaint_channel(OPT(O_CHANNEL))))
		crm_usage_error("--channel '%s' is not phone, letter, visit or online", OPT(O_CHANNEL));
	if (!(c.category = crm_complaint_category(OPT(O_CATEGORY))))
		crm_usage_error("--category '%s' is not quality, service, delivery, price or other",
		    OPT(O_CATEGORY));
	if (OPT(O_SEVERITY) && !(c.severity = crm_complaint_severity(OPT(O_SEVERITY))))
		crm_usage_error("--severity '%s' is not urgent or normal", OPT(O_SEVERITY));
	day_of(O_DATE, c.date);
	c.description = OPT(O_DESCRIPTION);
	c.product = OPT(O_PRODUCT);
	c.order_ref = OPT(O_ORDER);
	c.qty = qty_of(O_QTY, &q);
	c.defect_qty = qty_of(O_DEFECT, &dq);
	if ((c.qty && *c.qty == '-') || (c.defect_qty && *c.defect_qty == '-'))
		crm_die(CRM_EX_DATAERR, "%s must not be negative", c.qty && *c.qty == '-' ? "qty" :
		    "defect-qty");
	if (c.qty && c.defect_qty && strtod(c.defect_qty, NULL) > strtod(c.qty, NULL))
		crm_die(CRM_EX_DATAERR, "defect-qty %s is more than the qty %s", c.defect_qty, c.qty);
	c.request = OPT(O_REQUEST);
	s = crm_store_open(&o, CRM_STORE_READ);
	c.customer_id = crm_customer_arg(s, argv[0]);
	crm_store_begin(s);
	if (!crm_complaint_open(s, &c, number, &err))
		crm_die(CRM_EX_DATAERR, "open %s: %s", argv[0], err.s);
	crm_audit(s, "open", 1, number);
	crm_store_commit(s);
	if (!o.quiet) {
		char today[11];

		/* the case as it stands today (or on its day, when that is later) */
		crm_date_format(crm_today(), today);
		f.customer_id = c.customer_id;
		snprintf(f.as_of, sizeof f.as_of, "%s", strcmp(today, c.date) > 0 ? today : c.date);
		w = crm_out_open(stdout, &o, crm_complaint_cols, CRM_COMPLAINT_NCOLS);
		r = crm_complaint_list(s, &f);
		while (crm_rows_next(r, v))
			if (!strcmp(v[0], number))
				crm_out_row(w, v);
		crm_rows_close(r);
		crm_out_close(w);
	}
	free(q);
	free(dq);
	crm_store_close(s);
	return CRM_EX_OK;
}

static int
cmd_step(enum crm_complaint_step k, const char *name, int argc, char **argv)
{
	struct crm_step_values v = { .loss = -1 };
	struct crm_buf err = { 0 };
	char day[11];
	crm_store *s;
	bool missing;

	switch (k) {
	case CRM_STEP_ASSIGN: ONLY(name, O_DATE, O_TO); break;
	case CRM_STEP_NOTE: ONLY(name, O_DATE); break;
	case CRM_STEP_RESOLVE: ONLY(name, O_DATE, O_LOSS, O_RESOLUTION, O_RESPONSIBLE); break;
	case CRM_STEP_CLOSE: ONLY(name, O_DATE, O_SATISFACTION); break;
	default: ONLY(name, O_DATE, O_REASON); break;
	}
	if (argc != (k == CRM_STEP_NOTE ? 2 : 1))
		crm_usage_error(k == CRM_STEP_NOTE ? "give NUM and TEXT" : "give one case NUM");
	if (k == CRM_STEP_ASSIGN && (!OPT(O_TO) || !*OPT(O_TO)))
		crm_usage_error("assign needs --to");
	if (k == CRM_STEP_RESOLVE && (!OPT(O_RESOLUTION) || !*OPT(O_RESOLUTION)))
		crm_usage_error("resolve needs --resolution");
	if ((k == CRM_STEP_REOPEN || k == CRM_STEP_VOID) && (!OPT(O_REASON) || !*OPT(O_REASON)))
		crm_usage_error("%s needs --reason", name);
	v.to = OPT(O_TO);
	v.text = k == CRM_STEP_NOTE ? argv[1] : k == CRM_STEP_RESOLVE ? OPT(O_RESOLUTION) :
	    OPT(O_REASON);
	v.responsible = OPT(O_RESPONSIBLE);
	if (OPT(O_LOSS) && (crm_money_parse(OPT(O_LOSS), &v.loss) < 0 || v.loss < 0))
		crm_die(CRM_EX_DATAERR, "loss '%s' is not an amount in yuan", OPT(O_LOSS));
	if (OPT(O_SATISFACTION)) {
		char *end;
		long n = strtol(OPT(O_SATISFACTION), &end, 10);

		if (*end || n < 1 || n > 5)
			crm_die(CRM_EX_DATAERR, "satisfaction '%s' is not 1 to 5", OPT(O_SATISFACTION));
		v.satisfaction = (int)n;
	}
	day_of(O_DATE, day);
	s = crm_store_open(&o, CRM_STORE_READ);
	crm_store_begin(s);
	if (crm_complaint_step(s, argv[0], k, day, &v, &err, &missing) < 0)
		crm_die(missing ? CRM_EX_NOINPUT : CRM_EX_DATAERR, "%s %s: %s", name, argv[0], err.s);
	crm_audit(s, name, 1, argv[0]);
	crm_store_commit(s);
	crm_store_close(s);
	crm_buf_free(&err);
	return CRM_EX_OK;
}

int
main(int argc, char **argv)
{
	static const struct { const char *name; enum crm_complaint_step k; } stepcmds[] = {
		{ "assign", CRM_STEP_ASSIGN }, { "note", CRM_STEP_NOTE },
		{ "resolve", CRM_STEP_RESOLVE }, { "close", CRM_STEP_CLOSE },
		{ "reopen", CRM_STEP_REOPEN }, { "void", CRM_STEP_VOID },
	};
	const char *cmd;
	crm_store *s;
	size_t i;
	int ch;

	crm_init(argc, argv);
	while ((ch = getopt_long(argc, argv, "d:ho:qV", longopts, NULL)) != -1) {
		if (crm_opt_common(ch, optarg, &o))
			continue;
		if (ch >= O_FOREIGN && ch <= O_DRY) {
			*(ch == O_FOREIGN ? &foreign : ch == O_OPEN ? &open_only : ch == O_OVERDUE ?
			    &overdue_only : ch == O_ALL ? &all_or_nothing : &dry_run) = true;
			continue;
		}
		if (!crm_subopt_take(&o, &so, ch, optarg))
			crm_usage_error("unexpected option");
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		crm_usage_error("give a command: open, import, assign, note, resolve, close,"
		    " reopen, void, ls, show or stats");
	cmd = argv[0];
	if (foreign && strcmp(cmd, "open"))
		crm_usage_error("--foreign goes with 'open'");
	if ((open_only || overdue_only) && strcmp(cmd, "ls"))
		crm_usage_error("--open and --overdue go with 'ls'");
	if ((all_or_nothing || dry_run) && strcmp(cmd, "import"))
		crm_usage_error("--all-or-nothing and --dry-run go with 'import'");
	if (!strcmp(cmd, "open"))
		return cmd_open(argc - 1, argv + 1);
	for (i = 0; i < sizeof stepcmds / sizeof stepcmds[0]; i++)
		if (!strcmp(cmd, stepcmds[i].name))
			return cmd_step(stepcmds[i].k, cmd, argc - 1, argv + 1);
	if (!strcmp(cmd, "import")) {
		struct crm_import_opts io;

		ONLY("import", O_ENCODING, O_MAP, O_REJECTS);
		io = crm_import_args(argc - 1, argv + 1, OPT(O_ENCODING), OPT(O_MAP),
		    OPT(O_REJECTS), all_or_nothing, dry_run);
		return crm_complaint_import_run(&o, &io);
	}
	if (!strcmp(cmd, "ls")) {
		struct crm_complaint_filter f = { .open = open_only, .overdue = overdue_only };
		const char *st = OPT(O_STATUS);

		ONLY("ls", O_ASOF, O_ASSIGNEE, O_CUSTOMER, O_STATUS);
		if (argc != 1)
			crm_usage_error("unexpected argument '%s'", argv[1]);
		if (st && strcmp(st, "open") && strcmp(st, "assigned") && strcmp(st, "resolved") &&
		    strcmp(st, "closed") && strcmp(st, "void"))
			crm_usage_error("--status '%s' is not open, assigned, resolved, closed or void", st);
		day_of(O_ASOF, f.as_of);
		f.status = st;
		f.assignee = OPT(O_ASSIGNEE);
		s = crm_store_open(&o, CRM_STORE_READ);
		if (OPT(O_CUSTOMER))
			f.customer_id = crm_customer_arg(s, OPT(O_CUSTOMER));
		crm_export(s, &o, crm_complaint_cols, CRM_COMPLAINT_NCOLS, crm_complaint_list(s, &f), "crm-complaint");
	} else if (!strcmp(cmd, "show")) {
		static const struct crm_col cols[] = { { "field", CRM_COL_TEXT }, { "value", CRM_COL_TEXT } };
		crm_rows *r;
		const char *v[2];
		crm_out *w;
		long long n;

		ONLY("show");
		if (argc != 2)
			crm_usage_error("give one case NUM");
		s = crm_store_open(&o, CRM_STORE_READ);
		r = crm_complaint_show(s, argv[1]);
		if (!crm_rows_next(r, v))
			crm_die(CRM_EX_NOINPUT, "there is no case %s", argv[1]);
		w = crm_out_open(stdout, &o, cols, 2);
		crm_out_row(w, v);
		n = 1 + crm_out_rows(w, r);
		crm_audit(s, "export", n, "crm-complaint show");
		crm_out_close(w);
	} else if (!strcmp(cmd, "stats")) {
		struct crm_date a, b;
		char from[11], to[11];
		const char *msg;

		ONLY("stats", O_PERIOD);
		if (argc != 1)
			crm_usage_error("unexpected argument '%s'", argv[1]);
		if (!OPT(O_PERIOD))
			crm_usage_error("stats needs --period");
		if ((msg = crm_period_parse(OPT(O_PERIOD), crm_today(), &a, &b)))
			crm_usage_error("--period '%s' %s", OPT(O_PERIOD), msg);
		crm_date_format(a, from);
		crm_date_format(b, to);
		s = crm_store_open(&o, CRM_STORE_READ);
		crm_export(s, &o, crm_complaint_stats_cols, CRM_COMPLAINT_STATS_NCOLS,
		    crm_complaint_stats(s, from, to), "crm-complaint");
	} else {
		crm_usage_error("unknown command '%s'", cmd);
	}
	crm_store_close(s);
	return CRM_EX_OK;
}
