// What the web client's views share: the signed-in session, the connection, what is shown, and
// what the server told about conversations, people and presence. One object for what changes
// (an ES module's imports cannot be assigned to), Maps for what is kept by id.

export const STORAGE = 'im-session';

export const $ = (id) => document.getElementById(id);

export const state = {
  /** {accessToken, refreshToken, userId, username, displayName}, kept for the tab. */
  session: JSON.parse(sessionStorage.getItem(STORAGE) || 'null'),
  /** The STOMP connection (/js/stomp-client.js), null while there is none. */
  stomp: null,
  signingOut: false,
  reconnectDelay: 1000,
  renewTimer: null,
  /** The conversation shown. */
  currentId: null,
  lastTypingSent: 0,
  /** What the composer does besides sending: replying to a message, or editing one of yours. */
  context: null,
  /** The live room shown, if one is: {id, title, online, comments, subscription}. */
  room: null,
  /** Calls over the current connection (calls.js), and the call shown: {callId, kind, ringing, incoming}. */
  calls: null,
  shownCall: null,
  /** The message a search result opened, {conversationId, seq}: marked until another is opened. */
  found: null,
  /** The seq of the message whose reaction picker is open. */
  reactingTo: null,
  /** The voice message being recorded. */
  recorder: null,
};

/** Conversation summaries by id, as listed by the server and kept current by pushes. */
export const conversations = new Map();
/** Per opened conversation: messages by seq and the contiguous block held. */
export const chats = new Map();
/** Users by id: display names, for titles and senders. */
export const users = new Map();
export const presence = new Map();
/** Sent messages waiting for their acknowledgement, by clientMsgId: resent after a reconnect. */
export const pending = new Map();
