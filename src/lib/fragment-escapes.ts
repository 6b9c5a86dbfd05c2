/**
 * A link's `#…` as typed may hold broken `%` escapes (`#%`, `#%E0%A4%A`, an overlong `%C0%AF`).
 * SvelteKit's router runs decodeURIComponent on the fragment when the page starts (to scroll to
 * an element of that id) and the URIError it throws is uncaught: the page does not start. Such a
 * fragment has every `%` escaped as `%25` instead, so decoding gives back the text as typed, and
 * the link reader then refuses it with a message naming `link`. A decodable fragment is kept.
 */
export function decodableHash(hash: string): string {
  try {
    decodeURIComponent(hash);
    return hash;
  } catch {
    return hash.replaceAll('%', '%25');
  }
}
