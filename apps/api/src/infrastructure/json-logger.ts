import type { LoggerService, LogLevel } from "@nestjs/common";
import { requestScope } from "./request-scope.js";

const ORDER: LogLevel[] = ["fatal", "error", "warn", "log", "debug", "verbose"];

/**
 * Writes one JSON object per line to stdout: time, level, context, message,
 * the current request id when there is one, and the stack for errors.
 */
export class JsonLogger implements LoggerService {
  private maxIndex: number;

  constructor(
    level: LogLevel = "log",
    private readonly output: NodeJS.WritableStream = process.stdout,
  ) {
    this.maxIndex = ORDER.indexOf(level);
  }

  setLogLevels(levels: LogLevel[]): void {
    this.maxIndex = Math.max(...levels.map((level) => ORDER.indexOf(level)));
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.write("log", message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write("error", message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write("warn", message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write("debug", message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write("verbose", message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write("fatal", message, rest);
  }

  private write(level: LogLevel, message: unknown, rest: unknown[]): void {
    if (ORDER.indexOf(level) > this.maxIndex) return;
    // Nest passes the context as the last string argument, and for errors the stack before it.
    const context =
      typeof rest.at(-1) === "string" ? (rest.pop() as string) : undefined;
    const stack =
      level === "error" || level === "fatal"
        ? rest.find((item) => typeof item === "string")
        : undefined;
    const line: Record<string, unknown> = {
      time: new Date().toISOString(),
      level,
      context,
      message: message instanceof Error ? message.message : message,
      requestId: requestScope.getStore()?.requestId,
    };
    if (message instanceof Error) line.stack = message.stack;
    else if (stack) line.stack = stack;
    this.output.write(`${JSON.stringify(line)}\n`);
  }
}
