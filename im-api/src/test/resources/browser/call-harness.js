// Runs in a page of the application (executeAsyncScript): connects as one user with the
// platform's own modules, answers calls that ring for it, and records what happens in
// window.im so that the test can read it. Arguments: access token, whether to force TURN
// relay, and the callback Selenium passes last.
const [token, relay, done] = arguments;
(async () => {
  const { StompClient } = await import('/js/stomp-client.js');
  const { CallClient } = await import('/js/call-client.js');
  const me = JSON.parse(atob(token.split('.')[1])).sub;
  const stomp = new StompClient(`ws://${location.host}/ws`);
  await stomp.connect(token);
  const calls = new CallClient(stomp, {
    iceServers: async () => (await fetch('/api/v1/calls/ice-servers',
      { headers: { Authorization: `Bearer ${token}` } })).json(),
    media: () => navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 320, height: 240 } }),
    rtc: relay ? { iceTransportPolicy: 'relay' } : {},
    // test traffic stays on loopback (this machine has other interfaces too); without forced
    // relay, only host candidates: a connection straight between the browsers
    acceptCandidate: (candidate) => candidate.address === '127.0.0.1' && (relay || candidate.type === 'host'),
  });
  const im = { calls, events: [], errors: [], videos: new Map() };
  window.im = im;
  for (const type of ['ringing', 'room', 'accepted', 'peer-left', 'ended']) {
    calls.addEventListener(type, (event) => im.events.push({ type, ...event.detail }));
  }
  calls.addEventListener('error', (event) => im.errors.push(event.detail));
  calls.addEventListener('ringing', (event) => {
    if (String(event.detail.callerId) !== me) {
      calls.join(event.detail.callId);
    }
  });
  calls.addEventListener('stream', (event) => {
    const video = document.createElement('video');
    video.autoplay = true;
    video.muted = true;
    video.playsInline = true;
    video.srcObject = event.detail.stream;
    // on screen whatever the page: Chrome pauses muted videos scrolled out of view
    Object.assign(video.style, { position: 'fixed', top: '0', left: '0', width: '160px', zIndex: '100' });
    document.body.appendChild(video);
    im.videos.set(event.detail.peer.peerId, video);
  });
  // what the test asserts: per peer connection, its state, decoded video and the
  // candidate pair in use
  im.stats = async () => {
    const result = [];
    for (const [peerId, pc] of calls.connections) {
      const entry = { peerId, state: pc.connectionState, framesDecoded: 0, bytesReceived: 0,
        ufrag: pc.localDescription?.sdp.match(/a=ice-ufrag:(\S+)/)?.[1] };
      const stats = await pc.getStats();
      stats.forEach((report) => {
        if (report.type === 'inbound-rtp' && report.kind === 'video') {
          entry.framesDecoded += report.framesDecoded || 0;
          entry.bytesReceived += report.bytesReceived || 0;
        }
        if (report.type === 'candidate-pair' && report.nominated && report.state === 'succeeded') {
          entry.localType = stats.get(report.localCandidateId)?.candidateType;
          entry.remoteType = stats.get(report.remoteCandidateId)?.candidateType;
        }
      });
      const video = im.videos.get(peerId);
      entry.videoWidth = video ? video.videoWidth : 0;
      entry.currentTime = video ? video.currentTime : 0;
      result.push(entry);
    }
    return result;
  };
  await calls.ready();
  done('ready');
})().catch((error) => done(`failed: ${error}`));
