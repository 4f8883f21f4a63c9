import type { DomainSortField } from "../../../../libs/read-models/src/index.js";
import { PlatformError } from "../http/platform-error.js";

/** Page size when the request names none, and the largest page served. */
export const MAX_DOMAIN_PAGE = 1000;

/** A parsed `Range` header of a domain listing, such as `id ]<last id>..; max=1000`. */
export interface DomainRange {
  field: DomainSortField;
  /** First value to list, or null to start at the beginning. */
  start: string | null;
  /** Whether `start` itself is left out (`]` before it). */
  exclusive: boolean;
  /** Last value to list (inclusive), or null for no end. */
  end: string | null;
  max: number;
}

const HEADER = /^\s*(id|hostname)\s+(\]?)([^\s;]*)$/;

/**
 * Parses the `Range` header the Heroku CLI sends (`id ..; max=1000;`) and
 * the `Next-Range` values this API returns. No header lists from the start
 * with the largest page. `order=desc` is not supported.
 */
export function parseDomainRange(header: string | undefined): DomainRange {
  if (header === undefined || header.trim() === "") {
    return {
      field: "id",
      start: null,
      exclusive: false,
      end: null,
      max: MAX_DOMAIN_PAGE,
    };
  }
  const [bounds = "", ...options] = header.split(";");
  const match = HEADER.exec(bounds.trim());
  const separator = match?.[3]?.indexOf("..") ?? -1;
  if (!match || separator < 0) throw invalidRange(header);

  const values = match[3] ?? "";
  const start = values.slice(0, separator);
  const end = values.slice(separator + 2);
  return {
    field: match[1] as DomainSortField,
    start: start === "" ? null : start,
    exclusive: match[2] === "]",
    end: end === "" ? null : end,
    max: parseOptions(header, options),
  };
}

/** Builds the `Next-Range` value that continues after `lastValue`. */
export function nextRange(range: DomainRange, lastValue: string): string {
  return `${range.field} ]${lastValue}..${range.end ?? ""}; max=${range.max}`;
}

function parseOptions(header: string, options: string[]): number {
  let max = MAX_DOMAIN_PAGE;
  for (const option of options.map((text) => text.trim())) {
    if (option === "") continue;
    const [key, value = ""] = option.split("=").map((part) => part.trim());
    if (key === "max") {
      if (!/^\d+$/.test(value) || Number(value) < 1) throw invalidRange(header);
      max = Math.min(Number(value), MAX_DOMAIN_PAGE);
    } else if (key !== "order" || value !== "asc") {
      throw invalidRange(header);
    }
  }
  return max;
}

function invalidRange(header: string): PlatformError {
  return new PlatformError(
    400,
    "bad_request",
    `Range header ${JSON.stringify(header)} is invalid: use "id ..; max=1000" or "id ]<last id>..; max=1000" (hostname works in place of id; max is 1 to ${MAX_DOMAIN_PAGE}).`,
  );
}
