/** An error body in the Platform API's form. */
export interface PlatformErrorBody {
  id: string;
  message: string;
  resource?: string;
}

/** An HTTP failure the API returns in the Platform API's form. */
export class PlatformError extends Error {
  constructor(
    readonly status: number,
    readonly id: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "PlatformError";
  }

  static unauthorized(): PlatformError {
    return new PlatformError(
      401,
      "unauthorized",
      "Invalid credentials provided.",
    );
  }

  static invalid(message: string): PlatformError {
    return new PlatformError(422, "invalid_params", message);
  }

  static notFound(resource: string): PlatformError {
    return new PlatformError(
      404,
      "not_found",
      `Couldn't find that ${resource}.`,
    );
  }
}
