import type { Principal } from '../../auth/tokens';
import { ErrorSummary, type FormView } from '../components/form-fields';
import { Layout } from '../components/layout';
import { SUBSCRIPTION_LABELS, SubscriptionFields } from '../components/subscription-fields';
import type { SubscriptionChoices } from '../subscription-form';

type SubscriptionEditPageProps = {
  principal: Principal;
  /** The subscription edited; none for a new one. */
  subscription?: { id: string; name: string } | undefined;
  form: FormView;
  choices: SubscriptionChoices;
};

/** GET /dashboard/notifications/new and /:id/edit: a subscription as a form, no JSON, no curl. */
export function SubscriptionEditPage({ principal, subscription, form, choices }: SubscriptionEditPageProps) {
  const title = subscription ? `Edit ${subscription.name}` : 'New subscription';
  const back = subscription ? `/dashboard/notifications/${subscription.id}` : '/dashboard/notifications';
  return (
    <Layout title={title} principal={principal} current="notifications">
      <p>
        <a href={back}>{subscription ? `← ${subscription.name}` : '← Notifications'}</a>
      </p>
      <h1>{title}</h1>
      <form
        method="post"
        action={subscription ? `/dashboard/notifications/${subscription.id}` : '/dashboard/notifications'}
      >
        <ErrorSummary form={form} labels={SUBSCRIPTION_LABELS} />
        <SubscriptionFields form={form} choices={choices} />
        <div class="actions form-end">
          <button type="submit">{subscription ? 'Save' : 'Create subscription'}</button>
          <a href={back}>Cancel</a>
        </div>
      </form>
    </Layout>
  );
}
