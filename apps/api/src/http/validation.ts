import {
  type ArgumentMetadata,
  Injectable,
  type PipeTransform,
  ValidationPipe,
} from "@nestjs/common";
import type { ValidationError } from "class-validator";

/** A request body or parameter failed validation; returned as 422 `invalid_params`. */
export class ValidationFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ValidationFailedError";
  }
}

/**
 * Validates request bodies against their DTO classes: unknown fields and
 * wrong types are rejected, nothing is converted implicitly.
 */
@Injectable()
export class PlatformValidationPipe implements PipeTransform {
  private readonly inner = new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      new ValidationFailedError(describeErrors(errors)),
  });

  async transform(
    value: unknown,
    metadata: ArgumentMetadata,
  ): Promise<unknown> {
    if (
      metadata.type !== "body" ||
      !metadata.metatype ||
      metadata.metatype === Object
    ) {
      return value;
    }
    if (value === undefined || value === null) value = {};
    if (typeof value !== "object" || Array.isArray(value)) {
      throw new ValidationFailedError(
        "The request body must be a JSON object.",
      );
    }
    return this.inner.transform(value, metadata);
  }
}

function describeErrors(errors: ValidationError[], prefix = ""): string {
  const messages: string[] = [];
  for (const error of errors) {
    const path = `${prefix}${error.property}`;
    for (const [rule, text] of Object.entries(
      typeErrorsFirst(error.constraints ?? {}),
    )) {
      messages.push(
        rule === "whitelistValidation"
          ? `Unknown field ${path}.`
          : `${capitalize(text)}.`,
      );
    }
    if (error.children?.length)
      messages.push(describeErrors(error.children, `${path}.`));
  }
  return messages.join(" ");
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Rules that check a value's type, the container types first. When one
 * fails, the other rules on the value add nothing useful.
 */
const TYPE_RULES = [
  "isArray",
  "isObject",
  "nestedValidation",
  "isString",
  "isBoolean",
  "isInt",
  "isQuantity",
  "isIn",
];

function typeErrorsFirst(
  constraints: Record<string, string>,
): Record<string, string> {
  const rule = TYPE_RULES.find((candidate) => candidate in constraints);
  return rule ? { [rule]: constraints[rule] ?? "" } : constraints;
}
