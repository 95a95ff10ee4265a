/* crm-expense — what customers cost, the approvals of entertainment and
** gifts (客户招待申请表, 礼品馈赠申请表), and budgets (SPEC 3.6). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

static const char usage[] =
"usage: crm-expense add CUSTOMER --kind K --amount A [--date D] [--request ID]\n"
"                   [--note T]\n"
"       crm-expense request CUSTOMER --kind K --amount A --purpose T [--date D]\n"
"       crm-expense requests [--status pending|approved|rejected]\n"
"       crm-expense approve ID --approver NAME\n"
"       crm-expense reject ID --approver NAME --reason T\n"
"       crm-expense budget CUSTOMER|--grade G --period P --amount A\n"
"       crm-expense ls [--customer C] [--period P] [--status approved|none]\n"
"\n"
"Record what a customer costs (kinds entertainment, gift, travel, other);\n"
"an entertainment or gift over expense.approval_over needs --request of an\n"
"approved request for that customer and kind.  Budgets are what crm-alert\n"
"compares the expenses with.\n"
"\n"
"options:\n"
"  -d, --db PATH        the store\n"
"      --actor NAME     who is acting, for the audit log\n"
"      --amount A       the amount in yuan\n"
"      --approver NAME  approve, reject: who decides\n"
"      --customer C     ls: only this customer\n"
"      --date D         the day (default today)\n"
"      --grade G        budget: for every customer of grade G without its own\n"
"      --kind K         entertainment, gift, travel or other (招待, 礼品, 差旅, 其他)\n"
"      --note T         add: what it was\n"
"      --period P       budget, ls: 2026, 2026-Q3, 2026-10, FROM..TO or 12m\n"
"      --purpose T      request: what it is for\n"
"      --reason T       reject: why\n"
"      --request ID     add: the approved request it spends\n"
"      --status S       requests: pending, approved, rejected; ls: approved, none\n"
"      --format FMT     csv, tsv, json, table or xlsx\n"
"  -o, --output FILE    write to FILE, whole or not at all\n"
"      --bom            CSV or TSV for Excel: byte-order mark, CRLF\n"
"      --raw            no formula-injection guard in CSV output\n"
"  -q, --quiet          print no rows\n"
"  -h, --help           show this help\n"
"  -V, --version        show the version\n"
"\n"
"See crm-expense(1).\n";

enum {
	O_AMOUNT = CRM_OPT_LOCAL, O_APPROVER, O_CUSTOMER, O_DATE, O_GRADE, O_KIND,
	O_NOTE, O_PERIOD, O_PURPOSE, O_REASON, O_REQUEST, O_STATUS
};

static const struct option longopts[] = {
	CRM_LONGOPTS_COMMON, CRM_LONGOPTS_OUTPUT,
	{ "amount", 1, NULL, O_AMOUNT },
	{ "approver", 1, NULL, O_APPROVER },
	{ "customer", 1, NULL, O_CUSTOMER },
	{ "date", 1, NULL, O_DATE },
	{ "grade", 1, NULL, O_GRADE },
	{ "kind", 1, NULL, O_KIND },
	{ "note", 1, NULL, O_NOTE },
	{ "period", 1, NULL, O_PERIOD },
	{ "purpose", 1, NULL, O_PURPOSE },
	{ "reason", 1, NULL, O_REASON },
	{ "request", 1, NULL, O_REQUEST },
	{ "status", 1, NULL, O_STATUS },
	{ "quiet", 0, NULL, 'q' },
	{ NULL, 0, NULL, 0 }
};

static struct crm_opts o = { .usage = usage, .longopts = longopts,
    .words = "add request requests approve reject budget ls" };
static struct crm_subopts so;
#define OPT(k) CRM_SUBOPT(&so, k)
#define ONLY(cmd, ...) CRM_SUBOPT_ONLY(&o, &so, cmd, __VA_ARGS__)

static void
day_of(char out[11])
{
	crm_date_format(crm_subopt_date(&o, &so, O_DATE, crm_today()), out);
}

static int64_t
amount_of(void)
{
	int64_t fen;

	if (!OPT(O_AMOUNT))
		crm_usage_error("give --amount");
	if (crm_money_parse(OPT(O_AMOUNT), &fen) < 0 || fen <= 0)
		crm_die(CRM_EX_DATAERR, "amount '%s' is not an amount in yuan more than 0",
		    OPT(O_AMOUNT));
	return fen;
}

static const char *
kind_of(void)
{
	const char *k;

	if (!OPT(O_KIND))
		crm_usage_error("give --kind");
	if (!(k = crm_expense_kind(OPT(O_KIND))))
		crm_usage_error("--kind '%s' is not entertainment, gift, travel or other", OPT(O_KIND));
	return k;
}

static crm_store *store;   /* for the audit of what print() shows */

