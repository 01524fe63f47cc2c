package im.api.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docker-compose.yml}, {@code Dockerfile} and {@code deploy/nginx.conf} cannot be
 * run here (no Docker engine; CI checks the compose file's syntax with
 * {@code docker-compose
 * config}). These tests keep them true to the application: every instance reaches the
 * services the file defines, on the ports they listen on, reads only variables the
 * application knows and docs/configuration.md documents, and nginx passes WebSockets to
 * every instance.
 */
class DockerComposeTests {

	private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	private static final List<String> INSTANCES = List.of("im-1", "im-2");

	private final Map<String, Map<String, Object>> services = services();

	@Test
	void bringsUpTheWholeCluster() {
		assertThat(this.services).containsOnlyKeys("postgres", "redis", "kafka", "coturn", "im-1", "im-2", "nginx",
				"keycloak");
		for (String instance : INSTANCES) {
			assertThat(this.services.get(instance)).containsEntry("build", ".");
		}
	}

	@Test
	void instancesUseTheServicesOfTheFileOnThePortsTheyListenOn() {
		Set<String> instanceIds = new HashSet<>();
		for (String instance : INSTANCES) {
			Map<String, String> env = environment(instance);
			assertThat(env).containsEntry("SPRING_PROFILES_ACTIVE", "cluster");
			assertThat(env.get("IM_DB_URL"))
				.isEqualTo("jdbc:postgresql://postgres:5432/" + environment("postgres").get("POSTGRES_DB"));
			assertThat(env.get("IM_DB_USER")).isEqualTo(environment("postgres").get("POSTGRES_USER"));
			assertThat(env.get("IM_DB_PASSWORD")).isEqualTo(environment("postgres").get("POSTGRES_PASSWORD"));
			assertThat(env.get("IM_REDIS_URL")).isEqualTo("redis://redis:6379");
			assertThat(environment("kafka").get("KAFKA_ADVERTISED_LISTENERS"))
				.isEqualTo("PLAINTEXT://" + env.get("IM_KAFKA_BOOTSTRAP"));
			assertThat(environment("kafka").get("KAFKA_LISTENERS")).contains(":" + port(env.get("IM_KAFKA_BOOTSTRAP")));
			assertThat(Integer.parseInt(env.get("IM_KAFKA_REPLICATION"))).as("one broker").isEqualTo(1);
			assertThat(env.get("IM_JWT_SECRET")).as("the same required secret on every instance")
				.startsWith("${IM_JWT_SECRET:?");
			assertThat(env.get("IM_ADMIN_PASSWORD")).startsWith("${IM_ADMIN_PASSWORD:?");
			assertThat(instanceIds.add(env.get("IM_INSTANCE_ID"))).as("instance ids are distinct").isTrue();
			assertThat(volumes(instance)).as("uploads are shared by the instances")
				.contains("media:" + env.get("IM_MEDIA_DIR"));
		}
	}

	@Test
	void instancesAndNginxMayOpenMoreFilesThanTheConnectionsTheyAccept() throws IOException {
		String applicationYaml = Files.readString(ROOT.resolve("im-api/src/main/resources/application.yaml"));
		Matcher limit = Pattern.compile("max-connections: \\$\\{IM_MAX_CONNECTIONS:(\\d+)}").matcher(applicationYaml);
		assertThat(limit.find()).as("the connection limit is IM_MAX_CONNECTIONS").isTrue();
		long connections = Long.parseLong(limit.group(1));
		for (String service : List.of("im-1", "im-2", "nginx")) {
			Map<String, Object> files = map(map(this.services.get(service).get("ulimits")).get("nofile"));
			assertThat(((Number) files.get("soft")).longValue()).as("%s's open-file limit", service)
				.isGreaterThan(connections);
		}
		assertThat(volumes("nginx")).contains("./deploy/nginx-main.conf:/etc/nginx/nginx.conf:ro");
		String main = Files.readString(ROOT.resolve("deploy/nginx-main.conf"));
		Matcher workers = Pattern.compile("worker_connections (\\d+);").matcher(main);
		assertThat(workers.find()).isTrue();
		assertThat(Long.parseLong(workers.group(1))).as("nginx's connections per worker").isGreaterThan(8192);
		assertThat(main).contains("include /etc/nginx/conf.d/*.conf;");
	}

