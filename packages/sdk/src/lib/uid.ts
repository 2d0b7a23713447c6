import { now } from './globals';

/**
 * An id of 9 or more `[0-9a-z]` characters: base-36 milliseconds, then random digits. The time
 * prefix keeps ids unique across visitors even with a weak `Math.random`; `crypto` is not needed.
 */
export const uid = (): string => now().toString(36) + Math.random().toString(36).slice(2);
