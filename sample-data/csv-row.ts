import type { SampleEvent } from './journey-model';
import { CHANNELS, DEVICES, EVENTS } from './vocabulary';

export const HEADER = 'user_id,event_time,event,channel,campaign,revenue,order_id,score,device\n';

const PAD2 = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
// Date prefixes are cached per day: formatting millions of timestamps with Date is the slow part.
const dayPrefix = new Map<number, string>();

/** Epoch seconds -> `2025-03-04T10:15:22Z`. */
export function isoSeconds(t: number): string {
  const day = Math.floor(t / 86400);
  let prefix = dayPrefix.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * 86400000).toISOString().slice(0, 11);
    dayPrefix.set(day, prefix);
  }
  const s = t - day * 86400;
  return prefix + PAD2[Math.floor(s / 3600)] + ':' + PAD2[Math.floor(s / 60) % 60] + ':' + PAD2[s % 60] + 'Z';
}

export function userId(n: number): string {
  return 'u' + String(n).padStart(7, '0');
}

function money(cents: number): string {
  const c = cents % 100;
  return Math.floor(cents / 100) + (c < 10 ? '.0' : '.') + c;
}

/**
 * One CSV line. No field can hold a comma, quote or newline (all values come from the fixed
 * vocabulary or are numbers), so nothing needs quoting and the file stays a plain CSV.
 */
export function csvRow(e: SampleEvent): string {
  return (
    userId(e.user) +
    ',' +
    isoSeconds(e.t) +
    ',' +
    EVENTS[e.ev] +
    ',' +
    CHANNELS[e.ch] +
    ',' +
    e.campaign +
    ',' +
    (e.cents >= 0 ? money(e.cents) : '') +
    ',' +
    (e.order > 0 ? 'O' + String(e.order).padStart(8, '0') : '') +
    ',' +
    (e.score >= 0 ? String(e.score) : '') +
    ',' +
    DEVICES[e.device] +
    '\n'
  );
}
