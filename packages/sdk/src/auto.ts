// First slice of the script-tag entry: one page view with topic, visitor, session and event ids.
const script = document.currentScript as HTMLScriptElement | null;
const site = script?.dataset.site;
const endpoint = `${new URL(script?.src ?? location.href).origin}/e`;
const uid = () =>
  Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');
const stored = (key: string) => {
  try {
    const value = localStorage.getItem(key) || uid();
    localStorage.setItem(key, value);
    return value;
  } catch {
    return uid();
  }
};
const meta = (sel: string) => document.querySelector<HTMLMetaElement>(sel)?.content;
const topic = meta('meta[name="lb:topic"]') ?? meta('meta[property="article:section"]');
if (site && (!navigator.webdriver || script?.hasAttribute('data-allow-automation'))) {
  const now = Date.now();
  const body = JSON.stringify({
    s: site,
    v: stored('lb_v'),
    x: stored('lb_s'),
    t: now,
    e: [
      {
        i: uid(),
        n: 'pv',
        ts: now,
        u: location.href,
        r: document.referrer,
        ti: document.title,
        tp: topic ? topic.split(',').map((t) => t.trim()) : [],
      },
    ],
  });
  if (!navigator.sendBeacon?.(endpoint, body)) fetch(endpoint, { method: 'POST', body, keepalive: true });
}
