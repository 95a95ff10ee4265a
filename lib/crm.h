/*
** crm.h — the public interface of libcrm.
**
** Every crm-* program links libcrm and reaches the store, the CSV layer,
** the validators and the customer archive only through the names below.
** Functions are grouped by the file that defines them.  Unless a comment
** says otherwise, strings returned are owned by the callee and valid until
** the next call on the same object; functions named *_die or that take no
** error out-parameter print a message and exit on failure.
*/
#ifndef CRM_H
#define CRM_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdnoreturn.h>

#define CRM_VERSION "0.1.0"

/* Exit codes (sysexits), documented in crm(7). */
enum crm_exit {
	CRM_EX_OK = 0,
	CRM_EX_NO = 1,           /* a negative answer the user asked for */
	CRM_EX_USAGE = 64,       /* bad option or argument */
	CRM_EX_DATAERR = 65,     /* bad input data, rows rejected */
	CRM_EX_NOINPUT = 66,     /* missing input file or store */
	CRM_EX_UNAVAILABLE = 69, /* a needed resource is missing */
	CRM_EX_SOFTWARE = 70,    /* internal error */
	CRM_EX_CANTCREAT = 73,   /* cannot create the store */
	CRM_EX_IOERR = 74,       /* I/O error */
	CRM_EX_TEMPFAIL = 75     /* store busy or locked past the timeout */
};

/* ---- cli.c: messages, allocation, common options ---- */

extern const char *crm_progname;

void crm_init(int argc, char **argv);
noreturn void crm_die(int code, const char *fmt, ...);
void crm_warn(const char *fmt, ...);
noreturn void crm_usage_error(const char *fmt, ...);
void crm_progress(const char *what, long long n, long long total);
void *crm_xmalloc(size_t n);
void *crm_xcalloc(size_t n, size_t size);
void *crm_xrealloc(void *p, size_t n);
char *crm_xstrdup(const char *s);
char *crm_xstrndup(const char *s, size_t n);
char *crm_xasprintf(const char *fmt, ...);
int crm_fshut(FILE *fp, const char *name);
FILE *crm_spool_open(void);
void crm_spool_copy(FILE *spool, FILE *to);

enum crm_format {
	CRM_FMT_AUTO, CRM_FMT_CSV, CRM_FMT_TSV, CRM_FMT_JSON, CRM_FMT_TABLE, CRM_FMT_XLSX
};

struct option;

/* Options every program shares; filled by crm_opt_common(). */
struct crm_opts {
	const char *db;      /* -d/--db, else NULL: see crm_store_path() */
	const char *actor;   /* --actor, else $CRM_ACTOR, else login name */
	enum crm_format format; /* --format, CRM_FMT_AUTO when not given */
	bool raw;            /* --raw: no formula-injection guard */
	const char *output;  /* -o/--output FILE ("-": stdout), else NULL */
	bool bom;            /* --bom: UTF-8 byte-order mark and CRLF */
	bool quiet;          /* -q */
	const char *usage;   /* usage text printed by --help */
	const struct option *longopts; /* the program's options, for
	                     ** --completion-helper */
	const char *words;   /* what its first argument may be (subcommands,
	                     ** keys), space separated, for the same */
};

/* Long option ids shared by all programs; program-specific ones start at
** CRM_OPT_LOCAL. */
enum {
	CRM_OPT_ACTOR = 0x100, CRM_OPT_FORMAT, CRM_OPT_RAW, CRM_OPT_BOM,
	CRM_OPT_COMPLETE,
	CRM_OPT_LOCAL = 0x200
};
#define CRM_LONGOPTS_COMMON \
	{ "actor", 1, NULL, CRM_OPT_ACTOR }, { "db", 1, NULL, 'd' }, \
	{ "help", 0, NULL, 'h' }, { "version", 0, NULL, 'V' }, \
	{ "completion-helper", 0, NULL, CRM_OPT_COMPLETE }
/* The output options: add "o:" to the short options with these. */
#define CRM_LONGOPTS_OUTPUT \
	{ "format", 1, NULL, CRM_OPT_FORMAT }, { "raw", 0, NULL, CRM_OPT_RAW }, \
	{ "output", 1, NULL, 'o' }, { "bom", 0, NULL, CRM_OPT_BOM }

bool crm_opt_common(int c, const char *arg, struct crm_opts *o);

/* The options of a program with commands (crm-sale add, crm-grade
** approve, ...): each option with a value from CRM_OPT_LOCAL up is kept
** as given, and each command says which of them go with it. */
#define CRM_SUBOPTS_MAX 48
struct crm_subopts { const char *v[CRM_SUBOPTS_MAX]; };
#define CRM_SUBOPT(so, k) ((so)->v[(k) - CRM_OPT_LOCAL])
const char *crm_opt_name(const struct crm_opts *o, int ch);
bool crm_subopt_take(const struct crm_opts *o, struct crm_subopts *so, int ch,
    const char *arg);
void crm_subopt_only(const struct crm_opts *o, const struct crm_subopts *so,
    const char *cmd, const int *allowed, size_t n);
struct crm_date crm_subopt_date(const struct crm_opts *o, const struct crm_subopts *so,
    int k, struct crm_date dflt);
#define CRM_SUBOPT_ONLY(o, so, cmd, ...) do { static const int ok_[] = { __VA_ARGS__ }; \
	crm_subopt_only(o, so, cmd, ok_, sizeof ok_ / sizeof ok_[0]); } while (0)
enum crm_format crm_output_format(const struct crm_opts *o);
void crm_output_check(const struct crm_opts *o);
void crm_output_personal(void);
void crm_output_cleanup(const char *path);
int crm_output_mkstemp(char *tmpl);
const char *crm_actor(const struct crm_opts *o);
long long crm_parse_count(const char *s, const char *what);

/* ---- store.c: the store ---- */

/* The store and a query's result are opaque: programs reach them only
** through the functions of the concept files (lib/internal.h has the
** statement layer the library itself uses). */
typedef struct crm_store crm_store;
typedef struct crm_rows crm_rows;

enum crm_store_mode {
	CRM_STORE_READ,     /* never create: a missing store exits 66 */
	CRM_STORE_WRITE,    /* create when missing */
	CRM_STORE_DRY       /* a run that rolls back: a missing store is an
	                    ** empty one in memory, and no file is created */
};

char *crm_store_path(const char *opt);
crm_store *crm_store_open(const struct crm_opts *o, enum crm_store_mode mode);
void crm_store_close(crm_store *s);
const char *crm_store_file(const crm_store *s);
const char *crm_store_actor(const crm_store *s);
void crm_store_begin(crm_store *s);
void crm_store_commit(crm_store *s);
void crm_store_rollback(crm_store *s);
void crm_store_scrub(crm_store *s);
noreturn void crm_store_fail(crm_store *s, const char *what);
char *crm_now(void);

