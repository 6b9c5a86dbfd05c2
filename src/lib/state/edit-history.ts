/**
 * When an edit of the dashboard makes a browser history entry (Back and Forward walk through a
 * person's edits) and when it only rewrites the current one. Plain TS: the page passes the clock.
 *
 * - A write that is not an edit (the first dashboard after the files are read, results arriving,
 *   a state re-applied from Back/Forward) replaces the current entry.
 * - A choice (a select, a button, a drag) is one entry.
 * - Typing (a title, a stage name) is one entry per burst: writes with the same `key` less than
 *   `quietMs` after the previous one replace it, so Back undoes the whole word, not a letter.
 */
export interface Edit {
  /** What is edited, e.g. "title", "panel-title:2"; typing on the same key coalesces. */
  key: string;
  /** Text typed key by key (debounced); otherwise every edit is an entry. */
  typing?: boolean;
}

export type HistoryMode = 'push' | 'replace';

export class EditHistory {
  private last: { key: string; at: number } | null = null;

  constructor(private quietMs = 1000) {}

  /** The mode of the write for `edit` (null: not a person's edit) made at `now` (ms). */
  mode(edit: Edit | null, now: number): HistoryMode {
    if (!edit) return 'replace';
    const burst = edit.typing === true && this.last !== null && this.last.key === edit.key && now - this.last.at < this.quietMs;
    this.last = edit.typing ? { key: edit.key, at: now } : null;
    return burst ? 'replace' : 'push';
  }

  /** After Back/Forward: the next keystroke starts an entry of its own. */
  reset(): void {
    this.last = null;
  }
}
