import { describe, expect, it } from 'vitest';
import { stepBases } from './funnel-table';
import { render } from 'svelte/server';
import type { Component, ComponentProps } from 'svelte';
import type { ExperimentResult } from '../analysis/experiment';
import type { SatisfactionResult } from '../analysis/satisfaction';
import ExperimentChart from './ExperimentChart.svelte';
import SatisfactionChart from './SatisfactionChart.svelte';
import { experimentLayout, experimentTable } from './experiment-layout';
import { formatScore, satisfactionLayout, satisfactionTiles } from './satisfaction-layout';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const html = <C extends Component<any>>(c: C, props: ComponentProps<C>) => (render as (c: C, o: { props: ComponentProps<C> }) => { body: string })(c, { props }).body;

function tableCells(body: string, testid: string): string[] {
  const table = body.slice(body.indexOf(`data-testid="${testid}"`)).split('</table>')[0];
  return [...table.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((m) => m[1].replace(/<!--[^>]*-->/g, '').replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim());
}

const NPS: SatisfactionResult = {
  kind: 'satisfaction', scale: 'nps', out_of_scale: 3,
  total: { answers: 500, promoters: 200, passives: 150, detractors: 150, score: 10 },
  breakdown: [
    { value: 'email', answers: 300, promoters: 150, passives: 100, detractors: 50, score: 33.333333333333336 },
    { value: null, answers: 200, promoters: 50, passives: 50, detractors: 100, score: -25 },
    { value: 'empty', answers: 0, promoters: 0, passives: 0, detractors: 0, score: null }
  ]
};

describe('satisfaction layout', () => {
  it('stacks the bands of each row across the bar, total first', () => {
    const l = satisfactionLayout(NPS, 640);
    expect(l.rows.map((r) => [r.label, r.score])).toEqual([['All answers', '+10'], ['email', '+33'], ['(none)', '−25'], ['empty', '—']]);
    const total = l.rows[0].segments;
    expect(total.map((s) => [s.key, s.count, s.share])).toEqual([['promoters', 200, 0.4], ['passives', 150, 0.3], ['detractors', 150, 0.3]]);
    expect(total[0].x).toBe(l.barX);
    expect(total[2].x + total[2].w).toBeCloseTo(l.barX + l.barW, 1);
    expect(l.rows[3].segments.every((s) => s.w === 0)).toBe(true);
  });

  it('gives tiles with the answers behind every figure; CSAT as a percentage', () => {
    expect(satisfactionTiles(NPS).map((t) => [t.label, t.value, t.hint])).toEqual([
      ['NPS', '+10', '500 answers'],
      ['Promoters (9–10)', '40.0%', '200 of 500 answers'],
      ['Passives (7–8)', '30.0%', '150 of 500 answers'],
      ['Detractors (0–6)', '30.0%', '150 of 500 answers'],
      ['Out of scale', '3', 'scores off the scale or not whole, not counted']
    ]);
    expect(formatScore('csat', 33.333333333333336)).toBe('33.3%');
    expect(formatScore('nps', -0.4)).toBe('0');
    const csat: SatisfactionResult = { kind: 'satisfaction', scale: 'csat', out_of_scale: 0, total: { answers: 4, satisfied: 3, score: 75 } };
    expect(satisfactionLayout(csat, 640).rows[0].segments.map((s) => [s.key, s.count])).toEqual([['satisfied', 3], ['others', 1]]);
  });
});

describe('SatisfactionChart', () => {
  const body = html(SatisfactionChart, { result: NPS, title: 'NPS by channel' });
  it('is an accessible image with a title and the same numbers in a table', () => {
    expect(body).toContain('<svg role="img" aria-label="NPS by channel. \u2068All answers\u2069: NPS +10 from 500 answers;');
    expect(body).toContain('<title>NPS by channel</title>');
    expect(tableCells(body, 'satisfaction-table')).toEqual([
      'Group', 'Answers', 'Promoters (9–10)', 'Passives (7–8)', 'Detractors (0–6)', 'NPS',
      'All answers', '500', '200', '150', '150', '+10',
      'email', '300', '150', '100', '50', '+33',
      '(none)', '200', '50', '50', '100', '−25',
      'empty', '0', '0', '0', '0', '—'
    ]);
    expect([...body.matchAll(/data-testid="satisfaction-score" data-value="([^"]*)"/g)].map((m) => m[1])).toEqual(['10', '33.333333333333336', '-25', '']);
  });
});

const o = (label: string, mean: number, difference: number, lift: number | null, ci: [number, number] | null, p: number | null, variance: number | null = 0.1) => ({
  label, mean, variance, difference, lift, ci_low: ci?.[0] ?? null, ci_high: ci?.[1] ?? null, p_value: p
});
const EXP: ExperimentResult = {
  kind: 'experiment', control: 'No E-Mail', no_group: 2,
  groups: [
    { value: 'No E-Mail', users: 21306, outcomes: [o('visit', 0.1062, 0, 0, null, null), o('spend', 0.6528, 0, 0, null, null)] },
    { value: 'Mens E-Mail', users: 21307, outcomes: [o('visit', 0.1828, 0.0766, 0.7214, [0.0696, 0.0835], 1e-90), o('spend', 1.4226, 0.7698, 1.1793, [0.4, 1.14], 4.6e-5)] },
    { value: 'Solo', users: 1, outcomes: [o('visit', 0, -0.1062, -1, null, null, null), o('spend', 0, -0.6528, -1, null, null, null)] }
  ]
};

describe('experiment layout', () => {
  const l = experimentLayout(EXP, 720);
  it('draws one panel per outcome, one row per group besides the control, on an axis holding zero', () => {
    expect(l.panels.map((p) => [p.label, p.rows.map((r) => r.value)])).toEqual([['visit', ['Mens E-Mail', 'Solo']], ['spend', ['Mens E-Mail', 'Solo']]]);
    for (const p of l.panels) {
      expect(p.zeroX).toBeGreaterThanOrEqual(l.plotX);
      expect(p.zeroX).toBeLessThanOrEqual(l.plotEnd);
      for (const r of p.rows) for (const x of [r.x, r.x1, r.x2]) if (x !== null) expect(x).toBeGreaterThanOrEqual(l.plotX - 0.01);
    }
    const [mens, solo] = l.panels[0].rows;
    expect(mens.clear).toBe(true);
    expect(mens.x1! < mens.x && mens.x < mens.x2!).toBe(true);
    expect(mens.x).toBeGreaterThan(l.panels[0].zeroX);
    expect([solo.x1, solo.x2, solo.clear]).toEqual([null, null, false]);
    expect(solo.x).toBeLessThan(l.panels[0].zeroX);
    expect(mens.note).toBe('n 21,307 · mean 0.1828 · lift +72.1% · p <0.001');
    expect(l.panels[1].rows[0].note).toBe('n 21,307 · mean 1.423 · lift +117.9% · p <0.001');
  });

  it('tabulates every group and outcome, the control marked', () => {
    expect(experimentTable(EXP)[0]).toEqual(['No E-Mail (control)', 'visit', '21,306', '0.1062', '—', '—', '—', '—']);
    expect(experimentTable(EXP)[3]).toEqual(['Mens E-Mail', 'spend', '21,307', '1.423', '+0.7698', '+117.9%', '+0.4 to +1.14', '<0.001']);
    expect(experimentTable(EXP)[4]).toEqual(['Solo', 'visit', '1', '0', '−0.1062', '−100%', '—', '—']);
  });
});

describe('ExperimentChart', () => {
  const body = html(ExperimentChart, { result: EXP, title: 'E-mail test' });
  it('is an accessible image with a title and the same numbers in a table', () => {
    expect(body).toMatch(/<svg role="img" aria-label="E-mail test: difference from the control \u2068No E-Mail\u2069 with 95% intervals\. \u2068visit\u2069: \u2068Mens E-Mail\u2069 \+0\.0766 \(n 21,307/);
    expect(body).toContain('<title>E-mail test</title>');
    const cells = tableCells(body, 'experiment-table');
    expect(cells.slice(0, 8)).toEqual(['Group', 'Outcome', 'Users', 'Mean', 'Difference', 'Lift', '95% interval', 'p']);
    expect(cells.slice(8, 16)).toEqual(experimentTable(EXP)[0]);
    expect([...body.matchAll(/data-testid="experiment-difference" data-value="([^"]*)"/g)].map((m) => m[1])).toEqual(['0.0766', '-0.1062', '0.7698', '-0.6528']);
  });
});

describe('funnel and satisfaction denominators', () => {
  it('a step names the users of the first and of the previous step of its own group', () => {
    const steps = [{ step: 1, users: 200 }, { step: 2, users: 50 }, { step: 3, users: 10 }].map((s) => ({ ...s, label: `s${s.step}`, conversion: s.users / 200, step_conversion: 0, avg_seconds: null, median_seconds: null }));
    expect(stepBases(steps, 3)).toEqual({ first: 200, previous: 50 });
    expect(stepBases(steps, 1)).toEqual({ first: 200, previous: 0 });
  });

  it('a satisfaction band names the answers it is a share of', () => {
    const body = html(SatisfactionChart, { result: NPS });
    expect(body).toMatch(/<title>[^<]+: \d[\d,]* of \d[\d,]* answers \(\d+\.\d%\)<\/title>/);
  });

  it('an experiment point names the users behind it and behind the control', () => {
    const body = html(ExperimentChart, { result: EXP });
    expect(body).toMatch(/<title>[^<]+: difference [^<]+ over \d[\d,]* users, against \d[\d,]* in the control<\/title>/);
  });
});
