import { once } from "node:events";
import { isIP } from "node:net";
import { setImmediate as nextTurn } from "node:timers/promises";
import { createServer, type Server, type TLSSocket } from "node:tls";

import { SocketSessionIO } from "./session-io.js";
import { SessionRegistry, type RendezvousSession } from "./session-registry.js";
import {
  closeGracefully,
  delay,
  describeError,
  remoteAddressOf,
} from "./socket-helpers.js";

/** First chunk of every accepted session. The Heroku CLI discards it unread. */
export const RENDEZVOUS_GREETING = "rendezvous\r\n";
/** Maximum length of the secret line, line terminator included. */
export const MAX_SECRET_LINE_BYTES = 256;

const DEFAULT_SESSION_TTL_MS = 10 * 60 * 1000;
const DEFAULT_FIRST_LINE_TIMEOUT_MS = 10_000;
const DEFAULT_CERTIFICATE_VALIDITY_DAYS = 397;
const EXPIRY_CHECK_INTERVAL_MS = 60_000;
const DEFAULT_INPUT_END_WAIT_MS = 1_000;

/** Minimal logger interface that `console` and a NestJS `Logger` both satisfy. */
export interface RendezvousLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** The part of `LocalCertificateAuthority` that the server uses. */
export interface ServerCertificateIssuer {
  issueServerCertificate(
    hostnames: string[],
    validityDays: number,
  ): { chainPem: string; privateKeyPem: string };
}

export interface RendezvousServerOptions {
  certificateAuthority: ServerCertificateIssuer;
  /** Address to listen on; default 127.0.0.1. */
  host?: string;
  /** Port to listen on; default 0, which picks a free port (see `port`). */
  port?: number;
  /** Host name in attach URLs; default `host`, or 127.0.0.1 when `host` is a wildcard address. */
  advertisedHost?: string;
  /** Names added to the certificate besides 127.0.0.1, localhost and the advertised host. */
  certificateHostnames?: string[];
  /** Default time in which a registered session must be attached; 10 minutes. */
  sessionTtlMs?: number;
  /** Time in which a client must finish the TLS handshake and send the secret; 10 s. */
  firstLineTimeoutMs?: number;
  certificateValidityDays?: number;
  /**
   * Time the server waits after the process exits for the client to end its
   * input before it closes the connection; default 1 s. With piped stdin the
   * Heroku CLI sends EOT when stdin ends, even after the process exited, and
   * crashes with EPIPE if the connection is already closed by then.
   */
  inputEndWaitMs?: number;
  /** Receives lifecycle, connection and error messages, never secrets; default `console`. */
  logger?: RendezvousLogger;
  /** Source of the current time in milliseconds; default `Date.now`. */
  now?: () => number;
}

/**
 * TLS listener for `rendezvous://host:port/secret` attach URLs, the protocol
 * of `heroku run`. A client sends the secret on the first line. The server
 * replies with `rendezvous\r\n` as a chunk of its own, then connects the
 * client to the registered session until the session's process exits.
 * Each secret works once.
 */
export class RendezvousServer {
  private readonly host: string;
  private readonly advertisedHost: string;
  private readonly sessionTtlMs: number;
  private readonly firstLineTimeoutMs: number;
  private readonly inputEndWaitMs: number;
  private readonly logger: RendezvousLogger;
  private readonly sessions: SessionRegistry;
  private readonly sockets = new Set<TLSSocket>();
  private server: Server | undefined;
  private expiryTimer: NodeJS.Timeout | undefined;
  private boundPort: number | undefined;

  constructor(private readonly options: RendezvousServerOptions) {
    this.host = options.host ?? "127.0.0.1";
    const wildcard = this.host === "0.0.0.0" || this.host === "::";
    this.advertisedHost =
      options.advertisedHost ?? (wildcard ? "127.0.0.1" : this.host);
    this.sessionTtlMs = options.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS;
    this.firstLineTimeoutMs =
      options.firstLineTimeoutMs ?? DEFAULT_FIRST_LINE_TIMEOUT_MS;
    this.inputEndWaitMs = options.inputEndWaitMs ?? DEFAULT_INPUT_END_WAIT_MS;
    this.logger = options.logger ?? console;
    this.sessions = new SessionRegistry(options.now ?? Date.now);
  }

  /** The bound port. It throws before `start()` has resolved. */
  get port(): number {
    if (this.boundPort === undefined) {
      throw new Error("Rendezvous server is not listening");
    }
    return this.boundPort;
  }

  async start(): Promise<void> {
    if (this.server) throw new Error("Rendezvous server is already started");

    const certificate =
      this.options.certificateAuthority.issueServerCertificate(
        [
          "127.0.0.1",
          "localhost",
          this.advertisedHost,
          ...(this.options.certificateHostnames ?? []),
        ],
        this.options.certificateValidityDays ??
          DEFAULT_CERTIFICATE_VALIDITY_DAYS,
      );
    const server = createServer({
      cert: certificate.chainPem,
      key: certificate.privateKeyPem,
      minVersion: "TLSv1.2",
      handshakeTimeout: this.firstLineTimeoutMs,
    });
    server.on("secureConnection", (socket) => this.accept(socket));
    server.on("tlsClientError", (error, socket) =>
      this.logger.warn(
        `Rendezvous TLS handshake with ${remoteAddressOf(socket)} failed: ${error.message}`,
      ),
    );

    server.listen(this.options.port ?? 0, this.host);
    await once(server, "listening");
    const address = server.address();
    this.boundPort = typeof address === "object" && address ? address.port : 0;
    this.server = server;
    this.expiryTimer = setInterval(
      () => this.removeExpiredSessions(),
      EXPIRY_CHECK_INTERVAL_MS,
    );
    this.expiryTimer.unref();
    this.logger.log(
      `Rendezvous server listening on ${this.host}:${this.boundPort}`,
    );
  }

