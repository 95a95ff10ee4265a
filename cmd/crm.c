/* crm — the front command: "crm add ..." runs crm-add from the same
** directory, then from PATH, as git's dispatcher does; "crm help" lists
** the programs, "crm help add" shows a man page. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crm.h"

static const struct { const char *name, *summary; } programs[] = {
	{ "add", "add customers, one or many from CSV (客户档案)" },
	{ "alert", "early warnings: debts, sales pace, costs, churn, events (预警)" },
	{ "code", "permanent 9-digit customer codes by region (客户编码)" },
	{ "complaint", "complaints numbered, tracked, closed in time (客户投诉)" },
	{ "config", "read and set the policies kept in the store" },
	{ "credit", "credit limits, aging and the blacklist (信用管理)" },
	{ "deal", "sales opportunities through the funnel's stages (销售机会)" },
	{ "edit", "change customers' fields, keeping the history" },
	{ "event", "a customer's major events: theft, bankruptcy... (重大变故)" },
	{ "expense", "what customers cost, approvals and budgets (招待, 礼品)" },
	{ "grade", "grade customers A/B/C and by six other schemes (客户分级)" },
	{ "ls", "list customers as CSV, with filters" },
	{ "owner", "owners, the public pool, handovers, the monthly sweep (推荐人, 公共客户)" },
	{ "points", "loyalty points: referrals, sales credits, redemptions (客户激励)" },
	{ "report", "the analysis tables of the regulations, with charts (报表)" },
	{ "rm", "delete a customer with a reason, or erase personal data" },
	{ "sale", "the sales ledger: sales, returns, payments, targets (销售台账)" },
	{ "show", "one customer on one screen, or as JSON" },
	{ "survey", "customer satisfaction surveys, scores 1 to 5 (满意度调查)" },
	{ "visit", "visits, contact plans, who must be visited or called (客户拜访)" },
};

static const char usage[] =
"usage: crm [--version] [--help] COMMAND [ARGS...]\n"
"       crm help [COMMAND]\n"
"\n"
"Run 'crm help' for the list of commands, 'crm help COMMAND' for one.\n";

/* The directory of the running executable, or NULL. */
static char *
exe_dir(void)
{
	char buf[PATH_MAX], *slash;
	ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);

	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	if (!(slash = strrchr(buf, '/')))
		return NULL;
	*slash = '\0';
	return crm_xstrdup(buf);
}

static void
list(void)
{
	size_t i;

	printf("usage: crm COMMAND [ARGS...]\n\ncommands:\n");
	for (i = 0; i < sizeof programs / sizeof programs[0]; i++)
		printf("   %-10s %s\n", programs[i].name, programs[i].summary);
	printf("\n'crm help COMMAND' shows its manual; crm(7) the conventions.\n");
}

static int
help(const char *cmd)
{
	char *dir = exe_dir(), *page = NULL, *name;

	name = !strcmp(cmd, "crm") ? crm_xstrdup("crm") : crm_xasprintf("crm-%s", cmd);
	if (dir) {
		/* the build tree: cmd/../man/crm-add.1 */
		page = crm_xasprintf("%s/../man/%s.%s", dir, name, strcmp(name, "crm") ? "1" : "7");
		if (access(page, R_OK) == 0)
			execlp("man", "man", "-l", page, (char *)NULL);
	}
	if (!strcmp(name, "crm"))
		execlp("man", "man", "7", "crm", (char *)NULL);
	else
		execlp("man", "man", name, (char *)NULL);
	/* no man on this machine: the program's own usage is the next best */
	if (strcmp(name, "crm") && dir) {
		free(page);
		page = crm_xasprintf("%s/%s", dir, name);
		execl(page, name, "--help", (char *)NULL);
	}
	crm_die(CRM_EX_UNAVAILABLE, "cannot run man (install man-db):");
}

int
main(int argc, char **argv)
{
	char *dir, *prog, *path;

	crm_init(argc, argv);
	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		if (argc < 2) {
			fputs(usage, stderr);
			return CRM_EX_USAGE;
		}
		fputs(usage, stdout);
		return CRM_EX_OK;
	}
	if (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version")) {
		printf("crm (crm) %s\n", CRM_VERSION);
		return CRM_EX_OK;
	}
	if (!strcmp(argv[1], "--completion-helper")) {
		/* for the bash completion: see crm_opt_common */
		size_t i;

		printf("--help\n--version\n@words help");
		for (i = 0; i < sizeof programs / sizeof programs[0]; i++)
			printf(" %s", programs[i].name);
		putchar('\n');
		return CRM_EX_OK;
	}
	if (!strcmp(argv[1], "help")) {
		if (argc == 2) {
			list();
			return CRM_EX_OK;
		}
		return help(argv[2]);
	}
	if (argv[1][0] == '-')
		crm_usage_error("unknown option '%s'", argv[1]);
	prog = crm_xasprintf("crm-%s", argv[1]);
	argv[1] = prog;
	if ((dir = exe_dir())) {
		path = crm_xasprintf("%s/%s", dir, prog);
		if (access(path, X_OK) == 0) {
			execv(path, argv + 1);
			crm_die(CRM_EX_UNAVAILABLE, "cannot run '%s':", path);
		}
		free(path);
	}
	execvp(prog, argv + 1);
	if (errno == ENOENT)
		crm_usage_error("'%s' is not a crm command; see 'crm help'", argv[1] + 4);
	crm_die(CRM_EX_UNAVAILABLE, "cannot run '%s':", prog);
}
