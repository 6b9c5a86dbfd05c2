/// <reference lib="webworker" />
/**
 * Writes one kept file for a browser whose file handles have no `createWritable()` (Safari before
 * it had one): OPFS's synchronous access handle, which only a worker may open. The bytes are read
 * from the Blob a chunk at a time and written where they belong, never held whole.
 */
import type { WorkerWrite, WorkerWritten } from './kept-store';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = async (e: MessageEvent<WorkerWrite>) => {
  const { folder, name, data } = e.data;
  let handle: FileSystemSyncAccessHandle | undefined;
  try {
    const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle(folder, { create: true });
    handle = await (await dir.getFileHandle(name, { create: true })).createSyncAccessHandle();
    let at = 0;
    if (data instanceof Uint8Array) at = handle.write(data, { at: 0 });
    else {
      const reader = data.stream().getReader();
      for (let r = await reader.read(); !r.done; r = await reader.read()) at += handle.write(r.value, { at });
    }
    handle.truncate(at);
    handle.flush();
    scope.postMessage({ ok: true } satisfies WorkerWritten);
  } catch (err) {
    scope.postMessage({ ok: false, name: (err as Error).name, message: (err as Error).message } satisfies WorkerWritten);
  } finally {
    handle?.close();
  }
};
