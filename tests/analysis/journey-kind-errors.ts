/** Specs each kind must refuse, with the field the SpecError names (docs/ENGAGEMENT.md). */
type Case = [Record<string, unknown>, string];

const levels = (i: number, when: unknown[]) =>
  ['exploring', 'understanding', 'anticipating', 'committed', 'advocating'].map((name, j) => ({ name, when: j === i ? when : [] }));

export const lifecycleErrors: Case[] = [
  [{ kind: 'lifecycle', period: 'year' }, 'analysis.period'],
  [{ kind: 'lifecycle', week_start: 'friday' }, 'analysis.week_start'],
  [{ kind: 'lifecycle', periods: 0 }, 'analysis.periods'],
  [{ kind: 'lifecycle', periods: 2.5 }, 'analysis.periods'],
  [{ kind: 'lifecycle', activity: 'visit' }, 'analysis.activity'],
  [{ kind: 'lifecycle', activity: { events: [] } }, 'analysis.activity.events'],
  [{ kind: 'lifecycle', activity: { event: 'visit', where: [{ column: 'nope', op: 'not_null' }] } }, 'analysis.activity.where[0].column']
];

export const stickinessErrors: Case[] = [
  [{ kind: 'stickiness', period: 'day' }, 'analysis.period'],
  [{ kind: 'stickiness', cumulative: 'yes' }, 'analysis.cumulative'],
  [{ kind: 'stickiness', periods: -1 }, 'analysis.periods'],
  [{ kind: 'stickiness', activity: {} }, 'analysis.activity']
];

export const engagementErrors: Case[] = [
  [{ kind: 'engagement', levels: levels(0, []).slice(0, 4) }, 'analysis.levels'],
  [{ kind: 'engagement', levels: levels(0, [{ measure: 'active_days', op: '>=', value: 1 }]) }, 'analysis.levels[0].when'],
  [{ kind: 'engagement', levels: levels(2, [{ measure: 'clicks', op: '>=', value: 1 }]) }, 'analysis.levels[2].when[0].measure'],
  [{ kind: 'engagement', levels: levels(2, [{ measure: 'stage', op: '=>', value: 1 }]) }, 'analysis.levels[2].when[0].op'],
  [{ kind: 'engagement', levels: levels(3, [{ measure: 'stage', op: '>=', value: 'loyalty' }]) }, 'analysis.levels[3].when[0].value'],
  [{ kind: 'engagement', levels: levels(3, [{ measure: 'active_days', op: '>=', value: '2' }]) }, 'analysis.levels[3].when[0].value'],
  [{ kind: 'engagement', levels: levels(4, [{ measure: 'occurrences', op: '>=', value: 1 }]) }, 'analysis.levels[4].when[0].step'],
  [{ kind: 'engagement', levels: levels(4, [{ measure: 'active_days', op: '>=', value: 1, step: { event: 'x' } }]) }, 'analysis.levels[4].when[0].step'],
  [{ kind: 'engagement', levels: levels(1, [{ measure: 'stage', op: '>=', value: 1, scope: 'period' }]) }, 'analysis.levels[1].when[0].scope'],
  [{ kind: 'engagement', levels: levels(1, []).map((l, i) => (i === 4 ? { ...l, name: 'exploring' } : l)) }, 'analysis.levels[4].name'],
  [{ kind: 'engagement', purchase: { event: 'buy', where: [{ column: 'nope', op: 'not_null' }] } }, 'analysis.purchase.where[0].column'],
  [{ kind: 'engagement', levels: levels(4, [{ measure: 'occurrences', op: '>=', value: 1, step: { event: 'x', where: [{ column: 'nope', op: 'is_null' }] } }]) }, 'analysis.levels[4].when[0].step.where[0].column'],
  [{ kind: 'engagement', purchase: { where: [] } }, 'analysis.purchase'],
  [{ kind: 'engagement', levels: levels(2, [{ measure: 'occurrences', op: '>=', value: 1, step: { event: 3 } }]) }, 'analysis.levels[2].when[0].step.event'],
  [{ kind: 'engagement', period: 'quarter' }, 'analysis.period']
];
