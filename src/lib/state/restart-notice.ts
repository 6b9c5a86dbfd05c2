import type { RestartEvent } from '../session/session';

/**
 * The one message the page shows when the engine was rebuilt (Session.recover): what happened and
 * what it means for the person's work, in plain words.
 */
export function restartNotice(ev: RestartEvent): string | null {
  const files = ev.files === 1 ? 'your file' : `your ${ev.files} files`;
  const what = ev.cancelled ? 'A cancelled query did not stop, so the analysis engine was ended' : `The analysis engine stopped (${ev.reason})`;
  if (ev.phase === 'started') return ev.files ? `${what}. Restarting it and reading ${files} again…` : `${what}. Restarting it…`;
  if (ev.phase === 'done') return ev.files ? `${what} and was restarted: ${files} read again and everything on screen computed again.` : `${what} and was restarted.`;
  return null;
}
