import type { DeliveryJob } from './deliveries';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from './sign';

export type SendOptions = {
  /** Milliseconds to wait for the receiver's response headers. Default 10 000. */
  timeoutMs?: number;
  /** Unix seconds put in the timestamp header and signature. Default now. */
  nowSeconds?: number;
};

export type SendResult = { ok: boolean; httpStatus: number | null; error: string | null };

/** Characters of a failed response's body kept for the delivery log. */
const ERROR_BODY_CHARS = 300;

/**
 * One signed POST of a stored payload. Success is any 2xx. Redirects are not followed (a
 * redirect could lead past the destination checks) and count as failures, like every other status.
 */
export async function sendDelivery(
  job: DeliveryJob,
  url: URL,
  options: SendOptions = {},
): Promise<SendResult> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const timestamp = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  const headers = {
    'Content-Type': 'application/json; charset=utf-8',
    'User-Agent': 'leadbeacon-webhooks/1',
    [DELIVERY_HEADER]: job.id,
    [EVENT_HEADER]: job.kind,
    [TIMESTAMP_HEADER]: String(timestamp),
    [SIGNATURE_HEADER]: await signWebhook(job.secret, timestamp, job.payload),
  };
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers,
      body: job.payload,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
    const message = timedOut ? `no response within ${timeoutMs} ms` : errorText(err);
    return { ok: false, httpStatus: null, error: message };
  }
  if (res.status >= 200 && res.status < 300) {
    await res.body?.cancel();
    return { ok: true, httpStatus: res.status, error: null };
  }
  const detail = res.status >= 300 && res.status < 400 ? 'redirects are not followed' : await bodyStart(res);
  return { ok: false, httpStatus: res.status, error: `HTTP ${res.status}${detail ? `: ${detail}` : ''}` };
}

/** The first characters of a response body, without reading a huge one to the end. */
async function bodyStart(res: Response): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length < ERROR_BODY_CHARS) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    // a body that breaks off still leaves the status to report
  } finally {
    reader.cancel().catch(() => {});
  }
  return text.slice(0, ERROR_BODY_CHARS).replace(/\s+/g, ' ').trim();
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message || err.name : String(err);
}
