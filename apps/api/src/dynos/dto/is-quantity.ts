import { registerDecorator, type ValidationArguments } from "class-validator";

/** Accepts an integer, or a string holding one with an optional + or - sign. */
export function IsQuantity(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: "isQuantity",
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) =>
          (typeof value === "number" && Number.isInteger(value)) ||
          (typeof value === "string" && /^[+-]?\d{1,4}$/.test(value.trim())),
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? "quantity"} must be a whole number such as 2, or a change such as "+1" or "-1"`,
      },
    });
}
