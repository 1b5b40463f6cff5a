package dev.failberry;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.failberry.time.Scheduler;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package arrows that ARCHITECTURE.md draws, checked on the compiled production classes (whatever
 * the bytecode refers to: imports, fully qualified names, signatures), so that breaking one fails the build
 * instead of waiting for a reviewer. The module arrows (production never sees {@code sim}) are the
 * compiler's business already.
 */
class ArchitectureRulesTest {
    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() throws Exception {
        // the daemon's own classes directory only (scanning the class path for the package would read every
        // library jar too: seconds for nothing)
        Path classes = Path.of(Scheduler.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPath(classes);
    }

    @Test
    void theModemKnowsNothingOfTheNotifier() {
        // the notifier sends SMS through the modem (modem.sms.SmsTransport), never the other way round
        noClasses()
                .that()
                .resideInAPackage("dev.failberry.modem..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.failberry.notify..")
                .check(production);
    }

    @Test
    void smsOverAtIsPureProtocol() {
        // PDU encoding, the AT+CMGS steps and the +CMS ERROR table: no session, no thread, no logging;
        // the one number syntax (E.164) is the configuration's
        classes()
                .that()
                .resideInAPackage("dev.failberry.modem.sms..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("dev.failberry.modem.sms..", "dev.failberry.config..", "java..")
                .check(production);
    }

    @Test
    void onlyTheCommandLineReachesIntoTheDaemonsWiring() {
        noClasses()
                .that()
                .resideOutsideOfPackages("dev.failberry.daemon..", "dev.failberry.cli..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.failberry.daemon..")
                .check(production);
    }

    @Test
    void whatLiesUnderneathKnowsNoCapability() {
        String[] underneath = {
            "dev.failberry.config..",
            "dev.failberry.time..",
            "dev.failberry.persist..",
            "dev.failberry.proc..",
            "dev.failberry.host..",
            "dev.failberry.json..",
            "dev.failberry.logging.."
        };
        noClasses()
                .that()
                .resideInAnyPackage(underneath)
                .should()
                .dependOnClassesThat(resideInAPackage("dev.failberry..").and(not(resideInAnyPackage(underneath))))
                .check(production);
    }
}
