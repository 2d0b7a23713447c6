/** An AS organisation name made presentable as a company name. */
export type CleanedName = {
  /** Display name: legal forms, AS numbers, routing-handle noise and stray punctuation removed. */
  name: string;
  /** Lower-case slug for grouping visits of one company, e.g. `acme-manufacturing`. */
  key: string;
  /** The input ended in a legal form (GmbH, Inc., …): a registered organisation's name. */
  legalForm: boolean;
  /** The input was a routing handle such as `ACME-NET-AS` rather than a name. */
  handle: boolean;
};

/** Longest input worth cleaning; AS organisation names are far shorter. */
const MAX_INPUT = 200;
/** Longest grouping key. */
const MAX_KEY = 64;

/**
 * Legal forms stripped from the end of a name, one per pass (so "Co., Ltd." and "Pty Ltd" go in
 * two). Each must follow a space or comma, so the letters inside a word ("Texas") are safe.
 */
const LEGAL_SUFFIX = new RegExp(
  String.raw`[\s,]+(?:gmbh & co\.? ?kg|g?gmbh|mbh|ag|kgaa|kg|ohg|ug(?: \(haftungsbeschr(?:ä|ae)nkt\))?|e\. ?v\.?|ev|e\.k\.?|e\.u\.|se|` +
    String.raw`inc\.?|incorporated|l\.?l\.?c\.?|l\.?l\.?p\.?|l\.p\.|lp|ltd\.?|limited|plc|corp\.?|corporation|co\.?|company limited|` +
    String.raw`s\.a\.? de c\.v\.?|sa de cv|s\.?a\.?s\.?u?\.?|s\.?a\.?r\.?l\.?|s\.?p\.?a\.?|s\.?r\.?l\.?|s\.?l\.?u?\.?|s\.?a\.?u\.?|s\.?a\.?|` +
    String.raw`b\.?v\.?|n\.?v\.?|bvba|v\.o\.f\.|vof|oyj?|ab|a\/s|asa|as|aps|p\/s|pty\.?|pte\.?|pvt\.?|private|sdn\.? bhd\.?|bhd\.?|` +
    String.raw`sp\.? ?z ?o\.? ?o\.?|spolka akcyjna|s\.?r\.?o\.?|a\.s\.|d\.?o\.?o\.?|kft\.?|zrt\.?|nyrt\.?|k\.k\.|ltda\.?|ead|ehf|sarl|eurl|pjsc|jsc)$`,
  'i',
);

/** Legal forms written before the name in some countries ("LLC Baxet", "PT Foo"). */
const LEGAL_PREFIX = /^(?:pjsc|ojsc|cjsc|jsc|llc|ooo|zao|oao|pt|tov|uab|sia)\s+/i;

/** Tokens of a routing handle that are not part of the name: AS, NET, numbers, BLOCK… */
const HANDLE_NOISE = /^(?:as|asn|as\d+|asblk|blk|block|net|nets|\d+)$/i;

/** Small words kept lower-case when an all-caps name is re-cased ("Bank of America"). */
const SMALL_WORDS: ReadonlySet<string> = new Set([
  'of',
  'and',
  'the',
  'for',
  'de',
  'der',
  'des',
  'la',
  'le',
  'du',
  'und',
  'et',
  'y',
  'di',
  'da',
  'von',
  'van',
]);

/**
 * Turns an AS organisation ("Acme Manufacturing GmbH", "ACME-CORP-AS", "Acme Inc. (AS64500)")
 * into a display name and grouping key. Returns `undefined` when nothing name-like remains.
 */
export function cleanOrganizationName(raw: string): CleanedName | undefined {
  let s = raw
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_INPUT);
  // "AS64500 Acme", "Acme AS64500", "Acme (AS64500)", "Vultr (AS-CHOOPA)": the AS part is routing noise.
  s = s.replace(/^AS\d+\b[\s:,-]*/i, '').replace(/\(\s*AS\d+\s*\)/gi, ' ');
  s = s.replace(/[\s,-]*\bAS\d+$/i, '').trim();

  const handle = !/\s/.test(s) && /[-_]/.test(s) && !/\p{Ll}/u.test(s);
  if (handle) s = handleWords(s);

  let legalForm = false;
  for (;;) {
    const before = s;
    s = stripTrailingParens(s);
    const unprefixed = trimPunctuation(s.replace(LEGAL_PREFIX, ''));
    if (unprefixed && unprefixed !== s) {
      legalForm = true;
      s = unprefixed;
    }
    const stripped = trimPunctuation(s.replace(LEGAL_SUFFIX, ''));
    if (stripped && stripped !== s) {
      legalForm = true;
      s = stripped;
    }
    if (s === before) break;
  }

  if (!/\p{L}/u.test(s)) return undefined;
  const name = /\p{Ll}/u.test(s) ? s : recase(s);
  const key = companyKey(name);
  return key ? { name, key, legalForm, handle } : undefined;
}

/** A lower-case slug of letters and digits joined by `-`: the key visits of one company group by. */
export function companyKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .slice(0, MAX_KEY)
    .replace(/^-+|-+$/g, '');
}

function stripTrailingParens(s: string): string {
  for (;;) {
    const next = s.replace(/\s*\([^()]*\)$/, '').trim();
    // Keep a name that is nothing but a parenthesis rather than emptying it.
    if (next === s || !next) return s;
    s = next;
  }
}

/** "ASN-QUADRANET-GLOBAL" → "QUADRANET GLOBAL"; "COMCAST-7922" → "COMCAST". */
function handleWords(s: string): string {
  const words = s.split(/[-_]+/).filter((w) => w && !HANDLE_NOISE.test(w));
  return words.length ? words.join(' ') : s;
}

function trimPunctuation(s: string): string {
  return s.replace(/^[\s,;:&/"'–—-]+|[\s,;:&/"'–—-]+$/g, '');
}

/**
 * Re-cases an all-caps name: a single short word is probably an acronym (IBM, SAP, BASF) and
 * stays; otherwise words of three letters or fewer stay upper-case and the rest are capitalised.
 */
function recase(s: string): string {
  const words = s.split(' ');
  if (words.length === 1 && s.length <= 4) return s;
  return words
    .map((word, i) => {
      const lower = word.toLowerCase();
      if (i > 0 && SMALL_WORDS.has(lower)) return lower;
      if (/\d/.test(word) || (words.length > 1 && word.length <= 3 && !SMALL_WORDS.has(lower))) return word;
      return lower.replace(/(^|[-'.&])(\p{L})/gu, (_, sep: string, ch: string) => sep + ch.toUpperCase());
    })
    .join(' ');
}
