import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/** axe-core's browser bundle, read from the npm package. */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export type AxeViolation = { id: string; impact: string | null; help: string; targets: string[] };

/**
 * axe-core's WCAG 2.1 A/AA rules and best practices on the page as it is (or on one part of it).
 * The script goes in through the DevTools protocol, which the page's CSP does not govern: the
 * dashboard itself never runs a script.
 */
export async function axe(page: Page, selector?: string): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (sel) => {
    const w = window as unknown as {
      axe: {
        run: (
          context: Element | Document,
          options: object,
        ) => Promise<{
          violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
        }>;
      };
    };
    const context = sel ? (document.querySelector(sel) ?? document) : document;
    const result = await w.axe.run(context, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  }, selector ?? null);
}

type Stop = { name: string; top: number; bottom: number; left: number };

/**
 * The Tab key's way through a form, from its first control until focus leaves it, each stop with the
 * box people see it in (its field, table cell or choice, not the bare input: a field's label and
 * hint sit above its input). Answers the stops and every step against the visual reading order:
 * leftwards between boxes side by side, or upwards otherwise.
 */
export async function focusOrder(page: Page, form: string): Promise<{ stops: Stop[]; backwards: string[] }> {
  await page.evaluate((sel) => {
    const first = document
      .querySelector(sel)
      ?.querySelector<HTMLElement>('input:not([type=hidden]), select, textarea, button, a[href], summary');
    first?.focus();
  }, form);
  const stops: Stop[] = [];
  for (let i = 0; i < 400; i++) {
    const stop = await page.evaluate((sel) => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || !document.querySelector(sel)?.contains(el)) return null;
      const box = (el.closest('.field, td, th, label, .actions, p') ?? el).getBoundingClientRect();
      const name = `${el.tagName.toLowerCase()}${el.getAttribute('name') ? `[name=${el.getAttribute('name')}]` : ''}${el.textContent?.trim() ? ` "${el.textContent.trim().slice(0, 30)}"` : ''}`;
      return {
        name,
        top: Math.round(box.top + window.scrollY),
        bottom: Math.round(box.bottom + window.scrollY),
        left: Math.round(box.left + window.scrollX),
      };
    }, form);
    if (!stop) break;
    const last = stops.at(-1);
    if (!last || last.name !== stop.name || last.top !== stop.top || last.left !== stop.left)
      stops.push(stop);
    await page.keyboard.press('Tab');
  }
  const backwards: string[] = [];
  for (let i = 1; i < stops.length; i++) {
    const [a, b] = [stops[i - 1] as Stop, stops[i] as Stop];
    // Side by side (their boxes share some height): the next one must be to the right; else below.
    const sideBySide = b.top < a.bottom - 2 && a.top < b.bottom - 2;
    if (sideBySide ? b.left < a.left : b.top < a.top) backwards.push(`${a.name} → ${b.name}`);
  }
  return { stops, backwards };
}

/**
 * The focus order of a form as the keyboard walks it, stop by stop, (Tab from its first control) next to the
 * order of its controls in the page: they must be the same (no positive tabindex, no control that
 * Tab skips or reaches out of turn). Each control is named by its id, else its name and value,
 * else its text.
 */
export async function domFocusOrder(
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
