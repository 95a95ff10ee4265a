/* crm-points — loyalty points, a ledger: referral credits, credits of the
** referred customers' sales, redemptions (SPEC 3.8, seed 003 篇10). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

static const char usage[] =
"usage: crm-points add CUSTOMER N --reason T\n"
"       crm-points redeem CUSTOMER N --reason T\n"
"       crm-points ls [CUSTOMER]\n"
"       crm-points balance [CUSTOMER]\n"
"       crm-points accrue [--as-of D]\n"
"\n"
"Points (客户激励) are a ledger: a balance is the sum of a customer's rows.\n"
"A customer added with --referred-by earns its referrer points.referral\n"
"(100); accrue credits the referrer points.per_sales (100 per full\n"
"1000.00) of the referred customer's net sales, once: run it twice and\n"
"the second run credits nothing.  A redemption beyond the balance is\n"
"refused.\n"
"\n"
"options:\n"
"  -d, --db PATH        the store\n"
"      --actor NAME     who is acting, for the ledger and the audit log\n"
"      --as-of DATE     accrue: count the sales up to this day (default today)\n"
"      --reason T       why (add, redeem)\n"
"      --format FMT     csv, tsv, json, table or xlsx\n"
"  -o, --output FILE    write to FILE, whole or not at all\n"
"      --bom            CSV or TSV for Excel: byte-order mark, CRLF\n"
"      --raw            no formula-injection guard in CSV output\n"
"  -q, --quiet          print no rows\n"
"  -h, --help           show this help\n"
"  -V, --version        show the version\n"
"\n"
"See crm-points(1).\n";

enum { O_ASOF = CRM_OPT_LOCAL, O_REASON };

static const struct option longopts[] = {
	CRM_LONGOPTS_COMMON, CRM_LONGOPTS_OUTPUT,
	{ "as-of", 1, NULL, O_ASOF }, { "quiet", 0, NULL, 'q' },
	{ "reason", 1, NULL, O_REASON },
	{ NULL, 0, NULL, 0 }
};

static struct crm_opts o = { .usage = usage, .longopts = longopts,
    .words = "add redeem ls balance accrue" };
static struct crm_subopts so;
#define OPT(k) CRM_SUBOPT(&so, k)
#define ONLY(cmd, ...) CRM_SUBOPT_ONLY(&o, &so, cmd, __VA_ARGS__)

/* add and redeem CUSTOMER N: one row of the ledger. */
static int
cmd_add(bool redeem, int argc, char **argv)
{
	const char *cmd = redeem ? "redeem" : "add";
	struct crm_buf err = { 0 };
	long long n;
	int64_t id, row;
	crm_store *s;
	char *end;

	ONLY(cmd, O_REASON);
	if (argc != 2)
		crm_usage_error("give CUSTOMER and the number of points");
	if (!OPT(O_REASON) || !*OPT(O_REASON))
		crm_usage_error("%s needs --reason", cmd);
	errno = 0;
	n = strtoll(argv[1], &end, 10);
	if (!*argv[1] || *end || errno || n < 1 || n > 1000000000 || *argv[1] == '+')
		crm_die(CRM_EX_DATAERR, "points '%s' is not a whole number from 1 to 1000000000",
		    argv[1]);
	s = crm_store_open(&o, CRM_STORE_READ);
	id = crm_customer_arg(s, argv[0]);
	crm_store_begin(s);
	if (!(row = crm_points_add(s, id, redeem ? -n : n, OPT(O_REASON), &err)))
		crm_die(CRM_EX_DATAERR, "%s %s: %s", cmd, argv[0], err.s);
	crm_audit(s, redeem ? "points-redeem" : "points-add", 1, OPT(O_REASON));
	crm_store_commit(s);
	crm_export(s, &o, crm_points_cols, CRM_POINTS_NCOLS, crm_points_list(s, id, row), "crm-points");
	crm_buf_free(&err);
	crm_store_close(s);
	return CRM_EX_OK;
}

static int
cmd_accrue(int argc)
{
	struct crm_date as_of;
	int64_t first, points;
	long long n;
	crm_store *s;
	char day[11];

	ONLY("accrue", O_ASOF);
	if (argc)
		crm_usage_error("accrue takes no arguments");
	as_of = crm_subopt_date(&o, &so, O_ASOF, crm_today());
	crm_date_format(as_of, day);
	s = crm_store_open(&o, CRM_STORE_READ);
	crm_store_begin(s);
	n = crm_points_accrue(s, as_of, &first, &points);
	crm_audit(s, "points-accrue", n, day);
	crm_store_commit(s);
	if (n)
		crm_export(s, &o, crm_points_cols, CRM_POINTS_NCOLS, crm_points_list(s, 0, first),
		    "crm-points accrue");
	else if (!o.quiet)
		crm_out_close(crm_out_open(stdout, &o, crm_points_cols, CRM_POINTS_NCOLS));
	if (!o.quiet)
		fprintf(stderr, "%s: %lld credit%s, %lld points, for sales up to %s\n",
		    crm_progname, n, n == 1 ? "" : "s", (long long)points, day);
	crm_store_close(s);
	return CRM_EX_OK;
}

int
main(int argc, char **argv)
{
	const char *cmd;
	crm_store *s;
	int64_t id = 0;
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
		crm_usage_error("give a command: add, redeem, ls, balance or accrue");
	cmd = argv[0];
	if (!strcmp(cmd, "add") || !strcmp(cmd, "redeem"))
		return cmd_add(!strcmp(cmd, "redeem"), argc - 1, argv + 1);
	if (!strcmp(cmd, "accrue"))
		return cmd_accrue(argc - 1);
	if (strcmp(cmd, "ls") && strcmp(cmd, "balance"))
		crm_usage_error("unknown command '%s'", cmd);
	ONLY(cmd);
	if (argc > 2)
		crm_usage_error("give at most one CUSTOMER");
	s = crm_store_open(&o, CRM_STORE_READ);
	if (argc == 2)
		id = crm_customer_arg(s, argv[1]);
	if (!strcmp(cmd, "ls"))
		crm_export(s, &o, crm_points_cols, CRM_POINTS_NCOLS, crm_points_list(s, id, 0),
		    "crm-points ls");
	else
		crm_export(s, &o, crm_balance_cols, CRM_BALANCE_NCOLS, crm_points_balances(s, id),
		    "crm-points balance");
	crm_store_close(s);
	return CRM_EX_OK;
}
