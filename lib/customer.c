/*
** customer.c — the customer archive (SPEC 3.1): the fields and their
** Chinese headers, validation and normalisation of a whole record,
** duplicate detection, insert, update with history, and customer
** references.
**
** A struct crm_customer holds every field as text, NULL when empty, so
** the same record flows from a CSV row or command-line options through
** crm_customer_normalise() into the store.  SQL statements are prepared
** once per crm_ctx and reused for every row of an import.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

const struct crm_field_info crm_fields[CRM_F_COUNT] = {
	[CRM_F_ID] = { "id", "序号|客户ID", true, CRM_COL_INT },
	[CRM_F_CODE] = { "code", "客户编码|客户编号|编码", true, CRM_COL_TEXT },
	[CRM_F_KIND] = { "kind", "客户类型|类型", true, CRM_COL_TEXT },
	[CRM_F_NAME] = { "name", "姓名|客户名称|客户姓名|名称", true, CRM_COL_TEXT },
	[CRM_F_GENDER] = { "gender", "性别", true, CRM_COL_TEXT },
	[CRM_F_BIRTHDAY] = { "birthday", "出生日期|生日", true, CRM_COL_DATE },
	[CRM_F_MOBILE] = { "mobile", "手机|手机号|手机号码|移动电话", true, CRM_COL_TEXT },
	[CRM_F_PHONE] = { "phone", "电话|座机|固定电话|办公电话|小灵通", true, CRM_COL_TEXT },
	[CRM_F_EMAIL] = { "email", "邮箱|电子邮箱|电子邮件|e-mail", true, CRM_COL_TEXT },
	[CRM_F_COMPANY] = { "company", "公司|工作单位|单位|公司名称", true, CRM_COL_TEXT },
	[CRM_F_TITLE] = { "title", "职位|职务", true, CRM_COL_TEXT },
	[CRM_F_INDUSTRY] = { "industry", "行业|经营类别", true, CRM_COL_TEXT },
	[CRM_F_REGION] = { "region", "地区|地区编码|区域", true, CRM_COL_TEXT },
	[CRM_F_ADDRESS] = { "address", "地址|详细地址|通讯地址", true, CRM_COL_TEXT },
	[CRM_F_SOURCE] = { "source", "来源|客户来源", true, CRM_COL_TEXT },
	[CRM_F_OWNER] = { "owner", "负责人|推荐人|客户经理|业务员", true, CRM_COL_TEXT },
	[CRM_F_PARENT] = { "parent", "上级客户|集团客户|母公司", true, CRM_COL_INT },
	[CRM_F_STATUS] = { "status", "状态", false, CRM_COL_TEXT },
	[CRM_F_GRADE] = { "grade", "等级|客户等级", false, CRM_COL_TEXT },
	[CRM_F_MISSING] = { "missing", NULL, false, CRM_COL_TEXT },
	[CRM_F_NOTES] = { "notes", "备注", true, CRM_COL_TEXT },
	[CRM_F_FOREIGN] = { "foreign", "国外客户|境外客户|外商", true, CRM_COL_TEXT },
	[CRM_F_REFERRED_BY] = { "referred_by", "推荐客户|介绍客户", true, CRM_COL_INT },
	[CRM_F_CREATED_AT] = { "created_at", "创建时间", false, CRM_COL_TIME },
	[CRM_F_UPDATED_AT] = { "updated_at", "更新时间", false, CRM_COL_TIME },
};

/* The field a header names (English name, case-insensitive, or one of
** its Chinese aliases), or -1. */
int
crm_field_lookup(const char *h)
{
	return crm_import_field_lookup(crm_fields, CRM_F_COUNT, h);
}

void
crm_customer_clear(struct crm_customer *c)
{
	int i;

	for (i = 0; i < CRM_F_COUNT; i++) {
		free(c->v[i]);
		c->v[i] = NULL;
	}
	free(c->custom);
	c->custom = NULL;
}

void
crm_ctx_init(struct crm_ctx *x, crm_store *s)
{
	memset(x, 0, sizeof *x);
	x->store = s;
	x->regions = crm_regions_load(s);
	x->today = crm_today();
	x->salutations = crm_config_get(s, "customer.salutations");
	x->assign_code = true;
}

void
crm_ctx_free(struct crm_ctx *x)
{
	crm_regions_free(x->regions);
	free(x->salutations);
	free(x->now);
	free(x->full);
	crm_code_serials_free(x);
}

static void
add_error(struct crm_buf *err, const char *field, const char *value, const char *what)
{
	if (err->len)
		crm_buf_adds(err, "; ");
	if (value)
		crm_buf_printf(err, "%s '%s' %s", field, value, what);
	else
		crm_buf_printf(err, "%s %s", field, what);
}

/* Replace c->v[f] by the validator's normalised value, or note the error. */
static void
check(struct crm_customer *c, int f, const char *msg, char *norm, struct crm_buf *err)
{
	if (msg) {
		add_error(err, crm_fields[f].name, c->v[f], msg);
		return;
	}
	free(c->v[f]);
	c->v[f] = norm;
}

static bool
all_digits(const char *s, size_t n)
{
	return strlen(s) == n && strspn(s, "0123456789") == n;
}

/* The fields that name another customer. */
static const int references[] = { CRM_F_PARENT, CRM_F_REFERRED_BY };