size_t crm_rows_ncols(const crm_rows *r);
const char *crm_rows_name(const crm_rows *r, size_t i);
bool crm_rows_next(crm_rows *r, const char **vals);
void crm_rows_close(crm_rows *r);

/* ---- schema.c ---- */

int crm_schema_version(void);

/* ---- share.c: installed data files ---- */

char *crm_share_file(const char *name);

/* ---- audit.c: audit log and change history ---- */

void crm_audit(crm_store *s, const char *action, long long rows, const char *detail);
int64_t crm_audit_export(crm_store *s, const char *action, const char *detail);
void crm_audit_count(crm_store *s, int64_t id, long long rows);
struct crm_col;
struct crm_out;
long long crm_export_rows(crm_store *s, struct crm_out *w, crm_rows *r, const char *what);
void crm_export(crm_store *s, const struct crm_opts *o, const struct crm_col *cols, size_t n,
    crm_rows *r, const char *what);
void crm_history(crm_store *s, int64_t customer_id, const char *field,
    const char *old_value, const char *new_value);

/* ---- config.c: policies kept in the store ---- */

enum crm_config_type {
	CRM_CONFIG_DAYS,       /* a number of days, 1 to 36500 */
	CRM_CONFIG_LIST,       /* a comma-separated list */
	CRM_CONFIG_COUNT,      /* a number, 1 to 31 */
	CRM_CONFIG_SCHEME,     /* a grading scheme */
	CRM_CONFIG_SPLIT,      /* percents adding up to 100: 20/50/30 */
	CRM_CONFIG_CUTS,       /* rising percents: 80/95 */
	CRM_CONFIG_CUTS_DOWN,  /* falling percents: 90/80/70/60 */
	CRM_CONFIG_POLICY,     /* visit duties: name:grades:role:channel:n/period;... */
	CRM_CONFIG_MONEY,      /* an amount in yuan, 0 or more */
	CRM_CONFIG_COUNT100,   /* a percent, 0 to 100 */
	CRM_CONFIG_DIGITS,     /* a number of digits, 2 to 6 */
	CRM_CONFIG_WEIGHTS,    /* growth=25,credit=20,... */
	CRM_CONFIG_MONTHS,     /* a number of months, 1 to 1200 */
	CRM_CONFIG_SHARE,      /* a share above 0 and at most 1: 0.5 */
	CRM_CONFIG_POINTS,     /* a number of points, 0 to 1000000 */
	CRM_CONFIG_RATE,       /* points per amount: 100/1000.00 */
	CRM_CONFIG_STAGES,     /* a percent per deal stage: lead=10,... */
};
struct crm_config_key {
	const char *key;     /* dotted name, e.g. customer.salutations */
	const char *def;     /* default from the seeds */
	enum crm_config_type type; /* what a value must look like */
	const char *help;    /* one line for --list and the man page */
};
const struct crm_config_key *crm_config_keys(size_t *n);
const struct crm_config_key *crm_config_find(const char *key);
char *crm_config_key_names(void);
const char *crm_config_check(const struct crm_config_key *k, const char *value, char **norm);
char *crm_config_get(crm_store *s, const char *key);
long crm_config_number(crm_store *s, const char *key);
long crm_share_parse(const char *s);
int crm_rate_parse(const char *s, int64_t *points, int64_t *fen);
void crm_config_set(crm_store *s, const char *key, const char *value);
bool crm_config_unset(crm_store *s, const char *key);

/* ---- util.c: strings, UTF-8, JSON ---- */

struct crm_buf {
	char *s;            /* NUL-terminated contents */
	size_t len;         /* bytes used, excluding the NUL */
	size_t cap;         /* bytes allocated */
};
void crm_buf_add(struct crm_buf *b, const char *s, size_t n);
void crm_buf_adds(struct crm_buf *b, const char *s);
void crm_buf_addc(struct crm_buf *b, char c);
void crm_buf_printf(struct crm_buf *b, const char *fmt, ...);
void crm_buf_reset(struct crm_buf *b);
void crm_buf_free(struct crm_buf *b);
void crm_json_string(struct crm_buf *b, const char *s, size_t n);
size_t crm_utf8_valid(const char *s, size_t n);
size_t crm_utf8_width(const char *s, size_t n);
size_t crm_utf8_chars(const char *s, size_t n);
void crm_group_digits(char *dst, size_t n, long long v);
char *crm_format_int(int64_t v);

/* ---- date.c ---- */

struct crm_date { int y, m, d; };
int crm_date_parse(const char *s, struct crm_date *out);
bool crm_date_valid(int y, int m, int d);
long crm_date_days(struct crm_date d);
struct crm_date crm_date_from_days(long days);
void crm_date_format(struct crm_date d, char out[11]);
struct crm_date crm_today(void);
struct crm_date crm_date_add_months(struct crm_date d, int months);
/* A period of SPEC 2 (2026, 2026-Q3, 2026-10, 2026-01-01..2026-06-30,
** 12m: the N months ending at today): NULL with *from and *to set, both
** days included, else a static message fragment. */
const char *crm_period_parse(const char *s, struct crm_date today,
    struct crm_date *from, struct crm_date *to);
char *crm_period_name(const char *s, struct crm_date from, struct crm_date to);

/* ---- money.c ---- */

int crm_money_parse(const char *s, int64_t *fen);
void crm_money_format(int64_t fen, char out[32]);

/* ---- valid.c: field validators ---- */

/* Each validator returns NULL when the value is acceptable, writing the
** normalised form to out (caller frees), else a static-lifetime message
** fragment; the caller adds the place and the quoted value. */
const char *crm_valid_mobile(const char *in, char **out);
const char *crm_valid_phone(const char *in, char **out);
const char *crm_valid_email(const char *in, char **out);
const char *crm_valid_gender(const char *in, char **out);
const char *crm_valid_birthday(const char *in, struct crm_date today, char **out);
const char *crm_valid_person_name(const char *in, const char *salutations);
bool crm_address_detailed(const char *addr);
const char *crm_guess_kind(const char *name);

/* ---- region.c: the region table ---- */

typedef struct crm_regions crm_regions;
crm_regions *crm_regions_load(crm_store *s);
void crm_regions_free(crm_regions *r);
const char *crm_regions_name(const crm_regions *r, const char *code);
const char *crm_regions_parent(const crm_regions *r, const char *code);
const char *crm_regions_resolve(const crm_regions *r, const char *in, char **err);
void crm_regions_seed(crm_store *s);
bool crm_regions_pad(const char *s, char out[7]);
void crm_regions_prefix(const char *code, char out[7]);
long crm_regions_replace(crm_store *s, const char *path, const char *encoding,
    struct crm_buf *err);
