import { identify } from '../identify';
import { clip } from '../lib/clip';
import { d } from '../lib/globals';
import { on } from '../lib/on';
import { target } from '../lib/target';
import type { Ctx } from '../types';

/**
 * Valid form submissions (`fm`: `fi` form id or name, `in` its `data-lb-intent`), sent at once because
 * the page is usually about to go. Document level, capture phase: forms added later count, and a
 * handler that stops propagation does not hide them. A form counts when it is valid (`checkValidity()`)
 * or when validation is off (`novalidate`, or a `formnovalidate` submit button).
 *
 * No field value is read, except on a form marked `data-lb-identify`: its first `input[type=email]`
 * becomes an `identify`. Password fields are never read. `form.submit()` fires no submit event and is
 * not seen: use `form.requestSubmit()` (which also validates) or `track()`.
 */
export const initForms = (ctx: Ctx): void =>
  on(
    d,
    'submit',
    (e: SubmitEvent) => {
      const f = target<HTMLFormElement>(e, 'form');
      if (
        f &&
        (f.noValidate || (e.submitter as HTMLButtonElement | null)?.formNoValidate || f.checkValidity())
      ) {
        ctx._e('fm', { fi: clip(f.id || f.getAttribute('name'), 128), in: clip(f.dataset.lbIntent, 64) }, 1);
        if (f.hasAttribute('data-lb-identify'))
          identify(ctx, f.querySelector<HTMLInputElement>('input[type=email]')?.value);
      }
    },
    1,
  );
