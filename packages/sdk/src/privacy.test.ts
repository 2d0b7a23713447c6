import { beforeEach, describe, expect, it, vi } from 'vitest';
import { delivered, pagehide, sleep, useCollector } from '../test/harness';
import { consent, identify, track } from './api';
import type { Options } from './config';
import { init } from './init';

const c = useCollector();
let gpc: boolean | undefined;
let dnt: string | null = null;
beforeEach(() => {
  gpc = undefined;
  dnt = null;
  Object.defineProperty(navigator, 'globalPrivacyControl', { configurable: true, get: () => gpc });
  Object.defineProperty(navigator, 'doNotTrack', { configurable: true, get: () => dnt });
});

/** Events of the test so far (sent by beacon), with the batch headers that carried them. */
const sent = async (count: number) => {
  pagehide();
  await c.count(count);
  return c.batches();
};
const ids = (b: Record<string, unknown>) => [b.v, b.k, b.g];

describe('anonymous mode', () => {
  it.each([
    ['Global Privacy Control', () => (gpc = true)],
    ['Do Not Track', () => (dnt = '1')],
  ])('under %s sends no ids, no token, no identify, and stores nothing', async (_, turnOn) => {
    turnOn();
    localStorage.setItem('lb_v', 'earlier-visitor');
    history.replaceState({ app: 1 }, '', '/welcome?lb_t=signed.token&x=1');
    c.start();
    identify('jo@acme.test', { title: 'CTO' });
    track('x');
    const batches = await sent(3);
    expect(c.events().map((e) => e.n)).toEqual(['pv', 'ev', 'en']);
    for (const b of batches) expect(ids(b)).toEqual([undefined, undefined, undefined]);
    expect(JSON.stringify(batches)).not.toMatch(/jo@acme|signed\.token|earlier-visitor/);
    expect(localStorage.length).toBe(0);
    // The token still leaves the address bar.
    expect(location.href).toBe('http://localhost:3000/welcome?x=1');
  });

  it('ignores GPC and DNT with honorGpc: false', async () => {
    gpc = true;
    dnt = '1';
    c.start({ honorGpc: false });
    const [b] = await sent(2);
    expect(b?.v).toMatch(/./);
  });

  it('in consent-required mode stores and sends no identifier before consent(true), then sends v and g', async () => {
    c.start({ requireConsent: true });
    identify('early@acme.test');
    await sent(2);
    expect(ids(c.batches()[0] ?? {})).toEqual([undefined, undefined, undefined]);
    expect(localStorage.length).toBe(0);
    consent(true);
    identify('jo@acme.test');
    await c.count(3);
    const b = c.batches()[1];
    expect(b).toMatchObject({ g: 1, e: [expect.objectContaining({ n: 'id', em: 'jo@acme.test' })] });
    expect(b?.v).toMatch(/./);
    expect(localStorage.getItem('lb_c')).toBe('1');
    expect(JSON.stringify(c.batches())).not.toContain('early@');
  });

  it('consent(true) outranks GPC', async () => {
    gpc = true;
    c.start();
    consent(true);
    const [b] = await sent(2);
    expect(b).toMatchObject({ g: 1, v: expect.stringMatching(/./) });
  });

  it('consent(false) is an opt-out that deletes the ids and the queue and sticks across pages', async () => {
    c.start();
    track('before');
    expect(localStorage.getItem('lb_q')).not.toBeNull();
    consent(false);
    expect(localStorage.getItem('lb_v')).toBeNull();
    expect(localStorage.getItem('lb_q')).toBeNull();
    expect(localStorage.getItem('lb_c')).toBe('0');
    // The next page.
    c.start();
    const batches = await sent(2);
    for (const b of batches) expect(ids(b)).toEqual([undefined, undefined, undefined]);
    expect(c.events().map((e) => e.n)).toEqual(['pv', 'en']);
  });

  it('where consent is required, consent(false) stores nothing (no is the default)', async () => {
    c.start({ requireConsent: true });
    consent(false);
    track('after');
    expect(localStorage.length).toBe(0);
    pagehide();
    await c.until((e) => e.some((x) => x.nm === 'after'));
    for (const b of c.batches()) expect(ids(b)).toEqual([undefined, undefined, undefined]);
  });
});

describe('anonymous mode and forms', () => {
  it('sends a marked form without its address and traits under GPC', async () => {
    gpc = true;
    c.start({ auto: false });
    document.addEventListener('submit', (e) => e.preventDefault(), { once: true });
    document.body.innerHTML =
      '<form id="f" data-lb-identify><input type="email" value="jo@acme.test"><input autocomplete="organization" value="Acme Corp"></form>';
    (document.querySelector('form') as HTMLFormElement).requestSubmit();
    const [fm] = await c.count(1);
    expect(fm).toEqual({ i: fm?.i, n: 'fm', ts: fm?.ts, u: 'http://localhost:3000/', fi: 'f' });
  });
});

describe('personal data in URLs', () => {
  it('removes e-mail, name and phone parameters and the fragment from u and r before they are sent, and nothing else', async () => {
    history.replaceState(
      null,
      '',
      '/thanks?Email=jo%40acme.test&plan=pro&NAME=Jo&first_name=Jo&FirstName=Jo&last_name=B&lastname=B&fullname=Jo+B&e-mail=x&mail=x&phone=1&tel=2&Mobile=3&ref=jo%40acme.test&contact=Jo.Buyer@Acme.Test&utm_source=mail&page=2#email=jo@acme.test',
    );
    c.start();
    history.pushState(null, '', '/next?q=a+b%20c&username=jo&mailing=weekly');
    await c.countOf('pv', 2);
    // Until the answer is back the hide's beacon would repeat the fetch's events (the collector keeps
    // them once by id); this test counts the engagements.
    await delivered();
    pagehide();
    await c.countOf('en', 2);
    const [first, second] = c.named('pv');
    expect(first?.u).toBe('http://localhost:3000/thanks?plan=pro&utm_source=mail&page=2');
    expect(second?.r).toBe(first?.u);
    // Untouched when nothing is removed: the page's own encoding stays.
    expect(second?.u).toBe('http://localhost:3000/next?q=a+b%20c&username=jo&mailing=weekly');
    expect(c.named('en').map((e) => e.u)).toEqual([first?.u, second?.u]);
    expect(JSON.stringify(c.batches())).not.toMatch(/acme\.test|Jo\+B|Mobile/i);
  });
});

describe('when not to track', () => {
  it('tracks nothing in an automated browser unless allowed, for lb_ignore, or with a bad site (warning)', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const server = c.server();
    const others = () => server.received.filter((b) => b.s === c.site()).length;
    // happy-dom reports navigator.webdriver like an automated browser.
    init({ site: c.site(), endpoint: `${server.url}/e` }).track('x');
    localStorage.setItem('lb_ignore', '1');
    c.start().track('y');
    localStorage.clear();
    const bad = init({ site: 'bad site!', endpoint: `${server.url}/e`, allowAutomation: true } as Options);
    bad.track('z');
    bad.consent(true);
    expect(warn).toHaveBeenCalledWith('leadbeacon: bad site');
    // An inert tracker's consent() stores nothing either.
    expect(localStorage.length).toBe(0);
    pagehide();
    await sleep(1300);
    expect(others()).toBe(0);
    expect(server.received.some((b) => b.s === 'bad site!')).toBe(false);
  });
});
