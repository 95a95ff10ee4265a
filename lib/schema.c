/*
** schema.c — the store's schema and its migrations, in one place.
**
** Each entry of migrations[] takes the store from user_version i to i+1
** and runs in its own transaction.  Never edit a migration that has been
** released; add a new one.  man/crm-store.5 documents the result for
** analysts who query the store with sqlite3.
*/
#include <stdio.h>

#include "internal.h"

/* The secondary indexes of customers, named once: migrations create
** them, and a bulk import into an empty archive drops them and builds
** them again after loading (crm_schema_bulk_indexes).  Version 1's
** set is kept as it was released; version 2 added the unique index on
** code, which was a column constraint before (one that cannot be
** dropped for a bulk load). */
#define CUSTOMER_INDEXES_V1 \
	"CREATE UNIQUE INDEX customers_mobile ON customers(mobile)" \
	"  WHERE mobile IS NOT NULL AND status <> 'deleted';" \
	"CREATE UNIQUE INDEX customers_email ON customers(email)" \
	"  WHERE email IS NOT NULL AND status <> 'deleted';" \
	"CREATE INDEX customers_name_company ON customers(name, company);" \
	"CREATE INDEX customers_owner ON customers(owner);" \
	"CREATE INDEX customers_region ON customers(region);"
#define CUSTOMER_INDEXES \
	"CREATE UNIQUE INDEX customers_code ON customers(code);" \
	CUSTOMER_INDEXES_V1

/* The index of visits that an import never reads, built after loading
** when the import is large against the log (crm_schema_bulk_indexes). */
#define VISIT_LATE_INDEXES \
	"CREATE INDEX visits_date ON visits(date, visitor);"

/* The trigger that moves a region's sequence past every code inserted:
** an import drops it and raises region_serials itself (code.c). */
#define CUSTOMER_SERIAL_TRIGGER \
	"CREATE TRIGGER customers_code_serial AFTER INSERT ON customers" \
	"  WHEN NEW.code IS NOT NULL BEGIN" \
	"  INSERT INTO region_serials(region, last)" \
	"    VALUES (substr(NEW.code, 1, 6), CAST(substr(NEW.code, 7) AS INTEGER))" \
	"    ON CONFLICT(region) DO UPDATE SET last = max(last, excluded.last);" \
	"  END;"

