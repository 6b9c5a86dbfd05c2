import { decodableHash } from '$lib/fragment-escapes';

// Runs before the router's first navigation, which decodes the fragment (see fragment-escapes.ts).
export function init(): void {
  const safe = decodableHash(location.hash);
  if (safe !== location.hash) history.replaceState(history.state, '', safe);
}
