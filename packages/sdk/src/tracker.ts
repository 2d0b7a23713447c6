import { type Options, SITE } from './config';
import { clip } from './lib/clip';
import { off, yes } from './lib/flag';
import { d, l, n, now, w } from './lib/globals';
import { listen, on } from './lib/on';
import { load, MAX_CHARS, MAX_QUEUE } from './lib/queue';
import { safe } from './lib/safe';
import { CONSENT, get, IGNORE, QUEUE, set, VISITOR } from './lib/storage';
import { target } from './lib/target';
import { TOKEN_PARAM } from './lib/token';
import { topics } from './lib/topics';
import { NEVER, TOKENS } from './lib/traits';
import { uid } from './lib/uid';
import { url as clean } from './lib/url';
import type { IdentifyOptions, Tracker, Vitals, WireEvent } from './types';

/** Queued events leave together after this delay, so a page view and what follows it share a request. */
const BATCH_MS = 1e3;
/** Protocol limit of events per batch. */
const MAX_EVENTS = 50;
/**
 * Characters of a string in `pr`, `tr` and below: the collector keeps 256 of a prop or trait value
 * (`sanitizeProps` in `packages/collector/src/schema/beacon.ts`; keep the two in step).
 */
const MAX_VALUE = 256;
/** Engaged milliseconds below this are carried to the next send instead of costing a request. */
const MIN_MS = 1e3;
/** 30 minutes: the longest retry backoff. */
const MAX_MS = 18e5;
/** Routers update the title and meta tags after they change the URL: read them a moment later. */
const SETTLE_MS = 100;

/**
 * One tracker: every signal, the event queue and the transport, sharing their state as closure
 * variables (which the minifier renames to single letters). Returns the API; nothing is tracked on
 * the server, outside http(s) pages, in automated browsers (unless `allowAutomation`), for a visitor
 * who opted out (`localStorage.lb_ignore`) or with a bad site id (a console warning): the API then
 * accepts every call and does nothing. No API call, listener or timer ever throws into the page.
 */
