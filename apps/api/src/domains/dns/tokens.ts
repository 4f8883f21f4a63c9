/** Injection token of the `DnsResolver` port that DNS checks use. */
export const DNS_RESOLVER = Symbol("DnsResolver");
