/**
 * What this browser keeps of a session between visits (see docs/PERSISTENCE.md): the list of
 * files in the order they were dropped (each with the name it is stored under, or why it is not
 * kept) and the dashboard's link fragment. Stored as JSON beside the files in the origin-private
 * file system; everything here is plain data, no browser API.
 */

export const MANIFEST_NAME = 'manifest.json';

export interface KeptFile {
  /** The name the file was dropped with: the link's sources name files by it. */
  name: string;
  size: number;
  /** The file's name in the kept folder, or null when it is not kept (`reason` says why). */
  stored: string | null;
  reason?: string;
}

export interface Manifest {
  v: 1;
  files: KeptFile[];
  /** The link fragment the page last wrote (without '#'), null before the first dashboard. */
  fragment: string | null;
}

export const EMPTY: Manifest = { v: 1, files: [], fragment: null };

/** The manifest read back; null for anything that is not one (a damaged file is not trusted). */
export function parseManifest(text: string): Manifest | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(v) || v.v !== 1 || !Array.isArray(v.files)) return null;
  if (v.fragment !== null && typeof v.fragment !== 'string') return null;
  const files: KeptFile[] = [];
  for (const f of v.files) {
    if (!isObject(f) || typeof f.name !== 'string' || typeof f.size !== 'number' || !(f.stored === null || isStoredName(f.stored))) return null;
    files.push({ name: f.name, size: f.size, stored: f.stored, ...(typeof f.reason === 'string' ? { reason: f.reason } : {}) });
  }
  return { v: 1, files, fragment: v.fragment };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Stored names are ours alone (`file-<n>`): a manifest can never point outside its own entries. */
export function isStoredName(s: unknown): s is string {
  return typeof s === 'string' && /^file-\d{1,6}$/.test(s);
}

/** The stored name of the next file: one past the highest in use, never reused while kept. */
export function nextStoredName(m: Manifest): string {
  const used = m.files.map((f) => (f.stored ? Number(f.stored.slice(5)) : -1));
  return `file-${Math.max(-1, ...used) + 1}`;
}

export function withFile(m: Manifest, f: KeptFile): Manifest {
  return { ...m, files: [...m.files, f] };
}

export function withFragment(m: Manifest, fragment: string | null): Manifest {
  return { ...m, fragment: fragment || null };
}

/** True when the manifest holds nothing worth reopening or forgetting. */
export function isEmpty(m: Manifest): boolean {
  return m.files.length === 0 && m.fragment === null;
}

export interface RestorePlan {
  /** Files to register again, in the order they were dropped (the session's order). */
  files: { name: string; stored: string }[];
  /** Files that were dropped but not kept: the user has to drop them again. */
  missing: string[];
  /**
   * The dashboard to reopen: the kept fragment, unless the page was opened with a link of its own
   * (then that link is the dashboard, as for files dropped by hand), or nothing was kept.
   */
  fragment: string | null;
  /**
   * Reopen at once: on a reload, or at the app's bare address. A link opened anew (a shared or
   * bookmarked dashboard) is a dashboard for the files dropped next, as it always was: the page
   * offers the kept files instead of replacing what the link asks for.
   */
  auto: boolean;
}

export interface PageOpen {
  /** The page's own link fragment (without '#'), '' for none. */
  fragment: string;
  /** Opened by reloading the page (or going back to it), not by following a link. */
  reload: boolean;
}

export function restorePlan(m: Manifest, page: PageOpen): RestorePlan {
  const files = m.files.filter((f): f is KeptFile & { stored: string } => f.stored !== null).map((f) => ({ name: f.name, stored: f.stored }));
  return {
    files,
    missing: m.files.filter((f) => f.stored === null).map((f) => f.name),
    fragment: files.length && !page.fragment ? m.fragment : null,
    auto: files.length > 0 && (!page.fragment || page.reload)
  };
}

/** Stored files of `before` that `after` no longer lists: to delete once `after` is written. */
export function unlisted(before: readonly KeptFile[], after: readonly KeptFile[]): string[] {
  const still = new Set(after.map((f) => f.stored));
  return before.map((f) => f.stored).filter((s): s is string => s !== null && !still.has(s));
}
