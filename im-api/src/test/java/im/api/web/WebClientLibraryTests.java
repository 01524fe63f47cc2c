package im.api.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web client imports @stomp/stompjs from its WebJar by a path that names the version:
 * the version in the import must be the one on the class path, or the client's first
 * import fails in every browser.
 */
class WebClientLibraryTests {

	private static final Pattern IMPORT = Pattern.compile("from '/webjars/(stomp__stompjs/[^/']+/esm6/index\\.js)'");

	@Test
	void theStompLibraryTheClientImportsIsServedFromTheJar() throws IOException {
		String client = new ClassPathResource("static/js/stomp-client.js").getContentAsString(StandardCharsets.UTF_8);
		Matcher imported = IMPORT.matcher(client);
		assertThat(imported.find()).as("stomp-client.js imports @stomp/stompjs from its WebJar").isTrue();
		ClassPathResource library = new ClassPathResource("META-INF/resources/webjars/" + imported.group(1));
		assertThat(library.exists()).as("%s on the class path", library.getPath()).isTrue();
		assertThat(library.getContentAsString(StandardCharsets.UTF_8)).contains("export * from './client.js'");
	}

	@Test
	void theChartLibraryTheConsoleImportsIsServedFromTheJar() throws IOException {
		String charts = new ClassPathResource("static/admin/charts.js").getContentAsString(StandardCharsets.UTF_8);
		Matcher imported = Pattern.compile("from '/webjars/(uplot/[^/']+/dist/uPlot\\.esm\\.js)'").matcher(charts);
		assertThat(imported.find()).as("charts.js imports uPlot from its WebJar").isTrue();
		assertThat(new ClassPathResource("META-INF/resources/webjars/" + imported.group(1)).exists()).isTrue();
		String page = new ClassPathResource("static/admin/index.html").getContentAsString(StandardCharsets.UTF_8);
		Matcher styles = Pattern.compile("href=\"/webjars/(uplot/[^\"]+\\.css)\"").matcher(page);
		assertThat(styles.find()).as("the console links uPlot's styles").isTrue();
		assertThat(new ClassPathResource("META-INF/resources/webjars/" + styles.group(1)).exists()).isTrue();
	}

}
