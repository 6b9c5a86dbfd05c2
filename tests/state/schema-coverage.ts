import { ANALYSES, filterSchema, mappingFields } from '../../src/lib/schema/schema';
import type { ListNode, Node, ObjNode, Opt, Shape, UnionNode } from '../../src/lib/schema/schema-nodes';
import type { DashboardState } from '../../src/lib/state/url-codec';

/**
 * What a set of dashboards exercises, as names like `funnel.order=strict`, `funnel.exclusions`,
 * `retention.start.where` or `filter.op=icontains`: every field (by its path, list items and union
 * variants see through), every enum option, null where null is allowed, both booleans. The
 * schema's own list (`schemaOptions`) is what a generator must reach, so a field or option added
 * to the schema and not generated fails the coverage test.
 */
type AnyNode = Node<any, any> | Opt<any, any>;
const inner = (n: AnyNode): Node<any, any> => (n.tag === 'opt' ? (n as Opt<any, any>).node : (n as Node<any, any>));

function walk(node: AnyNode, value: unknown, path: string, out: Set<string>, every: boolean): void {
  const n = inner(node);
  if (n === filterSchema) path = 'filter';
  if (!every && value === undefined) return;
  out.add(path);
  switch (n.tag) {
    case 'obj':
      for (const [k, f] of Object.entries((n as ObjNode<Shape>).shape)) {
        if (k === 'kind') continue;
        const v = every ? undefined : (value as Record<string, unknown>)[k];
        walk(f, v, path === 'filter' ? `filter.${k}` : `${path}.${k}`, out, every);
      }
      return;
    case 'enum':
      for (const o of (n as unknown as { options: readonly string[] }).options) if (every || value === o) out.add(`${path}=${o}`);
      return;
    case 'bool':
      for (const b of [true, false]) if (every || value === b) out.add(`${path}=${b}`);
      return;
    case 'nullable':
      if (every || value === null) out.add(`${path}=null`);
      if (every || value !== null) walk((n as unknown as { node: AnyNode }).node, value, path, out, every);
      return;
    case 'list':
      if (every) walk((n as ListNode<any, any>).item, undefined, path, out, every);
      else for (const v of value as unknown[]) walk((n as ListNode<any, any>).item, v, path, out, every);
      return;
    case 'union':
      for (const variant of (n as UnionNode<unknown, unknown>).variants) {
        if (every) walk(variant, undefined, path, out, every);
        else if (fits(variant, value)) return walk(variant, value, path, out, every);
      }
      return;
    default:
  }
}

function fits(node: Node<any, any>, value: unknown): boolean {
  try {
    node.parse(value, '', 'strict');
    return true;
  } catch {
    return false;
  }
}

/** Every name the schema's analyses and the dashboard-wide filters can show. */
export function schemaOptions(): Set<string> {
  const out = new Set<string>();
  for (const [kind, node] of Object.entries(ANALYSES)) walk(node, undefined, kind, out, true);
  walk(mappingFields.filters, undefined, 'filters', out, true);
  return out;
}

/** The names `dashboards` use. */
export function usedOptions(dashboards: DashboardState[]): Set<string> {
  const out = new Set<string>();
  for (const d of dashboards) {
    for (const p of d.panels) walk(ANALYSES[p.kind], p, p.kind, out, false);
    if (d.mapping.filters) walk(mappingFields.filters, d.mapping.filters, 'filters', out, false);
  }
  return out;
}
