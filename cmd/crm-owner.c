/* crm-owner — owners, the public pool, handovers and the monthly sweep
** (SPEC 3.8, seed 003 篇2 and 篇10). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

static const char usage[] =
"usage: crm-owner set CUSTOMER NAME [--reason T]\n"
"       crm-owner release CUSTOMER --reason T\n"
"       crm-owner ls\n"
"       crm-owner history CUSTOMER\n"
"       crm-owner distribute --to A,B,... [--unowned] [--region PREFIX]\n"
"       crm-owner handover --from A --to B --type same-post|other-post\n"
"                          [--approver NAME]\n"
"       crm-owner approve HANDOVER --approver NAME\n"
"       crm-owner reject HANDOVER --reason T\n"
"       crm-owner handovers [--status pending|approved|rejected]\n"
"       crm-owner sweep [--as-of D] [--apply|--dry-run]\n"
"\n"
"Each customer has at most one owner (推荐人).  Set and release owners,\n"
"deal the public pool (公共客户) out evenly, hand a rep's customers over to\n"
"another (客户交接单, with approval), and sweep monthly: customers without\n"
"a sale in owner.pool_months (3) months, or served mostly by other reps\n"
"last month, go to the pool; a public customer served twice last month by\n"
"one rep gets that rep; records incomplete after customer.incomplete_days\n"
"(90) days are deleted.  Every move is kept in the owner history.\n"
"\n"
"options:\n"
"  -d, --db PATH        the store\n"
"      --actor NAME     who is acting, for the history and the audit log\n"
"      --apply          sweep: do what the dry run shows\n"
"      --approver NAME  handover: approved at once; approve: who approves\n"
"      --as-of DATE     sweep: the day it runs for (default today)\n"
"      --dry-run        sweep: show what it would do (the default)\n"
"      --from NAME      handover: the rep who hands over\n"
"      --reason T       why (set, release, reject)\n"
"      --region PREFIX  distribute: only customers of the regions under it\n"
"      --status S       handovers: only those pending, approved or rejected\n"
"      --to NAME[,...]  handover: who takes over; distribute: who gets them\n"
"      --type T         handover: same-post or other-post (同岗位, 不同岗位)\n"
"      --unowned        distribute: customers who never had an owner, not the pool\n"
"      --format FMT     csv, tsv, json, table or xlsx\n"
"  -o, --output FILE    write to FILE, whole or not at all\n"
"      --bom            CSV or TSV for Excel: byte-order mark, CRLF\n"
"      --raw            no formula-injection guard in CSV output\n"
"  -q, --quiet          print no rows\n"
"  -h, --help           show this help\n"
"  -V, --version        show the version\n"
"\n"
"See crm-owner(1).\n";

enum {
	O_APPROVER = CRM_OPT_LOCAL, O_ASOF, O_FROM, O_REASON, O_REGION, O_STATUS, O_TO,
	O_TYPE,
	O_APPLY, O_DRY, O_UNOWNED          /* flags */
};

static const struct option longopts[] = {
	CRM_LONGOPTS_COMMON, CRM_LONGOPTS_OUTPUT,
	{ "apply", 0, NULL, O_APPLY }, { "approver", 1, NULL, O_APPROVER },
	{ "as-of", 1, NULL, O_ASOF }, { "dry-run", 0, NULL, O_DRY },
	{ "from", 1, NULL, O_FROM }, { "quiet", 0, NULL, 'q' },
	{ "reason", 1, NULL, O_REASON }, { "region", 1, NULL, O_REGION },
	{ "status", 1, NULL, O_STATUS }, { "to", 1, NULL, O_TO },
	{ "type", 1, NULL, O_TYPE }, { "unowned", 0, NULL, O_UNOWNED },
	{ NULL, 0, NULL, 0 }
};

static struct crm_opts o = { .usage = usage, .longopts = longopts,
    .words = "set release ls history distribute handover approve reject handovers sweep" };
