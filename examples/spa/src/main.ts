import { init } from '@leadbeacon/sdk';
import { ROUTES } from './routes';

// The collector: VITE_LB_COLLECTOR (an origin; empty for this page's own origin) or a local `wrangler dev`.
const collector = import.meta.env.VITE_LB_COLLECTOR ?? 'http://127.0.0.1:8787';

init({
  site: 'acme',
  endpoint: `${collector}/e`,
  // This example is driven by headless Chromium in tests; a real site leaves automation untracked.
  allowAutomation: true,
});

const app = document.getElementById('app') as HTMLElement;
const topic = document.querySelector('meta[name="lb:topic"]') as HTMLMetaElement;

/** Renders the current URL's screen. The SDK sees the history change by itself and counts the view. */
const render = () => {
  const route = ROUTES[location.pathname] ?? ROUTES['/'];
  if (!route) return;
  document.title = route.title;
  topic.content = route.topic;
  app.innerHTML = route.html;
};

// A tiny router: links marked data-link change the URL with pushState.
document.addEventListener('click', (e) => {
  const a = (e.target as Element).closest<HTMLAnchorElement>('a[data-link]');
  if (!a || e.button !== 0 || e.metaKey || e.ctrlKey) return;
  e.preventDefault();
  if (a.pathname !== location.pathname) history.pushState({}, '', a.pathname);
  render();
});
window.addEventListener('popstate', render);
(document.getElementById('back') as HTMLButtonElement).addEventListener('click', () => history.back());

// The demo form is sent by script, like most SPA forms: the SDK sees the submit event either way.
document.addEventListener('submit', (e) => {
  e.preventDefault();
  (document.getElementById('demo') as HTMLFormElement).hidden = true;
  (document.getElementById('done') as HTMLElement).hidden = false;
});

render();
