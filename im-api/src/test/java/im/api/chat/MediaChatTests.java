package im.api.chat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import javax.imageio.ImageIO;

import im.support.Api.Response;
import im.support.Api.Session;
import im.support.Images;
import im.support.RawStompClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static im.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Images, voice, video and files in chat: uploads typed by their bytes, thumbnails, and
 * media seen only by the conversation. Runs once per run mode.
 */
abstract class MediaChatTests extends ChatTestSupport {

	@Test
	void anImageIsTypedThumbnailedAndSeenOnlyByTheConversation() throws Exception {
		Session alice = this.api.newUser("photographer");
		Session bob = this.api.newUser("viewer");
		Session carol = this.api.newUser("stranger");
		long conversation = direct(alice, bob);
		byte[] png = Images.png(800, 600);
		Response uploaded = this.api.upload(alice.accessToken(), "IMAGE", "holiday.PNG", "application/octet-stream",
				png);
		assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
		JsonNode media = uploaded.json();
		assertThat(media.get("contentType").asString()).as("sniffed, not claimed").isEqualTo("image/png");
		assertThat(media.get("width").asInt()).isEqualTo(800);
		assertThat(media.get("hasThumbnail").asBoolean()).isTrue();
		String mediaId = media.get("id").asString();
		String path = "/api/v1/media/" + mediaId;
		assertThat(this.api.download(path, bob.accessToken()).statusCode()).as("not posted yet").isEqualTo(404);

		try (RawStompClient bobs = device(bob); RawStompClient alices = device(alice)) {
			alices.sendJson("/app/chat.send", JSON.writeValueAsString(Map.of("conversationId", conversation,
					"clientMsgId", "img-1", "type", "IMAGE", "mediaId", mediaId, "text", "Look!")));
			assertThat(json(alices.nextOn("acks", WAIT)).get("seq").asLong()).isEqualTo(1);
			JsonNode received = json(bobs.nextOn("messages", WAIT));
			assertThat(received.get("type").asString()).isEqualTo("IMAGE");
			assertThat(received.get("media").get("id").asString()).isEqualTo(mediaId);
			assertThat(received.get("text").asString()).isEqualTo("Look!");
		}
		HttpResponse<byte[]> download = this.api.download(path, bob.accessToken());
		assertThat(download.statusCode()).isEqualTo(200);
		assertThat(download.body()).isEqualTo(png);
		assertThat(download.headers().firstValue("Content-Type")).hasValue("image/png");
		assertThat(download.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(download.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("inline")
			.contains("holiday.PNG");
		HttpResponse<byte[]> thumbnail = this.api.download(path + "/thumbnail", bob.accessToken());
		assertThat(thumbnail.headers().firstValue("Content-Type")).hasValue("image/jpeg");
		BufferedImage small = ImageIO.read(new ByteArrayInputStream(thumbnail.body()));
		assertThat(small.getWidth()).isEqualTo(320);
		assertThat(small.getHeight()).isEqualTo(240);
		assertThat(this.api.download(path, carol.accessToken()).statusCode()).isEqualTo(404);

		long carols = direct(carol, bob);
		Response stolen = this.api.post("/api/v1/conversations/" + carols + "/messages",
				Map.of("clientMsgId", "steal", "type", "IMAGE", "mediaId", mediaId), carol.accessToken());
		assertProblem(stolen, 403, "forbidden");
		assertThat(history(bob, carols, "").get("messages")).isEmpty();
	}

	@Test
	void uploadsAreTypedByTheirBytesNotTheirNames() {
		Session alice = this.api.newUser("uploader");
		byte[] script = "<script>alert('hi')</script>".getBytes(StandardCharsets.UTF_8);
		assertProblem(this.api.upload(alice.accessToken(), "IMAGE", "cat.png", "image/png", script), 415,
				"unsupported-media-type");
		Response asFile = this.api.upload(alice.accessToken(), "FILE", "../../etc/cat.png", "image/png", script);
		assertThat(asFile.status()).isEqualTo(201);
		assertThat(asFile.json().get("contentType").asString()).isEqualTo("text/plain");
		assertThat(asFile.json().get("fileName").asString()).isEqualTo("cat.png");
		HttpResponse<byte[]> download = this.api.download("/api/v1/media/" + asFile.json().get("id").asString(),
				alice.accessToken());
		assertThat(download.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment");
		assertThat(download.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
		assertProblem(this.api.upload(alice.accessToken(), "VIDEO", "clip.mp4", "video/mp4", new byte[0]), 400,
				"validation-failed");
		assertProblem(this.api.upload(alice.accessToken(), "HOLOGRAM", "x.bin", "application/octet-stream", script),
				400, "malformed-request");
	}

	@Test
	void mediaMessagesNeedMatchingUploads() {
		Session alice = this.api.newUser("sender");
		Session bob = this.api.newUser("receiver");
		long conversation = direct(alice, bob);
		String fileId = this.api
			.upload(alice.accessToken(), "FILE", "notes.txt", "text/plain", "notes".getBytes(StandardCharsets.UTF_8))
			.json()
			.get("id")
			.asString();
		String base = "/api/v1/conversations/" + conversation + "/messages";
		assertProblem(this.api.post(base, Map.of("clientMsgId", "m1", "type", "IMAGE"), alice.accessToken()), 400,
				"validation-failed");
		assertProblem(this.api.post(base, Map.of("clientMsgId", "m2", "type", "IMAGE", "mediaId", fileId),
				alice.accessToken()), 400, "validation-failed");
		assertProblem(this.api.post(base, Map.of("clientMsgId", "m3", "type", "TEXT", "text", "hi", "mediaId", fileId),
				alice.accessToken()), 400, "validation-failed");
		assertProblem(this.api.post(base, Map.of("clientMsgId", "m4", "type", "FILE", "mediaId", "no-such-id"),
				alice.accessToken()), 404, "not-found");
		Response file = this.api.post(base, Map.of("clientMsgId", "m5", "type", "FILE", "mediaId", fileId),
				alice.accessToken());
		assertThat(file.status()).isEqualTo(201);
		JsonNode message = history(bob, conversation, "").get("messages").get(0);
		assertThat(message.get("media").get("fileName").asString()).isEqualTo("notes.txt");
		assertThat(message.get("text").isNull()).isTrue();

		this.api.send(this.api.request(base + "/1", alice.accessToken()).DELETE().build());
		assertThat(this.api.download("/api/v1/media/" + fileId, bob.accessToken()).statusCode())
			.as("a recalled message no longer shares its file")
			.isEqualTo(404);
		assertThat(history(bob, conversation, "").get("messages").get(0).get("media").isNull()).isTrue();
	}

}
