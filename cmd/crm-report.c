/* crm-report — the analysis tables of the regulations (SPEC 3.5). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

static const char usage[] =
"usage: crm-report NAME [--period P] [--as-of D] [--by G] [--owner O]\n"
"                  [--region PREFIX] [--grade G] [--chart COLUMN] [--unmask]\n"
"                  [--level province|city|county] [--scheme S] [--top N]\n"
"                  [--products N]\n"
"       crm-report --list\n"
"\n"
"Print one of the analysis tables of the regulations as CSV, over the\n"
"period (default the current calendar year).  'crm-report --list' names\n"
"the reports.\n"
"\n"
"options:\n"
"  -d, --db PATH        the store\n"
"      --actor NAME     who is acting, for the audit log\n"
"      --as-of DATE     today, for the period\n"
"      --by G           the grouping (the report's list; see --list)\n"
"      --chart COLUMN   a bar chart of COLUMN (xlsx: a native Excel chart)\n"
"      --grade G        only customers of grade G\n"
"      --level L        region: province (default), city or county\n"
"      --list           list the reports\n"
"      --owner O        only customers of owner O\n"
"      --period P       2026, 2026-Q3, 2026-10, FROM..TO or 12m\n"
"      --products N     sales: the N largest products, the rest as other\n"
"      --region PREFIX  only customers of the region (65 = all Xinjiang)\n"
"      --scheme S       grades: the grading scheme (default grade.primary)\n"
"      --top N          top: how many customers per ranking (default 10)\n"
"      --unmask         personal columns unmasked (audited)\n"
"      --format FMT     csv, tsv, json, table or xlsx\n"
"  -o, --output FILE    write to FILE, whole or not at all\n"
"      --bom            CSV or TSV for Excel: byte-order mark, CRLF\n"
"      --raw            no formula-injection guard in CSV output\n"
"  -h, --help           show this help\n"
"  -V, --version        show the version\n"
"\n"
"See crm-report(1).\n";

enum {
	O_ASOF = CRM_OPT_LOCAL, O_BY, O_CHART, O_GRADE, O_OWNER, O_PERIOD, O_REGION,
	O_LIST, O_UNMASK, O_LEVEL, O_SCHEME, O_TOP, O_PRODUCTS
};

static const struct option longopts[] = {
	CRM_LONGOPTS_COMMON, CRM_LONGOPTS_OUTPUT,
	{ "as-of", 1, NULL, O_ASOF },
	{ "by", 1, NULL, O_BY },
	{ "chart", 1, NULL, O_CHART },
	{ "grade", 1, NULL, O_GRADE },
	{ "owner", 1, NULL, O_OWNER },
	{ "period", 1, NULL, O_PERIOD },
	{ "region", 1, NULL, O_REGION },
	{ "list", 0, NULL, O_LIST },
	{ "unmask", 0, NULL, O_UNMASK },
	{ "level", 1, NULL, O_LEVEL },
	{ "scheme", 1, NULL, O_SCHEME },
	{ "top", 1, NULL, O_TOP },
	{ "products", 1, NULL, O_PRODUCTS },
	{ NULL, 0, NULL, 0 }
};

static struct crm_opts o = { .usage = usage, .longopts = longopts,
    .words = "region sales grades top profile problems evaluate aging complaints visits"
    " satisfaction funnel" };

static void
list(void)
{
	const struct crm_report *r = NULL;
	size_t n, i, k;

	r = crm_reports(&n);
	for (i = 0; i < n; i++) {
		printf("%-12s %s", r[i].name, r[i].summary);
		for (k = 0; r[i].by && r[i].by[k]; k++)
			printf("%s%s", k ? "|" : "; --by ", r[i].by[k]);
		putchar('\n');
	}
}

int
main(int argc, char **argv)
{
	int64_t audit = 0;
	struct crm_report_args a = { .scheme = -1 };
	const char *own = NULL;    /* a report's own option given, for the check */
	const char *period = NULL, *chart = NULL, *msg;
	const struct crm_report *r;
	struct crm_date today = crm_today();
	crm_store *s;
	crm_out *w;
	size_t i;
	int ch, rc;
	char *name;

	crm_init(argc, argv);
	while ((ch = getopt_long(argc, argv, "d:ho:V", longopts, NULL)) != -1) {
		if (crm_opt_common(ch, optarg, &o))
			continue;
		switch (ch) {
		case O_ASOF:
			if ((rc = crm_date_parse(optarg, &today)) < 0)
				crm_usage_error("--as-of '%s' %s", optarg,
				    rc == -2 ? "is not a real day" : "is not a date (2026-03-05)");
			break;
		case O_BY: a.by = optarg; break;
		case O_CHART: chart = optarg; break;
		case O_GRADE: a.grade = optarg; break;
		case O_OWNER: a.owner = optarg; break;
		case O_PERIOD: period = optarg; break;
		case O_REGION:
			if (!*optarg || strspn(optarg, "0123456789") != strlen(optarg) ||
			    strlen(optarg) > 6)
				crm_usage_error("--region '%s' is not a region code prefix (65, 6501)",
				    optarg);
			a.region = optarg;
			break;
		case O_LIST: list(); return CRM_EX_OK;
		case O_UNMASK: a.unmask = true; break;
		case O_LEVEL:
			if (strcmp(optarg, "province") && strcmp(optarg, "city") &&
			    strcmp(optarg, "county"))
				crm_usage_error("--level '%s' is not province, city or county", optarg);
			a.level = optarg;
			own = "level";
			break;
		case O_SCHEME:
			if ((a.scheme = crm_scheme_parse(optarg)) < 0)
				crm_usage_error("--scheme '%s' is not abc, pareto, value, ae, activity,"
				    " rfm or vip", optarg);
			own = "scheme";
			break;
		case O_TOP:
			a.top = (long)crm_parse_count(optarg, "--top");
			if (a.top < 1)
				crm_usage_error("--top must be at least 1");
			own = "top";
			break;
		case O_PRODUCTS:
			a.products = (long)crm_parse_count(optarg, "--products");
			if (a.products < 1)
				crm_usage_error("--products must be at least 1");
			own = "products";
			break;
		default: crm_usage_error("unexpected option");
		}
	}
	if (argc - optind != 1)
		crm_usage_error("give one report NAME (crm-report --list names them)");
	if (!(r = crm_report_find(argv[optind])))
		crm_usage_error("there is no report '%s' (crm-report --list names them)",
		    argv[optind]);
	if (own && !strstr(r->opts, own))
		crm_usage_error("--%s does not go with report %s", own, r->name);
	if (a.by) {
		for (i = 0; r->by && r->by[i] && strcmp(r->by[i], a.by); i++)
			;
		if (!r->by || !r->by[i])
			crm_usage_error("--by '%s' does not go with report %s", a.by, r->name);
	}
	if (!period) {
		a.from = (struct crm_date){ today.y, 1, 1 };
		a.to = (struct crm_date){ today.y, 12, 31 };
	} else if ((msg = crm_period_parse(period, today, &a.from, &a.to))) {
		crm_usage_error("--period '%s' %s", period, msg);
	}
	a.as_of = crm_date_days(today) < crm_date_days(a.to) ? today : a.to;
	a.opts = &o;
	a.chart = chart;
	s = crm_store_open(&o, CRM_STORE_READ);
	/* a report with columns of its own (the sales pivot) opens w itself */
	w = r->cols ? crm_report_out(&a, r->cols, r->ncols) : NULL;
	name = crm_xasprintf("crm-report %s", r->name);
	audit = crm_audit_export(s, a.unmask ? "export-unmasked" : "export", name);
	crm_audit_count(s, audit, r->run(s, &a, w));
	if (w)
		crm_out_close(w);
	free(name);
	crm_store_close(s);
	return CRM_EX_OK;
}
