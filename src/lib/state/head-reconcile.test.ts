import { describe, expect, it } from 'vitest';
import { reconcileHead } from './head-reconcile';
import { typeWord } from '../ingest/type-words';
import type { GuessedMapping } from '../session/guess-mapping';
import type { Columns } from '../schema/types';

const cols = (...c: [string, string][]) => c.map(([name, type]) => ({ name, type }));
const guess = (columns: Columns, detected = '%Y-%m-%d %H:%M:%S'): GuessedMapping => ({ columns, time_format: 'auto', detected, problems: [] });

describe('reconcileHead: the whole file against what its head showed', () => {
  const headCols = cols(['user_id', 'BIGINT'], ['event_time', 'TIMESTAMP'], ['event', 'VARCHAR'], ['revenue', 'DOUBLE']);
  const headGuess = guess({ user: 'user_id', time: 'event_time', event: 'event', revenue: 'revenue' });

  it('says nothing and keeps the mapping when the whole file reads as its head', () => {
    const current = { columns: { user: 'user_id', time: 'event_time', event: 'event', revenue: 'revenue' }, time_format: 'auto' };
    const r = reconcileHead({ columns: headCols, guess: headGuess }, { columns: headCols, guess: headGuess }, current);
    expect(r.changes).toEqual([]);
    expect(r.mapping).toBe(current);
  });

  it('names a column whose values change kind further down (ids that turn into text)', () => {
    const full = cols(['user_id', 'VARCHAR'], ['event_time', 'TIMESTAMP'], ['event', 'VARCHAR'], ['revenue', 'DOUBLE']);
    const r = reconcileHead({ columns: headCols, guess: headGuess }, { columns: full, guess: headGuess }, { columns: headGuess.columns, time_format: 'auto' });
    expect(r.changes).toEqual(['Column "user_id" holds text in the whole file (its first lines looked like whole numbers).']);
  });

  it('an untouched guess follows the whole file, and says what moved', () => {
    const fullGuess = guess({ user: 'user_id', time: 'event_time', event: 'event' });
    const r = reconcileHead({ columns: headCols, guess: headGuess }, { columns: headCols, guess: fullGuess }, { columns: { ...headGuess.columns }, time_format: 'auto' });
    expect(r.mapping.columns).toEqual({ user: 'user_id', time: 'event_time', event: 'event' });
    expect(r.changes).toEqual(['The revenue column is now none (the first lines suggested "revenue").']);
  });

  it('a mapping the person edited is kept; type changes are still said', () => {
    const fullGuess = guess({ user: 'user_id', time: 'event_time', event: 'event' }, '%d/%m/%Y');
    const edited = { columns: { user: 'user_id', time: 'event_time', event: { value: 'purchase' } }, time_format: 'auto' };
    const r = reconcileHead({ columns: headCols, guess: headGuess }, { columns: headCols, guess: fullGuess }, edited);
    expect(r.mapping).toBe(edited);
    expect(r.changes).toEqual(['Times read as %d/%m/%Y in the whole file (its first lines looked like %Y-%m-%d %H:%M:%S).']);
  });

  it('names columns the head did not show, and columns it showed that the file lacks', () => {
    const full = cols(['user_id', 'BIGINT'], ['event_time', 'TIMESTAMP'], ['event', 'VARCHAR'], ['note', 'VARCHAR']);
    const r = reconcileHead({ columns: headCols, guess: headGuess }, { columns: full, guess: headGuess }, { columns: headGuess.columns, time_format: 'other' });
    expect(r.changes).toEqual(['The whole file has columns its first lines did not show: "note".', 'Columns of the first lines are not in the whole file: "revenue".']);
  });

  it('types that read alike are not a change', () => {
    expect(typeWord('INTEGER')).toBe(typeWord('BIGINT'));
    expect(typeWord('DECIMAL(10,2)')).toBe(typeWord('DOUBLE'));
    expect(typeWord('VARCHAR')).not.toBe(typeWord('BIGINT'));
  });
});
