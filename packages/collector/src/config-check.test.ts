/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { checkConfig, SETTINGS, type SettingName } from './config-check';

const limiter = { limit: async () => ({ success: true }) };
const SOUND = {
  LB_SITES: '{"acme":{"origins":["https://www.acme.example"]}}',
  IP_LIMITER: limiter,
  VISITOR_LIMITER: limiter,
  EMAIL_TOKEN_LIMITER: limiter,
  EMAIL_LEAD_LIMITER: limiter,
} as unknown as Env;

/** Values each setting accepts and refuses. Typed over every setting, so a new one needs samples. */
const SAMPLES: Record<SettingName, { good: (string | undefined)[]; bad: string[] }> = {
  LB_ENV: { good: [undefined, 'production', 'development', 'test'], bad: ['prod', 'Production', ''] },
  LB_SITES: {
    good: [
      SOUND.LB_SITES,
      '{"a":{"origins":["https://a.example/","http://127.0.0.1:8080"],"downloadExtensions":["dwg",".STEP"],"stripParams":["utm_email"]}}',
      '{"a":{"origins":["https://a.example"],"competitors":["rival.example"],"autoAssign":"round-robin"}}',
      // No seed sites: they are added at run time (dashboard, POST /api/sites).
      undefined,
      '',
      '{}',
    ],
    bad: [
      '[]',
      '{"a":{"origins":["https://a.example/x"]}}',
      '{"a":{"origins":["ftp://a.example"]}}',
      '{"a":{"origins":["https://a.example"],"competitors":["not a domain"]}}',
    ],
  },
  LB_ALLOW_AUTOMATION: { good: [undefined, 'true', 'false'], bad: ['yes', '1'] },
  LB_SIGNING_KEY: { good: [undefined, 'k'.repeat(32)], bad: ['', 'k'.repeat(31)] },
  LB_REDIRECT_HOSTS: {
    good: [undefined, '', 'offers.example.com', 'a.example:8443, https://b.example, https://c.example:9443/'],
    bad: ['*.example.com', 'http://a.example', 'a.example/path', 'https://a.example?x=1', 'user@a.example'],
  },
  LB_NETWORK_OVERRIDES: {
    good: [undefined, '', '{"64500":{"type":"isp"}}'],
    bad: ['[]', '{"AS1":{"type":"isp"}}', '{'],
  },
  LB_INDEX_INTERVAL_SECONDS: { good: [undefined, '0', '10', '3600', '2.5'], bad: ['-1', '3601', 'ten', ''] },
  LB_PUBLIC_URL: {
    good: [undefined, 'https://collector.example.com', 'https://x.example/base/'],
    bad: ['x.example', 'https://x.example/?a=1', 'ftp://x.example'],
  },
  LB_RATE_LIMITS: { good: [undefined, 'on', 'off'], bad: ['false', 'OFF'] },
  // `on` is refused here because SOUND is production; development takes it (below).
  LB_DEV_STATS: { good: [undefined, 'off'], bad: ['on', 'yes'] },
  LB_API_TOKENS: {
    good: [undefined, '', `sales:read:${'a'.repeat(64)}, ops:admin:${'B'.repeat(64)}`],
    bad: ['sales:read', `sales:root:${'a'.repeat(64)}`, `sales team:read:${'a'.repeat(64)}`],
  },
  LB_WEBHOOK_RETRY_BASE_SECONDS: { good: [undefined, '0', '10'], bad: ['-5', 'soon', '99999'] },
  LB_IDENTITY_SECRETS: {
    good: [undefined, '', `{"acme":"${'s'.repeat(32)}"}`],
    bad: ['{', '[]', `{"acme":"${'s'.repeat(31)}"}`, `{"bad site":"${'s'.repeat(32)}"}`],
  },
  LB_ANONYMOUS_NOTIFY_DELAY_SECONDS: { good: [undefined, '0', '10', '600'], bad: ['-1', '601', 'soon'] },
  LB_RETENTION_DAYS: {
    good: [undefined, 'off', '30', '395', ' 90 ', '3650'],
    bad: ['0', '29', '3651', '-30', '1.5', 'never', '', 'OFF'],
  },
  LB_LEAD_DAILY_EVENTS: {
    good: [undefined, '1', '5000', ' 200 ', '1000000'],
    bad: ['0', '-5', '2.5', '1000001', 'lots', '', '1e3'],
  },
};

describe('the configuration check', () => {
  let logged: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    logged = vi.spyOn(console, 'error').mockImplementation(() => {});
  });
  afterEach(() => logged.mockRestore());

  it('checks a configuration once, and again when a value changes', () => {
    const broken = { ...SOUND, LB_RATE_LIMITS: 'maybe' };
    expect(checkConfig(broken)).toHaveLength(1);
    expect(checkConfig({ ...broken })).toHaveLength(1);
    expect(logged).toHaveBeenCalledTimes(1);
    expect(String(logged.mock.calls[0]?.[0])).toMatch(/LB_RATE_LIMITS: expected one of on, off/);
    expect(checkConfig({ ...broken, LB_RATE_LIMITS: 'off' })).toEqual([]);
    expect(checkConfig(broken)).toHaveLength(1);
    expect(logged).toHaveBeenCalledTimes(2);
  });

  for (const name of Object.keys(SETTINGS) as SettingName[]) {
    it(`accepts good values of ${name} and names it for bad ones`, () => {
      for (const value of SAMPLES[name].good) {
        expect(checkConfig({ ...SOUND, [name]: value }), `${name}=${value}`).toEqual([]);
      }
      for (const value of SAMPLES[name].bad) {
        const problems = checkConfig({ ...SOUND, [name]: value });
        expect(problems.length, `${name}=${value}`).toBeGreaterThan(0);
        expect(
          problems.every((p) => p.field.startsWith(name)),
          `${name}=${value}`,
        ).toBe(true);
      }
    });
  }

  it('counts store calls (LB_DEV_STATS=on) in development and test only', () => {
    for (const LB_ENV of ['development', 'test']) {
      expect(checkConfig({ ...SOUND, LB_ENV, LB_DEV_STATS: 'on' }), LB_ENV).toEqual([]);
    }
    expect(checkConfig({ ...SOUND, LB_ENV: 'production', LB_DEV_STATS: 'on' })).toEqual([
      expect.objectContaining({ field: 'LB_DEV_STATS', message: expect.stringMatching(/development only/) }),
    ]);
  });

  it('checks exactly the settings the README documents', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url).pathname, 'utf8');
    const section = readme.slice(
      readme.indexOf('## Configuration'),
      readme.indexOf('\n## ', readme.indexOf('## Configuration') + 1),
    );
    const documented = [...section.matchAll(/^\| `([A-Z_]+)` \| (var|secret) \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(Object.keys(SETTINGS).sort());
  });
});