crm_rows *crm_region_list_under(crm_store *s, const char *root);
char *crm_region_name(crm_store *s, const char *code);
long long crm_region_orphans(crm_store *s);

/* ---- csvin.c: streaming CSV reader ---- */

typedef struct crm_csvin crm_csvin;
struct crm_record {
	size_t n;           /* number of fields */
	char **f;           /* fields, NUL-terminated, owned by the reader */
	size_t *len;        /* byte length of each field (may hold NULs) */
	long line;          /* physical line where the record starts */
};
crm_csvin *crm_csvin_open(const char *path, const char *encoding);
int crm_csvin_next(crm_csvin *r, struct crm_record *rec);
const char *crm_csvin_error(const crm_csvin *r);
const char *crm_csvin_name(const crm_csvin *r);
long long crm_csvin_bytes(const crm_csvin *r);
void crm_csvin_close(crm_csvin *r);

/* ---- csvout.c: CSV writer ---- */

typedef struct crm_csvout crm_csvout;
crm_csvout *crm_csvout_new(FILE *fp, bool raw, bool crlf);
void crm_csvout_field(crm_csvout *w, const char *s, size_t n);
void crm_csvout_end(crm_csvout *w);
void crm_csvout_free(crm_csvout *w);
bool crm_csv_needs_guard(const char *s, size_t n);

/* ---- fmt.c: output in csv, tsv, json or table ---- */

/* What a column holds: how json, table and xlsx write it. */
enum crm_coltype {
	CRM_COL_TEXT,       /* a string (codes and mobiles too) */
	CRM_COL_INT,        /* an integer: an id, a count */
	CRM_COL_MONEY,      /* yuan with two decimals: 1234.50 */
	CRM_COL_RATIO,      /* a decimal ratio: 0.1250 */
	CRM_COL_DATE,       /* YYYY-MM-DD */
	CRM_COL_TIME,       /* YYYY-MM-DD HH:MM:SS, local time */
};
#define CRM_COL_NUMERIC(t) ((t) == CRM_COL_INT || (t) == CRM_COL_MONEY || \
                            (t) == CRM_COL_RATIO)

struct crm_col {
	const char *name;   /* lower_snake_case column name */
	enum crm_coltype type;
};
typedef struct crm_out crm_out;
crm_out *crm_out_open(FILE *fp, const struct crm_opts *o,
    const struct crm_col *cols, size_t ncols);
void crm_out_row(crm_out *w, const char *const *vals);
void crm_out_close(crm_out *w);
long long crm_out_rows(crm_out *w, crm_rows *r);
int crm_out_chart(crm_out *w, const char *column, const char *label);

/* ---- ledger.c: the sales ledger (SPEC 3.3) ---- */

enum crm_sale_kind { CRM_KIND_SALE, CRM_KIND_RETURN, CRM_KIND_PAYMENT };

/* One row to record.  Amounts in fen, positive as given (a return and a
** payment are stored negative); -1 where not given. */
struct crm_sale_batch;      /* an import's queue of rows (internal.h) */
struct crm_sale {
	int64_t customer_id;
	enum crm_sale_kind kind;
	char date[11];            /* YYYY-MM-DD */
	const char *product;      /* or NULL (a return: its sale's) */
	const char *qty;          /* crm_qty_parse's form, or NULL */
	int64_t unit_price;       /* -1: none */
	int64_t amount;           /* -1: a sale's qty x unit_price; a
	                          ** return's qty x its sale's price, or
	                          ** all that is left of the sale */
	int64_t cost;             /* -1: none */
	const char *ref;          /* invoice or receipt; a return's names
	                          ** its sale */
	const char *rep;          /* NULL: the customer's owner now */
	char due[11];             /* a sale's due date; "": date + terms */
	int terms;                /* days; -1: credit.terms_days */
	bool dedupe;              /* an import: refuse a duplicate row */
	bool owner_known;         /* rep is the default already (NULL: the
	                          ** customer has no owner) */
	const char *now;          /* created_at, or NULL for now */
	struct crm_sale_batch *batch; /* an import's: the row is queued, or
	                          ** NULL: written at once */
};
struct crm_sale_filter {
	int64_t customer_id;      /* 0: any */
	char from[11], to[11];    /* "": open */
	const char *product, *rep;
	int kind;                 /* -1: any */
};
#define CRM_SALE_NCOLS 14
extern const struct crm_col crm_sale_cols[CRM_SALE_NCOLS];
const char *crm_sale_kind_name(enum crm_sale_kind k);
int crm_sale_kind_parse(const char *s);
const char *crm_qty_parse(const char *s, char **norm);
int64_t crm_sale_record(crm_store *s, const struct crm_sale *v, struct crm_buf *err);
int crm_sale_void(crm_store *s, int64_t id, const char *reason, struct crm_buf *err);
crm_rows *crm_sale_get(crm_store *s, int64_t id);
crm_rows *crm_sale_list(crm_store *s, const struct crm_sale_filter *f);
#define CRM_TARGET_NCOLS 9
extern const struct crm_col crm_target_cols[CRM_TARGET_NCOLS];
void crm_sale_target_set(crm_store *s, int64_t customer_id, const char *grade,
    const char *period, const char *from, const char *to, int64_t amount);
crm_rows *crm_sale_targets(crm_store *s, const char *from, const char *to,
    int64_t customer_id, const char *grade);

/* ---- grade.c: customer grading (SPEC 3.3) ---- */

enum crm_scheme {
	CRM_SCHEME_ABC, CRM_SCHEME_PARETO, CRM_SCHEME_VALUE, CRM_SCHEME_AE,
	CRM_SCHEME_ACTIVITY, CRM_SCHEME_RFM, CRM_SCHEME_VIP, CRM_SCHEME_COUNT
};
/* One grading run. */
struct crm_grading {
	enum crm_scheme scheme;
	struct crm_date from, to; /* the period */
	struct crm_date as_of;    /* set by crm_grade_check */
	const char *period;       /* the name it is kept under */
	bool apply;               /* write, else a dry run */
	const char *approver;     /* approves moves into and out of A */
	bool progress;            /* a progress line on stderr */
	long long total;          /* customers to grade (with progress) */
	long long graded, changes, pending; /* what the run did */
};
#define CRM_GRADE_NCOLS 9
extern const struct crm_col crm_grade_cols[CRM_GRADE_NCOLS];
int crm_scheme_parse(const char *s);
const char *crm_scheme_name(enum crm_scheme k);
enum crm_scheme crm_grade_primary(crm_store *s);
const char *crm_grade_check(struct crm_grading *g, struct crm_date today);
void crm_grade_run(crm_store *s, struct crm_grading *g, crm_out *w);
#define CRM_PENDING_NCOLS 8
extern const struct crm_col crm_pending_cols[CRM_PENDING_NCOLS];
crm_rows *crm_grade_pending(crm_store *s, int64_t id, int scheme);
long long crm_grade_decide(crm_store *s, int64_t id, int scheme,
    const char *approver, const char *reason);
