import { describe, expect, it } from 'vitest';
import { HEADROOM, fits, freeBytes, keptNote, missingNote, noRoomReason, sizeText } from './keeping';

describe('keeping', () => {
  it('counts the room left from the browser estimate', () => {
    expect(freeBytes({ quota: 1000, usage: 300 })).toBe(700);
    expect(freeBytes({ quota: 1000 })).toBe(1000);
    expect(freeBytes({ quota: 100, usage: 300 })).toBe(0);
    expect(freeBytes(null)).toBeNull();
    expect(freeBytes({ usage: 3 })).toBeNull();
  });

  it('writes a file only when it fits with headroom (unknown room: try, a failed write is undone)', () => {
    const free = 10 * 1024 * 1024;
    expect(fits(free - HEADROOM, free)).toBe(true);
    expect(fits(free - HEADROOM + 1, free)).toBe(false);
    expect(fits(5e12, null)).toBe(true);
  });

  it('says sizes as a person reads them', () => {
    expect(sizeText(512)).toBe('512 bytes');
    expect(sizeText(1)).toBe('1 byte');
    expect(sizeText(1536)).toBe('1.5 KB');
    expect(sizeText(45 * 1024 * 1024)).toBe('45 MB');
    expect(sizeText(2.5 * 1024 ** 3)).toBe('2.5 GB');
    expect(noRoomReason(3 * 1024 ** 3, 1024 ** 3)).toBe('it is 3.0 GB, more than this browser lets the page store (about 1.0 GB free)');
    expect(noRoomReason(2048, null)).toBe('it is 2.0 KB, more than this browser lets the page store');
  });

  it('says what is kept and what is not', () => {
    expect(keptNote([])).toBeNull();
    expect(keptNote([{ name: 'a.csv', size: 2048, stored: 'file-0' }])).toBe('Kept in this browser: a.csv (2.0 KB). This dashboard reopens here after a reload, even offline.');
    expect(
      keptNote([
        { name: 'a.csv', size: 2048, stored: 'file-0' },
        { name: 'b.csv', size: 100, stored: 'file-1' },
        { name: 'big.csv', size: 9, stored: null, reason: 'it is too big' }
      ])
    ).toBe('Kept in this browser: a.csv (2.0 KB) and b.csv (100 bytes). This dashboard reopens here after a reload, even offline. big.csv is not kept: it is too big. After a reload, drop it again.');
    expect(missingNote([])).toBeNull();
    expect(missingNote(['big.csv'])).toBe('big.csv was not kept in this browser: drop it again to see the whole dashboard.');
    expect(missingNote(['a', 'b', 'c'])).toBe('a, b and c were not kept in this browser: drop them again to see the whole dashboard.');
  });
});
