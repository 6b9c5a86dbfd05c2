import { describe, expect, it } from 'vitest';
import { erfc, normalCdf, twoSidedP } from './normal';

/** Reference values: 30-digit evaluations of Φ and erfc (mpmath), rounded to doubles. */
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('normal distribution', () => {
  it.each([
    [0, 0.5],
    [1, 0.8413447460685429],
    [-1, 0.15865525393145707],
    [1.959963984540054, 0.975],
    [-1.959963984540054, 0.025],
    [2.5758293035489004, 0.995],
    [-3, 0.0013498980316300946],
    [-4.2, 1.3345749015906309e-5],
    [-5, 2.866515718791939e-7],
    [-10, 7.619853024160527e-24],
    [-20, 2.7536241186062337e-89],
    [0.5, 0.6914624612740131],
    [-0.1, 0.460172162722971]
  ])('Φ(%d) = %d', (z, p) => {
    // Far tails: e^(−z²/2) amplifies the rounding of z/√2 (about z² × 1e-16).
    expect(rel(normalCdf(z), p)).toBeLessThan(1e-13);
  });

  it.each([
    [0.5, 0.4795001221869535],
    [2, 0.004677734981047266],
    [1.2499, 0.07712352681246806], [1.25, 0.07709987174354177], [2.9999, 2.210442648216088e-5],
    [3, 2.209049699858544e-5],
    [5, 1.5374597944280349e-12],
    [10, 2.088487583762545e-45]
  ])('erfc(%d) = %d', (x, v) => {
    expect(rel(erfc(x), v)).toBeLessThan(1e-14);
  });

  it('gives two-sided p-values from the tail', () => {
    expect(twoSidedP(1.959964)).toBeCloseTo(0.05, 6);
    expect(twoSidedP(-1.959964)).toBe(twoSidedP(1.959964));
    expect(twoSidedP(0)).toBe(1);
    expect(twoSidedP(Infinity)).toBe(0);
    expect(rel(twoSidedP(8), 1.2441921148543057e-15)).toBeLessThan(1e-12);
  });

  it('is continuous where the two expansions meet', () => {
    expect(rel(erfc(1.25 - 1e-12), erfc(1.25))).toBeLessThan(1e-10);
    expect(normalCdf(-40)).toBe(0);
    expect(normalCdf(40)).toBe(1);
  });
});