/* Validate and normalise every field of c in place (SPEC 3.1).  Empty
** strings become NULL.  Errors are appended to err ("; " between them);
** returns their number.  Fills kind when not given and missing. */
int
crm_customer_normalise(struct crm_ctx *x, struct crm_customer *c, struct crm_buf *err)
{
	size_t before = err->len;
	int f, nerr = 0;
	char *norm = NULL, *rerr;
	const char *msg;
	struct crm_buf miss = { 0 };

	for (f = 0; f < CRM_F_COUNT; f++) {
		char *v = c->v[f];

		if (!v)
			continue;
		if (!*v) {
			free(v);
			c->v[f] = NULL;
		}
	}
	if (!c->v[CRM_F_NAME])
		add_error(err, "name", NULL, "is required");
	if (c->v[CRM_F_KIND] && strcmp(c->v[CRM_F_KIND], "person") &&
	    strcmp(c->v[CRM_F_KIND], "company"))
		add_error(err, "kind", c->v[CRM_F_KIND], "is not person or company");
	if (c->v[CRM_F_NAME] && !c->v[CRM_F_KIND])
		c->v[CRM_F_KIND] = crm_xstrdup(crm_guess_kind(c->v[CRM_F_NAME]));
	if (c->v[CRM_F_NAME] && !x->allow_salutation && !strcmp(c->v[CRM_F_KIND] ? c->v[CRM_F_KIND] : "", "person") &&
	    (msg = crm_valid_person_name(c->v[CRM_F_NAME], x->salutations)))
		add_error(err, "name", c->v[CRM_F_NAME], msg);
	if (c->v[CRM_F_MOBILE]) {
		msg = crm_valid_mobile(c->v[CRM_F_MOBILE], &norm);
		check(c, CRM_F_MOBILE, msg, norm, err);
	}
	if (c->v[CRM_F_PHONE]) {
		msg = crm_valid_phone(c->v[CRM_F_PHONE], &norm);
		check(c, CRM_F_PHONE, msg, norm, err);
	}
	if (c->v[CRM_F_EMAIL]) {
		msg = crm_valid_email(c->v[CRM_F_EMAIL], &norm);
		check(c, CRM_F_EMAIL, msg, norm, err);
	}
	if (c->v[CRM_F_GENDER]) {
		msg = crm_valid_gender(c->v[CRM_F_GENDER], &norm);
		check(c, CRM_F_GENDER, msg, norm, err);
	}
	if (c->v[CRM_F_FOREIGN]) {
		/* yes, or empty: a deadline of complaint.foreign_days (SPEC 3.7) */
		static const char *const yes[] = { "yes", "y", "1", "true", "是", "国外", NULL };
		static const char *const no[] = { "no", "n", "0", "false", "否", "国内", NULL };
		int i, k = -1;

		for (i = 0; yes[i]; i++)
			if (!strcasecmp(c->v[CRM_F_FOREIGN], yes[i]))
				k = 1;
		for (i = 0; no[i]; i++)
			if (!strcasecmp(c->v[CRM_F_FOREIGN], no[i]))
				k = 0;
		if (k < 0)
			add_error(err, "foreign", c->v[CRM_F_FOREIGN], "is not yes or no");
		else
			check(c, CRM_F_FOREIGN, NULL, k ? crm_xstrdup("yes") : NULL, err);
	}
	if (c->v[CRM_F_BIRTHDAY]) {
		msg = crm_valid_birthday(c->v[CRM_F_BIRTHDAY], x->today, &norm);
		check(c, CRM_F_BIRTHDAY, msg, norm, err);
	}
	if (c->v[CRM_F_REGION]) {
		const char *code = crm_regions_resolve(x->regions, c->v[CRM_F_REGION], &rerr);

		if (code)
			check(c, CRM_F_REGION, NULL, crm_xstrdup(code), err);
		else
			add_error(err, "region", c->v[CRM_F_REGION], rerr);
		free(rerr);
	}
	/* a code from an old system is taken as it is when well-formed, also
	** under a region the table does not know yet: the company's own
	** table may be loaded later (crm-code regions --load) */
	if (c->v[CRM_F_CODE] && (msg = crm_code_problem(NULL, c->v[CRM_F_CODE]))) {
		add_error(err, "code", c->v[CRM_F_CODE], msg);
	} else if (c->v[CRM_F_CODE] && !c->v[CRM_F_REGION]) {
		/* no region given: the code's, when the table knows it */
		char region[7];

		memcpy(region, c->v[CRM_F_CODE], 6);
		region[6] = '\0';
		if (crm_regions_name(x->regions, region))
			c->v[CRM_F_REGION] = crm_xstrdup(region);
	}
	/* a parent company and a referrer are customer references: kept as
	** the id they name */
	for (size_t i = 0; i < sizeof references / sizeof references[0]; i++) {
		struct crm_buf perr = { 0 };
		int64_t pid;

		f = references[i];
		if (!c->v[f])
			continue;
		if ((pid = crm_customer_resolve(x->store, c->v[f], &perr)) > 0)
			check(c, f, NULL, crm_xasprintf("%lld", (long long)pid), err);
		else
			add_error(err, crm_fields[f].name, c->v[f], perr.s);
		crm_buf_free(&perr);
	}
	for (f = 0; f < CRM_F_COUNT && !x->utf8_checked; f++)
		if (c->v[f] && crm_utf8_valid(c->v[f], strlen(c->v[f])) != strlen(c->v[f]))
			add_error(err, crm_fields[f].name, NULL, "is not valid UTF-8");
	crm_customer_missing(c, &miss);
	free(c->v[CRM_F_MISSING]);
	c->v[CRM_F_MISSING] = miss.s;
	if (err->len > before) {
		const char *p;

		for (p = err->s + before, nerr = 1; (p = strstr(p, "; ")); p += 2)
			nerr++;
	}
	return nerr;
}

/* What an incomplete record lacks, comma separated: "contact" (no mobile
** and no phone), "address" (none, or not detailed), "region".  Empty for
** a complete record.  out is reset first. */
void
crm_customer_missing(const struct crm_customer *c, struct crm_buf *out)
{
	crm_buf_reset(out);
	if (!c->v[CRM_F_MOBILE] && !c->v[CRM_F_PHONE])
		crm_buf_adds(out, "contact");
	if (!c->v[CRM_F_ADDRESS] || !crm_address_detailed(c->v[CRM_F_ADDRESS]))
		crm_buf_adds(out, out->len ? ",address" : "address");
	if (!c->v[CRM_F_REGION])
		crm_buf_adds(out, out->len ? ",region" : "region");
}

/* The id the cached statement sql finds for values a (and b), or 0. */
static int64_t
find_one(crm_store *s, const char *sql, const char *a, const char *b)
{
	crm_stmt *st = crm_sql_cached(s, sql);
	int64_t id = 0;

	crm_bind_text(st, 1, a);
	if (b)
		crm_bind_text(st, 2, b);
	if (crm_sql_step(s, st) == CRM_ROW)
		id = crm_col_int(st, 0);
	crm_sql_reset(st);
	return id;
}

