import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFolderCommands } from '../../infra/handler-function';

describe('folders copied into a Lambda bundle', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'outturn-bundle-'));
  });
  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('copies each folder to the same relative path in the output, as the afterBundling hook runs it', async () => {
    const input = join(work, 'project');
    const output = join(work, 'asset');
    await mkdir(join(input, 'sql', 'indicators'), { recursive: true });
    await mkdir(join(input, 'docs'), { recursive: true });
    await mkdir(output, { recursive: true });
    await writeFile(join(input, 'sql', 'indicators', 'a.sql'), 'select 1');
    await writeFile(join(input, 'sql', 'indicators', 'b.sql'), 'select 2');
    await writeFile(join(input, 'sql', 'README.md'), 'not copied');
    await writeFile(join(input, 'docs', 'x.md'), 'x');
    for (const command of copyFolderCommands(input, output, ['sql/indicators', 'docs'])) execFileSync('sh', ['-c', command]);
    expect((await readdir(join(output, 'sql', 'indicators'))).sort()).toEqual(['a.sql', 'b.sql']);
    expect(await readdir(join(output, 'sql'))).toEqual(['indicators']);
    expect(await readdir(join(output, 'docs'))).toEqual(['x.md']);
  });

  it('refuses a folder that is not a plain relative path', () => {
    for (const bad of ['../secrets', '/etc', 'sql/"; rm -rf /', 'sql/', '']) {
      expect(() => copyFolderCommands('/in', '/out', [bad]), bad).toThrow(/bundledFolders: got .*plain relative folder/);
    }
  });
});
