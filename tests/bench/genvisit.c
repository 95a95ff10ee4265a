/*
 * genvisit.c - deterministic synthetic visit log (拜访记录表) for crm's
 * benchmark (tests/bench/bench.sh, BENCH_ONLY=reports: crm-visit due).
 *
 * Output depends only on the options and the customer file: a private
 * PRNG (splitmix64 finaliser of a hash of seed, customer and visit,
 * integer arithmetic only), so the bytes are identical on every machine.
 *
 * Build:  cc -std=c11 -O2 -Wall -Wextra -o genvisit genvisit.c
 * Usage:  genvisit -c CUSTOMERS [-n ROWS] [-s SEED] [-y YEAR] > visits.csv
 *
 *   -c FILE  the customers, one code a line (a line "CODE,..." is cut at
 *            the first comma), in the store's id order
 *   -n ROWS  data rows (default 1000; the header is extra)
 *   -s SEED  unsigned 64-bit seed (default 1)
 *   -y YEAR  the calendar year the dates fall in (default 2025)
 *
 * The file: header customer,date,visitor,role,channel,purpose,outcome, for
 * `crm-visit import`, grouped by customer in the file's order.  With C
 * customers and q = ROWS / C, customer pair (2j, 2j+1) gets q+d and q-d
 * visits (d uniform in -q..q), the first ROWS % C customers one more, so
 * that exactly ROWS rows are written and some customers have none.  A
 * customer's visits fall on distinct days of YEAR, in date order, so no
 * row is a duplicate (customer, date, visitor, channel) of another:
 *   role     gm 20%, manager 35%, service 45%
 *   channel  gm and manager: visit 75%, phone 25%;
 *            service: phone 80%, visit 20%
 *   visitor  gm-N (N < 20), mgr-N (N < 500), svc-N (N < 200)
 *   purpose  first, problem or relationship; outcome one of five
 * No field needs quoting.  On stderr:
 *   genvisit: rows=N customers=C visited=V
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static uint64_t fmix(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static uint64_t hash3(uint64_t a, uint64_t b, uint64_t c)
{
    return fmix(fmix(fmix(a + 0x9e3779b97f4a7c15u) ^ b) ^ c);
}

static int leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

/* day number d (0-based) of year y into buf "YYYY-MM-DD" */
static void day_text(int y, int d, char buf[16])
{
    static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int m = 0;

    for (;;) {
        int n = mdays[m] + (m == 1 && leap(y));
        if (d < n)
            break;
        d -= n;
        m++;
    }
    snprintf(buf, 16, "%04d-%02d-%02d", y % 10000, (m + 1) % 100, (d + 1) % 100);
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    static const char *const purposes[] = { "first", "problem", "relationship" };
    static const char *const outcomes[] = { "success", "hopeful", "revisit", "hopeless", "observe" };
    const char *cfile = NULL;
    long long rows = 1000, written = 0, visited = 0;
    uint64_t seed = 1;
    int year = 2025, opt;
    char **codes = NULL, line[256];
    size_t ncodes = 0, cap = 0, i;
    FILE *f;

    while ((opt = getopt(argc, argv, "c:n:s:y:h")) != -1) {
        switch (opt) {
        case 'c': cfile = optarg; break;
        case 'n': rows = strtoll(optarg, NULL, 10); break;
        case 's': seed = strtoull(optarg, NULL, 10); break;
        case 'y': year = atoi(optarg); break;
        default:
            fprintf(stderr, "usage: genvisit -c CUSTOMERS [-n ROWS] [-s SEED] [-y YEAR] > visits.csv\n");
            return opt == 'h' ? 0 : 2;
        }
    }
    if (!cfile || rows < 0 || year < 1900 || year > 9999) {
        fprintf(stderr, "genvisit: -c CUSTOMERS is required (and -n >= 0, -y a year)\n");
        return 2;
    }
    if (!(f = fopen(cfile, "r"))) {
        perror(cfile);
        return 1;
    }
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, ",\r\n")] = '\0';
        if (!*line)
            continue;
        if (ncodes == cap && !(codes = realloc(codes, (cap = cap ? cap * 2 : 1024) * sizeof *codes))) {
            fprintf(stderr, "genvisit: out of memory\n");
            return 1;
        }
        if (!(codes[ncodes++] = strdup(line))) {
            fprintf(stderr, "genvisit: out of memory\n");
            return 1;
        }
    }
    fclose(f);
    if (!ncodes) {
        fprintf(stderr, "genvisit: no customers in %s\n", cfile);
        return 1;
    }
    printf("customer,date,visitor,role,channel,purpose,outcome\n");
    {
        long long q = rows / (long long)ncodes, extra = rows % (long long)ncodes;
        int ndays = 365 + leap(year);
        int *days = NULL;
        long long dcap = 0;
        char date[16];

        for (i = 0; i < ncodes; i++) {
            long long k, j;
            /* pairs share d: q+d and q-d; an odd last customer gets q */
            long long d = (i | 1) < ncodes ? (long long)(hash3(seed, i / 2, 0) % (uint64_t)(2 * q + 1)) - q : 0;

            k = (i % 2 ? q - d : q + d) + ((long long)i < extra);
            if (k > ndays)
                k = ndays;
            if (k > dcap && !(days = realloc(days, (size_t)(dcap = k) * sizeof *days))) {
                fprintf(stderr, "genvisit: out of memory\n");
                return 1;
            }
            /* k distinct days of the year */
            for (j = 0; j < k; j++) {
                uint64_t t = 0;
                long long m;
                int dd;

                for (;;) {
                    dd = (int)(hash3(seed, i, (uint64_t)j * 1000 + t++) % (uint64_t)ndays);
                    for (m = 0; m < j && days[m] != dd; m++)
                        ;
                    if (m == j)
                        break;
                }
                days[j] = dd;
            }
            qsort(days, (size_t)k, sizeof *days, cmp_int);
            if (k > 0)
                visited++;
            for (j = 0; j < k; j++) {
                uint64_t h = hash3(seed ^ 0x5bd1e995u, i, (uint64_t)j);
                unsigned r = (unsigned)(h % 100), c = (unsigned)((h >> 8) % 100);
                const char *role, *channel, *prefix;
                unsigned who;

                if (r < 20)
                    role = "gm", prefix = "gm", who = (unsigned)((h >> 16) % 20);
                else if (r < 55)
                    role = "manager", prefix = "mgr", who = (unsigned)((h >> 16) % 500);
                else
                    role = "service", prefix = "svc", who = (unsigned)((h >> 16) % 200);
                if (r < 55)
                    channel = c < 75 ? "visit" : "phone";
                else
                    channel = c < 80 ? "phone" : "visit";
                day_text(year, days[j], date);
                printf("%s,%s,%s-%u,%s,%s,%s,%s\n", codes[i], date, prefix, who, role, channel,
                    purposes[(h >> 32) % 3], outcomes[(h >> 40) % 5]);
                written++;
            }
        }
        free(days);
    }
    if (fflush(stdout) || ferror(stdout)) {
        perror("genvisit: stdout");
        return 1;
    }
    fprintf(stderr, "genvisit: rows=%lld customers=%zu visited=%lld\n", written, ncodes, visited);
    for (i = 0; i < ncodes; i++)
        free(codes[i]);
    free(codes);
    return 0;
}
