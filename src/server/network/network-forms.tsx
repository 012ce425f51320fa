import type { FormErrors } from '../../ui/forms.js';
import { AppError } from '../http/errors.js';


type FailureStatus = 400 | 409 | 413;

/**
 * Runs a service call; when it refuses the input with field messages (400, 409, 413), hands them to
 * `rerender` so the form comes back with what the user typed and the reason, in their language.
 */
export async function onFieldErrors<T>(
  action: () => Promise<T>,
  rerender: (errors: FormErrors, status: FailureStatus) => Promise<Response>,
): Promise<T | Response> {
  try {
    return await action();
  } catch (error) {
    if (
      error instanceof AppError &&
      Object.keys(error.fields).length > 0 &&
      (error.status === 400 || error.status === 409 || error.status === 413)
    ) {
      return rerender(error.fields as FormErrors, error.status);
    }
    throw error;
  }
}