/* Cached lookups for the duplicate keys; prepared on first use. */
enum { K_ID, K_CODE, K_MOBILE, K_EMAIL, K_NAMECO, K_COUNT };
static const char *const key_sql[K_COUNT] = {
	"SELECT id FROM customers WHERE id = ?1",
	"SELECT id FROM customers WHERE code = ?1",
	"SELECT id FROM customers WHERE mobile = ?1 AND status <> 'deleted'",
	"SELECT id FROM customers WHERE email = ?1 AND status <> 'deleted'",
	"SELECT id FROM customers WHERE name = ?1 AND company = ?2 AND status <> 'deleted'",
};
static const char *const key_name[K_COUNT] = { "id", "code", "mobile", "email", "name+company" };

/* Find the existing customer that c duplicates: same id, code, mobile,
** e-mail, or name and company (a name alone is not enough: many people
** share one).  Returns its id with the matching keys in why ("mobile,
** email"); 0 when there is none; -1 when c matches two different
** customers (why lists "mobile 3, email 7"); -2 when c gives an id that
** no customer has.  Matches of customer self (nonzero when editing it)
** do not count. */
static int64_t find_duplicate(struct crm_ctx *x, const struct crm_customer *c,
    int64_t self, struct crm_buf *why, bool unique_too);

int64_t
crm_customer_find_duplicate(struct crm_ctx *x, const struct crm_customer *c,
    int64_t self, struct crm_buf *why)
{
	int64_t d;

	if (!x->unique_late || x->bulk)
		return find_duplicate(x, c, self, why, true);
	/* the unique keys are looked up only when another key matches, so
	** that two customers matched at once are still told apart */
	d = find_duplicate(x, c, self, why, false);
	return d ? find_duplicate(x, c, self, why, true) : 0;
}

/* The look-ups of crm_customer_find_duplicate; unique_too false leaves
** out mobile and e-mail. */
static int64_t
find_duplicate(struct crm_ctx *x, const struct crm_customer *c, int64_t self,
    struct crm_buf *why, bool unique_too)
{
	const char *a[K_COUNT] = { c->v[CRM_F_ID], c->v[CRM_F_CODE],
	    c->v[CRM_F_MOBILE], c->v[CRM_F_EMAIL], c->v[CRM_F_NAME] };
	int64_t ids[K_COUNT] = { 0 }, found = 0;
	int k, conflict = 0;

	crm_buf_reset(why);
	for (k = 0; k < K_COUNT; k++) {
		const char *b = k == K_NAMECO ? c->v[CRM_F_COMPANY] : NULL;

		if (!a[k] || (k == K_NAMECO && !b) || (x->bulk && k >= K_CODE) ||
		    (!unique_too && (k == K_MOBILE || k == K_EMAIL)))
			continue;
		ids[k] = find_one(x->store, key_sql[k], a[k], b);
		if (!ids[k] && k == K_ID)
			return -2;
		if (ids[k] == self)
			ids[k] = 0;
		if (ids[k] && found && ids[k] != found)
			conflict = 1;
		if (ids[k] && !found)
			found = ids[k];
	}
	for (k = 0; k < K_COUNT; k++) {
		if (!ids[k])
			continue;
		crm_buf_printf(why, "%s%s", why->len ? ", " : "", key_name[k]);
		if (conflict)
			crm_buf_printf(why, " %lld", (long long)ids[k]);
	}
	return conflict ? -1 : found;
}

static const int insert_fields[] = {
	CRM_F_CODE, CRM_F_KIND, CRM_F_NAME, CRM_F_GENDER, CRM_F_BIRTHDAY,
	CRM_F_MOBILE, CRM_F_PHONE, CRM_F_EMAIL, CRM_F_COMPANY, CRM_F_TITLE,
	CRM_F_INDUSTRY, CRM_F_REGION, CRM_F_ADDRESS, CRM_F_SOURCE, CRM_F_OWNER,
	CRM_F_PARENT, CRM_F_MISSING, CRM_F_NOTES, CRM_F_FOREIGN, CRM_F_REFERRED_BY,
};
#define NINSERT (sizeof insert_fields / sizeof insert_fields[0])

/* Insert a normalised customer.  Returns
** the new id, or 0 when a store constraint refused the row (message in
** crm_store_errmsg). */
int64_t
crm_customer_insert(struct crm_ctx *x, struct crm_customer *c)
{
	crm_stmt *st = crm_sql_cached(x->store, "INSERT INTO customers("
	    "code, kind, name, gender, birthday, mobile, phone, email, company,"
	    " title, industry, region, address, source, owner, parent, missing,"
	    " notes, \"foreign\", referred_by, custom, created_at, updated_at) VALUES"
	    " (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?22,?22)");
	int64_t id;
	size_t i;

	if (!x->now)
		x->now = crm_now();
	if (!c->v[CRM_F_MISSING])
		c->v[CRM_F_MISSING] = crm_xstrdup("");
	/* the values outlive the step: no copies (this runs once a row) */
	for (i = 0; i < NINSERT; i++)
		crm_bind_static(st, (int)i + 1, c->v[insert_fields[i]]);
	crm_bind_static(st, 21, c->custom);
	crm_bind_static(st, 22, x->now);
	if (crm_sql_step(x->store, st) != CRM_DONE)
		return 0;
	crm_sql_reset(st);
	id = crm_sql_last_id(x->store);
	crm_code_note(x, c->v[CRM_F_CODE]);
	free(c->v[CRM_F_ID]);
	c->v[CRM_F_ID] = crm_format_int(id);
	free(c->v[CRM_F_CREATED_AT]);
	c->v[CRM_F_CREATED_AT] = crm_xstrdup(x->now);
	/* a referred customer earns its referrer points.referral, in the
	** same transaction (SPEC 3.8) */
	if (c->v[CRM_F_REFERRED_BY])
		crm_points_referral(x->store, atoll(c->v[CRM_F_REFERRED_BY]), id);
	return id;
}

