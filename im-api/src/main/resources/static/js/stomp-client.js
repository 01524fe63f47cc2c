// A small STOMP 1.2 client over a browser WebSocket, written from docs/protocol.md: CONNECT with
// a bearer token, SUBSCRIBE with a receipt, SEND JSON, heart-beats. No dependencies.

const NUL = '\u0000';

/** One frame: command, headers, body. */
function encode(command, headers, body = '') {
  const lines = [command];
  for (const [name, value] of Object.entries(headers)) {
    lines.push(`${escape(name)}:${escape(String(value))}`);
  }
  return `${lines.join('\n')}\n\n${body}${NUL}`;
}

function escape(value) {
  return value.replace(/\\/g, '\\\\').replace(/\r/g, '\\r').replace(/\n/g, '\\n').replace(/:/g, '\\c');
}

function unescape(value) {
  return value.replace(/\\(.)/g, (_, c) => ({ r: '\r', n: '\n', c: ':', '\\': '\\' })[c] ?? c);
}

function decode(text) {
  const blank = text.indexOf('\n\n');
  const head = (blank >= 0 ? text.slice(0, blank) : text).split('\n');
  const headers = {};
  for (const line of head.slice(1)) {
    const colon = line.indexOf(':');
    const name = unescape(line.slice(0, colon));
    if (colon > 0 && !(name in headers)) {
      headers[name] = unescape(line.slice(colon + 1));
    }
  }
  return { command: head[0], headers, body: blank >= 0 ? text.slice(blank + 2) : '' };
}

/** An error the server answered with an ERROR frame (its code is in the catalogue). */
export class StompError extends Error {
  constructor(frame) {
    super(frame.headers.message || 'STOMP error');
    this.code = frame.headers.code;
    this.frame = frame;
  }
}

export class StompClient extends EventTarget {
  #url;
  #socket;
  #buffer = '';
  #subscriptions = new Map();
  #receipts = new Map();
  #nextId = 1;
  #beat;
  #connected;

  /** @param url the WebSocket URL, e.g. `wss://chat.example.com/ws` */
  constructor(url) {
    super();
    this.#url = url;
  }

  /** Opens the WebSocket and sends CONNECT; resolves on CONNECTED, rejects on ERROR. */
  connect(accessToken, heartBeatMillis = 10000) {
    return new Promise((resolve, reject) => {
      this.#connected = { resolve, reject };
      const socket = new WebSocket(this.#url);
      this.#socket = socket;
      socket.onopen = () => socket.send(encode('CONNECT', {
        'accept-version': '1.2',
        host: location.host,
        'heart-beat': `${heartBeatMillis},${heartBeatMillis}`,
        Authorization: `Bearer ${accessToken}`,
      }));
      socket.onmessage = (event) => this.#receive(event.data);
      socket.onclose = (event) => {
        clearInterval(this.#beat);
        this.#connected?.reject(new Error(`WebSocket closed (${event.code})`));
        this.#connected = null;
        this.dispatchEvent(new CustomEvent('close', { detail: { code: event.code } }));
      };
    });
  }

  /**
   * Subscribes and resolves, with the subscription's id, once the server's RECEIPT says it
   * is registered: nothing sent to the destination afterwards can pass it by.
   * @param handler called with each message body parsed as JSON
   */
  subscribe(destination, handler) {
    const id = `sub-${this.#nextId++}`;
    this.#subscriptions.set(id, handler);
    return this.#withReceipt('SUBSCRIBE', { id, destination }).then(() => id);
  }

  /** Ends a subscription (resolves with its id from {@link subscribe}). */
  unsubscribe(id) {
    this.#subscriptions.delete(id);
    if (this.#socket?.readyState === WebSocket.OPEN) {
      this.#socket.send(encode('UNSUBSCRIBE', { id }));
    }
  }

  /** Sends a JSON body to an application destination, e.g. `/app/call.start`. */
  send(destination, body) {
    this.#socket.send(encode('SEND', { destination, 'content-type': 'application/json' }, JSON.stringify(body)));
  }

  close() {
    clearInterval(this.#beat);
    if (this.#socket?.readyState === WebSocket.OPEN) {
      this.#socket.send(encode('DISCONNECT', {}));
    }
    this.#socket?.close();
  }

  #withReceipt(command, headers) {
    const receipt = `r-${this.#nextId++}`;
    return new Promise((resolve, reject) => {
      this.#receipts.set(receipt, { resolve, reject });
      this.#socket.send(encode(command, { ...headers, receipt }));
    });
  }

  #receive(data) {
    this.#buffer += data;
    let end;
    while ((end = this.#buffer.indexOf(NUL)) >= 0) {
      const text = this.#buffer.slice(0, end).replace(/^[\r\n]+/, '');
      this.#buffer = this.#buffer.slice(end + 1);
      if (text) {
        this.#handle(decode(text));
      }
    }
    // what is left is heart-beat newlines, or the start of a frame still to come
    this.#buffer = this.#buffer.replace(/^[\r\n]+/, '');
  }

  #handle(frame) {
    switch (frame.command) {
      case 'CONNECTED': {
        const [, serverWants] = (frame.headers['heart-beat'] || '0,0').split(',').map(Number);
        if (serverWants > 0) {
          this.#beat = setInterval(() => this.#socket.send('\n'), serverWants);
        }
        this.#connected?.resolve(frame.headers);
        this.#connected = null;
        break;
      }
      case 'MESSAGE': {
        const handler = this.#subscriptions.get(frame.headers.subscription);
        handler?.(frame.body ? JSON.parse(frame.body) : null, frame);
        break;
      }
      case 'RECEIPT': {
        this.#receipts.get(frame.headers['receipt-id'])?.resolve();
        this.#receipts.delete(frame.headers['receipt-id']);
        break;
      }
      case 'ERROR': {
        const error = new StompError(frame);
        this.#connected?.reject(error);
        this.#connected = null;
        this.#receipts.get(frame.headers['receipt-id'])?.reject(error);
        this.dispatchEvent(new CustomEvent('error', { detail: error }));
        break;
      }
      default:
        break;
    }
  }
}
