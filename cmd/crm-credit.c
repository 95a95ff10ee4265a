/* crm-credit — credit limits, receivables, aging and the blacklist
** (SPEC 3.6, seed 000 信用管理). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

static const char usage[] =
"usage: crm-credit set CUSTOMER --limit A [--terms DAYS]\n"
"       crm-credit set PARENT --group --limit A\n"
"       crm-credit ls [--as-of D]\n"
"       crm-credit check CUSTOMER AMOUNT [--as-of D]\n"
"       crm-credit aging [--as-of D]\n"
"       crm-credit blacklist [--as-of D] [--apply]\n"
"       crm-credit blacklist --add CUSTOMER --reason T [--until DATE]\n"
"       crm-credit blacklist --remove CUSTOMER --reason T\n"
"       crm-credit blacklist --list\n"
"\n"
"Set credit limits and terms (a group limit caps a parent and all its\n"
"subsidiaries together, 集团客户统一授信), list receivables, check an order\n"
"against the limits (exit 0 ok, 1 refused), age what is owed (payments\n"
"settle the oldest sales first), and keep the blacklist of customers more\n"
"than credit.blacklist_days past due (信用黑名单).\n"
"\n"
"options:\n"
"  -d, --db PATH        the store\n"
"      --actor NAME     who is acting, for the audit log\n"
"      --add CUSTOMER   blacklist: put the customer on the list by hand\n"
"      --apply          blacklist: add and lift as the rule says\n"
"      --as-of DATE     today, for what is past due\n"
"      --group          set: the limit of the group the customer heads\n"
"      --limit A        set: the limit in yuan\n"
"      --list           blacklist: who is on the list\n"
"      --reason T       blacklist --add, --remove: why\n"
"      --remove CUSTOMER blacklist: take the customer off the list\n"
"      --terms DAYS     set: the customer's credit terms\n"
"      --until DATE     blacklist --add: on the list through that day\n"
"      --format FMT     csv, tsv, json, table or xlsx\n"
"  -o, --output FILE    write to FILE, whole or not at all\n"
"      --bom            CSV or TSV for Excel: byte-order mark, CRLF\n"
"      --raw            no formula-injection guard in CSV output\n"
"  -q, --quiet          print no rows\n"
"  -h, --help           show this help\n"
"  -V, --version        show the version\n"
"\n"
"See crm-credit(1).\n";

enum {
	O_ADD = CRM_OPT_LOCAL, O_ASOF, O_LIMIT, O_REASON, O_REMOVE, O_TERMS, O_UNTIL,
	O_APPLY, O_GROUP, O_LIST      /* flags */
};

static const struct option longopts[] = {
	CRM_LONGOPTS_COMMON, CRM_LONGOPTS_OUTPUT,
	{ "add", 1, NULL, O_ADD },
	{ "as-of", 1, NULL, O_ASOF },
	{ "limit", 1, NULL, O_LIMIT },
	{ "reason", 1, NULL, O_REASON },
	{ "remove", 1, NULL, O_REMOVE },
	{ "terms", 1, NULL, O_TERMS },
	{ "until", 1, NULL, O_UNTIL },
	{ "apply", 0, NULL, O_APPLY },
	{ "group", 0, NULL, O_GROUP },
	{ "list", 0, NULL, O_LIST },
	{ "quiet", 0, NULL, 'q' },
	{ NULL, 0, NULL, 0 }
};

static struct crm_opts o = { .usage = usage, .longopts = longopts,
    .words = "set ls check aging blacklist" };
static struct crm_subopts so;
#define OPT(k) CRM_SUBOPT(&so, k)
#define ONLY(cmd, ...) CRM_SUBOPT_ONLY(&o, &so, cmd, __VA_ARGS__)
static bool apply, group, list;

static struct crm_date
date_of(int k, struct crm_date dflt)
{
	return crm_subopt_date(&o, &so, k, dflt);
}

static int64_t
money(const char *what, const char *v)
{
	int64_t fen;

	if (crm_money_parse(v, &fen) < 0 || fen < 0)
		crm_die(CRM_EX_DATAERR, "%s '%s' is not an amount in yuan (1234.50)", what, v);
	return fen;
}

