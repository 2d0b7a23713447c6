import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../app-env';
import { assetRoutes } from './assets';
import { companyPages } from './handlers/companies';
import { leadPages } from './handlers/leads';
import { logPages } from './handlers/log';
import { modelPages } from './handlers/model';
import { editorPages } from './handlers/model-editor';
import { notificationPages } from './handlers/notifications';
import { sessionPages } from './handlers/session';
import { sitePages } from './handlers/sites';
import { userPages } from './handlers/users';
import { ErrorPage } from './pages/error-page';
import { render } from './render';
import { sameOrigin } from './same-origin';
import { securityHeaders } from './security-headers';
import { requireSession } from './session';

/** Form posts are small; the largest is an imported model (64 KB of JSON, URL-encoded). */
const MAX_FORM_BYTES = 256 * 1024;

/**
 * The sales dashboard, mounted at `/dashboard`: server-rendered HTML (hono/jsx escapes every
 * value), no client-side script, a strict CSP, a revocable session (a random id in the cookie), and a
 * same-origin check on every POST. Middleware order matters: headers wrap everything, the CSRF
 * and size checks run before any session or handler work, the session gate before every page
 * except the login and the stylesheet.
 */
export const dashboardRoutes = new Hono<AppEnv>();

dashboardRoutes.use('*', securityHeaders());
dashboardRoutes.use('*', sameOrigin());
dashboardRoutes.use(
  '*',
  bodyLimit({
    maxSize: MAX_FORM_BYTES,
    onError: () => {
      throw new HTTPException(413, { message: `The form is larger than ${MAX_FORM_BYTES / 1024} KB.` });
    },
  }),
);
dashboardRoutes.use('*', requireSession());

dashboardRoutes.route('/', assetRoutes);
dashboardRoutes.route('/', sessionPages);
dashboardRoutes.route('/', leadPages);
dashboardRoutes.route('/', companyPages);
dashboardRoutes.route('/', editorPages);
dashboardRoutes.route('/', modelPages);
dashboardRoutes.route('/', notificationPages);
dashboardRoutes.route('/', sitePages);
dashboardRoutes.route('/', userPages);
dashboardRoutes.route('/', logPages);

dashboardRoutes.all('*', () => {
  throw new HTTPException(404, { message: 'There is no such dashboard page.' });
});

// Errors as pages, not JSON: client errors say what was wrong; anything else is logged and
// answered with a generic text that leaks nothing.
dashboardRoutes.onError((err, c) => {
  const principal = c.get('principal');
  if (err instanceof HTTPException) {
    return render(
      c,
      <ErrorPage status={err.status} message={err.message} principal={principal} />,
      err.status,
    );
  }
  console.error('dashboard error', err);
  const message = 'The dashboard could not show this page. Try again in a moment.';
  return render(c, <ErrorPage status={500} message={message} principal={principal} />, 500);
});
