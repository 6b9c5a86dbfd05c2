/** The page's keeper, on this browser's origin-private file system (none in a browser without it). */
import { Keeper, type KeptView } from './keeper';
import { KeptStore, type RootLike, type WorkerWrite, type WorkerWritten } from './kept-store';
import type { PageOpen } from './manifest';

export function browserKeeper(view: KeptView): Keeper {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
  const getRoot = storage && 'getDirectory' in storage ? () => storage.getDirectory() as unknown as Promise<RootLike> : undefined;
  return new Keeper(KeptStore.open(getRoot, writeInWorker), view, async () => (storage?.estimate ? await storage.estimate() : null));
}

/** One write in a worker of its own (browsers without createWritable; see opfs-writer.worker.ts). */
function writeInWorker(w: WorkerWrite): Promise<void> {
  const worker = new Worker(new URL('./opfs-writer.worker.ts', import.meta.url), { type: 'module' });
  return new Promise<void>((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<WorkerWritten>) => {
      if (e.data.ok) resolve();
      else reject(Object.assign(new Error(e.data.message), { name: e.data.name }));
    };
    worker.onerror = (e) => reject(new Error(e.message || 'the file writer stopped'));
    worker.postMessage(w);
  }).finally(() => worker.terminate());
}

/** How this page was opened: its link, and whether by a reload (or back/forward) rather than a link followed. */
export function pageOpen(): PageOpen {
  const nav = performance.getEntriesByType?.('navigation')[0] as PerformanceNavigationTiming | undefined;
  return { fragment: location.hash.slice(1), reload: nav?.type === 'reload' || nav?.type === 'back_forward' };
}
