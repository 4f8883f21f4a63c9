import {
  accountStream,
  appStream,
  certificateStream,
  customDomainStream,
  dynoStream,
  reservationStream,
  sniEndpointStream,
  spaceStream,
  STREAM_PREFIXES,
  teamStream,
  type ReservationKind,
} from "../src/index.js";

/** Every reservation kind; the record type fails to compile when a kind is missing. */
const RESERVATION_KINDS: Record<ReservationKind, true> = {
  "app-name": true,
  "team-name": true,
  "space-name": true,
  "account-email": true,
  hostname: true,
  "sni-endpoint-name": true,
};

function hasKnownPrefix(streamId: string): boolean {
  return STREAM_PREFIXES.some((prefix) => streamId.startsWith(prefix));
}

describe("STREAM_PREFIXES", () => {
  it.each([
    ["account", accountStream("id-1")],
    ["team", teamStream("id-1")],
    ["space", spaceStream("id-1")],
    ["app", appStream("id-1")],
    ["dyno", dynoStream("id-1")],
    ["custom domain", customDomainStream("id-1")],
    ["sni endpoint", sniEndpointStream("id-1")],
    ["certificate", certificateStream("id-1")],
  ])("covers %s streams", (_kind, streamId) => {
    expect(hasKnownPrefix(streamId)).toBe(true);
  });

  it.each(Object.keys(RESERVATION_KINDS) as ReservationKind[])(
    "names reservation kind %s",
    (kind) => {
      expect(STREAM_PREFIXES).toContain(`${kind}-`);
      expect(hasKnownPrefix(reservationStream(kind, "name"))).toBe(true);
    },
  );

  it("excludes system streams", () => {
    expect(hasKnownPrefix("$all")).toBe(false);
    expect(hasKnownPrefix("$$app-1")).toBe(false);
  });
});
