import { Type } from "class-transformer";
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from "class-validator";
import { IsQuantity } from "./is-quantity.js";

/** One entry of `PATCH /apps/{app}/formation`; `heroku ps:scale` sends the quantity as a string. */
export class FormationUpdateDto {
  @IsString()
  @MaxLength(30)
  type!: string;

  /** Absolute (`2`, `"2"`) or relative (`"+1"`, `"-1"`). */
  @IsOptional()
  @IsQuantity()
  quantity?: string | number;

  @IsOptional()
  @IsString()
  @MaxLength(30)
  size?: string;
}

export class UpdateFormationDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => FormationUpdateDto)
  updates!: FormationUpdateDto[];
}

/** Body of `PATCH /apps/{app}/formation/{type}`. */
export class UpdateProcessTypeDto {
  @IsOptional()
  @IsQuantity()
  quantity?: string | number;

  @IsOptional()
  @IsString()
  @MaxLength(30)
  size?: string;
}
