package app.hisaab;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

class ModularityTests {

    @Test
    void featurePackagesOnlyUseEachOthersPublicApi() {
        ApplicationModules.of(Application.class).verify();
    }
}
