/* crm-visit — the visit log, contact plans and follow-up duties (SPEC 3.4). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

static const char usage[] =
"usage: crm-visit log CUSTOMER --visitor NAME --role R --channel C\n"
"                --purpose P --outcome O [--date D] [--cost A] [--notes T]\n"
"                [--next DATE]\n"
"       crm-visit import [FILE|-] [--encoding ENC] [--map 'Header=field,...']\n"
"                [--rejects FILE] [--on-duplicate skip|reject] [--all-or-nothing]\n"
"                [--dry-run] [-v]\n"
"       crm-visit plan CUSTOMER --date D --visitor NAME [--purpose P] [--channel C]\n"
"       crm-visit plans [--from D] [--to D] [--visitor V] [--status S] [--customer C]\n"
"       crm-visit due [--as-of D] [--by-region] [--owner O] [--rule R,...]\n"
"       crm-visit ls [--customer C] [--period P] [--visitor V] [--channel C]\n"
"       crm-visit report --day D [--visitor V]\n"
"\n"
"Log visits and calls (客户拜访记录表), plan the next ones (客户联络计划表),\n"
"list who must still be visited or called under the policy visit.policy\n"
"(seed 000 客户回访), and the day report of each visitor (拜访日报表).\n"
"\n"
"  roles     gm, manager, rep, service (总经理, 经理, 业务员, 客服)\n"
"  channels  visit, phone, email, meeting, reception (拜访, 电话, 邮件, 会议, 接待)\n"
"  purposes  first, problem, relationship (a, b, c)\n"
"  outcomes  success, hopeful, revisit, hopeless, observe (A-E)\n"
"\n"
"options:\n"
"  -d, --db PATH        the store\n"
"      --actor NAME     who is acting, for the audit log\n"
"      --all-or-nothing import: commit nothing when a row is rejected\n"
"      --as-of DATE     today, for the default date, due and missed plans\n"
"      --by-region      due: in routes, by region and address, with a route column\n"
"      --channel C      how: visit, phone, email, meeting, reception\n"
"      --cost A         what the visit cost, in yuan\n"
"      --customer C     plans, ls: only this customer\n"
"      --date D         the day (default today)\n"
"      --day D          report: the day\n"
"      --dry-run        import: check every row, write nothing\n"
"      --encoding ENC   import: the file's encoding (gb18030, gbk, utf-8)\n"
"      --from D, --to D plans: dates from and to\n"
"      --map MAP        import: 'Header=field,...' for other headers\n"
"      --next DATE      log: plan the next visit on DATE (same visitor)\n"
"      --notes T        log: what was said\n"
"      --on-duplicate W import: skip (default) or reject a visit already logged\n"
"      --outcome O      success, hopeful, revisit, hopeless, observe (A-E)\n"
"      --owner O        due: only the customers of owner O\n"
"      --period P       ls: 2026, 2026-Q3, 2026-10, FROM..TO or 12m\n"
"      --purpose P      first, problem, relationship (a, b, c)\n"
"      --rejects FILE   import: where rejected rows go (default FILE.rejects.csv)\n"
"      --role R         who visited: gm, manager, rep, service\n"
"      --rule R,...     due: only these rules of visit.policy\n"
"      --status S       plans: open, done or missed\n"
"      --visitor NAME   who visits (or visited)\n"
"      --format FMT     csv, tsv, json, table or xlsx\n"
"  -o, --output FILE    write to FILE, whole or not at all\n"
"      --bom            CSV or TSV for Excel: byte-order mark, CRLF\n"
"      --raw            no formula-injection guard in CSV output\n"
"  -q, --quiet          print no rows\n"
"  -v, --verbose        import: list the visits added\n"
"  -h, --help           show this help\n"
"  -V, --version        show the version\n"
"\n"
"See crm-visit(1).\n";

enum {
	O_ASOF = CRM_OPT_LOCAL, O_CHANNEL, O_COST, O_CUSTOMER, O_DATE, O_DAY,
	O_ENCODING, O_FROM, O_TO, O_MAP, O_NEXT, O_NOTES, O_DUP, O_OUTCOME,
	O_OWNER, O_PERIOD, O_PURPOSE, O_REJECTS, O_ROLE, O_RULE, O_STATUS,
	O_VISITOR,
	O_LAST = O_VISITOR, O_ALL, O_DRY, O_BYREGION   /* flags, not in opt[] */
};