static struct crm_subopts so;
#define OPT(k) CRM_SUBOPT(&so, k)
#define ONLY(cmd, ...) CRM_SUBOPT_ONLY(&o, &so, cmd, __VA_ARGS__)
static bool apply, dry_run, unowned;

/* A name option that must not be empty. */
static const char *
name_of(int k, const char *cmd)
{
	if (!OPT(k) || !*OPT(k))
		crm_usage_error("%s needs --%s", cmd, crm_opt_name(&o, k));
	return OPT(k);
}

/* set CUSTOMER NAME, release CUSTOMER: one move, one transaction. */
static int
cmd_set(bool set, int argc, char **argv)
{
	struct crm_buf err = { 0 };
	crm_store *s;
	int64_t id;
	int rc;

	ONLY(set ? "set" : "release", O_REASON);
	if (argc != (set ? 2 : 1))
		crm_usage_error(set ? "give CUSTOMER and the owner's NAME" : "give one CUSTOMER");
	if (set && !*argv[1])
		crm_usage_error("give the owner's NAME (release puts a customer in the pool)");
	if (!set)
		name_of(O_REASON, "release");
	s = crm_store_open(&o, CRM_STORE_READ);
	id = crm_customer_arg(s, argv[0]);
	crm_store_begin(s);
	if ((rc = crm_owner_set(s, id, set ? argv[1] : NULL, OPT(O_REASON), &err)) < 0)
		crm_die(CRM_EX_DATAERR, "%s %s: %s", set ? "set" : "release", argv[0], err.s);
	if (rc)
		crm_audit(s, set ? "owner-set" : "owner-release", 1, set ? argv[1] : OPT(O_REASON));
	crm_store_commit(s);
	if (!rc && !o.quiet)
		crm_warn("%s: nothing changed (%s)", argv[0], set ? "the owner is so already" :
		    "it is in the public pool already");
	crm_store_close(s);
	crm_buf_free(&err);
	return CRM_EX_OK;
}

/* The names of a comma-separated list, each non-empty (n set). */
static char **
split_names(const char *list, size_t *n)
{
	char **v = NULL, *copy = crm_xstrdup(list), *p, *comma;
	size_t i;

	*n = 0;
	for (p = copy; p; p = comma ? comma + 1 : NULL) {
		if ((comma = strchr(p, ',')))
			*comma = '\0';
		if (!*p)
			crm_usage_error("--to '%s' has an empty name (names are comma separated)", list);
		for (i = 0; i < *n; i++)
			if (!strcmp(v[i], p))
				crm_usage_error("--to names '%s' twice", p);
		v = crm_xrealloc(v, (*n + 1) * sizeof *v);
		v[(*n)++] = crm_xstrdup(p);
	}
	free(copy);
	return v;
}

static int
cmd_distribute(int argc)
{
	const char *region = OPT(O_REGION);
	char **to;
	size_t n, i;
	crm_store *s;
	crm_out *w = NULL;
	long long dealt;

	ONLY("distribute", O_REGION, O_TO);
	if (argc)
		crm_usage_error("distribute takes no arguments (--to A,B,...)");
	to = split_names(name_of(O_TO, "distribute"), &n);
	if (region && (!*region || strlen(region) > 6 || strspn(region, "0123456789") !=
	    strlen(region)))
		crm_usage_error("--region '%s' is not a region code or its first digits", region);
	s = crm_store_open(&o, CRM_STORE_READ);
	crm_store_begin(s);
	if (!o.quiet)
		w = crm_out_open(stdout, &o, crm_distribute_cols, CRM_DISTRIBUTE_NCOLS);
	dealt = crm_owner_distribute(s, to, n, unowned, region, w);
	crm_audit(s, "distribute", dealt, OPT(O_TO));
	crm_store_commit(s);
	if (w)
		crm_out_close(w);
	if (!o.quiet)
		fprintf(stderr, "%s: %lld customer%s dealt out to %zu\n", crm_progname, dealt,
		    dealt == 1 ? "" : "s", n);
	for (i = 0; i < n; i++)
		free(to[i]);
	free(to);
	crm_store_close(s);
	return CRM_EX_OK;
}

