import { DEFAULT_STAGES, type Stage } from '../schema/types';

export type StageName = (typeof DEFAULT_STAGES)[number];

/**
 * Words that place an event name in a stage, checked in this order: the more specific stages
 * first, so `repeat_purchase` is retention (not purchase) and `purchase_review` is advocacy.
 * Each entry is a sequence of words that must appear next to each other in the name.
 */
const RULES: readonly [StageName, readonly string[]][] = [
  ['advocacy', ['review', 'referral', 'refer', 'referred', 'share', 'shared', 'survey', 'nps', 'rating', 'rate', 'testimonial', 'recommend']],
  ['retention', ['repeat purchase', 'repeat order', 'reorder', 'repurchase', 'renewal', 'renew', 'login', 'log in', 'signin', 'sign in', 'support', 'ticket', 'return visit', 'subscription renewed']],
  ['purchase', ['purchase', 'purchased', 'order', 'ordered', 'order completed', 'checkout complete', 'checkout completed', 'transaction', 'buy', 'bought', 'payment', 'paid', 'won', 'deal won', 'conversion', 'invoice']],
  ['consideration', ['view', 'viewed', 'page view', 'pageview', 'product view', 'search', 'signup', 'sign up', 'register', 'registration', 'add to cart', 'addtocart', 'add to basket', 'cart', 'checkout', 'begin checkout', 'wishlist', 'lead', 'trial', 'demo', 'download', 'contact']],
  ['awareness', ['impression', 'impressions', 'ad', 'ad click', 'ad impression', 'visit', 'session', 'session start', 'landing', 'open', 'email open', 'click', 'reach', 'send', 'sent', 'delivered']]
];

/** Lower-case words of an event name: `Add_To-Cart`, `addToCart` and `add to cart` all agree. */
export function eventWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

function containsPhrase(words: string[], phrase: string): boolean {
  const p = phrase.split(' ');
  for (let i = 0; i + p.length <= words.length; i++) {
    if (p.every((w, j) => words[i + j] === w)) return true;
  }
  return false;
}

/** The stage an event name suggests, or null when no rule recognises it. */
export function guessStage(eventName: string): StageName | null {
  const words = eventWords(eventName);
  // Glued names such as `addtocart` or `pageview` are also tried as one word.
  const glued = words.join('');
  for (const [stage, phrases] of RULES) {
    if (phrases.some((p) => containsPhrase(words, p) || glued === p.replaceAll(' ', ''))) return stage;
  }
  return null;
}

/** The five default stages in order, each with the given event names it recognises. */
export function guessStages(eventNames: readonly string[]): Stage[] {
  const stages: Stage[] = DEFAULT_STAGES.map((name) => ({ name, events: [] }));
  for (const e of eventNames) {
    const s = guessStage(e);
    if (s !== null) stages[DEFAULT_STAGES.indexOf(s)].events.push(e);
  }
  return stages;
}
