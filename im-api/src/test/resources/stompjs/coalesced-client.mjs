// Two clients of one user, each subscribed to a live room and to the user's push queue: the
// unmodified @stomp/stompjs (npm) and the platform's own web client (/js/stomp-client.js, as
// served). Prints READY once all four subscriptions are receipted, then one JSON line per
// message received, then DONE when each client has every message of both destinations.
// Usage: node --experimental-websocket coalesced-client.mjs <httpBase> <accessToken> <roomId> <count>
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { Client } from '@stomp/stompjs';

const [httpBase, token, roomId, countArg] = process.argv.slice(2);
const count = Number(countArg);
const wsUrl = `${httpBase.replace(/^http/, 'ws')}/ws`;
const destinations = { room: `/topic/rooms/${roomId}`, user: '/user/queue/push' };
const received = { stompjs: { room: 0, user: 0 }, web: { room: 0, user: 0 } };

setTimeout(() => {
  console.log(JSON.stringify({ timeout: received }));
  process.exit(2);
}, 30000);

function got(client, destination, body) {
  const message = JSON.parse(body);
  // the room also hears its audience count, every few seconds: not one of the pushes
  if (message.payload?.seq === undefined) {
    return;
  }
  const seq = message.payload.seq;
  console.log(JSON.stringify({ client, destination, seq }));
  received[client][destination] += 1;
  const all = Object.values(received).every((c) => c.room === count && c.user === count);
  if (all) {
    console.log('DONE');
    process.exit(0);
  }
}

// @stomp/stompjs, as an application would use it
const stompjs = new Client({
  brokerURL: wsUrl,
  connectHeaders: { Authorization: `Bearer ${token}` },
  reconnectDelay: 0,
  heartbeatIncoming: 0,
  heartbeatOutgoing: 0,
});
const stompjsReady = new Promise((resolve, reject) => {
  stompjs.onConnect = () => {
    const receipts = Object.entries(destinations).map(([name, destination]) => new Promise((done) => {
      const receipt = `joined-${name}`;
      stompjs.watchForReceipt(receipt, done);
      stompjs.subscribe(destination, (message) => got('stompjs', name, message.body), { receipt });
    }));
    Promise.all(receipts).then(resolve);
  };
  stompjs.onStompError = (frame) => reject(new Error(`ERROR frame: ${frame.headers.message}`));
  stompjs.onWebSocketError = (event) => reject(new Error(`WebSocket error: ${event.message ?? event.type}`));
});
stompjs.activate();

// the platform's web client, loaded as the browser loads it: its module and the @stomp/stompjs
// modules it imports, as served (from the WebJar), into a directory Node imports them from
const webModules = mkdtempSync(join(tmpdir(), 'im-web-'));
process.on('exit', () => rmSync(webModules, { recursive: true, force: true }));
const { StompClient } = await import(await served('/js/stomp-client.js', webModules));
const web = new StompClient(wsUrl);
await web.connect(token, 0);
const webReady = Promise.all(Object.entries(destinations)
  .map(([name, destination]) => web.subscribe(destination, (message, frame) => got('web', name, frame.body))));

await Promise.all([stompjsReady, webReady]);
console.log('READY');

/**
 * Fetches a served module and, recursively, every module it imports (absolute or relative
 * paths of this server), into the directory; answers the file URL to import it from.
 */
async function served(path, directory, fetched = new Set()) {
  const file = join(directory, path);
  if (!fetched.has(path)) {
    fetched.add(path);
    const response = await fetch(`${httpBase}${path}`);
    if (!response.ok) {
      throw new Error(`GET ${path}: ${response.status}`);
    }
    let source = await response.text();
    for (const [, imported] of source.matchAll(/(?:from|import)\s*'([^']+\.js)'/g)) {
      const absolute = new URL(imported, `http://server${path}`).pathname;
      const local = await served(absolute, directory, fetched);
      source = source.replaceAll(`'${imported}'`, `'${local}'`);
    }
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, source);
  }
  return pathToFileURL(file).href;
}

