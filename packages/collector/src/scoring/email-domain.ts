/**
 * E-mail domain categories for fit rules: a competitor's domain (from the model), a free-mail
 * provider (the `free-email-domains` list, which also holds disposable domains, plus the model's
 * extras), or a business domain (everything else).
 */
import freeEmailDomains from 'free-email-domains';
import type { DomainCategory } from './model';

/** Built once at module load: ~14k domains, looked up per identify. */
const FREE_MAIL: ReadonlySet<string> = new Set(freeEmailDomains);

/** The domain of a normalised e-mail address, or undefined when it has none. */
export function emailDomain(email: string): string | undefined {
  const at = email.lastIndexOf('@');
  if (at < 0 || at === email.length - 1) return undefined;
  return email
    .slice(at + 1)
    .trim()
    .toLowerCase()
    .replace(/\.$/, '');
}

/** Whether `domain` or one of its parent domains is in `set`. */
function inSet(set: ReadonlySet<string>, domain: string): boolean {
  let d = domain;
  for (;;) {
    if (set.has(d)) return true;
    const dot = d.indexOf('.');
    if (dot < 0) return false;
    d = d.slice(dot + 1);
  }
}

export type DomainCategorizer = (domain: string) => DomainCategory;

/** Compiles the model's competitor and extra free-mail lists into a categorizer. */
export function compileDomainCategorizer(
  competitors: readonly string[] = [],
  extraFreeMail: readonly string[] = [],
): DomainCategorizer {
  const rivals = new Set(competitors.map((d) => d.toLowerCase()));
  const extra = new Set(extraFreeMail.map((d) => d.toLowerCase()));
  return (domain) => {
    if (inSet(rivals, domain)) return 'competitor';
    if (FREE_MAIL.has(domain) || inSet(extra, domain)) return 'free';
    return 'business';
  };
}
