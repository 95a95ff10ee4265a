/* crm-grade — grade customers by their sales, with the manager's
** approval for moves into and out of A (SPEC 3.3). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crm.h"

static const char usage[] =
"usage: crm-grade [--scheme S] [--period P] [--as-of D] [--dry-run | --apply]\n"
"                 [--approver NAME]\n"
"       crm-grade pending [--scheme S] [CUSTOMER]\n"
"       crm-grade approve CUSTOMER... | --all  --approver NAME [--scheme S]\n"
"       crm-grade reject CUSTOMER... | --all  --reason TEXT [--scheme S]\n"
"\n"
"Grade every customer (not deleted or blacklisted) by one scheme over a\n"
"period of the sales ledger, and print one row per customer:\n"
"id,code,name,metric,share,cum_share,old_grade,new_grade,change.\n"
"Nothing is written without --apply.  A move into or out of grade A (abc,\n"
"pareto, ae) needs --approver; without it the change waits as pending.\n"
"\n"
"schemes:\n"
"  abc       A/B/C by rank of net sales, 20/50/30 (grade.abc.split)\n"
"  pareto    A/B/C by cumulative share of net sales (grade.pareto.cut)\n"
"  value     strategic/important/general/potential (grade.value.cut)\n"
"  ae        A-E by the share of the target reached (grade.ae.cut)\n"
"  activity  potential/new/churned/loyal/general (grade.activity.*)\n"
"  rfm       recency, frequency and money scores, and a segment\n"
"  vip       vip/regular by sale days in every month (grade.vip.per_month)\n"
"\n"
"options:\n"
"  -d, --db PATH        the store\n"
"      --actor NAME     who is acting, for the history and the audit log\n"
"      --all            approve, reject: every pending change\n"
"      --apply          write the grades and their history\n"
"      --approver NAME  the manager who approves moves into and out of A\n"
"      --as-of DATE     today, for the period and the days since a sale\n"
"      --dry-run        write nothing (the default)\n"
"      --period P       2026, 2026-Q3, 2026-10, FROM..TO or 12m (default 12m)\n"
"      --reason TEXT    reject: why\n"
"      --scheme S       abc (default), pareto, value, ae, activity, rfm, vip\n"
"      --format FMT     csv, tsv, json, table or xlsx\n"
"  -o, --output FILE    write to FILE, whole or not at all\n"
"      --bom            CSV or TSV for Excel: byte-order mark, CRLF\n"
"      --raw            no formula-injection guard in CSV output\n"
"  -q, --quiet          print no rows, no summary and no progress\n"
"  -h, --help           show this help\n"
"  -V, --version        show the version\n"
"\n"
"See crm-grade(1).\n";

enum {
	O_SCHEME = CRM_OPT_LOCAL, O_PERIOD, O_ASOF, O_APPROVER, O_REASON,
	O_LAST = O_REASON, O_APPLY, O_DRY, O_ALL   /* flags, not in opt[] */
};

static const struct option longopts[] = {
	CRM_LONGOPTS_COMMON, CRM_LONGOPTS_OUTPUT,
	{ "scheme", 1, NULL, O_SCHEME },
	{ "period", 1, NULL, O_PERIOD },
	{ "as-of", 1, NULL, O_ASOF },
	{ "approver", 1, NULL, O_APPROVER },
	{ "reason", 1, NULL, O_REASON },
	{ "apply", 0, NULL, O_APPLY },
	{ "dry-run", 0, NULL, O_DRY },
	{ "all", 0, NULL, O_ALL },
	{ "quiet", 0, NULL, 'q' },
	{ NULL, 0, NULL, 0 }
};

static struct crm_opts o = { .usage = usage, .longopts = longopts,
    .words = "pending approve reject" };
static bool apply, dry_run, all;

static struct crm_subopts so;
#define OPT(k) CRM_SUBOPT(&so, k)
/* --scheme, or -1 when not given. */
static int
scheme_of(void)
{
	int k;

	if (!OPT(O_SCHEME))
		return -1;
	if ((k = crm_scheme_parse(OPT(O_SCHEME))) < 0)
		crm_usage_error("--scheme '%s' is not abc, pareto, value, ae, activity,"
		    " rfm or vip", OPT(O_SCHEME));
	return k;
}

static int
cmd_grade(void)
{
	int64_t audit = 0;
	struct crm_grading g = { .scheme = CRM_SCHEME_ABC };
	struct crm_date today = crm_today();
	const char *msg, *period = OPT(O_PERIOD) ? OPT(O_PERIOD) : "12m";
	char *name, n[32], c[32], p[32];
	crm_store *s;
	crm_out *w = NULL;
	int k, rc;

	if (apply && dry_run)
		crm_usage_error("give --dry-run or --apply, not both");
	if (OPT(O_REASON))
		crm_usage_error("--reason goes with 'reject'");
	if ((k = scheme_of()) >= 0)
		g.scheme = (enum crm_scheme)k;
	if (OPT(O_ASOF) && (rc = crm_date_parse(OPT(O_ASOF), &today)) < 0)
		crm_usage_error("--as-of '%s' %s", OPT(O_ASOF),
		    rc == -2 ? "is not a real day" : "is not a date (2026-03-05)");
	if ((msg = crm_period_parse(period, today, &g.from, &g.to)))
		crm_usage_error("--period '%s' %s", period, msg);
	if ((msg = crm_grade_check(&g, today)))
		crm_usage_error("--period '%s' %s", period, msg);
	name = crm_period_name(period, g.from, g.to);
	g.period = name;
	g.apply = apply;
	g.approver = OPT(O_APPROVER);
	g.progress = !o.quiet && isatty(STDERR_FILENO);

	if (g.approver && !*g.approver)
		crm_usage_error("--approver needs the name of the manager who approves");
	/* grading, applied or not, needs customers: a missing store is 66 */
	s = crm_store_open(&o, CRM_STORE_READ);
	if (!o.quiet)
		w = crm_out_open(stdout, &o, crm_grade_cols, CRM_GRADE_NCOLS);
	if (apply)
		crm_store_begin(s);
	else if (w)
		audit = crm_audit_export(s, "export", "crm-grade");
	crm_grade_run(s, &g, w);
	if (apply) {
		crm_audit(s, "grade", g.graded, crm_scheme_name(g.scheme));
		crm_store_commit(s);
	} else if (w) {
		crm_audit_count(s, audit, g.graded);
	}
	if (w)
		crm_out_close(w);
	if (!o.quiet) {
		crm_group_digits(n, sizeof n, g.graded);
		crm_group_digits(c, sizeof c, g.changes);
		crm_group_digits(p, sizeof p, g.pending);
		fprintf(stderr, "%s: %s customers graded by %s over %s: %s change%s, %s"
		    " pending approval%s\n", crm_progname, n, crm_scheme_name(g.scheme),
		    name, c, g.changes == 1 ? "" : "s", p,
		    apply ? "" : " (dry run: nothing written; --apply writes)");
	}
	free(name);
	crm_store_close(s);
	return CRM_EX_OK;
}