static int
cmd_handover(int argc)
{
	struct crm_buf err = { 0 };
	const char *from, *to, *type, *approver = OPT(O_APPROVER);
	char number[16];
	long long n;
	crm_store *s;

	ONLY("handover", O_APPROVER, O_FROM, O_TO, O_TYPE);
	if (argc)
		crm_usage_error("handover takes no arguments (--from A --to B --type T)");
	from = name_of(O_FROM, "handover");
	to = name_of(O_TO, "handover");
	if (!(type = crm_handover_type(name_of(O_TYPE, "handover"))))
		crm_usage_error("--type '%s' is not same-post or other-post", OPT(O_TYPE));
	if (!strcmp(from, to))
		crm_usage_error("--from and --to are both '%s'", from);
	if (approver && !*approver)
		crm_usage_error("--approver needs the name of who approves");
	s = crm_store_open(&o, CRM_STORE_READ);
	crm_store_begin(s);
	if ((n = crm_owner_handover(s, from, to, type, approver, number, &err)) < 0)
		crm_die(CRM_EX_DATAERR, "handover: %s", err.s);
	crm_audit(s, "handover", n, number);
	crm_store_commit(s);
	crm_export(s, &o, crm_handover_cols, CRM_HANDOVER_NCOLS, crm_owner_handover_rows(s, number),
	    "crm-owner handover");
	if (!o.quiet)
		fprintf(stderr, "%s: handover %s: %lld customer%s of %s to %s, %s\n", crm_progname,
		    number, n, n == 1 ? "" : "s", from, to, approver ? "approved and moved" :
		    "pending approval (the customers stay until it is approved)");
	crm_buf_free(&err);
	crm_store_close(s);
	return CRM_EX_OK;
}

static int
cmd_decide(bool approve, int argc, char **argv)
{
	const char *cmd = approve ? "approve" : "reject";
	struct crm_buf err = { 0 };
	crm_store *s;
	bool missing;

	if (approve)
		ONLY("approve", O_APPROVER);
	else
		ONLY("reject", O_REASON);
	if (argc != 1)
		crm_usage_error("give one HANDOVER number");
	name_of(approve ? O_APPROVER : O_REASON, cmd);
	s = crm_store_open(&o, CRM_STORE_READ);
	crm_store_begin(s);
	if (crm_owner_decide(s, argv[0], approve, OPT(approve ? O_APPROVER : O_REASON), &err,
	    &missing) < 0)
		crm_die(missing ? CRM_EX_NOINPUT : CRM_EX_DATAERR, "%s %s: %s", cmd, argv[0], err.s);
	crm_audit(s, approve ? "handover-approve" : "handover-reject", 1, argv[0]);
	crm_store_commit(s);
	if (approve)
		crm_export(s, &o, crm_handover_cols, CRM_HANDOVER_NCOLS, crm_owner_handover_rows(s, argv[0]),
		    "crm-owner approve");
	crm_buf_free(&err);
	crm_store_close(s);
	return CRM_EX_OK;
}

static int
cmd_sweep(int argc)
{
	int64_t audit = 0;
	struct crm_sweep sw = { .as_of = crm_today(), .apply = apply };
	char day[11];
	crm_store *s;
	crm_out *w = NULL;

	ONLY("sweep", O_ASOF);
	if (argc)
		crm_usage_error("sweep takes no arguments");
	if (apply && dry_run)
		crm_usage_error("give --dry-run or --apply, not both");
	sw.as_of = crm_subopt_date(&o, &so, O_ASOF, sw.as_of);
	crm_date_format(sw.as_of, day);
	s = crm_store_open(&o, CRM_STORE_READ);
	if (!o.quiet)
		w = crm_out_open(stdout, &o, crm_sweep_cols, CRM_SWEEP_NCOLS);
	if (apply)
		crm_store_begin(s);
	else if (w)
		audit = crm_audit_export(s, "export", "crm-owner sweep");
	crm_owner_sweep(s, &sw, w);
	if (apply) {
		crm_audit(s, "sweep", sw.to_public + sw.assigned + sw.removed, day);
		crm_store_commit(s);
	} else if (w) {
		crm_audit_count(s, audit, sw.to_public + sw.assigned + sw.removed);
	}
	if (w)
		crm_out_close(w);
	if (!o.quiet)
		fprintf(stderr, "%s: sweep at %s: %lld to the public pool, %lld assigned,"
		    " %lld removed%s\n", crm_progname, day, sw.to_public, sw.assigned, sw.removed,
		    apply ? "" : " (dry run: nothing written; --apply writes)");
	crm_store_close(s);
	return CRM_EX_OK;
}

