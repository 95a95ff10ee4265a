/* crm-deal — sales opportunities through the stages of the funnel
** (销售机会跟踪表, 销售漏斗, SPEC 3.9). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

static const char usage[] =
"usage: crm-deal add CUSTOMER --title T --amount A --stage S --expected DATE\n"
"                [--probability PCT] [--owner O] [--date D]\n"
"       crm-deal move ID --stage S [--date D] [--reopen]\n"
"       crm-deal ls [--stage S] [--owner O] [--open] [--customer C]\n"
"       crm-deal history ID\n"
"\n"
"Track sales opportunities (销售机会) through the stages lead, qualified,\n"
"proposal, negotiation, won and lost, every move kept with its date; won\n"
"and lost close a deal.  A deal takes its stage's probability from\n"
"deal.probability unless it has its own.  Listed as\n"
"id,customer_id,code,name,title,amount,stage,probability,expected,owner;\n"
"'crm-report funnel' is the funnel.\n"
"\n"
"  stages  lead, qualified, proposal, negotiation, won, lost\n"
"          (线索, 合格, 方案, 谈判, 成交, 失败)\n"
"\n"
"options:\n"
"  -d, --db PATH        the store\n"
"      --actor NAME     who is acting, for the history and the audit log\n"
"      --amount A       add: what the deal is worth, in yuan\n"
"      --customer C     ls: only this customer's deals\n"
"      --date D         add: the day it was opened; move: the day of the move\n"
"                       (default today)\n"
"      --expected DATE  add: the day it is expected to close\n"
"      --open           ls: only deals not won or lost\n"
"      --owner O        add: the rep (default the customer's owner); ls: only O's\n"
"      --probability PCT add: its own probability, 0 to 100, kept on every move\n"
"      --reopen         move: move a won or lost deal again\n"
"      --stage S        add, move: the stage; ls: only deals at S\n"
"      --title T        add: what is being sold\n"
"      --format FMT     csv, tsv, json, table or xlsx\n"
"  -o, --output FILE    write to FILE, whole or not at all\n"
"      --bom            CSV or TSV for Excel: byte-order mark, CRLF\n"
"      --raw            no formula-injection guard in CSV output\n"
"  -q, --quiet          print no rows\n"
"  -h, --help           show this help\n"
"  -V, --version        show the version\n"
"\n"
"See crm-deal(1).\n";

enum {
	O_AMOUNT = CRM_OPT_LOCAL, O_CUSTOMER, O_DATE, O_EXPECTED, O_OWNER, O_PROBABILITY,
	O_STAGE, O_TITLE,
	O_OPEN, O_REOPEN      /* flags */
};

static const struct option longopts[] = {
	CRM_LONGOPTS_COMMON, CRM_LONGOPTS_OUTPUT,
	{ "amount", 1, NULL, O_AMOUNT }, { "customer", 1, NULL, O_CUSTOMER },
	{ "date", 1, NULL, O_DATE }, { "expected", 1, NULL, O_EXPECTED },
	{ "owner", 1, NULL, O_OWNER }, { "probability", 1, NULL, O_PROBABILITY },
	{ "stage", 1, NULL, O_STAGE }, { "title", 1, NULL, O_TITLE },
	{ "open", 0, NULL, O_OPEN }, { "reopen", 0, NULL, O_REOPEN },
	{ "quiet", 0, NULL, 'q' },
	{ NULL, 0, NULL, 0 }
};

static struct crm_opts o = { .usage = usage, .longopts = longopts,
    .words = "add move ls history" };
static struct crm_subopts so;
#define OPT(k) CRM_SUBOPT(&so, k)
#define ONLY(cmd, ...) CRM_SUBOPT_ONLY(&o, &so, cmd, __VA_ARGS__)
static bool open_only, reopen;

/* --stage as a stage; a word that is none is a usage error. */
static int
stage_of(void)
{
	int k = crm_deal_stage(OPT(O_STAGE));

	if (k < 0)
		crm_usage_error("--stage '%s' is not lead, qualified, proposal, negotiation, won"
		    " or lost", OPT(O_STAGE));
	return k;
}

/* A deal ID argument: a positive whole number. */
static int64_t
deal_id(const char *arg)
{
	char *end;
	long long id = strtoll(arg, &end, 10);

	if (*arg < '1' || *arg > '9' || *end)
		crm_usage_error("'%s' is not a deal ID", arg);
	return id;
}

static void
print(crm_store *s, int64_t id)
{
	struct crm_deal_filter f = { .id = id, .stage = -1 };
	crm_out *w;

	if (o.quiet)
		return;
	w = crm_out_open(stdout, &o, crm_deal_cols, CRM_DEAL_NCOLS);
	crm_out_rows(w, crm_deal_list(s, &f));
	crm_out_close(w);
}

