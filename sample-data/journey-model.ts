import { cumulative, Rng } from './prng';
import { C, CAMPAIGNS, E, PAID } from './vocabulary';

/** One generated row, kept as codes until it is written. */
export interface SampleEvent {
  user: number;
  /** Epoch seconds, UTC. */
  t: number;
  ev: number;
  ch: number;
  campaign: string;
  /** Revenue in cents, -1 when the row has none (kept integral so the expected sum is exact). */
  cents: number;
  /** Order number, 0 when none. */
  order: number;
  /** NPS answer 0-10, -1 when none. */
  score: number;
  device: number;
  /** Position in the file (0-based data row), set when the chunk is shuffled. */
  row: number;
}

const MIN = 60;
const HOUR = 3600;
const DAY = 86400;
export const START = Date.UTC(2025, 0, 1) / 1000;
/** Exclusive: the export covers 2025-01-01 .. 2025-06-30 UTC; later events are cut off. */
export const END = Date.UTC(2025, 6, 1) / 1000;
const DAYS = (END - START) / DAY;
const SPRING_SALE = [Date.UTC(2025, 2, 14) / 1000, Date.UTC(2025, 3, 1) / 1000];

const DAY_CUM = cumulative(
  Array.from({ length: DAYS }, (_, d) => {
    const t = START + d * DAY;
    const dow = new Date(t * 1000).getUTCDay();
    let w = 1 + (0.6 * d) / DAYS; // the business grows over the half year
    if (dow === 0 || dow === 6) w *= 0.8;
    if (t >= SPRING_SALE[0] && t < SPRING_SALE[1]) w *= 1.5;
    return w;
  })
);
const HOUR_CUM = cumulative([2, 1, 1, 1, 1, 2, 3, 5, 7, 8, 8, 9, 10, 9, 8, 8, 9, 10, 12, 14, 15, 13, 9, 5]);
// Indexed by channel code: email, paid_search, social, organic, referral, display, direct.
const ACQUIRE_CUM = cumulative([5, 24, 22, 20, 9, 14, 6]);
const RETURN_CUM = cumulative([30, 12, 8, 22, 3, 5, 20]);
const CUSTOMER_CUM = cumulative([40, 10, 5, 15, 0, 0, 30]);
const DEVICE_CUM = cumulative([55, 38, 7]);
// NPS answers lean to promoters, with a tail of detractors.
const NPS_CUM = cumulative([2, 1, 1, 2, 2, 4, 5, 10, 18, 25, 30]);

/**
 * Simulates one user's half year: paid impressions that never lead anywhere, visits that bounce,
 * browsing, abandoned carts and reminder emails, a first purchase, then logins, repeat purchases
 * over weeks, support chats, NPS answers, reviews and referrals. A few users have no awareness row
 * (deep links) and some are existing customers whose history starts at retention: both skip stages.
 * Some pairs share an instant on purpose (click and visit, cart and purchase, NPS and review).
 */
export class JourneyModel {
  private user = 0;
  private device = 0;
  private out: SampleEvent[] = [];
  private nextOrder = 1;

  constructor(private readonly rng: Rng) {}

  /** The user's events inside the export span, sorted by time (stable: ties keep their order). */
  simulate(user: number): SampleEvent[] {
    this.user = user;
    this.out = [];
    this.device = this.rng.weighted(DEVICE_CUM);
    const t0 = START + this.rng.weighted(DAY_CUM) * DAY + this.rng.weighted(HOUR_CUM) * HOUR + this.rng.int(0, HOUR - 1);
    if (this.rng.chance(0.07)) this.customer(t0, true);
    else this.prospect(t0);
    return this.out.filter((e) => e.t < END).sort((a, b) => a.t - b.t);
  }

  private push(t: number, ev: number, ch: number, campaign: string): SampleEvent {
    const e: SampleEvent = { user: this.user, t, ev, ch, campaign, cents: -1, order: 0, score: -1, device: this.device, row: 0 };
    this.out.push(e);
    return e;
  }

  private campaignFor(ch: number, t: number): string {
    const list = CAMPAIGNS[ch];
    if (list.length === 0 || this.rng.chance(0.1)) return '';
    if (ch === C.email && t >= SPRING_SALE[0] && t < SPRING_SALE[1] && this.rng.chance(0.6)) return 'spring_sale';
    return this.rng.pick(list);
  }

  /** A session may be on another device than the user's usual one. */
  private sessionDevice(): void {
    if (this.rng.chance(0.15)) this.device = this.rng.weighted(DEVICE_CUM);
  }

  private order(t: number, ev: number, ch: number, campaign: string, median: number): SampleEvent {
    const e = this.push(t, ev, ch, campaign);
    e.order = this.nextOrder++;
    // 1% promotional orders at zero; the rest log-normal around the median.
    e.cents = this.rng.chance(0.01) ? 0 : Math.round(median * Math.exp(0.55 * this.rng.normal()) * 100);
    return e;
  }

