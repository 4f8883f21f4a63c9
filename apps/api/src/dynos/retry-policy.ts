import type { RetryPolicy } from "../../../../libs/domain/src/index.js";
import type { DynoConfig } from "../config/app-config.js";

/** Exponential backoff: the configured wait before attempt 2, doubled for each later attempt. */
export function retryPolicyFrom(config: DynoConfig): RetryPolicy {
  return {
    maxAttempts: config.maxAttempts,
    backoffMs: (attempt) =>
      config.retryBackoffMs * 2 ** Math.max(0, attempt - 2),
    attemptTimeoutMs: config.attemptTimeoutMs,
  };
}
