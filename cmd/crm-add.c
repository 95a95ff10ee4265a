/* crm-add — add customers to the archive, one or many (SPEC 3.1). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crm.h"

static const char usage[] =
"usage: crm-add [options] NAME [--mobile M] [--phone P] [--email E] [--gender G]\n"
"               [--birthday D] [--company C] [--title T] [--industry I]\n"
"               [--region CODE|NAME] [--address A] [--source S] [--owner O]\n"
"               [--parent CUSTOMER] [--kind person|company] [--code CODE]\n"
"               [--notes T] [--foreign yes|no] [--referred-by CUSTOMER]\n"
"               [--set KEY=VALUE]...\n"
"       crm-add [options] --csv [FILE|-] [--encoding ENC] [--map 'Header=field,...']\n"
"               [--rejects FILE] [--all-or-nothing] [--dry-run] [--strict]\n"
"               [--no-bulk]\n"
"\n"
"Add one customer, or many from CSV, and print them (id,code,name,...).\n"
"\n"
"options:\n"
"  -d, --db PATH             the store (default $CRM_DB, ~/.local/share/crm/crm.db)\n"
"      --actor NAME          who is acting, for the audit log\n"
"      --allow-salutation    accept names such as 王先生 for persons\n"
"      --no-bulk             add rows one by one, even into an empty store\n"
"      --no-code             do not assign a customer code now\n"
"      --on-duplicate WHAT   reject (default), skip or update duplicates\n"
"      --format FMT          csv, tsv, json, table or xlsx\n"
"  -o, --output FILE         write to FILE, whole or not at all\n"
"      --bom                 CSV or TSV for Excel: byte-order mark, CRLF\n"
"      --raw                 no formula-injection guard in CSV output\n"
"  -q, --quiet               print no customers and no progress\n"
"  -h, --help                show this help\n"
"  -V, --version             show the version\n"
"\n"
"See crm-add(1).\n";

enum {
	O_ALL = CRM_OPT_LOCAL, O_ALLOW, O_CSV, O_DRY, O_ENC, O_MAP, O_NOCODE,
	O_DUP, O_NOBULK, O_REJECTS, O_SET, O_STRICT, O_FIELD
};

static const struct option longopts[] = {
	CRM_LONGOPTS_COMMON, CRM_LONGOPTS_OUTPUT,
	{ "all-or-nothing", 0, NULL, O_ALL },
	{ "allow-salutation", 0, NULL, O_ALLOW },
	{ "csv", 0, NULL, O_CSV },
	{ "dry-run", 0, NULL, O_DRY },
	{ "encoding", 1, NULL, O_ENC },
	{ "map", 1, NULL, O_MAP },
	{ "no-bulk", 0, NULL, O_NOBULK },
	{ "no-code", 0, NULL, O_NOCODE },
	{ "on-duplicate", 1, NULL, O_DUP },
	{ "quiet", 0, NULL, 'q' },
	{ "rejects", 1, NULL, O_REJECTS },
	{ "strict", 0, NULL, O_STRICT },
	CRM_LONGOPTS_FIELDS(O_FIELD, O_SET),
	{ NULL, 0, NULL, 0 }
};

static enum crm_dup_policy
parse_dup(const char *s)
{
	if (!strcmp(s, "reject"))
		return CRM_DUP_REJECT;
	if (!strcmp(s, "skip"))
		return CRM_DUP_SKIP;
	if (!strcmp(s, "update"))
		return CRM_DUP_UPDATE;
	crm_usage_error("--on-duplicate '%s' is not reject, skip or update", s);
}

int
main(int argc, char **argv)
{
	struct crm_opts o = { .usage = usage, .longopts = longopts };
	struct crm_customer_import io = { .dup = CRM_DUP_REJECT };
	struct crm_customer c = { 0 };
	struct crm_buf custom = { 0 }, err = { 0 };
	struct crm_ctx x;
	enum crm_outcome out;
	crm_store *s;
	int ch, csv = 0, status, given = 0;
	int64_t id;

	crm_init(argc, argv);
	while ((ch = getopt_long(argc, argv, "d:ho:qV", longopts, NULL)) != -1) {
		if (crm_opt_common(ch, optarg, &o))
			continue;
		switch (ch) {
		case O_ALL: io.io.all_or_nothing = true; break;
		case O_ALLOW: io.allow_salutation = true; break;
		case O_CSV: csv = 1; break;
		case O_DRY: io.io.dry_run = true; break;
		case O_ENC: io.io.encoding = optarg; break;
		case O_MAP: io.io.map = optarg; break;
		case O_NOBULK: io.no_bulk = true; break;
		case O_NOCODE: io.no_code = true; break;
		case O_DUP: io.dup = parse_dup(optarg); break;
		case O_REJECTS: io.io.rejects = optarg; break;
		case O_STRICT: io.io.strict = true; break;
		default:
			if (crm_customer_option(&c, &custom, ch, O_FIELD, O_SET, optarg)) {
				given++;
				break;
			}
			crm_usage_error("unexpected option");
		}
	}
	argc -= optind;
	argv += optind;

	if (csv) {
		if (argc > 1 || given)
			crm_usage_error("--csv takes one file and no field options");
		io.io.path = argc ? argv[0] : "-";
		status = crm_customer_import_run(&o, &io);
		crm_customer_clear(&c);
		crm_buf_free(&custom);
		return status;
	}
	if (argc != 1)
		crm_usage_error(argc ? "give one NAME (quote a name with spaces)"
		    : "give the customer's NAME, or --csv FILE");
	if (io.io.encoding || io.io.map || io.io.rejects || io.io.strict ||
	    io.io.all_or_nothing || io.no_bulk)
		crm_usage_error("--encoding, --map, --rejects, --strict, "
		    "--all-or-nothing and --no-bulk go with --csv");
	c.v[CRM_F_NAME] = crm_xstrdup(argv[0]);
	crm_customer_custom_close(&c, &custom);
	s = crm_store_open(&o, io.io.dry_run ? CRM_STORE_DRY : CRM_STORE_WRITE);
	crm_ctx_init(&x, s);
	x.allow_salutation = io.allow_salutation;
	x.assign_code = !io.no_code;
	crm_store_begin(s);
	crm_buf_reset(&err);
	if (crm_customer_normalise(&x, &c, &err) > 0)
		crm_die(CRM_EX_DATAERR, "%s", err.s);
	out = crm_customer_add(&x, &c, io.dup, &err, &id);
	if (out == CRM_REJECTED)
		crm_die(CRM_EX_DATAERR, "%s", err.s);
	if (out == CRM_DUPLICATE)
		crm_warn("skipped: %s", err.s);
	if (x.nfull) {
		crm_buf_reset(&err);
		crm_code_full_describe(&x, &err);
		crm_warn("added without a code: %s", err.s);
	}
	if (out == CRM_ADDED || out == CRM_UPDATED)
		crm_audit(s, out == CRM_ADDED ? "add" : "update", 1, NULL);
	if (io.io.dry_run)
		crm_store_rollback(s);
	else
		crm_store_commit(s);
	if (!o.quiet && (out == CRM_ADDED || out == CRM_UPDATED || out == CRM_UNCHANGED)) {
		crm_out *w = crm_customer_out_open(stdout, &o);

		if (out != CRM_ADDED)
			crm_customer_load(&x, id, &c);
		crm_customer_out_row(w, &c);
		crm_out_close(w);
	}
	crm_customer_clear(&c);
	crm_ctx_free(&x);
	crm_buf_free(&custom);
	crm_buf_free(&err);
	crm_store_close(s);
	return CRM_EX_OK;
}
