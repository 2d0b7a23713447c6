export { consent, identify, page, stop, track, vitals } from './api';
export type { Options } from './config';
export { init } from './init';
export { TOKEN_PARAM } from './lib/token';
export type { IdentifyOptions, Props, PropValue, Tracker, Vitals } from './types';
