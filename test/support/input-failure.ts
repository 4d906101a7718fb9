import { InputError } from '../../src/errors/classes.js';

/** The field and reason of the InputError `fn` throws; fails the test when it throws none. */
export const failure = (fn: () => unknown): { field: string; reason: string } => {
  try {
    fn();
  } catch (err) {
    if (err instanceof InputError) return { field: err.field, reason: err.reason };
    throw err;
  }
  throw new Error('expected an InputError');
};
