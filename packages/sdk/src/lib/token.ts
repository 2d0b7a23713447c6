/**
 * URL parameter of the signed e-mail link token: the tracker sends it as the batch field `k` and
 * removes it from the address bar.
 */
export const TOKEN_PARAM = 'lb_t';
