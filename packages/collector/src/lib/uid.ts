/** A random event id for events the collector creates itself (same alphabet as the SDK's). */
export function uid(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}
