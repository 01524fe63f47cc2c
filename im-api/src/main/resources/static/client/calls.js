// Calls (docs/protocol.md, section 11): the call's view; the WebRTC work is /js/call-client.js.
import { api } from './account.js';
import { titleOf } from './conversations.js';
import { $, conversations, state, users } from './state.js';
import { CallClient } from '/js/call-client.js';
import { el } from '/js/web.js';
import { t } from '/js/i18n.js';

export function setUpCalls(client) {
  const callClient = new CallClient(client, {
    iceServers: () => api('GET', '/api/v1/calls/ice-servers'),
    media: (kind) => navigator.mediaDevices.getUserMedia({ audio: true, video: kind === 'VIDEO' }),
  });
  callClient.addEventListener('ringing', ({ detail }) => {
    if (state.shownCall) {
      return;
    }
    const incoming = detail.callerId !== state.session.userId;
    const conversation = conversations.get(detail.conversationId);
    const who = incoming ? users.get(detail.callerId)?.displayName ?? t('Someone') : titleOf(conversation ?? {});
    showCall({ callId: detail.callId, kind: detail.kind, incoming },
      incoming ? t(`Incoming ${detail.kind.toLowerCase()} call from {name}`, { name: who })
        : t('Calling {name}…', { name: who }));
  });
  callClient.addEventListener('accepted', ({ detail }) => {
    // answered on another of your devices: this one stops ringing
    if (state.shownCall?.callId === detail.callId && state.shownCall.incoming && !callClient.call
      && detail.userId === state.session.userId) {
      endCallView();
    }
  });
  callClient.addEventListener('room', ({ detail }) => {
    const conversation = conversations.get(detail.conversationId);
    showCall({ callId: detail.callId, kind: detail.kind, incoming: false },
      detail.peers.length === 0 ? t('Calling {name}…', { name: titleOf(conversation ?? {}) }) : t('In call'));
    $('incoming').hidden = true;
    $('call-controls').hidden = false;
    $('toggle-camera').hidden = detail.kind !== 'VIDEO';
    tile('local', state.session.displayName, callClient.localStream, true);
  });
  callClient.addEventListener('stream', ({ detail }) => {
    tile(`peer-${detail.peer.peerId}`, users.get(detail.peer.userId)?.displayName ?? '', detail.stream, false);
    $('call-state').textContent = t('In call');
  });
  callClient.addEventListener('peer-left', ({ detail }) => {
    document.querySelector(`.tile[data-tile="peer-${detail.peer.peerId}"]`)?.remove();
  });
  callClient.addEventListener('ended', ({ detail }) => {
    if (state.shownCall?.callId === detail.callId) {
      endCallView();
    }
  });
  return callClient;
}

function showCall(call, text) {
  state.shownCall = call;
  $('call').hidden = false;
  $('call-state').textContent = text;
  $('incoming').hidden = !call.incoming;
  $('call-controls').hidden = call.incoming;
  $('toggle-camera').hidden = call.kind !== 'VIDEO';
}

function tile(key, name, stream, local) {
  let video = document.querySelector(`.tile[data-tile="${key}"] video`);
  if (!video) {
    video = el('video', { autoplay: true, playsinline: true });
    video.muted = local;
    $('tiles').append(el('div', { class: 'tile', 'data-tile': key }, video, el('span', {}, local ? t('You') : name)));
  }
  video.srcObject = stream;
}

function toggleTracks(kind, button, onLabel, offLabel) {
  const tracks = state.calls?.localStream?.getTracks().filter((track) => track.kind === kind) ?? [];
  const enable = tracks.some((track) => !track.enabled);
  tracks.forEach((track) => {
    track.enabled = enable;
  });
  button.textContent = enable ? onLabel : offLabel;
}

function endCallView() {
  state.shownCall = null;
  $('call').hidden = true;
  $('tiles').replaceChildren();
  $('toggle-mic').textContent = t('Mute');
  $('toggle-camera').textContent = t('Camera off');
}

/** Wires this view's controls. */
export function wireCalls() {
  $('audio-call').addEventListener('click', () => state.calls?.start(state.currentId, 'AUDIO'));
  $('video-call').addEventListener('click', () => state.calls?.start(state.currentId, 'VIDEO'));
  $('accept-call').addEventListener('click', () => state.calls?.join(state.shownCall.callId));
  $('decline-call').addEventListener('click', () => {
    state.calls?.reject(state.shownCall.callId);
    endCallView();
  });
  $('hang-up').addEventListener('click', () => {
    state.calls?.leave();
    endCallView();
  });
  $('toggle-mic').addEventListener('click', () => toggleTracks('audio', $('toggle-mic'), 'Mute', 'Unmute'));
  $('toggle-camera').addEventListener('click', () => toggleTracks('video', $('toggle-camera'), 'Camera off',
    t('Camera on')));
}
