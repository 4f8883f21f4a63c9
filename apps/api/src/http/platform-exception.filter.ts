import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Inject,
  NotFoundException,
  Logger,
} from "@nestjs/common";
import type { FastifyReply, FastifyRequest } from "fastify";
import { DomainError } from "../../../../libs/domain/src/index.js";
import { EventStoreUnavailableError } from "../../../../libs/event-store/src/index.js";
import { ConcurrentChangeError } from "../infrastructure/concurrent-change.error.js";
import { ReadModelsBehindError } from "../infrastructure/read-models-behind.error.js";
import { APP_CONFIG, type AppConfig } from "../config/app-config.js";
import { PlatformError } from "./platform-error.js";
import { ValidationFailedError } from "./validation.js";

const DOMAIN_STATUS: Record<
  DomainError["kind"],
  { status: number; id: string }
> = {
  invalid_params: { status: 422, id: "invalid_params" },
  name_taken: { status: 422, id: "invalid_params" },
  not_found: { status: 404, id: "not_found" },
  forbidden: { status: 403, id: "forbidden" },
  conflict: { status: 409, id: "conflict" },
};

/** Maps every error to the Platform API's `{id, message}` body and status. */
@Catch()
export class PlatformExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(PlatformExceptionFilter.name);

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const mapped = this.map(error, request);

    for (const [name, value] of Object.entries(mapped.headers))
      reply.header(name, value);
    void reply
      .status(mapped.status)
      .header("content-type", "application/json; charset=utf-8")
      .send(mapped.body);
  }

  private map(
    error: unknown,
    request: FastifyRequest,
  ): {
    status: number;
    body: Record<string, unknown>;
    headers: Record<string, string>;
  } {
    if (error instanceof PlatformError) {
      return {
        status: error.status,
        body: { id: error.id, message: error.message },
        headers: error.headers,
      };
    }
    if (error instanceof DomainError) {
      const { status, id } = DOMAIN_STATUS[error.kind];
      const body: Record<string, unknown> = { id, message: error.message };
      if (error.resource) body.resource = error.resource;
      return { status, body, headers: {} };
    }
    if (error instanceof ValidationFailedError) {
      return {
        status: 422,
        body: { id: "invalid_params", message: error.message },
        headers: {},
      };
    }
    if (error instanceof ConcurrentChangeError) {
      return {
        status: 409,
        body: { id: "conflict", message: error.message },
        headers: {},
      };
    }
    if (
      error instanceof ReadModelsBehindError ||
      error instanceof EventStoreUnavailableError
    ) {
      this.logger.warn(
        `Request ${request.id} rejected with 503: ${error.message}`,
      );
      // The store's own message may name its address, so callers get a fixed text.
      const message =
        error instanceof EventStoreUnavailableError
          ? "The event store is unavailable; nothing was changed. Retry in a moment."
          : "The control plane is catching up with recent changes; retry in a moment.";
      return {
        status: 503,
        body: { id: "unavailable", message },
        headers: { "retry-after": "1" },
      };
    }
    if (error instanceof NotFoundException) {
      return {
        status: 404,
        body: {
          id: "not_found",
          message: `The requested API endpoint was not found: ${request.method} ${request.url.split("?")[0]}. Check the HTTP method and path.`,
        },
        headers: {},
      };
    }
    if (error instanceof HttpException) {
      // Nest turns Fastify's body parsing failures into plain HTTP exceptions.
      const status = error.getStatus();
      return {
        status,
        body: {
          id: idForStatus(status),
          message: this.describeHttp(status, error),
        },
        headers: {},
      };
    }
    this.logger.error(
      `Request ${request.id} ${request.method} ${request.url} failed: ${describe(error)}`,
      error instanceof Error ? error.stack : undefined,
    );
    return {
      status: 500,
      body: {
        id: "internal_server_error",
        message: `An internal error occurred. Quote request id ${request.id} when reporting it.`,
      },
      headers: {},
    };
  }

  private describeHttp(status: number, error: HttpException): string {
    if (status === 400)
      return `The request body is not valid JSON: ${error.message}.`;
    if (status === 413) {
      return `The request body is larger than the limit of ${this.config.bodyLimitBytes} bytes.`;
    }
    if (status === 415) {
      return "Send the request body as JSON with Content-Type: application/json.";
    }
    return error.message;
  }
}

function idForStatus(status: number): string {
  if (status === 404) return "not_found";
  if (status === 403) return "forbidden";
  if (status === 401) return "unauthorized";
  if (status === 413) return "request_entity_too_large";
  if (status === 415) return "unsupported_media_type";
  if (status === 409) return "conflict";
  if (status < 500) return "bad_request";
  return "internal_server_error";
}

function describe(error: unknown): string {
  return error instanceof Error
    ? `${error.name}: ${error.message}`
    : String(error);
}
