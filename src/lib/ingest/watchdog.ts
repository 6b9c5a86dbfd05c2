import type { Engine } from '../engine/engine';
import { ImportError } from '../schema/errors';

/**
 * No import may hang: every engine step races a timer, and on time-out the running query is
 * cancelled (in the page; the blocking Node build runs each query to completion on its thread, so
 * there a time-out can only be reported after the fact) and the import fails with a message.
 */
export async function guarded<T>(engine: Engine, file: string, what: string, ms: number, signal: AbortSignal | undefined, step: () => Promise<T>): Promise<T> {
  if (signal?.aborted) throw new ImportError(`${file}: the import was cancelled`, file);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  const stop = new Promise<never>((_, reject) => {
    if (Number.isFinite(ms)) timer = setTimeout(() => {
      void engine.cancel();
      reject(new ImportError(`${file}: ${what} took longer than ${Math.round(ms / 1000)} s and was cancelled`, file));
    }, ms);
    onAbort = () => {
      void engine.cancel();
      reject(new ImportError(`${file}: the import was cancelled`, file));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([step(), stop]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}