/* Read customer id into c (cleared first).  Returns false when there is
** no such customer.  What a program prints after this is personal data
** (crm_output_personal). */
bool
crm_customer_load(struct crm_ctx *x, int64_t id, struct crm_customer *c)
{
	crm_stmt *st = crm_sql_cached(x->store, "SELECT id, code, kind, name,"
	    " gender, birthday, mobile, phone, email, company, title, industry,"
	    " region, address, source, owner, parent, status, grade, missing,"
	    " notes, \"foreign\", referred_by, created_at, updated_at, custom FROM customers"
	    " WHERE id = ?");
	int f;

	crm_customer_clear(c);
	crm_output_personal();
	crm_bind_int(st, 1, id);
	if (crm_sql_step(x->store, st) != CRM_ROW) {
		crm_sql_reset(st);
		return false;
	}
	for (f = 0; f < CRM_F_COUNT; f++) {
		const char *v = crm_col_text(st, f);

		c->v[f] = v ? crm_xstrdup(v) : NULL;
	}
	{
		const char *v = crm_col_text(st, CRM_F_COUNT);

		c->custom = v ? crm_xstrdup(v) : NULL;
	}
	crm_sql_reset(st);
	return true;
}

static bool
same(const char *a, const char *b)
{
	if (!a || !*a)
		return !b || !*b;
	return b && !strcmp(a, b);
}

/* Apply the given (normalised) fields to customer id: every non-NULL
** input field of given overwrites the stored one (with whole, every input
** field does, so an empty one clears it), custom fields are merged key by
** key.  A deleted customer is not changed.  The code is never changed: a different code is an
** error.  Each change is kept in customer_history.  Returns the number of
** fields changed, or -1 with err set. */
int
crm_customer_update(struct crm_ctx *x, int64_t id, const struct crm_customer *given,
    bool whole, struct crm_buf *err)
{
	struct crm_customer cur = { 0 };
	struct crm_buf miss = { 0 };
	crm_stmt *st;
	int f, changed = 0;
	char *now, *merged = NULL, *old_owner = NULL;
	bool owner_moved = false, referred = false;

	if (!crm_customer_load(x, id, &cur)) {
		add_error(err, "customer", NULL, "does not exist");
		return -1;
	}
	if (!strcmp(cur.v[CRM_F_STATUS], "deleted")) {
		crm_buf_printf(err, "%scustomer %lld is deleted", err->len ? "; " : "", (long long)id);
		crm_customer_clear(&cur);
		return -1;
	}
	if (given->v[CRM_F_CODE] && cur.v[CRM_F_CODE] &&
	    strcmp(given->v[CRM_F_CODE], cur.v[CRM_F_CODE])) {
		crm_buf_printf(err, "%scode '%s' differs from the customer's code %s; "
		    "a code cannot be changed", err->len ? "; " : "",
		    given->v[CRM_F_CODE], cur.v[CRM_F_CODE]);
		crm_customer_clear(&cur);
		return -1;
	}
	if (given->v[CRM_F_REFERRED_BY] && atoll(given->v[CRM_F_REFERRED_BY]) == id) {
		crm_buf_printf(err, "%sreferred_by %s is the customer itself", err->len ? "; " : "",
		    given->v[CRM_F_REFERRED_BY]);
		crm_customer_clear(&cur);
		return -1;
	}
	for (f = 0; f < CRM_F_COUNT; f++) {
		if (!crm_fields[f].input || f == CRM_F_ID || (!given->v[f] && !whole))
			continue;
		if (same(cur.v[f], given->v[f]))
			continue;
		if (f == CRM_F_OWNER)
			old_owner = cur.v[f] ? crm_xstrdup(cur.v[f]) : NULL, owner_moved = true;
		if (f == CRM_F_REFERRED_BY && given->v[f])
			referred = true;
		crm_history(x->store, id, crm_fields[f].name, cur.v[f], given->v[f]);
		free(cur.v[f]);
		cur.v[f] = given->v[f] ? crm_xstrdup(given->v[f]) : NULL;
		changed++;
	}
	if (given->custom) {
		crm_rows *r = crm_store_json_members(x->store, given->custom,
		    cur.custom ? cur.custom : "{}");
		const char *kv[3];

		while (crm_rows_next(r, kv))
			if (!same(kv[2], kv[1])) {
				crm_history(x->store, id, kv[0], kv[2], kv[1]);
				changed++;
			}
		crm_rows_close(r);
		merged = crm_store_json_merge(x->store, cur.custom, given->custom);
	}
	if (!changed) {
		free(merged);
		crm_customer_clear(&cur);
		return 0;
	}
	crm_customer_missing(&cur, &miss);
	now = crm_now();
	st = crm_sql_prepare(x->store, "UPDATE customers SET code = ?1, kind = ?2,"
	    " name = ?3, gender = ?4, birthday = ?5, mobile = ?6, phone = ?7,"
	    " email = ?8, company = ?9, title = ?10, industry = ?11, region = ?12,"
	    " address = ?13, source = ?14, owner = ?15, parent = ?16, missing = ?17,"
	    " notes = ?18, \"foreign\" = ?19, referred_by = ?20, custom = coalesce(?21, custom),"
	    " updated_at = ?22 WHERE id = ?23");
	for (size_t i = 0; i < NINSERT; i++)
		crm_bind_text(st, (int)i + 1, insert_fields[i] == CRM_F_MISSING ?
		    miss.s : cur.v[insert_fields[i]]);
	crm_bind_text(st, 21, merged);
	crm_bind_text(st, 22, now);
	crm_bind_int(st, 23, id);
	if (crm_sql_step(x->store, st) != CRM_DONE) {
		crm_buf_printf(err, "%s%s", err->len ? "; " : "", crm_store_errmsg(x->store));
		changed = -1;
	} else {
		crm_code_note(x, cur.v[CRM_F_CODE]);
		/* every move of an owner is in its history, whoever makes it */
		if (owner_moved)
			crm_owner_moved(x->store, id, old_owner, cur.v[CRM_F_OWNER], NULL, NULL);
		if (referred)
			crm_points_referral(x->store, atoll(cur.v[CRM_F_REFERRED_BY]), id);
	}
	free(old_owner);
	crm_sql_finalize(st);
	free(now);
	free(merged);
	crm_buf_free(&miss);
	crm_customer_clear(&cur);
	return changed;
}

