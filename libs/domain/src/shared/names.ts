import { invalid } from "./domain-error.js";

const APP_NAME = /^[a-z][a-z0-9-]{1,28}[a-z0-9]$/;
const RESOURCE_NAME = APP_NAME;
// A practical subset of RFC 5321 addresses: one @, no spaces, a dotted domain.
const EMAIL = /^[^\s@]{1,64}@[a-z0-9-]+(\.[a-z0-9-]+)+$/i;

/** App names: 3 to 30 lowercase letters, digits and dashes, starting with a letter and not ending with a dash. */
export function checkAppName(name: string): void {
  if (!APP_NAME.test(name)) {
    throw invalid(
      `Name ${JSON.stringify(name)} is invalid: use 3 to 30 lowercase letters, digits and dashes, starting with a letter and not ending with a dash.`,
    );
  }
}

/** Team and space names follow the app name rule. */
export function checkResourceName(
  resource: "team" | "space",
  name: string,
): void {
  if (!RESOURCE_NAME.test(name)) {
    throw invalid(
      `The ${resource} name ${JSON.stringify(name)} is invalid: use 3 to 30 lowercase letters, digits and dashes, starting with a letter and not ending with a dash.`,
    );
  }
}

export function normalizeEmail(email: string): string {
  const normalized = email.trim().toLowerCase();
  if (normalized.length > 254 || !EMAIL.test(normalized)) {
    throw invalid(
      `Email ${JSON.stringify(email)} is not a valid email address.`,
    );
  }
  return normalized;
}