#define CRM_GRADE_SHOW_NCOLS 6
extern const struct crm_col crm_grade_show_cols[CRM_GRADE_SHOW_NCOLS];
crm_rows *crm_grade_of(crm_store *s, int64_t id);
#define CRM_GRADE_HISTORY_NCOLS 10
extern const struct crm_col crm_grade_history_cols[CRM_GRADE_HISTORY_NCOLS];
crm_rows *crm_grade_history(crm_store *s, int64_t id);
const char *crm_grade_order_sql(enum crm_scheme k, const char *col);

/* ---- visit.c: visits, plans and duties (SPEC 3.4) ---- */

enum crm_visit_word { CRM_VW_ROLE, CRM_VW_CHANNEL, CRM_VW_PURPOSE, CRM_VW_OUTCOME };
const char *crm_visit_word(enum crm_visit_word k, const char *s);
const char *crm_visit_words(enum crm_visit_word k);
/* One visit to log; words as crm_visit_word returns them. */
struct crm_visit {
	int64_t customer_id;
	char date[11];
	const char *visitor, *role, *channel, *purpose, *outcome, *notes;
	int64_t cost;             /* fen, -1: none */
	char next[11];            /* plan the next visit on this day, or "" */
	bool dedupe;              /* an import: refuse a duplicate */
	long window;              /* visit.plan_window_days, or 0 to read it */
	const char *now;          /* created_at, or NULL for now */
};
struct crm_visit_filter {
	int64_t customer_id;      /* 0: any */
	char from[11], to[11];    /* "": open */
	const char *visitor, *channel;
};
struct crm_plan_filter {
	int64_t customer_id;      /* 0: any */
	char from[11], to[11];    /* "": open */
	const char *visitor, *status;
	char as_of[11];
};
struct crm_visit_rule {
	char name[32];
	char grades[16];          /* letters, or "*" */
	const char *role, *channel;
	long count;
	int period;               /* 0 year, 1 half, 2 quarter, 3 month */
};
struct crm_due_filter {
	struct crm_date as_of;
	const char *owner;        /* or NULL */
	int64_t customer_id;      /* 0: every customer */
	bool by_region;
};
#define CRM_VISIT_NCOLS 12
extern const struct crm_col crm_visit_cols[CRM_VISIT_NCOLS];
int64_t crm_visit_log(crm_store *s, const struct crm_visit *v, struct crm_buf *err);
int64_t crm_visit_plan(crm_store *s, int64_t customer, const char *date,
    const char *visitor, const char *purpose, const char *channel);
crm_rows *crm_visit_get(crm_store *s, int64_t id);
crm_rows *crm_visit_list(crm_store *s, const struct crm_visit_filter *f);
crm_rows *crm_visit_last(crm_store *s, int64_t id, int n);
#define CRM_PLAN_NCOLS 10
extern const struct crm_col crm_plan_cols[CRM_PLAN_NCOLS];
crm_rows *crm_visit_plans(crm_store *s, const struct crm_plan_filter *f);
const char *crm_visit_policy_parse(const char *text, struct crm_visit_rule **rules,
    size_t *n);
#define CRM_DUE_NCOLS 13          /* the last, route, with by_region only */
extern const struct crm_col crm_due_cols[CRM_DUE_NCOLS];
crm_rows *crm_visit_due(crm_store *s, const struct crm_visit_rule *rules,
    size_t nrules, const struct crm_due_filter *f);
#define CRM_VISIT_DAY_NCOLS 14
extern const struct crm_col crm_visit_day_cols[CRM_VISIT_DAY_NCOLS];
crm_rows *crm_visit_day(crm_store *s, const char *day, const char *visitor);
crm_rows *crm_visit_owed(crm_store *s, int64_t id, struct crm_date as_of);
#define CRM_VISIT_REPORT_NCOLS 4
extern const struct crm_col crm_visit_report_cols[CRM_VISIT_REPORT_NCOLS];
struct crm_report_args;
crm_rows *crm_visit_report(crm_store *s, const struct crm_report_args *a);

/* ---- report.c: the report framework of crm-report (SPEC 3.5) ---- */

struct crm_report_args {
	struct crm_date from, to; /* the period */
	struct crm_date as_of;    /* the period's end, or today when earlier */
	const char *by;           /* --by, or NULL for the report's default */
	const char *owner, *region, *grade; /* customer filters, or NULL */
	bool unmask;              /* personal columns unmasked */
	const char *level;        /* region: province, city or county */
	int scheme;               /* grades: -1 for the primary */
	long top;                 /* top: how many per ranking, 0: 10 */
	long products;            /* sales: the largest N, the rest other; 0: all */
	const struct crm_opts *opts; /* the output options */
	const char *chart;        /* --chart COLUMN, or NULL */
};
struct crm_report {
	const char *name;
	const char *summary;      /* one line, with the seed form */
	const char *const *by;    /* the --by values, the default first; or NULL */
	const char *opts;         /* its own options: "level", "scheme", "top" */
	const struct crm_col *cols;
	size_t ncols;
	long long (*run)(crm_store *s, const struct crm_report_args *a, crm_out *w);
};
void crm_shares(const int64_t *x, size_t n, int64_t *bp);
crm_out *crm_report_out(const struct crm_report_args *a, const struct crm_col *cols,
    size_t ncols);
const struct crm_report *crm_reports(size_t *n);
const struct crm_report *crm_report_find(const char *name);

/* ---- credit.c: limits, receivables, aging, the blacklist (SPEC 3.6) ---- */

struct crm_credit_check {
	bool ok;
	int64_t receivable, limit;
	int64_t group_id;         /* 0: under no group limit */
	int64_t group_receivable, group_limit; /* -1 without a group */
	char *reason;             /* why refused, or NULL */
};
struct crm_aging {
	int64_t customer_id;
	int64_t receivable;       /* what is left of its sales, after payments */
	int64_t bucket[5];        /* not due, 1-30, 31-60, 61-90, over 90 days */
	int64_t overdue;          /* all past due */
	long oldest_days;         /* days past due of the oldest open sale */
};
void crm_credit_set(crm_store *s, int64_t id, int64_t limit, int terms, bool group);
int crm_credit_terms(crm_store *s, int64_t id);
#define CRM_CHECK_NCOLS 10
extern const struct crm_col crm_check_cols[CRM_CHECK_NCOLS];
bool crm_credit_check(crm_store *s, int64_t id, int64_t amount, const char *day,
    struct crm_credit_check *r);
void crm_credit_check_clear(struct crm_credit_check *r);
struct crm_report_args;
void crm_credit_aging_each(crm_store *s, struct crm_date as_of, int64_t only,
    const struct crm_report_args *filter,
    void (*f)(void *ctx, const struct crm_aging *a), void *ctx);
