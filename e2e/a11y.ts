import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export type Violation = { id: string; impact: string | null; help: string; nodes: string[] };

/**
 * axe-core's WCAG 2.1 A/AA and best-practice rules on the page as Chromium renders it. The engine
 * is evaluated through the DevTools protocol (as Playwright's evaluate runs), so the dashboard's
 * CSP, which allows no inline script, stays on.
 */
export async function axeViolations(page: Page): Promise<Violation[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<AxeResult> } })
      .axe;
    type AxeResult = {
      violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
    };
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
}

/**
 * The focus order of a form as the keyboard walks it (Tab from its first control) next to the
 * order of its controls in the page: they must be the same (no positive tabindex, no control that
 * Tab skips or reaches out of turn). Each control is named by its id, else its name and value,
 * else its text.
 */
export async function focusOrder(
  page: Page,
  form: string,
): Promise<{ tabbed: string[]; expected: string[] }> {
  const expected = await page.locator(form).evaluate((el) => {
    const controls = Array.from(
      el.querySelectorAll<HTMLElement>('a[href], input:not([type="hidden"]), select, textarea, button'),
    ).filter((c) => !(c as HTMLInputElement).disabled && c.offsetParent !== null);
    // A group of radio buttons is one stop: Tab reaches the checked one (or the first).
    const seen = new Set<string>();
    const stops: string[] = [];
    for (const c of controls) {
      const input = c as HTMLInputElement;
      if (input.type === 'radio') {
        if (seen.has(input.name)) continue;
        seen.add(input.name);
        const group = controls.filter(
          (o) => (o as HTMLInputElement).type === 'radio' && (o as HTMLInputElement).name === input.name,
        ) as HTMLInputElement[];
        const stop = group.find((r) => r.checked) ?? group[0];
        stops.push(stop ? `${stop.name}=${stop.value}` : input.name);
        continue;
      }
      stops.push(
        c.id ||
          (input.type === 'checkbox' ? `${input.name}=${input.value}` : '') ||
          c.textContent?.trim() ||
          '',
      );
    }
    return stops;
  });
  await page.locator(form).evaluate((el) => {
    const first = el.querySelector<HTMLElement>(
      'a[href], input:not([type="hidden"]), select, textarea, button',
    );
    first?.focus();
  });
  const tabbed: string[] = [];
  for (let i = 0; i < expected.length; i++) {
    const name = await page.evaluate((sel) => {
      const a = document.activeElement as HTMLInputElement | null;
      if (!a || !document.querySelector(sel)?.contains(a)) return null;
      if (a.type === 'radio') return `${a.name}=${a.value}`;
      return a.id || (a.type === 'checkbox' ? `${a.name}=${a.value}` : '') || a.textContent?.trim() || '';
    }, form);
    if (name === null) break;
    tabbed.push(name);
    await page.keyboard.press('Tab');
  }
  return { tabbed, expected };
}
