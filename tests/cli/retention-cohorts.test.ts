import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { closeTo } from '../analysis/support/close-to';
import { inProcessCli } from './in-process';

/**
 * `journeyscope run` on `retention` and `cohorts` specs and small CSVs (main() in-process). Every
 * expected number is worked out by hand in the comments (docs/SPEC.md, Retention; docs/COHORTS.md).
 */
const { cli, close } = inProcessCli();
afterAll(close);
let dir: string;

function run(data: string, spec: object) {
  const specFile = path.join(dir, `spec-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(specFile, JSON.stringify(spec));
  return cli('run', '--data', path.join(dir, data), '--spec', specFile);
}

async function ok(data: string, spec: object): Promise<unknown> {
  const r = await run(data, spec);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout.trim().split('\n')).toHaveLength(1);
  return JSON.parse(r.stdout);
}

/** Deep equality, ratios to 1e-9 (the message shows both sides when it fails). */
function expectClose(got: unknown, want: unknown) {
  if (!closeTo(got, want)) expect(got).toEqual(want);
}

// Weeks start on Monday: A = Jan 1–7 2024, B = Jan 8–14, C = Jan 15–21, D = Jan 22–28.
const SIGNUPS = [
  'customer,time,action,plan',
  'a,2024-01-01 09:00:00,signup,pro', //   A
  'a,2024-01-09 10:00:00,buy,', //         B
  'a,2024-01-16 10:00:00,buy,', //         C
  'b,2024-01-03 12:00:00,signup,free', //  A
  'b,2024-01-17 08:00:00,buy,', //         C
  'c,2024-01-08 10:00:00,signup,pro', //   B
  'c,2024-01-08 11:00:00,buy,', //         B: c's own start period, never a return
  'c,2024-01-15 09:00:00,buy,', //         C
  'd,2024-01-10 00:00:00,signup,free', //  B
  'a,2024-01-20 10:00:00,signup,pro', //   C: a's second signup (a cohort only when recurring)
  'e,2024-01-22 10:00:00,buy,' //          D: the last event, so D is the last period with data
].join('\n') + '\n';

// A purchase log: no event column, revenue = qty × price, one order per invoice.
const ORDERS = [
  'customer,date,qty,price,invoice',
  'x,2024-01-05 10:00:00,2,10,I1', //  Jan: 20
  'x,2024-01-05 10:00:00,1,5,I1', //   Jan: 5, same order
  'x,2024-02-10 10:00:00,1,30,I2', //  Feb: 30
  'y,2024-01-20 10:00:00,3,10,I3', //  Jan: 30
  'z,2024-02-01 00:00:00,1,100,I4', // Feb: 100
  'y,2024-03-02 10:00:00,1,8,I5', //   Mar: 8
  'z,2024-03-31 23:59:59,2,6,I6' //    Mar: 12 (the last event: March is the last period with data)
].join('\n') + '\n';

const signupColumns = { user: 'customer', time: 'time', event: 'action' };
const orderColumns = { user: 'customer', time: 'date', event: { value: 'purchase' }, revenue: { product: ['qty', 'price'] }, order: 'invoice' };

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'journeyscope-retention-'));
  writeFileSync(path.join(dir, 'signups.csv'), SIGNUPS);
  writeFileSync(path.join(dir, 'orders.csv'), ORDERS);
});

describe('journeyscope run: retention', async () => {
  test('first-time weekly retention with a breakdown by the start event\'s plan', async () => {
    const got = await ok('signups.csv', {
      version: 1, columns: signupColumns,
      analysis: { kind: 'retention', start: { event: 'signup' }, return: { event: 'buy' }, period: 'week', periods: 3, mode: 'first_time', breakdown: 'plan' }
    });
    // Cohort A {a, b}: week B a buys (1); week C a and b buy (2); week D nobody (0). D is the last
    // period with data and still running: incomplete from 3.
    // Cohort B {c, d} (a's first signup is in A): week C c buys (1); week D nobody (0); period 3
    // would be week E, past the data: null. Incomplete from 2 (D − B).
    // Total: retained [2+2, 1+1, 2+0, 0], eligible [4, 4, 4, 2] (only A reaches period 3).
    // Breakdown (plan of the first signup): pro = a (A), c (B); free = b (A), d (B). Both groups
    // have 2 users: code-point order puts "free" first.
    expectClose(got, {
      kind: 'retention', period: 'week',
      cohorts: [
        { start: '2024-01-01', size: 2, retained: [2, 1, 2, 0], incomplete_from: 3 },
        { start: '2024-01-08', size: 2, retained: [2, 1, 0, null], incomplete_from: 2 }
      ],
      total: { size: 4, retained: [4, 2, 2, 0], eligible: [4, 4, 4, 2] },
      breakdown: [
        {
          value: 'free',
          cohorts: [
            { start: '2024-01-01', size: 1, retained: [1, 0, 1, 0], incomplete_from: 3 },
            { start: '2024-01-08', size: 1, retained: [1, 0, 0, null], incomplete_from: 2 }
          ],
          total: { size: 2, retained: [2, 0, 1, 0], eligible: [2, 2, 2, 1] }
        },
        {
          value: 'pro',
          cohorts: [
            { start: '2024-01-01', size: 1, retained: [1, 1, 1, 0], incomplete_from: 3 },
            { start: '2024-01-08', size: 1, retained: [1, 1, 0, null], incomplete_from: 2 }
          ],
          total: { size: 2, retained: [2, 2, 1, 0], eligible: [2, 2, 2, 1] }
        }
      ]
    });
  });

  test('recurring, cumulative ("on or after") weekly retention', async () => {
    const got = await ok('signups.csv', {
      version: 1, columns: signupColumns,
      analysis: { kind: 'retention', start: { event: 'signup' }, return: { event: 'buy' }, period: 'week', periods: 2, mode: 'recurring', cumulative: true }
    });
    // Recurring: a is in A and in C. Cumulative: retained at n if a return lies in c + n or later.
    // A {a, b}: n=1 a (B), b (C) → 2; n=2 a (C), b (C) → 2. D − A = 3 > 2 periods: incomplete null.
    // B {c, d}: n=1 c (C) → 1; n=2 (week D) nobody → 0; incomplete from 2.
    // C {a}: n=1 (D) nothing → 0; n=2 past the data → null; incomplete from 1.
    // Total: size 5 (a counts twice), retained [5, 3, 2], eligible [5, 5, 4].
    expectClose(got, {
      kind: 'retention', period: 'week',
      cohorts: [
        { start: '2024-01-01', size: 2, retained: [2, 2, 2], incomplete_from: null },
        { start: '2024-01-08', size: 2, retained: [2, 1, 0], incomplete_from: 2 },
        { start: '2024-01-15', size: 1, retained: [1, 0, null], incomplete_from: 1 }
      ],
      total: { size: 5, retained: [5, 3, 2], eligible: [5, 5, 4] }
    });
  });

  test('a breakdown on a column the data does not have exits 2 naming it', async () => {
    const r = await run('signups.csv', {
      version: 1, columns: signupColumns,
      analysis: { kind: 'retention', start: { event: 'signup' }, return: { event: 'buy' }, breakdown: 'country' }
    });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('"country"');
  });
});

describe('journeyscope run: cohorts', async () => {
  test('monthly acquisition cohorts of a purchase log: users, revenue, LTV, orders, repeat purchase', async () => {
    const got = await ok('orders.csv', { version: 1, columns: orderColumns, analysis: { kind: 'cohorts', period: 'month', periods: 2 } });
    // January {x, y}: x buys 25 (I1, two rows) in Jan and 30 in Feb; y 30 in Jan, 8 in Mar.
    //   users [2, 1, 1]; revenue [55, 30, 8]; LTV [55/2, 85/2, 93/2]; orders [2, 1, 1] / 2;
    //   repeat: by Feb x has 2 orders (1 of 2), by Mar y too (2 of 2). March − January = 2.
    // February {z}: 100 in Feb, 12 on Mar 31 23:59:59; April is past the data (eligible 0, null).
    // Total: each user at their own offsets: eligible [3, 3, 2]; n=1 x (Feb), z (Mar) active.
    expectClose(got, {
      kind: 'cohorts', period: 'month', by: null,
      cohorts: [
        {
          cohort: '2024-01-01', size: 2, eligible: [2, 2, 2], users: [2, 1, 1], retention: [1, 0.5, 0.5],
          revenue: [55, 30, 8], cumulative_revenue_per_user: [27.5, 42.5, 46.5], orders_per_user: [1, 0.5, 0.5],
          repeat_purchase_rate: [0, 0.5, 1], incomplete_from: 2
        },
        {
          cohort: '2024-02-01', size: 1, eligible: [1, 1, 0], users: [1, 1, null], retention: [1, 1, null],
          revenue: [100, 12, null], cumulative_revenue_per_user: [100, 112, null], orders_per_user: [1, 1, null],
          repeat_purchase_rate: [0, 1, null], incomplete_from: 1
        }
      ],
      total: {
        size: 3, eligible: [3, 3, 2], users: [3, 2, 1], retention: [1, 2 / 3, 0.5],
        revenue: [155, 42, 8], cumulative_revenue_per_user: [155 / 3, 197 / 3, 46.5], orders_per_user: [1, 2 / 3, 0.5],
        repeat_purchase_rate: [0, 2 / 3, 1]
      }
    });
  });

  test('cohorts by a column of the acquisition event, on a click stream with a named purchase event', async () => {
    const got = await ok('signups.csv', {
      version: 1, columns: signupColumns,
      analysis: { kind: 'cohorts', period: 'week', periods: 1, by: 'plan', activity: { event: 'signup' }, purchase: { event: 'buy' } }
    });
    // Acquisition = first signup: a, c → "pro"; b, d → "free"; e never signs up (no cohort).
    // Offsets are per user (a: A, b: A, c: B, d: B). Activity = signups only: at n=1 nobody signs
    // up again (a's second signup is at offset 2). Each buy row is an order (no order column),
    // revenue null adds 0. pro: n=0 c's buy at 01-08 11:00; n=1 a's buy in B and c's in C →
    // orders [1, 2] / 2; by n=1 c has 2 orders (repeat 1 of 2), a 1. free: b buys only in C
    // (offset 2), d never. Total: orders [1, 2] / 4, repeat [0, 1/4].
    const zero = { revenue: [0, 0], cumulative_revenue_per_user: [0, 0] };
    expectClose(got, {
      kind: 'cohorts', period: 'week', by: 'plan',
      cohorts: [
        { cohort: 'free', size: 2, eligible: [2, 2], users: [2, 0], retention: [1, 0], ...zero, orders_per_user: [0, 0], repeat_purchase_rate: [0, 0] },
        { cohort: 'pro', size: 2, eligible: [2, 2], users: [2, 0], retention: [1, 0], ...zero, orders_per_user: [0.5, 1], repeat_purchase_rate: [0, 0.5] }
      ],
      total: { size: 4, eligible: [4, 4], users: [4, 0], retention: [1, 0], ...zero, orders_per_user: [0.25, 0.5], repeat_purchase_rate: [0, 0.25] }
    });
  });
});
