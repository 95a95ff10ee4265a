/* crm-code — permanent 9-digit customer codes by region (SPEC 3.2,
** 客户编码管理规则): assign, parse, check, and the region table. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crm.h"

static const char usage[] =
"usage: crm-code [options] assign [--all | CUSTOMER...]\n"
"       crm-code [options] parse CODE...\n"
"       crm-code [options] check CODE...\n"
"       crm-code [options] regions [--under CODE|NAME]\n"
"       crm-code [options] regions --load FILE.csv [--encoding ENC]\n"
"\n"
"A customer code is the 6-digit code of the customer's region and a 3-digit\n"
"serial, 001 upwards in the order codes are given in that region; once\n"
"given it never changes and its serial is never given again.\n"
"\n"
"  assign    give the next code of its region to each customer that has a\n"
"            region and no code (--all: every such customer); print id,code,name\n"
"  parse     print code,region,province,city,county,serial,customer_id,name\n"
"  check     exit 0 when every CODE is well-formed with a known region, else 1\n"
"            with a line per bad code on stderr (CODE '-' reads codes from stdin)\n"
"  regions   list the region table (code,name,parent); --load replaces it by a\n"
"            company's own table, refused when it lacks a region that codes use\n"
"\n"
"options:\n"
"  -d, --db PATH        the store\n"
"      --actor NAME     who is acting, for the audit log\n"
"      --format FMT     csv, tsv, json, table or xlsx\n"
"  -o, --output FILE    write to FILE, whole or not at all\n"
"      --bom            CSV or TSV for Excel: byte-order mark, CRLF\n"
"      --raw            no formula-injection guard in CSV output\n"
"  -q, --quiet          print nothing but errors\n"
"  -h, --help           show this help\n"
"  -V, --version        show the version\n"
"\n"
"See crm-code(1).\n";

enum { O_ALL = CRM_OPT_LOCAL, O_ENC, O_LOAD, O_UNDER };

static const struct option longopts[] = {
	CRM_LONGOPTS_COMMON, CRM_LONGOPTS_OUTPUT,
	{ "all", 0, NULL, O_ALL },
	{ "encoding", 1, NULL, O_ENC },
	{ "load", 1, NULL, O_LOAD },
	{ "quiet", 0, NULL, 'q' },
	{ "under", 1, NULL, O_UNDER },
	{ NULL, 0, NULL, 0 }
};

static struct crm_opts o = { .usage = usage, .longopts = longopts,
    .words = "assign parse check regions" };
static bool all;
static const char *encoding, *load, *under;

static const struct crm_col id_cols[] = { { "id", CRM_COL_INT }, { "code", CRM_COL_TEXT }, { "name", CRM_COL_TEXT } };

/* Assign codes in one write transaction, so that two programs assigning at
** once wait for each other and never give the same code. */
static int
cmd_assign(int argc, char **argv)
{
	struct crm_buf err = { 0 };
	struct crm_ctx x;
	crm_store *s;
	crm_out *w = NULL;
	FILE *spool = NULL;
	long long given = 0, failed = 0;
	int i;

	if (all == (argc > 0))
		crm_usage_error(all ? "give --all or CUSTOMERs, not both"
		    : "give the CUSTOMERs to code, or --all");
	s = crm_store_open(&o, CRM_STORE_READ);
	crm_ctx_init(&x, s);
	/* spooled: the codes are printed once the store has committed them */
	if (!o.quiet) {
		if (o.format == CRM_FMT_AUTO && isatty(1))
			o.format = CRM_FMT_TABLE;
		spool = crm_spool_open();
		w = crm_out_open(spool, &o, id_cols, 3);
	}
	crm_store_begin(s);
	if (all) {
		crm_code_plan *plan = crm_code_plan_all(s);
		const char *v[3];
		long long n;

		while (crm_code_plan_next(plan, v)) {
			if (w)
				crm_out_row(w, v);
			given++;
		}
		/* one line a region, not one a customer: a full county may
		** leave hundreds of thousands without a code */
		while (crm_code_plan_left(plan, &n, &err)) {
			char count[32];

			crm_group_digits(count, sizeof count, n);
			crm_warn("%s customer%s left without a code: %s", count,
			    n == 1 ? "" : "s", err.s);
			failed += n;
		}
		crm_code_plan_done(plan);
	} else {
		for (i = 0; i < argc; i++) {
			struct crm_customer c = { 0 };
			int64_t id = crm_customer_resolve(s, argv[i], &err);
			char *code;

			if (!id) {
				crm_warn("customer '%s' %s", argv[i], err.s);
				failed++;
				continue;
			}
			crm_customer_load(&x, id, &c);
			switch (crm_code_assign_customer(&x, &c, &code, &err)) {
			case CRM_CODE_GIVEN: {
				const char *v[3] = { c.v[CRM_F_ID], code, c.v[CRM_F_NAME] };

				if (w)
					crm_out_row(w, v);
				given++;
				free(code);
				break;
			}
			case CRM_CODE_HAD:
				crm_warn("%s", err.s);
				break;
			case CRM_CODE_FAILED:
				crm_warn("%s", err.s);
				failed++;
				break;
			}
			crm_customer_clear(&c);
		}
	}
	if (given)
		crm_audit(s, "assign-codes", given, NULL);
	crm_store_commit(s);
	crm_out_close(w);
	if (spool)
		crm_spool_copy(spool, stdout);
	if (failed && !o.quiet) {
		char g[32], f[32];

		crm_group_digits(g, sizeof g, given);
		crm_group_digits(f, sizeof f, failed);
		crm_warn("%s coded, %s not", g, f);
	}
	crm_ctx_free(&x);
	crm_buf_free(&err);
	crm_store_close(s);
	return failed ? CRM_EX_DATAERR : CRM_EX_OK;
}

