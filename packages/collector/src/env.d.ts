// Secrets are not in wrangler.jsonc, so `wrangler types` cannot see them; they are declared here,
// on both names the generated types use for the Worker's environment.
interface LeadbeaconSecrets {
  /**
   * API tokens, stored hashed: comma-separated `name:scope:sha256hex` entries, scope one of
   * read, write, admin. Create one with `pnpm --filter @leadbeacon/collector token`.
   */
  LB_API_TOKENS?: string;
  /** HMAC key for e-mail link tokens (at least 32 characters). */
  LB_SIGNING_KEY?: string;
  /**
   * JSON `{ "<site>": "<secret>" }`: each site's identity secret (at least 32 characters), with which
   * the site's server signs visitors' addresses for verified identify (src/identity/user-hash.ts).
   */
  LB_IDENTITY_SECRETS?: string;
  /** Extra https origins e-mail click redirects may lead to, comma-separated `host[:port]` or `https://host[:port]` (site origins are always allowed). */
  LB_REDIRECT_HOSTS?: string;
  /** `true` lets headless browsers be tracked (local demos); unset in production. */
  LB_ALLOW_AUTOMATION?: string;
  /** JSON: ASN → `{ type, company? }` corrections to the network classification (src/enrich/README.md). */
  LB_NETWORK_OVERRIDES?: string;
  /** The collector's public base URL (e.g. https://collector.example.com), for dashboard links in webhooks. */
  LB_PUBLIC_URL?: string;
  /** Seconds between two index writes of one lead when nothing important changed (default 10). */
  LB_INDEX_INTERVAL_SECONDS?: string;
  /** Seconds an anonymous visitor holds its webhook notifications for an identify to follow (default 10). */
  LB_ANONYMOUS_NOTIFY_DELAY_SECONDS?: string;
  /** `off` disables the beacon and e-mail rate limits (load benchmarks only). */
  LB_RATE_LIMITS?: string;
  /** Browser events one lead stores per UTC day; later ones that day are counted, not stored (default 5000). */
  LB_LEAD_DAILY_EVENTS?: string;
  /**
   * Days of raw browser behaviour a lead keeps (30–3650, default 395); older behaviour is compacted
   * into the lead's base snapshot. `off` keeps every event.
   */
  LB_RETENTION_DAYS?: string;
  /** `on` counts every store call for GET /dev/stats (development only; refused in production). */
  LB_DEV_STATS?: string;
}

interface Env extends LeadbeaconSecrets {}

declare namespace Cloudflare {
  interface Env extends LeadbeaconSecrets {}
}
