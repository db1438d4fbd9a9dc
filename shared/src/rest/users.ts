import { z } from 'zod';
import { RoleSchema } from '../auth/claims';

export const CreateUserRequestSchema = z.object({
  email: z.email().max(320),
  password: z.string().min(8).max(1024),
  name: z.string().trim().min(1).max(200),
  role: RoleSchema,
});
export type CreateUserRequest = z.infer<typeof CreateUserRequestSchema>;

export const UserResponseSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: RoleSchema,
});
export type UserResponse = z.infer<typeof UserResponseSchema>;
