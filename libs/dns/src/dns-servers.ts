import { isIP } from "node:net";

/**
 * Parses `DNS_SERVERS`: comma-separated `ip`, `ip:port`, `[ipv6]` or
 * `[ipv6]:port` entries, the forms `dns.Resolver.setServers` takes. An
 * empty or blank text means the machine's own resolver configuration.
 */
export function parseDnsServers(text: string | undefined): string[] {
  const entries = (text ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  for (const entry of entries) {
    if (!isServerAddress(entry)) {
      throw new Error(
        `DNS_SERVERS entry ${JSON.stringify(entry)} is invalid: use ip, ip:port or [ipv6]:port, for example 127.0.0.1:8053.`,
      );
    }
  }
  return entries;
}

function isServerAddress(entry: string): boolean {
  if (isIP(entry) !== 0) return true;
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(entry);
  if (bracketed) {
    return isIP(bracketed[1] ?? "") === 6 && isPort(bracketed[2]);
  }
  const withPort = /^([^:]+):(\d{1,5})$/.exec(entry);
  return (
    withPort !== null && isIP(withPort[1] ?? "") === 4 && isPort(withPort[2])
  );
}

function isPort(text: string | undefined): boolean {
  if (text === undefined) return true;
  const port = Number(text);
  return port >= 1 && port <= 65535;
}
