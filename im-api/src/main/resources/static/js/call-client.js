// WebRTC calls for a browser, over the platform's call protocol (docs/protocol.md, section 11):
// one RTCPeerConnection per other participant (a mesh), one offerer per pair (whoever was in the
// call first offers to whoever joins), ICE candidates trickled through the server.
//
// Events (CustomEvent, details as the server sent them unless said otherwise):
//   ringing   a call-ringing event: someone calls (also the caller's own devices)
//   accepted  call-accepted; declined: call-declined
//   room      call-room: this connection is in the call
//   stream    { peer, stream }: media from a participant arrived
//   peer-left { peer }
//   ended     call-ended of the call this connection is in, or rang
//   error     a refusal from /user/queue/errors

export class CallClient extends EventTarget {
  #stomp;
  #options;
  #config = null;
  #local = null;
  /** peerId -> { peer, pc, pending: candidates waiting for the remote description } */
  #peers = new Map();
  /** Events are handled one after the other: an offer may come while the room is being set up. */
  #queue = Promise.resolve();

  /** The call this connection is in and who it is there, or null. */
  call = null;

  /**
   * @param stomp a connected StompClient
   * @param options.iceServers () => Promise of the body of GET /api/v1/calls/ice-servers
   * @param options.media (kind: 'AUDIO'|'VIDEO') => Promise of the local MediaStream
   * @param options.rtc extra RTCConfiguration fields, e.g. { iceTransportPolicy: 'relay' }
   * @param options.acceptCandidate (RTCIceCandidate) => whether to send it (default: all)
   */
  constructor(stomp, options) {
    super();
    this.#stomp = stomp;
    this.#options = options;
  }

  /** Subscribes to the call queue and errors; resolves once both are registered. */
  async ready() {
    await this.#stomp.subscribe('/user/queue/calls', (event) => {
      this.#queue = this.#queue.then(() => this.#onEvent(event));
    });
    await this.#stomp.subscribe('/user/queue/errors', (error) => this.#emit('error', error));
  }

  /** Starts a call in the conversation, or joins the one running there. */
  start(conversationId, kind, requestId) {
    this.#stomp.send('/app/call.start', { conversationId, kind, requestId });
  }

  /** Joins (accepts) a call. */
  join(callId, requestId) {
    this.#stomp.send('/app/call.join', { callId, requestId });
  }

  reject(callId, requestId) {
    this.#stomp.send('/app/call.reject', { callId, requestId });
  }

  /** Hangs up (cancels, while it still rings). */
  leave() {
    if (this.call) {
      this.#stomp.send('/app/call.leave', { callId: this.call.callId });
      this.#close();
    }
  }

  /** Negotiates again with a participant; with `iceRestart`, over fresh ICE candidates. */
  async renegotiate(peerId, iceRestart = false) {
    const entry = this.#peers.get(peerId);
    if (entry) {
      await this.#offer(entry, { iceRestart });
    }
  }

  /** The peer connection to each participant, by peerId. */
  get connections() {
    return new Map([...this.#peers].map(([id, entry]) => [id, entry.pc]));
  }

  /** The local media, once the call has it. */
  get localStream() {
    return this.#local;
  }

  async #onEvent(event) {
    try {
      switch (event.type) {
        case 'call-ringing': this.#emit('ringing', event); break;
        case 'call-accepted': this.#emit('accepted', event); break;
        case 'call-declined': this.#emit('declined', event); break;
        case 'call-ended':
          if (this.call?.callId === event.callId) {
            this.#close();
          }
          this.#emit('ended', event);
          break;
        case 'call-room': await this.#onRoom(event); break;
        case 'peer-joined': await this.#offer(this.#connect(event.peer)); break;
        case 'peer-left': this.#drop(event.peer); break;
        case 'signal': await this.#onSignal(event); break;
        default: break;
      }
    }
    catch (error) {
      this.#emit('error', { code: 'client-failure', detail: String(error) });
    }
  }

  async #onRoom(room) {
    this.call = room;
    this.#config = { ...(await this.#options.iceServers()), ...(this.#options.rtc || {}) };
    delete this.#config.expiresAt;
    this.#local = await this.#options.media(room.kind);
    this.#emit('room', room);
    // those already inside make the offers (on their peer-joined): wait for them
  }

  #connect(peer) {
    const pc = new RTCPeerConnection(this.#config);
    const entry = { peer, pc, pending: [], sending: false };
    this.#peers.set(peer.peerId, entry);
    pc.onicecandidate = ({ candidate }) => {
      const accept = this.#options.acceptCandidate || (() => true);
      if (candidate && accept(candidate)) {
        this.#signal(peer, 'candidate', { candidate: candidate.toJSON() });
      }
    };
    pc.ontrack = ({ streams }) => this.#emit('stream', { peer, stream: streams[0] });
    return entry;
  }

  /**
   * Adds the local tracks once per connection. (Not judged by getSenders(): applying an offer
   * creates transceivers, senders without tracks included.)
   */
  #addTracks(entry) {
    if (entry.sending) {
      return;
    }
    entry.sending = true;
    for (const track of this.#local.getTracks()) {
      entry.pc.addTrack(track, this.#local);
    }
  }

  async #offer(entry, options = {}) {
    this.#addTracks(entry);
    const offer = await entry.pc.createOffer(options);
    await entry.pc.setLocalDescription(offer);
    this.#signal(entry.peer, 'offer', { sdp: offer.sdp });
  }

  async #onSignal(signal) {
    const known = this.#peers.get(signal.from.peerId);
    if (signal.kind === 'offer') {
      const entry = known || this.#connect(signal.from);
      await entry.pc.setRemoteDescription({ type: 'offer', sdp: signal.sdp });
      // the answerer adds its tracks after applying the offer, so they go into its answer
      this.#addTracks(entry);
      const answer = await entry.pc.createAnswer();
      await entry.pc.setLocalDescription(answer);
      this.#signal(entry.peer, 'answer', { sdp: answer.sdp });
      await this.#flush(entry);
    }
    else if (signal.kind === 'answer' && known) {
      await known.pc.setRemoteDescription({ type: 'answer', sdp: signal.sdp });
      await this.#flush(known);
    }
    else if (signal.kind === 'candidate' && known) {
      if (known.pc.remoteDescription) {
        await known.pc.addIceCandidate(signal.candidate);
      }
      else {
        known.pending.push(signal.candidate);
      }
    }
  }

  async #flush(entry) {
    for (const candidate of entry.pending.splice(0)) {
      await entry.pc.addIceCandidate(candidate);
    }
  }

  #signal(peer, kind, fields) {
    this.#stomp.send('/app/call.signal', { callId: this.call.callId, to: peer.peerId, kind, ...fields });
  }

  #drop(peer) {
    const entry = this.#peers.get(peer.peerId);
    if (entry) {
      entry.pc.close();
      this.#peers.delete(peer.peerId);
    }
    this.#emit('peer-left', { peer });
  }

  #close() {
    for (const entry of this.#peers.values()) {
      entry.pc.close();
    }
    this.#peers.clear();
    this.#local?.getTracks().forEach((track) => track.stop());
    this.#local = null;
    this.call = null;
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