export const createTracker = (o: Options): Tracker => {
  // ─── Identity and consent ──────────────────────────────────────────────────────────────────
  /** The retry queue: events not yet confirmed by the collector, oldest first. Set when tracking
   * starts, so on an inert tracker every call that would queue an event fails inside `safe`. */
  let queue: WireEvent[];
  /** Consent: 1 granted, 0 refused, NaN not given (the stored "1"/"0" as a number). */
  let choice: number;
  /** No identifier may be stored or sent (see `decide`). */
  let anon: unknown;
  /** Visitor id (a memory copy, so that a failing localStorage still gives one id per page). */
  let visitor: string | undefined;
  /** The e-mail link token from the landing URL. */
  let token: string | undefined;

  /**
   * Decides whether identifiers must stay out of storage and off the wire: the visitor refused
   * consent, or consent is required and not given, or the browser sends GPC or DNT (honoured unless
   * `honorGpc` is false). An explicit `consent(true)` is the visitor's own choice and outranks GPC and
   * DNT. An anonymous visitor's stored identifiers and queued events are deleted; any other visitor
   * gets the stored visitor id or a new one. Called at start and on every consent decision.
   */
  const decide = () => {
    anon =
      !choice &&
      (choice === 0 ||
        yes(o.requireConsent) ||
        (!off(o.honorGpc) && (n.globalPrivacyControl || n.doNotTrack === '1')));
    if (anon) {
      visitor = undefined;
      queue = [];
      set(VISITOR);
      set(QUEUE);
    } else {
      visitor ||= get(VISITOR) || uid();
      set(VISITOR, visitor);
    }
  };
  /** Persists the retry queue, unless the visitor is anonymous (an empty queue removes the key). */
  const save = () => anon || set(QUEUE, queue[0] && JSON.stringify(queue));

  // ─── Transport ─────────────────────────────────────────────────────────────────────────────
  // A fetch (keepalive, `text/plain`, so no preflight) is confirmed by a 2xx, or by a 4xx other than
  // 429 (which must not be retried); network errors, 5xx and 429 keep the events queued and retry with
  // exponential backoff (3 s · 2ⁿ, at most 30 min), at once when the browser comes back online, and on
  // the next page load. One fetch is in flight at a time, so a retry never races its own first try and
  // the keepalive quota (64 KB per page) is never exceeded. While the page is hidden, sendBeacon takes
  // over; it has no response, so a beacon the browser accepted while online counts as delivered. It
  // also carries events a fetch has in flight: the page may be going away, and the collector is
  // idempotent on event ids.
  const url = o.endpoint as string;
  let busy: unknown;
  let retry: ReturnType<typeof setTimeout> | 0 | undefined;
  let tries = 0;
  /** Sends the queue's oldest events (≤ 50, ~10,000 characters); `hidden` uses sendBeacon. */
  const send = (hidden?: unknown): void => {
    let e = queue.slice(0, MAX_EVENTS);
    while (e[1] && JSON.stringify(e)[MAX_CHARS]) e = e.slice(0, e.length / 2);
    const done = () => {
      queue = queue.filter((x) => !e.includes(x));
      save();
    };
    // A page going away sends by beacon whatever the backoff says: a fetch that navigation aborted
    // looks like a failure, and waiting would lose the events with the page.
    if (e[0] && (hidden || !retry) && n.onLine) {
      const body = JSON.stringify({
        s: o.site,
        v: visitor,
        k: anon ? undefined : token,
        g: choice || undefined,
        t: now(),
        e,
      });
      // sendBeacon throws on a bad URL and in some sandboxes: fetch, or the queue, takes over.
      if (hidden && safe(() => n.sendBeacon(url, body))()) {
        done();
        send(hidden);
      } else if (!busy) {
        busy = 1;
        fetch(url, { method: 'POST', body, keepalive: true })
          .then(
            ({ status: s }) => s < 500 && s !== 429,
            () => 0,
          )
          .then((ok) => {
            busy = 0;
            if (ok) {
              done();
              tries = 0;
            } else
              retry = setTimeout(
                () => {
                  retry = 0;
                  send();
                },
                Math.min(3e3 * 2 ** tries++, MAX_MS),
              );
            send();
          });
      }
    }
  };

  // ─── Events ────────────────────────────────────────────────────────────────────────────────
  let batch: ReturnType<typeof setTimeout> | 0 | undefined;
  /**
   * Queues an event (`i` id, `n` type, `ts` time, `u` page URL, then `fields`) and returns its id;
   * `at` sends at once (intent signals: the page is usually about to go). The event is stored as its
   * JSON copy: a value JSON cannot hold (a BigInt, a cycle) drops this one event here, inside `safe`,
   * instead of breaking every later send, and props the page changes afterwards change nothing.
   *
   * Every queued event can travel alone: one larger than a request may carry (the 64 KB keepalive and
   * sendBeacon quota) would fail at the head of the retry queue on every send and hold back everything
   * behind it. So every string below the event's own fields (props, traits, a form's marked fields,
   * topics) is cut to `MAX_VALUE` characters, which the collector keeps of a prop or trait anyway: a
   * long field costs the rest of its value, never the address sent with it. An event whose JSON is
   * still over `MAX_CHARS` (hundreds of entries, a huge key or hash: a page's bug) never enters the
   * queue; the ESM build warns, naming it (the script tag would pay bytes on every visit for it).
   */
  const emit = (type: string, fields?: Record<string, unknown>, at?: unknown): string => {
    const i = uid();
    const event: Record<string, unknown> = { i, n: type, ts: now(), u: clean(l.href), ...fields };
    const json = JSON.stringify(event, function (this: unknown, _, v) {
      return this === event || typeof v !== 'string' ? v : v.slice(0, MAX_VALUE);
    });
    if (json[MAX_CHARS]) __ESM__ && console.warn('leadbeacon: event too large, dropped:', event.nm || type);
    else {
      queue = [...queue, JSON.parse(json)].slice(-MAX_QUEUE);
      save();
      if (at) send(d.hidden);
      // A batch timer that finds the queue already sent sends nothing.
      else if (!batch)
        batch = setTimeout(() => {
          batch = 0;
          send();
        }, BATCH_MS);
    }
    return i;
  };
  /** A custom event (`ev`: `nm` name, `pr` props as given). A missing or blank name changes nothing. */
  const track = (name: unknown, pr?: unknown) => {
    const nm = clip((name as string)?.trim?.(), 64);
    if (nm) emit('ev', { nm, pr });
  };
  /**
   * The address as it is sent, if it may be one (an `@`, ≤ 254 characters) and the visitor is not
   * anonymous. The collector trims, lower-cases and checks it (protocol 1.4) and drops an identity
   * whose address is not one; the bound keeps every event small enough to send.
   */
  const address = (email: unknown): string | undefined => {
    const em = String(email);
    return /@/.test(em) && !em[254] && !anon ? em : undefined;
  };
  /**
   * An `id` event (`em` the address, `tr` traits as given, `h` the site server's signature as given),
   * sent at once. Anything that is not an address changes nothing.
   */
  const identify = (email: unknown, tr?: unknown, opts?: IdentifyOptions) => {
    const em = address(email);
    if (em) emit('id', { em, tr, h: opts?.hash }, 1);
  };

  // ─── Scroll depth and engaged time ────────────────────────────────────────────────────────
  // Depth: the share of the document that has been in view (bottom of the viewport / document
  // height), 0–100; a page shorter than the viewport is 100. Sampled when the page is scrolled and when
  // it is sent, not on load, so a page whose content has not loaded yet does not look fully read.
  // Engaged time: every input (pointer incl. touch, key, focus, scrolling the page) adds the time since
  // the previous one, capped at the idle limit, provided the document was visible and focused since
  // then (`hasFocus()` stays true while an iframe of the page has focus). So a reader who sits still
  // counts up to the idle limit and no further, a hidden tab or a window in the background adds
  // nothing, and no timer is needed: time is settled on input, on focus and visibility changes, and
  // when it is sent.
  //
  // There is no `scroll` listener, which would run on every frame of every scroll: scrolling is seen
  // through an IntersectionObserver, which the browser computes with its layout. It observes the root
  // element against the viewport extended far upwards, so the share of the document "in view" is the
  // share above the viewport's bottom, and its thresholds call back at every percent scrolled, up or
  // down. A call where the document did not move is the document growing, not a scroll.
  const idle = (+(o.idle as number) || 30) * 1e3;
  /** The maximum depth of the current page view. */
  let depth: number;
  /** The root element's top at the last observer call (minus `scrollY`, without reading it). */
  let y: number;
  /** The share of the document above the viewport's bottom at the last observer call. */
  let seen: number | undefined;
  /** When the last input was, if the page was visible and focused then. */
  let since: number | false | undefined;
  // The counters of the current view start with it (see `page`): engaged ms not yet sent, the
  // sequence number, and one more than the depth last sent (0: none yet).
  let ms: number;
  let seq: number;
  let sent: number;
  const tick = () => {
    const t = now();
    ms += (since && Math.min(t - since, idle)) as number;
    since = !d.hidden && d.hasFocus() && t;
  };
  /**
   * Samples the depth, from the observer's measure of the share above the viewport's bottom when it
   * has one (no layout), else from the layout. The observer cannot measure a root element that fits
   * the viewport (a short page, the bottom of the page, or `html { height: 100% }` with the content
   * overflowing it), and has not measured before its first call.
   */
  const scrolled = (share?: number): number => {
    const seenNow =
      (share as number) < 1
        ? (share as number)
        : (w.scrollY + w.innerHeight) / d.documentElement.scrollHeight;
    // Rounded to the nearest percent; `| 0` also turns the NaN of an empty layout into 0.
    // biome-ignore lint/suspicious/noAssignInExpressions: one expression is the smaller script.
    return (depth = Math.max(depth, Math.min(100, seenNow * 100 + 0.5) | 0));
  };
  /**
   * Queues the `en` delta of the current page view (`p` its id, `u` its URL, `ms`, `sd` depth, `q`
   * sequence) if a second or more was engaged or the depth grew.
   */
  const engaged = () => {
    tick();
    // The observer's last measure is the depth now, to within a percent.
    const sd = scrolled(seen);
    if (pv && (ms >= MIN_MS || sd >= sent)) {
      // `ms` is not capped here: the collector caps a delta at 30 minutes (protocol 1.4).
      emit('en', { u: clean(referrer), p: pv, ms, sd, q: seq++ });
      ms = 0;
      sent = sd + 1;
    }
  };
  /** The page may be going away (never `unload`, which is unreliable on mobile and blocks the bfcache). */
  const hide = () => {
    engaged();
    send(1);
  };

  // ─── Page views ────────────────────────────────────────────────────────────────────────────
  // `pv`: `r` referrer, `ti` title, `tp` topics. A view of the same path and query as the current one
  // is no new view unless forced (`page()`, bfcache restore). The engagement of the previous view is
  // queued first and the counters start again.
  /** Id of the current page-view event. */
  let pv: string | undefined;
  /** The referrer of the next view: the URL of the current one once there is one (engagement is sent with it). */
  let referrer: string;
  /** Path and query of the current view. */
  let key: string;
  const page = safe((force?: unknown) => {
    const was = key;
    key = l.pathname + l.search;
    if (force || key !== was) {
      engaged();
      ms = seq = depth = sent = 0;
      pv = emit('pv', { r: clean(referrer), ti: clip(d.title, 300), tp: topics() });
      // The next view of a single-page app is referred by this one.
      referrer = l.href;
    }
  });

  // ─── API ───────────────────────────────────────────────────────────────────────────────────
  const stops: (() => unknown)[] = [];
  /** ESM: cleared by `stop()`, so that a history wrapper someone else kept in their chain stays inert. */
  let live = 1;
  const api = {
    track: safe(track),
    identify: safe(identify),
    consent: safe((granted: boolean) => {
      if (queue) {
        choice = granted ? 1 : 0;
        decide();
        // A refusal is remembered only where tracking is otherwise on; where consent is required the
        // default already is "no", and nothing may be stored before a "yes".
        set(CONSENT, granted ? '1' : yes(o.requireConsent) ? null : '0');
      }
    }),
    page: () => page(1),
    // Queued, not sent: the add-on reports while the page is being hidden, just before the hide flush,
    // so `vt` shares the engagement's beacon. Only the three known fields are taken.
    vitals: safe((m: Vitals) => pv && emit('vt', { p: pv, lcp: m.lcp, inp: m.inp, cls: m.cls })),
  } as Tracker;
  if (__ESM__)
    api.stop = safe(() => {
      live = 0;
      for (const f of stops) f();
      send();
    });

  // ─── Start ─────────────────────────────────────────────────────────────────────────────────
  // A bad site id warns in the ESM build. The script tag leaves it to the collector, which refuses
  // the beacons with a 400 that names the field: the check would cost every visitor its bytes.
  if (__ESM__ && !SITE.test(o?.site)) console.warn('leadbeacon: bad site');
  else
    safe(() => {
      // `location` is missing on the server: the TypeError lands in `safe`. So does a browser too old
      // or too locked down for the SDK, which stays inert rather than break the page.
      if (!/^http/.test(l as unknown as string) || get(IGNORE) || (!yes(o.allowAutomation) && n.webdriver))
        return;
      if (__ESM__) stops.push(listen());
      choice = +(get(CONSENT) as string);
      // The signed e-mail link token leaves the address bar, so that a visitor who shares or
      // bookmarks the page does not hand their identity to someone else.
      const landing = new URL(l as unknown as string);
      token = landing.searchParams.get(TOKEN_PARAM)?.slice(0, 512);
      if (token) {
        landing.searchParams.delete(TOKEN_PARAM);
        history.replaceState(history.state, '', landing);
      }
      decide();
      queue = load();
      referrer = d.referrer;

      on(w, 'online', () => {
        clearTimeout(retry);
        retry = tries = 0;
        send();
      });

      // Scroll depth and engaged time (above). Capture phase on window: `focus` does not bubble,
      // fields count too, and `visibilitychange` (fired at the document) is seen first.
      y = -w.scrollY;
      const io = new IntersectionObserver(
        (entries) => {
          // The observer's own measures: the root element's top (minus `scrollY`) and the share of it
          // above the viewport's bottom. Reading `scrollY` or the height here would force a style and
          // layout update whenever the scroll changed what is under the pointer. A late call may bring
          // several measures, oldest first.
          for (const e of entries) {
            const top = e.boundingClientRect.top;
            seen = e.intersectionRatio;
            if (y !== top) {
              y = top;
              tick();
              scrolled(seen);
            }
          }
        },
        { rootMargin: '1e7px 0px 0px', threshold: Array.from(Array(101), (_, i) => i / 100) },
      );
      io.observe(d.documentElement);
      if (__ESM__) stops.push(() => io.disconnect());
      on(w, 'pointerdown pointermove keydown focus blur visibilitychange', tick, 1);
      tick();

      // Page views and the hide flush. The first view waits until the page is visible and no longer
      // prerendering (a prerendering page is hidden until shown, then fires visibilitychange), so
      // background tabs never looked at and prerendered pages never opened do not count; later calls
      // find the same URL and add nothing. A page that starts hidden sends the queue an earlier page
      // left. The flush listens at the document itself: the vitals add-on queues its event in a
      // capture listener on window first.
      const ready = () => (d.hidden ? hide() : off(o.auto) || page());
      on(d, 'visibilitychange', ready);
      on(w, 'pagehide', hide);
      // A page restored from the bfcache is a new view.
      on(w, 'pageshow', (e: PageTransitionEvent) => e.persisted && page(1));
      ready();

      // Single-page apps: `pushState`, `replaceState` and `popstate`. Changes within 100 ms make one
      // view of the final URL. The wrapper only starts the settle timer, then returns what the
      // original history method returns (or lets its error through), so it changes nothing for the
      // page; a call that fails leaves the URL as it was, and the timer finds no new view. `stop()`
      // unwraps history unless someone wrapped it after us; then our wrapper stays in their chain,
      // inert.
      if (!off(o.spa)) {
        const h = history as History & Record<string, (...a: unknown[]) => unknown>;
        let settle: ReturnType<typeof setTimeout> | undefined;
        const change = () => {
          clearTimeout(settle);
          if (live) settle = setTimeout(page, SETTLE_MS);
        };
        for (const m of ['pushState', 'replaceState']) {
          const fn = h[m] as (...a: unknown[]) => unknown;
          const own = __ESM__ && Object.hasOwn(h, m);
          const wrapped = function (this: History, ...a: unknown[]) {
            change();
            return fn.apply(this, a);
          };
          h[m] = wrapped;
          if (__ESM__)
            stops.push(() => {
              if (h[m] === wrapped) {
                if (own) h[m] = fn;
                else delete h[m];
              }
            });
        }
        on(w, 'popstate', change);
      }

      // Link clicks (`lk`: `h` href, `d: 1` for a link marked as a download `download` or
      // `data-lb-download`), only those the collector may want: marked downloads, mailto: and tel:,
      // http(s) links to another host, and same-host links to a file. Ordinary navigation within the
      // site costs nothing; the collector sorts the rest into downloads (with its extension list),
      // outbound, mailto and tel (`packages/collector/src/ingest/links.ts`). Left click (mouse or keyboard, and `a.click()` on an attached
      // link) and middle click (`auxclick`, a new tab) count; right click opens a menu, not the link.
      // Document level, capture phase: links added later count, and a page's `stopPropagation` does
      // not hide them. The same holds for forms and `data-lb-event` clicks below.
      on(
        d,
        'click auxclick',
        (e: MouseEvent) => {
          const a = target<HTMLAnchorElement>(e, 'a[href]');
          if (a && e.button < 2) {
            const dl = a.matches('[download],[data-lb-download]');
            // mailto: and tel: links have no host. A same-host path that ends in a file extension (1–5
            // letters or digits) other than a page's (.html, .htm, .php, .asp, .aspx, .jsp) is a file.
            if (
              dl ||
              (/^(https?|mailto|tel):$/.test(a.protocol) &&
                (a.host !== l.host || /\.(?!(html?|php|aspx?|jsp)$)[a-z\d]{1,5}$/i.test(a.pathname)))
            )
              emit('lk', { h: clip(a.href, 2048), d: dl ? 1 : undefined });
          }
        },
        1,
      );

      // Valid form submissions (`fm`: `fi` form id or name, `in` its `data-lb-intent`), sent at once.
      // The browser fires `submit` only for a form that passed its constraint validation or whose
      // validation is off (`novalidate`, a `formnovalidate` button): HTML's form submission algorithm
      // validates before it fires the event, so an invalid form never reaches this listener and the
      // script need not check again. No field value is read, except in a form marked
      // `data-lb-identify`: its first `input[type=email]`, if it holds an address, goes in the same
      // event (`em`) together with the profile fields the site marked (`tr`): a known `autocomplete`
      // token (`TOKENS`) or `data-lb-trait`. Never a password, payment, hidden, unchecked or unmarked
      // field (`NEVER`). A form carries no `h`: the site's signature vouches for an address, not for
      // what a visitor typed.
      on(
        d,
        'submit',
        (e: SubmitEvent) => {
          const f = target<HTMLFormElement>(e, 'form');
          if (f) {
            // The first address in an `input[type=email]` and the marked fields of a form marked for
            // identification, under their `data-lb-trait` or their token (`TOKENS`, which the collector
            // names); no field of any other form is read.
            let at: string | undefined;
            const tr: Record<string, string> = {};
            if (f.matches('[data-lb-identify]'))
              for (const el of f.elements as unknown as HTMLInputElement[]) {
                const token = el.autocomplete?.split(' ').pop() as string;
                const k = el.dataset.lbTrait || (TOKENS.test(token) && token);
                const v = el.value?.trim();
                if (el.type === 'email') at ||= v;
                if (k && v && !NEVER.test(el.type + el.checked + token)) tr[k] = v;
              }
            const em = address(at);
            emit(
              'fm',
              {
                fi: clip(f.id || f.getAttribute('name'), 128),
                in: clip(f.dataset.lbIntent, 64),
                em,
                tr: em && tr,
              },
              1,
            );
          }
        },
        1,
      );

      // Clicks on (or inside) an element with `data-lb-event="name"` are custom events.
      on(
        d,
        'click',
        (e: MouseEvent) => {
          const el = target(e, '[data-lb-event]');
          if (el) track(el.dataset.lbEvent);
        },
        1,
      );
    })();
  return api;
};
