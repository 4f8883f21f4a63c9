import { invalid } from "../shared/domain-error.js";

/** Longest DNS name in text form without the trailing dot (RFC 1035 §2.3.4). */
export const MAX_HOSTNAME_LENGTH = 253;

/** 1 to 63 letters, digits or hyphens, with no hyphen at either end. */
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** Zones of the platform itself: default domains and DNS targets live there. */
export const PLATFORM_ZONES = ["herokuapp.com", "herokudns.com"] as const;

/**
 * Checks a custom domain's hostname and returns it lowercased, without one
 * trailing dot. A wildcard is allowed only as the whole leftmost label over
 * a name of at least two labels (`*.example.com`). IP addresses, single
 * labels, `.localhost` names and names under the platform's own zones are
 * rejected with `invalid_params`.
 */
export function normalizeHostname(raw: string): string {
  if (raw.length === 0) {
    throw invalid(
      "Hostname is missing: pass a DNS name such as www.example.com.",
    );
  }
  const hostname = (raw.endsWith(".") ? raw.slice(0, -1) : raw).toLowerCase();
  const quoted = JSON.stringify(raw);

  if (hostname.includes(":") || IPV4.test(hostname)) {
    throw invalid(
      `Hostname ${quoted} is an IP address: add a DNS name such as www.example.com instead.`,
    );
  }
  if (hostname.length > MAX_HOSTNAME_LENGTH) {
    throw invalid(
      `Hostname ${quoted} is invalid: it has ${hostname.length} characters and the maximum is ${MAX_HOSTNAME_LENGTH}.`,
    );
  }

  const labels = hostname.split(".");
  const wildcard = labels[0] === "*";
  const named = wildcard ? labels.slice(1) : labels;
  checkLabels(quoted, named);
  if (named.length < 2) {
    throw invalid(
      wildcard
        ? `Hostname ${quoted} is invalid: a wildcard must cover a name of at least two labels, as in *.example.com.`
        : `Hostname ${quoted} is invalid: use a fully qualified name of at least two labels, such as www.example.com.`,
    );
  }
  if (/^\d+$/.test(labels.at(-1) ?? "")) {
    throw invalid(
      `Hostname ${quoted} is invalid: its last label must not be all digits.`,
    );
  }
  checkNotReserved(quoted, hostname);
  return hostname;
}

/** Checks every label but a leading `*` one. */
function checkLabels(quoted: string, named: readonly string[]): void {
  for (const label of named) {
    if (label.includes("*")) throw wildcardError(quoted);
    if (!LABEL.test(label)) {
      throw invalid(
        `Hostname ${quoted} is invalid: each label must have 1 to 63 letters, digits or hyphens and must not start or end with a hyphen.`,
      );
    }
  }
}

function wildcardError(quoted: string) {
  return invalid(
    `Hostname ${quoted} is invalid: a wildcard is allowed only as the whole leftmost label, as in *.example.com.`,
  );
}

function checkNotReserved(quoted: string, hostname: string): void {
  const zone = PLATFORM_ZONES.find(
    (candidate) => hostname === candidate || hostname.endsWith(`.${candidate}`),
  );
  if (zone) {
    throw invalid(
      `Hostname ${quoted} is invalid: names under ${zone} belong to the platform. Add a name of a domain you control.`,
    );
  }
  if (hostname === "localhost" || hostname.endsWith(".localhost")) {
    throw invalid(
      `Hostname ${quoted} is invalid: .localhost names always point at the local machine (RFC 6761).`,
    );
  }
}
