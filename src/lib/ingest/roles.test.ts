import { describe, expect, it } from 'vitest';
import { guessRoles, normalName, revenueProducts } from './roles';

const V = 'VARCHAR';

describe('guessRoles on the real data column lists', () => {
  it('Online Retail II: the user column has a space and is DOUBLE; no event is guessed', () => {
    const cols = [
      { name: 'Invoice', type: V }, { name: 'StockCode', type: V }, { name: 'Description', type: V },
      { name: 'Quantity', type: 'BIGINT' }, { name: 'InvoiceDate', type: V }, { name: 'Price', type: 'DOUBLE' },
      { name: 'Customer ID', type: 'DOUBLE' }, { name: 'Country', type: V }
    ];
    const sample = [{ Invoice: '489434', StockCode: '85048', Description: 'X', Quantity: 12, InvoiceDate: '2009-12-01 07:45:00', Price: 6.95, 'Customer ID': 13085, Country: 'United Kingdom' }];
    expect(guessRoles(cols, sample)).toEqual({ user: 'Customer ID', time: 'InvoiceDate', order: 'Invoice' });
    expect(revenueProducts(cols)).toEqual([['Quantity', 'Price']]);
  });

  it('CDNOW: customer_id, date, dollar_value', () => {
    const cols = [{ name: 'customer_id', type: V }, { name: 'date', type: 'DATE' }, { name: 'number_of_cds', type: 'BIGINT' }, { name: 'dollar_value', type: 'DOUBLE' }];
    expect(guessRoles(cols, [{ customer_id: '00001', date: '1997-01-01', number_of_cds: 1, dollar_value: 11.77 }]))
      .toEqual({ user: 'customer_id', time: 'date', revenue: 'dollar_value' });
  });

  it('CDNOW txt: an 8-digit number is a date', () => {
    const cols = [{ name: 'customer_id', type: 'BIGINT' }, { name: 'date', type: 'BIGINT' }, { name: 'number_of_cds', type: 'BIGINT' }, { name: 'dollar_value', type: 'DOUBLE' }];
    expect(guessRoles(cols, [{ customer_id: 1, date: 19970101, number_of_cds: 1, dollar_value: 11.77 }]).time).toBe('date');
  });

  it('Olist leads and deals: mql_id is the user, origin the channel, the *_date the time', () => {
    const leads = ['mql_id', 'first_contact_date', 'landing_page_id', 'origin'].map((name) => ({ name, type: V }));
    expect(guessRoles(leads, [{ mql_id: 'dac3', first_contact_date: '01-02-2018', landing_page_id: '8874', origin: 'social' }]))
      .toEqual({ user: 'mql_id', time: 'first_contact_date', channel: 'origin' });
    const deals = ['mql_id', 'seller_id', 'sdr_id', 'sr_id', 'won_date', 'business_segment', 'lead_type', 'declared_monthly_revenue'].map((name) => ({ name, type: V }));
    const g = guessRoles(deals, [{ mql_id: 'a', seller_id: 'b', sdr_id: 'c', sr_id: 'd', won_date: '26-02-2018 19:58', business_segment: 'pet', lead_type: 'online_medium', declared_monthly_revenue: '0' }]);
    expect(g.user).toBe('mql_id');
    expect(g.time).toBe('won_date');
    expect(g.event).toBeUndefined();
    // A seller's declared monthly revenue is not what the deal earned: left for the person to pick.
    expect(g.revenue).toBeUndefined();
    expect(guessRoles([{ name: 'expected_amount', type: 'DOUBLE' }, { name: 'amount', type: 'DOUBLE' }], []).revenue).toBe('amount');
  });

  it('Hillstrom: no user and no time, channel and spend found', () => {
    const cols = ['recency', 'history_segment', 'history', 'mens', 'womens', 'zip_code', 'newbie', 'channel', 'segment', 'visit', 'conversion', 'spend'].map((name) => ({ name, type: V }));
    const g = guessRoles(cols, [{ recency: '10', history_segment: '2) $100 - $200', history: '142.44', channel: 'Phone', segment: 'Womens E-Mail', visit: '0', conversion: '0', spend: '0' }]);
    expect(g).toEqual({ channel: 'channel', revenue: 'spend' });
  });

  it('an event-log export: every role', () => {
    const cols = ['event_id', 'user_id', 'event_time', 'event_name', 'utm_source', 'utm_campaign', 'revenue', 'order_id', 'nps'].map((name) => ({ name, type: V }));
    expect(guessRoles(cols, [])).toEqual({
      user: 'user_id', time: 'event_time', event: 'event_name', channel: 'utm_source', campaign: 'utm_campaign', revenue: 'revenue', order: 'order_id', score: 'nps'
    });
  });

  it('sample values veto a name: a "date" column of free text is not the time, a numeric "event" not the event', () => {
    const cols = [{ name: 'visitorid', type: V }, { name: 'date', type: V }, { name: 'timestamp', type: 'BIGINT' }, { name: 'event', type: 'BIGINT' }];
    const g = guessRoles(cols, [{ visitorid: '1', date: 'last week', timestamp: 1433221332117, event: 3 }, { visitorid: '2', date: 'soon', timestamp: 1433224214164, event: 4 }]);
    expect(g).toEqual({ user: 'visitorid', time: 'timestamp' });
  });

  it('a column plays one role only', () => {
    expect(guessRoles([{ name: 'email', type: V }], [])).toEqual({ user: 'email' });
  });

  it('normalName folds case, spaces and punctuation', () => {
    expect(normalName('Customer ID')).toBe('customerid');
    expect(normalName('customer_id')).toBe('customerid');
  });
});

describe('guessRoles name hints', () => {
  it('created_at and createdAt are times, "format" is not', () => {
    expect(guessRoles([{ name: 'format', type: V }, { name: 'signup_at', type: V }], [{ format: 'x', signup_at: '2024-01-01' }]).time).toBe('signup_at');
    expect(guessRoles([{ name: 'loggedAt', type: 'TIMESTAMP' }], []).time).toBe('loggedAt');
    expect(guessRoles([{ name: 'format', type: V }], [{ format: '2024-01-01' }]).time).toBeUndefined();
  });
});