static int
cmd_set(int argc, char **argv)
{
	crm_store *s;
	int64_t id, limit;
	int terms = -1;

	ONLY("set", O_LIMIT, O_TERMS);
	if (argc != 1)
		crm_usage_error("give one CUSTOMER");
	if (!OPT(O_LIMIT))
		crm_usage_error("set needs --limit");
	if (group && OPT(O_TERMS))
		crm_usage_error("--terms are the customer's own, not the group's");
	limit = money("limit", OPT(O_LIMIT));
	if (OPT(O_TERMS))
		terms = (int)crm_parse_count(OPT(O_TERMS), "--terms");
	s = crm_store_open(&o, CRM_STORE_READ);
	id = crm_customer_arg(s, argv[0]);
	crm_store_begin(s);
	crm_credit_set(s, id, limit, terms, group);
	crm_audit(s, group ? "credit-group" : "credit", 1, argv[0]);
	crm_store_commit(s);
	crm_store_close(s);
	return CRM_EX_OK;
}

static int
cmd_ls(int argc, char **argv)
{
	crm_store *s;
	crm_out *w;

	ONLY("ls", O_ASOF);
	if (argc)
		crm_usage_error("unexpected argument '%s'", argv[0]);
	s = crm_store_open(&o, CRM_STORE_READ);
	w = crm_out_open(stdout, &o, crm_credit_cols, CRM_CREDIT_NCOLS);
	crm_export_rows(s, w, crm_credit_list(s, date_of(O_ASOF, crm_today())), "crm-credit ls");
	crm_out_close(w);
	crm_store_close(s);
	return CRM_EX_OK;
}

static int
cmd_check(int argc, char **argv)
{
	struct crm_credit_check r;
	char day[11], id[24], a[32], rec[32], lim[32], grec[32], glim[32];
	const char *v[CRM_CHECK_NCOLS];
	int64_t amount, cid;
	crm_store *s;
	crm_out *w;

	ONLY("check", O_ASOF);
	if (argc != 2)
		crm_usage_error("give CUSTOMER and AMOUNT");
	amount = money("amount", argv[1]);
	crm_date_format(date_of(O_ASOF, crm_today()), day);
	s = crm_store_open(&o, CRM_STORE_READ);
	cid = crm_customer_arg(s, argv[0]);
	crm_credit_check(s, cid, amount, day, &r);
	if (!o.quiet) {
		crm_rows *who = crm_customer_brief(s, cid);
		const char *b[3] = { NULL, NULL, NULL };

		crm_rows_next(who, b);
		snprintf(id, sizeof id, "%lld", (long long)cid);
		crm_money_format(amount, a);
		crm_money_format(r.receivable, rec);
		crm_money_format(r.limit, lim);
		crm_money_format(r.group_receivable, grec);
		crm_money_format(r.group_limit, glim);
		v[0] = id;
		v[1] = b[1];
		v[2] = b[2];
		v[3] = a;
		v[4] = rec;
		v[5] = lim;
		v[6] = r.group_id ? grec : NULL;
		v[7] = r.group_id ? glim : NULL;
		v[8] = r.ok ? "ok" : "refused";
		v[9] = r.reason;
		w = crm_out_open(stdout, &o, crm_check_cols, CRM_CHECK_NCOLS);
		crm_out_row(w, v);
		crm_out_close(w);
		crm_rows_close(who);
	}
	crm_credit_check_clear(&r);
	crm_store_close(s);
	return r.ok ? CRM_EX_OK : CRM_EX_NO;
}

static int
cmd_aging(int argc, char **argv)
{
	int64_t audit = 0;
	crm_store *s;
	crm_out *w;

	ONLY("aging", O_ASOF);
	if (argc)
		crm_usage_error("unexpected argument '%s'", argv[0]);
	s = crm_store_open(&o, CRM_STORE_READ);
	audit = crm_audit_export(s, "export", "crm-credit aging");
	w = crm_out_open(stdout, &o, crm_aging_cols, CRM_AGING_NCOLS);
	crm_audit_count(s, audit, crm_credit_aging(s, date_of(O_ASOF, crm_today()), NULL, w));
	crm_out_close(w);
	crm_store_close(s);
	return CRM_EX_OK;
}

