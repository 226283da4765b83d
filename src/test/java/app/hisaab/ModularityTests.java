package app.hisaab;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.hisaab.db.Bind;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

class ModularityTests {

    @Test
    void featurePackagesOnlyUseEachOthersPublicApi() {
        ApplicationModules.of(Application.class).verify();
    }

    /**
     * Domain time (what is stored, compared with expiries, sent to clients) comes from the one {@link Clock}
     * bean, so that it ticks in PostgreSQL's microseconds everywhere and a test could set it. Elapsed-time
     * measurement ({@code System.nanoTime()}: request durations, socket timeouts, sweeps, waits) is not domain
     * time and stays allowed; so are the libraries' own clocks (Bucket4j's refills).
     */
    static final ArchRule TIME_COMES_FROM_THE_CLOCK = noClasses()
            .should()
            .callCodeUnitWhere(readsTheSystemClock())
            .because("domain time comes from the Clock bean (Application.clock()); System.nanoTime() for"
                    + " elapsed time is fine");

    @Test
    void domainTimeComesFromTheClockBean() {
        JavaClasses main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("app.hisaab");
        assertThat(main.contain(Application.class)).isTrue();
        TIME_COMES_FROM_THE_CLOCK.check(main);
    }

    @Test
    void theClockRuleCatchesEachWayOfReadingTheSystemClock() {
        for (Class<?> offender : List.of(
                InstantNow.class, LocalDateNow.class, CurrentTimeMillis.class, SystemClock.class, NewDate.class)) {
            JavaClasses classes = new ClassFileImporter().importClasses(offender);
            assertThatThrownBy(() -> TIME_COMES_FROM_THE_CLOCK.check(classes))
                    .as(offender.getSimpleName())
                    .isInstanceOf(AssertionError.class);
        }
        JavaClasses allowed = new ClassFileImporter().importClasses(FromTheClock.class);
        TIME_COMES_FROM_THE_CLOCK.check(allowed);
    }

    /**
     * The driver sends a {@code java.sql.Timestamp} parameter without a type, which costs a round trip per
     * execution of the statement once it is prepared; parameters are typed through {@link Bind} instead
     * ({@code TypedParametersIntegrationTests} watches the driver for the rest).
     */
    static final ArchRule NO_UNTYPED_TIMESTAMP_PARAMETERS = noClasses()
            .should()
            .callMethod(Timestamp.class, "from", Instant.class)
            .orShould()
            .callConstructor(Timestamp.class, long.class)
            .because("the driver sends a Timestamp parameter untyped; Bind.at(instant) sends timestamptz");

    @Test
    void statementParametersAreNoTimestamps() {
        JavaClasses main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("app.hisaab");
        assertThat(main.contain(Bind.class)).isTrue();
        NO_UNTYPED_TIMESTAMP_PARAMETERS.check(main);
        assertThatThrownBy(() -> NO_UNTYPED_TIMESTAMP_PARAMETERS.check(
                        new ClassFileImporter().importClasses(UntypedTimestamp.class)))
                .isInstanceOf(AssertionError.class);
    }

    /**
     * A call of {@code now()} on a {@code java.time} type without a {@link Clock} argument, of {@code
     * System.currentTimeMillis()}, of {@code new Date()}, or of {@code Clock.system*()} outside the bean method
     * {@code Application.clock()}.
     */
    private static DescribedPredicate<JavaCall<?>> readsTheSystemClock() {
        return DescribedPredicate.describe("reads the system clock", call -> {
            String owner = call.getTargetOwner().getName();
            String name = call.getName();
            List<String> parameters = call.getTarget().getRawParameterTypes().stream()
                    .map(type -> type.getName())
                    .toList();
            if (owner.startsWith("java.time.") && name.equals("now")) {
                return !parameters.contains(Clock.class.getName());
            }
            if (owner.equals(System.class.getName())) {
                return name.equals("currentTimeMillis");
            }
            if (owner.equals(Date.class.getName())) {
                return call.getTarget().getName().equals("<init>") && parameters.isEmpty();
            }
            if (owner.equals(Clock.class.getName()) && name.startsWith("system")) {
                return !(call.getOriginOwner().isEquivalentTo(Application.class)
                        && call.getOrigin().getName().equals("clock"));
            }
            return false;
        });
    }

    static class InstantNow {
        Instant at() {
            return Instant.now();
        }
    }

    static class LocalDateNow {
        LocalDate today() {
            return LocalDate.now();
        }
    }

    static class CurrentTimeMillis {
        long at() {
            return System.currentTimeMillis();
        }
    }

    static class SystemClock {
        Clock clock() {
            return Clock.systemUTC();
        }
    }

    static class NewDate {
        Date at() {
            return new Date();
        }
    }

    static class UntypedTimestamp {
        Object at(Instant instant) {
            return Timestamp.from(instant);
        }
    }

    static class FromTheClock {
        LocalDate today(Clock clock) {
            return LocalDate.now(clock);
        }

        long elapsed(long started) {
            return System.nanoTime() - started;
        }
    }
}
