import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { NodeEngine } from '../../../src/lib/engine/node';
import { raw } from '../../../src/lib/sql/quote';
import { canonicalEventsTable, listedEventsTable, type Fixture } from '../../support/fixture-events';
import { closeTo } from './close-to';

/**
 * The runner every kind's hand-worked fixture suite shares (tests/analysis/*-fixtures.test.ts):
 * one Node engine per suite file, one `events` table per fixture, each run compared with what the
 * fixture says it should give.
 */

/** A suite file's engine: opened before its tests, closed after; call the getter inside tests. */
export function suiteEngine(): () => NodeEngine {
  let engine: NodeEngine | undefined;
  beforeAll(async () => {
    engine = await NodeEngine.create();
  });
  afterAll(async () => engine?.close());
  return () => {
    if (!engine) throw new Error('the suite engine is opened in beforeAll');
    return engine;
  };
}

export interface FixtureOptions<F> {
  /** `events` of only the fixture's columns (funnels: naming any other is an error); else every canonical one. */
  listed?: boolean;
  /**
   * Compare with toEqual alone. Otherwise ratios may differ by 1e-9 (closeTo: summation order),
   * everything else, nulls and keys included, exactly.
   */
  exact?: boolean;
  /** More tables a fixture needs after `events` (a KPI fixture's spend). */
  setup?: (fx: F) => Promise<void>;
}

/** One describe per fixture, one test per run: `run` gives the analysis's result for a spec. */
export function describeFixtures<F extends Fixture<unknown>>(
  fixtures: F[],
  engine: () => NodeEngine,
  run: (schema: Record<string, string>, spec: F['runs'][number]['spec']) => Promise<unknown>,
  options: FixtureOptions<F> = {}
): void {
  describe.each(fixtures)('$file: $name', (fx) => {
    let schema: Record<string, string>;
    beforeAll(async () => {
      const table = (options.listed ? listedEventsTable : canonicalEventsTable)(fx.columns, fx.rows);
      await engine().query(raw(table.sql));
      schema = table.schema;
      await options.setup?.(fx);
    });

    test.each(fx.runs)('$why', async ({ spec, expected }) => {
      const got = await run(schema, spec);
      if (options.exact || !closeTo(got, expected)) expect(got).toEqual(expected);
    });
  });
}
