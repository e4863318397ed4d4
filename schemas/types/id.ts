import { decoder } from './cell';

const ID = /^[A-Za-z0-9_/-]{1,36}$/;

/**
 * Normalises an identifier as it is compared and pseudonymised (datasets.md §3): upper
 * case, hyphens removed (`c-1`, `C1` and `C-1` are the same id).
 */
export function normaliseId(text: string): string {
  return text.replace(/-/g, '').toUpperCase();
}

/** `id`: 1–36 characters of `A-Z a-z 0-9 - _ /`; stored normalised. */
export const id = decoder('R002', 'Not an identifier: 1 to 36 letters, digits, hyphens, underscores or slashes.', (text) =>
  ID.test(text) ? normaliseId(text) : undefined,
);
