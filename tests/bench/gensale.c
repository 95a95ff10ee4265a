/*
 * gensale.c - deterministic synthetic sales ledger (an ERP export) for
 * crm's benchmark (tests/bench/bench.sh, SPEC 4 / issue 8).
 *
 * Output depends only on the options and the customer file: a private
 * PRNG (splitmix64 of a hash of seed, customer and row, integer
 * arithmetic only), so the bytes are identical on every machine.
 *
 * Build:  cc -std=c11 -O2 -Wall -Wextra -o gensale gensale.c
 * Usage:  gensale -c CUSTOMERS [-n ROWS] [-s SEED] [-y YEAR] > sales.csv
 *
 *   -c FILE  the customers, one a line in the store's id order:
 *            CODE,MOBILE (9-digit code, 11-digit mobile), as
 *            `SELECT code || ',' || mobile FROM customers ORDER BY id`
 *            prints them.  Each customer is named in the export by its
 *            code, or (one customer in four, by a hash) by its mobile.
 *   -n ROWS  data rows (default 1000; the header is extra).
 *   -s SEED  unsigned 64-bit seed (default 1).
 *   -y YEAR  the calendar year the dates fall in (default 2025).
 *   -h       this help.
 *
 * The export: header customer,date,product,qty,unit_price,amount,ref,kind,
 * grouped by customer (the customers in the file's order, as an ERP's
 * "sales by customer" report lists them), each customer's rows in date
 * order.  Customer k gets a number of rows drawn uniformly from
 * 0..2*ROWS/CUSTOMERS+1 (so a few customers have none) until ROWS rows are
 * written; the customers after that have no rows either.  A customer's
 * rows are, in date order:
 *   - a sale (about 90%): one product of a fixed price list, qty 1-60,
 *     amount = qty x unit_price, ref FP + a unique 9-digit invoice number,
 *     kind "sale";
 *   - a return (about 3%, only right after a sale not yet returned, dated
 *     on or after it): the same ref, product and unit price, a negative
 *     qty of at most what was sold and the matching negative amount,
 *     kind "sale" (an ERP writes a return as a negative sale row);
 *   - a payment (about 7%, when something is owed): of what was sold
 *     since the customer's last payment, less returns, ref SK + a unique
 *     9-digit receipt number, kind "payment", no product, qty or price.
 * No field needs quoting, so the file has ROWS + 1 lines.  Every row is
 * valid for `crm-sale import` and none is a duplicate of another.
 *
 * On stderr, one line with what the store must hold after the import:
 *   gensale: rows=N sales=S returns=R payments=P customers=C
 *            net_fen=F paid_fen=Q
 * (net_fen: sum of the sale and return amounts in fen, returns
 * negative; paid_fen: sum of the payments; customers: those with rows).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t fmix(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static uint64_t hash3(uint64_t a, uint64_t b, uint64_t c)
{
    return fmix(a + 0x9e3779b97f4a7c15u * (fmix(b + 0x632be59bd9b4e019u * (fmix(c) + 1)) + 1));
}

typedef struct {
    uint64_t s;
} Rng;

static uint64_t rng_next(Rng *r)
{
    r->s += 0x9e3779b97f4a7c15u;
    return fmix(r->s);
}

/* uniform in [0, n), n < 2^32 */
static uint32_t rng_below(Rng *r, uint32_t n)
{
    return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

static const struct {
    const char *name;
    int64_t fen;
} products[] = {
    { "枸杞", 4500 }, { "杏干", 2200 }, { "红枣", 3800 }, { "葡萄干", 2650 },
    { "核桃", 5200 }, { "巴旦木", 6800 }, { "无花果干", 4150 }, { "哈密瓜干", 3300 },
    { "黑枸杞", 12800 }, { "薰衣草精油", 9900 }, { "奶酪", 5600 }, { "馕", 850 },
    { "牛肉干", 8800 }, { "蜂蜜", 7600 }, { "红花籽油", 11500 }, { "鹰嘴豆", 1980 },
    { "沙棘汁", 2400 }, { "酸奶疙瘩", 3200 }, { "番茄酱", 1250 }, { "棉被", 35900 },
};
#define NPRODUCTS ((uint32_t)(sizeof products / sizeof products[0]))

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* day 0..364/365 of year y as YYYY-MM-DD */
static void day_text(int y, int day, char out[40])
{
    static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int m = 0;

    for (;;) {
        int n = mdays[m] + (m == 1 && is_leap(y));
        if (day < n)
            break;
        day -= n;
        m++;
    }
    snprintf(out, 40, "%04d-%02d-%02d", y, m + 1, day + 1);
}

/* fen as yuan with two decimals, sign included */
static void yuan(int64_t fen, char out[32])
{
    int64_t a = fen < 0 ? -fen : fen;

    snprintf(out, 32, "%s%lld.%02lld", fen < 0 ? "-" : "", (long long)(a / 100), (long long)(a % 100));
}

static void usage(FILE *fp)
{
    fputs("usage: gensale -c CUSTOMERS [-n ROWS] [-s SEED] [-y YEAR] > sales.csv\n", fp);
}

static int parse_u64(const char *s, uint64_t *v)
{
    char *end;

    if (!s || !*s || *s == '-')
        return 0;
    *v = strtoull(s, &end, 10);
    return !*end;
}

int main(int argc, char **argv)
{
    uint64_t rows = 1000, seed = 1, year = 2025;
    const char *cfile = NULL;
    char (*refs)[2][16] = NULL;
    size_t ncust = 0, cap = 0;
    char line[256];
    FILE *fp;

    for (int a = 1; a < argc; a++) {
        const char *s = argv[a], *v;
        if (s[0] != '-' || !s[1] || s[2]) {
            usage(stderr);
            return 2;
        }
        if (s[1] == 'h') {
            usage(stdout);
            return 0;
        }
        v = a + 1 < argc ? argv[++a] : NULL;
        switch (s[1]) {
        case 'c':
            cfile = v;
            break;
        case 'n':
        case 's':
        case 'y':
            if (!parse_u64(v, s[1] == 'n' ? &rows : s[1] == 's' ? &seed : &year)) {
                fprintf(stderr, "gensale: -%c needs an unsigned number\n", s[1]);
                return 2;
            }
            break;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (!cfile || year < 1900 || year > 9999) {
        usage(stderr);
        return 2;
    }
    if (!(fp = fopen(cfile, "r"))) {
        perror(cfile);
        return 1;
    }
    while (fgets(line, sizeof line, fp)) {
        char *comma = strchr(line, ','), *nl;
        if (!comma || comma - line != 9 || strlen(comma + 1) < 11) {
            fprintf(stderr, "gensale: %s:%zu: not CODE,MOBILE\n", cfile, ncust + 1);
            return 1;
        }
        if ((nl = strchr(comma, '\n')))
            *nl = '\0';
        if (ncust == cap) {
            cap = cap ? cap * 2 : 65536;
            if (!(refs = realloc(refs, cap * sizeof *refs))) {
                perror("gensale");
                return 1;
            }
        }
        memcpy(refs[ncust][0], line, 9);
        refs[ncust][0][9] = '\0';
        snprintf(refs[ncust][1], 16, "%s", comma + 1);
        ncust++;
    }
    fclose(fp);
    if (!ncust) {
        fprintf(stderr, "gensale: %s: no customers\n", cfile);
        return 1;
    }

    const int y = (int)year, ndays = 365 + is_leap(y);
    const uint32_t span = (uint32_t)(2 * rows / ncust + 2); /* 0..2*avg+1 */
    uint64_t left = rows, invoice = 0, receipt = 0;
    uint64_t nsale = 0, nret = 0, npay = 0, ncust_rows = 0;
    int64_t net = 0, paid = 0;
    static char buf[1 << 16];

    setvbuf(stdout, buf, _IOFBF, sizeof buf);
    fputs("customer,date,product,qty,unit_price,amount,ref,kind\n", stdout);
    for (size_t k = 0; k < ncust && left; k++) {
        Rng r = { hash3(seed, k, 0x5a1e) };
        uint32_t t = rng_below(&r, span), days[64];
        const char *ref = refs[k][(fmix(seed ^ (k * 0x9e3779b97f4a7c15u)) & 3) == 0];
        int64_t owed = 0;
        /* the last sale, while it may still be returned */
        int have_sale = 0, last_qty = 0;
        uint32_t last_p = 0;
        uint64_t last_inv = 0;

        if (t > left)
            t = (uint32_t)left;
        if (t > 64)
            t = 64;
        if (!t)
            continue;
        left -= t;
        ncust_rows++;
        for (uint32_t i = 0; i < t; i++) {
            uint32_t d = rng_below(&r, (uint32_t)ndays), j = i;
            while (j > 0 && days[j - 1] > d) {
                days[j] = days[j - 1];
                j--;
            }
            days[j] = d;
        }
        for (uint32_t i = 0; i < t; i++) {
            uint32_t x = rng_below(&r, 100);
            char date[40], price[32], amount[32];

            day_text(y, (int)days[i], date);
            if (x < 3 && have_sale) {
                /* a return of (part of) the last sale */
                int q = 1 + (int)rng_below(&r, (uint32_t)last_qty);
                int64_t a = q * products[last_p].fen;

                yuan(products[last_p].fen, price);
                yuan(-a, amount);
                printf("%s,%s,%s,-%d,%s,%s,FP%09llu,sale\n", ref, date, products[last_p].name,
                       q, price, amount, (unsigned long long)last_inv);
                owed -= a;
                net -= a;
                nret++;
                have_sale = 0;
            } else if (x < 10 && owed > 0) {
                yuan(owed, amount);
                printf("%s,%s,,,,%s,SK%09llu,payment\n", ref, date, amount,
                       (unsigned long long)++receipt);
                paid += owed;
                owed = 0;
                npay++;
                have_sale = 0;
            } else {
                uint32_t p = rng_below(&r, NPRODUCTS);
                int q = 1 + (int)rng_below(&r, 60);
                int64_t a = q * products[p].fen;

                yuan(products[p].fen, price);
                yuan(a, amount);
                printf("%s,%s,%s,%d,%s,%s,FP%09llu,sale\n", ref, date, products[p].name, q,
                       price, amount, (unsigned long long)++invoice);
                owed += a;
                net += a;
                nsale++;
                have_sale = 1;
                last_qty = q;
                last_p = p;
                last_inv = invoice;
            }
        }
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        perror("gensale: stdout");
        return 1;
    }
    if (left) {
        fprintf(stderr, "gensale: %zu customers are too few for %llu rows\n", ncust,
                (unsigned long long)rows);
        return 1;
    }
    fprintf(stderr, "gensale: rows=%llu sales=%llu returns=%llu payments=%llu customers=%llu"
            " net_fen=%lld paid_fen=%lld\n", (unsigned long long)rows, (unsigned long long)nsale,
            (unsigned long long)nret, (unsigned long long)npay, (unsigned long long)ncust_rows,
            (long long)net, (long long)paid);
    return 0;
}
