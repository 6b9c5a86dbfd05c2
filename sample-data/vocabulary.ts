/**
 * The names that appear in the sample export: events, their default journey stage, channels and
 * campaigns. Events are small integer codes while generating (cheap to store per row) and become
 * these names only when a row is written.
 */
export const EVENTS = [
  'ad_impression',
  'site_visit',
  'product_view',
  'search',
  'signup',
  'add_to_cart',
  'purchase',
  'repeat_purchase',
  'login',
  'support_chat',
  'review',
  'referral',
  'nps_survey'
] as const;

export type EventName = (typeof EVENTS)[number];

/** Event name -> its code (index in EVENTS). */
export const E = Object.fromEntries(EVENTS.map((name, i) => [name, i])) as Record<EventName, number>;

/**
 * The default stage mapping, the one a name-based stage guesser produces for these names. The
 * expected `stages` result in expected.json is computed for exactly this list.
 */
export const STAGES: readonly { name: string; events: readonly EventName[] }[] = [
  { name: 'awareness', events: ['ad_impression', 'site_visit'] },
  { name: 'consideration', events: ['product_view', 'search', 'signup', 'add_to_cart'] },
  { name: 'purchase', events: ['purchase'] },
  { name: 'retention', events: ['repeat_purchase', 'login', 'support_chat'] },
  { name: 'advocacy', events: ['review', 'referral', 'nps_survey'] }
];

/** Event code -> stage index (0-based) in STAGES. */
export const STAGE_OF: Int8Array = (() => {
  const out = new Int8Array(EVENTS.length).fill(-1);
  STAGES.forEach((s, k) => s.events.forEach((name) => (out[E[name]] = k)));
  return out;
})();

export const CHANNELS = [
  'email',
  'paid_search',
  'social',
  'organic',
  'referral',
  'display',
  'direct'
] as const;

export type ChannelName = (typeof CHANNELS)[number];

export const C = Object.fromEntries(CHANNELS.map((name, i) => [name, i])) as Record<
  ChannelName,
  number
>;

/** Channels that buy impressions: a journey from them starts with ad_impression rows. */
export const PAID: ReadonlySet<number> = new Set([C.paid_search, C.social, C.display]);

/**
 * Campaigns by channel code. An empty list means the channel never carries a campaign; otherwise a
 * share of its rows still has none (untagged links), as in real exports.
 */
export const CAMPAIGNS: readonly (readonly string[])[] = [
  ['welcome_series', 'newsletter', 'winback'], // email (cart_reminder, review_request, nps are set where they happen)
  ['brand', 'generic', 'competitor'], // paid_search
  ['prospecting_fb', 'retargeting_ig', 'tiktok_creators'], // social
  [], // organic
  ['partner_blog', 'affiliate'], // referral
  ['remarketing', 'programmatic'], // display
  [] // direct
];

export const DEVICES = ['mobile', 'desktop', 'tablet'] as const;
