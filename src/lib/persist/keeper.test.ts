import { describe, expect, it } from 'vitest';
import { FakeRoot } from '../../../tests/support/fake-opfs';
import { Keeper, type KeptView } from './keeper';
import { FOLDER, KeptStore } from './kept-store';
import { FORGOTTEN, HEADROOM, UNAVAILABLE } from './keeping';
import { MANIFEST_NAME, parseManifest } from './manifest';

const BARE = { fragment: '', reload: false };
const enc = (s: string) => new TextEncoder().encode(s);
const text = async (b: Blob) => new TextDecoder().decode(new Uint8Array(await b.arrayBuffer()));

function setup(root = new FakeRoot(), estimate?: () => Promise<{ quota: number; usage: number } | null>) {
  const view: KeptView = { note: null, kept: false };
  const keeper = new Keeper(KeptStore.open(async () => root), view, estimate);
  return { root, view, keeper, dir: () => root.dirs.get(FOLDER)! };
}

describe('Keeper', () => {
  it('keeps dropped files and the dashboard, and a new page gets them back in order', async () => {
    const a = setup();
    const events = new File([enc('user,ts,event\nu1,2024-01-01,view\n')], 'events.csv');
    const sources = [{ name: 'events.csv', data: events }, { name: 'spend.csv', data: enc('date,cost\n2024-01-01,3\n') }];
    await a.keeper.saveFragment('v1.before-files');
    await a.keeper.keep(sources);
    await a.keeper.saveFragment('v1.dash');
    // The same sources again (after "Add files"): nothing is written twice.
    expect(a.dir().writes).toEqual(['file-0', 'file-1', 'manifest.json', 'manifest.json']);
    await a.keeper.keep(sources);
    expect(a.dir().writes).toHaveLength(4);
    expect(a.view.kept).toBe(true);
    expect(a.view.note).toContain('Kept in this browser: events.csv (33 bytes) and spend.csv (23 bytes).');

    const b = setup(a.root);
    const r = await b.keeper.restore(BARE);
    expect(r!.fragment).toBe('v1.dash');
    expect(r!.sources.map((s) => s.name)).toEqual(['events.csv', 'spend.csv']);
    expect(await text(r!.sources[0].data as Blob)).toBe('user,ts,event\nu1,2024-01-01,view\n');
    expect(await text(r!.sources[1].data as Blob)).toBe('date,cost\n2024-01-01,3\n');
    expect(b.view.kept).toBe(true);
    // The reopened files are the session's: keeping them again writes nothing; a new one is added.
    const before = b.dir().writes.length;
    await b.keeper.keep([...r!.sources, { name: 'more.csv', data: enc('x') }]);
    expect(b.dir().writes.slice(before)).toEqual(['file-2', 'manifest.json']);
    const m = parseManifest(await text(await (await b.dir().getFileHandle(MANIFEST_NAME)).getFile()));
    expect(m!.files.map((f) => [f.name, f.stored])).toEqual([['events.csv', 'file-0'], ['spend.csv', 'file-1'], ['more.csv', 'file-2']]);
    expect(m!.fragment).toBe('v1.dash');
  });

  it('a link opened anew offers the kept files under that link; a reload reopens them at once', async () => {
    const a = setup();
    await a.keeper.keep([{ name: 'e.csv', data: enc('a,b\n1,2\n') }]);
    await a.keeper.saveFragment('v1.kept');
    const b = setup(a.root);
    const offer = await b.keeper.restore({ fragment: 'v1.link', reload: false });
    expect(offer).toMatchObject({ fragment: null, auto: false });
    expect(b.view.note).toBe('Kept in this browser from an earlier visit: e.csv (8 bytes). Open it with this link, or drop other files.');
    expect(await setup(a.root).keeper.restore({ fragment: 'v1.kept', reload: true })).toMatchObject({ fragment: null, auto: true });
    expect(await setup(a.root).keeper.restore(BARE)).toMatchObject({ fragment: 'v1.kept', auto: true });

    // Other files dropped instead: they are what is kept now; the earlier ones and their dashboard go.
    await b.keeper.keep([{ name: 'other.csv', data: enc('x,y\n') }]);
    expect([...b.dir().files.keys()].sort()).toEqual(['file-1', MANIFEST_NAME]);
    const c = await setup(a.root).keeper.restore(BARE);
    expect(c!.sources.map((x) => x.name)).toEqual(['other.csv']);
    expect(c!.fragment).toBeNull();
    expect(b.view.note).toBe('Kept in this browser: other.csv (4 bytes). This dashboard reopens here after a reload, even offline.');
  });

  it('a dashboard this page wrote stays with the files that replace an earlier visit\'s', async () => {
    const a = setup();
    await a.keeper.keep([{ name: 'e.csv', data: enc('1') }]);
    await a.keeper.saveFragment('v1.old');
    const b = setup(a.root);
    await b.keeper.restore({ fragment: 'v1.link', reload: false });
    // The link applied to the files dropped now: the page writes it before they are kept.
    await b.keeper.saveFragment('v1.link');
    await b.keeper.keep([{ name: 'f.csv', data: enc('2') }]);
    expect((await setup(a.root).keeper.restore(BARE))!.fragment).toBe('v1.link');
  });

  it('does not write a file that does not fit, and says so', async () => {
    const free = HEADROOM + 10;
    const a = setup(new FakeRoot(), async () => ({ quota: 1000 + free, usage: 1000 }));
    await a.keeper.keep([{ name: 'small.csv', data: enc('0123456789') }, { name: 'big.csv', data: enc('0123456789A') }]);
    expect(a.dir().files.has('file-0')).toBe(true);
    expect([...a.dir().files.keys()].sort()).toEqual(['file-0', MANIFEST_NAME]);
    expect(a.view.note).toContain('big.csv is not kept: it is 11 bytes, more than this browser lets the page store (about 4.0 MB free). After a reload, drop it again.');
    const r = await setup(a.root).keeper.restore(BARE);
    expect(r!.sources.map((s) => s.name)).toEqual(['small.csv']);
  });

  it('a write the storage refuses half way leaves nothing behind', async () => {
    const root = new FakeRoot(1000);
    const a = setup(root);
    // Streamed in two chunks: the second one does not fit.
    const big = new File([new Uint8Array(600), new Uint8Array(600)], 'big.csv');
    await a.keeper.keep([{ name: 'big.csv', data: big }]);
    expect(a.dir().files.has('file-0')).toBe(false);
    expect(a.view.kept).toBe(false);
    expect(a.view.note).toContain('big.csv is not kept: it is 1.2 KB, more than this browser lets the page store.');
    // Reopening: the file was dropped but not kept, so nothing comes back, and the page says it.
    const b = setup(root);
    expect(await b.keeper.restore(BARE)).toBeNull();
    expect(b.view.note).toBe('big.csv was not kept in this browser: drop it again to see the whole dashboard.');
  });

  it('"Forget this data" removes every kept file, and keeps nothing more', async () => {
    const a = setup();
    await a.keeper.keep([{ name: 'e.csv', data: enc('a,b\n1,2\n') }]);
    await a.keeper.forget();
    expect(a.root.dirs.has(FOLDER)).toBe(false);
    expect(a.view).toEqual({ note: FORGOTTEN, kept: false });
    await a.keeper.keep([{ name: 'f.csv', data: enc('c') }]);
    await a.keeper.saveFragment('v1.after');
    expect(a.root.dirs.has(FOLDER)).toBe(false);
    expect(await setup(a.root).keeper.restore(BARE)).toBeNull();
  });

  it('without a private file system the page says so and nothing breaks', async () => {
    const view: KeptView = { note: null, kept: false };
    const keeper = new Keeper(KeptStore.open(async () => Promise.reject(new DOMException('no', 'SecurityError'))), view);
    expect(await keeper.restore(BARE)).toBeNull();
    expect(view.note).toBeNull();
    await keeper.keep([{ name: 'e.csv', data: enc('a') }]);
    expect(view).toEqual({ note: UNAVAILABLE, kept: false });
    await keeper.saveFragment('v1.x');
    await keeper.forget();
    expect(await new Keeper(KeptStore.open(undefined), view).restore(BARE)).toBeNull();
  });

  it('a kept file gone from storage is reported, the others reopen', async () => {
    const a = setup();
    await a.keeper.keep([{ name: 'a.csv', data: enc('1') }, { name: 'b.csv', data: enc('2') }]);
    await a.dir().removeEntry('file-0');
    const b = setup(a.root);
    const r = await b.keeper.restore(BARE);
    expect(r!.sources.map((s) => s.name)).toEqual(['b.csv']);
    expect(b.view.note).toBe('Kept in this browser: b.csv (1 byte). This dashboard reopens here after a reload, even offline. a.csv was not kept in this browser: drop it again to see the whole dashboard.');
  });
});