#define CRM_AGING_NCOLS 9
extern const struct crm_col crm_aging_cols[CRM_AGING_NCOLS];
long long crm_credit_aging(crm_store *s, struct crm_date as_of,
    const struct crm_report_args *filter, crm_out *w);
#define CRM_CREDIT_NCOLS 12
extern const struct crm_col crm_credit_cols[CRM_CREDIT_NCOLS];
crm_rows *crm_credit_list(crm_store *s, struct crm_date as_of);
#define CRM_BLACKLIST_NCOLS 6
extern const struct crm_col crm_blacklist_cols[CRM_BLACKLIST_NCOLS];
long long crm_credit_blacklist(crm_store *s, struct crm_date as_of, bool apply, crm_out *w);
bool crm_credit_blacklist_set(crm_store *s, int64_t id, bool add, const char *reason,
    const char *until);
#define CRM_LISTED_NCOLS 7
extern const struct crm_col crm_listed_cols[CRM_LISTED_NCOLS];
crm_rows *crm_credit_blacklisted(crm_store *s);
#define CRM_CREDIT_SHOW_NCOLS 5
extern const struct crm_col crm_credit_show_cols[CRM_CREDIT_SHOW_NCOLS];
crm_rows *crm_credit_of(crm_store *s, int64_t id, struct crm_date as_of);

/* ---- event.c, expense.c, alert.c: early warnings (SPEC 3.6) ---- */

const char *crm_event_kind(const char *s);
#define CRM_EVENT_NCOLS 7
extern const struct crm_col crm_event_cols[CRM_EVENT_NCOLS];
int64_t crm_event_add(crm_store *s, int64_t customer, const char *date, const char *kind,
    const char *note);
crm_rows *crm_event_list(crm_store *s, int64_t customer, const char *since, int64_t id);
crm_rows *crm_event_recent(crm_store *s, int64_t id, int n);

const char *crm_expense_kind(const char *s);
#define CRM_REQUEST_NCOLS 9
extern const struct crm_col crm_request_cols[CRM_REQUEST_NCOLS];
#define CRM_EXPENSE_NCOLS 9
extern const struct crm_col crm_expense_cols[CRM_EXPENSE_NCOLS];
int64_t crm_expense_request(crm_store *s, int64_t customer, const char *date,
    const char *kind, int64_t amount, const char *purpose);
int crm_expense_decide(crm_store *s, int64_t id, const char *approver, const char *reason,
    struct crm_buf *err);
int64_t crm_expense_add(crm_store *s, int64_t customer, const char *date, const char *kind,
    int64_t amount, int64_t request, const char *note, struct crm_buf *err);
crm_rows *crm_expense_requests(crm_store *s, const char *status, int64_t id);
crm_rows *crm_expense_list(crm_store *s, int64_t customer, const char *from,
    const char *to, const char *status, int64_t id);
void crm_expense_budget(crm_store *s, int64_t customer, const char *grade,
    const char *period, const char *from, const char *to, int64_t amount);

enum crm_alert_kind {
	CRM_ALERT_RECEIVABLE, CRM_ALERT_PROGRESS, CRM_ALERT_EXPENSE, CRM_ALERT_CHURN,
	CRM_ALERT_EVENT, CRM_ALERT_COUNT
};
int crm_alert_kind_parse(const char *s);
#define CRM_ALERT_NCOLS 8
extern const struct crm_col crm_alert_cols[CRM_ALERT_NCOLS];
long long crm_alert_run(crm_store *s, const bool *kinds, struct crm_date as_of,
    const char *owner, bool only_new, crm_out *w);

/* ---- complaint.c: complaints (SPEC 3.7) ---- */

const char *crm_complaint_channel(const char *s);
const char *crm_complaint_category(const char *s);
const char *crm_complaint_severity(const char *s);
struct crm_complaint {
	int64_t customer_id;
	char date[11];            /* opened */
	const char *channel, *category, *description, *product, *order_ref;
	const char *qty, *defect_qty, *request, *severity;
	bool foreign;             /* 20 days, not 15 */
};
enum crm_complaint_step {
	CRM_STEP_ASSIGN, CRM_STEP_NOTE, CRM_STEP_RESOLVE, CRM_STEP_CLOSE,
	CRM_STEP_REOPEN, CRM_STEP_VOID
};
struct crm_step_values {
	const char *to;           /* assign: the assignee */
	const char *text;         /* note, resolution, reason */
	const char *responsible;  /* resolve: the department */
	int64_t loss;             /* resolve: fen, -1 none */
	int satisfaction;         /* close: 1-5, 0 none */
};
struct crm_complaint_filter {
	int64_t customer_id;
	const char *status, *assignee;
	bool open, overdue;
	char as_of[11];
};
int64_t crm_complaint_open(crm_store *s, const struct crm_complaint *c, char out[16],
    struct crm_buf *err);
int crm_complaint_step(crm_store *s, const char *number, enum crm_complaint_step k,
    const char *day, const struct crm_step_values *v, struct crm_buf *err, bool *missing);
#define CRM_COMPLAINT_NCOLS 14
extern const struct crm_col crm_complaint_cols[CRM_COMPLAINT_NCOLS];
crm_rows *crm_complaint_list(crm_store *s, const struct crm_complaint_filter *f);
crm_rows *crm_complaint_show(crm_store *s, const char *number);
crm_rows *crm_complaint_open_of(crm_store *s, int64_t id, const char *as_of);
#define CRM_COMPLAINT_STATS_NCOLS 7
extern const struct crm_col crm_complaint_stats_cols[CRM_COMPLAINT_STATS_NCOLS];
crm_rows *crm_complaint_stats(crm_store *s, const char *from, const char *to);
struct crm_import_opts;
int crm_complaint_import_run(struct crm_opts *o, const struct crm_import_opts *io);

/* ---- owner.c: owners, the public pool, handovers (SPEC 3.8) ---- */

void crm_owner_moved(crm_store *s, int64_t id, const char *from, const char *to,
    const char *reason, const char *handover);
int crm_owner_set(crm_store *s, int64_t id, const char *owner, const char *reason,
    struct crm_buf *err);
#define CRM_OWNER_NCOLS 3
extern const struct crm_col crm_owner_cols[CRM_OWNER_NCOLS];
crm_rows *crm_owner_list(crm_store *s);
#define CRM_OWNER_HISTORY_NCOLS 6
extern const struct crm_col crm_owner_history_cols[CRM_OWNER_HISTORY_NCOLS];
crm_rows *crm_owner_history(crm_store *s, int64_t id);
#define CRM_DISTRIBUTE_NCOLS 4
extern const struct crm_col crm_distribute_cols[CRM_DISTRIBUTE_NCOLS];
long long crm_owner_distribute(crm_store *s, char *const *to, size_t n, bool unowned,
    const char *region, crm_out *w);
