/**
 * Decisions and words of keeping files in this browser: whether a file fits the storage left, and
 * what the page tells the user. Plain data in, text out (see keeper.svelte.ts for the browser side).
 */
import type { KeptFile } from './manifest';

/** Room left free beside a kept file: the manifest and the browser's own bookkeeping. */
export const HEADROOM = 4 * 1024 * 1024;

export interface Estimate {
  quota?: number;
  usage?: number;
}

/** Bytes the origin may still write, or null when the browser does not say. */
export function freeBytes(e: Estimate | null): number | null {
  if (!e || typeof e.quota !== 'number') return null;
  return Math.max(0, e.quota - (e.usage ?? 0));
}

/** Whether a file of `size` bytes should be written at all (a write that fails is undone anyway). */
export function fits(size: number, free: number | null): boolean {
  return free === null || size + HEADROOM <= free;
}

export function sizeText(bytes: number): string {
  if (bytes < 1024) return bytes === 1 ? '1 byte' : `${bytes} bytes`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = bytes / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[u]}`;
}

export function noRoomReason(size: number, free: number | null): string {
  const room = free === null ? '' : ` (about ${sizeText(free)} free)`;
  return `it is ${sizeText(size)}, more than this browser lets the page store${room}`;
}

export const UNAVAILABLE =
  'This browser does not let the page keep files (its private storage is off or unavailable, as in some private windows): after a reload, drop the files again.';

export const FORGOTTEN = 'Nothing is kept in this browser any more. This dashboard stays open until you reload or close the page.';

/** What the page says about the files of this session, given what the manifest holds. */
export function keptNote(files: readonly KeptFile[]): string | null {
  if (files.length === 0) return null;
  const kept = files.filter((f) => f.stored !== null);
  const not = files.filter((f) => f.stored === null);
  const parts: string[] = [];
  if (kept.length) {
    parts.push(`Kept in this browser: ${list(kept.map((f) => `${f.name} (${sizeText(f.size)})`))}. This dashboard reopens here after a reload, even offline.`);
  }
  for (const f of not) parts.push(`${f.name} is not kept${f.reason ? `: ${f.reason}` : ''}. After a reload, drop it again.`);
  return parts.join(' ');
}

/** What the page says when a link was opened and files of an earlier visit are kept (offered, not opened). */
export function offerNote(kept: readonly KeptFile[]): string | null {
  if (kept.length === 0) return null;
  return `Kept in this browser from an earlier visit: ${list(kept.map((f) => `${f.name} (${sizeText(f.size)})`))}. Open ${kept.length === 1 ? 'it' : 'them'} with this link, or drop other files.`;
}

/** What the page says when files dropped in an earlier visit were not kept. */
export function missingNote(missing: readonly string[]): string | null {
  if (missing.length === 0) return null;
  return `${list(missing)} ${missing.length === 1 ? 'was' : 'were'} not kept in this browser: drop ${missing.length === 1 ? 'it' : 'them'} again to see the whole dashboard.`;
}

function list(xs: readonly string[]): string {
  return xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
}
