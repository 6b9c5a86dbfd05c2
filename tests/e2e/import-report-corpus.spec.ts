import { expect, test, type Locator, type Page } from './fixtures';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'fflate';
import type { WarningCode } from '../../src/lib/ingest/report';
import { warningLabel, warningSentence } from '../../src/lib/ui/warning-labels';
import { inProcessCli } from '../cli/in-process';
import { fixturePath } from '../support/data';

/**
 * The page's import report for files of the bad-CSV corpus, read off the built app in Chromium,
 * equal to `journeyscope inspect` on the same bytes (main(argv) in-process, as
 * tests/cli/page-inspect-agree.test.ts does with the page's Session in Node). What is compared is
 * what a person sees: the encoding and gzip, the rows read, the count and the list of unreadable lines (line and reason,
 * behind "Show the … unreadable lines"), each warning's title and sentence (the code itself is the
 * title's tooltip), whether the mapper asks for a column (inspect's `mapping_incomplete`), and a
 * refusal's message naming the file.
 */

/** Files that load, each for what it shows. */
const LOADED: [name: string, shows: string][] = [
  ['11_crlf.csv', 'a clean file: no warning, no unreadable line'],
  ['03_utf8_bom.csv', 'a UTF-8 byte-order mark, read without a word'],
  ['04_utf16le_bom.csv', 'UTF-16 converted (encoding_converted)'],
  ['01_ragged_rows.csv', 'rejected lines (rejected_rows)'],
  ['37_footer_totals.csv', 'a footer left out, its lines listed (footer_excluded)'],
  ['43_currency_percent.csv', 'several codes: units_stripped twice, null_tokens_applied'],
  ['33_future_and_bogus_dates.csv', 'time checks: invalid_dates, future_dates, sentinel_dates'],
  ['02_unclosed_quote.csv', 'a quote that never closes (unbalanced_quote)']
];
/** The corpus has no gzip file: this one is made from a corpus file in the test. */
const GZIP = { from: '13_mixed_line_endings.csv', name: '13_mixed_line_endings.csv.gz' };
/** Files refused: the binary file that starts like gzip, the empty file. */
const REFUSED = ['49_binary_not_csv.csv', '17_empty_file.csv'];

/** Codes inspect adds from the mapping; the page asks the person instead (the mapper's questions). */
const MAPPING_CODES = new Set(['mapping_incomplete', 'ambiguous_date', 'mixed_date_formats']);

interface Report {
  /** The encoding and whether the file was gzip, as the card's header line says. */
  encoding: string;
  gzip: boolean;
  rows: number;
  rejected: string[];
  warnings: string[];
  codes: string[];
  asks: boolean;
}

interface InspectFile {
  encoding: string;
  compression?: string;
  rows: number;
  rejected: { line: number; reason: string }[];
  warnings: { code: WarningCode; message: string }[];
}

const dir = mkdtempSync(path.join(tmpdir(), 'journeyscope-report-'));
function corpusFile(name: string): string {
  const p = fixturePath('bad-csv', name);
  // The corpus sits beside the data sets; under CI its absence is a failure (tests/support/data.ts).
  expect(p, `the bad-CSV fixture ${name}`).toBeDefined();
  return p!;
}

const { cli, close } = inProcessCli();
test.afterAll(() => {
  close();
  rmSync(dir, { recursive: true, force: true });
});

/** What `journeyscope inspect` reports, as the page would show it. */
async function inspect(file: string): Promise<Report | { refused: string }> {
  const r = await cli('inspect', '--data', file);
  if (r.code !== 0) {
    expect(r.code, r.stderr).toBe(2);
    return { refused: r.stderr.trim().replace(/^journeyscope: /, '') };
  }
  const [f] = JSON.parse(r.stdout).files as InspectFile[];
  const shown = f.warnings.filter((w) => !MAPPING_CODES.has(w.code));
  return {
    encoding: f.encoding,
    gzip: f.compression === 'gzip',
    rows: f.rows,
    rejected: f.rejected.map((x) => `${x.line}: ${x.reason}`),
    warnings: shown.map((w) => `${warningLabel(w.code)}: ${warningSentence(w.message)}`).sort(),
    codes: shown.map((w) => w.code).sort(),
    asks: f.warnings.some((w) => w.code === 'mapping_incomplete')
  };
}

