// The web client's STOMP connection, on @stomp/stompjs (served from its WebJar): the library
// our integrators' web and mobile developers use, so our own client exercises it. This module
// only adds what docs/protocol.md asks of every client: CONNECT with a bearer token, SUBSCRIBE
// with a receipt before relying on it, SEND JSON, and the ERROR frame's `code` as the error's.
// Reconnecting is the caller's: it renews the token and backs off with jitter first.
import { Client } from '/webjars/stomp__stompjs/7.2.1/esm6/index.js';

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
  #client;
  #receipts = new Map();
  #nextId = 1;
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
      this.#client = new Client({
        brokerURL: this.#url,
        connectHeaders: { Authorization: `Bearer ${accessToken}` },
        heartbeatIncoming: heartBeatMillis,
        heartbeatOutgoing: heartBeatMillis,
        reconnectDelay: 0,
        onConnect: (frame) => {
          this.#connected?.resolve(frame.headers);
          this.#connected = null;
        },
        onStompError: (frame) => {
          const error = new StompError(frame);
          this.#connected?.reject(error);
          this.#connected = null;
          this.#receipts.get(frame.headers['receipt-id'])?.reject(error);
          this.#receipts.delete(frame.headers['receipt-id']);
          this.dispatchEvent(new CustomEvent('error', { detail: error }));
        },
        onWebSocketClose: (event) => {
          this.#connected?.reject(new Error(`WebSocket closed (${event.code})`));
          this.#connected = null;
          for (const receipt of this.#receipts.values()) {
            receipt.reject(new Error(`WebSocket closed (${event.code})`));
          }
          this.#receipts.clear();
          this.dispatchEvent(new CustomEvent('close', { detail: { code: event.code } }));
        },
      });
      this.#client.activate();
    });
  }

  /**
   * Subscribes and resolves, with the subscription's id, once the server's RECEIPT says it
   * is registered: nothing sent to the destination afterwards can pass it by.
   * @param handler called with each message body parsed as JSON
   */
  subscribe(destination, handler) {
    const receipt = `r-${this.#nextId++}`;
    return new Promise((resolve, reject) => {
      let id;
      this.#receipts.set(receipt, { resolve: () => resolve(id), reject });
      this.#client.watchForReceipt(receipt, () => {
        this.#receipts.get(receipt)?.resolve();
        this.#receipts.delete(receipt);
      });
      id = this.#client.subscribe(destination,
        (message) => handler(message.body ? JSON.parse(message.body) : null, message), { receipt }).id;
    });
  }

  /** Ends a subscription (by the id {@link subscribe} resolved with). */
  unsubscribe(id) {
    if (this.#client?.connected) {
      this.#client.unsubscribe(id);
    }
  }

  /**
   * Sends a JSON body to an application destination, e.g. `/app/call.start`. Not connected, it
   * is dropped: what must arrive the caller sends again once connected (as app.js does with
   * messages not yet acknowledged).
   */
  send(destination, body) {
    if (!this.#client?.connected) {
      return;
    }
    this.#client.publish({ destination, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  }

  /** Sends DISCONNECT and closes the WebSocket. */
  close() {
    this.#client?.deactivate();
  }
}