static int
cmd_add(int argc, char **argv)
{
	struct crm_deal d = { .probability = -1 };
	struct crm_buf err = { 0 };
	const char *msg;
	crm_store *s;
	int64_t id;

	ONLY("add", O_AMOUNT, O_DATE, O_EXPECTED, O_OWNER, O_PROBABILITY, O_STAGE, O_TITLE);
	if (argc != 1)
		crm_usage_error("give one CUSTOMER");
	if (!OPT(O_TITLE) || !*OPT(O_TITLE) || !OPT(O_AMOUNT) || !OPT(O_STAGE) ||
	    !OPT(O_EXPECTED))
		crm_usage_error("add needs --title, --amount, --stage and --expected");
	d.stage = stage_of();
	d.title = OPT(O_TITLE);
	if (crm_money_parse(OPT(O_AMOUNT), &d.amount) < 0 || d.amount < 0)
		crm_die(CRM_EX_DATAERR, "amount '%s' is not an amount in yuan", OPT(O_AMOUNT));
	if (OPT(O_PROBABILITY) && (msg = crm_deal_percent(OPT(O_PROBABILITY), &d.probability)))
		crm_die(CRM_EX_DATAERR, "probability '%s' %s", OPT(O_PROBABILITY), msg);
	crm_date_format(crm_subopt_date(&o, &so, O_EXPECTED, crm_today()), d.expected);
	crm_date_format(crm_subopt_date(&o, &so, O_DATE, crm_today()), d.opened);
	d.owner = OPT(O_OWNER) && *OPT(O_OWNER) ? OPT(O_OWNER) : NULL;
	s = crm_store_open(&o, CRM_STORE_READ);
	d.customer_id = crm_customer_arg(s, argv[0]);
	crm_store_begin(s);
	if (!(id = crm_deal_add(s, &d, &err)))
		crm_die(CRM_EX_DATAERR, "add %s: %s", argv[0], err.s);
	crm_audit(s, "deal", 1, crm_deal_stage_name(d.stage));
	crm_store_commit(s);
	print(s, id);
	crm_store_close(s);
	return CRM_EX_OK;
}

static int
cmd_move(int argc, char **argv)
{
	struct crm_buf err = { 0 };
	char day[11];
	crm_store *s;
	int64_t id;
	bool missing;
	int k;

	ONLY("move", O_DATE, O_STAGE);
	if (argc != 1)
		crm_usage_error("give one deal ID");
	id = deal_id(argv[0]);
	if (!OPT(O_STAGE))
		crm_usage_error("move needs --stage");
	k = stage_of();
	crm_date_format(crm_subopt_date(&o, &so, O_DATE, crm_today()), day);
	s = crm_store_open(&o, CRM_STORE_READ);
	crm_store_begin(s);
	if (crm_deal_move(s, id, k, day, reopen, &err, &missing) < 0)
		crm_die(missing ? CRM_EX_NOINPUT : CRM_EX_DATAERR, "move %s: %s", argv[0], err.s);
	crm_audit(s, reopen ? "reopen" : "move", 1, crm_deal_stage_name(k));
	crm_store_commit(s);
	print(s, id);
	crm_buf_free(&err);
	crm_store_close(s);
	return CRM_EX_OK;
}

int
main(int argc, char **argv)
{
	const char *cmd;
	crm_store *s;
	crm_out *w;
	int ch;

	crm_init(argc, argv);
	while ((ch = getopt_long(argc, argv, "d:ho:qV", longopts, NULL)) != -1) {
		if (crm_opt_common(ch, optarg, &o))
			continue;
		if (ch == O_OPEN || ch == O_REOPEN) {
			*(ch == O_OPEN ? &open_only : &reopen) = true;
			continue;
		}
		if (!crm_subopt_take(&o, &so, ch, optarg))
			crm_usage_error("unexpected option");
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		crm_usage_error("give a command: add, move, ls or history");
	cmd = argv[0];
	if (open_only && strcmp(cmd, "ls"))
		crm_usage_error("--open goes with 'ls'");
	if (reopen && strcmp(cmd, "move"))
		crm_usage_error("--reopen goes with 'move'");
	if (!strcmp(cmd, "add"))
		return cmd_add(argc - 1, argv + 1);
	if (!strcmp(cmd, "move"))
		return cmd_move(argc - 1, argv + 1);
	if (!strcmp(cmd, "ls")) {
		struct crm_deal_filter f = { .stage = -1, .open = open_only };

		ONLY("ls", O_CUSTOMER, O_OWNER, O_STAGE);
		if (argc != 1)
			crm_usage_error("unexpected argument '%s'", argv[1]);
		if (OPT(O_STAGE))
			f.stage = stage_of();
		f.owner = OPT(O_OWNER);
		s = crm_store_open(&o, CRM_STORE_READ);
		if (OPT(O_CUSTOMER))
			f.customer_id = crm_customer_arg(s, OPT(O_CUSTOMER));
		w = crm_out_open(stdout, &o, crm_deal_cols, CRM_DEAL_NCOLS);
		crm_export_rows(s, w, crm_deal_list(s, &f), "crm-deal ls");
		crm_out_close(w);
	} else if (!strcmp(cmd, "history")) {
		int64_t id;

		ONLY("history");
		if (argc != 2)
			crm_usage_error("give one deal ID");
		id = deal_id(argv[1]);
		s = crm_store_open(&o, CRM_STORE_READ);
		if (!crm_deal_exists(s, id))
			crm_die(CRM_EX_NOINPUT, "there is no deal %s", argv[1]);
		w = crm_out_open(stdout, &o, crm_deal_move_cols, CRM_DEAL_MOVE_NCOLS);
		crm_out_rows(w, crm_deal_history(s, id));
		crm_out_close(w);
	} else {
		crm_usage_error("unknown command '%s' (add, move, ls or history)", cmd);
	}
	crm_store_close(s);
	return CRM_EX_OK;
}
