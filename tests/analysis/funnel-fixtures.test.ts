import { runAnalysis } from '../../src/lib/analysis/run';
import type { Spec } from '../../src/lib/schema/types';
import { loadFixtures, type Fixture } from '../support/fixture-events';
import { describeFixtures, suiteEngine } from './support/kind-fixtures';

/**
 * Hand-worked cases (tests/fixtures/funnel/*.json): each run states its reasoning in `why` and
 * its expected result was written by hand from docs/SPEC.md, never produced by this code.
 */
const engine = suiteEngine();

// The same statement runs in the page in tests/e2e/contract-browser.spec.ts.
describeFixtures(loadFixtures<Fixture<Spec>>('funnel'), engine, (schema, spec) => runAnalysis(engine(), schema, spec), { listed: true });
