/**
 * Short local names of the browser globals the SDK reads, so the minified script says `d.hidden`
 * rather than `document.hidden` (a minifier cannot alias globals itself). The ESM build reads them
 * through `globalThis` because importing must work on the server, where they are undefined and
 * `init` stays inert.
 */
const g = globalThis as Partial<Window & typeof globalThis>;
export const w = (__ESM__ ? g : window) as Window & typeof globalThis;
export const d = (__ESM__ ? g.document : document) as Document;
export const l = (__ESM__ ? g.location : location) as Location;
export const n = (__ESM__ ? g.navigator : navigator) as Navigator & { globalPrivacyControl?: boolean };
/** `Date.now`, which works unbound; looked up on each call in the ESM build, where apps and tests may fake the clock. */
export const now: () => number = __ESM__ ? () => Date.now() : Date.now;