static const char *const migrations[] = {
	/* 1: the customer archive, regions, history, audit, config */
	"CREATE TABLE regions ("
	"  code TEXT PRIMARY KEY CHECK (length(code) = 6 AND code NOT GLOB '*[^0-9]*'),"
	"  name TEXT NOT NULL,"
	"  parent TEXT"
	") WITHOUT ROWID;"
	"CREATE INDEX regions_name ON regions(name);"
	"CREATE TABLE region_serials ("
	"  region TEXT PRIMARY KEY,"
	"  last INTEGER NOT NULL CHECK (last BETWEEN 0 AND 999)"
	") WITHOUT ROWID;"
	"CREATE TABLE customers ("
	"  id INTEGER PRIMARY KEY,"
	"  code TEXT UNIQUE CHECK (code IS NULL OR (length(code) = 9 AND code NOT GLOB '*[^0-9]*')),"
	"  kind TEXT NOT NULL DEFAULT 'person' CHECK (kind IN ('company', 'person')),"
	"  name TEXT NOT NULL,"
	"  gender TEXT CHECK (gender IN ('M', 'F')),"
	"  birthday TEXT,"
	"  mobile TEXT,"
	"  phone TEXT,"
	"  email TEXT,"
	"  company TEXT,"
	"  title TEXT,"
	"  industry TEXT,"
	"  region TEXT,"
	"  address TEXT,"
	"  source TEXT,"
	"  owner TEXT,"
	"  parent INTEGER REFERENCES customers(id),"
	"  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN"
	"    ('active', 'dormant', 'public', 'blacklisted', 'deleted')),"
	"  grade TEXT,"
	"  missing TEXT NOT NULL DEFAULT '',"
	"  notes TEXT,"
	"  custom TEXT CHECK (custom IS NULL OR json_valid(custom)),"
	"  created_at TEXT NOT NULL,"
	"  updated_at TEXT NOT NULL,"
	"  deleted_at TEXT,"
	"  deleted_by TEXT,"
	"  deleted_reason TEXT"
	");"
	CUSTOMER_INDEXES_V1
	/* 客户编号一经确定,任何人不得任意修改: enforced here, for every path */
	"CREATE TRIGGER customers_code_fixed BEFORE UPDATE OF code ON customers"
	"  WHEN OLD.code IS NOT NULL AND NEW.code IS NOT OLD.code"
	"  BEGIN SELECT RAISE(ABORT, 'customer code cannot be changed'); END;"
	/* a code given by hand (an old system's, or crm-edit --code) moves
	** its region's sequence past it, so serials are never given twice */
	CUSTOMER_SERIAL_TRIGGER
	"CREATE TRIGGER customers_code_serial_set AFTER UPDATE OF code ON customers"
	"  WHEN NEW.code IS NOT NULL AND OLD.code IS NULL BEGIN"
	"  INSERT INTO region_serials(region, last)"
	"    VALUES (substr(NEW.code, 1, 6), CAST(substr(NEW.code, 7) AS INTEGER))"
	"    ON CONFLICT(region) DO UPDATE SET last = max(last, excluded.last);"
	"  END;"
	"CREATE TABLE customer_history ("
	"  id INTEGER PRIMARY KEY,"
	"  customer_id INTEGER NOT NULL REFERENCES customers(id),"
	"  at TEXT NOT NULL,"
	"  actor TEXT NOT NULL,"
	"  command TEXT NOT NULL,"
	"  field TEXT NOT NULL,"
	"  old_value TEXT,"
	"  new_value TEXT"
	");"
	"CREATE INDEX customer_history_customer ON customer_history(customer_id);"
	"CREATE TABLE audit_log ("
	"  id INTEGER PRIMARY KEY,"
	"  at TEXT NOT NULL,"
	"  actor TEXT NOT NULL,"
	"  command TEXT NOT NULL,"
	"  action TEXT NOT NULL,"
	"  rows INTEGER NOT NULL DEFAULT 0,"
	"  detail TEXT"
	");"
	"CREATE TABLE config ("
	"  key TEXT PRIMARY KEY,"
	"  value TEXT NOT NULL"
	") WITHOUT ROWID;",

	/* 2: the code's uniqueness as a named index, so that a bulk import
	** can build it after loading, and a status check that costs no
	** temporary table per row; the table is rebuilt for both (foreign
	** keys are off while migrating) */
	"CREATE TABLE customers_v2 ("
	"  id INTEGER PRIMARY KEY,"
	"  code TEXT CHECK (code IS NULL OR (length(code) = 9 AND code NOT GLOB '*[^0-9]*')),"
	"  kind TEXT NOT NULL DEFAULT 'person' CHECK (kind IN ('company', 'person')),"
	"  name TEXT NOT NULL,"
	"  gender TEXT CHECK (gender IN ('M', 'F')),"
	"  birthday TEXT,"
	"  mobile TEXT,"
	"  phone TEXT,"
	"  email TEXT,"
	"  company TEXT,"
	"  title TEXT,"
	"  industry TEXT,"
	"  region TEXT,"
	"  address TEXT,"
	"  source TEXT,"
	"  owner TEXT,"
	"  parent INTEGER REFERENCES customers(id),"
	/* not status IN (...): SQLite builds a temporary table for a list
	** of five on every row checked, a quarter of an import's work */
	"  status TEXT NOT NULL DEFAULT 'active' CHECK (status = 'active'"
	"    OR status = 'dormant' OR status = 'public' OR status = 'blacklisted'"
	"    OR status = 'deleted'),"
	"  grade TEXT,"
	"  missing TEXT NOT NULL DEFAULT '',"
	"  notes TEXT,"
	"  custom TEXT CHECK (custom IS NULL OR json_valid(custom)),"
	"  created_at TEXT NOT NULL,"
	"  updated_at TEXT NOT NULL,"
	"  deleted_at TEXT,"
	"  deleted_by TEXT,"
	"  deleted_reason TEXT"
	");"
	"INSERT INTO customers_v2 SELECT * FROM customers;"
	"DROP TABLE customers;"
	"ALTER TABLE customers_v2 RENAME TO customers;"
	CUSTOMER_INDEXES
	"CREATE TRIGGER customers_code_fixed BEFORE UPDATE OF code ON customers"
	"  WHEN OLD.code IS NOT NULL AND NEW.code IS NOT OLD.code"
	"  BEGIN SELECT RAISE(ABORT, 'customer code cannot be changed'); END;"
	CUSTOMER_SERIAL_TRIGGER
	"CREATE TRIGGER customers_code_serial_set AFTER UPDATE OF code ON customers"
	"  WHEN NEW.code IS NOT NULL AND OLD.code IS NULL BEGIN"
	"  INSERT INTO region_serials(region, last)"
	"    VALUES (substr(NEW.code, 1, 6), CAST(substr(NEW.code, 7) AS INTEGER))"
	"    ON CONFLICT(region) DO UPDATE SET last = max(last, excluded.last);"
	"  END;",

	/* 3: the sales ledger (SPEC 3.3) and sales targets.  Money in fen.
	** A return and a payment are stored with a negative amount, so that
	** what a customer owes is the sum of its amounts; a voided row stays,
	** left out of every sum.  sales_customer covers the grading and
	** report queries (per customer, by date, the amounts of sales and
	** returns); sales_ref finds a sale by its invoice number, for returns
	** and for the duplicate key of an import. */
	"CREATE TABLE sales ("
	"  id INTEGER PRIMARY KEY,"
	"  customer_id INTEGER NOT NULL REFERENCES customers(id),"
	"  date TEXT NOT NULL,"
	"  kind TEXT NOT NULL CHECK (kind = 'sale' OR kind = 'return' OR kind = 'payment'),"
	"  product TEXT,"
	"  qty NUMERIC,"
	"  unit_price INTEGER,"
	"  amount INTEGER NOT NULL,"
	"  cost INTEGER,"
	"  ref TEXT,"
	"  rep TEXT,"
	"  due_date TEXT,"
	"  sale_id INTEGER REFERENCES sales(id),"
	"  created_at TEXT NOT NULL,"
	"  created_by TEXT NOT NULL,"
	"  voided_at TEXT,"
	"  voided_by TEXT,"
	"  void_reason TEXT,"
	"  CHECK ((kind = 'sale') = (amount >= 0)),"
	"  CHECK (kind = 'return' OR sale_id IS NULL)"
	");"
	"CREATE INDEX sales_customer ON sales(customer_id, date, kind, amount)"
	"  WHERE voided_at IS NULL;"
	"CREATE INDEX sales_ref ON sales(ref, customer_id) WHERE ref IS NOT NULL;"
	"CREATE INDEX sales_sale ON sales(sale_id) WHERE sale_id IS NOT NULL;"
	"CREATE TABLE sales_targets ("
	"  id INTEGER PRIMARY KEY,"
	"  customer_id INTEGER REFERENCES customers(id),"
	"  grade TEXT,"
	"  period TEXT NOT NULL,"
	"  start_date TEXT NOT NULL,"
	"  end_date TEXT NOT NULL,"
	"  amount INTEGER NOT NULL CHECK (amount > 0),"
	"  set_at TEXT NOT NULL,"
	"  set_by TEXT NOT NULL,"
	"  CHECK ((customer_id IS NULL) <> (grade IS NULL)),"
	"  UNIQUE (customer_id, start_date, end_date),"
	"  UNIQUE (grade, start_date, end_date)"
	");",

	/* 4: grading (SPEC 3.3): one grade per customer and scheme, the
	** history of every change, and the changes into and out of grade A
	** that wait for the manager's approval.  customers.grade keeps the
	** primary scheme's grade. */
	"CREATE TABLE grades ("
	"  customer_id INTEGER NOT NULL REFERENCES customers(id),"
	"  scheme TEXT NOT NULL,"
	"  grade TEXT NOT NULL,"
	"  metric TEXT,"
	"  period TEXT NOT NULL,"
	"  graded_at TEXT NOT NULL,"
	"  PRIMARY KEY (customer_id, scheme)"
	") WITHOUT ROWID;"
	"CREATE INDEX grades_scheme ON grades(scheme, grade);"
	"CREATE TABLE grade_history ("
	"  id INTEGER PRIMARY KEY,"
	"  customer_id INTEGER NOT NULL REFERENCES customers(id),"
	"  scheme TEXT NOT NULL,"
	"  period TEXT NOT NULL,"
	"  old_grade TEXT,"
	"  new_grade TEXT NOT NULL,"
	"  metric TEXT,"
	"  event TEXT NOT NULL CHECK (event = 'graded' OR event = 'approved'"
	"    OR event = 'rejected'),"
	"  actor TEXT NOT NULL,"
	"  approver TEXT,"
	"  reason TEXT,"
	"  at TEXT NOT NULL"
	");"
	"CREATE INDEX grade_history_customer ON grade_history(customer_id);"
	"CREATE TABLE grade_pending ("
	"  customer_id INTEGER NOT NULL REFERENCES customers(id),"
	"  scheme TEXT NOT NULL,"
	"  period TEXT NOT NULL,"
	"  old_grade TEXT,"
	"  new_grade TEXT NOT NULL,"
	"  metric TEXT,"
	"  since TEXT NOT NULL,"
	"  requested_by TEXT NOT NULL,"
	"  PRIMARY KEY (customer_id, scheme)"
	") WITHOUT ROWID;",

	/* 5: visits and contact plans (SPEC 3.4).  A visit keeps the plan
	** it fulfils; visits_customer covers the duty counts (per customer,
	** role and channel, by date), visits_date the day report. */
	"CREATE TABLE visit_plans ("
	"  id INTEGER PRIMARY KEY,"
	"  customer_id INTEGER NOT NULL REFERENCES customers(id),"
	"  date TEXT NOT NULL,"
	"  visitor TEXT NOT NULL,"
	"  purpose TEXT CHECK (purpose IS NULL OR purpose = 'first'"
	"    OR purpose = 'problem' OR purpose = 'relationship'),"
	"  channel TEXT CHECK (channel IS NULL OR channel = 'visit' OR channel = 'phone'"
	"    OR channel = 'email' OR channel = 'meeting' OR channel = 'reception'),"
	"  created_at TEXT NOT NULL,"
	"  created_by TEXT NOT NULL"
	");"
	"CREATE INDEX visit_plans_customer ON visit_plans(customer_id, visitor, date);"
	"CREATE INDEX visit_plans_date ON visit_plans(date);"
	"CREATE TABLE visits ("
	"  id INTEGER PRIMARY KEY,"
	"  customer_id INTEGER NOT NULL REFERENCES customers(id),"
	"  date TEXT NOT NULL,"
	"  visitor TEXT NOT NULL,"
	"  role TEXT NOT NULL CHECK (role = 'gm' OR role = 'manager' OR role = 'rep'"
	"    OR role = 'service'),"
	"  channel TEXT NOT NULL CHECK (channel = 'visit' OR channel = 'phone'"
	"    OR channel = 'email' OR channel = 'meeting' OR channel = 'reception'),"
	"  purpose TEXT CHECK (purpose IS NULL OR purpose = 'first'"
	"    OR purpose = 'problem' OR purpose = 'relationship'),"
	"  outcome TEXT CHECK (outcome IS NULL OR outcome = 'success'"
	"    OR outcome = 'hopeful' OR outcome = 'revisit' OR outcome = 'hopeless'"
	"    OR outcome = 'observe'),"
	"  cost INTEGER CHECK (cost IS NULL OR cost >= 0),"
	"  notes TEXT,"
	"  plan_id INTEGER UNIQUE REFERENCES visit_plans(id),"
	"  created_at TEXT NOT NULL,"
	"  created_by TEXT NOT NULL"
	");"
	"CREATE INDEX visits_customer ON visits(customer_id, role, channel, date);"
	VISIT_LATE_INDEXES,

	/* 6: credit (SPEC 3.6): a customer's own limit and terms, a group
	** limit over it and its subsidiaries, and the blacklist, with the
	** status the customer had before it (which comes back when it
	** leaves) */
	"CREATE TABLE credit ("
	"  customer_id INTEGER PRIMARY KEY REFERENCES customers(id),"
	"  credit_limit INTEGER CHECK (credit_limit IS NULL OR credit_limit >= 0),"
	"  terms INTEGER CHECK (terms IS NULL OR terms >= 0),"
	"  group_limit INTEGER CHECK (group_limit IS NULL OR group_limit >= 0),"
	"  set_at TEXT NOT NULL,"
	"  set_by TEXT NOT NULL"
	");"
	"CREATE TABLE credit_blacklist ("
	"  customer_id INTEGER PRIMARY KEY REFERENCES customers(id),"
	"  since TEXT NOT NULL,"
	"  until TEXT,"
	"  reason TEXT NOT NULL,"
	"  source TEXT NOT NULL CHECK (source = 'rule' OR source = 'manual'),"
	"  listed_by TEXT NOT NULL,"
	"  status_before TEXT NOT NULL"
	");",

	/* 7: early warnings (SPEC 3.6, seed 001 预警管理): expenses with
	** their approval requests and budgets, major events, and the
	** warnings each crm-alert --new run raised */
	"CREATE TABLE expense_requests ("
	"  id INTEGER PRIMARY KEY,"
	"  customer_id INTEGER NOT NULL REFERENCES customers(id),"
	"  date TEXT NOT NULL,"
	"  kind TEXT NOT NULL CHECK (kind = 'entertainment' OR kind = 'gift'"
	"    OR kind = 'travel' OR kind = 'other'),"
	"  amount INTEGER NOT NULL CHECK (amount > 0),"
	"  purpose TEXT NOT NULL,"
	"  status TEXT NOT NULL DEFAULT 'pending' CHECK (status = 'pending'"
	"    OR status = 'approved' OR status = 'rejected'),"
	"  requested_by TEXT NOT NULL,"
	"  requested_at TEXT NOT NULL,"
	"  decided_by TEXT,"
	"  decided_at TEXT,"
	"  reason TEXT"
	");"
	"CREATE TABLE expenses ("
	"  id INTEGER PRIMARY KEY,"
	"  customer_id INTEGER NOT NULL REFERENCES customers(id),"
	"  date TEXT NOT NULL,"
	"  kind TEXT NOT NULL CHECK (kind = 'entertainment' OR kind = 'gift'"
	"    OR kind = 'travel' OR kind = 'other'),"
	"  amount INTEGER NOT NULL CHECK (amount > 0),"
	"  request_id INTEGER UNIQUE REFERENCES expense_requests(id),"
	"  note TEXT,"
	"  created_at TEXT NOT NULL,"
	"  created_by TEXT NOT NULL"
	");"
	"CREATE INDEX expenses_customer ON expenses(customer_id, date);"
	"CREATE TABLE expense_budgets ("
	"  id INTEGER PRIMARY KEY,"
	"  customer_id INTEGER REFERENCES customers(id),"
	"  grade TEXT,"
	"  period TEXT NOT NULL,"
	"  start_date TEXT NOT NULL,"
	"  end_date TEXT NOT NULL,"
	"  amount INTEGER NOT NULL CHECK (amount > 0),"
	"  set_at TEXT NOT NULL,"
	"  set_by TEXT NOT NULL,"
	"  CHECK ((customer_id IS NULL) <> (grade IS NULL)),"
	"  UNIQUE (customer_id, start_date, end_date),"
	"  UNIQUE (grade, start_date, end_date)"
	");"
	"CREATE TABLE events ("
	"  id INTEGER PRIMARY KEY,"
	"  customer_id INTEGER NOT NULL REFERENCES customers(id),"
	"  date TEXT NOT NULL,"
	"  kind TEXT NOT NULL CHECK (kind = 'theft' OR kind = 'accident' OR kind = 'split'"
	"    OR kind = 'illness' OR kind = 'bankruptcy' OR kind = 'other'),"
	"  note TEXT NOT NULL,"
	"  created_at TEXT NOT NULL,"
	"  created_by TEXT NOT NULL"
	");"
	"CREATE INDEX events_date ON events(date);"
	"CREATE INDEX events_customer ON events(customer_id, date);"
	"CREATE TABLE alert_seen ("
	"  key TEXT PRIMARY KEY,"
	"  customer_id INTEGER NOT NULL,"
	"  run_at TEXT NOT NULL"
	") WITHOUT ROWID;",

	/* 8: complaints (SPEC 3.7, seed 003 篇5): cases numbered by month
	** (complaint_serials keeps each month's last serial, so that a
	** number is never given twice), and every step of each case */
	"CREATE TABLE complaint_serials ("
	"  month TEXT PRIMARY KEY,"
	"  last INTEGER NOT NULL"
	") WITHOUT ROWID;"
	"CREATE TABLE complaints ("
	"  id INTEGER PRIMARY KEY,"
	"  number TEXT NOT NULL UNIQUE,"
	"  customer_id INTEGER NOT NULL REFERENCES customers(id),"
	"  opened TEXT NOT NULL,"
	"  channel TEXT NOT NULL CHECK (channel = 'phone' OR channel = 'letter'"
	"    OR channel = 'visit' OR channel = 'online'),"
	"  category TEXT NOT NULL CHECK (category = 'quality' OR category = 'service'"
	"    OR category = 'delivery' OR category = 'price' OR category = 'other'),"
	"  description TEXT NOT NULL,"
	"  product TEXT,"
	"  order_ref TEXT,"
	"  qty NUMERIC,"
	"  defect_qty NUMERIC,"
	"  request TEXT,"
	"  severity TEXT NOT NULL CHECK (severity = 'urgent' OR severity = 'normal'),"
	"  is_foreign INTEGER NOT NULL DEFAULT 0,"
	"  status TEXT NOT NULL CHECK (status = 'open' OR status = 'assigned'"
	"    OR status = 'resolved' OR status = 'closed' OR status = 'void'),"
	"  assignee TEXT,"
	"  deadline TEXT NOT NULL,"
	"  resolution TEXT,"
	"  responsible TEXT,"
	"  loss INTEGER CHECK (loss IS NULL OR loss >= 0),"
	"  closed TEXT,"
	"  satisfaction INTEGER CHECK (satisfaction IS NULL OR satisfaction BETWEEN 1 AND 5),"
	"  created_at TEXT NOT NULL,"
	"  created_by TEXT NOT NULL"
	");"
	"CREATE INDEX complaints_customer ON complaints(customer_id, status);"
	"CREATE INDEX complaints_opened ON complaints(opened);"
	"CREATE TABLE complaint_history ("
	"  id INTEGER PRIMARY KEY,"
	"  complaint_id INTEGER NOT NULL REFERENCES complaints(id),"
	"  date TEXT NOT NULL,"
	"  step TEXT NOT NULL,"
	"  note TEXT,"
	"  actor TEXT NOT NULL,"
	"  recorded_at TEXT NOT NULL"
	");"
	"CREATE INDEX complaint_history_case ON complaint_history(complaint_id);",

	/* 9: a foreign customer (SPEC 3.7: 20 days for its complaints);
	** quoted, as FOREIGN is an SQL word */
	"ALTER TABLE customers ADD COLUMN \"foreign\" TEXT"
	"  CHECK (\"foreign\" IS NULL OR \"foreign\" = 'yes');",

	/* 10: sales_ref by customer first.  Its look-ups (a return's sale,
	** an import's duplicate key) always give the customer, and an ERP
	** export lists a customer's rows together: keyed (customer_id, ref)
	** an import inserts where the customer's rows are, keyed (ref,
	** customer_id) at a random place for every row, which cost a
	** 10M-row import more than the rest of its work. */
	"DROP INDEX sales_ref;"
	"CREATE INDEX sales_ref ON sales(customer_id, ref) WHERE ref IS NOT NULL;",

	/* 11: owners, the public pool and loyalty points (SPEC 3.8, seed 003
	** 篇2 and 篇10).  The public pool stays what it was: status
	** 'public' (allowed since version 1) with no owner, so no table is
	** rebuilt.  owner_history keeps every move of an owner after a
	** customer was filed; the owner a customer was filed with is its
	** owner since created_at.  The date an owner got a customer is the
	** date of the customer's latest owner_history row, else the day of
	** created_at.  The owner changes crm-edit made before this version
	** (customer_history) are copied in, so that the date is right for
	** them too.  A handover keeps the customers it moves (the owner's
	** customers when it was filed) in handover_customers.  points is a
	** ledger: a balance is a sum, never stored; the unique index makes
	** the referral credit once per referred customer and each credit of
	** sales once per level reached (upto), so that crm-points accrue run
	** twice credits nothing more. */
	"ALTER TABLE customers ADD COLUMN referred_by INTEGER REFERENCES customers(id);"
	"CREATE INDEX customers_referred_by ON customers(referred_by)"
	"  WHERE referred_by IS NOT NULL;"
	"CREATE TABLE handovers ("
	"  id INTEGER PRIMARY KEY,"
	"  number TEXT NOT NULL UNIQUE,"
	"  date TEXT NOT NULL,"
	"  from_owner TEXT NOT NULL,"
	"  to_owner TEXT NOT NULL,"
	"  type TEXT NOT NULL CHECK (type = 'same-post' OR type = 'other-post'),"
	"  status TEXT NOT NULL CHECK (status = 'pending' OR status = 'approved'"
	"    OR status = 'rejected'),"
	"  approver TEXT,"
	"  reason TEXT,"
	"  decided TEXT,"
	"  created_at TEXT NOT NULL,"
	"  created_by TEXT NOT NULL,"
	"  CHECK (from_owner <> to_owner)"
	");"
	"CREATE TABLE handover_customers ("
	"  handover_id INTEGER NOT NULL REFERENCES handovers(id),"
	"  customer_id INTEGER NOT NULL REFERENCES customers(id),"
	"  PRIMARY KEY (handover_id, customer_id)"
	") WITHOUT ROWID;"
	"CREATE TABLE owner_history ("
	"  id INTEGER PRIMARY KEY,"
	"  customer_id INTEGER NOT NULL REFERENCES customers(id),"
	"  date TEXT NOT NULL,"
	"  from_owner TEXT,"
	"  to_owner TEXT,"
	"  reason TEXT NOT NULL,"
	"  actor TEXT NOT NULL,"
	"  handover TEXT REFERENCES handovers(number),"
	"  recorded_at TEXT NOT NULL"
	");"
	"CREATE INDEX owner_history_customer ON owner_history(customer_id, id);"
	"INSERT INTO owner_history(customer_id, date, from_owner, to_owner, reason, actor,"
	"  recorded_at) SELECT customer_id, substr(at, 1, 10), old_value, new_value,"
	"  'changed by ' || command, actor, at FROM customer_history WHERE field = 'owner'"
	"  ORDER BY id;"
	"CREATE TABLE points ("
	"  id INTEGER PRIMARY KEY,"
	"  customer_id INTEGER NOT NULL REFERENCES customers(id),"
	"  date TEXT NOT NULL,"
	"  points INTEGER NOT NULL CHECK (points <> 0),"
	"  kind TEXT NOT NULL CHECK (kind = 'manual' OR kind = 'redeem'"
	"    OR kind = 'referral' OR kind = 'sales'),"
	"  source INTEGER REFERENCES customers(id),"
	"  upto INTEGER,"
	"  reason TEXT NOT NULL,"
	"  created_at TEXT NOT NULL,"
	"  created_by TEXT NOT NULL,"
	"  CHECK ((kind = 'redeem') = (points < 0)),"
	"  CHECK ((kind = 'referral' OR kind = 'sales') = (source IS NOT NULL))"
	");"
	"CREATE INDEX points_customer ON points(customer_id, id);"
	"CREATE UNIQUE INDEX points_referral ON points(source) WHERE kind = 'referral';"
	"CREATE UNIQUE INDEX points_sales ON points(customer_id, source, upto)"
	"  WHERE kind = 'sales';",

	/* 12: satisfaction surveys and sales opportunities (SPEC 3.9).  A
	** survey is a score of 1 to 5 (a complaint's closing score stays the
	** complaint's); a deal keeps its stage and probability now, the
	** probability given by hand (own_probability, NULL: the stage's),
	** and every move in deal_moves, the opening first (from_stage NULL).
	** Amounts in fen. */
	"CREATE TABLE surveys ("
	"  id INTEGER PRIMARY KEY,"
	"  customer_id INTEGER NOT NULL REFERENCES customers(id),"
	"  date TEXT NOT NULL,"
	"  score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),"
	"  channel TEXT CHECK (channel IS NULL OR channel = 'phone' OR channel = 'visit'"
	"    OR channel = 'online' OR channel = 'letter'),"
	"  comments TEXT,"
	"  created_at TEXT NOT NULL,"
	"  created_by TEXT NOT NULL"
	");"
	"CREATE INDEX surveys_customer ON surveys(customer_id, date);"
	"CREATE INDEX surveys_date ON surveys(date);"
	"CREATE TABLE deals ("
	"  id INTEGER PRIMARY KEY,"
	"  customer_id INTEGER NOT NULL REFERENCES customers(id),"
	"  title TEXT NOT NULL,"
	"  amount INTEGER NOT NULL CHECK (amount >= 0),"
	"  stage TEXT NOT NULL CHECK (stage = 'lead' OR stage = 'qualified'"
	"    OR stage = 'proposal' OR stage = 'negotiation' OR stage = 'won' OR stage = 'lost'),"
	"  probability INTEGER NOT NULL CHECK (probability BETWEEN 0 AND 100),"
	"  own_probability INTEGER CHECK (own_probability IS NULL"
	"    OR own_probability BETWEEN 0 AND 100),"
	"  expected TEXT NOT NULL,"
	"  owner TEXT,"
	"  opened TEXT NOT NULL,"
	"  created_at TEXT NOT NULL,"
	"  created_by TEXT NOT NULL"
	");"
	"CREATE INDEX deals_customer ON deals(customer_id, stage);"
	"CREATE INDEX deals_opened ON deals(opened);"
	"CREATE TABLE deal_moves ("
	"  id INTEGER PRIMARY KEY,"
	"  deal_id INTEGER NOT NULL REFERENCES deals(id),"
	"  date TEXT NOT NULL,"
	"  from_stage TEXT,"
	"  to_stage TEXT NOT NULL,"
	"  probability INTEGER NOT NULL,"
	"  actor TEXT NOT NULL,"
	"  recorded_at TEXT NOT NULL"
	");"
	"CREATE INDEX deal_moves_deal ON deal_moves(deal_id);",
};

