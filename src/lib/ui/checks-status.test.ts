import { expect, it } from 'vitest';
import type { Warning } from '../ingest/report';
import { checksStatus } from './checks-status';

const dup: Warning = { code: 'duplicate_rows', message: '2 lines repeat an earlier line exactly: 5, 9' };
const future: Warning = { code: 'future_dates', message: '1 date in time column "t" lies in the future' };
const blank: Warning = { code: 'blank_lines_skipped', message: '1 blank line skipped: 3' };

it('says nothing when the checks ran within the import', () => {
  expect(checksStatus({ warnings: [dup] }, undefined, 'report')).toBeNull();
});

it('says the checks still run, then what they added', () => {
  expect(checksStatus({ warnings: [blank], checks: { running: true } }, undefined, 'report')).toEqual({ running: true, text: expect.stringMatching(/^Still checking for repeated lines/) });
  expect(checksStatus({ warnings: [blank], checks: { running: false, found: 0 } }, undefined, 'report')?.text).toBe('Checked for repeated lines and problems in the times: nothing more found.');
  // The last `found` warnings are the checks' own: the blank lines came with the import.
  expect(checksStatus({ warnings: [blank, future, dup], checks: { running: false, found: 2 } }, undefined, 'report')?.text).toBe('Checked for repeated lines and problems in the times: 2 more warnings, listed above.');
  expect(checksStatus({ warnings: [blank, future], checks: { running: false, found: 1 } }, undefined, 'summary')?.text).toBe('Checked for repeated lines and problems in the times: 1 more warning, listed under “Edit columns”.');
});

it('counts only the warnings the mapping shows', () => {
  // Each row a customer: repeated lines are expected, and the report does not list them.
  expect(checksStatus({ warnings: [blank, dup], checks: { running: false, found: 1 } }, { user: { row: true } } as never, 'report')?.text).toBe('Checked for repeated lines and problems in the times: nothing more found.');
});