const char *crm_handover_type(const char *s);
#define CRM_HANDOVER_NCOLS 6
extern const struct crm_col crm_handover_cols[CRM_HANDOVER_NCOLS];
long long crm_owner_handover(crm_store *s, const char *from, const char *to,
    const char *type, const char *approver, char number[16], struct crm_buf *err);
int crm_owner_decide(crm_store *s, const char *number, bool approve, const char *text,
    struct crm_buf *err, bool *missing);
crm_rows *crm_owner_handover_rows(crm_store *s, const char *number);
#define CRM_HANDOVERS_NCOLS 8
extern const struct crm_col crm_handovers_cols[CRM_HANDOVERS_NCOLS];
crm_rows *crm_owner_handovers(crm_store *s, const char *status);
/* One sweep (crm-owner sweep): what it found, or did with apply. */
struct crm_sweep {
	struct crm_date as_of;
	bool apply;
	long long to_public, assigned, removed; /* rows of each action */
};
#define CRM_SWEEP_NCOLS 7
extern const struct crm_col crm_sweep_cols[CRM_SWEEP_NCOLS];
void crm_owner_sweep(crm_store *s, struct crm_sweep *sw, crm_out *w);

/* ---- points.c: loyalty points, a ledger (SPEC 3.8) ---- */

#define CRM_POINTS_NCOLS 8
extern const struct crm_col crm_points_cols[CRM_POINTS_NCOLS];
#define CRM_BALANCE_NCOLS 4
extern const struct crm_col crm_balance_cols[CRM_BALANCE_NCOLS];
int64_t crm_points_balance(crm_store *s, int64_t id);
int64_t crm_points_add(crm_store *s, int64_t id, int64_t points, const char *reason,
    struct crm_buf *err);
void crm_points_referral(crm_store *s, int64_t referrer, int64_t referred);
long long crm_points_accrue(crm_store *s, struct crm_date as_of, int64_t *first,
    int64_t *points);
crm_rows *crm_points_list(crm_store *s, int64_t id, int64_t from);
crm_rows *crm_points_balances(crm_store *s, int64_t id);
/* ---- survey.c: satisfaction surveys (SPEC 3.9) ---- */

const char *crm_survey_channel(const char *s);
const char *crm_survey_score(const char *s, int *score);
/* One survey to record. */
struct crm_survey {
	int64_t customer_id;
	char date[11];
	int score;                /* 1 to 5 */
	const char *channel;      /* as crm_survey_channel returns it, or NULL */
	const char *comments;     /* or NULL */
	bool dedupe;              /* an import: skip one stored already */
	const char *now;          /* created_at, or NULL for now */
};
int64_t crm_survey_add(crm_store *s, const struct crm_survey *v);
#define CRM_SURVEY_NCOLS 8
extern const struct crm_col crm_survey_cols[CRM_SURVEY_NCOLS];
crm_rows *crm_survey_list(crm_store *s, int64_t customer, const char *from, const char *to,
    int64_t id);
crm_rows *crm_survey_last(crm_store *s, int64_t id);
#define CRM_SATISFACTION_NCOLS 8
extern const struct crm_col crm_satisfaction_cols[CRM_SATISFACTION_NCOLS];
struct crm_report_args;
crm_rows *crm_survey_report(crm_store *s, const struct crm_report_args *a);
struct crm_import_opts;
int crm_survey_import_run(struct crm_opts *o, const struct crm_import_opts *io);

/* ---- deal.c: sales opportunities and the funnel (SPEC 3.9) ---- */

enum crm_deal_stage {
	CRM_DEAL_LEAD, CRM_DEAL_QUALIFIED, CRM_DEAL_PROPOSAL, CRM_DEAL_NEGOTIATION,
	CRM_DEAL_WON, CRM_DEAL_LOST, CRM_DEAL_NSTAGES
};
int crm_deal_stage(const char *s);
const char *crm_deal_stage_name(int k);
const char *crm_deal_percent(const char *s, int *pct);
const char *crm_deal_probabilities_parse(const char *text, int pct[CRM_DEAL_NSTAGES]);
/* One deal to open. */
struct crm_deal {
	int64_t customer_id;
	const char *title;
	int64_t amount;           /* fen, 0 or more */
	int stage;                /* enum crm_deal_stage */
	int probability;          /* its own percent, or -1: the stage's */
	char expected[11];        /* the day it is expected to close */
	const char *owner;        /* NULL: the customer's owner */
	char opened[11];
};
struct crm_deal_filter {
	int64_t id, customer_id;  /* 0: any */
	int stage;                /* -1: any */
	const char *owner;        /* or NULL */
	bool open;                /* not won or lost */
};
int64_t crm_deal_add(crm_store *s, const struct crm_deal *d, struct crm_buf *err);
int crm_deal_move(crm_store *s, int64_t id, int stage, const char *day, bool reopen,
    struct crm_buf *err, bool *missing);
bool crm_deal_exists(crm_store *s, int64_t id);
#define CRM_DEAL_NCOLS 10
extern const struct crm_col crm_deal_cols[CRM_DEAL_NCOLS];
crm_rows *crm_deal_list(crm_store *s, const struct crm_deal_filter *f);
#define CRM_DEAL_MOVE_NCOLS 5
extern const struct crm_col crm_deal_move_cols[CRM_DEAL_MOVE_NCOLS];
crm_rows *crm_deal_history(crm_store *s, int64_t id);
#define CRM_FUNNEL_NCOLS 5
extern const struct crm_col crm_funnel_cols[CRM_FUNNEL_NCOLS];
long long crm_deal_funnel(crm_store *s, const struct crm_report_args *a, crm_out *w);

/* ---- customer.c: the customer archive ---- */

enum crm_field {
	CRM_F_ID, CRM_F_CODE, CRM_F_KIND, CRM_F_NAME, CRM_F_GENDER,
	CRM_F_BIRTHDAY, CRM_F_MOBILE, CRM_F_PHONE, CRM_F_EMAIL, CRM_F_COMPANY,
	CRM_F_TITLE, CRM_F_INDUSTRY, CRM_F_REGION, CRM_F_ADDRESS, CRM_F_SOURCE,
	CRM_F_OWNER, CRM_F_PARENT, CRM_F_STATUS, CRM_F_GRADE, CRM_F_MISSING,
	CRM_F_NOTES, CRM_F_FOREIGN, CRM_F_REFERRED_BY, CRM_F_CREATED_AT,
	CRM_F_UPDATED_AT, CRM_F_COUNT
};

