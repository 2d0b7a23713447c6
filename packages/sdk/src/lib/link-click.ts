import { on } from './on';
import { target } from './target';

/**
 * Calls `fn` with the link a visitor activates: click (mouse, keyboard, programmatic `a.click()` on an
 * attached link) and middle click (`auxclick`, opens a new tab). Document level, capture phase, so
 * links added later count and a page's `stopPropagation` does not hide them.
 */
export const onLinkClick = (fn: (a: HTMLAnchorElement) => void) =>
  on(
    document,
    'click auxclick',
    (e: MouseEvent) => {
      const a = (e.type == 'click' || e.button == 1) && target<HTMLAnchorElement>(e, 'a[href]');
      if (a) fn(a);
    },
    true,
  );
