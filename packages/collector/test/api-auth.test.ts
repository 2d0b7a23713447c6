import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { app } from '../src/app';

/** The scope every API route needs. A route missing here fails the enumeration test below. */
const ROUTES: Record<string, 'read' | 'write' | 'admin'> = {
  'GET /api/leads': 'read',
  'GET /api/leads/export.csv': 'read',
  'GET /api/leads/:id': 'read',
  'DELETE /api/leads/:id': 'admin',
  'GET /api/leads/:id/export': 'admin',
  'POST /api/leads/:id/accept': 'write',
  'POST /api/leads/:id/reject': 'write',
  'POST /api/leads/:id/outcome': 'write',
  'POST /api/leads/:id/owner': 'write',
  'POST /api/leads/:id/notes': 'write',
  'DELETE /api/leads/:id/notes/:noteId': 'write',
  'POST /api/identify': 'write',
  'POST /api/email-tokens': 'write',
  'GET /api/companies': 'read',
  'GET /api/accounts': 'read',
  'GET /api/accounts/:site/:domain': 'read',
  'POST /api/accounts/:site/:domain/aliases': 'admin',
  'DELETE /api/accounts/:site/:domain/aliases/:alias': 'admin',
  'PUT /api/accounts/:site/:domain/profile': 'write',
  'GET /api/model': 'read',
  'GET /api/model/versions/:version': 'read',
  'POST /api/model/validate': 'read',
  'POST /api/model': 'admin',
  'POST /api/model/versions/:version/preview': 'admin',
  'POST /api/model/versions/:version/publish': 'admin',
  'POST /api/model/rollback': 'admin',
  'GET /api/jobs/:id': 'read',
  'GET /api/model/report': 'read',
  'GET /api/model/shadow': 'read',
  'POST /api/model/versions/:version/shadow': 'admin',
  'POST /api/model/shadow/promote': 'admin',
  'DELETE /api/model/shadow': 'admin',
  'POST /api/webhooks': 'admin',
  'GET /api/webhooks': 'admin',
  'GET /api/webhooks/:id': 'admin',
  'DELETE /api/webhooks/:id': 'admin',
  'GET /api/webhooks/:id/deliveries': 'admin',
  'GET /api/webhooks/:id/deliveries/:deliveryId': 'admin',
  'POST /api/webhooks/:id/test': 'admin',
  'GET /api/ingest/dead-letters': 'read',
  'POST /api/ingest/dead-letters/replay': 'admin',
  'PATCH /api/webhooks/:id': 'admin',
  'POST /api/webhooks/:id/:state{pause|resume}': 'admin',
  'POST /api/webhooks/:id/deliveries/:deliveryId/redeliver': 'admin',
  'GET /api/sites': 'read',
  'GET /api/sites/:id': 'read',
  'POST /api/sites': 'admin',
  'PUT /api/sites/:id': 'admin',
  'DELETE /api/sites/:id': 'admin',
  'POST /api/sites/:id/identity-secret': 'admin',
  'GET /api/users': 'admin',
  'POST /api/users': 'admin',
  'GET /api/actions': 'admin',
};

const TOKENS = { read: 'test-read-token', write: 'test-write-token', admin: 'test-admin-token' } as const;

async function sha256hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The real app with real bindings, configured like production: hashed tokens, no development token. */
async function call(method: string, path: string, token?: string): Promise<Response> {
  const tokens = await Promise.all(
    Object.entries(TOKENS).map(async ([scope, t]) => `${scope}-user:${scope}:${await sha256hex(t)}`),
  );
  const ctx = createExecutionContext();
  const res = await app.fetch(
    new Request(`http://collector.test${path}`, {
      method,
      headers: token ? { authorization: `Bearer ${token}`, 'content-type': 'application/json' } : {},
      ...(method === 'POST' || method === 'PUT' ? { body: '{}' } : {}),
    }),
    { ...env, LB_ENV: 'production', LB_API_TOKENS: tokens.join(',') },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res;
}

const concrete = (path: string) =>
  path
    .replace(':id', 'a'.repeat(64))
    .replace(':version', '1')
    .replace(':deliveryId', 'b'.repeat(32))
    .replace(/:state\{(\w+)\|\w+\}/, '$1')
    .replace(':site', 'acme')
    .replace(':domain', 'acme.example')
    .replace(':alias', 'd:acme.de');

const RANK = { read: 1, write: 2, admin: 3 } as const;

describe('every /api route is guarded', () => {
  it('the table above lists exactly the routes the app has', () => {
    const actual = new Set(
      app.routes
        .filter((r) => r.path.startsWith('/api/') && r.method !== 'ALL')
        .map((r) => `${r.method} ${r.path}`),
    );
    expect([...actual].sort()).toEqual(Object.keys(ROUTES).sort());
  });

  for (const [route, scope] of Object.entries(ROUTES)) {
    const [method, path] = route.split(' ') as [string, string];
    it(`${route}: 401 without a valid token, 403 below ${scope}, passes auth with ${scope}`, async () => {
      const none = await call(method, concrete(path));
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toMatch(/Bearer/);
      expect((await call(method, concrete(path), 'lb_dev_admin_token')).status).toBe(401);
      for (const [have, token] of Object.entries(TOKENS) as [keyof typeof RANK, string][]) {
        const res = await call(method, concrete(path), token);
        if (RANK[have] < RANK[scope]) {
          expect(res.status, `${have} token`).toBe(403);
          expect(((await res.json()) as { error: string }).error).toMatch(
            new RegExp(`lacks the ${scope} scope`),
          );
        } else {
          expect([401, 403], `${have} token`).not.toContain(res.status);
        }
      }
    });
  }
});