	/**
	 * The sso profile's Keycloak and its realm agree with what the instances are given:
	 * the client and its secret, the redirect URI behind nginx, the admin group's claim.
	 */
	@Test
	void theSsoProfileBringsAKeycloakWhoseRealmTheInstancesAreSetUpFor() throws IOException {
		Map<String, Object> keycloak = this.services.get("keycloak");
		assertThat(keycloak.get("profiles")).as("only with --profile sso").isEqualTo(List.of("sso"));
		assertThat(volumes("keycloak"))
			.contains("./deploy/keycloak/im-realm.json:/opt/keycloak/data/import/im-realm.json:ro");
		JsonNode realm = JsonMapper.builder()
			.build()
			.readTree(Files.readString(ROOT.resolve("deploy/keycloak/im-realm.json")));
		JsonNode client = realm.get("clients").get(0);
		for (String instance : INSTANCES) {
			Map<String, String> env = environment(instance);
			assertThat(env.get("IM_OIDC_ISSUER")).as("off unless asked for").isEqualTo("${IM_OIDC_ISSUER:-}");
			assertThat(env.get("IM_OIDC_CLIENT_ID")).contains(client.get("clientId").asString());
			assertThat(env.get("IM_OIDC_CLIENT_SECRET")).contains(client.get("secret").asString());
			assertThat(env.get("IM_OIDC_DISCOVERY_URL"))
				.contains("http://keycloak:8080/realms/" + realm.get("realm").asString() + "/");
			assertThat(env.get("IM_OIDC_ADMIN_VALUE")).contains(realm.get("groups").get(0).get("name").asString());
		}
		assertThat(client.get("redirectUris").get(0).asString())
			.isEqualTo("http://localhost:8080/api/v1/auth/oidc/callback");
		assertThat(client.get("attributes").get("pkce.code.challenge.method").asString()).isEqualTo("S256");
		assertThat(client.get("protocolMappers").get(0).get("config").get("claim.name").asString()).isEqualTo("groups");
	}

	@Test
	void instancesStartOnceTheirServicesAreHealthy() {
		for (String instance : INSTANCES) {
			Map<String, Object> dependsOn = map(this.services.get(instance).get("depends_on"));
			assertThat(dependsOn).containsOnlyKeys("postgres", "redis", "kafka");
			dependsOn.forEach((service, condition) -> {
				assertThat(map(condition)).containsEntry("condition", "service_healthy");
				assertThat(this.services.get(service)).containsKey("healthcheck");
			});
		}
	}

	@Test
	void instancesReadOnlyDocumentedSettings() throws IOException {
		Set<String> documented = documentedSettings();
		String applicationYaml = Files.readString(ROOT.resolve("im-api/src/main/resources/application.yaml"));
		for (String instance : INSTANCES) {
			for (String variable : environment(instance).keySet()) {
				if (variable.startsWith("IM_")) {
					assertThat(documented).as("docs/configuration.md documents %s", variable).contains(variable);
					assertThat(applicationYaml).as("the application reads %s", variable)
						.contains("${" + variable + ":");
				}
			}
		}
	}

	/** Every variable the application reads is in the configuration table. */
	@Test
	void everySettingIsDocumented() throws IOException {
		Set<String> documented = documentedSettings();
		Matcher read = Pattern.compile("\\$\\{(IM_[A-Z0-9_]+):")
			.matcher(Files.readString(ROOT.resolve("im-api/src/main/resources/application.yaml")));
		Set<String> settings = new HashSet<>();
		while (read.find()) {
			settings.add(read.group(1));
		}
		assertThat(settings).isNotEmpty();
		assertThat(documented).as("docs/configuration.md").containsAll(settings);
	}

	private static Set<String> documentedSettings() throws IOException {
		String table = Files.readString(ROOT.resolve("docs/configuration.md"));
		Set<String> documented = new HashSet<>();
		Matcher row = Pattern.compile("(?m)^\\| `(IM_[A-Z0-9_]+)` \\|").matcher(table);
		while (row.find()) {
			documented.add(row.group(1));
		}
		return documented;
	}

