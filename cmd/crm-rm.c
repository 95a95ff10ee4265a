/* crm-rm — delete a customer with a reason, or erase one's personal data
** (SPEC 3.1). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

static const char usage[] =
"usage: crm-rm [options] --reason TEXT CUSTOMER...\n"
"       crm-rm [options] --erase --reason TEXT CUSTOMER...\n"
"\n"
"Mark customers deleted: they stay in the archive, hidden from crm-ls, with\n"
"the reason, the actor and the time.  With --erase, also overwrite their\n"
"personal data (name, phones, e-mail, address, birthday, notes, custom\n"
"fields) so that it cannot be recovered from the store file; the code and\n"
"sales history stay for statistics.\n"
"\n"
"options:\n"
"  -d, --db PATH        the store\n"
"      --actor NAME     who is acting, for the audit log\n"
"      --erase          erase personal data irreversibly\n"
"      --reason TEXT    why (required)\n"
"  -q, --quiet          print nothing\n"
"  -h, --help           show this help\n"
"  -V, --version        show the version\n"
"\n"
"See crm-rm(1).\n";

enum { O_ERASE = CRM_OPT_LOCAL, O_REASON };

static const struct option longopts[] = {
	CRM_LONGOPTS_COMMON,
	{ "erase", 0, NULL, O_ERASE },
	{ "quiet", 0, NULL, 'q' },
	{ "reason", 1, NULL, O_REASON },
	{ NULL, 0, NULL, 0 }
};

int
main(int argc, char **argv)
{
	struct crm_opts o = { .usage = usage, .longopts = longopts };
	struct crm_buf err = { 0 };
	const char *reason = NULL;
	bool erase = false;
	crm_store *s;
	int64_t *ids;
	int ch, i, n;

	crm_init(argc, argv);
	while ((ch = getopt_long(argc, argv, "d:hqV", longopts, NULL)) != -1) {
		if (crm_opt_common(ch, optarg, &o))
			continue;
		switch (ch) {
		case O_ERASE: erase = true; break;
		case O_REASON: reason = optarg; break;
		default: crm_usage_error("unexpected option");
		}
	}
	argc -= optind;
	argv += optind;
	if (!reason || !*reason)
		crm_usage_error("--reason is required (删除必须写明原因)");
	if (argc < 1)
		crm_usage_error("give the CUSTOMER to remove");
	s = crm_store_open(&o, CRM_STORE_READ);
	ids = crm_xcalloc((size_t)argc, sizeof *ids);
	for (i = 0; i < argc; i++)
		if (!(ids[i] = crm_customer_resolve(s, argv[i], &err)))
			crm_die(CRM_EX_NOINPUT, "customer '%s' %s; nothing removed", argv[i], err.s);
	crm_store_begin(s);
	for (i = n = 0; i < argc; i++) {
		crm_buf_reset(&err);
		if (crm_customer_delete(s, ids[i], reason, &err) < 0 && !erase)
			crm_die(CRM_EX_DATAERR, "%s; nothing removed", err.s);
		if (erase)
			crm_customer_erase(s, ids[i]);
		n++;
	}
	crm_audit(s, erase ? "erase" : "delete", n, reason);
	crm_store_commit(s);
	if (erase)
		crm_store_scrub(s);
	if (!o.quiet)
		fprintf(stderr, "%s: %d %s\n", crm_progname, n, erase ? "erased" : "deleted");
	free(ids);
	crm_buf_free(&err);
	crm_store_close(s);
	return CRM_EX_OK;
}