/* A field of a record kind (customers, and every importer's table). */
struct crm_field_info {
	const char *name;      /* column name in the store and in CSV */
	const char *aliases;   /* Chinese headers, '|' separated, or NULL */
	bool input;            /* may be given on input (add, import, edit) */
	enum crm_coltype type; /* CRM_COL_INT for an integer column */
	bool required;         /* an import needs its column */
};
extern const struct crm_field_info crm_fields[CRM_F_COUNT];
int crm_field_lookup(const char *header);

/* One customer as text fields; NULL = empty. custom is a JSON object
** text or NULL. */
struct crm_customer {
	char *v[CRM_F_COUNT];
	char *custom;
};
void crm_customer_clear(struct crm_customer *c);

struct crm_ctx {
	crm_store *store;
	crm_regions *regions;
	struct crm_date today;
	char *salutations;
	bool allow_salutation;
	bool assign_code;
	bool utf8_checked;  /* the fields come from the CSV reader, which
	                    ** refused invalid UTF-8 already */
	bool bulk;          /* indexes dropped: find duplicates by id only
	                    ** (customer_import.c checks the rest) */
	bool unique_late;   /* leave the mobile and e-mail look-ups to the
	                    ** unique indexes: crm_customer_add looks them up
	                    ** only when the insert is refused */
	char *now;          /* created_at/updated_at of this run */
	struct crm_full_region {
		char region[7];
		long long customers;   /* filed without a code there */
	} *full;            /* full regions met (code.c), in order met */
	size_t nfull;
	struct crm_serials *serials; /* last serial of each region (code.c) */
};
void crm_ctx_init(struct crm_ctx *x, crm_store *s);
void crm_ctx_free(struct crm_ctx *x);

int crm_customer_normalise(struct crm_ctx *x, struct crm_customer *c,
    struct crm_buf *err);
void crm_customer_missing(const struct crm_customer *c, struct crm_buf *out);
int64_t crm_customer_find_duplicate(struct crm_ctx *x,
    const struct crm_customer *c, int64_t self, struct crm_buf *why);
int64_t crm_customer_insert(struct crm_ctx *x, struct crm_customer *c);
bool crm_customer_load(struct crm_ctx *x, int64_t id, struct crm_customer *c);
int crm_customer_update(struct crm_ctx *x, int64_t id,
    const struct crm_customer *given, bool whole, struct crm_buf *err);
bool crm_customer_is_ancestor(crm_store *s, int64_t id, int64_t parent);
int64_t crm_customer_resolve(crm_store *s, const char *ref, struct crm_buf *err);
int64_t crm_customer_arg(crm_store *s, const char *ref);
crm_rows *crm_customer_brief(crm_store *s, int64_t id);
int64_t crm_customer_find_by_code(crm_store *s, const char *code, char **name);
crm_rows *crm_customer_history(crm_store *s, int64_t id);
crm_rows *crm_customer_custom_fields(crm_store *s, const char *custom);

/* Listing customers (crm-ls): filters added one by one, then a run. */
typedef struct crm_customer_query crm_customer_query;
enum crm_customer_filter {
	CRM_Q_GRADE, CRM_Q_INDUSTRY, CRM_Q_OWNER, CRM_Q_PARENT, /* = value */
	CRM_Q_INCOMPLETE,   /* records flagged incomplete (value ignored) */
	CRM_Q_REGION,       /* region code starts with value (digits) */
	CRM_Q_SEARCH,       /* name, company, mobile or code contains value */
	CRM_Q_STATUS,       /* a status word or "all"; default: not deleted */
	CRM_Q_WHERE         /* FIELD=VALUE, also of a custom field */
};
crm_customer_query *crm_customer_query_new(void);
const char *crm_customer_query_filter(crm_customer_query *q,
    enum crm_customer_filter f, const char *value);
crm_rows *crm_customer_query_run(crm_store *s, crm_customer_query *q,
    const char *columns, const char *sort, long long limit,
    const struct crm_col **cols, const char **err);
void crm_customer_query_free(crm_customer_query *q);

/* ---- erase.c: deleting and erasing customers ---- */

int crm_customer_delete(crm_store *s, int64_t id, const char *reason, struct crm_buf *err);
void crm_customer_erase(crm_store *s, int64_t id);

/* The options that give customer fields (crm-add, crm-edit): each field's
** id is base + its enum crm_field; --set KEY=VALUE is set_id. */
#define CRM_LONGOPTS_FIELDS(base, set_id) \
	{ "address", 1, NULL, (base) + CRM_F_ADDRESS }, \
	{ "birthday", 1, NULL, (base) + CRM_F_BIRTHDAY }, \
	{ "code", 1, NULL, (base) + CRM_F_CODE }, \
	{ "company", 1, NULL, (base) + CRM_F_COMPANY }, \
	{ "email", 1, NULL, (base) + CRM_F_EMAIL }, \
	{ "foreign", 1, NULL, (base) + CRM_F_FOREIGN }, \
	{ "gender", 1, NULL, (base) + CRM_F_GENDER }, \
	{ "industry", 1, NULL, (base) + CRM_F_INDUSTRY }, \
	{ "kind", 1, NULL, (base) + CRM_F_KIND }, \
	{ "mobile", 1, NULL, (base) + CRM_F_MOBILE }, \
	{ "notes", 1, NULL, (base) + CRM_F_NOTES }, \
	{ "owner", 1, NULL, (base) + CRM_F_OWNER }, \
	{ "parent", 1, NULL, (base) + CRM_F_PARENT }, \
	{ "phone", 1, NULL, (base) + CRM_F_PHONE }, \
	{ "referred-by", 1, NULL, (base) + CRM_F_REFERRED_BY }, \
	{ "region", 1, NULL, (base) + CRM_F_REGION }, \
	{ "set", 1, NULL, (set_id) }, \
	{ "source", 1, NULL, (base) + CRM_F_SOURCE }, \
	{ "title", 1, NULL, (base) + CRM_F_TITLE }
bool crm_customer_option(struct crm_customer *c, struct crm_buf *custom,
    int ch, int base, int set_id, const char *arg);
void crm_customer_custom_close(struct crm_customer *c, struct crm_buf *custom);

/* ---- code.c: customer codes ---- */

const char *crm_code_problem(const crm_regions *r, const char *code);
char *crm_code_next(struct crm_ctx *x, const char *region, struct crm_buf *err);
void crm_code_note(struct crm_ctx *x, const char *code);
bool crm_code_maybe_given(struct crm_ctx *x, const char *code);
void crm_code_flush(struct crm_ctx *x);
void crm_code_serials_free(struct crm_ctx *x);
char *crm_code_assign(struct crm_ctx *x, int64_t id, const char *region, struct crm_buf *err);
enum crm_code_result { CRM_CODE_GIVEN, CRM_CODE_HAD, CRM_CODE_FAILED };
enum crm_code_result crm_code_assign_customer(struct crm_ctx *x,
    const struct crm_customer *c, char **code, struct crm_buf *err);
