/**
 * Failure kinds a decision can raise. The API maps each kind to one HTTP
 * status and Platform API error id.
 */
export type DomainErrorKind =
  "invalid_params" | "not_found" | "forbidden" | "conflict" | "name_taken";

/** An expected business failure: the command is rejected and nothing is appended. */
export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    /** The resource the error is about, such as `app`, `space` or `team`. */
    readonly resource?: string,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const invalid = (message: string): DomainError =>
  new DomainError("invalid_params", message);

export const notFound = (resource: string, message?: string): DomainError =>
  new DomainError(
    "not_found",
    message ?? `Couldn't find that ${resource}.`,
    resource,
  );

export const forbidden = (message: string): DomainError =>
  new DomainError("forbidden", message);

export const conflict = (message: string): DomainError =>
  new DomainError("conflict", message);
