// A PostgreSQL server of the tests' own: Debian's `postgresql` package (installed with apt-get
// when missing, as root on a Debian machine, like Chromium), a fresh cluster in a temporary
// directory, on a free loopback port, stopped and removed afterwards. PostgreSQL refuses to run as
// root, so as root the cluster belongs to the package's `postgres` user.
//
//   const server = await startPostgres();   // {url, stop()}
//   ... new pg.Pool({connectionString: server.url}) ...
//   await server.stop();
import {execFileSync, spawnSync} from 'node:child_process';
import {chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync} from 'node:fs';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

const LIB = '/usr/lib/postgresql';

/** The directory of the newest installed server's programs, or undefined. */
export function postgresBin() {
  if (process.env.PG_BIN !== undefined) return process.env.PG_BIN;
  if (!existsSync(LIB)) return undefined;
  const versions = readdirSync(LIB)
    .filter((name) => existsSync(join(LIB, name, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length === 0 ? undefined : join(LIB, versions[0], 'bin');
}

/** Installs Debian's `postgresql` when no server is installed and this is root on Debian. */
export function ensurePostgres(log = (text) => process.stdout.write(`${text}\n`)) {
  if (postgresBin() !== undefined) return true;
  const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (!canInstall) return false;
  log("PostgreSQL is missing: installing Debian's postgresql package with apt-get");
  const apt = (args) =>
    execFileSync('apt-get', args, {
      stdio: 'inherit',
      env: {...process.env, DEBIAN_FRONTEND: 'noninteractive'},
    });
  apt(['update', '-qq']);
  apt(['install', '-y', '-qq', '--no-install-recommends', 'postgresql']);
  return postgresBin() !== undefined;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const {port} = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts a throwaway cluster; resolves with its URL and a `stop()` that removes it. */
export async function startPostgres() {
  if (!ensurePostgres()) {
    throw new Error('No PostgreSQL server is installed (Debian: apt-get install postgresql).');
  }
  const bin = postgresBin();
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'invoice-run-pg-'));
  const data = join(dir, 'data');
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], {encoding: 'utf8'}).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], {encoding: 'utf8'}).trim());
    chownSync(dir, uid, gid);
    chmodSync(dir, 0o700);
  }
  const run = (program, args) => {
    const command = asRoot ? 'runuser' : join(bin, program);
    const fullArgs = asRoot ? ['-u', 'postgres', '--', join(bin, program), ...args] : args;
    const result = spawnSync(command, fullArgs, {encoding: 'utf8'});
    if (result.status !== 0) {
      throw new Error(`${program} failed: ${result.stderr || result.stdout}`);
    }
    return result.stdout;
  };
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  run('pg_ctl', [
    '-D',
    data,
    '-l',
    join(dir, 'server.log'),
    '-w',
    '-o',
    `-p ${port} -h 127.0.0.1 -k ${dir} -c fsync=off -c max_connections=60`,
    'start',
  ]);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let stopped = false;
  return {
    url,
    port,
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(dir, {recursive: true, force: true});
      }
    },
  };
}
