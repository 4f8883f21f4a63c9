/**
 * Prefixes of every stream the product writes, so that a log shared with
 * other writers (KurrentDB's `$all`) can be narrowed to the product's events.
 * Aggregate streams are `<kind>-<id>` and reservation streams
 * `<reservation kind>-<name>`; a spec checks each stream-id function of the
 * domain against this list. Add the prefix of a new stream kind here.
 */
export const STREAM_PREFIXES: readonly string[] = [
  "account-",
  "team-",
  "space-",
  "app-",
  "dyno-",
  "custom-domain-",
  "sni-endpoint-",
  "certificate-",
  // Reservation streams; some are covered by a shorter prefix above, and
  // are listed so that every stream kind appears by name.
  "app-name-",
  "team-name-",
  "space-name-",
  "account-email-",
  "hostname-",
  "sni-endpoint-name-",
];