static void
print(const struct crm_col *cols, size_t n, crm_rows *r)
{
	crm_out *w;

	if (o.quiet) {
		crm_rows_close(r);
		return;
	}
	w = crm_out_open(stdout, &o, cols, n);
	crm_audit(store, "export", crm_out_rows(w, r), "crm-expense");
	crm_out_close(w);
}

/* --period as its dates, and the name it is kept under */
static char *
period_of(char from[11], char to[11])
{
	struct crm_date f, t;
	const char *msg;

	if ((msg = crm_period_parse(OPT(O_PERIOD), crm_today(), &f, &t)))
		crm_usage_error("--period '%s' %s", OPT(O_PERIOD), msg);
	crm_date_format(f, from);
	crm_date_format(t, to);
	return crm_period_name(OPT(O_PERIOD), f, t);
}

int
main(int argc, char **argv)
{
	struct crm_buf err = { 0 };
	const char *cmd;
	char day[11], from[11] = "", to[11] = "";
	crm_store *s;
	int64_t id = 0, cid = 0;
	int ch;

	crm_init(argc, argv);
	while ((ch = getopt_long(argc, argv, "d:ho:qV", longopts, NULL)) != -1) {
		if (crm_opt_common(ch, optarg, &o))
			continue;
		if (!crm_subopt_take(&o, &so, ch, optarg))
			crm_usage_error("unexpected option");
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		crm_usage_error("give a command: add, request, requests, approve, reject, budget or ls");
	cmd = argv[0];
	if (!strcmp(cmd, "add") || !strcmp(cmd, "request")) {
		bool add = !strcmp(cmd, "add");
		const char *kind;
		int64_t amount, req = 0;

		if (add)
			ONLY("add", O_AMOUNT, O_DATE, O_KIND, O_NOTE, O_REQUEST);
		else
			ONLY("request", O_AMOUNT, O_DATE, O_KIND, O_PURPOSE);
		if (argc != 2)
			crm_usage_error("give one CUSTOMER");
		kind = kind_of();
		amount = amount_of();
		day_of(day);
		if (!add && (!OPT(O_PURPOSE) || !*OPT(O_PURPOSE)))
			crm_usage_error("request needs --purpose");
		if (OPT(O_REQUEST))
			req = crm_parse_count(OPT(O_REQUEST), "--request");
		store = s = crm_store_open(&o, CRM_STORE_READ);
		cid = crm_customer_arg(s, argv[1]);
		crm_store_begin(s);
		if (add && !(id = crm_expense_add(s, cid, day, kind, amount, req, OPT(O_NOTE), &err)))
			crm_die(strstr(err.s, "there is no") ? CRM_EX_NOINPUT : CRM_EX_DATAERR,
			    "add %s: %s", argv[1], err.s);
		if (!add)
			id = crm_expense_request(s, cid, day, kind, amount, OPT(O_PURPOSE));
		crm_audit(s, cmd, 1, kind);
		crm_store_commit(s);
		if (add)
			print(crm_expense_cols, CRM_EXPENSE_NCOLS, crm_expense_list(s, 0, NULL, NULL, NULL, id));
		else
			print(crm_request_cols, CRM_REQUEST_NCOLS, crm_expense_requests(s, NULL, id));
	} else if (!strcmp(cmd, "approve") || !strcmp(cmd, "reject")) {
		bool approve = !strcmp(cmd, "approve");

		if (approve)
			ONLY("approve", O_APPROVER);
		else
			ONLY("reject", O_APPROVER, O_REASON);
		if (argc != 2)
			crm_usage_error("give the ID of one request");
		if (!OPT(O_APPROVER) || !*OPT(O_APPROVER))
			crm_usage_error("%s needs --approver", cmd);
		if (!approve && (!OPT(O_REASON) || !*OPT(O_REASON)))
			crm_usage_error("reject needs --reason");
		id = crm_parse_count(argv[1], "ID");
		store = s = crm_store_open(&o, CRM_STORE_READ);
		crm_store_begin(s);
		if (crm_expense_decide(s, id, OPT(O_APPROVER), approve ? NULL : OPT(O_REASON), &err) < 0)
			crm_die(strstr(err.s, "there is no") ? CRM_EX_NOINPUT : CRM_EX_DATAERR,
			    "%s %s: %s", cmd, argv[1], err.s);
		crm_audit(s, cmd, 1, "expense_requests");
		crm_store_commit(s);
		print(crm_request_cols, CRM_REQUEST_NCOLS, crm_expense_requests(s, NULL, id));
	} else if (!strcmp(cmd, "requests")) {
		const char *st = OPT(O_STATUS);

		ONLY("requests", O_STATUS);
		if (argc != 1)
			crm_usage_error("unexpected argument '%s'", argv[1]);
		if (st && strcmp(st, "pending") && strcmp(st, "approved") && strcmp(st, "rejected"))
			crm_usage_error("--status '%s' is not pending, approved or rejected", st);
		store = s = crm_store_open(&o, CRM_STORE_READ);
		print(crm_request_cols, CRM_REQUEST_NCOLS, crm_expense_requests(s, st, 0));
	} else if (!strcmp(cmd, "budget")) {
		char *period;
		int64_t amount;

		ONLY("budget", O_AMOUNT, O_GRADE, O_PERIOD);
		if (argc - 1 + !!OPT(O_GRADE) != 1)
			crm_usage_error("give one CUSTOMER or --grade G");
		if (!OPT(O_PERIOD))
			crm_usage_error("budget needs --period");
		amount = amount_of();
		period = period_of(from, to);
		store = s = crm_store_open(&o, CRM_STORE_READ);
		if (argc == 2)
			cid = crm_customer_arg(s, argv[1]);
		crm_store_begin(s);
		crm_expense_budget(s, cid, OPT(O_GRADE), period, from, to, amount);
		crm_audit(s, "budget", 1, period);
		crm_store_commit(s);
		free(period);
	} else if (!strcmp(cmd, "ls")) {
		const char *st = OPT(O_STATUS);

		ONLY("ls", O_CUSTOMER, O_PERIOD, O_STATUS);
		if (argc != 1)
			crm_usage_error("unexpected argument '%s'", argv[1]);
		if (st && strcmp(st, "approved") && strcmp(st, "none"))
			crm_usage_error("--status '%s' is not approved or none", st);
		if (OPT(O_PERIOD))
			free(period_of(from, to));
		store = s = crm_store_open(&o, CRM_STORE_READ);
		if (OPT(O_CUSTOMER))
			cid = crm_customer_arg(s, OPT(O_CUSTOMER));
		print(crm_expense_cols, CRM_EXPENSE_NCOLS, crm_expense_list(s, cid, from, to, st, 0));
	} else {
		crm_usage_error("unknown command '%s' (add, request, requests, approve, reject,"
		    " budget or ls)", cmd);
	}
	crm_buf_free(&err);
	crm_store_close(s);
	return CRM_EX_OK;
}