/* Codes from the arguments; "-" reads them from stdin, one a line (a
** header line "code" is skipped, so crm-ls --columns code pipes in). */
static char **
codes_of(int argc, char **argv, int *n)
{
	char **v = NULL, line[256];
	int cap = 0, i;

	*n = 0;
	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "-")) {
			if (*n == cap)
				v = crm_xrealloc(v, (size_t)(cap = cap ? cap * 2 : 64) * sizeof *v);
			v[(*n)++] = crm_xstrdup(argv[i]);
			continue;
		}
		while (fgets(line, sizeof line, stdin)) {
			line[strcspn(line, "\r\n")] = '\0';
			if (!*line || !strcmp(line, "code"))
				continue;
			if (*n == cap)
				v = crm_xrealloc(v, (size_t)(cap = cap ? cap * 2 : 64) * sizeof *v);
			v[(*n)++] = crm_xstrdup(line);
		}
	}
	return v;
}

static int
cmd_parse(int argc, char **argv, bool check_only)
{
	static const struct crm_col cols[] = { { "code", CRM_COL_TEXT }, { "region", CRM_COL_TEXT },
	    { "province", CRM_COL_TEXT }, { "city", CRM_COL_TEXT }, { "county", CRM_COL_TEXT },
	    { "serial", CRM_COL_TEXT }, { "customer_id", CRM_COL_INT }, { "name", CRM_COL_TEXT } };
	crm_regions *r;
	crm_store *s;
	crm_out *w = NULL;
	char **codes;
	int n, i, bad = 0;

	if (argc < 1)
		crm_usage_error("give the CODEs to %s, or - to read them", check_only ? "check" : "parse");
	s = crm_store_open(&o, CRM_STORE_READ);
	r = crm_regions_load(s);
	codes = codes_of(argc, argv, &n);
	if (!check_only)
		w = crm_out_open(stdout, &o, cols, 8);
	for (i = 0; i < n; i++) {
		const char *problem = crm_code_problem(check_only ? r : NULL, codes[i]);
		const char *places[3], *v[8];
		char region[7], id[24], *name;
		int64_t cid;

		if (problem) {
			crm_warn("code '%s' %s", codes[i], problem);
			bad++;
			free(codes[i]);
			continue;
		}
		if (check_only) {
			free(codes[i]);
			continue;
		}
		memcpy(region, codes[i], 6);
		region[6] = '\0';
		if (!crm_code_places(r, region, places))
			crm_warn("code '%s': region %s is not in the region table", codes[i], region);
		cid = crm_customer_find_by_code(s, codes[i], &name);
		snprintf(id, sizeof id, "%lld", (long long)cid);
		v[0] = codes[i], v[1] = region, v[2] = places[0], v[3] = places[1];
		v[4] = places[2], v[5] = codes[i] + 6;
		v[6] = cid ? id : NULL, v[7] = name;
		crm_out_row(w, v);
		free(name);
		free(codes[i]);
	}
	crm_out_close(w);
	free(codes);
	crm_regions_free(r);
	crm_store_close(s);
	if (check_only)
		return bad ? CRM_EX_NO : CRM_EX_OK;
	return bad ? CRM_EX_DATAERR : CRM_EX_OK;
}

