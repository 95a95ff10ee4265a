/* crm-ls — list customers as CSV (SPEC 3.1); the output re-imports with
** crm-add --csv --on-duplicate update unchanged. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

static const char usage[] =
"usage: crm-ls [options] [--grade G] [--region PREFIX|NAME] [--owner NAME]\n"
"              [--status S|all] [--industry I] [--incomplete] [--search TEXT]\n"
"              [--where FIELD=VALUE]... [--parent CUSTOMER]\n"
"              [--columns LIST] [--sort [-]COL] [--limit N]\n"
"\n"
"List customers (deleted ones only with --status deleted or all).\n"
"\n"
"options:\n"
"  -d, --db PATH        the store\n"
"      --actor NAME     who is acting, for the audit log\n"
"      --format FMT     csv, tsv, json, table or xlsx\n"
"  -o, --output FILE    write to FILE, whole or not at all\n"
"      --bom            CSV or TSV for Excel: byte-order mark, CRLF\n"
"      --raw            no formula-injection guard in CSV output\n"
"  -h, --help           show this help\n"
"  -V, --version        show the version\n"
"\n"
"See crm-ls(1).\n";

enum {
	O_COLUMNS = CRM_OPT_LOCAL, O_GRADE, O_INCOMPLETE, O_INDUSTRY, O_LIMIT,
	O_OWNER, O_PARENT, O_REGION, O_SEARCH, O_SORT, O_STATUS, O_WHERE
};

static const struct option longopts[] = {
	CRM_LONGOPTS_COMMON, CRM_LONGOPTS_OUTPUT,
	{ "columns", 1, NULL, O_COLUMNS },
	{ "grade", 1, NULL, O_GRADE },
	{ "incomplete", 0, NULL, O_INCOMPLETE },
	{ "industry", 1, NULL, O_INDUSTRY },
	{ "limit", 1, NULL, O_LIMIT },
	{ "owner", 1, NULL, O_OWNER },
	{ "parent", 1, NULL, O_PARENT },
	{ "region", 1, NULL, O_REGION },
	{ "search", 1, NULL, O_SEARCH },
	{ "sort", 1, NULL, O_SORT },
	{ "status", 1, NULL, O_STATUS },
	{ "where", 1, NULL, O_WHERE },
	{ NULL, 0, NULL, 0 }
};

int
main(int argc, char **argv)
{
	struct crm_opts o = { .usage = usage, .longopts = longopts };
	struct crm_buf err = { 0 };
	const char *columns = NULL, *sort = NULL, *region = NULL, *parent = NULL;
	const char *problem;
	const struct crm_col *cols;
	crm_customer_query *q = crm_customer_query_new();
	long long limit = -1;
	crm_store *s;
	crm_rows *r;
	crm_out *w;
	int ch;

	crm_init(argc, argv);
	while ((ch = getopt_long(argc, argv, "d:ho:V", longopts, NULL)) != -1) {
		if (crm_opt_common(ch, optarg, &o))
			continue;
		problem = NULL;
		switch (ch) {
		case O_COLUMNS: columns = optarg; break;
		case O_GRADE: problem = crm_customer_query_filter(q, CRM_Q_GRADE, optarg); break;
		case O_INCOMPLETE: crm_customer_query_filter(q, CRM_Q_INCOMPLETE, NULL); break;
		case O_INDUSTRY: crm_customer_query_filter(q, CRM_Q_INDUSTRY, optarg); break;
		case O_LIMIT: limit = crm_parse_count(optarg, "--limit"); break;
		case O_OWNER: crm_customer_query_filter(q, CRM_Q_OWNER, optarg); break;
		case O_PARENT: parent = optarg; break;
		case O_REGION: region = optarg; break;
		case O_SEARCH: crm_customer_query_filter(q, CRM_Q_SEARCH, optarg); break;
		case O_SORT: sort = optarg; break;
		case O_STATUS: problem = crm_customer_query_filter(q, CRM_Q_STATUS, optarg); break;
		case O_WHERE: problem = crm_customer_query_filter(q, CRM_Q_WHERE, optarg); break;
		default:
			crm_usage_error("unexpected option");
		}
		if (problem)
			crm_usage_error("--%s '%s' %s", ch == O_STATUS ? "status" :
			    ch == O_GRADE ? "grade" : "where",
			    optarg, problem);
	}
	if (optind < argc)
		crm_usage_error("unexpected argument '%s'", argv[optind]);
	if (columns && !*columns)
		crm_usage_error("--columns needs at least one column");

	s = crm_store_open(&o, CRM_STORE_READ);
	if (region) {
		crm_regions *rt = crm_regions_load(s);
		char *rerr = NULL;
		const char *code;
		char prefix[7];

		if (*region && strspn(region, "0123456789") == strlen(region) && strlen(region) < 6)
			code = region;
		else if (!(code = crm_regions_resolve(rt, region, &rerr)))
			crm_usage_error("--region '%s' %s", region, rerr);
		crm_regions_prefix(code, prefix);
		crm_customer_query_filter(q, CRM_Q_REGION, prefix);
		crm_regions_free(rt);
		free(rerr);
	}
	if (parent) {
		int64_t pid = crm_customer_resolve(s, parent, &err);
		char id[24];

		if (!pid)
			crm_die(CRM_EX_NOINPUT, "--parent '%s' %s", parent, err.s);
		snprintf(id, sizeof id, "%lld", (long long)pid);
		crm_customer_query_filter(q, CRM_Q_PARENT, id);
	}
	if (!(r = crm_customer_query_run(s, q, columns, sort, limit, &cols, &problem)))
		crm_usage_error("--columns '%s' %s", columns, problem);
	w = crm_out_open(stdout, &o, cols, crm_rows_ncols(r));
	crm_export_rows(s, w, r, "crm-ls");
	crm_out_close(w);
	crm_customer_query_free(q);
	crm_buf_free(&err);
	crm_store_close(s);
	return CRM_EX_OK;
}
