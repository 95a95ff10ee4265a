/* crm-survey — customer satisfaction surveys (客户满意度调查, SPEC 3.9). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

static const char usage[] =
"usage: crm-survey add CUSTOMER --score 1-5 [--date D]\n"
"                  [--channel phone|visit|online|letter] [--comments T]\n"
"       crm-survey import [FILE|-] [--encoding ENC] [--map MAP] [--rejects FILE]\n"
"                  [--all-or-nothing] [--dry-run]\n"
"       crm-survey ls [--customer C] [--period P]\n"
"\n"
"Record what customers score the company, 1 (poor) to 5 (very satisfied),\n"
"one survey at a time or from CSV (customer,date,score,channel,comments;\n"
"客户, 日期, 评分/满意度, 渠道, 意见/备注), and list them:\n"
"id,customer_id,code,name,date,score,channel,comments.  A score given when\n"
"a complaint is closed is the complaint's, not a survey.\n"
"\n"
"options:\n"
"  -d, --db PATH        the store\n"
"      --actor NAME     who is acting, for the audit log\n"
"      --channel C      add: phone, visit, online or letter (电话, 拜访, 网络, 信函)\n"
"      --comments T     add: what the customer said\n"
"      --customer C     ls: only this customer\n"
"      --date D         add: the day of the survey (default today)\n"
"      --period P       ls: 2026, 2026-Q3, 2026-10, FROM..TO or 12m\n"
"      --score N        add: 1 to 5\n"
"      --encoding ENC   import: gb18030, gbk or utf-8\n"
"      --map MAP        import: 'Header=field,...' for other headers\n"
"      --rejects FILE   import: where rejected rows go\n"
"      --all-or-nothing import: commit nothing when a row is rejected\n"
"      --dry-run        import: check the file, write nothing\n"
"      --format FMT     csv, tsv, json, table or xlsx\n"
"  -o, --output FILE    write to FILE, whole or not at all\n"
"      --bom            CSV or TSV for Excel: byte-order mark, CRLF\n"
"      --raw            no formula-injection guard in CSV output\n"
"  -q, --quiet          print no rows\n"
"  -h, --help           show this help\n"
"  -V, --version        show the version\n"
"\n"
"See crm-survey(1).\n";

enum {
	O_CHANNEL = CRM_OPT_LOCAL, O_COMMENTS, O_CUSTOMER, O_DATE, O_ENCODING, O_MAP,
	O_PERIOD, O_REJECTS, O_SCORE,
	O_ALL, O_DRY          /* flags */
};

static const struct option longopts[] = {
	CRM_LONGOPTS_COMMON, CRM_LONGOPTS_OUTPUT,
	{ "channel", 1, NULL, O_CHANNEL }, { "comments", 1, NULL, O_COMMENTS },
	{ "customer", 1, NULL, O_CUSTOMER }, { "date", 1, NULL, O_DATE },
	{ "encoding", 1, NULL, O_ENCODING }, { "map", 1, NULL, O_MAP },
	{ "period", 1, NULL, O_PERIOD }, { "rejects", 1, NULL, O_REJECTS },
	{ "score", 1, NULL, O_SCORE },
	{ "all-or-nothing", 0, NULL, O_ALL }, { "dry-run", 0, NULL, O_DRY },
	{ "quiet", 0, NULL, 'q' },
	{ NULL, 0, NULL, 0 }
};

static struct crm_opts o = { .usage = usage, .longopts = longopts,
    .words = "add import ls" };
static struct crm_subopts so;
#define OPT(k) CRM_SUBOPT(&so, k)
#define ONLY(cmd, ...) CRM_SUBOPT_ONLY(&o, &so, cmd, __VA_ARGS__)
static bool all_or_nothing, dry_run;

