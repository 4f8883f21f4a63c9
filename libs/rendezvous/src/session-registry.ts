import { createHash, randomBytes } from "node:crypto";

import type { SessionIO } from "./session-io.js";

const SECRET_PATTERN = /^[A-Za-z0-9._~-]{16,200}$/;

export interface RendezvousSession {
  /** Secret of the attach URL: 16 to 200 URL-safe characters, see `createRendezvousSecret`. */
  secret: string;
  /** Dyno that the session attaches to. Logs show it in place of the secret. */
  dynoId: string;
  /** Runs the dyno's process for the attached client and resolves with its exit code. */
  run: (io: SessionIO) => Promise<number>;
  /** Time in milliseconds in which the client must connect; default the server's `sessionTtlMs`. */
  ttlMs?: number;
}

/** Outcome of looking up a secret: the session, or why there is none. */
export type SessionLookup =
  | { kind: "found"; dynoId: string; run: RendezvousSession["run"] }
  | { kind: "unknown" }
  | { kind: "expired"; dynoId: string };

interface PendingSession {
  dynoId: string;
  run: RendezvousSession["run"];
  expiresAt: number;
}

/** Returns a new random secret for an attach URL (256 bits, hex). */
export function createRendezvousSecret(): string {
  return randomBytes(32).toString("hex");
}

/**
 * Registered sessions that no client has attached to yet. Each lookup
 * removes the session, so a secret works once. Entries are keyed by the
 * SHA-256 of the secret and do not contain the secret itself.
 */
export class SessionRegistry {
  private readonly sessions = new Map<string, PendingSession>();

  constructor(private readonly now: () => number) {}

  /** Adds a session that expires `ttlMs` from now, and returns the expiry time. */
  add(session: RendezvousSession, ttlMs: number): number {
    if (!SECRET_PATTERN.test(session.secret)) {
      throw new Error(
        "Invalid rendezvous secret: expected 16 to 200 characters from A-Z, a-z, 0-9, '.', '_', '~' and '-'",
      );
    }
    const key = hashSecret(session.secret);
    if (this.sessions.has(key)) {
      throw new Error(
        `A session with this secret is already registered (dyno ${session.dynoId})`,
      );
    }
    const expiresAt = this.now() + ttlMs;
    const { dynoId, run } = session;
    this.sessions.set(key, { dynoId, run, expiresAt });
    return expiresAt;
  }

  /** Removes the session of a secret and returns it, unless it has expired. */
  take(secret: string): SessionLookup {
    const key = hashSecret(secret);
    const pending = this.sessions.get(key);
    this.sessions.delete(key);
    if (!pending) return { kind: "unknown" };
    if (pending.expiresAt <= this.now()) {
      return { kind: "expired", dynoId: pending.dynoId };
    }
    return { kind: "found", dynoId: pending.dynoId, run: pending.run };
  }

  /** Removes expired sessions and returns their dyno ids. */
  removeExpired(): string[] {
    const now = this.now();
    const dynoIds: string[] = [];
    for (const [key, pending] of this.sessions) {
      if (pending.expiresAt > now) continue;
      this.sessions.delete(key);
      dynoIds.push(pending.dynoId);
    }
    return dynoIds;
  }

  clear(): void {
    this.sessions.clear();
  }
}

function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}
