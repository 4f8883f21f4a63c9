/** Logger the KurrentDB adapter writes to; `console` and a NestJS `Logger` both fit. */
export interface KurrentDbLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string, ...details: unknown[]): void;
}

export interface KurrentDbEventStoreOptions {
  /**
   * Stream-name prefixes of the events that `readAll`, `headPosition` and
   * `subscribeToAll` return; other streams of `$all` are skipped. Default:
   * no prefix filter, only system events are excluded.
   */
  streamPrefixes?: readonly string[];
  /** Max events per subscription handler call; default 500. */
  subscriptionBatchSize?: number;
  /** Wait in milliseconds before a dropped subscription reconnects, doubled after each failed attempt; default 100. */
  reconnectDelayMs?: number;
  /** Upper bound in milliseconds of the reconnect wait; default 5000. */
  maxReconnectDelayMs?: number;
  /** The server sends a subscription checkpoint every `checkpointInterval × 32` examined events; default 1. */
  checkpointInterval?: number;
  /** Receives starts, stops, reconnects and errors no caller can see; default `console`. */
  logger?: KurrentDbLogger;
}
