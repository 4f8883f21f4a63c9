/** Maximum number of certificates in one chain; a leaf and its intermediates need far fewer. */
export const MAX_CHAIN_CERTIFICATES = 10;
/** Maximum size of `certificate_chain`; ten 4096-bit RSA certificates take about 20 KB. */
export const MAX_CHAIN_BYTES = 64 * 1024;
/** Maximum size of `private_key`; an 8192-bit RSA key in PEM takes about 6.5 KB. */
export const MAX_PRIVATE_KEY_BYTES = 16 * 1024;
