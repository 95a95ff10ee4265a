/* crm-sale — the sales ledger: sales, returns, payments (SPEC 3.3). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

static const char usage[] =
"usage: crm-sale add CUSTOMER --product P --qty N --price X [--amount A]\n"
"                [--date D] [--cost C] [--ref INVOICE] [--rep NAME]\n"
"                [--due DATE | --terms DAYS]\n"
"       crm-sale return CUSTOMER --ref INVOICE [--product P] [--qty N]\n"
"                [--amount A] [--date D]\n"
"       crm-sale pay CUSTOMER AMOUNT [--date D] [--ref RECEIPT]\n"
"       crm-sale void ID --reason TEXT\n"
"       crm-sale import [FILE|-] [--encoding ENC] [--map 'Header=field,...']\n"
"                [--rejects FILE] [--on-duplicate reject|skip] [--all-or-nothing]\n"
"                [--dry-run] [-v]\n"
"       crm-sale target CUSTOMER|--grade G --period P --amount A\n"
"       crm-sale targets [--period P]\n"
"       crm-sale ls [--customer C] [--period P] [--product P] [--kind K]\n"
"                [--rep NAME]\n"
"\n"
"Record sales, returns and payments in the ledger, void a row entered by\n"
"mistake, import an ERP export, set sales targets, and list the ledger.  Each command that records prints the row:\n"
"id,customer_id,code,name,date,kind,product,qty,unit_price,amount,cost,ref,\n"
"rep,due_date (amounts in yuan; returns and payments negative).\n"
"\n"
"options:\n"
"  -d, --db PATH        the store\n"
"      --actor NAME     who is acting, for the ledger and the audit log\n"
"      --all-or-nothing import: commit nothing when a row is rejected\n"
"      --amount A       the amount in yuan (1234.5, 1,234.50, ¥1234.50)\n"
"      --as-of DATE     today, for the default date and --period 12m\n"
"      --cost C         the cost of the sale, in yuan\n"
"      --customer C     ls: only this customer (code, mobile, id or name)\n"
"      --date D         the day (default today): 2026-03-05, 2026年3月5日, ...\n"
"      --dry-run        import: check every row, write nothing\n"
"      --due DATE       a sale's due date (default: date + credit terms)\n"
"      --encoding ENC   import: the file's encoding (gb18030, gbk, utf-8)\n"
"      --grade G        target: for every customer of grade G without its own\n"
"      --kind K         ls: sale, return or payment\n"
"      --map MAP        import: 'Header=field,...' for other headers\n"
"      --on-duplicate W import: skip (default) or reject a row already there\n"
"      --period P       2026, 2026-Q3, 2026-10, FROM..TO or 12m\n"
"      --price X        the unit price in yuan\n"
"      --product P      the product\n"
"      --qty N          the quantity (more than 0, at most 3 decimals)\n"
"      --reason TEXT    void: why the row was entered by mistake\n"
"      --rejects FILE   import: where rejected rows go (default FILE.rejects.csv)\n"
"      --ref R          the invoice or receipt number; a return's names its sale\n"
"      --rep NAME       who made the sale (default: the customer's owner)\n"
"      --terms DAYS     a sale's credit terms (default credit.terms_days)\n"
"      --format FMT     csv, tsv, json, table or xlsx\n"
"  -o, --output FILE    write to FILE, whole or not at all\n"
"      --bom            CSV or TSV for Excel: byte-order mark, CRLF\n"
"      --raw            no formula-injection guard in CSV output\n"
"  -q, --quiet          print no rows and no progress\n"
"  -v, --verbose        import: list the rows added\n"
"  -h, --help           show this help\n"
"  -V, --version        show the version\n"
"\n"
"See crm-sale(1).\n";

enum {
	O_AMOUNT = CRM_OPT_LOCAL, O_ASOF, O_COST, O_CUSTOMER, O_DATE, O_DUE,
	O_KIND, O_PERIOD, O_PRICE, O_PRODUCT, O_QTY, O_REASON, O_REF, O_REP,
	O_TERMS, O_ENCODING, O_MAP, O_REJECTS, O_DUP, O_GRADE,
	O_LAST = O_GRADE, O_ALL, O_DRY     /* flags, not in opt[] */
};

