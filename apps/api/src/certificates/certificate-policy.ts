import type { CertificatePolicy } from "../../../../libs/domain/src/index.js";
import type { CertificateConfig } from "../config/app-config.js";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Builds the policy: the backoff doubles from the configured first wait.
 * Renewal starts a third of the lifetime before expiry, and at most the
 * configured number of days before it, so 90-day certificates renew 30 days ahead.
 */
export function certificatePolicyFrom(
  config: CertificateConfig,
): CertificatePolicy {
  return {
    maxAttempts: config.maxAttempts,
    backoffMs: (failures) =>
      config.retryBackoffMs * 2 ** Math.max(0, failures - 1),
    renewAt: (notBefore, notAfter) => {
      const lifetime = notAfter.getTime() - notBefore.getTime();
      const ahead = Math.min(lifetime / 3, config.renewBeforeMaxDays * DAY_MS);
      return new Date(notAfter.getTime() - ahead);
    },
  };
}
