import esbuild from 'rollup-plugin-esbuild';

export default {
  input: 'src/auto.ts',
  output: { file: 'dist/lb.js', format: 'iife' },
  plugins: [esbuild({ minify: true, target: 'es2019' })],
};
