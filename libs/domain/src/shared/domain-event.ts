/**
 * A stored fact: a stable past-tense `type` string and a JSON-safe `data`
 * object. Class names never become stored identities.
 */
export interface DomainEvent<TType extends string, TData extends object> {
  readonly type: TType;
  readonly data: TData;
}

/** Current schema version of every event type; bump it together with an upcaster. */
export const EVENT_SCHEMA_VERSION = 1;

/** Closes a switch over a union so that a new member fails to compile. */
export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
