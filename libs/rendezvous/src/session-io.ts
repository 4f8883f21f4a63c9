import type { Socket } from "node:net";
import { StringDecoder } from "node:string_decoder";

/** End of transmission: the Heroku CLI sends it when its piped stdin ends. */
export const END_OF_TRANSMISSION = "\u0004";

/** Input and output of one attached rendezvous session, for the dyno's process. */
export interface SessionIO {
  /**
   * Sends output to the client. Resolves once the data is flushed to the
   * socket, or at once when the client is gone.
   */
  write(data: string | Uint8Array): Promise<void>;
  /**
   * Client input decoded as UTF-8. It ends at the first EOT (`\u0004`) or
   * when the client disconnects. Only one consumer can iterate it.
   */
  readonly input: AsyncIterable<string>;
  /** Aborted when the client disconnects before the session ends. */
  readonly signal: AbortSignal;
  /** Ends the session early: flushes pending output and closes the connection. */
  close(): void;
}

/** Queued input above which the socket is paused until the consumer catches up. */
const INPUT_HIGH_WATER_MARK = 64 * 1024;

/** `SessionIO` over the socket of an accepted rendezvous connection. */
export class SocketSessionIO implements SessionIO {
  readonly input: AsyncIterable<string>;
  /** Resolves when input ends, whether or not anyone consumes it. */
  readonly inputEnded: Promise<void>;
  private resolveInputEnded: () => void = () => undefined;
  private readonly decoder = new StringDecoder("utf8");
  private readonly queue: string[] = [];
  private queuedLength = 0;
  private inputComplete = false;
  private iterated = false;
  private pausedByInput = false;
  private finished = false;
  private wake: (() => void) | undefined;
  private readonly abortController = new AbortController();

  constructor(
    private readonly socket: Socket,
    private readonly closeSocket: () => void,
  ) {
    this.inputEnded = new Promise(
      (resolve) => (this.resolveInputEnded = resolve),
    );
    this.input = {
      [Symbol.asyncIterator]: () => {
        if (this.iterated) throw new Error("Session input is already consumed");
        this.iterated = true;
        return this.readInput();
      },
    };
    socket.on("data", (chunk: Buffer) => this.receive(chunk));
    socket.once("end", () => this.endInput());
    const onClose = () => {
      this.endInput();
      if (!this.finished) this.abortController.abort();
    };
    if (socket.destroyed) onClose();
    else socket.once("close", onClose);
  }

  get signal(): AbortSignal {
    return this.abortController.signal;
  }

  /** Adds bytes that the client sent, up to the first EOT. */
  receive(chunk: Buffer): void {
    if (this.inputComplete) return;
    const text = this.decoder.write(chunk);
    const endIndex = text.indexOf(END_OF_TRANSMISSION);
    this.enqueue(endIndex === -1 ? text : text.slice(0, endIndex));
    if (endIndex !== -1) this.endInput();
  }

  write(data: string | Uint8Array): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.destroyed || !this.socket.writable) {
        resolve();
        return;
      }
      // An error also reaches the socket's "error" listener, so the
      // callback only needs to resume the writer.
      this.socket.write(data, () => resolve());
    });
  }

  close(): void {
    this.finished = true;
    this.endInput();
    this.closeSocket();
  }

  private enqueue(text: string): void {
    if (text === "") return;
    this.queue.push(text);
    this.queuedLength += text.length;
    if (this.queuedLength > INPUT_HIGH_WATER_MARK && !this.pausedByInput) {
      this.pausedByInput = true;
      this.socket.pause();
    }
    this.notify();
  }

  private endInput(): void {
    if (this.inputComplete) return;
    this.inputComplete = true;
    this.resolveInputEnded();
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private async *readInput(): AsyncGenerator<string, void, undefined> {
    for (;;) {
      const text = this.queue.shift();
      if (text !== undefined) {
        this.queuedLength -= text.length;
        if (this.pausedByInput && this.queuedLength <= INPUT_HIGH_WATER_MARK) {
          this.pausedByInput = false;
          this.socket.resume();
        }
        yield text;
        continue;
      }
      if (this.inputComplete) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}
