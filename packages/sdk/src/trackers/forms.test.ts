import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeCtx } from '../../test/fake-ctx';
import { initForms } from './forms';

let f: ReturnType<typeof fakeCtx>;
const cancel = (e: Event) => e.preventDefault();
beforeEach(() => {
  f = fakeCtx();
  initForms(f.ctx);
  document.addEventListener('submit', cancel);
});
afterEach(() => {
  f.stop();
  document.removeEventListener('submit', cancel);
  document.body.innerHTML = '';
});

const submit = (html: string) => {
  document.body.innerHTML = html;
  (document.querySelector('form') as HTMLFormElement).dispatchEvent(
    new Event('submit', { bubbles: true, cancelable: true }),
  );
};

describe('forms', () => {
  it('sends a valid submission at once, with the form id and intent and no field value', () => {
    submit(
      '<form id="demo" data-lb-intent="demo_request"><input name="company" value="Acme Corp" required><input type="email" value="jo@acme.test"></form>',
    );
    expect(f.events).toEqual([expect.objectContaining({ n: 'fm', fi: 'demo', in: 'demo_request', now: 1 })]);
    expect(JSON.stringify(f.events)).not.toMatch(/Acme Corp|jo@acme/);
  });

  it('uses the name attribute when there is no id, even with a field called "name"', () => {
    submit('<form name="contact"><input name="name" value="x"></form>');
    expect(f.events[0]?.fi).toBe('contact');
  });

  it('skips an invalid form, counts one with novalidate', () => {
    submit('<form id="a"><input name="q" required></form>');
    submit('<form id="b" novalidate><input name="q" required></form>');
    expect(f.events.map((e) => e.fi)).toEqual(['b']);
  });

  it('turns the e-mail field of a data-lb-identify form into an identify, never a password', () => {
    submit(
      '<form id="signup" data-lb-identify><input type="password" value="hunter2"><input type="email" value="Jo@Acme.TEST"></form>',
    );
    expect(f.events.map((e) => e.n)).toEqual(['fm', 'id']);
    expect(f.events[1]).toMatchObject({ em: 'jo@acme.test', now: 1 });
    expect(JSON.stringify(f.events)).not.toContain('hunter2');
  });

  it('sends no identify for a field that is not an e-mail address, and nothing for an ignored form', () => {
    submit('<form data-lb-identify novalidate><input type="email" value="nope"></form>');
    submit('<form data-lb-ignore id="x"></form>');
    expect(f.events.map((e) => e.n)).toEqual(['fm']);
  });
});
