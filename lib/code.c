/*
** code.c — permanent customer codes (客户编码管理规则, seed 000).
**
** A code is nine digits: the six digits of a region of the region table
** and a serial of three, 001 upwards in the order codes are given in that
** region.  region_serials keeps the last serial of each region, raised by
** triggers whenever a code is stored (schema.c), so that a serial is never
** given twice: not after a customer is deleted or erased, and not after an
** import brings codes of an old system.  Codes are given inside a write
** transaction, so two programs assigning at once wait for each other.
*/
#include <stdlib.h>
#include <string.h>

#include "crm.h"

/* What is wrong with code, or NULL when it is well-formed (and, with a
** region table r, its region is known). */
const char *
crm_code_problem(const crm_regions *r, const char *code)
{
	static char buf[96];
	size_t n = strlen(code);

	if (strspn(code, "0123456789") != n)
		return "has characters that are not digits";
	if (n != 9) {
		snprintf(buf, sizeof buf, "has %zu digits, not 9", n);
		return buf;
	}
	if (!strcmp(code + 6, "000"))
		return "has serial 000 (serials start at 001)";
	if (r) {
		char region[7];

		memcpy(region, code, 6);
		region[6] = '\0';
		if (!crm_regions_name(r, region)) {
			snprintf(buf, sizeof buf, "has region %s, which is not in the region table", region);
			return buf;
		}
	}
	return NULL;
}

/* The next code of region: its six digits and the serial after the last
** one given there.  Returns a new string, or NULL with err set when the
** region is not in the table or has used 999. */
char *
crm_code_next(struct crm_ctx *x, const char *region, struct crm_buf *err)
{
	sqlite3_stmt *st;
	int last = 0;

	if (!crm_regions_name(x->regions, region)) {
		crm_buf_printf(err, "%sregion %s is not in the region table; no code given",
		    err->len ? "; " : "", region);
		return NULL;
	}
	st = crm_sql_cached(x->store, "SELECT last FROM region_serials WHERE region = ?");
	crm_bind_text(st, 1, region);
	if (crm_sql_step(x->store, st) == SQLITE_ROW)
		last = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	if (last >= 999) {
		crm_buf_printf(err, "%sregion %s has used all 999 customer codes",
		    err->len ? "; " : "", region);
		return NULL;
	}
	return crm_xasprintf("%s%03d", region, last + 1);
}

/* Give customer id (who has a region and no code) the next code of its
** region.  Returns the code (a new string), or NULL with err set. */
char *
crm_code_assign(struct crm_ctx *x, int64_t id, const char *region, struct crm_buf *err)
{
	sqlite3_stmt *st;
	char *code = crm_code_next(x, region, err);

	if (!code)
		return NULL;
	st = crm_sql_cached(x->store, "UPDATE customers SET code = ?1 WHERE id = ?2 AND code IS NULL");
	crm_bind_text(st, 1, code);
	sqlite3_bind_int64(st, 2, id);
	if (crm_sql_step(x->store, st) != SQLITE_DONE) {
		crm_buf_printf(err, "%s", sqlite3_errmsg(x->store->db));
		free(code);
		return NULL;
	}
	sqlite3_reset(st);
	if (sqlite3_changes(x->store->db) == 0) {
		crm_buf_adds(err, "already has a code");
		free(code);
		return NULL;
	}
	return code;
}

/* The parts of a code: region, serial, and the province, city and county
** names of its region (walking up the parent links: the top is the
** province, then city, then county).  Returns false when the region is
** not in the table; the names are owned by the table. */
bool
crm_code_places(const crm_regions *r, const char *region, const char *names[3])
{
	const char *chain[8];
	const char *at = region;
	int n = 0, i;

	names[0] = names[1] = names[2] = NULL;
	while (at && n < 8 && crm_regions_name(r, at)) {
		chain[n++] = at;
		at = crm_regions_parent(r, at);
	}
	if (n == 0)
		return false;
	for (i = 0; i < 3 && i < n; i++)
		names[i] = crm_regions_name(r, chain[n - 1 - i]);
	return true;
}
