import { ArrayMaxSize, IsArray, IsString } from "class-validator";

/** Body of `PATCH /teams/apps/{app}/collaborators/{user}`. */
export class UpdateCollaboratorDto {
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  permissions!: string[];
}