static const struct option longopts[] = {
	CRM_LONGOPTS_COMMON, CRM_LONGOPTS_OUTPUT,
	{ "amount", 1, NULL, O_AMOUNT },
	{ "as-of", 1, NULL, O_ASOF },
	{ "cost", 1, NULL, O_COST },
	{ "customer", 1, NULL, O_CUSTOMER },
	{ "date", 1, NULL, O_DATE },
	{ "due", 1, NULL, O_DUE },
	{ "kind", 1, NULL, O_KIND },
	{ "period", 1, NULL, O_PERIOD },
	{ "price", 1, NULL, O_PRICE },
	{ "product", 1, NULL, O_PRODUCT },
	{ "qty", 1, NULL, O_QTY },
	{ "quiet", 0, NULL, 'q' },
	{ "reason", 1, NULL, O_REASON },
	{ "ref", 1, NULL, O_REF },
	{ "rep", 1, NULL, O_REP },
	{ "terms", 1, NULL, O_TERMS },
	{ "encoding", 1, NULL, O_ENCODING },
	{ "grade", 1, NULL, O_GRADE },
	{ "map", 1, NULL, O_MAP },
	{ "rejects", 1, NULL, O_REJECTS },
	{ "on-duplicate", 1, NULL, O_DUP },
	{ "all-or-nothing", 0, NULL, O_ALL },
	{ "dry-run", 0, NULL, O_DRY },
	{ "verbose", 0, NULL, 'v' },
	{ NULL, 0, NULL, 0 }
};

static struct crm_opts o = { .usage = usage, .longopts = longopts,
    .words = "add return pay void import target targets ls" };
static bool all_or_nothing, dry_run, verbose;

static struct crm_subopts so;
#define OPT(k) CRM_SUBOPT(&so, k)

/* A money option: fen, or a data error naming it. */
static int64_t
money(int k)
{
	int64_t fen;

	if (!OPT(k))
		return -1;
	if (crm_money_parse(OPT(k), &fen) < 0 || fen < 0)
		crm_die(CRM_EX_DATAERR, "%s '%s' is not an amount in yuan (1234.50)",
		    crm_opt_name(&o, k), OPT(k));
	return fen;
}

static struct crm_date
date_of(int k, struct crm_date today)
{
	return crm_subopt_date(&o, &so, k, today);
}

static struct crm_date
today_of(void)
{
	return date_of(O_ASOF, crm_today());
}

/* Print r in the listing columns; returns the rows printed. */
static long long
print_rows(crm_rows *r)
{
	crm_out *w = crm_out_open(stdout, &o, crm_sale_cols, CRM_SALE_NCOLS);
	long long n = crm_out_rows(w, r);

	crm_out_close(w);
	return n;
}

/* add, return, pay: one row into the ledger, printed once committed. */
static int
cmd_record(enum crm_sale_kind kind, int argc, char **argv)
{
	static const int add_opts[] = { O_AMOUNT, O_ASOF, O_COST, O_DATE, O_DUE,
	    O_PRICE, O_PRODUCT, O_QTY, O_REF, O_REP, O_TERMS };
	static const int return_opts[] = { O_AMOUNT, O_ASOF, O_DATE, O_PRODUCT,
	    O_QTY, O_REF };
	static const int pay_opts[] = { O_ASOF, O_DATE, O_REF };
	const char *cmd = crm_sale_kind_name(kind);
	struct crm_sale v = { .kind = kind, .unit_price = -1, .amount = -1,
	    .cost = -1, .terms = -1 };
	struct crm_buf err = { 0 };
	char *qty = NULL;
	const char *msg;
	crm_store *s;
	int64_t id;

	if (kind == CRM_KIND_SALE)
		crm_subopt_only(&o, &so, "add", add_opts, sizeof add_opts / sizeof add_opts[0]);
	else if (kind == CRM_KIND_RETURN)
		crm_subopt_only(&o, &so, "return", return_opts, sizeof return_opts / sizeof return_opts[0]);
	else
		crm_subopt_only(&o, &so, "pay", pay_opts, sizeof pay_opts / sizeof pay_opts[0]);
	if (argc != (kind == CRM_KIND_PAYMENT ? 2 : 1))
		crm_usage_error(kind == CRM_KIND_PAYMENT ? "give CUSTOMER and AMOUNT" :
		    "give one CUSTOMER");
	if (kind == CRM_KIND_SALE && !OPT(O_QTY))
		crm_usage_error("add needs --qty");
	if (kind == CRM_KIND_SALE && !OPT(O_PRICE) && !OPT(O_AMOUNT))
		crm_usage_error("add needs --price (or --amount)");
	if (kind == CRM_KIND_RETURN && !OPT(O_REF))
		crm_usage_error("return needs --ref, the invoice of the sale");
	if (OPT(O_DUE) && OPT(O_TERMS))
		crm_usage_error("give --due or --terms, not both");
	crm_date_format(date_of(O_DATE, today_of()), v.date);
	if (OPT(O_DUE))
		crm_date_format(date_of(O_DUE, today_of()), v.due);
	if (OPT(O_TERMS))
		v.terms = (int)crm_parse_count(OPT(O_TERMS), "--terms");
	if (OPT(O_QTY)) {
		if ((msg = crm_qty_parse(OPT(O_QTY), &qty)))
			crm_die(CRM_EX_DATAERR, "qty '%s' %s", OPT(O_QTY), msg);
		if (strtod(qty, NULL) <= 0)
			crm_die(CRM_EX_DATAERR, "qty '%s' must be more than 0", OPT(O_QTY));
	}
	v.qty = qty;
	v.unit_price = money(O_PRICE);
	v.amount = money(O_AMOUNT);
	v.cost = money(O_COST);
	if (kind == CRM_KIND_PAYMENT) {
		OPT(O_AMOUNT) = argv[1];
		v.amount = money(O_AMOUNT);
	}
	v.product = OPT(O_PRODUCT);
	v.ref = OPT(O_REF);
	v.rep = OPT(O_REP);

	s = crm_store_open(&o, CRM_STORE_WRITE);
	v.customer_id = crm_customer_arg(s, argv[0]);
	crm_store_begin(s);
	if (!(id = crm_sale_record(s, &v, &err)))
		crm_die(CRM_EX_DATAERR, "%s %s: %s", kind == CRM_KIND_SALE ? "add" : cmd, argv[0], err.s);
	crm_audit(s, cmd, 1, "sales");
	crm_store_commit(s);
	if (!o.quiet)
		print_rows(crm_sale_get(s, id));
	crm_store_close(s);
	free(qty);
	crm_buf_free(&err);
	return CRM_EX_OK;
}

