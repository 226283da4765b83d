package app.hisaab.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class LogFormatUnitTests {

    @Test
    void jsonTurnsOnSpringBootsStructuredConsoleLog() {
        MockEnvironment environment = new MockEnvironment().withProperty("LOG_FORMAT", "JSON");

        new LogFormat().postProcessEnvironment(environment, null);

        assertThat(environment.getProperty(LogFormat.STRUCTURED)).isEqualTo("ecs");
    }

    @Test
    void textOrNothingKeepsPlainLines() {
        MockEnvironment text = new MockEnvironment().withProperty("LOG_FORMAT", "text");
        MockEnvironment unset = new MockEnvironment();

        new LogFormat().postProcessEnvironment(text, null);
        new LogFormat().postProcessEnvironment(unset, null);

        assertThat(text.getProperty(LogFormat.STRUCTURED)).isNull();
        assertThat(unset.getProperty(LogFormat.STRUCTURED)).isNull();
    }

    @Test
    void anUnknownFormatStopsTheStart() {
        assertThatThrownBy(() -> new LogFormat()
                        .postProcessEnvironment(new MockEnvironment().withProperty("LOG_FORMAT", "xml"), null))
                .hasMessageContaining("LOG_FORMAT must be json or text");
    }
}
