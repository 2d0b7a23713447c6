import { rmSync } from 'node:fs';
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
export const minify = (module) =>
  terser({
    ecma: 2020,
    module,
    compress: { passes: 3, unsafe_arrows: true, unsafe_methods: true, pure_getters: true },
    mangle: { properties: { regex: /^_/ } },
    format: { comments: false },
  });

/**
 * `let` for every `const` of the script tag builds, before terser: the same meaning in code that
 * already ran as `const`, one keyword less for gzip to encode, and terser then joins neighbouring
 * declarations into one `let a=…,b=…` (34 B gzip on dist/lb.js in all). Declarations are found in the
 * syntax tree, so a "const" inside a string or a regular expression is never touched.
 */
export const lets = () => ({
  name: 'lets',
  renderChunk(code) {
    const at = [];
    const walk = (node) => {
      if (!node || typeof node.type !== 'string') return;
      if (node.type === 'VariableDeclaration' && node.kind === 'const') at.push(node.start);
      for (const v of Object.values(node))
        if (Array.isArray(v)) v.forEach(walk);
        else if (v && typeof v === 'object') walk(v);
    };
    walk(this.parse(code));
    let out = code;
    for (const i of at.sort((a, b) => b - a)) out = `${out.slice(0, i)}let${out.slice(i + 5)}`;
    return { code: out, map: null };
  },
});

export const ts = (esm) => esbuild({ target, tsconfig: 'tsconfig.json', define: { __ESM__: String(esm) } });

/** Empties dist/ before the first build, so that no chunk of an earlier build lands in the package. */
const clean = () => ({
  name: 'clean',
  buildStart() {
    rmSync(new URL('dist', import.meta.url), { recursive: true, force: true });
  },
});

export default [
  {
    input: 'src/auto.ts',
    output: { file: 'dist/lb.js', format: 'iife', strict: false, plugins: [lets(), minify(false)] },
    plugins: [clean(), ts(false)],
  },
  {
    input: 'src/vitals.ts',
    output: { file: 'dist/lb.vitals.js', format: 'iife', strict: false, plugins: [lets(), minify(false)] },
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
