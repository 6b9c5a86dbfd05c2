// A static single-page app: nothing is rendered on a server, so the engine can start in the page.
export const ssr = false;
export const prerender = false;