int
main(int argc, char **argv)
{
	const char *cmd;
	crm_store *s;
	int ch;

	crm_init(argc, argv);
	while ((ch = getopt_long(argc, argv, "d:ho:qV", longopts, NULL)) != -1) {
		if (crm_opt_common(ch, optarg, &o))
			continue;
		if (ch == O_APPLY || ch == O_DRY || ch == O_UNOWNED) {
			*(ch == O_APPLY ? &apply : ch == O_DRY ? &dry_run : &unowned) = true;
			continue;
		}
		if (!crm_subopt_take(&o, &so, ch, optarg))
			crm_usage_error("unexpected option");
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		crm_usage_error("give a command: set, release, ls, history, distribute, handover,"
		    " approve, reject, handovers or sweep");
	cmd = argv[0];
	if ((apply || dry_run) && strcmp(cmd, "sweep"))
		crm_usage_error("--apply and --dry-run go with 'sweep'");
	if (unowned && strcmp(cmd, "distribute"))
		crm_usage_error("--unowned goes with 'distribute'");
	if (!strcmp(cmd, "set") || !strcmp(cmd, "release"))
		return cmd_set(!strcmp(cmd, "set"), argc - 1, argv + 1);
	if (!strcmp(cmd, "distribute"))
		return cmd_distribute(argc - 1);
	if (!strcmp(cmd, "handover"))
		return cmd_handover(argc - 1);
	if (!strcmp(cmd, "approve") || !strcmp(cmd, "reject"))
		return cmd_decide(!strcmp(cmd, "approve"), argc - 1, argv + 1);
	if (!strcmp(cmd, "sweep"))
		return cmd_sweep(argc - 1);
	if (!strcmp(cmd, "ls")) {
		ONLY("ls");
		if (argc != 1)
			crm_usage_error("unexpected argument '%s'", argv[1]);
		s = crm_store_open(&o, CRM_STORE_READ);
		crm_export(s, &o, crm_owner_cols, CRM_OWNER_NCOLS, crm_owner_list(s), "crm-owner ls");
	} else if (!strcmp(cmd, "history")) {
		ONLY("history");
		if (argc != 2)
			crm_usage_error("give one CUSTOMER");
		s = crm_store_open(&o, CRM_STORE_READ);
		crm_export(s, &o, crm_owner_history_cols, CRM_OWNER_HISTORY_NCOLS,
		    crm_owner_history(s, crm_customer_arg(s, argv[1])), "crm-owner history");
	} else if (!strcmp(cmd, "handovers")) {
		const char *st = OPT(O_STATUS);

		ONLY("handovers", O_STATUS);
		if (argc != 1)
			crm_usage_error("unexpected argument '%s'", argv[1]);
		if (st && strcmp(st, "pending") && strcmp(st, "approved") && strcmp(st, "rejected"))
			crm_usage_error("--status '%s' is not pending, approved or rejected", st);
		s = crm_store_open(&o, CRM_STORE_READ);
		crm_export(s, &o, crm_handovers_cols, CRM_HANDOVERS_NCOLS, crm_owner_handovers(s, st),
		    "crm-owner handovers");
	} else {
		crm_usage_error("unknown command '%s'", cmd);
	}
	crm_store_close(s);
	return CRM_EX_OK;
}
