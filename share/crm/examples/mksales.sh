#!/bin/sh
# mksales.sh — write sales.csv, a year of example sales (2025-12-01 to
# 2026-11-27) of the customers of customers.csv, as an ERP exports them:
# Chinese headers, customers by mobile, returns as negative rows of the
# invoice they return, payments as 回款 rows.  Deterministic (its own
# Park-Miller generator), so the file is the same on every machine; run
# it again only to change the example:  sh mksales.sh > sales.csv
set -eu
cd "$(dirname "$0")"
awk -F, '
function rnd(n) { seed = (seed * 16807) % 2147483647; return seed % n }
function day(n,   y, m, d, dm) {
	# day n of the year that starts on 2025-12-01 (n from 0)
	y = 2025; m = 12; d = 1 + n
	while (1) {
		dm = (m == 2) ? 28 : (m == 4 || m == 6 || m == 9 || m == 11) ? 30 : 31
		if (d <= dm) break
		d -= dm; m++
		if (m == 13) { m = 1; y++ }
	}
	return sprintf("%04d-%02d-%02d", y, m, d)
}
BEGIN {
	seed = 20261201
	np = split("红枣,核桃,葡萄干,巴旦木,枸杞,杏干,无花果干", product, ",")
	split("25.50,40.00,15.00,68.00,45.00,22.00,36.00", price, ",")
	print "客户,销售日期,产品名称,数量,单价,金额,发票号,类型"
	inv = 0
}
NR > 1 && length($2) == 11 && $2 ~ /^1[0-9]*$/ {
	# how much this customer buys: none, a little, some, a lot
	k = rnd(10)
	n = k < 2 ? 0 : k < 5 ? 1 + rnd(3) : k < 8 ? 4 + rnd(8) : 12 + rnd(24)
	for (i = 0; i < n; i++) {
		p = 1 + rnd(np)
		q = (k >= 8 ? 20 : 2) + rnd(k >= 8 ? 200 : 30)
		d = rnd(362)
		inv++
		ref = sprintf("FP%07d", inv)
		printf "%s,%s,%s,%d,%s,%.2f,%s,销售\n", $2, day(d), product[p], q, price[p], q * price[p], ref
		if (rnd(30) == 0 && d < 355) {
			# a part of it comes back a few days later
			r = 1 + rnd(q)
			printf "%s,%s,%s,-%d,%s,-%.2f,%s,销售\n", $2, day(d + 1 + rnd(6)), product[p], r, price[p], r * price[p], ref
		}
		if (rnd(3) == 0 && d < 340)
			printf "%s,%s,,,,%.2f,SK%07d,回款\n", $2, day(d + 10 + rnd(20)), q * price[p], inv
	}
}' customers.csv