static int
cmd_void(int argc, char **argv)
{
	static const int void_opts[] = { O_REASON };
	struct crm_buf err = { 0 };
	crm_store *s;
	int64_t id;

	crm_subopt_only(&o, &so, "void", void_opts, 1);
	if (argc != 1)
		crm_usage_error("give the ID of one ledger row");
	if (!OPT(O_REASON) || !*OPT(O_REASON))
		crm_usage_error("void needs --reason");
	id = crm_parse_count(argv[0], "ID");
	s = crm_store_open(&o, CRM_STORE_WRITE);
	crm_store_begin(s);
	if (crm_sale_void(s, id, OPT(O_REASON), &err) < 0)
		crm_die(strstr(err.s, "there is no") ? CRM_EX_NOINPUT : CRM_EX_DATAERR,
		    "void %s: %s", argv[0], err.s);
	crm_audit(s, "void", 1, "sales");
	crm_store_commit(s);
	crm_store_close(s);
	return CRM_EX_OK;
}

static int
cmd_import(int argc, char **argv)
{
	static const int import_opts[] = { O_DUP, O_ENCODING, O_MAP, O_REJECTS };
	struct crm_sale_import si = { .verbose = verbose };
	crm_subopt_only(&o, &so, "import", import_opts, sizeof import_opts / sizeof import_opts[0]);
	si.io = crm_import_args(argc, argv, OPT(O_ENCODING), OPT(O_MAP), OPT(O_REJECTS),
	    all_or_nothing, dry_run);
	si.dup = crm_dup_skip_or_reject(OPT(O_DUP));
	return crm_sale_import_run(&o, &si);
}

/* --period as dates, and the name a target keeps it under. */
static char *
period_of(char from[11], char to[11])
{
	struct crm_date f, t;
	const char *msg;

	if ((msg = crm_period_parse(OPT(O_PERIOD), today_of(), &f, &t)))
		crm_usage_error("--period '%s' %s", OPT(O_PERIOD), msg);
	crm_date_format(f, from);
	crm_date_format(t, to);
	return crm_period_name(OPT(O_PERIOD), f, t);
}

static int
cmd_target(int argc, char **argv)
{
	static const int target_opts[] = { O_AMOUNT, O_ASOF, O_GRADE, O_PERIOD };
	char from[11], to[11], *period;
	int64_t id = 0, amount;
	crm_store *s;

	crm_subopt_only(&o, &so, "target", target_opts, sizeof target_opts / sizeof target_opts[0]);
	if (argc + !!OPT(O_GRADE) != 1)
		crm_usage_error("give one CUSTOMER or --grade G");
	if (!OPT(O_PERIOD) || !OPT(O_AMOUNT))
		crm_usage_error("target needs --period and --amount");
	if (OPT(O_GRADE) && !*OPT(O_GRADE))
		crm_usage_error("--grade needs a grade");
	period = period_of(from, to);
	if ((amount = money(O_AMOUNT)) <= 0)
		crm_die(CRM_EX_DATAERR, "amount '%s' must be more than 0", OPT(O_AMOUNT));
	s = crm_store_open(&o, CRM_STORE_WRITE);
	if (argc)
		id = crm_customer_arg(s, argv[0]);
	crm_store_begin(s);
	crm_sale_target_set(s, id, OPT(O_GRADE), period, from, to, amount);
	crm_audit(s, "target", 1, "sales_targets");
	crm_store_commit(s);
	if (!o.quiet) {
		crm_out *w = crm_out_open(stdout, &o, crm_target_cols, CRM_TARGET_NCOLS);

		crm_out_rows(w, crm_sale_targets(s, from, to, id, OPT(O_GRADE)));
		crm_out_close(w);
	}
	free(period);
	crm_store_close(s);
	return CRM_EX_OK;
}