  /** Stops listening, drops pending sessions and closes open connections. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    clearInterval(this.expiryTimer);
    this.sessions.clear();
    const closed = new Promise((resolve) => server.close(resolve));
    for (const socket of this.sockets) closeGracefully(socket);
    await closed;
    this.boundPort = undefined;
    this.logger.log("Rendezvous server stopped");
  }

  /** Returns the `rendezvous://` attach URL of a secret. */
  attachUrl(secret: string): string {
    const host =
      isIP(this.advertisedHost) === 6
        ? `[${this.advertisedHost}]`
        : this.advertisedHost;
    return `rendezvous://${host}:${this.port}/${secret}`;
  }

  /** Registers a session that one client can attach to with its secret before it expires. */
  register(session: RendezvousSession): { attachUrl: string; expiresAt: Date } {
    this.removeExpiredSessions();
    const attachUrl = this.attachUrl(session.secret);
    const expiresAt = this.sessions.add(
      session,
      session.ttlMs ?? this.sessionTtlMs,
    );
    return { attachUrl, expiresAt: new Date(expiresAt) };
  }

  /** Reads the secret line of a new connection, then attaches it. */
  private accept(socket: TLSSocket): void {
    const remote = remoteAddressOf(socket);
    this.sockets.add(socket);
    socket.once("close", () => this.sockets.delete(socket));
    socket.on("error", (error) =>
      this.logger.warn(
        `Rendezvous connection from ${remote} failed: ${error.message}`,
      ),
    );

    let received = Buffer.alloc(0);
    const timer = setTimeout(() => {
      this.logger.warn(
        `Rendezvous connection from ${remote} timed out before sending a secret`,
      );
      socket.destroy();
    }, this.firstLineTimeoutMs);
    socket.once("close", () => clearTimeout(timer));

    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const newline = received.indexOf(0x0a);
      if (newline === -1 && received.length < MAX_SECRET_LINE_BYTES) return;

      // Pause first: without a "data" listener a flowing socket drops data.
      socket.pause();
      socket.off("data", onData);
      clearTimeout(timer);
      if (newline === -1 || newline >= MAX_SECRET_LINE_BYTES) {
        this.logger.warn(
          `Rejected rendezvous connection from ${remote}: first line longer than ${MAX_SECRET_LINE_BYTES} bytes`,
        );
        closeGracefully(socket);
        return;
      }
      const line = received.subarray(0, newline).toString("utf8");
      const earlyInput = received.subarray(newline + 1);
      void this.attach(socket, remote, line.replace(/\r$/, ""), earlyInput);
    };
    socket.on("data", onData);
  }

  private async attach(
    socket: TLSSocket,
    remote: string,
    secret: string,
    earlyInput: Buffer,
  ): Promise<void> {
    const lookup = this.sessions.take(secret);
    if (lookup.kind !== "found") {
      this.logger.warn(
        lookup.kind === "expired"
          ? `Rejected rendezvous connection from ${remote} for dyno ${lookup.dynoId}: session expired`
          : `Rejected rendezvous connection from ${remote}: unknown or already used secret`,
      );
      closeGracefully(socket);
      return;
    }
    const { dynoId, run } = lookup;
    this.logger.log(`Rendezvous client ${remote} attached to dyno ${dynoId}`);
    socket.once("close", () =>
      this.logger.log(
        `Rendezvous connection from ${remote} to dyno ${dynoId} closed`,
      ),
    );

    // The client discards its whole first chunk, so the greeting must be a
    // TLS record of its own. Output starts only after the greeting is flushed.
    await new Promise<void>((resolve) =>
      socket.write(RENDEZVOUS_GREETING, () => resolve()),
    );
    await nextTurn();
    const io = new SocketSessionIO(socket, () => closeGracefully(socket));
    if (earlyInput.length > 0) io.receive(earlyInput);
    socket.resume();

    try {
      const exitCode = await run(io);
      this.logger.log(
        `Dyno ${dynoId} process exited with status ${exitCode}, closing the rendezvous connection`,
      );
    } catch (error) {
      this.logger.error(
        `Dyno ${dynoId} process failed: ${describeError(error)}`,
      );
    }
    await Promise.race([io.inputEnded, delay(this.inputEndWaitMs)]);
    io.close();
  }

  private removeExpiredSessions(): void {
    for (const dynoId of this.sessions.removeExpired()) {
      this.logger.log(
        `Rendezvous session for dyno ${dynoId} expired before a client attached`,
      );
    }
  }
}