static int
cmd_blacklist(int argc, char **argv)
{
	const char *who = OPT(O_ADD) ? OPT(O_ADD) : OPT(O_REMOVE);
	crm_store *s;
	crm_out *w;
	long long n;

	if (argc)
		crm_usage_error("unexpected argument '%s'", argv[0]);
	if (!!OPT(O_ADD) + !!OPT(O_REMOVE) + list > 1)
		crm_usage_error("give one of --add, --remove and --list");
	if (list) {
		ONLY("blacklist --list");
		s = crm_store_open(&o, CRM_STORE_READ);
		w = crm_out_open(stdout, &o, crm_listed_cols, CRM_LISTED_NCOLS);
		crm_out_rows(w, crm_credit_blacklisted(s));
		crm_out_close(w);
		crm_store_close(s);
		return CRM_EX_OK;
	}
	if (who) {
		char until[11] = "", today[11];
		int64_t id;

		if (apply)
			crm_usage_error("--apply goes with the rule, not with --add or --remove");
		if (OPT(O_ADD))
			ONLY("blacklist --add", O_ADD, O_REASON, O_UNTIL);
		else
			ONLY("blacklist --remove", O_REMOVE, O_REASON);
		if (!OPT(O_REASON) || !*OPT(O_REASON))
			crm_usage_error("--add and --remove need --reason");
		if (OPT(O_UNTIL)) {
			crm_date_format(date_of(O_UNTIL, crm_today()), until);
			crm_date_format(crm_today(), today);
			if (strcmp(until, today) < 0)
				crm_die(CRM_EX_DATAERR, "until %s is before today (%s)", until, today);
		}
		s = crm_store_open(&o, CRM_STORE_READ);
		id = crm_customer_arg(s, who);
		crm_store_begin(s);
		if (!crm_credit_blacklist_set(s, id, OPT(O_ADD) != NULL, OPT(O_REASON),
		    until[0] ? until : NULL))
			crm_die(CRM_EX_DATAERR, "customer '%s' is not on the blacklist", who);
		crm_audit(s, OPT(O_ADD) ? "blacklist-add" : "blacklist-remove", 1, OPT(O_REASON));
		crm_store_commit(s);
		crm_store_close(s);
		return CRM_EX_OK;
	}
	ONLY("blacklist", O_ASOF);
	s = crm_store_open(&o, CRM_STORE_READ);
	w = o.quiet ? NULL : crm_out_open(stdout, &o, crm_blacklist_cols, CRM_BLACKLIST_NCOLS);
	if (apply)
		crm_store_begin(s);
	n = crm_credit_blacklist(s, date_of(O_ASOF, crm_today()), apply, w);
	if (apply) {
		crm_audit(s, "blacklist", n, "rule");
		crm_store_commit(s);
	}
	if (w)
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
		if (ch == O_APPLY || ch == O_GROUP || ch == O_LIST) {
			*(ch == O_APPLY ? &apply : ch == O_GROUP ? &group : &list) = true;
			continue;
		}
		if (crm_subopt_take(&o, &so, ch, optarg))
			continue;
		crm_usage_error("unexpected option");
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		crm_usage_error("give a command: set, ls, check, aging or blacklist");
	cmd = argv[0];
	if (group && strcmp(cmd, "set"))
		crm_usage_error("--group goes with 'set'");
	if ((apply || list) && strcmp(cmd, "blacklist"))
		crm_usage_error("--apply and --list go with 'blacklist'");
	if (!strcmp(cmd, "set"))
		return cmd_set(argc - 1, argv + 1);
	if (!strcmp(cmd, "ls"))
		return cmd_ls(argc - 1, argv + 1);
	if (!strcmp(cmd, "check"))
		return cmd_check(argc - 1, argv + 1);
	if (!strcmp(cmd, "aging"))
		return cmd_aging(argc - 1, argv + 1);
	if (!strcmp(cmd, "blacklist"))
		return cmd_blacklist(argc - 1, argv + 1);
	crm_usage_error("unknown command '%s' (set, ls, check, aging or blacklist)", cmd);
}