/* Handle a field option (ch = base + field) or --set KEY=VALUE (ch =
** set_id; a KEY that is no field is a custom field, gathered as a JSON
** object in custom).  Returns false when ch is neither; a bad --set is a
** usage error. */
bool
crm_customer_option(struct crm_customer *c, struct crm_buf *custom, int ch,
    int base, int set_id, const char *arg)
{
	const char *eq;
	char *k;
	int f;

	if (ch >= base && ch < base + CRM_F_COUNT) {
		free(c->v[ch - base]);
		c->v[ch - base] = crm_xstrdup(arg);
		return true;
	}
	if (ch != set_id)
		return false;
	eq = strchr(arg, '=');
	if (!eq || eq == arg)
		crm_usage_error("--set '%s' is not KEY=VALUE", arg);
	k = crm_xstrndup(arg, (size_t)(eq - arg));
	if ((f = crm_field_lookup(k)) >= 0) {
		if (!crm_fields[f].input || f == CRM_F_ID)
			crm_usage_error("--set: '%s' cannot be set", k);
		free(c->v[f]);
		c->v[f] = crm_xstrdup(eq + 1);
	} else {
		crm_buf_addc(custom, custom->len ? ',' : '{');
		crm_json_string(custom, k, strlen(k));
		crm_buf_addc(custom, ':');
		crm_json_string(custom, eq + 1, strlen(eq + 1));
	}
	free(k);
	return true;
}

/* Close the JSON object gathered by crm_customer_option into c->custom. */
void
crm_customer_custom_close(struct crm_customer *c, struct crm_buf *custom)
{
	if (!custom->len)
		return;
	crm_buf_addc(custom, '}');
	free(c->custom);
	c->custom = crm_xstrdup(custom->s);
}

/* True when customer id is parent, or an ancestor of parent through the
** parent links (so making parent the parent of id would close a loop). */
bool
crm_customer_is_ancestor(crm_store *s, int64_t id, int64_t parent)
{
	crm_stmt *st = crm_sql_prepare(s, "WITH RECURSIVE up(id) AS (SELECT ?1"
	    " UNION SELECT c.parent FROM customers c JOIN up ON c.id = up.id"
	    " WHERE c.parent IS NOT NULL) SELECT 1 FROM up WHERE id = ?2");
	bool found;

	crm_bind_int(st, 1, parent);
	crm_bind_int(st, 2, id);
	found = crm_sql_step(s, st) == CRM_ROW;
	crm_sql_finalize(st);
	return found;
}

/* Resolve a customer reference (SPEC 2): 9 digits a code, 11 digits
** starting with 1 a mobile, other digits an id, anything else an exact
** name.  Returns the id, or 0 with err set ("no customer ..." or the list
** of candidates when a name is shared). */
int64_t
crm_customer_resolve(crm_store *s, const char *ref, struct crm_buf *err)
{
	size_t n = strlen(ref);
	crm_stmt *st;
	int64_t id = 0;
	int count = 0;

	crm_buf_reset(err);
	if (n == 9 && all_digits(ref, 9))
		id = find_one(s, key_sql[K_CODE], ref, NULL);
	else if (n == 11 && ref[0] == '1' && all_digits(ref, 11))
		id = find_one(s, key_sql[K_MOBILE], ref, NULL);
	else if (n && all_digits(ref, n))
		id = find_one(s, key_sql[K_ID], ref, NULL);
	else {
		st = crm_sql_prepare(s, "SELECT id, code, company FROM customers"
		    " WHERE name = ? AND status <> 'deleted' ORDER BY id LIMIT 11");
		crm_bind_text(st, 1, ref);
		while (crm_sql_step(s, st) == CRM_ROW) {
			const char *code = crm_col_text(st, 1);
			const char *co = crm_col_text(st, 2);

			id = crm_col_int(st, 0);
			if (count < 10)
				crm_buf_printf(err, "%s id %lld%s%s%s%s", count ? "," : "",
				    (long long)id, code ? " code " : "", code ? code : "",
				    co ? " " : "", co ? co : "");
			count++;
		}
		crm_sql_finalize(st);
		if (count > 1) {
			char *list = crm_xstrdup(err->s);

			crm_buf_reset(err);
			crm_buf_printf(err, "names %d customers:%s%s; give the code, "
			    "mobile or id", count, list, count > 10 ? ", ..." : "");
			free(list);
			return 0;
		}
		crm_buf_reset(err);
	}
	if (!id)
		crm_buf_adds(err, "matches no customer");
	return id;
}

/*
** A resolver: crm_customer_resolve for an importer's rows.  It remembers
** the reference of the row before (exports list a customer's rows
** together), and when the input is large against the archive it holds
** every code and mobile in two sorted arrays, read once from their
** indexes in key order: a look-up is then a binary search, where one
** through the store is a random read of an index too big for the page
** cache (a quarter of a 10M-row ledger import).  An entry is one 64-bit
** word, the key above the id: codes take 30 bits, mobiles 37, so the
** arrays are kept only while every id fits beside them.
*/
#define RESOLVER_MAX_KEYS (3u << 20)	/* 24 MiB */

struct crm_resolver {
	crm_store *s;
	uint64_t *codes, *mobiles;	/* sorted; NULL: ask the store */
	size_t ncodes, nmobiles;
	uint16_t *owner;		/* by id: 0 none, else 1 + index in owners */
	char **owners;			/* the distinct owners, or NULL */
	size_t nowners;
	int64_t customers;		/* the archive's last id */
	long long asked;		/* look-ups through the store */
	bool loaded;			/* the arrays were tried */
	char *last_ref;
	int64_t last_id;
	struct crm_buf why;
};

/* The keys of sql's rows (text key, id), in key order as read: one
** entry each with the key in the bits above idbits; false when there are
** more than max or an id does not fit. */
static bool
resolver_load(crm_store *s, const char *sql, size_t keylen, int idbits,
    uint64_t **out, size_t *n, size_t max)
{
	crm_stmt *st = crm_sql_prepare(s, sql);
	size_t cap = 0;
	bool ok = true;

	*out = NULL;
	*n = 0;
	while (ok && crm_sql_step(s, st) == CRM_ROW) {
		const char *k = crm_col_text(st, 0);
		int64_t id = crm_col_int(st, 1);
		uint64_t key;

		if (strlen(k) != keylen || !all_digits(k, keylen))
			continue;	/* no reference of the form looks it up */
		key = strtoull(k, NULL, 10);
		if (id <= 0 || id >> idbits || *n == max) {
			ok = false;
			break;
		}
		if (*n == cap) {
			cap = cap ? cap * 2 : 1u << 16;
			*out = crm_xrealloc(*out, cap * sizeof **out);
		}
		(*out)[(*n)++] = key << idbits | (uint64_t)id;
	}
	crm_sql_finalize(st);
	if (!ok) {
		free(*out);
		*out = NULL;
	}
	return ok;
}

