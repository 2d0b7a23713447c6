/**
 * Build flag: true in the ESM build (`dist/index.js`, tests), false in the script-tag build
 * (`dist/lb.js`), where teardown (`stop()`) and the ESM singleton are left out to save bytes.
 */
declare const __ESM__: boolean;
