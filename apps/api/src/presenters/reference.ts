import { uuidFrom } from "../infrastructure/command-context.js";

/** A `{id, name}` reference for fixed catalogues (regions, stacks, generations) with stable ids. */
export function namedRef(
  kind: string,
  name: string,
): { id: string; name: string } {
  return { id: uuidFrom(kind, name), name };
}
