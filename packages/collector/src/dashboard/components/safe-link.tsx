import type { Child } from 'hono/jsx';
import { httpUrl, onOrigins } from '../safe-url';

type SafeLinkProps = {
  url: unknown;
  children?: Child;
  /**
   * Link only URLs of these origins (a lead's page URLs: the site's own origins); others show as
   * text. Default: any http(s) URL.
   */
  origins?: readonly string[] | undefined;
};

/**
 * A link to a page the lead saw, or plain text when the URL is not http(s) or, with `origins`,
 * not on one of them: a browser reports whatever URL it likes, and a dashboard link to a host the
 * site does not own would lead sales wherever the sender wanted. `noreferrer` keeps the
 * dashboard's address (and the lead id in it) from the other site.
 */
export function SafeLink({ url, children, origins }: SafeLinkProps) {
  const href = httpUrl(url);
  const text = children ?? String(url ?? '');
  const allowed = href !== null && (origins === undefined || onOrigins(href, origins));
  return allowed ? (
    <a href={href} rel="noopener noreferrer nofollow">
      {text}
    </a>
  ) : (
    <span>{text}</span>
  );
}
