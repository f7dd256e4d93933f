// The password rules (issue 13 item 10): at least 10 characters with letters and digits, not a
// common password nor a trivial variation of one, not the username.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { passwordProblem } from './passwords.ts';

const root = path.resolve(import.meta.dirname, '../../..');

function sourcesUnder(dir: string): string[] {
  return readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|tsx)$/.test(f))
    .map((f) => path.join(root, dir, f));
}

describe('password rules', () => {
  it('accepts a password of 10+ characters that is nobody else’s', async () => {
    for (const good of ['Concord-test-2026', 'wcqzzx2026', 'lixiaoming88', 'Weicheng2026!']) {
      expect(await passwordProblem(good, 'wang.fang'), good).toBeNull();
    }
  });

  it('refuses fewer than 10 characters, more than 128, and letters or digits alone', async () => {
    expect(await passwordProblem('Zq7-kw2-x', 'wang.fang')).toBe('密码至少 10 位 / At least 10 characters');
    expect(await passwordProblem(`Zq7${'k'.repeat(126)}`, 'wang.fang')).toBe(
      '密码最多 128 位 / At most 128 characters',
    );
    expect(await passwordProblem('correcthorsebattery', 'wang.fang')).toBe(
      '密码须同时包含字母和数字 / Use letters and digits',
    );
  });

  it('refuses common passwords and their trivial variations, the demo password among them', async () => {
    for (const common of [
      'password123',
      'Password1234',
      'Qwerty123456',
      'Aa123456789',
      '1qaz2wsx3edc',
      'P@ssw0rd2024',
      'iloveyou1234',
      'abc123456789',
      'demo12345678',
    ]) {
      expect(await passwordProblem(common, 'wang.fang'), common).toBe(
        '密码太常见或太容易猜到 / This password is too common or too easy to guess',
      );
    }
    expect(await passwordProblem('demo1234', 'wang.fang')).not.toBeNull();
  });

  it('refuses the username as the password, in any case, and passwords built on it', async () => {
    expect(await passwordProblem('Zhang.Wei2026', 'zhang.wei2026')).toBe(
      '密码不能与用户名相同 / The password must differ from the username',
    );
    expect(await passwordProblem('zhangwei2026x', 'zhangwei2026')).not.toBeNull();
  });

  it('keeps the dictionaries on the server: nothing the web bundle imports loads them', () => {
    const importers = [...sourcesUnder('web/src'), ...sourcesUnder('common')].filter((file) =>
      /@zxcvbn-ts|modules\/auth\/passwords/.test(readFileSync(file, 'utf8')),
    );
    expect(importers).toEqual([]);
  });
});
