/** Typed environment getters for the Lambda handlers: a missing setting fails at cold start. */
export class ConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigurationError';
  }
}

/** The value of a required environment variable. */
export function requiredEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (!value) throw new ConfigurationError(`Environment variable ${name} is not set; the stack in infra/ sets it.`);
  return value;
}
