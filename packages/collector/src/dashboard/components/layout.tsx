import type { Child } from 'hono/jsx';
import { can, type Permission, type Principal, principalLabel } from '../../auth/principal';
import { CSS_HREF, JS_HREF } from '../assets';

export type Section = 'leads' | 'companies' | 'model' | 'notifications' | 'sites' | 'users' | 'log';

type LayoutProps = {
  /** The page's own title; " · leadbeacon" is appended. */
  title: string;
  /** The logged-in token; without it (login, some errors) the navigation is left out. */
  principal?: Principal | undefined;
  /** The navigation entry marked as the current page. Default: none. */
  current?: Section | undefined;
  /** Reload the page after this many seconds (running jobs; no script needed). Default: never. */
  refreshSeconds?: number | undefined;
  children?: Child;
};

/** The navigation; an entry shows only to those who may use its screen. */
const SECTIONS: { id: Section; href: string; label: string; needs: Permission }[] = [
  { id: 'leads', href: '/dashboard', label: 'Leads', needs: 'leads.view' },
  { id: 'companies', href: '/dashboard/companies', label: 'Companies', needs: 'leads.view' },
  { id: 'model', href: '/dashboard/model', label: 'Model', needs: 'leads.view' },
  // Subscriptions hold receivers' addresses and send lead data out: those who may edit them only.
  {
    id: 'notifications',
    href: '/dashboard/notifications',
    label: 'Notifications',
    needs: 'notifications.edit',
  },
  { id: 'sites', href: '/dashboard/sites', label: 'Sites', needs: 'sites.edit' },
  { id: 'users', href: '/dashboard/users', label: 'Users', needs: 'users.manage' },
  { id: 'log', href: '/dashboard/log', label: 'Action log', needs: 'users.manage' },
];

/** The page shell: language, viewport, the one stylesheet, skip link, navigation, main landmark. */
export function Layout({ title, principal, current, refreshSeconds, children }: LayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {refreshSeconds ? <meta http-equiv="refresh" content={String(refreshSeconds)} /> : null}
        <title>{`${title} · leadbeacon`}</title>
        <link rel="stylesheet" href={CSS_HREF} />
        <script src={JS_HREF} defer />
        {/* No favicon request: the CSP allows data: images. */}
        <link rel="icon" href="data:," />
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="top">
          <a class="brand" href="/dashboard">
            leadbeacon
          </a>
          {principal ? (
            <nav aria-label="Main">
              <ul>
                {SECTIONS.filter((s) => can(principal, s.needs)).map((s) => (
                  <li>
                    <a href={s.href} aria-current={s.id === current ? 'page' : undefined}>
                      {s.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
          {principal ? (
            <div class="who">
              <span>{principalLabel(principal)}</span>
              <form method="post" action="/dashboard/logout">
                <button type="submit">Log out</button>
              </form>
            </div>
          ) : null}
        </header>
        <main id="main" tabindex={-1}>
          {children}
        </main>
      </body>
    </html>
  );
}
