import { decoder } from './cell';

/** `text`: any text, kept as sent (trimmed); never fails. */
export const text = decoder('R002', 'Not text.', (value) => value);
