import { AsyncLocalStorage } from "node:async_hooks";

/** Per-request values that log lines pick up without passing them around. */
export interface RequestScope {
  requestId: string;
}

export const requestScope = new AsyncLocalStorage<RequestScope>();