/** What the mapping screen shows for `name`. */
async function shown(page: Page, name: string): Promise<Report> {
  const card: Locator = page.getByTestId(`file-${name}`);
  await expect(card).toBeVisible();
  const rows = Number((await card.getByTestId('rows-loaded').innerText()).replace(/,/g, ''));
  // "CSV (gzip) · delimiter "," · utf-8 · 4 rows read"
  const line = await card.locator('header p').innerText();
  const encoding = /· ([\w-]+) ·\s*[\d,]+ rows read/.exec(line)?.[1] ?? `(no encoding in "${line}")`;
  const issues = card.getByTestId('import-issues');
  const rejected: string[] = [];
  const toggle = issues.getByRole('button', { name: /unreadable lines/ });
  if (await toggle.count()) {
    const n = Number(/the (\d+) unreadable/.exec(await toggle.innerText())![1]);
    // The header says it too.
    await expect(card.locator('header')).toContainText(`${n.toLocaleString('en')} lines could not be read`);
    await toggle.click();
    for (const tr of await issues.locator('tbody tr').all()) rejected.push((await tr.locator('td').allInnerTexts()).join(': '));
    expect(rejected).toHaveLength(n);
  } else {
    await expect(card.locator('header')).not.toContainText('could not be read');
  }
  const items = await issues.locator('li[data-code]').all();
  const warnings: string[] = [];
  const codes: string[] = [];
  for (const li of items) {
    warnings.push((await li.innerText()).trim());
    // The code is the title's tooltip.
    const title = (await li.locator('.code').getAttribute('title')) ?? '';
    codes.push(title.split(':')[0]);
    expect(await li.getAttribute('data-code')).toBe(codes.at(-1));
  }
  return { encoding, gzip: /\(gzip\)/.test(line), rows, rejected, warnings: warnings.sort(), codes: codes.sort(), asks: (await card.getByTestId('mapping-problems').count()) > 0 };
}

test('the import report on the page is what journeyscope inspect reports, for 11 corpus files', async ({ page }) => {
  const gz = path.join(dir, GZIP.name);
  writeFileSync(gz, gzipSync(new Uint8Array(readFileSync(corpusFile(GZIP.from)))));
  const loaded = [...LOADED.map(([name]) => ({ name, file: corpusFile(name) })), { name: GZIP.name, file: gz }];
  const refused = REFUSED.map((name) => ({ name, file: corpusFile(name) }));

  // The command line's side first (in this process, on one warm engine).
  const expected = new Map<string, Report | { refused: string }>();
  for (const { name, file } of [...refused, ...loaded]) expected.set(name, await inspect(file));

  await page.goto('/');
  await expect(page.getByTestId('engine-status')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });

  // A refusal: one line naming the file, the same as the command line's; the drop zone stays.
  for (const { name, file } of refused) {
    const want = expected.get(name) as { refused: string };
    expect(want.refused, `inspect refuses ${name}`).toBeDefined();
    expect(want.refused).toContain(name);
    await page.getByTestId('file-input').setInputFiles(file);
    const error = page.getByTestId('error');
    await expect(error).toContainText(name, { timeout: 60_000 });
    expect((await error.locator('p').innerText()).trim()).toBe(want.refused);
    await error.getByRole('button', { name: 'Dismiss' }).click();
    await expect(page.getByTestId('file-input')).toBeAttached();
  }

  // The files that load, dropped together: one card each on the mapping screen.
  await page.getByTestId('file-input').setInputFiles(loaded.map((l) => l.file));
  await expect(page.getByTestId('confirm')).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('error')).toHaveCount(0);
  const seenCodes = new Set<string>();
  for (const { name } of loaded) {
    const want = expected.get(name) as Report;
    expect('refused' in want ? want : null, `inspect loads ${name}`).toBeNull();
    const got = await shown(page, name);
    expect({ name, ...got }).toEqual({ name, ...want });
    for (const c of got.codes) seenCodes.add(c);
  }
  // The selection covers what it claims: clean files, rejected lines and warnings of several codes.
  expect([...seenCodes].sort()).toEqual(
    expect.arrayContaining(['encoding_converted', 'footer_excluded', 'future_dates', 'invalid_dates', 'line_endings_normalized', 'null_tokens_applied', 'rejected_rows', 'sentinel_dates', 'unbalanced_quote', 'units_stripped'])
  );
});

test('a 300-character column name is cut, said so, and widens neither the mapping screen nor its pickers', async ({ page }) => {
  const long = `customer_identifier_${'x'.repeat(280)}`;
  const file = path.join(dir, 'long-name.csv');
  writeFileSync(file, `${long},event_time,event\n` + Array.from({ length: 20 }, (_, i) => `u${i},2024-01-0${1 + (i % 9)} 10:00:00,visit\n`).join(''));
  await page.goto('/');
  await expect(page.getByTestId('engine-status')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  await page.getByTestId('file-input').setInputFiles(file);
  await expect(page.getByTestId('confirm')).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('li[data-code=header_shortened]')).toHaveCount(1);
  // The user picker lists the (cut) name and still fits the page's width.
  const picker = page.getByRole('combobox', { name: "Each row's user" });
  await expect(picker).toHaveValue(long.slice(0, 256));
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  expect(scroll).toBeLessThanOrEqual(client);
});
