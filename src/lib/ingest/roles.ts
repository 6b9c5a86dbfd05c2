import type { Row } from '../engine/engine';
import type { Role } from '../schema/types';

export interface ColumnInfo {
  name: string;
  type: string;
}

/** `Customer ID`, `customer_id` and `CustomerID` all become `customerid`. */
export function normalName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * Names per role, best first, already normalised. A name on these lists wins over a name that
 * only contains one of the `hints`; within each kind the list order decides.
 */
const NAMES: Record<Role, { exact: string[]; hints: RegExp[] }> = {
  user: {
    exact: ['userid', 'user', 'customerid', 'customer', 'visitorid', 'visitor', 'clientid', 'client', 'mqlid', 'leadid', 'contactid', 'accountid', 'memberid', 'personid', 'distinctid', 'anonymousid', 'subscriberid', 'email', 'emailaddress'],
    hints: [/^(user|customer|visitor|client|member|account|contact|lead|person)/, /(user|customer|visitor|client)(id|key)$/]
  },
  time: {
    exact: ['timestamp', 'eventtime', 'eventtimestamp', 'eventdate', 'datetime', 'time', 'ts', 'date', 'occurredat', 'createdat', 'invoicedate', 'orderdate', 'purchasedate', 'transactiondate'],
    hints: [/(date|time|timestamp)$/, /[_ ]at$|[a-z]At$/, /date|time/]
  },
  event: {
    exact: ['event', 'eventname', 'eventtype', 'eventaction', 'action', 'activity', 'activitytype', 'interaction', 'type', 'name'],
    hints: [/^event/, /(event|action|activity)/]
  },
  channel: {
    exact: ['channel', 'utmsource', 'origin', 'source', 'medium', 'utmmedium', 'trafficsource', 'marketingchannel', 'channelgroup'],
    hints: [/channel/, /^utm(source|medium)/]
  },
  campaign: { exact: ['campaign', 'utmcampaign', 'campaignname', 'campaignid'], hints: [/campaign/] },
  revenue: {
    exact: ['revenue', 'amount', 'dollarvalue', 'value', 'spend', 'sales', 'totalamount', 'ordervalue', 'gmv'],
    hints: [/revenue|amount/]
  },
  order: {
    exact: ['orderid', 'order', 'invoice', 'invoiceno', 'invoiceid', 'invoicenumber', 'transactionid', 'ordernumber'],
    hints: [/^(order|invoice|transaction)(id|no|number)?$/]
  },
  score: { exact: ['nps', 'npsscore', 'score', 'rating', 'csat', 'csatscore', 'satisfaction'], hints: [/(nps|csat|rating|score)$/] }
};

/** The order roles pick their column in: a column serves one role, the more specific first. */
const PICK_ORDER: Role[] = ['user', 'time', 'event', 'order', 'revenue', 'score', 'channel', 'campaign'];

export const TEMPORAL = /^(DATE|TIMESTAMP|TIME)/i;
export const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|REAL|DECIMAL)/i;
const TIME_TEXT = /^\s*(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{8}$|\d{9,13}(\.\d+)?$)/;
const NUMBER_TEXT = /^\s*-?\d+([.,]\d+)?\s*$/;

function present(values: unknown[]): unknown[] {
  return values.filter((v) => v !== null && v !== undefined && String(v).trim() !== '');
}

/** Whether the sample agrees with the role the name suggests (an empty sample does not object). */
function valuesFit(role: Role, col: ColumnInfo, sample: Row[]): boolean {
  const values = present(sample.map((r) => r[col.name]));
  if (values.length === 0) return role !== 'user' && role !== 'time' ? true : sample.length === 0;
  const share = (test: (v: unknown) => boolean) => values.filter(test).length / values.length;
  switch (role) {
    case 'time':
      return TEMPORAL.test(col.type) || share((v) => TIME_TEXT.test(String(v))) >= 0.8;
    case 'revenue':
    case 'score':
      return NUMERIC.test(col.type) || share((v) => NUMBER_TEXT.test(String(v))) >= 0.8;
    case 'event':
    case 'channel':
    case 'campaign':
      // A column of numbers or dates is rarely an event name or a channel.
      return !NUMERIC.test(col.type) && !TEMPORAL.test(col.type) && share((v) => NUMBER_TEXT.test(String(v))) < 0.5;
    case 'user':
    case 'order':
      return !TEMPORAL.test(col.type);
  }
}

/**
 * Money that was declared, planned or forecast is not money earned (Olist's
 * `declared_monthly_revenue` is what a seller said it makes): never guessed as revenue.
 */
const NOT_EARNED = /declared|estimated|expected|forecast|projected|planned|target|budget|potential|quota/;

/** How well a column's name fits a role: 0 best, higher worse, -1 not at all (names only). */
export function nameRank(role: Role, col: ColumnInfo): number {
  const n = normalName(col.name);
  if (role === 'revenue' && NOT_EARNED.test(n)) return -1;
  const { exact, hints } = NAMES[role];
  const e = exact.indexOf(n);
  if (e >= 0) return e;
  // Hints see the folded name and the name as written (`created_at`, `createdAt`: a word `at`).
  const h = hints.findIndex((re) => re.test(n) || re.test(col.name));
  return h >= 0 ? exact.length + h : -1;
}

/**
 * Guesses which column plays each role, from the column names first and a sample of values
 * second (a `date` column of free text is not the time). Unrecognised roles are left out.
 * Revenue as a product (price × quantity) is never guessed: see `revenueProducts`.
 */
export function guessRoles(columns: ColumnInfo[], sample: Row[]): Partial<Record<Role, string>> {
  const out: Partial<Record<Role, string>> = {};
  const used = new Set<string>();
  for (const role of PICK_ORDER) {
    let best: { col: ColumnInfo; r: number } | undefined;
    for (const col of columns) {
      if (used.has(col.name)) continue;
      const r = nameRank(role, col);
      if (r < 0 || (best && best.r <= r)) continue;
      if (!valuesFit(role, col, sample)) continue;
      best = { col, r };
    }
    if (best) {
      out[role] = best.col.name;
      used.add(best.col.name);
    }
  }
  return out;
}

/**
 * The columns whose names fit some role: the only ones `guessRoles` reads values of. A sample of
 * these alone is enough (2,000 unnamed columns cost 150 ms a sample for nothing).
 */
export function nameCandidates(columns: ColumnInfo[]): ColumnInfo[] {
  return columns.filter((c) => PICK_ORDER.some((r) => nameRank(r, c) >= 0));
}

/** Pairs of numeric columns a person may want as revenue (`{"product": [quantity, price]}`). */
export function revenueProducts(columns: ColumnInfo[]): [string, string][] {
  const numeric = columns.filter((c) => NUMERIC.test(c.type) || /^VARCHAR/i.test(c.type));
  const qty = numeric.filter((c) => /^(units?|count|numberof\w+)$|quantity|qty/.test(normalName(c.name)));
  const price = numeric.filter((c) => /(price|unitprice|unitcost|cost)$/.test(normalName(c.name)));
  const out: [string, string][] = [];
  for (const q of qty) for (const p of price) if (q.name !== p.name) out.push([q.name, p.name]);
  return out;
}
