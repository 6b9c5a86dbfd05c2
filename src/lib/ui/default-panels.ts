import type { Analysis, Stage } from '../spec/types';
import type { EventName } from '../session/session';

/** The first event name of each stage that has one, most frequent first (names are ranked so). */
function stageEvents(stages: Stage[], events: EventName[]): string[] {
  const rank = new Map(events.map((e, i) => [e.event, i]));
  return stages
    .map((s) => [...s.events].sort((a, b) => (rank.get(a) ?? 1e9) - (rank.get(b) ?? 1e9))[0])
    .filter((e): e is string => e !== undefined);
}

/** A sensible first panel of each kind, from the journey the person already mapped. */
export function defaultPanel(kind: Analysis['kind'], stages: Stage[], events: EventName[]): Analysis {
  const path = stageEvents(stages, events);
  const top = events.map((e) => e.event);
  const purchase = stages.find((s) => s.name === 'purchase')?.events[0] ?? top[0] ?? '*';
  switch (kind) {
    case 'funnel': {
      const steps = (path.length >= 2 ? path.slice(0, 3) : top.slice(0, 3)).map((event) => ({ event }));
      return { kind: 'funnel', steps: steps.length ? steps : [{ event: '*' }] };
    }
    case 'retention':
      return { kind: 'retention', start: { event: purchase }, return: { event: '*' }, period: 'week', periods: 12, mode: 'first_time' };
    case 'cohorts':
      return { kind: 'cohorts', period: 'month', periods: 6 };
    case 'stages':
      return { kind: 'stages', window: null };
    case 'satisfaction':
      return { kind: 'satisfaction', scale: 'nps', breakdown: 'channel' };
    case 'experiment':
      return { kind: 'experiment', group: 'campaign', control: '', outcomes: [{ event: purchase }] };
    case 'paths':
      return { kind: 'paths', start: { event: path[0] ?? top[0] ?? '*' } };
    case 'lifecycle':
      return { kind: 'lifecycle' };
    case 'stickiness':
      return { kind: 'stickiness' };
    case 'engagement':
      return { kind: 'engagement' };
    case 'kpis':
      return { kind: 'kpis', purchase: { event: purchase }, breakdown: 'channel' };
  }
}
