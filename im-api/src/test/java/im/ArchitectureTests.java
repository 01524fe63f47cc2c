package im;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import im.support.ClusterServices;
import im.support.Instance;
import im.support.OwnJvm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/** The module and package rules of docs/architecture.md, kept true by the build. */
class ArchitectureTests {

	private static JavaClasses classes;

	@BeforeAll
	static void importProductionClasses() {
		classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("im");
	}

	@Test
	void coreDependsOnNoOtherModule() {
		ArchRule rule = noClasses().that()
			.resideInAPackage("im.core..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("im.api..", "im.signaling..", "im.admin..")
			.because("im-core is the domain every other module builds on; it must not know them");
		rule.check(classes);
	}

	@Test
	void coreHasNoWebOrStompTypes() {
		ArchRule rule = noClasses().that()
			.resideInAPackage("im.core..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework.web..", "org.springframework.messaging.simp..",
					"jakarta.servlet..", "org.springframework.http..", "org.springframework.security.web..",
					"org.springframework.security.oauth2..")
			.because("the core is reached through adapters (REST, STOMP, Kafka) and must not depend on any of them");
		rule.check(classes);
	}

	@Test
	void signalingAndAdminDoNotDependOnTheApplicationOrEachOther() {
		noClasses().that()
			.resideInAPackage("im.signaling..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("im.api..", "im.admin..")
			.because("im-signaling uses im-core only; im-api assembles the modules")
			// empty until the calls feature lands; the rule stands ready for it
			.allowEmptyShould(true)
			.check(classes);
		noClasses().that()
			.resideInAPackage("im.admin..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("im.api..", "im.signaling..")
			.because("im-admin uses im-core only; im-api assembles the modules")
			.allowEmptyShould(true)
			.check(classes);
	}

	@Test
	void featurePackagesHaveNoCycles() {
		slices().matching("im.(*).(*)..")
			.should()
			.beFreeOfCycles()
			.because("features react to each other's events instead of calling in circles")
			.check(classes);
	}

	@Test
	void entitiesAndRepositoriesStayInsideTheirFeature() {
		classes().that()
			.areAnnotatedWith(jakarta.persistence.Entity.class)
			.should()
			.notBePublic()
			.because("JPA entities are internal to their feature; others get records through its service")
			.check(classes);
		classes().that()
			.areAssignableTo(org.springframework.data.repository.Repository.class)
			.should()
			.notBePublic()
			.because("only a feature's service touches its tables")
			.check(classes);
	}

	@Test
	void controllersAreNotPublic() {
		classes().that()
			.areAnnotatedWith(org.springframework.web.bind.annotation.RestController.class)
			.should()
			.notBePublic()
			.because("controllers are entry points, never called from other code")
			.check(classes);
	}

	@Test
	void onlyTheApplicationPackageHoldsTheBootApplication() {
		classes().that()
			.areAnnotatedWith(org.springframework.boot.autoconfigure.SpringBootApplication.class)
			.should()
			.resideInAPackage("im")
			.because("its package is the root every module's package is scanned from")
			.check(classes);
	}

	@Test
	void testsThatStartClusterInstancesRunInAJvmOfTheirOwn() {
		JavaClasses tests = new ClassFileImporter().withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
			.importPackages("im.api");
		DescribedPredicate<JavaClass> startClusterInstances = DescribedPredicate.describe("start cluster instances",
				type -> type.getDirectDependenciesFromSelf()
					.stream()
					.anyMatch(dependency -> dependency.getTargetClass().isEquivalentTo(Instance.class)
							|| dependency.getTargetClass().isEquivalentTo(ClusterServices.class)));
		classes().that()
			.areTopLevelClasses()
			.and(startClusterInstances)
			.should()
			.beMetaAnnotatedWith(OwnJvm.class)
			.because("every other class shares one JVM, and a context another class left cached there "
					+ "would share a cluster instance's Redis keys and Kafka topic (pom.xml)")
			.check(tests);
	}

	/**
	 * Every feature package is named in its module's row of docs/architecture.md, so that
	 * the map a newcomer reads first leaves nothing out.
	 */
	@Test
	void everyPackageIsOnTheMap() throws IOException {
		Path root = Path.of("..").toAbsolutePath().normalize();
		String map = Files.readString(root.resolve("docs/architecture.md"));
		Map<String, String> modules = Map.of("im-core", "im.core.", "im-api", "im.api.", "im-signaling",
				"im.signaling.", "im-admin", "im.admin.");
		modules.forEach((module, prefix) -> {
			Matcher row = Pattern.compile("(?m)^\\| `" + module + "` \\|(.*)$").matcher(map);
			assertThat(row.find()).as("architecture.md has a row for %s", module).isTrue();
			Set<String> features = classes.stream()
				.map(JavaClass::getPackageName)
				.filter((name) -> name.startsWith(prefix))
				.map((name) -> name.substring(prefix.length()).split("\\.")[0])
				.collect(Collectors.toCollection(TreeSet::new));
			assertThat(features).as("packages of %s", module).isNotEmpty();
			for (String feature : features) {
				assertThat(row.group(1)).as("architecture.md names %s's package %s", module, feature)
					.contains("`" + feature + "`");
			}
		});
	}

}
