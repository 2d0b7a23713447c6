/** One screen of the app: its title, its topic for lead scoring and its markup. */
export type Route = { title: string; topic: string; html: string };

export const ROUTES: Record<string, Route> = {
  '/': {
    title: 'Acme Analytics',
    topic: 'home',
    html: '<h1>Acme Analytics</h1><p>Know which accounts are ready to buy.</p><a href="/pricing" data-link>See pricing</a>',
  },
  '/pricing': {
    title: 'Pricing · Acme Analytics',
    topic: 'pricing',
    html:
      '<h1>Pricing</h1><p>Team €49, Business €199 per month.</p>' +
      '<button data-lb-event="pricing_calculator">Calculate my price</button>' +
      '<p><a href="/files/price-list.pdf" download>Price list (PDF)</a></p>',
  },
  '/docs': {
    title: 'Docs · Acme Analytics',
    topic: 'docs,integration',
    html: '<h1>Docs</h1><p>Install the script tag, then…</p><a href="https://github.com/" rel="noopener">Source</a>',
  },
  '/demo': {
    title: 'Book a demo · Acme Analytics',
    topic: 'demo',
    html:
      '<h1>Book a demo</h1><form id="demo" data-lb-intent="demo_request" data-lb-identify>' +
      '<label>Work e-mail <input type="email" name="email" required autocomplete="email"></label> ' +
      '<label>Company <input name="company" autocomplete="organization"></label> ' +
      '<label>Team size <select name="size" data-lb-trait="company_size"><option value="">choose</option>' +
      '<option>1-10</option><option>11-50</option><option>51-200</option><option>201+</option></select></label> ' +
      '<button>Book</button></form>' +
      '<p id="done" hidden>Thanks, we will be in touch.</p>',
  },
};
