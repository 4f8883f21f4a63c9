import { isIP } from "node:net";

/** A DNS name of letters, digits and hyphens, with an optional `*.` wildcard label first. */
const DNS_NAME =
  /^(\*\.)?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;
const MAX_DNS_NAME_LENGTH = 253;

/**
 * Returns the certificate names in lower case without duplicates. It throws
 * for an empty list or for a name that is neither an IP address nor a DNS name.
 */
export function normalizeHostnames(hostnames: string[]): string[] {
  const names = new Set<string>();
  for (const hostname of hostnames) {
    const name = hostname.trim().toLowerCase();
    if (
      isIP(name) === 0 &&
      (name.length > MAX_DNS_NAME_LENGTH || !DNS_NAME.test(name))
    ) {
      throw new Error(
        `Invalid hostname for a certificate: ${JSON.stringify(hostname)}`,
      );
    }
    names.add(name);
  }
  if (names.size === 0) {
    throw new Error("Missing hostnames: a certificate needs at least one");
  }
  return [...names];
}
