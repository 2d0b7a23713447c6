import type { Principal } from '../../auth/tokens';
import { Layout } from '../components/layout';

const TITLES: Record<number, string> = {
  400: 'That did not work',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Not possible right now',
  413: 'Too large',
};

/** A client error in words with a way back; unknown errors get a generic text (never internals). */
export function ErrorPage({
  status,
  message,
  principal,
}: {
  status: number;
  message: string;
  principal?: Principal | undefined;
}) {
  const title = TITLES[status] ?? (status >= 500 ? 'Something went wrong' : 'That did not work');
  return (
    <Layout title={title} principal={principal}>
      <h1>{title}</h1>
      <p role="alert">{message}</p>
      <p>
        <a href="/dashboard">Back to the leads</a>
      </p>
    </Layout>
  );
}