static int
cmd_add(int argc, char **argv)
{
	struct crm_survey v = { 0 };
	const char *msg;
	crm_store *s;
	int64_t id;
	crm_out *w;

	ONLY("add", O_CHANNEL, O_COMMENTS, O_DATE, O_SCORE);
	if (argc != 1)
		crm_usage_error("give one CUSTOMER");
	if (!OPT(O_SCORE))
		crm_usage_error("add needs --score");
	if (OPT(O_CHANNEL) && !(v.channel = crm_survey_channel(OPT(O_CHANNEL))))
		crm_usage_error("--channel '%s' is not phone, visit, online or letter",
		    OPT(O_CHANNEL));
	if ((msg = crm_survey_score(OPT(O_SCORE), &v.score)))
		crm_die(CRM_EX_DATAERR, "score '%s' %s", OPT(O_SCORE), msg);
	crm_date_format(crm_subopt_date(&o, &so, O_DATE, crm_today()), v.date);
	v.comments = OPT(O_COMMENTS) && *OPT(O_COMMENTS) ? OPT(O_COMMENTS) : NULL;
	s = crm_store_open(&o, CRM_STORE_READ);
	v.customer_id = crm_customer_arg(s, argv[0]);
	crm_store_begin(s);
	id = crm_survey_add(s, &v);
	crm_audit(s, "survey", 1, v.date);
	crm_store_commit(s);
	if (!o.quiet) {
		w = crm_out_open(stdout, &o, crm_survey_cols, CRM_SURVEY_NCOLS);
		crm_out_rows(w, crm_survey_list(s, 0, "", "", id));
		crm_out_close(w);
	}
	crm_store_close(s);
	return CRM_EX_OK;
}

static int
cmd_ls(int argc, char **argv)
{
	char from[11] = "", to[11] = "";
	int64_t id = 0;
	crm_store *s;
	crm_out *w;

	ONLY("ls", O_CUSTOMER, O_PERIOD);
	if (argc != 0)
		crm_usage_error("unexpected argument '%s'", argv[0]);
	if (OPT(O_PERIOD)) {
		struct crm_date a, b;
		const char *msg;

		if ((msg = crm_period_parse(OPT(O_PERIOD), crm_today(), &a, &b)))
			crm_usage_error("--period '%s' %s", OPT(O_PERIOD), msg);
		crm_date_format(a, from);
		crm_date_format(b, to);
	}
	s = crm_store_open(&o, CRM_STORE_READ);
	if (OPT(O_CUSTOMER))
		id = crm_customer_arg(s, OPT(O_CUSTOMER));
	w = crm_out_open(stdout, &o, crm_survey_cols, CRM_SURVEY_NCOLS);
	crm_export_rows(s, w, crm_survey_list(s, id, from, to, 0), "crm-survey ls");
	crm_out_close(w);
	crm_store_close(s);
	return CRM_EX_OK;
}

int
main(int argc, char **argv)
{
	const char *cmd;
	int ch;

	crm_init(argc, argv);
	while ((ch = getopt_long(argc, argv, "d:ho:qV", longopts, NULL)) != -1) {
		if (crm_opt_common(ch, optarg, &o))
			continue;
		if (ch == O_ALL || ch == O_DRY) {
			*(ch == O_ALL ? &all_or_nothing : &dry_run) = true;
			continue;
		}
		if (!crm_subopt_take(&o, &so, ch, optarg))
			crm_usage_error("unexpected option");
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		crm_usage_error("give a command: add, import or ls");
	cmd = argv[0];
	if ((all_or_nothing || dry_run) && strcmp(cmd, "import"))
		crm_usage_error("--all-or-nothing and --dry-run go with 'import'");
	if (!strcmp(cmd, "add"))
		return cmd_add(argc - 1, argv + 1);
	if (!strcmp(cmd, "ls"))
		return cmd_ls(argc - 1, argv + 1);
	if (!strcmp(cmd, "import")) {
		struct crm_import_opts io;

		ONLY("import", O_ENCODING, O_MAP, O_REJECTS);
		io = crm_import_args(argc - 1, argv + 1, OPT(O_ENCODING), OPT(O_MAP),
		    OPT(O_REJECTS), all_or_nothing, dry_run);
		return crm_survey_import_run(&o, &io);
	}
	crm_usage_error("unknown command '%s' (add, import or ls)", cmd);
}
