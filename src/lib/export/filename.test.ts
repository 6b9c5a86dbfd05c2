import { describe, expect, it } from 'vitest';
import { datasetName, exportFileName, frameStem, slug } from './filename';

describe('export file names', () => {
  it('name the analysis, the data set and the day', () => {
    const olist = ['olist_marketing_qualified_leads_dataset.csv', 'olist_closed_deals_dataset.csv'];
    expect(exportFileName(frameStem('funnel', 'origin'), olist, new Date(2026, 11, 6, 23, 59), 'svg')).toBe('funnel-by-origin_olist_2026-12-06.svg');
    expect(exportFileName('Users reaching each stage', ['journeys.csv'], new Date(2026, 0, 2), 'png')).toBe('users-reaching-each-stage_journeys_2026-01-02.png');
  });

  it('find what several files share, in whole words', () => {
    expect(datasetName(['olist_marketing_qualified_leads_dataset.csv', 'olist_closed_deals_dataset.csv'])).toBe('olist');
    expect(datasetName(['sales-2024-01.csv.gz', 'sales-2024-02.csv.gz'])).toBe('sales-2024');
    expect(datasetName(['events.parquet'])).toBe('events');
    expect(datasetName(['a.csv', 'b.csv', 'c.csv'])).toBe('a-and-2-more');
    expect(datasetName(['/tmp/x/retail.csv'])).toBe('retail');
    expect(datasetName([])).toBe('');
  });

  it('keep hostile names harmless', () => {
    expect(slug('../../etc/passwd')).toBe('etc-passwd');
    expect(slug('\u202Egnp.exe <script>')).toBe('gnp-exe-script');
    expect(exportFileName('=cmd|x', ['..\\evil.csv'], new Date(2026, 0, 1), 'svg"><x')).toBe('cmd-x_evil_2026-01-01.svgx');
    expect(exportFileName('', [], new Date(2026, 0, 1), 'csv')).toBe('chart_2026-01-01.csv');
  });

  it('add a breakdown only when the name lacks one', () => {
    expect(frameStem('retention-by-channel', 'channel')).toBe('retention-by-channel');
    expect(frameStem('time-to-convert', undefined)).toBe('time-to-convert');
  });
});
