import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useCollector } from '../test/harness';

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
    const [fm] = await c.until((e) => e.length === 1);
    expect(fm).toMatchObject({ n: 'fm', fi: 'demo', in: 'demo_request' });
    expect(JSON.stringify(c.batches())).not.toMatch(/Acme Corp|jo@acme/);
  });

  it('uses the name attribute when there is no id, even with a field called "name"', async () => {
    submit('<form name="contact"><input name="name" value="x"></form>');
    expect((await c.until((e) => e.length === 1))[0]?.fi).toBe('contact');
  });

  it('skips an invalid form; counts one with novalidate or a formnovalidate button', async () => {
    submit('<form id="a"><input name="q" required></form>');
    submit('<form id="b" novalidate><input name="q" required></form>');
    submit(
      '<form id="c"><input name="q" required><button formnovalidate>Save draft</button></form>',
      'button',
    );
    const events = await c.until((e) => e.length === 2);
    expect(events.map((e) => e.fi)).toEqual(['b', 'c']);
  });

  it('turns the e-mail field of a data-lb-identify form into an identify, never a password', async () => {
    submit(
      '<form id="signup" data-lb-identify><input type="password" value="hunter2"><input type="email" value="Jo@Acme.TEST"></form>',
    );
    const events = await c.until((e) => e.length === 2);
    expect(events.map((e) => e.n)).toEqual(['fm', 'id']);
    expect(events[1]).toMatchObject({ em: 'jo@acme.test' });
    expect(JSON.stringify(c.batches())).not.toContain('hunter2');
  });

  it('sends no identify for a field that is not an e-mail address, and nothing for an ignored form', async () => {
    submit('<form data-lb-identify novalidate><input type="email" value="nope"></form>');
    submit('<form data-lb-ignore id="x"></form>');
    submit('<form id="last"></form>');
    const events = await c.until((e) => e.length === 2);
    expect(events.map((e) => [e.n, e.fi])).toEqual([
      ['fm', undefined],
      ['fm', 'last'],
    ]);
  });
});
