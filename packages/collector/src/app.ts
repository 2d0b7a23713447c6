import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from './app-env';
import { configGuard } from './config-check';
import { dashboardRoutes } from './dashboard/app';
import { accountRoutes } from './routes/api/accounts';
import { companyRoutes } from './routes/api/companies';
import { identityRoutes } from './routes/api/identity';
import { ingestRoutes } from './routes/api/ingest';
import { leadRoutes } from './routes/api/leads';
import { modelRoutes } from './routes/api/model';
import { reportRoutes } from './routes/api/report';
import { shadowRoutes } from './routes/api/shadow';
import { siteRoutes } from './routes/api/sites';
import { userRoutes } from './routes/api/users';
import { webhookRoutes } from './routes/api/webhooks';
import { collectRoutes } from './routes/collect';
import { devRoutes } from './routes/dev';
import { emailRoutes } from './routes/email';
import { healthRoutes } from './routes/health';
import { sdkRoutes } from './routes/sdk';

/** Builds the collector's HTTP app: beacons, the SDK, the API, the dashboard, health. */
export function createApp() {
  const app = new Hono<AppEnv>();

  // A broken configuration answers 503 naming the fields to fix, before any route runs.
  app.use('*', configGuard());
  app.route('/', sdkRoutes);
  app.route('/', collectRoutes);
  app.route('/', devRoutes);
  app.route('/', healthRoutes);
  app.route('/', emailRoutes);
  app.route('/api/leads', leadRoutes);
  app.route('/api', identityRoutes);
  app.route('/api', modelRoutes);
  app.route('/api', companyRoutes);
  app.route('/api', accountRoutes);
  app.route('/api', reportRoutes);
  app.route('/api', shadowRoutes);
  app.route('/api', siteRoutes);
  app.route('/api', userRoutes);
  app.route('/api', webhookRoutes);
  app.route('/api', ingestRoutes);
  app.get('/dashboard/', (c) => c.redirect('/dashboard', 301));
  app.route('/dashboard', dashboardRoutes);

  app.notFound((c) => c.json({ error: 'not found' }, 404));

  // The one error funnel: client errors carry their message; anything else is logged and
  // answered with a generic 500 that leaks nothing about the internals.
  app.onError((err, c) => {
    if (err instanceof HTTPException) {
      const res = err.getResponse();
      const headers = new Headers(res.headers);
      headers.set('Content-Type', 'application/json; charset=utf-8');
      return new Response(JSON.stringify({ error: err.message }), { status: err.status, headers });
    }
    console.error('unhandled error', err);
    return c.json({ error: 'internal error' }, 500);
  });

  return app;
}

export const app = createApp();
