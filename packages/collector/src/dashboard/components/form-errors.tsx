import type { FieldErrors } from '../form';

/**
 * The form's problems above it, each linking to its field (GOV.UK's error summary pattern), in an
 * alert so a screen reader says them at once.
 */
export function ErrorSummary({
  errors,
  labels,
}: {
  errors: FieldErrors | undefined;
  labels: Record<string, string>;
}) {
  const entries = Object.entries(errors ?? {});
  if (entries.length === 0) return null;
  return (
    <div class="error" role="alert" aria-labelledby="error-summary">
      <h2 id="error-summary" class="small-heading">
        {entries.length === 1 ? 'One thing to fix' : `${entries.length} things to fix`}
      </h2>
      <ul>
        {entries.map(([name, message]) => (
          <li>{name && labels[name] ? <a href={`#${name}`}>{`${labels[name]}: ${message}`}</a> : message}</li>
        ))}
      </ul>
    </div>
  );
}

/** The problem of one field, under its label; the input names it with `aria-describedby`. */
export function FieldError({ name, errors }: { name: string; errors: FieldErrors | undefined }) {
  const message = errors?.[name];
  return message ? (
    <p class="field-error" id={`${name}-error`}>
      {message}
    </p>
  ) : null;
}

/** `aria-describedby` of a field: its hint and its problem, when it has them. */
export function describedBy(
  name: string,
  errors: FieldErrors | undefined,
  hint?: string,
): string | undefined {
  const ids = [hint, errors?.[name] ? `${name}-error` : undefined].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}
