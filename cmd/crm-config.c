/* crm-config — read and set the policies kept in the store, like git
** config (SPEC 2). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

static const char usage[] =
"usage: crm-config [options] KEY [VALUE]\n"
"       crm-config [options] --list\n"
"       crm-config [options] --unset KEY\n"
"\n"
"Print a policy's value, set it, list every policy with its value, or\n"
"return it to its default.  Policies live in the store and travel with it.\n"
"\n"
"options:\n"
"  -d, --db PATH        the store\n"
"      --actor NAME     who is acting, for the audit log\n"
"      --format FMT     for --list: csv, tsv, json, table or xlsx\n"
"  -o, --output FILE    write to FILE, whole or not at all\n"
"      --bom            CSV or TSV for Excel: byte-order mark, CRLF\n"
"  -l, --list           list key,value,default,description\n"
"      --raw            no formula-injection guard in CSV output\n"
"      --unset          remove KEY's value, back to the default\n"
"  -h, --help           show this help\n"
"  -V, --version        show the version\n"
"\n"
"See crm-config(1) for the keys.\n";

enum { O_UNSET = CRM_OPT_LOCAL };

static const struct option longopts[] = {
	CRM_LONGOPTS_COMMON, CRM_LONGOPTS_OUTPUT,
	{ "list", 0, NULL, 'l' },
	{ "unset", 0, NULL, O_UNSET },
	{ NULL, 0, NULL, 0 }
};

static char *key_names;   /* for --completion-helper */

int
main(int argc, char **argv)
{
	static const struct crm_col cols[] = { { "key", CRM_COL_TEXT }, { "value", CRM_COL_TEXT },
	    { "default", CRM_COL_TEXT }, { "description", CRM_COL_TEXT } };
	struct crm_opts o = { .usage = usage, .longopts = longopts };
	const struct crm_config_key *keys, *k;
	bool list = false, unset = false;
	crm_store *s;
	size_t n, i;
	int ch;
	char *v;

	crm_init(argc, argv);
	o.words = key_names = crm_config_key_names();
	while ((ch = getopt_long(argc, argv, "d:hlo:V", longopts, NULL)) != -1) {
		if (crm_opt_common(ch, optarg, &o))
			continue;
		switch (ch) {
		case 'l': list = true; break;
		case O_UNSET: unset = true; break;
		default: crm_usage_error("unexpected option");
		}
	}
	argc -= optind;
	argv += optind;
	if (list) {
		crm_out *w;

		if (argc || unset)
			crm_usage_error("--list takes no KEY");
		s = crm_store_open(&o, CRM_STORE_READ);
		keys = crm_config_keys(&n);
		w = crm_out_open(stdout, &o, cols, 4);
		for (i = 0; i < n; i++) {
			const char *vals[4];

			v = crm_config_get(s, keys[i].key);
			vals[0] = keys[i].key;
			vals[1] = v;
			vals[2] = keys[i].def;
			vals[3] = keys[i].help;
			crm_out_row(w, vals);
			free(v);
		}
		crm_out_close(w);
		crm_store_close(s);
		return CRM_EX_OK;
	}
	if (argc < 1 || argc > (unset ? 1 : 2))
		crm_usage_error(unset ? "--unset takes one KEY" : "give KEY, or KEY VALUE");
	if (!(k = crm_config_find(argv[0])))
		crm_usage_error("unknown key '%s' (crm-config --list shows the keys)", argv[0]);
	if (argc == 1 && !unset) {
		s = crm_store_open(&o, CRM_STORE_READ);
		v = crm_config_get(s, k->key);
		printf("%s\n", v);
		free(v);
		crm_store_close(s);
		return CRM_EX_OK;
	}
	if (!unset) {
		const char *bad = crm_config_check(k, argv[1], &v);

		if (bad)
			crm_usage_error("%s '%s' %s", k->key, argv[1], bad);
	}
	s = crm_store_open(&o, CRM_STORE_WRITE);
	crm_store_begin(s);
	if (unset) {
		if (!crm_config_unset(s, k->key))
			crm_warn("'%s' was not set; it keeps its default", k->key);
	} else {
		crm_config_set(s, k->key, v);
		free(v);
	}
	crm_audit(s, unset ? "config-unset" : "config-set", 1, k->key);
	crm_store_commit(s);
	crm_store_close(s);
	return CRM_EX_OK;
}
