import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { dts } from 'rollup-plugin-dts';
import esbuild from 'rollup-plugin-esbuild';

/** Browsers with `?.`, `??` and `||=` (Chrome 85, Firefox 79, Safari 14): every browser a B2B visitor uses. */
const target = 'es2021';

/**
 * terser: three passes, and every property that starts with `_` is internal and mangled to one letter.
 * The wire keys (`i`, `n`, `ts`, …) and the public API have no `_`, so they survive.
 */
const minify = (module) =>
  terser({
    ecma: 2020,
    module,
    compress: { passes: 3, unsafe_arrows: true, unsafe_methods: true, pure_getters: true },
    mangle: { properties: { regex: /^_/ } },
    format: { comments: false },
  });

const ts = (esm) => esbuild({ target, tsconfig: 'tsconfig.json', define: { __ESM__: String(esm) } });

export default [
  {
    input: 'src/auto.ts',
    output: { file: 'dist/lb.js', format: 'iife', strict: false, plugins: [minify(false)] },
    plugins: [ts(false)],
  },
  {
    input: 'src/vitals.ts',
    output: { file: 'dist/lb.vitals.js', format: 'iife', strict: false, plugins: [minify(false)] },
    plugins: [nodeResolve(), ts(false)],
  },
  {
    input: { index: 'src/index.ts', vitals: 'src/vitals/index.ts' },
    external: ['web-vitals'],
    output: { dir: 'dist', format: 'es', chunkFileNames: '[name]-[hash].js', plugins: [minify(true)] },
    plugins: [ts(true)],
  },
  {
    input: { index: 'src/index.ts', vitals: 'src/vitals/index.ts' },
    external: ['web-vitals'],
    output: { dir: 'dist', format: 'es' },
    plugins: [dts()],
  },
];