	@Test
	void nginxPassesWebSocketsToEveryInstance() throws IOException {
		Map<String, Object> nginx = this.services.get("nginx");
		assertThat(volumes("nginx")).contains("./deploy/nginx.conf:/etc/nginx/conf.d/default.conf:ro");
		assertThat(map(nginx.get("depends_on"))).containsOnlyKeys(INSTANCES.toArray(String[]::new));
		assertThat(list(nginx.get("ports"))).singleElement().asString().endsWith(":80");
		String conf = Files.readString(ROOT.resolve("deploy/nginx.conf"));
		Set<String> upstreams = new HashSet<>();
		Matcher server = Pattern.compile("(?m)^\\s*server ([\\w.-]+:\\d+)").matcher(conf);
		while (server.find()) {
			upstreams.add(server.group(1));
		}
		assertThat(upstreams).containsExactlyInAnyOrder(INSTANCES.stream()
			.map((instance) -> instance + ":" + environment(instance).get("IM_PORT"))
			.toArray(String[]::new));
		assertThat(conf).contains("location /ws")
			.contains("proxy_set_header Upgrade $http_upgrade")
			.contains("proxy_set_header Connection $connection_upgrade")
			.contains("proxy_set_header Host $http_host")
			.contains("proxy_set_header X-Forwarded-For")
			.contains("proxy_http_version 1.1");
		Matcher location = Pattern.compile("(?m)^\\s*location [^{]*\\{[^}]*}").matcher(conf);
		while (location.find()) {
			assertThat(location.group()).as("a location with headers of its own drops the server's (Upgrade, Host)")
				.doesNotContain("proxy_set_header");
		}
		assertThat(environment("im-1")).containsEntry("IM_FORWARD_HEADERS", "native");
	}

	@Test
	void imageRunsTheLayeredJarAsAnUnprivilegedUserWithAHealthCheck() throws IOException {
		String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
		assertThat(dockerfile).contains("-Djarmode=tools").contains("extract --layers --launcher");
		for (String layer : List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application")) {
			assertThat(dockerfile).contains("COPY --from=build /layers/" + layer + "/ ./");
		}
		Matcher user = Pattern.compile("(?m)^USER (\\S+)").matcher(dockerfile);
		assertThat(user.find()).isTrue();
		assertThat(user.group(1)).isNotIn("root", "0");
		assertThat(dockerfile).containsPattern("(?m)^HEALTHCHECK .*\\n?.*/readyz")
			.contains("EXPOSE " + environment("im-1").get("IM_PORT"));
	}

	@Test
	void coturnSharesItsSecretAndRefusesToRelayToPrivateAddresses() {
		List<String> command = list(this.services.get("coturn").get("command")).stream().map(Object::toString).toList();
		assertThat(command).contains("--use-auth-secret")
			.anyMatch((arg) -> arg.startsWith("--static-auth-secret=${IM_TURN_SECRET:?"));
		// every range a relay could reach the deployment's own network through: this
		// network, private, shared (carrier-grade NAT), loopback, link-local (cloud
		// metadata at 169.254.169.254), IPv6 loopback, unique-local and link-local
		assertThat(command).contains("--denied-peer-ip=0.0.0.0-0.255.255.255",
				"--denied-peer-ip=10.0.0.0-10.255.255.255", "--denied-peer-ip=100.64.0.0-100.127.255.255",
				"--denied-peer-ip=127.0.0.0-127.255.255.255", "--denied-peer-ip=169.254.0.0-169.254.255.255",
				"--denied-peer-ip=172.16.0.0-172.31.255.255", "--denied-peer-ip=192.168.0.0-192.168.255.255",
				"--denied-peer-ip=::1", "--denied-peer-ip=fc00::-fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
				"--denied-peer-ip=fe80::-febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
		String secret = command.stream()
			.filter((arg) -> arg.startsWith("--static-auth-secret="))
			.findFirst()
			.orElseThrow()
			.substring("--static-auth-secret=".length());
		for (String instance : INSTANCES) {
			Map<String, String> env = environment(instance);
			assertThat(env.get("IM_TURN_SECRET")).as("%s signs TURN credentials with coturn's secret", instance)
				.startsWith(secret.substring(0, secret.indexOf(':') + 2));
			assertThat(env.get("IM_TURN_URLS")).contains(":3478?transport=udp");
		}
	}

	private Map<String, String> environment(String service) {
		Map<String, String> env = new LinkedHashMap<>();
		map(this.services.get(service).get("environment")).forEach((name, value) -> env.put(name, value.toString()));
		return env;
	}

	private List<String> volumes(String service) {
		return list(this.services.get(service).get("volumes")).stream().map(Object::toString).toList();
	}

	private static int port(String hostAndPort) {
		return Integer.parseInt(hostAndPort.substring(hostAndPort.lastIndexOf(':') + 1));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Map<String, Object>> services() {
		try {
			Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
			return (Map<String, Map<String, Object>>) compose.get("services");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		assertThat(value).isInstanceOf(Map.class);
		return (Map<String, Object>) value;
	}

	private static List<?> list(Object value) {
		assertThat(value).isInstanceOf(List.class);
		return (List<?>) value;
	}

}
