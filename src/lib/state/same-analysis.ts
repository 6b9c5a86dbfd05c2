import { compactState } from './url-codec';
import type { Analysis } from '../schema/types';

/**
 * Whether two panels compute the same thing, defaults written or not (Back/Forward keeps the
 * numbers of a panel whose analysis did not change). A panel the schema refuses (mid-edit) is
 * compared as written.
 */
export function sameAnalysis(a: Analysis, b: Analysis): boolean {
  return canonical(a) === canonical(b);
}

function canonical(a: Analysis): string {
  try {
    return JSON.stringify(compactState({ v: 1, mapping: {}, panels: [a] }).panels[0]);
  } catch {
    return JSON.stringify(a);
  }
}
