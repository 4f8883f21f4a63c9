import { KurrentDBClient } from "@kurrent/kurrentdb-client";

import { errorMessage, isUnavailable } from "./error-mapping.js";
import type { KurrentDbLogger } from "./kurrentdb-event-store-options.js";

/**
 * Owns the client and replaces it while its read bridge has never connected.
 *
 * Workaround: the native read bridge of client 1.3.1 (`@kurrent/bridge`
 * 0.2.2) never connects again when its very first connection failed, for
 * example when this process starts before the server. Once it has connected,
 * it reconnects by itself after an outage. So until a first read succeeds,
 * a read that found the server unavailable makes the next call use a new
 * client. Remove when the bridge reconnects after a failed first connection.
 */
export class ClientHolder {
  private current: KurrentDBClient;
  private bridgeConnected = false;
  private replaceOnNextUse = false;
  private replacements = 0;

  constructor(
    private readonly connectionString: string,
    private readonly logger: KurrentDbLogger,
  ) {
    this.current = KurrentDBClient.connectionString(connectionString);
  }

  /** The client to use now; a new one after a failed first connection. */
  get client(): KurrentDBClient {
    if (this.replaceOnNextUse) this.replace();
    return this.current;
  }

  readSucceeded(): void {
    this.bridgeConnected = true;
  }

  /** Records a failed read of `client`; the next call gets a new client when the bridge never connected. */
  readFailed(client: KurrentDBClient, error: unknown): void {
    if (this.bridgeConnected || client !== this.current) return;
    if (isUnavailable(error)) this.replaceOnNextUse = true;
  }

  dispose(): Promise<void> {
    return this.current.dispose();
  }

  private replace(): void {
    this.replaceOnNextUse = false;
    this.replacements += 1;
    const stale = this.current;
    this.current = KurrentDBClient.connectionString(this.connectionString);
    // Once per outage is enough to see in the logs; later ones repeat it.
    if (this.replacements === 1) {
      this.logger.warn(
        "KurrentDB read bridge could not make its first connection; using a new client until one connects",
      );
    }
    stale.dispose().catch((error: unknown) => {
      this.logger.warn(
        `Closing a replaced KurrentDB client failed: ${errorMessage(error)}`,
      );
    });
  }
}
