import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = (path) => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');

describe('repository docs', () => {
  it('state the Node.js version the root package.json requires', () => {
    const engines = JSON.parse(root('package.json')).engines.node;
    const minimum = /^>=(\d+(?:\.\d+)*)$/.exec(engines)?.[1];
    expect(minimum, engines).toBeDefined();
    const readme = root('README.md');
    const stated = [...readme.matchAll(/Node\.js ≥ (\d+(?:\.\d+)*)/g)].map((m) => m[1]);
    expect(stated.length).toBeGreaterThan(0);
    expect(new Set(stated)).toEqual(new Set([minimum]));
    expect(root('scripts/setup.sh')).toContain(`Node.js >= ${minimum}`);
  });

  it('keep one deploy section, which the collector README links to', () => {
    const readme = root('README.md');
    expect(readme.match(/^## Deploy$/gm)).toHaveLength(1);
    for (const step of [
      'wrangler login',
      'wrangler d1 create',
      'queues create',
      'namespace_id',
      'LB_SIGNING_KEY',
      'LB_PUBLIC_URL',
      'pnpm run deploy',
      '/lb.js',
    ]) {
      expect(readme.slice(readme.indexOf('## Deploy')), step).toContain(step);
    }
    expect(root('packages/collector/README.md')).toContain('](../../README.md#deploy)');
  });
});