static int
cmd_targets(int argc, char **argv)
{
	static const int targets_opts[] = { O_ASOF, O_PERIOD };
	char from[11], to[11], *period = NULL;
	crm_store *s;
	crm_out *w;

	crm_subopt_only(&o, &so, "targets", targets_opts, sizeof targets_opts / sizeof targets_opts[0]);
	if (argc)
		crm_usage_error("unexpected argument '%s'", argv[0]);
	if (OPT(O_PERIOD))
		period = period_of(from, to);
	s = crm_store_open(&o, CRM_STORE_READ);
	w = crm_out_open(stdout, &o, crm_target_cols, CRM_TARGET_NCOLS);
	crm_out_rows(w, crm_sale_targets(s, period ? from : NULL, period ? to : NULL, 0, NULL));
	crm_out_close(w);
	free(period);
	crm_store_close(s);
	return CRM_EX_OK;
}

static int
cmd_ls(int argc, char **argv)
{
	int64_t audit = 0;
	static const int ls_opts[] = { O_ASOF, O_CUSTOMER, O_KIND, O_PERIOD,
	    O_PRODUCT, O_REP };
	struct crm_sale_filter f = { .kind = -1 };
	crm_store *s;

	crm_subopt_only(&o, &so, "ls", ls_opts, sizeof ls_opts / sizeof ls_opts[0]);
	if (argc)
		crm_usage_error("unexpected argument '%s'", argv[0]);
	if (OPT(O_KIND) && (f.kind = crm_sale_kind_parse(OPT(O_KIND))) < 0)
		crm_usage_error("--kind '%s' is not sale, return or payment", OPT(O_KIND));
	if (OPT(O_PERIOD))
		free(period_of(f.from, f.to));
	f.product = OPT(O_PRODUCT);
	f.rep = OPT(O_REP);
	s = crm_store_open(&o, CRM_STORE_READ);
	if (OPT(O_CUSTOMER))
		f.customer_id = crm_customer_arg(s, OPT(O_CUSTOMER));
	audit = crm_audit_export(s, "export", "crm-sale ls");
	crm_audit_count(s, audit, print_rows(crm_sale_list(s, &f)));
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
		if (ch == O_ALL || ch == O_DRY || ch == 'v') {
			*(ch == O_ALL ? &all_or_nothing : ch == O_DRY ? &dry_run : &verbose) = true;
			continue;
		}
		if (crm_subopt_take(&o, &so, ch, optarg))
			continue;
		crm_usage_error("unexpected option");
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		crm_usage_error("give a command: add, return, pay, void, import, target, targets or ls");
	cmd = argv[0];
	if ((all_or_nothing || dry_run || verbose) && strcmp(cmd, "import"))
		crm_usage_error("--all-or-nothing, --dry-run and -v go with 'import'");
	if (!strcmp(cmd, "add"))
		return cmd_record(CRM_KIND_SALE, argc - 1, argv + 1);
	if (!strcmp(cmd, "return"))
		return cmd_record(CRM_KIND_RETURN, argc - 1, argv + 1);
	if (!strcmp(cmd, "pay"))
		return cmd_record(CRM_KIND_PAYMENT, argc - 1, argv + 1);
	if (!strcmp(cmd, "void"))
		return cmd_void(argc - 1, argv + 1);
	if (!strcmp(cmd, "import"))
		return cmd_import(argc - 1, argv + 1);
	if (!strcmp(cmd, "target"))
		return cmd_target(argc - 1, argv + 1);
	if (!strcmp(cmd, "targets"))
		return cmd_targets(argc - 1, argv + 1);
	if (!strcmp(cmd, "ls"))
		return cmd_ls(argc - 1, argv + 1);
	crm_usage_error("unknown command '%s' (add, return, pay, void, import, target,"
	    " targets or ls)", cmd);
}
