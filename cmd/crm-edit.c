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
"                [--notes T] [--set KEY=VALUE]...\n"
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
"      --format FMT          csv, tsv, json or table\n"
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
	{ "set", 1, NULL, O_SET },
	{ "address", 1, NULL, O_FIELD + CRM_F_ADDRESS },
	{ "birthday", 1, NULL, O_FIELD + CRM_F_BIRTHDAY },
	{ "code", 1, NULL, O_FIELD + CRM_F_CODE },
	{ "company", 1, NULL, O_FIELD + CRM_F_COMPANY },
	{ "email", 1, NULL, O_FIELD + CRM_F_EMAIL },
	{ "gender", 1, NULL, O_FIELD + CRM_F_GENDER },
	{ "industry", 1, NULL, O_FIELD + CRM_F_INDUSTRY },
	{ "kind", 1, NULL, O_FIELD + CRM_F_KIND },
	{ "mobile", 1, NULL, O_FIELD + CRM_F_MOBILE },
	{ "name", 1, NULL, O_FIELD + CRM_F_NAME },
	{ "notes", 1, NULL, O_FIELD + CRM_F_NOTES },
	{ "owner", 1, NULL, O_FIELD + CRM_F_OWNER },
	{ "parent", 1, NULL, O_FIELD + CRM_F_PARENT },
	{ "phone", 1, NULL, O_FIELD + CRM_F_PHONE },
	{ "region", 1, NULL, O_FIELD + CRM_F_REGION },
	{ "source", 1, NULL, O_FIELD + CRM_F_SOURCE },
	{ "title", 1, NULL, O_FIELD + CRM_F_TITLE },
	{ NULL, 0, NULL, 0 }
};

int
main(int argc, char **argv)
{
	struct crm_opts o = { .usage = usage };
	struct crm_import_opts io = { .dup = CRM_DUP_UPDATE, .edit = true };
	struct crm_import_result res;
	struct crm_customer c = { 0 };
	struct crm_buf custom = { 0 }, err = { 0 };
	struct crm_ctx x;
	crm_store *s;
	FILE *spool = NULL;
	int ch, csv = 0, status, given = 0, changed;
	int64_t id;

	crm_init(argc, argv);
	while ((ch = getopt_long(argc, argv, "d:hqV", longopts, NULL)) != -1) {
		if (crm_opt_common(ch, optarg, &o))
			continue;
		switch (ch) {
		case O_ALL: io.all_or_nothing = true; break;
		case O_ALLOW: io.allow_salutation = true; break;
		case O_CSV: csv = 1; break;
		case O_DRY: io.dry_run = true; break;
		case O_ENC: io.encoding = optarg; break;
		case O_MAP: io.map = optarg; break;
		case O_REJECTS: io.rejects = optarg; break;
		case O_SET: {
			const char *eq = strchr(optarg, '=');
			char *k;
			int f;

			if (!eq || eq == optarg)
				crm_usage_error("--set '%s' is not KEY=VALUE", optarg);
			k = crm_xstrndup(optarg, (size_t)(eq - optarg));
			if ((f = crm_field_lookup(k)) >= 0) {
				if (!crm_fields[f].input || f == CRM_F_ID)
					crm_usage_error("--set: '%s' cannot be set", k);
				free(c.v[f]);
				c.v[f] = crm_xstrdup(eq + 1);
			} else {
				crm_buf_addc(&custom, custom.len ? ',' : '{');
				crm_json_string(&custom, k, strlen(k));
				crm_buf_addc(&custom, ':');
				crm_json_string(&custom, eq + 1, strlen(eq + 1));
			}
			given++;
			free(k);
			break;
		}
		default:
			if (ch >= O_FIELD && ch < O_FIELD + CRM_F_COUNT) {
				free(c.v[ch - O_FIELD]);
				c.v[ch - O_FIELD] = crm_xstrdup(optarg);
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
		io.path = argc ? argv[0] : "-";
		io.quiet = o.quiet;
		s = crm_store_open(&o, CRM_STORE_READ);
		/* spooled: nothing is printed unless the store commits */
		if (!o.quiet) {
			if (o.format == CRM_FMT_AUTO && isatty(1))
				o.format = CRM_FMT_TABLE;
			spool = crm_spool_open();
			io.out = crm_customer_out_open(spool, &o);
		}
		status = crm_import_customers(s, &io, &res);
		crm_out_close(io.out);
		if (spool && !(io.all_or_nothing && res.rejected))
			crm_spool_copy(spool, stdout);
		else if (spool)
			fclose(spool);
		free(res.rejects_path);
		crm_store_close(s);
		return status;
	}
	if (argc != 1)
		crm_usage_error("give one CUSTOMER");
	if (io.encoding || io.map || io.rejects || io.all_or_nothing)
		crm_usage_error("--encoding, --map, --rejects and --all-or-nothing go with --csv");
	if (!given)
		crm_usage_error("nothing to change: give a field option such as --mobile");
	if (custom.len) {
		crm_buf_addc(&custom, '}');
		c.custom = crm_xstrdup(custom.s);
	}
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
	if (io.dry_run)
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
