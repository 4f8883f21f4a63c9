import type { DomainEvent } from "../shared/domain-event.js";

/**
 * Outcome of a DNS lookup of a custom domain, compared with its DNS target:
 * - `ok`: the hostname is a CNAME (or ALIAS) of its DNS target;
 * - `points-at-default-domain`: it is a CNAME of the app's herokuapp.com address;
 * - `points-elsewhere`: it resolves, but not through its DNS target;
 * - `no-record`: the name does not exist or has no address;
 * - `lookup-failed`: the lookup failed (timeout, SERVFAIL, connection refused).
 */
export type DnsCheckOutcome =
  | "ok"
  | "points-at-default-domain"
  | "points-elsewhere"
  | "no-record"
  | "lookup-failed";

/** Stream of one custom domain: `custom-domain-<domainId>`. */
export type CustomDomainAdded = DomainEvent<
  "CustomDomainAdded",
  {
    domainId: string;
    appId: string;
    /** Lowercase, without a trailing dot. */
    hostname: string;
    /** The DNS target the owner must CNAME to: `<words>-<hex>.herokudns.com`. */
    cname: string;
    sniEndpointId: string | null;
    at: string;
  }
>;
export type CustomDomainSniEndpointChanged = DomainEvent<
  "CustomDomainSniEndpointChanged",
  {
    domainId: string;
    appId: string;
    sniEndpointId: string | null;
    previousSniEndpointId: string | null;
    at: string;
  }
>;
export type CustomDomainDnsChecked = DomainEvent<
  "CustomDomainDnsChecked",
  {
    domainId: string;
    appId: string;
    hostname: string;
    outcome: DnsCheckOutcome;
    /** Reason for an outcome other than `ok`, in words a user can act on, or null when ok. */
    reason: string | null;
    /** The CNAME chain's first target, when there is one. */
    cname: string | null;
    addresses: string[];
    at: string;
  }
>;
export type CustomDomainRemoved = DomainEvent<
  "CustomDomainRemoved",
  {
    domainId: string;
    appId: string;
    hostname: string;
    reason: "removed" | "app-destroyed";
    at: string;
  }
>;

export type CustomDomainEvent =
  | CustomDomainAdded
  | CustomDomainSniEndpointChanged
  | CustomDomainDnsChecked
  | CustomDomainRemoved;
