import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DiskBlob } from '../../src/lib/engine/disk-blob';
import { rng } from '../support/rng';

const dir = mkdtempSync(path.join(tmpdir(), 'disk-blob-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Byte equality (vitest's deep equality walks 200k elements one by one). */
const same = (a: ArrayBuffer, b: ArrayBuffer) => Buffer.from(a).equals(Buffer.from(b));

describe('DiskBlob: a file on disk as a Blob, past 4 GB too', () => {
  it('a 5 GB file (sparse) has its true size, and a slice at its end reads the bytes there', async () => {
    const p = path.join(dir, 'big.csv');
    const size = 5 * 2 ** 30;
    const fd = openSync(p, 'w');
    writeSync(fd, 'user,event\n', 0);
    writeSync(fd, 'u9,last\n', size - 8);
    closeSync(fd);
    const blob = DiskBlob.of(p);
    expect(blob).toBeInstanceOf(Blob);
    expect(blob.size).toBe(size);
    expect(await blob.slice(-8).text()).toBe('u9,last\n');
    expect(await blob.slice(size - 8, size - 3).text()).toBe('u9,la');
    expect(await blob.slice(0, 11).text()).toBe('user,event\n');
  });

  it('slices, bytes, text and stream agree with an in-memory Blob of the same bytes (random ranges, negative ends)', async () => {
    const r = rng(7);
    const bytes = new Uint8Array(200_000).map(() => Math.floor(r() * 256));
    const p = path.join(dir, 'small.bin');
    writeFileSync(p, bytes);
    const disk = DiskBlob.of(p);
    const mem = new Blob([bytes]);
    expect(disk.size).toBe(mem.size);
    const pick = () => Math.floor(r() * 260_000) - 30_000;
    for (let i = 0; i < 60; i++) {
      const [a, b] = [pick(), pick()];
      const d = disk.slice(a, b);
      const m = mem.slice(a, b);
      expect(d.size).toBe(m.size);
      expect(same(await d.arrayBuffer(), await m.arrayBuffer())).toBe(true);
      // a slice of a slice
      const dd = d.slice(3, -2);
      const mm = m.slice(3, -2);
      expect(same(await dd.arrayBuffer(), await mm.arrayBuffer())).toBe(true);
    }
    const chunks: Uint8Array[] = [];
    for await (const c of disk.slice(1000, 150_000).stream() as unknown as AsyncIterable<Uint8Array>) chunks.push(c);
    expect(Buffer.concat(chunks).equals(Buffer.from(bytes.subarray(1000, 150_000)))).toBe(true);
    expect(await DiskBlob.of(p).slice(5, 5).text()).toBe('');
  });
});
