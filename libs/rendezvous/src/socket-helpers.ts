import type { TLSSocket } from "node:tls";

/** Time a closing connection gets to flush before it is destroyed. */
const CLOSE_GRACE_MS = 5_000;

/** Returns `address:port` of the peer, for logs. */
export function remoteAddressOf(socket: {
  remoteAddress?: string;
  remotePort?: number;
}): string {
  return `${socket.remoteAddress ?? "unknown"}:${socket.remotePort ?? 0}`;
}

/** Flushes and ends a connection, and destroys it if the peer does not close in time. */
export function closeGracefully(socket: TLSSocket): void {
  if (socket.destroyed || socket.writableEnded) return;
  socket.end();
  const timer = setTimeout(() => socket.destroy(), CLOSE_GRACE_MS);
  timer.unref();
  socket.once("close", () => clearTimeout(timer));
}

/** Resolves after `ms` milliseconds without keeping the process alive. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
