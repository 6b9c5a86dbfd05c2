import { describe, expect, it } from 'vitest';
import { SpecError } from './schema/errors';
import { decodeState } from './state/url-codec';
import { decodableHash } from './fragment-escapes';

// Regression: 16 hostile fragments raised an uncaught URIError in SvelteKit's router (its
// decodeURIComponent of the fragment on the first navigation) instead of a message naming `link`.
const HOSTILE = [
  '#%', '#%%', '#%0', '#%G1', '#%zz', '#%u0041', '#%%41', '#100%',
  '#%80', '#%FF', '#%C0%AF', '#%E0%A4%A', '#%E2%82', '#%ED%A0%80', '#%F0%9F%98', '#v1.abc%zz'
];

describe('fragments with broken % escapes', () => {
  it.each(HOSTILE)('%s decodes after repair, to the text as typed', (hash) => {
    expect(() => decodeURIComponent(hash)).toThrow(URIError);
    const safe = decodableHash(hash);
    expect(decodeURIComponent(safe)).toBe(hash);
  });

  it.each(HOSTILE)('%s is then refused by the link reader, naming link', async (hash) => {
    const read = decodeState(decodableHash(hash).slice(1));
    await expect(read).rejects.toBeInstanceOf(SpecError);
    await expect(read).rejects.toMatchObject({ field: 'link', message: expect.stringMatching(/^link: /) });
  });

  it('keeps a fragment that decodes (escaped or not)', () => {
    for (const hash of ['', '#', '#v1.AbC-_9', '#v1.a%20b', '#%C3%A9']) expect(decodableHash(hash)).toBe(hash);
  });
});