/* Drop (create false) or build again (create true) the indexes of
** table that a bulk load builds after loading (customers: every
** secondary index; visits: those it never reads), inside the caller's
** transaction. */
void
crm_schema_bulk_indexes(crm_store *s, enum crm_bulk_table table, bool create)
{
	static const char *const sql[][2] = {
		[CRM_BULK_CUSTOMERS] = {
			"DROP INDEX customers_code;"
			"DROP INDEX customers_mobile; DROP INDEX customers_email;"
			"DROP INDEX customers_name_company; DROP INDEX customers_owner;"
			"DROP INDEX customers_region;",
			CUSTOMER_INDEXES,
		},
		[CRM_BULK_VISITS] = { "DROP INDEX visits_date;", VISIT_LATE_INDEXES },
	};

	crm_sql_exec(s, sql[table][create]);
}

/* Drop (create false) or create again the trigger that raises
** region_serials on every insert with a code, inside the caller's
** transaction: an import raises the sequences itself. */
void
crm_schema_serial_trigger(crm_store *s, bool create)
{
	crm_sql_exec(s, create ? CUSTOMER_SERIAL_TRIGGER :
	    "DROP TRIGGER customers_code_serial;");
}

int
crm_schema_version(void)
{
	return (int)(sizeof migrations / sizeof migrations[0]);
}