static int
cmd_pending(int argc, char **argv)
{
	static const int pending_opts[] = { O_SCHEME };
	int k = scheme_of();
	int64_t id = 0;
	crm_store *s;
	crm_out *w;

	crm_subopt_only(&o, &so, "pending", pending_opts, 1);
	if (argc > 1)
		crm_usage_error("give at most one CUSTOMER");
	s = crm_store_open(&o, CRM_STORE_READ);
	if (argc)
		id = crm_customer_arg(s, argv[0]);
	w = crm_out_open(stdout, &o, crm_pending_cols, CRM_PENDING_NCOLS);
	crm_export_rows(s, w, crm_grade_pending(s, id, k), "crm-grade pending");
	crm_out_close(w);
	crm_store_close(s);
	return CRM_EX_OK;
}

/* approve (approver) and reject (reason): the pending changes of each
** CUSTOMER, or of all with --all. */
static int
cmd_decide(bool approve, int argc, char **argv)
{
	static const int approve_opts[] = { O_SCHEME, O_APPROVER };
	static const int reject_opts[] = { O_SCHEME, O_REASON };
	const char *cmd = approve ? "approve" : "reject";
	int k = scheme_of(), i;
	long long n = 0, one;
	int64_t *ids;
	crm_store *s;

	crm_subopt_only(&o, &so, cmd, approve ? approve_opts : reject_opts, 2);
	if (approve && (!OPT(O_APPROVER) || !*OPT(O_APPROVER)))
		crm_usage_error("approve needs --approver, the manager who approves");
	if (!approve && (!OPT(O_REASON) || !*OPT(O_REASON)))
		crm_usage_error("reject needs --reason");
	if (!argc == !all)
		crm_usage_error("give CUSTOMER... or --all");
	s = crm_store_open(&o, CRM_STORE_READ);
	ids = crm_xcalloc((size_t)argc + 1, sizeof *ids);
	for (i = 0; i < argc; i++)
		ids[i] = crm_customer_arg(s, argv[i]);
	crm_store_begin(s);
	if (all)
		n = crm_grade_decide(s, 0, k, OPT(O_APPROVER), OPT(O_REASON));
	for (i = 0; i < argc; i++) {
		if (!(one = crm_grade_decide(s, ids[i], k, OPT(O_APPROVER), OPT(O_REASON))))
			crm_die(CRM_EX_DATAERR, "%s %s: no grade change waits for approval%s%s",
			    cmd, argv[i], k >= 0 ? " in " : "",
			    k >= 0 ? crm_scheme_name((enum crm_scheme)k) : "");
		n += one;
	}
	crm_audit(s, cmd, n, "grade_pending");
	crm_store_commit(s);
	if (!o.quiet)
		fprintf(stderr, "%s: %lld change%s %s\n", crm_progname, n, n == 1 ? "" : "s",
		    approve ? "approved" : "rejected");
	free(ids);
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
		if (ch == O_APPLY || ch == O_DRY || ch == O_ALL) {
			*(ch == O_APPLY ? &apply : ch == O_DRY ? &dry_run : &all) = true;
			continue;
		}
		if (crm_subopt_take(&o, &so, ch, optarg))
			continue;
		crm_usage_error("unexpected option");
	}
	argc -= optind;
	argv += optind;
	if (!argc) {
		if (all)
			crm_usage_error("--all goes with 'approve' and 'reject'");
		return cmd_grade();
	}
	cmd = argv[0];
	if ((apply || dry_run) && (!strcmp(cmd, "pending") || !strcmp(cmd, "approve") ||
	    !strcmp(cmd, "reject")))
		crm_usage_error("--apply and --dry-run go with grading, not '%s'", cmd);
	if (all && strcmp(cmd, "approve") && strcmp(cmd, "reject"))
		crm_usage_error("--all goes with 'approve' and 'reject'");
	if (!strcmp(cmd, "pending"))
		return cmd_pending(argc - 1, argv + 1);
	if (!strcmp(cmd, "approve"))
		return cmd_decide(true, argc - 1, argv + 1);
	if (!strcmp(cmd, "reject"))
		return cmd_decide(false, argc - 1, argv + 1);
	crm_usage_error("unknown command '%s' (pending, approve or reject; no command grades)",
	    cmd);
}
