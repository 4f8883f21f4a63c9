import autocannon from "autocannon";

export interface LoadOptions {
  url: string;
  connections: number;
  /** Seconds. */
  duration: number;
  /** The requests one connection repeats in order; a connection starts at the first. */
  requestsFor: (connection: number) => autocannon.Request[];
}

export interface LoadResult {
  /** Seconds, as autocannon measured the run. */
  duration: number;
  /** Responses received (any status). */
  completed: number;
  ok: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
  /** Responses outside 2xx, by status code. */
  failedStatuses: Record<string, number>;
  /** Connection errors, timeouts included. */
  socketErrors: number;
  /** Response time of each connection's first request, sorted. */
  firstMs: number[];
  /** Responses completed in each whole second of the run. */
  perSecond: number[];
}

/** Seconds a single request may take before autocannon counts a timeout. */
const REQUEST_TIMEOUT_S = 10;

/**
 * Runs one fixed-duration autocannon load, recording every response time
 * itself so the percentiles keep sub-millisecond resolution.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  let next = 0;
  const latencies: number[] = [];
  const perSecond: number[] = [];
  let started = 0;
  const firstMs: number[] = [];
  const seen = new Set<autocannon.Client>();

  const instance = autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.duration,
    timeout: REQUEST_TIMEOUT_S,
    setupClient: (client) => {
      client.setRequests(options.requestsFor(next % options.connections));
      next += 1;
    },
  });
  instance.on("response", (client, _status, _bytes, responseTime) => {
    if (started === 0) started = Date.now() - responseTime;
    if (!seen.has(client)) {
      seen.add(client);
      firstMs.push(responseTime);
    }
    latencies.push(responseTime);
    const second = Math.floor((Date.now() - started) / 1000);
    perSecond[second] = (perSecond[second] ?? 0) + 1;
  });
  const result = await instance;

  const failedStatuses: Record<string, number> = {};
  let ok = 0;
  for (const [status, { count }] of Object.entries(result.statusCodeStats)) {
    if (status.startsWith("2")) ok += count;
    else failedStatuses[status] = count;
  }
  latencies.sort((a, b) => a - b);
  return {
    duration: result.duration,
    completed: result.requests.total,
    ok,
    requestsPerSecond: result.requests.total / result.duration,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    p999Ms: percentile(latencies, 0.999),
    maxMs: latencies.at(-1) ?? Number.NaN,
    failedStatuses,
    socketErrors: result.errors,
    firstMs: firstMs.sort((a, b) => a - b),
    perSecond: Array.from(perSecond, (count) => count ?? 0),
  };
}

/** Returns the nearest-rank percentile of sorted values, or NaN when there are none. */
export function percentile(
  sorted: readonly number[],
  fraction: number,
): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil(fraction * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(rank, 1)) - 1]!;
}

export function failures(result: LoadResult): number {
  return (
    Object.values(result.failedStatuses).reduce((sum, n) => sum + n, 0) +
    result.socketErrors
  );
}
