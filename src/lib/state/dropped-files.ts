import { baseName, type SourceFile } from '../ingest/import';

/**
 * Files dropped onto the page, split into those read already (same name: a newer export read again
 * in place, keeping its mapping) and new ones (added). Of several dropped with one name, the last
 * counts, as if dropped one after another.
 */
export function splitDropped(sources: readonly SourceFile[], known: readonly string[]): { again: SourceFile[]; fresh: SourceFile[] } {
  const last = new Map<string, SourceFile>();
  for (const s of sources) {
    const name = baseName(s.name);
    last.delete(name);
    last.set(name, s);
  }
  const again: SourceFile[] = [];
  const fresh: SourceFile[] = [];
  for (const [name, s] of last) (known.includes(name) ? again : fresh).push(s);
  return { again, fresh };
}