static int64_t
resolver_search(const uint64_t *a, size_t n, uint64_t key, int idbits)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (a[mid] >> idbits < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && a[lo] >> idbits == key ?
	    (int64_t)(a[lo] & (((uint64_t)1 << idbits) - 1)) : 0;
}

static void resolver_owners(struct crm_resolver *r);

static void
resolver_arrays(struct crm_resolver *r)
{
	crm_store *s = r->s;

	r->loaded = true;
	if ((uint64_t)r->customers * 2 > RESOLVER_MAX_KEYS)
		return;
	if (resolver_load(s, "SELECT code, id FROM customers WHERE code IS NOT NULL"
	    " ORDER BY code", 9, 34, &r->codes, &r->ncodes, RESOLVER_MAX_KEYS) &&
	    !resolver_load(s, "SELECT mobile, id FROM customers WHERE mobile IS NOT NULL"
	    " AND status <> 'deleted' ORDER BY mobile", 11, 27, &r->mobiles, &r->nmobiles,
	    RESOLVER_MAX_KEYS - r->ncodes)) {
		free(r->codes);
		r->codes = NULL;
	}
	if (r->codes)
		resolver_owners(r);
}

/* The owner of customer id now as a new string, or NULL. */
char *
crm_customer_owner(crm_store *s, int64_t id)
{
	crm_stmt *st = crm_sql_cached(s, "SELECT owner FROM customers WHERE id = ?");
	char *owner = NULL;

	crm_bind_int(st, 1, id);
	if (crm_sql_step(s, st) == CRM_ROW && !crm_col_null(st, 0))
		owner = crm_xstrdup(crm_col_text(st, 0));
	crm_sql_reset(st);
	return owner;
}

/* The owners by id, from the index on owner (few distinct names: an
** owner has many customers); none kept when there are too many. */
static void
resolver_owners(struct crm_resolver *r)
{
	crm_stmt *st = crm_sql_prepare(r->s, "SELECT owner, id FROM customers"
	    " WHERE owner IS NOT NULL ORDER BY owner");
	const char *last = NULL;

	r->owner = crm_xcalloc((size_t)r->customers + 1, sizeof *r->owner);
	while (crm_sql_step(r->s, st) == CRM_ROW) {
		const char *o = crm_col_text(st, 0);
		int64_t id = crm_col_int(st, 1);

		if (!last || strcmp(last, o)) {
			if (r->nowners == UINT16_MAX || id > r->customers) {
				crm_sql_finalize(st);
				while (r->nowners)
					free(r->owners[--r->nowners]);
				free(r->owners);
				free(r->owner);
				r->owners = NULL;
				r->owner = NULL;
				return;
			}
			r->owners = crm_xrealloc(r->owners, (r->nowners + 1) * sizeof *r->owners);
			last = r->owners[r->nowners++] = crm_xstrdup(o);
		}
		if (id > 0 && id <= r->customers)
			r->owner[id] = (uint16_t)r->nowners;
	}
	crm_sql_finalize(st);
}

/* The owner of customer id (found by r) as a new string, or NULL. */
char *
crm_resolver_owner(struct crm_resolver *r, int64_t id)
{
	if (!r->owner || id <= 0 || id > r->customers)
		return crm_customer_owner(r->s, id);
	return r->owner[id] ? crm_xstrdup(r->owners[r->owner[id] - 1]) : NULL;
}

/* A resolver for about rows rows to come (0: not known), in the store's
** transaction (the arrays hold while it writes no customer).  The
** arrays are read when the rows would look up at least one customer in
** eight, or, the rows not known, once they have. */
struct crm_resolver *
crm_resolver_new(crm_store *s, long long rows)
{
	struct crm_resolver *r = crm_xcalloc(1, sizeof *r);
	crm_stmt *st;

	r->s = s;
	st = crm_sql_prepare(s, "SELECT coalesce(max(id), 0) FROM customers");
	if (crm_sql_step(s, st) == CRM_ROW)
		r->customers = crm_col_int(st, 0);
	crm_sql_finalize(st);
	if (r->customers < 1024)
		r->loaded = true;	/* a look-up is as cheap */
	else if (rows >= r->customers / 8)
		resolver_arrays(r);
	return r;
}

/* The customer that ref names, as crm_customer_resolve; 0 with *why
** set when none.  *changed (if given): whether ref names another
** customer than the row before. */
int64_t
crm_resolver_find(struct crm_resolver *r, const char *ref, const char **why, bool *changed)
{
	size_t n = strlen(ref);

	if (changed)
		*changed = false;
	if (r->last_ref && !strcmp(r->last_ref, ref)) {
		*why = r->why.s ? r->why.s : "";
		return r->last_id;
	}
	free(r->last_ref);
	r->last_ref = crm_xstrdup(ref);
	crm_buf_reset(&r->why);
	if (!r->loaded && (n == 9 || n == 11) && ++r->asked >= r->customers / 8)
		resolver_arrays(r);
	if (r->codes && n == 9 && all_digits(ref, 9))
		r->last_id = resolver_search(r->codes, r->ncodes, strtoull(ref, NULL, 10), 34);
	else if (r->codes && n == 11 && ref[0] == '1' && all_digits(ref, 11))
		r->last_id = resolver_search(r->mobiles, r->nmobiles, strtoull(ref, NULL, 10), 27);
	else
		r->last_id = crm_customer_resolve(r->s, ref, &r->why);
	if (!r->last_id && !r->why.len)
		crm_buf_adds(&r->why, "matches no customer");
	if (changed)
		*changed = true;
	*why = r->why.s ? r->why.s : "";
	return r->last_id;
}

void
crm_resolver_free(struct crm_resolver *r)
{
	if (!r)
		return;
	free(r->codes);
	free(r->mobiles);
	free(r->owner);
	while (r->nowners)
		free(r->owners[--r->nowners]);
	free(r->owners);
	free(r->last_ref);
	crm_buf_free(&r->why);
	free(r);
}

