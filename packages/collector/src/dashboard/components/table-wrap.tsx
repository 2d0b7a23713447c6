import type { Child } from 'hono/jsx';

/**
 * A horizontally scrollable box around a wide table (phones). It is focusable and named (a named
 * section is a region landmark) so keyboard users can scroll it too (WCAG 2.1.1; axe's
 * `scrollable-region-focusable`).
 */
export function TableWrap({ label, children }: { label: string; children?: Child }) {
  return (
    <section class="table-wrap" aria-label={label} tabindex={0}>
      {children}
    </section>
  );
}