static const struct option longopts[] = {
	CRM_LONGOPTS_COMMON, CRM_LONGOPTS_OUTPUT,
	{ "as-of", 1, NULL, O_ASOF },
	{ "channel", 1, NULL, O_CHANNEL },
	{ "cost", 1, NULL, O_COST },
	{ "customer", 1, NULL, O_CUSTOMER },
	{ "date", 1, NULL, O_DATE },
	{ "day", 1, NULL, O_DAY },
	{ "encoding", 1, NULL, O_ENCODING },
	{ "from", 1, NULL, O_FROM },
	{ "to", 1, NULL, O_TO },
	{ "map", 1, NULL, O_MAP },
	{ "next", 1, NULL, O_NEXT },
	{ "notes", 1, NULL, O_NOTES },
	{ "on-duplicate", 1, NULL, O_DUP },
	{ "outcome", 1, NULL, O_OUTCOME },
	{ "owner", 1, NULL, O_OWNER },
	{ "period", 1, NULL, O_PERIOD },
	{ "purpose", 1, NULL, O_PURPOSE },
	{ "rejects", 1, NULL, O_REJECTS },
	{ "role", 1, NULL, O_ROLE },
	{ "rule", 1, NULL, O_RULE },
	{ "status", 1, NULL, O_STATUS },
	{ "visitor", 1, NULL, O_VISITOR },
	{ "all-or-nothing", 0, NULL, O_ALL },
	{ "dry-run", 0, NULL, O_DRY },
	{ "by-region", 0, NULL, O_BYREGION },
	{ "quiet", 0, NULL, 'q' },
	{ "verbose", 0, NULL, 'v' },
	{ NULL, 0, NULL, 0 }
};

static struct crm_opts o = { .usage = usage, .longopts = longopts,
    .words = "log import plan plans due ls report" };
static bool all_or_nothing, dry_run, verbose, by_region;

static struct crm_subopts so;
#define OPT(k) CRM_SUBOPT(&so, k)
#define ONLY(cmd, ...) CRM_SUBOPT_ONLY(&o, &so, cmd, __VA_ARGS__)

static struct crm_date
date_of(int k, struct crm_date dflt)
{
	return crm_subopt_date(&o, &so, k, dflt);
}

static struct crm_date
today_of(void)
{
	return date_of(O_ASOF, crm_today());
}

/* --k as a fixed word of kind w, or NULL when not given. */
static const char *
word_of(int k, enum crm_visit_word w)
{
	const char *v;

	if (!OPT(k))
		return NULL;
	if (!(v = crm_visit_word(w, OPT(k))))
		crm_usage_error("--%s '%s' is not %s", crm_opt_name(&o, k), OPT(k),
		    crm_visit_words(w));
	return v;
}

static void
print(const struct crm_col *cols, size_t n, crm_rows *r, crm_store *s, const char *what)
{
	crm_out *w = crm_out_open(stdout, &o, cols, n);

	crm_export_rows(s, w, r, what);
	crm_out_close(w);
}

static int
cmd_log(int argc, char **argv)
{
	struct crm_visit v = { .cost = -1 };
	struct crm_buf err = { 0 };
	crm_store *s;
	int64_t id;

	ONLY("log", O_ASOF, O_CHANNEL, O_COST, O_DATE, O_NEXT, O_NOTES, O_OUTCOME,
	    O_PURPOSE, O_ROLE, O_VISITOR);
	if (argc != 1)
		crm_usage_error("give one CUSTOMER");
	if (!OPT(O_VISITOR) || !*OPT(O_VISITOR) || !OPT(O_ROLE) || !OPT(O_CHANNEL) ||
	    !OPT(O_PURPOSE) || !OPT(O_OUTCOME))
		crm_usage_error("log needs --visitor, --role, --channel, --purpose and --outcome");
	crm_date_format(date_of(O_DATE, today_of()), v.date);
	if (OPT(O_NEXT)) {
		crm_date_format(date_of(O_NEXT, today_of()), v.next);
		if (strcmp(v.next, v.date) <= 0)
			crm_usage_error("--next %s is not after the visit's date %s", v.next, v.date);
	}
	v.visitor = OPT(O_VISITOR);
	v.role = word_of(O_ROLE, CRM_VW_ROLE);
	v.channel = word_of(O_CHANNEL, CRM_VW_CHANNEL);
	v.purpose = word_of(O_PURPOSE, CRM_VW_PURPOSE);
	v.outcome = word_of(O_OUTCOME, CRM_VW_OUTCOME);
	if (OPT(O_COST) && (crm_money_parse(OPT(O_COST), &v.cost) < 0 || v.cost < 0))
		crm_die(CRM_EX_DATAERR, "cost '%s' is not an amount in yuan (1234.50)", OPT(O_COST));
	v.notes = OPT(O_NOTES);
	s = crm_store_open(&o, CRM_STORE_READ);
	v.customer_id = crm_customer_arg(s, argv[0]);
	crm_store_begin(s);
	if (!(id = crm_visit_log(s, &v, &err)))
		crm_die(CRM_EX_DATAERR, "log %s: %s", argv[0], err.s);
	crm_audit(s, "log", 1, "visits");
	crm_store_commit(s);
	if (!o.quiet)
		print(crm_visit_cols, CRM_VISIT_NCOLS, crm_visit_get(s, id), s, "crm-visit log");
	crm_store_close(s);
	crm_buf_free(&err);
	return CRM_EX_OK;
}

