import { l } from './globals';

/** URL parameter of the signed e-mail link token. */
export const TOKEN_PARAM = 'lb_t';

/**
 * Takes the signed e-mail link token from the landing URL and removes it from the address bar, so a
 * visitor who shares or bookmarks the page does not hand their identity to someone else.
 */
export const takeToken = (): string | undefined => {
  const url = new URL(l as unknown as string);
  const p = url.searchParams;
  const token = p.get(TOKEN_PARAM);
  if (token) {
    p.delete(TOKEN_PARAM);
    history.replaceState(history.state, '', url);
    return token.slice(0, 512);
  }
};