  private prospect(start: number): void {
    let t = start;
    let ch = this.rng.weighted(ACQUIRE_CUM);
    let campaign = this.campaignFor(ch, t);
    let skipVisit = false;
    if (PAID.has(ch)) {
      const n = 1 + this.rng.geometric(0.45);
      for (let i = 0; i < n; i++) {
        if (i > 0) t += Math.round(this.rng.exp(8 * HOUR));
        this.push(t, E.ad_impression, ch, campaign);
      }
      if (this.rng.chance(0.55)) return; // saw the ads, never clicked
      t += this.rng.chance(0.3) ? 0 : this.rng.int(1, 40);
    } else {
      skipVisit = this.rng.chance(0.05); // deep link into a product page: no awareness row at all
    }
    let signedUp = false;
    let intent = 0;
    for (;;) {
      const s = this.session(t, ch, campaign, skipVisit, signedUp, intent);
      skipVisit = false;
      t = s.t;
      signedUp = s.signedUp;
      if (s.outcome === 'bought') return this.customer(t, false);
      const stay = s.outcome === 'cart' ? 0.6 : s.outcome === 'browse' ? 0.4 : 0.25;
      if (!this.rng.chance(stay) || t >= END) return;
      intent += 0.08;
      this.sessionDevice();
      if (s.outcome === 'cart' && this.rng.chance(0.5)) {
        t += HOUR + Math.round(this.rng.exp(20 * HOUR));
        ch = C.email;
        campaign = 'cart_reminder';
      } else {
        t += 10 * MIN + Math.round(this.rng.exp(4 * DAY));
        ch = this.rng.weighted(RETURN_CUM);
        campaign = this.campaignFor(ch, t);
        if (PAID.has(ch) && this.rng.chance(0.5)) {
          this.push(t, E.ad_impression, ch, campaign); // retargeting
          t += this.rng.chance(0.3) ? 0 : this.rng.int(1, 40);
        }
      }
    }
  }

  private session(
    start: number,
    ch: number,
    campaign: string,
    skipVisit: boolean,
    signedUp: boolean,
    intent: number
  ): { t: number; signedUp: boolean; outcome: 'bought' | 'cart' | 'browse' | 'bounce' } {
    let t = start;
    if (!skipVisit) {
      this.push(t, E.site_visit, ch, campaign);
      if (this.rng.chance(0.3 - intent / 2)) return { t, signedUp, outcome: 'bounce' };
      if (this.rng.chance(0.02)) {
        // one-click buy from a shoppable post: straight from the visit to the order
        t += this.rng.int(20, 300);
        this.order(t, E.purchase, ch, campaign, 58);
        return { t, signedUp, outcome: 'bought' };
      }
      t += this.rng.int(5, 120);
    }
    if (this.rng.chance(0.35)) {
      this.push(t, E.search, ch, campaign);
      t += this.rng.int(3, 60);
    }
    const views = 1 + this.rng.geometric(0.5);
    for (let i = 0; i < views; i++) {
      this.push(t, E.product_view, ch, campaign);
      t += this.rng.int(10, 300);
    }
    if (!signedUp && this.rng.chance(0.2)) {
      this.push(t, E.signup, ch, campaign);
      signedUp = true;
      t += this.rng.int(20, 200);
    }
    if (!this.rng.chance(0.3 + intent)) return { t, signedUp, outcome: 'browse' };
    this.push(t, E.add_to_cart, ch, campaign);
    if (!this.rng.chance(0.5 + intent)) return { t, signedUp, outcome: 'cart' };
    if (this.rng.chance(0.8)) t += this.rng.int(30, 900); // else: the same instant as the cart row
    this.order(t, E.purchase, ch, campaign, 58);
    return { t, signedUp, outcome: 'bought' };
  }

  /** After a first purchase (or, for an existing customer, from the start of the export). */
  private customer(start: number, existing: boolean): void {
    let t = start;
    if (!existing) this.afterOrder(t, true);
    for (let first = existing; ; first = false) {
      if (!first) {
        if (!this.rng.chance(0.65)) return; // churned
        t += DAY + Math.round(this.rng.exp(16 * DAY));
        if (t >= END) return;
      }
      this.sessionDevice();
      const ch = this.rng.weighted(CUSTOMER_CUM);
      const campaign = this.campaignFor(ch, t);
      this.push(t, this.rng.chance(0.6) ? E.login : E.site_visit, ch, campaign);
      if (this.rng.chance(0.1)) this.push(t + this.rng.int(60, 900), E.support_chat, C.direct, '');
      t += this.rng.int(10, 120);
      const views = this.rng.geometric(0.5);
      for (let i = 0; i < views; i++) {
        this.push(t, E.product_view, ch, campaign);
        t += this.rng.int(10, 300);
      }
      if (this.rng.chance(0.55)) {
        if (this.rng.chance(0.7)) {
          this.push(t, E.add_to_cart, ch, campaign);
          t += this.rng.int(30, 600);
        }
        this.order(t, E.repeat_purchase, ch, campaign, 46);
        this.afterOrder(t, false);
      }
    }
  }

  /** Support, survey, review and referral rows that follow an order by days or weeks. */
  private afterOrder(t: number, firstOrder: boolean): void {
    if (this.rng.chance(0.12)) this.push(t + this.rng.int(HOUR, 5 * DAY), E.support_chat, C.direct, '');
    let score = -1;
    let surveyed = -1;
    if (this.rng.chance(firstOrder ? 0.35 : 0.08)) {
      surveyed = t + this.rng.int(7, 14) * DAY + this.rng.int(0, DAY - 1);
      score = this.rng.weighted(NPS_CUM);
      this.push(surveyed, E.nps_survey, C.email, this.rng.chance(0.9) ? 'nps' : '').score = score;
    }
    if (this.rng.chance(score >= 9 ? 0.3 : firstOrder ? 0.12 : 0.06)) {
      // a review submitted with the survey shares its instant
      const at = surveyed >= 0 && this.rng.chance(0.3) ? surveyed : t + this.rng.int(3, 12) * DAY + this.rng.int(0, DAY - 1);
      this.push(at, E.review, C.email, 'review_request');
    }
    if (this.rng.chance(score >= 9 ? 0.2 : firstOrder ? 0.04 : 0.02)) {
      this.push(t + this.rng.int(5, 40) * DAY + this.rng.int(0, DAY - 1), E.referral, C.referral, 'refer_a_friend');
    }
  }
}
