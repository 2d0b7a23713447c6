import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useCollector } from '../test/harness';
import { identify } from './api';

const c = useCollector();
const cancel = (e: Event) => e.preventDefault();
beforeEach(() => {
  document.addEventListener('submit', cancel);
  c.start({ auto: false });
});
afterEach(() => {
  document.removeEventListener('submit', cancel);
});

const submit = (html: string, submitter?: string) => {
  document.body.innerHTML = html;
  const form = document.querySelector('form') as HTMLFormElement;
  const e = new Event('submit', { bubbles: true, cancelable: true });
  if (submitter) Object.defineProperty(e, 'submitter', { value: document.querySelector(submitter) });
  form.dispatchEvent(e);
};

describe('forms', () => {
  it('sends a valid submission at once, with the form id and intent and no field value', async () => {
    submit(
      '<form id="demo" data-lb-intent="demo_request"><input name="company" value="Acme Corp" required><input type="email" value="jo@acme.test"></form>',
    );
    // At once: no batch delay, a fetch while the page is visible.
    const [fm] = await c.count(1);
    expect(fm).toMatchObject({ n: 'fm', fi: 'demo', in: 'demo_request' });
    expect(JSON.stringify(c.batches())).not.toMatch(/Acme Corp|jo@acme/);
  });

  it('uses the name attribute when there is no id, even with a field called "name"', async () => {
    submit('<form name="contact"><input name="name" value="x"></form>');
    expect((await c.count(1))[0]?.fi).toBe('contact');
  });

  it('counts every submit event: the browser fires none for an invalid form (Chromium test)', async () => {
    submit('<form id="b" novalidate><input name="q" required></form>');
    submit(
      '<form id="c"><input name="q" required><button formnovalidate>Save draft</button></form>',
      'button',
    );
    const events = await c.count(2);
    expect(events.map((e) => e.fi)).toEqual(['b', 'c']);
  });

  it('sends the e-mail and the marked fields of a data-lb-identify form in the one fm event, never anything else', async () => {
    submit(
      '<form id="demo" data-lb-intent="demo_request" data-lb-identify>' +
        '<input type="email" name="email" value="Jo.Buyer@Acme.TEST">' +
        '<input name="full" autocomplete="name" value="Jo Buyer">' +
        '<input name="org" autocomplete="organization" value="Acme Corp">' +
        '<input name="job" autocomplete="organization-title" value="  CFO ">' +
        '<select name="size" data-lb-trait="company_size"><option>1-10</option><option selected>51-200</option></select>' +
        '<textarea name="about" data-lb-trait="industry">Manufacturing</textarea>' +
        '<input type="password" name="pw" autocomplete="new-password" value="hunter2" data-lb-trait="secret">' +
        '<input name="card" autocomplete="cc-number" value="4111111111111111" data-lb-trait="card">' +
        '<input type="hidden" name="campaign" value="spring-hidden" data-lb-trait="campaign">' +
        '<input name="message" value="please call me">' +
        '<input name="nick" autocomplete="nickname" value="jojo">' +
        '</form>' +
        // Outside the form: never part of it.
        '<input autocomplete="organization" value="Other Corp">',
    );
    const events = await c.count(1);
    expect(events).toEqual([
      {
        i: events[0]?.i,
        n: 'fm',
        ts: events[0]?.ts,
        u: 'http://localhost:3000/',
        fi: 'demo',
        in: 'demo_request',
        // As typed: the collector trims, lower-cases and checks the address (protocol 1.4).
        em: 'Jo.Buyer@Acme.TEST',
        // Marked by autocomplete: under the token, which the collector names (organization: company).
        tr: {
          name: 'Jo Buyer',
          organization: 'Acme Corp',
          'organization-title': 'CFO',
          company_size: '51-200',
          industry: 'Manufacturing',
        },
      },
    ]);
    expect(JSON.stringify(c.batches())).not.toMatch(/hunter2|4111|spring-hidden|please call|jojo|Other Corp/);
  });

  it('sends every documented autocomplete token, after section-, shipping, billing and work prefixes, and no other', async () => {
    submit(
      '<form data-lb-identify>' +
        '<input type="email" value="jo@acme.test">' +
        '<input autocomplete="section-a given-name" value="Jo">' +
        '<input autocomplete="billing family-name" value="Buyer">' +
        '<input autocomplete="shipping country" value="NL">' +
        '<input autocomplete="work tel" value="+31 20 123 4567">' +
        '<input autocomplete="cc-name" value="J BUYER">' +
        '<input autocomplete="section-x billing cc-exp" value="12/30">' +
        '<input autocomplete="shipping street-address" value="Main St 1">' +
        '<input autocomplete="bday" value="1990-01-01">' +
        '</form>',
    );
    const [fm] = await c.count(1);
    expect(fm?.tr).toEqual({
      'given-name': 'Jo',
      'family-name': 'Buyer',
      country: 'NL',
      tel: '+31 20 123 4567',
    });
    submit(
      '<form data-lb-identify><input type="email" value="jo@acme.test"><input autocomplete="country-name" value="Netherlands"></form>',
    );
    expect((await c.count(2))[1]?.tr).toEqual({ 'country-name': 'Netherlands' });
  });

  it('leaves out empty values and unchecked boxes; data-lb-trait names the trait', async () => {
    submit(
      '<form data-lb-identify>' +
        '<input type="email" value="jo@acme.test">' +
        '<input autocomplete="organization" value="   ">' +
        '<input autocomplete="organization-title" value="" data-lb-trait="role">' +
        '<input type="radio" name="size" value="1-10" data-lb-trait="company_size">' +
        '<input type="radio" name="size" value="11-50" data-lb-trait="company_size" checked>' +
        '<input type="checkbox" value="yes" data-lb-trait="newsletter">' +
        '<input autocomplete="tel" value="+1 555 0100" data-lb-trait="phone_work">' +
        '</form>',
    );
    const [fm] = await c.count(1);
    expect(fm?.tr).toEqual({ company_size: '11-50', phone_work: '+1 555 0100' });
  });

  it('sends no value from a form that is not marked, even from marked fields', async () => {
    submit(
      '<form id="plain"><input type="email" value="jo@acme.test"><input autocomplete="organization" value="Acme Corp">' +
        '<input data-lb-trait="industry" value="Retail"></form>',
    );
    const [fm] = await c.count(1);
    expect(fm).toEqual({ i: fm?.i, n: 'fm', ts: fm?.ts, u: 'http://localhost:3000/', fi: 'plain' });
  });

  it('sends neither address nor traits when the e-mail field holds no address', async () => {
    submit(
      '<form id="f" data-lb-identify novalidate><input type="email" value="nope"><input autocomplete="organization" value="Acme"></form>',
    );
    const [fm] = await c.count(1);
    expect(fm).toEqual({ i: fm?.i, n: 'fm', ts: fm?.ts, u: 'http://localhost:3000/', fi: 'f' });
  });

  it('passes the hash of a verified identify along; a form never carries one', async () => {
    const h = 'a'.repeat(64);
    identify('Jo@Acme.test', { plan: 'pro' }, { hash: h });
    identify('someone@else.test');
    submit('<form id="same" data-lb-identify><input type="email" value="jo@acme.test"></form>');
    const [id, plain, fm] = await c.count(3);
    expect(id).toEqual({
      i: id?.i,
      n: 'id',
      ts: id?.ts,
      u: id?.u,
      em: 'Jo@Acme.test',
      tr: { plan: 'pro' },
      h,
    });
    expect(plain?.h).toBeUndefined();
    expect(fm).toMatchObject({ n: 'fm', fi: 'same', em: 'jo@acme.test' });
    expect(fm?.h).toBeUndefined();
  });

  it('sends nothing for an ignored form', async () => {
    submit('<form data-lb-identify novalidate><input type="email" value="nope"></form>');
    submit('<form data-lb-ignore id="x" data-lb-identify><input type="email" value="jo@acme.test"></form>');
    submit('<form id="last"></form>');
    const events = await c.count(2);
    expect(events.map((e) => [e.n, e.fi])).toEqual([
      ['fm', undefined],
      ['fm', 'last'],
    ]);
  });
});
