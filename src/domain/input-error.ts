/** A problem with what the client sent, found before any upstream call. */
export class InputError extends Error {
  override name = 'InputError';
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}
