/** What a DNS lookup of one hostname returned, or why it failed. */
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
 * record of a type, is an answer with nothing in it, not a failure.
 */
export interface DnsResolver {
  resolve(hostname: string): Promise<DnsResolution>;
}
