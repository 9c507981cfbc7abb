// Every setting comes from the environment, validated once at start with a
// message naming the variable. The README's configuration table mirrors this.
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL').optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(20),
  DATA_DIR: z.string().default('./data/pglite'),
  /** The built client to serve; `npm start` builds it there when it is missing. */
  CLIENT_DIR: z.string().default('./dist'),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
  DEVICE_SESSION_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
  USER_SESSION_HOURS: z.coerce.number().int().min(1).max(720).default(12),
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  CHECKIN_RATE_LIMIT_PER_IP: z.coerce.number().int().min(1).default(5),
  CHECKIN_RATE_LIMIT_PER_CLINIC: z.coerce.number().int().min(1).default(60),
  DEMO: bool.default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PUBLIC_URL: z.url().optional(),
  TRUST_PROXY: z.string().default('loopback'),
  /** Processes sharing the port; 0 = one per core. */
  WORKERS: z.union([z.literal('auto').transform(() => 0), z.coerce.number().int().min(1).max(64)]).default(1),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
});
export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const clean = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = ConfigSchema.safeParse(clean);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
