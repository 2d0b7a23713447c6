// Types of the Node-side receiver (plain ESM, run by vitest outside workerd).
declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the local webhook receiver, e.g. http://127.0.0.1:41234. */
    webhookReceiverUrl: string;
  }
}

export type ReceivedRequest = { method: string; headers: Record<string, string>; body: string; at: number };
export declare function startReceiver(): Promise<{ url: string; close(): Promise<void> }>;
export default function setup(project: {
  provide(key: 'webhookReceiverUrl', value: string): void;
}): Promise<() => Promise<void>>;
