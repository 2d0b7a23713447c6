// Mirrors DEV_TOKEN in packages/collector/src/auth/tokens.ts (checked by a test).
export const DEV_TOKEN_FOR_DOCS = 'lb_dev_admin_token';
