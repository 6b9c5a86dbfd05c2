import { describe, expect, it } from 'vitest';
import { safeFilename } from './download';

describe('safeFilename', () => {
  it('keeps readable names and removes path, reserved and bidi characters', () => {
    expect(safeFilename('Users reaching each stage')).toBe('Users reaching each stage');
    expect(safeFilename('../../etc/passwd')).toBe('etc-passwd');
    expect(safeFilename('a:b*c?"d"<e>|f')).toBe('a-b-c-d-e-f');
    expect(safeFilename('\u202Efdp.exe')).toBe('fdp.exe');
    expect(safeFilename('...')).toBe('journeyscope');
    expect(safeFilename('x'.repeat(300))).toHaveLength(120);
  });
});
