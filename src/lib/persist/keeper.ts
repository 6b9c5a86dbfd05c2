/**
 * Keeps the session of the page between visits: the dropped files (their bytes) and the
 * dashboard's link fragment, in the store (kept-store.ts); on start, hands back what to reopen.
 * Every write is queued, one at a time, so the manifest always lists files in the session's order.
 * The page shows `view` (a $state object there, a plain one in the tests).
 */
import { byteSize, type SourceFile } from '../ingest/import';
import { EMPTY, nextStoredName, restorePlan, unlisted, withFragment, type KeptFile, type Manifest, type PageOpen } from './manifest';
import { FORGOTTEN, UNAVAILABLE, fits, freeBytes, keptNote, missingNote, noRoomReason, offerNote, type Estimate } from './keeping';
import { isQuotaError, type KeptStore } from './kept-store';

export interface KeptView {
  /** What is (not) kept, in plain words; null when there is nothing to say. */
  note: string | null;
  /** Whether files are kept, i.e. whether "Forget this data" has anything to remove. */
  kept: boolean;
}

export interface Reopen {
  sources: SourceFile[];
  /** The kept dashboard to apply to them; null to use the page's own link (or none). */
  fragment: string | null;
  /** Reopen now (a reload, the bare address); otherwise the page offers it (see restorePlan). */
  auto: boolean;
}

export class Keeper {
  private manifest: Manifest = EMPTY;
  private store: KeptStore | null = null;
  /** What is kept of each source (by its bytes' object): none is written twice. */
  private entries = new WeakMap<object, KeptFile>();
  /** The kept fragment was written by this page (not left by an earlier visit). */
  private fragmentFresh = false;
  private queue: Promise<unknown> = Promise.resolve();
  /** After "Forget this data": nothing more is kept in this page's life. */
  private stopped = false;

  /** `store` resolves to null where the browser cannot keep files (the page then says so). */
  constructor(
    store: Promise<KeptStore | null>,
    public view: KeptView,
    private estimate: () => Promise<Estimate | null> = async () => null
  ) {
    void this.enqueue(async () => {
      this.store = await store.catch(() => null);
    });
  }

  /** What an earlier visit kept, to reopen now or to offer; null when there is nothing (or no store). */
  restore(page: PageOpen): Promise<Reopen | null> {
    return this.enqueue(async () => {
      if (!this.store) return null;
      const m = await this.store.readManifest();
      const plan = restorePlan(m, page);
      const sources: SourceFile[] = [];
      const lost: string[] = [];
      for (const f of plan.files) {
        try {
          const data = await this.store.readFile(f.stored);
          this.entries.set(data, m.files.find((k) => k.stored === f.stored)!);
          sources.push({ name: f.name, data });
        } catch {
          lost.push(f.name);
        }
      }
      // A file that went missing from storage is no longer kept: the manifest says so from now on.
      this.manifest = { ...m, files: m.files.map((f) => (lost.includes(f.name) && f.stored ? { ...f, stored: null, reason: 'it could not be read back from this browser' } : f)) };
      if (lost.length) await this.store.writeManifest(this.manifest).catch(() => undefined);
      const kept = this.manifest.files.filter((f) => f.stored !== null);
      const note = plan.auto || !sources.length ? keptNote(kept) : offerNote(kept);
      this.view.note = [note, missingNote([...plan.missing, ...lost])].filter(Boolean).join(' ') || null;
      this.view.kept = kept.length > 0;
      return sources.length ? { sources, fragment: plan.fragment, auto: plan.auto } : null;
    });
  }

  /**
   * Keeps the session's files, in order: each new one is written, and kept files the session no
   * longer has (an earlier visit's, when other files were dropped instead) are removed.
   */
  keep(sources: readonly SourceFile[]): Promise<void> {
    return this.enqueue(async () => {
      if (this.stopped || sources.length === 0) return;
      const store = this.store;
      if (!store) {
        this.view.note = UNAVAILABLE;
        return;
      }
      const files: KeptFile[] = [];
      for (const s of sources) {
        let entry = this.entries.get(s.data);
        if (!entry) {
          entry = await this.keepOne(store, s, [...this.manifest.files, ...files]);
          this.entries.set(s.data, entry);
        }
        files.push(entry);
      }
      if (files.length === this.manifest.files.length && files.every((f, i) => f === this.manifest.files[i])) return;
      const gone = unlisted(this.manifest.files, files);
      // An earlier visit's dashboard does not describe other files.
      const fragment = gone.length && !this.fragmentFresh ? null : this.manifest.fragment;
      this.manifest = { ...this.manifest, files, fragment };
      await this.saveManifest();
      for (const g of gone) await store.removeFile(g).catch(() => undefined);
    });
  }

  private async keepOne(store: KeptStore, s: SourceFile, taken: KeptFile[]): Promise<KeptFile> {
    const size = byteSize(s.data);
    const entry = { name: s.name, size };
    const free = freeBytes(await this.estimate().catch(() => null));
    if (!fits(size, free)) return { ...entry, stored: null, reason: noRoomReason(size, free) };
    const stored = nextStoredName({ ...EMPTY, files: taken });
    try {
      await store.writeFile(stored, s.data);
      return { ...entry, stored };
    } catch (e) {
      const reason = isQuotaError(e) ? noRoomReason(size, free) : `it could not be written (${(e as Error).message})`;
      return { ...entry, stored: null, reason };
    }
  }

  /**
   * Keeps the dashboard's link (written by the page after every edit). Before any file is kept it
   * is only remembered: the manifest is written with the files.
   */
  saveFragment(fragment: string): Promise<void> {
    return this.enqueue(async () => {
      if (this.stopped || !this.store) return;
      this.fragmentFresh = true;
      if (this.manifest.fragment === (fragment || null)) return;
      this.manifest = withFragment(this.manifest, fragment);
      if (this.manifest.files.length) await this.saveManifest();
    });
  }

  /** Removes every kept file and the kept dashboard; nothing more is kept until a reload. */
  forget(): Promise<void> {
    return this.enqueue(async () => {
      this.stopped = true;
      this.manifest = EMPTY;
      try {
        await this.store?.clear();
      } catch (e) {
        // Nothing there to remove is what was asked for; anything else is said.
        if ((e as { name?: string })?.name !== 'NotFoundError') {
          this.view.note = `The kept files could not be removed (${(e as Error).message}). Your browser's site settings can clear this site's storage.`;
          return;
        }
      }
      this.view.note = FORGOTTEN;
      this.view.kept = false;
    });
  }

  private async saveManifest(): Promise<void> {
    try {
      await this.store!.writeManifest(this.manifest);
      this.view.note = keptNote(this.manifest.files);
      this.view.kept = this.manifest.files.some((f) => f.stored !== null);
    } catch (e) {
      // Without its manifest nothing kept can be found again: say so rather than pretend.
      this.view.kept = this.manifest.files.some((f) => f.stored);
      this.view.note = `The files could not be kept in this browser (${isQuotaError(e) ? 'its storage is full' : (e as Error).message}): after a reload, drop them again.`;
    }
  }

  private enqueue<T>(f: () => Promise<T>): Promise<T> {
    const p = this.queue.then(f, f);
    this.queue = p.catch(() => undefined);
    return p;
  }
}
