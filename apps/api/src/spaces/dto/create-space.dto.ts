import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
} from "class-validator";

/** Body of `POST /spaces`, as `heroku spaces:create` sends it. */
export class CreateSpaceDto {
  @IsString()
  @MaxLength(100)
  name!: string;

  @IsString()
  @MaxLength(100)
  team!: string;

  /** Default `virginia`. */
  @IsOptional()
  @IsString()
  @MaxLength(50)
  region?: string;

  /** Default `cedar`. */
  @IsOptional()
  @IsIn(["cedar", "fir"])
  generation?: "cedar" | "fir";

  @IsOptional()
  @IsBoolean()
  shield?: boolean;

  /** Default 10.0.0.0/16. */
  @IsOptional()
  @IsString()
  @MaxLength(18)
  cidr?: string;

  /** Default 172.23.0.0/20. */
  @IsOptional()
  @IsString()
  @MaxLength(18)
  data_cidr?: string;

  /** Feature flags; none is supported yet, so the list must be empty. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  features?: string[];
}
