/** The page's keeper, on this browser's origin-private file system (none in a browser without it). */
import { Keeper, type KeptView } from './keeper';
import { KeptStore, type RootLike } from './kept-store';

export function browserKeeper(view: KeptView): Keeper {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
  const getRoot = storage && 'getDirectory' in storage ? () => storage.getDirectory() as unknown as Promise<RootLike> : undefined;
  return new Keeper(KeptStore.open(getRoot), view, async () => (storage?.estimate ? await storage.estimate() : null));
}
