/*
** store.c — fuzz what needs a store: region names and codes
** (crm_regions_resolve on the seeded region table) and customer
** references (crm_customer_resolve: 9 digits a code, 11 digits a mobile,
** other digits an id, else an exact name).
**
** LLVMFuzzerInitialize makes a scratch store once, in a new directory
** under $TMPDIR: CRM_DB there, CRM_TODAY=2026-11-28, CRM_ACTOR=fuzz, the
** region table from the source tree's share/crm (FUZZ_SHARE_DIR, set by
** the Makefile, else found from the binary's place), and a few customers
** added through the library as crm-add does, two of them sharing a name.
** Each input is then resolved, NUL-terminated; nothing is written.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crm.h"
#include "fuzz.h"

static crm_store *store;
static crm_regions *regions;
static char *dir;
static char *db;

/* Customers of the scratch store: name, mobile, region, company. */
static const char *const seed[][4] = {
	{ "张三", "13812345678", "650102", NULL },
	{ "李四", "13900000001", "乌鲁木齐市", "乌鲁木齐某某商贸有限公司" },
	{ "王芳", "15000000002", "110101", NULL },
	{ "王芳", "15000000003", "440305", "深圳市某某科技有限公司" },
	{ "新疆某某贸易有限公司", NULL, "新疆维吾尔自治区", NULL },
	{ "Li Lei", "18600000004", NULL, NULL },
};

static void
find_share_dir(const char *argv0)
{
	static const char *const up[] = { "/../../share/crm", "/../../../share/crm" };
	char exe[4096], *slash, *p;
	ssize_t n;
	size_t i;

	if (getenv("CRM_SHARE_DIR") && *getenv("CRM_SHARE_DIR"))
		return;
#ifdef FUZZ_SHARE_DIR
	setenv("CRM_SHARE_DIR", FUZZ_SHARE_DIR, 1);
	return;
#endif
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0) {
		snprintf(exe, sizeof exe, "%s", argv0 ? argv0 : ".");
		n = (ssize_t)strlen(exe);
	}
	exe[n] = '\0';
	if (!(slash = strrchr(exe, '/')))
		return;
	*slash = '\0';
	for (i = 0; i < sizeof up / sizeof up[0]; i++) {
		p = crm_xasprintf("%s%s/regions.csv", exe, up[i]);
		if (access(p, R_OK) == 0) {
			p[strlen(p) - strlen("/regions.csv")] = '\0';
			setenv("CRM_SHARE_DIR", p, 1);
			free(p);
			return;
		}
		free(p);
	}
}

static void
cleanup(void)
{
	char *p;

	crm_regions_free(regions);
	crm_store_close(store);
	regions = NULL;
	store = NULL;
	unlink(db);
	p = crm_xasprintf("%s-wal", db);
	unlink(p);
	free(p);
	p = crm_xasprintf("%s-shm", db);
	unlink(p);
	free(p);
	free(db);
	rmdir(dir);
	free(dir);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct crm_opts o = { 0 };
	struct crm_ctx x;
	struct crm_buf err = { 0 };
	size_t i;
	const char *tmp = getenv("TMPDIR");

	find_share_dir(argc && *argc > 0 ? (*argv)[0] : NULL);
	dir = crm_xasprintf("%s/crm-fuzz-store.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		abort();
	}
	db = crm_xasprintf("%s/crm.db", dir);
	setenv("CRM_DB", db, 1);
	setenv("CRM_TODAY", "2026-11-28", 1);
	setenv("CRM_ACTOR", "fuzz", 1);
	crm_progname = "fuzz-store";
	o.actor = "fuzz";

	store = crm_store_open(&o, CRM_STORE_WRITE);
	crm_ctx_init(&x, store);
	crm_store_begin(store);
	for (i = 0; i < sizeof seed / sizeof seed[0]; i++) {
		struct crm_customer c = { 0 };
		int64_t id;

		c.v[CRM_F_NAME] = crm_xstrdup(seed[i][0]);
		if (seed[i][1])
			c.v[CRM_F_MOBILE] = crm_xstrdup(seed[i][1]);
		if (seed[i][2])
			c.v[CRM_F_REGION] = crm_xstrdup(seed[i][2]);
		if (seed[i][3])
			c.v[CRM_F_COMPANY] = crm_xstrdup(seed[i][3]);
		crm_buf_reset(&err);
		if (crm_customer_normalise(&x, &c, &err) > 0 ||
		    crm_customer_add(&x, &c, CRM_DUP_REJECT, &err, &id) != CRM_ADDED) {
			fprintf(stderr, "fuzz-store: cannot add %s: %s\n", seed[i][0], err.s);
			abort();
		}
		crm_customer_clear(&c);
	}
	crm_store_commit(store);
	crm_ctx_free(&x);
	crm_buf_free(&err);
	regions = crm_regions_load(store);
	atexit(cleanup);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), *err = NULL;
	const char *code, *msg;
	struct crm_buf e = { 0 };
	int64_t id;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	code = crm_regions_resolve(regions, s, &err);
	if (code) {
		FUZZ_CHECK(err == NULL);
		FUZZ_CHECK(strlen(code) == 6);
		FUZZ_CHECK(crm_regions_name(regions, code) != NULL);
	} else {
		FUZZ_CHECK(err != NULL && *err);
	}
	free(err);
	(void)crm_regions_name(regions, s);
	(void)crm_regions_parent(regions, s);
	msg = crm_code_problem(regions, s);
	FUZZ_CHECK(!msg || *msg);

	id = crm_customer_resolve(store, s, &e);
	FUZZ_CHECK(id >= 0);
	if (id == 0)
		FUZZ_CHECK(e.s != NULL && e.len > 0);
	crm_buf_free(&e);

	free(s);
	return 0;
}