bool crm_code_places(const crm_regions *r, const char *region, const char *names[3]);
extern const char crm_code_full_advice[];
void crm_code_full_describe(const struct crm_ctx *x, struct crm_buf *b);
typedef struct crm_code_plan crm_code_plan;
crm_code_plan *crm_code_plan_all(crm_store *s);
bool crm_code_plan_next(crm_code_plan *p, const char *v[3]);
bool crm_code_plan_left(crm_code_plan *p, long long *customers, struct crm_buf *why);
void crm_code_plan_done(crm_code_plan *p);

/* ---- import.c: the one import mechanism (nothing lost, SPEC 3.1) ---- */

enum crm_outcome {
	CRM_ADDED, CRM_UPDATED, CRM_UNCHANGED, CRM_DUPLICATE, CRM_REJECTED,
	CRM_DEFERRED        /* import only: hand the row back after end_pass */
};

/* How the columns of an input file map onto an importer's fields. */
enum { CRM_COLUMN_UNKNOWN = -1, CRM_COLUMN_IGNORED = -2 };
struct crm_import_columns {
	size_t n;            /* columns in the header */
	int *field;          /* field of each column, or CRM_COLUMN_* */
	char **header;       /* the header as read */
	int *column;         /* column of each field, -1 when absent */
};

/* One data row, as a handler sees it. */
struct crm_import_row {
	const char **v;      /* by field: the value, NULL when no column */
	const size_t *len;   /* by field: its length in bytes */
	const struct crm_record *rec;   /* the whole record (unknown columns) */
	const struct crm_import_columns *cols;
	long line;           /* where the record starts in the input */
	int pass;            /* 1, or 2 for a row handed back (CRM_DEFERRED) */
	crm_out *out;        /* the listing to print the row to, or NULL */
};

/* The counts the summary names even when zero (others only when not). */
enum { CRM_SHOW_ADDED = 1, CRM_SHOW_UPDATED = 2, CRM_SHOW_UNCHANGED = 4,
       CRM_SHOW_DUPLICATES = 8 };

/* What an importer states: its fields and what to do with a row. */
struct crm_importer {
	const char *what;                 /* "customers", for messages */
	const struct crm_field_info *fields; /* input fields and headers */
	size_t nfields;
	bool keeps_unknown;               /* unknown columns are data (custom
	                                  ** fields), not ignored */
	const struct crm_col *cols;       /* the listing printed, or NULL */
	size_t ncols;
	unsigned show;                    /* CRM_SHOW_* */
	bool personal;                    /* the listing is personal data: an
	                                  ** --output file gets mode 0600 */
	const char *audit;                /* the audit log's action */
	bool refs_checked;                /* every reference a row handler
	                                  ** writes is to a row it found in the
	                                  ** import's transaction: the store's
	                                  ** foreign-key checks are off for it */
	/* the row handler: an outcome, with err set for CRM_REJECTED */
	enum crm_outcome (*row)(void *ctx, const struct crm_import_row *row,
	    struct crm_buf *err);
	/* optional hooks */
	int (*header)(void *ctx, const struct crm_import_columns *cols,
	    struct crm_buf *err);         /* -1 refuses the file */
	void (*prepare)(void *ctx, long long bytes); /* before the transaction */
	void (*begin)(void *ctx, long long bytes); /* in the transaction */
	void (*end_pass)(void *ctx);      /* before deferred rows come back */
	void (*end)(void *ctx);           /* after the last row, before the
	                                  ** summary and the commit */
	void (*summary)(void *ctx, struct crm_buf *b); /* after "N added" */
};

struct crm_import_opts {
	const char *path;         /* input file or "-" */
	const char *encoding;     /* --encoding or NULL */
	const char *map;          /* --map 'Header=field,...' or NULL */
	const char *rejects;      /* --rejects FILE or NULL for the default */
	bool all_or_nothing;      /* --all-or-nothing */
	bool dry_run;             /* --dry-run */
	bool strict;              /* --strict */
};
struct crm_import_opts crm_import_args(int argc, char **argv, const char *encoding,
    const char *map, const char *rejects, bool all_or_nothing, bool dry_run);
struct crm_import_result {
	long long rows, added, updated, unchanged, duplicates, rejected;
	char *rejects_path;       /* where rejects went, or NULL */
};

int crm_import_field_lookup(const struct crm_field_info *fields, size_t n,
    const char *header);
const char *crm_import_map_problem(const struct crm_importer *imp, const char *map);
int crm_import_map_lookup(const struct crm_importer *imp, const char *map,
    const char *header);
crm_store *crm_import_store(const struct crm_opts *o,
    const struct crm_import_opts *io, enum crm_store_mode mode);
int crm_import(crm_store *s, struct crm_opts *opts, const struct crm_import_opts *o,
    const struct crm_importer *imp, void *ctx, struct crm_import_result *res);

/* ---- customer_import.c: customers, the first importer ---- */

enum crm_dup_policy { CRM_DUP_REJECT, CRM_DUP_SKIP, CRM_DUP_UPDATE };
enum crm_dup_policy crm_dup_skip_or_reject(const char *v);
struct crm_customer_import {
	struct crm_import_opts io;
	enum crm_dup_policy dup;  /* --on-duplicate */
	bool allow_salutation;    /* --allow-salutation */
	bool no_code;             /* --no-code */
	bool no_bulk;             /* --no-bulk: row by row, indexes kept */
	bool edit;                /* crm-edit --csv: change existing customers only */
};
enum crm_outcome crm_customer_add(struct crm_ctx *x, struct crm_customer *c,
    enum crm_dup_policy dup, struct crm_buf *err, int64_t *id);
int crm_customer_edit(struct crm_ctx *x, int64_t id,
    const struct crm_customer *given, struct crm_buf *err);

/* ---- sale_import.c: crm-sale import, the ledger's importer ---- */

struct crm_sale_import {
	struct crm_import_opts io;
	enum crm_dup_policy dup;  /* --on-duplicate: skip (default) or reject */
	bool verbose;             /* -v: list the rows added */
};
int crm_sale_import_run(struct crm_opts *o, const struct crm_sale_import *si);

/* ---- visit_import.c: crm-visit import ---- */

struct crm_visit_import {
	struct crm_import_opts io;
	enum crm_dup_policy dup;  /* --on-duplicate: skip (default) or reject */
	bool verbose;             /* -v: list the rows added */
};
int crm_visit_import_run(struct crm_opts *o, const struct crm_visit_import *vi);

crm_out *crm_customer_out_open(FILE *fp, const struct crm_opts *o);
void crm_customer_out_row(crm_out *out, const struct crm_customer *c);
int crm_customer_import_run(struct crm_opts *o, const struct crm_customer_import *ci);

#endif