static int
cmd_regions(int argc)
{
	static const struct crm_col cols[] = { { "code", CRM_COL_TEXT }, { "name", CRM_COL_TEXT }, { "parent", CRM_COL_TEXT } };
	struct crm_buf err = { 0 };
	crm_store *s;
	crm_out *w;
	char *rerr = NULL;
	const char *root = NULL;
	long long orphans;
	long n;

	if (argc > 0)
		crm_usage_error("regions takes options only");
	if (load) {
		if (under)
			crm_usage_error("--load and --under do not go together");
		s = crm_store_open(&o, CRM_STORE_WRITE);
		crm_store_begin(s);
		if ((n = crm_regions_replace(s, load, encoding, &err)) < 0)
			crm_die(CRM_EX_DATAERR, "%s", err.s);
		crm_audit(s, "load-regions", n, load);
		crm_store_commit(s);
		if ((orphans = crm_region_orphans(s)) > 0)
			crm_warn("%lld customers have a region that is not in the new table; "
			    "they get no code until crm-edit --region gives them one", orphans);
		if (!o.quiet)
			fprintf(stderr, "%s: %ld regions loaded from %s\n", crm_progname, n, load);
		crm_store_close(s);
		crm_buf_free(&err);
		return CRM_EX_OK;
	}
	s = crm_store_open(&o, CRM_STORE_READ);
	if (under) {
		crm_regions *r = crm_regions_load(s);
		char padded[7];

		/* 98 and 9806 as in a company's table: 980000, 980600 */
		if (strlen(under) < 6 && crm_regions_pad(under, padded))
			under = padded;
		if (!(root = crm_regions_resolve(r, under, &rerr)))
			crm_usage_error("--under '%s' %s", under, rerr);
		root = crm_xstrdup(root);
		crm_regions_free(r);
	}
	w = crm_out_open(stdout, &o, cols, 3);
	crm_out_rows(w, crm_region_list_under(s, root));
	crm_out_close(w);
	free((char *)root);
	free(rerr);
	crm_store_close(s);
	return CRM_EX_OK;
}

int
main(int argc, char **argv)
{
	const char *cmd;
	int ch;

	crm_init(argc, argv);
	while ((ch = getopt_long(argc, argv, "d:ho:qV", longopts, NULL)) != -1) {
		if (crm_opt_common(ch, optarg, &o))
			continue;
		switch (ch) {
		case O_ALL: all = true; break;
		case O_ENC: encoding = optarg; break;
		case O_LOAD: load = optarg; break;
		case O_UNDER: under = optarg; break;
		default: crm_usage_error("unexpected option");
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		crm_usage_error("give a command: assign, parse, check or regions");
	cmd = argv[0];
	if ((all && strcmp(cmd, "assign")) || ((load || under || encoding) && strcmp(cmd, "regions")))
		crm_usage_error("that option does not go with '%s'", cmd);
	if (!strcmp(cmd, "assign"))
		return cmd_assign(argc - 1, argv + 1);
	if (!strcmp(cmd, "parse"))
		return cmd_parse(argc - 1, argv + 1, false);
	if (!strcmp(cmd, "check"))
		return cmd_parse(argc - 1, argv + 1, true);
	if (!strcmp(cmd, "regions"))
		return cmd_regions(argc - 1);
	crm_usage_error("unknown command '%s' (assign, parse, check or regions)", cmd);
}
