import {
  IsBoolean,
  IsInt,
  IsObject,
  Min,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
} from "class-validator";

/** Body of `POST /apps/{app}/dynos`, as `heroku run` and `run:detached` send it. */
export class CreateDynoDto {
  @IsString()
  @MinLength(1)
  @MaxLength(4096)
  command!: string;

  @IsOptional()
  @IsBoolean()
  attach?: boolean;

  /** Environment for the process; the simulated process ignores it. */
  @IsOptional()
  @IsObject()
  env?: Record<string, unknown>;

  @IsOptional()
  @IsBoolean()
  force_no_tty?: boolean;

  @IsOptional()
  @IsString()
  @MaxLength(30)
  size?: string;

  /** Process type whose size a run defaults to; `run` when omitted. */
  @IsOptional()
  @IsString()
  @MaxLength(30)
  type?: string;

  /** Seconds the dyno may run; accepted and not enforced by the simulated driver. */
  @IsOptional()
  @IsInt()
  @Min(1)
  time_to_live?: number;
}
