import { z } from 'zod';

/**
 * Machine-readable reasons a REST error may carry in `code`, beside the
 * human `message`, so an integration can act on a refusal without parsing text.
 */
export const RestErrorCode = {
  /** 400: the body, query or path failed its schema (`details` names each field, unknown keys included). */
  InvalidPayload: 'invalid_payload',
  /** 422: `POST /api/alerts` names a patient this hospital does not have (`patientId`). */
  UnknownPatient: 'unknown_patient',
  /** 422: `POST /api/alerts` names the patient differently from the record (`patientName`, `metadata.bed`). */
  PatientMismatch: 'patient_mismatch',
  /** 409: `POST /api/patients` with a phone another patient of the hospital already has (`phone`). */
  PhoneInUse: 'phone_in_use',
  /** 409: `POST /api/patients` with an `id` that exists. */
  PatientExists: 'patient_exists',
  /** 503: the database is unreachable or busy; retry after `Retry-After` seconds. */
  DatabaseUnavailable: 'database_unavailable',
} as const;
export type RestErrorCode = (typeof RestErrorCode)[keyof typeof RestErrorCode];

/** One failing field: its dotted path in the body (`metadata.bed`), or `(body)` for the body as a whole. */
export const FieldErrorSchema = z.object({ field: z.string(), message: z.string() });
export type FieldError = z.infer<typeof FieldErrorSchema>;

/** Every REST error body (contract v1), with the additions `code` and `details`. */
export const ErrorResponseSchema = z.object({
  statusCode: z.number().int(),
  error: z.string(),
  message: z.string(),
  /** A `RestErrorCode` where the server has one (absent on plain 401/403/404). */
  code: z.string().optional(),
  /** The fields at fault, when the error is about fields. */
  details: z.array(FieldErrorSchema).optional(),
});
export type ErrorResponse = z.infer<typeof ErrorResponseSchema>;

/**
 * Each failing field and why. An unknown key becomes one entry named after
 * the key itself (`phon: unknown field`), so a misspelling is pointed at.
 */
export function zodErrorDetails(error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: [...issue.path, key].map(String).join('.'), message: 'unknown field' }));
    }
    return [{ field: issue.path.length ? issue.path.map(String).join('.') : '(body)', message: issue.message }];
  });
}

/** "field: problem; field: problem" — names the failing field, as the contract asks. */
export function describeZodError(error: z.ZodError): string {
  return zodErrorDetails(error)
    .map((detail) => `${detail.field}: ${detail.message}`)
    .join('; ');
}
