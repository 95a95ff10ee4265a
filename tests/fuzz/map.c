/*
** map.c — fuzz the import runner's header mapping: the --map check and
** look-up (lib/import.c) and the field look-up by English name or Chinese
** alias, over the customer field table.  The input is the --map text,
** then after a newline, one header a line.
**
** abort() when a property fails: a map the check accepts gives each
** header either no field or an input field; a map it refuses has a
** message; a field found by name or alias is a real field.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct crm_importer imp = {
		.what = "customers", .fields = crm_fields, .nfields = CRM_F_COUNT,
	};
	char *s = malloc(size + 1), *map, *h, *nl;
	const char *problem;
	int k;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	map = s;
	h = strchr(s, '\n');
	if (h)
		*h++ = '\0';
	problem = crm_import_map_problem(&imp, map);
	FUZZ_CHECK(!problem || *problem);
	for (; h && *h; h = nl) {
		if ((nl = strchr(h, '\n')))
			*nl++ = '\0';
		k = crm_field_lookup(h);
		FUZZ_CHECK(k >= -1 && k < CRM_F_COUNT);
		if (problem)
			continue;
		k = crm_import_map_lookup(&imp, map, h);
		FUZZ_CHECK(k == -1 || (k >= 0 && k < CRM_F_COUNT && crm_fields[k].input));
	}
	free(s);
	return 0;
}