/* Bring the store to the latest schema.  Each step runs in its own
** IMMEDIATE transaction and re-reads the version inside it, so two
** programs creating the same store at once migrate it once.  Returns the
** version found before migrating. */
int
crm_schema_migrate(crm_store *s)
{
	int latest = crm_schema_version(), v, first;

	first = v = crm_store_user_version(s);
	if (v > latest)
		crm_die(CRM_EX_UNAVAILABLE, "store '%s' has schema version %d, "
		    "newer than this crm (%d); upgrade crm", crm_store_file(s), v, latest);
	if (v < latest)
		crm_store_foreign_keys(s, false);
	while (v < latest) {
		crm_store_begin(s);
		v = crm_store_user_version(s);
		if (v >= latest) {
			crm_store_commit(s);
			break;
		}
		crm_sql_exec(s, migrations[v]);
		if (v == 0)
			crm_regions_seed(s);
		/* only a migration that rebuilds a table can leave a reference
		** dangling (2 rebuilt customers); the others add tables, and a
		** check of the whole store would read a big ledger once per
		** step */
		if (v == 1)
			crm_store_foreign_key_check(s);
		crm_store_set_user_version(s, v + 1);
		crm_store_commit(s);
		v++;
	}
	crm_store_foreign_keys(s, true);
	return first;
}