static int
cmd_import(int argc, char **argv)
{
	struct crm_visit_import vi = { .verbose = verbose };
	ONLY("import", O_DUP, O_ENCODING, O_MAP, O_REJECTS);
	vi.io = crm_import_args(argc, argv, OPT(O_ENCODING), OPT(O_MAP), OPT(O_REJECTS),
	    all_or_nothing, dry_run);
	vi.dup = crm_dup_skip_or_reject(OPT(O_DUP));
	return crm_visit_import_run(&o, &vi);
}

static int
cmd_plan(int argc, char **argv)
{
	struct crm_plan_filter f = { 0 };
	char date[11];
	const char *purpose, *channel;
	crm_store *s;
	int64_t id;

	ONLY("plan", O_ASOF, O_CHANNEL, O_DATE, O_PURPOSE, O_VISITOR);
	if (argc != 1)
		crm_usage_error("give one CUSTOMER");
	if (!OPT(O_DATE) || !OPT(O_VISITOR) || !*OPT(O_VISITOR))
		crm_usage_error("plan needs --date and --visitor");
	crm_date_format(date_of(O_DATE, today_of()), date);
	purpose = word_of(O_PURPOSE, CRM_VW_PURPOSE);
	channel = word_of(O_CHANNEL, CRM_VW_CHANNEL);
	s = crm_store_open(&o, CRM_STORE_READ);
	f.customer_id = crm_customer_arg(s, argv[0]);
	crm_store_begin(s);
	id = crm_visit_plan(s, f.customer_id, date, OPT(O_VISITOR), purpose, channel);
	crm_audit(s, "plan", 1, "visit_plans");
	crm_store_commit(s);
	if (!o.quiet) {
		crm_date_format(today_of(), f.as_of);
		strcpy(f.from, date);
		strcpy(f.to, date);
		f.visitor = OPT(O_VISITOR);
		crm_out *w = crm_out_open(stdout, &o, crm_plan_cols, CRM_PLAN_NCOLS);
		const char *v[CRM_PLAN_NCOLS];
		crm_rows *r = crm_visit_plans(s, &f);
		char idtext[24];

		/* the one plan made, among the plans of that day */
		snprintf(idtext, sizeof idtext, "%lld", (long long)id);
		while (crm_rows_next(r, v))
			if (!strcmp(v[0], idtext))
				crm_out_row(w, v);
		crm_rows_close(r);
		crm_out_close(w);
	}
	crm_store_close(s);
	return CRM_EX_OK;
}

static int
cmd_plans(int argc, char **argv)
{
	struct crm_plan_filter f = { 0 };
	crm_store *s;
	const char *st = OPT(O_STATUS);

	ONLY("plans", O_ASOF, O_CUSTOMER, O_FROM, O_TO, O_STATUS, O_VISITOR);
	if (argc)
		crm_usage_error("unexpected argument '%s'", argv[0]);
	if (st && strcmp(st, "open") && strcmp(st, "done") && strcmp(st, "missed"))
		crm_usage_error("--status '%s' is not open, done or missed", st);
	if (OPT(O_FROM))
		crm_date_format(date_of(O_FROM, today_of()), f.from);
	if (OPT(O_TO))
		crm_date_format(date_of(O_TO, today_of()), f.to);
	crm_date_format(today_of(), f.as_of);
	f.visitor = OPT(O_VISITOR);
	f.status = st;
	s = crm_store_open(&o, CRM_STORE_READ);
	if (OPT(O_CUSTOMER))
		f.customer_id = crm_customer_arg(s, OPT(O_CUSTOMER));
	print(crm_plan_cols, CRM_PLAN_NCOLS, crm_visit_plans(s, &f), s, "crm-visit plans");
	crm_store_close(s);
	return CRM_EX_OK;
}

