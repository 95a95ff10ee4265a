/* crm-alert — the five early warnings of seed 001 (预警管理, SPEC 3.6). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

static const char usage[] =
"usage: crm-alert [--kind K,...] [--as-of DATE] [--owner O] [--exit-status] [--new]\n"
"\n"
"Print one row per warning: kind,customer_id,code,name,owner,metric,\n"
"threshold,detail.  The kinds (seed 001 预警管理):\n"
"  receivable  receivable over the credit limit (外欠款)\n"
"  progress    net sales behind the target's pace, or behind last year (销售进度)\n"
"  expense     expenses over the budget (销售费用)\n"
"  churn       no sale for alert.churn_days, or for twice the usual gap (客户流失)\n"
"  event       a major event of the last alert.event_days (客户重大变故)\n"
"\n"
"options:\n"
"  -d, --db PATH        the store\n"
"      --actor NAME     who is acting, for the audit log\n"
"      --as-of DATE     today\n"
"      --exit-status    exit 1 when any warning was raised\n"
"      --kind K,...     only these kinds\n"
"      --new            only what the previous --new run did not raise\n"
"      --owner O        only the customers of owner O\n"
"      --format FMT     csv, tsv, json, table or xlsx\n"
"  -o, --output FILE    write to FILE, whole or not at all\n"
"      --bom            CSV or TSV for Excel: byte-order mark, CRLF\n"
"      --raw            no formula-injection guard in CSV output\n"
"  -h, --help           show this help\n"
"  -V, --version        show the version\n"
"\n"
"See crm-alert(1).\n";

enum { O_ASOF = CRM_OPT_LOCAL, O_KIND, O_OWNER, O_EXIT, O_NEW };

static const struct option longopts[] = {
	CRM_LONGOPTS_COMMON, CRM_LONGOPTS_OUTPUT,
	{ "as-of", 1, NULL, O_ASOF },
	{ "kind", 1, NULL, O_KIND },
	{ "owner", 1, NULL, O_OWNER },
	{ "exit-status", 0, NULL, O_EXIT },
	{ "new", 0, NULL, O_NEW },
	{ NULL, 0, NULL, 0 }
};

int
main(int argc, char **argv)
{
	int64_t audit = 0;
	struct crm_opts o = { .usage = usage, .longopts = longopts };
	bool kinds[CRM_ALERT_COUNT], exit_status = false, only_new = false, some = false;
	struct crm_date as_of = crm_today();
	const char *owner = NULL;
	long long n;
	crm_store *s;
	crm_out *w;
	int ch, k, rc;

	for (k = 0; k < CRM_ALERT_COUNT; k++)
		kinds[k] = false;
	crm_init(argc, argv);
	while ((ch = getopt_long(argc, argv, "d:ho:V", longopts, NULL)) != -1) {
		if (crm_opt_common(ch, optarg, &o))
			continue;
		switch (ch) {
		case O_ASOF:
			if ((rc = crm_date_parse(optarg, &as_of)) < 0)
				crm_die(CRM_EX_DATAERR, "as-of '%s' %s", optarg,
				    rc == -2 ? "is not a real day" : "is not a date (2026-03-05)");
			break;
		case O_KIND: {
			char *list = crm_xstrdup(optarg), *p, *save = NULL;

			for (p = strtok_r(list, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
				if ((k = crm_alert_kind_parse(p)) < 0)
					crm_usage_error("--kind '%s' is not receivable, progress, expense,"
					    " churn or event", p);
				kinds[k] = some = true;
			}
			free(list);
			break;
		}
		case O_OWNER: owner = optarg; break;
		case O_EXIT: exit_status = true; break;
		case O_NEW: only_new = true; break;
		default: crm_usage_error("unexpected option");
		}
	}
	if (optind < argc)
		crm_usage_error("unexpected argument '%s'", argv[optind]);
	if (!some)
		for (k = 0; k < CRM_ALERT_COUNT; k++)
			kinds[k] = true;
	s = crm_store_open(&o, CRM_STORE_READ);
	w = crm_out_open(stdout, &o, crm_alert_cols, CRM_ALERT_NCOLS);
	/* logged first, so that a run cut short is in the log; then one
	** transaction: the warnings of one consistent state */
	audit = crm_audit_export(s, "export", only_new ? "crm-alert --new" : "crm-alert");
	crm_store_begin(s);
	n = crm_alert_run(s, kinds, as_of, owner, only_new, w);
	crm_audit_count(s, audit, n);
	crm_store_commit(s);
	crm_out_close(w);
	crm_store_close(s);
	return exit_status && n ? CRM_EX_NO : CRM_EX_OK;
}
