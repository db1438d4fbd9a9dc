import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as alerts from './alerts';
import * as auth from './auth';
import * as conversations from './conversations';
import { describeZodError, zodErrorDetails } from './errors';
import * as escalation from './escalation';
import * as patients from './patients';
import * as userLifecycle from './user-lifecycle';
import * as users from './users';

/** Every REST request body schema of shared/src/rest (by the `…RequestSchema` naming convention). */
const requestSchemas = Object.entries({
  ...alerts,
  ...auth,
  ...conversations,
  ...escalation,
  ...patients,
  ...userLifecycle,
  ...users,
}).filter(([name, value]) => name.endsWith('RequestSchema') && value instanceof z.ZodType) as [string, z.ZodType][];

/** Object schemas that accept unknown keys, anywhere inside `schema` (free-form `z.record`/`z.unknown` values are not objects). */
function lenientObjects(schema: z.ZodType, path: string): string[] {
  if (schema instanceof z.ZodObject) {
    const catchall = schema.def.catchall;
    const here = catchall instanceof z.ZodNever ? [] : [path || '(body)'];
    return [
      ...here,
      ...Object.entries(schema.shape as Record<string, z.ZodType>).flatMap(([key, value]) =>
        lenientObjects(value, path ? `${path}.${key}` : key),
      ),
    ];
  }
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodDefault) {
    return lenientObjects(schema.def.innerType as z.ZodType, path);
  }
  if (schema instanceof z.ZodArray) return lenientObjects(schema.def.element as z.ZodType, `${path}[]`);
  if (schema instanceof z.ZodPipe) return lenientObjects(schema.def.in as z.ZodType, path);
  return [];
}

describe('REST request bodies (issue #11: unknown fields are refused, naming the field)', () => {
  it('finds the request schemas', () => {
    expect(requestSchemas.map(([name]) => name)).toEqual(
      expect.arrayContaining(['CreateAlertRequestSchema', 'CreatePatientRequestSchema', 'IngestMessageRequestSchema']),
    );
  });

  it.each(requestSchemas)('%s is strict at every level', (_name, schema) => {
    expect(lenientObjects(schema, '')).toEqual([]);
  });

  it('names an unknown key as a field of its own, nested keys by their path', () => {
    const result = patients.CreatePatientRequestSchema.safeParse({ name: 'Ana', phon: '5511987654321' });
    expect(result.success).toBe(false);
    expect(zodErrorDetails(result.error!)).toEqual([{ field: 'phon', message: 'unknown field' }]);
    expect(describeZodError(result.error!)).toBe('phon: unknown field');

    const nested = z.strictObject({ a: z.strictObject({ b: z.number() }) }).safeParse({ a: { b: 'x', c: 1 } });
    expect(zodErrorDetails(nested.error!).map((d) => d.field)).toEqual(['a.b', 'a.c']);
  });

  it('keeps the familiar "field: problem" message for every other failure', () => {
    const result = alerts.CreateAlertRequestSchema.safeParse({
      patientId: 'p1',
      patientName: '',
      type: 'x',
      severity: 'urgent',
      message: 'm',
    });
    expect(zodErrorDetails(result.error!).map((d) => d.field)).toEqual(['patientName', 'severity']);
    expect(describeZodError(result.error!)).toMatch(/^patientName: .+; severity: .+$/);
  });
});
