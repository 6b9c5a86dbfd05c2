import { isCrash, type Engine } from '../engine/engine';
import { isOutOfMemory } from './capacity';
import type { ImportedFile, ImportOptions } from './import';
import type { Warning } from './report';
import { finishTable } from './table';
import { checkTimes } from './time/time-checks';
import { guarded } from './watchdog';

/**
 * The import report's row checks: problems in the time column (the first 20,000 rows) and lines
 * that repeat an earlier line. Nothing a chart needs reads their result, so an import may leave
 * them for later (ImportOptions.deferChecks) and the page shows its first chart before they run
 * (docs/STARTUP.md). Their warnings are appended in this order, after all the others, whether
 * they run within the import or later: the report reads the same either way.
 */
export async function reportChecks(engine: Engine, file: string, table: string, columns: { name: string; type: string }[], rows: number, w: Warning[], opts: ImportOptions | null): Promise<void> {
  // Within an import: its time limit and Cancel. Later (opts null): none, since a time-out cancels
  // the engine's running statement, which may be another's while the checks wait their turn.
  const step = <T>(what: string, f: () => Promise<T>) => (opts ? guarded(engine, file, what, opts.timeoutMs ?? 120_000, opts.signal, f) : f());
  await step('checking the times', () => checkTimes(engine, table, columns, rows, w));
  await step('looking for repeated lines', () => finishTable(engine, table, columns, rows, w));
}

/**
 * What an import does at its end: the row checks, or (deferred) the mark that they are still to
 * run. Returns the `checks` field of the file (absent when they ran).
 */
export async function checksOrLater(engine: Engine, file: string, table: string, columns: { name: string; type: string }[], rows: number, w: Warning[], opts: ImportOptions): Promise<Pick<ImportedFile, 'checks'>> {
  if (opts.deferChecks) return { checks: { running: true } };
  await reportChecks(engine, file, table, columns, rows, w, opts);
  return {};
}

/**
 * Runs the deferred checks of `f` and returns it completed: its warnings with the checks' own
 * appended, and how many they added. A check that fails is not dropped: the file gets a warning
 * saying the checks could not finish and why. A crash of the engine is thrown (the session
 * rebuilds the engine, and the files read again are checked within their import).
 */
export async function runReportChecks(engine: Engine, f: ImportedFile): Promise<ImportedFile> {
  const found: Warning[] = [];
  try {
    await reportChecks(engine, f.file, f.table, f.columns, f.rows, found, null);
  } catch (e) {
    if (isCrash(e) && !isOutOfMemory(e)) throw e;
    // What the checks found before the failure stays; the failure says what is missing.
    found.push(checksFailed(f.file, e));
  }
  return { ...f, warnings: [...f.warnings, ...found], checks: { running: false, found: found.length } };
}

function checksFailed(file: string, e: unknown): Warning {
  const why = String((e as Error)?.message ?? e).split('\n')[0].replace(`${file}: `, '');
  return { code: 'checks_failed', message: `the checks for repeated lines and time problems could not finish (${why}): this report may miss some of them` };
}

/**
 * The files a page shows (`shown`), brought up to date once the session's deferred checks are over
 * (`now`: the session's files). A file whose checks ran takes its completed version; one read
 * again meanwhile (after a crash its import checks it) takes the new one, with the warnings it has
 * beyond the shown one counted as found; when the checks ended with an error (`stopped`), a file
 * still unchecked says so in a warning rather than "running" for ever. Unchanged: the same array.
 */
export function followedChecks(shown: ImportedFile[], now: ImportedFile[], stopped?: unknown): ImportedFile[] {
  let changed = false;
  const out = shown.map((s) => {
    if (!s.checks?.running) return s;
    const n = now.find((x) => x.table === s.table && x.file === s.file);
    if (n && !n.checks?.running) {
      changed = true;
      return n.checks ? n : { ...n, checks: { running: false as const, found: Math.max(0, n.warnings.length - s.warnings.length) } };
    }
    if (stopped === undefined) return s;
    changed = true;
    return { ...s, warnings: [...s.warnings, checksFailed(s.file, stopped)], checks: { running: false as const, found: 1 } };
  });
  return changed ? out : shown;
}
