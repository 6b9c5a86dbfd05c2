import { describe, expect, it } from 'vitest';
import { copyTitle, insertAt, keyTarget, moveItem, ownTitle, removeAt, startView } from './dashboard-edits';
import { EditHistory } from './edit-history';
import { addStage, purchaseStage, removeStage, renameStage } from './stage-edits';

describe('panel list edits', () => {
  it('moves an item forward, back, and clamps the target', () => {
    expect(moveItem(['a', 'b', 'c', 'd'], 0, 2)).toEqual(['b', 'c', 'a', 'd']);
    expect(moveItem(['a', 'b', 'c', 'd'], 3, 1)).toEqual(['a', 'd', 'b', 'c']);
    expect(moveItem(['a', 'b', 'c'], 1, 99)).toEqual(['a', 'c', 'b']);
    expect(moveItem(['a', 'b', 'c'], 5, 0)).toEqual(['a', 'b', 'c']);
  });
  it('inserts back at the place an item was removed from (undo)', () => {
    const list = ['a', 'b', 'c'];
    const removed = removeAt(list, 1);
    expect(removed).toEqual(['a', 'c']);
    expect(insertAt(removed, 1, 'b')).toEqual(list);
    expect(insertAt(['a'], 7, 'z')).toEqual(['a', 'z']);
  });
  it('maps keys to the next place in the grid', () => {
    expect(keyTarget('ArrowUp', 2, 4)).toBe(1);
    expect(keyTarget('ArrowLeft', 2, 4)).toBe(1);
    expect(keyTarget('ArrowDown', 2, 4)).toBe(3);
    expect(keyTarget('ArrowRight', 3, 4)).toBeNull();
    expect(keyTarget('ArrowUp', 0, 4)).toBeNull();
    expect(keyTarget('Home', 3, 4)).toBe(0);
    expect(keyTarget('End', 1, 4)).toBe(3);
    expect(keyTarget('End', 3, 4)).toBeNull();
    expect(keyTarget('a', 1, 4)).toBeNull();
  });
  it('names copies without clashing', () => {
    expect(copyTitle('Funnel', [])).toBe('Funnel (copy)');
    expect(copyTitle('Funnel', ['Funnel (copy)'])).toBe('Funnel (copy 2)');
    expect(copyTitle('Funnel (copy)', ['Funnel (copy)'])).toBe('Funnel (copy 2)');
  });
  it('a new retention or cohort panel starts wide, others in one column', () => {
    expect(startView('retention')).toEqual({ wide: true });
    expect(startView('cohorts')).toEqual({ wide: true });
    expect(startView('funnel')).toEqual({});
  });
  it('keeps a typed title trimmed; an empty one means the default', () => {
    expect(ownTitle('  Checkout  ')).toBe('Checkout');
    expect(ownTitle('   ')).toBeUndefined();
    expect(ownTitle('Funnel')).toBe('Funnel');
  });
});

describe('history entries', () => {
  it('a write that is not an edit replaces; each choice pushes', () => {
    const h = new EditHistory(1000);
    expect(h.mode(null, 0)).toBe('replace');
    expect(h.mode({ key: 'view:1' }, 10)).toBe('push');
    expect(h.mode({ key: 'view:1' }, 20)).toBe('push');
  });
  it('typing on one key is one entry until a pause of quietMs', () => {
    const h = new EditHistory(1000);
    expect(h.mode({ key: 'title', typing: true }, 0)).toBe('push');
    expect(h.mode({ key: 'title', typing: true }, 400)).toBe('replace');
    expect(h.mode({ key: 'title', typing: true }, 1300)).toBe('replace'); // 900 ms after the last key
    expect(h.mode({ key: 'title', typing: true }, 2300)).toBe('push'); // a pause of 1000 ms
  });
  it('another key, a choice in between, or Back starts a new entry', () => {
    const h = new EditHistory(1000);
    h.mode({ key: 'title', typing: true }, 0);
    expect(h.mode({ key: 'panel-title:1', typing: true }, 100)).toBe('push');
    expect(h.mode({ key: 'panel-title:1', typing: true }, 200)).toBe('replace');
    h.mode({ key: 'wide:1' }, 300);
    expect(h.mode({ key: 'panel-title:1', typing: true }, 400)).toBe('push');
    h.reset();
    expect(h.mode({ key: 'panel-title:1', typing: true }, 500)).toBe('push');
    expect(h.mode(null, 550)).toBe('replace');
  });
});

describe('stage edits', () => {
  const s = [{ name: 'awareness', events: ['visit'] }, { name: 'consideration', events: ['view'] }, { name: 'purchase', events: ['buy'] }];
  it('adds, renames and removes with plain messages', () => {
    expect(addStage(s, ' loyalty ')).toEqual({ ok: true, stages: [...s, { name: 'loyalty', events: [] }] });
    expect(addStage(s, 'purchase')).toEqual({ ok: false, message: 'There is already a stage called "purchase".' });
    expect(addStage(s, '  ')).toEqual({ ok: false, message: 'A stage needs a name.' });
    const r = renameStage(s, 2, 'Bought');
    expect(r.ok && r.stages[2]).toEqual({ name: 'Bought', events: ['buy'] });
    expect(renameStage(s, 2, 'purchase').ok).toBe(true);
    expect(renameStage(s, 1, 'awareness').ok).toBe(false);
    expect(removeStage(s, 0).map((x) => x.name)).toEqual(['consideration', 'purchase']);
  });
  it('the purchasers tile follows "purchase", else the third stage, else none', () => {
    expect(purchaseStage(s)).toBe('purchase');
    expect(purchaseStage([{ name: 'Purchase', events: [] }, ...s.slice(0, 2)])).toBe('Purchase');
    expect(purchaseStage([{ name: 'seen', events: [] }, { name: 'tried', events: [] }, { name: 'bought', events: [] }, { name: 'back', events: [] }])).toBe('bought');
    expect(purchaseStage(s.slice(0, 2))).toBeNull();
  });
});

describe('same analysis', async () => {
  const { sameAnalysis } = await import('./same-analysis');
  it('ignores written defaults and key order, not a changed value', () => {
    expect(sameAnalysis({ kind: 'cohorts' }, { kind: 'cohorts', period: 'month', periods: 12 } as never)).toBe(true);
    expect(sameAnalysis({ kind: 'cohorts', period: 'week' } as never, { kind: 'cohorts' })).toBe(false);
  });
});

describe('dropped files', async () => {
  const { splitDropped } = await import('./dropped-files');
  const f = (name: string, data = '') => ({ name, data: new TextEncoder().encode(data) });
  it('reads a known name again and adds a new one; the last of one name counts', () => {
    const r = splitDropped([f('a.csv', '1'), f('new.csv'), f('dir/a.csv', '2')], ['a.csv', 'b.csv']);
    expect(r.again.map((s) => s.name)).toEqual(['dir/a.csv']);
    expect(r.fresh.map((s) => s.name)).toEqual(['new.csv']);
  });
});
