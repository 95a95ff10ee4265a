/* crm-edit — change customers' fields, keeping the history (SPEC 3.1).
** The code cannot be changed: the store itself refuses it. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crm.h"

static const char usage[] =
"usage: crm-edit [options] CUSTOMER [--name N] [--mobile M] [--phone P]\n"
"                [--email E] [--gender G] [--birthday D] [--company C]\n"
"                [--title T] [--industry I] [--region R] [--address A]\n"
"                [--source S] [--owner O] [--parent CUSTOMER] [--kind K]\n"
"                [--notes T] [--foreign yes|no] [--referred-by CUSTOMER]\n"
"                [--set KEY=VALUE]...\n"
"       crm-edit [options] --csv [FILE|-] [--encoding ENC] [--map MAP]\n"
"                [--rejects FILE] [--all-or-nothing] [--dry-run]\n"
"\n"
"Change fields of one customer, or of many from CSV keyed by id, code or\n"
"mobile (empty cells leave a field as it is).  Every change is kept in the\n"
"history (crm-show --history).  A customer's code can be set once, never changed.\n"
"\n"
"options:\n"
"  -d, --db PATH             the store\n"
"      --actor NAME          who is acting, for the history and audit log\n"
"      --allow-salutation    accept names such as 王先生 for persons\n"
"      --code CODE           set the code of a customer that has none\n"
"      --dry-run             check and show, change nothing\n"
"      --format FMT          csv, tsv, json, table or xlsx\n"
"  -o, --output FILE         write to FILE, whole or not at all\n"
"      --bom                 CSV or TSV for Excel: byte-order mark, CRLF\n"
"      --raw                 no formula-injection guard in CSV output\n"
"  -q, --quiet               print nothing on success\n"
"  -h, --help                show this help\n"
"  -V, --version             show the version\n"
"\n"
"See crm-edit(1).\n";

enum {
	O_ALL = CRM_OPT_LOCAL, O_ALLOW, O_CSV, O_DRY, O_ENC, O_MAP, O_REJECTS,
	O_SET, O_FIELD
};

static const struct option longopts[] = {
	CRM_LONGOPTS_COMMON, CRM_LONGOPTS_OUTPUT,
	{ "all-or-nothing", 0, NULL, O_ALL },
	{ "allow-salutation", 0, NULL, O_ALLOW },
	{ "csv", 0, NULL, O_CSV },
	{ "dry-run", 0, NULL, O_DRY },
	{ "encoding", 1, NULL, O_ENC },
	{ "map", 1, NULL, O_MAP },
	{ "quiet", 0, NULL, 'q' },
	{ "rejects", 1, NULL, O_REJECTS },
	{ "name", 1, NULL, O_FIELD + CRM_F_NAME },
	CRM_LONGOPTS_FIELDS(O_FIELD, O_SET),
	{ NULL, 0, NULL, 0 }
};

int
main(int argc, char **argv)
{
	struct crm_opts o = { .usage = usage, .longopts = longopts };
	struct crm_customer_import io = { .dup = CRM_DUP_UPDATE, .edit = true };
	struct crm_customer c = { 0 };
	struct crm_buf custom = { 0 }, err = { 0 };
	struct crm_ctx x;
	crm_store *s;
	int ch, csv = 0, status, given = 0, changed;
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
		case O_REJECTS: io.io.rejects = optarg; break;
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
		crm_usage_error("give one CUSTOMER");
	if (io.io.encoding || io.io.map || io.io.rejects || io.io.all_or_nothing)
		crm_usage_error("--encoding, --map, --rejects and --all-or-nothing go with --csv");
	if (!given)
		crm_usage_error("nothing to change: give a field option such as --mobile");
	crm_customer_custom_close(&c, &custom);
	s = crm_store_open(&o, CRM_STORE_READ);
	if (!(id = crm_customer_resolve(s, argv[0], &err)))
		crm_die(CRM_EX_NOINPUT, "customer '%s' %s", argv[0], err.s);
	crm_ctx_init(&x, s);
	x.allow_salutation = io.allow_salutation;
	crm_store_begin(s);
	crm_buf_reset(&err);
	if ((changed = crm_customer_edit(&x, id, &c, &err)) < 0)
		crm_die(CRM_EX_DATAERR, "%s", err.s);
	if (changed)
		crm_audit(s, "edit", 1, NULL);
	crm_customer_load(&x, id, &c);
	if (io.io.dry_run)
		crm_store_rollback(s);
	else
		crm_store_commit(s);
	if (!o.quiet) {
		crm_out *w = crm_customer_out_open(stdout, &o);

		crm_customer_out_row(w, &c);
		crm_out_close(w);
	}
	if (!changed && !o.quiet)
		crm_warn("nothing changed");
	crm_customer_clear(&c);
	crm_ctx_free(&x);
	crm_buf_free(&custom);
	crm_buf_free(&err);
	crm_store_close(s);
	return CRM_EX_OK;
}
