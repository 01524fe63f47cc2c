package im.api.call;

import im.api.call.CallRequests.CallAction;
import im.api.call.CallRequests.SendSignal;
import im.api.call.CallRequests.StartCall;
import im.api.stomp.ClientError.RequestIds;
import im.api.stomp.StompRequests;
import im.core.account.UserId;
import im.core.conversation.ConversationId;
import im.signaling.call.CallService;
import im.signaling.call.CallSignals;
import im.signaling.call.Signal;

import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.stereotype.Controller;

/**
 * Calls over STOMP. Everything a call request causes arrives on {@code /user/queue/calls}
 * (the joining connection's {@code call-room}, the members' {@code call-ringing} ...); a
 * refusal arrives on {@code /user/queue/errors} with the request's {@code requestId}. The
 * connection a request comes on is the one that takes part in the call.
 */
@Controller
class CallMessagingController {

	private final CallService calls;

	private final CallSignals signals;

	private final StompRequests requests;

	CallMessagingController(CallService calls, CallSignals signals, StompRequests requests) {
		this.calls = calls;
		this.signals = signals;
		this.requests = requests;
	}

	@MessageMapping("/call.start")
	void start(@Payload StartCall start, UserId sender, SimpMessageHeaderAccessor headers) {
		RequestIds ids = RequestIds.request(start.requestId());
		this.requests.validate(start, ids);
		this.requests.run(ids, () -> this.calls.start(sender, headers.getSessionId(),
				new ConversationId(start.conversationId()), start.kind()));
	}

	@MessageMapping("/call.join")
	void join(@Payload CallAction join, UserId sender, SimpMessageHeaderAccessor headers) {
		RequestIds ids = RequestIds.request(join.requestId());
		this.requests.validate(join, ids);
		this.requests.run(ids, () -> this.calls.join(sender, headers.getSessionId(), join.callId()));
	}

	@MessageMapping("/call.reject")
	void reject(@Payload CallAction reject, UserId sender) {
		RequestIds ids = RequestIds.request(reject.requestId());
		this.requests.validate(reject, ids);
		this.requests.run(ids, () -> this.calls.reject(sender, reject.callId()));
	}

	@MessageMapping("/call.leave")
	void leave(@Payload CallAction leave, UserId sender, SimpMessageHeaderAccessor headers) {
		RequestIds ids = RequestIds.request(leave.requestId());
		this.requests.validate(leave, ids);
		this.requests.run(ids, () -> this.calls.leave(sender, headers.getSessionId(), leave.callId()));
	}

	@MessageMapping("/call.signal")
	void signal(@Payload SendSignal signal, UserId sender, SimpMessageHeaderAccessor headers) {
		RequestIds ids = RequestIds.request(signal.requestId());
		this.requests.validate(signal, ids);
		this.requests.run(ids, () -> this.signals.signal(sender, headers.getSessionId(),
				new Signal(signal.callId(), signal.to(), signal.kind(), signal.sdp(), signal.candidate())));
	}

}
