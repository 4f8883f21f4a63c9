/**
 * TEST INFRASTRUCTURE, not a database: an in-memory gRPC server that speaks
 * the part of the EventStoreDB/KurrentDB v1 gRPC API that
 * `@kurrent/kurrentdb-client` 1.3.x uses (server features, append, batch
 * append, read stream, read `$all`, subscriptions with filters and
 * checkpoints). It copies the real server's documented semantics so that the
 * KurrentDB adapter can be tested where no real server can run. It is not a
 * performance reference and keeps nothing on disk.
 */
import {
  Server,
  ServerCredentials,
  type ServerDuplexStream,
  type ServerReadableStream,
  type ServerUnaryCall,
  type ServerWritableStream,
  type sendUnaryData,
} from "@grpc/grpc-js";

import {
  APPENDS_REJECTED,
  handleAppend,
  handleBatchAppend,
} from "./append-handlers.js";
import { InMemoryLog } from "./in-memory-log.js";
import {
  serverFeaturesGrpc,
  serverFeaturesPb,
  streamsGrpc,
  type AppendReq,
  type AppendResp,
  type BatchAppendReq,
  type BatchAppendResp,
  type ReadReq,
  type ReadResp,
} from "./protocol.js";
import { handleRead } from "./read-handler.js";

export interface KurrentDbTestServerOptions {
  /** TCP port on 127.0.0.1; default 0, which picks a free port. */
  port?: number;
  /**
   * Whether `ServerFeatures` lists `Streams/BatchAppend`, so that the client
   * appends through it as it does with real servers; default true. With
   * false the client uses `Streams/Append`.
   */
  batchAppend?: boolean;
}

/** Version the test server reports; the client reads it only for logging. */
const REPORTED_SERVER_VERSION = "24.10.0";
const STREAMS_SERVICE = "event_store.client.streams.Streams";
const FEATURES_SERVICE = "event_store.client.server_features.ServerFeatures";
/** Stream and type of the system event the test server writes at each start. */
const START_STREAM = "$test-server-starts";
const START_EVENT_TYPE = "$TestServerStarted";
const BIND_ATTEMPTS = 20;

const BIND_RETRY_MS = 50;

export class KurrentDbTestServer {
  /** The events, kept across `stop()` and `start()`. */
  readonly log = new InMemoryLog();
  /**
   * Fault injection: while true, appends fail with gRPC UNAVAILABLE and store
   * nothing, as when a server cannot reach its quorum; reads still work.
   */
  rejectAppends = false;
  private server: Server | undefined;
  private boundPort: number;
  private readonly batchAppend: boolean;

  private constructor(options: KurrentDbTestServerOptions) {
    this.boundPort = options.port ?? 0;
    this.batchAppend = options.batchAppend ?? true;
  }

  /** Creates a server and starts it on 127.0.0.1. */
  static async create(
    options: KurrentDbTestServerOptions = {},
  ): Promise<KurrentDbTestServer> {
    const server = new KurrentDbTestServer(options);
    await server.start();
    return server;
  }

  get port(): number {
    return this.boundPort;
  }

  get running(): boolean {
    return this.server !== undefined;
  }

  /**
   * Connection string for the client: plain text (the real server needs TLS
   * by default) and a 1 ms discovery interval, without which the client's
   * first read waits 500 ms.
   */
  get connectionString(): string {
    return `kurrentdb://127.0.0.1:${this.boundPort}?tls=false&discoveryInterval=1`;
  }

  /**
   * Starts listening, on the same port as before after a `stop()`, and
   * writes a system event as a real server's start does.
   */
  async start(): Promise<void> {
    if (this.server) return;
    const server = new Server();
    server.addService(streamsGrpc.StreamsService, {
      read: (call: ServerWritableStream<ReadReq, ReadResp>) =>
        handleRead(this.log, call),
      append: (
        call: ServerReadableStream<AppendReq, AppendResp>,
        callback: sendUnaryData<AppendResp>,
      ) =>
        this.rejectAppends
          ? callback(APPENDS_REJECTED)
          : handleAppend(this.log, call, callback),
      batchAppend: (
        call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>,
      ) => handleBatchAppend(this.log, call, () => this.rejectAppends),
    });
    server.addService(serverFeaturesGrpc.ServerFeaturesService, {
      getSupportedMethods: (
        _call: ServerUnaryCall<unknown, unknown>,
        callback: sendUnaryData<unknown>,
      ) => callback(null, this.supportedMethods()),
    });
    this.boundPort = await bindWithRetry(server, this.boundPort);
    this.server = server;
    this.writeStartEvent();
  }

  /**
   * Drops every connection at once and stops listening, like a crashed
   * server; the events stay for the next `start()`.
   */
  stop(): void {
    this.server?.forceShutdown();
    this.server = undefined;
  }

  private writeStartEvent(): void {
    const data = Buffer.from(JSON.stringify({ port: this.boundPort }));
    this.log.append(START_STREAM, { kind: "any" }, [
      {
        eventId: crypto.randomUUID(),
        type: START_EVENT_TYPE,
        contentType: "application/json",
        data,
        customMetadata: new Uint8Array(),
      },
    ]);
  }

  private supportedMethods(): InstanceType<
    typeof serverFeaturesPb.SupportedMethods
  > {
    const methods = [
      [STREAMS_SERVICE, "Read"],
      [STREAMS_SERVICE, "Append"],
      ...(this.batchAppend ? [[STREAMS_SERVICE, "BatchAppend"]] : []),
      [FEATURES_SERVICE, "GetSupportedMethods"],
    ];
    const supported = new serverFeaturesPb.SupportedMethods();
    supported.setEventStoreServerVersion(REPORTED_SERVER_VERSION);
    for (const [service, method] of methods) {
      supported.addMethods(
        new serverFeaturesPb.SupportedMethod()
          .setServiceName(service!)
          .setMethodName(method!),
      );
    }
    return supported;
  }
}

/** Binds to 127.0.0.1, retrying while a just-closed port is still in use. */
async function bindWithRetry(server: Server, port: number): Promise<number> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await new Promise<number>((resolve, reject) =>
        server.bindAsync(
          `127.0.0.1:${port}`,
          ServerCredentials.createInsecure(),
          (error, bound) => (error ? reject(error) : resolve(bound)),
        ),
      );
    } catch (error) {
      if (attempt >= BIND_ATTEMPTS || port === 0) throw error;
      await new Promise((resolve) => setTimeout(resolve, BIND_RETRY_MS));
    }
  }
}
