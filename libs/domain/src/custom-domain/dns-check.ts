import type { DnsCheckOutcome } from "./custom-domain.events.js";

/** Result of a DNS lookup of one hostname. */
export type DnsLookup =
  | {
      kind: "answer";
      /** First target of the hostname's CNAME record, or null without one. */
      cname: string | null;
      /** IPv4 and IPv6 addresses the hostname resolves to. */
      addresses: readonly string[];
      /** Addresses of the DNS target, looked up only when the hostname has addresses and no CNAME. */
      targetAddresses?: readonly string[];
    }
  | {
      kind: "failure";
      /** Reason the lookup failed, such as `timed out` or `SERVFAIL`. */
      cause: string;
    };

export interface DnsCheckInput {
  hostname: string;
  /** The domain's DNS target (`…herokudns.com`). */
  target: string;
  /** The app's default domain (`<name>-<identifier>.herokuapp.com`). */
  defaultDomain: string;
  lookup: DnsLookup;
}

export interface DnsCheckVerdict {
  outcome: DnsCheckOutcome;
  /** Change the owner should make, or null when the outcome is `ok`. */
  reason: string | null;
}

/**
 * Compares a lookup of a custom domain with its DNS target. An apex domain
 * cannot have a CNAME, so an ALIAS or ANAME record is accepted when the
 * hostname resolves to exactly the target's addresses.
 */
export function classifyDnsLookup(input: DnsCheckInput): DnsCheckVerdict {
  const { hostname, target, defaultDomain, lookup } = input;
  if (lookup.kind === "failure") {
    return {
      outcome: "lookup-failed",
      reason: `The DNS lookup of ${hostname} failed (${lookup.cause}). Check that the domain's name servers answer, then check again.`,
    };
  }

  const cname = lookup.cname === null ? null : canonical(lookup.cname);
  if (cname === canonical(target)) return { outcome: "ok", reason: null };
  if (cname === canonical(defaultDomain)) {
    return {
      outcome: "points-at-default-domain",
      reason: `${hostname} is a CNAME of ${defaultDomain}, the app's default domain. Point it at ${target} instead.`,
    };
  }
  if (cname !== null) {
    return {
      outcome: "points-elsewhere",
      reason: `${hostname} is a CNAME of ${cname}, not of its DNS target. Point it at ${target} instead.`,
    };
  }
  if (lookup.addresses.length === 0) {
    return {
      outcome: "no-record",
      reason: `${hostname} has no DNS record yet. Add a CNAME record (ALIAS or ANAME at the zone apex) pointing at ${target}.`,
    };
  }
  if (sameAddresses(lookup.addresses, lookup.targetAddresses ?? [])) {
    return { outcome: "ok", reason: null };
  }
  return {
    outcome: "points-elsewhere",
    reason: `${hostname} resolves to ${lookup.addresses.join(", ")} without a CNAME record. Replace its A or AAAA records with a CNAME record (ALIAS or ANAME at the zone apex) pointing at ${target}.`,
  };
}

function canonical(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith(".") ? lower.slice(0, -1) : lower;
}

function sameAddresses(
  actual: readonly string[],
  expected: readonly string[],
): boolean {
  if (expected.length === 0 || actual.length !== expected.length) return false;
  const wanted = new Set(expected);
  return actual.every((address) => wanted.has(address));
}
