import { describe, expect, it } from 'vitest';
import { restartNotice } from './restart-notice';

describe('the message after the engine was rebuilt', () => {
  const ev = { reason: 'its worker was ended', cancelled: false, files: 1 };
  it('says what happened while it is rebuilt, then what it means for the work', () => {
    expect(restartNotice({ ...ev, phase: 'started' })).toBe('The analysis engine stopped (its worker was ended). Restarting it and reading your file again…');
    expect(restartNotice({ ...ev, phase: 'done' })).toBe(
      'The analysis engine stopped (its worker was ended) and was restarted: your file read again and everything on screen computed again.'
    );
  });
  it('counts the files, and says nothing of files when none was loaded yet', () => {
    expect(restartNotice({ ...ev, files: 3, phase: 'done' })).toContain('your 3 files read again');
    expect(restartNotice({ ...ev, files: 0, phase: 'done' })).toBe('The analysis engine stopped (its worker was ended) and was restarted.');
  });
  it('a cancelled query that did not stop is told as such; a failed rebuild is the error panel’s, not this message', () => {
    expect(restartNotice({ ...ev, cancelled: true, phase: 'done' })).toMatch(/^A cancelled query did not stop, so the analysis engine was ended and was restarted/);
    expect(restartNotice({ ...ev, phase: 'failed', error: 'x' })).toBeNull();
  });
});
