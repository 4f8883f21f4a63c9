/** Result of a DNS lookup of one hostname, or the reason it failed. */
export type DnsResolution =
  | {
      kind: "answer";
      /** First target of the hostname's CNAME record, without a trailing dot, or null without one. */
      cname: string | null;
      /** IPv4 then IPv6 addresses the hostname resolves to; empty when it has none. */
      addresses: string[];
    }
  | {
      kind: "failure";
      /** The resolver's error code, such as `ETIMEOUT` or `ESERVFAIL`. */
      code: string;
      /** The failure in words, such as `timed out after 2000 ms`. */
      cause: string;
    };

/**
 * Looks hostnames up in DNS. A name that does not exist, or has no
 * record of a type, is a response with no records, not a failure.
 */
export interface DnsResolver {
  resolve(hostname: string): Promise<DnsResolution>;
}
