export { consent, identify, page, stop, track, vitals } from './api';
export type { Options } from './config';
export { init } from './init';
export { TOKEN_PARAM } from './token';
export { EXTENSIONS } from './trackers/downloads';
export type { Props, Tracker, Vitals } from './types';
