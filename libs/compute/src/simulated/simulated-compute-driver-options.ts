export interface SimulatedComputeDriverOptions {
  /** Time from provision until `up`, in ms. With 0, `provision` returns `up`. Default 3000. */
  provisionDelayMs?: number;
  /** Chance from 0 to 1 that one provision attempt fails. Default 0. */
  failureRate?: number;
  /** Dyno names (such as `web.2`) or dyno ids whose every attempt fails. Default none. */
  failDynos?: Iterable<string>;
  /** Availability zones that dynos are spread over, in tie-break order. Default `["a", "b", "c"]`. */
  zones?: readonly string[];
  /** Source of the failure draws, one per attempt, in [0, 1). Default `Math.random`. */
  random?: () => number;
  /** Source of the current time. Default `() => new Date()`. */
  clock?: () => Date;
  /** How long a write waits for another connection's lock, in ms. Default 5000. */
  busyTimeoutMs?: number;
}

export interface ResolvedOptions {
  provisionDelayMs: number;
  failureRate: number;
  failDynos: ReadonlySet<string>;
  zones: readonly string[];
  random: () => number;
  clock: () => Date;
  busyTimeoutMs: number;
}

/** Applies the defaults and rejects out-of-range values with a RangeError. */
export function resolveOptions(
  options: SimulatedComputeDriverOptions,
): ResolvedOptions {
  const provisionDelayMs = options.provisionDelayMs ?? 3000;
  if (!Number.isFinite(provisionDelayMs) || provisionDelayMs < 0) {
    throw new RangeError(
      `provisionDelayMs must be a finite number of ms, 0 or more; got ${provisionDelayMs}.`,
    );
  }
  const failureRate = options.failureRate ?? 0;
  if (!(failureRate >= 0 && failureRate <= 1)) {
    throw new RangeError(
      `failureRate must be between 0 and 1; got ${failureRate}.`,
    );
  }
  const zones = options.zones ?? ["a", "b", "c"];
  if (zones.length === 0 || zones.some((zone) => zone.length === 0)) {
    throw new RangeError(
      `zones must list at least one non-empty zone name; got ${JSON.stringify(zones)}.`,
    );
  }
  if (new Set(zones).size !== zones.length) {
    throw new RangeError(
      `zones must not repeat a zone; got ${JSON.stringify(zones)}.`,
    );
  }
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  if (!Number.isSafeInteger(busyTimeoutMs) || busyTimeoutMs < 0) {
    throw new RangeError(
      `busyTimeoutMs must be a whole number of ms, 0 or more; got ${busyTimeoutMs}.`,
    );
  }
  return {
    provisionDelayMs,
    failureRate,
    failDynos: new Set(options.failDynos ?? []),
    zones: [...zones],
    random: options.random ?? Math.random,
    clock: options.clock ?? (() => new Date()),
    busyTimeoutMs,
  };
}
