import type { Child } from 'hono/jsx';
import { httpUrl } from '../safe-url';

/**
 * A link to a page the lead saw, or plain text when the URL is not http(s). `noreferrer` keeps
 * the dashboard's address (and the lead id in it) from the other site.
 */
export function SafeLink({ url, children }: { url: unknown; children?: Child }) {
  const href = httpUrl(url);
  const text = children ?? String(url ?? '');
  return href ? (
    <a href={href} rel="noopener noreferrer nofollow">
      {text}
    </a>
  ) : (
    <span>{text}</span>
  );
}
