/**
 * Placeholder so that `cdk synth` can bundle the report function; the lead replaces it
 * with the real handler.
 */
export const handler = async (): Promise<never> => {
  throw new Error('not wired yet');
};
