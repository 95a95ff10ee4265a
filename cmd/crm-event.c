/* crm-event — a customer's major events (客户重大变故, SPEC 3.6). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

static const char usage[] =
"usage: crm-event add CUSTOMER --kind K --note TEXT [--date D]\n"
"       crm-event ls [--since D] [--customer C]\n"
"\n"
"Record a major event of a customer (客户重大变故: theft, accident, split,\n"
"illness, bankruptcy, other), which crm-alert warns of, and list them:\n"
"id,customer_id,code,name,date,kind,note.\n"
"\n"
"options:\n"
"  -d, --db PATH        the store\n"
"      --actor NAME     who is acting, for the audit log\n"
"      --customer C     ls: only this customer\n"
"      --date D         add: the day (default today)\n"
"      --kind K         add: theft, accident, split, illness, bankruptcy, other\n"
"      --note TEXT      add: what happened\n"
"      --since D        ls: from this day on\n"
"      --format FMT     csv, tsv, json, table or xlsx\n"
"  -o, --output FILE    write to FILE, whole or not at all\n"
"      --bom            CSV or TSV for Excel: byte-order mark, CRLF\n"
"      --raw            no formula-injection guard in CSV output\n"
"  -q, --quiet          print no rows\n"
"  -h, --help           show this help\n"
"  -V, --version        show the version\n"
"\n"
"See crm-event(1).\n";

enum { O_CUSTOMER = CRM_OPT_LOCAL, O_DATE, O_KIND, O_NOTE, O_SINCE };

static const struct option longopts[] = {
	CRM_LONGOPTS_COMMON, CRM_LONGOPTS_OUTPUT,
	{ "customer", 1, NULL, O_CUSTOMER },
	{ "date", 1, NULL, O_DATE },
	{ "kind", 1, NULL, O_KIND },
	{ "note", 1, NULL, O_NOTE },
	{ "since", 1, NULL, O_SINCE },
	{ "quiet", 0, NULL, 'q' },
	{ NULL, 0, NULL, 0 }
};

static struct crm_opts o = { .usage = usage, .longopts = longopts, .words = "add ls" };
static struct crm_subopts so;
#define OPT(k) CRM_SUBOPT(&so, k)

static void
date_of(int k, char out[11])
{
	crm_date_format(crm_subopt_date(&o, &so, k, crm_today()), out);
}

int
main(int argc, char **argv)
{
	char day[11];
	crm_store *s;
	crm_out *w;
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
	if (argc >= 1 && !strcmp(argv[0], "add")) {
		const char *kind;
		int64_t id;

		CRM_SUBOPT_ONLY(&o, &so, "add", O_DATE, O_KIND, O_NOTE);
		if (argc != 2)
			crm_usage_error("give one CUSTOMER");
		if (!OPT(O_KIND) || !OPT(O_NOTE) || !*OPT(O_NOTE))
			crm_usage_error("add needs --kind and --note");
		if (!(kind = crm_event_kind(OPT(O_KIND))))
			crm_usage_error("--kind '%s' is not theft, accident, split, illness,"
			    " bankruptcy or other", OPT(O_KIND));
		date_of(O_DATE, day);
		s = crm_store_open(&o, CRM_STORE_READ);
		id = crm_customer_arg(s, argv[1]);
		crm_store_begin(s);
		id = crm_event_add(s, id, day, kind, OPT(O_NOTE));
		crm_audit(s, "event", 1, kind);
		crm_store_commit(s);
		if (!o.quiet) {
			w = crm_out_open(stdout, &o, crm_event_cols, CRM_EVENT_NCOLS);
			crm_out_rows(w, crm_event_list(s, 0, NULL, id));
			crm_out_close(w);
		}
		crm_store_close(s);
		return CRM_EX_OK;
	}
	if (argc >= 1 && !strcmp(argv[0], "ls")) {
		int64_t id = 0;

		CRM_SUBOPT_ONLY(&o, &so, "ls", O_CUSTOMER, O_SINCE);
		if (argc != 1)
			crm_usage_error("unexpected argument '%s'", argv[1]);
		if (OPT(O_SINCE))
			date_of(O_SINCE, day);
		s = crm_store_open(&o, CRM_STORE_READ);
		if (OPT(O_CUSTOMER))
			id = crm_customer_arg(s, OPT(O_CUSTOMER));
		w = crm_out_open(stdout, &o, crm_event_cols, CRM_EVENT_NCOLS);
		crm_export_rows(s, w, crm_event_list(s, id, OPT(O_SINCE) ? day : NULL, 0),
		    "crm-event ls");
		crm_out_close(w);
		crm_store_close(s);
		return CRM_EX_OK;
	}
	if (argc < 1)
		crm_usage_error("give a command: add or ls");
	crm_usage_error("unknown command '%s' (add or ls)", argv[0]);
}
