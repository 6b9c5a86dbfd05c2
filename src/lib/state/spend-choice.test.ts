import { describe, expect, it } from 'vitest';
import { eventsMapping, linkOf, spendOf, spendQuestion, withLink } from './spend-choice';

describe('spend choice', () => {
  const cols = { time: 'date', amount: 'cost', channel: 'channel' };

  it('asks with the proposed columns in the order date, channel, cost', () => {
    expect(spendQuestion(cols)).toBe('This looks like ad spend: date, channel, cost. Use it as spend for the KPIs?');
    expect(spendQuestion({ time: 'day', amount: 'spend', campaign: 'utm_campaign' })).toBe('This looks like ad spend: day, utm_campaign, spend. Use it as spend for the KPIs?');
  });

  it('edits the channel-or-campaign column as one choice', () => {
    expect(linkOf(cols)).toBe('channel:channel');
    expect(linkOf({ time: 'd', amount: 'a', campaign: 'c' })).toBe('campaign:c');
    expect(withLink(cols, 'campaign:camp')).toEqual({ time: 'date', amount: 'cost', campaign: 'camp' });
    expect(withLink(cols, '')).toEqual({ time: 'date', amount: 'cost' });
    expect(linkOf(withLink(cols, ''))).toBe('');
  });

  it('makes the spec spend with only one of channel and campaign', () => {
    expect(spendOf('spend.csv', { time: 'date', amount: 'cost', channel: 'ch', campaign: 'c' } as never)).toEqual({ file: 'spend.csv', columns: { time: 'date', amount: 'cost', channel: 'ch' } });
  });

  const files = [
    { file: 'events.csv', columns: { user: 'u' }, time_format: 'auto', utc_offset: '+01:00' },
    { file: 'spend.csv', columns: { user: 'x' }, time_format: 'auto' },
    { file: 'crm.csv', columns: { user: { row: true as const } }, time_format: '%d/%m/%Y' }
  ];

  it('leaves the spend file out of the events: one events file maps at the top level', () => {
    expect(eventsMapping(files.slice(0, 2), 'spend.csv')).toEqual({ columns: { user: 'u' }, time_format: 'auto', utc_offset: '+01:00' });
    expect(eventsMapping(files, 'spend.csv')).toEqual({
      sources: [
        { file: 'events.csv', columns: { user: 'u' }, time_format: 'auto', utc_offset: '+01:00' },
        { file: 'crm.csv', columns: { user: { row: true } }, time_format: '%d/%m/%Y' }
      ]
    });
  });

  it('maps every file as events without spend', () => {
    expect(eventsMapping(files.slice(1, 2), undefined)).toEqual({ columns: { user: 'x' }, time_format: 'auto' });
    expect(eventsMapping(files.slice(0, 2), undefined).sources?.map((s) => s.file)).toEqual(['events.csv', 'spend.csv']);
  });
});
