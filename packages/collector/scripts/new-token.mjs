// Prints a new random API token and the `LB_API_TOKENS` entry that stores only its SHA-256.
// Usage: pnpm run token -- <name> <read|write|admin>
import { createHash, randomBytes } from 'node:crypto';

const [name, scope] = process.argv.slice(2).filter((a) => a !== '--');
if (!name || !/^[A-Za-z0-9_.-]+$/.test(name) || !['read', 'write', 'admin'].includes(scope ?? '')) {
  console.error('usage: pnpm run token -- <name> <read|write|admin>');
  process.exit(2);
}
const token = `lb_${randomBytes(24).toString('base64url')}`;
const hash = createHash('sha256').update(token).digest('hex');
console.log(`token (give this to ${name}; it is not stored anywhere):\n  ${token}`);
console.log(`LB_API_TOKENS entry (append, comma-separated):\n  ${name}:${scope}:${hash}`);
