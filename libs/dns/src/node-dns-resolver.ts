import { Resolver } from "node:dns/promises";
import type { DnsResolution, DnsResolver } from "./dns-resolver.port.js";

export interface NodeDnsResolverOptions {
  /** Servers to ask, as `parseDnsServers` returns them; empty means the machine's resolver configuration. */
  servers: readonly string[];
  /** Maximum time one lookup may take, in milliseconds, all queries included. */
  timeoutMs: number;
}

/** Codes meaning that the name or the record type does not exist. */
const NO_RECORD = new Set(["ENODATA", "ENOTFOUND"]);

const CAUSES: Record<string, string> = {
  ESERVFAIL: "the name server returned SERVFAIL",
  EREFUSED: "the name server refused the query",
  ECONNREFUSED: "the name server refused the connection",
  EBADRESP: "the name server sent a malformed answer",
  ECANCELLED: "the lookup was cancelled",
};

class LookupFailure extends Error {
  constructor(
    readonly code: string,
    cause: string,
  ) {
    super(cause);
  }
}

/**
 * Resolves through Node's c-ares resolver (`dns.promises.Resolver`), so the
 * servers can be chosen per instance without touching the process-wide
 * resolver. Asks for the CNAME, A and AAAA records of the name.
 */
export class NodeDnsResolver implements DnsResolver {
  constructor(private readonly options: NodeDnsResolverOptions) {}

  async resolve(hostname: string): Promise<DnsResolution> {
    const { timeoutMs } = this.options;
    const resolver = new Resolver({ timeout: timeoutMs, tries: 1 });
    if (this.options.servers.length > 0)
      resolver.setServers([...this.options.servers]);

    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        resolver.cancel();
        reject(
          new LookupFailure("ETIMEOUT", `timed out after ${timeoutMs} ms`),
        );
      }, timeoutMs);
    });
    try {
      const [cnames, ipv4, ipv6] = await Promise.race([
        Promise.all([
          records(() => resolver.resolveCname(hostname), timeoutMs),
          records(() => resolver.resolve4(hostname), timeoutMs),
          records(() => resolver.resolve6(hostname), timeoutMs),
        ]),
        deadline,
      ]);
      const cname = cnames[0] ?? null;
      return {
        kind: "answer",
        cname: cname === null ? null : cname.replace(/\.$/, "").toLowerCase(),
        addresses: [...ipv4, ...ipv6],
      };
    } catch (error) {
      if (error instanceof LookupFailure)
        return { kind: "failure", code: error.code, cause: error.message };
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Runs one query; a missing name or record type gives no records. */
async function records(
  query: () => Promise<string[]>,
  timeoutMs: number,
): Promise<string[]> {
  try {
    return await query();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "EUNKNOWN";
    if (NO_RECORD.has(code)) return [];
    if (code === "ETIMEOUT")
      throw new LookupFailure(code, `timed out after ${timeoutMs} ms`);
    throw new LookupFailure(code, CAUSES[code] ?? `failed with ${code}`);
  }
}
