import { BadRequestException, type PipeTransform } from '@nestjs/common';
import { describeZodError } from '@plantao/shared';
import type { z } from 'zod';

/**
 * Validates a REST body or query with a shared schema: 400 naming the failing
 * field, and the handler only ever sees parsed, typed data.
 */
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.infer<S> {
    const result = this.schema.safeParse(value);
    if (!result.success) throw new BadRequestException(describeZodError(result.error));
    return result.data;
  }
}