/* The customer with code: its id (0 when none) and, when name is given,
** its name as a new string. */
int64_t
crm_customer_find_by_code(crm_store *s, const char *code, char **name)
{
	crm_stmt *st = crm_sql_cached(s, "SELECT id, name FROM customers WHERE code = ?");
	int64_t id = 0;

	if (name) {
		*name = NULL;
		crm_output_personal();   /* the name is printed */
	}
	crm_bind_text(st, 1, code);
	if (crm_sql_step(s, st) == CRM_ROW) {
		id = crm_col_int(st, 0);
		if (name)
			*name = crm_xstrdup(crm_col_text(st, 1));
	}
	crm_sql_reset(st);
	return id;
}

/* The change history of customer id, oldest first: at, actor, command,
** field, old_value, new_value. */
crm_rows *
crm_customer_history(crm_store *s, int64_t id)
{
	crm_stmt *st = crm_sql_prepare(s, "SELECT at, actor, command, field,"
	    " old_value, new_value FROM customer_history WHERE customer_id = ?"
	    " ORDER BY id");

	crm_output_personal();
	crm_bind_int(st, 1, id);
	return crm_rows_new(s, st);
}

/* The custom fields of a customer (its custom JSON object text): key,
** value, in the object's order. */
crm_rows *
crm_customer_custom_fields(crm_store *s, const char *custom)
{
	return crm_store_json_members(s, custom, NULL);
}

/*
** Listing customers (crm-ls): filters, columns and an order, built into
** one SELECT whose every value is bound, never spliced in; a column or
** --where may name a custom field, read from the JSON object by a bound
** key.
*/
struct part {
	struct crm_buf sql;      /* a piece of SQL */
	const char **arg;        /* the values bound to its ?s, in order */
	char **owned;            /* those the part allocated */
	size_t n, cap;
};

struct crm_customer_query {
	struct part where;       /* " AND ..." clauses */
	bool status_given;       /* a status filter replaced "not deleted" */
	bool incomplete;         /* CRM_Q_INCOMPLETE: show what is missing */
	struct crm_col *cols;    /* the columns of the last run */
	char **names;            /* their names, owned */
	size_t ncols;
};

static void
part_bind(struct part *p, const char *v, bool own)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 16;
		p->arg = crm_xrealloc(p->arg, p->cap * sizeof *p->arg);
		p->owned = crm_xrealloc(p->owned, p->cap * sizeof *p->owned);
	}
	p->arg[p->n] = v;
	p->owned[p->n++] = own ? (char *)v : NULL;
}

/* Append " AND clause", binding a copy of a to each ? in it. */
static void
part_and(struct part *w, const char *clause, const char *a)
{
	const char *q;

	crm_buf_adds(&w->sql, " AND ");
	crm_buf_adds(&w->sql, clause);
	for (q = clause; (q = strchr(q, '?')); q++)
		part_bind(w, crm_xstrdup(a), true);
}

/* Append the SQL expression of a column: a field (by its name or a
** Chinese header), or a custom field.  Returns the field, or -1. */
static int
part_column(struct part *p, const char *name)
{
	int k = crm_field_lookup(name);

	if (k >= 0) {
		/* quoted: a field may be named like an SQL word (foreign) */
		crm_buf_printf(&p->sql, "\"%s\"", crm_fields[k].name);
		return k;
	}
	crm_buf_printf(&p->sql, crm_sql_json_get(), "custom");
	part_bind(p, crm_sql_json_path(name), true);
	return -1;
}

static void
part_free(struct part *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		free(p->owned[i]);
	free(p->arg);
	free(p->owned);
	crm_buf_free(&p->sql);
}

static void
part_bind_all(crm_stmt *st, const struct part *p, int *at)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		crm_bind_text(st, ++*at, p->arg[i]);
}

crm_customer_query *
crm_customer_query_new(void)
{
	crm_customer_query *q = crm_xcalloc(1, sizeof *q);

	crm_buf_reset(&q->where.sql);
	return q;
}

static const char *const statuses[] = {
	"active", "dormant", "public", "blacklisted", "deleted", "all", NULL
};

/* Add a filter: only the customers whose filter f matches value.  Returns
** NULL, or a message fragment when value is not a value f takes. */
const char *
crm_customer_query_filter(crm_customer_query *q, enum crm_customer_filter f,
    const char *value)
{
	struct part *w = &q->where;
	size_t i;

	switch (f) {
	case CRM_Q_GRADE: {
		/* G: the primary scheme's grade; SCHEME:G another's */
		const char *colon = strchr(value, ':');
		char *scheme;

		if (!colon) {
			part_and(w, "grade = ?", value);
			break;
		}
		scheme = crm_xstrndup(value, (size_t)(colon - value));
		if (crm_scheme_parse(scheme) < 0) {
			free(scheme);
			return "names no scheme (abc, pareto, value, ae, activity, rfm or vip)";
		}
		crm_buf_adds(&w->sql, " AND id IN (SELECT customer_id FROM grades"
		    " WHERE scheme = ? AND grade = ?)");
		part_bind(w, scheme, true);
		part_bind(w, crm_xstrdup(colon + 1), true);
		break;
	}
	case CRM_Q_INDUSTRY: part_and(w, "industry = ?", value); break;
	case CRM_Q_OWNER: part_and(w, "owner = ?", value); break;
	case CRM_Q_PARENT: part_and(w, "parent = ?", value); break;
	case CRM_Q_INCOMPLETE:
		part_and(w, "missing <> ?", "");
		q->incomplete = true;
		break;
	case CRM_Q_REGION: {
		/* the codes from the prefix up to the next one: a range any
		** engine reads from the index (value is digits) */
		char *next = crm_xstrdup(value);
		size_t n = strlen(next);

		if (!n) {
			part_and(w, "region IS NOT NULL AND region <> ?", "");
			free(next);
			break;
		}
		next[n - 1]++;
		part_and(w, "region >= ?", value);
		part_and(w, "region < ?", next);
		free(next);
		break;
	}
	case CRM_Q_SEARCH: {
		struct crm_buf b = { 0 };
		const char *cols[] = { "name", "coalesce(company, '')",
		    "coalesce(mobile, '')", "coalesce(code, '')" };

		for (i = 0; i < 4; i++) {
			crm_buf_adds(&b, i ? " OR " : "(");
			crm_buf_printf(&b, crm_sql_contains(), cols[i]);
		}
		crm_buf_addc(&b, ')');
		part_and(w, b.s, value);
		crm_buf_free(&b);
		break;
	}
	case CRM_Q_STATUS:
		for (i = 0; statuses[i] && strcmp(statuses[i], value); i++)
			;
		if (!statuses[i])
			return "is not active, dormant, public, blacklisted, deleted or all";
		q->status_given = true;
		if (strcmp(value, "all"))
			part_and(w, "status = ?", value);
		break;
	case CRM_Q_WHERE: {
		const char *eq = strchr(value, '=');
		char *k;

		if (!eq || eq == value)
			return "is not FIELD=VALUE";
		k = crm_xstrndup(value, (size_t)(eq - value));
		crm_buf_adds(&w->sql, " AND ");
		part_column(w, k);
		crm_buf_adds(&w->sql, " = ?");
		part_bind(w, crm_xstrdup(eq + 1), true);
		free(k);
		break;
	}
	}
	return NULL;
}

