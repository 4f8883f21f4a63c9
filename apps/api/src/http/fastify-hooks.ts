import { randomUUID } from "node:crypto";
import { Logger } from "@nestjs/common";
import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
} from "fastify";
import { requestScope } from "../infrastructure/request-scope.js";
import type { AuthenticatedRequest } from "./request-actor.js";

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,200}$/;

/**
 * Uses the first id of the client's `Request-Id` list (the Heroku CLI puts
 * the newest first and resends it on connection retries), or a new UUID.
 */
export function requestIdFrom(request: {
  headers: Record<string, string | string[] | undefined>;
}): string {
  const header = request.headers["request-id"];
  const first = (Array.isArray(header) ? header[0] : header)
    ?.split(",")[0]
    ?.trim();
  return first && REQUEST_ID.test(first) ? first : randomUUID();
}

/** Request ids on every response, one log line per request, and Platform API errors for failures Fastify raises before routing. */
export function installFastifyHooks(fastify: FastifyInstance): void {
  const logger = new Logger("HttpRequest");

  fastify.addHook("onRequest", (request, reply, done) => {
    void reply.header("Request-Id", String(request.id));
    requestScope.enterWith({ requestId: String(request.id) });
    done();
  });

  fastify.addHook(
    "onResponse",
    (request: FastifyRequest, reply: FastifyReply, done) => {
      const actor = (request as AuthenticatedRequest).actor;
      logger.log(
        `${request.method} ${request.routeOptions.url ?? request.url.split("?")[0]} ${reply.statusCode} ${reply.elapsedTime.toFixed(1)}ms actor=${actor?.accountId ?? "-"}`,
      );
      done();
    },
  );

  fastify.setErrorHandler((error: FastifyError, request, reply) => {
    const { status, id, message } = describeFastifyError(error);
    if (status >= 500)
      logger.error(
        `Request ${request.id} failed before routing: ${error.message}`,
        error.stack,
      );
    void reply
      .status(status)
      .header("content-type", "application/json; charset=utf-8")
      .send({ id, message });
  });
}

function describeFastifyError(error: FastifyError): {
  status: number;
  id: string;
  message: string;
} {
  switch (error.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return {
        status: 413,
        id: "request_entity_too_large",
        message: "The request body is too large.",
      };
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return {
        status: 415,
        id: "unsupported_media_type",
        message:
          "Send request bodies as JSON with Content-Type: application/json.",
      };
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return {
        status: 400,
        id: "bad_request",
        message: "The request declares a JSON body but sends none.",
      };
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return {
        status: 400,
        id: "bad_request",
        message: "The Content-Length header does not match the body.",
      };
    default:
      if (error instanceof SyntaxError || error.statusCode === 400) {
        return {
          status: 400,
          id: "bad_request",
          message: `The request body is not valid JSON: ${error.message}`,
        };
      }
      return {
        status:
          error.statusCode && error.statusCode >= 400 ? error.statusCode : 500,
        id: "internal_server_error",
        message: "An internal error occurred.",
      };
  }
}
