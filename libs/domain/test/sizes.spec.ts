import {
  canonicalDynoSize,
  defaultDynoSize,
  DomainError,
  type SizePlacement,
} from "../src/index.js";

const inSpace: SizePlacement = { inSpace: true, shield: false };
const inShieldSpace: SizePlacement = { inSpace: true, shield: true };
const outsideSpace: SizePlacement = { inSpace: false, shield: false };

const SPACE_SIZES = "Private-S, Private-M, Private-L";
const SHIELD_SPACE_SIZES = `${SPACE_SIZES}, Shield-S, Shield-M, Shield-L`;
const COMMON_RUNTIME_SIZES =
  "Eco, Basic, Standard-1X, Standard-2X, Performance-M, Performance-L";

/** Returns the error `decide` throws, or fails the test when it throws none. */
function rejectionOf(decide: () => unknown): DomainError {
  try {
    decide();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error("Expected a DomainError, but the call returned.");
}

function expectSizeRejected(
  requested: string,
  placement: SizePlacement,
  allowed: string,
): void {
  const error = rejectionOf(() => canonicalDynoSize(requested, placement));
  expect(error.kind).toBe("invalid_params");
  expect(error.message).toBe(
    `Dyno size ${JSON.stringify(requested)} is not available for this app: use ${allowed}.`,
  );
}

describe("in a space", () => {
  test("default size is Private-S", () => {
    expect(defaultDynoSize(inSpace)).toBe("Private-S");
  });

  test.each([
    ["Private-S", "Private-S"],
    ["private-m", "Private-M"],
    ["PRIVATE-L", "Private-L"],
    ["pRiVaTe-s", "Private-S"],
  ])("size %s becomes %s", (requested, canonical) => {
    expect(canonicalDynoSize(requested, inSpace)).toBe(canonical);
  });

  test.each([
    ["shield size", "Shield-S"],
    ["Common Runtime size", "Standard-1X"],
    ["eco size", "eco"],
    ["unknown size", "Private-XL"],
    ["padded size", " Private-S"],
    ["empty size", ""],
  ])("%s is rejected", (_case, requested) => {
    expectSizeRejected(requested, inSpace, SPACE_SIZES);
  });
});

describe("in a shield space", () => {
  test("default size is Private-S", () => {
    expect(defaultDynoSize(inShieldSpace)).toBe("Private-S");
  });

  test.each([
    ["shield-s", "Shield-S"],
    ["SHIELD-M", "Shield-M"],
    ["Shield-L", "Shield-L"],
    ["private-l", "Private-L"],
  ])("size %s becomes %s", (requested, canonical) => {
    expect(canonicalDynoSize(requested, inShieldSpace)).toBe(canonical);
  });

  test.each([
    ["Common Runtime size", "Performance-M"],
    ["unknown size", "Shield-XL"],
  ])("%s is rejected", (_case, requested) => {
    expectSizeRejected(requested, inShieldSpace, SHIELD_SPACE_SIZES);
  });
});

describe("outside a space", () => {
  test("default size is Standard-1X", () => {
    expect(defaultDynoSize(outsideSpace)).toBe("Standard-1X");
  });

  test.each([
    ["eco", "Eco"],
    ["BASIC", "Basic"],
    ["standard-1x", "Standard-1X"],
    ["Standard-2x", "Standard-2X"],
    ["performance-m", "Performance-M"],
    ["PERFORMANCE-L", "Performance-L"],
  ])("size %s becomes %s", (requested, canonical) => {
    expect(canonicalDynoSize(requested, outsideSpace)).toBe(canonical);
  });

  test.each([
    ["private size", "Private-S"],
    ["shield size", "Shield-S"],
    ["unknown size", "Standard-3X"],
  ])("%s is rejected", (_case, requested) => {
    expectSizeRejected(requested, outsideSpace, COMMON_RUNTIME_SIZES);
  });

  test("shield flag alone allows no shield size", () => {
    const shieldOutsideSpace = { inSpace: false, shield: true };
    expect(defaultDynoSize(shieldOutsideSpace)).toBe("Standard-1X");
    expectSizeRejected("Shield-S", shieldOutsideSpace, COMMON_RUNTIME_SIZES);
  });
});
