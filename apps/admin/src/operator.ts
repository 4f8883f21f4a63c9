import { randomUUID } from "node:crypto";

/** The actor recorded on events that operator commands append. */
export const OPERATOR = { id: "operator", email: "operator" } as const;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** Output of an operator command: lines for stdout, the last one machine-readable where it matters. */
export type CommandOutput = string[];

export function newRequestId(): string {
  return randomUUID();
}