static int
cmd_due(int argc, char **argv)
{
	struct crm_due_filter f = { .by_region = by_region };
	struct crm_visit_rule *rules;
	const char *msg;
	size_t n, i, k;
	crm_store *s;
	char *policy;

	ONLY("due", O_ASOF, O_OWNER, O_RULE);
	if (argc)
		crm_usage_error("unexpected argument '%s'", argv[0]);
	f.as_of = today_of();
	f.owner = OPT(O_OWNER);
	s = crm_store_open(&o, CRM_STORE_READ);
	policy = crm_config_get(s, "visit.policy");
	if ((msg = crm_visit_policy_parse(policy, &rules, &n)))
		crm_die(CRM_EX_DATAERR, "visit.policy %s; see crm-config visit.policy", msg);
	if (OPT(O_RULE)) {
		/* only the rules named, in the policy's order */
		char *list = crm_xstrdup(OPT(O_RULE)), *name, *save = NULL;
		bool *keep = crm_xcalloc(n, sizeof *keep);

		for (name = strtok_r(list, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
			for (i = 0; i < n && strcmp(rules[i].name, name); i++)
				;
			if (i == n)
				crm_usage_error("--rule '%s' is not a rule of visit.policy", name);
			keep[i] = true;
		}
		for (i = k = 0; i < n; i++)
			if (keep[i])
				rules[k++] = rules[i];
		n = k;
		free(keep);
		free(list);
	}
	print(crm_due_cols, by_region ? CRM_DUE_NCOLS : CRM_DUE_NCOLS - 1,
	    crm_visit_due(s, rules, n, &f), s, "crm-visit due");
	free(rules);
	free(policy);
	crm_store_close(s);
	return CRM_EX_OK;
}

static int
cmd_ls(int argc, char **argv)
{
	struct crm_visit_filter f = { 0 };
	struct crm_date a, b;
	crm_store *s;
	const char *msg;

	ONLY("ls", O_ASOF, O_CHANNEL, O_CUSTOMER, O_PERIOD, O_VISITOR);
	if (argc)
		crm_usage_error("unexpected argument '%s'", argv[0]);
	if (OPT(O_PERIOD)) {
		if ((msg = crm_period_parse(OPT(O_PERIOD), today_of(), &a, &b)))
			crm_usage_error("--period '%s' %s", OPT(O_PERIOD), msg);
		crm_date_format(a, f.from);
		crm_date_format(b, f.to);
	}
	f.visitor = OPT(O_VISITOR);
	f.channel = word_of(O_CHANNEL, CRM_VW_CHANNEL);
	s = crm_store_open(&o, CRM_STORE_READ);
	if (OPT(O_CUSTOMER))
		f.customer_id = crm_customer_arg(s, OPT(O_CUSTOMER));
	print(crm_visit_cols, CRM_VISIT_NCOLS, crm_visit_list(s, &f), s, "crm-visit ls");
	crm_store_close(s);
	return CRM_EX_OK;
}

static int
cmd_report(int argc, char **argv)
{
	char day[11];
	crm_store *s;
	crm_out *w;

	ONLY("report", O_DAY, O_VISITOR);
	if (argc)
		crm_usage_error("unexpected argument '%s'", argv[0]);
	if (!OPT(O_DAY))
		crm_usage_error("report needs --day");
	crm_date_format(date_of(O_DAY, crm_today()), day);
	s = crm_store_open(&o, CRM_STORE_READ);
	w = crm_out_open(stdout, &o, crm_visit_day_cols, CRM_VISIT_DAY_NCOLS);
	crm_out_rows(w, crm_visit_day(s, day, OPT(O_VISITOR)));
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
	while ((ch = getopt_long(argc, argv, "d:ho:qvV", longopts, NULL)) != -1) {
		if (crm_opt_common(ch, optarg, &o))
			continue;
		if (ch == O_ALL || ch == O_DRY || ch == O_BYREGION || ch == 'v') {
			*(ch == O_ALL ? &all_or_nothing : ch == O_DRY ? &dry_run :
			    ch == O_BYREGION ? &by_region : &verbose) = true;
			continue;
		}
		if (crm_subopt_take(&o, &so, ch, optarg))
			continue;
		crm_usage_error("unexpected option");
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		crm_usage_error("give a command: log, import, plan, plans, due, ls or report");
	cmd = argv[0];
	if ((all_or_nothing || dry_run || verbose) && strcmp(cmd, "import"))
		crm_usage_error("--all-or-nothing, --dry-run and -v go with 'import'");
	if (by_region && strcmp(cmd, "due"))
		crm_usage_error("--by-region goes with 'due'");
	if (!strcmp(cmd, "log"))
		return cmd_log(argc - 1, argv + 1);
	if (!strcmp(cmd, "import"))
		return cmd_import(argc - 1, argv + 1);
	if (!strcmp(cmd, "plan"))
		return cmd_plan(argc - 1, argv + 1);
	if (!strcmp(cmd, "plans"))
		return cmd_plans(argc - 1, argv + 1);
	if (!strcmp(cmd, "due"))
		return cmd_due(argc - 1, argv + 1);
	if (!strcmp(cmd, "ls"))
		return cmd_ls(argc - 1, argv + 1);
	if (!strcmp(cmd, "report"))
		return cmd_report(argc - 1, argv + 1);
	crm_usage_error("unknown command '%s' (log, import, plan, plans, due, ls or report)",
	    cmd);
}
