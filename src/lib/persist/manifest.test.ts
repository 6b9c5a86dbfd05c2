import { describe, expect, it } from 'vitest';
import { EMPTY, isEmpty, isStoredName, nextStoredName, parseManifest, restorePlan, unlisted, withFile, withFragment, type Manifest } from './manifest';

const two: Manifest = {
  v: 1,
  files: [
    { name: 'events.csv', size: 120, stored: 'file-0' },
    { name: 'huge.csv', size: 9e9, stored: null, reason: 'too big' },
    { name: 'spend.csv', size: 40, stored: 'file-2' }
  ],
  fragment: 'v1.abc'
};

describe('manifest', () => {
  it('reads back what it wrote, field for field', () => {
    expect(parseManifest(JSON.stringify(two))).toEqual(two);
    expect(parseManifest(JSON.stringify(EMPTY))).toEqual(EMPTY);
  });

  it('trusts nothing that is not a manifest', () => {
    for (const bad of ['', 'not json', '[]', 'null', '{"v":2,"files":[],"fragment":null}', '{"v":1,"files":{},"fragment":null}', '{"v":1,"files":[],"fragment":3}']) {
      expect(parseManifest(bad), bad).toBeNull();
    }
    // A stored name that could point elsewhere in the folder (the manifest itself, a parent).
    for (const stored of ['manifest.json', '../x', 'file-', 'file-1/..', 7]) {
      expect(parseManifest(JSON.stringify({ v: 1, files: [{ name: 'a', size: 1, stored }], fragment: null })), String(stored)).toBeNull();
    }
    expect(isStoredName('file-12')).toBe(true);
  });

  it('names the next file one past the highest in use', () => {
    expect(nextStoredName(EMPTY)).toBe('file-0');
    // file-0 and file-2 in use (the one between was not kept): next is file-3.
    expect(nextStoredName(two)).toBe('file-3');
    expect(nextStoredName(withFile(EMPTY, { name: 'a', size: 1, stored: null }))).toBe('file-0');
  });

  it('keeps the fragment, an empty one as none', () => {
    expect(withFragment(EMPTY, 'v1.x').fragment).toBe('v1.x');
    expect(withFragment(two, '').fragment).toBeNull();
    expect(isEmpty(EMPTY)).toBe(true);
    expect(isEmpty(withFragment(EMPTY, 'v1.x'))).toBe(false);
  });

  it('reopens the kept files in their order, with the kept dashboard unless the page has a link', () => {
    expect(restorePlan(two, { fragment: '', reload: false })).toEqual({
      files: [
        { name: 'events.csv', stored: 'file-0' },
        { name: 'spend.csv', stored: 'file-2' }
      ],
      missing: ['huge.csv'],
      fragment: 'v1.abc',
      auto: true
    });
    // The page opened with a link: that link is the dashboard for the kept files, offered only
    // when the link was followed, reopened at once when the page was reloaded.
    expect(restorePlan(two, { fragment: 'v1.other', reload: false })).toMatchObject({ fragment: null, auto: false });
    expect(restorePlan(two, { fragment: 'v1.abc', reload: true })).toMatchObject({ fragment: null, auto: true });
    // No file kept: nothing to reopen, so no dashboard either.
    expect(restorePlan({ ...two, files: [two.files[1]] }, { fragment: '', reload: true })).toEqual({ files: [], missing: ['huge.csv'], fragment: null, auto: false });
  });

  it('lists the stored files a new list no longer holds', () => {
    expect(unlisted(two.files, [two.files[2]])).toEqual(['file-0']);
    expect(unlisted(two.files, two.files)).toEqual([]);
    expect(unlisted(two.files, [])).toEqual(['file-0', 'file-2']);
  });
});
