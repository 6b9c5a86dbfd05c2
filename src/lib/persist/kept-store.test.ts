import { describe, expect, it } from 'vitest';
import { FakeRoot } from '../../../tests/support/fake-opfs';
import { FOLDER, KeptStore, type WorkerWrite } from './kept-store';

const enc = (s: string) => new TextEncoder().encode(s);

async function workerOnly(inWorker?: (w: WorkerWrite) => Promise<void>) {
  const root = new FakeRoot();
  (await root.getDirectoryHandle(FOLDER, { create: true })).writable = false;
  return { root, store: (await KeptStore.open(async () => root, inWorker))! };
}

describe('KeptStore', () => {
  it('writes through the worker where file handles cannot be written from the page', async () => {
    const asked: WorkerWrite[] = [];
    const { store } = await workerOnly(async (w) => void asked.push(w));
    const file = new File([enc('a,b\n')], 'e.csv');
    await store.writeFile('file-0', file);
    // The File itself goes to the worker (a Blob is passed by reference, not copied).
    expect(asked).toEqual([{ folder: FOLDER, name: 'file-0', data: file }]);
  });

  it('a worker write the storage refuses leaves no file behind, and says why', async () => {
    const { root, store } = await workerOnly(async () => {
      throw Object.assign(new Error('full'), { name: 'QuotaExceededError' });
    });
    await expect(store.writeFile('file-0', enc('x'))).rejects.toMatchObject({ name: 'QuotaExceededError' });
    expect(root.dirs.get(FOLDER)!.files.has('file-0')).toBe(false);
  });

  it('without a worker either, the write fails in words', async () => {
    const { store } = await workerOnly();
    await expect(store.writeFile('file-0', enc('x'))).rejects.toThrow('this browser cannot write files here');
  });

  it('reads back a damaged manifest as none', async () => {
    const root = new FakeRoot();
    const store = (await KeptStore.open(async () => root))!;
    await store.writeFile('manifest.json', enc('{"v":1,"files":'));
    expect(await store.readManifest()).toEqual({ v: 1, files: [], fragment: null });
  });
});