/* The columns shown by default, in this order, then custom fields. */
static const int default_fields[] = {
	CRM_F_ID, CRM_F_CODE, CRM_F_KIND, CRM_F_NAME, CRM_F_GENDER, CRM_F_BIRTHDAY,
	CRM_F_MOBILE, CRM_F_PHONE, CRM_F_EMAIL, CRM_F_COMPANY, CRM_F_TITLE,
	CRM_F_INDUSTRY, CRM_F_REGION, CRM_F_ADDRESS, CRM_F_SOURCE, CRM_F_OWNER,
	CRM_F_PARENT, CRM_F_STATUS, CRM_F_GRADE, CRM_F_NOTES, CRM_F_CREATED_AT,
	CRM_F_UPDATED_AT,
};

static void
push_name(crm_customer_query *q, size_t *cap, char *name)
{
	if (q->ncols == *cap) {
		*cap = *cap ? *cap * 2 : 32;
		q->names = crm_xrealloc(q->names, *cap * sizeof *q->names);
	}
	q->names[q->ncols++] = name;
}

/* Run the query: columns is a comma-separated list or NULL (every field,
** missing with an incomplete filter, then every custom key in use); sort
** a column, "-" first for descending, or NULL (id); limit -1 for all.
** Returns the rows, with *cols (owned by q) set to their columns; NULL
** with *err set to a message fragment for a bad column list. */
crm_rows *
crm_customer_query_run(crm_store *s, crm_customer_query *q, const char *columns,
    const char *sort, long long limit, const struct crm_col **cols, const char **err)
{
	struct part sel = { 0 }, order = { 0 };
	struct crm_buf sql = { 0 };
	size_t cap = 0, i;
	crm_stmt *st;
	int at = 0;

	*err = NULL;
	crm_output_personal();
	if (!q->status_given)
		part_and(&q->where, "status <> ?", "deleted");
	if (columns) {
		const char *p = columns, *comma;

		if (!*columns) {
			*err = "needs at least one column";
			return NULL;
		}
		for (; p; p = comma ? comma + 1 : NULL) {
			comma = strchr(p, ',');
			if (comma == p || !*p) {
				*err = "has an empty column name";
				return NULL;
			}
			push_name(q, &cap, comma ? crm_xstrndup(p, (size_t)(comma - p)) : crm_xstrdup(p));
		}
	} else {
		char *each = crm_xasprintf(crm_sql_json_each(), "customers.custom");
		char *keys = crm_xasprintf("SELECT DISTINCT j.key FROM customers, %s AS j"
		    " WHERE custom IS NOT NULL ORDER BY 1", each);

		for (i = 0; i < sizeof default_fields / sizeof default_fields[0]; i++)
			push_name(q, &cap, crm_xstrdup(crm_fields[default_fields[i]].name));
		if (q->incomplete)
			push_name(q, &cap, crm_xstrdup("missing"));
		st = crm_sql_prepare(s, keys);
		while (crm_sql_step(s, st) == CRM_ROW)
			push_name(q, &cap, crm_xstrdup(crm_col_text(st, 0)));
		crm_sql_finalize(st);
		free(each);
		free(keys);
	}
	q->cols = crm_xcalloc(q->ncols, sizeof *q->cols);
	for (i = 0; i < q->ncols; i++) {
		int k;

		if (i)
			crm_buf_adds(&sel.sql, ", ");
		k = part_column(&sel, q->names[i]);
		q->cols[i].name = q->names[i];
		q->cols[i].type = k >= 0 ? crm_fields[k].type : CRM_COL_TEXT;
	}
	if (sort) {
		part_column(&order, sort[0] == '-' ? sort + 1 : sort);
		crm_buf_adds(&order.sql, sort[0] == '-' ? " DESC, id" : ", id");
	} else {
		crm_buf_adds(&order.sql, "id");
	}
	crm_buf_printf(&sql, "SELECT %s FROM customers WHERE 1 = 1%s ORDER BY %s",
	    sel.sql.s, q->where.sql.s, order.sql.s);
	if (limit >= 0)
		crm_buf_printf(&sql, " LIMIT %lld", limit);
	st = crm_sql_prepare(s, sql.s);
	part_bind_all(st, &sel, &at);
	part_bind_all(st, &q->where, &at);
	part_bind_all(st, &order, &at);
	part_free(&sel);
	part_free(&order);
	crm_buf_free(&sql);
	*cols = q->cols;
	return crm_rows_new(s, st);
}

void
crm_customer_query_free(crm_customer_query *q)
{
	size_t i;

	if (!q)
		return;
	for (i = 0; i < q->ncols; i++)
		free(q->names[i]);
	free(q->names);
	free(q->cols);
	part_free(&q->where);
	free(q);
}

/* The customer that ref (code, mobile, e-mail, id or name) names, for a
** program's argument: one that names none or several exits 66. */
int64_t
crm_customer_arg(crm_store *s, const char *ref)
{
	struct crm_buf err = { 0 };
	int64_t id = crm_customer_resolve(s, ref, &err);

	if (!id)
		crm_die(CRM_EX_NOINPUT, "customer '%s' %s", ref, err.s);
	crm_buf_free(&err);
	return id;
}

/* Customer id's id, code and name, as one row. */
crm_rows *
crm_customer_brief(crm_store *s, int64_t id)
{
	crm_stmt *st = crm_sql_prepare(s, "SELECT id, code, name FROM customers WHERE id = ?");

	crm_bind_int(st, 1, id);
	return crm_rows_new(s, st);
}
