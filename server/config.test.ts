import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const withoutDatabase = ({ DATABASE_URL: _, ...env }: NodeJS.ProcessEnv) => env;

describe('configuration', () => {
  it('when nothing is set, then the defaults run the embedded database on port 8080 with the demo', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ PORT: 8080, DATABASE_POOL_SIZE: 20, DEMO: true, DEMO_TIME_ZONE: 'Africa/Tunis' });
    expect(c.DATABASE_URL).toBeUndefined();
  });

  it('when values are bad, then one error names every bad variable', () => {
    let err: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', JWT_SECRET: 'short', DEMO_TIME_ZONE: 'Mars/Olympus' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const msg = (err as Error).message;
    for (const name of ['PORT', 'DATABASE_URL', 'JWT_SECRET', 'DEMO_TIME_ZONE']) expect(msg).toContain(name);
  });

  it('when WhatsApp is configured, then the sending number and the app secret are required, and the language codes are read per language', () => {
    expect(loadConfig({}).WHATSAPP_LANGUAGE_CODES).toEqual({ ar: 'ar', fr: 'fr', en: 'en' });
    const whatsapp = { WHATSAPP_TOKEN: 'token', WHATSAPP_PHONE_NUMBER_ID: '106540352242922', WHATSAPP_APP_SECRET: 'app-secret-of-16+' };
    expect(loadConfig({ ...whatsapp, WHATSAPP_LANGUAGE_CODES: 'en:en_US, fr:fr ,ar:ar' }).WHATSAPP_LANGUAGE_CODES).toEqual({
      ar: 'ar',
      fr: 'fr',
      en: 'en_US',
    });
    expect(() => loadConfig({ WHATSAPP_TOKEN: 'token' })).toThrow(/WHATSAPP_PHONE_NUMBER_ID[\s\S]*WHATSAPP_APP_SECRET/);
    expect(() => loadConfig({ ...whatsapp, WHATSAPP_LANGUAGE_CODES: 'en:en_US,fr:fr' })).toThrow(
      /WHATSAPP_LANGUAGE_CODES: must give a code for each/,
    );
    expect(() => loadConfig({ ...whatsapp, WHATSAPP_LANGUAGE_CODES: 'de:de' })).toThrow(/WHATSAPP_LANGUAGE_CODES/);
  });

  it('when npm start is given a bad variable, then it exits non-zero with the message', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'start.ts')], {
      env: { ...process.env, DATABASE_POOL_SIZE: '0' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('DATABASE_POOL_SIZE');
  });

  it('when the port is taken, then npm start exits non-zero saying so, without a stack trace', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as { port: number }).port;
    const dir = await mkdtemp(join(tmpdir(), 'doctorq-start-'));
    await writeFile(join(dir, 'index.html'), '<!doctype html>');
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'start.ts')], {
        // Its own embedded database, whichever the suite runs on: it never gets as far as serving.
        env: { ...withoutDatabase(process.env), PORT: String(port), HOST: '127.0.0.1', CLIENT_DIR: dir, DATA_DIR: join(dir, 'pglite') },
      });
      let stderr = '';
      child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(code).toBe(2);
      expect(stderr).toContain(`127.0.0.1:${port} is already in use`);
      expect(stderr).not.toContain('    at ');
    } finally {
      holder.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
