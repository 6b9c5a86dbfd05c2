import { describe, expect, test } from 'vitest';
import { looksLikeSpend } from './spend-shape';

const col = (name: string, type = 'VARCHAR') => ({ name, type });

describe('looksLikeSpend', () => {
  test.each([
    ['date, cost, channel', [col('date', 'DATE'), col('cost', 'DOUBLE'), col('channel')], { time: 'date', amount: 'cost', channel: 'channel' }],
    ['text dates (non-ISO stay text), spend, utm_source', [col('Day'), col('Ad Spend', 'DECIMAL(10,2)'), col('utm_source')], { time: 'Day', amount: 'Ad Spend', channel: 'utm_source' }],
    ['campaign when there is no channel', [col('week_start', 'DATE'), col('amount', 'BIGINT'), col('Campaign Name')], { time: 'week_start', amount: 'amount', campaign: 'Campaign Name' }],
    ['spend wins over cost, channel over campaign', [col('date', 'DATE'), col('cost', 'DOUBLE'), col('spend', 'DOUBLE'), col('campaign'), col('channel')], { time: 'date', amount: 'spend', channel: 'channel' }],
    ['an ad account id is not a user', [col('account_id'), col('date', 'TIMESTAMP'), col('cost', 'DOUBLE'), col('source')], { time: 'date', amount: 'cost', channel: 'source' }],
    ['a typed date wins over a text column named like one', [col('updated_time'), col('day', 'DATE'), col('cost', 'DOUBLE'), col('channel')], { time: 'day', amount: 'cost', channel: 'channel' }]
  ])('%s', (_, columns, want) => {
    expect(looksLikeSpend(columns)).toEqual(want);
  });

  test.each([
    ['an event log (a user column)', [col('user_id'), col('timestamp', 'TIMESTAMP'), col('event'), col('channel'), col('amount', 'DOUBLE')]],
    ['a purchase log (customer)', [col('CustomerID', 'BIGINT'), col('InvoiceDate', 'TIMESTAMP'), col('cost', 'DOUBLE'), col('Country')]],
    ['no time', [col('cost', 'DOUBLE'), col('channel')]],
    ['a cost that is text', [col('date', 'DATE'), col('cost'), col('channel')]],
    ['no money column', [col('date', 'DATE'), col('clicks', 'BIGINT'), col('channel')]],
    ['revenue is not spend', [col('date', 'DATE'), col('revenue', 'DOUBLE'), col('channel')]],
    ['no channel or campaign', [col('date', 'DATE'), col('cost', 'DOUBLE'), col('country')]],
    ['a numeric channel is not a channel', [col('date', 'DATE'), col('cost', 'DOUBLE'), col('channel', 'BIGINT')]]
  ])('not spend: %s', (_, columns) => {
    expect(looksLikeSpend(columns)).toBeNull();
  });
});
